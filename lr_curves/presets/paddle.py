"""``paddle.optimizer.lr`` (PaddlePaddle 3.3.1) rebuilt from the lr_curves algebra.

Every function takes the Paddle class's own name and arguments (minus ``last_epoch`` and
``verbose``). A Paddle scheduler *owns* the lr (it is the optimizer's ``learning_rate``), so
there is no ``base_lr=``: ``learning_rate`` is the base value, as in Paddle. Contract:
``s(k)`` equals ``scheduler()`` (its ``last_lr``) after ``k`` calls of ``scheduler.step()``
(``k = 0`` right after construction), past the nominal end included.

Quirks reproduced: ``NoamDecay`` gives 0 at ``k = 0``; ``PiecewiseDecay`` switches *at* each
boundary and, when ``values`` has more than ``len(boundaries) + 1`` items, uses the *last* one
after the last boundary (unsorted boundaries work as Paddle's first-match loop does);
``PolynomialDecay``'s default ``end_lr`` is ``1e-4`` and its ``cycle=True`` uses
``decay_steps * ceil(k / decay_steps)`` (1 at ``k = 0``); ``LinearWarmup`` is a *prefix* (the
inner scheduler starts at its own step 0 after ``warmup_steps``) and requires
``end_lr > start_lr``; ``OneCycleLR``'s ``end_learning_rate`` is absolute (torch's is a
``final_div_factor``) and its three-phase form needs ``phase_pct < 0.5``;
``CosineAnnealingDecay`` goes on periodically past ``T_max`` (as torch). Paddle's
``ExponentialDecay``/``StepDecay``/``MultiStepDecay`` refuse growth (``gamma >= 1``), so do
these.

Not reproduced: ``OneCycleLR`` raises past ``total_steps``; here its final lr holds from
``total_steps + 1`` on (as :func:`lr_curves.presets.torch.OneCycleLR`). ``LinearWarmup`` steps
its inner scheduler with ``step(epoch)``, which for ``CosineAnnealingWarmRestarts`` finds the
cycle with a float ``log`` (some exact restarts land one cycle late with ``T_mult > 1``); the
inner preset here restarts exactly. ``LambdaDecay`` takes the user's callable as an opaque
:func:`lr_curves.function` node. ``MultiplicativeDecay`` with a step-dependent factor (a running
product of a Python callable) is not here (with a constant factor it is). ``ReduceOnPlateau``
depends on metrics: it is a pure reducer (``init`` / ``update`` / ``trace``),
:class:`ReduceOnPlateau`.

Nothing here imports paddle.

Examples:
    >>> from lr_curves.presets import paddle
    >>> s = paddle.LinearWarmup(paddle.CosineAnnealingDecay(0.1, T_max=90), warmup_steps=10,
    ...                         start_lr=0.0, end_lr=0.1)
    >>> " ".join(f"{s(k):.3f}" for k in (0, 5, 10, 55, 100))
    '0.000 0.050 0.100 0.050 0.000'
"""

from __future__ import annotations

import dataclasses
import math
import numbers
from collections.abc import Callable, Sequence
from typing import Any

from lr_curves import _checks as ck
from lr_curves._base import Schedule
from lr_curves._checks import Number
from lr_curves._combinators import concat, scale
from lr_curves._function import function
from lr_curves._primitives import (
    constant,
    exponential,
    inverse_sqrt,
    inverse_time,
    linear,
    multistep,
    piecewise_constant,
    polynomial,
)
from lr_curves._reducer import Plateau, PlateauState, Reducer
from lr_curves.presets import _args, _one_cycle
from lr_curves.presets import torch as _pt

__all__ = [
    "CosineAnnealingDecay",
    "CosineAnnealingWarmRestarts",
    "CyclicLR",
    "ExponentialDecay",
    "InverseTimeDecay",
    "LambdaDecay",
    "LinearLR",
    "LinearWarmup",
    "MultiStepDecay",
    "MultiplicativeDecay",
    "NaturalExpDecay",
    "NoamDecay",
    "OneCycleLR",
    "PiecewiseDecay",
    "PolynomialDecay",
    "ReduceOnPlateau",
    "StepDecay",
]


