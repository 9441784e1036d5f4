"""Primitive curves. Each is a frozen node with one formula serving the scalar and array paths.

Conventions: ``t`` is the step (``>= 0``); ``T`` a length in steps. A curve with a length holds
its final value past it unless its docstring says otherwise. Integer arithmetic is used where
steps are integers, so phases stay exact at any step.
"""

from __future__ import annotations

import bisect
import dataclasses
import math
from typing import Any, ClassVar

import numpy as np

from lr_curves import _checks as ck
from lr_curves import _shapes
from lr_curves._backend import Ops
from lr_curves._backend import scalar_pow as _pow
from lr_curves._base import MAX_LABELLED, Codegen, ScalarFn, Schedule
from lr_curves._checks import Number

_set = object.__setattr__
_HALF_PI = math.pi / 2


def _const_fn(value: float) -> ScalarFn:
    return lambda t: value


# ---------------------------------------------------------------------------------------- constant
@dataclasses.dataclass(frozen=True, repr=False)
class _Constant(Schedule):
    api: ClassVar[str] = "constant"
    _positional = ("value",)
    value: float

    def __post_init__(self) -> None:
        _set(self, "value", ck.finite_float(self.api, "value", self.value))
        self._finish()

    def _build(self) -> ScalarFn:
        return _const_fn(self.value)

    def _emit(self, t: str, g: Codegen) -> str:
        return g.const(self.value)

    def _eval(self, x: Any, xp: Ops) -> Any:
        return xp.full(x, self.value)


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


# ---------------------------------------------------------------------------------------- linear
@dataclasses.dataclass(frozen=True, repr=False)
class _Linear(Schedule):
    api: ClassVar[str] = "linear"
    _positional = ("start", "end", "steps")
    start: float
    end: float
    steps: Number

    def __post_init__(self) -> None:
        _set(self, "start", ck.finite_float(self.api, "start", self.start))
        _set(self, "end", ck.finite_float(self.api, "end", self.end))
        _set(self, "steps", ck.positive(self.api, "steps", self.steps))
        self._finish()

    @property
    def length(self) -> Number:
        return self.steps

    def _build(self) -> ScalarFn:
        a, b, T = self.start, self.end, self.steps
        if abs(a) <= abs(b):  # anchor the formula at the smaller end: no cancellation there
            d = b - a

            def up(t: float) -> float:
                if t >= T:
                    return b
                return a + d * (t / T)

            return up
        d = a - b

        def down(t: float) -> float:
            if t >= T:
                return b
            return b + d * ((T - t) / T)

        return down

    def _emit(self, t: str, g: Codegen) -> str:
        a, b, T = self.start, self.end, self.steps
        A, B, TT = g.const(a), g.const(b), g.const(T)
        if abs(a) <= abs(b):
            return f"({B} if {t} >= {TT} else {A} + {g.const(b - a)} * ({t} / {TT}))"
        return f"({B} if {t} >= {TT} else {B} + {g.const(a - b)} * (({TT} - {t}) / {TT}))"

    def _eval(self, x: Any, xp: Ops) -> Any:
        a, b, T = self.start, self.end, self.steps
        xc = xp.minimum(x, T)
        if abs(a) <= abs(b):
            return xp.where(x >= T, b, a + (b - a) * (xc / T))
        return xp.where(x >= T, b, b + (a - b) * ((T - xc) / T))


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


