"""optax's schedules (optax 0.2.8) as lr_curves schedules: ``s(k) == schedule(k)``.

Each function takes optax's own arguments, with the same names and defaults, and returns an
lr_curves schedule giving the same values in float64 (optax computes in float32 unless
``jax_enable_x64`` is on; the float32 values differ from these by float32 rounding). Counts are
the number of updates already applied: optax's ``scale_by_schedule`` uses ``schedule(n)`` for
update ``n`` (0-based).

What the presets refuse, though optax accepts it (optax logs a message and returns a constant,
or silently computes something else):

- ``transition_steps <= 0`` (optax: a constant ``init_value``), a negative ``transition_begin``
  (optax: treated as 0), ``decay_rate <= 0`` (0: a constant; negative: NaN), ``power <= 0`` and
  ``exponent <= 0``;
- negative boundaries, and boundaries that are not increasing in ``join_schedules`` (optax:
  later ones silently override earlier ones), or a number of boundaries other than
  ``len(schedules) - 1`` (optax's ``zip`` drops the extra ones);
- one-cycle settings whose boundaries collide (``int(pct * transition_steps)`` equal for two
  phases: optax's dict silently keeps one, so the peak may never be reached);
- ``warmup_constant_schedule(warmup_steps=0)``: optax then returns ``init_value`` forever, never
  the peak.
"""

from __future__ import annotations

import dataclasses
import inspect
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from lr_curves import _checks as ck
from lr_curves._base import Schedule
from lr_curves._checks import Number
from lr_curves._combinators import clip, concat, shift, warmup
from lr_curves._primitives import (
    constant,
    cosine,
    exponential,
    linear,
    piecewise_constant,
    piecewise_cosine,
    piecewise_linear,
    polynomial,
)
from lr_curves._reducer import Reducer
from lr_curves.presets import _args

__all__ = [
    "ReduceOnPlateauState",
    "constant_schedule",
    "cosine_decay_schedule",
    "cosine_onecycle_schedule",
    "exponential_decay",
    "join_schedules",
    "linear_onecycle_schedule",
    "linear_schedule",
    "piecewise_constant_schedule",
    "piecewise_interpolate_schedule",
    "polynomial_schedule",
    "reduce_on_plateau",
    "sgdr_schedule",
    "warmup_constant_schedule",
    "warmup_cosine_decay_schedule",
    "warmup_exponential_decay_schedule",
]


def _value(api: str, name: str, value: Any) -> float:
    return ck.finite_float(api, name, value)


def _begin(api: str, value: Any) -> Number:
    return ck.non_negative(api, "transition_begin", value)


def _delayed(s: Schedule, begin: Number) -> Schedule:
    return shift(s, begin) if begin else s


def constant_schedule(value: float) -> Schedule:
    """``value`` at every count.

    Examples:
        >>> f"{constant_schedule(0.1)(10**9):.2f}"
        '0.10'
    """
    return constant(_value("constant_schedule", "value", value))


def polynomial_schedule(
    init_value: float, end_value: float, power: float, transition_steps: Number, transition_begin: Number = 0
) -> Schedule:
    """``(init - end) * (1 - c / T) ** power + end`` with ``c = clip(k - transition_begin, 0, T)``.

    ``init_value`` before ``transition_begin``, ``end_value`` from ``transition_begin + T`` on.

    Examples:
        >>> s = polynomial_schedule(1.0, 0.0, 2.0, 10, transition_begin=5)
        >>> f"{s(5):.2f} {s(10):.2f} {s(15):.2f} {s(99):.2f}"
        '1.00 0.25 0.00 0.00'
    """
    api = "polynomial_schedule"
    a, b = _value(api, "init_value", init_value), _value(api, "end_value", end_value)
    T = ck.positive(api, "transition_steps", transition_steps)
    p = ck.positive_float(api, "power", power)
    return _delayed(polynomial(a, b, T, p), _begin(api, transition_begin))


