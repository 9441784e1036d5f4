"""What the faces (plots, tables, ``describe``, the CLI) show by default, and where to look.

- :func:`nominal_end`: the step a person thinks of as the schedule's end: a preset's total
  steps (its :func:`lr_curves.notes`), else its ``length``, else what its structure says (a
  composition: its last boundary plus its tail's own end; a periodic or restarting tail: two
  cycles; an endless decay: where it has fallen a thousandfold).
- :func:`default_stop`: that end plus a margin (a fifth of it) that shows what happens after it.
- :func:`critical_steps`: the steps where a curve can turn or jump (its boundaries and the
  extrema of its pieces), in a range, so that tables and plots sample *there* rather than on an
  even grid that can fall in phase with a period.

The structural rules go by each node's public name (``api``) and its public fields, so they
read the same nodes however the core lays its classes out.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

from lr_curves._base import Schedule
from lr_curves._notes import notes

__all__ = ["MARGIN", "MAX_STOP", "critical_steps", "default_stop", "nominal_end", "run_end"]

#: The margin shown past the nominal end, as a fraction of it.
MARGIN = 0.2

#: The largest step the faces draw or tabulate (every integer up to it fits an int64 and the
#: float64 step grid of a plot).
MAX_STOP = 10**18

#: Shown when nothing says where a schedule ends (a constant).
FALLBACK = 1000

#: A length from which a piece counts as endless for the default range: 2**53 steps, where
#: float64 steps stop being exact (a preset's stand-in for "no end", such as an endless ramp).
ENDLESS = 2**53


def _kids(s: Schedule) -> tuple[Schedule, ...]:
    """The schedules a node is built from (``children``, or ``_children()`` in older cores)."""
    kids = getattr(s, "children", None)
    if isinstance(kids, tuple):
        return kids
    old: Any = s
    return tuple(old._children())


def _finite(x: float | None) -> float | None:
    return x if x is not None and math.isfinite(x) and x > 0 else None


def nominal_end(s: Schedule) -> float | None:
    """The schedule's nominal end in steps, or ``None`` when nothing says (a constant).

    Examples:
        >>> import lr_curves as lrc
        >>> nominal_end(lrc.warmup(lrc.cosine(1.0, 900), 100))
        1000
        >>> nominal_end(lrc.cosine(1.0, 100, periodic=True))  # two cycles: down and up again
        200
        >>> nominal_end(lrc.restart(lrc.cosine(1.0, 10), growth=2))  # two cycles
        30
    """
    n = notes(s).total_steps
    if n is not None:
        return n
    end = _structural(s, True)
    if isinstance(end, float) and end.is_integer() and end < 2**63:
        return int(end)
    return end


def run_end(s: Schedule) -> float | None:
    """Where the run ends, when something says so: a preset's total steps (its notes), the
    length, or a composition's last piece's own end (no guess for periodic or endless tails).

    Examples:
        >>> import lr_curves as lrc
        >>> run_end(lrc.warmup(lrc.cosine(1.0, 100, periodic=True), 10)) is None
        True
        >>> tail = lrc.annotate(lrc.cosine(1.0, 90, periodic=True), total_steps=90)
        >>> run_end(lrc.concat(lrc.linear(0.0, 1.0, 10), tail))
        100
    """
    n = notes(s).total_steps
    if n is not None:
        return n
    end = _structural(s, False)
    if isinstance(end, float) and end.is_integer() and end < 2**63:
        return int(end)
    return end


def _structural(node: Schedule, guess: bool) -> float | None:
    """The nominal end from the structure; ``guess``: also for periodic and endless tails."""
    s: Any = node  # fields read by name: each node type's own
    api = s.api
    if api == "constant":
        return None
    n = s.length
    if n is not None and n >= ENDLESS:
        return None  # a ramp that never ends in practice (deepspeed's LR range test): nothing to go by
    if n is not None:
        return _finite(float(n)) if not isinstance(n, int) else (n if n > 0 else None)
    end = nominal_end if guess else run_end
    if not guess and api not in ("warmup", "concat", "shift", "stretch", "scale", "clip", "add"):
        return None
    if api == "cosine":  # periodic: down and up again
        return _finite(2.0 * s.steps)
    if api == "triangle":
        return _finite(2.0 * (s.up + (s.up if s.down is None else s.down)))
    if api == "polynomial":  # cycle=True: two horizons
        return _finite(2.0 * s.steps)
    if api == "exponential":
        f = s.factor
        if f == 1.0:
            return None
        drops = math.ceil(abs(math.log(1e-3) / math.log(f)))
        return _finite(s.begin + s.every * max(drops, 3))
    if api == "inverse_sqrt":
        return _finite(99.0 * s.timescale)
    if api == "inverse_time":
        return _finite(9.0 * s.every / s.rate) if s.rate > 0 else None
    if api == "restart":
        return _finite(float(s.cycle_start(2)))
    if api == "warmup":
        inner = end(s.schedule)
        W = float(s.steps)
        if inner is None:
            return W if guess else None
        return max(W, inner) if s.overlay else W + inner
    if api == "concat":
        assert s.at is not None
        tail = end(s.pieces[-1])
        if tail is None and not guess:
            return None
        return float(s.at[-1]) + (tail or 0.0)
    if api == "shift":
        inner = end(s.schedule)
        return None if inner is None else _finite(inner + s.by)
    if api == "stretch":
        inner = end(s.schedule)
        return None if inner is None else _finite(inner * s.factor)
    ends = [end(c) for c in _kids(s)]
    known = [e for e in ends if e is not None]
    return max(known) if known else None


def default_stop(s: Schedule | Iterable[Schedule]) -> int:
    """The last step shown by default: the nominal end plus :data:`MARGIN` (the largest of several).

    Examples:
        >>> import lr_curves as lrc
        >>> default_stop(lrc.warmup(lrc.cosine(1.0, 900), 100))
        1200
        >>> default_stop([lrc.cosine(1.0, 10), lrc.linear(0.0, 1.0, 50)])
        60
        >>> default_stop(lrc.constant(1.0))
        1000
    """
    items = [s] if isinstance(s, Schedule) else list(s)
    ends = [e for e in (nominal_end(x) for x in items) if e is not None]
    if not ends:
        return FALLBACK
    end = max(ends)
    return int(min(max(math.ceil(end + MARGIN * end), 1), MAX_STOP))


# ---------------------------------------------------------------------------------------- extrema
def _multiples(period: float, offset: float, lo: float, hi: float, limit: int) -> list[float]:
    """``offset + m * period`` in ``[lo, hi]``, the first ``limit`` of them."""
    if not period > 0 or hi < lo:
        return []
    if isinstance(period, int) and float(offset).is_integer():  # exact at 10**18 too
        off, lo_i = int(offset), math.ceil(lo)
        m0 = max(-(-(lo_i - off) // period), 0)
    else:
        m0 = max(math.ceil((lo - offset) / period), 0)
        off = offset  # type: ignore[assignment]
    out: list[float] = []
    for m in range(m0, m0 + limit):
        x = off + m * period
        if x > hi:
            break
        out.append(x)
    return out


def _local(node: Schedule, lo: float, hi: float, limit: int) -> list[float]:
    """Candidate extremum steps of ``node`` in its own time ``[lo, hi]`` (at most about ``limit``)."""
    if hi < lo or limit <= 0:
        return []
    s: Any = node  # fields read by name: each node type's own
    api = s.api
    if api == "constant":
        return []
    if api == "cosine" and s.periodic:
        return _multiples(s.steps, 0.0, lo, hi, limit)
    if api == "triangle":
        up = s.up
        cycle = up + (up if s.down is None else s.down)
        return sorted(_multiples(cycle, 0.0, lo, hi, limit) + _multiples(cycle, up, lo, hi, limit))
    if api == "polynomial" and s.cycle:
        return _multiples(s.steps, 0.0, lo, hi, limit)
    if api == "restart":
        out: list[float] = []
        n = s.cycle_index(lo) if lo > 0 else 0
        inner = s.schedule
        last = s.limit
        while len(out) < limit and (last is None or n < last):
            a = float(s.cycle_start(n))
            b = float(s.cycle_start(n + 1))
            if a > hi or not math.isfinite(a):
                break
            k = s.growth**n
            out.append(a)
            if math.isfinite(b):
                out.append(b - 1)
            for c in _local(inner, max(lo - a, 0.0) / k, (min(hi, b) - a) / k, 4):
                out.append(a + c * k)
            n += 1
        if last is not None:
            out.append(float(s.cycle_start(last)))
        return [x for x in out if lo <= x <= hi]
    if api == "warmup":
        W = s.steps
        off = 0.0 if s.overlay else W
        ramp_end = [c + off for c in _local(s.schedule, max(lo - off, 0.0), hi - off, limit)]
        return [x for x in [0.0, W - 1, W, *ramp_end] if lo <= x <= hi]
    if api == "concat":
        assert s.at is not None
        found: list[float] = []
        starts = (0, *s.at)
        ends = (*s.at, math.inf)
        for piece, a, b in zip(s.pieces, starts, ends, strict=True):
            if b < lo or a > hi:
                continue
            found += [a, b - 1] if math.isfinite(b) else [a]
            found += [a + c for c in _local(piece, max(lo - a, 0.0), min(hi, b) - a, limit)]
        return [x for x in found if lo <= x <= hi]
    if api == "shift":
        by = s.by
        return [c + by for c in _local(s.schedule, max(lo - by, 0.0), hi - by, limit) if lo <= c + by <= hi]
    if api == "stretch":
        f = s.factor
        return [c * f for c in _local(s.schedule, lo / f, hi / f, limit)]
    rest = [float(b) for b in s.boundaries() if lo <= b <= hi][:limit]
    end = s.length
    if end is not None and lo <= end <= hi:
        rest.append(float(end))
    for child in _kids(s):
        rest += _local(child, lo, hi, limit)
    return rest


def critical_steps(s: Schedule, lo: int, hi: int, limit: int = 64) -> list[int]:
    """Integer steps in ``[lo, hi]`` where ``s`` can turn or jump (both sides of each).

    For a range holding more than ``limit`` such places (a wave over 10**12 steps), the first
    ones from ``lo``: call it per slice of the range to cover all of it.

    Examples:
        >>> import lr_curves as lrc
        >>> critical_steps(lrc.cosine(1.0, 100, periodic=True), 0, 450)
        [0, 100, 200, 300, 400]
        >>> critical_steps(lrc.triangle(0.0, 1.0, up=3), 10**12, 10**12 + 7)
        [1000000000002, 1000000000005]
    """
    found: set[int] = set()
    for c in _local(s, float(lo), float(hi), limit):
        if not math.isfinite(c):
            continue
        f = math.floor(c)
        for k in (f, f + 1) if c != f else (f,):
            if lo <= k <= hi:
                found.add(int(k))
    return sorted(found)
