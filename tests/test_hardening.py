"""Every public entry point on hostile input: a clear ValueError/TypeError or a correct value.

Constructors, evaluation, ``parse``, ``from_dict``, every preset module present and the CLI, on
NaN and infinities, negative steps, booleans, NumPy scalars of every width, half-precision
framework arrays, 0-d and empty arrays, steps near 2**53 and 2**63 and beyond 2**1024, wrong
types, zero-length and inverted ranges, extreme parameters, deep compositions and malformed or
hostile text and data. Never another exception type, never code execution, never a hang.
"""

from __future__ import annotations

import copy
import importlib
import inspect
import math
import pathlib
import pkgutil
import sys
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np
import pytest

import lr_curves as lrc
import lr_curves.presets
from lr_curves import cli

S = lrc.cosine(1.0, 10)

#: Valid keyword arguments of every factory (the base that each test spoils in one place).
BASE: dict[str, dict[str, Any]] = {
    "constant": {"value": 1.0},
    "linear": {"start": 1.0, "end": 0.0, "steps": 10},
    "cosine": {"peak": 1.0, "steps": 10, "floor": 0.0, "power": 1.0, "k_decay": 1.0, "periodic": False},
    "exponential": {"start": 1.0, "factor": 0.5, "every": 1, "staircase": False, "begin": 0, "end": 0.1},
    "polynomial": {"start": 1.0, "end": 0.0, "steps": 10, "power": 1.0, "cycle": False, "k_decay": 1.0},
    "piecewise_constant": {"values": [1.0, 2.0], "at": [5], "boundary": "new"},
    "multistep": {"start": 1.0, "factor": 0.1, "at": [5]},
    "piecewise_linear": {"values": [1.0, 0.0], "at": [0, 5]},
    "piecewise_cosine": {"values": [1.0, 0.0], "at": [0, 5]},
    "inverse_sqrt": {"peak": 1.0, "timescale": 1},
    "inverse_time": {"start": 1.0, "rate": 1.0, "every": 1, "staircase": False, "power": 1.0},
    "tanh": {"peak": 1.0, "steps": 10, "floor": 0.0, "lower": -7.0, "upper": 3.0},
    "triangle": {"low": 0.0, "high": 1.0, "up": 5, "down": 5},
    "cooldown": {"start": 1.0, "end": 0.0, "steps": 10, "shape": "1-sqrt"},
    "rex": {"peak": 1.0, "steps": 10},
    "function": {"fn": lambda t: 1.0 / (1.0 + t), "name": "f", "length": 10},
    "warmup": {"schedule": S, "steps": 10, "start": 0.0, "shape": "linear", "overlay": False},
    "restart": {
        "schedule": S,
        "every": 10,
        "growth": 2.0,
        "decay": 0.5,
        "limit": 3,
        "end": 0.0,
        "index": "exact",
    },
    "scale": {"schedule": S, "by": 2.0},
    "clip": {"schedule": S, "low": 0.0, "high": 1.0},
    "shift": {"schedule": S, "by": 5},
    "stretch": {"schedule": S, "factor": 2, "staircase": False},
    "divide": {"schedule": S, "by": 2.0},
    "power": {"base": S, "exponent": 2.0},
    "retarget": {"schedule": S, "at": 5, "length": 20},
    "window": {"schedule": S, "begin": 2, "end": 8},
}

#: Every factory in ``lr_curves.__all__`` is covered (concat and add take *args: below).
FACTORIES = sorted(BASE)

#: Values no parameter accepts. (A list/tuple parameter gets them as its single item as well.)
BAD_VALUES: dict[str, Any] = {
    "nan": math.nan,
    "inf": math.inf,
    "-inf": -math.inf,
    "np.nan": np.float32("nan"),
    "longdouble-inf": np.longdouble("inf"),
    "str": "1",
    "bytes": b"1",
    "complex": 1j,
    "object": object(),
    "dict": {"a": 1},
    "set": {1.0},
    "huge-int": 10**400,
    "huge-fraction": Fraction(10**400, 3),
    "decimal-nan": Decimal("nan"),
    "schedule-for-number": lrc.constant(1.0),
    "2-d-array": np.ones((2, 2)),
}


def _params() -> list[Any]:
    out = []
    for name in FACTORIES:
        for param, good in BASE[name].items():
            if isinstance(good, lrc.Schedule):
                continue
            for bad_id, bad in BAD_VALUES.items():
                if bad_id == "schedule-for-number" and name in ("scale", "divide", "power"):
                    continue  # scale(s, by=schedule), divide(s, by=t), power(s, t) are valid
                out.append(pytest.param(name, param, bad, id=f"{name}-{param}-{bad_id}"))
    return out


@pytest.mark.parametrize(("name", "param", "bad"), _params())
def test_constructor_refuses_bad_parameter(name: str, param: str, bad: Any) -> None:
    kwargs = dict(BASE[name], **{param: bad})
    with pytest.raises((ValueError, TypeError), match=rf"^{name}\(\): "):
        getattr(lrc, name)(**kwargs)


@pytest.mark.parametrize(
    "name", [pytest.param(n, id=n) for n in FACTORIES if "schedule" in BASE[n]] + ["concat", "add"]
)
@pytest.mark.parametrize(
    "bad",
    [
        pytest.param(None, id="None"),
        pytest.param("cosine(1.0, 10)", id="str"),
        pytest.param(lambda t: 1.0, id="lambda"),
        pytest.param(np.float64(1.0).item, id="method"),
    ],
)
def test_combinators_refuse_non_schedules(name: str, bad: Any) -> None:
    f = getattr(lrc, name)
    with pytest.raises(TypeError, match=rf"^{name}\(\): "):
        if name in ("concat", "add"):
            f(S, bad)
        else:
            f(**dict(BASE[name], schedule=bad))


BOOL_PARAMS = [(n, p) for n in FACTORIES for p, v in BASE[n].items() if isinstance(v, bool)]


@pytest.mark.parametrize(("name", "param"), [pytest.param(n, p, id=f"{n}-{p}") for n, p in BOOL_PARAMS])
@pytest.mark.parametrize(
    "bad", [pytest.param(1, id="int"), pytest.param("yes", id="str"), pytest.param(None, id="None")]
)
def test_flags_must_be_bools(name: str, param: str, bad: Any) -> None:
    with pytest.raises(TypeError, match=rf"^{name}\(\): {param} must be a bool"):
        getattr(lrc, name)(**dict(BASE[name], **{param: bad}))


NUMBER_PARAMS = [
    (n, p)
    for n in FACTORIES
    for p, v in BASE[n].items()
    if isinstance(v, (int, float)) and not isinstance(v, bool)
]


@pytest.mark.parametrize(("name", "param"), [pytest.param(n, p, id=f"{n}-{p}") for n, p in NUMBER_PARAMS])
def test_booleans_are_not_numbers(name: str, param: str) -> None:
    with pytest.raises(TypeError, match=rf"^{name}\(\): {param} must be .*\(bool\)"):
        getattr(lrc, name)(**dict(BASE[name], **{param: True}))


INT_TYPES = [np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint32, np.uint64]
FLOAT_TYPES = [np.float16, np.float32, np.float64, np.longdouble]


