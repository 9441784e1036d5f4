"""Combinators: build schedules from schedules.

``warmup``, ``concat``, ``restart`` (in ``lr_curves._restart``) and ``scale`` are the heart of
the algebra; ``add``, ``clip``, ``shift`` and ``stretch`` are the general pieces the peers'
schedules need. Each is a frozen node whose formula is written once, in ``_eval``; children are
evaluated through ``op.eval(child, time)``.

This module also attaches the fluent methods and operators to :class:`Schedule`
(``s.warmup(500)``, ``0.5 * s``, ``s + t``): each is the combinator itself, so its signature is
written once, here.
"""

from __future__ import annotations

import dataclasses
import math
import numbers
import sys
from typing import Any, ClassVar

from lr_curves import _checks as ck
from lr_curves import _shapes
from lr_curves._backend import Ops, Pieces
from lr_curves._base import (
    _NOT_EXACT,
    Schedule,
    _times,
    arg,
    factory,
    schedule_arg,
    schedule_field,
    stretched,
    value_at,
)
from lr_curves._base import fmt_steps as _n
from lr_curves._base import fmt_value as _v
from lr_curves._checks import Number
from lr_curves._primitives import constant
from lr_curves._restart import restart

__all__ = ["add", "clip", "concat", "restart", "scale", "shift", "stretch", "warmup"]

RAMP_SHAPES = ("linear", "cosine", "1-sqrt", "1-square", "exponential", "log", "constant")


def _merge_boundaries(*groups: tuple[Number, ...]) -> tuple[Number, ...]:
    return tuple(sorted(set().union(*groups)))


def _joint_length(children: tuple[Schedule, ...]) -> Number | None:
    lengths = [c.length for c in children if not c.is_constant]
    if any(n is None for n in lengths):
        return None
    return max((n for n in lengths if n is not None), default=None)


def _schedules(api: str, items: Any) -> tuple[Schedule, ...]:
    out = tuple(items)
    if len(out) < 2:
        ck.value_error(api, "schedules", "at least two schedules", len(out))
    for i, p in enumerate(out):
        schedule_arg(api, f"schedule {i}", p)
    return out


# -------------------------------------------------------------------------------------- warmup
def _before(until: float, offset: Number) -> float:
    """``until - offset`` in a child's own time, a hair larger: a boundary exactly at ``until``
    must not be lost to the rounding of the subtraction (the caller filters exactly)."""
    return (until - offset) + 1e-12 * max(abs(until), 1.0)


def _ramp_shape(api: str, name: str, value: Any) -> str:
    return ck.choice(api, name, value, RAMP_SHAPES)


@dataclasses.dataclass(frozen=True, repr=False, eq=False)
class _Warmup(Schedule):
    api: ClassVar[str] = "warmup"
    stretchable: ClassVar[bool] = True
    schedule: Schedule = arg(schedule_arg, positional=True)
    steps: Number = arg(ck.positive, positional=True, duration=True)
    start: float = arg(ck.finite_float, 0.0)
    shape: str = arg(_ramp_shape, "linear")
    overlay: bool = arg(ck.boolean, False)

    def _stretchable(self) -> bool:
        return self.shape != "log"  # log1p(t) / log1p(W): not a function of t / W

    def _validate(self) -> None:
        api = self.api
        n = self.schedule.length
        if self.overlay and n is not None and self.steps > n:
            raise ValueError(
                f"{api}(): steps must be at most the schedule's length when overlay=True, "
                f"got steps={self.steps!r} for a schedule of length {n!r}. Hint: overlay=False "
                "puts the warmup before the schedule instead."
            )
        target = value_at(self.schedule, self.steps if self.overlay else 0)
        object.__setattr__(self, "_target", target)
        if self.shape == "exponential" and not (self.start > 0 and target > 0):
            raise ValueError(
                f"{api}(): an exponential warmup needs start > 0 and a positive target, got "
                f"start={self.start!r} and target {target!r}."
            )

    @property
    def target(self) -> float:
        """The value the ramp reaches: ``schedule(0)``, or ``schedule(steps)`` with ``overlay``."""
        return self._target  # type: ignore[no-any-return, attr-defined]

    @property
    def length(self) -> Number | None:
        n = self.schedule.length
        if n is None:
            return None
        return max(self.steps, n) if self.overlay else self.steps + n

    def boundaries(self) -> tuple[Number, ...]:
        W = self.steps
        inner = self.schedule.boundaries()
        moved = inner if self.overlay else tuple(b + W for b in inner)
        return _merge_boundaries((W,), tuple(b for b in moved if b > W))

    def _labelled(self, until: float) -> list[tuple[Number, str]]:
        W = self.steps
        off = 0 if self.overlay else W
        inner = [(b + off, k) for b, k in self.schedule._labelled(_before(until, off)) if b + off > W]
        return [(W, "warmup end"), *inner]

    def _ramp(self, x: Any, op: Ops) -> Any:
        W, a, shape = self.steps, self.start, self.shape
        b = self.target
        if shape == "constant":
            return op.full(x, a)
        if shape == "exponential":
            return a * op.pow(b / a, x / W)
        if shape == "linear":
            return _shapes.lerp(a, b, x / W)
        if shape == "log":  # DeepSpeed's default warmup: log(1 + t) / log(1 + W) of the way
            return _shapes.lerp(a, b, op.log1p(x) / math.log1p(W))
        return _shapes.lerp(a, b, _shapes.decay(shape, W - x, W, op))

    def _eval(self, x: Any, op: Ops) -> Any:
        child = self.schedule
        fns = [lambda u: self._ramp(u, op), lambda u: op.eval(child, u)]
        return op.piecewise(x, (self.steps,), fns, offsets=(0.0, 0.0 if self.overlay else self.steps))

    def ramp_summary(self) -> str:
        """The ramp alone, in words (``describe`` lays the ramp and the schedule out in time)."""
        where = "the schedule's value at its end" if self.overlay else "the schedule's start"
        return f"{self.shape} warmup from {_v(self.start)} to {_v(self.target)} ({where})"

    def summary(self) -> str:
        clock = "on the schedule's own clock" if self.overlay else "then"
        return f"{self.ramp_summary()} over {_n(self.steps)} steps, {clock}:"


