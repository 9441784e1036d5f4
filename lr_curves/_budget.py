"""Sums of a schedule over integer steps, per node: what makes :func:`lr_curves.budget` cost the
same at step ``10**12`` as at step ``10**4``.

:data:`SUMS` is the table keyed by node (``api``): ``SUMS[api](node, a, b)`` returns
``sum(node(k) for k in range(a, b))`` as a list of float terms (added with ``math.fsum``), or
``None`` when that node has no closed form for this range (then the caller sums directly).
Adding a node keeps its sum here, in one place.

How each sum is made, and how exact it is (see :func:`lr_curves.budget` for the list per node):

- short ranges (at most :data:`DIRECT` steps): the float64 values themselves, summed exactly
  (``math.fsum``);
- a closed form where the node has one (:data:`SUMS`): constants and tails (exact), ``linear``
  (rational arithmetic), power laws (``polynomial``, ``inverse_sqrt``, ``inverse_time``, by
  :func:`lr_curves._sums.power_sum`), geometric series (``exponential``), cycles (``restart``,
  the periodic waves, a wave times an exponential), and the combinators from their children;
- otherwise the quadrature :func:`_smooth` on each stretch between the node's kinks
  (:data:`KINKS`), used only where its own error estimate is below :data:`TOL` of the
  stretch's magnitude;
- otherwise (no kinks known, or the estimate too large) the values, summed exactly: linear in
  the range, and bounded (``analysis._check_work``).

A node's sum lives in its :data:`SUMS` entry, derived from the node's own parameters; the
quadrature evaluates the node itself (its ``_eval``), never a second copy of its formula.
"""

from __future__ import annotations

import itertools
import math
import sys
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


def fsum(terms: Terms) -> float:
    """``math.fsum``, with IEEE's answer where the sum leaves the float64 range (``inf``: fsum
    raises ``OverflowError`` there, even when only a partial sum overflows)."""
    try:
        return math.fsum(terms)
    except OverflowError:
        scaled = math.fsum(v * 2.0**-64 for v in terms)  # exact scaling: the partials fit
        return scaled * 2.0**64
    except ValueError:  # inf + -inf
        raise ValueError(
            "budget(): the sum has no value: it adds inf and -inf (parts of the schedule that "
            "overflow with opposite signs)."
        ) from None


def _exp(x: float) -> float:
    """``math.exp``, ``inf`` where it overflows (a growing exponential's sum is ``inf`` there)."""
    try:
        return math.exp(x)
    except OverflowError:
        return math.inf


def _expm1(x: float) -> float:
    try:
        return math.expm1(x)
    except OverflowError:
        return math.inf


def _scaled(k: float, terms: Terms) -> Terms:
    """``k`` times a sum given as terms; an infinite ``k`` (a growth past the float64 range)
    times a positive sum is ``inf`` (never ``inf * 0`` or ``inf - inf``: NaN)."""
    if math.isfinite(k):
        return [k * v for v in terms]
    total = fsum(terms)
    return [] if total == 0 else [math.copysign(math.inf, total) * math.copysign(1.0, k)]


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
    return _fallback(s, a, b) if out is None else out


def _fallback(s: Schedule, a: int, b: int) -> Terms:
    """No closed form: the quadrature of :func:`_smooth` where it is accurate, else the values."""
    out = _smooth(s, a, b) if b - a > DIRECT else None
    return _direct(s, a, b) if out is None else out


# ---------------------------------------------------------------------------------------- quadrature
#: Steps summed value by value at both ends of each smooth stretch before the quadrature takes
#: over (the distance it keeps from every boundary).
HEAD = 2048

#: The relative error the quadrature must estimate for itself, else the values are summed.
TOL = 1e-13

#: The most boundaries (kinks, jumps) a range may hold for the quadrature to split at them.
MAX_KINKS = 4096