@pytest.mark.parametrize(("name", "param"), [pytest.param(n, p, id=f"{n}-{p}") for n, p in NUMBER_PARAMS])
@pytest.mark.parametrize("tp", [pytest.param(t, id=t.__name__) for t in INT_TYPES + FLOAT_TYPES])
def test_numpy_scalar_parameters_are_canonical(name: str, param: str, tp: type) -> None:
    good = BASE[name][param]
    if isinstance(good, float) and tp in INT_TYPES:
        if good != int(good):
            pytest.skip("not an integral value")
        value: Any = tp(int(good)) if good >= 0 or np.iinfo(tp).min < 0 else None
    elif good < 0 and tp in INT_TYPES and np.iinfo(tp).min == 0:
        pytest.skip("negative value in an unsigned type")
    else:
        value = tp(good)
    if value is None:
        pytest.skip("negative value in an unsigned type")
    factory = getattr(lrc, name)
    try:
        got = factory(**dict(BASE[name], **{param: value}))
    except TypeError as exc:  # counts refuse floats (3.0): a float type for an int parameter
        assert tp in FLOAT_TYPES and "an int" in str(exc)
        return
    plain = float(value) if tp in FLOAT_TYPES else int(value)  # the same number, a Python type
    want = factory(**dict(BASE[name], **{param: plain}))
    assert got == want
    assert repr(got) == repr(want)  # plain Python numbers inside: the repr holds no numpy types


