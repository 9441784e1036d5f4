"""DeepSpeed's ``deepspeed.runtime.lr_schedules`` (DeepSpeed 0.19.8) as lr_curves schedules.

Each function takes the DeepSpeed class's own name and parameters (the ``"params"`` of a
``ds_config.json`` ``"scheduler"`` entry, same names and defaults, minus ``optimizer`` and
``last_batch_iteration``) and returns a schedule ``s`` with

    ``s(k)`` = the lr after ``k`` calls of ``scheduler.step()`` (``k = 0``: right after construction),

which is the lr of the ``k``-th applied optimizer step of the DeepSpeed engine (the engine steps
the scheduler once per applied step; steps skipped on fp16 overflow are not counted). Where
DeepSpeed reads the optimizer's lr (``WarmupLR``'s ``warmup_max_lr=None``, ``WarmupCosineLR``)
the preset takes ``base_lr=`` (default 1.0). :func:`from_config` reads a whole ``ds_config``.

DeepSpeed counts with ``i = last_batch_iteration``, -1 at construction, so ``i = k - 1``; its
quirks, all reproduced:

- the default warmup is *logarithmic*: ``min + (max - min) * ln(i + 1) / ln(W)`` with
  ``W = max(2, warmup_num_steps)``; the first two updates both use ``warmup_min_lr``
  (``k = 0`` and ``k = 1``) and the peak comes at ``k = W``. The linear warmup
  ``min + (max - min) * i / W`` peaks one step later still, at ``k = W + 1``;
- ``WarmupDecayLR`` decays to ``warmup_min_lr`` (not 0) and its ``warmup_max_lr`` still defaults to
  0.001 (``WarmupLR``'s became ``None``, the optimizer's lr);
- ``WarmupCosineLR`` is 0 at construction, its cosine starts one step in (so a linear warmup never
  gives exactly ``base_lr``), and it holds ``cos_min_ratio`` past ``total_num_steps``;
- ``OneCycle``'s post-cycle decay is a continuous inverse-time decay, and its momentum is
  ``cycle_min_mom`` at construction but ``cycle_max_mom`` after the first step, then *grows* in the
  decay phase;
- ``LRRangeTest`` is linear in the step (``min * (1 + rate * k / size)``), not exponential.

Refused, though DeepSpeed accepts them: an unknown ``warmup_type`` (DeepSpeed warns and uses
``"log"``), per-param-group lists (one preset per group), negative ratios and rates (they would
give negative lrs), and fractional step counts (whole floats such as ``1e3`` are counts;
``warmup_num_steps`` and ``lr_range_test_step_size`` must be ints, as DeepSpeed 0.19.8 checks).
Nothing here imports DeepSpeed or torch.
"""

from __future__ import annotations

import inspect
import json
import os
from collections.abc import Callable, Mapping
from typing import Any

from lr_curves import (
    Schedule,
    concat,
    constant,
    cosine,
    inverse_time,
    linear,
    piecewise_constant,
    scale,
    shift,
    stretch,
    warmup,
)
from lr_curves import _checks as ck
from lr_curves.presets import _args

__all__ = [
    "LRRangeTest",
    "OneCycle",
    "OneCycle_momentum",
    "WarmupCosineLR",
    "WarmupDecayLR",
    "WarmupLR",
    "from_config",
]

_WARMUP_TYPES = ("log", "linear")

#: Unbounded linear growth (``LRRangeTest``, ``OneCycle``'s momentum decay) is a line over this
#: many steps, then constant: float64 stops counting single steps there anyway.
_HORIZON = 2**53

#: At most this many stairs per half cycle (each stair is a piece of the schedule).
_MAX_STAIRS = 100_000


# ---------------------------------------------------------------------------------------- helpers
def _lr(api: str, name: str, value: Any) -> float:
    if isinstance(value, (list, tuple)):
        ck.type_error(
            api,
            name,
            "a real number",
            value,
            hint="DeepSpeed takes one value per param group; build one preset per group.",
        )
    return ck.finite_float(api, name, value)


def _ratio(api: str, name: str, value: Any) -> float:
    out = _lr(api, name, value)
    if out < 0:
        ck.value_error(api, name, "a non-negative number", value, hint="a negative ratio gives negative lrs.")
    return out


