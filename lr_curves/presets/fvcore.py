"""fvcore's parameter schedulers (``fvcore.common.param_scheduler``) rebuilt from the lr_curves algebra.

An fvcore ``ParamScheduler`` maps the training progress ``where`` in ``[0, 1)`` to a value;
detectron2's ``LRMultiplier`` calls it with ``where = iteration / max_iter``. Contract: ``s(where)``
equals ``scheduler(where)`` for every ``where`` in ``[0, 1)``. The arguments are fvcore's own (names,
order and defaults).

fvcore compares progress with a small epsilon, ``WHERE_EPSILON = 1e-6``: the step schedulers pick
their value from ``int((where + 1e-6) * n)`` and ``CompositeParamScheduler`` moves to the next piece
when ``where + 1e-6`` passes the running sum of the lengths. The presets reproduce it: every switch
happens ``1e-6`` before the nominal boundary (``shift(..., -1e-6)`` in the step schedulers).

**where >= 1.** fvcore is not defined there (``ConstantParamScheduler`` raises for ``where >= 1``,
``MultiStepParamScheduler`` for ``where > 1``, ``StepParamScheduler`` fails with an ``IndexError``
from ``where >= 1 - 1e-6``, the continuous ones extrapolate: the cosine rises again, the linear one
overshoots, the polynomial one takes a negative number to a power). Every preset here holds its
value at ``where = 1`` for all ``where >= 1`` (Composite: its last piece does, through its own
child), so a run that goes a few steps past ``max_iter`` stays at the final value.

Examples:
    >>> from lr_curves.presets import fvcore
    >>> s = fvcore.CompositeParamScheduler(
    ...     [fvcore.LinearParamScheduler(0.0, 1.0), fvcore.CosineParamScheduler(1.0, 0.0)],
    ...     lengths=[0.1, 0.9], interval_scaling=["rescaled", "rescaled"])
    >>> f"{s(0.05):.3f} {s(0.1):.3f} {s(0.55):.3f} {s(0.999):.3f}"
    '0.500 1.000 0.500 0.000'
"""

from __future__ import annotations

import math

from lr_curves import _checks as ck
from lr_curves._base import Schedule
from lr_curves._checks import Number
from lr_curves._combinators import concat, shift, stretch
from lr_curves._primitives import constant, cosine, exponential, linear, piecewise_constant, polynomial
from lr_curves.presets import _args

__all__ = [
    "WHERE_EPSILON",
    "CompositeParamScheduler",
    "ConstantParamScheduler",
    "CosineParamScheduler",
    "ExponentialParamScheduler",
    "LinearParamScheduler",
    "MultiStepParamScheduler",
    "PolynomialDecayParamScheduler",
    "StepParamScheduler",
    "StepWithFixedGammaParamScheduler",
]

#: fvcore's ``ParamScheduler.WHERE_EPSILON``.
WHERE_EPSILON = 1e-6


def ConstantParamScheduler(value: float) -> Schedule:
    """fvcore's ``ConstantParamScheduler``: ``value`` (fvcore raises for ``where >= 1``; here it holds).

    Examples:
        >>> f"{ConstantParamScheduler(0.42)(0.5):.2f}"
        '0.42'
    """
    return constant(ck.finite_float("ConstantParamScheduler", "value", value))


def CosineParamScheduler(start_value: float, end_value: float) -> Schedule:
    """fvcore's ``CosineParamScheduler``: ``end + (start - end) * (1 + cos(pi * where)) / 2``.

    Holds ``end_value`` for ``where >= 1`` (fvcore's formula rises again there).

    Examples:
        >>> s = CosineParamScheduler(1.0, 0.0)
        >>> f"{s(0.0):.2f} {s(0.5):.2f} {s(1.0):.2f} {s(1.5):.2f}"
        '1.00 0.50 0.00 0.00'
    """
    api = "CosineParamScheduler"
    return cosine(
        ck.finite_float(api, "start_value", start_value), 1, ck.finite_float(api, "end_value", end_value)
    )