@factory
def warmup(
    schedule: Schedule,
    steps: Number,
    *,
    start: float = 0.0,
    shape: str = "linear",
    overlay: bool = False,
) -> Schedule:
    """Ramp from ``start`` into ``schedule`` over ``steps`` steps.

    Two meanings, both common:

    - ``overlay=False`` (prefix, the default): the ramp comes first and the schedule starts after
      it: ``t < steps`` ramps from ``start`` to ``schedule(0)``; then ``schedule(t - steps)``. The
      total length grows by ``steps`` (transformers, optax, timm ``warmup_prefix=True``).
    - ``overlay=True``: the schedule keeps its own clock and the ramp replaces its first
      ``steps`` steps, rising from ``start`` to ``schedule(steps)``; then ``schedule(t)``
      (detectron2's ``WarmupParamScheduler``). ``steps`` may not exceed the schedule's length.

    A *multiplicative* warmup (the ramp multiplies the schedule, as torch's
    ``ChainedScheduler(LinearLR, ...)``) is a product: ``schedule * linear(factor, 1.0, steps)``.

    Args:
        schedule: The schedule to warm up into.
        steps: Length of the ramp, > 0.
        start: Value at step 0 (absolute, like every value in lr_curves); 0 by default.
        shape: ``"linear"``, ``"cosine"`` (``(1 - cos(pi t/W))/2``), ``"1-sqrt"``
            (``1 - sqrt(1 - t/W)``), ``"1-square"``, ``"exponential"`` (geometric from
            ``start > 0``), ``"log"`` (``log(1 + t) / log(1 + W)`` of the way: DeepSpeed's default
            warmup) or ``"constant"`` (hold ``start``, then jump).
        overlay: See above.

    Examples:
        >>> from lr_curves import constant, cosine, linear
        >>> s = warmup(cosine(1.0, 100), 10)
        >>> f"{s(0):.2f} {s(5):.2f} {s(10):.2f} {s(60):.2f} {s(110):.2f}"
        '0.00 0.50 1.00 0.50 0.00'
    """
    return _Warmup(schedule, steps, start=start, shape=shape, overlay=overlay)