def _warmup_steps(api: str, warmup_num_steps: Any) -> int:
    """DeepSpeed's ``W = max(2, warmup_num_steps)`` (0.19.8 refuses non-positive ints, as here)."""
    return max(2, ck.count(api, "warmup_num_steps", warmup_num_steps, minimum=1))  # an int, as DeepSpeed


def _warmup_into(rest: Schedule, W: int, start: float, top: float, kind: str) -> Schedule:
    """In DeepSpeed's ``i``: the warmup on ``[0, W)`` from ``start`` towards ``top``, then ``rest``.

    ``log``: ``start + (top - start) * ln(i + 1) / ln(W)``, which is the general ``"log"`` ramp over
    ``W - 1`` steps (it gives ``top`` at ``i = W - 1``). ``linear``: ``start + (top - start) * i / W``
    (it never gives ``top`` on ``[0, W)``).
    """
    if kind == "log":
        ramp = warmup(constant(top), W - 1, start=start, shape="log")
    else:
        ramp = linear(start, top, W)
    return concat(ramp, rest, at=[W])


def _after_construction(at_zero: Schedule | None, inner: Schedule) -> Schedule:
    """``s(0)`` from ``at_zero`` (``inner(0)`` if None), ``s(k) = inner(k - 1)`` after (``i = k - 1``)."""
    if at_zero is None:
        return shift(inner, 1)
    return concat(at_zero, inner, at=[1])


def _ray(start: float, slope: float) -> Schedule:
    """``start + slope * t``, unbounded in practice (constant after ``_HORIZON`` steps)."""
    if slope == 0:
        return constant(start)
    return linear(start, start + slope * _HORIZON, _HORIZON)


# ---------------------------------------------------------------------------------------- WarmupLR
def WarmupLR(
    warmup_min_lr: float = 0.0,
    warmup_max_lr: float | None = None,
    warmup_num_steps: int = 1000,
    warmup_type: str = "log",
    *,
    base_lr: float = 1.0,
) -> Schedule:
    """``WarmupLR``: from ``warmup_min_lr`` to ``warmup_max_lr`` over ``W`` steps, then constant.

    ``W = max(2, warmup_num_steps)``, ``i = k - 1``. ``log``: ``min + (max - min) * ln(i + 1) /
    ln(W)`` for ``i < W``: ``s(0) = s(1) = min`` and ``s(W) = max``. ``linear``: ``min + (max -
    min) * i / W``: ``s(0) = s(1) = min``, peak at ``k = W + 1``. ``warmup_max_lr=None`` (the
    default since DeepSpeed 0.19.8) is the optimizer's lr: ``base_lr``.

    Examples:
        >>> s = WarmupLR(warmup_max_lr=1.0, warmup_num_steps=100)
        >>> f"{s(0):.3f} {s(1):.3f} {s(10):.3f} {s(100):.3f} {s(101):.3f}"
        '0.000 0.000 0.500 1.000 1.000'
        >>> s = WarmupLR(warmup_max_lr=1.0, warmup_num_steps=4, warmup_type="linear")
        >>> [f"{s(k):.2f}" for k in range(6)]
        ['0.00', '0.00', '0.25', '0.50', '0.75', '1.00']
    """
    api = "WarmupLR"
    low = _lr(api, "warmup_min_lr", warmup_min_lr)
    top = _lr(
        api,
        "base_lr" if warmup_max_lr is None else "warmup_max_lr",
        base_lr if warmup_max_lr is None else warmup_max_lr,
    )
    W = _warmup_steps(api, warmup_num_steps)
    kind = ck.choice(api, "warmup_type", warmup_type, _WARMUP_TYPES)
    return _after_construction(None, _warmup_into(constant(top), W, low, top, kind))


