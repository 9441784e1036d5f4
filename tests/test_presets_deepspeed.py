"""lr_curves.presets.deepspeed against DeepSpeed 0.19.8's own schedulers (and its engine, for from_config)."""

from __future__ import annotations

import json
import logging
import os
import pathlib
import socket
from typing import Any

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from lr_curves.presets import deepspeed as lp

torch = pytest.importorskip("torch")
ds = pytest.importorskip("deepspeed.runtime.lr_schedules")
ds_config = pytest.importorskip("deepspeed.runtime.config")
logging.getLogger("DeepSpeed").setLevel(logging.ERROR)


def optimizer(base_lr: float, betas: bool) -> Any:
    p = [torch.nn.Parameter(torch.zeros(1))]
    return torch.optim.Adam(p, lr=base_lr) if betas else torch.optim.SGD(p, lr=base_lr)


def run(sched: Any, opt: Any, n: int, key: str = "lr") -> np.ndarray:
    """The param group's ``key`` after k scheduler.step() calls, k = 0..n-1."""

    def read() -> float:
        v = opt.param_groups[0][key]
        return float(v[0] if key == "betas" else v)

    out = [read()]
    for _ in range(n - 1):
        sched.step()
        out.append(read())
    return np.array(out, dtype=np.float64)


def peer(name: str, n: int, base_lr: float = 1.0, key: str = "lr", **kw: Any) -> np.ndarray:
    opt = optimizer(base_lr, betas=key == "betas")
    return run(getattr(ds, name)(opt, **kw), opt, n, key)


def check(got: Any, want: np.ndarray) -> None:
    ks = np.arange(len(want))
    tol = 1e-9 * max(float(np.max(np.abs(want))), 1e-300)
    np.testing.assert_allclose(got(ks), want, rtol=0, atol=tol)
    np.testing.assert_allclose([got(int(k)) for k in ks], want, rtol=0, atol=tol)


def assert_matches(name: str, n: int, base_lr: float = 1.0, **kw: Any) -> None:
    want = peer(name, n, base_lr, **kw)
    check(
        getattr(lp, name)(base_lr=base_lr, **kw) if name.startswith("Warmup") else getattr(lp, name)(**kw),
        want,
    )


warm = st.one_of(st.integers(1, 3), st.integers(1, 40))  # 1 and 2 both mean W = 2
kinds = st.sampled_from(["log", "linear"])
lrs = st.sampled_from([0.0, 1e-5, 0.01, 0.3])
tops = st.sampled_from([1.0, 3e-4, 0.05, 2.5])
SET = settings(max_examples=40, deadline=None)


@SET
@given(lrs, st.one_of(st.none(), tops), warm, kinds, tops)
@example(0.0, None, 1, "log", 1.0)
@example(0.0, 1.0, 2, "linear", 1.0)
def test_warmup_lr(low: float, top: float | None, w: int, kind: str, base: float) -> None:
    assert_matches(
        "WarmupLR",
        2 * w + 10,
        base,
        warmup_min_lr=low,
        warmup_max_lr=top,
        warmup_num_steps=w,
        warmup_type=kind,
    )


@SET
@given(lrs, st.one_of(st.none(), tops), warm, st.integers(0, 80), kinds, tops)
@example(0.0, 1.0, 10, 10, "log", 1.0)  # T == W
@example(0.0, 1.0, 10, 4, "linear", 1.0)  # T < W: DeepSpeed only warns
@example(0.1, 1.0, 1, 0, "log", 1.0)
def test_warmup_decay_lr(low: float, top: float | None, w: int, t: int, kind: str, base: float) -> None:
    assert_matches(
        "WarmupDecayLR",
        max(w, t) * 2 + 10,
        base,
        total_num_steps=t,
        warmup_min_lr=low,
        warmup_max_lr=top,
        warmup_num_steps=w,
        warmup_type=kind,
    )