def _number(api: str, name: str, value: Any) -> float:
    """Paddle's type check: an int or a float (no bool, no string)."""
    if ck.is_bool(value) or not isinstance(value, numbers.Real):
        ck.type_error(api, name, "a float or int (as Paddle)", value)
    return ck.finite_float(api, name, value)


def _lr(api: str, name: str, value: Any) -> float:
    """Paddle's base-class check: an int or float, >= 0."""
    x = _number(api, name, value)
    if x < 0:
        ck.value_error(api, name, "a non-negative number (as Paddle)", value)
    return x


def _int(api: str, name: str, value: Any) -> int:
    return ck.count(api, name, value, 1)


def _decay_gamma(api: str, gamma: Any) -> float:
    g = ck.finite_float(api, "gamma", gamma)
    if g >= 1.0:
        ck.value_error(api, "gamma", "< 1.0 (Paddle refuses growth)", gamma)
    if g < 0.0:
        ck.value_error(
            api,
            "gamma",
            "a non-negative number",
            gamma,
            hint="Paddle would flip the lr's sign at every decay.",
        )
    return g


# ---------------------------------------------------------------------------------------- decays
def NoamDecay(d_model: float, warmup_steps: float, learning_rate: float = 1.0) -> Schedule:
    """``NoamDecay``: ``learning_rate * d_model**-0.5 * min(k**-0.5, k * warmup_steps**-1.5)``.

    ``k = 0`` gives 0 (Paddle takes ``min(1, 0)`` there). The peak is at ``k = warmup_steps``.

    Examples:
        >>> s = NoamDecay(d_model=512, warmup_steps=4000)
        >>> f"{s(0):.2e} {s(2000):.2e} {s(4000):.2e} {s(16000):.2e}"
        '0.00e+00 3.49e-04 6.99e-04 3.49e-04'
    """
    api = "NoamDecay"
    d = ck.positive(api, "d_model", d_model)
    W = ck.positive(api, "warmup_steps", warmup_steps)
    lr = _lr(api, "learning_rate", learning_rate)
    peak = lr * d**-0.5 * W**-0.5
    return concat(linear(0.0, peak, W), inverse_sqrt(peak, W), at=[W])


def PiecewiseDecay(boundaries: Sequence[float], values: Sequence[float]) -> Schedule:
    """``PiecewiseDecay``: ``values[i]`` for the first ``i`` with ``k < boundaries[i]``, else ``values[-1]``.

    Examples:
        >>> s = PiecewiseDecay(boundaries=[100, 200], values=[1.0, 0.5, 0.1])
        >>> f"{s(99):.1f} {s(100):.1f} {s(200):.1f}"
        '1.0 0.5 0.1'
    """
    api = "PiecewiseDecay"
    bs = [ck.real(api, "boundaries", b) for b in ck.sequence(api, "boundaries", boundaries)]
    vs = [ck.finite_float(api, "values", v) for v in ck.sequence(api, "values", values)]
    if not bs:
        ck.value_error(api, "boundaries", "non-empty (as Paddle)", boundaries)
    if len(vs) <= len(bs):
        raise ValueError(
            f"{api}(): values must have more items than boundaries, got {len(vs)} values for "
            f"{len(bs)} boundaries."
        )
    # Paddle returns values[first i with k < b_i]: only the boundaries above all earlier ones
    # (and above 0) ever decide.
    at: list[Number] = []
    out = []
    top: Number = 0
    for b, v in zip(bs, vs, strict=False):
        if b > top:
            at.append(b)
            out.append(v)
            top = b
    out.append(vs[-1])
    return piecewise_constant(out, at) if at else constant(vs[-1])


def NaturalExpDecay(learning_rate: float, gamma: float) -> Schedule:
    """``NaturalExpDecay``: ``learning_rate * exp(-gamma * k)`` (``gamma > 0``).

    Examples:
        >>> f"{NaturalExpDecay(0.5, gamma=0.1)(10):.4f}"
        '0.1839'
    """
    api = "NaturalExpDecay"
    lr = _lr(api, "learning_rate", learning_rate)
    g = ck.positive_float(api, "gamma", gamma)
    return exponential(lr, math.exp(-g))


