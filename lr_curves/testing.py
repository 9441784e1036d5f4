"""Unit-test schedule math: assertions with readable failures, and hypothesis strategies.

The assertions work on any schedule (and most on any ``step -> number`` callable) and need
nothing but NumPy. They raise ``AssertionError`` with a message that names the step, both values
and their difference in absolute, relative and ulp terms, so a failing test says what is wrong::

    assert_curves_equal(): the curves differ at 3 of 100 steps; first at step 10:
      a(10) = 0.5
      b(10) = 0.5000000000000001
      difference 1.11e-16 (relative 2.22e-16, 1 ulp); allowed: rtol=0.0, atol=0.0

:func:`assert_curves_equal` also compares a schedule with a framework's stateful scheduler
(anything with ``.step()`` and ``get_last_lr()``, such as a torch ``LRScheduler``) stepped
``n`` times, without importing any framework.

The hypothesis strategies (:data:`schedules`, :data:`primitives`, :data:`steps`, ...) are built
on first use: ``hypothesis`` is an optional dependency (``pip install 'lr-curves[testing]'``).
Importing this module never imports it; using a strategy without it raises an ``ImportError``
naming the extra.

Examples:
    >>> import lr_curves as lrc
    >>> from lr_curves.testing import assert_continuous, assert_peak_at, assert_reaches
    >>> lr = lrc.warmup(lrc.cosine(1.0, 90, floor=0.1), 10)
    >>> assert_reaches(lr, 1.0, at=10)
    >>> assert_peak_at(lr, 10, steps=200)
    >>> assert_continuous(lr)  # at every boundary: the end of the warmup
"""

from __future__ import annotations

import math
import numbers
import struct
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

import numpy as np

from lr_curves import _strategies
from lr_curves._base import Schedule

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

    #: Random schedules: compositions of :data:`primitives` (at most 6 leaves, depth <= 6).
    schedules: SearchStrategy[Schedule]
    #: Random primitives with valid parameters (every factory of the core).
    primitives: SearchStrategy[Schedule]
    #: Primitives with a finite :attr:`~lr_curves.Schedule.length`.
    finite_primitives: SearchStrategy[Schedule]
    #: Finite primitives whose length is an ``int`` (local times stay exact in compositions).
    int_finite_primitives: SearchStrategy[Schedule]
    #: Steps: Python ints (up to 2**40) and floats (up to 1e7).
    steps: SearchStrategy[int | float]
    #: Integer steps, mostly small, up to 2**40.
    int_steps: SearchStrategy[int]
    #: Float steps in [0, 1e7].
    float_steps: SearchStrategy[float]
    #: Huge steps: near 2**53, 2**63 and up to 1e300 (ints and floats).
    huge_steps: SearchStrategy[int | float]
    #: NumPy arrays of steps: every integer and float dtype, 0-d, empty and 2-d shapes.
    step_arrays: SearchStrategy[np.ndarray[Any, Any]]
    #: Positive parameter values in [1e-6, 10].
    values: SearchStrategy[float]
    #: Small non-negative values in [0, 1e-3] (floors, starts).
    small: SearchStrategy[float]
    #: Durations: ints in [1, 5000] or floats in [0.5, 5000].
    lengths: SearchStrategy[int | float]
    #: Integer durations in [1, 5000].
    int_lengths: SearchStrategy[int]
    #: Decay factors in [0.5, 0.9999].
    factors: SearchStrategy[float]

__all__ = [
    "assert_bounded",
    "assert_continuous",
    "assert_curves_equal",
    "assert_monotone",
    "assert_peak_at",
    "assert_periodic",
    "assert_reaches",
    "compositions",
    "factors",
    "finite_primitives",
    "float_steps",
    "huge_steps",
    "int_finite_primitives",
    "int_lengths",
    "int_steps",
    "lengths",
    "primitives",
    "schedules",
    "small",
    "step_arrays",
    "steps",
    "ulp_distance",
    "values",
]

#: The strategies, built on first access by the module's ``__getattr__``.
_STRATEGY_NAMES = frozenset(
    {
        "factors", "finite_primitives", "float_steps", "huge_steps", "int_finite_primitives",
        "int_lengths", "int_steps", "lengths", "primitives", "schedules", "small", "step_arrays",
        "steps", "values",
    }
)  # fmt: skip

