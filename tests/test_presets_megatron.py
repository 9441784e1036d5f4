"""lr_curves.presets.megatron against megatron-core 0.16.1's own OptimizerParamScheduler."""

from __future__ import annotations

import argparse
import math
import warnings
from typing import Any

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from lr_curves.presets import megatron as lp

pytest.importorskip("torch")
with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # "Transformer Engine and Apex are not installed"
    mcore = pytest.importorskip("megatron.core.optimizer_param_scheduler")


class _Optimizer:
    """All the scheduler touches: param_groups (lr and weight_decay are written into them)."""

    def __init__(self) -> None:
        self.param_groups: list[dict[str, Any]] = [{}]


def peer(n: int, increment: int = 1, **kw: Any) -> tuple[np.ndarray, np.ndarray]:
    """(lr, weight_decay) at num_steps = 0, increment, 2 increment, ... (n values)."""
    opt = _Optimizer()
    kw.setdefault("start_wd", 0.0)
    kw.setdefault("end_wd", 0.0)
    kw.setdefault("wd_incr_steps", 1)
    kw.setdefault("wd_incr_style", "constant")
    sched = mcore.OptimizerParamScheduler(opt, **kw)
    lrs, wds = [opt.param_groups[0]["lr"]], [opt.param_groups[0]["weight_decay"]]
    for _ in range(n - 1):
        sched.step(increment)
        lrs.append(opt.param_groups[0]["lr"])
        wds.append(opt.param_groups[0]["weight_decay"])
    return np.array(lrs, dtype=np.float64), np.array(wds, dtype=np.float64)


def check(s: Any, want: np.ndarray) -> None:
    ks = np.arange(len(want))
    tol = 1e-9 * max(float(np.max(np.abs(want))), 1e-300)
    np.testing.assert_allclose(s(ks), want, rtol=0, atol=tol)
    np.testing.assert_allclose([s(int(k)) for k in ks], want, rtol=0, atol=tol)


@st.composite
def lr_kwargs(draw: Any) -> dict[str, Any]:
    style = draw(st.sampled_from(lp._DECAY_STYLES))
    D = draw(st.integers(1, 60))
    W = draw(st.one_of(st.integers(0, D - 1), st.floats(0.0, D - 1e-3).map(lambda w: round(w, 2))))
    if W >= D:
        W = 0
    top = draw(st.sampled_from([1.0, 3e-4, 0.1]))
    low = draw(st.sampled_from([0.0, 0.1, 0.5])) * top
    init = draw(st.sampled_from([0.0, 0.5, 1.0])) * top
    kw: dict[str, Any] = dict(
        init_lr=init, max_lr=top, min_lr=low, lr_warmup_steps=W, lr_decay_steps=D, lr_decay_style=style
    )
    if style == "WSD":
        kw["wsd_decay_steps"] = draw(st.integers(0, D + 5))  # an anneal that starts inside the warmup too
        kw["lr_wsd_decay_style"] = draw(st.sampled_from(lp._WSD_STYLES))
    return kw


@settings(max_examples=150, deadline=None)
@given(lr_kwargs())
@example(
    dict(
        init_lr=0.0,
        max_lr=1.0,
        min_lr=0.1,
        lr_warmup_steps=0,
        lr_decay_steps=10,
        lr_decay_style="inverse-square-root",
    )
)
@example(
    dict(
        init_lr=0.0,
        max_lr=1.0,
        min_lr=0.1,
        lr_warmup_steps=0.5,
        lr_decay_steps=10,
        lr_decay_style="inverse-square-root",
    )
)
@example(
    dict(
        init_lr=0.0,
        max_lr=1.0,
        min_lr=0.5,
        lr_warmup_steps=4,
        lr_decay_steps=30,
        lr_decay_style="inverse-square-root",
    )
)
@example(
    dict(init_lr=0.0, max_lr=1.0, min_lr=0.0, lr_warmup_steps=9, lr_decay_steps=10, lr_decay_style="cosine")
)
@example(
    dict(
        init_lr=0.0,
        max_lr=1.0,
        min_lr=0.0,
        lr_warmup_steps=10,
        lr_decay_steps=20,
        lr_decay_style="WSD",
        wsd_decay_steps=15,  # the anneal starts at 5, inside the warmup: a drop right after it
        lr_wsd_decay_style="exponential",
    )
)
@example(
    dict(
        init_lr=0.0,
        max_lr=1.0,
        min_lr=0.0,
        lr_warmup_steps=3,
        lr_decay_steps=20,
        lr_decay_style="WSD",
        wsd_decay_steps=0,
        lr_wsd_decay_style="minus_sqrt",
    )
)
def test_lr(kw: dict[str, Any]) -> None:
    n = 2 * math.ceil(kw["lr_decay_steps"]) + 10
    lr, _ = peer(n, **kw)
    check(lp.OptimizerParamScheduler(**kw), lr)


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from([0.0, 0.01, 0.05]),
    st.sampled_from([0.0, 0.05, 0.1]),
    st.integers(1, 50),
    st.sampled_from(lp._WD_STYLES),
    st.sampled_from([1.0, 0.0, 2.0]),
)
def test_weight_decay(a: float, d: float, steps: int, style: str, mult: float) -> None:
    b = a if style == "constant" else a + d
    kw = dict(start_wd=a, end_wd=b, wd_incr_steps=steps, wd_incr_style=style)
    opt = _Optimizer()
    opt.param_groups[0]["wd_mult"] = mult
    sched = mcore.OptimizerParamScheduler(
        opt,
        init_lr=0.0,
        max_lr=1.0,
        min_lr=0.0,
        lr_warmup_steps=0,
        lr_decay_steps=10,
        lr_decay_style="linear",
        **kw,
    )
    wds = [opt.param_groups[0]["weight_decay"]]
    for _ in range(2 * steps + 9):
        sched.step(1)
        wds.append(opt.param_groups[0]["weight_decay"])
    want = np.array(wds, dtype=np.float64)
    got = lp.OptimizerParamScheduler_weight_decay(**kw, wd_mult=mult)
    if np.max(np.abs(want)) == 0:
        np.testing.assert_array_equal(got(np.arange(len(want))), want)
    else:
        check(got, want)


