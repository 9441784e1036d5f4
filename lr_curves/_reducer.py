"""Metric-driven schedules as pure reducers: ``state = r.update(state, metric)``.

A plateau scheduler's lr depends on the metrics seen so far, so it cannot be a function of the
step alone. lr_curves keeps it pure all the same: the reducer is an immutable configuration,
the state an immutable value, and ``update`` returns a new state::

    r = presets.torch.ReduceLROnPlateau(base_lr=0.1, patience=2)
    state = r.init()
    for metric in metrics:
        state = r.update(state, metric)
        use(state.lr)

``r.trace(metrics)`` gives the lr after each metric.

Reducers compose with schedules, and the results are reducers again (same ``init`` /
``update`` / ``trace``):

- :func:`then` ``(schedule, reducer, at=w)``: the schedule for the first ``w`` updates (a warmup,
  or any schedule; the metrics are not seen), then the reducer, starting from the schedule's lr
  at ``w`` - warmup then ReduceLROnPlateau (pytorch#68978, Lightning#10759), timm's
  ``PlateauLRScheduler``.
- :func:`times` ``(schedule, reducer)``, also written ``schedule * reducer``: the schedule's lr
  times the reducer's factor (a cosine decay that a plateau can still cut by 10x).

:class:`Plateau` is the one plateau rule set behind the torch, transformers, timm and Keras
presets: torch's ``ReduceLROnPlateau`` rules, and Keras' and PaddlePaddle's variants of them
(``rules = "keras"`` / ``"paddle"``).
"""

from __future__ import annotations

import dataclasses
import math
import numbers
from collections.abc import Iterable
from typing import Any, ClassVar, Generic, Protocol, TypeVar, cast

from lr_curves import _checks as ck
from lr_curves._base import Schedule

__all__ = [
    "Plateau",
    "PlateauState",
    "Reducer",
    "ReducerState",
    "Then",
    "ThenState",
    "Times",
    "then",
    "times",
]


class ReducerState(Protocol):
    """What every reducer state offers: the current learning rate(s)."""

    @property
    def lr(self) -> float: ...


StateT = TypeVar("StateT", bound=ReducerState)


class Reducer(Generic[StateT]):
    """Base class of the pure reducers: ``init``, ``update``, ``trace``.

    ``schedule * reducer`` (or ``reducer * schedule``) is :func:`times`.
    """

    api: str = "reducer"

    def init(self) -> StateT:
        """The state before any metric has been seen."""
        raise NotImplementedError

    def update(self, state: StateT, metric: float) -> StateT:
        """The state after one more metric (one ``scheduler.step(metric)`` of the peer)."""
        raise NotImplementedError

    def init_from(self, lr: float) -> StateT:
        """:meth:`init`, but starting from ``lr`` instead of the reducer's own starting lr.

        How :func:`then` hands over: a torch ``ReduceLROnPlateau`` stepping the same optimizer
        as a warmup scheduler works on the lr the warmup left behind.
        """
        state: Any = self.init()
        if isinstance(state, type) or not dataclasses.is_dataclass(state) or not hasattr(state, "lr"):
            raise TypeError(f"{self.api}(): this reducer cannot start from another schedule's lr.")
        out: StateT = dataclasses.replace(cast(Any, state), lr=lr)
        return out

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

    def __mul__(self, other: Any) -> Times:
        if isinstance(other, Schedule):
            return times(other, self)
        return NotImplemented

    def __rmul__(self, other: Any) -> Times:
        if isinstance(other, Schedule):
            return times(other, self)
        return NotImplemented


# ---------------------------------------------------------------------------------------- plateau
@dataclasses.dataclass(frozen=True)
class PlateauState:
    """The state of a :class:`Plateau` reducer after some metrics (immutable).

    Attributes:
        lr: The current learning rate.
        best: The best metric so far (``inf``/``-inf`` before the first; ``None`` with the Keras
            and Paddle rules).
        num_bad_epochs: Consecutive metrics without improvement (Keras: ``wait``).
        cooldown_counter: Metrics left in the cooldown after the last reduction.
        last_epoch: How many metrics have been seen.
    """

    lr: float
    best: float | None
    num_bad_epochs: int = 0
    cooldown_counter: int = 0
    last_epoch: int = 0