def linear_schedule(
    init_value: float, end_value: float, transition_steps: Number, transition_begin: Number = 0
) -> Schedule:
    """A straight line from ``init_value`` to ``end_value`` over ``[B, B + T]``, constant outside.

    Examples:
        >>> s = linear_schedule(1.0, 0.0, 4)
        >>> f"{s(1):.2f} {s(4):.2f} {s(9):.2f}"
        '0.75 0.00 0.00'
    """
    api = "linear_schedule"
    a, b = _value(api, "init_value", init_value), _value(api, "end_value", end_value)
    T = ck.positive(api, "transition_steps", transition_steps)
    return _delayed(linear(a, b, T), _begin(api, transition_begin))


def _boundaries(api: str, boundaries_and_scales: Mapping[Any, Any] | None) -> list[tuple[Number, float]]:
    if boundaries_and_scales is None:
        return []
    if not isinstance(boundaries_and_scales, Mapping):
        ck.type_error(api, "boundaries_and_scales", "a dict {boundary: scale}", boundaries_and_scales)
    out: list[tuple[Number, float]] = []
    for b, s in boundaries_and_scales.items():
        bound = ck.non_negative(api, "boundaries_and_scales boundary", b)
        scale = ck.finite_float(api, "boundaries_and_scales scale", s)
        if scale < 0:
            ck.value_error(api, "boundaries_and_scales scale", "non-negative", s)
        out.append((bound, scale))
    return sorted(out)


def _cumulative(init: float, pairs: list[tuple[Number, float]]) -> list[float]:
    values = [init]
    for _, s in pairs:
        values.append(values[-1] * s)
    return values


def piecewise_constant_schedule(
    init_value: float, boundaries_and_scales: Mapping[int, float] | None = None
) -> Schedule:
    """``init_value * prod(scale_b for b <= k)``: each scale multiplies from its boundary on.

    The scale applies *at* the boundary step (``k >= b``). Scales are cumulative multipliers.

    Examples:
        >>> s = piecewise_constant_schedule(1.0, {2: 0.5, 4: 0.1})
        >>> [f"{s(k):.2f}" for k in range(6)]
        ['1.00', '1.00', '0.50', '0.50', '0.05', '0.05']
    """
    api = "piecewise_constant_schedule"
    init = _value(api, "init_value", init_value)
    pairs = _boundaries(api, boundaries_and_scales)
    if not pairs:
        return constant(init)
    return piecewise_constant(_cumulative(init, pairs), [b for b, _ in pairs])


def _exponential_decay(
    api: str,
    init_value: Any,
    transition_steps: Any,
    decay_rate: Any,
    transition_begin: Any,
    staircase: Any,
    end_value: Any,
) -> Schedule:
    init = _value(api, "init_value", init_value)
    T = ck.positive(api, "transition_steps", transition_steps)
    rate = ck.positive_float(api, "decay_rate", decay_rate)
    B = _begin(api, transition_begin)
    stair = ck.boolean(api, "staircase", staircase)
    end = None if end_value is None else _value(api, "end_value", end_value)
    if rate == 1.0:
        c = constant(init)
        return c if end is None else clip(c, high=end)
    return exponential(init, rate, T, staircase=stair, begin=B, end=end)


def exponential_decay(
    init_value: float,
    transition_steps: Number,
    decay_rate: float,
    transition_begin: Number = 0,
    staircase: bool = False,
    end_value: float | None = None,
) -> Schedule:
    """``init * rate ** ((k - B) / T)`` for ``k > B`` (exponent floored with ``staircase``), ``init`` before.

    ``end_value`` bounds the curve: a floor when ``decay_rate < 1``, a ceiling otherwise. As in
    optax the bound applies at every step, also before ``transition_begin``, and with
    ``decay_rate == 1`` it is a ceiling (the value is ``min(init_value, end_value)``).

    Examples:
        >>> s = exponential_decay(1.0, 10, 0.5, staircase=True, end_value=0.2)
        >>> f"{s(9):.2f} {s(10):.2f} {s(25):.2f} {s(99):.2f}"
        '1.00 0.50 0.25 0.20'
    """
    return _exponential_decay(
        "exponential_decay", init_value, transition_steps, decay_rate, transition_begin, staircase, end_value
    )