# ---------------------------------------------------------------------------------------- cosine
@dataclasses.dataclass(frozen=True, repr=False)
class _Cosine(Schedule):
    api: ClassVar[str] = "cosine"
    _positional = ("peak", "steps")
    peak: float
    steps: Number
    floor: float = 0.0
    power: float = 1.0
    k_decay: float = 1.0
    periodic: bool = False

    def __post_init__(self) -> None:
        api = self.api
        _set(self, "peak", ck.finite_float(api, "peak", self.peak))
        _set(self, "steps", ck.positive(api, "steps", self.steps))
        _set(self, "floor", ck.finite_float(api, "floor", self.floor))
        _set(self, "power", ck.positive_float(api, "power", self.power))
        _set(self, "k_decay", ck.positive_float(api, "k_decay", self.k_decay))
        _set(self, "periodic", ck.boolean(api, "periodic", self.periodic))
        if self.periodic and self.k_decay != 1.0:
            ck.value_error(api, "k_decay", "1.0 when periodic=True", self.k_decay)
        self._finish()

    @property
    def length(self) -> Number | None:
        return None if self.periodic else self.steps

    def _build(self) -> ScalarFn:
        peak, floor, T, p, k = self.peak, self.floor, self.steps, self.power, self.k_decay
        amp = peak - floor
        sin = math.sin
        if self.periodic:
            period = 2 * T

            def wave(t: float) -> float:
                s = sin(_HALF_PI * ((T - t % period) / T))
                c = s * s
                return floor + amp * (c if p == 1.0 else _pow(c, p))

            return wave
        if k == 1.0 and p == 1.0:

            def f(t: float) -> float:
                if t >= T:
                    return floor
                s = sin(_HALF_PI * ((T - t) / T))
                return floor + amp * (s * s)

            return f

        def g(t: float) -> float:
            if t >= T:
                return floor
            u = (T - t) / T if k == 1.0 else 1.0 - _pow(t / T, k)
            s = sin(_HALF_PI * u)
            c: float = _pow(s * s, p)
            return floor + amp * c

        return g

    def _emit(self, t: str, g: Codegen) -> str:
        if self.periodic or self.k_decay != 1.0 or self.power != 1.0:
            return super()._emit(t, g)
        F, T, v = g.const(self.floor), g.const(self.steps), g.temp()
        amp, h = g.const(self.peak - self.floor), g.const(_HALF_PI)
        return f"({F} if {t} >= {T} else {F} + {amp} * (({v} := _sin({h} * (({T} - {t}) / {T}))) * {v}))"

    def _eval(self, x: Any, xp: Ops) -> Any:
        peak, floor, T, p, k = self.peak, self.floor, self.steps, self.power, self.k_decay
        if xp.name == "numpy" and not self.periodic and k == 1.0 and p == 1.0:
            # The same operations in the same order, in place on one fresh array.
            u = np.minimum(x, T)
            np.subtract(T, u, out=u)
            np.divide(u, T, out=u)
            np.multiply(_HALF_PI, u, out=u)
            np.sin(u, out=u)
            np.multiply(u, u, out=u)
            np.multiply(peak - floor, u, out=u)
            return np.add(floor, u, out=u)
        if self.periodic:
            u = (T - xp.mod(x, 2 * T)) / T
        else:
            xc = xp.minimum(x, T)
            u = (T - xc) / T if k == 1.0 else 1.0 - (xc / T) ** k
        s = xp.sin(_HALF_PI * u)
        c = s * s
        return floor + (peak - floor) * (c if p == 1.0 else c**p)


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


# ---------------------------------------------------------------------------------------- exponential
@dataclasses.dataclass(frozen=True, repr=False)
class _Exponential(Schedule):
    api: ClassVar[str] = "exponential"
    _positional = ("start", "factor")
    start: float
    factor: float
    every: Number = 1
    staircase: bool = False
    begin: Number = 0
    end: float | None = None

    def __post_init__(self) -> None:
        api = self.api
        _set(self, "start", ck.finite_float(api, "start", self.start))
        _set(self, "factor", ck.positive_float(api, "factor", self.factor))
        _set(self, "every", ck.positive(api, "every", self.every))
        _set(self, "staircase", ck.boolean(api, "staircase", self.staircase))
        _set(self, "begin", ck.non_negative(api, "begin", self.begin))
        if self.end is not None:
            _set(self, "end", ck.finite_float(api, "end", self.end))
        self._finish()

    def _build(self) -> ScalarFn:
        a, r, every, stair, b0, end = (
            self.start,
            self.factor,
            self.every,
            self.staircase,
            self.begin,
            self.end,
        )
        lower = end is not None and r < 1.0
        upper = end is not None and r > 1.0
        big = math.copysign(math.inf, a)

        def f(t: float) -> float:
            if t <= b0:
                v = a
            else:
                p = (t - b0) // every if stair else (t - b0) / every
                try:
                    v = a * r**p
                except OverflowError:
                    v = big
            if lower and v < end:  # type: ignore[operator]
                return end  # type: ignore[return-value]
            if upper and v > end:  # type: ignore[operator]
                return end  # type: ignore[return-value]
            return v

        return f

    def boundaries(self) -> tuple[Number, ...]:
        return tuple(b for b, _ in self._labelled(math.inf)[:64])

    def _labelled(self, until: float) -> list[tuple[Number, str]]:
        """A staircase steps at ``begin + k * every`` (until its ``end`` bound holds)."""
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

    def _eval(self, x: Any, xp: Ops) -> Any:
        a, r, every, b0, end = self.start, self.factor, self.every, self.begin, self.end
        d = xp.maximum(x - b0, 0.0) if b0 else x
        p = xp.floordiv(d, every) if self.staircase else d / every
        v = a * r**p
        if end is not None and r < 1.0:
            v = xp.maximum(v, end)
        elif end is not None and r > 1.0:
            v = xp.minimum(v, end)
        return v


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


