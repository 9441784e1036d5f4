"""Notes on a schedule for the faces: its nominal end and its epochs, outside its value.

A preset knows things its curve does not say: ``OneCycleLR(epochs=200, steps_per_epoch=128)``
means a 25,600-step run of 200 epochs; ``get_cosine_schedule_with_warmup(100, 1000)`` means a
1,000-step run although its cosine goes on waving past step 1,000. :func:`annotate` attaches
such facts to one schedule object and :func:`notes` reads them; the plots, tables, ``describe``
and the command line use them for their default range and their epoch axis.

Notes are not part of the value. Equality, ``hash``, ``repr``, ``to_dict`` and pickling ignore
them (a schedule rebuilt from its ``repr`` or its JSON has none), and a schedule built from an
annotated one (``s * 2``, ``warmup(s, 10)``) does not inherit them; the faces still find the
notes of the pieces a composition holds (a ``SequentialLR`` child's nominal end). The notes are
kept beside the object (by identity, dropped with it), so nothing in the schedule changes.

Examples:
    >>> import lr_curves as lrc
    >>> s = lrc.annotate(lrc.cosine(1.0, 900), total_steps=1_000, steps_per_epoch=100)
    >>> n = lrc.notes(s)
    >>> n.total_steps, n.epochs, n.steps_per_epoch
    (1000, 10.0, 100)
    >>> s == lrc.cosine(1.0, 900), lrc.notes(lrc.cosine(1.0, 900)).total_steps is None
    (True, True)
"""

from __future__ import annotations

import copy
import math
import weakref
from typing import Any, NamedTuple

from lr_curves import _checks as ck
from lr_curves._base import Schedule

__all__ = ["Notes", "annotate", "notes"]

UNITS = ("step", "epoch")


class Notes(NamedTuple):
    """What a schedule's maker knew about it (every field ``None`` when not known).

    Attributes:
        total_steps: The nominal end: the number of steps of the run the schedule was made for
            (a peer's ``total_steps``, ``num_training_steps``, ``T_max`` ...).
        steps_per_epoch: Steps in one epoch (for an epoch axis).
        epochs: Epochs in ``total_steps`` (``total_steps / steps_per_epoch`` when both are known).
        unit: What one step of the schedule is: ``"step"`` (an optimizer update) or ``"epoch"``
            (a schedule stepped once per epoch, such as timm's ``t_in_epochs=True``).
    """

    total_steps: int | None = None
    steps_per_epoch: float | None = None
    epochs: float | None = None
    unit: str | None = None


_EMPTY = Notes()
_TABLE: dict[int, tuple[weakref.ref[Schedule], Notes]] = {}


def _forget(key: int) -> None:
    _TABLE.pop(key, None)


def annotate(
    schedule: Schedule,
    *,
    total_steps: int | None = None,
    steps_per_epoch: float | None = None,
    epochs: float | None = None,
    unit: str | None = None,
) -> Schedule:
    """A copy of ``schedule`` (equal to it) carrying :class:`Notes` for the faces.

    Notes already on ``schedule`` are kept unless given again. ``epochs`` is derived from
    ``total_steps / steps_per_epoch`` when not given.

    Raises:
        TypeError: ``schedule`` is not a Schedule, or a note has the wrong type.
        ValueError: a note out of range.
    """
    api = "annotate"
    if not isinstance(schedule, Schedule):
        ck.type_error(api, "schedule", "a Schedule", schedule)
    old = notes(schedule)
    T = old.total_steps if total_steps is None else ck.count(api, "total_steps", total_steps, minimum=1)
    k = (
        old.steps_per_epoch
        if steps_per_epoch is None
        else ck.positive(api, "steps_per_epoch", steps_per_epoch)
    )
    e = old.epochs if epochs is None else float(ck.positive(api, "epochs", epochs))
    u = old.unit if unit is None else ck.choice(api, "unit", unit, UNITS)
    if e is None and T is not None and k is not None:
        e = T / k
    if k is None and T is not None and e is not None:
        k = T / e
        if math.isfinite(k) and float(k).is_integer():
            k = int(k)
    out = copy.copy(schedule)  # a new object: the notes never land on a shared schedule
    key = id(out)

    def gone(_ref: weakref.ref[Schedule]) -> None:
        _forget(key)

    _TABLE[key] = (weakref.ref(out, gone), Notes(T, k, e, u))
    return out


def notes(schedule: Any) -> Notes:
    """The :class:`Notes` of this very object (all ``None`` when it has none)."""
    entry = _TABLE.get(id(schedule))
    if entry is None or entry[0]() is not schedule:
        return _EMPTY
    return entry[1]