def WarmupDecayLR(
    total_num_steps: int,
    warmup_min_lr: float = 0.0,
    warmup_max_lr: float | None = 0.001,
    warmup_num_steps: int = 1000,
    warmup_type: str = "log",
    *,
    base_lr: float = 1.0,
) -> Schedule:
    """``WarmupDecayLR``: ``WarmupLR``'s warmup, then linear decay back to ``warmup_min_lr``.

    With ``T = total_num_steps`` and ``i = k - 1``: the warmup of :func:`WarmupLR` for ``i < W``,
    then ``min + (max - min) * max(0, (T - i) / max(1, T - W))``: ``max`` at ``k = W + 1``,
    ``warmup_min_lr`` from ``k = T + 1`` on (not 0). ``T <= W`` (DeepSpeed only warns) drops to
    ``warmup_min_lr`` right after the warmup. Note the default ``warmup_max_lr=0.001``, not the
    optimizer's lr (DeepSpeed#7303); ``None`` means ``base_lr``.

    Examples:
        >>> s = WarmupDecayLR(10, warmup_max_lr=1.0, warmup_num_steps=2, warmup_type="linear")
        >>> [f"{s(k):.3f}" for k in (0, 1, 2, 3, 7, 11, 50)]
        ['0.000', '0.000', '0.500', '1.000', '0.500', '0.000', '0.000']
    """
    api = "WarmupDecayLR"
    T = _args.whole(api, "total_num_steps", total_num_steps, minimum=0)
    low = _lr(api, "warmup_min_lr", warmup_min_lr)
    top = _lr(
        api,
        "base_lr" if warmup_max_lr is None else "warmup_max_lr",
        base_lr if warmup_max_lr is None else warmup_max_lr,
    )
    W = _warmup_steps(api, warmup_num_steps)
    kind = ck.choice(api, "warmup_type", warmup_type, _WARMUP_TYPES)
    decay = linear(top, low, T - W) if T > W else constant(low)
    return _after_construction(None, _warmup_into(decay, W, low, top, kind))


def WarmupCosineLR(
    total_num_steps: int,
    warmup_min_ratio: float = 0.0,
    warmup_num_steps: int = 1000,
    cos_min_ratio: float = 0.0001,
    warmup_type: str = "log",
    *,
    base_lr: float = 1.0,
) -> Schedule:
    """``WarmupCosineLR``: ``base_lr`` times a ratio warmed up from ``warmup_min_ratio`` to 1, then a cosine.

    ``s(0) = 0`` (DeepSpeed sets 0.0 at construction). With ``i = k - 1``: for ``i < W`` the
    ratio is ``r0 + (1 - r0) * g(i)`` (``g`` the log or linear warmup of :func:`WarmupLR`); then
    ``c + (1 - c) * (1 + cos(pi p)) / 2`` with ``p = min(1, (i - W + 1) / max(1, T - W))``: the
    cosine starts one step in, and holds ``cos_min_ratio`` from ``k = T`` on (DeepSpeed 0.19.8
    clamps ``p``). ``base_lr`` is the optimizer's lr at construction.

    Examples:
        >>> s = WarmupCosineLR(12, warmup_num_steps=2, cos_min_ratio=0.0, warmup_type="linear")
        >>> [f"{s(k):.3f}" for k in (0, 1, 2, 3, 7, 12, 99)]
        ['0.000', '0.000', '0.500', '0.976', '0.500', '0.000', '0.000']
    """
    api = "WarmupCosineLR"
    T = _args.whole(api, "total_num_steps", total_num_steps, minimum=0)
    r0 = _ratio(api, "warmup_min_ratio", warmup_min_ratio)
    W = _warmup_steps(api, warmup_num_steps)
    c = _ratio(api, "cos_min_ratio", cos_min_ratio)
    kind = ck.choice(api, "warmup_type", warmup_type, _WARMUP_TYPES)
    base = _lr(api, "base_lr", base_lr)
    decay = shift(cosine(1.0, max(1, T - W), floor=c), -1)
    ratio = _warmup_into(decay, W, r0, 1.0, kind)
    return _after_construction(constant(0.0), ratio if base == 1.0 else scale(ratio, base))


