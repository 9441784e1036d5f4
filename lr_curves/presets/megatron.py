"""Megatron's ``OptimizerParamScheduler`` (megatron-core 0.16.1) as lr_curves schedules.

:func:`OptimizerParamScheduler` takes the class's own arguments (minus ``optimizer``) and returns
the lr schedule ``s`` with ``s(n)`` = the lr after ``step(increment)`` calls totalling ``n``
(``num_steps = n``; construction calls ``step(0)``). Megatron counts **samples**: the training
loop steps by the global batch size per successful iteration, and :func:`from_args` (Megatron's
argument names: an ``argparse.Namespace`` or a dict) gives the schedule per iteration (or per
sample, ``unit="sample"``). :func:`OptimizerParamScheduler_weight_decay` is the weight-decay
schedule the same object writes (``param_group["weight_decay"]``).

With ``W = lr_warmup_steps``, ``D = lr_decay_steps``, ``n`` the step count:

- warmup (``W > 0``, ``n <= W``, **inclusive**): ``init_lr + (max_lr - init_lr) * n / W``, so
  ``s(0) = init_lr`` (0 by Megatron's default: the first update uses lr 0) and ``s(W) = max_lr``;
- ``"constant"``: ``max_lr`` forever (even past ``D``);
- past ``D`` (``n > D``): ``min_lr``, for every other style;
- ``"linear"`` / ``"cosine"``: ``min + (max - min) * c`` with ``c = 1 - r`` or ``(1 + cos(pi r)) / 2``,
  ``r = (n - W) / (D - W)``;
- ``"inverse-square-root"``: ``max(min_lr, max_lr * sqrt(max(W, 1)) / sqrt(max(n, 1)))``, which
  **jumps** to ``min_lr`` after ``D``;
- ``"WSD"``: ``max_lr`` until ``A = D - wsd_decay_steps`` (absolute, not after the warmup), then
  with ``r = (n - A) / wsd_decay_steps``: ``"linear"`` ``1 - r``, ``"cosine"`` ``(1 + cos(pi r)) / 2``,
  ``"exponential"`` ``2 * 0.5**r - 1`` (the exponential of the algebra, affinely mapped),
  ``"minus_sqrt"`` ``1 - sqrt(r)`` (the ``"1-sqrt"`` cooldown).

``W`` and ``D`` may be fractional (``lr_warmup_fraction * D``); the steps Megatron takes are whole
numbers, and between two whole steps the preset holds the value the next comparison gives.
Refused where Megatron would fail later (at the first decay step) or assert: an unknown decay or
WSD style, ``WSD`` without ``wsd_decay_steps``/``lr_wsd_decay_style``, and Megatron's own asserts
(``min_lr >= 0``, ``max_lr >= min_lr``, ``init_lr <= max_lr``, ``0 <= W < D``). Nothing here
imports Megatron or torch.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from lr_curves import (
    Schedule,
    add,
    clip,
    concat,
    constant,
    cooldown,
    cosine,
    exponential,
    inverse_sqrt,
    linear,
    scale,
    shift,
    warmup,
)
from lr_curves import _checks as ck
from lr_curves.presets import _args

__all__ = [
    "OptimizerParamScheduler",
    "OptimizerParamScheduler_weight_decay",
    "from_args",
    "from_args_weight_decay",
]

_DECAY_STYLES = ("constant", "linear", "cosine", "inverse-square-root", "WSD")
_WSD_STYLES = ("exponential", "linear", "cosine", "minus_sqrt")
_WD_STYLES = ("constant", "linear", "cosine")


def _after(b: float) -> int:
    """The first whole step past ``b``: Megatron's ``n <= b`` comparisons are inclusive."""
    return math.floor(b) + 1


def _from(piece: Schedule, start: float, origin: float) -> Schedule:
    """``piece`` written in ``x = n - origin``, used from step ``start``: in local time ``n - start``."""
    by = origin - start
    return piece if by == 0 else shift(piece, by)


def _wsd_decay(top: float, low: float, wsd: float, style: str) -> Schedule:
    """The WSD anneal in ``y = n - A``: ``min + (max - min) * c(y / wsd)``, ``max`` for ``y <= 0``."""
    if wsd == 0:
        return constant(top)
    if style == "exponential":  # min + (max - min) * c, c = 2 * 0.5**r - 1: exactly 1 and 0 at the ends
        coeff = add(exponential(2.0, 0.5, wsd), -1.0)
        return add(low, scale(coeff, top - low)) if low else scale(coeff, top)
    shape = {"linear": "linear", "cosine": "cosine", "minus_sqrt": "1-sqrt"}[style]
    return cooldown(top, low, wsd, shape=shape)