def ExponentialParamScheduler(start_value: float, decay: float) -> Schedule:
    """fvcore's ``ExponentialParamScheduler``: ``start_value * decay ** where``, then ``start_value * decay``.

    ``decay`` must be positive (fvcore accepts any number).

    Examples:
        >>> s = ExponentialParamScheduler(2.0, 0.02)
        >>> f"{s(0.0):.2f} {s(0.5):.4f} {s(1.0):.2f} {s(2.0):.2f}"
        '2.00 0.2828 0.04 0.04'
    """
    api = "ExponentialParamScheduler"
    start = ck.finite_float(api, "start_value", start_value)
    rate = ck.positive_float(api, "decay", decay)
    return concat(exponential(start, rate), constant(start * rate**1.0), at=(1,))


def LinearParamScheduler(start_value: float, end_value: float) -> Schedule:
    """fvcore's ``LinearParamScheduler``: ``end * where + start * (1 - where)``, then ``end_value``.

    Examples:
        >>> f"{LinearParamScheduler(0.0, 1.0)(0.25):.2f}"
        '0.25'
    """
    api = "LinearParamScheduler"
    return linear(
        ck.finite_float(api, "start_value", start_value), ck.finite_float(api, "end_value", end_value), 1
    )


def PolynomialDecayParamScheduler(base_value: float, power: float) -> Schedule:
    """fvcore's ``PolynomialDecayParamScheduler``: ``base_value * (1 - where) ** power``, then 0.

    ``power`` must be ``>= 0`` (0: the constant ``base_value``).

    Examples:
        >>> f"{PolynomialDecayParamScheduler(0.1, 0.9)(0.5):.4f}"
        '0.0536'
    """
    api = "PolynomialDecayParamScheduler"
    base = ck.finite_float(api, "base_value", base_value)
    p = ck.non_negative(api, "power", power)
    if p == 0:
        return constant(base)
    return polynomial(base, 0.0, 1, p)


def _steps(values: tuple[float, ...], milestones: tuple[int, ...], n: Number) -> Schedule:
    """``values[bisect_right(milestones, int((where + 1e-6) * n))]`` as a schedule of ``where``."""
    table = piecewise_constant(values, milestones)
    if not milestones:
        return table
    return shift(stretch(table, 1 / n), -WHERE_EPSILON)


def MultiStepParamScheduler(
    values: list[float] | tuple[float, ...],
    num_updates: int | None = None,
    milestones: list[int] | tuple[int, ...] | None = None,
) -> Schedule:
    """fvcore's ``MultiStepParamScheduler``: ``values[bisect_right(milestones, int((where + 1e-6) * N))]``.

    ``N = num_updates``. As in fvcore: without ``milestones`` the ``num_updates`` are split evenly (width
    ``ceil(num_updates / len(values))``); without ``num_updates`` the last milestone is the end.
    Milestones must be positive, strictly increasing and below ``num_updates``, and
    ``num_updates >= len(values)``. The value changes at ``where = m / num_updates - 1e-6``.

    Examples:
        >>> s = MultiStepParamScheduler([1.0, 0.1, 0.01], num_updates=90, milestones=[30, 60])
        >>> f"{s(29 / 90):.2f} {s(30 / 90):.2f} {s(60 / 90):.2f}"
        '1.00 0.10 0.01'
    """
    api = "MultiStepParamScheduler"
    vals = tuple(ck.finite_float(api, "values", v) for v in ck.sequence(api, "values", values, min_len=1))
    if num_updates is None and milestones is None:
        raise ValueError(f"{api}(): num_updates and milestones cannot both be None.")
    if milestones is None:
        n = _args.whole(api, "num_updates", num_updates)
        width = math.ceil(n / float(len(vals)))
        ms = tuple(width * (i + 1) for i in range(len(vals) - 1))
    else:
        ms = tuple(
            _args.whole(api, "milestones", m, minimum=1) for m in ck.sequence(api, "milestones", milestones)
        )
        want = len(vals) - int(num_updates is not None)
        if len(ms) != want:
            raise ValueError(
                f"{api}(): milestones must have {want} item(s) for {len(vals)} values"
                f"{'' if num_updates is None else ' and num_updates'}, got {len(ms)}."
            )
        if num_updates is None:
            n, ms = ms[-1], ms[:-1]
        else:
            n = _args.whole(api, "num_updates", num_updates)
    if n < len(vals):
        raise ValueError(
            f"{api}(): num_updates must be at least the number of values, got num_updates={n} "
            f"for {len(vals)} values."
        )
    ck.increasing(api, "milestones", ms)
    if ms and ms[-1] >= n:
        raise ValueError(f"{api}(): milestones must be smaller than num_updates={n}, got {ms!r}.")
    return _steps(vals, ms, n)


