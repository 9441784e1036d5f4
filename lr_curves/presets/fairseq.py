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
``lr`` with more than one value where fairseq refuses it.

``manual`` reads ``epoch2lr``/``update2lr`` from fairseq's dict strings exactly as fairseq
parses them (``ast.literal_eval``, a literal, never code). ``pass_through`` delegates to the
optimizer's own scheduler, given as ``lr_scheduler=`` (as ``base_lr=`` stands for the
optimizer's lr elsewhere). ``reduce_lr_on_plateau`` depends on the validation losses: it is a
pure reducer (:class:`ReduceLROnPlateauLRSchedule`) with fairseq's two event methods,
``step_update(state, num_updates)`` and ``step(state, epoch, val_loss)``.

fairseq 0.12.2 does not import on Python 3.11; the tests compare against values generated once
from its scheduler source (see ``tests/data/README.md``). Nothing here imports fairseq.

Examples:
    >>> from lr_curves.presets import fairseq
    >>> s = fairseq.inverse_sqrt(lr=[0.0005], warmup_updates=4000)
    >>> f"{s(0):.2e} {s(2000):.2e} {s(4000):.2e} {s(16000):.2e}"
    '0.00e+00 2.50e-04 5.00e-04 2.50e-04'
"""

from __future__ import annotations

import ast
import dataclasses
import math
import numbers
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from lr_curves import _checks as ck
from lr_curves._base import Schedule
from lr_curves._checks import Number
from lr_curves._combinators import add, clip, concat, restart
from lr_curves._primitives import constant, exponential, linear, piecewise_constant, polynomial, triangle
from lr_curves._primitives import cosine as _cosine
from lr_curves._primitives import inverse_sqrt as _inverse_sqrt
from lr_curves._reducer import Plateau, PlateauState, Reducer
from lr_curves.presets._args import left_sum, whole

__all__ = [  # ReduceLROnPlateauLRSchedule is reduce_lr_on_plateau's return type, not a preset of its own
    "ReduceLROnPlateauLRScheduleState",
    "cosine",
    "fixed",
    "inverse_sqrt",
    "manual",
    "pass_through",
    "polynomial_decay",
    "reduce_lr_on_plateau",
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


# ---------------------------------------------------------------------------------------- manual
def _table(api: str, name: str, text: Any) -> dict[int, float]:
    """``epoch2lr``/``update2lr`` as fairseq's ``parse_manuallr_args`` reads them.

    The text is read with ``ast.literal_eval`` (a literal, never code) after removing spaces and
    must give a dict; each key is a string: ``"n"``, ``"a,b,c"`` (each of them) or ``"a-b"``
    (``a`` to ``b`` inclusive); each value is ``float(value)``. Later keys overwrite earlier ones.
    A parsed dict is accepted as well.
    """
    if isinstance(text, str):
        try:
            table: Any = ast.literal_eval(text.replace(" ", ""))
        except (ValueError, SyntaxError) as exc:
            raise ValueError(
                f"{api}(): {name} must be a dict literal such as \"{{'1': 0.1, '5-9': 0.01}}\", got {text!r} "
                f"({type(exc).__name__}: {exc})."
            ) from None
    elif isinstance(text, Mapping):
        table = text
    else:
        ck.type_error(api, name, f"a dict literal as a string (fairseq's --{name}), or a dict", text)
    if not isinstance(table, dict):
        ck.value_error(api, name, "a dict literal (as fairseq)", text)
    out: dict[int, float] = {}
    for key, value in table.items():
        where = f"{name}[{key!r}]"
        if not isinstance(key, str):
            ck.type_error(
                api,
                f"{name}'s keys",
                "strings such as '1', '1,3' or '5-9' (fairseq splits the key's text)",
                key,
            )
        try:
            if "," in key:
                keys: Sequence[int] = [int(k) for k in key.split(",")]
            elif "-" in key:
                lo, hi = (int(k) for k in key.split("-")[:2])
                keys = range(lo, hi + 1)  # fairseq ignores a third number ("1-2-3")
            else:
                keys = [int(key)]
        except ValueError:
            raise ValueError(
                f"{api}(): {name}'s keys must be 'n', 'a,b,...' or 'a-b' with whole numbers (as fairseq), "
                f"got {key!r}."
            ) from None
        if isinstance(value, bool) or not isinstance(value, (numbers.Real, str)):
            ck.type_error(api, where, "a number", value)
        try:
            lr_value = float(value)
        except ValueError:
            raise ValueError(f"{api}(): {where} must be a number, got {value!r}.") from None
        lr_value = ck.finite_float(api, where, lr_value)
        if len(keys) > 1_000_000:
            ck.value_error(api, f"{name}'s range {key!r}", "at most 1000000 keys long", len(keys))
        for k in keys:
            out[k] = lr_value
    return out


def _latest(table: dict[int, float], at: int) -> float | None:
    """``table[max(k for k in table if k <= at)]``, or None when there is no such key."""
    keys = [k for k in table if k <= at]
    return table[max(keys)] if keys else None


def manual(
    *,
    lr: Sequence[float] | float = _LR,
    epoch2lr: str | Mapping[str, float] = "{}",
    update2lr: str | Mapping[str, float] = "{}",
    epoch: int | None = None,
) -> Schedule:
    """``manual``: the lr from ``update2lr``'s latest key ``<= k``, as fairseq parses the tables.

    ``epoch2lr`` and ``update2lr`` are fairseq's strings (``"{'1': 0.1, '5-9': 0.01,
    '10,12': 0.001}"``), or the dicts they hold: spaces are removed, each key is a string,
    ``"n"``, ``"a,b,c"`` (each of them) or ``"a-b"`` (``a`` to ``b`` inclusive; fairseq ignores a
    third number, and ``"9-5"`` is no key), each value ``float(value)`` (``'0.5'`` works),
    later keys overwrite earlier ones. Keys fairseq cannot read (an int key, ``"1,2-3"``,
    ``"a"``) are refused, as fairseq fails on them. Before the first key of
    ``update2lr`` the lr is the one fairseq set last: ``epoch2lr``'s latest key ``<= epoch``
    when ``epoch=`` says a ``step_begin_epoch(epoch)`` came first, else the starting lr
    (``epoch2lr[1]``, else ``update2lr[1]``, else ``lr[0]``).

    Examples:
        >>> s = manual(lr=[1.0], update2lr="{'3': 0.5, '6-7': 0.1, '10': 0.01}")
        >>> " ".join(f"{s(k):g}" for k in (0, 2, 3, 6, 8, 10, 100))
        '1 1 0.5 0.1 0.1 0.01 0.01'
        >>> s = manual(epoch2lr="{'1': 0.5, '3-4': 0.05}", epoch=4)
        >>> f"{s(0):g}"
        '0.05'
    """
    api = "manual"
    lrs = _lrs(api, lr, single=False)
    by_epoch = _table(api, "epoch2lr", epoch2lr)
    by_update = _table(api, "update2lr", update2lr)
    start = by_epoch[1] if 1 in by_epoch else by_update[1] if 1 in by_update else lrs[0]
    if epoch is not None:
        found = _latest(by_epoch, whole(api, "epoch", epoch, 0))
        start = start if found is None else found
    keys = sorted(k for k in by_update if k > 0)
    values = [start] + [by_update[k] for k in keys]
    if 0 in by_update or any(k < 0 for k in by_update):  # only from strings such as "0" or "0-3"
        values[0] = by_update[max(k for k in by_update if k <= 0)]
    if not keys:
        return constant(values[0])
    return piecewise_constant(values, list[Number](keys))


# ---------------------------------------------------------------------------------------- pass_through
def pass_through(*, lr_scheduler: Schedule | None = None) -> Schedule:
    """``pass_through``: the optimizer's own scheduler (fairseq delegates every call to it).

    fairseq's config for it is empty: the lr is whatever ``optimizer.lr_scheduler`` gives
    (a composite optimizer's). So the preset takes that scheduler, ``lr_scheduler=``, as
    ``base_lr=`` stands for the optimizer's lr elsewhere, and returns it unchanged.

    Raises:
        ValueError: no ``lr_scheduler`` (fairseq asserts the optimizer has one).

    Examples:
        >>> inner = inverse_sqrt(lr=[1.0], warmup_updates=4)
        >>> pass_through(lr_scheduler=inner) is inner
        True
    """
    api = "pass_through"
    if lr_scheduler is None:
        raise ValueError(
            f"{api}(): lr_scheduler must be the optimizer's own scheduler (an lr_curves Schedule), got None. "
            "Hint: fairseq's pass_through only delegates, and asserts the optimizer has one."
        )
    if isinstance(lr_scheduler, Mapping):
        ck.type_error(
            api,
            "lr_scheduler",
            "one schedule",
            lr_scheduler,
            hint="a composite optimizer has one scheduler per param group: build one preset per group.",
        )
    if not isinstance(lr_scheduler, Schedule):
        ck.type_error(api, "lr_scheduler", "an lr_curves Schedule (a preset)", lr_scheduler)
    return lr_scheduler


# ------------------------------------------------------------------------------------ reduce_lr_on_plateau
@dataclasses.dataclass(frozen=True)
class ReduceLROnPlateauLRScheduleState:
    """The state of :func:`reduce_lr_on_plateau` (immutable).

    Attributes:
        lr: The optimizer's current lr.
        best: torch's ``best`` metric so far (``inf``/``-inf`` before the first).
        num_bad_epochs: Consecutive metrics without improvement.
        warmup_end: Whether ``step_update`` has seen an update past ``warmup_updates`` (the
            plateau ignores every metric until then).
    """

    lr: float
    best: float
    num_bad_epochs: int = 0
    warmup_end: bool = True


@dataclasses.dataclass(frozen=True)
class ReduceLROnPlateauLRSchedule(Reducer[ReduceLROnPlateauLRScheduleState]):
    """fairseq's ``reduce_lr_on_plateau`` as a pure reducer; build it with :func:`reduce_lr_on_plateau`.

    Two event methods, as fairseq's trainer calls them: :meth:`step_update` after every update
    (and after every epoch event), :meth:`step` at the end of an epoch with the validation
    loss. :meth:`update` is ``step`` with a metric; :meth:`trace` runs the trainer's loop.
    """

    api = "reduce_lr_on_plateau"

    lr: Sequence[float] | float = dataclasses.field(default=_LR, kw_only=True)
    lr_shrink: float = dataclasses.field(default=0.1, kw_only=True)
    lr_threshold: float = dataclasses.field(default=1e-4, kw_only=True)
    lr_patience: int = dataclasses.field(default=0, kw_only=True)
    warmup_updates: int = dataclasses.field(default=0, kw_only=True)
    warmup_init_lr: float = dataclasses.field(default=-1, kw_only=True)
    maximize_best_checkpoint_metric: bool = dataclasses.field(default=False, kw_only=True)

    def __post_init__(self) -> None:
        api, set_ = self.api, object.__setattr__
        (peak,) = _lrs(api, self.lr, single=True)
        shrink = ck.finite_float(api, "lr_shrink", self.lr_shrink)
        if shrink >= 1.0:
            ck.value_error(api, "lr_shrink", "< 1.0 (as torch's ReduceLROnPlateau)", self.lr_shrink)
        if shrink < 0.0:
            ck.value_error(
                api, "lr_shrink", "a non-negative number", self.lr_shrink, hint="torch makes the lr negative."
            )
        W = whole(api, "warmup_updates", self.warmup_updates, 0)
        init = ck.finite_float(api, "warmup_init_lr", self.warmup_init_lr)
        maximize = ck.boolean(api, "maximize_best_checkpoint_metric", self.maximize_best_checkpoint_metric)
        rules = Plateau(
            mode="max" if maximize else "min",
            factor=shrink,
            patience=whole(api, "lr_patience", self.lr_patience, 0),
            threshold=ck.finite_float(api, "lr_threshold", self.lr_threshold),
            base_lr=peak,
        )
        set_(self, "lr", (peak,))
        set_(self, "_peak", peak)
        set_(self, "lr_shrink", shrink)
        set_(self, "lr_threshold", rules.threshold)
        set_(self, "lr_patience", rules.patience)
        set_(self, "warmup_updates", W)
        set_(self, "warmup_init_lr", init)
        # fairseq: warmup_init_lr < 0 means 0 with a warmup, lr without one
        set_(self, "_start", init if init >= 0 else 0.0 if W > 0 else peak)
        set_(self, "_rules", rules)

    def init(self) -> ReduceLROnPlateauLRScheduleState:
        """Right after construction: ``lr[0]``, or ``warmup_init_lr`` with a warmup."""
        warm = self.warmup_updates > 0
        worse = -math.inf if self.maximize_best_checkpoint_metric else math.inf
        return ReduceLROnPlateauLRScheduleState(
            lr=self.__dict__["_start"] if warm else self.__dict__["_peak"], best=worse, warmup_end=not warm
        )

    def init_from(self, lr: float) -> ReduceLROnPlateauLRScheduleState:
        raise TypeError(
            f"{self.api}(): this reducer has its own warmup (warmup_updates=, warmup_init_lr=); it "
            "cannot start from another schedule's lr."
        )

    def step_update(
        self, state: ReduceLROnPlateauLRScheduleState, num_updates: int
    ) -> ReduceLROnPlateauLRScheduleState:
        """fairseq's ``step_update(num_updates)``: the warmup lr for ``num_updates <= W``
        (``warmup_init_lr + num_updates * (lr - warmup_init_lr) / W``); past it the warmup ends
        and the lr is left to the plateau."""
        n = whole(f"{self.api}.step_update", "num_updates", num_updates, 0)
        W = self.warmup_updates
        if W <= 0:
            return state
        if n <= W:
            start = self.__dict__["_start"]
            step_ = (self.__dict__["_peak"] - start) / W
            return dataclasses.replace(state, lr=start + n * step_)
        return state if state.warmup_end else dataclasses.replace(state, warmup_end=True)

    def step(
        self, state: ReduceLROnPlateauLRScheduleState, epoch: int, val_loss: float | None = None
    ) -> ReduceLROnPlateauLRScheduleState:
        """fairseq's ``step(epoch, val_loss)``: torch's plateau step on ``val_loss`` once the
        warmup has ended; during the warmup (or without a loss) nothing changes the lr."""
        whole(f"{self.api}.step", "epoch", epoch, 0)
        if val_loss is None or not state.warmup_end:
            if val_loss is not None:
                self._metric(val_loss)
            return state
        inner = PlateauState(state.lr, state.best, state.num_bad_epochs)
        rules: Plateau = self.__dict__["_rules"]
        out = rules.update(inner, self._metric(val_loss))
        assert out.best is not None
        return ReduceLROnPlateauLRScheduleState(out.lr, out.best, out.num_bad_epochs, state.warmup_end)

    def update(
        self, state: ReduceLROnPlateauLRScheduleState, metric: float
    ) -> ReduceLROnPlateauLRScheduleState:
        """An epoch end with a validation loss: :meth:`step` (the epoch number does not matter)."""
        return self.step(state, 0, metric)

    def trace(self, metrics: Iterable[float | None], *, updates_per_epoch: int = 0) -> list[float]:
        """The lr after each epoch of fairseq's trainer loop, one validation loss per epoch.

        The loop: ``step_update(0)`` when built; then per epoch ``step_update(n)`` (its
        ``begin_epoch``), ``updates_per_epoch`` times ``n += 1; step_update(n)``, then
        ``step(epoch, loss)`` and ``step_update(n)`` (``lr_step``). ``loss=None``: an epoch
        without validation. With a warmup and ``updates_per_epoch=0`` the warmup never ends and
        no metric is seen, as in fairseq.
        """
        per = whole(f"{self.api}.trace", "updates_per_epoch", updates_per_epoch, 0)
        state = self.step_update(self.init(), 0)
        n = 0
        out: list[float] = []
        for epoch, loss in enumerate(metrics, 1):
            state = self.step_update(state, n)
            for _ in range(per):
                n += 1
                state = self.step_update(state, n)
            state = self.step_update(self.step(state, epoch, loss), n)
            out.append(state.lr)
        return out


def reduce_lr_on_plateau(
    *,
    lr: Sequence[float] | float = _LR,
    lr_shrink: float = 0.1,
    lr_threshold: float = 1e-4,
    lr_patience: int = 0,
    warmup_updates: int = 0,
    warmup_init_lr: float = -1,
    maximize_best_checkpoint_metric: bool = False,
) -> ReduceLROnPlateauLRSchedule:
    """``reduce_lr_on_plateau``: a linear warmup over updates, then torch's ``ReduceLROnPlateau``.

    A reducer (it depends on the validation losses), with fairseq's two clocks: updates
    (:meth:`~ReduceLROnPlateauLRSchedule.step_update`) and epoch ends
    (:meth:`~ReduceLROnPlateauLRSchedule.step`). The plateau is torch's (``factor=lr_shrink``,
    ``patience=lr_patience``, ``threshold=lr_threshold`` relative, no cooldown, ``min_lr=0``,
    ``eps=1e-8``; ``mode="max"`` with ``maximize_best_checkpoint_metric``): the first cut
    comes after ``lr_patience + 1`` epochs without improvement (fairseq's default patience 0:
    right after the first epoch that does not improve).

    Quirks reproduced: ``warmup_init_lr < 0`` means 0 with a warmup and ``lr`` without one;
    the warmup ends only when ``step_update`` sees an update *past* ``warmup_updates``, and
    every loss before that is ignored (not even counted); after it, the lr is whatever the
    warmup left (``warmup_init_lr + W * step``), cut by the plateau.

    Raises:
        ValueError: a list ``lr`` of more than one value (as fairseq), ``lr_shrink >= 1`` (as
            torch) or negative (negative lrs), a negative ``lr_patience``.

    Examples:
        >>> r = reduce_lr_on_plateau(lr=[1.0], warmup_updates=2)
        >>> [f"{x:.2f}" for x in r.trace([5.0, 4.0, 4.0, 4.0], updates_per_epoch=1)]
        ['0.50', '1.00', '1.00', '0.10']
    """
    return ReduceLROnPlateauLRSchedule(
        lr=lr,
        lr_shrink=lr_shrink,
        lr_threshold=lr_threshold,
        lr_patience=lr_patience,
        warmup_updates=warmup_updates,
        warmup_init_lr=warmup_init_lr,
        maximize_best_checkpoint_metric=maximize_best_checkpoint_metric,
    )