@SET
@given(
    st.sampled_from([0.0, 0.01, 0.5]),
    warm,
    st.integers(0, 80),
    st.sampled_from([0.0, 1e-4, 0.1, 1.0]),
    kinds,
    tops,
)
@example(0.0, 10, 10, 1e-4, "log", 1.0)  # T == W: the floor right after the warmup
@example(0.0, 10, 11, 0.0, "linear", 1.0)  # a one-step cosine
@example(0.0, 10, 3, 0.1, "log", 1.0)
def test_warmup_cosine_lr(r0: float, w: int, t: int, c: float, kind: str, base: float) -> None:
    assert_matches(
        "WarmupCosineLR",
        max(w, t) * 2 + 10,
        base,
        total_num_steps=t,
        warmup_min_ratio=r0,
        warmup_num_steps=w,
        cos_min_ratio=c,
        warmup_type=kind,
    )


one_cycle_kwargs = st.fixed_dictionaries(
    {
        "cycle_min_lr": st.sampled_from([0.0, 1e-4, 0.1]),
        "cycle_max_lr": st.sampled_from([1.0, 0.01, 0.1]),
        "decay_lr_rate": st.sampled_from([0.0, 0.5, 1.0, 0.001]),
        "cycle_first_step_size": st.integers(1, 30),
        "cycle_second_step_size": st.one_of(st.none(), st.integers(0, 30)),
        "cycle_first_stair_count": st.sampled_from([0, -1, 1, 2, 3, 4, 7, 40]),
        "cycle_second_stair_count": st.one_of(st.none(), st.sampled_from([0, 1, 2, 3, 5, 40])),
        "decay_step_size": st.sampled_from([0, 1, 3, 10]),
        "cycle_min_mom": st.sampled_from([0.8, 0.85]),
        "cycle_max_mom": st.sampled_from([0.9, 0.95]),
        "decay_mom_rate": st.sampled_from([0.0, 0.1, 0.01]),
    }
)


def _n(kw: dict[str, Any]) -> int:
    f = kw["cycle_first_step_size"]
    s = f if kw["cycle_second_step_size"] is None else kw["cycle_second_step_size"]
    return 2 * (f + s) + 20


@settings(max_examples=80, deadline=None)
@given(one_cycle_kwargs)
@example(
    {
        "cycle_min_lr": 0.1,
        "cycle_max_lr": 1.0,
        "decay_lr_rate": 1.0,
        "cycle_first_step_size": 10,
        "cycle_second_step_size": 0,  # the peak is never used
        "cycle_first_stair_count": 0,
        "cycle_second_stair_count": None,
        "decay_step_size": 3,
        "cycle_min_mom": 0.8,
        "cycle_max_mom": 0.9,
        "decay_mom_rate": 0.1,
    }
)
@example(
    {
        "cycle_min_lr": 0.0,
        "cycle_max_lr": 1.0,
        "decay_lr_rate": 0.0,
        "cycle_first_step_size": 7,
        "cycle_second_step_size": 13,
        "cycle_first_stair_count": 3,
        "cycle_second_stair_count": 5,
        "decay_step_size": 0,
        "cycle_min_mom": 0.8,
        "cycle_max_mom": 0.9,
        "decay_mom_rate": 0.0,
    }
)
def test_one_cycle(kw: dict[str, Any]) -> None:
    n = _n(kw)
    check(lp.OneCycle(**kw), peer("OneCycle", n, key="lr", **kw))
    check(lp.OneCycle_momentum(**kw), peer("OneCycle", n, key="betas", **kw))


def test_one_cycle_defaults_and_decay_far_away() -> None:
    kw = {"cycle_min_lr": 1e-4, "cycle_max_lr": 1e-3, "decay_lr_rate": 0.5, "decay_step_size": 100}
    check(lp.OneCycle(**kw), peer("OneCycle", 4500, **kw))
    s = lp.OneCycle(**kw)
    assert s(4000 + 100 * 10**9) == pytest.approx(1e-4 / (1 + 0.5 * 10**9), rel=1e-12)


@SET
@given(
    st.sampled_from([1e-3, 1e-5, 0.1]),
    st.integers(1, 30),
    st.sampled_from([0.0, 1.0, 0.5, 10.0]),
    st.booleans(),
)
def test_lr_range_test(low: float, size: int, rate: float, stair: bool) -> None:
    kw = dict(
        lr_range_test_min_lr=low,
        lr_range_test_step_size=size,
        lr_range_test_step_rate=rate,
        lr_range_test_staircase=stair,
    )
    check(lp.LRRangeTest(**kw), peer("LRRangeTest", 5 * size + 20, **kw))