# -------------------------------------------------------------------------------------- concat
@dataclasses.dataclass(frozen=True, repr=False, eq=False)
class _Concat(Schedule):
    api: ClassVar[str] = "concat"
    stretchable: ClassVar[bool] = True
    pieces: tuple[Schedule, ...] = arg(varargs=True)
    at: tuple[Number, ...] | None = arg(None, None, duration=True)

    def _validate(self) -> None:
        api = self.api
        pieces = _schedules(api, self.pieces)
        object.__setattr__(self, "pieces", pieces)
        if self.at is None:
            at: list[Number] = []
            total: Number = 0
            for i, p in enumerate(pieces[:-1]):
                n = p.length
                if n is None or n <= 0:
                    raise ValueError(
                        f"{api}(): schedule {i} has no length ({p!r}), so its end is unknown. "
                        "Hint: pass at=(...) with the boundaries."
                    )
                total += n
                at.append(ck.exact(total))
            object.__setattr__(self, "at", tuple(at))
        else:
            bounds = tuple(ck.positive(api, "at", a) for a in ck.sequence(api, "at", self.at))
            if len(bounds) != len(pieces) - 1:
                raise ValueError(
                    f"{api}(): at must have one boundary fewer than there are schedules, got "
                    f"{len(bounds)} boundaries for {len(pieces)} schedules."
                )
            ck.increasing(api, "at", bounds)
            object.__setattr__(self, "at", bounds)

    @property
    def length(self) -> Number | None:
        last = self.pieces[-1]
        assert self.at is not None
        if last.is_constant:  # a constant tail: nothing changes after it begins
            return self.at[-1]
        n = last.length
        return None if n is None else self.at[-1] + n

    def boundaries(self) -> tuple[Number, ...]:
        assert self.at is not None
        starts = (0, *self.at)
        inner = [
            tuple(b + s for b in p.boundaries() if (s + b) < e)
            for p, s, e in zip(self.pieces, starts, (*self.at, math.inf), strict=True)
        ]
        return _merge_boundaries(self.at, *inner)

    def _labelled(self, until: float) -> list[tuple[Number, str]]:
        """Each switch is a ``"phase"`` (the last one an ``"end"`` when a constant follows it);
        each piece's own boundaries, moved to global steps, inside the piece's span."""
        assert self.at is not None
        last = self.pieces[-1]
        out: list[tuple[Number, str]] = [(a, "phase") for a in self.at if a <= until]
        first, a0, nxt = self.pieces[0], self.at[0], self.pieces[1]
        # a warmup: a ramp up, then a piece that starts at the ramp's top (within 1% of the
        # rise: Megatron's inclusive warmup hands over to a cosine one step in) and holds or
        # falls from there (not a second ramp, not a drop to a floor)
        probe = min(1, self.at[1] - a0) if len(self.at) > 1 else 1
        v0, top, start = value_at(first, 0), value_at(first, a0), value_at(nxt, 0)
        warm = (
            v0 < top
            and start >= top - 0.01 * (top - v0)
            and value_at(nxt, probe) <= start
            and all(k != "warmup end" for _, k in first._labelled(a0))  # its own warmup says it
        )
        if out and warm:
            out[0] = (a0, "warmup end")
        if last.is_constant and self.at[-1] <= until and not (warm and len(self.at) == 1):
            out[-1] = (self.at[-1], "end")
        for p, s, e in zip(self.pieces, (0, *self.at), (*self.at, math.inf), strict=True):
            if s > until:
                break
            out += [(b + s, k) for b, k in p._labelled(_before(min(until, e), s)) if b > 0 and b + s < e]
        return out

    def _eval(self, x: Any, op: Ops) -> Any:
        assert self.at is not None
        pieces = self.pieces
        return op.piecewise(x, self.at, Pieces(len(pieces), lambda i, u: op.eval(pieces[i], u)))

    def summary(self) -> str:
        assert self.at is not None
        return "one after another, switching at steps " + ", ".join(_n(a) for a in self.at) + ":"


@factory
def concat(*schedules: Schedule, at: tuple[Number, ...] | list[Number] | None = None) -> Schedule:
    """Schedules one after another in time; each piece sees its own local time from 0.

    Piece ``i`` runs from ``at[i-1]`` to ``at[i]`` (global steps) and is evaluated at
    ``t - at[i-1]``. Without ``at`` the boundaries are the pieces' lengths added up (every piece
    but the last must then have a length). The last piece runs forever.

    Examples:
        >>> from lr_curves import constant, cosine, linear
        >>> s = concat(linear(0.0, 1.0, 10), constant(1.0), cosine(1.0, 80), at=[10, 20])
        >>> f"{s(5):.2f} {s(15):.2f} {s(60):.2f}"
        '0.50 1.00 0.50'
    """
    return _Concat(schedules, None if at is None else ck.sequence("concat", "at", at))


# -------------------------------------------------------------------------------------- scale
@schedule_field
def _by(api: str, name: str, value: Any) -> float | Schedule:
    if isinstance(value, Schedule):
        return value
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        ck.type_error(api, name, "a real number or a Schedule", value)
    return ck.finite_float(api, name, value)


