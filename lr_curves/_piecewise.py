"""Piecewise primitives: values at boundaries, joined by steps, lines or cosines.

Each is a frozen node whose formula is written once, in ``_eval``, over the operation table
(``op.pick`` for lookups, ``op.piecewise`` for joins), like every other node.
"""

from __future__ import annotations

import array
import dataclasses
import math
from typing import Any, ClassVar

import numpy as np

from lr_curves import _checks as ck
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
    stretchable: ClassVar[bool] = True
    values: tuple[float, ...] = arg(_values, positional=True)
    at: tuple[Number, ...] = arg(_increasing_at(True, 0), positional=True, duration=True)
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
    stretchable: ClassVar[bool] = True
    values: tuple[float, ...] = arg(_values, positional=True)
    at: tuple[Number, ...] = arg(_increasing_at(False, 1), positional=True, duration=True)

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

    def _rows(self) -> tuple[array.array[float], ...]:
        """Each piece's parameters, as tables ``(lo, p, w, d[, h])`` (computed once per schedule,
        on first use; ``h`` only when some ``d`` overflows).

        Piece ``i`` (``i`` boundaries passed, as ``bisect_right``) is ``lo + d * g((x - p) / w)``:
        anchored at its smaller end ``lo`` (at ``p``, the other end at ``p + w``; ``w < 0`` for a
        decay, so that ``(x - p) / w`` is ``(a1 - x) / (a1 - a0)`` exactly), with ``d = hi - lo``;
        where ``d`` overflows a float64, ``h = hi/2 - lo/2`` is added twice instead. Before the
        first point and after the last the value is held (``d = 0``). A boundary listed twice
        makes a piece no step is in.
        """
        rows = self.__dict__.get("_rows_")
        if rows is not None:
            return rows  # type: ignore[no-any-return]
        at = np.asarray(self.at, dtype=np.float64)
        v = np.asarray(self.values, dtype=np.float64)
        a0, a1, v0, v1 = at[:-1], at[1:], v[:-1], v[1:]
        empty = ~(a1 > a0)  # a boundary listed twice: no step is in this piece
        a0, v0 = np.where(empty, a1, a0), np.where(empty, v1, v0)
        back = np.abs(v0) > np.abs(v1)  # from the other end
        a0, a1, v0, v1 = (
            np.where(back, a1, a0),
            np.where(back, a0, a1),
            np.where(back, v1, v0),
            np.where(back, v0, v1),
        )
        with np.errstate(over="ignore"):
            cols = [v0, a0, np.where(empty, 1.0, a1 - a0), v1 - v0, v1 * 0.5 - v0 * 0.5]
        held = [(self.values[0], self.values[-1]), (0.0, 0.0), (1.0, 1.0), (0.0, 0.0), (0.0, 0.0)]
        if np.isfinite(cols[3]).all():
            cols, held = cols[:4], held[:4]  # no span overflows: no h
        # arrays of doubles: 8 bytes a number (a tuple of floats takes 32), indexed as floats by
        # the scalar path and read without a copy by NumPy
        rows = tuple(
            array.array("d", np.concatenate(([first], c, [last])).tobytes())
            for c, (first, last) in zip(cols, held, strict=True)
        )
        object.__setattr__(self, "_rows_", rows)
        return rows

    def _shape(self, u: Any, op: Ops) -> Any:
        """The way from one point to the next (0 to 1 as ``u`` goes from 0 to 1)."""
        return u

    def _labelled(self, until: float) -> list[tuple[Number, str]]:
        last = self.at[-1]
        return [(a, "end" if a == last else "phase") for a in self.at if a <= until]

    def _eval(self, x: Any, op: Ops) -> Any:
        lo_x, p_x, w_x, d_x, *h_x = op.lookup(x, self.at, self._rows())
        g = self._shape((x - p_x) / w_x, op)
        if not h_x:
            return lo_x + d_x * g
        # a span beyond float64 (``lerp``'s rewrite): ``lo + h*g + h*g`` where ``d`` overflows
        # (``d * 0.0`` is NaN exactly there: a finiteness test made of arithmetic, on every path)
        return op.where(d_x * 0.0 == 0.0, lo_x + d_x * g, lo_x + h_x[0] * g + h_x[0] * g)

    def _kind(self) -> str:
        return "linear"

    def summary(self) -> str:
        pts = ", ".join(f"({_n(a)}, {_v(v)})" for a, v in zip(self.at, self.values, strict=True))
        return f"piecewise {self._kind()} through {pts}"


@dataclasses.dataclass(frozen=True, repr=False, eq=False)
class _PiecewiseCosine(_PiecewiseLinear):
    api: ClassVar[str] = "piecewise_cosine"

    def _shape(self, u: Any, op: Ops) -> Any:
        # (1 - cos(pi u)) / 2 == sin(pi/2 u)**2 from the smaller end: exact there (as linear is)
        s = op.sin(_HALF_PI * u)
        return s * s

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