def _lr_schedule(
    api: str,
    init_lr: Any,
    max_lr: Any,
    min_lr: Any,
    lr_warmup_steps: Any,
    lr_decay_steps: Any,
    lr_decay_style: Any,
    wsd_decay_steps: Any,
    lr_wsd_decay_style: Any,
    one: float = 1,
) -> Schedule:
    """The lr schedule; ``one`` is Megatron's count 1 (a sample) in the unit of the lengths."""
    init = ck.finite_float(api, "init_lr", init_lr)
    top = ck.finite_float(api, "max_lr", max_lr)
    low = ck.finite_float(api, "min_lr", min_lr)
    if low < 0:
        ck.value_error(api, "min_lr", "a non-negative number", min_lr)
    if top < low:
        raise ValueError(f"{api}(): max_lr must be at least min_lr, got max_lr={top!r}, min_lr={low!r}.")
    if init > top:
        raise ValueError(f"{api}(): init_lr must be at most max_lr, got init_lr={init!r}, max_lr={top!r}.")
    W = ck.non_negative(api, "lr_warmup_steps", lr_warmup_steps)
    D = ck.positive(api, "lr_decay_steps", lr_decay_steps)
    if not W < D:
        raise ValueError(
            f"{api}(): lr_warmup_steps must be less than lr_decay_steps, got lr_warmup_steps={W!r}, "
            f"lr_decay_steps={D!r}."
        )
    style = ck.choice(api, "lr_decay_style", lr_decay_style, _DECAY_STYLES)
    start = _after(W) if W > 0 else 0  # the first step past the warmup
    end = _after(D)  # the first step at min_lr
    if style == "constant":
        rest: Schedule = constant(top)
    elif style == "linear":
        rest = _from(linear(top, low, D - W), start, W)
    elif style == "cosine":
        rest = _from(cosine(top, D - W, floor=low), start, W)
    elif style == "inverse-square-root":
        w1 = max(W, one)  # max_lr * sqrt(w1 / max(n, 1)) = inverse_sqrt(max_lr, w1) at n - w1
        curve = inverse_sqrt(top, w1)
        rest = _from(clip(curve, low=low) if low > 0 else curve, start, w1)
    else:
        if wsd_decay_steps is None:
            ck.value_error(api, "wsd_decay_steps", "a number of steps for lr_decay_style='WSD'", None)
        wsd = ck.non_negative(api, "wsd_decay_steps", wsd_decay_steps)
        if lr_wsd_decay_style is None:
            ck.value_error(api, "lr_wsd_decay_style", "one of " + ", ".join(map(repr, _WSD_STYLES)), None)
        wstyle = ck.choice(api, "lr_wsd_decay_style", lr_wsd_decay_style, _WSD_STYLES)
        rest = _from(_wsd_decay(top, low, wsd, wstyle), start, D - wsd)
    pieces: list[Schedule] = []
    at: list[float] = []
    if W > 0:
        pieces.append(linear(init, top, W))
        at.append(start)
    pieces.append(rest)
    if style != "constant":
        at.append(end)
        pieces.append(constant(low))
    return pieces[0] if len(pieces) == 1 else concat(*pieces, at=at)


def _wd_schedule(
    api: str, start_wd: Any, end_wd: Any, wd_incr_steps: Any, wd_incr_style: Any, wd_mult: Any
) -> Schedule:
    a = ck.finite_float(api, "start_wd", start_wd)
    b = ck.finite_float(api, "end_wd", end_wd)
    if a < 0:
        ck.value_error(api, "start_wd", "a non-negative number", start_wd)
    if b < a:
        raise ValueError(f"{api}(): end_wd must be at least start_wd, got end_wd={b!r}, start_wd={a!r}.")
    style = ck.choice(api, "wd_incr_style", wd_incr_style, _WD_STYLES)
    S = ck.non_negative(api, "wd_incr_steps", wd_incr_steps)
    mult = ck.finite_float(api, "wd_mult", wd_mult)
    if style == "constant":
        if a != b:
            raise ValueError(
                f"{api}(): start_wd must equal end_wd for wd_incr_style='constant', got start_wd={a!r}, "
                f"end_wd={b!r}."
            )
        return constant(b * mult)
    if S == 0:
        ck.value_error(
            api,
            "wd_incr_steps",
            f"positive for wd_incr_style={style!r}",
            wd_incr_steps,
            hint="Megatron divides by it.",
        )
    a, b = a * mult, b * mult
    ramp = linear(a, b, S) if style == "linear" else warmup(constant(b), S, start=a, shape="cosine")
    return concat(ramp, constant(b), at=[_after(S)])


