"""Sums of a schedule over integer steps, per node: what makes :func:`lr_curves.budget` cost the
same at step ``10**12`` as at step ``10**4``.

:data:`SUMS` is the table keyed by node (``api``): ``SUMS[api](node, a, b)`` returns
``sum(node(k) for k in range(a, b))`` as a list of float terms (added with ``math.fsum``), or
``None`` when that node has no closed form for this range (then the caller sums directly).
Adding a node keeps its sum here, in one place.

How each sum is made, and how exact it is:

- short ranges (at most :data:`DIRECT` steps) and everything without a closed form: the float64
  values themselves, summed exactly (``math.fsum``) - exact, linear in the range;
- a constant part (``constant``, the tail of a schedule past its length, a piecewise-constant
  piece, a bounded exponential's floor): ``value * count``, exact;
- ``restart`` with equal cycles (``growth=1``, no ``limit``) and the periodic waves (``cosine``
  with ``periodic=True``, ``triangle``) with a whole-number period ``P``: whole cycles times one
  cycle's sum (itself summed exactly; times ``decay**m`` per cycle for a decaying restart, a
  geometric series) plus the partial cycles at both ends; relative error below ``1e-15``;
- ``exponential``: a geometric series ``start * q**a * expm1(n log q) / expm1(log q)`` (per
  stair with ``staircase``), split where it meets its bound ``end``; relative error about
  ``n * 1e-16`` for the series of ``n`` terms in the worst case of ``log q`` rounding, below
  ``1e-13`` up to ``10**12`` terms in practice (the values themselves are ``pow`` results,
  1-ulp each);
- ``scale`` by a number, ``add``, ``divide`` by a number: the children's sums, combined;
- ``warmup``, ``concat``: each piece's sum over its own local steps (whole-number boundaries).

Nodes not listed (``inverse_sqrt``, ``inverse_time``, ``function``, products of schedules,
``restart`` with growth) are summed directly: exact, but linear in the range.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import numpy as np

from lr_curves._base import CHUNK, Schedule

#: Ranges up to this many steps are summed value by value (exact; about 1 ms per 10**5 steps).
DIRECT = 1 << 16

Terms = list[float]
SumFn = Callable[[Any, int, int], "Terms | None"]


def _direct(s: Schedule, a: int, b: int) -> Terms:
    """The values themselves, summed per chunk into three floats ``hi + lo + lo2`` (each the
    correctly rounded rest of the one before): their sum is the chunk's exact sum to about
    ``2**-150`` relative, so the final ``fsum`` is the correctly rounded sum of the values (but
    for ties at that precision), with a few floats per chunk of memory."""
    from lr_curves.analysis import _check_work

    _check_work("budget", a, b)  # no closed form here: the range is evaluated, so it is bounded
    out: Terms = []
    for lo in range(a, b, CHUNK):
        hi = min(lo + CHUNK, b)
        values = s(np.arange(lo, hi, dtype=np.float64)).tolist()
        top = math.fsum(values)
        if not math.isfinite(top):
            out.append(top)
            continue
        rest = math.fsum([*values, -top])
        out += [top, rest, math.fsum([*values, -top, -rest])]
    return out


def _times(value: float, count: int) -> Terms:
    """``value * count`` as two floats whose sum is exact (the rounded product and its error)."""
    hi = value * count
    if not math.isfinite(hi):
        return [hi]
    return [hi, float(Fraction(value) * count - Fraction(hi))]


def _whole(x: Any) -> int | None:
    if isinstance(x, int):
        return x
    if isinstance(x, float) and x.is_integer() and abs(x) < 2**62:
        return int(x)
    return None


def total(s: Schedule, a: int, b: int) -> Terms:
    """``sum(s(k) for k in range(a, b))`` as float terms (see the module docstring)."""
    if b <= a:
        return []
    from lr_curves.analysis import horizon

    h = horizon(s)
    if h is not None and b > max(h, a) + 1:  # constant from h on: one product
        tail_start = max(h, a)
        return [*total(s, a, tail_start), *_times(float(s(tail_start)), b - tail_start)]
    if b - a <= DIRECT:
        return _direct(s, a, b)
    fn = SUMS.get(s.api)
    out = fn(s, a, b) if fn is not None and type(s)._node_class is _node(s.api) else None
    return _direct(s, a, b) if out is None else out


def _node(api: str) -> type[Schedule] | None:
    from lr_curves._base import NODES

    return NODES.get(api)


# ---------------------------------------------------------------------------------------- periodic
def _periodic(
    s: Schedule, a: int, b: int, period: int, cycle: Callable[[int, int], Terms], decay: float = 1.0
) -> Terms:
    """Sum over ``[a, b)`` of a function with period ``period`` (times ``decay**m`` in cycle ``m``);
    ``cycle(lo, hi)`` sums one cycle's local steps ``lo .. hi - 1`` (undecayed)."""
    m0, r0 = divmod(a, period)
    m1, r1 = divmod(b, period)
    if m0 == m1:
        return [decay**m0 * v for v in cycle(r0, r1)]
    one = math.fsum(cycle(0, period))
    head = [decay**m0 * v for v in cycle(r0, period)]
    tail = [decay**m1 * v for v in cycle(0, r1)] if r1 else []
    n = m1 - m0 - 1  # whole cycles m0 + 1 .. m1 - 1
    if n <= 0:
        middle: Terms = []
    elif decay == 1.0:
        middle = _times(one, n)
    else:  # one * sum(decay**m for m in m0 + 1 .. m1 - 1)
        lq = math.log(decay)
        middle = [one * decay ** (m0 + 1) * (math.expm1(n * lq) / math.expm1(lq))]
    return [*head, *middle, *tail]


