"""NVIDIA NeMo's ``nemo.core.optim.lr_scheduler`` (nemo-toolkit 3.0.0) as lr_curves schedules.

Each function takes the NeMo class's name and keyword arguments (minus ``optimizer`` and
``last_epoch``) plus ``base_lr=`` (default 1.0) for the optimizer's lr, and returns ``s`` with
``s(k)`` = the lr after ``k`` calls of ``scheduler.step()`` (``k = 0``: right after construction;
NeMo steps every optimizer step). :func:`from_config` reads the ``optim.sched`` section of a NeMo
YAML (as a dict).

``W`` is ``warmup_steps`` (or ``int(warmup_ratio * max_steps)``: truncated), ``M`` is
``max_steps``, ``H`` the hold (``hold_steps`` or ``int(hold_ratio * max_steps)``, counted after the
warmup). NeMo's quirks, reproduced:

- the warmup is ``base * (k + 1) / (W + 1)`` for ``k <= W``: never 0, ``base`` at ``k = W``
  (``CosineAnnealing`` with ``constant_steps > 0`` warms up as ``base * k / W`` instead, from 0);
- past ``max_steps`` the lr is ``min_lr`` (a jump for ``InverseSquareRootAnnealing``), checked
  *after* the warmup and the hold (a warmup longer than ``max_steps`` still runs to ``W``);
- ``SquareRootAnnealing`` decays from ``k = 0``, not from the warmup's end (a drop after the
  warmup); ``SquareAnnealing``'s ``min_lr`` defaults to ``1e-5``, the others' to 0;
- ``PolynomialHoldDecayAnnealing`` without a hold decays from ``k = 0`` too (NeMo's hold end is
  then 0, not ``W``), and its ``cycle=True`` restarts then; ``PolynomialDecayAnnealing``'s ``cycle``
  never takes effect (``max_steps`` ends it first);
- ``NoamAnnealing`` has no end and floors at ``min_lr`` only after the warmup;
  ``T5InverseSquareRootAnnealing`` ignores the optimizer's lr (``1 / sqrt(max(k, C))``).

Refused, where NeMo would fail (assert, ``ZeroDivisionError`` or ``TypeError`` at some step) or
silently use one group's lr: both ``*_steps`` and ``*_ratio``, a ratio without ``max_steps``,
``base_lr < min_lr`` where NeMo raises, fractional step counts (``1e3`` is a count). Not
reproduced: ``CosineAnnealing``'s ``reset_lr`` param-group hack (it rewrites the schedule from
optimizer state), and the per-group lrs of the classes that use ``base_lrs[0]`` for every group
(one preset per group). Nothing here imports NeMo or torch.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from typing import Any

from lr_curves import (
    Schedule,
    clip,
    concat,
    constant,
    cosine,
    inverse_sqrt,
    linear,
    polynomial,
    shift,
)
from lr_curves import _checks as ck
from lr_curves.presets import _args

__all__ = [
    "CosineAnnealing",
    "InverseSquareRootAnnealing",
    "NoamAnnealing",
    "PolynomialDecayAnnealing",
    "PolynomialHoldDecayAnnealing",
    "SquareAnnealing",
    "SquareRootAnnealing",
    "T5InverseSquareRootAnnealing",
    "WarmupAnnealing",
    "WarmupHoldPolicy",
    "WarmupPolicy",
    "from_config",
]


# ---------------------------------------------------------------------------------------- helpers
def _count(api: str, name: str, value: Any) -> int:
    return _args.whole(api, name, value, minimum=0)


def _steps_or_ratio(api: str, what: str, steps: Any, ratio: Any, max_steps: int | None) -> int:
    """NeMo's ``{what}_steps`` or ``int({what}_ratio * max_steps)`` (0 when neither)."""
    if steps is not None and ratio is not None:
        raise ValueError(
            f"{api}(): give {what}_steps or {what}_ratio, not both, got {what}_steps={steps!r}, "
            f"{what}_ratio={ratio!r}."
        )
    if steps is not None:
        return _count(api, f"{what}_steps", steps)
    if ratio is None:
        return 0
    r = ck.finite_float(api, f"{what}_ratio", ratio)
    if r < 0:
        ck.value_error(api, f"{what}_ratio", "a non-negative number", ratio)
    if max_steps is None:
        raise ValueError(f"{api}(): {what}_ratio needs max_steps, got max_steps=None.")
    return int(r * max_steps)