# ---------------------------------------------------------------------------------------- polynomial
@dataclasses.dataclass(frozen=True, repr=False)
class _Polynomial(Schedule):
    api: ClassVar[str] = "polynomial"
    _positional = ("start", "end", "steps")
    start: float
    end: float
    steps: Number
    power: float = 1.0
    cycle: bool = False
    k_decay: float = 1.0

    def __post_init__(self) -> None:
        api = self.api
        _set(self, "start", ck.finite_float(api, "start", self.start))
        _set(self, "end", ck.finite_float(api, "end", self.end))
        _set(self, "steps", ck.positive(api, "steps", self.steps))
        _set(self, "power", ck.positive_float(api, "power", self.power))
        _set(self, "cycle", ck.boolean(api, "cycle", self.cycle))
        _set(self, "k_decay", ck.positive_float(api, "k_decay", self.k_decay))
        if self.cycle and self.k_decay != 1.0:
            ck.value_error(api, "k_decay", "1.0 when cycle=True", self.k_decay)
        self._finish()

    @property
    def length(self) -> Number | None:
        return None if self.cycle else self.steps

    def _build(self) -> ScalarFn:
        a, b, T, p, k = self.start, self.end, self.steps, self.power, self.k_decay
        ceil, expm1, log1p = math.ceil, math.expm1, math.log1p
        cycle = self.cycle
        if abs(a) > abs(b):
            # A decay towards the smaller end: anchored there, ``b + (a - b) * (1 - r)**p``.
            amp = a - b

            def down(t: float) -> float:
                if cycle:
                    q = t / T
                    if q == math.inf:  # t / T beyond float64 (tiny steps): the end of a cycle
                        return b
                    Tn = T * max(ceil(q), 1)
                    # ceil(t / T) is rounded for steps beyond 2**53: never past the cycle's end
                    c: float = _pow(max((Tn - t) / Tn, 0.0), p)
                    return b + amp * c
                if t >= T:
                    return b
                c = _pow(1.0 - _pow(t / T, k), p) if k != 1.0 else _pow((T - t) / T, p)
                return b + amp * c

            return down
        # A rise from the smaller end, anchored at the start: ``a + (b - a) * (1 - (1 - r)**p)``
        # with ``1 - (1 - r)**p = -expm1(p * log1p(-r))``: no cancellation near the start.
        rise = b - a

        def up(t: float) -> float:
            if cycle:
                q = t / T
                if q == math.inf:  # t / T beyond float64 (tiny steps): the end of a cycle
                    return b
                r = t / (T * max(ceil(q), 1))
            elif t >= T:
                return b
            else:
                r = t / T if k == 1.0 else _pow(t / T, k)
            if p == 1.0:
                return a + rise * r
            return a + rise * (1.0 if r >= 1.0 else -expm1(p * log1p(-r)))

        return up

    def _eval(self, x: Any, xp: Ops) -> Any:
        a, b, T, p, k = self.start, self.end, self.steps, self.power, self.k_decay
        if self.cycle:
            # where t / T overflows (tiny steps) t is at the end of a cycle: the scalar path's b
            ok = x / T < math.inf
            x = xp.where(ok, x, 0.0)
            Tn = T * xp.maximum(xp.ceildiv(x, T), 1.0)
        if abs(a) > abs(b):
            if self.cycle:
                return xp.where(ok, b + (a - b) * xp.maximum((Tn - x) / Tn, 0.0) ** p, b)
            xc = xp.minimum(x, T)
            c = (1.0 - (xc / T) ** k) ** p if k != 1.0 else ((T - xc) / T) ** p
            return xp.where(x >= T, b, b + (a - b) * c)
        if self.cycle:
            r = x / Tn
        else:
            xc = xp.minimum(x, T)
            r = xc / T if k == 1.0 else (xc / T) ** k
        if p == 1.0:
            g = r
        else:
            done = r >= 1.0  # keep log1p(-1) = -inf out of the unused branch (NaN gradients)
            g = xp.where(done, 1.0, -xp.expm1(p * xp.log1p(-xp.where(done, 0.0, r))))
        out = a + (b - a) * g
        return xp.where(ok, out, b) if self.cycle else xp.where(x >= T, b, out)


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


