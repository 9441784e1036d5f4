"""MosaicML Composer's schedulers (``composer/optim/scheduler.py``, mosaicml 0.32.1) from the algebra.

Every function takes the Composer class's own name and arguments, with Composer's time strings
(``"100ba"`` batches, ``"2ep"`` epochs, ``"0.1dur"`` a fraction of ``max_duration``), plus
keyword-only ``max_duration=`` (the Trainer's, in ``"ba"`` or ``"ep"``), ``steps_per_epoch=``
(the dataloader's length, needed by ``"ep"``) and ``base_lr=`` (the optimizer's lr; default 1.0,
the multiplier Composer returns). Contract: ``s(k)`` is the lr at batch ``k``: ``base_lr *
scheduler(state)`` with ``state.timestamp`` at batch ``k`` (Composer steps its ``LambdaLR``
every batch).

Times become batches as Composer's ``_convert_time`` does, truncating: ``"xdur"`` is
``int(x * max_duration)`` batches (``int(x * steps_per_epoch * epochs)`` for a ``max_duration``
in epochs: ``"0.29dur"`` of ``"100ba"`` is 28), ``"nep"`` is ``n * steps_per_epoch``. Quirks
reproduced: ``LinearScheduler``'s defaults decay (1 to 0); the ``*WithWarmupScheduler``
variants warm up linearly from **0**, their ``t_max`` *includes* the warmup, and they raise if
``t_max`` is shorter than ``max_duration``; ``MultiStepWithWarmupScheduler``'s milestones are
absolute (not counted after the warmup); ``CosineAnnealingWarmRestartsScheduler`` truncates
every cycle length (``int(t_mult * length)``); ``PolynomialScheduler(power=0)`` is 1 forever.
Not here: ``scale_schedule_ratio`` (only its default, 1.0), samples/tokens units
(``"sp"``, ``"tok"``: the preset counts batches), wall-clock ``"sec"`` (Composer refuses it too).

mosaicml pins an older torch; the tests compare against values generated once from its own
scheduler source (see ``tests/data/README.md``). Nothing here imports composer.

Examples:
    >>> from lr_curves.presets import composer
    >>> s = composer.CosineAnnealingWithWarmupScheduler(t_warmup="0.1dur", max_duration="100ba",
    ...                                                  base_lr=0.1)
    >>> " ".join(f"{s(k):.3f}" for k in (0, 5, 10, 55, 100))
    '0.000 0.050 0.100 0.050 0.000'
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Sequence
from typing import Any

from lr_curves import _checks as ck
from lr_curves._base import Schedule
from lr_curves._checks import Number
from lr_curves._combinators import concat, restart, scale, shift
from lr_curves._notes import annotate
from lr_curves._primitives import (
    constant,
    cosine,
    exponential,
    linear,
    multistep,
    piecewise_constant,
    polynomial,
)

__all__ = [
    "ConstantScheduler",
    "ConstantWithWarmupScheduler",
    "CosineAnnealingScheduler",
    "CosineAnnealingWarmRestartsScheduler",
    "CosineAnnealingWithWarmupScheduler",
    "ExponentialScheduler",
    "LinearScheduler",
    "LinearWithWarmupScheduler",
    "MultiStepScheduler",
    "MultiStepWithWarmupScheduler",
    "PolynomialScheduler",
    "PolynomialWithWarmupScheduler",
    "StepScheduler",
]

#: Composer's ``_TIME_STR_REGEX``: a number followed by a unit.
_TIME = re.compile(r"^(.+)(iter|ep|ba|sp|tok|dur|sec)$", re.IGNORECASE)
_HINT = "a time string such as '100ba', '2ep' or '0.5dur'"


@dataclasses.dataclass(frozen=True)
class _Clock:
    """What a time string needs: the run's length and the batches per epoch."""

    api: str
    max_duration: tuple[float, str] | None
    steps_per_epoch: int | None

    def parse(self, name: str, text: Any) -> tuple[float, str]:
        if not isinstance(text, str):
            ck.type_error(self.api, name, _HINT, text)
        m = _TIME.match(text)
        unit = m.group(2).lower() if m else ""
        try:
            value = float(m.group(1)) if m else math.nan
        except ValueError:
            value = math.nan
        if not math.isfinite(value) or value < 0:
            ck.value_error(self.api, name, _HINT, text)
        if unit != "dur" and int(value) != value:
            ck.value_error(self.api, name, f"a whole number of {unit!r} (as Composer)", text)
        if unit in ("sp", "tok", "iter", "sec"):
            what = {"sp": "samples", "tok": "tokens", "iter": "iterations", "sec": "wall-clock seconds"}[unit]
            ck.value_error(
                self.api,
                name,
                "in batches ('ba'), epochs ('ep') or a fraction of max_duration ('dur')",
                text,
                hint=f"the preset counts batches; {what} depend on the data.",
            )
        return value, unit

    def epoch_length(self, name: str) -> int:
        if self.steps_per_epoch is None:
            raise ValueError(
                f"{self.api}(): {name} is in epochs, which needs steps_per_epoch (the dataloader's length)."
            )
        return self.steps_per_epoch

    def batches(self, name: str, text: Any) -> int:
        """Composer's ``_convert_time(text, state)`` in batches."""
        value, unit = self.parse(name, text)
        if unit == "ba":
            return int(value)
        if unit == "ep":
            return int(value * self.epoch_length(name))
        if self.max_duration is None:
            raise ValueError(
                f"{self.api}(): {name}={text!r} is a fraction of max_duration, which is not given."
            )
        total, total_unit = self.max_duration
        if total_unit == "ep":
            return int(value * self.epoch_length("max_duration") * total)
        return int(value * total)

    def total(self) -> int | None:
        if self.max_duration is None:
            return None
        v, unit = self.max_duration
        return int(v) if unit == "ba" else int(v) * self.epoch_length("max_duration")


