"""Golden values for every primitive: start, middle, end, far past the end (computed by hand)."""

from __future__ import annotations

import math

import numpy as np
import pytest

import lr_curves as lrc

BIG = 10**12

CASES = [
    # constant
    pytest.param(lrc.constant(0.1), [(0, 0.1), (7, 0.1), (BIG, 0.1)], id="constant"),
    # linear: 1 -> 0.1 over 10 steps
    pytest.param(lrc.linear(1.0, 0.1, 10), [(0, 1.0), (5, 0.55), (10, 0.1), (BIG, 0.1)], id="linear-down"),
    pytest.param(lrc.linear(0.0, 2.0, 4), [(1, 0.5), (2.5, 1.25), (4, 2.0)], id="linear-up-float-step"),
    # cosine: floor + (peak-floor)(1+cos(pi t/T))/2
    pytest.param(
        lrc.cosine(1.0, 100, floor=0.1),
        [(0, 1.0), (50, 0.55), (25, 0.1 + 0.9 * (1 + math.cos(math.pi / 4)) / 2), (100, 0.1), (BIG, 0.1)],
        id="cosine",
    ),
    pytest.param(
        lrc.cosine(1.0, 4, floor=0.1, periodic=True),
        [(0, 1.0), (2, 0.55), (4, 0.1), (6, 0.55), (8, 1.0), (4 * 10**11, 1.0), (4 * 10**11 + 4, 0.1)],
        id="cosine-periodic",
    ),
    pytest.param(lrc.cosine(2.0, 10, power=2.0), [(5, 2.0 * 0.25), (10, 0.0)], id="cosine-power"),
    pytest.param(
        lrc.cosine(1.0, 10, k_decay=2.0),
        [(5, (1 + math.cos(math.pi * 0.25)) / 2), (10, 0.0)],
        id="cosine-k-decay",
    ),
    # exponential
    pytest.param(lrc.exponential(1.0, 0.5), [(0, 1.0), (1, 0.5), (3, 0.125)], id="exponential"),
    pytest.param(
        lrc.exponential(1.0, 0.5, every=10, staircase=True), [(9, 1.0), (10, 0.5), (29, 0.25)], id="exp-stair"
    ),
    pytest.param(lrc.exponential(1.0, 0.5, every=2), [(1, 0.5**0.5), (4, 0.25)], id="exp-continuous"),
    pytest.param(
        lrc.exponential(1.0, 0.5, begin=10, end=0.2),
        [(5, 1.0), (10, 1.0), (11, 0.5), (13, 0.2)],
        id="exp-begin-end",
    ),
    pytest.param(
        lrc.exponential(0.1, 2.0, end=1.0), [(1, 0.2), (3, 0.8), (4, 1.0), (BIG, 1.0)], id="exp-growth-cap"
    ),
    # polynomial
    pytest.param(lrc.polynomial(1.0, 0.0, 10, 2.0), [(0, 1.0), (5, 0.25), (10, 0.0), (BIG, 0.0)], id="poly"),
    pytest.param(lrc.polynomial(1.0, 0.1, 10), [(5, 0.55)], id="poly-linear-end"),
    pytest.param(
        lrc.polynomial(1.0, 0.0, 10, cycle=True),
        [(0, 1.0), (5, 0.5), (10, 0.0), (15, 0.25), (20, 0.0)],
        id="poly-cycle",
    ),
    # piecewise
    pytest.param(
        lrc.piecewise_constant([1.0, 0.1, 0.01], [10, 20]),
        [(0, 1.0), (9.99, 1.0), (10, 0.1), (19, 0.1), (20, 0.01), (BIG, 0.01)],
        id="piecewise-new",
    ),
    pytest.param(
        lrc.piecewise_constant([1.0, 0.1], [10], boundary="old"), [(10, 1.0), (10.5, 0.1)], id="piecewise-old"
    ),
    pytest.param(lrc.multistep(1.0, 0.5, [2, 4, 4]), [(1, 1.0), (2, 0.5), (4, 0.125)], id="multistep-dup"),
    pytest.param(
        lrc.piecewise_linear([0.0, 1.0, 0.5], [10, 20, 30]),
        [(0, 0.0), (10, 0.0), (15, 0.5), (20, 1.0), (25, 0.75), (30, 0.5), (BIG, 0.5)],
        id="piecewise-linear",
    ),
    pytest.param(
        lrc.piecewise_linear([0.0, 1.0, 0.0], [0, 10, 10]), [(9, 0.9), (10, 0.0), (11, 0.0)], id="pl-jump"
    ),
    pytest.param(
        lrc.piecewise_cosine([1.0, 0.0], [0, 10]), [(0, 1.0), (5, 0.5), (10, 0.0)], id="piecewise-cosine"
    ),
    # inverse sqrt / time
    pytest.param(lrc.inverse_sqrt(1.0, 100), [(0, 1.0), (300, 0.5), (9900, 0.1)], id="inverse-sqrt"),
    pytest.param(lrc.inverse_time(1.0, 0.5, every=10), [(0, 1.0), (20, 0.5), (5, 0.8)], id="inverse-time"),
    pytest.param(
        lrc.inverse_time(1.0, 1.0, every=10, staircase=True),
        [(9, 1.0), (10, 0.5), (25, 1 / 3)],
        id="inv-time-stair",
    ),
    # tanh: (1 - tanh(lower (1-r) + upper r))/2
    pytest.param(
        lrc.tanh(1.0, 100, 0.0),
        [
            (0, (1 - math.tanh(-7.0)) / 2),
            (70, 0.5),
            (99, (1 - math.tanh(-7 * 0.01 + 3 * 0.99)) / 2),
            (100, 0.0),
        ],
        id="tanh",
    ),
    # triangle
    pytest.param(
        lrc.triangle(0.1, 1.0, 10, 30),
        [(0, 0.1), (5, 0.55), (10, 1.0), (25, 0.55), (40, 0.1), (50, 1.0), (40 * 10**10 + 10, 1.0)],
        id="triangle",
    ),
    # cooldown shapes, 1 -> 0 over 100 steps, at x = 0.25
    pytest.param(lrc.cooldown(1.0, 0.0, 100, "linear"), [(25, 0.75), (100, 0.0)], id="cooldown-linear"),
    pytest.param(
        lrc.cooldown(1.0, 0.0, 100, "cosine"), [(25, (1 + math.cos(math.pi / 4)) / 2)], id="cooldown-cos"
    ),
    pytest.param(lrc.cooldown(1.0, 0.0, 100, "1-sqrt"), [(25, 0.5), (BIG, 0.0)], id="cooldown-1-sqrt"),
    pytest.param(lrc.cooldown(1.0, 0.2, 100, "1-square"), [(50, 0.2 + 0.8 * 0.75)], id="cooldown-1-square"),
]


