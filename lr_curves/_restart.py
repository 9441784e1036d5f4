"""``restart``: repeat a schedule in cycles (warm restarts, SGDR), with the cycle index in closed form.

The cycle index is one formula on every path (``_index``): the logarithm's estimate, clipped to
the cycles that begin at a finite step, corrected once either way against the very cycle starts
it is compared with (``_start``), so it is exact at every restart boundary and costs the same at
step ``10**12`` as at step 12.
"""

from __future__ import annotations

import dataclasses
import math
import numbers
import sys
from typing import Any, ClassVar

from lr_curves import _checks as ck
from lr_curves._backend import Ops
from lr_curves._base import Schedule, arg, factory, schedule_arg, value_at
from lr_curves._base import fmt_steps as _n
from lr_curves._checks import Number
from lr_curves._staging import constant_ops, run_on


def _integral(x: Number) -> int | None:
    if isinstance(x, int):
        return x
    return int(x) if float(x).is_integer() else None


def _pow(base: float, n: Number) -> float:
    """``base ** n`` for ``base > 0``, ``inf`` where it overflows (Python raises instead)."""
    try:
        return float(base**n)
    except OverflowError:
        return math.inf


def _growth(api: str, name: str, value: Any) -> float:
    growth = ck.finite_float(api, name, value)
    if growth < 1.0:
        ck.value_error(api, name, ">= 1.0", value)
    return growth


def _index_kind(api: str, name: str, value: Any) -> str:
    return ck.choice(api, name, value, ("exact", "log"))


