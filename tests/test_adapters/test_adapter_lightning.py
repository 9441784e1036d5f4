"""Lightning: ``sched.lightning_config()`` is the right configuration, through a real ``Trainer.fit``.

Needs the real ``lightning`` package (the Makefile installs it, pinned, with ``--no-deps`` so
that it cannot pull another torch).
"""

from __future__ import annotations

import warnings
from typing import Any

import pytest
import torch

import lr_curves as lrc
from lr_curves.adapters.torch import LambdaLR

L = pytest.importorskip("lightning")

S = lrc.warmup(lrc.cosine(0.1, 9, floor=0.001), 3)
STEPS = 14


class Module(L.LightningModule):  # type: ignore[misc,name-defined]
    def __init__(self, config: str, clock: str = "scheduler") -> None:
        super().__init__()
        self.layer = torch.nn.Linear(1, 1, bias=False)
        torch.nn.init.zeros_(self.layer.weight)
        self.config = config
        self.clock = clock
        self.read: list[float] = []
        self.used: list[float] = []

    def training_step(self, batch: Any, batch_idx: int) -> torch.Tensor:
        self.read.append(self.trainer.optimizers[0].param_groups[0]["lr"])
        self._before = self.layer.weight.item()
        (x,) = batch
        return -self.layer(x).sum()  # d loss / d w = -1: the update moves w by exactly its lr

    def on_train_batch_end(self, outputs: Any, batch: Any, batch_idx: int) -> None:
        self.used.append(self.layer.weight.item() - self._before)

    def configure_optimizers(self) -> Any:
        opt = torch.optim.SGD(self.parameters(), lr=1.0)
        sched = LambdaLR(opt, S, clock=self.clock)
        if self.config == "lightning_config":
            return {"optimizer": opt, "lr_scheduler": sched.lightning_config()}
        return {"optimizer": opt, "lr_scheduler": sched}  # Lightning's default: once per epoch


def _fit(module: Module) -> Module:
    data = torch.utils.data.DataLoader(
        torch.utils.data.TensorDataset(torch.ones(STEPS // 2, 1)), batch_size=1
    )
    trainer = L.Trainer(
        max_steps=STEPS,
        accelerator="cpu",
        devices=1,
        logger=False,
        enable_checkpointing=False,
        enable_progress_bar=False,
        enable_model_summary=False,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Lightning's advice about num_workers on tiny loaders
        trainer.fit(module, data)
    return module


def test_lightning_config_is_the_step_interval_dict() -> None:
    opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=1.0)
    sched = LambdaLR(opt, S)
    assert sched.lightning_config() == {"scheduler": sched, "interval": "step", "frequency": 1}


@pytest.mark.parametrize("clock", ["scheduler", "optimizer"])
def test_trainer_fit_uses_s_of_k_at_every_step(clock: str) -> None:
    module = _fit(Module("lightning_config", clock))
    assert module.read == [S(k) for k in range(STEPS)]  # two epochs of 7 batches
    assert module.used == pytest.approx([S(k) for k in range(STEPS)], rel=0, abs=1e-7)  # float32 w


def test_lightning_default_steps_once_per_epoch_which_is_why_the_config_exists() -> None:
    module = _fit(Module("bare"))
    assert module.read == [S(0)] * 7 + [S(1)] * 7
