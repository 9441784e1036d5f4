"""fairseq's lr schedulers (``fairseq/optim/lr_scheduler``, fairseq 0.12.2) from the lr_curves algebra.

One function per registered ``--lr-scheduler`` name, taking that scheduler's config fields with
fairseq's names and defaults (``lr`` is fairseq's list, ``lr=[0.0005]``; a plain number is
accepted too; ``max_update`` is ``optimization.max_update``; ``lr_deacy_period`` is spelled as
fairseq spells it). Contract: ``s(k)`` equals ``scheduler.step_update(k)`` (the lr the trainer
sets after ``k`` updates), for a scheduler built from that config; for ``fixed`` and
``polynomial_decay``, whose lr also depends on the epoch, ``epoch=`` says which
``step_begin_epoch(epoch)`` came first (default: none, the lr is ``lr[0]``).

Quirks reproduced: ``inverse_sqrt``'s warmup is ``warmup_init_lr`` (0 by default) to ``lr``
and its decay ``lr * sqrt(warmup_updates / k)``; ``tri_stage``'s decay is *exponential* and
includes its last step (``k <= warmup + hold + decay``), and ``phase_ratio`` must sum to 1 in
exact float arithmetic, with phases ``int(max_update * ratio)`` (``0.29 * 100 -> 28``);
``polynomial_decay`` gives 0 at ``k = 0`` (``k / warmup_updates``) and, with ``epoch``, uses
``lr[min(epoch, len(lr) - 1)]`` (not ``epoch - 1``); ``fixed``'s warmup is ``(k + 1) /
warmup_updates`` (never 0), it uses ``lr[min(epoch - 1, len(lr) - 1)]`` (epoch 0 gives the
*last* lr) and from ``force_anneal`` on ``lr[-1] * lr_shrink ** (epoch + 1 - force_anneal)``
(already one shrink at ``force_anneal``); ``cosine`` restarts past ``max_update`` at
``lr * lr_shrink`` (both ends shrink) and finds its cycle with fairseq's float ``log`` for
``t_mult != 1`` (``restart(..., index="log")``); ``step``'s floor is ``min_lr``;
``triangular``'s half period is ``lr_period_updates // 2``.

Refused where fairseq fails or loops on a number: ``inverse_sqrt(warmup_updates=0)`` and
``tri_stage(decay_steps=0)`` (fairseq divides by zero), ``cosine(t_mult < 1)`` (the periods
shrink to a finite total, after which fairseq takes the log of a negative number), a list
``lr`` with more than one value where fairseq refuses it. Not here: ``manual`` (a table of
epochs/updates as dict strings), ``pass_through`` (delegates to the optimizer) and
``reduce_lr_on_plateau`` (depends on metrics).

fairseq 0.12.2 does not import on Python 3.11; the tests compare against values generated once
from its scheduler source (see ``tests/data/README.md``). Nothing here imports fairseq.

Examples:
    >>> from lr_curves.presets import fairseq
    >>> s = fairseq.inverse_sqrt(lr=[0.0005], warmup_updates=4000)
    >>> f"{s(0):.2e} {s(2000):.2e} {s(4000):.2e} {s(16000):.2e}"
    '0.00e+00 2.50e-04 5.00e-04 2.50e-04'
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from typing import Any

from lr_curves import _checks as ck
from lr_curves._base import Schedule
from lr_curves._checks import Number
from lr_curves._combinators import add, clip, concat, restart
from lr_curves._primitives import constant, exponential, linear, piecewise_constant, polynomial, triangle
from lr_curves._primitives import cosine as _cosine
from lr_curves._primitives import inverse_sqrt as _inverse_sqrt
from lr_curves.presets._args import left_sum, whole

__all__ = [
    "cosine",
    "fixed",
    "inverse_sqrt",
    "polynomial_decay",
    "step",
    "tri_stage",
    "triangular",
]

#: fairseq's ``OptimizationConfig.lr`` default.
_LR = (0.25,)


def _lrs(api: str, lr: Any, single: bool) -> tuple[float, ...]:
    """fairseq's ``lr`` list (a number is one value); ``single``: fairseq refuses more than one."""
    if isinstance(lr, numbers.Real) and not ck.is_bool(lr):
        return (ck.finite_float(api, "lr", lr),)
    values = tuple(ck.finite_float(api, "lr", v) for v in ck.sequence(api, "lr", lr, 1))
    if single and len(values) > 1:
        ck.value_error(
            api,
            "lr",
            "a single value (as fairseq)",
            lr,
            hint="a list of lrs (one per epoch) is the 'fixed' scheduler's.",
        )
    return values


