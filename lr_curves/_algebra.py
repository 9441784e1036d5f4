"""Pointwise arithmetic between schedules: ``divide`` (``/``), ``power`` (``**``), ``minimum``
and ``maximum``. Each is a frozen node whose formula is written once, in ``_eval``.

Together with ``scale`` (``*``) and ``add`` (``+``, ``-``) they make every schedule a number
you can compute with: ``s / 2``, ``s / t``, ``2 ** s``, ``s ** 2``, ``s ** t``,
``minimum(a, b)``. Each operand is a schedule or a finite number; the result has the joint
length of its schedule operands.

IEEE semantics on every path: a quotient by zero is ``inf`` (``0 / 0`` is NaN), a power that
overflows is ``inf`` (never an ``OverflowError``), ``0 ** -1`` is ``inf``.
"""

from __future__ import annotations

import dataclasses
import numbers
from typing import Any, ClassVar

from lr_curves import _checks as ck
from lr_curves._backend import Ops
from lr_curves._base import Schedule, arg, factory, schedule_field
from lr_curves._base import fmt_value as _v
from lr_curves._checks import Number

__all__ = ["divide", "maximum", "minimum", "power"]


#: The smallest constant divisor: ``1 / _TINY`` is the largest power of 2 below the float64 limit.
_TINY = 2.0**-1023


def _is_number(value: object) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, (bool, Schedule))


@schedule_field
def _operand(api: str, name: str, value: Any) -> float | Schedule:
    """A schedule or a finite number (canonical float)."""
    if isinstance(value, Schedule):
        return value
    if not _is_number(value):
        ck.type_error(api, name, "a real number or a Schedule", value)
    return ck.finite_float(api, name, value)


def _joint(children: tuple[Schedule, ...]) -> Number | None:
    lengths = [c.length for c in children if not c.is_constant]
    if any(n is None for n in lengths):
        return None
    return max((n for n in lengths if n is not None), default=0)


def _bounds(children: tuple[Schedule, ...]) -> tuple[Number, ...]:
    return tuple(sorted(set().union(*(c.boundaries() for c in children))))


def _at(value: float | Schedule, x: Any, op: Ops) -> Any:
    return op.eval(value, x) if isinstance(value, Schedule) else value


def _text(value: float | Schedule) -> str:
    return "the schedule below" if isinstance(value, Schedule) else f"{value:g}"


class _Pointwise(Schedule):
    """Length and boundaries of a pointwise combination: those of its schedule operands."""

    stretchable: ClassVar[bool] = True

    @property
    def length(self) -> Number | None:
        return _joint(self.children)

    def boundaries(self) -> tuple[Number, ...]:
        return _bounds(self.children)


# -------------------------------------------------------------------------------------- divide
@dataclasses.dataclass(frozen=True, repr=False, eq=False)
class _Divide(_Pointwise):
    api: ClassVar[str] = "divide"
    schedule: float | Schedule = arg(_operand, positional=True)
    by: float | Schedule = arg(_operand, positional=True)

    def _validate(self) -> None:
        if not self.children:
            ck.type_error(self.api, "schedule", "a Schedule (or by a Schedule)", self.schedule)
        if not isinstance(self.by, Schedule) and not abs(self.by) >= _TINY:
            tiny = "a number with a finite reciprocal (|by| >= 1.1e-308)"
            rule = "a non-zero number" if self.by == 0 else tiny
            ck.value_error(self.api, "by", rule, self.by)

    def _eval(self, x: Any, op: Ops) -> Any:
        return op.div(_at(self.schedule, x, op), _at(self.by, x, op))

    def summary(self) -> str:
        if isinstance(self.by, Schedule):
            return "quotient (the first below, divided by the second):"
        return f"divided by {self.by:g}:"