def _max_steps(api: str, max_steps: Any, required: bool = True) -> int | None:
    if max_steps is None and not required:
        return None
    return _args.whole(api, "max_steps", max_steps, minimum=1)


def _lr(api: str, name: str, value: Any) -> float:
    return ck.finite_float(api, name, value)


#: A phase: ``(first step, curve, origin)``, the curve written in ``x = k - origin`` (``origin``
#: None: the curve does not depend on the step).
_Piece = tuple[int, Schedule, "int | None"]


def _phases(*pieces: _Piece) -> Schedule:
    """Phases used from their first steps: one ``concat`` in local time, one ``shift`` per phase."""
    kept: list[_Piece] = []
    for piece in pieces:
        if kept and piece[0] <= kept[-1][0]:
            kept.pop()  # a later phase starting no later replaces the previous one
        kept.append(piece)
    moved = []
    for start, curve, origin in kept:
        by = 0 if origin is None else origin - start
        moved.append(curve if by == 0 else shift(curve, by))
    if len(moved) == 1:
        return moved[0]
    return concat(*moved, at=[b for b, _, _ in kept[1:]])


def _warmup(base: float, W: int) -> Schedule:
    """``base * (k + 1) / (W + 1)`` on ``[0, W]``."""
    return linear(base / (W + 1), base, W)


def _policy(
    base: float,
    W: int,
    M: int | None,
    low: float,
    decay: Schedule,
    origin: int | None = None,
    hold_end: int = 0,
) -> Schedule:
    """NeMo's WarmupPolicy/WarmupHoldPolicy order: warmup ``k <= W``, hold ``W <= k < hold_end``,
    ``min_lr`` for ``k > M``, else ``decay`` (written in ``k - origin``)."""
    pieces: list[_Piece] = []
    after = W + 1 if W > 0 else 0
    if W > 0:
        pieces.append((0, _warmup(base, W), 0))
    if hold_end > after:
        pieces.append((after, constant(base), None))
        after = hold_end
    if M is None or after < M + 1:
        pieces.append((after, decay, origin))
    if M is not None:
        pieces.append((max(M + 1, after), constant(low), None))
    return _phases(*pieces)


def _floor(s: Schedule, low: float) -> Schedule:
    """``max(low, s)``: a node only where it can bind (the curves floored here are never negative)."""
    return clip(s, low=low) if low > 0 else s


# ---------------------------------------------------------------------------------------- policies
def WarmupPolicy(
    *,
    warmup_steps: int | None = None,
    warmup_ratio: float | None = None,
    max_steps: int | None = None,
    min_lr: float = 0.0,
    base_lr: float = 1.0,
) -> Schedule:
    """``WarmupPolicy``: ``base * (k + 1) / (W + 1)`` for ``k <= W``, then ``base``.

    ``min_lr`` past ``max_steps`` (``None``: never).

    Examples:
        >>> s = WarmupPolicy(warmup_steps=4, max_steps=10, base_lr=1.0)
        >>> [f"{s(k):.1f}" for k in (0, 1, 4, 10, 11)]
        ['0.2', '0.4', '1.0', '1.0', '0.0']
    """
    api = "WarmupPolicy"
    M = _max_steps(api, max_steps, required=False)
    W = _steps_or_ratio(api, "warmup", warmup_steps, warmup_ratio, M)
    low, base = _lr(api, "min_lr", min_lr), _lr(api, "base_lr", base_lr)
    return _policy(base, W, M, low, constant(base))


def _hold_end(api: str, W: int, hold_steps: Any, hold_ratio: Any, M: int | None) -> int:
    """NeMo's ``self.hold_steps``: the hold's end (``W + hold``), or 0 when no hold is given."""
    if hold_steps is None and hold_ratio is None:
        return 0
    return _steps_or_ratio(api, "hold", hold_steps, hold_ratio, M) + W


