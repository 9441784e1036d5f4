"""torch.optim.lr_scheduler (torch 2.13) rebuilt from the lr_curves algebra.

Every function takes the torch class's own name and keyword arguments (minus ``optimizer``,
``last_epoch`` and ``verbose``) and returns a :class:`~lr_curves.Schedule` ``s`` with

    ``s(k) == scheduler.get_last_lr()[0]`` after ``k`` calls of ``scheduler.step()``

(``k = 0`` is right after construction), past the scheduler's nominal end included, to within
``1e-9`` of the curve's peak. Where torch reads the starting lr from the optimizer, the preset
takes ``base_lr=`` (default ``1.0``: the preset is then the multiplier torch applies).

torch's recursive schedulers multiply the optimizer's current lr step by step; the presets are
the closed forms of those recursions (they agree to rounding, ~1e-16 per step). Quirks that
torch shows on the plain ``step()`` path are reproduced and documented per function; the ones
that only the deprecated ``step(epoch)`` path shows are not (the presets have no such path).
Nothing here imports torch.

``ReduceLROnPlateau`` depends on the metrics, not on the step alone: it is a pure reducer
(``init`` / ``update`` / ``trace``), see :class:`ReduceLROnPlateau`.
"""

from __future__ import annotations

import dataclasses
import math
import numbers
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from lr_curves import _checks as ck
from lr_curves._base import Schedule
from lr_curves._combinators import add, concat, restart, scale, shift, stretch
from lr_curves._function import function
from lr_curves._notes import annotate
from lr_curves._primitives import (
    constant,
    cosine,
    exponential,
    linear,
    multistep,
    piecewise_constant,
    polynomial,
    triangle,
)
from lr_curves._reducer import Plateau, PlateauState
from lr_curves.presets import _args
from lr_curves.presets._one_cycle import OneCycle
from lr_curves.presets._one_cycle import config as _one_cycle_config
from lr_curves.presets._one_cycle import phases as _one_cycle

__all__ = [
    "ChainedScheduler",
    "ConstantLR",
    "CosineAnnealingLR",
    "CosineAnnealingWarmRestarts",
    "CyclicLR",
    "CyclicLR_momentum",
    "ExponentialLR",
    "LambdaLR",
    "LinearLR",
    "MultiStepLR",
    "MultiplicativeLR",
    "OneCycleLR",
    "OneCycleLR_momentum",
    "PolynomialLR",
    "ReduceLROnPlateau",
    "ReduceLROnPlateauState",
    "SequentialLR",
    "StepLR",
]


# ---------------------------------------------------------------------------------------- helpers
def _base(api: str, base_lr: Any) -> float:
    return ck.finite_float(api, "base_lr", base_lr)


def _times(s: Schedule, k: float) -> Schedule:
    """``k * s``, without a scale node when ``k == 1``."""
    return s if k == 1.0 else scale(s, k)


def _int(api: str, name: str, value: Any, minimum: int) -> int:
    """A count: an int, or a whole float (``1e3``); a fractional one is refused."""
    return _args.whole(api, name, value, minimum)


def _schedule_arg(api: str, name: str, value: Any, hint: str) -> Schedule:
    if not isinstance(value, Schedule):
        ck.type_error(api, name, "an lr_curves Schedule", value, hint=hint)
    return value


def _schedule_or_callable(api: str, name: str, value: Any, hint: str) -> Schedule:
    """A schedule, or a plain callable as :func:`lr_curves.function` (torch takes callables)."""
    if isinstance(value, Schedule):
        return value
    if isinstance(value, (list, tuple)) or not callable(value):
        many = isinstance(value, (list, tuple))
        ck.type_error(
            api, name, "an lr_curves Schedule or a callable (step -> value)", value, hint=hint if many else ""
        )
    return function(value)


_CALLABLE_HINT = "one schedule per preset: build one preset per param group."


# ---------------------------------------------------------------------------------------- LambdaLR
def LambdaLR(lr_lambda: Schedule | Callable[[Any], Any], *, base_lr: float = 1.0) -> Schedule:
    """``torch.optim.lr_scheduler.LambdaLR``: ``lr_k = base_lr * lr_lambda(k)``.

    ``lr_lambda`` is the multiplier: an lr_curves schedule, or any Python callable of the step,
    as torch takes (it becomes :func:`lr_curves.function`, called with the int step ``k`` on the
    scalar path; see there how it is evaluated on arrays and stored as data). A list of lambdas
    (one per param group) is refused: build one preset per group.

    Args:
        lr_lambda: The multiplier ``λ``; ``λ(0)`` applies right after construction.
        base_lr: The optimizer's lr (``initial_lr``).

    Raises:
        TypeError: ``lr_lambda`` is neither a Schedule nor a callable.

    Examples:
        >>> import lr_curves as lrc
        >>> s = LambdaLR(lrc.linear(0.0, 1.0, 10), base_lr=0.1)
        >>> f"{s(0):.3f} {s(5):.3f} {s(50):.3f}"
        '0.000 0.050 0.100'
    """
    api = "LambdaLR"
    lam = _schedule_or_callable(api, "lr_lambda", lr_lambda, _CALLABLE_HINT)
    return _times(lam, _base(api, base_lr))


