"""Absurd step counts are refused with a clear error before anything is allocated (issue 16)."""

from __future__ import annotations

import pytest

import lr_curves as lrc
from lr_curves import testing
from lr_curves.analysis import to_csv

S = lrc.cosine(1.0, 10)


@pytest.mark.parametrize("steps", [2**53, range(2**53), range(0, 10**18, 7)])
def test_to_csv_refuses_absurd_step_counts(steps: object) -> None:
    with pytest.raises(ValueError, match=r"^to_csv\(\): steps must be at most 10,000,000 rows, got "):
        to_csv(S, steps)  # type: ignore[arg-type]


def test_to_csv_still_writes_strided_ranges() -> None:
    assert to_csv(S, range(0, 10**12, 10**11)).splitlines()[:2] == ["step,value", "0,1.0"]


@pytest.mark.parametrize(
    "check",
    [
        pytest.param(lambda steps: testing.assert_curves_equal(S, S, steps=steps), id="curves_equal"),
        pytest.param(lambda steps: testing.assert_bounded(S, 0.0, 1.0, steps=steps), id="bounded"),
        pytest.param(lambda steps: testing.assert_periodic(S, 10, steps=steps), id="periodic"),
        pytest.param(lambda steps: testing.assert_peak_at(S, 0, steps=steps), id="peak_at"),
    ],
)
@pytest.mark.parametrize("steps", [2**53, range(2**53)])
def test_assertions_refuse_absurd_step_counts(check: object, steps: object) -> None:
    with pytest.raises(
        ValueError,
        match=r"steps must be at most 10,000,000 steps to check, got 9,007,199,254,740,992\. Hint: check a strided range",
    ):
        check(steps)  # type: ignore[operator]