@pytest.mark.parametrize(("schedule", "points"), CASES)
def test_golden_values(schedule: lrc.Schedule, points: list[tuple[float, float]]) -> None:
    steps = [t for t, _ in points]
    expected = [v for _, v in points]
    got = [schedule(t) for t in steps]
    assert got == pytest.approx(expected, rel=1e-12, abs=1e-15)
    assert all(type(v) is float for v in got)


@pytest.mark.parametrize(("schedule", "points"), CASES)
def test_golden_values_vectorised(schedule: lrc.Schedule, points: list[tuple[float, float]]) -> None:
    steps = np.array([t for t, _ in points if t < 2**53], dtype=np.float64)
    expected = [v for t, v in points if t < 2**53]
    got = schedule(steps)
    assert got.dtype == np.float64
    assert got.tolist() == pytest.approx(expected, rel=1e-12, abs=1e-15)


def test_output_follows_input_types() -> None:
    s = lrc.cosine(1.0, 10)
    assert type(s(3)) is float
    assert type(s(np.int64(3))) is float
    assert type(s(np.float32(3))) is float
    arr = s(np.arange(6).reshape(2, 3))
    assert arr.shape == (2, 3) and arr.dtype == np.float64
    zero_d = s(np.array(3))
    assert zero_d.shape == () and float(zero_d) == s(3)
    assert s(np.array([], dtype=np.int64)).shape == (0,)
    assert s([0, 5, 10]).tolist() == [s(0), s(5), s(10)]