# ---------------------------------------------------------------------------------------- piecewise constant
@dataclasses.dataclass(frozen=True, repr=False)
class _PiecewiseConstant(Schedule):
    api: ClassVar[str] = "piecewise_constant"
    _positional = ("values", "at")
    values: tuple[float, ...]
    at: tuple[Number, ...]
    boundary: str = "new"

    def __post_init__(self) -> None:
        api = self.api
        values = ck.sequence(api, "values", self.values, min_len=1)
        at = ck.sequence(api, "at", self.at)
        _set(self, "values", tuple(ck.finite_float(api, "values", v) for v in values))
        _set(self, "at", tuple(ck.non_negative(api, "at", a) for a in at))
        ck.increasing(api, "at", self.at)
        if len(self.values) != len(self.at) + 1:
            raise ValueError(
                f"{api}(): values must have one more item than at, got {len(self.values)} "
                f"values and {len(self.at)} boundaries."
            )
        _set(self, "boundary", ck.choice(api, "boundary", self.boundary, ("new", "old")))
        self._finish()

    @property
    def length(self) -> Number:
        return self.at[-1] if self.at else 0

    def boundaries(self) -> tuple[Number, ...]:
        return self.at

    def _labelled(self, until: float) -> list[tuple[Number, str]]:
        return [(a, "milestone") for a in self.at if a <= until]

    def _build(self) -> ScalarFn:
        values, at = self.values, self.at
        if not at:
            return _const_fn(values[0])
        find = bisect.bisect_right if self.boundary == "new" else bisect.bisect_left
        return lambda t: values[find(at, t)]

    def _eval(self, x: Any, xp: Ops) -> Any:
        return xp.pick(x, self.at, self.values, right=self.boundary == "new")


def piecewise_constant(
    values: tuple[float, ...] | list[float], at: tuple[Number, ...] | list[Number], *, boundary: str = "new"
) -> Schedule:
    """Piecewise-constant values: ``values[i]`` between ``at[i-1]`` and ``at[i]``.

    Args:
        values: The values, one more than ``at``.
        at: Strictly increasing boundaries (steps).
        boundary: Which value a boundary step itself takes: ``"new"`` (the value starts *at*
            the boundary, as torch's MultiStepLR and optax do) or ``"old"`` (it starts just after
            it, as Keras' ``PiecewiseConstantDecay`` does).

    Examples:
        >>> s = piecewise_constant([1.0, 0.1, 0.01], at=[10, 20])
        >>> f"{s(9):.2f} {s(10):.2f} {s(20):.2f}"
        '1.00 0.10 0.01'
        >>> f"{piecewise_constant([1.0, 0.1], at=[10], boundary='old')(10):.2f}"
        '1.00'
    """
    api = "piecewise_constant"
    return _PiecewiseConstant(
        ck.sequence(api, "values", values), ck.sequence(api, "at", at), boundary=boundary
    )


def multistep(start: float, factor: float, at: tuple[Number, ...] | list[Number]) -> Schedule:
    """Step decay at milestones: ``start * factor ** #{m in at: m <= t}``.

    A milestone listed twice multiplies by ``factor`` twice (as torch's ``MultiStepLR``).
    Returns a :func:`piecewise_constant` schedule.

    Examples:
        >>> s = multistep(1.0, 0.1, at=[3, 6, 6])
        >>> f"{s(2):.3f} {s(3):.3f} {s(6):.3f}"
        '1.000 0.100 0.001'
    """
    api = "multistep"
    start = ck.finite_float(api, "start", start)
    factor = ck.finite_float(api, "factor", factor)
    milestones = sorted(ck.non_negative(api, "at", a) for a in ck.sequence(api, "at", at))
    bounds: list[Number] = []
    values = [start]
    for i, m in enumerate(milestones):
        n = i + 1
        if bounds and bounds[-1] == m:
            values[-1] = start * factor**n
        else:
            bounds.append(m)
            values.append(start * factor**n)
    return _PiecewiseConstant(tuple(values), tuple(bounds))


