"""transformers' ``get_*_schedule*`` functions (transformers 5.23) as lr_curves schedules.

Each function here takes the peer's keyword arguments minus ``optimizer`` and ``last_epoch``,
plus ``base_lr=`` (default 1.0) standing for the optimizer's lr, and returns a schedule ``s`` with
``s(k)`` equal to the lr after ``k`` calls of ``scheduler.step()`` (``k = 0``: right after
construction). transformers builds a ``LambdaLR`` whose multiplier ``lambda(k)`` is given in each
docstring; here ``s(k) = base_lr * lambda(k)``. ``W`` is ``num_warmup_steps``, ``T``
``num_training_steps``, ``D = T - W`` the decay length.

The warmup of every schedule but the ``_lr_rate`` one and WSD is ``k / W`` for ``k < W``: the first
update has lr 0, as in the peer. Step counts must be ints (``TypeError`` otherwise).

What the presets refuse, though transformers accepts it (each would give garbage or crash later):

- the cosine schedules with ``num_training_steps <= num_warmup_steps``: transformers then divides
  by ``max(1, T - W) = 1`` and the cosine oscillates between 1 and 0 at every step;
- ``get_polynomial_decay_schedule_with_warmup`` with ``T == W`` (``ZeroDivisionError`` at step
  ``W`` in the peer) or ``power <= 0`` (division by zero at ``T``);
- negative ``num_cycles``, ``min_lr``/``min_lr_rate``/``min_lr_ratio`` below 0, a timescale
  ``<= 0``, and a WSD whose stable phase would be negative.

:func:`get_scheduler` is transformers' ``get_scheduler`` by name (every ``SchedulerType``), and
:func:`from_training_arguments` the schedule ``Trainer.create_scheduler`` builds from a
``TrainingArguments`` (or its ``to_dict()``/JSON).
"""

from __future__ import annotations

import dataclasses
import inspect
import json
import math
from collections.abc import Callable, Mapping
from typing import Any

from lr_curves import _checks as ck
from lr_curves._base import Schedule
from lr_curves._checks import Number
from lr_curves._combinators import concat, restart, shift, stretch, warmup
from lr_curves._notes import annotate
from lr_curves._primitives import constant, cooldown, cosine, inverse_sqrt, linear, polynomial
from lr_curves._reducer import Reducer
from lr_curves.presets import _args
from lr_curves.presets.torch import ReduceLROnPlateau

__all__ = [
    "GreedyLR",
    "GreedyLRState",
    "get_constant_schedule",
    "get_constant_schedule_with_warmup",
    "get_cosine_schedule_with_warmup",
    "get_cosine_with_hard_restarts_schedule_with_warmup",
    "get_cosine_with_min_lr_schedule_with_warmup",
    "get_cosine_with_min_lr_schedule_with_warmup_lr_rate",
    "get_greedy_schedule",
    "get_inverse_sqrt_schedule",
    "get_linear_schedule_with_warmup",
    "get_polynomial_decay_schedule_with_warmup",
    "get_reduce_on_plateau_schedule",
    "get_scheduler",
    "get_wsd_schedule",
    "from_training_arguments",
]


def _steps(api: str, name: str, value: Any) -> int:
    """A step count: an int, or a whole float (``0.1 * 1000``, ``1e3``); a fractional one is refused."""
    return _args.whole(api, name, value, minimum=0)


def _base(api: str, base_lr: Any) -> float:
    return ck.finite_float(api, "base_lr", base_lr)


def _with_warmup(ramp: Schedule | None, W: int, rest: Schedule) -> Schedule:
    """``ramp`` on ``[0, W)`` (none when ``W == 0``), then ``rest`` in local time from ``W``."""
    if W == 0 or ramp is None:
        return rest
    return concat(ramp, rest, at=[W])


def _run(s: Schedule, T: int) -> Schedule:
    """``num_training_steps`` is the run's length: the faces show it (the curve may go on)."""
    return annotate(s, total_steps=T) if T > 0 else s


def _linear_warmup(W: int, base: float) -> Schedule | None:
    """transformers' ``k / max(1, W)`` ramp, as lr: ``base * k / W`` on ``[0, W)``."""
    return linear(0.0, base, W) if W > 0 else None


def _decay_length(api: str, W: int, T: int) -> int:
    if T <= W:
        raise ValueError(
            f"{api}(): num_training_steps must be greater than num_warmup_steps, got "
            f"num_training_steps={T!r}, num_warmup_steps={W!r}. Hint: transformers accepts this "
            "and its cosine then oscillates between 1 and 0 at every step."
        )
    return T - W


def _cycles(api: str, num_cycles: Any) -> float:
    c = ck.finite_float(api, "num_cycles", num_cycles)
    if c < 0:
        ck.value_error(api, "num_cycles", "a non-negative number", num_cycles)
    return c


def _cycle_length(api: str, D: float, c: float, cycles: float) -> float:
    """``D / (cycles * c)``, the length of a half wave or cycle, refused (naming ``num_cycles``)
    unless it is a positive finite number of steps."""
    length = D / (cycles * c)
    if not (length > 0 and math.isfinite(length)):
        per = "num_cycles" if cycles == 1 else f"({cycles:g} * num_cycles)"
        ck.value_error(
            api,
            "num_cycles",
            f"such that (num_training_steps - num_warmup_steps) / {per} is a positive finite "
            f"number of steps ({D} / {per.replace('num_cycles', repr(c))} = {length!r})",
            c,
        )
    return length