def _ramp(start: float, end: float, W: Number) -> Schedule:
    """``start + k * (end - start) / W`` for ``k < W`` (fairseq's linear warmups)."""
    return linear(start, end, W)


def _warmed(ramp_start: float, peak: float, W: Number, rest: Schedule) -> Schedule:
    return rest if W == 0 else concat(_ramp(ramp_start, peak, W), rest, at=[W])


# ---------------------------------------------------------------------------------------- inverse_sqrt
def inverse_sqrt(
    *, lr: Sequence[float] | float = _LR, warmup_updates: int = 4000, warmup_init_lr: float = -1
) -> Schedule:
    """``inverse_sqrt``: linear warmup to ``lr``, then ``lr * sqrt(warmup_updates / k)``.

    ``warmup_init_lr < 0`` means 0. ``warmup_updates=0`` is refused (fairseq divides by it).

    Examples:
        >>> s = inverse_sqrt(lr=[1.0], warmup_updates=4, warmup_init_lr=0.2)
        >>> " ".join(f"{s(k):.3f}" for k in (0, 2, 4, 16))
        '0.200 0.600 1.000 0.500'
    """
    api = "inverse_sqrt"
    (peak,) = _lrs(api, lr, single=True)
    W = whole(api, "warmup_updates", warmup_updates, 0)
    if W == 0:
        ck.value_error(
            api,
            "warmup_updates",
            "positive",
            warmup_updates,
            hint="fairseq divides by it (ZeroDivisionError).",
        )
    init = ck.finite_float(api, "warmup_init_lr", warmup_init_lr)
    if init < 0:
        init = 0.0
    return concat(_ramp(init, peak, W), _inverse_sqrt(peak, W), at=[W])


# ---------------------------------------------------------------------------------------- tri_stage
def tri_stage(
    *,
    lr: Sequence[float] | float = _LR,
    max_update: float = 0,
    warmup_steps: int = 0,
    hold_steps: int = 0,
    decay_steps: int = 0,
    phase_ratio: Sequence[float] | None = None,
    init_lr_scale: float = 0.01,
    final_lr_scale: float = 0.01,
) -> Schedule:
    """``tri_stage``: linear warmup from ``lr * init_lr_scale``, hold ``lr``, exponential decay.

    The decay is ``lr * final_lr_scale ** (t / decay_steps)`` for ``t`` in ``[0, decay_steps]``
    (both ends included), then ``lr * final_lr_scale``. With ``phase_ratio`` the three lengths
    are ``int(max_update * ratio)``; the ratios must add up to 1 exactly in float arithmetic
    (as fairseq: ``(0.7, 0.2, 0.1)`` sums to ``0.9999999999999999`` and is refused).

    Examples:
        >>> s = tri_stage(lr=[1.0], max_update=100, phase_ratio=[0.1, 0.4, 0.5])
        >>> " ".join(f"{s(k):.3f}" for k in (0, 5, 10, 50, 75, 100, 200))
        '0.010 0.505 1.000 1.000 0.100 0.010 0.010'
    """
    api = "tri_stage"
    (peak,) = _lrs(api, lr, single=True)
    if phase_ratio is not None:
        ratios = tuple(
            ck.finite_float(api, "phase_ratio", r) for r in ck.sequence(api, "phase_ratio", phase_ratio)
        )
        if len(ratios) != 3:
            ck.value_error(api, "phase_ratio", "three ratios (warmup, hold, decay)", phase_ratio)
        M = ck.positive(api, "max_update", max_update)
        if left_sum(ratios) != 1:
            ck.value_error(
                api,
                "phase_ratio",
                "ratios whose float sum is exactly 1 (as fairseq)",
                phase_ratio,
                hint=f"their sum is {left_sum(ratios)!r}.",
            )
        W, H, D = (int(M * r) for r in ratios)
    else:
        W = whole(api, "warmup_steps", warmup_steps, 0)
        H = whole(api, "hold_steps", hold_steps, 0)
        D = whole(api, "decay_steps", decay_steps, 0)
    if D == 0:
        raise ValueError(
            f"{api}(): the decay stage must have steps, got decay_steps={D}. Hint: fairseq divides "
            "by it (ZeroDivisionError)."
        )
    init = ck.finite_float(api, "init_lr_scale", init_lr_scale) * peak
    fs = ck.positive_float(api, "final_lr_scale", final_lr_scale)
    pieces: list[Schedule] = []
    at: list[Number] = []
    if W > 0:
        pieces.append(_ramp(init, peak, W))
        at.append(W)
    if H > 0:
        pieces.append(constant(peak))
        at.append(W + H)
    pieces.append(exponential(peak, fs, D))
    pieces.append(constant(fs * peak))
    at.append(W + H + D + 1)
    return concat(*pieces, at=at)