def cosine_decay_schedule(
    init_value: float, decay_steps: Number, alpha: float = 0.0, exponent: float = 1.0
) -> Schedule:
    """``init * ((1 - alpha) * (0.5 * (1 + cos(pi * min(k, T) / T))) ** exponent + alpha)``.

    ``alpha`` is a fraction of ``init_value``; the value holds ``alpha * init_value`` from ``T``.

    Examples:
        >>> s = cosine_decay_schedule(1.0, 100, alpha=0.1)
        >>> f"{s(50):.3f} {s(100):.3f} {s(10**6):.3f}"
        '0.550 0.100 0.100'
    """
    api = "cosine_decay_schedule"
    init = _value(api, "init_value", init_value)
    T = ck.positive(api, "decay_steps", decay_steps)
    a = _value(api, "alpha", alpha)
    e = ck.positive_float(api, "exponent", exponent)
    return cosine(init, T, a * init, power=e)


def piecewise_interpolate_schedule(
    interpolate_type: str, init_value: float, boundaries_and_scales: Mapping[int, float] | None = None
) -> Schedule:
    """Interpolate (``"linear"`` or ``"cosine"``) between cumulative values at the boundaries.

    The points are ``(0, init)`` and ``(b_i, init * s_1 * ... * s_i)``; the value holds the last
    one from the last boundary on. A boundary at 0 makes the first value jump at once.

    Examples:
        >>> s = piecewise_interpolate_schedule("linear", 1.0, {4: 0.5})
        >>> f"{s(2):.2f} {s(4):.2f} {s(9):.2f}"
        '0.75 0.50 0.50'
    """
    api = "piecewise_interpolate_schedule"
    kind = ck.choice(api, "interpolate_type", interpolate_type, ("linear", "cosine"))
    init = _value(api, "init_value", init_value)
    pairs = _boundaries(api, boundaries_and_scales)
    if not pairs:
        return constant(init)
    at = [0, *(b for b, _ in pairs)]
    make = piecewise_linear if kind == "linear" else piecewise_cosine
    return make(_cumulative(init, pairs), at)


def _pct_step(api: str, name: str, pct: Any, T: int) -> int:
    """optax's ``int(pct * transition_steps)``, refused unless it is a finite step."""
    k = ck.finite_float(api, name, pct) * T
    if not math.isfinite(k):
        rule = f"such that {name} * transition_steps is finite (transition_steps={T})"
        ck.value_error(api, name, rule, pct)
    return int(k)


def _onecycle_from(kind: str, low: float, scales: dict[int, float]) -> Schedule:
    """optax's own construction (cumulative scales), for a first boundary at step 0."""
    return piecewise_interpolate_schedule(kind, low, scales)


def _onecycle_bounds(api: str, keys: list[tuple[str, Number]]) -> None:
    seen: dict[Number, str] = {}
    for name, k in keys:
        if k < 0:
            ck.value_error(api, name, "in [0, 1]", k)
        if k in seen:
            raise ValueError(
                f"{api}(): the phase boundaries collide: int({seen[k]} * transition_steps) == "
                f"int({name} * transition_steps) == {k}. Hint: optax silently keeps one of them; "
                "use more transition_steps or other fractions."
            )
        seen[k] = name


