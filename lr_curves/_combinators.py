"""Combinators: build schedules from schedules.

``warmup``, ``concat``, ``restart`` and ``scale`` are the heart of the algebra; ``add``,
``clip``, ``shift`` and ``stretch`` are the general pieces the peers' schedules need.
"""

from __future__ import annotations

import bisect
import dataclasses
import math
import numbers
import sys
from typing import Any, ClassVar, cast

from lr_curves import _checks as ck
from lr_curves import _shapes
from lr_curves._backend import Ops
from lr_curves._base import Codegen, ScalarFn, Schedule
from lr_curves._checks import Number
from lr_curves._primitives import _Constant

_set = object.__setattr__

RAMP_SHAPES = ("linear", "cosine", "1-sqrt", "1-square", "exponential", "log", "constant")


def _schedule(api: str, name: str, value: Any) -> Schedule:
    if not isinstance(value, Schedule):
        ck.type_error(
            api, name, "a Schedule", value, hint="build one with lr_curves.constant(), cosine(), ..."
        )
    return value


def _before(until: float, offset: Number) -> float:
    """``until - offset`` in a child's own time, a hair larger: a boundary exactly at ``until``
    must not be lost to the rounding of the subtraction (the caller filters exactly)."""
    return (until - offset) + 1e-12 * max(abs(until), 1.0)


def _merge_boundaries(*groups: tuple[Number, ...]) -> tuple[Number, ...]:
    return tuple(sorted(set().union(*groups)))


# ---------------------------------------------------------------------------------------- warmup
@dataclasses.dataclass(frozen=True, repr=False)
class _Warmup(Schedule):
    api: ClassVar[str] = "warmup"
    _positional = ("schedule", "steps")
    schedule: Schedule
    steps: Number
    start: float = 0.0
    shape: str = "linear"
    overlay: bool = False

    def __post_init__(self) -> None:
        api = self.api
        _schedule(api, "schedule", self.schedule)
        _set(self, "steps", ck.positive(api, "steps", self.steps))
        _set(self, "start", ck.finite_float(api, "start", self.start))
        _set(self, "shape", ck.choice(api, "shape", self.shape, RAMP_SHAPES))
        _set(self, "overlay", ck.boolean(api, "overlay", self.overlay))
        n = self.schedule.length
        if self.overlay and n is not None and self.steps > n:
            raise ValueError(
                f"{api}(): steps must be at most the schedule's length when overlay=True, "
                f"got steps={self.steps!r} for a schedule of length {n!r}. Hint: overlay=False "
                "puts the warmup before the schedule instead."
            )
        target = self.target
        if self.shape == "exponential" and not (self.start > 0 and target > 0):
            raise ValueError(
                f"{api}(): an exponential warmup needs start > 0 and a positive target, got "
                f"start={self.start!r} and target {target!r}."
            )
        self._finish()

    def _children(self) -> tuple[Schedule, ...]:
        return (self.schedule,)

    @property
    def target(self) -> float:
        """The value the ramp reaches: ``schedule(0)``, or ``schedule(steps)`` with ``overlay``."""
        return self.schedule._fn(self.steps if self.overlay else 0)

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

    def _build(self) -> ScalarFn:
        inner = self.schedule._fn
        W, a, shape, overlay = self.steps, self.start, self.shape, self.overlay
        d = self.target - a
        if shape == "linear" and not overlay:

            def lin(t: float) -> float:
                if t < W:
                    return a + d * (t / W)
                return inner(t - W)

            return lin
        ramp = self._ramp_scalar()

        def f(t: float) -> float:
            if t < W:
                return ramp(t)
            return inner(t if overlay else t - W)

        return f

    def _emit(self, t: str, g: Codegen) -> str:
        W = g.const(self.steps)
        child = self.schedule._emit(t if self.overlay else g.time(f"{t} - {W}"), g)
        if self.shape == "linear" and not self.overlay:
            A, D = g.const(self.start), g.const(self.target - self.start)
            return f"({A} + {D} * ({t} / {W}) if {t} < {W} else {child})"
        return f"({g.const(self._ramp_scalar())}({t}) if {t} < {W} else {child})"

    def _ramp_scalar(self) -> ScalarFn:
        W, a, shape = self.steps, self.start, self.shape
        b = self.target
        d = b - a
        if shape == "constant":
            return lambda t: a
        if shape == "exponential":
            ratio = b / a
            return lambda t: a * ratio ** (t / W)
        if shape == "log":
            log1p, L = math.log1p, math.log1p(W)
            return lambda t: a + d * (log1p(t) / L)
        if shape == "linear":
            return lambda t: a + d * (t / W)
        g = _shapes.SCALAR[shape]
        return lambda t: a + d * g(W - t, W)

    def _ramp_vec(self, x: Any, xp: Ops) -> Any:
        W, a, shape = self.steps, self.start, self.shape
        b = self.target
        if shape == "constant":
            return xp.full(x, a)
        if shape == "exponential":
            return a * (b / a) ** (x / W)
        if shape == "log":
            return a + (b - a) * (xp.log1p(x) / math.log1p(W))
        if shape == "linear":
            return a + (b - a) * (x / W)
        return a + (b - a) * _shapes.vector(shape, W - x, W, xp)

    def _eval(self, x: Any, xp: Ops) -> Any:
        W = self.steps
        child = self.schedule
        fns = [lambda u: self._ramp_vec(u, xp), lambda u: child._eval(u, xp)]
        return xp.piecewise(x, (W,), fns, offsets=(0.0, 0.0 if self.overlay else W))


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