def _f32(x: float) -> float:
    """Round to float32, as Keras stores the optimizer's learning rate."""
    import numpy as np

    return float(np.float32(x))


@dataclasses.dataclass(frozen=True)
class Plateau(Reducer[PlateauState]):
    """Reduce the lr by ``factor`` when the metric stops improving: torch's ``ReduceLROnPlateau``.

    With torch's rules (the default), each metric ``a``: it improves on ``best`` when
    ``a < best * (1 - threshold)`` (min, rel), ``a < best - threshold`` (min, abs),
    ``a > best * (1 + threshold)`` (max, rel) or ``a > best + threshold`` (max, abs); NaN never
    improves. Improve -> ``best = a``, ``bad = 0``, else ``bad += 1``; during a cooldown the
    counter goes down and ``bad`` is reset; when ``bad > patience`` the lr becomes
    ``max(lr * factor, min_lr)`` if that lowers it by more than ``eps``, then the cooldown
    starts and ``bad = 0``. So the first reduction comes after ``patience + 1`` metrics without
    improvement.

    Keras' rules (``rules = "keras"``, a subclass attribute; presets.keras.ReduceLROnPlateau)
    differ in four places: the cooldown counts down *before* the comparison and a metric seen in
    the cooldown is not counted; the first metric always improves (``best`` starts as ``None``);
    the lr drops when ``bad >= patience`` (one metric sooner), only if ``lr > float32(min_lr)``
    (else ``bad`` is not reset); and the lr is kept in float32, as Keras' optimizer variable.

    PaddlePaddle's rules (``rules = "paddle"``; presets.paddle.ReduceOnPlateau) differ from
    torch's in three: a metric that arrives during the cooldown is not seen at all (the counter
    goes down; ``best`` and ``bad`` stay); the first metric always improves (``best`` starts as
    ``None``, so a first NaN stays the best and nothing improves on it); and the relative
    thresholds are ``best - best * threshold`` / ``best + best * threshold`` (rounded as Paddle).

    Args:
        mode, factor, patience, threshold, threshold_mode, cooldown, min_lr, eps: as torch.
        base_lr: The lr at the start (the optimizer's lr), by keyword.

    Raises:
        ValueError: ``factor`` outside ``[0, 1)`` (torch refuses ``factor >= 1`` and lets a
            negative factor make the lr negative) or an unknown ``mode``/``threshold_mode``.

    Examples:
        >>> p = Plateau(patience=1, base_lr=1.0)
        >>> [f"{lr:.2f}" for lr in p.trace([3.0, 3.0, 3.0, 2.0, 2.0, 2.0])]
        ['1.00', '1.00', '0.10', '0.10', '0.10', '0.01']
    """

    api = "Plateau"
    rules: ClassVar[str] = "torch"

    mode: str = "min"
    factor: float = 0.1
    patience: int = 10
    threshold: float = 1e-4
    threshold_mode: str = "rel"
    cooldown: int = 0
    min_lr: float = 0.0
    eps: float = 1e-8
    base_lr: float = dataclasses.field(default=1.0, kw_only=True)

    def __post_init__(self) -> None:
        from lr_curves.presets import _args  # the whole-number rule shared with the presets

        api, set_ = self.api, object.__setattr__
        set_(self, "base_lr", ck.finite_float(api, "base_lr", self.base_lr))
        set_(self, "mode", ck.choice(api, "mode", self.mode, ("min", "max")))
        factor = ck.finite_float(api, "factor", self.factor)
        if not 0.0 <= factor < 1.0:  # torch accepts a negative factor: negative lrs
            ck.value_error(api, "factor", "in [0, 1)", self.factor)
        set_(self, "factor", factor)
        set_(self, "patience", _args.whole(api, "patience", self.patience, 0))
        set_(self, "threshold", ck.finite_float(api, "threshold", self.threshold))
        set_(self, "threshold_mode", ck.choice(api, "threshold_mode", self.threshold_mode, ("rel", "abs")))
        set_(self, "cooldown", _args.whole(api, "cooldown", self.cooldown, 0))
        set_(self, "min_lr", ck.finite_float(api, "min_lr", self.min_lr))
        set_(self, "eps", ck.finite_float(api, "eps", self.eps))

    def init(self) -> PlateauState:
        """The state before any metric: ``lr = base_lr``, no best yet."""
        return self.init_from(self.base_lr)

    def init_from(self, lr: float) -> PlateauState:
        if self.rules == "keras":
            return PlateauState(lr=_f32(lr), best=None)
        if self.rules == "paddle":
            return PlateauState(lr=lr, best=None)
        worse = math.inf if self.mode == "min" else -math.inf
        return PlateauState(lr=lr, best=worse)

    def _better(self, a: float, best: float) -> bool:
        t = self.threshold
        if self.rules == "keras":  # Keras: an absolute min_delta, added to the metric
            return a - t > best if self.mode == "max" else a + t < best
        if self.rules == "paddle" and self.threshold_mode == "rel":
            return a < best - best * t if self.mode == "min" else a > best + best * t
        if self.mode == "min":
            return a < best * (1.0 - t) if self.threshold_mode == "rel" else a < best - t
        return a > best * (t + 1.0) if self.threshold_mode == "rel" else a > best + t

    def update(self, state: PlateauState, metric: float) -> PlateauState:
        """The state after one more metric (one ``scheduler.step(metric)``)."""
        a = self._metric(metric)
        best, bad, cool, lr = state.best, state.num_bad_epochs, state.cooldown_counter, state.lr
        if self.rules == "keras":
            if cool > 0:
                cool, bad = cool - 1, 0
            if best is None or self._better(a, best):
                best, bad = a, 0
            elif not cool > 0:
                bad += 1
                if bad >= self.patience and lr > _f32(self.min_lr):
                    lr = _f32(max(lr * self.factor, self.min_lr))
                    cool, bad = self.cooldown, 0
            return PlateauState(lr, best, bad, cool, state.last_epoch + 1)
        if self.rules == "paddle":
            if cool > 0:  # the metric is not looked at
                return PlateauState(lr, best, bad, cool - 1, state.last_epoch + 1)
            if best is None or self._better(a, best):
                best, bad = a, 0
            else:
                bad += 1
            if bad > self.patience:
                new = max(lr * self.factor, self.min_lr)
                if lr - new > self.eps:
                    lr = new
                cool, bad = self.cooldown, 0
            return PlateauState(lr, best, bad, cool, state.last_epoch + 1)
        assert best is not None
        if self._better(a, best):
            best, bad = a, 0
        else:
            bad += 1
        if cool > 0:
            cool -= 1
            bad = 0
        if bad > self.patience:
            new = max(lr * self.factor, self.min_lr)
            if lr - new > self.eps:
                lr = new
            cool, bad = self.cooldown, 0
        return PlateauState(lr, best, bad, cool, state.last_epoch + 1)


