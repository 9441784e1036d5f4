"""timm's schedulers (``timm.scheduler``, timm 1.0.31) rebuilt from the lr_curves algebra.

Contract: ``s(t)`` equals the lr that ``scheduler.step(t)`` (or ``step_update(t)``) sets, for every
``t >= 0``. The keyword arguments are timm's own, with the same defaults, minus the optimizer;
``base_lr=`` (default 1.0) stands for the optimizer's lr (timm's ``base_values``).

- ``t_in_epochs`` only chooses which of ``step(epoch)`` / ``step_update(num_updates)`` acts in
  timm (the other is a no-op); the value for a given ``t`` is the same, so here it is accepted
  and has no effect: ``t`` is whatever you pass to the method that acts.
- ``initialize`` (how timm fills ``initial_lr`` in the optimizer's param groups) has no effect.
- Noise (``noise_range_t`` and friends) is refused with a ``ValueError`` unless it is disabled
  (``noise_range_t=None``, an empty range, or ``noise_std=0``): timm draws it from torch's random
  generator, and a schedule is a deterministic function of the step.
- ``cycle_mul != 1``: timm finds the cycle with the floating-point formula
  ``floor(log(1 - t/t_initial*(1 - cycle_mul), cycle_mul))``, which puts some restarts one cycle
  late exactly at their boundary (``t_initial=1, cycle_mul=3``: at ``t=121`` timm gives the end of
  cycle 4, ``lr_min``, instead of the start of cycle 5). The presets reproduce it with
  ``restart(..., index="log")``; the core's default (``index="exact"``) is exact.

Warmup (every scheduler): for ``t < warmup_t`` the lr is
``warmup_lr_init + t * (base_lr - warmup_lr_init) / warmup_t``. With ``warmup_prefix=True`` the
main curve starts after the warmup (``t' = t - warmup_t``); with ``warmup_prefix=False`` it keeps
the absolute time ``t`` and the warmup replaces its first ``warmup_t`` steps (for the cosine and
poly curves the ramp still aims at ``base_lr``, so the lr jumps at ``warmup_t``; Tanh aims at its
own value at ``warmup_t``).

Examples:
    >>> from lr_curves.presets import timm
    >>> s = timm.CosineLRScheduler(base_lr=0.1, t_initial=100, lr_min=1e-3, warmup_t=5,
    ...                            warmup_lr_init=1e-4, warmup_prefix=True)
    >>> f"{s(0):.4f} {s(5):.4f} {s(55):.4f} {s(105):.4f}"
    '0.0001 0.1000 0.0505 0.0010'
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from typing import Any

from lr_curves import _checks as ck
from lr_curves._base import Schedule
from lr_curves._checks import Number
from lr_curves._combinators import add, clip, concat, restart, scale, shift, stretch
from lr_curves._notes import annotate
from lr_curves._primitives import (
    constant,
    cooldown,
    cosine,
    exponential,
    inverse_time,
    linear,
    multistep,
    piecewise_constant,
    polynomial,
    tanh,
)
from lr_curves._reducer import Plateau, Reducer, Then, ThenState, then
from lr_curves.presets import _args

__all__ = [
    "CosineLRScheduler",
    "MultiStepLRScheduler",
    "PlateauLRScheduler",
    "PolyLRScheduler",
    "StepLRScheduler",
    "TanhLRScheduler",
    "WSDLRScheduler",
]

Curve = Callable[[float, float], Schedule]


# ---------------------------------------------------------------------------------------- shared checks
def _check_noise(
    api: str,
    noise_range_t: Any,
    noise_pct: Any,
    noise_std: Any,
    noise_type: str = "normal",
) -> None:
    """Refuse noise unless it is disabled: a schedule is a deterministic function of the step."""
    if noise_range_t is None:
        return
    if isinstance(noise_range_t, (list, tuple)):
        if len(noise_range_t) != 2:
            ck.value_error(api, "noise_range_t", "None, a number or a (start, end) pair", noise_range_t)
        lo = ck.real(api, "noise_range_t", noise_range_t[0])
        hi = ck.real(api, "noise_range_t", noise_range_t[1])
        if lo >= hi:  # empty range: timm never applies noise
            return
    else:
        ck.real(api, "noise_range_t", noise_range_t)
    pct = ck.real(api, "noise_pct", noise_pct)
    std = ck.real(api, "noise_std", noise_std)
    if noise_type == "normal" and std == 0 and pct > 0:
        return
    if noise_type != "normal" and pct == 0:
        return
    raise ValueError(
        f"{api}(): noise is not supported, got noise_range_t={noise_range_t!r}: timm draws the "
        "noise from torch's random generator, and a schedule is a deterministic function of the "
        "step. Hint: leave noise_range_t=None (the default), or perturb the values in your "
        "training loop."
    )


def _common(
    api: str,
    base_lr: Any,
    warmup_t: Any,
    warmup_lr_init: Any,
    warmup_prefix: Any,
    t_in_epochs: Any,
    initialize: Any,
) -> tuple[float, Number, float, bool]:
    base = ck.finite_float(api, "base_lr", base_lr)
    W = ck.non_negative(api, "warmup_t", warmup_t)
    init = ck.finite_float(api, "warmup_lr_init", warmup_lr_init)
    prefix = ck.boolean(api, "warmup_prefix", warmup_prefix)
    ck.boolean(api, "t_in_epochs", t_in_epochs)
    ck.boolean(api, "initialize", initialize)
    return base, W, init, prefix


def _in_epochs(s: Schedule, t_in_epochs: bool) -> Schedule:
    """With ``t_in_epochs=True`` timm steps the schedule once per epoch: the faces say so."""
    return annotate(s, unit="epoch") if t_in_epochs else s


def _with_warmup(main: Schedule, W: Number, init: float, target: float, prefix: bool) -> Schedule:
    """timm's shared warmup: ``init + t * (target - init) / W`` for ``t < W``, then the main curve."""
    if not W:
        return main
    ramp = linear(init, target, W)
    return concat(ramp, main if prefix else shift(main, -W), at=(W,))