def _smooth(s: Schedule, a: int, b: int) -> Terms | None:
    """The sum by :func:`lr_curves._sums.smooth_sum` on every stretch between the schedule's
    boundaries in ``[a, b)`` (from :data:`KINKS`): ``HEAD`` steps summed directly at both ends
    of each stretch, the middle by Gregory's formula with a Gauss-Legendre integral. ``None``
    when the boundaries are unknown or too many, or when a stretch's a-posteriori error
    estimate exceeds ``TOL`` of its magnitude: the caller then sums the values (bounded)."""
    from lr_curves._sums import smooth_sum

    ks = kinks(s, a, b)
    if ks is None or len(ks) > MAX_KINKS:
        return None
    cuts = sorted({a, b, *(math.ceil(k) for k in ks if a < k < b)})
    out: Terms = []
    for lo, hi in itertools.pairwise(cuts):
        if hi - lo <= 2 * HEAD + 64:
            out += _direct(s, lo, hi)
            continue
        terms, err, mass = smooth_sum(s, lo + HEAD, hi - HEAD - 1, float(HEAD), TOL)
        if not err <= TOL * mass:
            return None
        out += [*_direct(s, lo, lo + HEAD), *terms, *_direct(s, hi - HEAD, hi)]
    return out


def _node(api: str) -> type[Schedule] | None:
    from lr_curves._base import NODES

    return NODES.get(api)


# ---------------------------------------------------------------------------------------- periodic
def _periodic(
    s: Schedule, a: int, b: int, period: int, cycle: Callable[[int, int], Terms], log_decay: float = 0.0
) -> Terms:
    """Sum over ``[a, b)`` of a function with period ``period`` (times ``exp(log_decay * m)`` in
    cycle ``m``: the log is passed, not the factor, so that a factor near 1 keeps its
    precision); ``cycle(lo, hi)`` sums one cycle's local steps ``lo .. hi - 1`` (undecayed)."""
    lq = log_decay
    m0, r0 = divmod(a, period)
    m1, r1 = divmod(b, period)
    if m0 == m1:
        return _scaled(_exp(lq * m0), cycle(r0, r1))
    one = fsum(cycle(0, period))
    head = _scaled(_exp(lq * m0), cycle(r0, period))
    tail = _scaled(_exp(lq * m1), cycle(0, r1)) if r1 else []
    n = m1 - m0 - 1  # whole cycles m0 + 1 .. m1 - 1
    if n <= 0:
        middle: Terms = []
    elif lq == 0.0:
        middle = _times(one, n)
    else:  # one * sum(q**m for m in m0 + 1 .. m1 - 1)
        middle = _scaled(_exp(lq * (m0 + 1)) * (_expm1(n * lq) / _expm1(lq)), [one])
    return [*head, *middle, *tail]


def _restart_sum(s: Any, a: int, b: int) -> Terms | None:
    """Cycles: equal ones as whole cycles times one cycle's sum (a geometric series with
    ``decay``); growing ones one by one (logarithmically many), each the sum of the child
    stretched to the cycle's length (what the cycle's local time ``(t - start) / growth**n``
    means); past ``limit`` cycles the held value."""
    from lr_curves._combinators import stretch

    child, g, out = s.schedule, s.growth, []
    if s.limit is not None:
        end = _whole(s.cycle_start(s.limit))
        if end is None:
            return None
        if b > end:
            out += _times(s._end_value, b - max(a, end))
            b = max(a, end)
        if a >= b:
            return out
    if g == 1.0:
        P = _whole(s.every)
        if P is None:
            return None
        return [*out, *_periodic(s, a, b, P, lambda lo, hi: total(child, lo, hi), math.log(s.decay))]
    n0, n1 = s.cycle_index(a), s.cycle_index(b - 1)
    if n1 - n0 > 256:
        return None
    for n in range(n0, n1 + 1):
        start, stop = _whole(s.cycle_start(n)), _whole(s.cycle_start(n + 1))
        if start is None or stop is None:
            return None
        lo, hi = max(a, start), min(b, stop)
        factor = float(g**n)
        local = child if factor == 1.0 else stretch(child, factor)
        k = s.decay**n
        if s.index != "exact":  # the peers' log formula may put a boundary step in the cycle before
            e0 = min(hi, max(lo, start + 2))  # steps lo .. e0 - 1 and e1 .. hi - 1: the values
            e1 = max(e0, min(hi, stop - 2))
            out += [*_direct(s, lo, e0), *_direct(s, e1, hi)]
            lo, hi = e0, e1
        out += [v * k for v in total(local, lo - start, hi - start)]
    return out


def _wave_sum(s: Any, a: int, b: int) -> Terms | None:
    period = _whole(s.period) if s.api == "triangle" else _whole(2 * s.steps) if s.periodic else None
    if period is None:
        return None
    return _periodic(s, a, b, period, lambda lo, hi: _fallback(s, lo, hi))


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
        return _product_sum(s, a, b)
    return [v * s.by for v in total(s.schedule, a, b)]