def StepParamScheduler(num_updates: Number, values: list[float] | tuple[float, ...]) -> Schedule:
    """fvcore's ``StepParamScheduler``: ``values[int((where + 1e-6) * len(values))]``.

    The values share ``[0, 1)`` evenly (``num_updates`` is only checked to be positive, as in
    fvcore). From ``where = 1 - 1e-6`` fvcore raises ``IndexError``; the preset holds the last value.

    Examples:
        >>> s = StepParamScheduler(120, [0.1, 0.01, 0.001, 0.0001])
        >>> f"{s(0.2):.3f} {s(0.25):.3f} {s(0.99):.4f}"
        '0.100 0.010 0.0001'
    """
    api = "StepParamScheduler"
    ck.positive(api, "num_updates", num_updates)
    vals = tuple(ck.finite_float(api, "values", v) for v in ck.sequence(api, "values", values, min_len=1))
    return _steps(vals, tuple(range(1, len(vals))), len(vals))


def StepWithFixedGammaParamScheduler(
    base_value: float, num_decays: int, gamma: float, num_updates: int
) -> Schedule:
    """fvcore's ``StepWithFixedGammaParamScheduler``: a step schedule over ``base_value * gamma**i``.

    ``num_decays + 1`` equal pieces of ``[0, 1)`` with the values ``base_value, base_value * gamma,
    ...``: ``base_value * gamma ** min(int((where + 1e-6) * (num_decays + 1)), num_decays)``, in
    closed form (a staircase exponential), so any ``num_decays`` costs the same (fvcore builds
    the list of values, each the previous times ``gamma``: the same numbers to rounding).
    From ``where = 1 - 1e-6`` fvcore raises ``IndexError``; the preset holds the last value.

    Raises:
        ValueError: ``base_value * gamma ** num_decays`` overflows a float64 (``gamma > 1``).

    Examples:
        >>> s = StepWithFixedGammaParamScheduler(0.1, 3, 0.1, 120)
        >>> f"{s(0.0):.4f} {s(0.5):.4f} {s(0.8):.4f}"
        '0.1000 0.0010 0.0001'
    """
    api = "StepWithFixedGammaParamScheduler"
    base = ck.positive_float(api, "base_value", base_value)
    g = ck.positive_float(api, "gamma", gamma)
    decays = _args.whole(api, "num_decays", num_decays)
    _args.whole(api, "num_updates", num_updates)
    if not _args.power_fits(base, g, decays):
        ck.value_error(
            api,
            "gamma",
            f"such that base_value * gamma ** num_decays fits a float64 (num_decays={decays})",
            gamma,
        )
    last = base * g**decays
    stairs = exponential(base, g, staircase=True, end=None if g == 1.0 else last)
    return shift(stretch(stairs, 1 / (decays + 1)), -WHERE_EPSILON)