def test_samples_and_big_counts() -> None:
    """Megatron steps by the global batch size: the class's count at every multiple of it."""
    kw = dict(
        init_lr=0.0,
        max_lr=3e-4,
        min_lr=3e-5,
        lr_warmup_steps=2560,
        lr_decay_steps=25600,
        lr_decay_style="cosine",
    )
    lr, _ = peer(120, increment=256, **kw)
    s = lp.OptimizerParamScheduler(**kw)
    np.testing.assert_allclose(s(np.arange(120) * 256), lr, rtol=0, atol=3e-13)


# ------------------------------------------------------------------------------ from_args


def megatron_scheduler(a: dict[str, Any]) -> tuple[Any, int]:
    """get_optimizer_param_scheduler (megatron/training/training.py:2553-2606 at d98e8a6) on the real
    class: Megatron-LM's training package is not on the package index, megatron-core is."""
    gbs = a["global_batch_size"]
    decay_iters = a.get("lr_decay_iters") or a["train_iters"]
    D = decay_iters * gbs
    wsd = None if a.get("lr_wsd_decay_iters") is None else a["lr_wsd_decay_iters"] * gbs
    W = (
        a["lr_warmup_fraction"] * D
        if a.get("lr_warmup_fraction") is not None
        else a.get("lr_warmup_iters", 0) * gbs
    )
    style = a.get("weight_decay_incr_style", "constant")
    wd = a.get("weight_decay", 0.01)
    opt = _Optimizer()
    sched = mcore.OptimizerParamScheduler(
        opt,
        init_lr=a.get("lr_warmup_init", 0.0),
        max_lr=a["lr"],
        min_lr=a.get("min_lr", 0.0),
        lr_warmup_steps=W,
        lr_decay_steps=D,
        lr_decay_style=a.get("lr_decay_style", "linear"),
        start_wd=wd if style == "constant" else a["start_weight_decay"],
        end_wd=wd if style == "constant" else a["end_weight_decay"],
        wd_incr_steps=a["train_iters"] * gbs,
        wd_incr_style=style,
        wsd_decay_steps=wsd,
        lr_wsd_decay_style=a.get("lr_wsd_decay_style", "exponential"),
    )
    return (sched, opt), gbs


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(lp._DECAY_STYLES),
    st.sampled_from(lp._WSD_STYLES),
    st.integers(2, 40),
    st.one_of(st.none(), st.integers(0, 1)),
    st.one_of(st.integers(0, 5), st.sampled_from([0.05, 0.1, 0.25, 0.3])),
    st.sampled_from([1, 8, 3, 256]),
    st.sampled_from(["constant", "linear", "cosine"]),
)
@example("inverse-square-root", "exponential", 2, None, 0, 8, "constant")  # max(W, 1) is one *sample*
def test_from_args(
    style: str, wstyle: str, train: int, extra: int | None, warm: float, gbs: int, wd_style: str
) -> None:
    a: dict[str, Any] = {
        "lr": 3e-4,
        "min_lr": 3e-5,
        "lr_decay_style": style,
        "lr_wsd_decay_style": wstyle,
        "train_iters": train,
        "global_batch_size": gbs,
        "weight_decay_incr_style": wd_style,
    }
    if extra is not None:
        a["lr_decay_iters"] = train + extra
    if isinstance(warm, float):
        a["lr_warmup_fraction"] = warm
    else:
        a["lr_warmup_iters"] = min(warm, train - 1)
    if style == "WSD":
        a["lr_wsd_decay_iters"] = max(1, train // 3)
    if wd_style != "constant":
        a["start_weight_decay"], a["end_weight_decay"] = 0.0, 0.1
    (sched, opt), gbs = megatron_scheduler(a)
    lrs, wds = [opt.param_groups[0]["lr"]], [opt.param_groups[0]["weight_decay"]]
    for _ in range(2 * train + 5):
        sched.step(gbs)
        lrs.append(opt.param_groups[0]["lr"])
        wds.append(opt.param_groups[0]["weight_decay"])
    check(lp.from_args(a), np.array(lrs))
    check(lp.from_args(argparse.Namespace(**a)), np.array(lrs))
    check(lp.from_args_weight_decay(a), np.array(wds))
    per_sample = lp.from_args(a, unit="sample")
    np.testing.assert_allclose(per_sample(np.arange(len(lrs)) * gbs), lrs, rtol=0, atol=1e-9 * 3e-4)


@pytest.mark.parametrize(
    ("call", "exc", "match"),
    [
        pytest.param(
            lambda: lp.OptimizerParamScheduler(0.0, 1.0, 0.0, 10, 100, "exponential"),
            ValueError,
            r"OptimizerParamScheduler\(\): lr_decay_style must be one of 'constant', 'linear', 'cosine', "
            r"'inverse-square-root', 'WSD', got 'exponential'\.",
            id="style",
        ),
        pytest.param(
            lambda: lp.OptimizerParamScheduler(0.0, 1.0, 0.0, 10, 100, "WSD"),
            ValueError,
            r"wsd_decay_steps must be a number of steps for lr_decay_style='WSD', got None\.",
            id="wsd-steps",
        ),
        pytest.param(
            lambda: lp.OptimizerParamScheduler(0.0, 1.0, 0.0, 10, 100, "WSD", wsd_decay_steps=10),
            ValueError,
            r"lr_wsd_decay_style must be one of 'exponential', 'linear', 'cosine', 'minus_sqrt', got None\.",
            id="wsd-style",
        ),
        pytest.param(
            lambda: lp.OptimizerParamScheduler(0.0, 1.0, 0.0, 100, 100, "linear"),
            ValueError,
            r"lr_warmup_steps must be less than lr_decay_steps, got lr_warmup_steps=100, lr_decay_steps=100\.",
            id="warmup-too-long",
        ),
        pytest.param(
            lambda: lp.OptimizerParamScheduler(0.0, 0.1, 0.2, 1, 100, "linear"),
            ValueError,
            r"max_lr must be at least min_lr, got max_lr=0\.1, min_lr=0\.2\.",
            id="max-below-min",
        ),
        pytest.param(
            lambda: lp.OptimizerParamScheduler(2.0, 1.0, 0.0, 1, 100, "linear"),
            ValueError,
            r"init_lr must be at most max_lr, got init_lr=2\.0, max_lr=1\.0\.",
            id="init-above-max",
        ),
        pytest.param(
            lambda: lp.OptimizerParamScheduler_weight_decay(0.0, 0.1, 10, "constant"),
            ValueError,
            r"start_wd must equal end_wd for wd_incr_style='constant', got start_wd=0\.0, end_wd=0\.1\.",
            id="wd-constant",
        ),
        pytest.param(
            lambda: lp.OptimizerParamScheduler_weight_decay(0.0, 0.1, 0, "linear"),
            ValueError,
            r"wd_incr_steps must be positive for wd_incr_style='linear', got 0\. Hint: Megatron divides by it\.",
            id="wd-zero-steps",
        ),
        pytest.param(
            lambda: lp.from_args(
                {"lr": 1e-3, "train_iters": 10, "global_batch_size": 8, "lr_warmup_iter": 2}
            ),
            ValueError,
            r"from_args\(\): args must be made of Megatron's scheduler arguments \(lr, min_lr, .*\), got "
            r"'lr_warmup_iter'\. Hint: Megatron has no such argument",
            id="typo",
        ),
        pytest.param(
            lambda: lp.from_args({"train_iters": 10, "global_batch_size": 8}),
            ValueError,
            r"from_args\(\): args\.lr must be a number \(Megatron's --lr has no default\), got None\.",
            id="no-lr",
        ),
        pytest.param(
            lambda: lp.from_args({"lr": 1e-3}),
            ValueError,
            r"from_args\(\): args must set train_iters or train_samples \(as Megatron requires\), got neither\.",
            id="no-length",
        ),
        pytest.param(
            lambda: lp.from_args(
                {"lr": 1e-3, "train_samples": 1000, "global_batch_size": 8, "rampup_batch_size": [8, 8, 100]}
            ),
            ValueError,
            r"args\.rampup_batch_size must be None for unit='iteration'",
            id="rampup",
        ),
        pytest.param(
            lambda: lp.from_args("--lr 1e-3"),
            TypeError,
            r"from_args\(\): args must be an argparse\.Namespace or a dict, got '--lr 1e-3' \(str\)\.",
            id="string",
        ),
    ],
)
def test_refusals(call: Any, exc: type[Exception], match: str) -> None:
    with pytest.raises(exc, match=match):
        call()