# ---------------------------------------------------------------------------------------- OneCycle
def _stairs_up(f: int, count: int, lo: float, hi: float) -> Schedule:
    """``lo + (hi - lo) * floor(k * count / f) / count`` on ``[0, f)``.

    Stair ``j`` starts at ``ceil(j f / count)`` (exact integer arithmetic).
    """
    starts: dict[int, int] = {}
    for j in range(1, count):
        starts[-(-j * f // count)] = j  # a later j at the same step wins: the floor is the larger
    at = sorted(b for b in starts if 0 < b < f)
    values = [lo] + [lo + (hi - lo) * (starts[b] / count) for b in at]
    return piecewise_constant(values, tuple(at)) if at else constant(lo)


def _stairs_down(s2: int, count: int, lo: float, hi: float) -> Schedule:
    """``lo + (hi - lo) * floor((s2 - u) * count / s2) / count`` on ``(0, s2)``, ``hi`` at ``u = 0``.

    Stair ``j`` (``floor(...) >= j``) lasts while ``u <= s2 - ceil(j s2 / count)``.
    """
    drops: dict[int, int] = {}
    for j in range(count, 0, -1):
        u = s2 + (j * s2 // -count) + 1  # the first u below stair j
        drops[u] = j - 1  # a smaller j at the same step wins: it is the later drop
    at = sorted(u for u in drops if 0 < u < s2)
    values = [hi] + [lo + (hi - lo) * (drops[u] / count) for u in at]
    return piecewise_constant(values, tuple(at)) if at else constant(hi)


def _cycle(api: str, f: int, s2: int, c1: int, c2: int, lo: float, hi: float, tail: Schedule) -> Schedule:
    """The 1cycle triangle: ``lo -> hi`` in ``f`` steps, ``hi -> lo`` in ``s2``, then ``tail``."""
    for name, count in (("cycle_first_stair_count", c1), ("cycle_second_stair_count", c2)):
        if count > _MAX_STAIRS:
            ck.value_error(api, name, f"at most {_MAX_STAIRS}", count)
    up = _stairs_up(f, c1, lo, hi) if c1 > 0 else linear(lo, hi, f)
    if s2 == 0:  # DeepSpeed's phase is 0 again at k = f: the peak is never used
        return concat(up, tail, at=[f])
    down = _stairs_down(s2, c2, lo, hi) if c2 > 0 else linear(hi, lo, s2)
    return concat(up, down, tail, at=[f, f + s2])


def _one_cycle_shape(
    api: str,
    cycle_first_step_size: Any,
    cycle_second_step_size: Any,
    cycle_first_stair_count: Any,
    cycle_second_stair_count: Any,
    decay_step_size: Any,
) -> tuple[int, int, int, int, int]:
    f = _args.whole(api, "cycle_first_step_size", cycle_first_step_size, minimum=1)
    s2 = (
        f
        if cycle_second_step_size is None
        else _args.whole(api, "cycle_second_step_size", cycle_second_step_size, 0)
    )
    c1 = _args.whole(api, "cycle_first_stair_count", cycle_first_stair_count, minimum=-(2**63))
    c2 = (
        c1
        if cycle_second_stair_count is None
        else _args.whole(api, "cycle_second_stair_count", cycle_second_stair_count, -(2**63))
    )
    d = _args.whole(api, "decay_step_size", decay_step_size, minimum=0)
    return f, s2, c1, c2, d


def OneCycle(
    cycle_min_lr: float,
    cycle_max_lr: float,
    decay_lr_rate: float = 0.0,
    cycle_first_step_size: int = 2000,
    cycle_second_step_size: int | None = None,
    cycle_first_stair_count: int = 0,
    cycle_second_stair_count: int | None = None,
    decay_step_size: int = 0,
    cycle_momentum: bool = True,
    cycle_min_mom: float = 0.8,
    cycle_max_mom: float = 0.9,
    decay_mom_rate: float = 0.0,
) -> Schedule:
    """``OneCycle``'s lr: ``min -> max`` in ``f`` steps, back in ``s``, then an inverse-time decay.

    ``f = cycle_first_step_size``, ``s = cycle_second_step_size`` (default ``f``), ``S = f + s``:
    ``s(k) = min + (max - min) * k / f`` up to the peak at ``k = f``, down to ``min`` at ``k = S``,
    then ``min / (1 + decay_lr_rate * (k - S) / decay_step_size)`` (continuous, though DeepSpeed
    calls ``decay_step_size`` an interval; ``min`` held when the rate or the size is 0). With
    ``s = 0`` the lr is back at ``min`` at ``k = f``: the peak is never used. Stair counts ``> 0``
    quantise each half to ``floor(position * count) / count`` (DeepSpeed 0.19.8); ``<= 0`` is
    continuous. The momentum is :func:`OneCycle_momentum`.

    Examples:
        >>> s = OneCycle(0.1, 1.0, decay_lr_rate=1.0, cycle_first_step_size=10, decay_step_size=10)
        >>> [f"{s(k):.3f}" for k in (0, 5, 10, 15, 20, 30, 40)]
        ['0.100', '0.550', '1.000', '0.550', '0.100', '0.050', '0.033']
    """
    api = "OneCycle"
    f, s2, c1, c2, d = _one_cycle_shape(
        api,
        cycle_first_step_size,
        cycle_second_step_size,
        cycle_first_stair_count,
        cycle_second_stair_count,
        decay_step_size,
    )
    lo = _lr(api, "cycle_min_lr", cycle_min_lr)
    hi = _lr(api, "cycle_max_lr", cycle_max_lr)
    rate = _ratio(api, "decay_lr_rate", decay_lr_rate)
    ck.boolean(api, "cycle_momentum", cycle_momentum)
    _lr(api, "cycle_min_mom", cycle_min_mom)
    _lr(api, "cycle_max_mom", cycle_max_mom)
    _ratio(api, "decay_mom_rate", decay_mom_rate)
    tail = constant(lo) if rate == 0 or d == 0 else inverse_time(lo, rate, every=d)
    return _cycle(api, f, s2, c1, c2, lo, hi, tail)


def OneCycle_momentum(
    cycle_min_lr: float,
    cycle_max_lr: float,
    decay_lr_rate: float = 0.0,
    cycle_first_step_size: int = 2000,
    cycle_second_step_size: int | None = None,
    cycle_first_stair_count: int = 0,
    cycle_second_stair_count: int | None = None,
    decay_step_size: int = 0,
    cycle_momentum: bool = True,
    cycle_min_mom: float = 0.8,
    cycle_max_mom: float = 0.9,
    decay_mom_rate: float = 0.0,
) -> Schedule:
    """The ``beta1`` that ``OneCycle`` writes into each param group's ``betas`` (Adam-family optimizers).

    Same arguments as :func:`OneCycle`. ``cycle_min_mom`` at construction (DeepSpeed sets
    ``(cycle_min_mom, 0.99)`` then), but ``cycle_max_mom - (max_mom - min_mom) * scale`` after
    each step: ``cycle_max_mom`` after the first step, down to ``cycle_min_mom`` at the lr's peak,
    back at ``S``; then ``cycle_max_mom * (1 + decay_mom_rate * (k - S) / decay_step_size)``,
    which *grows*. DeepSpeed forces ``beta2 = 0.99`` and leaves optimizers without ``betas``
    alone (SGD's momentum is not cycled).

    Raises:
        ValueError: ``cycle_momentum=False`` (DeepSpeed leaves the betas alone then).

    Examples:
        >>> m = OneCycle_momentum(0.1, 1.0, cycle_first_step_size=10)
        >>> [f"{m(k):.2f}" for k in (0, 1, 5, 10, 20, 99)]
        ['0.80', '0.89', '0.85', '0.80', '0.90', '0.90']
    """
    api = "OneCycle_momentum"
    f, s2, c1, c2, d = _one_cycle_shape(
        api,
        cycle_first_step_size,
        cycle_second_step_size,
        cycle_first_stair_count,
        cycle_second_stair_count,
        decay_step_size,
    )
    _lr(api, "cycle_min_lr", cycle_min_lr)
    _lr(api, "cycle_max_lr", cycle_max_lr)
    _ratio(api, "decay_lr_rate", decay_lr_rate)
    if not ck.boolean(api, "cycle_momentum", cycle_momentum):
        ck.value_error(
            api,
            "cycle_momentum",
            "True for a momentum curve",
            cycle_momentum,
            hint="DeepSpeed leaves the betas alone.",
        )
    lo = _lr(api, "cycle_min_mom", cycle_min_mom)
    hi = _lr(api, "cycle_max_mom", cycle_max_mom)
    rate = _ratio(api, "decay_mom_rate", decay_mom_rate)
    tail = constant(hi) if rate == 0 or d == 0 else _ray(hi, hi * rate / d)
    # the momentum is the lr's scale mirrored: max_mom at scale 0, min_mom at scale 1
    cycle = _cycle(api, f, s2, c1, c2, hi, lo, tail)
    return concat(constant(lo), shift(cycle, -1), at=[1])


# ---------------------------------------------------------------------------------------- LRRangeTest
def LRRangeTest(
    lr_range_test_min_lr: float = 1e-3,
    lr_range_test_step_size: int = 2000,
    lr_range_test_step_rate: float = 1.0,
    lr_range_test_staircase: bool = False,
) -> Schedule:
    """``LRRangeTest``: ``min * (1 + rate * k / size)``, a *linear* rise with no end.

    With ``lr_range_test_staircase`` the interval is floored: ``min * (1 + rate * floor(k /
    size))``. (fastai's and Lightning's range tests are exponential; DeepSpeed's is linear.) The
    rise is a line over ``2**53`` intervals, then constant.

    Examples:
        >>> s = LRRangeTest(lr_range_test_min_lr=0.01, lr_range_test_step_size=10)
        >>> f"{s(0):.3f} {s(5):.3f} {s(10):.3f} {s(1000):.3f}"
        '0.010 0.015 0.020 1.010'
        >>> s = LRRangeTest(0.01, 10, lr_range_test_staircase=True)
        >>> f"{s(9):.3f} {s(10):.3f}"
        '0.010 0.020'
    """
    api = "LRRangeTest"
    low = _lr(api, "lr_range_test_min_lr", lr_range_test_min_lr)
    size = ck.count(api, "lr_range_test_step_size", lr_range_test_step_size, minimum=1)
    rate = _ratio(api, "lr_range_test_step_rate", lr_range_test_step_rate)
    stair = ck.boolean(api, "lr_range_test_staircase", lr_range_test_staircase)
    per_interval = _ray(low, low * rate)
    if rate == 0 or low == 0:
        return constant(low)
    return stretch(per_interval, size, staircase=stair)


# ---------------------------------------------------------------------------------------- from_config
_SCHEDULERS: dict[str, Callable[..., Schedule]] = {
    "WarmupLR": WarmupLR,
    "WarmupDecayLR": WarmupDecayLR,
    "WarmupCosineLR": WarmupCosineLR,
    "OneCycle": OneCycle,
    "LRRangeTest": LRRangeTest,
}

#: The schedulers that read the optimizer's lr (for the others ``base_lr`` is not needed).
_READS_OPTIMIZER_LR = {"WarmupLR": "warmup_max_lr", "WarmupDecayLR": "warmup_max_lr", "WarmupCosineLR": None}


def _load(api: str, ds_config: Any) -> Mapping[str, Any]:
    if isinstance(ds_config, (str, os.PathLike)):
        path = os.fspath(ds_config)
        try:
            with open(path, encoding="utf-8") as fh:
                data = json.load(fh)
        except OSError as exc:
            raise ValueError(f"{api}(): cannot read the DeepSpeed config {path!r}: {exc.strerror}.") from None
        except json.JSONDecodeError as exc:
            raise ValueError(
                f"{api}(): {path!r} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})."
            ) from None
        ds_config = data
    if not isinstance(ds_config, Mapping):
        ck.type_error(api, "ds_config", "a dict, or the path of a DeepSpeed JSON config", ds_config)
    return ds_config


def _optimizer_lr(api: str, config: Mapping[str, Any]) -> Any:
    opt = config.get("optimizer")
    if isinstance(opt, Mapping) and isinstance(opt.get("params"), Mapping):
        return opt["params"].get("lr")
    return None


def from_config(ds_config: Any, *, base_lr: float | None = None) -> Schedule:
    """The schedule a DeepSpeed config trains on: a whole ``ds_config``, its path, or its ``"scheduler"``.

    ``ds_config`` is a dict (the parsed ``ds_config.json``), a path to the JSON file, or the
    ``{"type": ..., "params": {...}}`` scheduler entry alone. ``type`` is one of ``WarmupLR``,
    ``WarmupDecayLR``, ``WarmupCosineLR``, ``OneCycle``, ``LRRangeTest``; ``params`` are that
    function's arguments. The optimizer's lr (for ``WarmupLR``/``WarmupDecayLR`` with
    ``warmup_max_lr`` null, and for ``WarmupCosineLR``) is ``base_lr``, else the config's
    ``"optimizer": {"params": {"lr": ...}}``, else 1.0.

    Stricter than DeepSpeed: an unknown ``type``, a parameter the scheduler does not take, an
    ``"auto"`` value (the transformers Trainer fills those in; give the number) and a
    ``last_batch_iteration`` other than -1 (a resumed run: evaluate ``s`` at the resumed step
    instead) are errors naming what was wrong. DeepSpeed's fallback to
    ``torch.optim.lr_scheduler`` classes is not supported here: use :mod:`lr_curves.presets.torch`.

    Examples:
        >>> cfg = {"optimizer": {"type": "AdamW", "params": {"lr": 3e-4}},
        ...        "scheduler": {"type": "WarmupDecayLR",
        ...                      "params": {"total_num_steps": 1000, "warmup_num_steps": 100,
        ...                                 "warmup_max_lr": None}}}
        >>> s = from_config(cfg)
        >>> f"{s(1):.1e} {s(100):.1e} {s(550):.1e} {s(2000):.1e}"
        '0.0e+00 3.0e-04 1.5e-04 0.0e+00'
    """
    api = "from_config"
    config = _load(api, ds_config)
    if "scheduler" in config:
        entry = config["scheduler"]
        where = "ds_config['scheduler']"
        if not isinstance(entry, Mapping):
            ck.type_error(api, where, "a dict with 'type' and 'params'", entry)
        opt_lr = _optimizer_lr(api, config)
    elif "type" in config:
        entry, where, opt_lr = config, "the scheduler entry", None
    else:
        keys = ", ".join(repr(k) for k in config) or "none"
        raise ValueError(
            f"{api}(): ds_config must have a 'scheduler' entry (or be one, with 'type' and 'params'), "
            f"got the keys {keys}."
        )
    extra = sorted(str(k) for k in entry if k not in ("type", "params"))
    if extra:
        ck.value_error(api, f"{where} keys", "only 'type' and 'params'", extra[0])
    kind = entry.get("type")
    if kind not in _SCHEDULERS:
        hint = "DeepSpeed also accepts torch.optim.lr_scheduler names: use lr_curves.presets.torch for those."
        if isinstance(kind, str):
            ck.value_error(
                api, f"{where}['type']", "one of " + ", ".join(map(repr, _SCHEDULERS)), kind, hint=hint
            )
        ck.type_error(api, f"{where}['type']", "one of " + ", ".join(map(repr, _SCHEDULERS)), kind)
    params = entry.get("params", {})
    if not isinstance(params, Mapping):
        ck.type_error(api, f"{where}['params']", "a dict", params)
    fn = _SCHEDULERS[kind]
    allowed = [p for p in inspect.signature(fn).parameters if p != "base_lr"]
    kwargs: dict[str, Any] = {}
    for key, value in params.items():
        if key == "last_batch_iteration":
            if value != -1 or isinstance(value, bool):
                ck.value_error(
                    api,
                    f"{where}['params']['last_batch_iteration']",
                    "-1 (a fresh schedule)",
                    value,
                    hint="for a resumed run, evaluate the schedule at the resumed step.",
                )
            continue
        if key not in allowed:
            ck.value_error(api, f"{where}['params'] of {kind}", "made of " + ", ".join(allowed), key)
        if value == "auto":
            ck.value_error(
                api,
                f"{where}['params']['{key}']",
                "a number",
                value,
                hint="the transformers Trainer fills 'auto' in from its TrainingArguments.",
            )
        kwargs[key] = value
    if kind in _READS_OPTIMIZER_LR:
        key = _READS_OPTIMIZER_LR[kind]
        needs_lr = key is None or kwargs.get(key, inspect.signature(fn).parameters[key].default) is None
        lr: Any = base_lr
        if lr is None and needs_lr:
            lr = opt_lr if opt_lr is not None else 1.0
            if lr == "auto":
                ck.value_error(
                    api,
                    "ds_config['optimizer']['params']['lr']",
                    "a number when the scheduler reads the optimizer's lr",
                    lr,
                    hint="pass base_lr=, or the number the transformers Trainer would fill in.",
                )
        if lr is not None:
            kwargs["base_lr"] = lr
    elif base_lr is not None:
        ck.finite_float(api, "base_lr", base_lr)
    out: Schedule = fn(**kwargs)
    return out