def _wave(api: str, base: float, D: float, c: float, floor: float = 0.0) -> Schedule:
    """``floor + (base - floor) * 0.5 * (1 + cos(2 pi c p))`` with ``p = u / D``, unclamped in ``u``.

    That is a periodic cosine of half period ``D / (2 c)`` (a constant ``base`` when ``c == 0``).
    """
    if c == 0:
        return constant(base)
    half = _cycle_length(api, D, c, 2)
    if float(half).is_integer():
        half = int(half)
    return cosine(base, half, floor, periodic=True)


def get_constant_schedule(*, base_lr: float = 1.0) -> Schedule:
    """A constant lr: ``lambda(k) = 1``.

    Examples:
        >>> f"{get_constant_schedule(base_lr=0.1)(10**6):.2f}"
        '0.10'
    """
    return constant(_base("get_constant_schedule", base_lr))


def get_constant_schedule_with_warmup(num_warmup_steps: int, *, base_lr: float = 1.0) -> Schedule:
    """Linear warmup, then constant: ``lambda(k) = k / W`` for ``k < W``, else 1.

    Examples:
        >>> s = get_constant_schedule_with_warmup(4, base_lr=0.1)
        >>> f"{s(0):.3f} {s(2):.3f} {s(4):.3f} {s(10**6):.3f}"
        '0.000 0.050 0.100 0.100'
    """
    api = "get_constant_schedule_with_warmup"
    base = _base(api, base_lr)
    W = _steps(api, "num_warmup_steps", num_warmup_steps)
    return _with_warmup(_linear_warmup(W, base), W, constant(base))


def get_linear_schedule_with_warmup(
    num_warmup_steps: int, num_training_steps: int, *, base_lr: float = 1.0
) -> Schedule:
    """Linear warmup, then linear decay to 0 at ``T``, then 0.

    ``lambda(k) = k / W`` for ``k < W``; else ``max(0, (T - k) / max(1, T - W))``. With
    ``T <= W`` (allowed, as in the peer) the lr is 0 from step ``W`` on.

    Examples:
        >>> s = get_linear_schedule_with_warmup(2, 10)
        >>> f"{s(1):.3f} {s(2):.3f} {s(6):.3f} {s(10):.3f} {s(99):.3f}"
        '0.500 1.000 0.500 0.000 0.000'
    """
    api = "get_linear_schedule_with_warmup"
    base = _base(api, base_lr)
    W = _steps(api, "num_warmup_steps", num_warmup_steps)
    T = _steps(api, "num_training_steps", num_training_steps)
    rest = linear(base, 0.0, T - W) if T > W else constant(0.0)
    return _run(_with_warmup(_linear_warmup(W, base), W, rest), T)


def get_cosine_schedule_with_warmup(
    num_warmup_steps: int, num_training_steps: int, num_cycles: float = 0.5, *, base_lr: float = 1.0
) -> Schedule:
    """Linear warmup, then a cosine wave that *keeps going* past ``T``.

    ``lambda(k) = k / W`` for ``k < W``; else ``0.5 * (1 + cos(2 pi c p))`` with
    ``p = (k - W) / (T - W)`` **not clamped**: with the default ``num_cycles=0.5`` the lr reaches
    0 at ``T`` and rises again (back to ``base_lr`` at ``2T - W``), exactly as the peer.

    Examples:
        >>> s = get_cosine_schedule_with_warmup(2, 6)
        >>> f"{s(4):.3f} {s(6):.3f} {s(8):.3f} {s(10):.3f}"
        '0.500 0.000 0.500 1.000'
    """
    api = "get_cosine_schedule_with_warmup"
    base = _base(api, base_lr)
    W = _steps(api, "num_warmup_steps", num_warmup_steps)
    T = _steps(api, "num_training_steps", num_training_steps)
    c = _cycles(api, num_cycles)
    D = _decay_length(api, W, T)
    return _run(_with_warmup(_linear_warmup(W, base), W, _wave(api, base, D, c)), T)


def get_cosine_with_hard_restarts_schedule_with_warmup(
    num_warmup_steps: int, num_training_steps: int, num_cycles: int = 1, *, base_lr: float = 1.0
) -> Schedule:
    """Linear warmup, then ``num_cycles`` equal cosine decays to 0 in ``[W, T)``, then 0.

    ``lambda(k) = k / W`` for ``k < W``; with ``p = (k - W) / (T - W)``: ``0`` for ``p >= 1``,
    else ``0.5 * (1 + cos(pi * ((c p) mod 1)))``. Each cycle lasts ``(T - W) / c`` steps (not
    necessarily a whole number); the lr is 0 from ``T`` on.

    Examples:
        >>> s = get_cosine_with_hard_restarts_schedule_with_warmup(0, 10, num_cycles=2)
        >>> f"{s(0):.3f} {s(4):.3f} {s(5):.3f} {s(10):.3f}"
        '1.000 0.095 1.000 0.000'
    """
    api = "get_cosine_with_hard_restarts_schedule_with_warmup"
    base = _base(api, base_lr)
    W = _steps(api, "num_warmup_steps", num_warmup_steps)
    T = _steps(api, "num_training_steps", num_training_steps)
    c = _cycles(api, num_cycles)
    D = _decay_length(api, W, T)
    if c == 0:
        decay: Schedule = concat(constant(base), constant(0.0), at=[D])
    else:
        # (c p) mod 1 in units of a cycle: a cosine over one unit, restarted every unit, with the
        # step rescaled by c / D (the same product the peer forms).
        cycle = cosine(base, 1)
        decay = concat(_restarted(cycle, D, _cycle_length(api, D, c, 1)), constant(0.0), at=[D])
    return _run(_with_warmup(_linear_warmup(W, base), W, decay), T)