# ---------------------------------------------------------------------------------------- concat
@dataclasses.dataclass(frozen=True, repr=False)
class _Concat(Schedule):
    api: ClassVar[str] = "concat"
    _varargs = "pieces"
    pieces: tuple[Schedule, ...]
    at: tuple[Number, ...] | None = None

    def __post_init__(self) -> None:
        api = self.api
        pieces = tuple(self.pieces)
        if len(pieces) < 2:
            ck.value_error(api, "schedules", "at least two schedules", len(pieces))
        for i, p in enumerate(pieces):
            _schedule(api, f"schedule {i}", p)
        _set(self, "pieces", pieces)
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
                at.append(total)
            _set(self, "at", tuple(at))
        else:
            bounds = tuple(ck.positive(api, "at", a) for a in ck.sequence(api, "at", self.at))
            if len(bounds) != len(pieces) - 1:
                raise ValueError(
                    f"{api}(): at must have one boundary fewer than there are schedules, got "
                    f"{len(bounds)} boundaries for {len(pieces)} schedules."
                )
            ck.increasing(api, "at", bounds)
            _set(self, "at", bounds)
        self._finish()

    def _children(self) -> tuple[Schedule, ...]:
        return self.pieces

    @property
    def length(self) -> Number | None:
        last = self.pieces[-1]
        assert self.at is not None
        if isinstance(last, _Constant):  # a constant tail: nothing changes after it begins
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
        first, a0 = self.pieces[0], self.at[0]
        if out and first._fn(0) < first._fn(a0) <= self.pieces[1]._fn(0):  # a ramp up into it
            out[0] = (a0, "warmup end")
        if isinstance(last, _Constant) and self.at[-1] <= until:
            out[-1] = (self.at[-1], "end")
        for p, s, e in zip(self.pieces, (0, *self.at), (*self.at, math.inf), strict=True):
            if s > until:
                break
            out += [(b + s, k) for b, k in p._labelled(_before(min(until, e), s)) if b > 0 and b + s < e]
        return out

    def _build(self) -> ScalarFn:
        at = self.at
        assert at is not None
        fns = tuple(p._fn for p in self.pieces)
        if len(fns) == 2:
            f0, f1 = fns
            a = at[0]

            def two(t: float) -> float:
                if t < a:
                    return f0(t)
                return f1(t - a)

            return two
        starts = (0, *at)
        find = bisect.bisect_right

        def many(t: float) -> float:
            i = find(at, t)
            return fns[i](t - starts[i])

        return many

    def _emit(self, t: str, g: Codegen) -> str:
        assert self.at is not None
        if len(self.pieces) != 2:
            return super()._emit(t, g)
        a = g.const(self.at[0])
        first = self.pieces[0]._emit(t, g)
        second = self.pieces[1]._emit(g.time(f"{t} - {a}"), g)
        return f"({first} if {t} < {a} else {second})"

    def _eval(self, x: Any, xp: Ops) -> Any:
        assert self.at is not None
        fns = [lambda u, p=p: p._eval(u, xp) for p in self.pieces]
        return xp.piecewise(x, self.at, fns)


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