def _clock(api: str, max_duration: Any, steps_per_epoch: Any) -> _Clock:
    spe = None if steps_per_epoch is None else ck.count(api, "steps_per_epoch", steps_per_epoch, 1)
    clock = _Clock(api, None, spe)
    if max_duration is None:
        return clock
    v, unit = clock.parse("max_duration", max_duration)
    if unit == "dur":
        ck.value_error(api, "max_duration", "in batches ('ba') or epochs ('ep')", max_duration)
    if v == 0:
        ck.value_error(api, "max_duration", "longer than 0", max_duration)
    return _Clock(api, (v, unit), spe)


def _out(s: Schedule, base_lr: Any, c: _Clock) -> Schedule:
    b = ck.finite_float(c.api, "base_lr", base_lr)
    out = s if b == 1.0 else scale(s, b)
    # The run's length (max_duration) and epochs, for the faces' default range and epoch axis.
    md = c.max_duration
    total = None if md is None or (md[1] == "ep" and c.steps_per_epoch is None) else c.total()
    if total is None and c.steps_per_epoch is None:
        return out
    return annotate(out, total_steps=total, steps_per_epoch=c.steps_per_epoch)


def _positive(api: str, name: str, n: int, text: Any) -> int:
    if n <= 0:
        ck.value_error(
            api,
            name,
            "at least one batch once converted",
            text,
            hint="Composer divides by it (ZeroDivisionError).",
        )
    return n


# ---------------------------------------------------------------------------------------- schedulers
def StepScheduler(
    step_size: str,
    gamma: float = 0.1,
    *,
    max_duration: str | None = None,
    steps_per_epoch: int | None = None,
    base_lr: float = 1.0,
) -> Schedule:
    """``StepScheduler``: ``gamma ** (k // step_size)``.

    Examples:
        >>> s = StepScheduler("10ba", gamma=0.5)
        >>> f"{s(9):.2f} {s(10):.2f} {s(25):.2f}"
        '1.00 0.50 0.25'
    """
    api = "StepScheduler"
    c = _clock(api, max_duration, steps_per_epoch)
    n = _positive(api, "step_size", c.batches("step_size", step_size), step_size)
    g = ck.finite_float(api, "gamma", gamma)
    body = piecewise_constant([1.0, 0.0], [n]) if g == 0.0 else exponential(1.0, g, n, staircase=True)
    return _out(body, base_lr, c)