def _restarted(cycle: Schedule, D: int, factor: float) -> Schedule:
    """``cycle`` (one unit long) stretched to ``factor = D / num_cycles`` steps and restarted."""
    if float(factor).is_integer():
        return restart(stretch(cycle, int(factor)), every=int(factor))
    return stretch(restart(cycle, every=1), factor)


def get_polynomial_decay_schedule_with_warmup(
    num_warmup_steps: int,
    num_training_steps: int,
    lr_end: float = 1e-7,
    power: float = 1.0,
    *,
    base_lr: float = 1.0,
) -> Schedule:
    """Linear warmup, then polynomial decay from ``base_lr`` to ``lr_end`` at ``T``, then ``lr_end``.

    ``lr(k) = base * k / W`` for ``k < W``; ``(base - lr_end) * (1 - (k - W)/(T - W))**power +
    lr_end`` for ``W <= k <= T``; ``lr_end`` after. ``lr_end`` is absolute: transformers divides
    it by ``optimizer.defaults["lr"]`` (here ``base_lr``), so with several param groups of
    different lrs the peer's other groups end at a scaled ``lr_end``, not ``lr_end``.

    Raises:
        ValueError: ``base_lr <= lr_end`` (as the peer), ``T == W``, ``power <= 0``.

    Examples:
        >>> s = get_polynomial_decay_schedule_with_warmup(0, 10, lr_end=0.0, power=2.0)
        >>> f"{s(5):.3f} {s(10):.3f} {s(99):.3f}"
        '0.250 0.000 0.000'
    """
    api = "get_polynomial_decay_schedule_with_warmup"
    base = _base(api, base_lr)
    W = _steps(api, "num_warmup_steps", num_warmup_steps)
    T = _steps(api, "num_training_steps", num_training_steps)
    end = ck.finite_float(api, "lr_end", lr_end)
    p = ck.finite_float(api, "power", power)
    if not base > end:
        raise ValueError(
            f"{api}(): lr_end must be smaller than base_lr, got lr_end={end!r}, base_lr={base!r}."
        )
    if p <= 0:
        ck.value_error(api, "power", "a positive number", power)
    if T == W:
        raise ValueError(
            f"{api}(): num_training_steps must differ from num_warmup_steps, got {T!r} for both. "
            "Hint: transformers raises ZeroDivisionError at that step."
        )
    rest = polynomial(base, end, T - W, p) if T > W else constant(end)
    return _run(_with_warmup(_linear_warmup(W, base), W, rest), T)


def get_inverse_sqrt_schedule(
    num_warmup_steps: int, timescale: int | None = None, *, base_lr: float = 1.0
) -> Schedule:
    """Linear warmup, then ``1 / sqrt((k - W + timescale) / timescale)`` (big_vision's rsqrt).

    ``timescale`` defaults to ``num_warmup_steps``, or 10_000 when that is 0. The lr is
    ``base_lr`` at ``k = W`` and ``base_lr * sqrt(W / k)`` after with the default timescale.

    Examples:
        >>> s = get_inverse_sqrt_schedule(100)
        >>> f"{s(50):.3f} {s(100):.3f} {s(400):.3f}"
        '0.500 1.000 0.500'
    """
    api = "get_inverse_sqrt_schedule"
    base = _base(api, base_lr)
    W = _steps(api, "num_warmup_steps", num_warmup_steps)
    tau = (W or 10_000) if timescale is None else ck.positive(api, "timescale", timescale)
    return _with_warmup(_linear_warmup(W, base), W, inverse_sqrt(base, tau))


def _min_floor(api: str, base: float, min_lr: float | None, min_lr_rate: float | None) -> float:
    """The floor in lr units: ``min_lr`` as the user wrote it, or ``min_lr_rate * base_lr``.

    The peer forms ``min_lr_rate = min_lr / lr`` and multiplies back by ``lr``; the floor is
    ``min_lr`` itself (to rounding), so that is what the schedule keeps.
    """
    if min_lr is not None and min_lr_rate is not None:
        raise ValueError(
            f"{api}(): give only one of min_lr and min_lr_rate, got min_lr={min_lr!r}, "
            f"min_lr_rate={min_lr_rate!r}."
        )
    if min_lr is not None:
        value = ck.finite_float(api, "min_lr", min_lr)
        if value < 0:
            ck.value_error(api, "min_lr", "a non-negative number", min_lr)
        if base == 0:
            ck.value_error(api, "base_lr", "non-zero when min_lr is given", base)
        return value
    if min_lr_rate is None:
        raise ValueError(f"{api}(): give one of min_lr and min_lr_rate, got neither.")
    rate = ck.finite_float(api, "min_lr_rate", min_lr_rate)
    if rate < 0:
        ck.value_error(api, "min_lr_rate", "a non-negative number", min_lr_rate)
    return _args.finite_result(api, "min_lr_rate * base_lr", rate * base)