# ---------------------------------------------------------------------------------------- restart
def _integral(x: Number) -> int | None:
    if isinstance(x, int):
        return x
    return int(x) if float(x).is_integer() else None


@dataclasses.dataclass(frozen=True, repr=False)
class _Restart(Schedule):
    api: ClassVar[str] = "restart"
    _positional = ("schedule",)
    schedule: Schedule
    every: Number | None = None
    growth: float = 1.0
    decay: float = 1.0
    limit: int | None = None
    end: float | None = None
    index: str = "exact"

    _cycles: ClassVar[tuple[Any, Any, int]]  # (index, start, last finite cycle): set per instance

    def __post_init__(self) -> None:
        api = self.api
        _schedule(api, "schedule", self.schedule)
        if self.every is None:
            n = self.schedule.length
            if n is None or n <= 0:
                raise ValueError(
                    f"{api}(): every is required when the schedule has no length, got "
                    f"{self.schedule!r}. Hint: pass every=<cycle length in steps>."
                )
            _set(self, "every", n)
        else:
            _set(self, "every", ck.positive(api, "every", self.every))
        growth = ck.finite_float(api, "growth", self.growth)
        if growth < 1.0:
            ck.value_error(api, "growth", ">= 1.0", self.growth)
        _set(self, "growth", growth)
        _set(self, "decay", ck.positive_float(api, "decay", self.decay))
        if self.limit is not None:
            _set(self, "limit", ck.count(api, "limit", self.limit))
            if _pow(self.decay, self.limit - 1) == math.inf:
                ck.value_error(
                    api,
                    "decay",
                    f"such that decay ** (limit - 1) fits a float64 (limit={self.limit})",
                    self.decay,
                )
        if self.end is not None:
            if self.limit is None:
                raise ValueError(
                    f"{api}(): end is the value held after the last cycle, so it needs a limit, "
                    f"got end={self.end!r} and limit=None."
                )
            _set(self, "end", ck.finite_float(api, "end", self.end))
        _set(self, "index", ck.choice(api, "index", self.index, ("exact", "log")))
        _set(self, "_cycles", self._make_cycles())
        self._finish()

    def _children(self) -> tuple[Schedule, ...]:
        return (self.schedule,)

    def _log_index(self, t: float) -> int:
        """The peers' floating-point cycle index ``floor(log(1 - t/every*(1 - growth)) / log(growth))``."""
        L, g = self.every, self.growth
        assert L is not None
        return math.floor(math.log(1 - t / L * (1 - g)) / math.log(g))

    # -- cycle arithmetic, computed once per schedule
    def _make_cycles(self) -> tuple[Any, Any, int]:
        """``(index, start, last)``: the cycle containing a step, the step where cycle n begins,
        and the last cycle that begins at a finite step.

        Integer arithmetic when ``every`` and ``growth`` are whole numbers (so any int step is
        placed exactly); otherwise the float formula, with the index corrected against the very
        ``start`` values it is compared with, so the result is consistent at every boundary.
        """
        L, g = self.every, self.growth
        assert L is not None
        if g == 1.0:
            return (lambda t: int(t // L)), (lambda n: L * n), 0
        Li, gi = _integral(L), _integral(g)
        if Li is not None and gi is not None:
            gm1 = gi - 1

            def formula(n: int) -> Number:
                return Li * (cast(int, gi**n) - 1) // gm1

        else:
            gm1f = g - 1.0

            def formula(n: int) -> Number:
                a = L * (_pow(g, n) - 1.0)
                if a == math.inf:  # L * g**n overflows before the division: divide first
                    return L * ((_pow(g, n) - 1.0) / gm1f)
                return a / gm1f

        # The last cycle that starts at a finite step: no finite step is in a later one.
        # start(n) <= MAX  <=>  n <= log1p(MAX (g - 1) / L) / log(g)
        big = sys.float_info.max
        ratio = big / L * (g - 1.0)
        top = math.log1p(ratio) if ratio < math.inf else math.log(big) - math.log(L) + math.log(g - 1.0)
        last = max(int(top / math.log1p(g - 1.0)), 0)
        while last > 0 and not formula(last) <= big:
            last -= 1
        while formula(last + 1) <= big:
            last += 1

        # The cycle starts up to 2**64 steps, tabulated once: a lookup costs the same at every n.
        table: list[Number] = []
        while not table or (table[-1] < 2**64 and len(table) < 4096 and len(table) <= last):
            table.append(formula(len(table)))
        size = len(table)

        def start(n: int) -> Number:
            return table[n] if n < size else formula(n)

        gm1_, log_g, log1p = g - 1.0, math.log1p(g - 1.0), math.log1p

        def index(t: Number) -> int:
            if t < L:
                return 0
            # log1p(g - 1), not log(g): exact for g near 1, so the corrections take a step or two
            n = int(min(log1p(float(t) * gm1_ / L) / log_g, last))
            while n > 0 and start(n) > t:
                n -= 1
            while n < last and start(n + 1) <= t:
                n += 1
            return n

        return index, start, last

    def cycle_start(self, n: int) -> Number:
        """The step at which cycle ``n`` (0-based) begins."""
        return cast(Number, self._cycles[1](n))

    def cycle_index(self, t: Number) -> int:
        """The (0-based) cycle containing step ``t``, in O(1): exact at every boundary."""
        if self.index == "log" and self.growth != 1.0:
            return self._log_index(float(t))
        return cast(int, self._cycles[0](t))

    @property
    def length(self) -> Number | None:
        return None if self.limit is None else self.cycle_start(self.limit)

    def _labelled(self, until: float) -> list[tuple[Number, str]]:
        """Every cycle start up to ``until`` is a ``"restart"`` (the one after the last cycle an
        ``"end"``), and each cycle's own boundaries (its warmup end...) inside it."""
        from lr_curves._base import MAX_LABELLED

        out: list[tuple[Number, str]] = []
        inner = self.schedule._labelled(math.inf)
        n = 0
        while len(out) < MAX_LABELLED:
            a, b = self.cycle_start(n), self.cycle_start(n + 1)
            if not a <= until or not a < math.inf:
                break
            if self.limit is not None and n >= self.limit:
                break
            k = _pow(self.growth, n) if self.growth != 1.0 else 1
            out += [(a + c * k, kind) for c, kind in inner if c * k > 0 and a + c * k < b]
            if b <= until:
                last = self.limit is not None and n + 1 == self.limit
                out.append((b, "end" if last else "restart"))
            n += 1
        return out

    def boundaries(self) -> tuple[Number, ...]:
        n = self.limit if self.limit is not None else 64
        out: list[Number] = []
        for i in range(1, n + 1):
            s = self.cycle_start(i)
            if len(out) >= 64 or not s < math.inf:
                break
            out.append(s)
        return tuple(out)

    def _build(self) -> ScalarFn:
        inner = self.schedule._fn
        L, g, k, limit = self.every, self.growth, self.decay, self.limit
        assert L is not None
        end_value = self._end_value()
        # decay > 1 grows without bound: past the float64 range the value is inf (0 stays 0).
        if g == 1.0:

            def same(t: float) -> float:
                n, r = divmod(t, L)
                if limit is not None and n >= limit:
                    return end_value  # type: ignore[return-value]
                v = inner(r)
                return v if k == 1.0 or v == 0.0 else v * _pow(k, n)

            return same
        index, start, _ = self._cycles
        if self.index == "log":
            index = self._log_index

            def grow_log(t: float) -> float:
                n = index(t)
                if limit is not None and n >= limit:
                    return end_value  # type: ignore[return-value]
                v = inner(max((t - start(n)) / _pow(g, n), 0.0))
                return v if k == 1.0 or v == 0.0 else v * _pow(k, n)

            return grow_log

        def grow(t: float) -> float:
            n = index(t)
            if limit is not None and n >= limit:
                return end_value  # type: ignore[return-value]
            v = inner((t - start(n)) / _pow(g, n))
            return v if k == 1.0 or v == 0.0 else v * _pow(k, n)

        return grow

    def _end_value(self) -> float | None:
        """The value held after ``limit`` cycles."""
        if self.limit is None:
            return None
        if self.end is not None:
            return self.end
        assert self.every is not None
        return self.schedule._fn(self.every) * self.decay ** (self.limit - 1)

    def _eval(self, x: Any, xp: Ops) -> Any:
        L, g, k, limit = self.every, self.growth, self.decay, self.limit
        assert L is not None
        if g == 1.0:
            n = xp.floordiv(x, L)
            local = xp.mod(x, L)
            scale = 1.0
        else:
            n = xp.floor(xp.log(x * (g - 1.0) / L + 1.0) / math.log1p(g - 1.0))
            n = xp.clip(n, 0.0, float(self._cycles[2]))  # no finite step is in a later cycle

            def start(m: Any) -> Any:
                a = L * (g**m - 1.0)  # as the scalar path; divided first where this overflows
                return xp.where(a < math.inf, a / (g - 1.0), L * ((g**m - 1.0) / (g - 1.0)))

            n = xp.where(x < start(n), n - 1.0, n)
            n = xp.where(x >= start(n + 1.0), n + 1.0, n)
            if self.index == "log":
                n = self._log_index_vec(x, n, xp)
            scale = g**n
            local = (x - start(n)) / scale
            if self.index == "log":
                local = xp.maximum(local, 0.0)
        if limit is not None:
            past = n >= limit
            local = xp.where(past, 0.0, local)
        v = self.schedule._eval(local, xp)
        if k > 1.0:
            v = v * xp.where(v == 0.0, 1.0, k**n)  # k**n may overflow to inf: 0 stays 0
        elif k != 1.0:
            v = v * k**n
        if limit is not None:
            v = xp.where(past, self._end_value(), v)
        return v

    def _log_index_vec(self, x: Any, exact: Any, xp: Ops) -> Any:
        """The floating-point index on arrays.

        The formula differs from the exact index only within a few ulps of a restart boundary,
        where NumPy's ``log`` (which may differ from ``math.log`` in the last ulp) could decide
        differently from the scalar path: there (and only there) NumPy takes the scalar formula,
        once per distinct step value. Traced arrays compute the formula with their own ``log``.
        """
        L, g = self.every, self.growth
        assert L is not None
        log_n = xp.floor(xp.log(1 - x / L * (1 - g)) / math.log(g))
        if xp.name != "numpy":
            return log_n
        import numpy as np

        n = np.asarray(exact, dtype=np.float64)
        lo = L * (g**n - 1.0) / (g - 1.0)
        hi = L * (g ** (n + 1.0) - 1.0) / (g - 1.0)
        near = (x - lo <= 1e-12 * x) | (hi - x <= 1e-12 * x) | (log_n != n)
        out = np.where(near, n, log_n)
        if near.any():
            for value in np.unique(x[near]):
                out[x == value] = float(self._log_index(float(value)))
        return out


def _pow(base: float, n: Number) -> float:
    """``base ** n`` for ``base > 0``, ``inf`` where it overflows (Python raises instead)."""
    try:
        return float(base**n)
    except OverflowError:
        return math.inf


def restart(
    schedule: Schedule,
    every: Number | None = None,
    *,
    growth: float = 1.0,
    decay: float = 1.0,
    limit: int | None = None,
    end: float | None = None,
    index: str = "exact",
) -> Schedule:
    """Repeat a schedule in cycles (warm restarts, SGDR).

    Cycle ``n`` (from 0) lasts ``every * growth**n`` steps and starts at
    ``every * (growth**n - 1) / (growth - 1)`` (``every * n`` when ``growth == 1``). Inside it the
    schedule is stretched to the cycle's length (it sees ``(t - start) / growth**n``, in
    ``[0, every)``), and its value is multiplied by ``decay**n``. The cycle index is found in
    closed form, with integer arithmetic when steps, ``every`` and ``growth`` are integers, so it
    is exact at every restart boundary and costs the same at step ``10**12`` as at step 12.

    With ``limit``, after ``limit`` cycles the value holds the end of the last cycle
    (``decay**(limit-1) * schedule(every)``), or ``end`` when given.

    Args:
        schedule: One cycle's curve.
        every: Length of the first cycle (default: the schedule's length).
        growth: Factor by which each cycle is longer than the one before (>= 1, float allowed).
        decay: Factor applied to the values of each cycle relative to the one before.
        limit: Number of cycles, or ``None`` for no end.
        end: The value held after ``limit`` cycles (needs ``limit``).
        index: How the cycle index is found when ``growth != 1``: ``"exact"`` (the default:
            exact at every boundary) or ``"log"``, the floating-point formula
            ``floor(log(1 - t/every * (1 - growth)) / log(growth))`` that timm's schedulers,
            Keras' ``CosineDecayRestarts`` and torch's ``CosineAnnealingWarmRestarts.step(epoch)``
            use. It puts some restarts one cycle late exactly at their boundary (``growth=3,
            every=1``: step 121 is the end of cycle 4 instead of the start of cycle 5); use it
            only to reproduce those libraries. With ``growth == 1`` both give ``t // every``.
            The NumPy path follows the scalar path exactly; traced arrays (JAX, torch) use their
            own ``log``, so exactly at such a boundary they may decide either way.

    References:
        Loshchilov & Hutter, "SGDR: Stochastic Gradient Descent with Warm Restarts", ICLR 2017.

    Examples:
        >>> from lr_curves import constant, cosine, linear
        >>> s = restart(cosine(1.0, 10), growth=2)
        >>> f"{s(10):.2f} {s(20):.2f} {s(30):.2f} {s(50):.2f} {s(70):.2f}"
        '1.00 0.50 1.00 0.50 1.00'
    """
    return _Restart(schedule, every, growth=growth, decay=decay, limit=limit, end=end, index=index)


# ---------------------------------------------------------------------------------------- scale
@dataclasses.dataclass(frozen=True, repr=False)
class _Scale(Schedule):
    api: ClassVar[str] = "scale"
    _positional = ("schedule", "by")
    schedule: Schedule
    by: float | Schedule

    def __post_init__(self) -> None:
        api = self.api
        _schedule(api, "schedule", self.schedule)
        by: Any = self.by
        if not isinstance(by, Schedule):
            if isinstance(by, bool) or not isinstance(by, numbers.Real):
                ck.type_error(api, "by", "a real number or a Schedule", by)
            _set(self, "by", ck.finite_float(api, "by", by))
        self._finish()

    def _children(self) -> tuple[Schedule, ...]:
        return (self.schedule, self.by) if isinstance(self.by, Schedule) else (self.schedule,)

    @property
    def length(self) -> Number | None:
        return _joint_length(self._children())

    def boundaries(self) -> tuple[Number, ...]:
        return _merge_boundaries(*(c.boundaries() for c in self._children()))

    def _labelled(self, until: float) -> list[tuple[Number, str]]:
        out = self.schedule._labelled(until)
        by = self.by
        if isinstance(by, Schedule):
            out = out + by._labelled(until)
            n = by.length
            if n is not None and 0 < n <= until and not isinstance(by, _Constant):
                rising = by._fn(0) < by._fn(n)  # a factor that ramps up: a multiplicative warmup
                out.append((n, "warmup end" if rising else "phase"))
        return out

    def _build(self) -> ScalarFn:
        inner = self.schedule._fn
        if isinstance(self.by, Schedule):
            other = self.by._fn
            return lambda t: inner(t) * other(t)
        k = self.by
        return lambda t: inner(t) * k

    def _emit(self, t: str, g: Codegen) -> str:
        inner = self.schedule._emit(t, g)
        if isinstance(self.by, Schedule):
            return f"({inner} * {self.by._emit(t, g)})"
        return f"({inner} * {g.const(self.by)})"

    def _eval(self, x: Any, xp: Ops) -> Any:
        v = self.schedule._eval(x, xp)
        if isinstance(self.by, Schedule):
            return v * self.by._eval(x, xp)
        return v * self.by


def _joint_length(children: tuple[Schedule, ...]) -> Number | None:
    lengths = [c.length for c in children if not isinstance(c, _Constant)]
    if any(n is None for n in lengths):
        return None
    return max((n for n in lengths if n is not None), default=None)


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


# ---------------------------------------------------------------------------------------- add
@dataclasses.dataclass(frozen=True, repr=False)
class _Add(Schedule):
    api: ClassVar[str] = "add"
    _varargs = "terms"
    terms: tuple[Schedule, ...]

    def __post_init__(self) -> None:
        terms = tuple(self.terms)
        if len(terms) < 2:
            ck.value_error(self.api, "schedules", "at least two schedules", len(terms))
        for i, p in enumerate(terms):
            _schedule(self.api, f"schedule {i}", p)
        _set(self, "terms", terms)
        self._finish()

    def _children(self) -> tuple[Schedule, ...]:
        return self.terms

    @property
    def length(self) -> Number | None:
        return _joint_length(self.terms)

    def boundaries(self) -> tuple[Number, ...]:
        return _merge_boundaries(*(c.boundaries() for c in self.terms))

    def _labelled(self, until: float) -> list[tuple[Number, str]]:
        return [bk for t in self.terms for bk in t._labelled(until)]

    def _build(self) -> ScalarFn:
        fns = tuple(p._fn for p in self.terms)
        if len(fns) == 2:
            f0, f1 = fns
            return lambda t: f0(t) + f1(t)
        return lambda t: sum(f(t) for f in fns)

    def _emit(self, t: str, g: Codegen) -> str:
        return "(" + " + ".join(p._emit(t, g) for p in self.terms) + ")"

    def _eval(self, x: Any, xp: Ops) -> Any:
        out = self.terms[0]._eval(x, xp)
        for p in self.terms[1:]:
            out = out + p._eval(x, xp)
        return out


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
        terms.append(s if isinstance(s, Schedule) else _Constant(ck.finite_float("add", f"term {i}", s)))
    return _Add(tuple(terms))


def _add_op(s: Schedule, other: Any) -> Schedule:
    if isinstance(other, Schedule):
        return _Add((s, other))
    if _is_number(other):
        return _Add((s, _Constant(ck.finite_float("add", "term 1", other))))
    return NotImplemented  # type: ignore[no-any-return]


# ---------------------------------------------------------------------------------------- clip
@dataclasses.dataclass(frozen=True, repr=False)
class _Clip(Schedule):
    api: ClassVar[str] = "clip"
    _positional = ("schedule",)
    schedule: Schedule
    low: float | None = None
    high: float | None = None

    def __post_init__(self) -> None:
        api = self.api
        _schedule(api, "schedule", self.schedule)
        if self.low is None and self.high is None:
            raise ValueError(f"{api}(): give low, high or both, got neither.")
        if self.low is not None:
            _set(self, "low", ck.finite_float(api, "low", self.low))
        if self.high is not None:
            _set(self, "high", ck.finite_float(api, "high", self.high))
        if self.low is not None and self.high is not None and self.low > self.high:
            raise ValueError(f"{api}(): low must be <= high, got low={self.low!r}, high={self.high!r}.")
        self._finish()

    def _children(self) -> tuple[Schedule, ...]:
        return (self.schedule,)

    @property
    def length(self) -> Number | None:
        return self.schedule.length

    def boundaries(self) -> tuple[Number, ...]:
        return self.schedule.boundaries()

    def _labelled(self, until: float) -> list[tuple[Number, str]]:
        return self.schedule._labelled(until)

    def _build(self) -> ScalarFn:
        inner, lo, hi = self.schedule._fn, self.low, self.high
        if lo is None:
            top = cast(float, hi)
            return lambda t: min(inner(t), top)
        if hi is None:
            return lambda t: max(inner(t), lo)
        return lambda t: min(max(inner(t), lo), hi)

    def _emit(self, t: str, g: Codegen) -> str:
        v = self.schedule._emit(t, g)
        if self.low is None:
            return f"min({v}, {g.const(self.high)})"
        if self.high is None:
            return f"max({v}, {g.const(self.low)})"
        return f"min(max({v}, {g.const(self.low)}), {g.const(self.high)})"

    def _eval(self, x: Any, xp: Ops) -> Any:
        v = self.schedule._eval(x, xp)
        if self.low is not None:
            v = xp.maximum(v, self.low)
        if self.high is not None:
            v = xp.minimum(v, self.high)
        return v


def clip(schedule: Schedule, low: float | None = None, high: float | None = None) -> Schedule:
    """Bound a schedule's values to ``[low, high]`` (either side may be open).

    Examples:
        >>> from lr_curves import constant, cosine, linear
        >>> f"{clip(linear(0.0, 1.0, 10), low=0.2)(0):.2f}"
        '0.20'
    """
    return _Clip(schedule, low, high)


# ---------------------------------------------------------------------------------------- shift
@dataclasses.dataclass(frozen=True, repr=False)
class _Shift(Schedule):
    api: ClassVar[str] = "shift"
    _positional = ("schedule", "by")
    schedule: Schedule
    by: Number

    def __post_init__(self) -> None:
        _schedule(self.api, "schedule", self.schedule)
        _set(self, "by", ck.real(self.api, "by", self.by))
        self._finish()

    def _children(self) -> tuple[Schedule, ...]:
        return (self.schedule,)

    @property
    def length(self) -> Number | None:
        n = self.schedule.length
        return None if n is None else max(n + self.by, 0)

    def boundaries(self) -> tuple[Number, ...]:
        return tuple(b + self.by for b in self.schedule.boundaries() if b + self.by > 0)

    def _labelled(self, until: float) -> list[tuple[Number, str]]:
        by = self.by
        return [(b + by, k) for b, k in self.schedule._labelled(_before(until, by)) if b + by > 0]

    def _build(self) -> ScalarFn:
        inner, by = self.schedule._fn, self.by
        if by <= 0:
            return lambda t: inner(t - by)
        return lambda t: inner(t - by) if t > by else inner(0)

    def _emit(self, t: str, g: Codegen) -> str:
        by = g.const(self.by)
        inner = self.schedule._emit(g.time(f"{t} - {by}"), g)
        if self.by <= 0:
            return inner
        return f"({inner} if {t} > {by} else {g.const(self.schedule._fn(0))})"

    def _eval(self, x: Any, xp: Ops) -> Any:
        return self.schedule._eval(xp.maximum(x - self.by, 0.0), xp)


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


# ---------------------------------------------------------------------------------------- stretch
@dataclasses.dataclass(frozen=True, repr=False)
class _Stretch(Schedule):
    api: ClassVar[str] = "stretch"
    _positional = ("schedule", "factor")
    schedule: Schedule
    factor: Number
    staircase: bool = False

    def __post_init__(self) -> None:
        _schedule(self.api, "schedule", self.schedule)
        _set(self, "factor", ck.positive(self.api, "factor", self.factor))
        _set(self, "staircase", ck.boolean(self.api, "staircase", self.staircase))
        self._finish()

    def _children(self) -> tuple[Schedule, ...]:
        return (self.schedule,)

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

    def _build(self) -> ScalarFn:
        inner, k = self.schedule._fn, self.factor
        if self.staircase:
            return lambda t: inner(t // k)
        return lambda t: inner(t / k)

    def _emit(self, t: str, g: Codegen) -> str:
        op = "//" if self.staircase else "/"
        return self.schedule._emit(g.time(f"{t} {op} {g.const(self.factor)}"), g)

    def _eval(self, x: Any, xp: Ops) -> Any:
        k = self.factor
        local = xp.floordiv(x, k) if self.staircase else x / k
        return self.schedule._eval(local, xp)


def stretch(schedule: Schedule, factor: Number, *, staircase: bool = False) -> Schedule:
    """Stretch time: ``stretch(s, k)(t) == s(t / k)`` (the same curve over ``k`` times the steps).

    Turn a schedule counted in epochs into one counted in steps with
    ``stretch(s, steps_per_epoch)``; with ``staircase=True`` the value changes only at whole
    epochs (``s(t // k)``), as when a torch scheduler is stepped once per epoch.

    Examples:
        >>> from lr_curves import constant, cosine, linear
        >>> s = stretch(linear(0.0, 1.0, 10), 100)
        >>> f"{s(500):.2f}"
        '0.50'
    """
    return _Stretch(schedule, factor, staircase=staircase)