@pytest.mark.parametrize(
    ("call", "message"),
    [
        pytest.param(
            lambda: lrc.linear(1.0, 0.0, 0), r"linear\(\): steps must be a positive number", id="linear-0"
        ),
        pytest.param(
            lambda: lrc.linear(1.0, 0.0, -5), r"linear\(\): steps must be a positive", id="linear-neg"
        ),
        pytest.param(lambda: lrc.cosine(1.0, 0.0), r"cosine\(\): steps must be a positive", id="cosine-0"),
        pytest.param(lambda: lrc.warmup(S, 0), r"warmup\(\): steps must be a positive", id="warmup-0"),
        pytest.param(lambda: lrc.triangle(0, 1, 0), r"triangle\(\): up must be a positive", id="triangle-0"),
        pytest.param(
            lambda: lrc.cooldown(1, 0, 0), r"cooldown\(\): steps must be a positive", id="cooldown-0"
        ),
        pytest.param(
            lambda: lrc.polynomial(1, 0, 0), r"polynomial\(\): steps must be a positive", id="poly-0"
        ),
        pytest.param(lambda: lrc.stretch(S, 0), r"stretch\(\): factor must be a positive", id="stretch-0"),
        pytest.param(lambda: lrc.restart(S, 0), r"restart\(\): every must be a positive", id="restart-0"),
        pytest.param(
            lambda: lrc.restart(S, limit=0), r"restart\(\): limit must be an int >= 1", id="limit-0"
        ),
        pytest.param(
            lambda: lrc.piecewise_constant([1, 2, 3], [5, 2]),
            r"at must be strictly increasing",
            id="pc-inverted",
        ),
        pytest.param(
            lambda: lrc.piecewise_constant([1, 2, 3], [5, 5]), r"strictly increasing", id="pc-repeated"
        ),
        pytest.param(lambda: lrc.piecewise_linear([1, 2], [5, 2]), r"non-decreasing", id="pl-inverted"),
        pytest.param(
            lambda: lrc.concat(S, S, S, at=[20, 10]), r"concat\(\): at must be strictly", id="concat-inv"
        ),
        pytest.param(lrc.concat, r"concat\(\): schedules must be at least two", id="concat-empty"),
        pytest.param(lrc.add, r"add\(\): schedules must be at least two", id="add-empty"),
        pytest.param(lambda: lrc.clip(S, 1.0, 0.0), r"clip\(\): low must be <= high", id="clip-inverted"),
        pytest.param(
            lambda: lrc.tanh(1, 10, lower=3, upper=3), r"lower must be less than upper", id="tanh-empty"
        ),
        pytest.param(
            lambda: lrc.tanh(1, 10, lower=3, upper=-7), r"lower must be less than upper", id="tanh-inv"
        ),
        pytest.param(
            lambda: lrc.restart(S, 10, decay=2.0, limit=2000),
            r"restart\(\): decay must be such that decay \*\* \(limit - 1\) fits a float64",
            id="restart-decay-overflow",
        ),
        pytest.param(
            lambda: lrc.cosine(1.0, 10**400),
            r"cosine\(\): steps must be finite \(at most 1.8e308",
            id="int-1e400",
        ),
        pytest.param(
            lambda: lrc.restart(S, limit=2**1100), r"limit must be at most 1.8e308", id="limit-huge"
        ),
        pytest.param(lambda: lrc.constant(10**5000), r"got <int of 16610 bits>", id="int-beyond-repr"),
    ],
)
def test_empty_inverted_and_overflowing_ranges_are_clear_errors(
    call: Callable[[], Any], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        call()


EXTREMES = {
    "1e308": 1e308,
    "-1e308": -1e308,
    "1e-308": 1e-308,
    "subnormal": 5e-324,
    "-subnormal": -5e-324,
    "2**62": 2**62,
    "1e300": 1e300,
}
PROBE_STEPS = [0, 1, 3, 5, 7, 10, 11, 1_000_000, 2**62, 1e300]


def _extreme_params() -> list[Any]:
    out = []
    for name in FACTORIES:
        for param, good in BASE[name].items():
            if isinstance(good, (bool, str, lrc.Schedule)):
                continue
            for ext_id, ext in EXTREMES.items():
                out.append(pytest.param(name, param, ext, id=f"{name}-{param}-{ext_id}"))
    return out


@pytest.mark.parametrize(("name", "param", "extreme"), _extreme_params())
def test_extreme_parameters_give_an_error_or_finite_values(name: str, param: str, extreme: float) -> None:
    good = BASE[name][param]
    if isinstance(good, list):
        value: Any = [extreme] if len(good) == 1 else ([0, extreme] if param == "at" else [extreme, good[1]])
    else:
        value = extreme
    try:
        s = getattr(lrc, name)(**dict(BASE[name], **{param: value}))
    except (ValueError, TypeError) as exc:  # TypeError: a float for an int parameter (limit)
        assert str(exc).startswith(f"{name}(): ")
        return
    if name == "power" and param == "exponent" and value < 0:
        # documented IEEE semantics: 0 ** -p is inf (the base, a cosine, ends at 0)
        assert s(10) == math.inf and s(np.array([10.0]))[0] == math.inf
        return
    scalar = [s(t) for t in PROBE_STEPS]
    vector = s(np.array(PROBE_STEPS, dtype=np.float64)).tolist()
    assert all(math.isfinite(v) for v in scalar), (s, scalar)
    assert all(math.isfinite(v) for v in vector), (s, vector)


def test_unbounded_growth_overflows_to_inf_on_both_paths() -> None:
    # Documented: growth without an end leaves the float64 range; both paths say inf, never raise.
    for s in (lrc.exponential(1.0, 10.0), lrc.restart(S, 10, decay=10.0)):
        assert s(10**6) == math.inf
        assert s(np.array([10**6]))[0] == math.inf


def test_restart_with_huge_growth_is_finite_on_both_paths() -> None:
    s = lrc.restart(S, 10, growth=1e308)
    assert s.cycle_index(1e300) == 1  # type: ignore[attr-defined]
    steps = [0.0, 10.0, 1e6, 1e300]
    assert [s(t) for t in steps] == s(np.array(steps)).tolist()
    assert all(math.isfinite(v) for v in s(np.array(steps)))


# ---------------------------------------------------------------------------------------- evaluation
SCHEDULES = {
    "constant": lrc.constant(0.5),
    "linear": lrc.linear(1.0, 0.0, 100),
    "cosine": lrc.cosine(1.0, 100, floor=0.1),
    "cosine-periodic": lrc.cosine(1.0, 100, periodic=True),
    "exponential-stair": lrc.exponential(1.0, 0.5, 10, staircase=True),
    "polynomial-cycle": lrc.polynomial(1.0, 0.0, 100, 2.0, cycle=True),
    "multistep": lrc.multistep(1.0, 0.1, [30, 60]),
    "piecewise-linear": lrc.piecewise_linear([0.0, 1.0, 0.5], [0, 10, 100]),
    "inverse-sqrt": lrc.inverse_sqrt(1.0, 100),
    "inverse-time-stair": lrc.inverse_time(1.0, 0.5, 10, staircase=True),
    "tanh": lrc.tanh(1.0, 100),
    "triangle": lrc.triangle(0.1, 1.0, 20, 30),
    "cooldown": lrc.cooldown(1.0, 0.0, 100, "cosine"),
    "warmup-cosine": lrc.warmup(lrc.cosine(1.0, 90), 10),
    "sgdr": lrc.restart(lrc.cosine(1.0, 10), growth=2, decay=0.5),
    "restart-float-growth": lrc.restart(lrc.cosine(1.0, 10), growth=1.5),
    "concat": lrc.concat(lrc.linear(0.0, 1.0, 10), lrc.cosine(1.0, 90), lrc.constant(0.1)),
    "product": lrc.cosine(1.0, 100) * lrc.linear(0.5, 1.0, 10) + 0.01,
    "clip-shift-stretch": lrc.stretch(lrc.shift(lrc.cosine(1.0, 100), 5).clip(0.2, 0.9), 2.5, staircase=True),
}
SCHEDULE_PARAMS = [pytest.param(s, id=k) for k, s in SCHEDULES.items()]


@pytest.mark.parametrize("s", SCHEDULE_PARAMS)
@pytest.mark.parametrize(
    ("step", "error", "message"),
    [
        pytest.param(-1, ValueError, r"step must be >= 0, got -1\.", id="int-negative"),
        pytest.param(-(2**70), ValueError, r"step must be >= 0", id="int-very-negative"),
        pytest.param(
            -0.5, ValueError, r"step must be >= 0 \(and not NaN\), got -0\.5\.", id="float-negative"
        ),
        pytest.param(math.nan, ValueError, r"not NaN\), got nan", id="nan"),
        pytest.param(math.inf, ValueError, r"step must be finite, got inf", id="inf"),
        pytest.param(-math.inf, ValueError, r"step must be >= 0", id="-inf"),
        pytest.param(np.float32("nan"), ValueError, r"not NaN", id="np.float32-nan"),
        pytest.param(np.float16("inf"), ValueError, r"finite", id="np.float16-inf"),
        pytest.param(np.longdouble("1e400"), ValueError, r"finite", id="longdouble-beyond-float64"),
        pytest.param(np.int8(-3), ValueError, r"step must be >= 0, got -3\.", id="np.int8-negative"),
        pytest.param(2**1024, ValueError, r"step must be at most 1\.8e308 \(a float64\)", id="int-2**1024"),
        pytest.param(10**5000, ValueError, r"at most 1\.8e308 .*<int of 16610 bits>", id="int-10**5000"),
        pytest.param(Fraction(10**400, 3), ValueError, r"step must be finite", id="fraction-huge"),
        pytest.param(Decimal("2.5"), TypeError, r"got Decimal\('2\.5'\) \(Decimal\)", id="decimal"),
        pytest.param(
            True, TypeError, r"step must be a number or an array of numbers, got True \(bool\)", id="bool"
        ),
        pytest.param(np.bool_(False), TypeError, r"\(bool\)", id="np.bool_"),
        pytest.param(np.array([True, False]), TypeError, r"array of dtype bool", id="bool-array"),
        pytest.param("3", TypeError, r"got '3' \(str\)", id="str"),
        pytest.param(b"3", TypeError, r"\(bytes\)", id="bytes"),
        pytest.param(None, TypeError, r"got None \(NoneType\)", id="None"),
        pytest.param(1j, TypeError, r"\(complex\)", id="complex"),
        pytest.param(object(), TypeError, r"\(object\)", id="object"),
        pytest.param({1: 2}, TypeError, r"\(dict\)", id="dict"),
        pytest.param(["a", "b"], TypeError, r"array of numbers, got dtype <U1", id="list-of-str"),
        pytest.param(np.array([1 + 0j]), TypeError, r"dtype complex128", id="complex-array"),
        pytest.param(np.array([1, None], dtype=object), TypeError, r"dtype object", id="object-array"),
        pytest.param(
            np.array([0.0, -1.0]),
            ValueError,
            r"steps must be >= 0 \(and not NaN\), got -1\.0",
            id="array-neg",
        ),
        pytest.param(np.array([0.0, np.nan]), ValueError, r"got NaN", id="array-nan"),
        pytest.param(np.array([0.0, np.inf]), ValueError, r"steps must be finite, got inf", id="array-inf"),
        pytest.param(np.array([-1], dtype=np.int8), ValueError, r"steps must be >= 0", id="array-int8-neg"),
        pytest.param(
            np.array([1e400], dtype=np.longdouble), ValueError, r"finite", id="array-longdouble-huge"
        ),
    ],
)
def test_bad_steps_are_clear_errors(s: lrc.Schedule, step: Any, error: type, message: str) -> None:
    with pytest.raises(error, match=rf"^{s.api}\(\): .*" + message):
        s(step)


@pytest.mark.parametrize("s", SCHEDULE_PARAMS)
@pytest.mark.parametrize("tp", [pytest.param(t, id=t.__name__) for t in INT_TYPES])
def test_numpy_integer_steps_of_every_width(s: lrc.Schedule, tp: type) -> None:
    top = int(np.iinfo(tp).max)
    for t in (0, 7, 100, top):
        assert s(tp(t)) == s(t)
    # The float64 array rounds 2**63 - 1 to 2**63: compare with the scalar at that float.
    want = [s(0), s(7), s(float(top))]
    assert s(np.array([0, 7, top], dtype=tp)).tolist() == pytest.approx(want, rel=4e-16)


@pytest.mark.parametrize("s", SCHEDULE_PARAMS)
@pytest.mark.parametrize("tp", [pytest.param(t, id=t.__name__) for t in FLOAT_TYPES])
def test_numpy_float_steps_of_every_width(s: lrc.Schedule, tp: type) -> None:
    for t in (0.0, 2.5, 99.75, 1000.0):
        x = tp(t)
        v = s(x)
        assert type(v) is float and v == s(float(x))
    arr = s(np.array([2.5, 99.75], dtype=tp))
    assert arr.dtype == np.float64
    assert arr.tolist() == pytest.approx([s(2.5), s(99.75)], rel=4e-16)


@pytest.mark.parametrize("s", SCHEDULE_PARAMS)
def test_fraction_steps(s: lrc.Schedule) -> None:
    assert s(Fraction(5, 2)) == s(2.5)


@pytest.mark.parametrize("s", SCHEDULE_PARAMS)
@pytest.mark.parametrize(
    "shape", [pytest.param((), id="0-d"), pytest.param((0,), id="empty"), pytest.param((0, 3), id="empty-2d")]
)
def test_zero_dimensional_and_empty_arrays(s: lrc.Schedule, shape: tuple[int, ...]) -> None:
    x = np.full(shape, 7.0)
    out = s(x)
    assert isinstance(out, np.ndarray) and out.dtype == np.float64 and out.shape == shape
    if shape == ():
        assert float(out) == pytest.approx(s(7.0), rel=4e-16)


@pytest.mark.parametrize("s", SCHEDULE_PARAMS)
@pytest.mark.parametrize(
    "t",
    [
        pytest.param(2**53 - 1, id="2**53-1"),
        pytest.param(2**53, id="2**53"),
        pytest.param(2**53 + 1, id="2**53+1"),
        pytest.param(2**63 - 1, id="2**63-1"),
        pytest.param(2**63, id="2**63"),
        pytest.param(2**64 - 1, id="2**64-1"),
        pytest.param(2**1023, id="2**1023"),
        pytest.param(1.7e308, id="1.7e308"),
    ],
)
def test_huge_steps_give_finite_values_on_every_path(s: lrc.Schedule, t: int) -> None:
    v = s(t)
    assert type(v) is float and math.isfinite(v)
    if t < 2**64:
        assert s(np.uint64(t)) == v
    # The float64 array holds the nearest float to t: compare with the scalar at that float.
    arr = s(np.array([t], dtype=np.float64))
    assert math.isfinite(arr[0])
    assert arr[0] == pytest.approx(s(float(t)), rel=1e-12, abs=1e-15)


@pytest.mark.parametrize("s", SCHEDULE_PARAMS)
@pytest.mark.parametrize("dtype", ["bfloat16", "float16"])
def test_torch_half_precision_tensors(s: lrc.Schedule, dtype: str) -> None:
    torch = pytest.importorskip("torch")
    steps = [0, 1, 2, 3, 5, 8, 16, 32, 64, 128, 256]  # exact in both half formats
    x = torch.tensor(steps, dtype=getattr(torch, dtype))
    out = s(x)
    assert isinstance(out, torch.Tensor) and out.dtype == x.dtype
    want = s(np.array(steps, dtype=np.float64))
    assert np.allclose(out.float().numpy(), want, rtol=2**-5, atol=2**-6)


@pytest.mark.parametrize("s", SCHEDULE_PARAMS)
def test_jax_bfloat16_arrays(s: lrc.Schedule) -> None:
    jnp = pytest.importorskip("jax.numpy")
    steps = [0, 1, 2, 3, 5, 8, 16, 32, 64, 128, 256]
    x = jnp.array(steps, dtype=jnp.bfloat16)
    out = s(x)
    assert out.dtype == jnp.bfloat16
    want = s(np.array(steps, dtype=np.float64))
    assert np.allclose(np.asarray(out, dtype=np.float64), want, rtol=2**-5, atol=2**-6)


# ---------------------------------------------------------------------------------------- depth
def _nest(kind: str, depth: int) -> lrc.Schedule:
    s = lrc.constant(1.0)
    for _ in range(depth):
        s = {
            "shift": lambda x: lrc.shift(x, 1),
            "scale": lambda x: 0.5 * x,
            "warmup": lambda x: lrc.warmup(x, 1),
            "clip": lambda x: x.clip(0.0, 1.0),
            "add": lambda x: x + 0.0,
            "concat": lambda x: lrc.concat(lrc.linear(1.0, 0.5, 1), x),
            "restart": lambda x: lrc.restart(x, 3),
        }[kind](s)
    return s


KINDS = ["shift", "scale", "warmup", "clip", "add", "concat", "restart"]


@pytest.mark.parametrize("kind", KINDS)
def test_depth_1000_is_a_clear_error(kind: str) -> None:
    with pytest.raises(
        ValueError, match=r"the composition is nested 201 levels deep, more than the 200 allowed"
    ):
        _nest(kind, 1000)


@pytest.mark.parametrize("kind", KINDS)
def test_the_deepest_composition_works_everywhere(kind: str) -> None:
    import pickle

    s = _nest(kind, 199)  # depth 200: the deepest allowed
    assert math.isfinite(s(12345))
    assert s(np.array([0.0, 12345.0]))[1] == pytest.approx(s(12345), rel=1e-12)
    text = repr(s)
    assert text.count("(") >= 200
    assert lrc.from_dict(s.to_dict()) == s
    assert pickle.loads(pickle.dumps(s)) == s
    assert hash(s) == hash(_nest(kind, 199))


@pytest.mark.parametrize("kind", KINDS)
def test_deep_compositions_round_trip_through_text(kind: str) -> None:
    # Python's tokenizer refuses 200 nested brackets: text round-trips below that.
    s = _nest(kind, 150)
    assert lrc.parse(repr(s)) == s


def test_wide_compositions_are_flat() -> None:
    pieces = [lrc.linear(1.0, 0.5, 1)] * 999 + [lrc.constant(0.25)]
    s = lrc.concat(*pieces)
    assert s(998.5) == 0.75 and s(10**6) == 0.25
    total = lrc.add(*[lrc.constant(0.001)] * 1000)
    assert total(5) == pytest.approx(1.0)
    assert lrc.parse(repr(s)) == s


# ---------------------------------------------------------------------------------------- parse
CANARY = pathlib.Path("/tmp/lr_curves_hardening_canary")

HOSTILE_TEXT = {
    "unknown-name": ("cosin(1.0, 10)", r"unknown name 'cosin'"),
    "bare-name": ("x", r"name 'x' is not allowed"),
    "dunder-attribute": ("constant.__class__", r"attribute access is not allowed"),
    "dunder-call": ("constant(1).__reduce__()", r"'__reduce__' is not a schedule method"),
    "module-dunder": ("lr_curves.__import__('os')", r"unknown name '__import__'"),
    "lrc-private": ("lrc._serial.parse('1')", r"only calls of lr_curves schedule names"),
    "import": (f"__import__('os').system('touch {CANARY}')", r"unknown name '__import__'"),
    "builtin-open": (f"open('{CANARY}', 'w')", r"unknown name 'open'"),
    "builtin-eval": ("eval('constant(1)')", r"unknown name 'eval'"),
    "exec-in-arg": (f"constant(exec(\"open('{CANARY}','w')\"))", r"unknown name 'exec'"),
    "subclasses": ("().__class__.__base__.__subclasses__()", r"only calls"),
    "lambda": ("(lambda: constant(1))()", r"only calls"),
    "comprehension": ("constant([x for x in (1,)])", r"a comprehension is not allowed"),
    "walrus": ("(x := constant(1))", r"':=' \(an assignment\) is not allowed"),
    "power": ("constant(9**9**9)", r"number out of the float64 range"),  # float powers: no huge int
    "fstring": ("constant(f'{1}')", r"an f-string is not allowed"),
    "bytes": ("constant(b'1')", r"literal b'1' is not allowed"),
    "complex": ("constant(1j)", r"literal 1j is not allowed"),
    "ellipsis": ("constant(...)", r"literal Ellipsis is not allowed"),
    "star-args": ("constant(*[1])", r"\*args are not allowed"),
    "star-kwargs": ("constant(**{'value': 1})", r"\*\*kwargs are not allowed"),
    "dict-literal": ("constant({1: 2})", r"a dict \{\.\.\.\} is not allowed"),
    "subscript": ("constant((1, 2)[0])", r"indexing \[\.\.\.\] is not allowed"),
    "statement": ("import os", r"not a valid expression"),
    "two-statements": ("constant(1); constant(2)", r"not a valid expression"),
    "empty": ("", r"not a valid expression"),
    "nul": ("constant(1)\x00", r"must not contain NUL characters"),
    "too-long": ("constant(1)" + " " * 100_000, r"text must be at most 100000 characters"),
    "int-5000-digits": ("constant(" + "9" * 5000 + ")", r"not a valid expression"),
    "int-1e400": ("constant(" + "1" + "0" * 400 + ")", r"number out of the float64 range"),
    "float-1e999": ("constant(1e999)", r"constant\(\): value must be finite, got inf"),
    "int-division-overflow": ("constant(" + "9" * 400 + " / 3)", r"number out of the float64 range"),
    "product-overflow": ("constant(" + " * ".join(["9" * 300] * 4) + ")", r"number out of the float64 range"),
    "float-product-inf": ("constant(1e308 * 10)", r"number out of the float64 range"),
    "division-by-zero": ("constant(1 / 0)", r"division by zero"),
    "sign-on-str": ("constant(-'1')", r"a sign applies only to numbers and schedules"),
    "bool-arithmetic": ("constant(True + 1)", r"arithmetic applies only to numbers and schedules"),
    "schedule-division": ("constant(1) / 0", r"divide\(\): by must be a non-zero number"),
    "brackets-1000": ("[" * 1000 + "]" * 1000, r"nested deeper than 200 levels|not a valid expression"),
    "brackets-100000": ("(" * 50_000 + "1" + ")" * 49_999, r"not a valid expression"),
    "calls-1000": ("shift(" * 1000 + "constant(1)" + ", 1)" * 1000, r"too many nested parentheses"),
    "signs-300": ("-" * 300 + "constant(1)", r"expression nested deeper than 200 levels"),
    "signs-5000": ("-" * 5000 + "constant(1)", r"nested deeper than 200 levels|not a valid expression"),
    "huge-list": (
        "piecewise_constant([" + "1.0, " * 19_000 + "1.0], [" + ", ".join(map(str, range(1, 100))) + "])",
        r"piecewise_constant\(\): values must have one more item than at",
    ),
    "number-result": ("1 + 2", r"the expression must build a schedule, got 3"),
    "missing-arg": ("cosine(1.0)", r"bad arguments for cosine\(\) at column 1: missing a required argument"),
    "unknown-kwarg": ("cosine(1.0, 10, __class__=1)", r"unexpected keyword argument '__class__'"),
    "duplicate-kwarg": ("constant(1, value=2)", r"multiple values for argument 'value'"),
    "bad-value": ("cosine(1.0, -10)", r"cosine\(\): steps must be a positive number, got -10\."),
    "wrong-type-arg": ("warmup(1.0, 10)", r"warmup\(\): schedule must be a Schedule, got 1\.0 \(float\)"),
}


@pytest.mark.parametrize(("text", "message"), [pytest.param(*v, id=k) for k, v in HOSTILE_TEXT.items()])
def test_parse_refuses_hostile_text(text: str, message: str) -> None:
    CANARY.unlink(missing_ok=True)
    with pytest.raises((ValueError, TypeError), match=message):
        lrc.parse(text)
    assert not CANARY.exists()


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(None, id="None"),
        pytest.param(b"constant(1)", id="bytes"),
        pytest.param(lrc.constant(1.0), id="schedule"),
        pytest.param(["constant(1)"], id="list"),
    ],
)
def test_parse_refuses_non_strings(text: Any) -> None:
    with pytest.raises(TypeError, match=r"^parse\(\): text must be a str, got "):
        lrc.parse(text)