# ------------------------------------------------------------------------------ piecewise interpolation
@dataclasses.dataclass(frozen=True, repr=False)
class _PiecewiseLinear(Schedule):
    api: ClassVar[str] = "piecewise_linear"
    _positional = ("values", "at")
    values: tuple[float, ...]
    at: tuple[Number, ...]

    def __post_init__(self) -> None:
        api = self.api
        values = ck.sequence(api, "values", self.values, min_len=1)
        at = ck.sequence(api, "at", self.at, min_len=1)
        _set(self, "values", tuple(ck.finite_float(api, "values", v) for v in values))
        _set(self, "at", tuple(ck.non_negative(api, "at", a) for a in at))
        ck.increasing(api, "at", self.at, strict=False)
        if len(self.values) != len(self.at):
            raise ValueError(
                f"{api}(): values and at must have the same length, got {len(self.values)} "
                f"values and {len(self.at)} boundaries."
            )
        self._finish()

    @property
    def length(self) -> Number:
        return self.at[-1]

    def boundaries(self) -> tuple[Number, ...]:
        return self.at

    def _labelled(self, until: float) -> list[tuple[Number, str]]:
        last = self.at[-1]
        return [(a, "end" if a == last else "phase") for a in self.at if a <= until]

    def _segments(self) -> list[tuple[Number, Number, float, float]]:
        at, v = self.at, self.values
        return [(at[i], at[i + 1], v[i], v[i + 1]) for i in range(len(at) - 1) if at[i + 1] > at[i]]

    def _interp(self, t: float, a0: Number, a1: Number, v0: float, v1: float) -> float:
        if abs(v0) <= abs(v1):
            return v0 + (v1 - v0) * ((t - a0) / (a1 - a0))
        return v1 + (v0 - v1) * ((a1 - t) / (a1 - a0))

    def _interp_vec(self, x: Any, a0: Number, a1: Number, v0: float, v1: float, xp: Ops) -> Any:
        if abs(v0) <= abs(v1):
            return v0 + (v1 - v0) * ((x - a0) / (a1 - a0))
        return v1 + (v0 - v1) * ((a1 - x) / (a1 - a0))

    def _build(self) -> ScalarFn:
        at, values = self.at, self.values
        first, last = values[0], values[-1]
        interp = self._interp
        n = len(at)
        find = bisect.bisect_right

        def f(t: float) -> float:
            i = find(at, t)
            if i == 0:
                return first
            if i == n:
                return last
            return interp(t, at[i - 1], at[i], values[i - 1], values[i])

        return f

    def _eval(self, x: Any, xp: Ops) -> Any:
        segs = self._segments()
        if not segs:
            return xp.pick(x, self.at[:1], (self.values[0], self.values[-1]), right=True)
        # Pieces: [0, a_0) constant, one piece per segment, [a_last, inf) constant; each piece
        # is evaluated at global time (offset 0) so the formula matches the scalar path.
        fns: list[Any] = []
        at: list[Number] = []
        if segs[0][0] > 0:
            fns.append(lambda u: xp.full(u, self.values[0]))
            at.append(segs[0][0])
        for a0, a1, v0, v1 in segs:
            fns.append(lambda u, a0=a0, a1=a1, v0=v0, v1=v1: self._interp_vec(u, a0, a1, v0, v1, xp))
            at.append(a1)
        fns.append(lambda u: xp.full(u, self.values[-1]))
        return xp.piecewise(x, at, fns, offsets=[0.0] * len(fns))


@dataclasses.dataclass(frozen=True, repr=False)
class _PiecewiseCosine(_PiecewiseLinear):
    api: ClassVar[str] = "piecewise_cosine"

    def _interp(self, t: float, a0: Number, a1: Number, v0: float, v1: float) -> float:
        s = math.sin(_HALF_PI * ((a1 - t) / (a1 - a0)))
        return v1 + (v0 - v1) * (s * s)

    def _interp_vec(self, x: Any, a0: Number, a1: Number, v0: float, v1: float, xp: Ops) -> Any:
        s = xp.sin(_HALF_PI * ((a1 - x) / (a1 - a0)))
        return v1 + (v0 - v1) * (s * s)


