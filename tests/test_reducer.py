"""Reducers compose with schedules (issue 13 item 4): ``then(schedule, reducer, at)`` and ``schedule * reducer``.

Differential: a warmup stepped by hand before torch's ``ReduceLROnPlateau`` on one optimizer (the
loop of pytorch#68978), and timm's ``PlateauLRScheduler`` with its warmup, against the same
compositions built from the public API. The shared :class:`lr_curves.Plateau` is what the torch,
transformers, timm and Keras presets are.
"""

from __future__ import annotations

import math
import warnings
from typing import Any

import pytest
from _timm_loader import load_timm_scheduler
from hypothesis import example, given, settings
from hypothesis import strategies as st

import lr_curves as lrc
from lr_curves.presets import keras as presets_keras
from lr_curves.presets import timm as presets_timm
from lr_curves.presets import torch as presets_torch
from lr_curves.presets import transformers as presets_hf

torch = pytest.importorskip("torch")
TOL = 1e-9

metrics_st = st.lists(st.sampled_from([0.1, 0.5, 0.5, 0.50001, 0.9, 1.0, -1.0, float("nan")]), max_size=50)


def torch_warmup_then_plateau(
    base: float, start_factor: float, w: int, metrics: list[float], **kw: Any
) -> list[float]:
    """The lr after each epoch of the hand-stepped loop: LinearLR for w epochs, then the plateau."""
    opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=base)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # torch warns about two schedulers on one optimizer
        warm = torch.optim.lr_scheduler.LinearLR(opt, start_factor=start_factor, total_iters=w)
        plateau = torch.optim.lr_scheduler.ReduceLROnPlateau(opt, **kw)
    out = []
    for epoch, m in enumerate(metrics):
        opt.step()  # the epoch's training (no gradients: the weights stay), then the schedulers
        if epoch < w:
            warm.step()
        else:
            plateau.step(m)
        out.append(opt.param_groups[0]["lr"])
    return out


@settings(max_examples=80, deadline=None)
@given(
    base=st.sampled_from([0.1, 1.0, 3e-4]),
    start_factor=st.sampled_from([0.01, 0.1, 0.5]),
    w=st.integers(1, 6),
    metrics=metrics_st,
    kw=st.fixed_dictionaries(
        {
            "mode": st.sampled_from(["min", "max"]),
            "factor": st.sampled_from([0.1, 0.5]),
            "patience": st.integers(0, 3),
            "threshold": st.sampled_from([1e-4, 0.0, 0.1]),
            "threshold_mode": st.sampled_from(["rel", "abs"]),
            "cooldown": st.integers(0, 2),
            "min_lr": st.sampled_from([0.0, 1e-4, 0.05]),
        }
    ),
)
@example(
    base=0.1,
    start_factor=0.1,
    w=3,
    metrics=[1.0] * 12,
    kw={
        "mode": "min",
        "factor": 0.1,
        "patience": 1,
        "threshold": 1e-4,
        "threshold_mode": "rel",
        "cooldown": 0,
        "min_lr": 0.0,
    },
)
def test_warmup_then_plateau_matches_torch(
    base: float, start_factor: float, w: int, metrics: list[float], kw: dict[str, Any]
) -> None:
    want = torch_warmup_then_plateau(base, start_factor, w, metrics, **kw)
    warm = presets_torch.LinearLR(start_factor, 1.0, w, base_lr=base)
    # the reducer's own base_lr does not matter: it starts from the warmup's lr at w
    composed = lrc.then(warm, presets_torch.ReduceLROnPlateau(**kw, base_lr=123.0), at=w)
    got = composed.trace(metrics)
    assert got == pytest.approx(want, rel=0, abs=TOL * base)
    assert composed.init().lr == pytest.approx(base * start_factor, rel=1e-15)


TIMM = load_timm_scheduler()