def InverseTimeDecay(learning_rate: float, gamma: float) -> Schedule:
    """``InverseTimeDecay``: ``learning_rate / (1 + gamma * k)``.

    A negative ``gamma`` is refused (the lr would cross a pole; Paddle does not check it).

    Examples:
        >>> f"{InverseTimeDecay(0.5, gamma=0.1)(10):.3f}"
        '0.250'
    """
    api = "InverseTimeDecay"
    lr = _lr(api, "learning_rate", learning_rate)
    g = ck.finite_float(api, "gamma", gamma)
    if g < 0:
        ck.value_error(api, "gamma", "a non-negative number", gamma, hint="1 + gamma * k would reach 0.")
    return constant(lr) if g == 0.0 else inverse_time(lr, g)


def PolynomialDecay(
    learning_rate: float, decay_steps: int, end_lr: float = 0.0001, power: float = 1.0, cycle: bool = False
) -> Schedule:
    """``PolynomialDecay``: ``(lr - end_lr) * (1 - k / D) ** power + end_lr``, ``k = min(k, D)``.

    With ``cycle=True``, ``D = decay_steps * ceil(k / decay_steps)`` (``decay_steps`` at ``k = 0``):
    the decay restarts from a lower point after each ``decay_steps``.

    Examples:
        >>> s = PolynomialDecay(0.1, decay_steps=10, end_lr=0.0, power=2.0)
        >>> f"{s(0):.3f} {s(5):.4f} {s(10):.3f} {s(20):.3f}"
        '0.100 0.0250 0.000 0.000'
    """
    api = "PolynomialDecay"
    lr = _lr(api, "learning_rate", learning_rate)
    D = _int(api, "decay_steps", decay_steps)
    end = ck.finite_float(api, "end_lr", end_lr)
    p = ck.positive_float(api, "power", power)
    return polynomial(lr, end, D, p, cycle=ck.boolean(api, "cycle", cycle))


def ExponentialDecay(learning_rate: float, gamma: float) -> Schedule:
    """``ExponentialDecay``: ``learning_rate * gamma ** k``, ``gamma`` in ``(0, 1)``.

    Examples:
        >>> f"{ExponentialDecay(0.5, gamma=0.9)(10):.4f}"
        '0.1743'
    """
    api = "ExponentialDecay"
    lr = _lr(api, "learning_rate", learning_rate)
    g = ck.finite_float(api, "gamma", gamma)
    if not 0.0 < g < 1.0:
        ck.value_error(api, "gamma", "in (0, 1) (as Paddle)", gamma)
    return exponential(lr, g)


def MultiStepDecay(learning_rate: float, milestones: Sequence[int], gamma: float = 0.1) -> Schedule:
    """``MultiStepDecay``: ``learning_rate * gamma ** #{m in milestones: m <= k}``.

    Milestones must be strictly increasing (as Paddle).

    Examples:
        >>> s = MultiStepDecay(0.5, milestones=[2, 4])
        >>> " ".join(f"{s(k):.3f}" for k in range(6))
        '0.500 0.500 0.050 0.050 0.005 0.005'
    """
    api = "MultiStepDecay"
    lr = _lr(api, "learning_rate", learning_rate)
    ms = tuple(ck.real(api, "milestones", m) for m in ck.sequence(api, "milestones", milestones))
    ck.increasing(api, "milestones", ms)
    g = _decay_gamma(api, gamma)
    passed = sum(1 for m in ms if m <= 0)  # already passed at k = 0
    rest: list[Number] = [m for m in ms if m > 0]
    start = lr * g**passed
    return multistep(start, g, rest) if rest else constant(start)


def StepDecay(learning_rate: float, step_size: int, gamma: float = 0.1) -> Schedule:
    """``StepDecay``: ``learning_rate * gamma ** (k // step_size)``.

    Examples:
        >>> s = StepDecay(0.5, step_size=3)
        >>> f"{s(2):.2f} {s(3):.2f} {s(6):.3f}"
        '0.50 0.05 0.005'
    """
    api = "StepDecay"
    lr = _lr(api, "learning_rate", learning_rate)
    n = _int(api, "step_size", step_size)
    g = _decay_gamma(api, gamma)
    if g == 0.0:
        return piecewise_constant([lr, 0.0], [n])
    return exponential(lr, g, n, staircase=True)


