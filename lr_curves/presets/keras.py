"""Keras 3's learning-rate schedules (keras 3.15) as lr_curves schedules: ``s(k) == schedule(k)``.

Each class name here is a function taking Keras' own arguments, names and defaults (``name=`` is
accepted and ignored) and returning an lr_curves schedule. Keras computes in the dtype of
``initial_learning_rate`` (float32 by default); these presets compute in float64 and agree with
Keras run in float64 to 1e-9 of the peak, with float32 Keras to float32 rounding.

What the presets refuse, though Keras accepts it:

- an ``int`` ``initial_learning_rate``: Keras then computes the whole schedule in integer
  arithmetic (``ExponentialDecay(1, 2, 0.5)`` is 0 from step 1 on, ``CosineDecay(1, 4)`` uses
  ``pi == 3``). Pass a float.
- ``decay_rate <= 0`` (``0 ** p``; NaN for negative rates with fractional exponents), a negative
  ``InverseTimeDecay`` rate (division by zero at some step), ``power <= 0``, ``t_mul < 1``,
  ``m_mul <= 0``, negative ``warmup_steps``, boundaries that are negative or not increasing (the
  piecewise sum then gives garbage).
"""

from __future__ import annotations

import numbers
from typing import Any

from lr_curves import _checks as ck
from lr_curves._base import Schedule
from lr_curves._combinators import add, concat, restart
from lr_curves._primitives import (
    constant,
    cosine,
    exponential,
    inverse_time,
    linear,
    piecewise_constant,
    polynomial,
)
from lr_curves._reducer import Plateau, PlateauState
from lr_curves.presets import _args

__all__ = [
    "CosineDecay",
    "CosineDecayRestarts",
    "ExponentialDecay",
    "InverseTimeDecay",
    "KerasPlateauState",
    "PiecewiseConstantDecay",
    "PolynomialDecay",
    "ReduceLROnPlateau",
]


def _lr(api: str, name: str, value: Any) -> float:
    if isinstance(value, numbers.Integral) and not ck.is_bool(value):
        ck.type_error(
            api,
            name,
            "a float",
            value,
            hint="Keras computes the schedule in the dtype of initial_learning_rate, so an int "
            "gives integer arithmetic; pass e.g. 1.0.",
        )
    return ck.finite_float(api, name, value)


def ExponentialDecay(
    initial_learning_rate: float,
    decay_steps: float,
    decay_rate: float,
    staircase: bool = False,
    name: str = "ExponentialDecay",
) -> Schedule:
    """``initial_learning_rate * decay_rate ** (k / decay_steps)`` (exponent floored with ``staircase``).

    No begin, no bound: the curve decays (or grows) forever.

    Examples:
        >>> s = ExponentialDecay(1.0, 10, 0.5, staircase=True)
        >>> f"{s(9):.2f} {s(10):.2f} {s(25):.3f}"
        '1.00 0.50 0.250'
    """
    api = "ExponentialDecay"
    lr = _lr(api, "initial_learning_rate", initial_learning_rate)
    D = ck.positive(api, "decay_steps", decay_steps)
    rate = ck.positive_float(api, "decay_rate", decay_rate)
    return exponential(lr, rate, D, staircase=ck.boolean(api, "staircase", staircase))


def PiecewiseConstantDecay(
    boundaries: list[float], values: list[float], name: str = "PiecewiseConstant"
) -> Schedule:
    """``values[0]`` for ``k <= boundaries[0]``, ``values[i]`` for ``boundaries[i-1] < k <= boundaries[i]``.

    A boundary step keeps the *earlier* value (torch and optax switch at the boundary). Values
    are absolute.

    Examples:
        >>> s = PiecewiseConstantDecay([2, 4], [1.0, 0.5, 0.1])
        >>> [f"{s(k):.1f}" for k in range(6)]
        ['1.0', '1.0', '1.0', '0.5', '0.5', '0.1']
    """
    api = "PiecewiseConstantDecay"
    b = ck.sequence(api, "boundaries", boundaries)
    v = ck.sequence(api, "values", values)
    if len(b) != len(v) - 1:
        raise ValueError(
            f"{api}(): boundaries must have one item fewer than values, got {len(b)} boundaries "
            f"and {len(v)} values."
        )
    if not b:
        raise ValueError(f"{api}(): boundaries must be non-empty, got []. Hint: Keras fails on it too.")
    bounds = tuple(ck.non_negative(api, "boundaries", x) for x in b)
    ck.increasing(api, "boundaries", bounds)
    return piecewise_constant([ck.finite_float(api, "values", x) for x in v], bounds, boundary="old")