def piecewise_linear(
    values: tuple[float, ...] | list[float], at: tuple[Number, ...] | list[Number]
) -> Schedule:
    """Linear interpolation through the points ``(at[i], values[i])``.

    Before ``at[0]`` the value is ``values[0]``; after ``at[-1]`` it is ``values[-1]``. A repeated
    boundary makes a jump (the later value applies from that step on).

    Examples:
        >>> s = piecewise_linear([0.0, 1.0, 0.5], at=[0, 10, 20])
        >>> f"{s(5):.2f} {s(10):.2f} {s(15):.2f} {s(99):.2f}"
        '0.50 1.00 0.75 0.50'
    """
    api = "piecewise_linear"
    return _PiecewiseLinear(ck.sequence(api, "values", values), ck.sequence(api, "at", at))


def piecewise_cosine(
    values: tuple[float, ...] | list[float], at: tuple[Number, ...] | list[Number]
) -> Schedule:
    """Cosine interpolation through the points ``(at[i], values[i])`` (optax's cosine interpolate).

    Between two points the value follows ``v1 + (v0 - v1) * (1 + cos(pi * p)) / 2`` with ``p`` the
    progress through the segment; outside the points it holds the first/last value.

    Examples:
        >>> s = piecewise_cosine([0.0, 1.0], at=[0, 10])
        >>> f"{s(5):.2f} {s(10):.2f}"
        '0.50 1.00'
    """
    api = "piecewise_cosine"
    return _PiecewiseCosine(ck.sequence(api, "values", values), ck.sequence(api, "at", at))


# ---------------------------------------------------------------------------------------- inverse sqrt / time
@dataclasses.dataclass(frozen=True, repr=False)
class _InverseSqrt(Schedule):
    api: ClassVar[str] = "inverse_sqrt"
    _positional = ("peak",)
    peak: float
    timescale: Number = 1

    def __post_init__(self) -> None:
        _set(self, "peak", ck.finite_float(self.api, "peak", self.peak))
        _set(self, "timescale", ck.positive(self.api, "timescale", self.timescale))
        self._finish()

    def _build(self) -> ScalarFn:
        peak, tau = self.peak, self.timescale
        sqrt = math.sqrt
        return lambda t: peak / sqrt((tau + t) / tau)

    def _eval(self, x: Any, xp: Ops) -> Any:
        tau = self.timescale
        return self.peak / xp.sqrt((tau + x) / tau)


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