def CosineAnnealingDecay(learning_rate: float, T_max: int, eta_min: float = 0) -> Schedule:
    """``CosineAnnealingDecay``: ``eta_min + (lr - eta_min) * (1 + cos(pi k / T_max)) / 2``.

    Paddle's recursive form (torch's): past ``T_max`` the cosine goes on periodically.

    Examples:
        >>> s = CosineAnnealingDecay(0.5, T_max=10)
        >>> f"{s(0):.3f} {s(5):.3f} {s(10):.3f} {s(20):.3f}"
        '0.500 0.250 0.000 0.500'
    """
    api = "CosineAnnealingDecay"
    lr = _lr(api, "learning_rate", learning_rate)
    T = _int(api, "T_max", T_max)
    eta = _number(api, "eta_min", eta_min)
    return _pt.CosineAnnealingLR(T_max=T, eta_min=eta, base_lr=lr)


def CosineAnnealingWarmRestarts(
    learning_rate: float, T_0: int, T_mult: int = 1, eta_min: float = 0
) -> Schedule:
    """``CosineAnnealingWarmRestarts``: SGDR cycles of ``T_0 * T_mult**i`` steps (exact restarts).

    Examples:
        >>> s = CosineAnnealingWarmRestarts(0.5, T_0=10, T_mult=2)
        >>> f"{s(5):.3f} {s(10):.3f} {s(20):.3f} {s(30):.3f}"
        '0.250 0.500 0.250 0.500'
    """
    api = "CosineAnnealingWarmRestarts"
    lr = _lr(api, "learning_rate", learning_rate)
    T0 = _int(api, "T_0", T_0)
    mult = _int(api, "T_mult", T_mult)
    eta = ck.finite_float(api, "eta_min", eta_min)
    return _pt.CosineAnnealingWarmRestarts(T_0=T0, T_mult=mult, eta_min=eta, base_lr=lr)


def LinearLR(
    learning_rate: float, total_steps: int, start_factor: float = 1.0 / 3, end_factor: float = 1.0
) -> Schedule:
    """``LinearLR``: the factor goes from ``start_factor`` to ``end_factor`` in ``total_steps``, then holds.

    Examples:
        >>> s = LinearLR(0.5, total_steps=4, start_factor=0.5)
        >>> " ".join(f"{s(k):.4f}" for k in range(6))
        '0.2500 0.3125 0.3750 0.4375 0.5000 0.5000'
    """
    api = "LinearLR"
    lr = _lr(api, "learning_rate", learning_rate)
    T = _int(api, "total_steps", total_steps)
    s = ck.finite_float(api, "start_factor", start_factor)
    if not 0.0 < s <= 1.0:
        ck.value_error(api, "start_factor", "in (0, 1] (as Paddle)", start_factor)
    e = ck.finite_float(api, "end_factor", end_factor)
    if not 0.0 <= e <= 1.0:
        ck.value_error(api, "end_factor", "in [0, 1] (as Paddle)", end_factor)
    return _pt.LinearLR(start_factor=s, end_factor=e, total_iters=T, base_lr=lr)


def MultiplicativeDecay(learning_rate: float, lr_lambda: float | Schedule) -> Schedule:
    """``MultiplicativeDecay`` with a constant factor: ``learning_rate * lr_lambda ** k``.

    Paddle multiplies the factors ``lr_lambda(1) ... lr_lambda(k)``; that product has a closed
    form only for a constant factor, given as a number or ``lr_curves.constant(f)``.

    Examples:
        >>> f"{MultiplicativeDecay(0.5, 0.9)(3):.4f}"
        '0.3645'
    """
    api = "MultiplicativeDecay"
    lr = _lr(api, "learning_rate", learning_rate)
    given: Any = lr_lambda
    value: Any = given.value if isinstance(given, Schedule) and given.is_constant else given  # type: ignore[attr-defined]
    if ck.is_bool(value) or isinstance(value, Schedule) or not isinstance(value, numbers.Real):
        ck.type_error(
            api,
            "lr_lambda",
            "a constant factor (a number or lr_curves.constant(f))",
            lr_lambda,
            hint="a step-dependent factor makes the lr a running product with no closed form.",
        )
    f = ck.finite_float(api, "lr_lambda", value)
    if f < 0:
        ck.value_error(api, "lr_lambda", "a non-negative factor", value)
    return piecewise_constant([lr, 0.0], [1]) if f == 0.0 else exponential(lr, f)