def PolynomialDecay(
    initial_learning_rate: float,
    decay_steps: float,
    end_learning_rate: float = 0.0001,
    power: float = 1.0,
    cycle: bool = False,
    name: str = "PolynomialDecay",
) -> Schedule:
    """``(I - E) * (1 - min(k, D) / D) ** power + E``; note the default ``E = 1e-4``, not 0.

    With ``cycle=True`` the horizon becomes ``D * ceil(k / D)`` (``D`` at ``k = 0``): the value
    reaches ``E`` at every multiple of ``D`` and then jumps to a partial value (not back to
    ``I``), as in Keras.

    Examples:
        >>> s = PolynomialDecay(1.0, 4, end_learning_rate=0.0, cycle=True)
        >>> [f"{s(k):.3f}" for k in range(7)]
        ['1.000', '0.750', '0.500', '0.250', '0.000', '0.375', '0.250']
    """
    api = "PolynomialDecay"
    lr = _lr(api, "initial_learning_rate", initial_learning_rate)
    D = ck.positive(api, "decay_steps", decay_steps)
    end = ck.finite_float(api, "end_learning_rate", end_learning_rate)
    p = ck.positive_float(api, "power", power)
    return polynomial(lr, end, D, p, cycle=ck.boolean(api, "cycle", cycle))


def InverseTimeDecay(
    initial_learning_rate: float,
    decay_steps: float,
    decay_rate: float,
    staircase: bool = False,
    name: str = "InverseTimeDecay",
) -> Schedule:
    """``initial_learning_rate / (1 + decay_rate * k / decay_steps)`` (floored with ``staircase``).

    Examples:
        >>> f"{InverseTimeDecay(1.0, 10, 0.5)(20):.2f}"
        '0.50'
    """
    api = "InverseTimeDecay"
    lr = _lr(api, "initial_learning_rate", initial_learning_rate)
    D = ck.positive(api, "decay_steps", decay_steps)
    rate = ck.finite_float(api, "decay_rate", decay_rate)
    if rate < 0:
        ck.value_error(api, "decay_rate", "a non-negative number", decay_rate)
    return inverse_time(lr, rate, D, staircase=ck.boolean(api, "staircase", staircase))


def CosineDecay(
    initial_learning_rate: float,
    decay_steps: float,
    alpha: float = 0.0,
    name: str = "CosineDecay",
    warmup_target: float | None = None,
    warmup_steps: float = 0,
) -> Schedule:
    """Cosine decay, with an optional linear warmup *before* it.

    Without ``warmup_target``: ``I * ((1 - alpha) * 0.5 * (1 + cos(pi * min(k, D) / D)) + alpha)``
    and ``warmup_steps`` is **ignored** (as in Keras). With ``warmup_target = P``: a line from
    ``I`` to ``P`` over ``W = warmup_steps`` steps, then the cosine from ``P`` to ``alpha * P``
    over ``D = decay_steps`` more steps (``decay_steps`` excludes the warmup: the schedule lasts
    ``W + D``, unlike optax's ``warmup_cosine_decay_schedule``). With a target and ``W = 0`` the
    schedule starts at ``P`` and ``I`` is never used. ``alpha`` is a fraction of the decay's
    start, not an absolute lr.

    Examples:
        >>> s = CosineDecay(0.0, 100, alpha=0.1, warmup_target=1.0, warmup_steps=10)
        >>> f"{s(5):.2f} {s(10):.2f} {s(60):.2f} {s(110):.2f} {s(999):.2f}"
        '0.50 1.00 0.55 0.10 0.10'
    """
    api = "CosineDecay"
    lr = _lr(api, "initial_learning_rate", initial_learning_rate)
    D = ck.positive(api, "decay_steps", decay_steps)
    a = ck.finite_float(api, "alpha", alpha)
    W = ck.non_negative(api, "warmup_steps", warmup_steps)
    if warmup_target is None:
        return cosine(lr, D, a * lr)
    target = ck.finite_float(api, "warmup_target", warmup_target)
    decay = cosine(target, D, a * target)
    return decay if W == 0 else concat(linear(lr, target, W), decay, at=[W])