def test_lr_range_test_is_linear_at_huge_steps() -> None:
    s = lp.LRRangeTest(1e-3, 2000, 1.0)
    assert s(2000 * 10**9) == pytest.approx(1e-3 * (1 + 10**9), rel=1e-15)


def test_defaults_match() -> None:
    assert_matches("WarmupLR", 1100)
    assert_matches("WarmupDecayLR", 2100, 0.5, total_num_steps=2000)
    assert_matches("WarmupCosineLR", 2100, 0.5, total_num_steps=2000)
    kw = {"cycle_min_lr": 0.01, "cycle_max_lr": 0.1}
    check(lp.OneCycle(**kw), peer("OneCycle", 4100, **kw))
    check(lp.OneCycle_momentum(**kw), peer("OneCycle", 4100, key="betas", **kw))
    check(lp.LRRangeTest(), peer("LRRangeTest", 4100))


def test_whole_floats_are_counts() -> None:
    assert lp.WarmupDecayLR(1e3, warmup_num_steps=10) == lp.WarmupDecayLR(1000, warmup_num_steps=10)
    with pytest.raises(
        TypeError, match=r"WarmupLR\(\): warmup_num_steps must be an int >= 1, got 10\.0 \(float\)\."
    ):
        lp.WarmupLR(warmup_num_steps=10.0)  # DeepSpeed 0.19.8 itself refuses a float here


def test_quirks() -> None:
    s = lp.WarmupLR(warmup_max_lr=1.0, warmup_num_steps=10)
    assert s(0) == s(1) == 0.0 and s(9) < 1.0 and s(10) == 1.0  # log: peak one step late
    s = lp.WarmupLR(warmup_max_lr=1.0, warmup_num_steps=10, warmup_type="linear")
    assert s(10) < 1.0 and s(11) == 1.0  # linear: two steps late
    assert lp.WarmupDecayLR(100)(50) <= 0.001  # warmup_max_lr still defaults to 0.001
    assert lp.WarmupDecayLR(100, warmup_min_lr=0.1, warmup_max_lr=1.0)(10**6) == 0.1
    c = lp.WarmupCosineLR(100, warmup_num_steps=10, warmup_type="linear", base_lr=2.0)
    assert c(0) == 0.0 and max(c(np.arange(200))) < 2.0  # never exactly base_lr
    assert c(10**9) == pytest.approx(2.0 * 1e-4)


# ------------------------------------------------------------------------------ from_config


def peer_from_config(cfg: dict[str, Any], n: int, base_lr: float) -> np.ndarray:
    """What the engine's _scheduler_from_config builds: the named class on the optimizer, **params."""
    name = ds_config.get_scheduler_name(cfg)
    params = ds_config.get_scheduler_params(cfg)
    opt = optimizer(base_lr, betas=False)
    return run(getattr(ds, name)(opt, **params), opt, n)


CONFIGS = [
    {"type": "WarmupLR", "params": {"warmup_min_lr": 0.0, "warmup_max_lr": 0.001, "warmup_num_steps": 10}},
    {"type": "WarmupLR", "params": {"warmup_num_steps": 7, "warmup_type": "linear"}},
    {
        "type": "WarmupDecayLR",
        "params": {"total_num_steps": 50, "warmup_num_steps": 5, "warmup_max_lr": None},
    },
    {"type": "WarmupDecayLR", "params": {"total_num_steps": 50, "warmup_num_steps": 5}},
    {
        "type": "WarmupCosineLR",
        "params": {"total_num_steps": 40, "warmup_num_steps": 4, "warmup_min_ratio": 0.1},
    },
    {"type": "OneCycle", "params": {"cycle_min_lr": 1e-4, "cycle_max_lr": 1e-3, "cycle_first_step_size": 8}},
    {"type": "LRRangeTest", "params": {"lr_range_test_step_size": 5, "lr_range_test_staircase": True}},
]


