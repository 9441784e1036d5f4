"""Example tests for the combinators, with values computed by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest

import lr_curves as lrc
from lr_curves.testing import (
    assert_continuous,
    assert_curves_equal,
    assert_monotone,
    assert_peak_at,
    assert_periodic,
)


def test_warmup_prefix_linear() -> None:
    s = lrc.warmup(lrc.cosine(1.0, 100, floor=0.1), 10)
    assert [s(0), s(5), s(10)] == [0.0, 0.5, 1.0]
    assert_continuous(s)
    assert_peak_at(s, 10, steps=200, strict=True)
    assert_monotone(s, 0, 10, decreasing=False, strict=True)
    assert_monotone(s, 10, 200)
    assert_curves_equal(s, lrc.concat(lrc.linear(0.0, 1.0, 10), lrc.cosine(1.0, 100, floor=0.1)), 200)
    assert s(60) == pytest.approx(0.55)
    assert s(110) == 0.1
    assert s.length == 110
    assert s.boundaries() == (10,)


def test_warmup_prefix_start_value() -> None:
    s = lrc.warmup(lrc.constant(1.0), 4, start=0.2)
    assert [s(t) for t in range(6)] == pytest.approx([0.2, 0.4, 0.6, 0.8, 1.0, 1.0])


def test_warmup_overlay_ramps_to_value_at_end_of_warmup() -> None:
    inner = lrc.linear(1.0, 0.0, 100)
    s = lrc.warmup(inner, 10, start=0.0, overlay=True)
    assert s(5) == pytest.approx(0.45)  # halfway from 0 to inner(10) = 0.9
    assert s(10) == inner(10)
    assert s(50) == inner(50)
    assert s.length == 100


@pytest.mark.parametrize(
    ("shape", "expected_mid"),
    [
        pytest.param("linear", 0.5, id="linear"),
        pytest.param("cosine", 0.5, id="cosine"),
        pytest.param("1-sqrt", 1 - math.sqrt(0.5), id="1-sqrt"),
        pytest.param("1-square", 0.75, id="1-square"),
        pytest.param("constant", 0.0, id="constant"),
    ],
)
def test_warmup_shapes(shape: str, expected_mid: float) -> None:
    s = lrc.warmup(lrc.constant(1.0), 10, shape=shape)
    assert s(0) == 0.0
    assert s(5) == pytest.approx(expected_mid)
    assert s(10) == 1.0


def test_warmup_exponential() -> None:
    s = lrc.warmup(lrc.constant(1.0), 10, start=0.01, shape="exponential")
    assert s(5) == pytest.approx(0.1)
    with pytest.raises(ValueError, match=r"warmup\(\): an exponential warmup needs start > 0"):
        lrc.warmup(lrc.constant(1.0), 10, start=0.0, shape="exponential")


def test_multiplicative_warmup_is_a_product() -> None:
    s = lrc.cosine(1.0, 100) * lrc.linear(0.1, 1.0, 10)
    assert s(0) == pytest.approx(0.1)
    assert s(5) == pytest.approx(lrc.cosine(1.0, 100)(5) * 0.55)
    assert s(50) == lrc.cosine(1.0, 100)(50)


def test_warmup_errors() -> None:
    with pytest.raises(
        ValueError,
        match=r"warmup\(\): steps must be at most the schedule's length when overlay=True, got steps=200 for a schedule of length 100",
    ):
        lrc.warmup(lrc.cosine(1.0, 100), 200, overlay=True)
    with pytest.raises(TypeError, match=r"warmup\(\): schedule must be a Schedule, got 1\.0 \(float\)"):
        lrc.warmup(1.0, 10)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"warmup\(\): steps must be a positive number, got 0"):
        lrc.warmup(lrc.constant(1.0), 0)
    with pytest.raises(ValueError, match=r"shape must be one of"):
        lrc.warmup(lrc.constant(1.0), 5, shape="sigmoid")


def test_concat_local_time_and_default_boundaries() -> None:
    a, b, c = lrc.linear(0.0, 1.0, 10), lrc.constant(1.0), lrc.cosine(1.0, 80)
    s = lrc.concat(a, b, c, at=[10, 20])
    assert s(5) == 0.5 and s(15) == 1.0 and s(20) == 1.0 and s(60) == pytest.approx(0.5)
    t = lrc.concat(a, lrc.cosine(1.0, 80))
    assert t.at == (10,)
    assert t(10) == 1.0 and t(90) == 0.0
    assert t.length == 90


def test_concat_errors() -> None:
    with pytest.raises(ValueError, match=r"concat\(\): schedule 0 has no length"):
        lrc.concat(lrc.constant(1.0), lrc.constant(2.0))
    with pytest.raises(ValueError, match=r"concat\(\): at must be strictly increasing, got \(1100, 100\)"):
        lrc.concat(lrc.constant(1.0), lrc.constant(2.0), lrc.constant(3.0), at=[1100, 100])
    with pytest.raises(
        ValueError, match=r"at must have one boundary fewer than there are schedules, got 2 boundaries for 2"
    ):
        lrc.concat(lrc.constant(1.0), lrc.constant(2.0), at=[1, 2])
    with pytest.raises(ValueError, match=r"concat\(\): schedules must be at least two schedules, got 1"):
        lrc.concat(lrc.constant(1.0))


def brute_force_cycle(t: int, every: int, growth: int) -> tuple[int, int, int]:
    """Walk the cycles one by one: (index, start, length)."""
    n, start, length = 0, 0, every
    while start + length <= t:
        start += length
        length *= growth
        n += 1
    return n, start, length


@pytest.mark.parametrize("t", [0, 1, 9, 10, 29, 30, 31, 69, 70, 150, 10_229, 10_230, 10_231])
def test_restart_cycle_index_matches_brute_force(t: int) -> None:
    r = lrc.restart(lrc.cosine(1.0, 10), growth=2)
    n, start, length = brute_force_cycle(t, 10, 2)
    assert r.cycle_index(t) == n  # type: ignore[attr-defined]
    assert r(t) == lrc.cosine(1.0, length)(t - start) or r(t) == pytest.approx(
        lrc.cosine(1.0, length)(t - start), rel=1e-15
    )


def test_restart_exact_at_huge_boundaries() -> None:
    # torch's CosineAnnealingWarmRestarts(T_0=1, T_mult=3) misplaces the restart at epoch 121
    # through a floating log; integer arithmetic does not.
    r = lrc.restart(lrc.cosine(1.0, 1), growth=3)
    assert r(121) == 1.0
    assert r(120) != 1.0
    big = (3**40 - 1) // 2  # start of cycle 40
    assert r.cycle_index(big) == 40 and r.cycle_index(big - 1) == 39  # type: ignore[attr-defined]
    assert r(big) == 1.0


def test_restart_decay_and_limit() -> None:
    r = lrc.restart(lrc.linear(1.0, 0.0, 10), decay=0.5, limit=2)
    assert r(0) == 1.0 and r(10) == 0.5 and r(15) == 0.25
    assert r(20) == 0.0 and r(10**9) == 0.0
    assert r.length == 20
    assert r.boundaries() == (10, 20)
    assert_periodic(lrc.restart(lrc.linear(1.0, 0.0, 10)), 10, steps=100)
    with pytest.raises(AssertionError, match=r"jump at step 10:"):  # a restart jumps back up
        assert_continuous(r, at=[10])


def test_restart_float_growth() -> None:
    r = lrc.restart(lrc.linear(1.0, 0.0, 10), growth=1.5)
    # cycles: [0, 10), [10, 25), [25, 47.5)
    assert r(10) == 1.0 and r(25) == 1.0 and r(17.5) == pytest.approx(0.5)
    assert r(np.array([10.0, 17.5, 25.0])).tolist() == [r(10), r(17.5), r(25)]


def test_restart_errors() -> None:
    with pytest.raises(ValueError, match=r"restart\(\): every is required when the schedule has no length"):
        lrc.restart(lrc.constant(1.0))
    with pytest.raises(ValueError, match=r"restart\(\): growth must be >= 1\.0, got 0\.5"):
        lrc.restart(lrc.cosine(1.0, 10), growth=0.5)
    with pytest.raises(TypeError, match=r"restart\(\): limit must be an int >= 1, got 2\.0 \(float\)"):
        lrc.restart(lrc.cosine(1.0, 10), limit=2.0)  # type: ignore[arg-type]


def test_scale_add_and_operators() -> None:
    c = lrc.cosine(1.0, 10)
    assert (0.5 * c)(3) == 0.5 * c(3) == (c * 0.5)(3) == lrc.scale(c, 0.5)(3)
    assert (c * c)(3) == c(3) ** 2
    assert (c + 0.1)(10) == 0.1
    assert (c - c)(3) == 0.0
    assert (1.0 - c)(0) == 0.0
    assert (-c)(0) == -1.0
    assert lrc.add(c, c, 1.0)(0) == 3.0
    with pytest.raises(
        TypeError, match=r"scale\(\): by must be a real number or a Schedule, got 'x' \(str\)"
    ):
        lrc.scale(c, "x")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        c * "x"  # type: ignore[operator]


def test_clip_shift_stretch() -> None:
    lin = lrc.linear(0.0, 1.0, 10)
    assert lrc.clip(lin, low=0.2)(0) == 0.2
    assert lrc.clip(lin, high=0.5)(10) == 0.5
    with pytest.raises(ValueError, match=r"clip\(\): low must be <= high, got low=1\.0, high=0\.0"):
        lrc.clip(lin, 1.0, 0.0)
    with pytest.raises(ValueError, match=r"clip\(\): give low, high or both"):
        lrc.clip(lin)
    assert lrc.shift(lin, 5)(3) == 0.0 and lrc.shift(lin, 5)(10) == 0.5
    assert lrc.shift(lin, -5)(0) == 0.5
    assert lrc.shift(lin, 5).length == 15
    assert lrc.stretch(lin, 100)(500) == 0.5
    assert lrc.stretch(lin, 100, staircase=True)(599) == 0.5
    assert lrc.stretch(lin, 100).length == 1000


def test_depth_limit_is_a_clear_error() -> None:
    s: lrc.Schedule = lrc.constant(1.0)
    for _ in range(199):
        s = lrc.scale(s, 1.0)
    assert s(5) == 1.0
    with pytest.raises(
        ValueError, match=r"scale\(\): the composition is nested 201 levels deep, more than the 200 allowed"
    ):
        lrc.scale(s, 1.0)


def test_schedules_are_frozen_and_hashable() -> None:
    s = lrc.warmup(lrc.cosine(1.0, 100), 10)
    with pytest.raises(AttributeError):
        s.steps = 5  # type: ignore[misc]
    assert {s: 1}[lrc.warmup(lrc.cosine(1.0, 100), 10)] == 1
    assert s != lrc.warmup(lrc.cosine(1.0, 100), 11)