@dataclasses.dataclass(frozen=True, repr=False, eq=False)
class _Scale(Schedule):
    api: ClassVar[str] = "scale"
    stretchable: ClassVar[bool] = True
    schedule: Schedule = arg(schedule_arg, positional=True)
    by: float | Schedule = arg(_by, positional=True)

    @property
    def length(self) -> Number | None:
        return _joint_length(self.children)

    def boundaries(self) -> tuple[Number, ...]:
        return _merge_boundaries(*(c.boundaries() for c in self.children))

    def _labelled(self, until: float) -> list[tuple[Number, str]]:
        out = self.schedule._labelled(until)
        by = self.by
        if isinstance(by, Schedule):
            out = out + by._labelled(until)
            n = by.length
            if n is not None and 0 < n <= until and not by.is_constant:
                rising = value_at(by, 0) < value_at(by, n)  # a factor that ramps up: a multiplicative warmup
                out.append((n, "warmup end" if rising else "phase"))
        return out

    def _eval(self, x: Any, op: Ops) -> Any:
        v = op.eval(self.schedule, x)
        if isinstance(self.by, Schedule):
            return v * op.eval(self.by, x)
        return v * self.by

    def summary(self) -> str:
        if isinstance(self.by, Schedule):
            return "product of:"
        return f"scaled by {self.by:g}:"


@factory
def scale(schedule: Schedule, by: float | Schedule) -> Schedule:
    """Multiply a schedule by a constant or, pointwise, by another schedule.

    ``s * 0.5``, ``0.5 * s`` and ``s * t`` are the same thing.

    Examples:
        >>> from lr_curves import constant, cosine, linear
        >>> s = scale(cosine(1.0, 100), 0.1)
        >>> f"{s(0):.2f}"
        '0.10'
    """
    return _Scale(schedule, by)


def _is_number(value: object) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, (bool, Schedule))


def _scale_op(s: Schedule, other: Any) -> Schedule:
    if isinstance(other, Schedule) or _is_number(other):
        return _Scale(s, other)
    return NotImplemented  # type: ignore[no-any-return]


# -------------------------------------------------------------------------------------- add
@dataclasses.dataclass(frozen=True, repr=False, eq=False)
class _Add(Schedule):
    api: ClassVar[str] = "add"
    stretchable: ClassVar[bool] = True
    terms: tuple[Schedule, ...] = arg(varargs=True)

    def _validate(self) -> None:
        object.__setattr__(self, "terms", _schedules(self.api, self.terms))

    @property
    def length(self) -> Number | None:
        return _joint_length(self.terms)

    def boundaries(self) -> tuple[Number, ...]:
        return _merge_boundaries(*(c.boundaries() for c in self.terms))

    def _labelled(self, until: float) -> list[tuple[Number, str]]:
        return [bk for t in self.terms for bk in t._labelled(until)]

    def _eval(self, x: Any, op: Ops) -> Any:
        out = op.eval(self.terms[0], x)
        for p in self.terms[1:]:  # left to right, on every path
            out = out + op.eval(p, x)
        return out

    def summary(self) -> str:
        return "sum of:"


@factory
def add(*schedules: Schedule | float) -> Schedule:
    """Pointwise sum of schedules (numbers become :func:`constant` schedules).

    ``s + t``, ``s + 0.1`` and ``s - t`` are the same thing.

    Examples:
        >>> from lr_curves import constant, cosine, linear
        >>> s = add(cosine(0.9, 100), 0.1)
        >>> f"{s(0):.2f} {s(100):.2f}"
        '1.00 0.10'
    """
    terms = []
    for i, s in enumerate(schedules):
        if not isinstance(s, Schedule) and not _is_number(s):
            ck.type_error("add", f"term {i}", "a schedule or a real number", s)
        terms.append(s if isinstance(s, Schedule) else constant(ck.finite_float("add", f"term {i}", s)))
    return _Add(tuple(terms))


def _add_op(s: Schedule, other: Any) -> Schedule:
    if isinstance(other, Schedule):
        return _Add((s, other))
    if _is_number(other):
        return _Add((s, constant(ck.finite_float("add", "term 1", other))))
    return NotImplemented  # type: ignore[no-any-return]