def LambdaDecay(learning_rate: float, lr_lambda: Callable[[int], float] | Schedule) -> Schedule:
    """``LambdaDecay``: ``learning_rate * lr_lambda(k)``.

    ``lr_lambda`` is the user's own function of the epoch (Paddle calls it with the int
    ``last_epoch``), taken as :func:`lr_curves.function` (see there how it is evaluated on
    arrays, and how it is stored as data: by name only, read back with ``functions=``), or an
    lr_curves schedule. ``lr_lambda(0)`` applies right after construction.

    Examples:
        >>> def half_every_10(epoch):
        ...     return 0.5 ** (epoch // 10)
        >>> s = LambdaDecay(0.1, half_every_10)
        >>> " ".join(f"{s(k):.3f}" for k in (0, 9, 10, 25))
        '0.100 0.100 0.050 0.025'
        >>> s
        scale(function(half_every_10), 0.1)
    """
    api = "LambdaDecay"
    lr = _lr(api, "learning_rate", learning_rate)
    given: Any = lr_lambda
    if isinstance(given, Schedule):
        lam = given
    elif callable(given) and not isinstance(given, (list, tuple)):
        lam = function(given)
    else:
        ck.type_error(
            api,
            "lr_lambda",
            "a callable (epoch -> factor) or an lr_curves Schedule (Paddle takes a function)",
            lr_lambda,
        )
    return lam if lr == 1.0 else scale(lam, lr)


def OneCycleLR(
    max_learning_rate: float,
    total_steps: int,
    divide_factor: float = 25.0,
    end_learning_rate: float = 0.0001,
    phase_pct: float = 0.3,
    anneal_strategy: str = "cos",
    three_phase: bool = False,
) -> Schedule:
    """``OneCycleLR``: ``max / divide_factor`` up to ``max_learning_rate``, down to ``end_learning_rate``.

    torch's phases (peak at ``k = phase_pct * total_steps - 1``, end at ``total_steps - 1``),
    with an absolute final lr. See :func:`lr_curves.presets.torch.OneCycleLR` for the phases.

    Examples:
        >>> s = OneCycleLR(1.0, total_steps=10, end_learning_rate=0.0)
        >>> f"{s(0):.3f} {s(2):.3f} {s(9):.3f}"
        '0.040 1.000 0.000'
    """
    api = "OneCycleLR"
    peak = _lr(api, "max_learning_rate", max_learning_rate)
    end = _lr(api, "end_learning_rate", end_learning_rate)
    T = _int(api, "total_steps", total_steps)
    if not isinstance(phase_pct, float):
        ck.type_error(api, "phase_pct", "a float (as Paddle)", phase_pct)
    if not 0.0 <= phase_pct <= 1.0:
        ck.value_error(api, "phase_pct", "in [0, 1]", phase_pct)
    div = ck.positive_float(api, "divide_factor", divide_factor)
    strategy = ck.choice(api, "anneal_strategy", anneal_strategy, ("cos", "linear"))
    three = ck.boolean(api, "three_phase", three_phase)
    if three and phase_pct >= 0.5:
        ck.value_error(api, "phase_pct", "< 0.5 with three_phase=True (as Paddle)", phase_pct)
    if float(phase_pct * T) - 1 == 0.0:
        ck.value_error(
            api,
            "phase_pct * total_steps",
            "different from 1",
            phase_pct * T,
            hint="Paddle divides by zero at construction then (its first phase has no length).",
        )
    initial = peak / div
    cfg = _one_cycle.config(api, T, None, None, phase_pct, strategy, three)
    values = ((initial, peak), (peak, initial), (initial, end)) if three else ((initial, peak), (peak, end))
    return _one_cycle.phases(api, cfg, values, end)