def test_parse_accepts_a_large_valid_list() -> None:
    n = 5_000
    text = f"piecewise_constant([{', '.join(['0.5'] * (n + 1))}], [{', '.join(map(str, range(1, n + 1)))}])"
    s = lrc.parse(text)
    assert s(n + 10) == 0.5 and len(s.boundaries()) == n


# ---------------------------------------------------------------------------------------- from_dict
def _doc(node: Any, version: Any = 1) -> dict[str, Any]:
    return {"lr_curves": version, "schedule": node}


def _cyclic_dict() -> dict[str, Any]:
    node: dict[str, Any] = {"type": "shift", "by": 1}
    node["schedule"] = node
    return _doc(node)


def _cyclic_list() -> dict[str, Any]:
    values: list[Any] = [1.0]
    values.append(values)
    return _doc({"type": "piecewise_constant", "values": values, "at": [5]})


def _shared(depth: int) -> dict[str, Any]:
    """A DAG: each level uses the level below twice (2**depth leaves, depth + 1 dicts)."""
    node: dict[str, Any] = {"type": "constant", "value": 1.0}
    for _ in range(depth):
        node = {"type": "add", "terms": [node, node]}
    return _doc(node)


def _deep(depth: int) -> dict[str, Any]:
    node: dict[str, Any] = {"type": "constant", "value": 1.0}
    for _ in range(depth):
        node = {"type": "shift", "schedule": node, "by": 1}
    return _doc(node)


