"""detectron2's schedulers (``detectron2/solver/lr_scheduler.py``) rebuilt from the lr_curves algebra.

- :func:`WarmupParamScheduler` is an fvcore-style scheduler of the progress ``where`` in
  ``[0, 1)``: ``s(where)`` equals ``WarmupParamScheduler(...)(where)`` (detectron2's
  ``LRMultiplier`` multiplies the base lr by it at ``where = iteration / max_iter``). Its
  ``scheduler`` argument is an lr_curves schedule of ``where``, e.g. one of
  :mod:`lr_curves.presets.fvcore`.
- :func:`WarmupMultiStepLR` and :func:`WarmupCosineLR` (deprecated in detectron2) are torch-style
  stepped schedulers: ``s(k)`` is the lr after ``k`` calls of ``scheduler.step()``; ``base_lr=``
  (default 1.0) stands for the optimizer's lr.

The warmup factor of the deprecated classes, at iteration ``k`` with ``W = warmup_iters`` and
``f = warmup_factor``: 1 for ``k >= W``, else ``f`` (``"constant"``) or ``f * (1 - k/W) + k/W``
(``"linear"``, from ``f``, not 0). It *multiplies* the schedule (the cosine keeps its own clock).

detectron2 is not on the package index; the tests compare against values generated once from its
published source (see ``tests/data/README.md``).

Examples:
    >>> from lr_curves.presets import detectron2, fvcore
    >>> s = detectron2.WarmupParamScheduler(
    ...     fvcore.MultiStepParamScheduler([1, 0.1, 0.01], milestones=[60000, 80000], num_updates=90000),
    ...     0.001, 100 / 90000)
    >>> f"{s(0.0):.3f} {s(50 / 90000):.4f} {s(0.5):.3f} {s(0.95):.3f}"
    '0.001 0.5005 1.000 0.010'
"""

from __future__ import annotations

from lr_curves import _checks as ck
from lr_curves._base import Schedule
from lr_curves._checks import Number
from lr_curves._notes import annotate
from lr_curves._primitives import constant, cosine, linear, multistep, piecewise_constant
from lr_curves.presets import _args
from lr_curves.presets.fvcore import CompositeParamScheduler, ConstantParamScheduler, LinearParamScheduler

__all__ = ["WarmupCosineLR", "WarmupMultiStepLR", "WarmupParamScheduler"]

_METHODS = ("constant", "linear")


def WarmupParamScheduler(
    scheduler: Schedule,
    warmup_factor: float,
    warmup_length: float,
    warmup_method: str = "linear",
    rescale_interval: bool = False,
) -> Schedule:
    """detectron2's ``WarmupParamScheduler``: a warmup stage in front of an fvcore-style scheduler.

    ``CompositeParamScheduler([warmup, scheduler], lengths=[L, 1 - L], interval_scaling=
    ["rescaled", "rescaled" if rescale_interval else "fixed"])`` with ``L = warmup_length``: the
    warmup starts at ``warmup_factor * scheduler(0)`` and is constant (``"constant"``) or linear
    (``"linear"``) up to ``scheduler(L)`` (by default: the scheduler keeps the global time, so the
    warmup overlays its first ``L``) or ``scheduler(0)`` (``rescale_interval=True``: the scheduler
    is compressed into ``[L, 1)``). The switch happens at ``where = L - 1e-6`` (fvcore's epsilon).

    Examples:
        >>> from lr_curves.presets import fvcore
        >>> s = WarmupParamScheduler(fvcore.CosineParamScheduler(1.0, 0.0), 0.1, 0.1)
        >>> f"{s(0.0):.4f} {s(0.05):.4f} {s(0.5):.4f}"
        '0.1000 0.5378 0.5000'
    """
    api = "WarmupParamScheduler"
    if not isinstance(scheduler, Schedule):
        ck.type_error(
            api, "scheduler", "an lr_curves Schedule", scheduler, hint="use lr_curves.presets.fvcore."
        )
    factor = ck.finite_float(api, "warmup_factor", warmup_factor)
    length = ck.real(api, "warmup_length", warmup_length)
    if not 0 <= length <= 1:
        ck.value_error(api, "warmup_length", "in [0, 1]", warmup_length)
    method = ck.choice(api, "warmup_method", warmup_method, _METHODS)
    rescale = ck.boolean(api, "rescale_interval", rescale_interval)
    end_value = scheduler(0.0) if rescale else scheduler(length)
    start_value = factor * scheduler(0.0)
    ramp = (
        ConstantParamScheduler(start_value)
        if method == "constant"
        else LinearParamScheduler(start_value, end_value)
    )
    return CompositeParamScheduler(
        [ramp, scheduler],
        lengths=[length, 1 - length],
        interval_scaling=["rescaled", "rescaled" if rescale else "fixed"],
    )