@factory
def divide(schedule: float | Schedule, by: float | Schedule) -> Schedule:
    """Pointwise quotient ``schedule(t) / by(t)`` (either may be a number, not both).

    ``s / k``, ``s / t`` and ``k / s`` are the same thing. IEEE division on every path: where
    the divisor is 0 the value is ``inf``, never a ``ZeroDivisionError``; ``0 / 0`` has no value
    and raises a ``ValueError`` naming the step (as every NaN would); a constant divisor of 0,
    or one so small that its reciprocal overflows, is refused.

    Examples:
        >>> import lr_curves as lrc
        >>> s = lrc.cosine(1.0, 100) / 4
        >>> s
        divide(cosine(1.0, 100), 4.0)
        >>> f"{s(0):.2f} {(1 / lrc.linear(1.0, 4.0, 3))(3):.2f}"
        '0.25 0.25'
    """
    return _Divide(schedule, by)


# -------------------------------------------------------------------------------------- power
@dataclasses.dataclass(frozen=True, repr=False, eq=False)
class _Power(_Pointwise):
    api: ClassVar[str] = "power"
    base: float | Schedule = arg(_operand, positional=True)
    exponent: float | Schedule = arg(_operand, positional=True)

    def _validate(self) -> None:
        if not self.children:
            ck.type_error(self.api, "base", "a Schedule (or the exponent a Schedule)", self.base)
        if not isinstance(self.base, Schedule) and self.base < 0:
            ck.value_error(
                self.api,
                "base",
                "a non-negative number (a negative number to a schedule's power is NaN)",
                self.base,
            )

    def _eval(self, x: Any, op: Ops) -> Any:
        return op.real_pow(_at(self.base, x, op), _at(self.exponent, x, op))

    def summary(self) -> str:
        if isinstance(self.base, Schedule) and isinstance(self.exponent, Schedule):
            return "power (the first below, to the power of the second):"
        if isinstance(self.base, Schedule):
            return f"to the power {_text(self.exponent)}:"
        return f"{_v(float(self.base))} to the power of:"


@factory
def power(base: float | Schedule, exponent: float | Schedule) -> Schedule:
    """Pointwise power ``base(t) ** exponent(t)`` (either may be a number, not both).

    ``s ** p``, ``k ** s`` and ``s ** t`` are the same thing. Seed 003's recursion
    ``lr = lr ** 1.0001`` (after a warmup to ``lr_w``) is the closed form
    ``power(lr_w, exponential(1.0, 1.0001))``: ``lr_w ** (1.0001 ** t)``.

    IEEE semantics on every path: a power that overflows is ``inf`` and ``0 ** -p`` is
    ``inf`` (never an ``OverflowError``/``ZeroDivisionError``). A negative base to a fractional
    power has no real value: a constant base must be ``>= 0``, and a schedule base that goes
    below 0 where the exponent is fractional raises a ``ValueError`` naming both values when
    evaluated on numbers or NumPy arrays (a traced JAX/torch value cannot raise: NaN there).

    Examples:
        >>> import lr_curves as lrc
        >>> s = lrc.constant(0.1) ** lrc.exponential(1.0, 2.0)  # 0.1 ** (2 ** t)
        >>> s
        power(constant(0.1), exponential(1.0, 2.0))
        >>> f"{s(0):.0e} {s(1):.0e} {s(2):.0e} {(lrc.linear(0.0, 2.0, 2) ** 2)(1):.2f}"
        '1e-01 1e-02 1e-04 1.00'
    """
    return _Power(base, exponent)


# -------------------------------------------------------------------------------------- minimum / maximum
def _operands(api: str, items: tuple[Any, ...]) -> tuple[Schedule | float, ...]:
    if len(items) < 2:
        ck.value_error(api, "schedules", "at least two schedules or numbers", len(items))
    out = tuple(_operand(api, f"term {i}", v) for i, v in enumerate(items))
    if not any(isinstance(v, Schedule) for v in out):
        ck.type_error(api, "term 0", "a Schedule (at least one term must be a schedule)", items[0])
    return out