def _cycles(
    api: str,
    curve: Curve,
    base: float,
    t_initial: Any,
    lr_min: Any,
    cycle_mul: Any,
    cycle_decay: Any,
    cycle_limit: Any,
) -> Schedule:
    """timm's cycles: ``lr_min + (base * cycle_decay**i - lr_min) * f(t_cur / t_i)`` for ``i < cycle_limit``.

    ``curve(peak, floor)`` is one cycle over ``t_initial`` steps. The decay scales only the part
    above ``lr_min``, so with both ``lr_min`` and ``cycle_decay != 1`` the preset is the sum
    ``lr_min + restart(curve(base, 0), decay) - restart(curve(lr_min, 0))``.
    """
    T = ck.positive(api, "t_initial", t_initial)
    floor = ck.finite_float(api, "lr_min", lr_min)
    if floor < 0:
        ck.value_error(api, "lr_min", "a non-negative number", lr_min)
    mul = ck.finite_float(api, "cycle_mul", cycle_mul)
    if mul < 1.0:
        ck.value_error(
            api,
            "cycle_mul",
            ">= 1.0",
            cycle_mul,
            hint="timm's cycle formula takes the log of a number that turns negative for cycle_mul < 1.",
        )
    decay = ck.positive_float(api, "cycle_decay", cycle_decay)
    limit = _args.whole(api, "cycle_limit", cycle_limit, minimum=0)
    if limit == 0:  # timm: `i < cycle_limit` never holds
        return constant(floor)
    if not _args.power_fits(base, decay, limit - 1):
        ck.value_error(
            api,
            "cycle_decay",
            f"such that base_lr * cycle_decay ** (cycle_limit - 1) fits a float64 (cycle_limit={limit})",
            cycle_decay,
        )
    index = "log" if mul != 1.0 else "exact"

    def cycles(peak: float, low: float, k: float, end: float) -> Schedule:
        return restart(curve(peak, low), every=T, growth=mul, decay=k, limit=limit, end=end, index=index)

    if floor == 0.0 or decay == 1.0:
        return cycles(base, floor, decay, floor)
    return add(constant(floor), cycles(base, 0.0, decay, 0.0), scale(cycles(floor, 0.0, 1.0, 0.0), -1.0))


