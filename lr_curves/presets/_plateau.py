"""torch's ``ReduceLROnPlateau`` as a pure reducer (shared by the presets that reuse it).

transformers' ``get_reduce_on_plateau_schedule`` returns torch's class unchanged, so its preset
is this reducer. (The torch presets may define the same rules; the two are kept identical.)
"""

from __future__ import annotations

import dataclasses
import math

from lr_curves import _checks as ck
from lr_curves._reducer import Reducer

__all__ = ["TorchPlateau", "TorchPlateauState"]


@dataclasses.dataclass(frozen=True)
class TorchPlateauState:
    """State of :class:`TorchPlateau` after some metrics: the lr and torch's counters."""

    lr: float
    best: float
    num_bad_epochs: int = 0
    cooldown_counter: int = 0


@dataclasses.dataclass(frozen=True)
class TorchPlateau(Reducer[TorchPlateauState]):
    """Reduce the lr by ``factor`` after more than ``patience`` metrics without improvement.

    torch's rules, step by step: a metric is *better* than the best so far when (mode ``"min"``)
    ``metric < best * (1 - threshold)`` (``"rel"``) or ``metric < best - threshold`` (``"abs"``);
    mirrored for ``"max"``. Otherwise ``num_bad_epochs`` grows by one. While in cooldown the
    cooldown counter counts down and bad epochs are forgotten. When ``num_bad_epochs >
    patience`` (the ``patience + 1``-th bad metric) the lr becomes ``max(lr * factor, min_lr)``
    (only if that lowers it by more than ``eps``), the cooldown starts and the count restarts.
    A NaN metric is never better.
    """

    base_lr: float = 1.0
    mode: str = "min"
    factor: float = 0.1
    patience: int = 10
    threshold: float = 1e-4
    threshold_mode: str = "rel"
    cooldown: int = 0
    min_lr: float = 0.0
    eps: float = 1e-8
    api = "get_reduce_on_plateau_schedule"

    def __post_init__(self) -> None:
        api, set_ = self.api, object.__setattr__
        set_(self, "base_lr", ck.finite_float(api, "base_lr", self.base_lr))
        set_(self, "mode", ck.choice(api, "mode", self.mode, ("min", "max")))
        factor = ck.finite_float(api, "factor", self.factor)
        if not 0.0 <= factor < 1.0:
            ck.value_error(api, "factor", "in [0, 1)", self.factor)
        set_(self, "factor", factor)
        set_(self, "patience", ck.count(api, "patience", self.patience, minimum=0))
        threshold = ck.finite_float(api, "threshold", self.threshold)
        if threshold < 0:
            ck.value_error(api, "threshold", "a non-negative number", self.threshold)
        set_(self, "threshold", threshold)
        set_(self, "threshold_mode", ck.choice(api, "threshold_mode", self.threshold_mode, ("rel", "abs")))
        set_(self, "cooldown", ck.count(api, "cooldown", self.cooldown, minimum=0))
        set_(self, "min_lr", ck.finite_float(api, "min_lr", self.min_lr))
        eps = ck.finite_float(api, "eps", self.eps)
        if eps < 0:
            ck.value_error(api, "eps", "a non-negative number", self.eps)
        set_(self, "eps", eps)

    def init(self) -> TorchPlateauState:
        return TorchPlateauState(lr=self.base_lr, best=math.inf if self.mode == "min" else -math.inf)

    def _better(self, a: float, best: float) -> bool:
        if self.mode == "min":
            return a < (
                best * (1.0 - self.threshold) if self.threshold_mode == "rel" else best - self.threshold
            )
        return a > (best * (1.0 + self.threshold) if self.threshold_mode == "rel" else best + self.threshold)

    def update(self, state: TorchPlateauState, metric: float) -> TorchPlateauState:
        m = self._metric(metric)
        best, bad, cool, lr = state.best, state.num_bad_epochs, state.cooldown_counter, state.lr
        if self._better(m, best):
            best, bad = m, 0
        else:
            bad += 1
        if cool > 0:
            cool, bad = cool - 1, 0
        if bad > self.patience:
            new = max(lr * self.factor, self.min_lr)
            if lr - new > self.eps:
                lr = new
            cool, bad = self.cooldown, 0
        return TorchPlateauState(lr=lr, best=best, num_bad_epochs=bad, cooldown_counter=cool)