# ---------------------------------------------------------------------------------------- polynomial_decay
def polynomial_decay(
    *,
    lr: Sequence[float] | float = _LR,
    max_update: float = 0,
    warmup_updates: int = 0,
    force_anneal: int | None = None,
    end_learning_rate: float = 0.0,
    power: float = 1.0,
    total_num_update: float | None = None,
    epoch: int | None = None,
) -> Schedule:
    """``polynomial_decay``: ``lr * k / W`` up to ``W``, then ``end + (lr - end)(1 - p) ** power``.

    ``p = (k - W) / (T - W)`` with ``T = total_num_update`` (default ``max_update``); ``end``
    from ``T`` on. ``k = 0`` gives 0 when there is a warmup.

    Examples:
        >>> s = polynomial_decay(lr=[1.0], total_num_update=10, warmup_updates=2, power=2.0)
        >>> " ".join(f"{s(k):.3f}" for k in (0, 1, 2, 6, 10, 20))
        '0.000 0.500 1.000 0.250 0.000 0.000'
    """
    api = "polynomial_decay"
    lrs = _lrs(api, lr, single=False)
    peak = lrs[0]
    if epoch is not None:
        e = whole(api, "epoch", epoch, 0)
        if force_anneal is not None and e >= whole(api, "force_anneal", force_anneal, 0):
            ck.value_error(
                api,
                "epoch",
                "< force_anneal",
                epoch,
                hint="from force_anneal on fairseq keeps whatever lr the optimizer has (state, not config).",
            )
        peak = lrs[min(e, len(lrs) - 1)]
    T = ck.positive(api, "total_num_update", max_update if total_num_update is None else total_num_update)
    W = whole(api, "warmup_updates", warmup_updates, 0)
    end = ck.finite_float(api, "end_learning_rate", end_learning_rate)
    p = ck.finite_float(api, "power", power)
    if p < 0:
        ck.value_error(api, "power", "non-negative", power)
    if W >= T:  # warmup, then the end value (the decay has no room)
        return concat(_ramp(0.0, peak, W), constant(end), at=[W + 1])
    decay = piecewise_constant([peak, end], [T - W]) if p == 0 else polynomial(peak, end, T - W, p)
    return _warmed(0.0, peak, W, decay)