def _product_sum(s: Any, a: int, b: int) -> Terms | None:
    """A periodic wave (period ``P``) times an exponential: per cycle the exponential is its
    first cycle's values times ``factor**(P / every)`` (torch's ``CyclicLR(mode="exp_range")``),
    so whole cycles are one cycle's sum times a geometric series. Past the end of one factor
    (its horizon) the product is the other one times its final value."""
    from lr_curves.analysis import horizon

    for one, other in ((s.schedule, s.by), (s.by, s.schedule)):
        h = horizon(one)
        if h is not None and h < b:
            cut = max(a, h)
            last = float(one(cut))
            return [*_fallback(s, a, cut), *(v * last for v in total(other, cut, b))]
    for wave, exp in ((s.schedule, s.by), (s.by, s.schedule)):
        if exp.api != "exponential" or type(exp)._node_class is not _node("exponential"):
            continue
        if exp.staircase or exp.begin != 0 or exp.end is not None:
            continue
        if wave.api == "triangle" or (wave.api == "cosine" and wave.periodic):
            P = _whole(wave.period if wave.api == "triangle" else 2 * wave.steps)
            if P is None:
                return None
            lq = math.log(exp.factor) * (P / exp.every)
            return _periodic(s, a, b, P, lambda lo, hi: _fallback(s, lo, hi), lq)
    return None


def _clip_sum(s: Any, a: int, b: int) -> Terms | None:
    """A clipped exponential is a bounded one (its ``end``): the bound on the side it moves to,
    the other bound above (below) its start."""
    from lr_curves._primitives import exponential

    e = s.schedule
    if e.api != "exponential" or type(e)._node_class is not _node("exponential") or e.factor == 1.0:
        return None
    toward, away = (s.low, s.high) if e.factor < 1.0 else (s.high, s.low)
    if toward is None or (away is not None and (away < e.start if e.factor < 1.0 else away > e.start)):
        return None
    end = toward if e.end is None else (max(e.end, toward) if e.factor < 1.0 else min(e.end, toward))
    bounded = exponential(e.start, e.factor, e.every, staircase=e.staircase, begin=e.begin, end=end)
    return total(bounded, a, b)


def _stretch_sum(s: Any, a: int, b: int) -> Terms | None:
    """With ``staircase`` and a whole factor ``F`` the child sees whole units ``t // F``: each
    whole unit is ``F`` times the child's value, so ``F`` times the child's own sum."""
    F = _whole(s.factor)
    if not s.staircase or F is None:
        return None
    j0, r0 = divmod(a, F)
    j1, r1 = divmod(b, F)
    child = s.schedule
    if j0 == j1:
        return _times(float(child(j0)), b - a)
    out = [*_times(float(child(j0)), F - r0), *(_times(float(child(j1)), r1) if r1 else [])]
    return [*out, *(F * v for v in total(child, j0 + 1, j1))]


def _shift_sum(s: Any, a: int, b: int) -> Terms | None:
    """``s(max(t - by, 0))``: the child's start value for ``by`` steps, then the child."""
    by = _whole(s.by)
    if by is None:
        return None
    out = _times(float(s.schedule(0)), min(b, by) - a) if a < by else []
    lo = max(a, by)
    return [*out, *total(s.schedule, lo - by, b - by)] if lo < b else out


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
    first = c * _exp(lq * a)
    if first == 0.0:
        return 0.0
    return first * (_expm1(n * lq) / _expm1(lq)) if n * lq < 700 else math.inf


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


# ---------------------------------------------------------------------------------------- power laws
def _affine_power(
    out: Terms, count: int, base: float, coef: float, s_pow: float | None, cond: float = 1e3
) -> Terms | None:
    """``count * base + coef * s_pow`` as terms, or ``None`` when ``s_pow`` is unknown or the two
    cancel (more than ``cond`` times the result), where the quadrature does better."""
    if s_pow is None:
        return None
    big, small = _times(base, count), coef * s_pow
    result = math.fsum([*big, small])
    if abs(big[0]) + abs(small) > cond * abs(result):
        return None
    return [*out, *big, small]