# ---------------------------------------------------------------------------------------- cosine
def CosineLRScheduler(
    t_initial: Number,
    lr_min: float = 0.0,
    cycle_mul: float = 1.0,
    cycle_decay: float = 1.0,
    cycle_limit: int = 1,
    warmup_t: Number = 0,
    warmup_lr_init: float = 0.0,
    warmup_prefix: bool = False,
    t_in_epochs: bool = True,
    noise_range_t: Any = None,
    noise_pct: float = 0.67,
    noise_std: float = 1.0,
    noise_seed: int = 42,
    k_decay: float = 1.0,
    initialize: bool = True,
    *,
    base_lr: float = 1.0,
) -> Schedule:
    """timm's ``CosineLRScheduler``: cosine annealing with warmup, restarts and k-decay.

    In cycle ``i`` (length ``t_i = t_initial * cycle_mul**i``, local time ``t_cur``), while
    ``i < cycle_limit``: ``lr_min + (base_lr * cycle_decay**i - lr_min) * (1 + cos(pi *
    t_cur**k / t_i**k)) / 2`` with ``k = k_decay``; after ``cycle_limit`` cycles ``lr_min``
    (default ``cycle_limit=1``: ``lr_min`` from ``t_initial`` on). Warmup and the float-log cycle
    index: see the module docstring (``warmup_prefix=False`` makes the lr jump at ``warmup_t``).

    Examples:
        >>> s = CosineLRScheduler(t_initial=10, cycle_limit=2, cycle_decay=0.5)
        >>> f"{s(0):.2f} {s(5):.2f} {s(10):.2f} {s(15):.2f} {s(20):.2f}"
        '1.00 0.50 0.50 0.25 0.00'
    """
    api = "CosineLRScheduler"
    _check_noise(api, noise_range_t, noise_pct, noise_std)
    base, W, init, prefix = _common(
        api, base_lr, warmup_t, warmup_lr_init, warmup_prefix, t_in_epochs, initialize
    )
    k = ck.positive_float(api, "k_decay", k_decay)
    T = ck.positive(api, "t_initial", t_initial)

    def curve(peak: float, low: float) -> Schedule:
        return cosine(peak, T, low, k_decay=k)

    main = _cycles(api, curve, base, t_initial, lr_min, cycle_mul, cycle_decay, cycle_limit)
    return _in_epochs(_with_warmup(main, W, init, base, prefix), t_in_epochs)