# ---------------------------------------------------------------------------------------- cosine
def cosine(
    *,
    lr: Sequence[float] | float = _LR,
    max_update: int = 0,
    warmup_updates: int = 0,
    warmup_init_lr: float = -1,
    min_lr: float = 0.0,
    t_mult: float = 1.0,
    lr_period_updates: float = -1,
    lr_shrink: float = 0.1,
) -> Schedule:
    """``cosine``: linear warmup, then SGDR cycles that restart at ``lr * lr_shrink ** i``.

    Cycle ``i`` lasts ``lr_period_updates * t_mult ** i`` (the first: ``max_update -
    warmup_updates`` by default); both ``lr`` and ``min_lr`` shrink by ``lr_shrink`` per cycle,
    so the schedule restarts past ``max_update``. ``warmup_init_lr < 0`` means ``min_lr``.

    Examples:
        >>> s = cosine(lr=[1.0], max_update=100, warmup_updates=10)
        >>> " ".join(f"{s(k):.3f}" for k in (0, 5, 10, 55, 99, 100, 145))
        '0.000 0.500 1.000 0.500 0.000 0.100 0.050'
    """
    api = "cosine"
    (peak,) = _lrs(api, lr, single=True)
    lo = ck.finite_float(api, "min_lr", min_lr)
    if not peak > lo:
        raise ValueError(
            f"{api}(): lr must be more than min_lr (as fairseq 0.12.2), got lr={peak!r}, min_lr={lo!r}."
        )
    W = whole(api, "warmup_updates", warmup_updates, 0)
    init = ck.finite_float(api, "warmup_init_lr", warmup_init_lr)
    if init < 0:
        init = lo
    P: Number = ck.real(api, "lr_period_updates", lr_period_updates)
    if P <= 0:
        M = ck.real(api, "max_update", max_update)
        if M <= 0:
            raise ValueError(f"{api}(): give max_update or lr_period_updates (as fairseq), got neither.")
        P = M - W
        if P <= 0:
            ck.value_error(api, "max_update - warmup_updates", "positive (the cosine's period)", P)
    g = ck.finite_float(api, "t_mult", t_mult)
    if g < 1:
        ck.value_error(
            api,
            "t_mult",
            ">= 1",
            t_mult,
            hint="shorter and shorter periods end at a finite update, past which fairseq takes the log "
            "of a negative number.",
        )
    shrink = ck.finite_float(api, "lr_shrink", lr_shrink)
    cycles = restart(_cosine(peak, P, lo), P, growth=g, decay=shrink, index="log" if g != 1 else "exact")
    return _warmed(init, peak, W, cycles)


# ---------------------------------------------------------------------------------------- step
def step(
    *,
    lr: Sequence[float] | float = _LR,
    warmup_updates: int = 0,
    warmup_init_lr: float = -1,
    min_lr: float = 0.0,
    lr_deacy_period: int = 25000,
    lr_decay: float = 0.5,
) -> Schedule:
    """``step``: linear warmup, then ``max(lr * lr_decay ** ((k - W) // lr_deacy_period), min_lr)``.

    ``lr_deacy_period`` is fairseq's own (misspelt) field name. ``warmup_init_lr < 0`` means
    ``min_lr``. A list ``lr`` uses its first value (as fairseq).

    Examples:
        >>> s = step(lr=[1.0], lr_deacy_period=10, min_lr=0.2)
        >>> " ".join(f"{s(k):.2f}" for k in (0, 9, 10, 20, 30))
        '1.00 1.00 0.50 0.25 0.20'
    """
    api = "step"
    peak = _lrs(api, lr, single=False)[0]
    lo = ck.finite_float(api, "min_lr", min_lr)
    if lo < 0:
        ck.value_error(api, "min_lr", ">= 0 (as fairseq)", min_lr)
    if not peak > lo:
        raise ValueError(
            f"{api}(): lr must be more than min_lr (as fairseq), got lr={peak!r}, min_lr={lo!r}."
        )
    n = ck.positive(api, "lr_deacy_period", lr_deacy_period)
    d = ck.finite_float(api, "lr_decay", lr_decay)
    if not 0 <= d <= 1:
        ck.value_error(api, "lr_decay", "in [0, 1]", lr_decay)
    W = whole(api, "warmup_updates", warmup_updates, 0)
    init = ck.finite_float(api, "warmup_init_lr", warmup_init_lr)
    if init < 0:
        init = lo
    if d == 0.0:
        decay = piecewise_constant([peak, lo], [n])
    elif d == 1.0:
        decay = constant(peak)
    else:
        decay = (
            clip(exponential(peak, d, n, staircase=True), low=lo)
            if lo > 0
            else exponential(peak, d, n, staircase=True)
        )
    return _warmed(init, peak, W, decay)