def _restart_sum(s: Any, a: int, b: int) -> Terms | None:
    P = _whole(s.every)
    if s.growth != 1.0 or s.limit is not None or P is None or P > DIRECT:
        return None
    child = s.schedule
    return _periodic(s, a, b, P, lambda lo, hi: total(child, lo, hi), s.decay)


def _wave_sum(s: Any, a: int, b: int) -> Terms | None:
    period = _whole(s.period) if s.api == "triangle" else _whole(2 * s.steps) if s.periodic else None
    if period is None or period > DIRECT:
        return None
    return _periodic(s, a, b, period, lambda lo, hi: _direct(s, lo, hi))


# ---------------------------------------------------------------------------------------- pieces
def _pieces(
    s: Schedule, a: int, b: int, bounds: list[int], pieces: list[tuple[Schedule | None, int]]
) -> Terms:
    """Pieces ``i`` on ``[bounds[i-1], bounds[i])``, each ``(schedule, offset)``: its value at
    ``t`` is ``schedule(t - offset)``; ``None`` as the schedule means this node, directly."""
    starts = [0, *bounds]
    ends = [*bounds, b]
    out: Terms = []
    for (child, off), lo, hi in zip(pieces, starts, ends, strict=True):
        lo_, hi_ = max(lo, a), min(hi, b)
        if hi_ <= lo_:
            continue
        out.extend(_direct(s, lo_, hi_) if child is None else total(child, lo_ - off, hi_ - off))
    return out


def _warmup_sum(s: Any, a: int, b: int) -> Terms | None:
    W = _whole(s.steps)
    if W is None:
        return None
    return _pieces(s, a, b, [W], [(None, 0), (s.schedule, 0 if s.overlay else W)])


def _concat_sum(s: Any, a: int, b: int) -> Terms | None:
    bounds: list[int] = []
    for x in s.at:
        w = _whole(x)
        if w is None:
            return None
        bounds.append(w)
    pieces: list[tuple[Schedule | None, int]] = list(zip(s.pieces, [0, *bounds], strict=True))
    return _pieces(s, a, b, bounds, pieces)


# ---------------------------------------------------------------------------------------- arithmetic
def _scale_sum(s: Any, a: int, b: int) -> Terms | None:
    if isinstance(s.by, Schedule):
        return None
    return [v * s.by for v in total(s.schedule, a, b)]


def _divide_sum(s: Any, a: int, b: int) -> Terms | None:
    if isinstance(s.by, Schedule) or not isinstance(s.schedule, Schedule):
        return None
    return [v / s.by for v in total(s.schedule, a, b)]


def _add_sum(s: Any, a: int, b: int) -> Terms:
    return [v for term in s.terms for v in total(term, a, b)]


def _constant_sum(s: Any, a: int, b: int) -> Terms:
    return _times(s.value, b - a)


# ---------------------------------------------------------------------------------------- exponential
def _geometric(c: float, lq: float, a: int, n: int) -> float:
    """``sum(c * exp(lq * k) for k in a .. a + n - 1)``."""
    if lq == 0.0:
        return c * n
    first = c * math.exp(lq * a)
    if first == 0.0:
        return 0.0
    return first * (math.expm1(n * lq) / math.expm1(lq)) if n * lq < 700 else math.inf


def _exponential_sum(s: Any, a: int, b: int) -> Terms | None:
    every, begin = _whole(s.every), _whole(s.begin)
    if every is None or begin is None:
        return None
    out: Terms = []
    if a < begin:  # the value is `start` before `begin`
        out += _times(s.start, min(b, begin) - a)
        a = begin
    if a >= b:
        return out
    if s.end is not None and s.factor != 1.0:  # from the crossing on, the bound holds
        ratio = math.log(s.end / s.start) / math.log(s.factor) if s.start > 0 and s.end > 0 else math.inf
        k = begin + max(0, int(min(ratio * every, 2.0**62)))
        k = max(k - 2 * every, begin)
        while k < b and s(k) != s.end:
            k += 1 if k - begin < 4 * every else every
        while k > max(a, begin) and s(k - 1) == s.end:
            k -= 1
        if k < b:
            return [*out, *_exponential_free(s, a, min(k, b), begin, every), *_times(s.end, b - max(k, a))]
    return [*out, *_exponential_free(s, a, b, begin, every)]


def _exponential_free(s: Any, a: int, b: int, begin: int, every: int) -> Terms:
    if a >= b:
        return []
    lr = math.log(s.factor)
    if not s.staircase:
        return [_geometric(s.start, lr / every, a - begin, b - a)]
    # staircase: constant on stairs of `every` steps; whole stairs are a geometric series
    j0, r0 = divmod(a - begin, every)
    j1, r1 = divmod(b - begin, every)
    if j0 == j1:
        return _times(s.start * s.factor**j0, r1 - r0)
    out = _times(s.start * s.factor**j0, every - r0)
    if j1 - j0 - 1 > 0:
        out.append(every * _geometric(s.start, lr, j0 + 1, j1 - j0 - 1))
    if r1:
        out += _times(s.start * s.factor**j1, r1)
    return out


#: The per-node sums, keyed by the node's public name.
SUMS: dict[str, SumFn] = {
    "constant": _constant_sum,
    "restart": _restart_sum,
    "cosine": _wave_sum,
    "triangle": _wave_sum,
    "warmup": _warmup_sum,
    "concat": _concat_sum,
    "scale": _scale_sum,
    "divide": _divide_sum,
    "add": _add_sum,
    "exponential": _exponential_sum,
}