class _Extremum(_Pointwise):
    terms: tuple[Schedule | float, ...]

    def _validate(self) -> None:
        object.__setattr__(self, "terms", _operands(self.api, self.terms))

    def _combine(self, op: Ops, a: Any, b: Any) -> Any:
        raise NotImplementedError

    def _eval(self, x: Any, op: Ops) -> Any:
        out = _at(self.terms[0], x, op)
        for term in self.terms[1:]:  # left to right, on every path
            b = _at(term, x, op)
            # a number goes second (torch clamps an array by a number, not a number by an array)
            out = self._combine(op, b, out) if isinstance(out, float) else self._combine(op, out, b)
        return out


@dataclasses.dataclass(frozen=True, repr=False, eq=False)
class _Minimum(_Extremum):
    api: ClassVar[str] = "minimum"
    terms: tuple[Schedule | float, ...] = arg(varargs=True)

    def _combine(self, op: Ops, a: Any, b: Any) -> Any:
        return op.minimum(a, b)

    def summary(self) -> str:
        nums = [f"{v:g}" for v in self.terms if not isinstance(v, Schedule)]
        return "pointwise minimum of" + (f" {', '.join(nums)} and" if nums else "") + ":"


@dataclasses.dataclass(frozen=True, repr=False, eq=False)
class _Maximum(_Extremum):
    api: ClassVar[str] = "maximum"
    terms: tuple[Schedule | float, ...] = arg(varargs=True)

    def _combine(self, op: Ops, a: Any, b: Any) -> Any:
        return op.maximum(a, b)

    def summary(self) -> str:
        nums = [f"{v:g}" for v in self.terms if not isinstance(v, Schedule)]
        return "pointwise maximum of" + (f" {', '.join(nums)} and" if nums else "") + ":"


@factory
def minimum(*schedules: Schedule | float) -> Schedule:
    """Pointwise minimum of schedules (and numbers): ``min(a(t), b(t), ...)``.

    Examples:
        >>> import lr_curves as lrc
        >>> s = lrc.minimum(lrc.linear(0.0, 1.0, 10), lrc.linear(1.0, 0.0, 10))  # a tent
        >>> f"{s(2):.1f} {s(5):.1f} {s(8):.1f}"
        '0.2 0.5 0.2'
    """
    return _Minimum(schedules)


@factory
def maximum(*schedules: Schedule | float) -> Schedule:
    """Pointwise maximum of schedules (and numbers): ``max(a(t), b(t), ...)``.

    ``maximum(s, 1e-5)`` is a floor (as ``clip(s, low=1e-5)``).

    Examples:
        >>> import lr_curves as lrc
        >>> s = lrc.maximum(lrc.cosine(1.0, 100), 0.1)
        >>> f"{s(0):.2f} {s(100):.2f}"
        '1.00 0.10'
    """
    return _Maximum(schedules)


# ---------------------------------------------------------------------------------------- operators
def _div_op(s: Schedule, other: Any) -> Schedule:
    if isinstance(other, Schedule) or _is_number(other):
        return _Divide(s, other)
    return NotImplemented  # type: ignore[no-any-return]


def _rdiv_op(s: Schedule, other: Any) -> Schedule:
    if _is_number(other):
        return _Divide(other, s)
    return NotImplemented  # type: ignore[no-any-return]


def _pow_op(s: Schedule, other: Any, mod: None = None) -> Schedule:
    if mod is None and (isinstance(other, Schedule) or _is_number(other)):
        return _Power(s, other)
    return NotImplemented  # type: ignore[no-any-return]


def _rpow_op(s: Schedule, other: Any, mod: None = None) -> Schedule:
    if mod is None and _is_number(other):
        return _Power(other, s)
    return NotImplemented  # type: ignore[no-any-return]


for _name, _fn in {
    "__truediv__": _div_op,
    "__rtruediv__": _rdiv_op,
    "__pow__": _pow_op,
    "__rpow__": _rpow_op,
}.items():
    setattr(Schedule, _name, _fn)