@pytest.mark.parametrize("entry", CONFIGS, ids=[f"{c['type']}-{i}" for i, c in enumerate(CONFIGS)])
def test_from_config_forms(entry: dict[str, Any], tmp_path: pathlib.Path) -> None:
    cfg = {"train_batch_size": 8, "optimizer": {"type": "AdamW", "params": {"lr": 3e-4}}, "scheduler": entry}
    want = peer_from_config(cfg, 120, 3e-4)
    path = tmp_path / "ds_config.json"
    path.write_text(json.dumps(cfg))
    check(lp.from_config(cfg), want)
    check(lp.from_config(path), want)
    check(lp.from_config(str(path)), want)
    check(lp.from_config(entry, base_lr=3e-4), want)


def test_from_config_equals_the_engine() -> None:
    """deepspeed.initialize on CPU (one process): the lr of each applied step, as the engine sets it."""
    pytest.importorskip("deepspeed")
    import deepspeed

    os.environ.setdefault("MASTER_ADDR", "127.0.0.1")
    if "MASTER_PORT" not in os.environ:  # a free port: other test runs may share the machine
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            os.environ["MASTER_PORT"] = str(sock.getsockname()[1])
    for k, v in (("RANK", "0"), ("WORLD_SIZE", "1"), ("LOCAL_RANK", "0")):
        os.environ.setdefault(k, v)
    n = 30
    for entry in (CONFIGS[2], CONFIGS[4], CONFIGS[5]):
        cfg = {
            "train_batch_size": 1,
            "optimizer": {"type": "AdamW", "params": {"lr": 3e-4, "torch_adam": True}},
            "scheduler": entry,
        }
        model = torch.nn.Linear(1, 1)
        engine, opt, _, _ = deepspeed.initialize(model=model, model_parameters=model.parameters(), config=cfg)
        got = [opt.param_groups[0]["lr"]]
        for _ in range(n - 1):
            engine.backward(engine(torch.ones(1, 1)).sum())
            engine.step()
            got.append(opt.param_groups[0]["lr"])
        check(lp.from_config(cfg), np.array(got, dtype=np.float64))


@pytest.mark.parametrize(
    ("cfg", "exc", "match"),
    [
        pytest.param(
            {"scheduler": {"type": "WarmupLinearLR", "params": {}}},
            ValueError,
            r"from_config\(\): ds_config\['scheduler'\]\['type'\] must be one of 'WarmupLR', 'WarmupDecayLR', "
            r"'WarmupCosineLR', 'OneCycle', 'LRRangeTest', got 'WarmupLinearLR'\. Hint: DeepSpeed also accepts",
            id="unknown-type",
        ),
        pytest.param(
            {"scheduler": {"type": "WarmupLR", "params": {"warmup_steps": 10}}},
            ValueError,
            r"from_config\(\): ds_config\['scheduler'\]\['params'\] of WarmupLR must be made of warmup_min_lr, "
            r"warmup_max_lr, warmup_num_steps, warmup_type, got 'warmup_steps'\.",
            id="unknown-param",
        ),
        pytest.param(
            {"scheduler": {"type": "WarmupLR", "params": {"warmup_type": "cosine"}}},
            ValueError,
            r"WarmupLR\(\): warmup_type must be one of 'log', 'linear', got 'cosine'\.",
            id="unknown-warmup-type",
        ),
        pytest.param(
            {"scheduler": {"type": "WarmupDecayLR", "params": {"total_num_steps": "auto"}}},
            ValueError,
            r"\['total_num_steps'\] must be a number, got 'auto'\. Hint: the transformers Trainer fills 'auto'",
            id="auto",
        ),
        pytest.param(
            {
                "optimizer": {"params": {"lr": "auto"}},
                "scheduler": {"type": "WarmupCosineLR", "params": {"total_num_steps": 9}},
            },
            ValueError,
            r"ds_config\['optimizer'\]\['params'\]\['lr'\] must be a number when the scheduler reads the optimizer's lr",
            id="auto-lr",
        ),
        pytest.param(
            {"scheduler": {"type": "WarmupLR", "params": {"last_batch_iteration": 99}}},
            ValueError,
            r"last_batch_iteration'\] must be -1 \(a fresh schedule\), got 99\. Hint: for a resumed run",
            id="resumed",
        ),
        pytest.param(
            {"train_batch_size": 8},
            ValueError,
            r"from_config\(\): ds_config must have a 'scheduler' entry .*got the keys 'train_batch_size'\.",
            id="no-scheduler",
        ),
        pytest.param(
            {"scheduler": {"type": "WarmupLR", "params": {}, "args": 1}},
            ValueError,
            r"ds_config\['scheduler'\] keys must be only 'type' and 'params', got 'args'\.",
            id="extra-key",
        ),
        pytest.param(
            "/nonexistent/ds_config.json",
            ValueError,
            r"from_config\(\): cannot read the DeepSpeed config '/nonexistent/ds_config.json': No such file",
            id="missing-file",
        ),
        pytest.param(
            42,
            TypeError,
            r"from_config\(\): ds_config must be a dict, or the path of a DeepSpeed JSON config, got 42 \(int\)\.",
            id="not-a-config",
        ),
    ],
)
def test_from_config_refusals(cfg: Any, exc: type[Exception], match: str) -> None:
    with pytest.raises(exc, match=match):
        lp.from_config(cfg)