def _warmup_factor(api: str, method: str, iters: Number, factor: float) -> Schedule | None:
    """detectron2's ``_get_warmup_factor_at_iter`` as a schedule of the iteration (None: always 1)."""
    if iters == 0:
        return None
    if method == "constant":
        return piecewise_constant([factor, 1.0], [iters])
    return linear(factor, 1.0, iters)


def _common(
    api: str, base_lr: float, warmup_factor: float, warmup_iters: Number, warmup_method: str
) -> tuple[float, Schedule | None]:
    base = ck.finite_float(api, "base_lr", base_lr)
    factor = ck.finite_float(api, "warmup_factor", warmup_factor)
    iters = ck.non_negative(api, "warmup_iters", warmup_iters)
    method = ck.choice(api, "warmup_method", warmup_method, _METHODS)
    return base, _warmup_factor(api, method, iters, factor)


def WarmupMultiStepLR(
    milestones: list[int] | tuple[int, ...],
    gamma: float = 0.1,
    warmup_factor: float = 0.001,
    warmup_iters: int = 1000,
    warmup_method: str = "linear",
    *,
    base_lr: float = 1.0,
) -> Schedule:
    """detectron2's deprecated ``WarmupMultiStepLR``: ``base_lr * w(k) * gamma ** bisect_right(ms, k)``.

    ``ms = milestones``; ``w(k)`` is the warmup factor (module docstring). Milestones must be
    sorted (a repeated one counts twice); ``warmup_method`` is checked even when
    ``warmup_iters=0`` (detectron2 checks it only while warming up).

    Examples:
        >>> s = WarmupMultiStepLR(milestones=[30, 60], warmup_iters=10, base_lr=0.1)
        >>> f"{s(0):.5f} {s(5):.5f} {s(10):.3f} {s(30):.3f} {s(60):.4f}"
        '0.00010 0.05005 0.100 0.010 0.0010'
    """
    api = "WarmupMultiStepLR"
    base, factor = _common(api, base_lr, warmup_factor, warmup_iters, warmup_method)
    ms = tuple(ck.real(api, "milestones", m) for m in ck.sequence(api, "milestones", milestones))
    ck.increasing(api, "milestones", ms, strict=False)
    g = ck.finite_float(api, "gamma", gamma)
    if not _args.power_fits(base, g, len(ms)):
        ck.value_error(api, "gamma", "such that base_lr * gamma ** len(milestones) fits a float64", gamma)
    main = multistep(base, g, [max(m, 0) for m in ms]) if ms else constant(base)
    return main if factor is None else main * factor


def WarmupCosineLR(
    max_iters: Number,
    warmup_factor: float = 0.001,
    warmup_iters: int = 1000,
    warmup_method: str = "linear",
    *,
    base_lr: float = 1.0,
) -> Schedule:
    """detectron2's deprecated ``WarmupCosineLR``: ``base_lr * w(k) * (1 + cos(pi * k / max_iters)) / 2``.

    The warmup factor multiplies the cosine, which starts at ``k = 0`` (not after the warmup).
    Past ``max_iters`` the cosine goes on (period ``2 * max_iters``: it rises back to ``base_lr``),
    as in detectron2, which never clamps it.

    Examples:
        >>> s = WarmupCosineLR(max_iters=100, warmup_iters=10, base_lr=0.1)
        >>> f"{s(0):.5f} {s(50):.3f} {s(100):.3f} {s(200):.3f}"
        '0.00010 0.050 0.000 0.100'
    """
    api = "WarmupCosineLR"
    base, factor = _common(api, base_lr, warmup_factor, warmup_iters, warmup_method)
    T = ck.positive(api, "max_iters", max_iters)
    main = cosine(base, T, periodic=True)
    out = main if factor is None else main * factor
    # max_iters is the run's length: the faces show it (the cosine goes on past it)
    return annotate(out, total_steps=T) if isinstance(T, int) else out
