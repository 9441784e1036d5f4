"""lr_curves.testing: the assertions pass on true claims, fail with precise messages on false
ones, compare with framework schedulers by duck typing, and keep hypothesis optional."""

from __future__ import annotations

import math
import subprocess
import sys
import textwrap
from typing import Any

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import lr_curves as lrc
from lr_curves import testing as lt

LR = lrc.warmup(lrc.cosine(1.0, 90, floor=0.1), 10)


# ---------------------------------------------------------------------------------------- equal curves
def test_equal_curves_pass_and_accept_any_callable() -> None:
    lt.assert_curves_equal(lrc.warmup(lrc.constant(1.0), 4), lrc.linear(0.0, 1.0, 4), 50)
    lt.assert_curves_equal(LR, LR.__call__, np.arange(0, 200, 7))
    lt.assert_curves_equal(LR, lambda t: np.float32(LR(t)), [3, 50], rtol=1e-7)


def test_equal_curves_message_names_step_values_and_differences() -> None:
    a, b = lrc.linear(1.0, 0.0, 10), lrc.linear(1.0, 0.0, 10) + 2e-16
    with pytest.raises(AssertionError) as exc:
        lt.assert_curves_equal(a, b, [0, 5, 10])
    text = str(exc.value)
    assert (
        text.splitlines()[0] == "assert_curves_equal(): the curves differ at 3 of 3 steps; first at step 0:"
    )
    assert "  a(0) = 1.0\n  b(0) = 1.0000000000000002\n" in text
    assert "difference 2.22e-16 (relative 2.22e-16, 1 ulp); allowed: rtol=0.0, atol=0.0" in text
    assert "next: step 5: 0.5 vs 0.5000000000000002, step 10: 0.0 vs 2e-16" in text


def test_equal_curves_within_tolerance() -> None:
    a, b = lrc.constant(1.0), lrc.constant(1.0 + 1e-12)
    lt.assert_curves_equal(a, b, 3, rtol=1e-11)
    with pytest.raises(AssertionError, match=r"relative 1e-12"):
        lt.assert_curves_equal(a, b, 3, rtol=1e-13)


class _Scheduler:
    """A stateful scheduler in the torch style (get_last_lr per parameter group)."""

    def __init__(self, lrs: list[float]) -> None:
        self.lrs, self.i = lrs, 0

    def step(self) -> None:
        self.i += 1

    def get_last_lr(self) -> list[float]:
        return [self.lrs[self.i], -1.0]


def test_equal_curves_with_a_stateful_scheduler() -> None:
    s = lrc.linear(1.0, 0.0, 4)
    lt.assert_curves_equal(s, _Scheduler([1.0, 0.75, 0.5, 0.25, 0.0]), 5)
    with pytest.raises(AssertionError, match=r"first at step 3:\n  a\(3\) = 0\.25\n  b\(3\) = 0\.3"):
        lt.assert_curves_equal(s, _Scheduler([1.0, 0.75, 0.5, 0.3, 0.0]), 5)
    with pytest.raises(ValueError, match=r"compared on the steps 0 \.\. n-1: pass steps=n"):
        lt.assert_curves_equal(s, _Scheduler([1.0] * 5), [1, 2])