def WarmupHoldPolicy(
    *,
    warmup_steps: int | None = None,
    warmup_ratio: float | None = None,
    hold_steps: int | None = None,
    hold_ratio: float | None = None,
    max_steps: int | None = None,
    min_lr: float = 0.0,
    base_lr: float = 1.0,
) -> Schedule:
    """``WarmupHoldPolicy``: the warmup, ``base`` held for ``hold_steps`` more, then ``base``.

    ``min_lr`` past ``max_steps`` (the hold wins over it, as NeMo checks the hold first).

    Examples:
        >>> s = WarmupHoldPolicy(warmup_steps=2, hold_steps=3, max_steps=10)
        >>> [f"{s(k):.2f}" for k in (0, 2, 4, 10, 11)]
        ['0.33', '1.00', '1.00', '1.00', '0.00']
    """
    api = "WarmupHoldPolicy"
    M = _max_steps(api, max_steps, required=False)
    W = _steps_or_ratio(api, "warmup", warmup_steps, warmup_ratio, M)
    H = _hold_end(api, W, hold_steps, hold_ratio, M)
    low, base = _lr(api, "min_lr", min_lr), _lr(api, "base_lr", base_lr)
    return _policy(base, W, M, low, constant(base), None, hold_end=H)


# ---------------------------------------------------------------------------------------- annealings
def SquareAnnealing(
    *,
    max_steps: int,
    min_lr: float = 1e-5,
    warmup_steps: int | None = None,
    warmup_ratio: float | None = None,
    base_lr: float = 1.0,
) -> Schedule:
    """``SquareAnnealing``: after the warmup, ``max(min_lr, base * ((M - k) / (M - W))**2)``.

    Note the default ``min_lr=1e-5`` (the other NeMo schedulers default to 0).

    Examples:
        >>> s = SquareAnnealing(max_steps=10, min_lr=0.0)
        >>> [f"{s(k):.2f}" for k in (0, 5, 10, 11)]
        ['1.00', '0.25', '0.00', '0.00']
    """
    api = "SquareAnnealing"
    M = _max_steps(api, max_steps)
    assert M is not None
    W = _steps_or_ratio(api, "warmup", warmup_steps, warmup_ratio, M)
    low, base = _lr(api, "min_lr", min_lr), _lr(api, "base_lr", base_lr)
    decay: Schedule = constant(low)
    if M > W:
        decay = _floor(polynomial(base, 0.0, M - W, 2.0), low)
    return _policy(base, W, M, low, decay, W)


def SquareRootAnnealing(
    *,
    max_steps: int,
    min_lr: float = 0.0,
    warmup_steps: int | None = None,
    warmup_ratio: float | None = None,
    base_lr: float = 1.0,
) -> Schedule:
    """``SquareRootAnnealing``: ``max(min_lr, base * sqrt((M - k) / M))``, from ``k = 0`` (not from ``W``).

    The decay ignores the warmup's offset, so the lr drops right after the warmup.

    Examples:
        >>> s = SquareRootAnnealing(max_steps=100, warmup_steps=50)
        >>> [f"{s(k):.3f}" for k in (50, 51, 75, 100)]
        ['1.000', '0.700', '0.500', '0.000']
    """
    api = "SquareRootAnnealing"
    M = _max_steps(api, max_steps)
    assert M is not None
    W = _steps_or_ratio(api, "warmup", warmup_steps, warmup_ratio, M)
    low, base = _lr(api, "min_lr", min_lr), _lr(api, "base_lr", base_lr)
    return _policy(base, W, M, low, _floor(polynomial(base, 0.0, M, 0.5), low), 0)