# ---------------------------------------------------------------------------------------- tanh
def TanhLRScheduler(
    t_initial: Number,
    lb: float = -7.0,
    ub: float = 3.0,
    lr_min: float = 0.0,
    cycle_mul: float = 1.0,
    cycle_decay: float = 1.0,
    cycle_limit: int = 1,
    warmup_t: Number = 0,
    warmup_lr_init: float = 0.0,
    warmup_prefix: bool = False,
    t_in_epochs: bool = True,
    noise_range_t: Any = None,
    noise_pct: float = 0.67,
    noise_std: float = 1.0,
    noise_seed: int = 42,
    initialize: bool = True,
    *,
    base_lr: float = 1.0,
) -> Schedule:
    """timm's ``TanhLRScheduler``: hyperbolic-tangent decay with warmup and restarts.

    In cycle ``i`` while ``i < cycle_limit``, with ``r = t_cur / t_i``:
    ``lr_min + (base_lr * cycle_decay**i - lr_min) * (1 - tanh(lb * (1 - r) + ub * r)) / 2``; then
    ``lr_min``. The curve ends 0.25% above ``lr_min`` (defaults) and steps down to it after the
    last cycle. Without ``warmup_prefix`` the warmup ramps to the curve's own value at
    ``warmup_t`` (continuous, unlike the cosine). Where timm's float-log index (``cycle_mul !=
    1``) puts a restart one cycle late, timm evaluates the previous cycle at ``r = 1``; the preset
    does the same (each cycle's curve holds its ``r = 1`` value there).

    Examples:
        >>> s = TanhLRScheduler(t_initial=100)
        >>> f"{s(0):.4f} {s(70):.4f} {s(99):.4f} {s(100):.4f}"
        '1.0000 0.5000 0.0030 0.0000'
    """
    api = "TanhLRScheduler"
    _check_noise(api, noise_range_t, noise_pct, noise_std)
    base, W, init, prefix = _common(
        api, base_lr, warmup_t, warmup_lr_init, warmup_prefix, t_in_epochs, initialize
    )
    lower = ck.finite_float(api, "lb", lb)
    upper = ck.finite_float(api, "ub", ub)
    if not lower < upper:
        raise ValueError(f"{api}(): lb must be less than ub, got lb={lb!r}, ub={ub!r}.")
    if init < 0:
        ck.value_error(api, "warmup_lr_init", "a non-negative number", warmup_lr_init)
    T = ck.positive(api, "t_initial", t_initial)
    at_end = 0.5 * (1.0 - math.tanh(upper))  # the cycle's factor at r = 1

    def curve(peak: float, low: float) -> Schedule:
        body = tanh(peak, T, low, lower=lower, upper=upper)
        if cycle_mul == 1:
            return body
        return concat(body, constant(low + (peak - low) * at_end), at=(T,))

    main = _cycles(api, curve, base, t_initial, lr_min, cycle_mul, cycle_decay, cycle_limit)
    target = base if prefix else main(W)
    return _in_epochs(_with_warmup(main, W, init, target, prefix), t_in_epochs)


# ---------------------------------------------------------------------------------------- poly
def PolyLRScheduler(
    t_initial: Number,
    power: float = 0.5,
    lr_min: float = 0.0,
    cycle_mul: float = 1.0,
    cycle_decay: float = 1.0,
    cycle_limit: int = 1,
    warmup_t: Number = 0,
    warmup_lr_init: float = 0.0,
    warmup_prefix: bool = False,
    t_in_epochs: bool = True,
    noise_range_t: Any = None,
    noise_pct: float = 0.67,
    noise_std: float = 1.0,
    noise_seed: int = 42,
    k_decay: float = 1.0,
    initialize: bool = True,
    *,
    base_lr: float = 1.0,
) -> Schedule:
    """timm's ``PolyLRScheduler``: polynomial decay with warmup, restarts and k-decay.

    In cycle ``i`` while ``i < cycle_limit``: ``lr_min + (base_lr * cycle_decay**i - lr_min) *
    (1 - t_cur**k / t_i**k) ** power`` (default ``power=0.5``); then ``lr_min``. ``power`` must
    be positive here (timm accepts any number).

    Examples:
        >>> s = PolyLRScheduler(t_initial=100, power=1.0)
        >>> f"{s(0):.2f} {s(25):.2f} {s(100):.2f}"
        '1.00 0.75 0.00'
    """
    api = "PolyLRScheduler"
    _check_noise(api, noise_range_t, noise_pct, noise_std)
    base, W, init, prefix = _common(
        api, base_lr, warmup_t, warmup_lr_init, warmup_prefix, t_in_epochs, initialize
    )
    k = ck.positive_float(api, "k_decay", k_decay)
    p = ck.positive_float(api, "power", power)
    T = ck.positive(api, "t_initial", t_initial)

    def curve(peak: float, low: float) -> Schedule:
        return polynomial(peak, low, T, p, k_decay=k)

    main = _cycles(api, curve, base, t_initial, lr_min, cycle_mul, cycle_decay, cycle_limit)
    return _in_epochs(_with_warmup(main, W, init, base, prefix), t_in_epochs)