Steps = int | Iterable[Any] | np.ndarray[Any, Any]
Curve = Callable[[Any], Any]

_SHOWN = 5  # mismatches listed in a failure message


# ---------------------------------------------------------------------------------------- helpers
def ulp_distance(a: float, b: float) -> float:
    """How many float64 values lie between ``a`` and ``b`` (``inf`` if one is NaN or infinite).

    Examples:
        >>> ulp_distance(1.0, 1.0 + 2**-52)
        1.0
        >>> ulp_distance(0.0, -0.0)
        0.0
    """
    if not (math.isfinite(a) and math.isfinite(b)):
        return 0.0 if a == b else math.inf

    def ordered(x: float) -> int:
        (bits,) = struct.unpack("<q", struct.pack("<d", x))
        return int(bits) if bits >= 0 else -(int(bits) & 0x7FFF_FFFF_FFFF_FFFF)

    return float(abs(ordered(a) - ordered(b)))


def _is_real(x: Any) -> bool:
    return not isinstance(x, bool) and isinstance(x, numbers.Real)


def _is_int(x: Any) -> bool:
    return not isinstance(x, bool) and isinstance(x, numbers.Integral)


def _diff(a: float, b: float) -> str:
    d = abs(a - b)
    scale = max(abs(a), abs(b))
    rel = d / scale if scale else 0.0
    return f"difference {d:.3g} (relative {rel:.3g}, {ulp_distance(a, b):.0f} ulp)"


#: The most steps an assertion checks (each is a Python call): more is refused before any work.
MAX_CHECKED_STEPS = 10**7


def _too_many(api: str, n: int) -> ValueError:
    return ValueError(
        f"{api}: steps must be at most {MAX_CHECKED_STEPS:,} steps to check, got {n:,}. Hint: check "
        "a strided range, such as steps=range(0, n, 1000)."
    )


def _step_list(steps: Any, api: str) -> list[Any]:
    """``n`` -> ``0 .. n-1``; an array or iterable -> its items as Python numbers."""
    if isinstance(steps, bool) or steps is None:
        raise TypeError(f"{api}: steps must be an int or an iterable of steps, got {steps!r}.")
    if isinstance(steps, numbers.Integral):
        n = int(steps)
        if n < 0:
            raise ValueError(f"{api}: steps must be >= 0, got {n}.")
        if n > MAX_CHECKED_STEPS:
            raise _too_many(api, n)
        return list(range(n))
    if isinstance(steps, range) and len(steps) > MAX_CHECKED_STEPS:
        raise _too_many(api, len(steps))
    if isinstance(steps, np.ndarray):
        return list(steps.reshape(-1).tolist())
    if isinstance(steps, (str, bytes)) or not isinstance(steps, Iterable):
        raise TypeError(f"{api}: steps must be an int or an iterable of steps, got {steps!r}.")
    return [s.item() if isinstance(s, np.generic) else s for s in steps]


def _value(curve: Curve, step: Any) -> float:
    """``float(curve(step))`` (a framework's 0-d tensor or array becomes a Python float)."""
    out = curve(step)
    return float(out.item() if hasattr(out, "item") else out)


def _close(a: float, b: float, rtol: float, atol: float) -> bool:
    if a == b:  # also equal infinities
        return True
    return abs(a - b) <= atol + rtol * max(abs(a), abs(b))


def _tolerances(api: str, rtol: float, atol: float) -> None:
    for name, tol in (("rtol", rtol), ("atol", atol)):
        if not _is_real(tol) or not float(tol) >= 0.0:
            raise ValueError(f"{api}: {name} must be a non-negative number, got {tol!r}.")


def _is_scheduler(obj: Any) -> bool:
    return callable(getattr(obj, "step", None)) and callable(getattr(obj, "get_last_lr", None))


def _scheduler_values(sched: Any, n: int, group: int) -> list[float]:
    """Values of a stateful scheduler: ``get_last_lr()`` before each of ``n - 1`` ``.step()`` calls."""
    out: list[float] = []
    for i in range(n):
        if i:
            sched.step()
        last = sched.get_last_lr()
        v = last[group] if isinstance(last, (list, tuple)) else last
        out.append(float(v.item() if hasattr(v, "item") else v))
    return out