def MultiStepScheduler(
    milestones: Sequence[str],
    gamma: float = 0.1,
    *,
    max_duration: str | None = None,
    steps_per_epoch: int | None = None,
    base_lr: float = 1.0,
) -> Schedule:
    """``MultiStepScheduler``: ``gamma ** #{m in milestones: m <= k}``.

    Examples:
        >>> s = MultiStepScheduler(["10ba", "20ba"], gamma=0.1)
        >>> f"{s(9):.2f} {s(10):.2f} {s(20):.3f}"
        '1.00 0.10 0.010'
    """
    api = "MultiStepScheduler"
    c = _clock(api, max_duration, steps_per_epoch)
    return _out(_multistep(c, milestones, gamma), base_lr, c)


def _multistep(c: _Clock, milestones: Any, gamma: Any) -> Schedule:
    ms = [c.batches("milestones", m) for m in ck.sequence(c.api, "milestones", milestones)]
    g = ck.finite_float(c.api, "gamma", gamma)
    zeros = sum(1 for m in ms if m == 0)
    rest: list[Number] = [m for m in ms if m > 0]
    start = g**zeros
    return multistep(start, g, rest) if rest else constant(start)


def ConstantScheduler(
    alpha: float = 1.0,
    t_max: str = "1dur",
    *,
    max_duration: str | None = None,
    steps_per_epoch: int | None = None,
    base_lr: float = 1.0,
) -> Schedule:
    """``ConstantScheduler``: ``alpha`` before ``t_max``, then 1.0.

    Examples:
        >>> s = ConstantScheduler(alpha=0.5, t_max="10ba")
        >>> f"{s(9):.2f} {s(10):.2f}"
        '0.50 1.00'
    """
    api = "ConstantScheduler"
    c = _clock(api, max_duration, steps_per_epoch)
    T = c.batches("t_max", t_max)
    a = ck.finite_float(api, "alpha", alpha)
    body = constant(1.0) if T == 0 else piecewise_constant([a, 1.0], [T])
    return _out(body, base_lr, c)


def LinearScheduler(
    alpha_i: float = 1.0,
    alpha_f: float = 0.0,
    t_max: str = "1dur",
    *,
    max_duration: str | None = None,
    steps_per_epoch: int | None = None,
    base_lr: float = 1.0,
) -> Schedule:
    """``LinearScheduler``: ``alpha_i + min(1, k / t_max) * (alpha_f - alpha_i)``.

    Examples:
        >>> s = LinearScheduler(t_max="10ba")
        >>> f"{s(0):.2f} {s(5):.2f} {s(20):.2f}"
        '1.00 0.50 0.00'
    """
    api = "LinearScheduler"
    c = _clock(api, max_duration, steps_per_epoch)
    T = _positive(api, "t_max", c.batches("t_max", t_max), t_max)
    a = ck.finite_float(api, "alpha_i", alpha_i)
    b = ck.finite_float(api, "alpha_f", alpha_f)
    return _out(linear(a, b, T), base_lr, c)


def ExponentialScheduler(
    gamma: float,
    decay_period: str = "1ep",
    *,
    max_duration: str | None = None,
    steps_per_epoch: int | None = None,
    base_lr: float = 1.0,
) -> Schedule:
    """``ExponentialScheduler``: ``gamma ** (k / decay_period)`` (continuous).

    Examples:
        >>> s = ExponentialScheduler(0.5, decay_period="10ba")
        >>> f"{s(5):.4f} {s(10):.2f}"
        '0.7071 0.50'
    """
    api = "ExponentialScheduler"
    c = _clock(api, max_duration, steps_per_epoch)
    n = _positive(api, "decay_period", c.batches("decay_period", decay_period), decay_period)
    g = ck.finite_float(api, "gamma", gamma)
    if g <= 0:
        ck.value_error(api, "gamma", "positive", gamma)
    return _out(exponential(1.0, g, n), base_lr, c)