def CosineAnnealing(
    *,
    max_steps: int,
    min_lr: float = 0.0,
    warmup_steps: int | None = None,
    warmup_ratio: float | None = None,
    constant_steps: int | None = None,
    constant_ratio: float | None = None,
    base_lr: float = 1.0,
) -> Schedule:
    """``CosineAnnealing``: the warmup, a cosine from ``base`` to ``min_lr``, and ``min_lr`` held at the end.

    Without ``constant_steps``: ``(k + 1) / (W + 1)`` warmup, then ``min + (base - min) * (1 +
    cos(pi (k - W) / (M - W))) / 2``. With ``constant_steps = C > 0`` (Megatron's form): the
    warmup is ``base * k / W`` (from 0), the cosine runs over ``M - W - C`` steps, and ``min_lr``
    holds for the last ``C`` steps and after.

    Raises:
        ValueError: ``base_lr < min_lr`` (NeMo raises too), or ``base_lr == min_lr`` with
            ``constant_steps > 0`` (NeMo asserts ``max_lr > min_lr``).

    Examples:
        >>> s = CosineAnnealing(max_steps=100, warmup_steps=10, min_lr=0.1)
        >>> [f"{s(k):.3f}" for k in (0, 10, 55, 100, 101)]
        ['0.091', '1.000', '0.550', '0.100', '0.100']
        >>> s = CosineAnnealing(max_steps=100, warmup_steps=10, constant_steps=20)
        >>> [f"{s(k):.3f}" for k in (0, 5, 10, 45, 80, 100)]
        ['0.000', '0.500', '1.000', '0.500', '0.000', '0.000']
    """
    api = "CosineAnnealing"
    M = _max_steps(api, max_steps)
    assert M is not None
    W = _steps_or_ratio(api, "warmup", warmup_steps, warmup_ratio, M)
    if constant_steps is not None and constant_ratio is not None:
        raise ValueError(
            f"{api}(): give constant_steps or constant_ratio, not both, got "
            f"constant_steps={constant_steps!r}, "
            f"constant_ratio={constant_ratio!r}."
        )
    C = _steps_or_ratio(api, "constant", constant_steps, constant_ratio, M)
    low, base = _lr(api, "min_lr", min_lr), _lr(api, "base_lr", base_lr)
    if base < low or (C > 0 and base == low):
        rule = "greater than min_lr" if C > 0 else "at least min_lr"
        raise ValueError(f"{api}(): base_lr must be {rule}, got base_lr={base!r}, min_lr={low!r}.")
    if C == 0:
        decay: Schedule = constant(low)
        if M > W:
            decay = cosine(base, M - W, floor=low)
        return _policy(base, W, M, low, decay, W)
    Dd = M - (C + W)  # NeMo's decay_steps
    pieces: list[_Piece] = []
    after = 0
    if W > 0:
        pieces.append((0, linear(0.0, base, W), 0))
        after = W + 1
    if Dd > 0:
        pieces.append((after, cosine(base, Dd, floor=low), W))
        after = max(after, W + Dd + 1)
    pieces.append((after, constant(low), None))
    return _phases(*pieces)


def NoamAnnealing(
    *,
    d_model: int,
    warmup_steps: int | None = None,
    warmup_ratio: float | None = None,
    max_steps: int | None = None,
    min_lr: float = 0.0,
    base_lr: float = 1.0,
) -> Schedule:
    """``NoamAnnealing``: ``base * d_model**-0.5 * min(k'**-0.5, k' * W**-1.5)`` with ``k' = max(1, k)``.

    The peak ``base / sqrt(d_model * W)`` is at ``k = W``; step 0 equals step 1; ``min_lr`` floors
    the decay only after the warmup; ``max_steps`` only serves ``warmup_ratio`` (no end).

    Examples:
        >>> s = NoamAnnealing(d_model=16, warmup_steps=4)
        >>> [f"{s(k):.4f}" for k in (0, 1, 4, 16)]
        ['0.0312', '0.0312', '0.1250', '0.0625']
    """
    api = "NoamAnnealing"
    d = ck.positive(api, "d_model", d_model)
    M = _max_steps(api, max_steps, required=False)
    W = _steps_or_ratio(api, "warmup", warmup_steps, warmup_ratio, M)
    low, base = _lr(api, "min_lr", min_lr), _lr(api, "base_lr", base_lr)
    if base < low:
        raise ValueError(f"{api}(): base_lr must be at least min_lr, got base_lr={base!r}, min_lr={low!r}.")
    scale = base * d**-0.5
    if W == 0:  # scale / sqrt(max(1, k)), floored
        return _floor(shift(inverse_sqrt(scale, 1), 1), low)
    peak = scale * W**-0.5
    ramp = concat(constant(peak / W), shift(linear(0.0, peak, W), -1), at=[1])  # peak * max(1, k) / W
    decay = inverse_sqrt(peak, W)  # peak * sqrt(W / k) at k - W, floored from k = W + 1
    return _phases((0, ramp, 0), (W + 1, _floor(decay, low), W))


