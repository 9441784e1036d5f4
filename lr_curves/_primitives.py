"""Primitive curves: each a frozen node whose formula is written once, in ``_eval``.

The formula runs over an operation table (``op``): NumPy, an array-API namespace, torch, or the
staging table that writes the Python-number path (``lr_curves._staging``), so one definition
serves every path. Conventions: ``t`` is the step (``>= 0``); ``T`` a length in steps. A curve
with a length holds its final value past it unless its docstring says otherwise. Integer
arithmetic is used where steps are integers, so phases stay exact at any step.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any, ClassVar

from lr_curves import _checks as ck
from lr_curves import _shapes
from lr_curves._backend import Ops
from lr_curves._base import Schedule, arg, factory
from lr_curves._base import fmt_steps as _n
from lr_curves._base import fmt_value as _v
from lr_curves._checks import Number
from lr_curves._piecewise import multistep, piecewise_constant, piecewise_cosine, piecewise_linear

__all__ = [
    "constant",
    "cooldown",
    "cosine",
    "exponential",
    "inverse_sqrt",
    "inverse_time",
    "linear",
    "multistep",
    "piecewise_constant",
    "piecewise_cosine",
    "piecewise_linear",
    "polynomial",
    "rex",
    "tanh",
    "triangle",
]

_HALF_PI = math.pi / 2


def _rate(api: str, name: str, value: Any) -> float:
    out = ck.finite_float(api, name, value)
    if out < 0:
        ck.value_error(api, name, "a non-negative number", value)
    return out


# -------------------------------------------------------------------------------------- constant
@dataclasses.dataclass(frozen=True, repr=False, eq=False)
class _Constant(Schedule):
    api: ClassVar[str] = "constant"
    stretchable: ClassVar[bool] = True
    is_constant: ClassVar[bool] = True
    value: float = arg(ck.finite_float, positional=True)

    def _eval(self, x: Any, op: Ops) -> Any:
        return op.full(x, self.value)

    def summary(self) -> str:
        return f"constant {_v(self.value)}"


@factory
def constant(value: float) -> Schedule:
    """A constant value, at every step.

    Args:
        value: The value.

    Returns:
        The schedule ``t -> value`` (no length: it never ends).

    Examples:
        >>> f"{constant(0.1)(10**12):.2f}"
        '0.10'
    """
    return _Constant(value)


# -------------------------------------------------------------------------------------- linear
@dataclasses.dataclass(frozen=True, repr=False, eq=False)
class _Linear(Schedule):
    api: ClassVar[str] = "linear"
    stretchable: ClassVar[bool] = True
    start: float = arg(ck.finite_float, positional=True)
    end: float = arg(ck.finite_float, positional=True)
    steps: Number = arg(ck.positive, positional=True, duration=True)

    @property
    def length(self) -> Number:
        return self.steps

    def _eval(self, x: Any, op: Ops) -> Any:
        a, b, T = self.start, self.end, self.steps
        xc = op.minimum(x, T)
        if abs(a) <= abs(b):  # anchor the formula at the smaller end: no cancellation there
            return op.where(x >= T, b, _shapes.lerp(a, b, xc / T))
        return op.where(x >= T, b, _shapes.lerp(b, a, (T - xc) / T))

    def summary(self) -> str:
        return f"linear from {_v(self.start)} to {_v(self.end)} over {_n(self.steps)} steps"


@factory
def linear(start: float, end: float, steps: Number) -> Schedule:
    """A straight line from ``start`` to ``end`` over ``steps`` steps, then ``end``.

    Formula: ``start + (end - start) * min(t, steps) / steps``, evaluated from whichever end is
    smaller in magnitude (``end + (start - end) * (steps - t) / steps`` for a decay), so that a
    decay to a small value stays accurate to a few ulp near its end.

    Examples:
        >>> s = linear(0.0, 1.0, 10)
        >>> f"{s(0):.2f} {s(5):.2f} {s(10):.2f} {s(99):.2f}"
        '0.00 0.50 1.00 1.00'
    """
    return _Linear(start, end, steps)


# -------------------------------------------------------------------------------------- cosine
@dataclasses.dataclass(frozen=True, repr=False, eq=False)
class _Cosine(Schedule):
    api: ClassVar[str] = "cosine"
    stretchable: ClassVar[bool] = True
    peak: float = arg(ck.finite_float, positional=True)
    steps: Number = arg(ck.positive, positional=True, duration=True)
    floor: float = arg(ck.finite_float, 0.0)
    power: float = arg(ck.positive_float, 1.0)
    k_decay: float = arg(ck.positive_float, 1.0)
    periodic: bool = arg(ck.boolean, False)

    def _validate(self) -> None:
        if self.periodic and self.k_decay != 1.0:
            ck.value_error(self.api, "k_decay", "1.0 when periodic=True", self.k_decay)

    @property
    def length(self) -> Number | None:
        return None if self.periodic else self.steps

    def _eval(self, x: Any, op: Ops) -> Any:
        peak, floor, T, p, k = self.peak, self.floor, self.steps, self.power, self.k_decay
        if self.periodic:
            u = (T - op.mod(x, 2 * T)) / T
        else:
            xc = op.minimum(x, T)
            u = (T - xc) / T if k == 1.0 else 1.0 - op.pow(xc / T, k)
        s = op.sin(_HALF_PI * u)  # (1 + cos(pi x)) / 2 == sin(pi/2 (1 - x))**2: exact at both ends
        c = s * s
        return _shapes.lerp(floor, peak, c if p == 1.0 else op.pow(c, p))

    def summary(self) -> str:
        extra = "".join(
            [
                f", power {self.power:g}" if self.power != 1.0 else "",
                f", k-decay {self.k_decay:g}" if self.k_decay != 1.0 else "",
            ]
        )
        if self.periodic:
            return (
                f"cosine wave between {_v(self.peak)} and {_v(self.floor)}, half period "
                f"{_n(self.steps)} steps (goes on){extra}"
            )
        return f"cosine from {_v(self.peak)} to {_v(self.floor)} over {_n(self.steps)} steps{extra}"


@factory
def cosine(
    peak: float,
    steps: Number,
    floor: float = 0.0,
    *,
    power: float = 1.0,
    k_decay: float = 1.0,
    periodic: bool = False,
) -> Schedule:
    """Cosine annealing from ``peak`` to ``floor`` over ``steps`` steps (half a cosine period).

    Formula: ``floor + (peak - floor) * ((1 + cos(pi * (t/steps)**k_decay)) / 2) ** power``,
    computed as ``sin(pi/2 * (1 - (t/steps)**k_decay))**2`` so that it stays accurate to a few ulp
    at both ends.

    Past ``steps`` the value holds ``floor``; with ``periodic=True`` the cosine wave goes on
    (period ``2 * steps``: back at ``peak`` at ``2 * steps``), as torch's ``CosineAnnealingLR``
    does. The phase of the wave is reduced exactly (``t mod 2*steps``), so step ``10**12`` is as
    exact as step 12.

    Args:
        peak: Value at step 0.
        steps: Length of the decay (half period), > 0.
        floor: Value at ``steps`` (may exceed ``peak``: an inverted cosine).
        power: Exponent applied to the cosine factor (optax's ``exponent``).
        k_decay: timm's k-decay: ``t/steps`` is replaced by ``(t/steps)**k_decay``.
        periodic: Continue the wave past ``steps`` instead of holding ``floor``.

    References:
        Loshchilov & Hutter, "SGDR: Stochastic Gradient Descent with Warm Restarts", ICLR 2017.
        Zhang & Li, "k-decay: A New Method For Learning Rate Schedule", 2020.

    Examples:
        >>> s = cosine(1.0, 100, floor=0.1)
        >>> f"{s(0):.3f} {s(50):.3f} {s(100):.3f} {s(10**12):.3f}"
        '1.000 0.550 0.100 0.100'
    """
    return _Cosine(peak, steps, floor, power=power, k_decay=k_decay, periodic=periodic)


# -------------------------------------------------------------------------------------- exponential
@dataclasses.dataclass(frozen=True, repr=False, eq=False)
class _Exponential(Schedule):
    api: ClassVar[str] = "exponential"
    stretchable: ClassVar[bool] = True
    start: float = arg(ck.finite_float, positional=True)
    factor: float = arg(ck.positive_float, positional=True)
    every: Number = arg(ck.positive, 1, duration=True)
    staircase: bool = arg(ck.boolean, False)
    begin: Number = arg(ck.non_negative, 0, duration=True)
    end: float | None = arg(ck.finite_float, None)

    def boundaries(self) -> tuple[Number, ...]:
        return tuple(b for b, _ in self._labelled(math.inf)[:64])

    def _labelled(self, until: float) -> list[tuple[Number, str]]:
        """A staircase steps at ``begin + k * every`` (until its ``end`` bound holds)."""
        from lr_curves._base import MAX_LABELLED

        if not self.staircase or self.factor == 1.0:
            return []
        last = math.inf
        if self.end is not None and self.start != 0.0 and self.end / self.start > 0:
            ratio = math.log(self.end / self.start) / math.log(self.factor)
            last = max(math.ceil(ratio), 0) if ratio >= 0 else 0
        out: list[Number] = []
        k = 1
        while k <= last and len(out) < MAX_LABELLED:
            b = self.begin + k * self.every
            if b > until:
                break
            out.append(b)
            k += 1
        return [(b, "milestone") for b in out]

    def _eval(self, x: Any, op: Ops) -> Any:
        a, r, every, b0, end = self.start, self.factor, self.every, self.begin, self.end
        d = op.maximum(x - b0, 0.0) if b0 else x
        p = op.floordiv(d, every) if self.staircase else d / every
        # inf where it overflows (growth without an end); 0 stays 0 (never 0 * inf = NaN)
        v = op.full(x, a) if a == 0.0 else a * op.pow(r, p)
        if end is not None and r < 1.0:
            v = op.maximum(v, end)
        elif end is not None and r > 1.0:
            v = op.minimum(v, end)
        return v

    def summary(self) -> str:
        how = (
            f"x {self.factor:g} every {_n(self.every)} steps"
            if self.staircase
            else f"x {self.factor:g} per {_n(self.every)} step(s), continuously"
        )
        begin = f" from step {_n(self.begin)}" if self.begin else ""
        end = f", bounded by {_v(self.end)}" if self.end is not None else ""
        return f"exponential from {_v(self.start)}, {how}{begin}{end}"


@factory
def exponential(
    start: float,
    factor: float,
    every: Number = 1,
    *,
    staircase: bool = False,
    begin: Number = 0,
    end: float | None = None,
) -> Schedule:
    """Exponential decay (or growth): ``start * factor ** ((t - begin) / every)``.

    Before ``begin`` the value is ``start``. With ``staircase=True`` the exponent is floored, so
    the value drops by ``factor`` every ``every`` steps (step decay). ``end`` bounds the curve: a
    floor when ``factor < 1``, a ceiling when ``factor > 1`` (optax's ``end_value``). The curve
    has no end; growth without ``end`` overflows to ``inf`` eventually.

    Examples:
        >>> s = exponential(1.0, 0.5, every=10, staircase=True)
        >>> f"{s(9):.2f} {s(10):.2f} {s(25):.3f}"
        '1.00 0.50 0.250'
    """
    return _Exponential(start, factor, every, staircase=staircase, begin=begin, end=end)


# -------------------------------------------------------------------------------------- polynomial
@dataclasses.dataclass(frozen=True, repr=False, eq=False)
class _Polynomial(Schedule):
    api: ClassVar[str] = "polynomial"
    stretchable: ClassVar[bool] = True
    start: float = arg(ck.finite_float, positional=True)
    end: float = arg(ck.finite_float, positional=True)
    steps: Number = arg(ck.positive, positional=True, duration=True)
    power: float = arg(ck.positive_float, 1.0)
    cycle: bool = arg(ck.boolean, False)
    k_decay: float = arg(ck.positive_float, 1.0)

    def _validate(self) -> None:
        if self.cycle and self.k_decay != 1.0:
            ck.value_error(self.api, "k_decay", "1.0 when cycle=True", self.k_decay)

    @property
    def length(self) -> Number | None:
        return None if self.cycle else self.steps

    def _eval(self, x: Any, op: Ops) -> Any:
        a, b, T, p, k = self.start, self.end, self.steps, self.power, self.k_decay
        if self.cycle:
            # where t / T overflows (tiny steps) t is at the end of a cycle: the value is b
            ok = x / T < math.inf
            x = op.where(ok, x, 0.0)
            Tn = T * op.maximum(op.ceildiv(x, T), 1.0)
        if abs(a) > abs(b):
            # A decay towards the smaller end, anchored there: ``b + (a - b) * (1 - r)**p``.
            if self.cycle:
                # ceil(t / T) is rounded for steps beyond 2**53: never past the cycle's end
                return op.where(ok, _shapes.lerp(b, a, op.pow(op.maximum((Tn - x) / Tn, 0.0), p)), b)
            xc = op.minimum(x, T)
            c = op.pow(1.0 - op.pow(xc / T, k), p) if k != 1.0 else op.pow((T - xc) / T, p)
            return op.where(x >= T, b, _shapes.lerp(b, a, c))
        # A rise from the smaller end, anchored at the start: ``a + (b - a) * (1 - (1 - r)**p)``
        # with ``1 - (1 - r)**p = -expm1(p * log1p(-r))``: no cancellation near the start.
        if self.cycle:
            r = x / Tn
        else:
            xc = op.minimum(x, T)
            r = xc / T if k == 1.0 else op.pow(xc / T, k)
        if p == 1.0:
            g = r
        else:
            done = r >= 1.0  # keep log1p(-1) = -inf out of the unused branch (NaN gradients)
            g = op.where(done, 1.0, -op.expm1(p * op.log1p(-op.where(done, 0.0, r))))
        out = _shapes.lerp(a, b, g)
        return op.where(ok, out, b) if self.cycle else op.where(x >= T, b, out)

    def summary(self) -> str:
        cyc = ", cycling with a longer horizon" if self.cycle else ""
        return (
            f"polynomial (power {self.power:g}) from {_v(self.start)} to {_v(self.end)} "
            f"over {_n(self.steps)} steps{cyc}"
        )


@factory
def polynomial(
    start: float,
    end: float,
    steps: Number,
    power: float = 1.0,
    *,
    cycle: bool = False,
    k_decay: float = 1.0,
) -> Schedule:
    """Polynomial decay: ``end + (start - end) * (1 - (t/steps)**k_decay) ** power``, then ``end``.

    With ``cycle=True`` (Keras' ``PolynomialDecay(cycle=True)``) the decay restarts with a longer
    horizon instead of holding: ``steps`` becomes ``steps * ceil(t / steps)``. ``k_decay`` is
    timm's k-decay (Zhang & Li 2020): ``t/steps`` is replaced by ``(t/steps)**k_decay``; with
    ``start=1, end=0, power=1`` it is the decay shape ``1 - x**k_decay``. It needs ``cycle=False``.

    Examples:
        >>> s = polynomial(1.0, 0.0, 10, power=2.0)
        >>> f"{s(5):.2f} {s(10):.2f} {s(20):.2f}"
        '0.25 0.00 0.00'
        >>> f"{polynomial(1.0, 0.0, 10, k_decay=2.0)(5):.2f}"
        '0.75'
    """
    return _Polynomial(start, end, steps, power, cycle=cycle, k_decay=k_decay)


# -------------------------------------------------------------------------------------- inverse_sqrt
@dataclasses.dataclass(frozen=True, repr=False, eq=False)
class _InverseSqrt(Schedule):
    api: ClassVar[str] = "inverse_sqrt"
    stretchable: ClassVar[bool] = True
    peak: float = arg(ck.finite_float, positional=True)
    timescale: Number = arg(ck.positive, 1, duration=True)

    def _eval(self, x: Any, op: Ops) -> Any:
        tau = self.timescale
        return self.peak / op.sqrt((tau + x) / tau)

    def summary(self) -> str:
        return f"inverse square root: {_v(self.peak)} / sqrt(1 + t/{_n(self.timescale)})"


@factory
def inverse_sqrt(peak: float, timescale: Number = 1) -> Schedule:
    """Inverse square-root decay: ``peak / sqrt(1 + t / timescale)``.

    Follow a warmup with it for the Transformer (Noam) and T5 schedules:
    ``warmup(inverse_sqrt(peak, timescale=W), W)`` is ``peak * sqrt(W / t)`` after step ``W``.

    References:
        Vaswani et al., "Attention Is All You Need", 2017.

    Examples:
        >>> f"{inverse_sqrt(1.0, timescale=100)(300):.3f}"
        '0.500'
    """
    return _InverseSqrt(peak, timescale)


# -------------------------------------------------------------------------------------- inverse_time
@dataclasses.dataclass(frozen=True, repr=False, eq=False)
class _InverseTime(Schedule):
    api: ClassVar[str] = "inverse_time"
    stretchable: ClassVar[bool] = True
    start: float = arg(ck.finite_float, positional=True)
    rate: float = arg(_rate, positional=True)
    every: Number = arg(ck.positive, 1, duration=True)
    staircase: bool = arg(ck.boolean, False)
    power: float = arg(ck.positive_float, 1.0)

    def _eval(self, x: Any, op: Ops) -> Any:
        p = op.floordiv(x, self.every) if self.staircase else x / self.every
        if self.power != 1.0:
            return self.start / op.pow(1.0 + self.rate * p, self.power)
        return self.start / (1.0 + self.rate * p)

    def summary(self) -> str:
        stair = " (staircase)" if self.staircase else ""
        return f"inverse time: {_v(self.start)} / (1 + {self.rate:g} t/{_n(self.every)}){stair}"


@factory
def inverse_time(
    start: float, rate: float, every: Number = 1, *, staircase: bool = False, power: float = 1.0
) -> Schedule:
    """Inverse-time decay: ``start / (1 + rate * t / every) ** power``.

    With ``staircase`` the exponent's time is floored (``t // every``). ``power=0.5`` is the
    reciprocal square root of Big Vision and timm's WSD ``stable_fn="rsqrt"``; other powers are
    the power-law decay of timm's ``stable_fn="power"`` (Shen et al. 2024).

    Examples:
        >>> f"{inverse_time(1.0, 0.5, every=10)(20):.2f}"
        '0.50'
        >>> f"{inverse_time(1.0, 1.0, every=10, power=0.5)(30):.2f}"
        '0.50'
    """
    return _InverseTime(start, rate, every, staircase=staircase, power=power)


# -------------------------------------------------------------------------------------- tanh
@dataclasses.dataclass(frozen=True, repr=False, eq=False)
class _Tanh(Schedule):
    api: ClassVar[str] = "tanh"
    stretchable: ClassVar[bool] = True
    peak: float = arg(ck.finite_float, positional=True)
    steps: Number = arg(ck.positive, positional=True, duration=True)
    floor: float = arg(ck.finite_float, 0.0)
    lower: float = arg(ck.finite_float, -7.0)
    upper: float = arg(ck.finite_float, 3.0)

    def _validate(self) -> None:
        if not self.lower < self.upper:
            lo, hi = self.lower, self.upper
            raise ValueError(f"{self.api}(): lower must be less than upper, got lower={lo!r}, upper={hi!r}.")

    @property
    def length(self) -> Number:
        return self.steps

    def _eval(self, x: Any, op: Ops) -> Any:
        peak, floor, T, lb, ub = self.peak, self.floor, self.steps, self.lower, self.upper
        r = op.minimum(x, T) / T
        y = lb * (1.0 - r) + ub * r
        # (1 - tanh(y)) / 2 == 1 / (1 + exp(2y)), written so that exp never overflows.
        neg = y < 0
        e = op.exp(op.where(neg, 2.0 * y, -2.0 * y))
        sig = op.where(neg, 1.0 / (1.0 + e), e / (1.0 + e))
        return op.where(x >= T, floor, _shapes.lerp(floor, peak, sig))

    def summary(self) -> str:
        return f"tanh decay from {_v(self.peak)} to {_v(self.floor)} over {_n(self.steps)} steps"


@factory
def tanh(
    peak: float, steps: Number, floor: float = 0.0, *, lower: float = -7.0, upper: float = 3.0
) -> Schedule:
    """Hyperbolic-tangent decay (timm's ``TanhLRScheduler``).

    Formula: ``floor + (peak - floor) * (1 - tanh(lower * (1 - t/steps) + upper * t/steps)) / 2``
    for ``t < steps``, then ``floor``. The curve approaches but does not reach ``floor`` at
    ``steps`` (with the defaults it is ``0.25%`` of the way above it), so there is a small step
    down at ``steps``, as in timm.

    References:
        Hsueh et al., "Stochastic Gradient Descent With Hyperbolic-Tangent Decay on Classification", 2019.

    Examples:
        >>> s = tanh(1.0, 100)
        >>> f"{s(0):.4f} {s(70):.4f} {s(100):.4f}"
        '1.0000 0.5000 0.0000'
    """
    return _Tanh(peak, steps, floor, lower=lower, upper=upper)


# -------------------------------------------------------------------------------------- triangle
@dataclasses.dataclass(frozen=True, repr=False, eq=False)
class _Triangle(Schedule):
    api: ClassVar[str] = "triangle"
    stretchable: ClassVar[bool] = True
    low: float = arg(ck.finite_float, positional=True)
    high: float = arg(ck.finite_float, positional=True)
    up: Number = arg(ck.positive, positional=True, duration=True)
    down: Number | None = arg(ck.positive, None, duration=True)

    @property
    def period(self) -> Number:
        return self.up + (self.up if self.down is None else self.down)

    def _eval(self, x: Any, op: Ops) -> Any:
        lo, hi, up = self.low, self.high, self.up
        down = self.up if self.down is None else self.down
        P = up + down
        r = op.mod(x, P)
        return _shapes.lerp(lo, hi, op.where(r <= up, r / up, (P - r) / down))

    def summary(self) -> str:
        down = self.up if self.down is None else self.down
        return (
            f"triangle wave between {_v(self.low)} and {_v(self.high)}: up {_n(self.up)} steps, "
            f"down {_n(down)} steps (goes on)"
        )


@factory
def triangle(low: float, high: float, up: Number, down: Number | None = None) -> Schedule:
    """A triangle wave: ``low`` to ``high`` in ``up`` steps, back in ``down`` steps, repeated.

    ``down`` defaults to ``up``. This is torch's ``CyclicLR(mode="triangular")``; decay the
    amplitude per cycle with :func:`restart` (``triangular2``) or multiply by an
    :func:`exponential` (``exp_range``). Periodic: no end.

    References:
        Smith, "Cyclical Learning Rates for Training Neural Networks", WACV 2017.

    Examples:
        >>> s = triangle(0.1, 1.0, up=10)
        >>> f"{s(0):.2f} {s(5):.2f} {s(10):.2f} {s(15):.2f} {s(20):.2f}"
        '0.10 0.55 1.00 0.55 0.10'
    """
    return _Triangle(low, high, up, down)


# -------------------------------------------------------------------------------------- cooldown
def _decay_shape(api: str, name: str, value: Any) -> str:
    return ck.choice(api, name, value, _shapes.DECAY_SHAPES)


@dataclasses.dataclass(frozen=True, repr=False, eq=False)
class _Cooldown(Schedule):
    api: ClassVar[str] = "cooldown"
    stretchable: ClassVar[bool] = True
    start: float = arg(ck.finite_float, positional=True)
    end: float = arg(ck.finite_float, positional=True)
    steps: Number = arg(ck.positive, positional=True, duration=True)
    shape: str = arg(_decay_shape, "1-sqrt")

    @property
    def length(self) -> Number:
        return self.steps

    def _eval(self, x: Any, op: Ops) -> Any:
        a, b, T = self.start, self.end, self.steps
        g = _shapes.decay(self.shape, op.minimum(x, T), T, op)
        return op.where(x >= T, b, _shapes.lerp(b, a, g))

    def summary(self) -> str:
        return f"{self.shape} cooldown from {_v(self.start)} to {_v(self.end)} over {_n(self.steps)} steps"


@factory
def cooldown(start: float, end: float, steps: Number, shape: str = "1-sqrt") -> Schedule:
    """The decay phase of a warmup-stable-decay schedule, from ``start`` to ``end`` in ``steps``.

    Formula: ``end + (start - end) * g(t/steps)`` with ``g`` one of ``"linear"`` (``1 - x``),
    ``"cosine"`` (``(1 + cos(pi x))/2``), ``"1-sqrt"`` (``1 - sqrt(x)``) and ``"1-square"``
    (``1 - x**2``). Holds ``end`` past ``steps``.

    References:
        Hägele et al., "Scaling Laws and Compute-Optimal Training Beyond Fixed Training
        Durations", 2024. Hu et al., "MiniCPM", 2024.

    Examples:
        >>> s = cooldown(1.0, 0.0, 100, shape="1-sqrt")
        >>> f"{s(25):.2f} {s(100):.2f}"
        '0.50 0.00'
    """
    return _Cooldown(start, end, steps, shape)


# ---------------------------------------------------------------------------------------- rex
@dataclasses.dataclass(frozen=True, repr=False, eq=False)
class _Rex(Schedule):
    api: ClassVar[str] = "rex"
    stretchable: ClassVar[bool] = True
    peak: float = arg(ck.finite_float, positional=True)
    steps: Number = arg(ck.positive, positional=True, duration=True)

    @property
    def length(self) -> Number:
        return self.steps

    def _eval(self, x: Any, op: Ops) -> Any:
        T = self.steps
        z = (T - op.minimum(x, T)) / T  # 1 - t/T, exact near the end
        return self.peak * z / (0.5 + 0.5 * z)

    def summary(self) -> str:
        return f"REX decay from {_v(self.peak)} to 0 over {_n(self.steps)} steps"


@factory
def rex(peak: float, steps: Number) -> Schedule:
    """The REX decay ("reflected exponential"): from ``peak`` to 0 over ``steps`` steps, then 0.

    Formula: ``peak * z / (1/2 + z/2)`` with ``z = 1 - t/steps``: it falls slowly at first and
    fast at the end, between a linear and a step decay.

    References:
        Chen et al., "REX: Revisiting Budgeted Training with an Improved Schedule", MLSys 2022.

    Examples:
        >>> s = rex(1.0, 100)
        >>> f"{s(0):.3f} {s(50):.3f} {s(90):.3f} {s(100):.3f} {s(10**12):.3f}"
        '1.000 0.667 0.182 0.000 0.000'
    """
    return _Rex(peak, steps)