def CosineDecayRestarts(
    initial_learning_rate: float,
    first_decay_steps: float,
    t_mul: float = 2.0,
    m_mul: float = 1.0,
    alpha: float = 0.0,
    name: str = "SGDRDecay",
) -> Schedule:
    """SGDR: cosine cycles, cycle ``i`` lasting ``first_decay_steps * t_mul**i``, its amplitude ``m_mul**i``.

    Value: ``I * ((1 - alpha) * m_mul**i * 0.5 * (1 + cos(pi * f)) + alpha)``, ``f`` the fraction
    of cycle ``i`` done. ``alpha`` is *not* scaled by ``m_mul**i``: the floor stays
    ``alpha * I``. Note the default ``t_mul = 2.0``. Keras finds ``i`` with a floating-point
    ``log``; lr_curves finds it exactly, and the two agree at every step of the differential
    tests (Keras' ``log`` is exact enough at the restart steps tried there).

    Examples:
        >>> s = CosineDecayRestarts(1.0, 10, t_mul=2.0, m_mul=0.5)
        >>> f"{s(5):.2f} {s(10):.2f} {s(20):.2f} {s(30):.2f}"
        '0.50 0.50 0.25 0.25'
    """
    api = "CosineDecayRestarts"
    lr = _lr(api, "initial_learning_rate", initial_learning_rate)
    D = ck.positive(api, "first_decay_steps", first_decay_steps)
    t = ck.finite_float(api, "t_mul", t_mul)
    if t < 1.0:
        ck.value_error(api, "t_mul", ">= 1.0", t_mul)
    m = ck.positive_float(api, "m_mul", m_mul)
    a = ck.finite_float(api, "alpha", alpha)
    cycles = restart(cosine(lr * (1.0 - a), D), growth=t, decay=m)
    return cycles if a == 0.0 else add(constant(lr * a), cycles)


# ---------------------------------------------------------------------------------------- plateau
#: The state of :func:`ReduceLROnPlateau` (the shared :class:`lr_curves.PlateauState`; its
#: ``num_bad_epochs`` is Keras' ``wait``, ``best`` starts as ``None``, ``lr`` is float32-rounded).
KerasPlateauState = PlateauState


class _KerasPlateau(Plateau):
    """The shared plateau reducer with Keras' rules (see :class:`lr_curves.Plateau`)."""

    api = "ReduceLROnPlateau"
    rules = "keras"


def ReduceLROnPlateau(
    monitor: str = "val_loss",
    factor: float = 0.1,
    patience: int = 10,
    verbose: int = 0,
    mode: str = "auto",
    min_delta: float = 1e-4,
    cooldown: int = 0,
    min_lr: float = 0.0,
    *,
    base_lr: float = 1.0,
) -> _KerasPlateau:
    """Keras' ``ReduceLROnPlateau`` callback as a pure reducer: ``update`` is one ``on_epoch_end``.

    ``base_lr`` is the optimizer's lr before training. Keras' rules, in its order: in cooldown,
    the cooldown counter counts down and ``wait`` is reset; the first metric always improves;
    a metric improves when ``current + min_delta < best`` (``"min"``) or ``current - min_delta
    > best`` (``"max"``), absolute only; otherwise, out of cooldown, ``wait`` grows and when
    ``wait >= patience`` (after ``patience`` bad epochs, one fewer than torch) the lr becomes
    ``max(lr * factor, min_lr)``, but only if ``lr > float32(min_lr)``; if it did not, ``wait``
    is not reset. Keras keeps the lr in a float32 variable, so ``state.lr`` is float32-rounded.
    ``mode="auto"`` means ``"min"`` for a monitor named ``loss``/``val_loss``; for other metrics
    Keras looks at the model, so give ``mode`` explicitly. ``monitor`` and ``verbose`` do not
    change the values.

    Examples:
        >>> r = ReduceLROnPlateau(patience=2, base_lr=0.5)
        >>> [f"{lr:.3f}" for lr in r.trace([1.0, 1.0, 1.0, 1.0])]
        ['0.500', '0.500', '0.050', '0.050']
    """
    api = "ReduceLROnPlateau"
    if not isinstance(monitor, str):
        ck.type_error(api, "monitor", "a str", monitor)
    mode = ck.choice(api, "mode", mode, ("auto", "min", "max"))
    if mode == "auto":
        if monitor.removeprefix("val_") != "loss":
            raise ValueError(
                f"{api}(): mode must be 'min' or 'max' for monitor={monitor!r}, got 'auto'. Hint: "
                "Keras infers the direction from the model's metrics, which a reducer does not have."
            )
        mode = "min"
    f = ck.finite_float(api, "factor", factor)
    if not 0.0 <= f < 1.0:
        ck.value_error(api, "factor", "in [0, 1)", factor)
    min_lr_f = ck.finite_float(api, "min_lr", min_lr)
    if min_lr_f < 0:
        ck.value_error(api, "min_lr", "a non-negative number", min_lr)
    return _KerasPlateau(
        mode=mode,
        factor=f,
        patience=_args.whole(api, "patience", patience, minimum=0),
        threshold=abs(ck.finite_float(api, "min_delta", min_delta)),  # Keras takes abs(min_delta)
        threshold_mode="abs",
        cooldown=_args.whole(api, "cooldown", cooldown, minimum=0),
        min_lr=min_lr_f,
        base_lr=ck.finite_float(api, "base_lr", base_lr),
    )
