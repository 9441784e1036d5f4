"""Every preset takes its peer's arguments: the same names, in the same order, with the same defaults.

The peer's signature is read with ``inspect.signature`` from the installed library (torch, timm,
transformers, optax, keras, fvcore). detectron2 and katsura-jp's ``cosine_annealing_warmup`` are
not on the package index; their signatures are written out below from their sources
(``detectron2/solver/lr_scheduler.py``; katsura-jp's ``scheduler.py``, as quoted in seed 001).

Framework objects (``optimizer``, ``last_epoch``, ``verbose``) are left out of the presets;
``base_lr`` is added (keyword-only) where the peer reads the optimizer's lr. A parameter may be
passed by position in the preset exactly when it may in the peer *and* no left-out parameter
comes before it (so a positional call means the same in both, minus the optimizer).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import pytest
from _timm_loader import load_timm_scheduler

from lr_curves.presets import cosine_annealing_warmup, detectron2, fvcore, keras, optax, timm, transformers
from lr_curves.presets import torch as torch_presets

P = inspect.Parameter
LEFT_OUT = {"optimizer", "last_epoch", "verbose"}
EXTRA = {"base_lr"}  # the optimizer's lr, keyword-only in the presets


def _sig(*params: tuple[str, Any]) -> inspect.Signature:
    """A signature of positional-or-keyword parameters (``P.empty``: no default)."""
    return inspect.Signature([P(n, P.POSITIONAL_OR_KEYWORD, default=d) for n, d in params])


E = P.empty
# detectron2/solver/lr_scheduler.py (detectron2 0.6)
DETECTRON2 = {
    "WarmupMultiStepLR": _sig(
        ("optimizer", E),
        ("milestones", E),
        ("gamma", 0.1),
        ("warmup_factor", 0.001),
        ("warmup_iters", 1000),
        ("warmup_method", "linear"),
        ("last_epoch", -1),
    ),
    "WarmupCosineLR": _sig(
        ("optimizer", E),
        ("max_iters", E),
        ("warmup_factor", 0.001),
        ("warmup_iters", 1000),
        ("warmup_method", "linear"),
        ("last_epoch", -1),
    ),
    "WarmupParamScheduler": _sig(
        ("scheduler", E),
        ("warmup_factor", E),
        ("warmup_length", E),
        ("warmup_method", "linear"),
        ("rescale_interval", False),
    ),
}
# katsura-jp/pytorch-cosine-annealing-with-warmup, cosine_annealing_warmup/scheduler.py (seed 001)
KATSURA = _sig(
    ("optimizer", E),
    ("first_cycle_steps", E),
    ("cycle_mult", 1.0),
    ("max_lr", 0.1),
    ("min_lr", 0.001),
    ("warmup_steps", 0),
    ("gamma", 1.0),
    ("last_epoch", -1),
)

#: Public names that are not presets of a peer callable (states, constants).
NOT_PRESETS = {
    "ReduceLROnPlateauState",
    "PlateauState",
    "KerasPlateauState",
    "ReduceOnPlateauState",
    "WHERE_EPSILON",
    "get_reduce_on_plateau_schedule",  # transformers forwards **kwargs to torch's class
    "get_greedy_schedule",  # transformers forwards **kwargs to its GreedyLR (checked as GreedyLR)
    "GreedyLRState",
    "from_training_arguments",  # an importer (Trainer.create_scheduler's config), not a peer callable
}


def _peers() -> dict[tuple[str, str], Callable[[], Any]]:
    """(preset module, preset name) -> a function giving the peer's signature."""
    out: dict[tuple[str, str], Callable[[], Any]] = {}

    def add(module: str, name: str, get: Callable[[], Any]) -> None:
        out[(module, name)] = get

    for name in torch_presets.__all__:
        if name in NOT_PRESETS:
            continue
        peer = name.removesuffix("_momentum")
        add("torch", name, lambda peer=peer: inspect.signature(getattr(_torch_lr(), peer)))
    for name in timm.__all__:
        if name not in NOT_PRESETS:
            add("timm", name, lambda name=name: inspect.signature(getattr(_timm(), name)))
    for name in transformers.__all__:
        if name not in NOT_PRESETS:
            add("transformers", name, lambda name=name: inspect.signature(getattr(_hf(), name)))
    for name in optax.__all__:
        if name == "reduce_on_plateau":
            add(
                "optax",
                name,
                lambda: inspect.signature(pytest.importorskip("optax").contrib.reduce_on_plateau),
            )
        elif name not in NOT_PRESETS:
            add("optax", name, lambda name=name: inspect.signature(getattr(_optax(), name)))
    for name in keras.__all__:
        if name == "ReduceLROnPlateau":
            add("keras", name, lambda: inspect.signature(_keras().callbacks.ReduceLROnPlateau))
        elif name not in NOT_PRESETS:
            add(
                "keras",
                name,
                lambda name=name: inspect.signature(getattr(_keras().optimizers.schedules, name)),
            )
    for name in fvcore.__all__:
        if name not in NOT_PRESETS:
            add("fvcore", name, lambda name=name: inspect.signature(getattr(_fvcore(), name)))
    for name in detectron2.__all__:
        add("detectron2", name, lambda name=name: DETECTRON2[name])
    add("cosine_annealing_warmup", "CosineAnnealingWarmupRestarts", lambda: KATSURA)
    return out


