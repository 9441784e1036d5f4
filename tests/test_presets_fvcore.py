"""Differential tests: ``lr_curves.presets.fvcore`` against fvcore's own ParamSchedulers.

Each scheduler is evaluated on a grid ``where = k / N`` over ``[0, 1)`` (as detectron2's
``LRMultiplier`` calls it) and, for the step schedulers, right before and after every switch
``m / N - 1e-6``; the preset must agree within 1e-9 of the curve's peak on the Python-number and
NumPy paths. Past ``where = 1`` the presets hold their value at 1 (fvcore raises or extrapolates).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import lr_curves as lrc
from lr_curves.presets import fvcore as presets_fvcore

F = pytest.importorskip("fvcore.common.param_scheduler")

TOL = 1e-9
EPS = 1e-6


def agree(peer: Any, mine: lrc.Schedule, wheres: list[float]) -> None:
    want = np.asarray([peer(w) for w in wheres], dtype=np.float64)
    scalar = np.asarray([mine(w) for w in wheres])
    vector = mine(np.asarray(wheres, dtype=np.float64))
    tol = TOL * max(float(np.abs(want).max()), 1e-300)
    for got, path in ((scalar, "scalar"), (vector, "numpy")):
        bad = np.flatnonzero(np.abs(got - want) > tol)
        assert bad.size == 0, (
            f"{path}: where={wheres[bad[0]]!r} preset {got[bad[0]]!r} fvcore {want[bad[0]]!r}"
        )


def grid(n: int) -> list[float]:
    return [k / n for k in range(n)]


def near_switches(points: list[float]) -> list[float]:
    """Points on both sides of each switch ``p - 1e-6`` (well clear of rounding), inside [0, 1)."""
    out = [q for p in points for q in (p - 2 * EPS, p - EPS / 2, p, p + EPS) if 0 <= q < 1 - 2 * EPS]
    return sorted(set(out))


def build(name: str, args: tuple[Any, ...]) -> tuple[Any, lrc.Schedule]:
    return getattr(F, name)(*args), getattr(presets_fvcore, name)(*args)


values = st.sampled_from([1.0, 0.1, 2.5, 1e-4, 0.0])
positive = st.sampled_from([1.0, 0.1, 2.5, 1e-4])
sizes = st.integers(1, 2000)


# ---------------------------------------------------------------------------------------- continuous
@settings(max_examples=30)
@given(a=values, b=values, n=sizes)
def test_cosine(a: float, b: float, n: int) -> None:
    agree(*build("CosineParamScheduler", (a, b)), grid(n))


@settings(max_examples=30)
@given(a=values, b=values, n=sizes)
def test_linear(a: float, b: float, n: int) -> None:
    agree(*build("LinearParamScheduler", (a, b)), grid(n))


@settings(max_examples=30)
@given(a=values, decay=st.sampled_from([0.02, 0.5, 1.0, 3.0, 1e-6]), n=sizes)
def test_exponential(a: float, decay: float, n: int) -> None:
    agree(*build("ExponentialParamScheduler", (a, decay)), grid(n))


@settings(max_examples=30)
@given(a=values, power=st.sampled_from([0.0, 0.5, 0.9, 1.0, 2.0, 7.0]), n=sizes)
def test_polynomial(a: float, power: float, n: int) -> None:
    agree(*build("PolynomialDecayParamScheduler", (a, power)), grid(n))


def test_constant() -> None:
    agree(*build("ConstantParamScheduler", (0.42,)), grid(97))


# ---------------------------------------------------------------------------------------- steps
@st.composite
def multistep_args(draw: Any) -> tuple[Any, ...]:
    n_values = draw(st.integers(1, 5))
    vals = draw(st.lists(values, min_size=n_values, max_size=n_values))
    kind = draw(st.sampled_from(["both", "even", "milestones-only"]))
    if kind == "even":
        n = draw(st.integers(n_values, 500))
        assume(math.ceil(n / n_values) * (n_values - 1) < n)
        return (vals, n, None)
    ms = sorted(draw(st.lists(st.integers(1, 999), min_size=n_values, max_size=n_values, unique=True)))
    if kind == "milestones-only":
        assume(ms[-1] >= n_values)
        return (vals, None, ms)
    n = draw(st.integers(max(ms[-1] + 1, n_values), 1000))
    return (vals, n, ms[:-1])


@settings(max_examples=60)
@given(args=multistep_args(), extra=sizes)
def test_multistep(args: tuple[Any, ...], extra: int) -> None:
    peer, mine = build("MultiStepParamScheduler", args)
    n = peer._num_updates
    switches = [m / n for m in peer._milestones]
    agree(peer, mine, sorted(set(grid(n) + grid(extra) + near_switches(switches))))
    assert mine(1.0) == peer(1.0)  # fvcore is defined at where == 1: the last value


@settings(max_examples=60)
@given(
    num_updates=st.one_of(st.integers(1, 10**6), st.floats(0.5, 1e6)),
    vals=st.lists(values, min_size=1, max_size=8),
)
def test_step(num_updates: float, vals: list[float]) -> None:
    peer, mine = build("StepParamScheduler", (num_updates, vals))
    k = len(vals)
    agree(peer, mine, sorted(set(grid(k * 13) + near_switches([i / k for i in range(1, k)]))))


@settings(max_examples=40)
@given(
    base=positive,
    decays=st.integers(1, 6),
    gamma=st.sampled_from([0.1, 0.5, 0.9, 2.0]),
    n=st.integers(1, 5000),
)
def test_step_with_fixed_gamma(base: float, decays: int, gamma: float, n: int) -> None:
    peer, mine = build("StepWithFixedGammaParamScheduler", (base, decays, gamma, n))
    k = decays + 1
    agree(peer, mine, sorted(set(grid(max(n, k) % 3000 + k) + near_switches([i / k for i in range(1, k)]))))


@pytest.mark.parametrize(
    ("name", "args", "wheres"),
    [
        pytest.param(
            "MultiStepParamScheduler",
            ([1.0, 0.1, 0.01], 90, [30, 60]),
            [30 / 90 - 1.5e-6, 30 / 90 - 0.5e-6, 60 / 90 - 1.5e-6, 60 / 90 - 0.5e-6],
            id="multistep-switch-1e-6-early",
        ),
        pytest.param(
            "MultiStepParamScheduler",
            ([1.0, 0.1], 10**7, [3]),
            [0.0, 1e-7, 2e-7, 3e-7],
            id="multistep-eps-exceeds-step",
        ),
        pytest.param(
            "StepParamScheduler",
            (100, [1.0, 0.5]),
            [0.5 - 1.5e-6, 0.5 - 0.5e-6, 1 - 1.5e-6],
            id="step-switch-early",
        ),
        pytest.param("StepParamScheduler", (1, [3.0]), [0.0, 0.5, 0.999], id="step-single-value"),
    ],
)
def test_epsilon_edges(name: str, args: tuple[Any, ...], wheres: list[float]) -> None:
    agree(*build(name, args), wheres)


# ---------------------------------------------------------------------------------------- past the end
@pytest.mark.parametrize(
    ("name", "args", "end"),
    [
        pytest.param("CosineParamScheduler", (1.0, 0.1), 0.1, id="cosine"),
        pytest.param("LinearParamScheduler", (0.0, 1.0), 1.0, id="linear"),
        pytest.param("ExponentialParamScheduler", (2.0, 0.5), 1.0, id="exponential"),
        pytest.param("PolynomialDecayParamScheduler", (2.0, 0.5), 0.0, id="polynomial"),
        pytest.param("MultiStepParamScheduler", ([1.0, 0.1], 10, [5]), 0.1, id="multistep"),
        pytest.param("StepParamScheduler", (10, [1.0, 0.1]), 0.1, id="step"),
        pytest.param("ConstantParamScheduler", (0.3,), 0.3, id="constant"),
    ],
)
def test_holds_past_where_one(name: str, args: tuple[Any, ...], end: float) -> None:
    s = getattr(presets_fvcore, name)(*args)
    assert s(1.0) == pytest.approx(end) and s(1.5) == pytest.approx(end) and s(10**6) == pytest.approx(end)


# ---------------------------------------------------------------------------------------- composite
CHILDREN = [
    ("ConstantParamScheduler", (0.42,)),
    ("CosineParamScheduler", (1.0, 0.001)),
    ("LinearParamScheduler", (0.001, 1.0)),
    ("ExponentialParamScheduler", (1.0, 0.02)),
    ("PolynomialDecayParamScheduler", (0.5, 2.0)),
    ("MultiStepParamScheduler", ([1.0, 0.1, 0.01], 30, [10, 20])),
    ("StepParamScheduler", (90, [0.3, 0.03, 0.003])),
]
LENGTHS = st.sampled_from([0.0, 0.05, 0.1, 0.25, 0.3, 0.5, 1 / 3, 0.7, 0.123456])


@st.composite
def composite_args(draw: Any) -> tuple[list[tuple[str, tuple[Any, ...]]], list[float], list[str]]:
    k = draw(st.integers(1, 4))
    kids = [draw(st.sampled_from(CHILDREN)) for _ in range(k)]
    lens = [draw(LENGTHS) for _ in range(k - 1)]
    assume(sum(lens) <= 1.0)
    lens.append(1.0 - sum(lens))
    if draw(st.booleans()):  # fvcore's tolerance: off by < 1e-3, the last length is adjusted
        lens[-1] += draw(st.sampled_from([5e-4, -5e-4, 1e-12]))
    assume(lens[-1] >= 0)
    scaling = [draw(st.sampled_from(["rescaled", "fixed"])) for _ in range(k)]
    if scaling[-1] == "rescaled":
        assume(lens[-1] > 1e-3)
    return kids, lens, scaling


def outside_windows(wheres: list[float], lens: list[float]) -> list[float]:
    """Drop the points in the 1e-6 before each boundary (see test_composite_window_divergence)."""
    totals = np.cumsum(lens)
    return [w for w in wheres if not any(r - EPS <= w < r for r in totals)]


@settings(max_examples=80)
@given(args=composite_args(), n=st.integers(1, 1500))
def test_composite(args: tuple[Any, list[float], list[str]], n: int) -> None:
    kids, lens, scaling = args
    peer = F.CompositeParamScheduler([getattr(F, c)(*a) for c, a in kids], list(lens), scaling)
    mine = presets_fvcore.CompositeParamScheduler(
        [getattr(presets_fvcore, c)(*a) for c, a in kids], lens, scaling
    )
    totals = list(np.cumsum(lens))
    wheres = sorted(set(grid(n) + near_switches(totals[:-1])))
    agree(peer, mine, outside_windows(wheres, lens))


@pytest.mark.parametrize("scaling", ["rescaled", "fixed"])
def test_composite_boundaries_exactly_on_grid(scaling: str) -> None:
    kids = [F.LinearParamScheduler(0.0, 1.0), F.CosineParamScheduler(1.0, 0.0)]
    peer = F.CompositeParamScheduler(kids, [0.3, 0.7], ["rescaled", scaling])
    mine = presets_fvcore.CompositeParamScheduler(
        [presets_fvcore.LinearParamScheduler(0.0, 1.0), presets_fvcore.CosineParamScheduler(1.0, 0.0)],
        [0.3, 0.7],
        ["rescaled", scaling],
    )
    agree(peer, mine, [*grid(10), 0.3 - 1.5e-6, 0.3])


def test_composite_window_divergence_is_bounded() -> None:
    # In (0.3 - 1e-6, 0.3) fvcore evaluates the rescaled linear child at a negative progress; the
    # preset evaluates it at 0. The difference is at most 1e-6 / length * slope.
    kids = [F.ConstantParamScheduler(1.0), F.LinearParamScheduler(0.0, 1.0)]
    peer = F.CompositeParamScheduler(kids, [0.3, 0.7], ["rescaled", "rescaled"])
    mine = presets_fvcore.CompositeParamScheduler(
        [presets_fvcore.ConstantParamScheduler(1.0), presets_fvcore.LinearParamScheduler(0.0, 1.0)],
        [0.3, 0.7],
        ["rescaled", "rescaled"],
    )
    w = 0.3 - 0.5e-6
    assert peer(w) < 0 and mine(w) == 0.0
    assert abs(peer(w) - mine(w)) <= EPS / 0.7


def test_composite_does_not_mutate_lengths_and_is_a_value() -> None:
    lens = [0.3, 0.7005]
    s = presets_fvcore.CompositeParamScheduler(
        [presets_fvcore.ConstantParamScheduler(1.0), presets_fvcore.CosineParamScheduler(1.0, 0.0)],
        lens,
        ["rescaled", "fixed"],
    )
    assert lens == [0.3, 0.7005]
    assert lrc.parse(repr(s)) == s and lrc.from_dict(s.to_dict()) == s


# ---------------------------------------------------------------------------------------- errors
@pytest.mark.parametrize(
    ("fn", "exc", "match"),
    [
        pytest.param(
            lambda: presets_fvcore.MultiStepParamScheduler([1.0, 0.1]),
            ValueError,
            r"MultiStepParamScheduler\(\): num_updates and milestones cannot both be None",
            id="multistep-none",
        ),
        pytest.param(
            lambda: presets_fvcore.MultiStepParamScheduler([1.0, 0.1], 10, [3, 5]),
            ValueError,
            r"milestones must have 1 item\(s\) for 2 values and num_updates, got 2",
            id="multistep-count",
        ),
        pytest.param(
            lambda: presets_fvcore.MultiStepParamScheduler([1.0, 0.1, 0.01], 10, [5, 3]),
            ValueError,
            r"milestones must be strictly increasing, got \(5, 3\)",
            id="multistep-order",
        ),
        pytest.param(
            lambda: presets_fvcore.MultiStepParamScheduler([1.0, 0.1], 10, [10]),
            ValueError,
            r"milestones must be smaller than num_updates=10, got \(10,\)",
            id="multistep-past-end",
        ),
        pytest.param(
            lambda: presets_fvcore.MultiStepParamScheduler([1.0, 0.1, 0.01], 2),
            ValueError,
            r"num_updates must be at least the number of values, got num_updates=2 for 3 values",
            id="multistep-too-few-updates",
        ),
        pytest.param(
            lambda: presets_fvcore.StepParamScheduler(0, [1.0]),
            ValueError,
            r"StepParamScheduler\(\): num_updates must be a positive number, got 0",
            id="step-updates",
        ),
        pytest.param(
            lambda: presets_fvcore.StepParamScheduler(10, []),
            ValueError,
            r"values must be a list or tuple of at least 1 item\(s\)",
            id="step-empty",
        ),
        pytest.param(
            lambda: presets_fvcore.StepWithFixedGammaParamScheduler(0.1, 0, 0.1, 10),
            ValueError,
            r"num_decays must be an int >= 1, got 0",
            id="fixed-gamma-decays",
        ),
        pytest.param(
            lambda: presets_fvcore.ExponentialParamScheduler(1.0, 0.0),
            ValueError,
            r"ExponentialParamScheduler\(\): decay must be a positive number, got 0\.0",
            id="exp-decay",
        ),
        pytest.param(
            lambda: presets_fvcore.PolynomialDecayParamScheduler(1.0, -1.0),
            ValueError,
            r"power must be a non-negative number, got -1\.0",
            id="poly-power",
        ),
        pytest.param(
            lambda: presets_fvcore.CompositeParamScheduler([lrc.constant(1.0)], [0.5], ["fixed"]),
            ValueError,
            r"CompositeParamScheduler\(\): lengths must be numbers that add up to 1, got \(0\.5,\)",
            id="composite-sum",
        ),
        pytest.param(
            lambda: presets_fvcore.CompositeParamScheduler([lrc.constant(1.0)], [1.0], ["stretched"]),
            ValueError,
            r"interval_scaling must be one of 'rescaled', 'fixed', got 'stretched'",
            id="composite-scaling",
        ),
        pytest.param(
            lambda: presets_fvcore.CompositeParamScheduler([lrc.constant(1.0)], [1.0], []),
            ValueError,
            r"interval_scaling must have one item per scheduler, got 0 for 1 schedulers",
            id="composite-scaling-count",
        ),
        pytest.param(
            lambda: presets_fvcore.CompositeParamScheduler([lambda w: 1.0], [1.0], ["fixed"]),
            TypeError,
            r"schedulers\[0\] must be an lr_curves Schedule, got .* \(function\)",
            id="composite-child-type",
        ),
        pytest.param(
            lambda: presets_fvcore.CompositeParamScheduler([lrc.constant(1.0)] * 2, [1.0], ["fixed"] * 2),
            ValueError,
            r"schedulers and lengths must have the same length, got 2 schedulers and 1 lengths",
            id="composite-lengths-count",
        ),
    ],
)
def test_errors(fn: Any, exc: type[Exception], match: str) -> None:
    with pytest.raises(exc, match=match):
        fn()