def get_cosine_with_min_lr_schedule_with_warmup(
    num_warmup_steps: int,
    num_training_steps: int,
    num_cycles: float = 0.5,
    *,
    min_lr: float | None = None,
    min_lr_rate: float | None = None,
    base_lr: float = 1.0,
) -> Schedule:
    """Linear warmup, then a cosine wave between ``base_lr`` and ``r * base_lr`` that goes on past ``T``.

    ``lambda(k) = k / W`` for ``k < W``; else ``f * (1 - r) + r`` with ``f = 0.5 * (1 + cos(2 pi
    c p))``, ``p = (k - W) / (T - W)`` unclamped (it rises again after ``T``). ``r`` is
    ``min_lr_rate``, or ``min_lr / base_lr`` (the peer divides by ``optimizer.defaults["lr"]``);
    exactly one of the two is required.

    Examples:
        >>> s = get_cosine_with_min_lr_schedule_with_warmup(0, 10, min_lr_rate=0.1)
        >>> f"{s(5):.3f} {s(10):.3f} {s(15):.3f}"
        '0.550 0.100 0.550'
    """
    api = "get_cosine_with_min_lr_schedule_with_warmup"
    base = _base(api, base_lr)
    W = _steps(api, "num_warmup_steps", num_warmup_steps)
    T = _steps(api, "num_training_steps", num_training_steps)
    c = _cycles(api, num_cycles)
    floor = _min_floor(api, base, min_lr, min_lr_rate)
    D = _decay_length(api, W, T)
    return _run(_with_warmup(_linear_warmup(W, base), W, _wave(api, base, D, c, floor=floor)), T)


def get_cosine_with_min_lr_schedule_with_warmup_lr_rate(
    num_warmup_steps: int,
    num_training_steps: int,
    num_cycles: float = 0.5,
    *,
    min_lr: float | None = None,
    min_lr_rate: float | None = None,
    warmup_lr_rate: float | None = None,
    base_lr: float = 1.0,
) -> Schedule:
    """The cosine-with-min-lr schedule shifted one step earlier (peak at ``W - 1``, minimum at ``T - 1``).

    For ``k < W``: ``(k + 1) / W`` when ``warmup_lr_rate`` is None (never 0 at ``k = 0``), else
    ``wr + (1 - wr) * k / max(1, W - 1)``. Then ``f * (1 - r) + r`` with ``f = 0.5 * (1 + cos(2
    pi c p))`` and ``p = (k - W + 1) / (T - W)``, unclamped: the wave rises again after ``T - 1``.

    Examples:
        >>> s = get_cosine_with_min_lr_schedule_with_warmup_lr_rate(4, 10, min_lr_rate=0.0)
        >>> f"{s(0):.3f} {s(3):.3f} {s(4):.3f} {s(9):.3f}"
        '0.250 1.000 0.933 0.000'
    """
    api = "get_cosine_with_min_lr_schedule_with_warmup_lr_rate"
    base = _base(api, base_lr)
    W = _steps(api, "num_warmup_steps", num_warmup_steps)
    T = _steps(api, "num_training_steps", num_training_steps)
    c = _cycles(api, num_cycles)
    floor = _min_floor(api, base, min_lr, min_lr_rate)
    D = _decay_length(api, W, T)
    ramp: Schedule | None = None
    if W > 0:
        if warmup_lr_rate is None:
            ramp = shift(linear(0.0, base, W), -1)
        else:
            wr = ck.finite_float(api, "warmup_lr_rate", warmup_lr_rate)
            ramp = linear(wr * base, base, max(1, W - 1))
    return _run(_with_warmup(ramp, W, shift(_wave(api, base, D, c, floor=floor), -1)), T)


_WSD_TYPES = ("linear", "cosine", "1-sqrt")


def get_wsd_schedule(
    num_warmup_steps: int,
    num_decay_steps: int,
    num_training_steps: int | None = None,
    num_stable_steps: int | None = None,
    warmup_type: str = "linear",
    decay_type: str = "cosine",
    min_lr_ratio: float = 0,
    num_cycles: float = 0.5,
    *,
    base_lr: float = 1.0,
) -> Schedule:
    """Warmup-stable-decay: a ramp from ``r * base_lr``, a plateau, a decay to ``r * base_lr``.

    With ``r = min_lr_ratio`` and ``S = num_stable_steps`` (default ``T - W - D``):

    - ``k < W``: ``g * (1 - r) + r`` with ``g`` of ``p = k / W``: linear ``p``, cosine
      ``(1 - cos(pi p)) / 2``, 1-sqrt ``1 - sqrt(1 - p)``: the warmup starts at ``r``, not 0;
    - ``W <= k < W + S``: 1;
    - ``W + S <= k < W + S + D``: ``g * (1 - r) + r`` with ``p = (k - W - S) / D``: linear ``1 - p``,
      cosine ``0.5 * (1 + cos(2 pi c p))``, 1-sqrt ``1 - sqrt(p)``;
    - after: ``r``.

    When both ``num_training_steps`` and ``num_stable_steps`` are given the peer warns and uses
    ``num_stable_steps``; this preset accepts them only if they agree (``W + S + D == T``).

    Examples:
        >>> s = get_wsd_schedule(2, 4, num_training_steps=10, decay_type="linear")
        >>> f"{s(1):.2f} {s(2):.2f} {s(5):.2f} {s(7):.2f} {s(10):.2f}"
        '0.50 1.00 1.00 0.75 0.00'
    """
    api = "get_wsd_schedule"
    base = _base(api, base_lr)
    W = _steps(api, "num_warmup_steps", num_warmup_steps)
    D = _steps(api, "num_decay_steps", num_decay_steps)
    wt = ck.choice(api, "warmup_type", warmup_type, _WSD_TYPES)
    dt = ck.choice(api, "decay_type", decay_type, _WSD_TYPES)
    r = ck.finite_float(api, "min_lr_ratio", min_lr_ratio)
    if r < 0:
        ck.value_error(api, "min_lr_ratio", "a non-negative number", min_lr_ratio)
    c = _cycles(api, num_cycles)
    if num_training_steps is None and num_stable_steps is None:
        raise ValueError(f"{api}(): give num_training_steps or num_stable_steps, got neither.")
    if num_stable_steps is None:
        T = _steps(api, "num_training_steps", num_training_steps)
        S = T - W - D
        if S < 0:
            raise ValueError(
                f"{api}(): num_training_steps must be at least num_warmup_steps + num_decay_steps, "
                f"got num_training_steps={T!r}, num_warmup_steps={W!r}, num_decay_steps={D!r}."
            )
    else:
        S = _steps(api, "num_stable_steps", num_stable_steps)
        if num_training_steps is not None:
            T = _steps(api, "num_training_steps", num_training_steps)
            if W + S + D != T:
                raise ValueError(
                    f"{api}(): num_warmup_steps + num_stable_steps + num_decay_steps must equal "
                    f"num_training_steps when both are given, got {W!r} + {S!r} + {D!r} != {T!r}."
                )
    floor = r * base
    pieces: list[Schedule] = []
    at: list[Number] = []
    if W > 0:
        pieces.append(warmup(constant(base), W, start=floor, shape=wt))
        at.append(W)
    if S > 0:
        pieces.append(constant(base))
        at.append(W + S)
    if D > 0:
        if dt == "cosine":
            pieces.append(_wave(api, base, D, c, floor=floor))
        else:
            pieces.append(cooldown(base, floor, D, shape=dt))
        at.append(W + S + D)
    if not pieces:
        return constant(floor)
    pieces.append(constant(floor))
    return concat(*pieces, at=at)