def _deep_list(depth: int) -> dict[str, Any]:
    values: Any = 1.0
    for _ in range(depth):
        values = [values]
    return _doc({"type": "constant", "value": values})


HOSTILE_DATA = {
    "not-a-dict": ([1, 2], TypeError, r"data must be a dict, got list"),
    "none": (None, TypeError, r"data must be a dict, got NoneType"),
    "no-version": ({"schedule": {"type": "constant", "value": 1}}, ValueError, r"format version 1, got None"),
    "version-2": (_doc({"type": "constant", "value": 1}, 2), ValueError, r"format version 1, got 2"),
    "version-true": (_doc({"type": "constant", "value": 1}, True), ValueError, r"format version 1, got True"),
    "version-float": (_doc({"type": "constant", "value": 1}, 1.0), ValueError, r"format version 1, got 1\.0"),
    "version-list": (_doc({"type": "constant", "value": 1}, [1]), ValueError, r"format version 1, got \[1\]"),
    "schedule-not-dict": (_doc("constant(1)"), TypeError, r"data\['schedule'\] must be a dict, got str"),
    "no-type": (_doc({"value": 1}), ValueError, r"needs a 'type' string at schedule, got None"),
    "type-not-str": (_doc({"type": ["constant"]}), ValueError, r"needs a 'type' string"),
    "unknown-type": (_doc({"type": "eval", "value": "1"}), ValueError, r"unknown schedule type 'eval'"),
    "dunder-type": (_doc({"type": "__class__"}), ValueError, r"unknown schedule type '__class__'"),
    "dunder-key": (_doc({"type": "constant", "value": 1, "__init__": 1}), TypeError, r"unexpected keyword"),
    "private-key": (_doc({"type": "constant", "value": 1, "_fn": 1}), TypeError, r"unexpected keyword"),
    "non-str-key": (_doc({"type": "constant", 1: 1}), TypeError, r"keys must be strings, got 1 at schedule"),
    "tuple-key": (_doc({"type": "constant", (1, 2): 1}), TypeError, r"keys must be strings, got \(1, 2\)"),
    "missing-arg": (_doc({"type": "cosine", "peak": 1.0}), TypeError, r"bad arguments for cosine\(\)"),
    "nan": (_doc({"type": "constant", "value": math.nan}), ValueError, r"constant\(\): value must be finite"),
    "int-1e400": (_doc({"type": "constant", "value": 10**400}), ValueError, r"at most 1\.8e308"),
    "bytes": (_doc({"type": "constant", "value": b"1"}), TypeError, r"got bytes at schedule\.value"),
    "complex": (_doc({"type": "constant", "value": 1j}), TypeError, r"got complex at schedule\.value"),
    "object": (_doc({"type": "constant", "value": object()}), TypeError, r"got object at schedule\.value"),
    "set": (_doc({"type": "constant", "value": {1}}), TypeError, r"got set"),
    "str-number": (
        _doc({"type": "constant", "value": "1"}),
        TypeError,
        r"constant\(\): value must be a real",
    ),
    "cyclic-dict": (_cyclic_dict(), ValueError, r"data contains a cycle at schedule\.schedule\."),
    "cyclic-list": (_cyclic_list(), ValueError, r"data contains a cycle at schedule\.values\[1\]\."),
    "shared-2**60": (
        _shared(60),
        ValueError,
        r"data uses the same list or dict twice \(shared data\) at schedule\.terms\[0\]",
    ),
    "deep-1000": (_deep(1000), ValueError, r"nested deeper than 401 levels"),
    "deep-list-100000": (_deep_list(100_000), ValueError, r"nested deeper than 401 levels"),
    "deep-250": (_deep(250), ValueError, r"^shift\(\): the composition is nested 201 levels deep"),
    "pieces-not-list": (_doc({"type": "concat", "pieces": {"type": "constant"}}), TypeError, r"pieces"),
    "huge-list": (
        _doc({"type": "piecewise_constant", "values": [1.0] * 1_000_001, "at": [1]}),
        ValueError,
        r"values must have one more item than at",
    ),
}


