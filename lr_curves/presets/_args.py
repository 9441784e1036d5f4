"""Argument helpers shared by the presets (the core's checks live in ``lr_curves._checks``).

Presets take the peers' own arguments, and peers are looser than the core: a step count written
``0.1 * 1000`` or ``1e3`` (a whole float) is a count for every peer, so :func:`whole` accepts it
and stores the int. A fractional count (``100.5``) is refused with a message naming the
preset's own argument, because the peers' integer step loops would silently do something else
with it (never reach a milestone compared with ``==``, round it, or count it differently in two
code paths).

:func:`finite_result` checks a number *derived* from the user's arguments (``base_lr * gamma **
n``, ``max_lr / div_factor``) before it reaches a primitive, so that an overflow is reported as
the preset's argument, not as an internal ``cosine(): floor must be finite``.
"""

from __future__ import annotations

import math
import numbers
import operator
from typing import Any

from lr_curves import _checks as ck

__all__ = ["finite_result", "left_sum", "power_fits", "whole"]


def left_sum(values: Any) -> Any:
    """``sum(values)`` as the peers compute it on Python 3.11: plain additions, left to right.

    Python 3.12 made ``sum()`` of floats compensated (``sum([0.7, 0.2, 0.1]) == 1.0`` there, not
    ``0.9999999999999999``), so a peer's own check or formula written with ``sum()`` gives other
    answers on other Pythons; the presets reproduce the peers' numbers on every Python.
    """
    total: Any = 0
    for v in values:
        total = total + v
    return total


def whole(api: str, name: str, value: Any, minimum: int = 1) -> int:
    """A whole number ``>= minimum``: an int, or a float with an integral value (``100.0``, ``1e3``).

    Raises:
        TypeError: not a real number (a bool, a string, ...).
        ValueError: a fractional, non-finite or too small value.
    """
    if ck.is_bool(value) or not isinstance(value, numbers.Real):
        ck.type_error(api, name, f"an int >= {minimum}", value)
    if isinstance(value, numbers.Integral):
        out = operator.index(value)
    else:
        f = float(value)
        if not math.isfinite(f):
            ck.value_error(api, name, f"a finite whole number >= {minimum}", value)
        if not f.is_integer():
            ck.value_error(
                api,
                name,
                f"a whole number (an int >= {minimum}, or a float such as 100.0)",
                value,
            )
        out = int(f)
    if out < minimum:
        ck.value_error(api, name, f"an int >= {minimum}", value)
    if out > ck.MAX_MAGNITUDE:
        ck.value_error(api, name, "at most 1.8e308 (it must fit a float64)", value)
    return out


def finite_result(api: str, what: str, value: float, rule: str = "finite (a float64)") -> float:
    """``value`` (computed from the user's arguments) if finite, else a ``ValueError`` naming ``what``.

    ``what`` names the preset's arguments the value comes from, e.g. ``"max_lr / div_factor"``.
    """
    if not math.isfinite(value):
        raise ValueError(f"{api}(): {what} must be {rule}, got {value!r}.")
    return value


def power_fits(base: float, rate: float, n: float) -> bool:
    """Whether ``base * rate ** n`` stays finite (``n >= 0``), without computing an overflow."""
    if base == 0.0 or rate == 0.0 or n == 0:
        return True
    try:
        log = math.log(abs(base)) + n * math.log(abs(rate))
    except (ValueError, OverflowError):  # pragma: no cover - rate or base zero handled above
        return False
    return log < math.log(ck.MAX_MAGNITUDE) - 1e-9  # a margin for the rounding of the logs