# ---------------------------------------------------------------------------------------- assertions
def assert_curves_equal(
    a: Curve,
    b: Any,
    steps: Steps,
    *,
    rtol: float = 0.0,
    atol: float = 0.0,
    group: int = 0,
) -> None:
    """Assert that two curves agree at ``steps``: ``|a(t) - b(t)| <= atol + rtol * max(|a(t)|, |b(t)|)``.

    Args:
        a: A schedule, or any callable ``step -> number`` (a 0-d array or tensor is fine).
        b: The same kinds of curve, or a framework's stateful scheduler: any object with
            ``.step()`` and ``.get_last_lr()`` (a torch ``LRScheduler``, a timm-style wrapper
            exposing them). It is read with ``get_last_lr()[group]`` and advanced with ``.step()``
            between steps, so ``steps`` must then be ``n`` or ``range(n)`` (it is stepped
            ``n - 1`` times; build a fresh scheduler for each call).
        steps: ``n`` (the steps ``0 .. n-1``), or an iterable or array of steps.
        rtol: Relative tolerance (default exact: schedules are deterministic).
        atol: Absolute tolerance. A torch scheduler's chained updates drift by a few ulp; compare
            with ``rtol=1e-12`` or so, and an ``atol`` for curves that reach 0.
        group: The parameter group of a scheduler's ``get_last_lr()``.

    Raises:
        AssertionError: with the first mismatches: step, both values, difference (absolute,
            relative and in ulp) and the tolerances.
        ValueError: bad tolerances, or ``steps`` not ``0 .. n-1`` with a stateful scheduler.

    Examples:
        >>> import lr_curves as lrc
        >>> a = lrc.warmup(lrc.constant(1.0), 4)
        >>> b = lrc.linear(0.0, 1.0, 4)
        >>> assert_curves_equal(a, b, steps=100)
        >>> try:
        ...     assert_curves_equal(a, lrc.linear(0.0, 1.0, 5), steps=[0, 2, 4])
        ... except AssertionError as e:
        ...     print(str(e).splitlines()[0])
        assert_curves_equal(): the curves differ at 2 of 3 steps; first at step 2:
    """
    api = "assert_curves_equal()"
    _tolerances(api, rtol, atol)
    ts = _step_list(steps, api)
    va = [_value(a, t) for t in ts]
    if _is_scheduler(b):
        if ts != list(range(len(ts))):
            raise ValueError(
                f"{api}: a stateful scheduler is compared on the steps 0 .. n-1: pass steps=n, "
                f"got steps starting {ts[:3]!r}."
            )
        vb = _scheduler_values(b, len(ts), group)
    elif callable(b):
        vb = [_value(b, t) for t in ts]
    else:
        raise TypeError(
            f"{api}: b must be a schedule, a callable or a scheduler with .step() and .get_last_lr(), "
            f"got {type(b).__name__}."
        )
    bad = [i for i, (x, y) in enumerate(zip(va, vb, strict=True)) if not _close(x, y, rtol, atol)]
    if not bad:
        return
    i = bad[0]
    lines = [
        f"{api}: the curves differ at {len(bad)} of {len(ts)} steps; first at step {ts[i]}:",
        f"  a({ts[i]}) = {va[i]!r}",
        f"  b({ts[i]}) = {vb[i]!r}",
        f"  {_diff(va[i], vb[i])}; allowed: rtol={rtol}, atol={atol}",
    ]
    if len(bad) > 1:
        more = ", ".join(f"step {ts[j]}: {va[j]!r} vs {vb[j]!r}" for j in bad[1:_SHOWN])
        lines.append(f"  next: {more}" + (" ..." if len(bad) > _SHOWN else ""))
    raise AssertionError("\n".join(lines))