# ---------------------------------------------------------------------------------------- step / multistep
def _decay_rate(api: str, decay_rate: Any) -> float:
    rate = ck.finite_float(api, "decay_rate", decay_rate)
    if rate < 0:
        ck.value_error(api, "decay_rate", "a non-negative number", decay_rate)
    return rate


def StepLRScheduler(
    decay_t: Number,
    decay_rate: float = 1.0,
    warmup_t: Number = 0,
    warmup_lr_init: float = 0.0,
    warmup_prefix: bool = True,
    t_in_epochs: bool = True,
    noise_range_t: Any = None,
    noise_pct: float = 0.67,
    noise_std: float = 1.0,
    noise_seed: int = 42,
    initialize: bool = True,
    *,
    base_lr: float = 1.0,
) -> Schedule:
    """timm's ``StepLRScheduler``: ``base_lr * decay_rate ** (t' // decay_t)``.

    Note timm's defaults: ``decay_rate=1`` (no decay at all) and ``warmup_prefix=True`` (unlike
    the cosine). No end: the decay goes on forever.

    Examples:
        >>> s = StepLRScheduler(decay_t=30, decay_rate=0.1)
        >>> f"{s(29):.3f} {s(30):.3f} {s(60):.3f}"
        '1.000 0.100 0.010'
    """
    api = "StepLRScheduler"
    _check_noise(api, noise_range_t, noise_pct, noise_std)
    base, W, init, prefix = _common(
        api, base_lr, warmup_t, warmup_lr_init, warmup_prefix, t_in_epochs, initialize
    )
    every = ck.positive(api, "decay_t", decay_t)
    rate = _decay_rate(api, decay_rate)
    main = (
        piecewise_constant([base, 0.0], [every])
        if rate == 0.0
        else exponential(base, rate, every, staircase=True)
    )
    return _in_epochs(_with_warmup(main, W, init, base, prefix), t_in_epochs)


def MultiStepLRScheduler(
    decay_t: list[Number] | tuple[Number, ...],
    decay_rate: float = 1.0,
    warmup_t: Number = 0,
    warmup_lr_init: float = 0.0,
    warmup_prefix: bool = True,
    t_in_epochs: bool = True,
    noise_range_t: Any = None,
    noise_pct: float = 0.67,
    noise_std: float = 1.0,
    noise_seed: int = 42,
    initialize: bool = True,
    *,
    base_lr: float = 1.0,
) -> Schedule:
    """timm's ``MultiStepLRScheduler``: ``base_lr * decay_rate ** bisect_right(decay_t, t' + 1)``.

    timm's convention, kept on purpose there: milestone ``m`` applies from ``t' = m - 1``, one
    step earlier than torch's ``MultiStepLR`` (a milestone ``<= 1`` applies from the start). A
    repeated milestone counts twice. ``decay_t`` must be sorted (timm assumes it). Defaults
    ``decay_rate=1`` and ``warmup_prefix=True`` as in timm.

    Examples:
        >>> s = MultiStepLRScheduler(decay_t=[10, 20], decay_rate=0.1)
        >>> f"{s(8):.3f} {s(9):.3f} {s(19):.3f}"
        '1.000 0.100 0.010'
    """
    api = "MultiStepLRScheduler"
    _check_noise(api, noise_range_t, noise_pct, noise_std)
    base, W, init, prefix = _common(
        api, base_lr, warmup_t, warmup_lr_init, warmup_prefix, t_in_epochs, initialize
    )
    milestones = tuple(ck.real(api, "decay_t", m) for m in ck.sequence(api, "decay_t", decay_t))
    ck.increasing(api, "decay_t", milestones, strict=False)
    rate = _decay_rate(api, decay_rate)
    at = [max(m - 1, 0) for m in milestones]
    if rate == 0.0:
        main = piecewise_constant([base, 0.0], at[:1]) if at else constant(base)
    else:
        if not _args.power_fits(base, rate, len(at)):
            rule = "such that base_lr * decay_rate ** len(decay_t) fits a float64"
            ck.value_error(api, "decay_rate", rule, decay_rate)
        main = multistep(base, rate, at)
    return _in_epochs(_with_warmup(main, W, init, base, prefix), t_in_epochs)


