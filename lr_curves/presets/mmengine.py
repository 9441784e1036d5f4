"""mmengine's lr schedulers (``mmengine/optim/scheduler``, mmengine 0.10.7) rebuilt from the algebra.

Every function takes the mmengine class's own name and arguments (minus ``optimizer``,
``last_step`` and ``verbose``), plus ``base_lr=`` for the optimizer's lr (default 1.0: the
multiplier) and ``epoch_length=`` for the iterations per epoch. :func:`from_config` reads a
``param_scheduler`` config (one dict or a list of dicts) and applies it as mmengine's runner does.

**Time.** ``s(k)`` is the lr after ``k`` steps of the runner's loop (``k = 0`` right after the
schedulers are built): after ``k`` calls of ``scheduler.step()`` when every scheduler counts the
same unit (``epoch_length=None``: epochs for ``by_epoch=True``, iterations otherwise); in
iterations when ``epoch_length`` is given, with the ``by_epoch=True`` schedulers stepped after
every ``epoch_length`` iterations (``ParamSchedulerHook.after_train_epoch``) and the others after
every iteration. ``convert_to_iter_based=True`` (needs ``epoch_length``) makes an epoch-based
scheduler iteration-based as ``build_iter_from_epoch`` does: ``begin``/``end`` become
``int(begin * L)``/``int(end * L)`` (``end=INF`` stays ``INF``) and ``step_size``,
``milestones``, ``T_max``, ``total_steps`` and ``periods`` are multiplied by ``L``.

**Windows.** A scheduler acts only on its steps ``begin <= step < end``
(:func:`lr_curves.window`): before ``begin`` it leaves the lr alone, and from ``end`` on its
last value stays. mmengine computes every update in *chainable* form, from the lr the group has
at that moment, so schedulers compose:

- ``ConstantLR``, ``LinearLR``, ``StepLR``, ``MultiStepLR``, ``ExponentialLR``, and
  ``CosineAnnealingLR``/``PolyLR`` with ``eta_min == 0``, multiply the current lr by a factor: any
  number of them, overlapping or not, give ``base_lr * window(f_1) * window(f_2) * ...``.
- ``PolyLR``/``CosineAnnealingLR`` with ``eta_min != 0`` are affine in the current lr, and
  ``OneCycleLR``/``CosineRestartLR`` set absolute values: each starts from the lr it finds at its
  ``begin`` (the warmup's end, say), and runs alone. An overlap of one of them with another
  scheduler is order-dependent and has no closed form: :func:`from_config` refuses it, naming both.

**Quirks reproduced** (each is mmengine's, with ``T = end - begin - 1``, the last local step):
the windows end at ``end - 1``: ``LinearLR`` reaches ``end_factor`` and ``PolyLR`` reaches
``eta_min`` at local step ``T``, ``ConstantLR`` restores the lr at ``T`` (one step before torch's
``total_iters``), and with ``end = begin + 1`` it never restores; ``CosineAnnealingLR``'s default
``T_max = end - begin`` never reaches ``eta_min``; with ``T_max < T`` it goes on as a periodic
cosine whose amplitude from the first minimum on is ``base_lr - eta_min`` (not the lr it started
from); ``StepLR`` never decays at local step 0 but ``MultiStepLR`` does for a milestone 0;
``OneCycleLR``'s default ``eta_max=0`` gives lr 0, and it sets the optimizer's ``initial_lr`` to
``eta_max / div_factor``, which the schedulers listed after it read as their base value (the
``eta_min_ratio`` and restart peaks); ``CosineRestartLR`` restarts at ``base * weight`` and holds
after ``sum(periods)``. Not reproduced: mmengine's ``ZeroDivisionError`` for ``ConstantLR(factor=0)``
and ``LinearLR(start_factor=0)`` (refused here), and the ``ValueError`` of ``OneCycleLR`` past
``total_steps`` (the preset holds its final lr from ``total_steps + 1``, as
:func:`lr_curves.presets.torch.OneCycleLR`). ``ReduceOnPlateauLR`` depends on metrics: it is a
pure reducer (``init`` / ``update`` / ``trace``), :class:`ReduceOnPlateauLR`, and
:func:`from_config` refuses it in a ``param_scheduler`` list.

Nothing here imports mmengine or torch.

Examples:
    >>> from lr_curves.presets import mmengine
    >>> s = mmengine.from_config([
    ...     dict(type="LinearLR", start_factor=0.1, by_epoch=False, begin=0, end=5),
    ...     dict(type="CosineAnnealingLR", T_max=10, by_epoch=False, begin=5, end=15),
    ... ], base_lr=0.1)
    >>> " ".join(f"{s(k):.3f}" for k in (0, 2, 4, 5, 10, 14, 20))
    '0.010 0.055 0.100 0.100 0.050 0.002 0.002'
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from lr_curves import _checks as ck
from lr_curves._base import Schedule
from lr_curves._checks import Number
from lr_curves._combinators import concat, scale, shift, stretch
from lr_curves._primitives import constant, cosine, exponential, linear, multistep, polynomial
from lr_curves._reducer import Plateau, PlateauState, Reducer
from lr_curves._window import window
from lr_curves.presets._args import whole

__all__ = [
    "INF",
    "ConstantLR",
    "CosineAnnealingLR",
    "CosineRestartLR",
    "ExponentialLR",
    "LinearLR",
    "MultiStepLR",
    "OneCycleLR",
    "PolyLR",
    "ReduceOnPlateauLR",
    "ReduceOnPlateauLRState",
    "StepLR",
    "from_config",
]

#: mmengine's ``INF = int(1e9)``: the default ``end`` (a window that closes at step 10**9).
INF = 10**9

_COMMON = ("begin", "end", "by_epoch", "convert_to_iter_based")


# ---------------------------------------------------------------------------------------- one scheduler
@dataclasses.dataclass(frozen=True)
class _Spec:
    """One scheduler, validated, in its own time unit (after ``convert_to_iter_based``)."""

    api: str
    begin: int
    end: int
    by_epoch: bool
    #: ``factor()``: the cumulative multiplier of local time, or None when not multiplicative.
    factor: Callable[[], Schedule | None]
    #: ``value(v, base)``: the lr in local time, from ``v`` (the lr before its first step) and
    #: ``base`` (the group's ``initial_lr``).
    value: Callable[[float, float], Schedule]
    #: OneCycleLR: ``(eta_max, div_factor, final_div_factor)``, which it writes into the groups
    #: (``initial_lr``, ``max_lr``, ``min_lr``) when it is built, and the curve of such a triple.
    cycle: tuple[float, float, float] | None = None
    cycle_curve: Callable[[tuple[float, float, float]], Schedule] | None = None

    @property
    def last(self) -> int:
        """The last local step inside the window (mmengine's ``total_iters``)."""
        return self.end - self.begin - 1


@dataclasses.dataclass(frozen=True)
class _Window:
    """The common arguments, validated."""

    api: str
    begin: int
    end: int
    by_epoch: bool
    scale: int  # the factor applied to the scheduler's own durations (epoch_length or 1)


def _window_args(api: str, begin: Any, end: Any, by_epoch: Any, convert: Any, epoch_length: Any) -> _Window:
    by_epoch = ck.boolean(api, "by_epoch", by_epoch)
    convert = ck.boolean(api, "convert_to_iter_based", convert)
    if convert:
        if not by_epoch:
            ck.value_error(
                api,
                "by_epoch",
                "True with convert_to_iter_based=True",
                by_epoch,
                hint="mmengine converts only epoch-based schedulers.",
            )
        if epoch_length is None:
            raise ValueError(
                f"{api}(): convert_to_iter_based=True needs epoch_length (the iterations per "
                "epoch, mmengine's len(train_dataloader))."
            )
        L = whole(api, "epoch_length", epoch_length, 1)
        b = ck.non_negative(api, "begin", begin)
        e = ck.positive(api, "end", end)
        if e <= b:
            raise ValueError(f"{api}(): end must be greater than begin, got begin={b!r}, end={e!r}.")
        b2 = int(b * L)
        e2 = INF if e == INF else int(e * L)
        if e2 <= b2:
            raise ValueError(
                f"{api}(): end must be greater than begin after convert_to_iter_based, got "
                f"int(begin * epoch_length)={b2!r}, int(end * epoch_length)={e2!r}."
            )
        return _Window(api, b2, e2, False, L)
    b = whole(api, "begin", begin, 0)
    e = whole(api, "end", end, 1)
    if e <= b:
        raise ValueError(f"{api}(): end must be greater than begin, got begin={b!r}, end={e!r}.")
    return _Window(api, b, e, by_epoch, 1)


def _mul(w: _Window, f: Callable[[], Schedule]) -> _Spec:
    return _Spec(w.api, w.begin, w.end, w.by_epoch, f, lambda v, base: scale(f(), v))


def _factor_in(api: str, name: str, value: Any) -> float:
    x = ck.finite_float(api, name, value)
    if not 0.0 <= x <= 1.0:
        ck.value_error(api, name, "in [0, 1] (as mmengine)", value)
    return x


def _constant_lr(w: _Window, factor: Any) -> _Spec:
    f = _factor_in(w.api, "factor", factor)
    T = w.end - w.begin - 1
    if f == 0.0 and T > 0:
        ck.value_error(
            w.api,
            "factor",
            "in (0, 1] when the window is longer than one step",
            factor,
            hint="mmengine divides the lr by factor at step end - 1 (ZeroDivisionError).",
        )
    if T == 0 or f == 1.0:
        return _mul(w, lambda: constant(f))
    return _mul(w, lambda: concat(constant(f), constant(1.0), at=[T]))


def _linear_lr(w: _Window, start_factor: Any, end_factor: Any) -> _Spec:
    s = _factor_in(w.api, "start_factor", start_factor)
    e = _factor_in(w.api, "end_factor", end_factor)
    T = w.end - w.begin - 1
    if s == 0.0 and T > 0:
        ck.value_error(
            w.api,
            "start_factor",
            "in (0, 1] when the window is longer than one step",
            start_factor,
            hint="mmengine divides by total_iters * start_factor at the second step (ZeroDivisionError).",
        )
    if T == 0 or s == e:
        return _mul(w, lambda: constant(s))
    return _mul(w, lambda: linear(s, e, T))


def _gamma(api: str, gamma: Any) -> float:
    g = ck.finite_float(api, "gamma", gamma)
    if g < 0:
        ck.value_error(api, "gamma", "a non-negative number", gamma)
    return g


def _step_lr(w: _Window, step_size: Any, gamma: Any) -> _Spec:
    n = whole(w.api, "step_size", step_size, 1) * w.scale
    g = _gamma(w.api, gamma)
    if g == 0.0:
        return _mul(w, lambda: concat(constant(1.0), constant(0.0), at=[n]))
    return _mul(w, lambda: exponential(1.0, g, n, staircase=True))


def _multistep_lr(w: _Window, milestones: Any, gamma: Any) -> _Spec:
    api = w.api
    ms = sorted(whole(api, "milestones", m, 0) * w.scale for m in ck.sequence(api, "milestones", milestones))
    g = _gamma(api, gamma)
    zeros = sum(1 for m in ms if m == 0)
    rest = [m for m in ms if m > 0]

    def f() -> Schedule:
        start = g**zeros
        return multistep(start, g, list[Number](rest)) if rest else constant(start)

    return _mul(w, f)


def _exponential_lr(w: _Window, gamma: Any) -> _Spec:
    g = _gamma(w.api, gamma)
    if g == 0.0:
        return _mul(w, lambda: concat(constant(1.0), constant(0.0), at=[1]))
    return _mul(w, lambda: exponential(1.0, g))


def _poly_lr(w: _Window, eta_min: Any, power: Any) -> _Spec:
    eta = ck.finite_float(w.api, "eta_min", eta_min)
    p = ck.finite_float(w.api, "power", power)
    T = w.end - w.begin - 1
    if p < 0 and T > 0:
        ck.value_error(
            w.api, "power", "non-negative", power, hint="mmengine raises ZeroDivisionError at step end - 1."
        )

    def curve(v: float) -> Schedule:
        # power 0: every factor is 1 (even the last one: mmengine's 0.0 ** 0 == 1).
        return constant(v) if T == 0 or p == 0.0 else polynomial(v, eta, T, p)

    factor = (lambda: curve(1.0)) if eta == 0.0 else (lambda: None)
    return _Spec(w.api, w.begin, w.end, w.by_epoch, factor, lambda v, base: curve(v))


def _eta(api: str, eta_min: Any, eta_min_ratio: Any, default_zero: bool) -> tuple[float | None, float | None]:
    if eta_min is None and eta_min_ratio is None and default_zero:
        eta_min = 0.0
    if (eta_min is None) == (eta_min_ratio is None):
        raise ValueError(
            f"{api}(): give exactly one of eta_min and eta_min_ratio, got eta_min={eta_min!r}, "
            f"eta_min_ratio={eta_min_ratio!r}."
        )
    if eta_min is not None:
        return ck.finite_float(api, "eta_min", eta_min), None
    return None, ck.finite_float(api, "eta_min_ratio", eta_min_ratio)


def _cosine_lr(w: _Window, T_max: Any, eta_min: Any, eta_min_ratio: Any) -> _Spec:
    api = w.api
    if T_max is None or T_max == 0:  # mmengine: ``T_max or (end - begin)``
        T = w.end - w.begin
    else:
        T = whole(api, "T_max", T_max, 1) * w.scale
    eta, ratio = _eta(api, eta_min, eta_min_ratio, default_zero=True)
    last = w.end - w.begin - 1

    def value(v: float, base: float) -> Schedule:
        floor = eta if eta is not None else base * (ratio or 0.0)
        first = cosine(v, T, floor)
        if last <= T:
            return first
        # From the first minimum on, mmengine's special step adds (base - floor)(1 - cos(pi/T))/2:
        # the wave goes on with the base value's amplitude.
        wave = cosine(base, T, floor, periodic=True)
        return concat(first, shift(wave, -T), at=[T])

    def factor() -> Schedule | None:
        if eta == 0.0 or ratio == 0.0:
            return cosine(1.0, T) if last <= T else None
        return None

    return _Spec(api, w.begin, w.end, w.by_epoch, factor, value)


def _one_cycle_lr(
    w: _Window,
    eta_max: Any,
    total_steps: Any,
    pct_start: Any,
    anneal_strategy: Any,
    div_factor: Any,
    final_div_factor: Any,
    three_phase: Any,
) -> _Spec:
    from lr_curves.presets import torch as pt  # torch's OneCycleLR formula; imports no torch

    api = w.api
    peak = ck.finite_float(api, "eta_max", eta_max)
    if total_steps is None:
        T = w.end - w.begin
    else:
        T = whole(api, "total_steps", total_steps, 1) * w.scale
    if not isinstance(pct_start, float):
        ck.type_error(api, "pct_start", "a float between 0 and 1 (as mmengine)", pct_start)
    div = ck.positive_float(api, "div_factor", div_factor)
    final = ck.positive_float(api, "final_div_factor", final_div_factor)

    def curve(group: tuple[float, float, float]) -> Schedule:
        peak, div, final = group
        return pt.OneCycleLR(
            max_lr=peak,
            total_steps=T,
            pct_start=pct_start,
            anneal_strategy=anneal_strategy,
            div_factor=div,
            final_div_factor=final,
            three_phase=three_phase,
        )

    triple = (peak, div, final)
    curve(triple)  # validates the phases now, under this scheduler's name
    return _Spec(
        api,
        w.begin,
        w.end,
        w.by_epoch,
        lambda: None,
        lambda v, base: curve(triple),
        cycle=triple,
        cycle_curve=curve,
    )


def _cosine_restart_lr(
    w: _Window, periods: Any, restart_weights: Any, eta_min: Any, eta_min_ratio: Any
) -> _Spec:
    api = w.api
    ps = [whole(api, "periods", p, 1) * w.scale for p in ck.sequence(api, "periods", periods, 1)]
    ws = [
        ck.finite_float(api, "restart_weights", x)
        for x in ck.sequence(api, "restart_weights", restart_weights)
    ]
    if len(ps) != len(ws):
        raise ValueError(
            f"{api}(): periods and restart_weights must have the same length, got {len(ps)} and {len(ws)}."
        )
    eta, ratio = _eta(api, eta_min, eta_min_ratio, default_zero=False)

    def value(v: float, base: float) -> Schedule:
        floor = eta if eta is not None else base * (ratio or 0.0)
        waves = [cosine(base * x, p, floor) for p, x in zip(ps, ws, strict=True)]
        end_value = waves[-1](ps[-1] - 1)
        at: list[Number] = [sum(ps[: i + 1]) for i in range(len(ps))]
        return concat(*waves, constant(end_value), at=at)

    return _Spec(api, w.begin, w.end, w.by_epoch, lambda: None, value)


# ---------------------------------------------------------------------------------------- the runner
def _held(s: Schedule, last: int) -> Schedule:
    """``s`` on the local steps ``0..last``, then ``s(last)``."""
    return concat(s, constant(s(last)), at=[last + 1])


def _clock(s: Schedule, unit: int) -> Schedule:
    """A schedule of the scheduler's own steps as a schedule of iterations."""
    return s if unit == 1 else stretch(s, unit, staircase=True)


def _product(base: float, factors: Sequence[Schedule]) -> Schedule:
    if not factors:
        return constant(base)
    out = factors[0]
    for f in factors[1:]:
        out = out * f
    return out if base == 1.0 else scale(out, base)


def _run(api: str, specs: Sequence[_Spec], base_lr: float, epoch_length: int | None) -> Schedule:
    units = {s.by_epoch for s in specs}
    if epoch_length is None and len(units) > 1:
        raise ValueError(
            f"{api}(): the schedulers mix by_epoch=True and by_epoch=False, so epoch_length (the "
            "iterations per epoch) is needed to put them on one clock."
        )

    def unit(s: _Spec) -> int:
        return epoch_length if (s.by_epoch and epoch_length is not None) else 1

    # The group's ``initial_lr`` each scheduler reads when it is built (OneCycleLR overwrites it).
    # OneCycleLR keeps its values in the param groups, so the last one built sets them for all.
    bases: list[float] = []
    initial = base_lr
    group: tuple[float, float, float] | None = None
    for s in specs:
        if s.cycle is not None:
            group = s.cycle
            initial = s.cycle[0] / s.cycle[1]
        bases.append(initial)

    def value(s: _Spec, v: float, base: float) -> Schedule:
        if s.cycle_curve is None or s.cycle is None or group is None or group == s.cycle:
            return s.value(v, base)
        later = s.cycle_curve(group)
        if s.begin > 0:
            return later
        # Its first step happens when it is built, before the later ones overwrite its values.
        return concat(constant(s.cycle_curve(s.cycle)(0)), shift(later, -1), at=[1])

    # Acting ranges, in iterations: the first and the last step at which each scheduler acts.
    spans = [(s.begin * unit(s), (s.end - 1) * unit(s)) for s in specs]
    factors = [s.factor() for s in specs]
    windows = [
        None if f is None else _clock(window(f, s.begin, s.end), unit(s))
        for s, f in zip(specs, factors, strict=True)
    ]
    alone = [i for i, f in enumerate(factors) if f is None]
    for i in alone:
        for j in range(len(specs)):
            if j != i and spans[i][0] <= spans[j][1] and spans[j][0] <= spans[i][1]:
                a, b = sorted((i, j))
                lo, hi = max(spans[i][0], spans[j][0]), min(spans[i][1], spans[j][1])
                raise ValueError(
                    f"{api}(): {specs[i].api} (scheduler {i}) overlaps {specs[j].api} (scheduler {j}) "
                    f"on the steps {lo}..{hi}; mmengine then applies {specs[a].api} and "
                    f"{specs[b].api} one after the other at each step from the lr the other left, "
                    "which has no closed form. Hint: give them disjoint begin/end windows (or use "
                    "eta_min=0, which makes a cosine or poly decay multiplicative)."
                )
    alone.sort(key=lambda i: spans[i][0])

    pieces: list[Schedule] = [_product(base_lr, [w for w in windows if w is not None])]
    at: list[Number] = []
    offset = 0
    end_value = base_lr
    for i in alone:
        s, start = specs[i], spans[i][0]
        # The lr this scheduler finds: the value after the step before its first one.
        if start == 0:
            v = base_lr
        elif start == offset:  # right after the previous one: the lr it left
            v = end_value
        else:
            v = pieces[-1](start - 1 - offset)
        curve = _held(value(s, v, bases[i]), s.last)
        piece = _clock(curve, unit(s))
        if start == offset:  # it starts right where the previous piece starts: replace that
            pieces[-1] = piece
        else:
            pieces.append(piece)
            at.append(start)
        end_value = curve(s.last)
        offset = spans[i][1] + 1
        later = [shift(w, -offset) for j, w in enumerate(windows) if w is not None and spans[j][0] >= offset]
        pieces.append(_product(end_value, later))
        at.append(offset)
    return pieces[0] if len(pieces) == 1 else concat(*pieces, at=at)


def _base_arg(api: str, base_lr: Any) -> float:
    return ck.finite_float(api, "base_lr", base_lr)


def _epoch_length(api: str, epoch_length: Any) -> int | None:
    return None if epoch_length is None else whole(api, "epoch_length", epoch_length, 1)


def _single(spec: _Spec, base_lr: Any, epoch_length: Any) -> Schedule:
    return _run(spec.api, [spec], _base_arg(spec.api, base_lr), _epoch_length(spec.api, epoch_length))


# ---------------------------------------------------------------------------------------- presets
def ConstantLR(
    factor: float = 1.0 / 3,
    begin: int = 0,
    end: int = INF,
    *,
    by_epoch: bool = True,
    convert_to_iter_based: bool = False,
    base_lr: float = 1.0,
    epoch_length: int | None = None,
) -> Schedule:
    """mmengine's ``ConstantLR``: ``base_lr * factor`` on ``[begin, end - 1)``, then ``base_lr``.

    The lr is restored at local step ``end - begin - 1`` (the last step of the window), one step
    before torch's ``ConstantLR(total_iters=end - begin)`` would; with ``end = begin + 1`` it is
    never restored.

    Examples:
        >>> s = ConstantLR(factor=0.5, end=4, base_lr=0.1)
        >>> " ".join(f"{s(k):.2f}" for k in range(6))
        '0.05 0.05 0.05 0.10 0.10 0.10'
    """
    w = _window_args("ConstantLR", begin, end, by_epoch, convert_to_iter_based, epoch_length)
    return _single(_constant_lr(w, factor), base_lr, epoch_length)


def LinearLR(
    start_factor: float = 1.0 / 3,
    end_factor: float = 1.0,
    begin: int = 0,
    end: int = INF,
    *,
    by_epoch: bool = True,
    convert_to_iter_based: bool = False,
    base_lr: float = 1.0,
    epoch_length: int | None = None,
) -> Schedule:
    """mmengine's ``LinearLR``: the factor goes linearly from ``start_factor`` to ``end_factor``.

    It reaches ``end_factor`` at local step ``T = end - begin - 1`` (the last step of the
    window, not ``end``), then holds it: ``lr = base_lr * (s + (e - s) * min(l, T) / T)``.

    Examples:
        >>> s = LinearLR(start_factor=0.1, end=5, by_epoch=False, base_lr=1.0)
        >>> " ".join(f"{s(k):.3f}" for k in range(7))
        '0.100 0.325 0.550 0.775 1.000 1.000 1.000'
    """
    w = _window_args("LinearLR", begin, end, by_epoch, convert_to_iter_based, epoch_length)
    return _single(_linear_lr(w, start_factor, end_factor), base_lr, epoch_length)


def StepLR(
    step_size: int,
    gamma: float = 0.1,
    begin: int = 0,
    end: int = INF,
    *,
    by_epoch: bool = True,
    convert_to_iter_based: bool = False,
    base_lr: float = 1.0,
    epoch_length: int | None = None,
) -> Schedule:
    """mmengine's ``StepLR``: ``base_lr * gamma ** (l // step_size)`` at local step ``l``.

    Examples:
        >>> s = StepLR(step_size=2, gamma=0.5, begin=1, end=6)
        >>> " ".join(f"{s(k):.3f}" for k in range(8))
        '1.000 1.000 1.000 0.500 0.500 0.250 0.250 0.250'
    """
    w = _window_args("StepLR", begin, end, by_epoch, convert_to_iter_based, epoch_length)
    return _single(_step_lr(w, step_size, gamma), base_lr, epoch_length)


def MultiStepLR(
    milestones: Sequence[int],
    gamma: float = 0.1,
    *,
    begin: int = 0,
    end: int = INF,
    by_epoch: bool = True,
    convert_to_iter_based: bool = False,
    base_lr: float = 1.0,
    epoch_length: int | None = None,
) -> Schedule:
    """mmengine's ``MultiStepLR``: ``base_lr * gamma ** #{m in milestones: m <= l}``.

    Milestones count in local steps (from ``begin``); a repeated one decays twice; a milestone 0
    decays at the first step already (``StepLR`` never does).

    Examples:
        >>> s = MultiStepLR(milestones=[2, 4], gamma=0.1, base_lr=1.0)
        >>> " ".join(f"{s(k):.2f}" for k in range(6))
        '1.00 1.00 0.10 0.10 0.01 0.01'
    """
    w = _window_args("MultiStepLR", begin, end, by_epoch, convert_to_iter_based, epoch_length)
    return _single(_multistep_lr(w, milestones, gamma), base_lr, epoch_length)


def ExponentialLR(
    gamma: float,
    begin: int = 0,
    end: int = INF,
    *,
    by_epoch: bool = True,
    convert_to_iter_based: bool = False,
    base_lr: float = 1.0,
    epoch_length: int | None = None,
) -> Schedule:
    """mmengine's ``ExponentialLR``: ``base_lr * gamma ** l`` inside the window.

    Examples:
        >>> s = ExponentialLR(gamma=0.5, end=3)
        >>> " ".join(f"{s(k):.2f}" for k in range(5))
        '1.00 0.50 0.25 0.25 0.25'
    """
    w = _window_args("ExponentialLR", begin, end, by_epoch, convert_to_iter_based, epoch_length)
    return _single(_exponential_lr(w, gamma), base_lr, epoch_length)


def CosineAnnealingLR(
    T_max: int | None = None,
    eta_min: float | None = None,
    begin: int = 0,
    end: int = INF,
    *,
    by_epoch: bool = True,
    eta_min_ratio: float | None = None,
    convert_to_iter_based: bool = False,
    base_lr: float = 1.0,
    epoch_length: int | None = None,
) -> Schedule:
    """mmengine's ``CosineAnnealingLR``: ``eta_min + (v - eta_min) * (1 + cos(pi l / T_max)) / 2``.

    ``v`` is the lr at ``begin`` (``base_lr`` alone; the warmup's end in a list), ``T_max``
    defaults to ``end - begin`` (so the last step, ``l = T_max - 1``, stays above ``eta_min``), and
    ``eta_min_ratio`` gives ``eta_min = base_lr * eta_min_ratio``. With ``T_max < end - begin - 1``
    the cosine goes on as a wave, with the amplitude ``base_lr - eta_min`` from its first minimum.

    Examples:
        >>> s = CosineAnnealingLR(end=4, base_lr=1.0)
        >>> " ".join(f"{s(k):.3f}" for k in range(6))
        '1.000 0.854 0.500 0.146 0.146 0.146'
    """
    w = _window_args("CosineAnnealingLR", begin, end, by_epoch, convert_to_iter_based, epoch_length)
    return _single(_cosine_lr(w, T_max, eta_min, eta_min_ratio), base_lr, epoch_length)


def PolyLR(
    eta_min: float = 0.0,
    power: float = 1.0,
    begin: int = 0,
    end: int = INF,
    *,
    by_epoch: bool = True,
    convert_to_iter_based: bool = False,
    base_lr: float = 1.0,
    epoch_length: int | None = None,
) -> Schedule:
    """mmengine's ``PolyLR``: ``eta_min + (v - eta_min) * (1 - l / T) ** power``, ``T = end - begin - 1``.

    It reaches ``eta_min`` at the window's last step.

    Examples:
        >>> s = PolyLR(eta_min=0.1, power=2.0, end=5, base_lr=1.0)
        >>> " ".join(f"{s(k):.4f}" for k in range(6))
        '1.0000 0.6062 0.3250 0.1562 0.1000 0.1000'
    """
    w = _window_args("PolyLR", begin, end, by_epoch, convert_to_iter_based, epoch_length)
    return _single(_poly_lr(w, eta_min, power), base_lr, epoch_length)


def OneCycleLR(
    eta_max: float = 0.0,
    total_steps: int | None = None,
    pct_start: float = 0.3,
    anneal_strategy: str = "cos",
    div_factor: float = 25.0,
    final_div_factor: float = 1e4,
    three_phase: bool = False,
    begin: int = 0,
    end: int = INF,
    *,
    by_epoch: bool = True,
    convert_to_iter_based: bool = False,
    base_lr: float = 1.0,
    epoch_length: int | None = None,
) -> Schedule:
    """mmengine's ``OneCycleLR``: torch's one-cycle curve over ``total_steps`` (``end - begin``).

    From ``eta_max / div_factor`` up to ``eta_max`` and down to
    ``eta_max / div_factor / final_div_factor`` (see :func:`lr_curves.presets.torch.OneCycleLR`
    for the phases); the optimizer's lr is ignored inside the window. The default ``eta_max=0``
    gives an lr of 0 (as mmengine).

    Examples:
        >>> s = OneCycleLR(eta_max=1.0, total_steps=10, by_epoch=False)
        >>> " ".join(f"{s(k):.3f}" for k in (0, 2, 9))
        '0.040 1.000 0.000'
    """
    w = _window_args("OneCycleLR", begin, end, by_epoch, convert_to_iter_based, epoch_length)
    spec = _one_cycle_lr(
        w, eta_max, total_steps, pct_start, anneal_strategy, div_factor, final_div_factor, three_phase
    )
    return _single(spec, base_lr, epoch_length)


def CosineRestartLR(
    periods: Sequence[int],
    restart_weights: Sequence[float] = (1,),
    eta_min: float | None = None,
    eta_min_ratio: float | None = None,
    begin: int = 0,
    end: int = INF,
    *,
    by_epoch: bool = True,
    convert_to_iter_based: bool = False,
    base_lr: float = 1.0,
    epoch_length: int | None = None,
) -> Schedule:
    """mmengine's ``CosineRestartLR``: a cosine per period, restarting at ``base_lr * weight``.

    Period ``i`` runs ``eta_min + (base_lr * w_i - eta_min) * (1 + cos(pi j / p_i)) / 2`` for its
    local steps ``j = 0 .. p_i - 1``; after ``sum(periods)`` the last value holds (``eta_min`` is
    never reached). Exactly one of ``eta_min`` and ``eta_min_ratio`` must be given (as mmengine).

    Examples:
        >>> s = CosineRestartLR(periods=[4, 4], restart_weights=[1.0, 0.5], eta_min=0.0)
        >>> " ".join(f"{s(k):.3f}" for k in range(9))
        '1.000 0.854 0.500 0.146 0.500 0.427 0.250 0.073 0.073'
    """
    w = _window_args("CosineRestartLR", begin, end, by_epoch, convert_to_iter_based, epoch_length)
    spec = _cosine_restart_lr(w, periods, restart_weights, eta_min, eta_min_ratio)
    return _single(spec, base_lr, epoch_length)


# ---------------------------------------------------------------------------------------- from_config
_BUILDERS: dict[str, tuple[Callable[..., _Spec], dict[str, Any]]] = {
    "ConstantLR": (_constant_lr, {"factor": 1.0 / 3}),
    "LinearLR": (_linear_lr, {"start_factor": 1.0 / 3, "end_factor": 1.0}),
    "StepLR": (_step_lr, {"step_size": None, "gamma": 0.1}),
    "MultiStepLR": (_multistep_lr, {"milestones": None, "gamma": 0.1}),
    "ExponentialLR": (_exponential_lr, {"gamma": None}),
    "CosineAnnealingLR": (_cosine_lr, {"T_max": None, "eta_min": None, "eta_min_ratio": None}),
    "PolyLR": (_poly_lr, {"eta_min": 0.0, "power": 1.0}),
    "OneCycleLR": (
        _one_cycle_lr,
        {
            "eta_max": 0.0,
            "total_steps": None,
            "pct_start": 0.3,
            "anneal_strategy": "cos",
            "div_factor": 25.0,
            "final_div_factor": 1e4,
            "three_phase": False,
        },
    ),
    "CosineRestartLR": (
        _cosine_restart_lr,
        {"periods": None, "restart_weights": (1,), "eta_min": None, "eta_min_ratio": None},
    ),
}
#: Arguments with no default: a config must give them.
_REQUIRED = {"step_size", "milestones", "gamma", "periods"}
_IGNORED = ("verbose", "_scope_")


def _spec_from_dict(
    api: str, i: int, cfg: Any, epoch_length: int | None, ends: tuple[int | None, int | None]
) -> _Spec:
    where = f"param_scheduler[{i}]"
    if not isinstance(cfg, Mapping):
        ck.type_error(api, where, "a dict with a 'type' key", cfg)
    kind = cfg.get("type")
    if kind not in _BUILDERS:
        known = ", ".join(sorted(_BUILDERS))
        hint = (
            " ReduceOnPlateauLR depends on validation metrics, not on the step alone: build it as"
            " lr_curves.presets.mmengine.ReduceOnPlateauLR(...), a reducer (init / update / trace)."
            if kind == "ReduceOnPlateauLR"
            else ""
        )
        raise ValueError(f"{api}(): {where}['type'] must be one of {known}, got {kind!r}.{hint}")
    build, defaults = _BUILDERS[kind]
    allowed = {*defaults, *_COMMON, *_IGNORED, "type", "last_step"}
    unknown = sorted(str(k) for k in cfg if k not in allowed)
    if unknown:
        raise ValueError(
            f"{api}(): {where} ({kind}) has no argument {unknown[0]!r}; {kind} takes "
            + ", ".join(sorted({*defaults, *_COMMON}))
            + "."
        )
    if cfg.get("last_step", -1) != -1:
        ck.value_error(
            kind,
            "last_step",
            "-1 (a fresh scheduler)",
            cfg["last_step"],
            hint="a schedule has no state to resume.",
        )
    args = {k: cfg.get(k, v) for k, v in defaults.items()}
    missing = [k for k in defaults if k in _REQUIRED and args[k] is None]
    if missing:
        raise ValueError(f"{api}(): {where} ({kind}) needs {missing[0]!r}.")
    by_epoch = cfg.get("by_epoch", True)
    default_end = ends[0] if by_epoch else ends[1]  # the runner's max_epochs / max_iters
    w = _window_args(
        kind,
        cfg.get("begin", 0),
        cfg.get("end", INF if default_end is None else default_end),
        by_epoch,
        cfg.get("convert_to_iter_based", False),
        epoch_length,
    )
    return build(w, **args)


def from_config(
    param_scheduler: Mapping[str, Any] | Sequence[Mapping[str, Any]],
    base_lr: float = 1.0,
    epoch_length: int | None = None,
    *,
    max_epochs: int | None = None,
    max_iters: int | None = None,
) -> Schedule:
    """An mmengine ``param_scheduler`` config as one schedule, applied as mmengine's runner does.

    The schedulers are built in list order (each steps once when built), then stepped together:
    the iteration-based ones after every iteration, the epoch-based ones after every epoch
    (``epoch_length`` iterations). Windows, ``by_epoch``, ``convert_to_iter_based`` and the
    composition rules are those of the module docstring.

    Args:
        param_scheduler: One dict or a list of dicts, each with a ``"type"`` (``"LinearLR"``,
            ``"CosineAnnealingLR"``, ...) and that scheduler's arguments.
        base_lr: The optimizer's lr (``optim_wrapper.optimizer.lr``).
        epoch_length: Iterations per epoch (``len(train_dataloader)``); then ``s(k)`` counts
            iterations. Without it, every scheduler must count the same unit and ``s(k)`` counts
            that unit.
        max_epochs: The ``train_cfg``'s ``max_epochs``: the ``end`` of an epoch-based scheduler
            that gives none (the runner's default). Without it such an ``end`` is ``INF``.
        max_iters: The same for the iteration-based schedulers (``train_cfg``'s ``max_iters``;
            for an epoch-based loop, ``max_epochs * epoch_length``).

    Raises:
        ValueError: an unknown ``type`` (the message lists the known ones) or argument, bad
            values, a mix of units without ``epoch_length``, or an overlap with no closed form.

    Examples:
        >>> s = from_config([
        ...     dict(type="LinearLR", start_factor=0.001, by_epoch=False, begin=0, end=500),
        ...     dict(type="MultiStepLR", milestones=[8, 11], by_epoch=True, begin=0, end=12),
        ... ], base_lr=0.02, epoch_length=1000)
        >>> " ".join(f"{s(k):.5f}" for k in (0, 250, 499, 7999, 8000, 11000))
        '0.00002 0.01003 0.02000 0.02000 0.00200 0.00020'
    """
    api = "from_config"
    base = _base_arg(api, base_lr)
    L = _epoch_length(api, epoch_length)
    items = (
        [param_scheduler]
        if isinstance(param_scheduler, Mapping)
        else ck.sequence(api, "param_scheduler", param_scheduler, 1)
    )
    ends = (
        None if max_epochs is None else whole(api, "max_epochs", max_epochs, 1),
        None if max_iters is None else whole(api, "max_iters", max_iters, 1),
    )
    specs = [_spec_from_dict(api, i, cfg, L, ends) for i, cfg in enumerate(items)]
    return _run(api, specs, base, L)


# ---------------------------------------------------------------------------------------- ReduceOnPlateauLR
@dataclasses.dataclass(frozen=True)
class ReduceOnPlateauLRState:
    """The state of :class:`ReduceOnPlateauLR` after some epochs (immutable).

    Attributes:
        lr: The current learning rate.
        best: The best metric so far (``INF = 1e9`` for ``rule="less"``, ``-1e9`` for
            ``"greater"`` before the first improvement: mmengine's starting value).
        num_bad_epochs: Consecutive metrics without improvement.
        cooldown_counter: Metrics left in the cooldown after the last reduction.
        global_step: Training epochs seen (``step()`` calls without metrics), which the
            ``begin``/``end`` window is compared with.
    """

    lr: float
    best: float
    num_bad_epochs: int = 0
    cooldown_counter: int = 0
    global_step: int = 0


@dataclasses.dataclass(frozen=True)
class ReduceOnPlateauLR(Reducer[ReduceOnPlateauLRState]):
    """mmengine's ``ReduceOnPlateauLR`` as a pure reducer: ``state = r.update(state, metric)``.

    mmengine's arguments in its order (``rule`` is torch's ``mode``, ``threshold_rule`` its
    ``threshold_mode``, ``min_value`` its ``min_lr``), plus ``base_lr`` (the optimizer's lr) by
    keyword. The plateau rules are torch's, from the shared :class:`lr_curves.Plateau`: a
    metric improves when ``a < best * (1 - threshold)`` (less, rel), ``a < best - threshold``
    (less, abs), ``a > best * (1 + threshold)`` (greater, rel) or ``a > best + threshold``
    (greater, abs), NaN never; the lr becomes ``max(lr * factor, min_value)`` after
    ``patience + 1`` metrics without improvement, if that lowers it by more than ``eps``, then
    ``cooldown`` metrics are not counted.

    mmengine's loop, reproduced: ``ParamSchedulerHook`` calls ``step()`` after every training
    epoch (it only counts the epoch) and ``step(metrics)`` after every validation; a metric is
    used only when ``begin <= epochs so far < end`` (outside the window it is not even counted
    as a bad epoch). :meth:`update` is one epoch *and* its validation (``metric=None``: an
    epoch without validation, as with ``val_interval > 1``); :meth:`step` is one call of
    mmengine's ``step`` (``metrics`` a dict holding ``monitor``, or None). A warmup before it is
    :func:`lr_curves.then`; its epochs (and so ``begin``/``end``) then count from the handover.

    Quirks reproduced: ``best`` starts at mmengine's ``INF = 1e9`` (``-1e9`` for
    ``"greater"``), not at infinity, so a first metric at or above ``1e9 * (1 - threshold)``
    (less) is not an improvement; the first reduction comes after ``patience + 1`` bad
    metrics. Refused (mmengine accepts them): a negative ``factor`` (negative lrs), a negative
    ``patience`` or ``cooldown``, a list ``min_value`` (one value per param group: build one
    reducer per group).

    Raises:
        ValueError: ``factor >= 1``, ``threshold < 0``, an unknown ``rule``/``threshold_rule``,
            ``end <= begin``, ``by_epoch=False`` (all as mmengine).

    Examples:
        >>> r = ReduceOnPlateauLR(patience=1, base_lr=0.1)
        >>> [f"{lr:.3f}" for lr in r.trace([3.0, 3.0, 3.0, 2.0, 2.0, 2.0])]
        ['0.100', '0.100', '0.010', '0.010', '0.010', '0.001']
        >>> r = ReduceOnPlateauLR(patience=0, begin=2, base_lr=0.1)  # the metric after epoch 1 unseen
        >>> [f"{lr:.3f}" for lr in r.trace([3.0, 3.0, 3.0, 3.0])]
        ['0.100', '0.100', '0.010', '0.001']
    """

    api = "ReduceOnPlateauLR"

    monitor: str = "loss"
    rule: str = "less"
    factor: float = 0.1
    patience: int = 10
    threshold: float = 1e-4
    threshold_rule: str = "rel"
    cooldown: int = 0
    min_value: float = 0.0
    eps: float = 1e-8
    begin: int = 0
    end: int = INF
    by_epoch: bool = dataclasses.field(default=True, kw_only=True)
    base_lr: float = dataclasses.field(default=1.0, kw_only=True)

    def __post_init__(self) -> None:
        api, set_ = self.api, object.__setattr__
        if not isinstance(self.monitor, str):
            ck.type_error(api, "monitor", "a str (the metric's key in the validation results)", self.monitor)
        rule = ck.choice(api, "rule", self.rule, ("less", "greater"))
        factor = ck.finite_float(api, "factor", self.factor)
        if factor >= 1.0:
            ck.value_error(api, "factor", "< 1.0 (as mmengine)", self.factor)
        if factor < 0.0:
            ck.value_error(
                api,
                "factor",
                "a non-negative number",
                self.factor,
                hint="mmengine would make the lr negative.",
            )
        threshold = ck.finite_float(api, "threshold", self.threshold)
        if threshold < 0:
            ck.value_error(api, "threshold", ">= 0 (as mmengine)", self.threshold)
        threshold_rule = ck.choice(api, "threshold_rule", self.threshold_rule, ("rel", "abs"))
        given: Any = self.min_value
        if isinstance(given, (list, tuple)):
            ck.type_error(
                api,
                "min_value",
                "a number",
                given,
                hint="a list holds one value per param group: build one reducer per group.",
            )
        min_value = ck.finite_float(api, "min_value", self.min_value)
        begin = whole(api, "begin", self.begin, 0)
        end = whole(api, "end", self.end, 0)
        if end <= begin:
            raise ValueError(
                f"{api}(): end must be larger than begin (as mmengine), got begin={begin}, end={end}."
            )
        if not ck.boolean(api, "by_epoch", self.by_epoch):
            ck.value_error(api, "by_epoch", "True (mmengine only supports by_epoch=True)", self.by_epoch)
        for name, value in (("factor", factor), ("threshold", threshold), ("min_value", min_value)):
            set_(self, name, value)
        set_(self, "rule", rule)
        set_(self, "threshold_rule", threshold_rule)
        set_(self, "begin", begin)
        set_(self, "end", end)
        set_(self, "base_lr", ck.finite_float(api, "base_lr", self.base_lr))
        rules = Plateau(
            mode="min" if rule == "less" else "max",
            factor=factor,
            patience=whole(api, "patience", self.patience, 0),
            threshold=threshold,
            threshold_mode=threshold_rule,
            cooldown=whole(api, "cooldown", self.cooldown, 0),
            min_lr=min_value,
            eps=ck.finite_float(api, "eps", self.eps),
            base_lr=self.base_lr,
        )
        set_(self, "patience", rules.patience)
        set_(self, "cooldown", rules.cooldown)
        set_(self, "eps", rules.eps)
        set_(self, "_rules", rules)

    def init(self) -> ReduceOnPlateauLRState:
        """The state right after construction: ``lr = base_lr``, ``best = ±INF``, no epoch yet."""
        return self.init_from(self.base_lr)

    def init_from(self, lr: float) -> ReduceOnPlateauLRState:
        return ReduceOnPlateauLRState(lr=lr, best=float(INF if self.rule == "less" else -INF))

    def step(
        self, state: ReduceOnPlateauLRState, metrics: Mapping[str, Any] | None = None
    ) -> ReduceOnPlateauLRState:
        """One call of mmengine's ``scheduler.step(metrics)``: ``None`` counts a training epoch;
        a dict of validation results uses ``metrics[monitor]`` inside the window."""
        if metrics is None:
            return dataclasses.replace(state, global_step=state.global_step + 1)
        if not isinstance(metrics, Mapping):
            raise TypeError(
                f"{self.api}.step(): metrics must be a dict of validation results or None, got "
                f"{ck.describe(metrics)} ({type(metrics).__name__})."
            )
        if self.monitor not in metrics:
            raise ValueError(
                f"{self.api}.step(): metrics must hold the monitored key {self.monitor!r}, got keys "
                f"{sorted(map(str, metrics))}."
            )
        metric = self._metric(metrics[self.monitor])
        if not self.begin <= state.global_step < self.end:
            return state
        rules: Plateau = self.__dict__["_rules"]
        inner = PlateauState(state.lr, state.best, state.num_bad_epochs, state.cooldown_counter)
        out = rules.update(inner, metric)
        assert out.best is not None
        return ReduceOnPlateauLRState(
            out.lr, out.best, out.num_bad_epochs, out.cooldown_counter, state.global_step
        )

    def update(self, state: ReduceOnPlateauLRState, metric: float | None) -> ReduceOnPlateauLRState:
        """One epoch as mmengine's runner runs it: ``step()`` after training, then
        ``step({monitor: metric})`` after validation (``metric=None``: no validation)."""
        state = self.step(state)
        return state if metric is None else self.step(state, {self.monitor: metric})
