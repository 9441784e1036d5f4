"""Look inside a schedule: extremes, the total learning budget, crossings, a description, CSV.

Everything here works on the integer steps ``start, start + 1, ..., stop - 1`` (the steps at
which an optimizer applies updates), evaluates in NumPy chunks (no Python loop per step) and uses
NumPy only.

A schedule with a ``length`` is constant past it, so questions about the far future (the budget
up to step ``10**12``, whether it ever falls below a threshold) are answered from the steps up to
its length plus a closed form for the constant tail.

Examples:
    >>> import lr_curves as lrc
    >>> from lr_curves.analysis import budget, extremes, first_crossing
    >>> lr = lrc.warmup(lrc.cosine(1.0, 90), 10)
    >>> e = extremes(lr)
    >>> f"{e.high:.2f} at step {e.high_step}"
    '1.00 at step 10'
    >>> f"{budget(lr, 100):.4f}"  # 4.5 in the warmup, 45.5 in the cosine
    '50.0000'
    >>> first_crossing(lr, 0.5, direction="below", start=10)
    55
"""

from __future__ import annotations

import csv
import io
import math
import os
from collections.abc import Iterator, Mapping, Sequence
from typing import IO, Any, NamedTuple

import numpy as np
import numpy.typing as npt

from lr_curves._base import Schedule
from lr_curves._checks import Number

__all__ = ["Extremes", "budget", "describe", "extremes", "first_crossing", "horizon", "to_csv"]

#: Steps evaluated per NumPy call (bounded memory for long ranges).
CHUNK = 1 << 20

#: ``describe`` scans the values of schedules up to this many steps long (longer: no value range).
SCAN_LIMIT = 10**7


class Extremes(NamedTuple):
    """The smallest and largest value over a range of integer steps, and the first step of each."""

    low: float
    low_step: int
    high: float
    high_step: int


def _schedule(api: str, value: Any) -> Schedule:
    if not isinstance(value, Schedule):
        raise TypeError(f"{api}(): schedule must be a Schedule, got {value!r:.60} ({type(value).__name__}).")
    return value