# -------------------------------------------------------------------------------------- clip
@dataclasses.dataclass(frozen=True, repr=False, eq=False)
class _Clip(Schedule):
    api: ClassVar[str] = "clip"
    stretchable: ClassVar[bool] = True
    schedule: Schedule = arg(schedule_arg, positional=True)
    low: float | None = arg(ck.finite_float, None)
    high: float | None = arg(ck.finite_float, None)

    def _validate(self) -> None:
        if self.low is None and self.high is None:
            raise ValueError(f"{self.api}(): give low, high or both, got neither.")
        if self.low is not None and self.high is not None and self.low > self.high:
            raise ValueError(f"{self.api}(): low must be <= high, got low={self.low!r}, high={self.high!r}.")

    @property
    def length(self) -> Number | None:
        return self.schedule.length

    def boundaries(self) -> tuple[Number, ...]:
        return self.schedule.boundaries()

    def _labelled(self, until: float) -> list[tuple[Number, str]]:
        return self.schedule._labelled(until)

    def _eval(self, x: Any, op: Ops) -> Any:
        v = op.eval(self.schedule, x)
        if self.low is not None:
            v = op.maximum(v, self.low)
        if self.high is not None:
            v = op.minimum(v, self.high)
        return v

    def summary(self) -> str:
        lo = "" if self.low is None else f" low {_v(self.low)}"
        hi = "" if self.high is None else f" high {_v(self.high)}"
        return f"clipped to{lo}{hi}:"


@factory
def clip(schedule: Schedule, low: float | None = None, high: float | None = None) -> Schedule:
    """Bound a schedule's values to ``[low, high]`` (either side may be open).

    Examples:
        >>> from lr_curves import constant, cosine, linear
        >>> f"{clip(linear(0.0, 1.0, 10), low=0.2)(0):.2f}"
        '0.20'
    """
    return _Clip(schedule, low, high)


# -------------------------------------------------------------------------------------- shift
@dataclasses.dataclass(frozen=True, repr=False, eq=False)
class _Shift(Schedule):
    api: ClassVar[str] = "shift"
    stretchable: ClassVar[bool] = True
    schedule: Schedule = arg(schedule_arg, positional=True)
    by: Number = arg(ck.real, positional=True, duration=True)

    @property
    def length(self) -> Number | None:
        n = self.schedule.length
        return None if n is None else max(n + self.by, 0)

    def boundaries(self) -> tuple[Number, ...]:
        return tuple(b + self.by for b in self.schedule.boundaries() if b + self.by > 0)

    def _labelled(self, until: float) -> list[tuple[Number, str]]:
        by = self.by
        out = [(b + by, k) for b, k in self.schedule._labelled(_before(until, by)) if b + by > 0]
        if 0 < by <= until and all(b != by for b, _ in out) and 0 in self.schedule.boundaries():
            out.insert(0, (by, "phase"))  # a corner at step 0 (not listed there), moved to `by`
        return out

    def _eval(self, x: Any, op: Ops) -> Any:
        local = x - self.by if self.by < 0 else op.maximum(x - self.by, 0.0)
        return op.eval(self.schedule, local)

    def summary(self) -> str:
        if self.by > 0:
            return f"shifted {_n(self.by)} steps later (holds its start value until then):"
        return f"started {_n(-self.by)} steps into:"


@factory
def shift(schedule: Schedule, by: Number) -> Schedule:
    """Move a schedule later in time by ``by`` steps (earlier when ``by < 0``).

    ``shift(s, by)(t) == s(max(t - by, 0))``: a positive shift holds ``s(0)`` for the first
    ``by`` steps; a negative one skips the first ``-by`` steps of ``s``.

    Examples:
        >>> from lr_curves import constant, cosine, linear
        >>> s = shift(linear(0.0, 1.0, 10), -5)
        >>> f"{s(0):.2f}"
        '0.50'
    """
    return _Shift(schedule, by)


