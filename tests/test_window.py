"""``lr_curves.window``: a multiplier acting on ``[begin, end)`` only (mmengine's windows)."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import lr_curves as lrc


def _reference(s: lrc.Schedule, begin: int, end: int | None, t: int) -> float:
    """A scheduler stepped at every step that acts only inside its window, by hand."""
    if t < begin:
        return 1.0
    if end is None or t < end:
        return s(t - begin)
    return s(end - 1 - begin)


SCHEDULES = [
    pytest.param(lrc.linear(0.1, 1.0, 3), id="linear"),
    pytest.param(lrc.cosine(1.0, 7), id="cosine"),
    pytest.param(lrc.exponential(1.0, 0.5, 2, staircase=True), id="step"),
]


@pytest.mark.parametrize("s", SCHEDULES)
@pytest.mark.parametrize(
    ("begin", "end"),
    [
        pytest.param(0, None, id="open"),
        pytest.param(0, 1, id="one-step-at-0"),
        pytest.param(3, 4, id="one-step"),
        pytest.param(2, 6, id="inside"),
        pytest.param(5, None, id="late-open"),
    ],
)
def test_window_matches_a_stepped_window(s: lrc.Schedule, begin: int, end: int | None) -> None:
    w = lrc.window(s, begin, end)
    steps = np.arange(20)
    expected = [_reference(s, begin, end, int(t)) for t in steps]
    assert [w(int(t)) for t in steps] == expected
    np.testing.assert_array_equal(w(steps), expected)


@given(
    begin=st.integers(0, 50),
    width=st.integers(1, 50),
    t=st.integers(0, 200),
    start=st.floats(0.0, 1.0),
)
def test_window_holds_the_last_step_inside(begin: int, width: int, t: int, start: float) -> None:
    s = lrc.linear(start, 1.0, width)
    w = lrc.window(s, begin, begin + width)
    assert w(t) == _reference(s, begin, begin + width, t)


def test_window_round_trips_and_is_a_composition() -> None:
    w = lrc.window(lrc.cosine(1.0, 10), 5, 9)
    assert lrc.parse(repr(w)) == w
    assert lrc.from_dict(w.to_dict()) == w
    assert repr(w).startswith("concat(constant(1.0), cosine(1.0, 10)")
    assert lrc.window(lrc.cosine(1.0, 10)) == lrc.cosine(1.0, 10)


def test_windows_multiply() -> None:
    a = lrc.window(lrc.linear(0.5, 1.0, 4), 0, 5)
    b = lrc.window(lrc.exponential(1.0, 0.5), 3, 6)
    s = 2.0 * a * b
    got = [s(t) for t in range(9)]
    assert got == pytest.approx([1.0, 1.25, 1.5, 1.75, 1.0, 0.5, 0.5, 0.5, 0.5])


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        pytest.param({"begin": -1}, ValueError, r"^window\(\): begin must be", id="negative-begin"),
        pytest.param({"begin": 1.5}, TypeError, r"^window\(\): begin must be an int", id="float-begin"),
        pytest.param(
            {"begin": 3, "end": 3},
            ValueError,
            r"end must be greater than begin, got begin=3, end=3\.",
            id="empty",
        ),
        pytest.param({"end": math.inf}, TypeError, r"^window\(\): end must be an int", id="inf-end"),
        pytest.param(
            {"schedule": 1.0}, TypeError, r"^window\(\): schedule must be an lr_curves Schedule", id="number"
        ),
    ],
)
def test_window_refuses(kwargs: dict[str, Any], error: type[Exception], match: str) -> None:
    args: dict[str, Any] = {"schedule": lrc.constant(1.0), **kwargs}
    with pytest.raises(error, match=match):
        lrc.window(**args)


def test_window_text_and_data_are_accepted_as_input() -> None:
    w = lrc.window(lrc.linear(0.1, 1.0, 3), 2, 6)
    assert lrc.parse("window(linear(0.1, 1.0, 3), 2, 6)") == w
    data = {
        "lr_curves": 1,
        "schedule": {
            "type": "window",
            "schedule": lrc.linear(0.1, 1.0, 3).to_dict()["schedule"],
            "begin": 2,
            "end": 6,
        },
    }
    assert lrc.from_dict(data) == w