def assert_continuous(
    s: Curve,
    at: Iterable[Any] | None = None,
    *,
    h: float | None = None,
    tol: float = 1e-6,
) -> None:
    """Assert that ``s`` has no jump at the steps ``at`` (default: every ``s.boundaries()``).

    At each step ``t`` the change over the last ``h`` before ``t`` (and the first ``h`` after
    it) is compared with the change over the ``h`` next to it, further out: on a continuous
    curve both are about ``slope * h``; at a jump the first is the jump's height. The check
    fails when a change exceeds 4 times its neighbour and ``tol`` times the largest value seen,
    so a kink (a warmup meeting a decay) passes and float noise never counts. ``h`` defaults
    to ``1e-6 * max(1, t)``.

    Args:
        s: A schedule, or any callable ``step -> number``.
        at: The steps to check. ``None``: ``s.boundaries()`` (nothing to check if there are none).
        h: The distance to each side.
        tol: Changes below ``tol`` times the largest value seen always pass.

    Raises:
        AssertionError: naming the step, the values on both sides and the jump.

    Examples:
        >>> import lr_curves as lrc
        >>> assert_continuous(lrc.concat(lrc.linear(1.0, 0.5, 10), lrc.cosine(0.5, 10)))
        >>> try:
        ...     assert_continuous(lrc.multistep(1.0, 0.1, at=[30]))
        ... except AssertionError as e:
        ...     print(str(e).splitlines()[0])
        assert_continuous(): jump at step 30:
    """
    api = "assert_continuous()"
    if at is None:
        bounds = getattr(s, "boundaries", None)
        if bounds is None:
            raise TypeError(f"{api}: pass at=[...] for a curve without .boundaries().")
        points = list(bounds())
    else:
        points = _step_list(at, api)
    if h is not None and not (_is_real(h) and 0.0 < float(h) < math.inf):
        raise ValueError(f"{api}: h must be a positive number, got {h!r}.")
    _tolerances(api, tol, 0.0)
    for t in points:
        d = float(h) if h is not None else 1e-6 * max(1.0, float(t))
        mid = _value(s, t)
        for sign in (-1.0, 1.0):
            if t + 2 * sign * d < 0:
                continue
            near, far = t + sign * d, t + 2 * sign * d
            v_near, v_far = _value(s, near), _value(s, far)
            step_in, step_out = abs(mid - v_near), abs(v_near - v_far)
            scale = max(abs(mid), abs(v_near), abs(v_far))
            if (step_in > tol * scale and step_in > 4.0 * step_out) or math.isnan(step_in):
                raise AssertionError(
                    f"{api}: jump at step {t}:\n  s({near!r}) = {v_near!r}\n  s({t!r}) = {mid!r}\n"
                    f"  {_diff(v_near, mid)}; the next {d:g} further out changes by {step_out:.3g}"
                )


def _grid(api: str, start: Any, stop: Any, num: int | None) -> np.ndarray[Any, Any]:
    for name, v in (("start", start), ("stop", stop)):
        if not _is_real(v) or not 0 <= float(v) < math.inf:
            raise ValueError(f"{api}: {name} must be a finite step >= 0, got {v!r}.")
    if stop < start:
        raise ValueError(f"{api}: the range is inverted: start={start!r} > stop={stop!r}.")
    if num is None:
        whole = isinstance(start, numbers.Integral) and isinstance(stop, numbers.Integral)
        if whole and stop - start <= 100_000:
            return np.arange(int(start), int(stop) + 1, dtype=np.float64)
        num = 100_001
    if not _is_int(num) or num < 1:
        raise ValueError(f"{api}: num must be an int >= 1, got {num!r}.")
    return np.linspace(float(start), float(stop), int(num))