class _ReduceLROnPlateau(ReduceLROnPlateau):
    """torch's reducer under the name the transformers user called (for error messages)."""

    api = "get_reduce_on_plateau_schedule"


def get_reduce_on_plateau_schedule(
    *,
    base_lr: float = 1.0,
    mode: str = "min",
    factor: float = 0.1,
    patience: int = 10,
    threshold: float = 1e-4,
    threshold_mode: str = "rel",
    cooldown: int = 0,
    min_lr: float = 0.0,
    eps: float = 1e-8,
) -> ReduceLROnPlateau:
    """torch's ``ReduceLROnPlateau`` (which transformers returns) as a pure reducer.

    ``r.trace(metrics)`` gives the lr after each ``scheduler.step(metric)``; the lr drops by
    ``factor`` at the ``patience + 1``-th metric in a row without improvement (see
    :class:`lr_curves.presets.torch.ReduceLROnPlateau` for the rules). ``factor`` must be in
    ``[0, 1)`` (torch allows negative factors, which would give negative lrs).

    Examples:
        >>> r = get_reduce_on_plateau_schedule(base_lr=0.1, patience=1)
        >>> [f"{lr:.3f}" for lr in r.trace([1.0, 1.0, 1.0, 0.5])]
        ['0.100', '0.100', '0.010', '0.010']
    """
    return _ReduceLROnPlateau(
        base_lr=base_lr,
        mode=mode,
        factor=factor,
        patience=patience,
        threshold=threshold,
        threshold_mode=threshold_mode,
        cooldown=cooldown,
        min_lr=min_lr,
        eps=eps,
    )


# ---------------------------------------------------------------------------------------- GreedyLR
@dataclasses.dataclass(frozen=True)
class GreedyLRState:
    """The state of :class:`GreedyLR` after some metrics (immutable).

    Attributes:
        lr: The current learning rate.
        best: The best (smoothed) metric since the start or the last reset.
        num_bad_epochs: Consecutive metrics without improvement.
        num_good_epochs: Consecutive metrics with improvement.
        cooldown_counter: Metrics left to ignore after a reduction.
        warmup_counter: Metrics left to ignore after an increase.
        reset_start: Reductions at ``min_lr`` left before the reset.
        window: The last ``window_size`` metrics (``smooth=True``).
        window_sum: Their running sum, accumulated as transformers does.
    """

    lr: float
    best: float
    num_bad_epochs: int = 0
    num_good_epochs: int = 0
    cooldown_counter: int = 0
    warmup_counter: int = 0
    reset_start: int = 500
    window: tuple[float, ...] = ()
    window_sum: float = 0.0