def linear_onecycle_schedule(
    transition_steps: int,
    peak_value: float,
    pct_start: float = 0.3,
    pct_final: float = 0.85,
    div_factor: float = 25.0,
    final_div_factor: float = 1e4,
) -> Schedule:
    """Linear one-cycle: ``peak/div`` up to ``peak`` at ``int(pct_start*T)``, down to ``peak/div`` at
    ``int(pct_final*T)``, then to ``peak/(div*final_div)`` at ``T``, held after.

    Examples:
        >>> s = linear_onecycle_schedule(100, 1.0)
        >>> f"{s(0):.3f} {s(30):.3f} {s(85):.3f} {s(100):.6f}"
        '0.040 1.000 0.040 0.000004'
    """
    api = "linear_onecycle_schedule"
    T = _args.whole(api, "transition_steps", transition_steps)
    peak = _value(api, "peak_value", peak_value)
    div = ck.positive_float(api, "div_factor", div_factor)
    final = ck.positive_float(api, "final_div_factor", final_div_factor)
    k1 = _pct_step(api, "pct_start", pct_start, T)
    k2 = _pct_step(api, "pct_final", pct_final, T)
    _onecycle_bounds(api, [("pct_start", k1), ("pct_final", k2), ("1", T)])
    low = _args.finite_result(api, "peak_value / div_factor", peak / div)
    end = _args.finite_result(api, "peak_value / (div_factor * final_div_factor)", peak / (div * final))
    if 0 < k1 < k2 < T:  # the user's peak_value at the peak (optax's peak / div * div, to rounding)
        return piecewise_linear([low, peak, low, end], [0, k1, k2, T])
    return _onecycle_from("linear", low, {k1: div, k2: 1.0 / div, T: 1.0 / final})


def cosine_onecycle_schedule(
    transition_steps: int,
    peak_value: float,
    pct_start: float = 0.3,
    div_factor: float = 25.0,
    final_div_factor: float = 1e4,
) -> Schedule:
    """Cosine one-cycle: ``peak/div`` up to ``peak`` at ``int(pct_start*T)``, down to
    ``peak/(div*final_div)`` at ``T`` (torch's OneCycleLR peaks one step earlier), held after.

    Examples:
        >>> s = cosine_onecycle_schedule(100, 1.0)
        >>> f"{s(0):.3f} {s(30):.3f} {s(65):.3f} {s(100):.6f}"
        '0.040 1.000 0.500 0.000004'
    """
    api = "cosine_onecycle_schedule"
    T = _args.whole(api, "transition_steps", transition_steps)
    peak = _value(api, "peak_value", peak_value)
    div = ck.positive_float(api, "div_factor", div_factor)
    final = ck.positive_float(api, "final_div_factor", final_div_factor)
    k1 = _pct_step(api, "pct_start", pct_start, T)
    _onecycle_bounds(api, [("pct_start", k1), ("1", T)])
    low = _args.finite_result(api, "peak_value / div_factor", peak / div)
    end = _args.finite_result(api, "peak_value / (div_factor * final_div_factor)", peak / (div * final))
    if 0 < k1 < T:  # the user's peak_value at the peak (optax's peak / div * div, to rounding)
        return piecewise_cosine([low, peak, end], [0, k1, T])
    return _onecycle_from("cosine", low, {k1: div, T: 1.0 / (div * final)})


def warmup_constant_schedule(init_value: float, peak_value: float, warmup_steps: Number) -> Schedule:
    """A linear ramp from ``init_value`` to ``peak_value`` over ``warmup_steps``, then ``peak_value``.

    Examples:
        >>> s = warmup_constant_schedule(0.0, 1.0, 4)
        >>> f"{s(2):.2f} {s(4):.2f}"
        '0.50 1.00'
    """
    api = "warmup_constant_schedule"
    a, b = _value(api, "init_value", init_value), _value(api, "peak_value", peak_value)
    if isinstance(warmup_steps, (int, float)) and not isinstance(warmup_steps, bool) and warmup_steps == 0:
        raise ValueError(
            f"{api}(): warmup_steps must be a positive number, got 0. Hint: optax then returns "
            "init_value forever, never peak_value; use constant_schedule(peak_value)."
        )
    return linear(a, b, ck.positive(api, "warmup_steps", warmup_steps))


def _warmup_then(api: str, init: float, peak: float, W: Number, rest: Schedule) -> Schedule:
    """optax's ``join_schedules([linear_schedule(init, peak, W), rest], [W])``.

    When ``rest`` starts at ``peak`` that is ``warmup(rest, W, start=init)``, which is what the
    preset returns: equal to the schedule a user builds by hand.
    """
    if W == 0:
        return rest
    if rest(0) == peak:
        return warmup(rest, W, start=init)
    return concat(linear(init, peak, W), rest, at=[W])