@pytest.mark.skipif(TIMM is None, reason="timm is not installed")
@settings(max_examples=60, deadline=None)
@given(
    base=st.sampled_from([0.1, 1.0]),
    metrics=metrics_st,
    W=st.integers(1, 5),
    init=st.sampled_from([0.0, 1e-3]),
    patience=st.integers(0, 3),
    cooldown=st.integers(0, 2),
    mode=st.sampled_from(["max", "min"]),
)
def test_hand_built_timm_plateau_matches_timm(
    base: float, metrics: list[float], W: int, init: float, patience: int, cooldown: int, mode: str
) -> None:
    """timm's warmup + plateau, rebuilt with the public composition (not the preset)."""
    opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=base)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sched = TIMM.PlateauLRScheduler(
            opt, patience_t=patience, cooldown_t=cooldown, warmup_t=W, warmup_lr_init=init, mode=mode
        )
    want = []
    for epoch, m in enumerate(metrics):
        opt.step()
        sched.step(epoch + 1, m)
        want.append(opt.param_groups[0]["lr"])
    plateau = lrc.Plateau(mode, patience=patience, cooldown=cooldown)
    composed = lrc.then(lrc.linear(init, base, W), plateau, at=W)
    assert composed.trace(metrics) == pytest.approx(want, rel=0, abs=TOL * base)
    preset = presets_timm.PlateauLRScheduler(
        patience_t=patience, cooldown_t=cooldown, warmup_t=W, warmup_lr_init=init, mode=mode, base_lr=base
    )
    assert preset.trace(metrics) == composed.trace(metrics)


# ------------------------------------------------------------------------------ one reducer for all
def test_one_plateau_behind_every_preset() -> None:
    assert isinstance(presets_torch.ReduceLROnPlateau(), lrc.Plateau)
    assert isinstance(presets_hf.get_reduce_on_plateau_schedule(), lrc.Plateau)
    assert isinstance(presets_keras.ReduceLROnPlateau(), lrc.Plateau)
    assert isinstance(presets_timm.PlateauLRScheduler()._impl.reducer, lrc.Plateau)
    assert presets_torch.ReduceLROnPlateauState is presets_keras.KerasPlateauState is lrc.PlateauState
    metrics = [1.0, 1.0, 1.0, 0.5, 0.5, 0.5, 0.5]
    torch_like = presets_torch.ReduceLROnPlateau(patience=1, base_lr=0.5).trace(metrics)
    assert lrc.Plateau(patience=1, base_lr=0.5).trace(metrics) == torch_like
    # Keras: one metric sooner (wait >= patience), float32 lrs
    assert presets_keras.ReduceLROnPlateau(patience=2, base_lr=0.5).trace(metrics) == pytest.approx(
        [0.5, 0.5, 0.05, 0.05, 0.05, 0.005, 0.005], rel=1e-7
    )


# ------------------------------------------------------------------------------ then
def test_then_timeline() -> None:
    r = lrc.then(lrc.linear(0.0, 0.1, 4), lrc.Plateau(patience=0), at=4)
    s = r.init()
    assert (s.lr, s.step, s.inner) == (0.0, 0, None)
    lrs = r.trace([5.0, 5.0, 5.0, 5.0, 1.0, 2.0, 3.0])
    # four warmup updates (metrics not seen), then the plateau from 0.1: 1.0 is its first
    # (improving) metric, 2.0 and 3.0 do not improve: patience 0 -> reduce at each
    assert lrs[:4] == pytest.approx([0.025, 0.05, 0.075, 0.1], rel=1e-15)
    assert lrs[4:] == pytest.approx([0.1, 0.01, 0.001], rel=1e-12)


def test_then_at_zero_is_the_reducer_from_the_schedule_value() -> None:
    metrics = [3.0, 3.0, 3.0, 3.0]
    r = lrc.then(lrc.constant(0.2), lrc.Plateau(patience=1, base_lr=9.0), at=0)
    assert r.trace(metrics) == lrc.Plateau(patience=1, base_lr=0.2).trace(metrics)


def test_then_is_a_frozen_value() -> None:
    a = lrc.then(lrc.linear(0.0, 0.1, 4), lrc.Plateau(), at=4)
    b = lrc.then(lrc.linear(0.0, 0.1, 4), lrc.Plateau(), at=4.0)  # a whole float
    assert a == b and hash(a) == hash(b)
    with pytest.raises(AttributeError):
        a.at = 3  # type: ignore[misc]