def assert_monotone(
    s: Curve,
    start: float,
    stop: float,
    *,
    decreasing: bool = True,
    strict: bool = False,
    num: int | None = None,
) -> None:
    """Assert that ``s`` never increases (with ``decreasing=False``: decreases) on ``[start, stop]``.

    Checked at every integer step of the range (both ends included) when ``start`` and ``stop``
    are ints at most 100,000 apart; otherwise at ``num`` (default 100,001) evenly spaced steps.

    Args:
        s: A schedule, or any callable ``step -> number`` that accepts NumPy arrays.
        start: First step.
        stop: Last step (included).
        decreasing: The direction.
        strict: Require a strict decrease (increase) between consecutive checked steps.
        num: How many evenly spaced steps to check.

    Raises:
        AssertionError: naming the two consecutive steps and values that break the order.
        ValueError: an inverted range (``start > stop``), a negative or non-finite end.

    Examples:
        >>> import lr_curves as lrc
        >>> lr = lrc.warmup(lrc.cosine(1.0, 100), 10)
        >>> assert_monotone(lr, 10, 200)
        >>> assert_monotone(lr, 0, 10, decreasing=False, strict=True)
    """
    api = "assert_monotone()"
    x = _grid(api, start, stop, num)
    v = np.asarray(s(x), dtype=np.float64)
    if v.shape != x.shape:
        raise TypeError(f"{api}: s must map an array of steps to an array of the same shape.")
    d = np.diff(v)
    wrong = (d >= 0 if strict else d > 0) if decreasing else (d <= 0 if strict else d < 0)
    idx = np.flatnonzero(wrong | np.isnan(d))
    if idx.size:
        i = int(idx[0])
        word = (
            ("decreasing" if strict else "non-increasing")
            if decreasing
            else ("increasing" if strict else "non-decreasing")
        )
        t0, t1, a, b = x[i].item(), x[i + 1].item(), float(v[i]), float(v[i + 1])
        raise AssertionError(
            f"{api}: not {word} on [{start}, {stop}] ({idx.size} violation(s)); first:\n"
            f"  s({t0:g}) = {a!r}\n  s({t1:g}) = {b!r}\n  {_diff(a, b)}"
        )


def assert_bounded(s: Curve, low: float | None, high: float | None, steps: Steps) -> None:
    """Assert ``low <= s(t) <= high`` at every step (``None`` leaves a side open); NaN fails.

    Examples:
        >>> import lr_curves as lrc
        >>> assert_bounded(lrc.triangle(0.1, 1.0, 50), 0.1, 1.0, steps=1000)
        >>> try:
        ...     assert_bounded(lrc.constant(2.0), 0.0, 1.0, steps=[7])
        ... except AssertionError as e:
        ...     print(e.args[0].splitlines()[0])
        assert_bounded(): s(7) = 2.0 is above high=1.0; 1 of 1 step(s) out of [0.0, 1.0]:
    """
    api = "assert_bounded()"
    for name, b in (("low", low), ("high", high)):
        if b is not None and (not _is_real(b) or math.isnan(b)):
            raise TypeError(f"{api}: {name} must be a number or None, got {b!r}.")
    if low is not None and high is not None and low > high:
        raise ValueError(f"{api}: the bounds are inverted: low={low!r} > high={high!r}.")
    ts = _step_list(steps, api)
    vs = [_value(s, t) for t in ts]
    lo = -math.inf if low is None else float(low)
    hi = math.inf if high is None else float(high)
    bad = [i for i, v in enumerate(vs) if not lo <= v <= hi]
    if bad:
        i = bad[0]
        v = vs[i]
        if math.isnan(v):
            where, diff = "is NaN", "NaN is never within bounds"
        elif v < lo:
            where, diff = f"is below low={low!r}", _diff(v, lo)
        else:
            where, diff = f"is above high={high!r}", _diff(v, hi)
        raise AssertionError(
            f"{api}: s({ts[i]}) = {v!r} {where}; {len(bad)} of {len(ts)} step(s) out of [{low}, {high}]:\n"
            f"  {diff}"
        )


def assert_reaches(s: Curve, value: float, at: Any, *, rtol: float = 1e-12, atol: float = 0.0) -> None:
    """Assert ``s(at) == value`` within ``atol + rtol * max(|s(at)|, |value|)``.

    Examples:
        >>> import lr_curves as lrc
        >>> assert_reaches(lrc.cosine(1.0, 100, floor=0.1), 0.1, at=100)
        >>> try:
        ...     assert_reaches(lrc.linear(1.0, 0.0, 10), 0.5, at=4)
        ... except AssertionError as e:
        ...     print(e.args[0].splitlines()[0])
        assert_reaches(): s(4) = 0.6, expected 0.5
    """
    api = "assert_reaches()"
    _tolerances(api, rtol, atol)
    got = _value(s, at)
    if not _close(got, float(value), rtol, atol):
        raise AssertionError(
            f"{api}: s({at}) = {got!r}, expected {value!r}\n"
            f"  {_diff(got, float(value))}; allowed: rtol={rtol}, atol={atol}"
        )