# -------------------------------------------------------------------------------------- stretch
@dataclasses.dataclass(frozen=True, repr=False, eq=False)
class _Stretch(Schedule):
    api: ClassVar[str] = "stretch"
    stretchable: ClassVar[bool] = True
    schedule: Schedule = arg(schedule_arg, positional=True)
    factor: Number = arg(ck.positive, positional=True, duration=True)
    staircase: bool = arg(ck.boolean, False)

    def _validate(self) -> None:
        # The child with its durations times the factor, where every product is exact: it
        # computes (270 - t) / 270 where the child would compute (90 - t/3) / 90 from a
        # rounded t/3 (143 ulp at the end of a cosine). Else, the child at t / factor.
        # Whole factors only: with a fractional one (fvcore's 1 / (n + 1)) a staircase inside
        # would floor the exact t / (k * every) where the stretch's own definition (and the
        # peers it reproduces) floors the rounded t / k.
        k = self.factor
        whole = float(k).is_integer()
        inner = None if self.staircase or not whole else stretched(self.schedule, int(k) if k < 2**53 else k)
        object.__setattr__(self, "_inner", inner)

    def _stretched(self, k: Number, memo: dict[int, Schedule | None]) -> Schedule | None:
        # the child runs on this node's own clock: only the factor changes (stretches multiply)
        factor = _times(self.factor, k)
        return None if factor is _NOT_EXACT else _Stretch(self.schedule, factor, self.staircase)

    @property
    def length(self) -> Number | None:
        n = self.schedule.length
        if n is None:
            return None
        # With staircase time the inner schedule sees whole units only: it is past its length
        # from unit floor(n) + 1 on.
        return (math.floor(n) + 1 if self.staircase else n) * self.factor

    def boundaries(self) -> tuple[Number, ...]:
        inner = self.schedule.boundaries()
        if self.staircase:
            inner = tuple(math.ceil(b) for b in inner)
        return tuple(b * self.factor for b in inner)

    def _labelled(self, until: float) -> list[tuple[Number, str]]:
        f = self.factor
        inner = self.schedule._labelled(_before(until / f, 0))
        if self.staircase:
            inner = [(math.ceil(b), k) for b, k in inner]
        return [(b * f, k) for b, k in inner]

    def _eval(self, x: Any, op: Ops) -> Any:
        inner: Schedule | None = self.__dict__["_inner"]
        if inner is not None:
            return op.eval(inner, x)
        k = self.factor
        local = op.floordiv(x, k) if self.staircase else x / k
        if k < 1.0:  # t / k beyond a float64 (a tiny factor): the inner schedule's last step
            local = op.minimum(local, sys.float_info.max)
        return op.eval(self.schedule, local)

    def summary(self) -> str:
        stair = ", in whole units (staircase)" if self.staircase else ""
        return f"time stretched {_n(self.factor)}x (below, one unit = {_n(self.factor)} steps{stair}):"


@factory
def stretch(schedule: Schedule, factor: Number, *, staircase: bool = False) -> Schedule:
    """Stretch time: ``stretch(s, k)(t) == s(t / k)`` (the same curve over ``k`` times the steps).

    Turn a schedule counted in epochs into one counted in steps with
    ``stretch(s, steps_per_epoch)``; with ``staircase=True`` the value changes only at whole
    epochs (``s(t // k)``), as when a torch scheduler is stepped once per epoch.

    Exact where the stretched durations are: when ``k`` is a whole number and every duration
    inside ``schedule`` (its lengths, periods, boundaries) times ``k`` is exact, the curve is
    computed from those products
    (``stretch(cosine(1, 90), 3)`` computes as ``cosine(1, 270)``: ``(270 - t) / 270``, not
    ``(90 - t/3) / 90`` from a rounded ``t/3``, which was 143 ulp off at step 269). Otherwise (a
    factor such as 0.1, an opaque :func:`function`, a ``"log"`` warmup, ``staircase=True``) the
    child is evaluated at ``t / k``. Either way the value is the same on every path. The node is
    still a stretch: ``stretch(cosine(1, 90), 3) != cosine(1, 270)`` (equality is structural, as
    are ``repr`` and ``to_dict``), though the two agree at every step, bit for bit.

    Examples:
        >>> from lr_curves import constant, cosine, linear
        >>> s = stretch(linear(0.0, 1.0, 10), 100)
        >>> f"{s(500):.2f}"
        '0.50'
    """
    return _Stretch(schedule, factor, staircase=staircase)


def _sub_op(s: Schedule, other: Any) -> Schedule:
    return _add_op(s, -other)


def _rsub_op(s: Schedule, other: Any) -> Schedule:
    return _add_op(-s, other)


def _neg_op(s: Schedule) -> Schedule:
    return scale(s, -1.0)


# ---------------------------------------------------------------------------------------- fluent methods
# The combinators themselves, as methods and operators of every schedule.
for _name, _fn in {
    "__mul__": _scale_op,
    "__rmul__": _scale_op,
    "__add__": _add_op,
    "__radd__": _add_op,
    "__sub__": _sub_op,
    "__rsub__": _rsub_op,
    "__neg__": _neg_op,
    "scale": scale,
    "warmup": warmup,
    "restart": restart,
    "clip": clip,
    "shift": shift,
    "stretch": stretch,
}.items():
    setattr(Schedule, _name, _fn)