def test_from_config_bad_json(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "ds.json"
    path.write_text('{"scheduler": {"type": "WarmupLR",}}')
    with pytest.raises(
        ValueError, match=r"ds.json' is not valid JSON \(line 1, column 35: Expecting property name"
    ):
        lp.from_config(path)


@pytest.mark.parametrize(
    ("call", "exc", "match"),
    [
        pytest.param(
            lambda: lp.WarmupLR(warmup_num_steps=0),
            ValueError,
            r"WarmupLR\(\): warmup_num_steps must be an int >= 1, got 0\.",
            id="zero-warmup",
        ),
        pytest.param(
            lambda: lp.WarmupLR(warmup_max_lr=[0.1, 0.2]),
            TypeError,
            r"WarmupLR\(\): warmup_max_lr must be a real number, got \[0\.1, 0\.2\] \(list\)\. Hint: DeepSpeed takes "
            r"one value per param group",
            id="per-group-list",
        ),
        pytest.param(
            lambda: lp.WarmupDecayLR(10.5),
            ValueError,
            r"WarmupDecayLR\(\): total_num_steps must be a whole number \(an int >= 0, or a float such as 100\.0\), "
            r"got 10\.5\.",
            id="float-total",
        ),
        pytest.param(
            lambda: lp.WarmupCosineLR(100, cos_min_ratio=-0.1),
            ValueError,
            r"WarmupCosineLR\(\): cos_min_ratio must be a non-negative number, got -0\.1\. Hint: a negative ratio",
            id="negative-ratio",
        ),
        pytest.param(
            lambda: lp.OneCycle(0.1, 1.0, cycle_first_step_size=0),
            ValueError,
            r"OneCycle\(\): cycle_first_step_size must be an int >= 1, got 0\.",
            id="zero-first-half",
        ),
        pytest.param(
            lambda: lp.OneCycle(0.1, 1.0, decay_lr_rate=-1.0),
            ValueError,
            r"OneCycle\(\): decay_lr_rate must be a non-negative number, got -1\.0\.",
            id="negative-decay",
        ),
        pytest.param(
            lambda: lp.OneCycle_momentum(0.1, 1.0, cycle_momentum=False),
            ValueError,
            r"OneCycle_momentum\(\): cycle_momentum must be True for a momentum curve, got False\.",
            id="no-momentum",
        ),
        pytest.param(
            lambda: lp.OneCycle(0.1, 1.0, cycle_first_stair_count=10**6),
            ValueError,
            r"OneCycle\(\): cycle_first_stair_count must be at most 100000, got 1000000\.",
            id="too-many-stairs",
        ),
        pytest.param(
            lambda: lp.LRRangeTest(lr_range_test_step_size=0),
            ValueError,
            r"LRRangeTest\(\): lr_range_test_step_size must be an int >= 1, got 0\.",
            id="range-size",
        ),
    ],
)
def test_refusals(call: Any, exc: type[Exception], match: str) -> None:
    with pytest.raises(exc, match=match):
        call()
