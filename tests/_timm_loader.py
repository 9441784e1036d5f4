"""Load ``timm.scheduler``'s modules without running ``timm/__init__`` (it needs torchvision).

Stub package modules for ``timm`` and ``timm.scheduler`` (with the installed ``__path__``) are
registered in ``sys.modules``; the scheduler modules then import normally. Only the scheduler
modules are loaded; they need nothing but torch.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import types
from pathlib import Path
from typing import Any


def _stub(name: str, path: Path) -> None:
    module = types.ModuleType(name)
    module.__path__ = [str(path)]
    sys.modules[name] = module


def load_timm_scheduler() -> Any:
    """A namespace with timm's scheduler classes (``None`` if timm is not installed)."""
    spec = importlib.util.find_spec("timm") if "timm" not in sys.modules else None
    if "timm" not in sys.modules:
        if spec is None or not spec.submodule_search_locations:
            return None
        root = Path(next(iter(spec.submodule_search_locations)))
        _stub("timm", root)
        _stub("timm.scheduler", root / "scheduler")
    names = {
        "cosine_lr": "CosineLRScheduler",
        "tanh_lr": "TanhLRScheduler",
        "step_lr": "StepLRScheduler",
        "multistep_lr": "MultiStepLRScheduler",
        "poly_lr": "PolyLRScheduler",
        "plateau_lr": "PlateauLRScheduler",
        "wsd_lr": "WSDLRScheduler",
    }
    ns = types.SimpleNamespace()
    for module, cls in names.items():
        mod = importlib.import_module(f"timm.scheduler.{module}")
        setattr(ns, cls, getattr(mod, cls))
    return ns
