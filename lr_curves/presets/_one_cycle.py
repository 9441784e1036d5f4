"""torch's one-cycle phases, shared by the presets that reproduce them (torch, PaddlePaddle).

``torch.optim.lr_scheduler.OneCycleLR`` and ``paddle.optimizer.lr.OneCycleLR`` lay out the same
two or three phases (ends ``pct_start * T - 1``, ``2 pct_start T - 2``, ``T - 1``) and anneal
between the same kind of values; only the values and the argument names differ. :func:`config`
computes the phase ends, :func:`phases` joins the annealing pieces, with every quirk of torch's
step loop (see :func:`lr_curves.presets.torch.OneCycleLR`). Private to the presets: a preset
module imports this one, never another preset's private helpers.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from typing import Any

from lr_curves import _checks as ck
from lr_curves._base import Schedule
from lr_curves._combinators import concat, shift
from lr_curves._primitives import constant, cosine, linear
from lr_curves.presets import _args

__all__ = ["OneCycle", "config", "phases"]


@dataclasses.dataclass(frozen=True)
class OneCycle:
    """The phase layout: ``total`` steps, the phases' end steps, cosine (or linear) annealing."""

    total: int
    ends: tuple[float, ...]
    cos: bool


def config(
    api: str,
    total_steps: Any,
    epochs: Any,
    steps_per_epoch: Any,
    pct_start: Any,
    anneal_strategy: Any,
    three_phase: Any,
) -> OneCycle:
    """The phase ends from torch's arguments (a preset with other names checks them first)."""
    if total_steps is not None:
        T = _args.whole(api, "total_steps", total_steps, 1)
    elif epochs is not None and steps_per_epoch is not None:
        T = _args.whole(api, "epochs", epochs, 1) * _args.whole(api, "steps_per_epoch", steps_per_epoch, 1)
    else:
        raise ValueError(f"{api}(): give either total_steps or both epochs and steps_per_epoch.")
    if not isinstance(pct_start, float):
        ck.type_error(api, "pct_start", "a float between 0 and 1 (as torch)", pct_start)
    if not 0.0 <= pct_start <= 1.0:
        ck.value_error(api, "pct_start", "a float between 0 and 1", pct_start)
    strategy = ck.choice(api, "anneal_strategy", anneal_strategy, ("cos", "linear"))
    three = ck.boolean(api, "three_phase", three_phase)
    e1 = float(pct_start * T) - 1
    ends = (e1, float(2 * pct_start * T) - 2, float(T - 1)) if three else (e1, float(T - 1))
    if e1 == 0.0:
        ck.value_error(
            api,
            "pct_start * total_steps",
            "different from 1",
            pct_start * T,
            hint="torch divides by zero at construction then (its first phase has no length).",
        )
    return OneCycle(T, ends, strategy == "cos")


def _anneal(cos: bool, a: float, b: float, steps: float, extrapolate_to: float | None) -> Schedule:
    """``anneal(a, b, u / steps)`` of torch: cosine or linear from ``a`` to ``b``.

    With ``extrapolate_to`` the curve goes on past ``steps`` with the same formula up to that
    local time (torch's last phase, evaluated one step past its end).
    ``steps`` may be negative for the last phase: torch then divides by it as well.
    """
    if cos:  # cos is even: a negative length (torch's backwards phase) is its absolute value
        return cosine(a, abs(steps), b, periodic=extrapolate_to is not None)
    if extrapolate_to is None or extrapolate_to <= steps:
        return linear(a, b, steps)
    return linear(a, a + (b - a) * (extrapolate_to / steps), extrapolate_to)


def phases(api: str, cfg: OneCycle, values: Sequence[tuple[float, float]], final: float) -> Schedule:
    """Join torch's phases: phase i serves the steps ``k <= end_i`` not served before; the last
    phase also serves the steps past its end, up to ``total_steps`` (where torch extrapolates);
    from the first step torch refuses (``total_steps + 1``, or a step where it would divide by
    zero) the value holds ``final``."""
    T = cfg.total
    items: list[tuple[float, Schedule]] = []
    cov = 0.0  # start of the steps not yet served
    stop = float(T + 1)
    n = len(cfg.ends)
    for i, (E, (a, b)) in enumerate(zip(cfg.ends, values, strict=True)):
        S = cfg.ends[i - 1] if i else 0.0
        if i < n - 1:
            if cov >= E:
                continue
            piece = _anneal(cfg.cos, a, b, E - S, None)
            items.append((cov, piece if cov == S else shift(piece, S - cov)))
            cov = E
            continue
        first = math.floor(cov) + 1 if items else 0  # first integer step this phase serves
        if first > T:
            break
        D = E - S
        if D == 0:  # torch divides by zero at `first`: hold the previous phase's end until then
            stop = float(first)
            break
        # D < 0 (three phases, the second ending after T - 1): torch's progress is negative
        piece = _anneal(cfg.cos, a, b, D, T - S)
        items.append((cov, piece if cov == S else shift(piece, S - cov)))
    items = [(s, p) for s, p in items if s < stop]
    pieces = [p for _, p in items]
    at = [s for s, _ in items[1:]]
    return concat(*pieces, constant(final), at=[*at, stop])