def _linear_sum(s: Any, a: int, b: int) -> Terms | None:
    """An arithmetic series, exact in rational arithmetic: ``start + (end - start) t / steps``
    for ``t < steps``, then ``end``."""
    T = Fraction(s.steps)
    k = min(b, max(a, math.ceil(T)))  # steps a .. k - 1 on the line
    start, end = Fraction(s.start), Fraction(s.end)
    n = k - a
    line = n * start + (end - start) / T * Fraction((a + k - 1) * n, 2) if n > 0 else Fraction(0)
    hi = float(line)
    return [hi, float(line - Fraction(hi)), *_times(s.end, b - k)]


def _polynomial_sum(s: Any, a: int, b: int) -> Terms | None:
    """``end + (start - end) * ((steps - t) / steps) ** power``: a power sum (Hurwitz-zeta
    difference, :func:`lr_curves._sums.power_sum`) over ``u = steps - t``; with ``cycle`` the
    horizon of cycle ``c`` is ``c * steps``, so whole cycles give ``sum(u**p) * sum(c**-p)``."""
    from lr_curves._sums import power_sum

    if s.k_decay != 1.0:
        return None
    A, B, T, p = s.start, s.end, s.steps, s.power
    if not s.cycle:
        k = min(b, max(a, math.ceil(T)))
        out = _times(B, b - k)
        if k <= a:
            return out
        return _affine_power(out, k - a, B, A - B, power_sum(p, T - (k - 1), k - a, T))
    Tw = _whole(T)
    if Tw is None:
        return None
    out = []
    if a == 0:  # step 0 is in cycle 1 (the value is start)
        out, a = [A], 1

    def part(c: int, x0: int, x1: int) -> Terms | None:  # steps x0 .. x1 - 1 of cycle c
        cT = c * Tw
        return _affine_power([], x1 - x0, B, A - B, power_sum(p, cT - (x1 - 1), x1 - x0, cT))

    c0, c1 = -(-a // Tw), -(-(b - 1) // Tw)  # the cycles of the first and last steps
    if c0 == c1:
        one = part(c0, a, b)
        return None if one is None else [*out, *one]
    head, tail = part(c0, a, c0 * Tw + 1), part(c1, (c1 - 1) * Tw + 1, b)
    if head is None or tail is None:
        return None
    out += head + tail
    n = c1 - c0 - 1  # whole cycles c0 + 1 .. c1 - 1
    if n > 0:
        z = power_sum(p, 1.0, Tw - 1, Tw)  # sum((u / T)**p for u in 1 .. T - 1); u = 0 adds 0
        zc = power_sum(-p, float(c0 + 1), n)
        if z is None or zc is None:
            return None
        whole = _affine_power([], n * Tw, B, A - B, z * zc)
        if whole is None:
            return None
        out += whole
    return out


def _inverse_sqrt_sum(s: Any, a: int, b: int) -> Terms | None:
    """``peak * ((timescale + t) / timescale) ** -0.5``: a power sum."""
    from lr_curves._sums import power_sum

    tau = float(s.timescale)
    v = power_sum(-0.5, tau + a, b - a, tau)
    return None if v is None else [s.peak * v]


def _inverse_time_sum(s: Any, a: int, b: int) -> Terms | None:
    """``start * ((c + t) / c) ** -power`` with ``c = every / rate``: a power sum; with
    ``staircase``, whole stairs of ``every`` steps are ``every`` times a power sum over stairs."""
    from lr_curves._sums import power_sum

    if s.rate == 0.0:
        return _times(s.start, b - a)
    p = -s.power
    if not s.staircase:
        c = s.every / s.rate
        v = power_sum(p, c + a, b - a, c)
        return None if v is None else [s.start * v]
    E = _whole(s.every)
    if E is None:
        return None
    j0, r0 = divmod(a, E)
    j1, r1 = divmod(b, E)
    if j0 == j1:
        return _times(float(s(a)), b - a)
    out = [*_times(float(s(a)), E - r0), *(_times(float(s(b - 1)), r1) if r1 else [])]
    n = j1 - j0 - 1
    if n > 0:
        c = 1.0 / s.rate
        v = power_sum(p, c + (j0 + 1), n, c)
        if v is None:
            return None
        out.append(E * s.start * v)
    return out


#: The per-node sums, keyed by the node's public name.
SUMS: dict[str, SumFn] = {
    "constant": _constant_sum,
    "linear": _linear_sum,
    "polynomial": _polynomial_sum,
    "inverse_sqrt": _inverse_sqrt_sum,
    "inverse_time": _inverse_time_sum,
    "restart": _restart_sum,
    "cosine": _wave_sum,
    "triangle": _wave_sum,
    "warmup": _warmup_sum,
    "concat": _concat_sum,
    "shift": _shift_sum,
    "stretch": _stretch_sum,
    "clip": _clip_sum,
    "scale": _scale_sum,
    "divide": _divide_sum,
    "add": _add_sum,
    "exponential": _exponential_sum,
}


# ---------------------------------------------------------------------------------------- kinks
Kinks = list[float]
KinkFn = Callable[[Any, float, float], "Kinks | None"]


def kinks(s: Schedule | float, lo: float, hi: float) -> Kinks | None:
    """The steps in ``(lo, hi)`` where ``s`` (as a function of a real step) may not be smooth:
    its corners and jumps. ``None``: unknown, or more than :data:`MAX_KINKS`."""
    if not isinstance(s, Schedule):
        return []
    fn = KINKS.get(s.api)
    if fn is None or type(s)._node_class is not _node(s.api):
        return None
    out = fn(s, lo, hi)
    if out is None:
        return None
    inside = sorted({float(k) for k in out if lo < k < hi})
    return inside if len(inside) <= MAX_KINKS else None


def _union(children: Any, lo: float, hi: float) -> Kinks | None:
    out: Kinks = []
    for c in children:
        k = kinks(c, lo, hi)
        if k is None:
            return None
        out += k
    return out


def _moved(s: Schedule, lo: float, hi: float, offset: float, factor: float = 1.0) -> Kinks | None:
    """The kinks of ``t -> s((t - offset) / factor)`` in ``(lo, hi)``."""
    inner = kinks(s, (lo - offset) / factor, (hi - offset) / factor)
    return None if inner is None else [offset + k * factor for k in inner]


def _length_kinks(s: Any, lo: float, hi: float) -> Kinks:
    """A curve that is smooth on ``(0, length)`` and constant after it."""
    n = s.length
    return [0.0] if n is None else [0.0, float(n)]


def _no_kinks(s: Any, lo: float, hi: float) -> Kinks:
    return []


def _exponential_kinks(s: Any, lo: float, hi: float) -> Kinks | None:
    out = [float(s.begin)]
    if s.staircase and s.factor != 1.0:  # a jump per stair, up to where the bound holds
        last = math.inf
        if s.end is not None and s.start > 0 and s.end > 0:
            last = s.begin + s.every * (math.ceil(math.log(s.end / s.start) / math.log(s.factor)) + 1)
        j0 = max(math.floor((lo - s.begin) / s.every), 0)
        j1 = math.ceil((min(hi, last) - s.begin) / s.every)
        if j1 - j0 > MAX_KINKS:
            return None
        return [*out, *(s.begin + j * s.every for j in range(j0, j1 + 1))]
    if s.end is not None and s.start > 0 and s.end > 0 and s.factor != 1.0:
        out.append(s.begin + s.every * math.log(s.end / s.start) / math.log(s.factor))
    return out


def _inverse_time_kinks(s: Any, lo: float, hi: float) -> Kinks | None:
    return None if s.staircase else []


def _polynomial_kinks(s: Any, lo: float, hi: float) -> Kinks | None:
    return None if s.cycle else [0.0, float(s.steps)]


def _cosine_kinks(s: Any, lo: float, hi: float) -> Kinks:
    return [] if s.periodic else [0.0, float(s.steps)]


def _triangle_kinks(s: Any, lo: float, hi: float) -> Kinks | None:
    P, up = float(s.period), float(s.up)
    m0, m1 = math.floor(lo / P), math.floor(hi / P)
    if m1 - m0 > MAX_KINKS:
        return None
    return [k for m in range(m0, m1 + 1) for k in (m * P, m * P + up)]


def _piecewise_kinks(s: Any, lo: float, hi: float) -> Kinks:
    return [float(x) for x in s.at]


def _warmup_kinks(s: Any, lo: float, hi: float) -> Kinks | None:
    W = float(s.steps)
    inner = _moved(s.schedule, max(lo, W), hi, 0.0 if s.overlay else W) if hi > W else []
    return None if inner is None else [0.0, W, *inner]


def _concat_kinks(s: Any, lo: float, hi: float) -> Kinks | None:
    starts = [0.0, *map(float, s.at)]
    ends = [*map(float, s.at), math.inf]
    out: Kinks = list(starts)
    for piece, a, b in zip(s.pieces, starts, ends, strict=True):
        if b <= lo or a >= hi:
            continue
        inner = _moved(piece, max(lo, a), min(hi, b), a)
        if inner is None:
            return None
        out += inner
    return out


def _shift_kinks(s: Any, lo: float, hi: float) -> Kinks | None:
    by = float(s.by)
    inner = _moved(s.schedule, max(lo, by), hi, by) if hi > by else []
    return None if inner is None else [by, *inner]


def _stretch_kinks(s: Any, lo: float, hi: float) -> Kinks | None:
    if s.staircase:
        return None
    return _moved(s.schedule, lo, hi, 0.0, float(s.factor))


def _restart_kinks(s: Any, lo: float, hi: float) -> Kinks | None:
    n0 = s.cycle_index(max(lo, 0.0))
    n1 = s.cycle_index(min(hi, sys.float_info.max))
    if s.limit is not None:
        n1 = min(n1, s.limit)
    if n1 - n0 > 256:
        return None
    out: Kinks = []
    for n in range(n0, n1 + 1):
        a, b = float(s.cycle_start(n)), float(s.cycle_start(n + 1))
        out.append(a)
        if s.limit is not None and n >= s.limit:
            break
        inner = _moved(s.schedule, max(lo, a), min(hi, b), a, s.growth**n)
        if inner is None:
            return None
        out += inner
    return out


def _clip_kinks(s: Any, lo: float, hi: float) -> Kinks | None:
    """The child's kinks, and where it crosses ``low`` or ``high``: on each stretch between the
    child's kinks, sampled at 257 points, each sign change bisected to the crossing. A crossing
    missed between samples (a double one) is a corner, not a jump; the quadrature's own error
    estimate is the check there."""
    inner = kinks(s.schedule, lo, hi)
    if inner is None:
        return None
    out = list(inner)
    edges = [max(lo, 0.0), *inner, min(hi, sys.float_info.max)]
    for e0, e1 in itertools.pairwise(edges):
        x = np.linspace(e0, e1, 257)
        v = np.asarray(s.schedule(x), dtype=np.float64)
        for bound in (s.low, s.high):
            if bound is None:
                continue
            sign = v > bound
            for i in np.flatnonzero(sign[1:] != sign[:-1]).tolist():
                x0, x1 = float(x[i]), float(x[i + 1])
                for _ in range(80):
                    mid = 0.5 * (x0 + x1)
                    if mid in (x0, x1):
                        break
                    if bool(float(s.schedule(mid)) > bound) == bool(sign[i]):
                        x0 = mid
                    else:
                        x1 = mid
                out.append(x1)
    return out


def _children_kinks(s: Any, lo: float, hi: float) -> Kinks | None:
    return _union(s.children, lo, hi)


def _function_kinks(s: Any, lo: float, hi: float) -> Kinks:
    """Your function is taken to be smooth (as a function of a real step) up to its length; the
    quadrature's own error estimate is the check (a staircase function fails it)."""
    return [0.0] if s.steps is None else [0.0, float(s.steps)]


#: The kinks of each node, for the quadrature (a node missing here is summed value by value).
KINKS: dict[str, KinkFn] = {
    "constant": _no_kinks,
    "linear": _length_kinks,
    "cosine": _cosine_kinks,
    "polynomial": _polynomial_kinks,
    "exponential": _exponential_kinks,
    "inverse_sqrt": _no_kinks,
    "inverse_time": _inverse_time_kinks,
    "tanh": _length_kinks,
    "rex": _length_kinks,
    "cooldown": _length_kinks,
    "triangle": _triangle_kinks,
    "piecewise_constant": _piecewise_kinks,
    "piecewise_linear": _piecewise_kinks,
    "piecewise_cosine": _piecewise_kinks,
    "warmup": _warmup_kinks,
    "concat": _concat_kinks,
    "shift": _shift_kinks,
    "stretch": _stretch_kinks,
    "restart": _restart_kinks,
    "scale": _children_kinks,
    "add": _children_kinks,
    "divide": _children_kinks,
    "power": _children_kinks,
    "function": _function_kinks,
    "clip": _clip_kinks,
}