# ---------------------------------------------------------------------------------------- MultiplicativeLR
def MultiplicativeLR(lr_lambda: float | Schedule | Callable[[Any], Any], *, base_lr: float = 1.0) -> Schedule:
    """``MultiplicativeLR``: ``lr_k = base_lr * prod(lr_lambda(i) for i in 1..k)``.

    A constant factor (a number, or ``lr_curves.constant(f)``: torch's ``lambda k: f``) has the
    closed form ``base_lr * factor**k`` (an exponential). Any other schedule or callable is a
    running product with no closed form: the preset is then a :func:`lr_curves.function` named
    ``MultiplicativeLR_<name>`` that multiplies in torch's order (``lr_k = lr_{k-1} * λ(k)``, so
    equal to torch to the bit) and caches: the last value (stepping ``k -> k + 1`` costs one call
    of ``λ``) and the product at every 4096th step (a first access at step ``k`` costs ``k``
    calls, ``k / 4096`` floats of memory; a later access anywhere at most 4096 calls). Steps are
    floored to whole steps. ``λ(0)`` is never applied (torch skips it at construction).
    ``factor == 0`` gives ``base_lr`` then 0.

    Quirk not reproduced: as a :func:`SequentialLR` child after a milestone, torch multiplies the
    *current* lr by ``λ(0)`` instead of restarting from ``base_lr``; this preset restarts.

    Raises:
        TypeError: ``lr_lambda`` is neither a number nor a constant schedule.
        ValueError: the factor is negative.

    Examples:
        >>> s = MultiplicativeLR(0.5, base_lr=1.0)
        >>> f"{s(0):.3f} {s(1):.3f} {s(3):.3f}"
        '1.000 0.500 0.125'
    """
    api = "MultiplicativeLR"
    b = _base(api, base_lr)
    value: Any = lr_lambda
    if isinstance(value, Schedule) and value.is_constant:
        value = value(0)
    elif isinstance(value, Schedule) or (callable(value) and not isinstance(value, numbers.Real)):
        running = _RunningProduct(value, b)
        return function(running, name=running.__name__)
    elif isinstance(value, bool) or not isinstance(value, numbers.Real):
        ck.type_error(api, "lr_lambda", "a number, a schedule or a callable (step -> factor)", value)
    factor = ck.finite_float(api, "lr_lambda", value)
    if factor < 0:
        ck.value_error(api, "lr_lambda", "a non-negative factor", value)
    if factor == 0.0:
        return piecewise_constant([b, 0.0], [1])
    return exponential(b, factor)


