"""Accuracy against a high-precision reference (mpmath, 50 digits): a few ulp over long ranges."""

from __future__ import annotations

import math
from collections.abc import Callable

import mpmath as mp
import numpy as np
import pytest

import lr_curves as lrc

mp.mp.dps = 50
N = 10**7
rng = np.random.default_rng(20261122)
STEPS = sorted({0, 1, 2, N // 2, N - 1, N, *rng.integers(0, N + 1, 300).tolist()})
HUGE = [10**12 + k for k in (-3, -1, 0, 1, 7, 12_345)]


def ulps(value: float, ref: mp.mpf) -> float:
    if ref == 0:
        return 0.0 if value == 0 else math.inf
    return float(abs(mp.mpf(value) - ref) / mp.mpf(math.ulp(float(ref))))


def cos_ref(peak: float, T: int, floor: float) -> Callable[[int], mp.mpf]:
    return lambda t: floor + (peak - floor) * (1 + mp.cos(mp.pi * min(t, T) / T)) / 2


CASES = [
    pytest.param(lrc.cosine(3e-4, N, floor=3e-5), cos_ref(3e-4, N, 3e-5), STEPS, id="cosine"),
    pytest.param(lrc.cosine(1.0, N), cos_ref(1.0, N, 0.0), [t for t in STEPS if t < N], id="cosine-to-zero"),
    pytest.param(
        lrc.cosine(1.0, 1000, floor=0.1, periodic=True),
        lambda t: 0.1 + 0.9 * (1 + mp.cos(mp.pi * t / 1000)) / 2,
        STEPS + HUGE,
        id="cosine-wave-huge-steps",
    ),
    pytest.param(
        lrc.polynomial(1.0, 1e-4, N, 0.9),
        lambda t: 1e-4 + (1 - mp.mpf(1e-4)) * (1 - mp.mpf(min(t, N)) / N) ** mp.mpf(0.9),
        STEPS,
        id="polynomial",
    ),
    pytest.param(lrc.exponential(1.0, 0.999999), lambda t: mp.mpf(0.999999) ** t, STEPS, id="exponential"),
    pytest.param(
        lrc.linear(1e-3, 1e-5, N), lambda t: 1e-3 + (mp.mpf(1e-5) - 1e-3) * min(t, N) / N, STEPS, id="linear"
    ),
    pytest.param(
        lrc.inverse_sqrt(1e-3, 10_000), lambda t: 1e-3 / mp.sqrt(1 + mp.mpf(t) / 10_000), STEPS, id="rsqrt"
    ),
    pytest.param(
        lrc.restart(lrc.cosine(1.0, 1000, floor=0.01), growth=2),
        lambda t: _sgdr_ref(t, 1000, 2, 1.0, 0.01),
        STEPS + HUGE,
        id="restart-growing",
    ),
]


def _sgdr_ref(t: int, T0: int, m: int, peak: float, floor: float) -> mp.mpf:
    n, start, length = 0, 0, T0
    while start + length <= t:
        start, length, n = start + length, length * m, n + 1
    return floor + (peak - floor) * (1 + mp.cos(mp.pi * mp.mpf(t - start) / length)) / 2


@pytest.mark.parametrize(("schedule", "reference", "steps"), CASES)
def test_within_a_few_ulp_of_mpmath(
    schedule: lrc.Schedule, reference: Callable[[int], mp.mpf], steps: list[int]
) -> None:
    errors = [ulps(schedule(t), reference(t)) for t in steps]
    worst = max(errors)
    assert worst <= 4, (worst, steps[errors.index(worst)])


@pytest.mark.parametrize(("schedule", "reference", "steps"), CASES)
def test_vectorised_within_a_few_ulp_of_mpmath(
    schedule: lrc.Schedule, reference: Callable[[int], mp.mpf], steps: list[int]
) -> None:
    exact = [t for t in steps if t < 2**53]
    values = schedule(np.array(exact, dtype=np.float64)).tolist()
    worst = max(ulps(v, reference(t)) for v, t in zip(values, exact, strict=True))
    assert worst <= 5