@dataclasses.dataclass(frozen=True, repr=False)
class _InverseTime(Schedule):
    api: ClassVar[str] = "inverse_time"
    _positional = ("start", "rate")
    start: float
    rate: float
    every: Number = 1
    staircase: bool = False
    power: float = 1.0

    def __post_init__(self) -> None:
        api = self.api
        _set(self, "start", ck.finite_float(api, "start", self.start))
        rate = ck.finite_float(api, "rate", self.rate)
        if rate < 0:
            ck.value_error(api, "rate", "a non-negative number", self.rate)
        _set(self, "rate", rate)
        _set(self, "every", ck.positive(api, "every", self.every))
        _set(self, "staircase", ck.boolean(api, "staircase", self.staircase))
        _set(self, "power", ck.positive_float(api, "power", self.power))
        self._finish()

    def _build(self) -> ScalarFn:
        a, r, every, q = self.start, self.rate, self.every, self.power
        if q != 1.0:
            if self.staircase:
                return lambda t: a / _pow(1.0 + r * (t // every), q)
            return lambda t: a / _pow(1.0 + r * (t / every), q)
        if self.staircase:
            return lambda t: a / (1.0 + r * (t // every))
        return lambda t: a / (1.0 + r * (t / every))

    def _eval(self, x: Any, xp: Ops) -> Any:
        p = xp.floordiv(x, self.every) if self.staircase else x / self.every
        if self.power != 1.0:
            return self.start / (1.0 + self.rate * p) ** self.power
        return self.start / (1.0 + self.rate * p)


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


# ---------------------------------------------------------------------------------------- tanh
@dataclasses.dataclass(frozen=True, repr=False)
class _Tanh(Schedule):
    api: ClassVar[str] = "tanh"
    _positional = ("peak", "steps")
    peak: float
    steps: Number
    floor: float = 0.0
    lower: float = -7.0
    upper: float = 3.0

    def __post_init__(self) -> None:
        api = self.api
        _set(self, "peak", ck.finite_float(api, "peak", self.peak))
        _set(self, "steps", ck.positive(api, "steps", self.steps))
        _set(self, "floor", ck.finite_float(api, "floor", self.floor))
        _set(self, "lower", ck.finite_float(api, "lower", self.lower))
        _set(self, "upper", ck.finite_float(api, "upper", self.upper))
        if not self.lower < self.upper:
            raise ValueError(
                f"{api}(): lower must be less than upper, got lower={self.lower!r}, upper={self.upper!r}."
            )
        self._finish()

    @property
    def length(self) -> Number:
        return self.steps

    def _build(self) -> ScalarFn:
        peak, floor, T, lb, ub = self.peak, self.floor, self.steps, self.lower, self.upper
        amp = peak - floor
        exp = math.exp

        def f(t: float) -> float:
            if t >= T:
                return floor
            r = t / T
            y = lb * (1.0 - r) + ub * r
            # (1 - tanh(y)) / 2 == 1 / (1 + exp(2y)), written so that exp never overflows.
            if y >= 0:
                e = exp(-2.0 * y)
                return floor + amp * (e / (1.0 + e))
            e = exp(2.0 * y)
            return floor + amp * (1.0 / (1.0 + e))

        return f

    def _eval(self, x: Any, xp: Ops) -> Any:
        peak, floor, T, lb, ub = self.peak, self.floor, self.steps, self.lower, self.upper
        r = xp.minimum(x, T) / T
        y = lb * (1.0 - r) + ub * r
        neg = y < 0
        e = xp.exp(xp.where(neg, 2.0 * y, -2.0 * y))
        sig = xp.where(neg, 1.0 / (1.0 + e), e / (1.0 + e))
        return xp.where(x >= T, floor, floor + (peak - floor) * sig)


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


# ---------------------------------------------------------------------------------------- triangle
@dataclasses.dataclass(frozen=True, repr=False)
class _Triangle(Schedule):
    api: ClassVar[str] = "triangle"
    _positional = ("low", "high", "up")
    low: float
    high: float
    up: Number
    down: Number | None = None

    def __post_init__(self) -> None:
        api = self.api
        _set(self, "low", ck.finite_float(api, "low", self.low))
        _set(self, "high", ck.finite_float(api, "high", self.high))
        _set(self, "up", ck.positive(api, "up", self.up))
        if self.down is not None:
            _set(self, "down", ck.positive(api, "down", self.down))
        self._finish()

    @property
    def period(self) -> Number:
        return self.up + (self.up if self.down is None else self.down)

    def _build(self) -> ScalarFn:
        lo, amp, up = self.low, self.high - self.low, self.up
        down = self.up if self.down is None else self.down
        P = up + down

        def f(t: float) -> float:
            r = t % P
            if r <= up:
                return lo + amp * (r / up)
            return lo + amp * ((P - r) / down)

        return f

    def _eval(self, x: Any, xp: Ops) -> Any:
        lo, amp, up = self.low, self.high - self.low, self.up
        down = self.up if self.down is None else self.down
        P = up + down
        r = xp.mod(x, P)
        return lo + amp * xp.where(r <= up, r / up, (P - r) / down)


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


# ---------------------------------------------------------------------------------------- cooldown
@dataclasses.dataclass(frozen=True, repr=False)
class _Cooldown(Schedule):
    api: ClassVar[str] = "cooldown"
    _positional = ("start", "end", "steps")
    start: float
    end: float
    steps: Number
    shape: str = "1-sqrt"

    def __post_init__(self) -> None:
        api = self.api
        _set(self, "start", ck.finite_float(api, "start", self.start))
        _set(self, "end", ck.finite_float(api, "end", self.end))
        _set(self, "steps", ck.positive(api, "steps", self.steps))
        _set(self, "shape", ck.choice(api, "shape", self.shape, _shapes.DECAY_SHAPES))
        self._finish()

    @property
    def length(self) -> Number:
        return self.steps

    def _build(self) -> ScalarFn:
        a, b, T = self.start, self.end, self.steps
        amp = a - b
        g = _shapes.SCALAR[self.shape]

        def f(t: float) -> float:
            if t >= T:
                return b
            return b + amp * g(t, T)

        return f

    def _eval(self, x: Any, xp: Ops) -> Any:
        a, b, T = self.start, self.end, self.steps
        g = _shapes.vector(self.shape, xp.minimum(x, T), T, xp)
        return xp.where(x >= T, b, b + (a - b) * g)


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
