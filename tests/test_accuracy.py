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


# ---------------------------------------------------------------------------------------- issue 16
# Every decay shape as a cooldown and every ramp shape as a warmup, at both ends and in between:
# the 1-sqrt and 1-square shapes cancel near x = 1 unless written as (1-x)/(1+sqrt x), (1-x)(1+x).
W = 10_000
ENDS = sorted({*range(0, 60), *range(W - 60, W + 2), *rng.integers(0, W, 300).tolist()})
_DECAY: dict[str, Callable[[mp.mpf], mp.mpf]] = {
    "linear": lambda x: 1 - x,
    "cosine": lambda x: (1 + mp.cos(mp.pi * x)) / 2,
    "1-sqrt": lambda x: 1 - mp.sqrt(x),
    "1-square": lambda x: 1 - x * x,
}


def _cooldown_ref(shape: str, a: float, b: float) -> Callable[[int], mp.mpf]:
    return lambda t: b + (mp.mpf(a) - b) * _DECAY[shape](mp.mpf(min(t, W)) / W)


def _warmup_ref(shape: str, peak: float) -> Callable[[int], mp.mpf]:
    # the ramp is the decay shape mirrored in time: ramp(t) = g((W - t) / W)
    return lambda t: peak * _DECAY[shape](mp.mpf(W - min(t, W)) / W)


SHAPE_CASES = [
    *[
        pytest.param(
            lrc.cooldown(1e-3, 0.0, W, shape), _cooldown_ref(shape, 1e-3, 0.0), ENDS, id=f"cooldown-{shape}"
        )
        for shape in _DECAY
    ],
    *[
        pytest.param(
            lrc.cooldown(1e-3, 1e-5, W, shape),
            _cooldown_ref(shape, 1e-3, 1e-5),
            ENDS,
            id=f"cooldown-{shape}-floor",
        )
        for shape in _DECAY
    ],
    *[
        pytest.param(
            lrc.warmup(lrc.constant(3e-4), W, shape=shape),
            _warmup_ref(shape, 3e-4),
            ENDS,
            id=f"warmup-{shape}",
        )
        for shape in _DECAY
    ],
    pytest.param(
        lrc.piecewise_cosine([1 / 25, 1, 1 / 25e4], [0, 300, 1000]),
        lambda t: (
            mp.mpf(1 / 25) + (1 - mp.mpf(1 / 25)) * (1 - mp.cos(mp.pi * mp.mpf(t) / 300)) / 2
            if t < 300
            else mp.mpf(1 / 25e4)
            + (1 - mp.mpf(1 / 25e4)) * (1 + mp.cos(mp.pi * mp.mpf(min(t, 1000) - 300) / 700)) / 2
        ),
        list(range(0, 1002)),
        id="piecewise-cosine-onecycle",
    ),
    pytest.param(
        lrc.piecewise_linear([1e-3, 1.0, 1e-6], [0, 300, 1000]),
        lambda t: (
            mp.mpf(1e-3) + (1 - mp.mpf(1e-3)) * mp.mpf(t) / 300
            if t < 300
            else mp.mpf(1e-6) + (1 - mp.mpf(1e-6)) * (1000 - mp.mpf(min(t, 1000))) / 700
        ),
        list(range(0, 1002)),
        id="piecewise-linear",
    ),
]


@pytest.mark.parametrize(("schedule", "reference", "steps"), SHAPE_CASES)
def test_every_shape_within_a_few_ulp_of_mpmath_at_its_ends(
    schedule: lrc.Schedule, reference: Callable[[int], mp.mpf], steps: list[int]
) -> None:
    scalar = [schedule(t) for t in steps]
    errors = [ulps(v, reference(t)) for v, t in zip(scalar, steps, strict=True)]
    worst = max(errors)
    assert worst <= 5, (worst, steps[errors.index(worst)])  # warmup-cosine: 4.6 at step 29
    assert schedule(np.array(steps, dtype=np.float64)).tolist() == scalar  # the paths agree to the bit


# ---------------------------------------------------------------------------------------- stretch
# stretch(s, k)(t) is s(t / k): computing t / k first rounds it, and the child's (T - t/k) / T
# cancels that rounding into 143 ulp at the end of a cosine. Where every duration times k is
# exact, the child is built with them: (kT - t) / kT, a few ulp of the exact value.
_POW_ULPS = (
    0
    if all(float(np.power(np.array([0.999999]), float(n))[0]) == 0.999999 ** float(n) for n in range(1, 2000))
    else 4
)


def _stretch_case(
    schedule: lrc.Schedule, k: int, ref: Callable[[mp.mpf], mp.mpf], T: int, name: str
) -> object:
    n = k * T
    steps = sorted({*range(0, 40), *range(n - 40, n + 3), *rng.integers(0, n, 200).tolist()})
    return pytest.param(lrc.stretch(schedule, k), lambda t: ref(mp.mpf(t) / k), steps, id=name)