@dataclasses.dataclass(frozen=True)
class GreedyLR(Reducer[GreedyLRState]):
    """transformers' ``GreedyLR`` (``SchedulerType.GREEDY``) as a pure reducer.

    Exactly ``scheduler.step(metric)``: the metric is first averaged over the last
    ``window_size`` values when ``smooth``; during a cooldown (after a reduction) or a warmup
    (after an increase) it only counts the counter down; otherwise an improvement (as
    ``ReduceLROnPlateau``'s, with ``threshold_mode``) counts as good, anything else as bad.
    ``patience + 1`` good metrics in a row **raise** the lr to ``min(lr / factor, max_lr)``, as
    many bad ones lower it to ``max(lr * factor, min_lr)`` (each only if it moves by more than
    ``eps``). A reduction that leaves the lr at ``min_lr`` counts ``reset_start`` down; at 0 the
    scheduler resets to ``base_lr`` and forgets its best and its window (the cooldown still
    starts after that reset, as in transformers). An increase restores ``reset_start``.

    Raises:
        ValueError: ``factor`` outside ``(0, 1)`` (transformers refuses ``factor >= 1`` and
            divides by a zero factor), an unknown ``mode``/``threshold_mode``, negative counts.

    Examples:
        >>> g = GreedyLR(base_lr=0.1, patience=0, factor=0.5, min_lr=0.01)
        >>> [f"{lr:.3f}" for lr in g.trace([3.0, 2.0, 2.0, 2.0])]
        ['0.200', '0.400', '0.200', '0.100']
    """

    api = "get_greedy_schedule"

    # transformers' order; what follows its ``verbose`` is keyword-only here (verbose is left out)
    mode: str = "min"
    factor: float = 0.95
    patience: int = 10
    threshold: float = 1e-6
    threshold_mode: str = "abs"
    cooldown: int = 0
    warmup: int = 0
    min_lr: float = 1e-3
    max_lr: float = 1.0
    eps: float = 1e-8
    _: dataclasses.KW_ONLY
    smooth: bool = False
    window_size: int = 50
    reset_start: int = 500
    base_lr: float = 1.0

    def __post_init__(self) -> None:
        api, set_ = self.api, object.__setattr__
        set_(self, "base_lr", _base(api, self.base_lr))
        set_(self, "mode", ck.choice(api, "mode", self.mode, ("min", "max")))
        factor = ck.finite_float(api, "factor", self.factor)
        if not 0.0 < factor < 1.0:
            ck.value_error(api, "factor", "in (0, 1)", self.factor)
        set_(self, "factor", factor)
        for name in ("patience", "cooldown", "warmup", "reset_start"):
            set_(self, name, ck.count(api, name, getattr(self, name), minimum=0))
        set_(self, "window_size", ck.count(api, "window_size", self.window_size, minimum=1))
        set_(self, "threshold", ck.finite_float(api, "threshold", self.threshold))
        set_(self, "threshold_mode", ck.choice(api, "threshold_mode", self.threshold_mode, ("rel", "abs")))
        for name in ("min_lr", "max_lr", "eps"):
            set_(self, name, ck.finite_float(api, name, getattr(self, name)))
        set_(self, "smooth", ck.boolean(api, "smooth", self.smooth))

    def _worst(self) -> float:
        return math.inf if self.mode == "min" else -math.inf

    def init(self) -> GreedyLRState:
        """The state before any metric: ``lr = base_lr``, no best yet."""
        return GreedyLRState(lr=self.base_lr, best=self._worst(), reset_start=self.reset_start)

    def _better(self, a: float, best: float) -> bool:
        if self.mode == "min":
            if self.threshold_mode == "rel":
                return a < best * (1.0 - self.threshold)
            return a < best - self.threshold
        if self.threshold_mode == "rel":
            return a > best * (1.0 + self.threshold)
        return a > best + self.threshold

    def update(self, state: GreedyLRState, metric: float) -> GreedyLRState:
        """The state after one more metric (one ``scheduler.step(metric)``)."""
        a = self._metric(metric)
        window, total = state.window, state.window_sum
        if self.smooth:
            window, total = (*window, a), total + a
            if len(window) > self.window_size:
                total -= window[0]
                window = window[1:]
            a = total / len(window)
        lr, best = state.lr, state.best
        bad, good = state.num_bad_epochs, state.num_good_epochs
        cool, warm, left = state.cooldown_counter, state.warmup_counter, state.reset_start
        if cool > 0:
            cool, bad, good = cool - 1, 0, 0
        elif warm > 0:
            warm, bad, good = warm - 1, 0, 0
        else:
            if self._better(a, best):
                best, bad, good = a, 0, good + 1
            else:
                bad, good = bad + 1, 0
            if good > self.patience:
                new = min(lr / self.factor, self.max_lr)
                if new - lr > self.eps:
                    lr = new
                left, warm, good = self.reset_start, self.warmup, 0
            elif bad > self.patience:
                new = max(lr * self.factor, self.min_lr)
                if lr - new > self.eps:
                    lr = new
                if not lr > self.min_lr:
                    left -= 1
                    if left <= 0:  # back to the start; then the cooldown begins all the same
                        lr, best, good, warm, left = self.base_lr, self._worst(), 0, 0, self.reset_start
                        window, total = (), 0.0
                cool, bad = self.cooldown, 0
        return GreedyLRState(lr, best, bad, good, cool, warm, left, window, total)


def get_greedy_schedule(
    *,
    base_lr: float = 1.0,
    mode: str = "min",
    factor: float = 0.95,
    patience: int = 10,
    threshold: float = 1e-6,
    threshold_mode: str = "abs",
    cooldown: int = 0,
    warmup: int = 0,
    min_lr: float = 1e-3,
    max_lr: float = 1.0,
    eps: float = 1e-8,
    smooth: bool = False,
    window_size: int = 50,
    reset_start: int = 500,
    verbose: bool = False,
) -> GreedyLR:
    """transformers' ``get_greedy_schedule`` (``GreedyLR``) as a pure reducer: see :class:`GreedyLR`.

    ``verbose`` (transformers prints each change) is accepted and changes nothing.

    Examples:
        >>> g = get_greedy_schedule(base_lr=0.1, patience=1)
        >>> [f"{lr:.4f}" for lr in g.trace([1.0, 0.9, 0.8, 0.8, 0.8])]
        ['0.1000', '0.1053', '0.1053', '0.1053', '0.1000']
    """
    ck.boolean("get_greedy_schedule", "verbose", verbose)
    return GreedyLR(
        base_lr=base_lr,
        mode=mode,
        factor=factor,
        patience=patience,
        threshold=threshold,
        threshold_mode=threshold_mode,
        cooldown=cooldown,
        warmup=warmup,
        min_lr=min_lr,
        max_lr=max_lr,
        eps=eps,
        smooth=smooth,
        window_size=window_size,
        reset_start=reset_start,
    )