# ---------------------------------------------------------------------------------------- WSD
_STABLE_FNS = ("constant", "rsqrt", "power")
_DECAY_FNS = ("linear", "1-sqrt", "cosine", "power", "exp")


def _decay_factor(api: str, decay_fn: Any, D: Number, decay_power: float, decay_ratio: float) -> Schedule:
    """The decay factor ``decay(min(t_d / D, 1))`` over local time ``t_d``: 1 -> 0 in ``D`` steps."""
    if isinstance(decay_fn, Schedule):
        # timm's callable fn(frac): here a schedule evaluated at the progress frac in [0, 1]
        end = decay_fn(1.0)
        return concat(stretch(decay_fn, D), constant(end), at=(D,))
    if callable(decay_fn):
        ck.type_error(
            api,
            "decay_fn",
            "one of " + ", ".join(repr(f) for f in _DECAY_FNS) + " or an lr_curves Schedule",
            decay_fn,
            hint="a plain function cannot be part of a schedule value; build f(frac) with lr_curves.",
        )
    fn = ck.choice(api, "decay_fn", decay_fn, _DECAY_FNS)
    if fn in ("linear", "1-sqrt", "cosine"):
        return cooldown(1.0, 0.0, D, fn)
    if fn == "power":
        return polynomial(1.0, 0.0, D, 1.0, k_decay=decay_power)
    r = decay_ratio  # exp: (r**frac - r) / (1 - r)
    return (exponential(1.0, r, D, end=r) - r) * (1.0 / (1.0 - r))


