"""Piecewise primitives: values at boundaries, joined by steps, lines or cosines.

Each is a frozen node whose formula is written once, in ``_eval``, over the operation table
(``op.pick`` for lookups, ``op.piecewise`` for joins), like every other node.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any, ClassVar

from lr_curves import _checks as ck
from lr_curves import _shapes
from lr_curves._backend import Ops
from lr_curves._base import Schedule, arg, factory
from lr_curves._base import fmt_steps as _n
from lr_curves._base import fmt_value as _v
from lr_curves._checks import Number

_HALF_PI = math.pi / 2


def _values(api: str, name: str, value: Any) -> tuple[float, ...]:
    return ck.floats(api, name, value, min_len=1)


def _increasing_at(strict: bool, min_len: int) -> Any:
    def check(api: str, name: str, value: Any) -> tuple[Number, ...]:
        at = tuple(ck.non_negative(api, name, a) for a in ck.sequence(api, name, value, min_len))
        ck.increasing(api, name, at, strict=strict)
        return at

    return check


def _boundary(api: str, name: str, value: Any) -> str:
    return ck.choice(api, name, value, ("new", "old"))


# ---------------------------------------------------------------------------------------- piecewise constant
@dataclasses.dataclass(frozen=True, repr=False, eq=False)
class _PiecewiseConstant(Schedule):
    api: ClassVar[str] = "piecewise_constant"
    values: tuple[float, ...] = arg(_values, positional=True)
    at: tuple[Number, ...] = arg(_increasing_at(True, 0), positional=True)
    boundary: str = arg(_boundary, "new")

    def _validate(self) -> None:
        if len(self.values) != len(self.at) + 1:
            raise ValueError(
                f"{self.api}(): values must have one more item than at, got {len(self.values)} "
                f"values and {len(self.at)} boundaries."
            )

    @property
    def length(self) -> Number:
        return self.at[-1] if self.at else 0

    def boundaries(self) -> tuple[Number, ...]:
        return self.at

    def _labelled(self, until: float) -> list[tuple[Number, str]]:
        return [(a, "milestone") for a in self.at if a <= until]

    def _eval(self, x: Any, op: Ops) -> Any:
        if not self.at:
            return op.full(x, self.values[0])
        return op.pick(x, self.at, self.values, right=self.boundary == "new")

    def summary(self) -> str:
        parts = [f"{_v(self.values[0])}"]
        for a, v in zip(self.at, self.values[1:], strict=True):
            parts.append(f"{_v(v)} at {_n(a)}")
        note = " (a boundary step keeps the old value)" if self.boundary == "old" else ""
        return "piecewise constant: " + ", ".join(parts) + note


# ------------------------------------------------------------------------------ piecewise interpolation
@dataclasses.dataclass(frozen=True, repr=False, eq=False)
class _PiecewiseLinear(Schedule):
    api: ClassVar[str] = "piecewise_linear"
    values: tuple[float, ...] = arg(_values, positional=True)
    at: tuple[Number, ...] = arg(_increasing_at(False, 1), positional=True)

    def _validate(self) -> None:
        if len(self.values) != len(self.at):
            raise ValueError(
                f"{self.api}(): values and at must have the same length, got {len(self.values)} "
                f"values and {len(self.at)} boundaries."
            )

    @property
    def length(self) -> Number:
        return self.at[-1]

    def boundaries(self) -> tuple[Number, ...]:
        return self.at

    def _segments(self) -> list[tuple[Number, Number, float, float]]:
        at, v = self.at, self.values
        return [(at[i], at[i + 1], v[i], v[i + 1]) for i in range(len(at) - 1) if at[i + 1] > at[i]]

    def _interp(self, x: Any, a0: Number, a1: Number, v0: float, v1: float, op: Ops) -> Any:
        if abs(v0) <= abs(v1):
            return _shapes.lerp(v0, v1, (x - a0) / (a1 - a0))
        return _shapes.lerp(v1, v0, (a1 - x) / (a1 - a0))

    def _labelled(self, until: float) -> list[tuple[Number, str]]:
        last = self.at[-1]
        return [(a, "end" if a == last else "phase") for a in self.at if a <= until]

    def _eval(self, x: Any, op: Ops) -> Any:
        segs = self._segments()
        first, last = self.values[0], self.values[-1]
        if not segs:
            return op.pick(x, self.at[:1], (first, last), right=True)
        # Pieces: [0, a_0) constant, one piece per segment, [a_last, inf) constant; each piece
        # is evaluated at global time (offset 0).
        fns: list[Any] = []
        at: list[Number] = []
        if segs[0][0] > 0:
            fns.append(lambda u: op.full(u, first))
            at.append(segs[0][0])
        for a0, a1, v0, v1 in segs:
            fns.append(lambda u, a0=a0, a1=a1, v0=v0, v1=v1: self._interp(u, a0, a1, v0, v1, op))
            at.append(a1)
        fns.append(lambda u: op.full(u, last))
        return op.piecewise(x, at, fns, offsets=[0.0] * len(fns))

    def _kind(self) -> str:
        return "linear"

    def summary(self) -> str:
        pts = ", ".join(f"({_n(a)}, {_v(v)})" for a, v in zip(self.at, self.values, strict=True))
        return f"piecewise {self._kind()} through {pts}"


@dataclasses.dataclass(frozen=True, repr=False, eq=False)
class _PiecewiseCosine(_PiecewiseLinear):
    api: ClassVar[str] = "piecewise_cosine"

    def _interp(self, x: Any, a0: Number, a1: Number, v0: float, v1: float, op: Ops) -> Any:
        # (1 + cos(pi u)) / 2 == sin(pi/2 (1 - u))**2, anchored at the smaller end (as linear is)
        if abs(v0) <= abs(v1):
            s = op.sin(_HALF_PI * ((x - a0) / (a1 - a0)))
            return _shapes.lerp(v0, v1, s * s)
        s = op.sin(_HALF_PI * ((a1 - x) / (a1 - a0)))
        return _shapes.lerp(v1, v0, s * s)

    def _kind(self) -> str:
        return "cosine"


@factory
def piecewise_constant(
    values: tuple[float, ...] | list[float], at: tuple[Number, ...] | list[Number], *, boundary: str = "new"
) -> Schedule:
    """Piecewise-constant values: ``values[i]`` between ``at[i-1]`` and ``at[i]``.

    Args:
        values: The values, one more than ``at``.
        at: Strictly increasing boundaries (steps).
        boundary: Which value a boundary step itself takes: ``"new"`` (the value starts *at*
            the boundary, as torch's MultiStepLR and optax do) or ``"old"`` (it starts just after
            it, as Keras' ``PiecewiseConstantDecay`` does).

    Examples:
        >>> s = piecewise_constant([1.0, 0.1, 0.01], at=[10, 20])
        >>> f"{s(9):.2f} {s(10):.2f} {s(20):.2f}"
        '1.00 0.10 0.01'
        >>> f"{piecewise_constant([1.0, 0.1], at=[10], boundary='old')(10):.2f}"
        '1.00'
    """
    api = "piecewise_constant"
    return _PiecewiseConstant(
        ck.sequence(api, "values", values), ck.sequence(api, "at", at), boundary=boundary
    )


@factory
def multistep(start: float, factor: float, at: tuple[Number, ...] | list[Number]) -> Schedule:
    """Step decay at milestones: ``start * factor ** #{m in at: m <= t}``.

    A milestone listed twice multiplies by ``factor`` twice (as torch's ``MultiStepLR``).
    Returns a :func:`piecewise_constant` schedule.

    Examples:
        >>> s = multistep(1.0, 0.1, at=[3, 6, 6])
        >>> f"{s(2):.3f} {s(3):.3f} {s(6):.3f}"
        '1.000 0.100 0.001'
    """
    api = "multistep"
    start = ck.finite_float(api, "start", start)
    factor = ck.finite_float(api, "factor", factor)
    milestones = sorted(ck.non_negative(api, "at", a) for a in ck.sequence(api, "at", at))
    bounds: list[Number] = []
    values = [start]
    for i, m in enumerate(milestones):
        n = i + 1
        try:
            v = start * factor**n
        except OverflowError:
            v = math.inf
        if not abs(v) < math.inf:
            ck.value_error(
                "multistep",
                "factor",
                f"such that start * factor ** {n} fits a float64 (start={start!r})",
                factor,
            )
        if bounds and bounds[-1] == m:
            values[-1] = v
        else:
            bounds.append(m)
            values.append(v)
    return _PiecewiseConstant(tuple(values), tuple(bounds))


@factory
def piecewise_linear(
    values: tuple[float, ...] | list[float], at: tuple[Number, ...] | list[Number]
) -> Schedule:
    """Linear interpolation through the points ``(at[i], values[i])``.

    Before ``at[0]`` the value is ``values[0]``; after ``at[-1]`` it is ``values[-1]``. A repeated
    boundary makes a jump (the later value applies from that step on).

    Examples:
        >>> s = piecewise_linear([0.0, 1.0, 0.5], at=[0, 10, 20])
        >>> f"{s(5):.2f} {s(10):.2f} {s(15):.2f} {s(99):.2f}"
        '0.50 1.00 0.75 0.50'
    """
    api = "piecewise_linear"
    return _PiecewiseLinear(ck.sequence(api, "values", values), ck.sequence(api, "at", at))


@factory
def piecewise_cosine(
    values: tuple[float, ...] | list[float], at: tuple[Number, ...] | list[Number]
) -> Schedule:
    """Cosine interpolation through the points ``(at[i], values[i])`` (optax's cosine interpolate).

    Between two points the value follows ``v1 + (v0 - v1) * (1 + cos(pi * p)) / 2`` with ``p`` the
    progress through the segment; outside the points it holds the first/last value.

    Examples:
        >>> s = piecewise_cosine([0.0, 1.0], at=[0, 10])
        >>> f"{s(5):.2f} {s(10):.2f}"
        '0.50 1.00'
    """
    api = "piecewise_cosine"
    return _PiecewiseCosine(ck.sequence(api, "values", values), ck.sequence(api, "at", at))