# ---------------------------------------------------------------------------------------- by name
#: transformers 5.23's ``SchedulerType`` values and the function each one calls.
_BY_NAME: dict[str, Callable[..., Any]] = {
    "linear": get_linear_schedule_with_warmup,
    "cosine": get_cosine_schedule_with_warmup,
    "cosine_with_restarts": get_cosine_with_hard_restarts_schedule_with_warmup,
    "polynomial": get_polynomial_decay_schedule_with_warmup,
    "constant": get_constant_schedule,
    "constant_with_warmup": get_constant_schedule_with_warmup,
    "inverse_sqrt": get_inverse_sqrt_schedule,
    "reduce_lr_on_plateau": get_reduce_on_plateau_schedule,
    "cosine_with_min_lr": get_cosine_with_min_lr_schedule_with_warmup,
    "cosine_warmup_with_min_lr": get_cosine_with_min_lr_schedule_with_warmup_lr_rate,
    "warmup_stable_decay": get_wsd_schedule,
    "greedy": get_greedy_schedule,
}
_SCHEDULER_TYPES = tuple(_BY_NAME)

#: Arguments ``get_scheduler`` fills in itself: not allowed in ``scheduler_specific_kwargs``.
_FILLED = ("num_warmup_steps", "num_training_steps", "base_lr")


def _scheduler_name(api: str, name: Any) -> str:
    value = getattr(name, "value", name)  # a transformers SchedulerType is a str Enum
    if not isinstance(value, str) or value not in _SCHEDULER_TYPES:
        rule = "a SchedulerType: one of " + ", ".join(repr(n) for n in _SCHEDULER_TYPES)
        if isinstance(value, str):
            ck.value_error(api, "name", rule, value)
        ck.type_error(api, "name", rule, name)
    return value


def _specific_kwargs(api: str, name: str, kwargs: Any) -> dict[str, Any]:
    if kwargs is None:
        return {}
    if not isinstance(kwargs, Mapping):
        ck.type_error(api, "scheduler_specific_kwargs", "a dict or None", kwargs)
    out = dict(kwargs)
    if name in ("constant", "constant_with_warmup") and out:
        ck.value_error(
            api,
            "scheduler_specific_kwargs",
            f"empty for {name!r}",
            out,
            hint="transformers ignores them for this scheduler; remove them.",
        )
    fn = _BY_NAME[name]
    allowed = [p for p in _parameters(fn) if p not in _FILLED]
    for key in out:
        if key not in allowed:
            rule = "made of " + ", ".join(allowed) if allowed else "empty"
            ck.value_error(api, f"scheduler_specific_kwargs for {name!r}", rule, key)
    return out


def _parameters(fn: Callable[..., Any]) -> list[str]:
    return list(inspect.signature(fn).parameters)


def get_scheduler(
    name: str,
    *,
    num_warmup_steps: int | None = None,
    num_training_steps: int | None = None,
    scheduler_specific_kwargs: dict[str, Any] | None = None,
    base_lr: float = 1.0,
) -> Any:
    """transformers' ``get_scheduler(name, ...)``: the schedule (or reducer) of a ``SchedulerType``.

    ``name`` is a ``SchedulerType`` or its value (``"linear"``, ``"cosine"``,
    ``"cosine_with_restarts"``, ``"polynomial"``, ``"constant"``, ``"constant_with_warmup"``,
    ``"inverse_sqrt"``, ``"reduce_lr_on_plateau"``, ``"cosine_with_min_lr"``,
    ``"cosine_warmup_with_min_lr"``, ``"warmup_stable_decay"``, ``"greedy"``); the rest by keyword
    (transformers' ``optimizer`` comes second: a positional call would not mean the same);
    ``scheduler_specific_kwargs`` go
    to that function, as in transformers. Returns the matching ``get_*`` preset: a schedule, or
    for ``"reduce_lr_on_plateau"`` the reducer. As transformers: ``num_warmup_steps`` is required
    by all but ``"constant"`` and ``"reduce_lr_on_plateau"`` (which ignore it and
    ``num_training_steps``), and ``num_training_steps`` by all but those,
    ``"constant_with_warmup"``, ``"inverse_sqrt"`` and ``"warmup_stable_decay"``.

    Refused, though transformers accepts it silently: a warmup with ``"constant"`` or
    ``"reduce_lr_on_plateau"`` (they give no warmup: use ``"constant_with_warmup"``) and
    ``scheduler_specific_kwargs`` for the two constant schedules (ignored by transformers). A
    key the scheduler does not take is an error naming it (transformers: a ``TypeError`` from
    Python). ``"greedy"`` gives the :class:`GreedyLR` reducer, ``"reduce_lr_on_plateau"``
    torch's.

    Examples:
        >>> s = get_scheduler("cosine", num_warmup_steps=10, num_training_steps=110, base_lr=3e-4)
        >>> f"{s(5):.2e} {s(10):.2e} {s(60):.2e} {s(110):.2e}"
        '1.50e-04 3.00e-04 1.50e-04 0.00e+00'
    """
    api = "get_scheduler"
    kind = _scheduler_name(api, name)
    kwargs = _specific_kwargs(api, kind, scheduler_specific_kwargs)
    fn = _BY_NAME[kind]
    if kind in ("constant", "reduce_lr_on_plateau", "greedy"):
        if num_warmup_steps:
            hint = "use 'constant_with_warmup'." if kind == "constant" else "it follows the metrics."
            ck.value_error(
                api,
                "num_warmup_steps",
                f"0 or None for {kind!r}",
                num_warmup_steps,
                hint=f"transformers' {kind!r} ignores the warmup; {hint}",
            )
        return fn(base_lr=base_lr, **kwargs)
    if num_warmup_steps is None:
        raise ValueError(f"{api}(): {kind!r} requires num_warmup_steps, got None.")
    if kind in ("constant_with_warmup", "inverse_sqrt"):
        return fn(num_warmup_steps, base_lr=base_lr, **kwargs)
    if kind == "warmup_stable_decay":
        return fn(num_warmup_steps, num_training_steps=num_training_steps, base_lr=base_lr, **kwargs)
    if num_training_steps is None:
        raise ValueError(f"{api}(): {kind!r} requires num_training_steps, got None.")
    return fn(num_warmup_steps, num_training_steps, base_lr=base_lr, **kwargs)