def CyclicLR(
    base_learning_rate: float,
    max_learning_rate: float,
    step_size_up: int,
    step_size_down: int | None = None,
    mode: str = "triangular",
    exp_gamma: float = 1.0,
    scale_fn: Schedule | None = None,
    scale_mode: str = "cycle",
) -> Schedule:
    """``CyclicLR``: a triangle between ``base_learning_rate`` and ``max_learning_rate`` (torch's CLR).

    ``mode`` ``"triangular"``, ``"triangular2"`` (the amplitude halves every cycle) or
    ``"exp_range"`` (``exp_gamma ** k``); a custom ``scale_fn`` must be an lr_curves schedule of
    the cycle (from 1) or of the step, per ``scale_mode``.

    Examples:
        >>> s = CyclicLR(0.1, 1.0, step_size_up=5)
        >>> f"{s(0):.2f} {s(5):.2f} {s(10):.2f}"
        '0.10 1.00 0.10'
    """
    api = "CyclicLR"
    lo = ck.finite_float(api, "base_learning_rate", base_learning_rate)
    hi = _lr(api, "max_learning_rate", max_learning_rate)
    up = _int(api, "step_size_up", step_size_up)
    down = None if step_size_down is None else _int(api, "step_size_down", step_size_down)
    if not isinstance(exp_gamma, float):
        ck.type_error(api, "exp_gamma", "a float (as Paddle)", exp_gamma)
    if scale_fn is None:
        mode = ck.choice(api, "mode", mode, ("triangular", "triangular2", "exp_range"))
    scale_mode = ck.choice(api, "scale_mode", scale_mode, ("cycle", "iterations"))
    return _pt.CyclicLR(
        base_lr=lo,
        max_lr=hi,
        step_size_up=up,
        step_size_down=down,
        mode=mode,
        gamma=exp_gamma,
        scale_fn=scale_fn,
        scale_mode=scale_mode,
    )


# ---------------------------------------------------------------------------------------- warmup
def LinearWarmup(
    learning_rate: float | Schedule, warmup_steps: int, start_lr: float, end_lr: float
) -> Schedule:
    """``LinearWarmup``: ``start_lr`` to ``end_lr`` over ``warmup_steps``, then ``learning_rate``.

    ``learning_rate`` is a number (held after the warmup) or another preset of this module,
    which starts at its own step 0 at ``k = warmup_steps`` (a prefix): ``end_lr`` itself is never
    reached when that preset starts elsewhere. ``end_lr > start_lr`` (as Paddle).

    Examples:
        >>> s = LinearWarmup(0.5, warmup_steps=4, start_lr=0.0, end_lr=0.5)
        >>> " ".join(f"{s(k):.3f}" for k in range(6))
        '0.000 0.125 0.250 0.375 0.500 0.500'
    """
    api = "LinearWarmup"
    given: Any = learning_rate
    if isinstance(given, Schedule):
        inner = given
    elif ck.is_bool(given) or not isinstance(given, numbers.Real):
        ck.type_error(api, "learning_rate", "a float, an int or a preset (an lr_curves Schedule)", given)
    else:
        inner = constant(ck.finite_float(api, "learning_rate", given))
    W = _int(api, "warmup_steps", warmup_steps)
    lo = _lr(api, "start_lr", start_lr)
    hi = ck.finite_float(api, "end_lr", end_lr)
    if not hi > lo:
        raise ValueError(
            f"{api}(): end_lr must be greater than start_lr, got start_lr={lo!r}, end_lr={hi!r}."
        )
    return concat(linear(lo, hi, W), inner, at=[W])


# ---------------------------------------------------------------------------------------- ReduceOnPlateau
class _PaddleRules(Plateau):
    """The shared plateau reducer with PaddlePaddle's rules (see :class:`lr_curves.Plateau`)."""

    api = "ReduceOnPlateau"
    rules = "paddle"