class _RunningProduct:
    """``k -> base * lam(1) * ... * lam(k)`` in torch's order, with cached prefix products."""

    EVERY = 4096

    def __init__(self, lam: Callable[[Any], Any], base: float) -> None:
        self.lam, self.base = lam, base
        own = lam.api if isinstance(lam, Schedule) else getattr(lam, "__name__", "")
        own = own if isinstance(own, str) and own.isidentifier() else "anonymous"
        self.__name__ = f"MultiplicativeLR_{own}"
        self.marks = [base]  # the product at steps 0, EVERY, 2 * EVERY, ...
        self.last = (0, base)  # the last step computed and its value

    def _one(self, k: int) -> float:
        v = self.lam(k)
        if isinstance(v, bool) or not isinstance(v, numbers.Real):
            raise TypeError(
                f"MultiplicativeLR(): lr_lambda({k}) returned {ck.describe(v)} "
                f"({type(v).__name__}); it must return a real number."
            )
        return float(v)

    def at(self, k: int) -> float:
        last_k, value = self.last
        if not last_k <= k:
            j = min(k // self.EVERY, len(self.marks) - 1)
            last_k, value = j * self.EVERY, self.marks[j]
        while last_k < k:
            last_k += 1
            value = value * self._one(last_k)
            if last_k % self.EVERY == 0 and last_k // self.EVERY == len(self.marks):
                self.marks.append(value)
        self.last = (k, value)
        return value

    def __call__(self, t: Any) -> Any:
        if isinstance(t, np.ndarray):
            ks = np.floor(t).astype(np.int64)
            flat = ks.reshape(-1)
            order = np.argsort(flat, kind="stable")
            out = np.empty(flat.size, dtype=np.float64)
            for i in order.tolist():
                out[i] = self.at(int(flat[i]))
            return out.reshape(ks.shape)
        if not isinstance(t, numbers.Real):
            raise TypeError("MultiplicativeLR(): a running product is computed on the host, not traced")
        return self.at(math.floor(float(t)))


# ---------------------------------------------------------------------------------------- step decays
def _decay(api: str, b: float, gamma: Any, every: int) -> Schedule:
    g = ck.finite_float(api, "gamma", gamma)
    if g < 0:
        ck.value_error(
            api,
            "gamma",
            "a non-negative number",
            gamma,
            hint="torch would flip the sign of the lr at every decay.",
        )
    if g == 0.0:
        return piecewise_constant([b, 0.0], [every])
    return exponential(b, g, every, staircase=every != 1)


def StepLR(step_size: int, gamma: float = 0.1, *, base_lr: float = 1.0) -> Schedule:
    """``StepLR``: ``lr_k = base_lr * gamma ** (k // step_size)``.

    ``step_size`` must be a positive int (torch fails with ``ZeroDivisionError`` at step 1 for 0
    and treats a float inconsistently between its recursive and closed-form paths).

    Examples:
        >>> s = StepLR(step_size=3, gamma=0.1)
        >>> f"{s(2):.2f} {s(3):.2f} {s(6):.2f}"
        '1.00 0.10 0.01'
    """
    api = "StepLR"
    b = _base(api, base_lr)
    return _decay(api, b, gamma, _int(api, "step_size", step_size, 1))


def MultiStepLR(milestones: Sequence[int], gamma: float = 0.1, *, base_lr: float = 1.0) -> Schedule:
    """``MultiStepLR``: ``lr_k = base_lr * gamma ** #{m in milestones: m <= k}``.

    Milestones may come in any order; a milestone listed ``n`` times multiplies by ``gamma**n``
    (torch keeps them in a ``Counter``); milestone 0 applies at construction. Milestones must be
    non-negative ints (torch would never reach a negative or fractional one).

    Examples:
        >>> s = MultiStepLR(milestones=[4, 2, 4], gamma=0.5)
        >>> f"{s(1):.3f} {s(2):.3f} {s(4):.3f}"
        '1.000 0.500 0.125'
    """
    api = "MultiStepLR"
    b = _base(api, base_lr)
    ms = tuple(_int(api, "milestones", m, 0) for m in ck.sequence(api, "milestones", milestones))
    g = ck.finite_float(api, "gamma", gamma)
    if not ms:
        return constant(b)
    if not _args.power_fits(b, g, len(ms)):
        ck.value_error(api, "gamma", "such that base_lr * gamma ** len(milestones) fits a float64", gamma)
    return multistep(b, g, ms)


def ConstantLR(factor: float = 1.0 / 3, total_iters: int = 5, *, base_lr: float = 1.0) -> Schedule:
    """``ConstantLR``: ``base_lr * factor`` for ``k < total_iters``, then ``base_lr``.

    Quirks reproduced: ``total_iters=0`` stays at ``base_lr * factor`` forever (torch's recursive
    path multiplies by ``factor`` at construction and never undoes it). With ``factor=0`` torch
    divides by zero at step ``total_iters``; the preset gives ``base_lr`` there (the closed form).

    Raises:
        ValueError: ``factor`` outside ``[0, 1]`` (as torch).

    Examples:
        >>> s = ConstantLR(factor=0.5, total_iters=2)
        >>> f"{s(0):.2f} {s(1):.2f} {s(2):.2f}"
        '0.50 0.50 1.00'
    """
    api = "ConstantLR"
    b = _base(api, base_lr)
    f = ck.finite_float(api, "factor", factor)
    if not 0.0 <= f <= 1.0:
        ck.value_error(api, "factor", "between 0 and 1", factor)
    n = _int(api, "total_iters", total_iters, 0)
    if n == 0 or f == 1.0:
        return constant(b * f)
    return piecewise_constant([b * f, b], [n])


def LinearLR(
    start_factor: float = 1.0 / 3,
    end_factor: float = 1.0,
    total_iters: int = 5,
    *,
    base_lr: float = 1.0,
) -> Schedule:
    """``LinearLR``: ``base_lr * (s + (e - s) * min(k, T) / T)``.

    ``total_iters=0`` stays at ``base_lr * start_factor`` (as torch).

    Raises:
        ValueError: ``start_factor`` outside ``(0, 1]`` or ``end_factor`` outside ``[0, 1]``.

    Examples:
        >>> s = LinearLR(start_factor=0.5, end_factor=1.0, total_iters=4)
        >>> f"{s(0):.3f} {s(2):.3f} {s(9):.3f}"
        '0.500 0.750 1.000'
    """
    api = "LinearLR"
    b = _base(api, base_lr)
    s = ck.finite_float(api, "start_factor", start_factor)
    if not 0.0 < s <= 1.0:
        ck.value_error(api, "start_factor", "greater than 0 and at most 1", start_factor)
    e = ck.finite_float(api, "end_factor", end_factor)
    if not 0.0 <= e <= 1.0:
        ck.value_error(api, "end_factor", "between 0 and 1", end_factor)
    n = _int(api, "total_iters", total_iters, 0)
    if n == 0 or s == e:
        return constant(b * s)
    return linear(b * s, b * e, n)


def ExponentialLR(gamma: float, *, base_lr: float = 1.0) -> Schedule:
    """``ExponentialLR``: ``lr_k = base_lr * gamma ** k`` (no floor, no end).

    Examples:
        >>> f"{ExponentialLR(0.5)(3):.3f}"
        '0.125'
    """
    api = "ExponentialLR"
    return _decay(api, _base(api, base_lr), gamma, 1)


def PolynomialLR(total_iters: int = 5, power: float = 1.0, *, base_lr: float = 1.0) -> Schedule:
    """``PolynomialLR``: ``lr_k = base_lr * (1 - min(k, T) / T) ** power``; 0 from ``T`` on.

    ``total_iters=0`` and ``power=0`` keep ``base_lr`` forever (torch's recursion never changes
    the lr then). A negative ``power`` is refused (torch divides by zero at ``T``).

    Examples:
        >>> s = PolynomialLR(total_iters=4, power=2.0)
        >>> f"{s(2):.3f} {s(4):.3f} {s(9):.3f}"
        '0.250 0.000 0.000'
    """
    api = "PolynomialLR"
    b = _base(api, base_lr)
    n = _int(api, "total_iters", total_iters, 0)
    p = ck.finite_float(api, "power", power)
    if p < 0:
        ck.value_error(api, "power", "a non-negative number", power)
    if n == 0 or p == 0.0:
        return constant(b)
    return polynomial(b, 0.0, n, p)


# ---------------------------------------------------------------------------------------- cosine
def CosineAnnealingLR(T_max: int, eta_min: float = 0.0, *, base_lr: float = 1.0) -> Schedule:
    """``CosineAnnealingLR``: ``eta_min + (base_lr - eta_min) * (1 + cos(pi k / T_max)) / 2``.

    For **every** ``k``: past ``T_max`` the cosine goes on periodically (back at ``base_lr`` at
    ``2 * T_max``), as torch's recursion does; it does not hold ``eta_min``. ``eta_min`` may
    exceed ``base_lr`` (an inverted cosine). The phase is reduced exactly (``k mod 2 T_max``).

    Examples:
        >>> s = CosineAnnealingLR(T_max=4, eta_min=0.1)
        >>> f"{s(2):.3f} {s(4):.3f} {s(6):.3f} {s(8):.3f}"
        '0.550 0.100 0.550 1.000'
    """
    api = "CosineAnnealingLR"
    b = _base(api, base_lr)
    T = ck.positive(api, "T_max", T_max)
    eta = ck.finite_float(api, "eta_min", eta_min)
    s = cosine(b, T, eta, periodic=True)
    # torch calls T_max the maximum number of iterations: the run it was made for.
    return annotate(s, total_steps=T) if isinstance(T, int) else s


def CosineAnnealingWarmRestarts(
    T_0: int, T_mult: int = 1, eta_min: float = 0.0, *, base_lr: float = 1.0
) -> Schedule:
    """``CosineAnnealingWarmRestarts`` (SGDR): cosine cycles of ``T_0 * T_mult**i`` steps.

    ``eta_min + (base_lr - eta_min) * (1 + cos(pi T_cur / T_i)) / 2`` with the cycle found
    exactly (integer arithmetic), as torch's ``step()`` path does. ``eta_min`` itself is never
    reached at an integer step (the restart comes first).

    Divergence not reproduced: torch's deprecated ``step(epoch)`` path finds the cycle with a
    float ``log`` and misplaces some exact restarts (``T_0=1, T_mult=3``, epoch 121 gives
    ``eta_min`` instead of ``base_lr``); the preset, like ``step()``, restarts there.

    Raises:
        ValueError: ``T_0`` not a whole number ``>= 1``, ``T_mult`` not a whole number ``>= 1``
            (as torch; unlike torch, a whole float such as ``10.0`` is accepted).

    Examples:
        >>> s = CosineAnnealingWarmRestarts(T_0=10, T_mult=2)
        >>> f"{s(5):.2f} {s(10):.2f} {s(20):.2f} {s(30):.2f}"
        '0.50 1.00 0.50 1.00'
    """
    api = "CosineAnnealingWarmRestarts"
    b = _base(api, base_lr)
    T0 = _int(api, "T_0", T_0, 1)
    mult = _int(api, "T_mult", T_mult, 1)
    eta = ck.finite_float(api, "eta_min", eta_min)
    return restart(cosine(b, T0, eta), T0, growth=mult)


# ---------------------------------------------------------------------------------------- CyclicLR
def _cyclic(
    api: str,
    low: float,
    high: float,
    step_size_up: Any,
    step_size_down: Any,
    mode: Any,
    gamma: Any,
    scale_fn: Any,
    scale_mode: Any,
) -> Schedule:
    up = ck.positive(api, "step_size_up", step_size_up)
    down = up if step_size_down is None else ck.non_negative(api, "step_size_down", step_size_down)
    total = _args.finite_result(api, "step_size_up + step_size_down", up + down)
    if scale_fn is None:
        mode = ck.choice(api, "mode", mode, ("triangular", "triangular2", "exp_range"))
    else:
        scale_fn = _schedule_or_callable(api, "scale_fn", scale_fn, _CALLABLE_HINT)
        scale_mode = ck.choice(api, "scale_mode", scale_mode, ("cycle", "iterations"))
    g = ck.finite_float(api, "gamma", gamma)

    def wave(lo: float, hi: float) -> Schedule:
        # one cycle rises lo -> hi in `up` steps and falls back in `down` (a sawtooth if down == 0)
        if down == 0:
            return restart(linear(lo, hi, up), up)
        return triangle(lo, hi, up, down)

    if scale_fn is None and mode == "triangular":
        return wave(low, high)
    shape = wave(0.0, high - low)
    if scale_fn is None and mode == "triangular2":
        # 1 / 2**(cycle - 1): halve the amplitude every cycle
        scaled = restart(shape, total, decay=0.5)
    elif scale_fn is None:  # exp_range: gamma ** k, per iteration
        if g <= 0:
            ck.value_error(api, "gamma", "a positive number for mode='exp_range'", gamma)
        # gamma > 1 overflows: torch raises OverflowError at gamma**k; the preset caps the scale
        # at the largest float64, so the lr becomes inf (IEEE), never 0 * inf = NaN at a trough
        scaled = scale(shape, exponential(1.0, g, end=ck.MAX_MAGNITUDE) if g > 1 else exponential(1.0, g))
    elif scale_mode == "cycle":  # scale_fn(cycle) with cycle = 1 + k // total
        scaled = scale(shape, stretch(shift(scale_fn, -1), total, staircase=True))
    else:
        scaled = scale(shape, scale_fn)
    return add(constant(low), scaled) if low != 0.0 else scaled


def CyclicLR(
    base_lr: float,
    max_lr: float,
    step_size_up: int = 2000,
    step_size_down: int | None = None,
    mode: str = "triangular",
    gamma: float = 1.0,
    scale_fn: Schedule | Callable[[Any], Any] | None = None,
    scale_mode: str = "cycle",
    cycle_momentum: bool = True,
    base_momentum: float = 0.8,
    max_momentum: float = 0.9,
) -> Schedule:
    """``CyclicLR``: ``lr = base_lr + (max_lr - base_lr) * w(k) * scale``, a triangle wave ``w``.

    ``w`` rises from 0 to 1 in ``step_size_up`` steps and falls back in ``step_size_down``
    (default: the same); ``scale`` is 1 (``"triangular"``), ``1/2**(cycle-1)``
    (``"triangular2"``, ``cycle = 1 + k // (up + down)``) or ``gamma**k`` (``"exp_range"``).
    ``base_lr`` is torch's own argument here: CyclicLR overwrites the optimizer's lr with it.

    Quirk reproduced: when ``scale_fn`` is None, ``scale_mode`` is forced by ``mode``
    (``"cycle"`` for the triangular modes, ``"iterations"`` for ``"exp_range"``) and the
    value passed is silently ignored, as in torch. A custom ``scale_fn`` (an lr_curves schedule or
    a callable, as :func:`lr_curves.function`) is evaluated at the 1-based cycle number or at
    ``k``, per ``scale_mode``; then
    ``mode`` is ignored. ``step_size_down=0`` gives a sawtooth (as torch). With
    ``"exp_range"`` and ``gamma > 1``, torch raises ``OverflowError`` once ``gamma**k`` overflows
    (``k`` about 647 for ``gamma=3``); the preset caps ``gamma**k`` at the largest float64 there,
    so the curve stays a number (never ``0 * inf = NaN`` at a trough).
    ``cycle_momentum``, ``base_momentum``, ``max_momentum`` only matter for
    :func:`CyclicLR_momentum`, which gives the momentum curve.

    Examples:
        >>> s = CyclicLR(base_lr=0.1, max_lr=1.0, step_size_up=10, mode="triangular2")
        >>> f"{s(10):.2f} {s(20):.2f} {s(30):.2f}"
        '1.00 0.10 0.55'
    """
    api = "CyclicLR"
    low = ck.finite_float(api, "base_lr", base_lr)
    high = ck.finite_float(api, "max_lr", max_lr)
    ck.boolean(api, "cycle_momentum", cycle_momentum)
    ck.finite_float(api, "base_momentum", base_momentum)
    ck.finite_float(api, "max_momentum", max_momentum)
    return _cyclic(api, low, high, step_size_up, step_size_down, mode, gamma, scale_fn, scale_mode)


def CyclicLR_momentum(
    base_lr: float,
    max_lr: float,
    step_size_up: int = 2000,
    step_size_down: int | None = None,
    mode: str = "triangular",
    gamma: float = 1.0,
    scale_fn: Schedule | Callable[[Any], Any] | None = None,
    scale_mode: str = "cycle",
    cycle_momentum: bool = True,
    base_momentum: float = 0.8,
    max_momentum: float = 0.9,
) -> Schedule:
    """The momentum (or Adam's ``beta1``) that ``CyclicLR`` writes into the param groups.

    Same arguments as :func:`CyclicLR`; the curve mirrors the lr:
    ``max_momentum - (max_momentum - base_momentum) * w(k) * scale``.

    Raises:
        ValueError: ``cycle_momentum=False`` (torch leaves the momentum alone then).

    Examples:
        >>> m = CyclicLR_momentum(base_lr=0.1, max_lr=1.0, step_size_up=10)
        >>> f"{m(0):.2f} {m(10):.2f}"
        '0.90 0.80'
    """
    api = "CyclicLR_momentum"
    ck.finite_float(api, "base_lr", base_lr)
    ck.finite_float(api, "max_lr", max_lr)
    if not ck.boolean(api, "cycle_momentum", cycle_momentum):
        ck.value_error(
            api,
            "cycle_momentum",
            "True for a momentum curve",
            cycle_momentum,
            hint="with cycle_momentum=False torch never changes the momentum.",
        )
    lo = ck.finite_float(api, "max_momentum", max_momentum)
    hi = ck.finite_float(api, "base_momentum", base_momentum)
    return _cyclic(api, lo, hi, step_size_up, step_size_down, mode, gamma, scale_fn, scale_mode)


# ---------------------------------------------------------------------------------------- OneCycleLR
def _noted(s: Schedule, cfg: OneCycle, total_steps: Any, steps_per_epoch: Any) -> Schedule:
    """The run's length, and its epochs when it was given in epochs (for the faces)."""
    if total_steps is None:
        return annotate(s, total_steps=cfg.total, steps_per_epoch=steps_per_epoch)
    return annotate(s, total_steps=cfg.total)


def OneCycleLR(
    max_lr: float,
    total_steps: int | None = None,
    epochs: int | None = None,
    steps_per_epoch: int | None = None,
    pct_start: float = 0.3,
    anneal_strategy: str = "cos",
    cycle_momentum: bool = True,
    base_momentum: float = 0.85,
    max_momentum: float = 0.95,
    div_factor: float = 25.0,
    final_div_factor: float = 1e4,
    three_phase: bool = False,
) -> Schedule:
    """``OneCycleLR``: ``initial = max_lr / div_factor`` up to ``max_lr``, down to ``min_lr``.

    ``min_lr = initial / final_div_factor``. Two phases: ``initial -> max_lr`` for ``k`` up to
    ``E1 = pct_start * T - 1`` and ``max_lr -> min_lr`` up to ``E2 = T - 1``; with
    ``three_phase`` ``initial -> max_lr -> initial`` (ends ``E1`` and ``2 pct_start T - 2``) and
    ``initial -> min_lr`` up to ``T - 1``. Each phase anneals with
    ``anneal(a, b, p) = b + (a - b) (1 + cos(pi p)) / 2`` (``"cos"``) or ``a + (b - a) p``
    (``"linear"``), ``p`` the progress through the phase. The optimizer's lr is ignored.

    Quirks reproduced: the peak is at ``k = pct_start * T - 1`` and the minimum at ``T - 1``;
    the ``T``-th step is allowed and extrapolates the last phase (cos: rises again; linear:
    may go negative); ``pct_start * T < 1`` skips the first phase (the curve starts inside the
    next one, not at ``initial``); a middle phase that ends before the previous one is never
    used; a last phase that ends before it starts (three phases with ``2 pct_start T - 2``
    past ``T - 1``) runs on a negative progress, as in torch. Past ``T`` torch raises
    ``ValueError`` ("Tried to step ... times"); the preset holds ``min_lr`` from step ``T + 1``
    on (and from the step where torch would divide by zero, for ``pct_start=1.0``).
    ``pct_start * T == 1`` is refused: torch divides by zero at construction.
    The momentum curve is :func:`OneCycleLR_momentum`.

    Raises:
        ValueError: bad ``total_steps``/``epochs``/``steps_per_epoch``, ``pct_start`` outside
            ``[0, 1]``, ``anneal_strategy`` not ``"cos"``/``"linear"`` (as torch).
        TypeError: ``pct_start`` is not a float (torch refuses the int 0 and 1 too).

    Examples:
        >>> s = OneCycleLR(max_lr=1.0, total_steps=10)
        >>> f"{s(0):.3f} {s(2):.3f} {s(9):.6f} {s(10):.4f} {s(11):.6f}"
        '0.040 1.000 0.000004 0.0495 0.000004'
    """
    api = "OneCycleLR"
    cfg = _one_cycle_config(
        api, total_steps, epochs, steps_per_epoch, pct_start, anneal_strategy, three_phase
    )
    top = ck.finite_float(api, "max_lr", max_lr)
    ck.boolean(api, "cycle_momentum", cycle_momentum)
    ck.finite_float(api, "base_momentum", base_momentum)
    ck.finite_float(api, "max_momentum", max_momentum)
    div = ck.positive_float(api, "div_factor", div_factor)
    final = ck.positive_float(api, "final_div_factor", final_div_factor)
    init = _args.finite_result(api, "max_lr / div_factor", top / div)
    low = _args.finite_result(api, "max_lr / div_factor / final_div_factor", init / final)
    values = ((init, top), (top, init), (init, low)) if len(cfg.ends) == 3 else ((init, top), (top, low))
    return _noted(_one_cycle(api, cfg, values, low), cfg, total_steps, steps_per_epoch)


def OneCycleLR_momentum(
    max_lr: float,
    total_steps: int | None = None,
    epochs: int | None = None,
    steps_per_epoch: int | None = None,
    pct_start: float = 0.3,
    anneal_strategy: str = "cos",
    cycle_momentum: bool = True,
    base_momentum: float = 0.85,
    max_momentum: float = 0.95,
    div_factor: float = 25.0,
    final_div_factor: float = 1e4,
    three_phase: bool = False,
) -> Schedule:
    """The momentum (or Adam's ``beta1``) that ``OneCycleLR`` writes into the param groups.

    Same arguments and phases as :func:`OneCycleLR`: ``max_momentum -> base_momentum`` while
    the lr rises, back to ``max_momentum`` while it falls (three phases: the last one holds
    ``max_momentum``); the ``T``-th step extrapolates the same way, and from ``T + 1`` the value
    holds ``max_momentum``.

    Raises:
        ValueError: ``cycle_momentum=False`` (torch leaves the momentum alone then).

    Examples:
        >>> m = OneCycleLR_momentum(max_lr=1.0, total_steps=10)
        >>> f"{m(0):.3f} {m(2):.3f} {m(9):.3f}"
        '0.950 0.850 0.950'
    """
    api = "OneCycleLR_momentum"
    cfg = _one_cycle_config(
        api, total_steps, epochs, steps_per_epoch, pct_start, anneal_strategy, three_phase
    )
    ck.finite_float(api, "max_lr", max_lr)
    ck.positive_float(api, "div_factor", div_factor)
    ck.positive_float(api, "final_div_factor", final_div_factor)
    if not ck.boolean(api, "cycle_momentum", cycle_momentum):
        ck.value_error(
            api,
            "cycle_momentum",
            "True for a momentum curve",
            cycle_momentum,
            hint="with cycle_momentum=False torch never changes the momentum.",
        )
    lo = ck.finite_float(api, "base_momentum", base_momentum)
    hi = ck.finite_float(api, "max_momentum", max_momentum)
    values = ((hi, lo), (lo, hi), (hi, hi)) if len(cfg.ends) == 3 else ((hi, lo), (lo, hi))
    return _noted(_one_cycle(api, cfg, values, hi), cfg, total_steps, steps_per_epoch)


# ---------------------------------------------------------------------------------------- composites
def _children(api: str, schedulers: Any) -> tuple[Schedule, ...]:
    items = ck.sequence(api, "schedulers", schedulers)
    if not items:
        ck.value_error(api, "schedulers", "at least one scheduler", schedulers)
    for i, s in enumerate(items):
        if isinstance(s, ReduceLROnPlateau):
            raise ValueError(
                f"{api}(): schedulers[{i}] is a ReduceLROnPlateau, which needs metrics and cannot "
                "be a child (as in torch)."
            )
        _schedule_arg(api, f"schedulers[{i}]", s, "pass presets (e.g. presets.torch.StepLR(...)).")
    return items


def SequentialLR(schedulers: Sequence[Schedule], milestones: Sequence[int]) -> Schedule:
    """``SequentialLR``: child ``i`` runs from ``milestones[i-1]`` to ``milestones[i]``.

    Each child restarts at its own step 0 at its milestone: ``lr_k = child_i(k - m_{i-1})``,
    from its own ``base_lr`` (torch's closed-form restart), not continuing from where the
    previous child ended. Children are presets (build each with the optimizer's lr as
    ``base_lr``). A milestone repeated or equal to 0 leaves a child with no steps (skipped, as
    in torch).

    Divergences, each in torch and not reproduced (the children are values here, not objects
    sharing an optimizer): a ``MultiplicativeLR`` child multiplies the current lr at its
    milestone instead of restarting; a ``CosineAnnealingWarmRestarts`` child keeps a stale cycle
    position; nested ``SequentialLR``/``ChainedScheduler`` children are advanced one extra step
    at construction (pytorch#196243); a ``OneCycleLR`` child rewrites its siblings' base lr.
    torch does not check the order of ``milestones``; the preset requires them non-decreasing.

    Raises:
        ValueError: no schedulers, ``len(milestones) != len(schedulers) - 1`` (as torch),
            milestones negative or decreasing.

    Examples:
        >>> s = SequentialLR([ConstantLR(0.1, 3), ExponentialLR(0.5)], milestones=[2])
        >>> f"{s(0):.2f} {s(1):.2f} {s(2):.2f} {s(3):.2f}"
        '0.10 0.10 1.00 0.50'
    """
    api = "SequentialLR"
    children = _children(api, schedulers)
    ms = tuple(_int(api, "milestones", m, 0) for m in ck.sequence(api, "milestones", milestones))
    if len(ms) != len(children) - 1:
        raise ValueError(
            f"{api}(): expects one milestone fewer than schedulers, got {len(children)} schedulers "
            f"and {len(ms)} milestones."
        )
    ck.increasing(api, "milestones", ms, strict=False)
    starts = (0, *ms)
    ends = (*ms, math.inf)
    live = [(s, c) for s, e, c in zip(starts, ends, children, strict=True) if e > s]
    if len(live) == 1:
        return live[0][1]
    return concat(*(c for _, c in live), at=[s for s, _ in live[1:]])


def ChainedScheduler(schedulers: Sequence[Schedule], *, base_lr: float = 1.0) -> Schedule:
    """``ChainedScheduler``: the product of its chainable children.

    torch steps each child in turn on the same optimizer; chainable (recursive) children each
    multiply the lr by their own step ratio, so the lr is
    ``base_lr * prod(child_i(k) / base_lr)``. Build the children with the same ``base_lr`` as
    here (the optimizer's lr they all share), or leave every ``base_lr`` at its default 1.0 to
    get the multiplier.

    Which children chain in torch: ConstantLR, LinearLR, ExponentialLR, StepLR, MultiStepLR,
    MultiplicativeLR, PolynomialLR, and CosineAnnealingLR with ``eta_min=0`` up to ``T_max``.
    Divergences not reproduced: closed-form children (LambdaLR, CyclicLR, OneCycleLR,
    CosineAnnealingWarmRestarts) *overwrite* the lr in torch, wiping what the children before
    them did, so torch's result depends on the order (pytorch#129565); a CosineAnnealingLR
    child with ``eta_min != 0``, or past ``T_max`` (where torch restarts it additively from 0),
    does not chain multiplicatively either. The preset gives the product in all cases: the
    schedule such a chain is meant to be.

    Examples:
        >>> s = ChainedScheduler([ConstantLR(0.1, 2), ExponentialLR(0.9)])
        >>> f"{s(0):.3f} {s(1):.3f} {s(2):.3f}"
        '0.100 0.090 0.810'
    """
    api = "ChainedScheduler"
    children = _children(api, schedulers)
    b = _base(api, base_lr)
    if b == 0.0:
        ck.value_error(api, "base_lr", "non-zero", base_lr)
    out = children[0]
    for c in children[1:]:
        out = scale(out, c)
    k = b ** (1 - len(children))
    return _times(out, k)


# ---------------------------------------------------------------------------------------- ReduceLROnPlateau
#: The state of :class:`ReduceLROnPlateau` (the shared :class:`lr_curves.PlateauState`).
ReduceLROnPlateauState = PlateauState


@dataclasses.dataclass(frozen=True)
class ReduceLROnPlateau(Plateau):
    """``ReduceLROnPlateau`` as a pure reducer: ``state = p.update(state, metric)``.

    Exactly torch's ``scheduler.step(metric)``, with torch's arguments in torch's order
    (``base_lr``, the optimizer's lr, by keyword): the shared :class:`lr_curves.Plateau`
    reducer, whose docstring has the rules. The first reduction comes after ``patience + 1``
    metrics without improvement. A warmup before it is :func:`lr_curves.then`.

    Raises:
        ValueError: ``factor`` outside ``[0, 1)`` (torch refuses ``factor >= 1`` and lets a
            negative factor make the lr negative) or an unknown ``mode``/``threshold_mode``.

    The reducer is a frozen value (``repr``, ``==``, hashable); so is its state,
    :class:`ReduceLROnPlateauState`.

    Examples:
        >>> p = ReduceLROnPlateau(base_lr=1.0, patience=1)
        >>> [f"{lr:.2f}" for lr in p.trace([3.0, 3.0, 3.0, 2.0, 2.0, 2.0])]
        ['1.00', '1.00', '0.10', '0.10', '0.10', '0.01']
    """

    api = "ReduceLROnPlateau"