def CosineAnnealingScheduler(
    t_max: str = "1dur",
    alpha_f: float = 0.0,
    *,
    max_duration: str | None = None,
    steps_per_epoch: int | None = None,
    base_lr: float = 1.0,
) -> Schedule:
    """``CosineAnnealingScheduler``: ``alpha_f + (1 - alpha_f) * (1 + cos(pi * min(1, k / t_max))) / 2``.

    Examples:
        >>> s = CosineAnnealingScheduler(t_max="10ba", alpha_f=0.1)
        >>> f"{s(0):.2f} {s(5):.2f} {s(10):.2f} {s(20):.2f}"
        '1.00 0.55 0.10 0.10'
    """
    api = "CosineAnnealingScheduler"
    c = _clock(api, max_duration, steps_per_epoch)
    T = _positive(api, "t_max", c.batches("t_max", t_max), t_max)
    return _out(cosine(1.0, T, ck.finite_float(api, "alpha_f", alpha_f)), base_lr, c)


#: The step up to which a restarting schedule is laid out cycle by cycle (float steps are exact).
_HORIZON = 2**53
_MAX_CYCLES = 4096


def CosineAnnealingWarmRestartsScheduler(
    t_0: str,
    t_mult: float = 1.0,
    alpha_f: float = 0.0,
    *,
    max_duration: str | None = None,
    steps_per_epoch: int | None = None,
    base_lr: float = 1.0,
) -> Schedule:
    """``CosineAnnealingWarmRestartsScheduler``: cosine cycles of ``t_0``, each ``int(t_mult * previous)``.

    With an integral ``t_mult`` the cycles are ``t_0 * t_mult ** n`` (found in closed form);
    otherwise Composer's truncated lengths are laid out one by one (up to step ``2**53``, at most
    4096 cycles; a length that stops growing repeats from there on).

    Examples:
        >>> s = CosineAnnealingWarmRestartsScheduler("10ba", t_mult=1.5)
        >>> f"{s(0):.2f} {s(5):.2f} {s(10):.2f} {s(24):.2f} {s(25):.2f}"
        '1.00 0.50 1.00 0.01 1.00'
    """
    api = "CosineAnnealingWarmRestartsScheduler"
    c = _clock(api, max_duration, steps_per_epoch)
    L0 = _positive(api, "t_0", c.batches("t_0", t_0), t_0)
    g = ck.finite_float(api, "t_mult", t_mult)
    if g < 1:
        ck.value_error(
            api, "t_mult", ">= 1", t_mult, hint="shrinking cycles reach length 0, where Composer raises."
        )
    a = ck.finite_float(api, "alpha_f", alpha_f)
    if g == int(g):
        return _out(restart(cosine(1.0, L0, a), L0, growth=int(g)), base_lr, c)
    lengths = [L0]
    end = L0
    while end <= _HORIZON:
        nxt = int(g * lengths[-1])
        if nxt == lengths[-1]:
            break  # the length stopped growing: it repeats
        if len(lengths) >= _MAX_CYCLES:
            ck.value_error(
                api, "t_mult", f"large enough to double the cycle length within {_MAX_CYCLES} cycles", t_mult
            )
        lengths.append(nxt)
        end += nxt
    pieces = [cosine(1.0, n, a) for n in lengths[:-1]]
    pieces.append(restart(cosine(1.0, lengths[-1], a), lengths[-1]))
    at: list[Number] = []
    t = 0
    for n in lengths[:-1]:
        t += n
        at.append(t)
    body = pieces[0] if len(pieces) == 1 else concat(*pieces, at=at)
    return _out(body, base_lr, c)


def _poly(api: str, T: int, power: Any, alpha_f: Any) -> Schedule:
    p = ck.finite_float(api, "power", power)
    a = ck.finite_float(api, "alpha_f", alpha_f)
    if p < 0:
        ck.value_error(
            api, "power", "non-negative", power, hint="Composer raises ZeroDivisionError at t_max."
        )
    if p == 0:
        return constant(1.0)  # (1 - frac) ** 0 is 1, even at frac = 1
    return polynomial(1.0, a, T, p)