def _cos(peak: float, T: float, floor: float = 0.0) -> Callable[[mp.mpf], mp.mpf]:
    return lambda u: floor + (peak - mp.mpf(floor)) * (1 + mp.cos(mp.pi * min(u, T) / T)) / 2


STRETCH_CASES = [
    _stretch_case(lrc.cosine(1.0, 90), 3, _cos(1.0, 90), 90, "cosine-90-x3"),
    _stretch_case(lrc.cosine(3e-4, 1000, 3e-5), 7, _cos(3e-4, 1000, 3e-5), 1000, "cosine-floor-x7"),
    _stretch_case(
        lrc.linear(1e-3, 1e-5, 1000),
        3,
        lambda u: 1e-3 + (mp.mpf(1e-5) - 1e-3) * min(u, 1000) / 1000,
        1000,
        "linear",
    ),
    _stretch_case(
        lrc.polynomial(1.0, 1e-4, 300, 0.9),
        11,
        lambda u: 1e-4 + (1 - mp.mpf(1e-4)) * (1 - min(u, 300) / 300) ** mp.mpf(0.9),
        300,
        "polynomial",
    ),
    _stretch_case(
        lrc.cooldown(1e-3, 0.0, 500, "1-sqrt"),
        3,
        lambda u: 1e-3 * (1 - mp.sqrt(min(u, 500) / 500)),
        500,
        "1-sqrt",
    ),
    _stretch_case(
        lrc.warmup(lrc.cosine(1.0, 90), 10),
        3,
        lambda u: u / 10 if u < 10 else _cos(1.0, 90)(u - 10),
        100,
        "warmup-cosine",
    ),
    _stretch_case(
        lrc.piecewise_linear([1e-3, 1.0, 1e-6], [0, 30, 100]),
        9,
        lambda u: (
            mp.mpf(1e-3) + (1 - mp.mpf(1e-3)) * u / 30
            if u < 30
            else mp.mpf(1e-6) + (1 - mp.mpf(1e-6)) * (100 - min(u, 100)) / 70
        ),
        100,
        "piecewise-linear",
    ),
    _stretch_case(
        lrc.stretch(lrc.cosine(1.0, 90), 2),  # a stretch of a stretch: factors multiply
        3,
        lambda u: _cos(1.0, 90)(u / 2),
        180,
        "stretch-of-stretch",
    ),
]


@pytest.mark.parametrize(("schedule", "reference", "steps"), STRETCH_CASES)
def test_stretch_within_a_few_ulp_of_mpmath_at_both_ends(
    schedule: lrc.Schedule, reference: Callable[[int], mp.mpf], steps: list[int]
) -> None:
    scalar = [schedule(t) for t in steps]
    errors = [ulps(v, reference(t)) for v, t in zip(scalar, steps, strict=True)]
    worst = max(errors)
    assert worst <= 4, (worst, steps[errors.index(worst)])
    # the paths agree to the bit where NumPy's pow is the C library's (else 1 ulp per pow)
    vector = schedule(np.array(steps, dtype=np.float64)).tolist()
    assert all(abs(u - v) <= _POW_ULPS * math.ulp(v) for u, v in zip(vector, scalar, strict=True))


def test_stretch_is_its_own_node_with_the_stretched_durations_inside() -> None:
    s = lrc.stretch(lrc.cosine(1, 90), 3)
    c = lrc.cosine(1, 270)
    # structural equality: a stretch is not the cosine it computes as (repr, to_dict and
    # describe keep what was written), but every value is the same, bit for bit
    assert s != c and repr(s) == "stretch(cosine(1.0, 90), 3)"
    assert lrc.parse(repr(s)) == s == lrc.from_dict(s.to_dict())
    ts = list(range(0, 275))
    assert [s(t) for t in ts] == [c(t) for t in ts] == s(np.array(ts, dtype=np.float64)).tolist()
    assert ulps(s(269), (1 + mp.cos(mp.pi * mp.mpf(269) / 270)) / 2) <= 1  # was 143
    # a factor whose products are rounded (90 * 0.1) keeps t / k: the paths still agree
    r = lrc.stretch(lrc.cosine(1, 90), 0.1)
    assert [r(t) for t in range(10)] == r(np.arange(10.0)).tolist()
    # an opaque function or a log warmup is not a function of t / duration: t / k as well
    f = lrc.stretch(lrc.warmup(lrc.constant(1.0), 10, shape="log"), 3)
    assert f(15) == lrc.warmup(lrc.constant(1.0), 10, shape="log")(5.0)