@pytest.mark.parametrize(
    ("data", "error", "message"), [pytest.param(*v, id=k) for k, v in HOSTILE_DATA.items()]
)
def test_from_dict_refuses_hostile_data(data: Any, error: type, message: str) -> None:
    before = copy.copy(data) if isinstance(data, dict) else data
    with pytest.raises(error, match=message):
        lrc.from_dict(data)
    if isinstance(data, dict):
        assert data == before or data is before  # the input is not modified


# ---------------------------------------------------------------------------------------- presets
def _preset_callables() -> list[Any]:
    out = []
    for info in pkgutil.iter_modules(lr_curves.presets.__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"lr_curves.presets.{info.name}")
        names = getattr(module, "__all__", [n for n in vars(module) if not n.startswith("_")])
        for name in names:
            obj = getattr(module, name)
            if callable(obj) and getattr(obj, "__module__", "") == module.__name__:
                out.append(pytest.param(obj, id=f"{info.name}.{name}"))
    return out


PRESETS = _preset_callables()
PRESET_BAD = {
    "nan": math.nan,
    "inf": math.inf,
    "negative": -1,
    "zero": 0,
    "bool": True,
    "str": "x",
    "none": None,
    "list": [math.nan],
    "huge-int": 10**400,
    "object": object(),
}


def _required(fn: Any) -> list[inspect.Parameter]:
    try:
        params = inspect.signature(fn).parameters.values()
    except (TypeError, ValueError):
        return []
    return [p for p in params if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)]


@pytest.mark.skipif(not PRESETS, reason="no preset modules in lr_curves.presets yet")
@pytest.mark.parametrize("fn", PRESETS)
@pytest.mark.parametrize("bad", [pytest.param(v, id=k) for k, v in PRESET_BAD.items()])
def test_presets_raise_only_value_or_type_errors(fn: Any, bad: Any) -> None:
    """Every preset, every parameter spoilt in turn (the others at 1 or their default), and all
    of them at once: a ValueError/TypeError or a schedule, never another exception type."""
    params = _required(fn)
    calls = [{p.name: bad for p in params}]
    for spoilt in params:
        kwargs = {p.name: (1 if p.default is p.empty else p.default) for p in params}
        kwargs[spoilt.name] = bad
        calls.append(kwargs)
    for kwargs in calls:
        try:
            out = fn(**kwargs)
        except (ValueError, TypeError):
            continue
        if isinstance(out, lrc.Schedule):
            with pytest.raises((ValueError, TypeError)):
                out(math.nan)