# ---------------------------------------------------------------------------------------- compositions
@dataclasses.dataclass(frozen=True)
class ThenState:
    """The state of :func:`then`: ``step`` updates seen, and the reducer's state once it runs.

    Attributes:
        lr: The current learning rate.
        step: How many updates (metrics) have been seen, the schedule's ones included.
        inner: The reducer's state from update ``at`` on (``None`` before).
    """

    lr: float
    step: int = 0
    inner: Any = None


def _schedule_value(api: str, schedule: Schedule, step: int) -> float:
    value = float(schedule(step))
    if not math.isfinite(value):
        raise ValueError(f"{api}(): the schedule's value at update {step} must be finite, got {value!r}.")
    return value


@dataclasses.dataclass(frozen=True)
class Then(Reducer[ThenState]):
    """``schedule`` for the first ``at`` updates, then ``reducer``; build it with :func:`then`."""

    api = "then"

    schedule: Schedule
    reducer: Reducer[Any]
    at: int

    def __post_init__(self) -> None:
        from lr_curves.presets import _args

        if not isinstance(self.schedule, Schedule):
            ck.type_error(self.api, "schedule", "an lr_curves Schedule", self.schedule)
        if not isinstance(self.reducer, Reducer):
            ck.type_error(self.api, "reducer", "a reducer (init / update / trace)", self.reducer)
        object.__setattr__(self, "at", _args.whole(self.api, "at", self.at, 0))

    def _handover(self) -> ThenState:
        inner = self.reducer.init_from(_schedule_value(self.api, self.schedule, self.at))
        return ThenState(lr=inner.lr, step=self.at, inner=inner)

    def init(self) -> ThenState:
        """Before any update: the schedule's value at 0 (the reducer's start if ``at == 0``)."""
        if self.at == 0:
            return self._handover()
        return ThenState(lr=_schedule_value(self.api, self.schedule, 0))

    def update(self, state: ThenState, metric: float) -> ThenState:
        """One more update: the schedule's next value (the metric is not seen) up to ``at``,
        then the reducer's ``update``."""
        self._metric(metric)
        step = state.step + 1
        if step < self.at:
            return ThenState(lr=_schedule_value(self.api, self.schedule, step), step=step)
        if step == self.at:
            return self._handover()
        inner = self.reducer.update(state.inner, metric)
        return ThenState(lr=inner.lr, step=step, inner=inner)