def warmup_cosine_decay_schedule(
    init_value: float,
    peak_value: float,
    warmup_steps: Number,
    decay_steps: Number,
    end_value: float = 0.0,
    exponent: float = 1.0,
) -> Schedule:
    """Linear warmup to ``peak_value``, then cosine decay to ``end_value`` at ``decay_steps``.

    ``decay_steps`` is the *total* length, warmup included (Keras' ``CosineDecay`` counts it
    apart). With ``peak_value == 0`` optax ignores ``end_value`` (its ``alpha`` is 0): so does
    this preset. ``warmup_steps = 0`` starts with the cosine.

    Examples:
        >>> s = warmup_cosine_decay_schedule(0.0, 1.0, 10, 110, end_value=0.1)
        >>> f"{s(5):.2f} {s(10):.2f} {s(60):.2f} {s(110):.2f} {s(999):.2f}"
        '0.50 1.00 0.55 0.10 0.10'
    """
    return _warmup_cosine(
        "warmup_cosine_decay_schedule", init_value, peak_value, warmup_steps, decay_steps, end_value, exponent
    )


def _warmup_cosine(
    api: str,
    init_value: float,
    peak_value: float,
    warmup_steps: Number,
    decay_steps: Number,
    end_value: float = 0.0,
    exponent: float = 1.0,
) -> Schedule:
    """:func:`warmup_cosine_decay_schedule`, with errors naming ``api`` (the function called)."""
    a, peak = _value(api, "init_value", init_value), _value(api, "peak_value", peak_value)
    W = ck.non_negative(api, "warmup_steps", warmup_steps)
    D = ck.positive(api, "decay_steps", decay_steps)
    end = _value(api, "end_value", end_value)
    e = ck.positive_float(api, "exponent", exponent)
    if not D > W:
        raise ValueError(
            f"{api}(): decay_steps must be greater than warmup_steps (it includes the warmup), "
            f"got decay_steps={D!r}, warmup_steps={W!r}."
        )
    # optax: alpha = end / peak, then peak * ((1 - alpha) * c + alpha): the floor is end_value
    # itself (to rounding), so the schedule keeps the number the user wrote.
    floor = 0.0 if peak == 0.0 else end
    return _warmup_then(api, a, peak, W, cosine(peak, D - W, floor, power=e))


def warmup_exponential_decay_schedule(
    init_value: float,
    peak_value: float,
    warmup_steps: Number,
    transition_steps: Number,
    decay_rate: float,
    transition_begin: Number = 0,
    staircase: bool = False,
    end_value: float | None = None,
) -> Schedule:
    """Linear warmup to ``peak_value``, then :func:`exponential_decay` from ``peak_value``.

    ``transition_begin`` counts from the end of the warmup.

    Examples:
        >>> s = warmup_exponential_decay_schedule(0.0, 1.0, 10, 10, 0.5)
        >>> f"{s(5):.2f} {s(10):.2f} {s(20):.2f}"
        '0.50 1.00 0.50'
    """
    api = "warmup_exponential_decay_schedule"
    a, peak = _value(api, "init_value", init_value), _value(api, "peak_value", peak_value)
    W = ck.non_negative(api, "warmup_steps", warmup_steps)
    rest = _exponential_decay(api, peak, transition_steps, decay_rate, transition_begin, staircase, end_value)
    return _warmup_then(api, a, peak, W, rest)


