"""``retarget``: change a schedule's end part-way through a run ("train longer than planned").

A self-contained node (one formula, written here only): ``retarget(s, at, length)`` keeps ``s``
up to step ``at`` and stretches the rest of ``s`` so that it ends at ``length`` instead of at
``s.length``. The method ``Schedule.retarget`` is the function itself, attached here.
"""

from __future__ import annotations

import dataclasses
from typing import Any, ClassVar

from lr_curves import _checks as ck
from lr_curves._backend import Ops
from lr_curves._base import Schedule, arg, factory, schedule_arg
from lr_curves._base import fmt_steps as _n
from lr_curves._checks import Number

__all__ = ["retarget"]


@dataclasses.dataclass(frozen=True, repr=False, eq=False)
class _Retarget(Schedule):
    api: ClassVar[str] = "retarget"
    stretchable: ClassVar[bool] = True
    schedule: Schedule = arg(schedule_arg, positional=True)
    at: Number = arg(None, positional=True, duration=True)
    # a field here, and Schedule.length (below)
    length: Number = arg(None, positional=True, duration=True)

    def _validate(self) -> None:
        api, s = self.api, self.schedule
        end = s.length
        if end is None:
            raise ValueError(
                f"{api}(): schedule must have a length (an end to move), got {s!r}, which has none. "
                "Hint: retarget a schedule that ends (cosine, linear, warmup(cosine(...)), ...); "
                "for an endless one use concat(...) with a new piece instead."
            )
        at = ck.non_negative(api, "at", self.at)
        if not at < end:
            ck.value_error(api, "at", f"before the schedule's end (its length, {end})", at)
        length = ck.real(api, "length", self.length)
        if not length > at:
            ck.value_error(api, "length", f"after at ({at})", length)
        object.__setattr__(self, "at", at)
        object.__setattr__(self, "length", length)

    def boundaries(self) -> tuple[Number, ...]:
        at, end = self.at, self._end()
        ratio = (self.length - at) / (end - at)
        before = [b for b in self.schedule.boundaries() if b <= at]
        after = [at + (b - at) * ratio for b in self.schedule.boundaries() if at < b <= end]
        return tuple(sorted({*before, at, *after, self.length}))

    def _end(self) -> Number:
        end = self.schedule.length
        assert end is not None
        return end

    # The formula: t < at -> s(t); else s(at + min((t - at) / (length - at), 1) * (end - at)).
    # At t == length the fraction is exactly 1, so the inner time is exactly ``end`` (for
    # integer steps below 2**53): the schedule reaches its final value exactly at ``length``.
    def _eval(self, x: Any, op: Ops) -> Any:
        at, span, rest = self.at, self.length - self.at, self._end() - self.at
        s = self.schedule
        fns = [lambda u: op.eval(s, u), lambda u: op.eval(s, at + op.minimum(u / span, 1.0) * rest)]
        return op.piecewise(x, (at,), fns, offsets=(0.0, at))

    def summary(self) -> str:
        return (
            f"retargeted: the same up to step {_n(self.at)}, then the rest stretched to end at step "
            f"{_n(self.length)} (was {_n(self._end())}):"
        )


def _get_length(self: _Retarget) -> Number:
    value: Number = self.__dict__["length"]
    return value


def _set_length(self: _Retarget, value: Number) -> None:
    self.__dict__["length"] = value


# ``length`` is both the field holding the new end (so repr, to_dict and parse use the
# factory's own argument name) and ``Schedule.length`` (the value is constant after it: the
# stretched time is clamped to the inner schedule's end). A property with a setter lets the
# dataclass ``__init__`` store it; set after the decorator, so it is not taken as a default.
_Retarget.length = property(_get_length, _set_length)  # type: ignore[assignment]


@factory
def retarget(schedule: Schedule, at: Number, length: Number) -> Schedule:
    """Move a schedule's end to ``length``, from step ``at`` on: "train longer than planned".

    ``retarget(s, at, length)`` equals ``s`` before ``at``; from ``at`` on, the rest of ``s``
    (from ``at`` to its end ``s.length``) is stretched (or squeezed) in time to run from ``at``
    to ``length``. So it is continuous at ``at`` and reaches ``s``'s final value exactly at
    ``length``, then holds it:
    ``r(t) = s(at + (t - at) * (s.length - at) / (length - at))`` for ``at <= t <= length``.

    With ``LambdaLR(..., on_mismatch="new")`` (torch) this extends a run from a checkpoint.

    Args:
        schedule: A schedule with a length (an end).
        at: The step from which the plan changes (``0 <= at < schedule.length``): usually
            the step of the checkpoint you resume from.
        length: The new end (``length > at``).

    Raises:
        TypeError: ``schedule`` is not a schedule, or ``at``/``length`` are not numbers.
        ValueError: the schedule has no length, ``at`` is negative or not before its end, or
            ``length <= at``.

    Examples:
        >>> import lr_curves as lrc
        >>> s = lrc.warmup(lrc.cosine(1e-3, 9_000, floor=1e-5), 1_000)  # planned: 10k steps
        >>> r = lrc.retarget(s, 6_000, 20_000)  # at step 6k: make it 20k
        >>> f"{r(5_999) == s(5_999)} {r(6_000):.3e} {r(13_000):.3e} {r(20_000):.1e}"
        'True 4.190e-04 1.258e-04 1.0e-05'
    """
    return _Retarget(schedule, at, length)


setattr(Schedule, "retarget", retarget)  # noqa: B010 - the method is the function, written once