# ---------------------------------------------------------------------------------------- Trainer
_ARG_DEFAULTS: dict[str, Any] = {
    "learning_rate": 5e-5,
    "lr_scheduler_type": "linear",
    "lr_scheduler_kwargs": None,
    "warmup_steps": 0,
    "max_steps": -1,
    "deepspeed": None,
}


def _training_arg(args: Any, key: str) -> Any:
    if isinstance(args, Mapping):
        return args.get(key, _ARG_DEFAULTS[key])
    return getattr(args, key, _ARG_DEFAULTS[key])


def _warmup_steps_of(warmup_steps: Any, num_training_steps: int) -> int:
    """``TrainingArguments.get_warmup_steps``: ``int(w)`` for ``w >= 1``, else ``ceil(T * w)``.

    Examples:
        >>> _warmup_steps_of(0.1, 1005), _warmup_steps_of(2.7, 1005), _warmup_steps_of(0, 1005)
        (101, 2, 0)
    """
    api = "from_training_arguments"
    w = ck.real(api, "warmup_steps", warmup_steps)
    if w < 0:
        ck.value_error(api, "warmup_steps", "a number >= 0 (steps, or a ratio in [0, 1))", warmup_steps)
    return int(w) if w >= 1 else math.ceil(num_training_steps * w)


def from_training_arguments(args: Any, num_training_steps: int | None = None) -> Any:
    """The schedule ``Trainer.create_scheduler(num_training_steps)`` trains on.

    ``args`` is a ``TrainingArguments``, or its ``to_dict()`` (e.g. the JSON a run saved), of
    which ``learning_rate`` (the optimizer's lr: ``base_lr``), ``lr_scheduler_type``,
    ``lr_scheduler_kwargs`` (a dict or its JSON string) and ``warmup_steps`` are read, with
    transformers' defaults (``5e-5``, ``"linear"``, none, 0). ``warmup_steps`` is a number of
    steps when ``>= 1`` (truncated: ``int``) and a ratio of ``num_training_steps`` when below 1
    (rounded up: ``ceil``), as ``TrainingArguments.get_warmup_steps``. ``num_training_steps``
    defaults to ``max_steps`` when that is positive (the Trainer otherwise derives it from the
    dataset length and ``num_train_epochs``: pass it).

    Refused: a ``deepspeed`` config (the Trainer then may use DeepSpeed's scheduler: read it with
    :func:`lr_curves.presets.deepspeed.from_config`), the ``warmup_ratio`` of transformers 4
    (5.x takes the ratio in ``warmup_steps``), and what :func:`get_scheduler` refuses.

    Examples:
        >>> args = {"learning_rate": 3e-4, "lr_scheduler_type": "cosine", "warmup_steps": 0.1}
        >>> s = from_training_arguments(args, num_training_steps=1000)
        >>> f"{s(50):.2e} {s(100):.2e} {s(1000):.2e}"
        '1.50e-04 3.00e-04 0.00e+00'
    """
    api = "from_training_arguments"
    if isinstance(args, Mapping) and "warmup_ratio" in args:
        ck.value_error(
            api,
            "args",
            "a transformers 5 TrainingArguments (no 'warmup_ratio')",
            {"warmup_ratio": args["warmup_ratio"]},
            hint="transformers 5 takes the ratio as warmup_steps < 1.",
        )
    if _training_arg(args, "deepspeed"):
        ck.value_error(
            api,
            "args.deepspeed",
            "None",
            _training_arg(args, "deepspeed"),
            hint="with a DeepSpeed config the Trainer may use DeepSpeed's own scheduler; "
            "read it with lr_curves.presets.deepspeed.from_config.",
        )
    if num_training_steps is None:
        max_steps = _training_arg(args, "max_steps")
        if not (isinstance(max_steps, int) and max_steps > 0):
            raise ValueError(
                f"{api}(): give num_training_steps (args.max_steps is {max_steps!r}, so the Trainer "
                "derives it from the dataset length and num_train_epochs)."
            )
        num_training_steps = max_steps
    T = ck.count(api, "num_training_steps", num_training_steps, minimum=0)
    kwargs = _training_arg(args, "lr_scheduler_kwargs")
    if isinstance(kwargs, str):
        try:
            kwargs = json.loads(kwargs)
        except json.JSONDecodeError:
            ck.value_error(api, "lr_scheduler_kwargs", "a dict or its JSON string", kwargs)
    base = ck.finite_float(api, "learning_rate", _training_arg(args, "learning_rate"))
    return get_scheduler(
        _training_arg(args, "lr_scheduler_type"),
        num_warmup_steps=_warmup_steps_of(_training_arg(args, "warmup_steps"), T),
        num_training_steps=T,
        scheduler_specific_kwargs=kwargs,
        base_lr=base,
    )