@pytest.mark.parametrize(
    ("call", "exc", "match"),
    [
        pytest.param(
            lambda: lrc.then(lambda k: 0.1, lrc.Plateau(), at=3),
            TypeError,
            r"^then\(\): schedule must be an lr_curves Schedule, got ",
            id="schedule",
        ),
        pytest.param(
            lambda: lrc.then(lrc.constant(0.1), lrc.constant(0.1), at=3),
            TypeError,
            r"^then\(\): reducer must be a reducer \(init / update / trace\), got constant\(0\.1\) \(_Constant\)\.$",
            id="reducer",
        ),
        pytest.param(
            lambda: lrc.then(lrc.constant(0.1), lrc.Plateau(), at=2.5),
            ValueError,
            r"^then\(\): at must be a whole number",
            id="at-fraction",
        ),
        pytest.param(
            lambda: lrc.then(lrc.constant(0.1), lrc.Plateau(), at=-1),
            ValueError,
            r"^then\(\): at must be an int >= 0, got -1\.$",
            id="at-negative",
        ),
        pytest.param(
            lambda: lrc.then(lrc.constant(0.1), lrc.Plateau(), at=2).update(
                lrc.then(lrc.constant(0.1), lrc.Plateau(), at=2).init(), "1"
            ),
            TypeError,
            r"^then\.update\(\): metric must be a real number, got '1' \(str\)\.$",
            id="metric",
        ),
    ],
)
def test_then_errors(call: Any, exc: type[Exception], match: str) -> None:
    with pytest.raises(exc, match=match):
        call()


# ------------------------------------------------------------------------------ times
@settings(max_examples=50, deadline=None)
@given(metrics=metrics_st, patience=st.integers(0, 3), factor=st.sampled_from([0.1, 0.5]))
def test_times_is_the_product(metrics: list[float], patience: int, factor: float) -> None:
    s = lrc.warmup(lrc.cosine(0.1, 40, floor=0.001), 5)
    p = lrc.Plateau(patience=patience, factor=factor)
    r = s * p
    assert r == p * s == lrc.times(s, p)
    factors = p.trace(metrics)
    got = r.trace(metrics)
    assert got == [s(n + 1) * f for n, f in enumerate(factors)]
    assert r.init().lr == s(0)


def test_times_cuts_a_cosine() -> None:
    s = lrc.cosine(0.1, 100)
    r = s * lrc.Plateau(patience=1, factor=0.5)
    lrs = r.trace([1.0] * 10)
    assert lrs[1] == s(2) and lrs[2] == pytest.approx(s(3) * 0.5, rel=1e-15)


def test_times_refuses_non_schedules() -> None:
    with pytest.raises(TypeError, match=r"unsupported operand"):
        _ = 0.5 * lrc.Plateau()  # type: ignore[operator]
    with pytest.raises(TypeError, match=r"^times\(\): schedule must be an lr_curves Schedule"):
        lrc.times(0.5, lrc.Plateau())  # type: ignore[arg-type]


def test_a_warmup_before_a_cut_cosine() -> None:
    """The two compose: a warmup, then a cosine (in its own time) that a plateau can cut."""
    cut = lrc.cosine(0.1, 20) * lrc.Plateau(patience=0)
    r = lrc.then(lrc.linear(0.0, 0.1, 3), cut, at=3)
    lrs = r.trace([0.0] * 3 + [1.0, 1.0, 1.0])
    assert lrs[:3] == pytest.approx([1 / 30, 2 / 30, 0.1], rel=1e-15)
    assert lrs[3] == pytest.approx(lrc.cosine(0.1, 20)(1), rel=1e-15)  # first plateau metric improves
    assert lrs[4] == pytest.approx(lrc.cosine(0.1, 20)(2) * 0.1, rel=1e-15)
    assert all(math.isfinite(v) for v in lrs)