def OptimizerParamScheduler(
    init_lr: float,
    max_lr: float,
    min_lr: float,
    lr_warmup_steps: float,
    lr_decay_steps: float,
    lr_decay_style: str,
    start_wd: float | None = None,
    end_wd: float | None = None,
    wd_incr_steps: float | None = None,
    wd_incr_style: str | None = None,
    use_checkpoint_opt_param_scheduler: bool = True,
    override_opt_param_scheduler: bool = False,
    wsd_decay_steps: float | None = None,
    lr_wsd_decay_style: str | None = None,
) -> Schedule:
    """Megatron's lr: ``param_group["lr"]`` at ``num_steps = n`` (the class's units: samples in training).

    The formulas are in the module docstring. The weight-decay arguments (required by Megatron,
    optional here) are validated when given; their schedule is
    :func:`OptimizerParamScheduler_weight_decay`. The two checkpoint flags do not change the
    curve (Megatron's assert that both are not set is kept).

    Examples:
        >>> s = OptimizerParamScheduler(0.0, 1.0, 0.1, 10, 110, "cosine")
        >>> f"{s(5):.3f} {s(10):.3f} {s(60):.3f} {s(110):.3f} {s(111):.3f}"
        '0.500 1.000 0.550 0.100 0.100'
        >>> s = OptimizerParamScheduler(0.0, 1.0, 0.0, 0, 100, "WSD", wsd_decay_steps=20,
        ...                             lr_wsd_decay_style="exponential")
        >>> f"{s(80):.3f} {s(90):.3f} {s(100):.3f} {s(101):.3f}"
        '1.000 0.414 0.000 0.000'
    """
    api = "OptimizerParamScheduler"
    if ck.boolean(api, "override_opt_param_scheduler", override_opt_param_scheduler) and ck.boolean(
        api, "use_checkpoint_opt_param_scheduler", use_checkpoint_opt_param_scheduler
    ):
        raise ValueError(
            f"{api}(): override_opt_param_scheduler and use_checkpoint_opt_param_scheduler must not both be "
            "True, got both (Megatron asserts)."
        )
    if start_wd is not None or end_wd is not None or wd_incr_style is not None:
        _wd_schedule(
            api,
            0.0 if start_wd is None else start_wd,
            0.0 if end_wd is None else end_wd,
            1 if wd_incr_steps is None else wd_incr_steps,
            "constant" if wd_incr_style is None else wd_incr_style,
            1.0,
        )
    return _lr_schedule(
        api,
        init_lr,
        max_lr,
        min_lr,
        lr_warmup_steps,
        lr_decay_steps,
        lr_decay_style,
        wsd_decay_steps,
        lr_wsd_decay_style,
    )


def OptimizerParamScheduler_weight_decay(
    start_wd: float,
    end_wd: float,
    wd_incr_steps: float,
    wd_incr_style: str,
    *,
    wd_mult: float = 1.0,
) -> Schedule:
    """The weight decay ``OptimizerParamScheduler`` writes: ``get_wd() * param_group["wd_mult"]``.

    With ``r = n / wd_incr_steps``: ``"linear"`` ``start + r * (end - start)``, ``"cosine"``
    ``start + (1 - cos(pi r)) / 2 * (end - start)`` (an *increasing* cosine), ``"constant"``
    ``end_wd`` (Megatron asserts ``start_wd == end_wd``); ``end_wd`` past ``wd_incr_steps``.
    Megatron's asserts are kept: ``start_wd >= 0``, ``end_wd >= start_wd``; ``wd_incr_steps=0``
    with a non-constant style is refused (Megatron divides by zero at construction).

    Examples:
        >>> w = OptimizerParamScheduler_weight_decay(0.0, 0.1, 100, "cosine")
        >>> f"{w(0):.3f} {w(50):.3f} {w(100):.3f} {w(10**6):.3f}"
        '0.000 0.050 0.100 0.100'
    """
    return _wd_schedule(
        "OptimizerParamScheduler_weight_decay", start_wd, end_wd, wd_incr_steps, wd_incr_style, wd_mult
    )