def WarmupAnnealing(
    *,
    max_steps: int,
    min_lr: float = 0.0,
    warmup_steps: int | None = None,
    warmup_ratio: float | None = None,
    base_lr: float = 1.0,
) -> Schedule:
    """``WarmupAnnealing``: the warmup, then linear from ``base`` to ``min_lr`` at ``max_steps``.

    NeMo uses the first group's lr for every group (``base_lrs[0]``); one preset per group here.

    Examples:
        >>> s = WarmupAnnealing(max_steps=10, warmup_steps=2)
        >>> [f"{s(k):.3f}" for k in (0, 2, 6, 10, 11)]
        ['0.333', '1.000', '0.500', '0.000', '0.000']
    """
    api = "WarmupAnnealing"
    M = _max_steps(api, max_steps)
    assert M is not None
    W = _steps_or_ratio(api, "warmup", warmup_steps, warmup_ratio, M)
    low, base = _lr(api, "min_lr", min_lr), _lr(api, "base_lr", base_lr)
    decay = linear(base, low, M - W) if M > W else constant(low)
    return _policy(base, W, M, low, decay, W)


def InverseSquareRootAnnealing(
    *,
    max_steps: int | None,
    min_lr: float = 0.0,
    warmup_steps: int | None = None,
    warmup_ratio: float | None = None,
    base_lr: float = 1.0,
) -> Schedule:
    """``InverseSquareRootAnnealing``: the warmup, then ``base / sqrt((k + 1) / (W + 1))``.

    There is no floor: the lr **jumps** to ``min_lr`` after ``max_steps`` (``None``: never).

    Examples:
        >>> s = InverseSquareRootAnnealing(max_steps=100, warmup_steps=3)
        >>> [f"{s(k):.3f}" for k in (0, 3, 15, 100, 101)]
        ['0.250', '1.000', '0.500', '0.199', '0.000']
    """
    api = "InverseSquareRootAnnealing"
    M = _max_steps(api, max_steps, required=False)
    W = _steps_or_ratio(api, "warmup", warmup_steps, warmup_ratio, M)
    low, base = _lr(api, "min_lr", min_lr), _lr(api, "base_lr", base_lr)
    return _policy(base, W, M, low, inverse_sqrt(base, W + 1), W)


def T5InverseSquareRootAnnealing(
    *,
    max_steps: int,
    constant_steps: int,
    min_lr: float = 0.0,
) -> Schedule:
    """``T5InverseSquareRootAnnealing``: ``1 / sqrt(max(k, C))``, whatever the optimizer's lr.

    ``min_lr`` past ``max_steps``.

    ``C = constant_steps`` must be a positive int: NeMo computes ``1 / constant_steps**0.5`` from
    the raw argument, so ``constant_ratio`` (``None ** 0.5``) and 0 fail there.

    Examples:
        >>> s = T5InverseSquareRootAnnealing(max_steps=1000, constant_steps=100)
        >>> [f"{s(k):.3f}" for k in (0, 100, 400, 1000, 1001)]
        ['0.100', '0.100', '0.050', '0.032', '0.000']
    """
    api = "T5InverseSquareRootAnnealing"
    M = _max_steps(api, max_steps)
    assert M is not None
    C = _args.whole(api, "constant_steps", constant_steps, minimum=1)
    low = _lr(api, "min_lr", min_lr)
    flat = C**-0.5
    pieces: list[_Piece] = [(0, constant(flat), None)]
    if M > C:
        pieces.append((C + 1, inverse_sqrt(flat, C), C))
    pieces.append((max(M, C) + 1, constant(low), None))
    return _phases(*pieces)


def _poly(api: str, power: Any, cycle: Any) -> tuple[float, bool]:
    p = ck.finite_float(api, "power", power)
    if p < 0:
        ck.value_error(api, "power", "a non-negative number", power)
    return p, ck.boolean(api, "cycle", cycle)