def _torch_lr() -> Any:
    pytest.importorskip("torch")
    import torch.optim.lr_scheduler as lr_scheduler

    return lr_scheduler


def _timm() -> Any:
    ns = load_timm_scheduler()
    if ns is None:
        pytest.skip("timm is not installed")
    return ns


def _hf() -> Any:
    return pytest.importorskip("transformers.optimization")


def _optax() -> Any:
    return pytest.importorskip("optax").schedules


def _keras() -> Any:
    return pytest.importorskip("keras")


def _fvcore() -> Any:
    return pytest.importorskip("fvcore.common.param_scheduler")


MODULES = {
    "torch": torch_presets,
    "timm": timm,
    "transformers": transformers,
    "optax": optax,
    "keras": keras,
    "fvcore": fvcore,
    "detectron2": detectron2,
    "cosine_annealing_warmup": cosine_annealing_warmup,
}
PEERS = _peers()


def expected(peer: inspect.Signature, preset_names: set[str]) -> list[tuple[str, Any, bool]]:
    """The peer's parameters as the preset must have them: (name, default, positional allowed)."""
    out: list[tuple[str, Any, bool]] = []
    positional = True
    for i, p in enumerate(peer.parameters.values()):
        if p.kind in (P.VAR_KEYWORD, P.VAR_POSITIONAL):
            continue
        if p.name in LEFT_OUT and p.name not in preset_names:
            if not (i == 0 and p.name == "optimizer"):  # a leading optimizer shifts nothing
                positional = False
            continue
        ok = positional and p.kind in (P.POSITIONAL_ONLY, P.POSITIONAL_OR_KEYWORD)
        out.append((p.name, p.default, ok))
    return out


def test_every_preset_has_a_peer() -> None:
    for module_name, module in MODULES.items():
        for name in module.__all__:
            if name not in NOT_PRESETS:
                assert (module_name, name) in PEERS, f"{module_name}.{name} has no peer signature to compare"


@pytest.mark.parametrize(("module", "name"), sorted(PEERS), ids=str)
def test_same_names_order_defaults_and_positions(module: str, name: str) -> None:
    peer = PEERS[(module, name)]()
    preset = inspect.signature(getattr(MODULES[module], name))
    params = list(preset.parameters.values())
    extra = EXTRA - set(peer.parameters)  # CyclicLR's base_lr is torch's own argument
    for p in params:
        if p.name in extra:
            assert p.kind is P.KEYWORD_ONLY, f"{name}: {p.name} must be keyword-only"
    got = [(p.name, p.default, p.kind is P.POSITIONAL_OR_KEYWORD) for p in params if p.name not in extra]
    want = expected(peer, {p.name for p in params})
    assert [g[0] for g in got] == [w[0] for w in want], f"{name}: names or order differ"
    for (n, d, pos), (_, wd, wpos) in zip(got, want, strict=True):
        assert d == wd or (d is P.empty and wd is P.empty), (
            f"{name}: default of {n} is {d!r}, the peer's {wd!r}"
        )
        assert pos == wpos, (
            f"{name}: {n} is {'positional' if pos else 'keyword-only'}; the peer's call says otherwise"
        )


def test_positional_calls_as_the_issue_wrote_them() -> None:
    """issue 13: the calls a user copies from the peers' docs."""
    a = detectron2.WarmupMultiStepLR((300, 400), 0.1, 0.001, 100, base_lr=0.02)
    b = detectron2.WarmupMultiStepLR(
        milestones=(300, 400), gamma=0.1, warmup_factor=0.001, warmup_iters=100, base_lr=0.02
    )
    assert a == b and a(350) == pytest.approx(0.002, rel=1e-12)
    assert timm.CosineLRScheduler(100) == timm.CosineLRScheduler(t_initial=100)
    assert torch_presets.ReduceLROnPlateau("max", 0.5) == torch_presets.ReduceLROnPlateau(
        mode="max", factor=0.5
    )
    assert timm.PlateauLRScheduler(0.5, 3) == timm.PlateauLRScheduler(decay_rate=0.5, patience_t=3)