@dataclasses.dataclass(frozen=True, repr=False, eq=False)
class _Restart(Schedule):
    api: ClassVar[str] = "restart"
    stretchable: ClassVar[bool] = True
    schedule: Schedule = arg(schedule_arg, positional=True)
    every: Number | None = arg(ck.positive, None, duration=True)
    growth: float = arg(_growth, 1.0)
    decay: float = arg(ck.positive_float, 1.0)
    limit: int | None = arg(ck.count, None)
    end: float | None = arg(None, None)
    index: str = arg(_index_kind, "exact")

    def _validate(self) -> None:
        api = self.api
        if self.every is None:
            n = self.schedule.length
            if n is None or n <= 0:
                raise ValueError(
                    f"{api}(): every is required when the schedule has no length, got "
                    f"{self.schedule!r}. Hint: pass every=<cycle length in steps>."
                )
            object.__setattr__(self, "every", ck.exact(n))
        if self.limit is not None and _pow(self.decay, self.limit - 1) == math.inf:
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
            object.__setattr__(self, "end", ck.finite_float(api, "end", self.end))
        object.__setattr__(self, "_last", self._last_cycle())
        object.__setattr__(self, "_end_value", self._held())

    # -- the formula
    def _start(self, m: Any, op: Ops) -> Any:
        """The step where cycle ``m`` begins: ``every * (growth**m - 1) / (growth - 1)``."""
        L, g = self.every, self.growth
        assert L is not None
        Li, gi = _integral(L), _integral(g)
        if Li is not None and gi is not None:
            return op.geometric_start(Li, gi, m)
        return op.geometric_start(L, g, m)

    def _index(self, x: Any, op: Ops) -> Any:
        """The cycle containing time ``x``."""
        return self._cycle(x, op)[0]

    def _cycle(self, x: Any, op: Ops) -> tuple[Any, Any]:
        """The cycle containing time ``x``, and the step where it begins (``growth != 1``)."""
        L, g = self.every, self.growth
        assert L is not None
        if g == 1.0:
            return op.floordiv(x, L), None
        last = float(self._last)  # type: ignore[attr-defined]
        if self.index == "log":  # the peers' formula, floor(log(1 - x/L (1 - g)) / log(g))
            n = op.floor_log(1 - x / L * (1 - g), math.log(g), last)
            return n, self._start(n, op)
        # log1p(g - 1), not log(g): exact for g near 1, so one correction either way suffices
        n = op.floor(op.clip(op.log1p(x * (g - 1.0) / L) / math.log1p(g - 1.0), 0.0, last))
        s0, s1 = self._start(n, op), self._start(n + 1, op)
        low, high = x < s0, x >= s1
        start = op.where(low, self._start(n - 1, op), op.where(high, s1, s0))
        return op.where(low, n - 1, op.where(high, n + 1, n)), start

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

    def _eval(self, x: Any, op: Ops) -> Any:
        L, g, k, limit = self.every, self.growth, self.decay, self.limit
        assert L is not None
        n, start = self._cycle(x, op)
        if g == 1.0:
            local = op.mod(x, L)
        else:
            local = (x - start) / op.pow(g, n)
            if self.index == "log":
                local = op.maximum(local, 0.0)
        if limit is not None:
            past = n >= limit
            local = op.where(past, 0.0, local)
        v = op.eval(self.schedule, local)
        if k > 1.0:
            v = v * op.where(v == 0.0, 1.0, op.pow(k, n))  # k**n may overflow to inf: 0 stays 0
        elif k != 1.0:
            v = v * op.pow(k, n)
        if limit is not None:
            v = op.where(past, self._end_value, v)  # type: ignore[attr-defined]
        return v

    # -- structure, computed once per schedule
    def _last_cycle(self) -> int:
        """The last cycle that begins at a finite step: no finite step is in a later one."""
        L, g = self.every, self.growth
        assert L is not None
        if g == 1.0:
            return 0
        op = constant_ops()
        big = sys.float_info.max

        def fits(n: int) -> bool:
            return bool(self._start(n, op) <= big)

        # start(n) <= MAX  <=>  n <= log1p(MAX (g - 1) / L) / log(g): an estimate, then a
        # galloping search and a bisection (O(log n) cycle starts, never one cycle at a time)
        ratio = big / L * (g - 1.0)
        top = math.log1p(ratio) if ratio < math.inf else math.log(big) - math.log(L) + math.log(g - 1.0)
        lo = max(int(top / math.log1p(g - 1.0)), 0)
        step = 1
        while lo > 0 and not fits(lo):
            lo, step = max(lo - step, 0), step * 2
        hi, step = lo + 1, 1
        while fits(hi):
            lo, hi, step = hi, hi + step, step * 2
        while hi - lo > 1:  # fits(lo) (or lo == 0), not fits(hi)
            mid = (lo + hi) // 2
            if fits(mid):
                lo = mid
            else:
                hi = mid
        return lo

    def _held(self) -> float | None:
        """The value held after ``limit`` cycles."""
        if self.limit is None:
            return None
        if self.end is not None:
            return self.end
        assert self.every is not None
        return float(value_at(self.schedule, self.every) * self.decay ** (self.limit - 1))

    def cycle_start(self, n: int) -> Number:
        """The step at which cycle ``n`` (0-based) begins (exact integers when ``every`` and
        ``growth`` are whole numbers)."""
        L = self.every
        assert L is not None
        given: Any = n
        if isinstance(given, bool) or not isinstance(given, numbers.Integral) or given < 0:
            ck.value_error("restart.cycle_start", "n", "a cycle number (an int >= 0)", given)
        n = int(given)
        if self.growth == 1.0:
            return L * n
        last: int = self._last  # type: ignore[attr-defined]
        if n > last + 1:
            return math.inf  # beyond every float64 (and never built as a huge exact integer)
        start: Number = self._start(n, constant_ops())
        return start

    def cycle_index(self, t: Number) -> int:
        """The (0-based) cycle containing step ``t``, in O(1): the formula every path uses."""
        given: Any = t
        real = isinstance(given, numbers.Real) and not isinstance(given, bool)
        if not real or not 0 <= given <= sys.float_info.max:
            ck.value_error("restart.cycle_index", "t", "a finite step >= 0", given)
        return int(run_on(self._index, t))

    @property
    def length(self) -> Number | None:
        if self.limit is None:
            return None
        end = self.cycle_start(self.limit)
        # an end beyond every float64 step is never reached: no step after which it is constant
        return end if end <= sys.float_info.max else None

    def boundaries(self) -> tuple[Number, ...]:
        n = self.limit if self.limit is not None else 64
        out: list[Number] = []
        for i in range(1, n + 1):
            s = self.cycle_start(i)
            if len(out) >= 64 or not s < math.inf:
                break
            out.append(s)
        return tuple(out)

    def summary(self) -> str:
        assert self.every is not None
        bits = [f"restarts: cycles of {_n(self.every)} steps"]
        if self.growth != 1.0:
            bits.append(f"each {self.growth:g}x longer")
        if self.decay != 1.0:
            bits.append(f"values x {self.decay:g} per cycle")
        bits.append(f"{self.limit} cycles" if self.limit is not None else "no end")
        return ", ".join(bits) + "; one cycle:"


@factory
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