def PolynomialDecayAnnealing(
    *,
    max_steps: int,
    min_lr: float = 0.0,
    power: float = 1.0,
    cycle: bool = False,
    warmup_steps: int | None = None,
    warmup_ratio: float | None = None,
    base_lr: float = 1.0,
) -> Schedule:
    """``PolynomialDecayAnnealing``: the warmup, then ``(base - min) * (1 - (k - W) / (M - W))**power + min``.

    ``cycle`` never changes the curve: ``max_steps`` gives ``min_lr`` before a cycle could restart.

    Examples:
        >>> s = PolynomialDecayAnnealing(max_steps=10, power=2.0)
        >>> [f"{s(k):.2f}" for k in (0, 5, 10, 11)]
        ['1.00', '0.25', '0.00', '0.00']
    """
    api = "PolynomialDecayAnnealing"
    M = _max_steps(api, max_steps)
    assert M is not None
    W = _steps_or_ratio(api, "warmup", warmup_steps, warmup_ratio, M)
    low, base = _lr(api, "min_lr", min_lr), _lr(api, "base_lr", base_lr)
    p, _ = _poly(api, power, cycle)
    decay = polynomial(base, low, M - W, p) if M > W else constant(low)
    return _policy(base, W, M, low, decay, W)


def PolynomialHoldDecayAnnealing(
    *,
    max_steps: int,
    min_lr: float = 0.0,
    power: float = 1.0,
    cycle: bool = False,
    warmup_steps: int | None = None,
    warmup_ratio: float | None = None,
    hold_steps: int | None = None,
    hold_ratio: float | None = None,
    base_lr: float = 1.0,
) -> Schedule:
    """``PolynomialHoldDecayAnnealing``: warmup, hold, then a polynomial decay of ``k - H``.

    ``H`` is NeMo's hold end: ``W + hold_steps``, but **0 when no hold is given**; then the decay
    runs on the absolute step from the warmup's end (a drop), reaches ``min_lr`` early, and with
    ``cycle=True`` restarts (``D * ceil(x / D)``) before ``max_steps``.

    Examples:
        >>> s = PolynomialHoldDecayAnnealing(max_steps=20, warmup_steps=4, hold_steps=6)
        >>> [f"{s(k):.2f}" for k in (0, 4, 9, 10, 15, 20, 21)]
        ['0.20', '1.00', '1.00', '1.00', '0.50', '0.00', '0.00']
    """
    api = "PolynomialHoldDecayAnnealing"
    M = _max_steps(api, max_steps)
    assert M is not None
    W = _steps_or_ratio(api, "warmup", warmup_steps, warmup_ratio, M)
    H = _hold_end(api, W, hold_steps, hold_ratio, M)
    low, base = _lr(api, "min_lr", min_lr), _lr(api, "base_lr", base_lr)
    p, cyc = _poly(api, power, cycle)
    D = M - max(W, H)
    if D == 0 and H == M > W:
        raise ValueError(
            f"{api}(): the hold must not end exactly at max_steps, got a hold ending at {H!r} == max_steps. "
            "Hint: NeMo divides by zero (its decay has 0 steps) at that step."
        )
    decay = polynomial(base, low, D, p, cycle=cyc) if D > 0 else constant(low)
    return _policy(base, W, M, low, decay, H, hold_end=H)


# ---------------------------------------------------------------------------------------- from_config
_SCHEDULERS: dict[str, Callable[..., Schedule]] = {
    "WarmupPolicy": WarmupPolicy,
    "WarmupHoldPolicy": WarmupHoldPolicy,
    "SquareAnnealing": SquareAnnealing,
    "SquareRootAnnealing": SquareRootAnnealing,
    "CosineAnnealing": CosineAnnealing,
    "NoamAnnealing": NoamAnnealing,
    "WarmupAnnealing": WarmupAnnealing,
    "InverseSquareRootAnnealing": InverseSquareRootAnnealing,
    "T5InverseSquareRootAnnealing": T5InverseSquareRootAnnealing,
    "PolynomialDecayAnnealing": PolynomialDecayAnnealing,
    "PolynomialHoldDecayAnnealing": PolynomialHoldDecayAnnealing,
}