@dataclasses.dataclass(frozen=True)
class ReduceOnPlateau(Reducer[PlateauState]):
    """``ReduceOnPlateau`` as a pure reducer: ``state = r.update(state, metric)``.

    Paddle's arguments in Paddle's order (``learning_rate`` is the lr it starts from: a Paddle
    scheduler owns the lr). The rules are the shared :class:`lr_curves.Plateau`'s with
    ``rules = "paddle"``: a metric improves when ``a < best - best * threshold`` (min, rel),
    ``a < best - threshold`` (min, abs), ``a > best + best * threshold`` (max, rel) or
    ``a > best + threshold`` (max, abs); the first metric always improves; after
    ``patience + 1`` metrics without improvement the lr becomes ``max(lr * factor, min_lr)``
    if that lowers it by more than ``epsilon``, and the next ``cooldown`` metrics are not looked
    at (unlike torch, which still compares them with ``best``).

    Quirks reproduced: ``mode`` and ``threshold_mode`` are case-insensitive (``"MIN"``); a NaN
    first metric becomes ``best`` and nothing improves on it. Refused (Paddle accepts them): a
    negative ``factor`` (negative lrs), a negative ``patience`` or ``cooldown``.

    Raises:
        ValueError: ``factor >= 1``, an unknown ``mode``/``threshold_mode`` (as Paddle).
        TypeError: ``learning_rate`` not an int or float (as Paddle).

    Examples:
        >>> r = ReduceOnPlateau(0.1, patience=1, cooldown=1)
        >>> [f"{lr:.3f}" for lr in r.trace([3.0, 3.0, 3.0, 3.0, 3.0, 3.0])]
        ['0.100', '0.100', '0.010', '0.010', '0.010', '0.001']
    """

    api = "ReduceOnPlateau"

    learning_rate: float
    mode: str = "min"
    factor: float = 0.1
    patience: int = 10
    threshold: float = 1e-4
    threshold_mode: str = "rel"
    cooldown: int = 0
    min_lr: float = 0
    epsilon: float = 1e-8

    def __post_init__(self) -> None:
        api, set_ = self.api, object.__setattr__
        lr = _number(api, "learning_rate", self.learning_rate)
        given: Any = self.mode
        mode = ck.choice(api, "mode", given.lower() if isinstance(given, str) else given, ("min", "max"))
        given = self.threshold_mode
        lowered = given.lower() if isinstance(given, str) else given
        threshold_mode = ck.choice(api, "threshold_mode", lowered, ("rel", "abs"))
        factor = ck.finite_float(api, "factor", self.factor)
        if factor >= 1.0:
            ck.value_error(api, "factor", "< 1.0 (as Paddle)", self.factor)
        if factor < 0.0:
            ck.value_error(
                api, "factor", "a non-negative number", self.factor, hint="Paddle makes the lr negative."
            )
        rules = _PaddleRules(
            mode=mode,
            factor=factor,
            patience=_args.whole(api, "patience", self.patience, 0),
            threshold=ck.finite_float(api, "threshold", self.threshold),
            threshold_mode=threshold_mode,
            cooldown=_args.whole(api, "cooldown", self.cooldown, 0),
            min_lr=ck.finite_float(api, "min_lr", self.min_lr),
            eps=ck.finite_float(api, "epsilon", self.epsilon),
            base_lr=lr,
        )
        for name, value in (
            ("learning_rate", lr),
            ("mode", mode),
            ("factor", factor),
            ("patience", rules.patience),
            ("threshold", rules.threshold),
            ("threshold_mode", threshold_mode),
            ("cooldown", rules.cooldown),
            ("min_lr", rules.min_lr),
            ("epsilon", rules.eps),
        ):
            set_(self, name, value)
        set_(self, "_rules", rules)

    def init(self) -> PlateauState:
        """Right after construction: ``lr = learning_rate``, no best yet."""
        return self.init_from(self.learning_rate)

    def init_from(self, lr: float) -> PlateauState:
        rules: Plateau = self.__dict__["_rules"]
        return rules.init_from(lr)

    def update(self, state: PlateauState, metric: float) -> PlateauState:
        """One ``scheduler.step(metrics)``."""
        rules: Plateau = self.__dict__["_rules"]
        return rules.update(state, self._metric(metric))
