"""The ``"log"`` warmup shape: ``start + (target - start) * log(1 + t) / log(1 + W)``.

DeepSpeed's default warmup is this ramp (``presets.deepspeed``); it is a general shape of
:func:`lr_curves.warmup`, so it is checked here like the others: against mpmath, on every path.
"""

from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import lr_curves as lrc

mpmath.mp.prec = 200


def reference(t: float, W: float, a: float, b: float) -> float:
    return float(mpmath.mpf(a) + (mpmath.mpf(b) - a) * mpmath.log1p(t) / mpmath.log1p(W))


def ulps(x: float, y: float) -> float:
    return abs(x - y) / math.ulp(max(abs(x), abs(y), 1e-300))


@settings(max_examples=200)
@given(
    st.one_of(st.integers(1, 10**7), st.floats(0.5, 1e7)),
    st.floats(0.0, 1.0),
    st.sampled_from([0.0, 1e-5, 0.1]),
    st.sampled_from([1.0, 3e-4, 2.5]),
)
@example(35, 0.75, 0.1, 3e-4)  # a falling ramp: cancellation near the small target
def test_log_ramp_matches_mpmath(W: float, frac: float, a: float, b: float) -> None:
    s = lrc.warmup(lrc.constant(b), W, start=a, shape="log")
    t = frac * W
    if t >= W:
        return
    want = reference(t, W, a, b)
    if a <= b:  # a rising ramp (a warmup): a few ulp of the value itself
        assert ulps(s(t), want) <= 4
    # a falling one ends in cancellation near a small target: a few ulp of the peak
    assert abs(s(t) - want) <= 4 * math.ulp(max(abs(a), abs(b)))


@pytest.mark.parametrize("W", [1, 2, 3, 1000, 10**7, 0.5])
def test_log_ramp_ends(W: float) -> None:
    s = lrc.warmup(lrc.constant(2.0), W, start=0.5, shape="log")
    assert s(0) == 0.5  # exactly start: log1p(0) == 0
    assert s(W) == 2.0  # the target from W on
    assert s(10**12) == 2.0
    below = math.nextafter(W, 0.0)
    assert ulps(s(below), reference(below, W, 0.5, 2.0)) <= 4
    assert s(below) <= 2.0  # never overshoots the target


def test_log_ramp_is_concave_and_rising() -> None:
    s = lrc.warmup(lrc.constant(1.0), 100, shape="log")
    v = s(np.arange(101))
    d = np.diff(v)
    assert np.all(d > 0)
    assert np.all(np.diff(d) < 0)  # the log ramp rises fastest at the start
    assert v[1] == pytest.approx(math.log(2) / math.log(101), rel=1e-15)


def test_log_ramp_on_every_path() -> None:
    s = lrc.warmup(lrc.cosine(1.0, 50), 20, start=0.1, shape="log")
    ks = np.arange(0, 80, 0.5)
    scalar = np.array([s(float(k)) for k in ks])
    np.testing.assert_array_max_ulp(s(ks), scalar, maxulp=4)
    torch = pytest.importorskip("torch")
    np.testing.assert_allclose(s(torch.tensor(ks, dtype=torch.float64)).numpy(), scalar, rtol=1e-15, atol=0)
    jnp = pytest.importorskip("jax.numpy")
    np.testing.assert_allclose(np.asarray(s(jnp.asarray(ks, dtype=jnp.float32))), scalar, rtol=1e-6)


def test_log_ramp_round_trips() -> None:
    s = lrc.warmup(lrc.constant(1.0), 9, start=0.25, shape="log")
    assert repr(s) == "warmup(constant(1.0), 9, start=0.25, shape='log')"
    assert lrc.parse(repr(s)) == s
    assert lrc.from_dict(s.to_dict()) == s


def test_unknown_shape_lists_log() -> None:
    with pytest.raises(
        ValueError, match=r"warmup\(\): shape must be one of .*'exponential', 'log', 'constant', got 'ln'\."
    ):
        lrc.warmup(lrc.constant(1.0), 9, shape="ln")