def assert_periodic(
    s: Curve, period: float, steps: Steps, *, rtol: float = 1e-9, atol: float = 1e-15
) -> None:
    """Assert ``s(t + period) == s(t)`` (within tolerance) for every ``t`` in ``steps``.

    Examples:
        >>> import lr_curves as lrc
        >>> assert_periodic(lrc.triangle(0.0, 1.0, 10, 30), 40, steps=200)
        >>> assert_periodic(lrc.restart(lrc.cosine(1.0, 25)), 25, steps=range(0, 10**6, 997))
    """
    api = "assert_periodic()"
    _tolerances(api, rtol, atol)
    if not _is_real(period) or not 0 < float(period) < math.inf:
        raise ValueError(f"{api}: period must be a positive finite number, got {period!r}.")
    ts = _step_list(steps, api)
    for t in ts:
        a, b = _value(s, t), _value(s, t + period)
        if not _close(a, b, rtol, atol):
            raise AssertionError(
                f"{api}: s(t + {period}) != s(t) at t = {t}:\n  s({t}) = {a!r}\n  s({t + period}) = {b!r}\n"
                f"  {_diff(a, b)}; allowed: rtol={rtol}, atol={atol}"
            )


def assert_peak_at(s: Curve, step: Any, steps: Steps, *, strict: bool = False) -> None:
    """Assert that the largest value over ``steps`` (and ``step`` itself) is ``s(step)``.

    With ``strict=True`` every other step must be strictly lower (no plateau at the peak).

    Examples:
        >>> import lr_curves as lrc
        >>> lr = lrc.warmup(lrc.cosine(1.0, 1000), 100)
        >>> assert_peak_at(lr, 100, steps=2000, strict=True)
        >>> try:
        ...     assert_peak_at(lr, 90, steps=2000)
        ... except AssertionError as e:
        ...     print(e.args[0].splitlines()[0])
        assert_peak_at(): the peak is not at step 90: s(100) = 1.0 > s(90) = 0.9
    """
    api = "assert_peak_at()"
    ts = _step_list(steps, api)
    peak = _value(s, step)
    vs = [_value(s, t) for t in ts]
    nan = [t for t, v in zip(ts, vs, strict=True) if math.isnan(v)]
    if math.isnan(peak) or nan:
        raise AssertionError(f"{api}: s is NaN at step {step if math.isnan(peak) else nan[0]}.")
    top = max(range(len(vs)), key=vs.__getitem__, default=None)
    if top is not None and vs[top] > peak:
        t, v = ts[top], vs[top]
        raise AssertionError(
            f"{api}: the peak is not at step {step}: s({t}) = {v!r} > s({step}) = {peak!r}\n"
            f"  {_diff(v, peak)}"
        )
    if strict:
        ties = [t for t, v in zip(ts, vs, strict=True) if v == peak and t != step]
        if ties:
            raise AssertionError(
                f"{api}: the peak at step {step} is not strict: s({ties[0]}) = s({step}) = {peak!r} "
                f"({len(ties)} other step(s) reach it)."
            )


# ---------------------------------------------------------------------------------------- strategies
def compositions(max_leaves: int = 6) -> SearchStrategy[Schedule]:
    """Random compositions of :data:`primitives` with at most ``max_leaves`` primitives.

    Every combinator appears (warmup in both modes and every shape, concat, restart with growth,
    decay and limit, scale by numbers and schedules, add, clip, shift, stretch). Needs hypothesis.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=20)
        ... @given(compositions(max_leaves=3))
        ... def test_non_negative(s):
        ...     assert s(12345) >= 0.0
        >>> test_non_negative()
    """
    return _strategies.compositions(max_leaves)  # type: ignore[no-any-return]


def __getattr__(name: str) -> Any:
    """The strategies are built on first access (so that hypothesis stays optional)."""
    if name not in _STRATEGY_NAMES:
        raise AttributeError(f"module 'lr_curves.testing' has no attribute {name!r}")
    return _strategies.strategy(name)