def then(schedule: Schedule, reducer: Reducer[Any], at: int) -> Then:
    """A schedule for the first ``at`` updates, then a reducer: warmup then ReduceLROnPlateau.

    After ``n`` updates the lr is ``schedule(n)`` for ``n < at``; the metrics of those updates
    are not seen. At ``n == at`` the reducer starts, from ``schedule(at)`` (the lr the schedule
    hands over, as a torch ``ReduceLROnPlateau`` stepping the same optimizer works on the lr the
    warmup left; the reducer's own ``base_lr`` is not used), and every later update is the
    reducer's ``update``. That is the usual loop::

        for epoch in range(epochs):
            train()
            if epoch < w:
                warmup_scheduler.step()
            else:
                plateau.step(val_loss)

    and timm's ``PlateauLRScheduler(warmup_t=w)`` (``at = warmup_t``).

    Args:
        schedule: Any schedule (a warmup, a constant, another preset).
        reducer: Any reducer (:class:`Plateau`, a preset's, another composition).
        at: The update at which the reducer takes over, a whole number >= 0.

    Returns:
        A reducer (``init`` / ``update`` / ``trace``); its state is a :class:`ThenState`.

    Examples:
        >>> import lr_curves as lrc
        >>> r = lrc.then(lrc.linear(0.0, 0.1, 3), lrc.Plateau(patience=1), at=3)
        >>> [f"{lr:.3f}" for lr in r.trace([9, 9, 9, 1.0, 1.0, 1.0, 1.0])]
        ['0.033', '0.067', '0.100', '0.100', '0.100', '0.010', '0.010']
    """
    return Then(schedule, reducer, at)


@dataclasses.dataclass(frozen=True)
class Times(Reducer[ThenState]):
    """``schedule`` times ``reducer``'s factor; build it with :func:`times` or ``schedule * reducer``."""

    api = "times"

    schedule: Schedule
    reducer: Reducer[Any]

    def __post_init__(self) -> None:
        if not isinstance(self.schedule, Schedule):
            ck.type_error(self.api, "schedule", "an lr_curves Schedule", self.schedule)
        if not isinstance(self.reducer, Reducer):
            ck.type_error(self.api, "reducer", "a reducer (init / update / trace)", self.reducer)

    def _state(self, step: int, inner: Any) -> ThenState:
        return ThenState(lr=_schedule_value(self.api, self.schedule, step) * inner.lr, step=step, inner=inner)

    def init(self) -> ThenState:
        """``schedule(0)`` times the reducer's starting factor."""
        return self._state(0, self.reducer.init())

    def update(self, state: ThenState, metric: float) -> ThenState:
        """One more update: the schedule's next value times the reducer's factor after ``metric``."""
        return self._state(state.step + 1, self.reducer.update(state.inner, metric))


def times(schedule: Schedule, reducer: Reducer[Any]) -> Times:
    """The schedule's lr times a reducer's lr, used as a factor: ``schedule * reducer``.

    After ``n`` updates the lr is ``schedule(n) * r_n``, ``r_n`` the reducer's lr after the
    first ``n`` metrics. Build the reducer with ``base_lr=1.0`` (the default) and it is a
    factor starting at 1: a cosine decay that a plateau can still cut by ``factor``. The
    reducer's ``min_lr`` bounds the factor, not the product.

    Examples:
        >>> import lr_curves as lrc
        >>> r = lrc.cosine(0.1, 4) * lrc.Plateau(patience=0, factor=0.5)
        >>> [f"{lr:.4f}" for lr in r.trace([1.0, 2.0, 0.5, 0.5])]
        ['0.0854', '0.0250', '0.0073', '0.0000']
    """
    return Times(schedule, reducer)
