"""katsura-jp's ``cosine_annealing_warmup`` package rebuilt from the lr_curves algebra.

``CosineAnnealingWarmupRestarts`` (github.com/katsura-jp/pytorch-cosine-annealing-with-warmup)
is a torch scheduler: ``s(k)`` equals the lr after ``k`` calls of ``scheduler.step()``. The
original package is not on PyPI; ``pytorch_optimizer``'s ``CosineAnnealingWarmupRestarts`` is
the same algorithm (with a default ``gamma`` of 0.9 instead of 1.0, and cycle lengths clamped
to at least one step). Nothing here imports torch.
"""

from __future__ import annotations

import math
import numbers
from typing import Any

from lr_curves import _checks as ck
from lr_curves._base import Schedule
from lr_curves._combinators import add, concat, restart, scale, shift, warmup
from lr_curves._primitives import constant, cosine, linear
from lr_curves.presets import _args

__all__ = ["CosineAnnealingWarmupRestarts"]

#: Cycles are laid out exactly up to this step (float64 steps are exact integers up to 2**53).
HORIZON = 2**53
#: The most cycles laid out before the horizon (slowly growing cycles would need more).
MAX_CYCLES = 10_000


def _cycle(peak: float, floor: float, warmup_steps: int, decay_steps: int) -> Schedule:
    """One cycle: ``floor -> peak`` linearly in ``warmup_steps``, then a cosine back to ``floor``
    over ``decay_steps`` (a cycle with no decay steps is all warmup)."""
    if decay_steps == 0:
        return linear(floor, peak, warmup_steps)
    decay = cosine(peak, decay_steps, floor)
    return warmup(decay, warmup_steps, start=floor) if warmup_steps else decay


def _lengths(api: str, first: int, mult: float | int, W: int) -> tuple[list[int], bool]:
    """The decay lengths ``D_n = C_n - W`` of the cycles as the peer computes them,
    ``D_{n+1} = int(D_n * cycle_mult)``, until they stop changing (``True``) or the cycles
    reach :data:`HORIZON` (``False``)."""
    D = [first - W]
    total = first
    while True:
        grown = D[-1] * mult
        if not math.isfinite(grown):
            ck.value_error(
                api,
                "cycle_mult",
                f"such that the cycles' lengths stay finite (cycle {len(D)} would last {grown!r} steps)",
                mult,
            )
        nxt = int(grown)
        if nxt == D[-1]:
            return D, True
        if nxt == 0 and W == 0:
            raise ValueError(
                f"{api}(): cycle_mult={mult!r} shrinks the cycles to zero steps after {len(D)} "
                "cycles, where the peer divides by zero. Hint: use cycle_mult >= 1."
            )
        D.append(nxt)
        total += nxt + W
        if total >= HORIZON:
            return D, False
        if len(D) > MAX_CYCLES:
            raise ValueError(
                f"{api}(): cycle_mult={mult!r} grows the cycles so slowly that more than "
                f"{MAX_CYCLES} restarts come before step 2**53, got first_cycle_steps={first}. "
                "Hint: use a larger cycle_mult, or 1.0."
            )