def CompositeParamScheduler(
    schedulers: list[Schedule] | tuple[Schedule, ...],
    lengths: list[float] | tuple[float, ...],
    interval_scaling: list[str] | tuple[str, ...],
) -> Schedule:
    """fvcore's ``CompositeParamScheduler``: child schedules one after another in ``[0, 1)``.

    Child ``i`` covers a fraction ``lengths[i]`` of training (the lengths must add up to 1 within
    1e-3; fvcore then sets the last one to ``1 - sum(others)``, without changing your list here).
    It is active while ``where + 1e-6`` is at most the running sum ``R_i`` of the lengths, i.e.
    from ``R_{i-1} - 1e-6`` on. With ``"rescaled"`` it sees its own progress
    ``(where - start_i) / lengths[i]``; with ``"fixed"`` the global ``where``.

    Known differences, all within ``1e-6`` of a boundary or where fvcore fails:

    - in the ``1e-6`` before a boundary fvcore evaluates a rescaled child at a slightly negative
      progress (down to ``-1e-6 / length``); lr_curves schedules start at 0, so the preset
      evaluates it at 0 (a difference of at most ``1e-6 / length`` times the child's slope);
    - a rescaled last child of length 0 makes fvcore divide by zero for ``where > 1 - 1e-6``; the
      preset lets the previous child go on.

    Args:
        schedulers: The children: lr_curves schedules of the progress (for example the other
            presets of this module).
        lengths: Their fractions of training, ``>= 0``.
        interval_scaling: ``"rescaled"`` or ``"fixed"`` for each child.

    Examples:
        >>> s = CompositeParamScheduler([ConstantParamScheduler(0.42), CosineParamScheduler(0.42, 1e-4)],
        ...                             lengths=[0.3, 0.7], interval_scaling=["rescaled", "fixed"])
        >>> f"{s(0.1):.2f} {s(0.5):.4f}"
        '0.42 0.2100'
    """
    api = "CompositeParamScheduler"
    children = ck.sequence(api, "schedulers", schedulers, min_len=1)
    for i, c in enumerate(children):
        if not isinstance(c, Schedule):
            ck.type_error(
                api, f"schedulers[{i}]", "an lr_curves Schedule", c, hint="use the presets of this module."
            )
    lens = [ck.real(api, "lengths", x) for x in ck.sequence(api, "lengths", lengths)]
    if len(lens) != len(children):
        raise ValueError(
            f"{api}(): schedulers and lengths must have the same length, got {len(children)} "
            f"schedulers and {len(lens)} lengths."
        )
    for x in lens:
        if x < 0:
            ck.value_error(api, "lengths", "non-negative numbers", tuple(lens))
    if abs(_args.left_sum(lens) - 1.0) >= 1e-3:
        ck.value_error(api, "lengths", "numbers that add up to 1", tuple(lens))
    if _args.left_sum(lens) != 1.0:
        lens[-1] = 1.0 - _args.left_sum(lens[:-1])
    scaling = ck.sequence(api, "interval_scaling", interval_scaling)
    if len(scaling) != len(children):
        raise ValueError(
            f"{api}(): interval_scaling must have one item per scheduler, got {len(scaling)} "
            f"for {len(children)} schedulers."
        )
    for s in scaling:
        ck.choice(api, "interval_scaling", s, ("rescaled", "fixed"))
    # running sums, accumulated as fvcore does; child i is active from R_{i-1} - eps on
    totals: list[float] = []
    running = 0.0
    for i, x in enumerate(lens):
        running = x if i == 0 else running + x
        totals.append(running)
    n = len(children)
    pieces: list[Schedule] = []
    starts: list[float] = []
    prev_bound = 0.0
    for i in range(n):
        last = i == n - 1
        start = max(prev_bound, 0.0)
        if not last:
            bound = totals[i] - WHERE_EPSILON
            prev_bound, keep = max(bound, prev_bound), bound > start
        else:
            keep = not (scaling[i] == "rescaled" and lens[i] == 0)
        if not keep:
            continue
        child = children[i]
        if scaling[i] == "rescaled":
            piece = child if lens[i] == 1.0 else stretch(child, lens[i])
            offset = (totals[i] - lens[i]) - start  # fvcore's scheduler_start, in local time
            if offset != 0:
                piece = shift(piece, offset)
        else:
            piece = child if start == 0 else shift(child, -start)
        pieces.append(piece)
        starts.append(start)
    if len(pieces) == 1:
        return pieces[0]
    return concat(*pieces, at=tuple(starts[1:]))