def _step(api: str, name: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{api}(): {name} must be an int, got {value!r:.60} ({type(value).__name__}).")
    out = int(value)
    if out < 0:
        raise ValueError(f"{api}(): {name} must be >= 0, got {out}.")
    return out


def horizon(schedule: Schedule) -> int | None:
    """The first integer step strictly past the schedule's ``length``, or ``None`` (no end).

    From this step on the value never changes (``length`` is the step *after which* it is
    constant: a boundary step may still hold the old value, as ``boundary="old"`` does).

    Examples:
        >>> import lr_curves as lrc
        >>> horizon(lrc.warmup(lrc.cosine(1.0, 90), 10)), horizon(lrc.constant(1.0))
        (101, 0)
        >>> horizon(lrc.cosine(1.0, 10, periodic=True)) is None
        True
    """
    _schedule("horizon", schedule)
    if schedule.is_constant:
        return 0
    n = schedule.length
    return None if n is None else max(math.floor(n) + 1, 0)


def _range(api: str, schedule: Schedule, start: Any, stop: Any) -> tuple[int, int]:
    """Validated ``[start, stop)``; ``stop=None`` means up to the horizon, included."""
    _schedule(api, schedule)
    a = _step(api, "start", start)
    if stop is None:
        h = horizon(schedule)
        if h is None:
            raise ValueError(
                f"{api}(): stop is required for a schedule without an end, got stop=None for "
                f"{schedule!r:.80}."
            )
        b = max(h + 1, a + 1)
    else:
        b = _step(api, "stop", stop)
    if b <= a:
        raise ValueError(f"{api}(): stop must be greater than start, got start={a}, stop={b}.")
    return a, b


#: The most steps ``budget``/``extremes``/``first_crossing`` evaluate one by one (beyond the
#: closed-form constant tail): about a minute of work, never hours.
MAX_EVALUATED = 10**9


def _check_work(api: str, start: int, stop: int) -> None:
    if stop - start > MAX_EVALUATED:
        raise ValueError(
            f"{api}(): the range holds {stop - start:,} steps to evaluate, more than the "
            f"{MAX_EVALUATED:,} allowed. Hint: use a shorter range (the value is constant only "
            "after the schedule's length, and this one has none or a later one)."
        )


def _chunks(schedule: Schedule, start: int, stop: int) -> Iterator[tuple[int, npt.NDArray[np.float64]]]:
    for lo in range(start, stop, CHUNK):
        hi = min(lo + CHUNK, stop)
        yield lo, schedule(np.arange(lo, hi, dtype=np.float64))


def _effective_stop(schedule: Schedule, start: int, stop: int) -> int:
    """Past ``horizon`` nothing changes: evaluating up to one step beyond it is enough."""
    h = horizon(schedule)
    return stop if h is None else min(stop, max(h + 1, start + 1))


def extremes(schedule: Schedule, stop: int | None = None, *, start: int = 0) -> Extremes:
    """The lowest and highest values over the integer steps ``start <= k < stop``.

    Args:
        schedule: The schedule.
        stop: End of the range (exclusive). ``None``: up to the schedule's end and one step
            past it (:func:`horizon`, included); required for schedules without an end.
        start: Start of the range.

    Returns:
        ``Extremes(low, low_step, high, high_step)``; each step is the first at which the
        value is attained.

    Examples:
        >>> import lr_curves as lrc
        >>> e = extremes(lrc.triangle(0.1, 1.0, up=10), 100)
        >>> f"{e.low:.1f}@{e.low_step} {e.high:.1f}@{e.high_step}"
        '0.1@0 1.0@10'
    """
    a, b = _range("extremes", schedule, start, stop)
    b = _effective_stop(schedule, a, b)
    _check_work("extremes", a, b)
    low, high = math.inf, -math.inf
    low_step = high_step = a
    for lo, v in _chunks(schedule, a, b):
        i, j = int(np.argmin(v)), int(np.argmax(v))
        if v[i] < low:
            low, low_step = float(v[i]), lo + i
        if v[j] > high:
            high, high_step = float(v[j]), lo + j
    return Extremes(low, low_step, high, high_step)


def budget(schedule: Schedule, stop: int, *, start: int = 0) -> float:
    """The total learning budget: ``sum(schedule(k) for k in range(start, stop))``.

    This is the sum of the learning rates of the updates ``start .. stop - 1``: it sums the
    float64 values at the *integer* steps (the "area under the curve" as a training loop sees
    it, not an integral). Its cost does not grow with the range: each node has its sum in one
    place (``lr_curves._budget.SUMS``), and what has none goes through a quadrature of known
    accuracy. Relative errors below are of the exact sum of the node's real formula at the
    integer steps, which differs from the sum of its float64 values by a few ulp per value:

    - the constant tail past a schedule's end (:func:`horizon`), ``constant``, piecewise
      constants: ``count * value``, exact;
    - ``linear``: an arithmetic series in rational arithmetic, correctly rounded;
    - ``polynomial`` (also with ``cycle=True``: whole cycles are ``sum(u**p) * sum(c**-p)``),
      ``inverse_sqrt``, ``inverse_time`` (also with ``staircase``): power sums
      ``sum((q + k)**p)`` by the Euler-Maclaurin formula with exact derivatives after the first
      2,048 terms (a Hurwitz-zeta difference, remainder checked below 1e-17), relative error a
      few 1e-16; where the closed form would cancel (a rise from 0 near its start) the
      quadrature below is used instead;
    - ``exponential``: a geometric series (split where it meets its ``end``; per stair with
      ``staircase``), relative error below about 1e-13 up to 10**12 steps;
    - ``restart``: equal cycles as whole cycles times one cycle's sum (a geometric series with
      ``decay``); growing cycles (``growth`` a whole number) one by one, logarithmically many,
      each the child's sum stretched to the cycle; past ``limit`` the held value;
    - the periodic waves (``cosine(periodic=True)``, ``triangle``) with a whole-number period,
      and such a wave times an ``exponential`` (torch's ``CyclicLR(mode="exp_range")``): whole
      cycles times one cycle's sum (times a geometric series), plus the partial cycles;
    - ``scale``/``divide`` by a number, ``add``, ``shift`` by whole steps, the pieces of
      ``warmup`` and ``concat``, a product past one factor's end: from their children's sums.

    Everything else (``cosine``, ``tanh``, ``rex``, ``cooldown``, ``stretch``, products,
    quotients and powers of schedules, your own ``function``) is summed by quadrature on each
    smooth stretch between the schedule's boundaries: the first and last 2,048 steps value by
    value, the middle by Gregory's formula (the integral plus end corrections from finite
    differences of the integer values) with the integral by 20- and 30-point Gauss-Legendre
    rules on panels that grow geometrically from both ends, halved where the two rules
    disagree. It is used only where its a-posteriori error estimate (the rules' difference,
    the last Gregory term and the values' rounding) is below ``1e-13`` of the stretch's sum of
    magnitudes; otherwise, and for nodes whose boundaries are unknown (``minimum``,
    ``maximum``, ``clip``), the values are summed one by one (exact, ``math.fsum``, linear in the
    range: about 1 s per 10**7 steps, refused beyond 10**9). A function node is taken to be
    smooth as a function of a real step; one defined on integers only (a staircase) fails the
    estimate and is summed directly. Every preset at 10**12 steps takes a few milliseconds.

    Args:
        schedule: The schedule.
        stop: End of the range (exclusive): the number of updates of a run that starts at 0.
        start: Start of the range.

    Examples:
        >>> import lr_curves as lrc
        >>> f"{budget(lrc.linear(0.0, 1.0, 10), 10):.2f}"  # 0 + 0.1 + ... + 0.9
        '4.50'
        >>> f"{budget(lrc.linear(0.0, 1.0, 10), 10**12):.6e}"  # 4.5 + (10**12 - 10) * 1.0
        '1.000000e+12'
        >>> f"{budget(lrc.restart(lrc.cosine(0.1, 10)), 10**12):.6e}"  # 10**11 cycles of 0.55
        '5.500000e+10'
        >>> f"{budget(lrc.inverse_sqrt(1.0), 10**12):.6f}"  # zeta(1/2, 1) - zeta(1/2, 1 + 10**12)
        '1999998.539646'
    """
    if stop is None:
        raise TypeError("budget(): stop must be an int, got None (NoneType).")
    a, b = _range("budget", schedule, start, stop)
    from lr_curves._budget import fsum, total

    return fsum(total(schedule, a, b))


def first_crossing(
    schedule: Schedule,
    threshold: float,
    *,
    direction: str = "below",
    start: int = 0,
    stop: int | None = None,
) -> int | None:
    """The first integer step ``k >= start`` where the value is below (or above) ``threshold``.

    ``direction="below"`` finds the first ``k`` with ``schedule(k) <= threshold``;
    ``direction="above"`` the first with ``schedule(k) >= threshold``.

    Args:
        schedule: The schedule.
        threshold: The value to cross.
        direction: ``"below"`` or ``"above"``.
        start: First step examined.
        stop: End of the search (exclusive). ``None``: the schedule's end (after which the value
            never changes, so the answer is final); required for schedules without one.

    Returns:
        The step, or ``None`` when the value never crosses within the range.

    Examples:
        >>> import lr_curves as lrc
        >>> s = lrc.warmup(lrc.cosine(1.0, 90), 10)
        >>> first_crossing(s, 0.5, direction="above"), first_crossing(s, 0.01, start=10)
        (5, 95)
    """
    if direction not in ("below", "above"):
        raise ValueError(f"first_crossing(): direction must be 'below' or 'above', got {direction!r}.")
    if isinstance(threshold, bool) or not isinstance(threshold, (int, float, np.floating, np.integer)):
        raise TypeError(
            f"first_crossing(): threshold must be a number, got {threshold!r:.60} "
            f"({type(threshold).__name__})."
        )
    a, b = _range("first_crossing", schedule, start, stop)
    b = _effective_stop(schedule, a, b)
    _check_work("first_crossing", a, b)
    for lo, v in _chunks(schedule, a, b):
        hits = np.flatnonzero(v <= threshold if direction == "below" else v >= threshold)
        if hits.size:
            return lo + int(hits[0])
    return None


# ---------------------------------------------------------------------------------------- CSV
def to_csv(
    schedules: Schedule | Mapping[str, Schedule],
    steps: int | Sequence[int] | npt.NDArray[Any],
    file: str | os.PathLike[str] | IO[str] | None = None,
) -> str:
    """Sampled values as CSV text: a ``step`` column and one column per schedule.

    Values are written with ``repr`` (17 significant digits), so reading them back gives the
    same float64 numbers.

    Args:
        schedules: One schedule (column ``value``) or a mapping ``{column name: schedule}``.
        steps: An int ``n`` (the steps ``0 .. n-1``) or the steps themselves; at most
            :data:`SCAN_LIMIT` rows (more is refused before anything is allocated).
        file: A path or a text file to write to (optional).

    Returns:
        The CSV text.

    Examples:
        >>> import lr_curves as lrc
        >>> print(to_csv(lrc.linear(0.0, 1.0, 4), 3).strip())
        step,value
        0,0.0
        1,0.25
        2,0.5
    """
    if isinstance(schedules, Schedule):
        table: dict[str, Schedule] = {"value": schedules}
    elif isinstance(schedules, Mapping):
        table = {str(k): _schedule("to_csv", v) for k, v in schedules.items()}
        if not table:
            raise ValueError("to_csv(): schedules must not be empty, got {}.")
    else:
        raise TypeError(
            "to_csv(): schedules must be a Schedule or a mapping {name: Schedule}, got "
            f"{type(schedules).__name__}."
        )
    if isinstance(steps, (int, np.integer)) and not isinstance(steps, bool):
        n = _step("to_csv", "steps", steps)
        if n > SCAN_LIMIT:  # refused before allocating: 2**53 rows would be a MemoryError
            raise ValueError(
                f"to_csv(): steps must be at most {SCAN_LIMIT:,} rows, got {n:,}. Hint: pass the "
                "steps themselves, e.g. range(0, n, 1000)."
            )
        xs = np.arange(n)
    else:
        if isinstance(steps, range) and len(steps) > SCAN_LIMIT:
            raise ValueError(
                f"to_csv(): steps must be at most {SCAN_LIMIT:,} rows, got a range of {len(steps):,}. "
                "Hint: a larger stride, e.g. range(0, n, 1000)."
            )
        xs = np.asarray(steps)
        if xs.ndim != 1:
            raise ValueError(f"to_csv(): steps must be an int or a 1-d sequence, got shape {xs.shape}.")
    columns = [s(xs).tolist() for s in table.values()]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["step", *table])
    for i, x in enumerate(xs.tolist()):
        writer.writerow([x, *(repr(float(c[i])) for c in columns)])
    text = out.getvalue()
    if isinstance(file, (str, os.PathLike)):
        with open(file, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
    elif file is not None:
        file.write(text)
    return text


# ---------------------------------------------------------------------------------------- describe
def _n(x: Number) -> str:
    """A step count: ``1,000`` for integers, ``2.5`` for floats."""
    if isinstance(x, float) and x.is_integer() and abs(x) < 1e15:
        x = int(x)
    return f"{x:,}" if isinstance(x, int) else f"{x:g}"


def _v(x: float) -> str:
    """A value, short: ``0.0003``, ``1e-07``, ``0.1``."""
    return f"{x:.6g}"


def _span(a: Number, b: Number | None) -> str:
    return f"steps {_n(a)}-{_n(b)}" if b is not None else f"from step {_n(a)}"


#: Nodes whose pieces ``describe`` lays out in time (the ramp/pieces with their steps).
_IN_TIME = ("warmup", "concat")


def _line(s: Schedule) -> str:
    """One line saying what a node is (its children are described below it): its summary."""
    return s.summary()


class _Lines(list[str]):
    """``describe``'s lines, remembering the last piece laid out in time (to merge an equal one)."""

    last: tuple[int, Schedule, Number, str] | None = None  # (line index, piece, start, indent)


def _clip(b: Number | None, end: Number | None) -> Number | None:
    """The end ``b`` of a piece (``None``: no end), cut at ``end``, where its enclosing piece ends."""
    if end is None:
        return b
    return end if b is None or b > end else b


def _tree(s: Schedule, t0: Number | None, depth: int, out: _Lines, end: Number | None = None) -> None:
    """Describe ``s``; ``t0`` is its start in global steps when known (pieces laid out in time).

    ``end``: where an enclosing piece hands over to the next one (the global step); the pieces
    of ``s`` are cut there, and those starting at or after it are not shown (they never run).
    """
    pad = "  " * depth
    if s.api == "warmup" and t0 is not None:
        w: Any = s  # laid out in time: the ramp, then the schedule
        W = w.steps
        out.append(f"{pad}{_span(t0, _clip(t0 + W, end))}: {w.ramp_summary()}")
        out.last = None
        if end is not None and t0 + W >= end:
            return
        if w.overlay:
            n = w.schedule.length
            stop = end if end is not None else (None if n is None else t0 + n)  # as _piece
            same = "then, on the same clock (its first steps replaced by the ramp):"
            out.append(f"{pad}{_span(t0 + W, stop)}: {same}")
            _tree(w.schedule, None, depth + 1, out)
        else:
            _piece(w.schedule, t0 + W, depth, out, end)
        return
    if s.api == "concat" and t0 is not None:
        c: Any = s  # laid out in time: one piece after another
        ends: tuple[Number | None, ...] = (*c.at, None)
        for p, a, b in zip(c.pieces, (0, *c.at), ends, strict=True):
            start, stop = t0 + a, _clip(None if b is None else t0 + b, end)
            if stop is not None and stop <= start:
                continue  # cut off by the next piece (or empty): it never runs
            _piece(p, start, depth, out, stop)
        return
    out.append(pad + _line(s))
    out.last = None
    for child in s.children:
        _tree(child, None, depth + 1, out)


def _piece(s: Schedule, t0: Number, depth: int, out: _Lines, end: Number | None = None) -> None:
    """Describe ``s`` starting at global step ``t0`` (and cut at ``end`` when a next piece follows)."""
    if s.api in _IN_TIME:
        _tree(s, t0, depth, out, end)
        return
    n = s.length
    stop = end if end is not None else (None if n is None else t0 + n)
    pad = "  " * depth
    lines = _Lines()
    _tree(s, None, depth + 1, lines)
    head = lines[0].strip()
    if end is not None:  # the next piece takes over: this one does not go on
        head = head.replace(" (goes on)", "")
    last = out.last
    if (
        s.api == "constant"
        and last is not None
        and last[1] == s
        and last[3] == pad
        and len(out) == last[0] + 1
    ):
        # the same constant again (a window's tail after a tail): one piece, not two
        out[last[0]] = f"{pad}{_span(last[2], stop)}: {head}"
        return
    out.append(f"{pad}{_span(t0, stop)}: {head}")
    out.extend(lines[1:])
    out.last = (len(out) - 1, s, t0, pad) if len(lines) == 1 else None


def _run_lines(n: Any) -> list[str]:
    """What the schedule's maker said about the run (:func:`lr_curves.notes`), if anything."""
    lines = []
    if n.total_steps is not None:
        unit = "epochs" if n.unit == "epoch" else "steps"
        run = f"  run: {n.total_steps:,} {unit}"
        if n.epochs is not None and n.steps_per_epoch is not None and n.unit != "epoch":
            run += f" = {_n(n.epochs)} epochs x {_n(n.steps_per_epoch)} steps per epoch"
        lines.append(run + " (the run it was made for)")
    elif n.steps_per_epoch is not None:
        lines.append(f"  epochs: {_n(n.steps_per_epoch)} steps per epoch")
    if n.unit == "epoch":
        lines.append("  unit: one step of this schedule is one epoch (it is stepped once per epoch)")
    return lines


def describe(schedule: Schedule) -> str:
    """A human-readable description: the pieces in time, their boundaries, the values.

    The first line is the schedule's ``repr`` (the code that rebuilds it); then its length, its
    boundaries, the value range and where the peak is (for schedules up to :data:`SCAN_LIMIT`
    steps long), and one line per piece, with the steps
    each piece covers where they are laid out in time (warmups and concatenations).

    Examples:
        >>> import lr_curves as lrc
        >>> print(describe(lrc.warmup(lrc.cosine(1.0, 90, floor=0.1), 10)))
        warmup(cosine(1.0, 90, floor=0.1), 10)
          length: 100 steps, then holds 0.1
          boundaries: 10
          values: 0 (step 0) to 1 (step 10)
          pieces:
            steps 0-10: linear warmup from 0 to 1 (the schedule's start)
            steps 10-100: cosine from 1 to 0.1 over 90 steps
    """
    from lr_curves._notes import notes
    from lr_curves._view import default_stop

    _schedule("describe", schedule)
    out = _Lines([repr(schedule)])
    out.extend(_run_lines(notes(schedule)))
    n = schedule.length
    h = horizon(schedule)
    if n is None:
        out.append("  length: none (no end)")
    else:
        out.append(f"  length: {_n(n)} steps, then holds {_v(schedule(h if h is not None else 0))}")
    bounds = schedule.boundaries()
    if bounds:
        shown = ", ".join(_n(b) for b in bounds[:12])
        more = f", ... ({len(bounds)} listed)" if len(bounds) > 12 else ""
        out.append(f"  boundaries: {shown}{more}")
    if h is not None and h <= SCAN_LIMIT:
        e = extremes(schedule)
        out.append(f"  values: {_v(e.low)} (step {e.low_step:,}) to {_v(e.high)} (step {e.high_step:,})")
    elif h is not None:
        out.append(f"  values: not scanned (more than {SCAN_LIMIT:,} steps)")
    else:  # no end: the values over the span the faces show by default
        stop = default_stop(schedule)
        if stop <= SCAN_LIMIT:
            e = extremes(schedule, stop + 1)
            out.append(
                f"  values over steps 0-{stop:,}: {_v(e.low)} (step {e.low_step:,}) to {_v(e.high)} "
                f"(step {e.high_step:,})"
            )
    out.append("  pieces:")
    _piece(schedule, 0, 2, out) if schedule.api in _IN_TIME else _tree(schedule, None, 2, out)
    return "\n".join(out)