def WSDLRScheduler(
    t_initial: Number,
    decay_t: Number,
    lr_min: float = 0.0,
    stable_fn: str = "constant",
    stable_timescale: Number | None = None,
    stable_power: float = 0.5,
    decay_fn: str | Schedule = "1-sqrt",
    decay_power: float = 0.5,
    decay_ratio: float = 0.1,
    warmup_t: Number = 0,
    warmup_lr_init: float = 0.0,
    t_in_epochs: bool = True,
    noise_range_t: Any = None,
    noise_pct: float = 0.67,
    noise_std: float = 1.0,
    noise_seed: int = 42,
    initialize: bool = True,
    *,
    base_lr: float = 1.0,
) -> Schedule:
    """timm's ``WSDLRScheduler``: warmup, a stable phase, then a decay to ``lr_min``.

    The warmup is always a prefix; with ``t_s = t - warmup_t``:
    ``stable = max(base_lr * g(t_s), lr_min)`` with ``g`` = 1 (``"constant"``),
    ``(1 + t_s/tau)**-0.5`` (``"rsqrt"``) or ``(1 + t_s/tau)**-stable_power`` (``"power"``),
    ``tau = stable_timescale`` (default ``warmup_t``). The last ``decay_t`` steps of ``t_initial``
    decay: ``lr_min + (stable - lr_min) * d(frac)``, ``frac = min(t_d / decay_t, 1)``, ``d`` =
    ``1 - frac`` (linear), ``1 - sqrt(frac)`` (1-sqrt), ``(1 + cos(pi frac))/2`` (cosine),
    ``1 - frac**decay_power`` (power) or ``(decay_ratio**frac - decay_ratio) / (1 -
    decay_ratio)`` (exp). ``lr_min`` is reached at ``t = warmup_t + t_initial`` and held. timm's
    callable ``decay_fn`` becomes an lr_curves schedule of ``frac`` (a plain function is
    refused).

    Examples:
        >>> s = WSDLRScheduler(t_initial=100, decay_t=20, warmup_t=10, decay_fn="linear")
        >>> f"{s(5):.2f} {s(50):.2f} {s(100):.2f} {s(110):.2f}"
        '0.50 1.00 0.50 0.00'
    """
    api = "WSDLRScheduler"
    _check_noise(api, noise_range_t, noise_pct, noise_std)
    base, W, init, _ = _common(api, base_lr, warmup_t, warmup_lr_init, True, t_in_epochs, initialize)
    T = ck.positive(api, "t_initial", t_initial)
    D = ck.positive(api, "decay_t", decay_t)
    if D > T:
        raise ValueError(
            f"{api}(): decay_t must be in (0, t_initial], got decay_t={decay_t!r} and "
            f"t_initial={t_initial!r}."
        )
    floor = ck.finite_float(api, "lr_min", lr_min)
    if floor < 0:
        ck.value_error(api, "lr_min", "a non-negative number", lr_min)
    stable_kind = ck.choice(api, "stable_fn", stable_fn, _STABLE_FNS)
    ratio = ck.finite_float(api, "decay_ratio", decay_ratio)
    if not 0.0 < ratio < 1.0:
        ck.value_error(api, "decay_ratio", "in (0, 1)", decay_ratio)
    dpow = ck.positive_float(api, "decay_power", decay_power)
    spow = ck.positive_float(api, "stable_power", stable_power)
    if stable_kind == "constant":
        stable: Schedule = constant(max(base, floor))
    else:
        tau = W if stable_timescale is None else ck.real(api, "stable_timescale", stable_timescale)
        if not tau > 0:
            raise ValueError(
                f"{api}(): stable_fn={stable_kind!r} needs a positive stable_timescale, got "
                f"{tau!r}. Hint: it defaults to warmup_t; set it when there is no warmup."
            )
        q = 0.5 if stable_kind == "rsqrt" else spow
        stable = clip(inverse_time(base, 1.0, tau, power=q), low=floor)
    factor = _decay_factor(api, decay_fn, D, dpow, ratio)
    S = T - D
    if S > 0:
        factor = concat(constant(1.0), factor, at=(S,))
    main = add(constant(floor), scale(stable - floor, factor))
    return _in_epochs(_with_warmup(main, W, init, base, True), t_in_epochs)


# ---------------------------------------------------------------------------------------- plateau
#: The state of :class:`PlateauLRScheduler`: :class:`lr_curves.ThenState` (``step`` is timm's
#: epoch ``n`` of the last ``step(n, metric)``; ``inner`` the plateau's state after the warmup).
PlateauState = ThenState