def join_schedules(schedules: Sequence[Schedule], boundaries: Sequence[Number]) -> Schedule:
    """``schedules[i]`` from ``boundaries[i-1]`` on, in its own local time (``k - boundaries[i-1]``).

    At ``k == boundaries[i-1]`` the new schedule starts at its local step 0. The children are
    lr_curves schedules (e.g. other presets). A boundary at 0 means the schedules before it are
    never used.

    Examples:
        >>> s = join_schedules([constant_schedule(1.0), linear_schedule(1.0, 0.0, 10)], [5])
        >>> f"{s(4):.2f} {s(5):.2f} {s(10):.2f}"
        '1.00 1.00 0.50'
    """
    api = "join_schedules"
    pieces = ck.sequence(api, "schedules", schedules, min_len=1)
    for i, p in enumerate(pieces):
        if not isinstance(p, Schedule):
            ck.type_error(api, f"schedules[{i}]", "an lr_curves Schedule", p)
    bounds = tuple(ck.non_negative(api, "boundaries", b) for b in ck.sequence(api, "boundaries", boundaries))
    if len(bounds) != len(pieces) - 1:
        raise ValueError(
            f"{api}(): boundaries must have one item fewer than schedules, got {len(bounds)} "
            f"boundaries for {len(pieces)} schedules."
        )
    ck.increasing(api, "boundaries", bounds)
    if bounds and bounds[0] == 0:
        pieces, bounds = pieces[1:], bounds[1:]
    if len(pieces) == 1:
        only: Schedule = pieces[0]
        return only
    return concat(*pieces, at=bounds)


def sgdr_schedule(cosine_kwargs: Iterable[Mapping[str, Any]]) -> Schedule:
    """Cycles of :func:`warmup_cosine_decay_schedule`, one per dict, joined at their ``decay_steps``.

    Each cycle restarts at its local step 0 with its own warmup, so the value a cycle reaches at
    its own ``decay_steps`` (its ``end_value``) is never shown except after the last cycle.

    Examples:
        >>> kw = dict(init_value=0.0, peak_value=1.0, warmup_steps=1, decay_steps=3)
        >>> s = sgdr_schedule([kw, kw])
        >>> [f"{s(k):.2f}" for k in range(7)]
        ['0.00', '1.00', '0.50', '0.00', '1.00', '0.50', '0.00']
    """
    api = "sgdr_schedule"
    if isinstance(cosine_kwargs, Mapping) or not isinstance(cosine_kwargs, Iterable):
        ck.type_error(api, "cosine_kwargs", "an iterable of dicts", cosine_kwargs)
    pieces: list[Schedule] = []
    at: list[Number] = []
    step: Number = 0
    for i, kw in enumerate(cosine_kwargs):
        if not isinstance(kw, Mapping):
            ck.type_error(api, "cosine_kwargs item", "a dict of warmup_cosine_decay_schedule arguments", kw)
        try:
            inspect.signature(warmup_cosine_decay_schedule).bind(**kw)
        except TypeError as exc:
            raise TypeError(
                f"{api}(): cosine_kwargs[{i}] must hold warmup_cosine_decay_schedule's arguments: {exc}."
            ) from None
        pieces.append(_warmup_cosine(api, **kw))
        step += ck.positive(api, "decay_steps", kw["decay_steps"])
        at.append(step)
    if not pieces:
        ck.value_error(api, "cosine_kwargs", "non-empty", cosine_kwargs)
    return join_schedules(pieces, at[:-1])


# ---------------------------------------------------------------------------------------- plateau
@dataclasses.dataclass(frozen=True)
class ReduceOnPlateauState:
    """State of :func:`reduce_on_plateau`: ``scale`` (also ``lr``) and optax's counters.

    ``lr`` is the *scale* optax multiplies the updates by (1.0 at the start), not a learning
    rate: the learning rate in effect is the inner optimizer's lr times ``lr``.
    """

    scale: float = 1.0
    best_value: float = math.inf
    plateau_count: int = 0
    cooldown_count: int = 0
    count: int = 0
    avg_value: float = 0.0

    @property
    def lr(self) -> float:
        return self.scale