def PolynomialScheduler(
    power: float,
    t_max: str = "1dur",
    alpha_f: float = 0.0,
    *,
    max_duration: str | None = None,
    steps_per_epoch: int | None = None,
    base_lr: float = 1.0,
) -> Schedule:
    """``PolynomialScheduler``: ``alpha_f + (1 - alpha_f) * (1 - min(1, k / t_max)) ** power``.

    Examples:
        >>> s = PolynomialScheduler(2.0, t_max="10ba")
        >>> f"{s(0):.2f} {s(5):.2f} {s(10):.2f}"
        '1.00 0.25 0.00'
    """
    api = "PolynomialScheduler"
    c = _clock(api, max_duration, steps_per_epoch)
    T = _positive(api, "t_max", c.batches("t_max", t_max), t_max)
    return _out(_poly(api, T, power, alpha_f), base_lr, c)


# ---------------------------------------------------------------------------------------- warmups
def _warmup_and_max(c: _Clock, t_warmup: Any, t_max: Any) -> tuple[int, int]:
    W = c.batches("t_warmup", t_warmup)
    T = c.batches("t_max", t_max)
    total = c.total()
    if total is not None and total > T:
        raise ValueError(
            f"{c.api}(): t_max must be at least max_duration, got t_max={t_max!r} ({T} batches) and "
            f"max_duration={c.max_duration and _text(c.max_duration)!r} ({total} batches). Hint: "
            "Composer refuses a schedule that ends before training does."
        )
    return W, T


def _text(d: tuple[float, str]) -> str:
    v, u = d
    return f"{int(v)}{u}"


def _with_warmup(W: int, peak: float, T: int, after: Schedule | None) -> Schedule:
    """Composer's warmup ``peak * k / W`` for ``k < W``, then ``after`` over ``T - W`` batches
    (the value at progress 0 forever when ``T <= W``)."""
    main = after if after is not None else constant(peak)
    if W == 0:
        return main
    return concat(linear(0.0, peak, W), main, at=[W])


def _scale_warmup(api: str, scale_warmup: Any) -> None:
    ck.boolean(api, "scale_warmup", scale_warmup)  # only matters with a scale_schedule_ratio


def LinearWithWarmupScheduler(
    t_warmup: str,
    alpha_i: float = 1.0,
    alpha_f: float = 0.0,
    t_max: str = "1dur",
    scale_warmup: bool = False,
    *,
    max_duration: str | None = None,
    steps_per_epoch: int | None = None,
    base_lr: float = 1.0,
) -> Schedule:
    """``LinearWithWarmupScheduler``: ``alpha_i * k / t_warmup``, then down to ``alpha_f`` at ``t_max``.

    ``t_max`` counts from batch 0 (it includes the warmup).

    Examples:
        >>> s = LinearWithWarmupScheduler("10ba", max_duration="110ba")
        >>> f"{s(0):.2f} {s(5):.2f} {s(10):.2f} {s(60):.2f} {s(110):.2f}"
        '0.00 0.50 1.00 0.50 0.00'
    """
    api = "LinearWithWarmupScheduler"
    c = _clock(api, max_duration, steps_per_epoch)
    _scale_warmup(api, scale_warmup)
    W, T = _warmup_and_max(c, t_warmup, t_max)
    a = ck.finite_float(api, "alpha_i", alpha_i)
    b = ck.finite_float(api, "alpha_f", alpha_f)
    after = linear(a, b, T - W) if T > W else constant(a)
    return _out(_with_warmup(W, a, T, after), base_lr, c)


def ConstantWithWarmupScheduler(
    t_warmup: str,
    alpha: float = 1.0,
    t_max: str = "1dur",
    scale_warmup: bool = False,
    *,
    max_duration: str | None = None,
    steps_per_epoch: int | None = None,
    base_lr: float = 1.0,
) -> Schedule:
    """``ConstantWithWarmupScheduler``: ``alpha * k / t_warmup``, then ``alpha``.

    Examples:
        >>> s = ConstantWithWarmupScheduler("4ba", alpha=0.5, max_duration="10ba")
        >>> f"{s(0):.3f} {s(2):.3f} {s(4):.3f} {s(100):.3f}"
        '0.000 0.250 0.500 0.500'
    """
    api = "ConstantWithWarmupScheduler"
    c = _clock(api, max_duration, steps_per_epoch)
    _scale_warmup(api, scale_warmup)
    W, T = _warmup_and_max(c, t_warmup, t_max)
    a = ck.finite_float(api, "alpha", alpha)
    return _out(_with_warmup(W, a, T, None), base_lr, c)