@dataclasses.dataclass(frozen=True)
class PlateauLRScheduler(Reducer[ThenState]):
    """timm's ``PlateauLRScheduler`` as a pure reducer (deprecated in timm 1.0.31).

    ``update(state, metric)`` is the ``n``-th ``scheduler.step(n, metric)`` call (``n = 1, 2, ...``,
    as timm's ``train.py`` passes ``epoch + 1``). timm wraps torch's ``ReduceLROnPlateau``
    behind a warmup, and so does the preset: ``lr_curves.then(linear(warmup_lr_init, base_lr,
    warmup_t), Plateau(...), at=warmup_t)``, the shared :class:`lr_curves.Plateau` with timm's
    names (``decay_rate`` is torch's ``factor``, ``patience_t`` its ``patience``, ``cooldown_t``
    its ``cooldown``, ``lr_min`` its ``min_lr``; ``threshold_mode="rel"``, ``eps=1e-8``). While
    ``n <= warmup_t`` (inclusive) the lr is ``warmup_lr_init + n * (base_lr - warmup_lr_init) /
    warmup_t`` and the metric is not seen; then torch's rules apply to the current lr, with
    timm's default ``mode="max"`` (a metric to maximise, such as accuracy). :meth:`init` is the
    lr right after construction: ``warmup_lr_init`` when ``warmup_t > 0``, else ``base_lr``.
    Noise is refused as for the other schedulers.

    Examples:
        >>> p = PlateauLRScheduler(base_lr=0.1, patience_t=1, decay_rate=0.5)
        >>> [f"{lr:.3f}" for lr in p.trace([0.5, 0.5, 0.5, 0.6, 0.6, 0.6])]
        ['0.100', '0.100', '0.050', '0.050', '0.050', '0.025']
    """

    api = "PlateauLRScheduler"
    base_lr: float = dataclasses.field(default=1.0, kw_only=True)
    decay_rate: float = 0.1
    patience_t: int = 10
    threshold: float = 1e-4
    cooldown_t: int = 0
    warmup_t: int = 0
    warmup_lr_init: float = 0.0
    lr_min: float = 0.0
    mode: str = "max"
    noise_range_t: Any = None
    noise_type: str = "normal"
    noise_pct: float = 0.67
    noise_std: float = 1.0
    noise_seed: int | None = None
    initialize: bool = True
    _impl: Then = dataclasses.field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        api = self.api
        _check_noise(api, self.noise_range_t, self.noise_pct, self.noise_std, self.noise_type)
        set_ = object.__setattr__
        if isinstance(self.noise_range_t, list):  # stay hashable: a value, not the caller's list
            set_(self, "noise_range_t", tuple(self.noise_range_t))
        base = ck.finite_float(api, "base_lr", self.base_lr)
        rate = ck.finite_float(api, "decay_rate", self.decay_rate)
        if rate >= 1.0:
            ck.value_error(api, "decay_rate", "< 1.0 (torch's ReduceLROnPlateau factor)", self.decay_rate)
        W = _args.whole(api, "warmup_t", self.warmup_t, minimum=0)
        init = ck.finite_float(api, "warmup_lr_init", self.warmup_lr_init)
        ck.boolean(api, "initialize", self.initialize)
        plateau = _TimmPlateau(
            mode=ck.choice(api, "mode", self.mode, ("min", "max")),
            factor=rate,
            patience=_args.whole(api, "patience_t", self.patience_t, minimum=0),
            threshold=ck.finite_float(api, "threshold", self.threshold),
            threshold_mode="rel",
            cooldown=_args.whole(api, "cooldown_t", self.cooldown_t, minimum=0),
            min_lr=ck.finite_float(api, "lr_min", self.lr_min),
            eps=1e-8,
            base_lr=base,
        )
        for name, value in (
            ("base_lr", base),
            ("decay_rate", rate),
            ("patience_t", plateau.patience),
            ("threshold", plateau.threshold),
            ("cooldown_t", plateau.cooldown),
            ("warmup_t", W),
            ("warmup_lr_init", init),
            ("lr_min", plateau.min_lr),
            ("mode", plateau.mode),
        ):
            set_(self, name, value)
        warm = linear(init, base, W) if W else constant(base)  # timm: init + n * (base - init) / W
        set_(self, "_impl", then(warm, plateau, at=W))

    def init(self) -> ThenState:
        """The state right after construction (no metric seen yet)."""
        return self._impl.init()

    def update(self, state: ThenState, metric: float) -> ThenState:
        """The state after the next ``scheduler.step(epoch, metric)`` call."""
        return self._impl.update(state, self._metric(metric))  # errors name this preset


class _TimmPlateau(Plateau):
    """The shared plateau under the name the timm user called (for error messages)."""

    api = "PlateauLRScheduler"