# ---------------------------------------------------------------------------------------- fixed
def fixed(
    *,
    lr: Sequence[float] | float = _LR,
    force_anneal: int | None = None,
    lr_shrink: float = 0.1,
    warmup_updates: int = 0,
    epoch: int | None = None,
) -> Schedule:
    """``fixed``: the epoch's lr, with a warmup factor ``(k + 1) / warmup_updates`` for ``k < W``.

    Without ``epoch``, the lr is ``lr[0]`` (the scheduler as built). With ``epoch``:
    ``lr[min(epoch - 1, len(lr) - 1)]`` before ``force_anneal``, else
    ``lr[-1] * lr_shrink ** (epoch + 1 - force_anneal)``.

    Examples:
        >>> s = fixed(lr=[1.0], warmup_updates=4)
        >>> " ".join(f"{s(k):.2f}" for k in range(6))
        '0.25 0.50 0.75 1.00 1.00 1.00'
        >>> f"{fixed(lr=[1.0, 0.5], force_anneal=3, epoch=4)(0):.3f}"
        '0.005'
    """
    api = "fixed"
    lrs = _lrs(api, lr, single=False)
    value = lrs[0]
    shrink = ck.finite_float(api, "lr_shrink", lr_shrink)
    if epoch is not None:
        e = whole(api, "epoch", epoch, 0)
        if force_anneal is None or e < whole(api, "force_anneal", force_anneal, 0):
            value = lrs[min(e - 1, len(lrs) - 1)]
        else:
            value = lrs[-1] * shrink ** (e + 1 - force_anneal)
    W = whole(api, "warmup_updates", warmup_updates, 0)
    if W <= 1:
        return constant(value)
    return linear(value / W, value, W - 1)


# ---------------------------------------------------------------------------------------- triangular
def triangular(
    *,
    max_lr: float,
    lr: Sequence[float] | float = _LR,
    lr_period_updates: float = 5000,
    lr_shrink: float = 0.1,
    shrink_min: bool = False,
) -> Schedule:
    """``triangular``: a triangle from ``lr`` up to ``max_lr`` and back, every ``lr_period_updates``.

    The half period is ``lr_period_updates // 2``; cycle ``c`` peaks at
    ``max_lr * lr_shrink ** c``, and its low end shrinks as well with ``shrink_min=True``.

    Examples:
        >>> s = triangular(max_lr=1.0, lr=[0.1], lr_period_updates=10, lr_shrink=0.5)
        >>> " ".join(f"{s(k):.2f}" for k in (0, 5, 10, 15, 20))
        '0.10 1.00 0.10 0.50 0.10'
    """
    api = "triangular"
    (lo,) = _lrs(api, lr, single=True)
    hi = ck.finite_float(api, "max_lr", max_lr)
    if not hi > lo:
        raise ValueError(f"{api}(): max_lr must be more than lr (as fairseq), got max_lr={hi!r}, lr={lo!r}.")
    period = ck.positive(api, "lr_period_updates", lr_period_updates)
    half = period // 2
    if half <= 0:
        ck.value_error(
            api,
            "lr_period_updates",
            ">= 2",
            lr_period_updates,
            hint="fairseq divides by lr_period_updates // 2.",
        )
    shrink = ck.finite_float(api, "lr_shrink", lr_shrink)
    if ck.boolean(api, "shrink_min", shrink_min):
        return restart(triangle(lo, hi, half, half), 2 * half, decay=shrink)
    # lo + (hi * shrink**c - lo) * w(t): the peak shrinks per cycle, the low end stays.
    peaks = restart(triangle(0.0, hi, half, half), 2 * half, decay=shrink)
    return add(constant(lo), peaks, triangle(0.0, -lo, half, half)) if lo != 0 else peaks