def test_lengths() -> None:
    assert lrc.constant(1.0).length is None
    assert lrc.linear(0, 1, 10).length == 10
    assert lrc.cosine(1.0, 10).length == 10
    assert lrc.cosine(1.0, 10, periodic=True).length is None
    assert lrc.piecewise_constant([1, 2], [5]).length == 5
    assert lrc.polynomial(1, 0, 7, cycle=True).length is None
    assert lrc.triangle(0, 1, 5).length is None


def test_construction_normalises_types() -> None:
    s = lrc.piecewise_constant(np.array([1.0, 0.5]), [np.int64(10)])
    assert s.at == (10,) and type(s.at[0]) is int
    assert s.values == (1.0, 0.5) and all(type(v) is float for v in s.values)
    values = [1.0, 0.5]
    t = lrc.piecewise_constant(values, [10])
    values[1] = 99.0
    assert t(20) == 0.5
    assert lrc.cosine(1, 10) == lrc.cosine(1.0, 10)


ERRORS = [
    pytest.param(
        lambda: lrc.cosine(1.0, 0),
        ValueError,
        r"cosine\(\): steps must be a positive number, got 0\.",
        id="cos-steps-0",
    ),
    pytest.param(
        lambda: lrc.cosine(1.0, -5), ValueError, r"steps must be a positive number, got -5", id="cos-neg"
    ),
    pytest.param(
        lambda: lrc.cosine("1", 10),
        TypeError,
        r"cosine\(\): peak must be a real number, got '1' \(str\)\.",
        id="cos-str",
    ),
    pytest.param(
        lambda: lrc.cosine(True, 10),
        TypeError,
        r"peak must be a real number, got True \(bool\)",
        id="cos-bool",
    ),
    pytest.param(
        lambda: lrc.cosine(float("nan"), 10),
        ValueError,
        r"cosine\(\): peak must be finite, got nan\.",
        id="cos-nan",
    ),
    pytest.param(
        lambda: lrc.cosine(1.0, float("inf")), ValueError, r"steps must be finite, got inf", id="cos-inf"
    ),
    pytest.param(
        lambda: lrc.cosine(1.0, 10, k_decay=2.0, periodic=True),
        ValueError,
        r"k_decay must be 1\.0 when periodic=True",
        id="cos-k-periodic",
    ),
    pytest.param(
        lambda: lrc.linear(0, 1, 0),
        ValueError,
        r"linear\(\): steps must be a positive number, got 0\.",
        id="linear-0",
    ),
    pytest.param(
        lambda: lrc.exponential(1.0, 0.0),
        ValueError,
        r"exponential\(\): factor must be a positive number, got 0\.0\.",
        id="exp-factor-0",
    ),
    pytest.param(
        lambda: lrc.exponential(1.0, -0.5),
        ValueError,
        r"factor must be a positive number, got -0\.5",
        id="exp-neg",
    ),
    pytest.param(
        lambda: lrc.exponential(1.0, 0.5, begin=-1),
        ValueError,
        r"begin must be a non-negative number, got -1",
        id="exp-begin",
    ),
    pytest.param(
        lambda: lrc.polynomial(1, 0, 10, power=0),
        ValueError,
        r"polynomial\(\): power must be a positive number",
        id="poly-power",
    ),
    pytest.param(
        lambda: lrc.piecewise_constant([1, 2, 3], [5]),
        ValueError,
        r"values must have one more item than at, got 3 values and 1 boundaries",
        id="pc-len",
    ),
    pytest.param(
        lambda: lrc.piecewise_constant([1, 2, 3], [20, 10]),
        ValueError,
        r"at must be strictly increasing, got \(20, 10\)",
        id="pc-order",
    ),
    pytest.param(
        lambda: lrc.piecewise_constant([1, 2], 5),
        TypeError,
        r"at must be a list or tuple, got 5 \(int\)",
        id="pc-type",
    ),
    pytest.param(
        lambda: lrc.piecewise_constant([1, 2], [5], boundary="left"),
        ValueError,
        r"boundary must be one of 'new', 'old', got 'left'",
        id="pc-boundary",
    ),
    pytest.param(
        lambda: lrc.piecewise_linear([1, 2], [5]),
        ValueError,
        r"values and at must have the same length",
        id="pl-len",
    ),
    pytest.param(
        lambda: lrc.piecewise_linear([1, 2], [5, 1]),
        ValueError,
        r"at must be non-decreasing, got \(5, 1\)",
        id="pl-order",
    ),
    pytest.param(
        lambda: lrc.tanh(1, 10, lower=3, upper=-7),
        ValueError,
        r"lower must be less than upper, got lower=3\.0, upper=-7\.0",
        id="tanh-bounds",
    ),
    pytest.param(
        lambda: lrc.triangle(0, 1, 0),
        ValueError,
        r"triangle\(\): up must be a positive number, got 0",
        id="tri-up",
    ),
    pytest.param(
        lambda: lrc.cooldown(1, 0, 10, "sqrt"),
        ValueError,
        r"shape must be one of 'linear', 'cosine', '1-sqrt', '1-square', got 'sqrt'",
        id="cooldown-shape",
    ),
    pytest.param(
        lambda: lrc.inverse_time(1.0, -1.0),
        ValueError,
        r"rate must be a non-negative number, got -1\.0",
        id="invtime-rate",
    ),
]