#: Keys of ``optim.sched`` that NeMo reads itself and does not pass to the scheduler.
_NEMO_KEYS = ("name", "monitor", "reduce_on_plateau", "iters_per_batch", "interval", "frequency")
_EPOCH_KEYS = ("t_max_epochs", "t_accumulate_grad_batches", "t_limit_train_batches", "t_num_workers")


def from_config(
    sched: Mapping[str, Any], *, base_lr: float | None = None, max_steps: int | None = None
) -> Schedule:
    """The schedule of a NeMo ``optim.sched`` section (a dict: ``name`` plus the scheduler's arguments).

    ``sched`` may also be the whole ``optim`` section (then ``optim.lr`` is the ``base_lr``) or a
    model config holding it (``{"model": {"optim": ...}}`` or ``{"optim": ...}``). ``max_steps`` is
    the section's ``max_steps``, else the argument (NeMo fills it in from the trainer or from
    ``t_max_epochs`` and the dataloader, which a config file alone cannot give). ``base_lr``
    defaults to ``optim.lr``, else 1.0.

    Refused: an unknown ``name`` (the valid ones are listed), an argument the scheduler does not
    take (named; NeMo: a ``TypeError`` at construction), ``max_steps: -1`` (NeMo then builds no
    scheduler and the lr stays constant), the ``args:``/``_target_`` forms (NeMo's dataclass
    configs: give the arguments directly).

    Examples:
        >>> optim = {"name": "adamw", "lr": 1e-3,
        ...          "sched": {"name": "CosineAnnealing", "warmup_steps": 100, "min_lr": 1e-5,
        ...                    "max_steps": 1000}}
        >>> s = from_config(optim)
        >>> f"{s(100):.1e} {s(550):.2e} {s(1000):.1e}"
        '1.0e-03 5.05e-04 1.0e-05'
    """
    api = "from_config"
    if not isinstance(sched, Mapping):
        ck.type_error(api, "sched", "a dict (the optim.sched section of a NeMo config)", sched)
    lr: Any = None
    node: Mapping[str, Any] = sched
    if "model" in node and isinstance(node["model"], Mapping):
        node = node["model"]
    if "optim" in node and isinstance(node["optim"], Mapping):
        node = node["optim"]
    if "sched" in node and isinstance(node["sched"], Mapping):
        lr = node.get("lr")
        node = node["sched"]
    if "args" in node or "_target_" in node:
        raise ValueError(
            f"{api}(): sched must give the scheduler's arguments directly, got the "
            f"{'args' if 'args' in node else '_target_'!r} form (NeMo's dataclass configs)."
        )
    name = node.get("name")
    if name not in _SCHEDULERS:
        rule = "one of " + ", ".join(map(repr, _SCHEDULERS))
        if isinstance(name, str):
            ck.value_error(api, "sched['name']", rule, name)
        ck.type_error(api, "sched['name']", rule, name)
    fn = _SCHEDULERS[name]
    allowed = [p for p in inspect.signature(fn).parameters if p != "base_lr"]
    kwargs: dict[str, Any] = {}
    for key, value in node.items():
        if key in _NEMO_KEYS or key == "max_steps":
            continue
        if key in _EPOCH_KEYS:
            if max_steps is None and node.get("max_steps") is None:
                raise ValueError(
                    f"{api}(): sched['{key}'] needs NeMo's train dataloader to compute max_steps; "
                    "pass max_steps= instead."
                )
            continue
        if key == "last_epoch":
            if value != -1:
                ck.value_error(api, "sched['last_epoch']", "-1 (a fresh schedule)", value)
            continue
        if key not in allowed:
            ck.value_error(api, f"sched of {name}", "made of " + ", ".join(allowed), key)
        kwargs[key] = value
    total = node.get("max_steps", max_steps)
    if total is None:
        total = max_steps
    if total == -1:
        ck.value_error(
            api,
            "sched['max_steps']",
            "a number of steps",
            -1,
            hint="with -1 NeMo builds no scheduler at all (the lr stays constant); pass max_steps=.",
        )
    if "max_steps" in allowed:
        kwargs["max_steps"] = total
    if "base_lr" in inspect.signature(fn).parameters:
        kwargs["base_lr"] = base_lr if base_lr is not None else (lr if lr is not None else 1.0)
    out: Schedule = fn(**kwargs)
    return out
