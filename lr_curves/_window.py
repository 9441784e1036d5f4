"""``window``: a multiplier that acts only on the steps ``[begin, end)`` (mmengine's windows).

A stepped scheduler that is stepped at every step but *acts* only while
``begin <= step < end`` (mmengine's ``_ParamScheduler``) leaves the value alone outside its
window: before ``begin`` it has not acted yet (its factor is the identity, 1), and from ``end``
on it has stopped acting, so the factor of its last step, ``schedule(end - 1 - begin)``, stays
applied. As a function of the step that is a composition of public pieces:

    ``concat(constant(1.0), schedule, constant(schedule(end - 1 - begin)), at=[begin, end])``

so :func:`window` builds exactly that: its repr and ``to_dict`` are those of the ``concat``
(``parse`` and ``from_dict`` also accept ``window(...)`` as input), and there is no second
formula to keep in step with the core.
"""

from __future__ import annotations

from typing import Any

from lr_curves import _checks as ck
from lr_curves._base import Schedule, factory
from lr_curves._checks import Number
from lr_curves._combinators import concat
from lr_curves._primitives import constant

__all__ = ["window"]


@factory
def window(schedule: Schedule, begin: int = 0, end: int | None = None) -> Schedule:
    """A multiplier that acts on the steps ``begin <= t < end`` only: the identity outside.

    ``window(s, begin, end)(t)`` is ``1.0`` for ``t < begin`` (not acted yet),
    ``s(t - begin)`` inside the window (``s`` sees its own local time, from 0), and
    ``s(end - 1 - begin)`` from ``end`` on: the factor of the window's last step stays applied,
    as when a scheduler stops stepping (mmengine's ``begin``/``end``: a ``LinearLR`` warmup
    with ``end=5`` reaches its end factor at step 4 and keeps it). ``end=None``: the window
    never closes. Multiply windows to chain multiplicative schedulers whose windows overlap:
    ``base_lr * window(a, 0, 5) * window(b, 3, 100)``.

    The steps are those of a stepped scheduler, so ``begin`` and ``end`` are ints; a
    fractional step inside ``[end - 1, end)`` still sees ``s(t - begin)``.

    Args:
        schedule: The multiplier, in the window's local time.
        begin: First step inside the window (an int >= 0).
        end: First step past the window (an int > ``begin``), or ``None``.

    Returns:
        A :func:`~lr_curves.concat` of ``constant(1.0)``, ``schedule`` and the held end value
        (the pieces that the window needs: no leading piece when ``begin == 0``).

    Raises:
        TypeError: ``schedule`` is not a Schedule, or ``begin``/``end`` are not ints.
        ValueError: ``begin < 0`` or ``end <= begin``.

    Examples:
        >>> import lr_curves as lrc
        >>> w = lrc.window(lrc.linear(0.1, 1.0, 3), begin=2, end=6)
        >>> " ".join(f"{w(t):.2f}" for t in range(8))
        '1.00 1.00 0.10 0.40 0.70 1.00 1.00 1.00'
        >>> w2 = lrc.window(lrc.cosine(1.0, 4), 0, 4)
        >>> " ".join(f"{w2(t):.3f}" for t in range(6))
        '1.000 0.854 0.500 0.146 0.146 0.146'
    """
    api = "window"
    if not isinstance(schedule, Schedule):
        ck.type_error(api, "schedule", "an lr_curves Schedule", schedule)
    b = ck.count(api, "begin", begin, 0)
    e: Any = None
    if end is not None:
        e = ck.count(api, "end", end, 0)
        if e <= b:
            raise ValueError(f"{api}(): end must be greater than begin, got begin={b!r}, end={end!r}.")
    pieces: list[Schedule] = []
    at: list[Number] = []
    if b > 0:
        pieces.append(constant(1.0))
        at.append(b)
    pieces.append(schedule)
    if e is not None:
        pieces.append(constant(schedule(e - 1 - b)))
        at.append(e)
    if len(pieces) == 1:
        return schedule
    return concat(*pieces, at=at)