@pytest.mark.parametrize(("build", "error", "message"), ERRORS)
def test_construction_errors(build: object, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        build()  # type: ignore[operator]


STEP_ERRORS = [
    pytest.param(-1, ValueError, r"cosine\(\): step must be >= 0, got -1\.", id="negative-int"),
    pytest.param(-0.5, ValueError, r"step must be >= 0 \(and not NaN\), got -0\.5", id="negative-float"),
    pytest.param(float("nan"), ValueError, r"step must be >= 0 \(and not NaN\), got nan", id="nan"),
    pytest.param(float("inf"), ValueError, r"step must be finite, got inf", id="inf"),
    pytest.param(
        True, TypeError, r"step must be a number or an array of numbers, got True \(bool\)", id="bool"
    ),
    pytest.param(np.bool_(True), TypeError, r"\(bool\)", id="numpy-bool"),
    pytest.param("3", TypeError, r"step must be an int, a float or an array .* got '3' \(str\)", id="str"),
    pytest.param(None, TypeError, r"got None \(NoneType\)", id="none"),
    pytest.param(
        np.array([0, -1]), ValueError, r"steps must be >= 0 \(and not NaN\), got -1\.0", id="array-negative"
    ),
    pytest.param(np.array([0.0, np.nan]), ValueError, r"got NaN", id="array-nan"),
    pytest.param(np.array([0.0, np.inf]), ValueError, r"steps must be finite, got inf", id="array-inf"),
    pytest.param(np.array([True, False]), TypeError, r"dtype bool", id="array-bool"),
    pytest.param(
        np.array(["a"]), TypeError, r"steps must be an array of numbers, got dtype <U1", id="array-str"
    ),
    pytest.param(np.int64(-3), ValueError, r"step must be >= 0, got -3", id="numpy-int-negative"),
]


@pytest.mark.parametrize(("step", "error", "message"), STEP_ERRORS)
def test_bad_steps(step: object, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        lrc.cosine(1.0, 10)(step)  # type: ignore[call-overload]