# ---------------------------------------------------------------------------------------- CLI
@pytest.mark.parametrize(
    "argv",
    [
        pytest.param([], id="no-command"),
        pytest.param(["bogus"], id="unknown-command"),
        pytest.param(["demo", "--nope"], id="unknown-option"),
        pytest.param(["\x00"], id="nul"),
    ],
)
def test_cli_bad_arguments_exit_with_usage(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        cli.main(argv)
    assert exc.value.code == 2
    assert "usage: lr-curves" in capsys.readouterr().err


def test_cli_demo_runs(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["demo"]) == 0
    assert "warmup(cosine(0.0003, 9000, floor=3e-05), 1000)" in capsys.readouterr().out


def test_the_recursion_limit_is_untouched() -> None:
    limit = sys.getrecursionlimit()
    with pytest.raises(ValueError):
        lrc.parse("shift(" * 1000 + "constant(1)" + ", 1)" * 1000)
    assert sys.getrecursionlimit() == limit


@pytest.mark.parametrize(
    ("every", "growth"),
    [
        pytest.param(1e300, 1 + 1e-12, id="huge-cycles-growth-near-1"),
        pytest.param(1.0, 1 + 1e-12, id="growth-near-1"),
        pytest.param(3, 1 + 2**-40, id="growth-1+2**-40"),
        pytest.param(5e-324, 1e308, id="subnormal-cycles-huge-growth"),
        pytest.param(10, 1e308, id="huge-growth"),
    ],
)
def test_restart_with_extreme_growth_is_fast_and_agrees(every: float, growth: float) -> None:
    # The cycle index is a logarithm corrected by a step or two: never a long walk (the fuzzer
    # once found growth = 1 + 1e-12 with every = 1e300 walking 1.8e8 cycles).
    r = lrc.restart(lrc.cosine(1.0, 10), every, growth=growth)
    steps = [0.0, 5.0, 1e6, 1e15, 1e300]
    values = [r(t) for t in steps]
    assert all(math.isfinite(v) for v in values)
    assert r(np.array(steps)).tolist() == pytest.approx(values, rel=1e-9, abs=1e-12)


# ---------------------------------------------------------------------------------------- issue 16
# Bounded work on untrusted input: each reproducer runs in a fresh interpreter with a time limit
# (20 s on a loaded machine; each takes well under a second) and reports its peak memory.
_BOUNDED_PRELUDE = """
import json, sys
import numpy as np
import lr_curves as lrc
"""
_BOUNDED_EPILOGUE = """
# VmHWM: this process's own peak (ru_maxrss would include the parent's, inherited over exec)
try:
    with open("/proc/self/status") as f:
        rss = next(int(line.split()[1]) for line in f if line.startswith("VmHWM")) / 1024
except OSError:  # not Linux: time only
    rss = 0.0
assert rss < 500, f"peak RSS {rss:.0f} MB"
print("ok")
"""


def _bounded(code: str, timeout: float = 20.0) -> None:
    import subprocess

    src = _BOUNDED_PRELUDE + code + _BOUNDED_EPILOGUE
    try:
        out = subprocess.run(
            [sys.executable, "-c", src], capture_output=True, text=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"did not answer within {timeout} s")
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip().endswith("ok")


BOUNDED: dict[str, str] = {
    # restart's length was a 2**(10**12)-sized exact integer: now the end is past every float64
    "restart-huge-limit": """
s = lrc.parse("warmup(restart(cosine(1.0, 10), growth=2, limit=1000000000000), 5)")
assert s.length is None and s(0) == 0.0 and s(5) == 1.0
assert lrc.describe(s).startswith("warmup(")
from lr_curves import analysis
assert analysis.horizon(s) is None
""",
    # the cycle table walked back one cycle at a time from ~6e18
    "restart-tiny-every-growth-near-1": """
s = lrc.parse("restart(cosine(1.0, 10), every=1e-300, growth=1.0000000000000002)")
assert s(0) == 1.0 and s(np.array([0.0, 1e300])).shape == (2,)
""",
    # the same dict twice, 16 levels deep: 2**16 schedules read as a tree
    "from-dict-shared-16": """
d = {"type": "constant", "value": 1.0}
for _ in range(16):
    d = {"type": "add", "terms": [d, d]}
try:
    lrc.from_dict({"lr_curves": 1, "schedule": d})
except ValueError as e:
    assert "same list or dict twice" in str(e), e
else:
    raise AssertionError("shared data accepted")
""",
    # 16,000 schedules in 0.5 MB of JSON: read, then evaluated (the scalar path is not compiled)
    "from-dict-16k-nodes": """
c = lrc.concat(*[lrc.linear(1.0, 0.5, 10 + i % 7) for i in range(16_000)])
text = json.dumps(c.to_dict())
assert len(text) > 500_000
s = lrc.from_dict(json.loads(text))
assert s == c and s(12345.5) == c(np.array([12345.5]))[0]
assert lrc.parse("add(" + ", ".join(["constant(1)"] * 7000) + ")")(0) == 7000.0
""",
    # a DAG of 41 nodes and 2**40 paths: hash, ==, repr, evaluation stay linear in the nodes
    "doubling-dag": """
def build():
    s = lrc.cosine(1.0, 100)
    for _ in range(40):
        s = s + s
    return s
a, b = build(), build()
assert hash(a) == hash(b) and a == b and a != a * 2.0
assert a(50) == 2.0**40 * lrc.cosine(1.0, 100)(50) == a(np.array([50.0]))[0]
assert repr(a).startswith("<add(...): a composition of 2,199,023,255,551 nodes")
try:
    a.to_dict()
except ValueError as e:
    assert "more than the 20,000 from_dict reads" in str(e), e
else:
    raise AssertionError("to_dict wrote 2**41 nodes")
""",
    # masks per piece were O(pieces x n): 27 s for 10,000 pieces on 10**6 reversed steps
    "concat-10k-pieces-any-order": """
c = lrc.concat(*[lrc.linear(1.0 / (i + 1), 0.5 / (i + 1), 100) for i in range(10_000)])
x = np.arange(2 * 10**6, dtype=np.float64) / 2
a = c(x)
assert (c(x[::-1]) == a[::-1]).all()
p = np.random.default_rng(0).permutation(x.size)
assert (c(x[p]) == a[p]).all()
assert c(12345.5) == a[24691]
""",
    # 399 nodes that stage to 13,531 statements: parse, then the first scalar call compiled
    # them (3.3 s in a loaded fuzz run); staging now stops at MAX_STAGED_STATEMENTS
    "parse-and-call-199-restarts": """
piece = "restart(cosine(1.0, 10, power=2.0), every=3.5, growth=1.5, decay=0.9, limit=7)"
for n in (40, 199):
    s = lrc.parse("concat(" + ", ".join([piece] * n) + ")")
    assert lrc.parse(repr(s)) == s == lrc.from_dict(s.to_dict())
    got = [s(1000), s(1e12)]
    assert s(np.array([1000.0, 1e12])).tolist() == got
""",
    # piecewise_linear with 10**6 points on 10**6 shuffled steps ran past 600 s (each chunk of
    # every evaluation rebuilt 10**6 pieces): now one lookup per step in tables built once
    "piecewise-million-points-shuffled": """
rng = np.random.default_rng(0)
n = 10**6
at = np.cumsum(rng.integers(1, 5, n)).tolist()
values = rng.random(n).tolist()
x = rng.permutation(np.arange(n, dtype=np.float64) * (at[-1] / n))
for f in (lrc.piecewise_linear, lrc.piecewise_cosine):
    s = f(values, at)
    y = s(x)
    for i in (0, 1, 12345, n - 1):
        assert y[i] == s(float(x[i]))
    order = np.argsort(x)
    assert (s(x[order]) == y[order]).all()  # the same values, in any order
c = lrc.piecewise_constant(values, at[:-1])
y = c(x)
assert y[7] == c(float(x[7])) and y[n - 1] == c(float(x[n - 1]))
k = lrc.concat(*[lrc.linear(1.0 / (i + 1), 0.5 / (i + 1), 10) for i in range(10**4)])
y = k(x[x < 10**5])
assert y[3] == k(float(x[x < 10**5][3]))
""",
    # each chunk of a long evaluation searched and built all 20,000 pieces: 10 s on 10**7 steps
    "concat-20k-pieces-10**7-steps": """
c = lrc.concat(*[lrc.linear(1.0 / (i + 1), 0.5 / (i + 1), 10 + i % 7) for i in range(20_000)])
x = np.arange(10**7, dtype=np.float64) / 50
y = c(x)
for i in (0, 1, 123_456, 10**7 - 1):
    assert y[i] == c(float(x[i]))
assert c(x[::-1])[0] == y[-1]
""",
    # a 10**6-point piecewise_constant round-trips (was refused as "shared lists or dicts?")
    "from-dict-million-points": """
s = lrc.piecewise_constant([1.0 / (i + 1) for i in range(10**6)], list(range(1, 10**6)))
t = lrc.from_dict(json.loads(json.dumps(s.to_dict())))
assert t == s and t(999_999) == 1e-6
""",
}


@pytest.mark.parametrize("name", sorted(BOUNDED))
def test_untrusted_input_is_answered_in_bounded_time_and_memory(name: str) -> None:
    _bounded(BOUNDED[name])


def test_restart_cycle_numbers_are_checked() -> None:
    r = lrc.restart(lrc.cosine(1.0, 10), growth=2)
    with pytest.raises(
        ValueError, match=r"restart.cycle_start\(\): n must be a cycle number \(an int >= 0\), got -1\."
    ):
        r.cycle_start(-1)
    with pytest.raises(ValueError, match=r"restart.cycle_start\(\): n must be .*, got True\."):
        r.cycle_start(True)
    with pytest.raises(ValueError, match=r"restart.cycle_index\(\): t must be a finite step >= 0, got nan\."):
        r.cycle_index(math.nan)
    assert r.cycle_start(3) == 70 and r.cycle_index(69) == 2 and r.cycle_index(70) == 3
    assert r.cycle_start(10**6) == math.inf  # beyond every float64, never a huge exact integer


def test_parse_refuses_repeated_keywords_and_lookalike_names() -> None:
    with pytest.raises(ValueError, match=r"steps is given twice"):
        lrc.parse("cosine(1.0, steps=10, steps=20)")
    with pytest.raises(ValueError, match=r"text must be ASCII, got 'ｃ' \(U\+FF43\) at column 1\."):  # noqa: RUF001
        lrc.parse("ｃｏｎｓｔａｎｔ(1.0)")  # noqa: RUF001


def test_from_dict_counts_schedules() -> None:
    data = {
        "lr_curves": 1,
        "schedule": {"type": "concat", "pieces": [{"type": "constant", "value": 1.0} for _ in range(20_001)]},
    }
    with pytest.raises(
        ValueError, match=r"data describes more than 20,000 schedules at schedule\.pieces\[19999\]"
    ):
        lrc.from_dict(data)


# No OverflowError, no silent NaN/inf: a value computed without overflowing on the way (the
# same on both paths) or a clear error at construction naming the argument.
FINITE_AT_THE_EDGES = {
    "linear": (lrc.linear(-1e308, 1e308, 10), [-1e308, -8.000000000000001e307, 0.0, 1e308]),
    "triangle": (lrc.triangle(-1e308, 1e308, 10), [-1e308, -8.000000000000001e307, 0.0, 1e308]),
    "piecewise_linear": (
        lrc.piecewise_linear([-1e308, 1e308], [0, 10]),
        [-1e308, -8.000000000000001e307, 0.0, 1e308],
    ),
    "cosine": (lrc.cosine(1e308, 10, floor=-1e308), [1e308, 9.510565162951536e307, None, -1e308]),
    "warmup": (
        lrc.warmup(lrc.constant(1e308), 10, start=-1e308),
        [-1e308, -8.000000000000001e307, 0.0, 1e308],
    ),
    "cooldown": (lrc.cooldown(1e308, -1e308, 10, "linear"), [1e308, 8.000000000000001e307, 0.0, -1e308]),
}


@pytest.mark.parametrize("name", sorted(FINITE_AT_THE_EDGES))
def test_a_span_beyond_float64_is_not_nan(name: str) -> None:
    s, expected = FINITE_AT_THE_EDGES[name]
    steps = [0, 1, 5, 10]
    values = [s(t) for t in steps]
    assert all(math.isfinite(v) for v in values), values
    for v, e in zip(values, expected, strict=True):
        if e is not None:
            assert v == e
    assert s(np.array(steps, dtype=np.float64)).tolist() == values


def test_zero_times_a_growth_to_inf_is_zero() -> None:
    s = lrc.exponential(0.0, 2.0)
    assert s(2000) == 0.0 and s(np.array([2000.0]))[0] == 0.0
    assert lrc.exponential(1.0, 2.0)(2000) == math.inf == lrc.exponential(1.0, 2.0)(np.array([2000.0]))[0]


def test_multistep_values_beyond_float64_are_refused_naming_factor() -> None:
    with pytest.raises(
        ValueError,
        match=r"multistep\(\): factor must be such that start \* factor \*\* 2 fits a float64 \(start=1\.0\), got 1e\+200\.",
    ):
        lrc.multistep(1.0, 1e200, [1, 2])
    assert lrc.multistep(1.0, 1e-200, [1, 2])(5) == 0.0  # underflow to 0 is a value


def test_restart_with_huge_growth_and_the_log_index_agrees() -> None:
    r = lrc.restart(lrc.cosine(1.0, 10), growth=1e308, index="log")
    steps = [0, 5, 10, 1000, 1e300]
    values = [r(t) for t in steps]
    assert all(math.isfinite(v) for v in values)
    assert r(np.array(steps, dtype=np.float64)).tolist() == values


def test_a_restart_ending_past_float64_has_no_length_and_concat_says_so() -> None:
    r = lrc.restart(lrc.cosine(1.0, 10), growth=2, limit=1100)
    from lr_curves import analysis

    assert r.length is None and analysis.horizon(r) is None
    assert "restart" in lrc.describe(r)
    with pytest.raises(ValueError, match=r"concat\(\): schedule 0 has no length"):
        lrc.concat(r, lrc.constant(0.1))
    assert lrc.restart(lrc.cosine(1.0, 10), growth=2, limit=1000).length == 10 * (2**1000 - 1)


@pytest.mark.parametrize(
    ("name", "call"),
    [
        # budget sums a cosine over 10**12 steps in closed form now (issue 13): a minimum's
        # crossing points are unknown to it, so that one is still evaluated, hence refused
        ("budget", lambda s: lrc.budget(lrc.minimum(s, 0.5), 10**12)),
        ("extremes", lambda s: lrc.extremes(s, 10**12)),
        ("first_crossing", lambda s: lrc.first_crossing(s, 0.5, stop=10**12)),
    ],
)
def test_analysis_over_10_12_steps_without_a_closed_form_is_refused(name: str, call: Any) -> None:
    # was hours of work: now a clear error before evaluating anything
    with pytest.raises(ValueError, match=rf"{name}\(\): the range holds 1,000,000,000,000 steps to evaluate"):
        call(lrc.cosine(1.0, 10**12))
    assert lrc.budget(lrc.cosine(1.0, 100), 10**12) == 50.5 + (10**12 - 101) * 0.0  # the tail is closed form


# Integers beyond 2**53: the NumPy path computes in float64, so the scalar path must see the same
# numbers. Each of these differed in the last bit between s(t) and s(np.array([t])).
HUGE_INTEGERS = {
    "triangle-10**39-1": (lrc.triangle(0.0, 1.0, 10**39 - 1), [1000, 10**12]),
    "triangle-period-past-2**53": (lrc.triangle(0.1, 1.0, 8589442957988376, 4797332504286705), [2**53]),
    "inverse_sqrt-sum-past-2**53": (lrc.inverse_sqrt(1.0, 6495981797953147), [2**53, 3416702992904940]),
    "polynomial-cycle-horizon-past-2**53": (lrc.polynomial(1.0, 0.0, 47, 2.0, cycle=True), [2**53]),
    "piecewise-boundary-past-2**53": (
        lrc.piecewise_constant([1.0, 0.5, 0.1], [2**53 + 1, 2**60 + 1]),
        [2**53, 2**53 - 1],
    ),
    "concat-of-a-restart-ending-past-2**53": (
        lrc.concat(lrc.restart(lrc.cosine(1.0, 3), every=10, growth=2, limit=1000), lrc.constant(0.1)),
        [1000, 10**12, 2**53],
    ),
}


@pytest.mark.parametrize("name", sorted(HUGE_INTEGERS))
def test_integers_past_2_53_give_the_same_value_on_both_paths(name: str) -> None:
    s, steps = HUGE_INTEGERS[name]
    scalar = [s(t) for t in steps]
    assert s(np.array(steps, dtype=np.float64)).tolist() == scalar
    assert [s(float(t)) for t in steps] == scalar  # an int step is the float it equals
    assert lrc.parse(repr(s)) == s == lrc.from_dict(s.to_dict())


def test_an_integer_parameter_past_2_53_is_stored_as_the_nearest_float() -> None:
    t = lrc.triangle(0.0, 1.0, 10**39 - 1)
    assert t.up == 1e39 and type(t.up) is float
    assert t == lrc.triangle(0.0, 1.0, 1e39) and repr(t) == "triangle(0.0, 1.0, 1e+39)"
    exact = lrc.cosine(1.0, 2**53)
    assert type(exact.steps) is int and repr(exact) == "cosine(1.0, 9007199254740992)"
    assert lrc.cosine(1.0, 2**53 + 1).steps == 2.0**53  # the float64 nearest to it
    r = lrc.restart(lrc.cosine(1.0, 10), limit=2**53 + 1)
    assert r.limit == 2**53 and type(r.limit) is int  # a count: the nearest float64, as an int
    c = lrc.concat(lrc.restart(lrc.cosine(1.0, 3), every=10, growth=2, limit=1000), lrc.constant(0.1))
    assert c.at == (10.0 * (2.0**1000 - 1),) and type(c.at[0]) is float
    # an int step past 2**53 stays exact on the scalar path: the cycle of 3 * 2**60 + 1 is right
    assert lrc.triangle(0.0, 1.0, 3)(3 * 2**60 + 1) == 1 / 3