# ---------------------------------------------------------------------------------------- from_args
#: Megatron's defaults for the arguments read here (megatron/training/arguments.py, training_config.py).
_ARGS: dict[str, Any] = {
    "lr": None,
    "min_lr": 0.0,
    "lr_warmup_init": 0.0,
    "lr_decay_style": "linear",
    "lr_wsd_decay_style": "exponential",
    "lr_decay_iters": None,
    "lr_decay_samples": None,
    "lr_wsd_decay_iters": None,
    "lr_wsd_decay_samples": None,
    "lr_warmup_fraction": None,
    "lr_warmup_iters": 0,
    "lr_warmup_samples": 0,
    "train_iters": None,
    "train_samples": None,
    "global_batch_size": None,
    "rampup_batch_size": None,
    "weight_decay": 0.01,
    "start_weight_decay": None,
    "end_weight_decay": None,
    "weight_decay_incr_style": "constant",
    "override_opt_param_scheduler": False,
    "use_checkpoint_opt_param_scheduler": False,
}

_SCHEDULER_WORDS = ("lr", "warmup", "decay")


def _read_args(api: str, args: Any) -> dict[str, Any]:
    if isinstance(args, Mapping):
        for key in args:
            known = key in _ARGS
            if not known and isinstance(key, str) and any(w in key.split("_") for w in _SCHEDULER_WORDS):
                ck.value_error(
                    api,
                    "args",
                    "made of Megatron's scheduler arguments (" + ", ".join(_ARGS) + ")",
                    key,
                    hint="Megatron has no such argument; a misspelt one would be ignored.",
                )
        get = args.get
    else:
        if isinstance(args, (str, bytes)) or not hasattr(args, "__dict__"):
            ck.type_error(api, "args", "an argparse.Namespace or a dict", args)

        def get(key: str, default: Any = None) -> Any:
            return getattr(args, key, default)

    return {k: get(k, v) for k, v in _ARGS.items()}


def _lengths(api: str, a: dict[str, Any], unit: str) -> tuple[float, float, float, float | None, int]:
    """``(lr_warmup_steps, lr_decay_steps, wd_incr_steps, wsd_decay_steps)`` as Megatron computes them
    (in samples), divided by the global batch size for ``unit="iteration"``; then that divisor."""
    if a["rampup_batch_size"] and unit == "iteration":
        ck.value_error(
            api,
            "args.rampup_batch_size",
            "None for unit='iteration'",
            a["rampup_batch_size"],
            hint="the batch size changes, so an iteration is not a fixed number of samples; "
            "use unit='sample'.",
        )
    wsd: float | None
    if a["train_iters"]:
        gbs = _args.whole(api, "args.global_batch_size", a["global_batch_size"], minimum=1)
        train = _args.whole(api, "args.train_iters", a["train_iters"], minimum=1)
        decay_iters = train if a["lr_decay_iters"] is None else a["lr_decay_iters"]
        D = ck.positive(api, "args.lr_decay_iters", decay_iters) * gbs
        wd_steps: float = train * gbs
        wsd = None
        if a["lr_wsd_decay_iters"] is not None:
            wsd = ck.non_negative(api, "args.lr_wsd_decay_iters", a["lr_wsd_decay_iters"]) * gbs
        if a["lr_warmup_fraction"] is not None:
            W = ck.finite_float(api, "args.lr_warmup_fraction", a["lr_warmup_fraction"]) * D
        else:
            W = ck.non_negative(api, "args.lr_warmup_iters", a["lr_warmup_iters"]) * gbs
    elif a["train_samples"]:
        samples = _args.whole(api, "args.train_samples", a["train_samples"], minimum=1)
        decay = samples if a["lr_decay_samples"] is None else a["lr_decay_samples"]
        D = ck.positive(api, "args.lr_decay_samples", decay)
        wd_steps = samples
        wsd = a["lr_wsd_decay_samples"]
        if a["lr_warmup_fraction"] is not None:
            W = ck.finite_float(api, "args.lr_warmup_fraction", a["lr_warmup_fraction"]) * D
        else:
            W = ck.non_negative(api, "args.lr_warmup_samples", a["lr_warmup_samples"])
        gbs = (
            1
            if unit == "sample"
            else _args.whole(api, "args.global_batch_size", a["global_batch_size"], minimum=1)
        )
    else:
        raise ValueError(
            f"{api}(): args must set train_iters or train_samples (as Megatron requires), got neither."
        )
    if unit == "sample" or gbs == 1:
        return W, D, wd_steps, wsd, 1
    return _div(W, gbs), _div(D, gbs), _div(wd_steps, gbs), None if wsd is None else _div(wsd, gbs), gbs


