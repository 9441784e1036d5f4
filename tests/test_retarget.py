"""``retarget(s, at, length)``: same before ``at``, continuous at ``at``, ends exactly at ``length``."""

from __future__ import annotations

import json
import pickle

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import lr_curves as lrc

PLAN = lrc.warmup(lrc.cosine(1e-3, 9_000, floor=1e-5), 1_000)  # planned for 10k steps


def test_warmup_cosine_extended_at_6k_to_20k_decays_to_its_floor_exactly_at_20k() -> None:
    r = lrc.retarget(PLAN, 6_000, 20_000)
    assert [r(k) for k in range(6_000)] == [PLAN(k) for k in range(6_000)]
    assert r(6_000) == PLAN(6_000)
    v = r(np.arange(6_000, 25_001))
    assert np.all(np.diff(v) <= 0)  # decays monotonically, no jump
    assert np.max(np.abs(np.diff(v))) < 2e-7  # smooth: no step bigger than the plan's own
    assert r(19_999) > 1e-5
    assert r(20_000) == 1e-5 == PLAN(10_000)
    assert r(30_000) == 1e-5
    assert r.length == 20_000
    # Halfway through the new rest is halfway through the old rest.
    assert r(13_000) == pytest.approx(PLAN(8_000), rel=1e-12)


def test_method_equals_function() -> None:
    assert PLAN.retarget(6_000, 20_000) == lrc.retarget(PLAN, 6_000, 20_000)


def test_squeezing_works_too() -> None:
    r = lrc.retarget(lrc.linear(1.0, 0.0, 100), 50, 60)
    assert r(50) == 0.5
    assert r(55) == 0.25
    assert r(60) == 0.0


@pytest.mark.parametrize(
    "r",
    [
        lrc.retarget(PLAN, 6_000, 20_000),
        lrc.retarget(lrc.cosine(1.0, 90), 0, 190),
        lrc.retarget(lrc.linear(1.0, 0.0, 10.5), 2.5, 30.25),
        lrc.warmup(lrc.retarget(lrc.cosine(1.0, 90), 30, 190), 10),
    ],
)
def test_repr_parse_to_dict_pickle_round_trip(r: lrc.Schedule) -> None:
    assert lrc.parse(repr(r)) == r
    assert lrc.from_dict(json.loads(json.dumps(r.to_dict()))) == r
    assert pickle.loads(pickle.dumps(r)) == r
    assert hash(lrc.parse(repr(r))) == hash(r)


def test_repr() -> None:
    assert repr(lrc.retarget(lrc.cosine(1.0, 90), 30, 190)) == "retarget(cosine(1.0, 90), 30, 190)"


def test_boundaries_move_with_the_rest() -> None:
    r = lrc.retarget(lrc.concat(lrc.linear(1.0, 0.5, 10), lrc.linear(0.5, 0.0, 10)), 5, 35)
    assert r.boundaries() == (5, 15.0, 35)  # 10 is 5 steps past at: 10 steps past it now


@given(
    steps=st.integers(2, 10_000),
    warm=st.integers(0, 500),
    at_frac=st.floats(0.0, 0.999),
    grow=st.floats(0.01, 10.0),
)
@settings(max_examples=60, deadline=None)
def test_properties(steps: int, warm: int, at_frac: float, grow: float) -> None:
    s = lrc.cosine(1.0, steps, floor=0.01)
    if warm:
        s = lrc.warmup(s, warm)
    end = s.length
    assert end is not None
    at = int(at_frac * end)
    length = at + max(1, round((end - at) * grow))
    r = lrc.retarget(s, at, length)
    before = np.arange(at)
    np.testing.assert_array_equal(r(before), s(before))  # the same values before at
    assert r(at) == s(at)  # continuous at at
    assert r(length) == s(end) == 0.01  # the final value exactly at the new end
    assert r(length + 7) == 0.01
    k = np.arange(length + 3)
    np.testing.assert_array_equal(r(k), np.array([r(int(i)) for i in k]))  # scalar == NumPy


@pytest.mark.parametrize(
    ("args", "error", "match"),
    [
        pytest.param(
            (lrc.exponential(1.0, 0.9), 5, 50),
            ValueError,
            r"^retarget\(\): schedule must have a length \(an end to move\), got exponential\(1\.0, 0\.9\)",
            id="no-length",
        ),
        pytest.param(
            (PLAN, -1, 20_000),
            ValueError,
            r"^retarget\(\): at must be a non-negative number, got -1\.$",
            id="neg-at",
        ),
        pytest.param(
            (PLAN, 12_000, 20_000),
            ValueError,
            r"^retarget\(\): at must be before the schedule's end \(its length, 10000\), got 12000\.$",
            id="at-past-end",
        ),
        pytest.param(
            (PLAN, 10_000, 20_000),
            ValueError,
            r"^retarget\(\): at must be before the schedule's end \(its length, 10000\), got 10000\.$",
            id="at-at-end",
        ),
        pytest.param(
            (PLAN, 6_000, 5_000),
            ValueError,
            r"^retarget\(\): length must be after at \(6000\), got 5000\.$",
            id="length-before-at",
        ),
        pytest.param(
            (0.1, 5, 50),
            TypeError,
            r"^retarget\(\): schedule must be a Schedule, got 0\.1 \(float\)\. Hint:",
            id="not-a-schedule",
        ),
        pytest.param(
            (PLAN, "6000", 20_000),
            TypeError,
            r"^retarget\(\): at must be a real number, got '6000' \(str\)\.$",
            id="str-at",
        ),
        pytest.param(
            (PLAN, 6_000, float("inf")),
            ValueError,
            r"^retarget\(\): length must be finite, got inf\.$",
            id="inf-length",
        ),
    ],
)
def test_bad_input_is_a_clear_error(args: tuple[object, ...], error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        lrc.retarget(*args)  # type: ignore[arg-type]


def test_parse_refuses_bad_retarget_with_the_same_message() -> None:
    with pytest.raises(ValueError, match=r"retarget\(\): at must be before the schedule's end"):
        lrc.parse("retarget(cosine(1.0, 90), 95, 190)")