def CosineAnnealingWithWarmupScheduler(
    t_warmup: str,
    t_max: str = "1dur",
    alpha_f: float = 0.0,
    scale_warmup: bool = False,
    *,
    max_duration: str | None = None,
    steps_per_epoch: int | None = None,
    base_lr: float = 1.0,
) -> Schedule:
    """``CosineAnnealingWithWarmupScheduler``: ``k / t_warmup``, then a cosine to ``alpha_f`` at ``t_max``.

    Examples:
        >>> s = CosineAnnealingWithWarmupScheduler("10ba", max_duration="110ba")
        >>> f"{s(5):.2f} {s(10):.2f} {s(60):.2f} {s(110):.2f}"
        '0.50 1.00 0.50 0.00'
    """
    api = "CosineAnnealingWithWarmupScheduler"
    c = _clock(api, max_duration, steps_per_epoch)
    _scale_warmup(api, scale_warmup)
    W, T = _warmup_and_max(c, t_warmup, t_max)
    a = ck.finite_float(api, "alpha_f", alpha_f)
    after = cosine(1.0, T - W, a) if T > W else constant(1.0)
    return _out(_with_warmup(W, 1.0, T, after), base_lr, c)


def PolynomialWithWarmupScheduler(
    t_warmup: str,
    power: float = 2.0,
    t_max: str = "1dur",
    alpha_f: float = 0.0,
    scale_warmup: bool = False,
    *,
    max_duration: str | None = None,
    steps_per_epoch: int | None = None,
    base_lr: float = 1.0,
) -> Schedule:
    """``PolynomialWithWarmupScheduler``: ``k / t_warmup``, then ``alpha_f + (1 - alpha_f)(1 - p) ** power``.

    Examples:
        >>> s = PolynomialWithWarmupScheduler("10ba", max_duration="110ba")
        >>> f"{s(5):.2f} {s(10):.2f} {s(60):.2f} {s(110):.2f}"
        '0.50 1.00 0.25 0.00'
    """
    api = "PolynomialWithWarmupScheduler"
    c = _clock(api, max_duration, steps_per_epoch)
    _scale_warmup(api, scale_warmup)
    W, T = _warmup_and_max(c, t_warmup, t_max)
    after = _poly(api, T - W, power, alpha_f) if T > W else constant(1.0)
    return _out(_with_warmup(W, 1.0, T, after), base_lr, c)


def MultiStepWithWarmupScheduler(
    t_warmup: str,
    milestones: Sequence[str],
    gamma: float = 0.1,
    scale_warmup: bool = False,
    *,
    max_duration: str | None = None,
    steps_per_epoch: int | None = None,
    base_lr: float = 1.0,
) -> Schedule:
    """``MultiStepWithWarmupScheduler``: ``k / t_warmup``, then ``gamma ** #{m <= k}``.

    The milestones count from batch 0, not from the warmup's end.

    Examples:
        >>> s = MultiStepWithWarmupScheduler("10ba", milestones=["20ba", "30ba"])
        >>> f"{s(5):.2f} {s(10):.2f} {s(20):.2f} {s(30):.3f}"
        '0.50 1.00 0.10 0.010'
    """
    api = "MultiStepWithWarmupScheduler"
    c = _clock(api, max_duration, steps_per_epoch)
    _scale_warmup(api, scale_warmup)
    W = c.batches("t_warmup", t_warmup)
    steps = _multistep(c, milestones, gamma)
    body = steps if W == 0 else concat(linear(0.0, 1.0, W), shift(steps, -W), at=[W])
    return _out(body, base_lr, c)