def CosineAnnealingWarmupRestarts(
    first_cycle_steps: int,
    cycle_mult: float = 1.0,
    max_lr: float = 0.1,
    min_lr: float = 0.001,
    warmup_steps: int = 0,
    gamma: float = 1.0,
) -> Schedule:
    """Cosine annealing with a linear warmup in every cycle, restarts and a decaying peak.

    Cycle ``n`` (from 0) has ``C_n`` steps: ``C_0 = first_cycle_steps`` and
    ``C_{n+1} = int((C_n - W) * cycle_mult) + W`` (only the part after the warmup grows, and
    it is truncated to whole steps each time, exactly as the peer's ``step()`` does). At step
    ``s`` of cycle ``n``, with ``peak_n = max_lr * gamma**n``:

    - ``s < W``: ``min_lr + (peak_n - min_lr) * s / W``
    - else: ``min_lr + (peak_n - min_lr) * (1 + cos(pi * (s - W) / (C_n - W))) / 2``

    Quirks reproduced:

    - ``init_lr``: right after construction the peer sets the lr to ``min_lr``, so ``s(0)`` is
      ``min_lr`` even when ``warmup_steps=0`` (the formula's ``max_lr`` at step 0 is never used).
    - the cycle lengths are integer-truncated at every restart, so a non-integer
      ``cycle_mult`` does not give geometric cycles (``first_cycle_steps=5, cycle_mult=1.1``
      keeps 5-step cycles forever). The preset computes the lengths the same way, once, at
      construction, and lays the cycles out explicitly up to step ``2**53`` (or, once the
      lengths stop changing, as one periodic :func:`~lr_curves.restart`); so the cycle of any
      step is exact, at any step.
    - ``cycle_mult < 1`` shrinks the cycles; once the part after the warmup reaches 0 steps the
      cycles are warmup ramps only (``pytorch_optimizer`` keeps one step instead).

    Divergence not reproduced: the peer's deprecated ``step(epoch)`` path uses
    ``int(log(...))`` and ``first_cycle_steps * cycle_mult**n`` (warmup included in the
    growth), which disagrees with its own ``step()`` path when ``cycle_mult != 1`` and
    ``warmup_steps > 0``; the preset follows ``step()``.

    Args:
        first_cycle_steps: Length of the first cycle, a positive int.
        cycle_mult: Growth of the part of each cycle after the warmup (> 0).
        max_lr: Peak of the first cycle.
        min_lr: The floor (start of each warmup, end of each cosine).
        warmup_steps: Warmup steps at the start of every cycle (``< first_cycle_steps``).
        gamma: Factor of each cycle's peak relative to the one before (> 0).

    Raises:
        ValueError: ``warmup_steps >= first_cycle_steps`` (the peer asserts it), non-positive
            ``cycle_mult`` or ``gamma``, or cycles that shrink to zero steps without warmup
            (the peer divides by zero there).

    Examples:
        >>> s = CosineAnnealingWarmupRestarts(10, max_lr=1.0, min_lr=0.0, warmup_steps=2)
        >>> f"{s(0):.2f} {s(1):.2f} {s(2):.2f} {s(6):.2f} {s(10):.2f} {s(12):.2f}"
        '0.00 0.50 1.00 0.50 0.00 1.00'
    """
    api = "CosineAnnealingWarmupRestarts"
    first = _args.whole(api, "first_cycle_steps", first_cycle_steps, 1)
    W = _args.whole(api, "warmup_steps", warmup_steps, 0)
    if first <= W:
        raise ValueError(
            f"{api}(): warmup_steps must be less than first_cycle_steps, got warmup_steps={W} "
            f"and first_cycle_steps={first}."
        )
    mult: Any = cycle_mult
    if isinstance(mult, bool) or not isinstance(mult, numbers.Real):
        ck.type_error(api, "cycle_mult", "a positive number", mult)
    mult = ck.positive(api, "cycle_mult", mult)
    top = ck.finite_float(api, "max_lr", max_lr)
    low = ck.finite_float(api, "min_lr", min_lr)
    g = ck.positive_float(api, "gamma", gamma)

    decays, settled = _lengths(api, first, mult, W)
    pieces = [_cycle(top * g**n, low, W, D) for n, D in enumerate(decays)]
    if settled:
        # from the last listed cycle on, every cycle has the same length: one periodic restart
        n0, D = len(decays) - 1, decays[-1]
        every = D + W
        if g == 1.0:
            tail: Schedule = restart(pieces[-1], every)
        else:
            unit = _cycle(1.0, 0.0, W, D)  # 0 -> 1 -> 0: the value is low + (peak_n - low) * unit
            tail = add(
                constant(low),
                scale(restart(unit, every, decay=g), top * g**n0),
                scale(restart(unit, every), -low),
            )
        pieces[-1] = tail
    starts: list[int | float] = []
    total: int | float = 0
    for D in decays[:-1]:
        total += D + W
        starts.append(total)
    body = pieces[0] if len(pieces) == 1 else concat(*pieces, at=starts)
    if W == 0:  # init_lr: the lr right after construction is min_lr, not the formula's max_lr
        return concat(constant(low), shift(body, -1), at=[1])
    return body
