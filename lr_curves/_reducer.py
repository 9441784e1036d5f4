"""Metric-driven schedules as pure reducers: ``state = r.update(state, metric)``.

A plateau scheduler's lr depends on the metrics seen so far, so it cannot be a function of the
step alone. lr_curves keeps it pure all the same: the reducer is an immutable configuration,
the state an immutable value, and ``update`` returns a new state::

    r = presets.torch.ReduceLROnPlateau(base_lr=0.1, patience=2)
    state = r.init()
    for metric in metrics:
        state = r.update(state, metric)
        use(state.lr)

``r.trace(metrics)`` gives the lr after each metric. Peer modules subclass :class:`Reducer`
with their own rules; this module holds only what they share.
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable
from typing import Any, Generic, Protocol, TypeVar

__all__ = ["Reducer", "ReducerState"]


class ReducerState(Protocol):
    """What every reducer state offers: the current learning rate(s)."""

    @property
    def lr(self) -> float: ...


StateT = TypeVar("StateT", bound=ReducerState)


class Reducer(Generic[StateT]):
    """Base class of the pure plateau reducers: ``init``, ``update``, ``trace``."""

    api: str = "reducer"

    def init(self) -> StateT:
        """The state before any metric has been seen."""
        raise NotImplementedError

    def update(self, state: StateT, metric: float) -> StateT:
        """The state after one more metric (one ``scheduler.step(metric)`` of the peer)."""
        raise NotImplementedError

    def trace(self, metrics: Iterable[float]) -> list[float]:
        """The lr after each metric, starting from :meth:`init`."""
        state = self.init()
        out: list[float] = []
        for m in metrics:
            state = self.update(state, m)
            out.append(state.lr)
        return out

    def _metric(self, metric: Any) -> float:
        """Validate one metric value: a real number (NaN is allowed: it never improves)."""
        if isinstance(metric, bool) or not isinstance(metric, numbers.Real):
            raise TypeError(
                f"{self.api}.update(): metric must be a real number, got {metric!r} "
                f"({type(metric).__name__})."
            )
        return float(metric)