@dataclasses.dataclass(frozen=True)
class _ReduceOnPlateau(Reducer[ReduceOnPlateauState]):
    api = "reduce_on_plateau"
    factor: float = 0.1
    patience: int = 10
    rtol: float = 1e-4
    atol: float = 0.0
    cooldown: int = 0
    accumulation_size: int = 1
    min_scale: float = 0.0

    def __post_init__(self) -> None:
        api, set_ = self.api, object.__setattr__
        factor = ck.finite_float(api, "factor", self.factor)
        if not 0.0 < factor < 1.0:
            ck.value_error(api, "factor", "in (0, 1)", self.factor)
        set_(self, "factor", factor)
        set_(self, "patience", _args.whole(api, "patience", self.patience, minimum=1))
        rtol, atol = ck.finite_float(api, "rtol", self.rtol), ck.finite_float(api, "atol", self.atol)
        if not 0.0 <= rtol <= 1.0:
            ck.value_error(api, "rtol", "in [0, 1]", self.rtol)
        if atol < 0:
            ck.value_error(api, "atol", "a non-negative number", self.atol)
        if rtol == 0.0 and atol == 0.0:
            raise ValueError(
                f"{api}(): at least one of rtol and atol must be positive, got rtol=0.0 and atol=0.0."
            )
        set_(self, "rtol", rtol)
        set_(self, "atol", atol)
        set_(self, "cooldown", _args.whole(api, "cooldown", self.cooldown, minimum=0))
        set_(self, "accumulation_size", _args.whole(api, "accumulation_size", self.accumulation_size))
        min_scale = ck.finite_float(api, "min_scale", self.min_scale)
        if min_scale < 0:
            ck.value_error(api, "min_scale", "a non-negative number", self.min_scale)
        set_(self, "min_scale", min_scale)

    def init(self) -> ReduceOnPlateauState:
        return ReduceOnPlateauState()

    def update(self, state: ReduceOnPlateauState, metric: float) -> ReduceOnPlateauState:
        value = self._metric(metric)
        count = state.count + 1
        avg = (state.count * state.avg_value + value) / count
        if count != self.accumulation_size:
            return dataclasses.replace(state, count=count, avg_value=avg)
        improved = avg < (1.0 - self.rtol) * state.best_value - self.atol
        best = avg if improved else state.best_value
        plateau = 0 if improved else state.plateau_count + 1
        scale, cool = state.scale, state.cooldown_count
        if cool > 0:
            plateau, cool = 0, cool - 1
        else:
            hit = plateau == self.patience
            scale = max(scale * self.factor if hit else scale, self.min_scale)
            plateau = 0 if hit else plateau
            cool = self.cooldown if hit else 0
        return ReduceOnPlateauState(scale=scale, best_value=best, plateau_count=plateau, cooldown_count=cool)


def reduce_on_plateau(
    factor: float = 0.1,
    patience: int = 10,
    rtol: float = 1e-4,
    atol: float = 0.0,
    cooldown: int = 0,
    accumulation_size: int = 1,
    min_scale: float = 0.0,
) -> _ReduceOnPlateau:
    """``optax.contrib.reduce_on_plateau`` as a pure reducer: ``state.lr`` is optax's ``scale``.

    optax multiplies the *updates* by a scale that starts at 1.0; ``state.lr`` (and
    ``state.scale``) is that scale, so ``base_lr * state.lr`` is the effective learning rate of
    an inner optimizer with lr ``base_lr``. Each ``update(state, value)`` is one call of optax's
    ``update(..., value=value)``: the values are averaged over ``accumulation_size`` calls, then
    the average *improves* when ``avg < (1 - rtol) * best - atol``; otherwise ``plateau_count``
    grows, and when it reaches ``patience`` (after ``patience`` non-improving evaluations, one
    fewer than torch) the scale becomes ``max(scale * factor, min_scale)`` and the cooldown
    starts. During cooldown the plateau count stays 0. ``max(scale, min_scale)`` is applied at
    every evaluation out of cooldown, as in optax. Minimisation only.

    ``patience`` must be >= 1: with 0 optax reduces the scale at every *improvement* instead.

    Examples:
        >>> r = reduce_on_plateau(patience=2)
        >>> [f"{v:.2f}" for v in r.trace([1.0, 1.0, 1.0, 1.0, 1.0])]
        ['1.00', '1.00', '0.10', '0.10', '0.01']
    """
    return _ReduceOnPlateau(
        factor=factor,
        patience=patience,
        rtol=rtol,
        atol=atol,
        cooldown=cooldown,
        accumulation_size=accumulation_size,
        min_scale=min_scale,
    )