def test_equal_curves_with_a_torch_scheduler() -> None:
    torch = pytest.importorskip("torch")
    opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=0.1)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=50, eta_min=0.001)

    def drive(*_: Any) -> None:
        opt.step()

    sched_step = sched.step

    def step() -> None:
        drive()
        sched_step()

    sched.step = step  # type: ignore[method-assign]  # the optimizer steps first, as in training
    s = lrc.cosine(0.1, 50, floor=0.001, periodic=True)  # torch's cosine goes on past T_max
    lt.assert_curves_equal(s, sched, 120, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize(
    ("b", "error"),
    [pytest.param(3.0, TypeError, id="number"), pytest.param("cosine", TypeError, id="str")],
)
def test_equal_curves_refuses_non_curves(b: Any, error: type) -> None:
    with pytest.raises(error, match=r"b must be a schedule, a callable or a scheduler"):
        lt.assert_curves_equal(LR, b, 3)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        pytest.param({"rtol": -1.0}, r"rtol must be a non-negative number", id="rtol-negative"),
        pytest.param({"atol": math.nan}, r"atol must be a non-negative number", id="atol-nan"),
        pytest.param({"steps": -3}, r"steps must be >= 0, got -3", id="steps-negative"),
    ],
)
def test_equal_curves_bad_arguments(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        lt.assert_curves_equal(LR, LR, **{"steps": 3, **kwargs})


@pytest.mark.parametrize(
    "steps", [pytest.param(None, id="None"), pytest.param("10", id="str"), pytest.param(True, id="bool")]
)
def test_steps_must_be_an_int_or_iterable(steps: Any) -> None:
    with pytest.raises(TypeError, match=r"steps must be an int or an iterable of steps"):
        lt.assert_bounded(LR, 0.0, 1.0, steps)


# ---------------------------------------------------------------------------------------- continuity
def test_continuous_at_boundaries() -> None:
    lt.assert_continuous(LR)
    lt.assert_continuous(lrc.restart(lrc.triangle(0.0, 1.0, 5), 10), at=[5, 10, 15])
    lt.assert_continuous(lrc.constant(1.0))  # no boundaries: nothing to check


def test_jump_is_reported_with_both_sides() -> None:
    s = lrc.piecewise_constant([1.0, 0.5], [30])
    with pytest.raises(AssertionError) as exc:
        lt.assert_continuous(s)
    lines = str(exc.value).splitlines()
    assert lines[0] == "assert_continuous(): jump at step 30:"
    assert lines[1] == "  s(29.99997) = 1.0"  # h = 1e-6 * 30
    assert lines[2] == "  s(30) = 0.5"
    assert lines[3].startswith("  difference 0.5 (relative 0.5, ")


def test_a_sgdr_restart_is_a_jump() -> None:
    sgdr = lrc.restart(lrc.cosine(1.0, 10, floor=0.1))
    with pytest.raises(AssertionError, match=r"jump at step 10:"):
        lt.assert_continuous(sgdr, at=[10])


def test_continuity_needs_boundaries_or_at() -> None:
    with pytest.raises(TypeError, match=r"pass at=\[\.\.\.\] for a curve without \.boundaries\(\)"):
        lt.assert_continuous(lambda t: 1.0)


# ---------------------------------------------------------------------------------------- monotone
def test_monotone_ranges() -> None:
    lt.assert_monotone(LR, 10, 100)
    lt.assert_monotone(LR, 0, 10, decreasing=False, strict=True)
    lt.assert_monotone(lrc.exponential(1.0, 0.5), 0, 10**9)  # sampled at 100,001 steps
    lt.assert_monotone(LR, 50, 50)  # a single step


def test_not_monotone_message() -> None:
    with pytest.raises(AssertionError) as exc:
        lt.assert_monotone(LR, 0, 100)
    lines = str(exc.value).splitlines()
    assert lines[0] == "assert_monotone(): not non-increasing on [0, 100] (10 violation(s)); first:"
    assert lines[1:3] == ["  s(0) = 0.0", "  s(1) = 0.1"]


def test_strictly_decreasing_fails_on_a_plateau() -> None:
    with pytest.raises(AssertionError, match=r"not decreasing on \[90, 120\]"):
        lt.assert_monotone(LR, 90, 120, strict=True)


@pytest.mark.parametrize(
    ("start", "stop", "message"),
    [
        pytest.param(10, 5, r"the range is inverted: start=10 > stop=5", id="inverted"),
        pytest.param(-1, 5, r"start must be a finite step >= 0, got -1", id="negative"),
        pytest.param(0, math.inf, r"stop must be a finite step >= 0, got inf", id="inf"),
        pytest.param(0, math.nan, r"stop must be a finite step >= 0, got nan", id="nan"),
    ],
)
def test_monotone_bad_ranges(start: float, stop: float, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        lt.assert_monotone(LR, start, stop)


# ---------------------------------------------------------------------------------------- bounds, values
def test_bounded() -> None:
    lt.assert_bounded(LR, 0.0, 1.0, 1000)
    lt.assert_bounded(LR, None, 1.0, np.arange(100))
    with pytest.raises(AssertionError) as exc:
        lt.assert_bounded(LR, 0.2, None, 200)
    assert str(exc.value).splitlines()[0] == (
        "assert_bounded(): s(0) = 0.0 is below low=0.2; 121 of 200 step(s) out of [0.2, None]:"
    )
    with pytest.raises(ValueError, match=r"the bounds are inverted: low=1\.0 > high=0\.0"):
        lt.assert_bounded(LR, 1.0, 0.0, 3)


def test_reaches() -> None:
    lt.assert_reaches(LR, 1.0, at=10)
    lt.assert_reaches(LR, 0.1, at=10**9)
    with pytest.raises(AssertionError, match=r"s\(5\) = 0\.5, expected 0\.6\n  difference 0\.1"):
        lt.assert_reaches(LR, 0.6, at=5)


def test_periodic() -> None:
    lt.assert_periodic(lrc.cosine(1.0, 10, periodic=True), 20, 100)
    lt.assert_periodic(lrc.triangle(0.0, 1.0, 3, 4), 7, range(0, 10**6, 9973))
    with pytest.raises(
        AssertionError, match=r"s\(t \+ 10\) != s\(t\) at t = 0:\n  s\(0\) = 1\.0\n  s\(10\) = 0\.0"
    ):
        lt.assert_periodic(lrc.cosine(1.0, 10, periodic=True), 10, 5)
    with pytest.raises(ValueError, match=r"period must be a positive finite number, got 0"):
        lt.assert_periodic(LR, 0, 5)


def test_peak_at() -> None:
    lt.assert_peak_at(LR, 10, 1000, strict=True)
    with pytest.raises(AssertionError, match=r"the peak is not at step 5: s\(10\) = 1\.0 > s\(5\) = 0\.5"):
        lt.assert_peak_at(LR, 5, 100)
    plateau = lrc.warmup(lrc.constant(1.0), 10)
    lt.assert_peak_at(plateau, 10, 100)
    with pytest.raises(AssertionError, match=r"the peak at step 10 is not strict: s\(11\) = s\(10\) = 1\.0"):
        lt.assert_peak_at(plateau, 10, 100, strict=True)


@pytest.mark.parametrize(
    ("a", "b", "ulps"),
    [
        pytest.param(1.0, 1.0, 0.0, id="equal"),
        pytest.param(1.0, math.nextafter(1.0, 2.0), 1.0, id="next"),
        pytest.param(-0.0, 0.0, 0.0, id="signed-zeros"),
        pytest.param(-5e-324, 5e-324, 2.0, id="across-zero"),
        pytest.param(1.0, math.nan, math.inf, id="nan"),
        pytest.param(math.inf, math.inf, 0.0, id="inf"),
    ],
)
def test_ulp_distance(a: float, b: float, ulps: float) -> None:
    assert lt.ulp_distance(a, b) == ulps


# ---------------------------------------------------------------------------------------- strategies
@given(lt.schedules, lt.steps)
def test_strategy_schedules_are_valid(s: lrc.Schedule, t: float) -> None:
    assert isinstance(s, lrc.Schedule) and math.isfinite(s(t))


@given(lt.compositions(max_leaves=2))
def test_compositions_are_bounded(s: lrc.Schedule) -> None:
    assert s._depth <= 3  # two leaves: at most two combinators above them


@given(lt.primitives, lt.step_arrays)
def test_step_arrays(s: lrc.Schedule, x: np.ndarray[Any, Any]) -> None:
    out = s(x)
    assert out.shape == x.shape and out.dtype == np.float64
    assert np.all(np.isfinite(out))


# An int step beyond 2**53: ceil(t / T) is rounded, so the cycle's horizon fell short of t and
# the decay took a negative base to a fractional power (a complex number; found by make fuzz).
@example(lrc.polynomial(1.0, 0.0, 1, 0.9, cycle=True), 9_007_199_254_740_993)
@example(lrc.polynomial(1.0, 0.0, 3, 2.0, cycle=True), 3 * 2**60 + 1)
@given(lt.primitives, lt.huge_steps)
def test_huge_steps_strategy(s: lrc.Schedule, t: float) -> None:
    assert t >= 2**40
    assert math.isfinite(s(t))


@given(lt.int_finite_primitives)
def test_int_finite_primitives_have_int_lengths(s: lrc.Schedule) -> None:
    assert type(s.length) is int


def test_unknown_attribute() -> None:
    with pytest.raises(AttributeError, match=r"has no attribute 'nope'"):
        lt.nope  # type: ignore[attr-defined]  # noqa: B018


def test_every_public_name_is_documented() -> None:
    for name in lt.__all__:
        obj = getattr(lt, name)
        if callable(obj) and not isinstance(obj, st.SearchStrategy):
            assert obj.__doc__ and "Examples:" in obj.__doc__, name


def _run(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, check=False
    )


def test_hypothesis_stays_optional() -> None:
    run = _run(
        """
        import sys
        sys.modules["hypothesis"] = None  # as if it were not installed
        import lr_curves, lr_curves.testing as lt
        assert "hypothesis" not in [m for m in sys.modules if sys.modules[m] is not None]
        lt.assert_reaches(lr_curves.constant(1.0), 1.0, at=3)
        try:
            lt.schedules
        except ImportError as e:
            print(e)
        """
    )
    assert run.returncode == 0, run.stderr
    assert "pip install 'lr-curves[testing]'" in run.stdout


def test_importing_the_package_imports_neither_hypothesis_nor_testing() -> None:
    run = _run(
        """
        import sys, lr_curves
        print(sorted(m for m in ("hypothesis", "lr_curves.testing", "pytest") if m in sys.modules))
        """
    )
    assert run.stdout.strip() == "[]", run.stderr
