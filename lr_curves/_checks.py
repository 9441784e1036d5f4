"""Argument validation: one message format, written in one place.

Every public constructor validates once, at construction, and stores canonical Python types
(``np.int64(100)`` becomes ``100``, lists become tuples), so nothing the caller does later can
change a schedule. Messages follow one format::

    cosine(): steps must be a positive number, got 0.
    cosine(): peak must be a real number, got '1' (str).
"""

from __future__ import annotations

import itertools
import math
import numbers
import operator
import reprlib
import sys
from collections.abc import Iterable
from typing import Any, NoReturn, TypeVar, cast

T = TypeVar("T")

Number = int | float


def describe(value: Any) -> str:
    """``repr`` of a value, shortened so that an error message stays one readable line."""
    try:
        text = repr(value)
    except (ValueError, RecursionError):  # an int with more digits than Python prints, deep data
        if isinstance(value, int):
            text = f"<int of {value.bit_length()} bits>"
        else:
            short = reprlib.Repr()
            short.maxlevel = 3
            text = short.repr(value)
    if len(text) > 80:
        text = text[:60] + "..." + text[-10:]
    return text


def type_error(api: str, name: str, rule: str, value: Any, hint: str = "") -> NoReturn:
    msg = f"{api}(): {name} must be {rule}, got {describe(value)} ({type(value).__name__})."
    raise TypeError(msg + (f" Hint: {hint}" if hint else ""))


def value_error(api: str, name: str, rule: str, value: Any, hint: str = "") -> NoReturn:
    msg = f"{api}(): {name} must be {rule}, got {describe(value)}."
    raise ValueError(msg + (f" Hint: {hint}" if hint else ""))


def is_bool(value: Any) -> bool:
    """Whether ``value`` is a Python or NumPy boolean (which are not numbers here)."""
    return isinstance(value, bool) or type(value).__name__ == "bool_"


_is_bool = is_bool  # the former private name


#: The largest magnitude a parameter or a step may have: every value must fit a float64.
MAX_MAGNITUDE = sys.float_info.max


#: Every integer up to this magnitude is exact in a float64; a larger integer parameter is stored
#: as the nearest float64 (see :func:`real`).
MAX_EXACT_INT = 2**53


def real(api: str, name: str, value: Any) -> Number:
    """A finite real number, as a Python ``int`` (integral integer types) or ``float``.

    Integers up to ``2**53`` in magnitude are kept exact. A larger one is stored as the float64
    nearest to it (``10**39 - 1`` becomes ``1e+39``): the NumPy path computes in float64, so the
    scalar path must see the same number, or Python's exact integer arithmetic would make the two
    paths differ in the last bit. Every number must fit a float64 (``10**400`` is a
    ``ValueError``, never an ``OverflowError`` later, at evaluation).
    """
    tp = type(value)  # the common cases first: a 10**6-point list is 2 * 10**6 checks
    if tp is float and value - value == 0.0:  # finite (inf - inf and NaN - NaN are NaN)
        return cast(float, value)
    if tp is int and -MAX_EXACT_INT <= value <= MAX_EXACT_INT:
        return cast(int, value)
    if _is_bool(value) or not isinstance(value, numbers.Real):
        type_error(api, name, "a real number", value)
    if isinstance(value, numbers.Integral):
        out_i = operator.index(value)
        if abs(out_i) > MAX_MAGNITUDE:
            value_error(api, name, "finite (at most 1.8e308 in magnitude, as a float64)", value)
        if abs(out_i) > MAX_EXACT_INT:
            return float(out_i)
        return out_i
    try:
        out = float(value)
    except OverflowError:  # a Fraction or Decimal beyond the float64 range
        out = math.inf
    if not math.isfinite(out):
        value_error(api, name, "finite", value)
    return out


def exact(value: Number) -> Number:
    """A number computed from parameters (a sum of lengths), stored as :func:`real` stores a
    parameter: an ``int`` up to ``2**53`` in magnitude, else the nearest float64."""
    if isinstance(value, int) and abs(value) > MAX_EXACT_INT:
        return float(value) if abs(value) <= MAX_MAGNITUDE else math.inf
    return value


def finite_float(api: str, name: str, value: Any) -> float:
    """A finite value, stored as ``float``."""
    out = real(api, name, value)
    return float(out)


def positive(api: str, name: str, value: Any) -> Number:
    """A duration or period: a positive ``int`` or finite ``float`` (the type is kept)."""
    out = real(api, name, value)
    if not out > 0:
        value_error(api, name, "a positive number", value)
    return out


def non_negative(api: str, name: str, value: Any) -> Number:
    out = real(api, name, value)
    if not out >= 0:
        value_error(api, name, "a non-negative number", value)
    return out


def positive_float(api: str, name: str, value: Any) -> float:
    return float(positive(api, name, value))


def count(api: str, name: str, value: Any, minimum: int = 1) -> int:
    """A whole number >= ``minimum`` (integral floats such as ``3.0`` are refused: say what you mean)."""
    if _is_bool(value) or not isinstance(value, numbers.Integral):
        type_error(api, name, f"an int >= {minimum}", value)
    out = operator.index(value)
    if out < minimum:
        value_error(api, name, f"an int >= {minimum}", value)
    if out > MAX_MAGNITUDE:
        value_error(api, name, "at most 1.8e308 (it must fit a float64)", value)
    if out > MAX_EXACT_INT:  # the nearest float64, as an int: what the NumPy path compares with
        return int(float(out))
    return out


def boolean(api: str, name: str, value: Any) -> bool:
    if not _is_bool(value):
        type_error(api, name, "a bool", value)
    return bool(value)


def choice(api: str, name: str, value: Any, options: Iterable[str]) -> str:
    opts = tuple(options)
    if not isinstance(value, str):
        type_error(api, name, "one of " + ", ".join(repr(o) for o in opts), value)
    if value not in opts:
        value_error(api, name, "one of " + ", ".join(repr(o) for o in opts), value)
    return value


def sequence(api: str, name: str, value: Any, min_len: int = 0) -> tuple[Any, ...]:
    """A list or tuple (any other iterable is refused: a generator would be consumed)."""
    if isinstance(value, (str, bytes)) or not isinstance(value, (list, tuple)):
        if type(value).__name__ == "ndarray":
            value = cast(Any, value).tolist()
        else:
            type_error(api, name, "a list or tuple", value)
    out = tuple(value)
    if len(out) < min_len:
        value_error(api, name, f"a list or tuple of at least {min_len} item(s)", value)
    return out


def increasing(api: str, name: str, values: tuple[Number, ...], strict: bool = True) -> None:
    for a, b in itertools.pairwise(values):
        if (a >= b) if strict else (a > b):
            rule = "strictly increasing" if strict else "non-decreasing"
            value_error(api, name, rule, values)


def floats(api: str, name: str, value: Any, min_len: int = 0) -> tuple[float, ...]:
    """A list or tuple of finite values, stored as a tuple of ``float``."""
    return tuple(finite_float(api, name, v) for v in sequence(api, name, value, min_len))