def _div(samples: float, per: int) -> float:
    """Samples to iterations (an int when it divides exactly)."""
    if isinstance(samples, int) and samples % per == 0:
        return samples // per
    return samples / per


def from_args(args: Any, *, unit: str = "iteration") -> Schedule:
    """The lr of Megatron's training loop, from its arguments (``args.lr``, ``args.lr_decay_style``, ...).

    ``args`` is Megatron's ``argparse.Namespace`` or a dict with its argument names: ``lr``,
    ``min_lr``, ``lr_warmup_init``, ``lr_decay_style``, ``lr_wsd_decay_style``, ``train_iters`` with
    ``global_batch_size``, ``lr_decay_iters``, ``lr_warmup_iters`` / ``lr_warmup_fraction``,
    ``lr_wsd_decay_iters`` (or the ``*_samples`` ones with ``train_samples``), as
    ``get_optimizer_param_scheduler`` builds the scheduler (defaults as Megatron's:
    ``lr_decay_style='linear'``, ``lr_wsd_decay_style='exponential'``, ``min_lr=0``). Megatron
    steps the scheduler by the global batch size per iteration: ``unit="iteration"`` (default)
    gives ``s(k)`` = the lr of iteration ``k``, ``unit="sample"`` the scheduler's own count. A dict
    key that looks like a scheduler argument Megatron does not have is refused (a typo would
    otherwise be ignored).

    Examples:
        >>> s = from_args({"lr": 3e-4, "min_lr": 3e-5, "lr_decay_style": "cosine", "train_iters": 1000,
        ...                "global_batch_size": 256, "lr_warmup_iters": 100})
        >>> f"{s(0):.1e} {s(100):.1e} {s(550):.2e} {s(1000):.1e} {s(5000):.1e}"
        '0.0e+00 3.0e-04 1.65e-04 3.0e-05 3.0e-05'
    """
    api = "from_args"
    unit = ck.choice(api, "unit", unit, ("iteration", "sample"))
    a = _read_args(api, args)
    if a["lr"] is None:
        ck.value_error(api, "args.lr", "a number (Megatron's --lr has no default)", None)
    W, D, _, wsd, per = _lengths(api, a, unit)
    style, wstyle = a["lr_decay_style"], a["lr_wsd_decay_style"]
    init, top, low = a["lr_warmup_init"], a["lr"], a["min_lr"]
    return _lr_schedule(api, init, top, low, W, D, style, wsd, wstyle, one=1 / per)


def from_args_weight_decay(args: Any, *, unit: str = "iteration") -> Schedule:
    """The weight decay of Megatron's training loop, from its arguments.

    ``weight_decay_incr_style='constant'`` (the default) uses ``weight_decay`` throughout (Megatron
    sets ``start_weight_decay = end_weight_decay = weight_decay``); otherwise
    ``start_weight_decay`` rises to ``end_weight_decay`` over ``train_iters`` (or ``train_samples``).
    Before ``wd_mult`` (a per-group multiplier).

    Examples:
        >>> w = from_args_weight_decay({"train_iters": 100, "global_batch_size": 8, "start_weight_decay": 0.0,
        ...                             "end_weight_decay": 0.1, "weight_decay_incr_style": "linear"})
        >>> f"{w(0):.3f} {w(50):.3f} {w(100):.3f}"
        '0.000 0.050 0.100'
    """
    api = "from_args_weight_decay"
    unit = ck.choice(api, "unit", unit, ("iteration", "sample"))
    a = _read_args(api, args)
    _, _, wd_steps, _, _ = _lengths(api, a, unit)
    style = a["weight_decay_incr_style"]
    if style == "constant":
        start = end = a["weight_decay"]
    else:
        start, end = a["start_weight_decay"], a["end_weight_decay"]
        if start is None or end is None:
            raise ValueError(
                f"{api}(): args.start_weight_decay and args.end_weight_decay must be set for "
                f"weight_decay_incr_style={style!r} (Megatron asserts), got {start!r} and {end!r}."
            )
    return _wd_schedule(api, start, end, wd_steps, style, 1.0)
