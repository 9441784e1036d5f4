"""The torch adapter: exact values, multiplier mode, hyperparameters, state, tensors, errors."""

from __future__ import annotations

import io
import pathlib
import pickle

import numpy as np
import pytest
import torch
from torch._dynamo.utils import counters

import lr_curves as lrc
from lr_curves.adapters.torch import LambdaLR

SCHEDULES = {
    "warmup-cosine": lrc.warmup(lrc.cosine(0.1, 20, floor=0.001), 5),
    "sgdr": lrc.restart(lrc.cosine(0.1, 4, floor=0.001), growth=2, decay=0.5),
    "multistep": lrc.multistep(0.1, 0.1, [7, 14]),
    "inverse-sqrt": lrc.inverse_sqrt(0.01, 3),
}
N = 30


def _sgd(n_groups: int = 1, lr: float = 1.0, **kw: object) -> torch.optim.SGD:
    groups = [{"params": [torch.nn.Parameter(torch.zeros(2))]} for _ in range(n_groups)]
    return torch.optim.SGD(groups, lr=lr, **kw)  # type: ignore[arg-type]


def _run(opt: torch.optim.Optimizer, sched: LambdaLR, steps: int, key: str = "lr") -> list[object]:
    """The value of ``key`` in group 0 used by each of ``steps`` updates."""
    seen = []
    for _ in range(steps):
        seen.append(opt.param_groups[0][key])
        opt.step()
        sched.step()
    return seen


@pytest.mark.parametrize("name", SCHEDULES)
def test_kth_update_uses_s_of_k_bit_exactly(name: str) -> None:
    s = SCHEDULES[name]
    opt = _sgd(lr=123.0)
    sched = LambdaLR(opt, s, mode="absolute")  # the optimizer's 123.0 is ignored, as declared
    assert _run(opt, sched, N) == [s(k) for k in range(N)]
    assert sched.last_epoch == N
    assert sched.get_last_lr() == [s(N)]


def test_list_gives_each_group_its_schedule() -> None:
    a, b = SCHEDULES["warmup-cosine"], SCHEDULES["multistep"]
    opt = _sgd(n_groups=2)
    sched = LambdaLR(opt, [a, b])
    for _ in range(9):
        opt.step()
        sched.step()
    assert [g["lr"] for g in opt.param_groups] == [a(9), b(9)]


def test_multiply_mode_keeps_each_groups_base_lr() -> None:
    s = lrc.warmup(lrc.cosine(1.0, 10), 2)
    p = [torch.nn.Parameter(torch.zeros(1)) for _ in range(3)]
    opt = torch.optim.SGD(
        [{"params": [p[0]], "lr": 0.1}, {"params": [p[1]], "lr": 0.05}, {"params": [p[2]]}], lr=0.01
    )
    sched = LambdaLR(opt, s, mode="multiply")
    for _ in range(4):
        opt.step()
        sched.step()
    assert [g["lr"] for g in opt.param_groups] == [0.1 * s(4), 0.05 * s(4), 0.01 * s(4)]


@pytest.mark.parametrize(
    ("key", "optimizer"),
    [
        pytest.param("momentum", "sgd", id="sgd-momentum"),
        pytest.param("weight_decay", "sgd", id="sgd-weight-decay"),
        pytest.param("betas[0]", "adam", id="adam-betas0"),
        pytest.param("momentum", "adam", id="adam-momentum-is-betas0"),
    ],
)
def test_hyperparams_follow_their_schedules(key: str, optimizer: str) -> None:
    h = lrc.piecewise_cosine([0.95, 0.85, 0.95], at=[0, 4, 10])
    w = torch.nn.Parameter(torch.zeros(2))
    opt = torch.optim.SGD([w], lr=0.1, momentum=0.9) if optimizer == "sgd" else torch.optim.Adam([w], lr=0.1)
    sched = LambdaLR(opt, lrc.constant(0.1), hyperparams={key: h})
    seen = []
    for _ in range(12):
        g = opt.param_groups[0]
        seen.append(g["betas"][0] if optimizer == "adam" else g[key])
        w.grad = torch.ones(2)
        opt.step()
        sched.step()
    assert seen == [h(k) for k in range(12)]
    if optimizer == "adam":
        assert opt.param_groups[0]["betas"][1] == 0.999


@pytest.mark.parametrize("optimizer", ["sgd", "adam"])
def test_one_cycle_with_momentum_cycling_matches_torch_one_cycle_lr(optimizer: str) -> None:
    # OneCycleLR(max_lr=0.1, total_steps=50, pct_start=0.3): cosine phases that end at steps
    # 0.3 * 50 - 1 = 14 and 50 - 1 = 49; lr from 0.1/25 up to 0.1 and down to 0.1/25/1e4,
    # momentum from 0.95 down to 0.85 and back.
    lr = lrc.piecewise_cosine([0.004, 0.1, 4e-7], at=[0, 14, 49])
    mom = lrc.piecewise_cosine([0.95, 0.85, 0.95], at=[0, 14, 49])

    def make() -> torch.optim.Optimizer:
        w = torch.nn.Parameter(torch.zeros(2))
        if optimizer == "sgd":
            return torch.optim.SGD([w], lr=0.1, momentum=0.9)
        return torch.optim.Adam([w], lr=0.1)

    ref_opt, our_opt = make(), make()
    ref = torch.optim.lr_scheduler.OneCycleLR(ref_opt, max_lr=0.1, total_steps=50, pct_start=0.3)
    ours = LambdaLR(our_opt, lr, hyperparams={"momentum": mom})
    key = "momentum" if optimizer == "sgd" else "betas"

    def values(opt: torch.optim.Optimizer) -> tuple[float, float]:
        g = opt.param_groups[0]
        return g["lr"], g[key] if optimizer == "sgd" else g[key][0]

    got, want = [], []
    for _ in range(50):
        got.append(values(our_opt))
        want.append(values(ref_opt))
        ref_opt.step()
        our_opt.step()
        ref.step()
        ours.step()
    np.testing.assert_allclose(np.array(got), np.array(want), rtol=1e-12, atol=0)


@pytest.mark.parametrize("order", ["optimizer-first", "scheduler-first"])
def test_fresh_optimizer_and_scheduler_continue_the_identical_sequence(order: str) -> None:
    s = SCHEDULES["sgdr"]
    h = lrc.linear(0.9, 0.5, 20)
    opt = _sgd(lr=0.1, momentum=0.9)
    sched = LambdaLR(opt, s, hyperparams={"momentum": h})
    _run(opt, sched, 13)
    buf = io.BytesIO()
    torch.save({"opt": opt.state_dict(), "sched": sched.state_dict()}, buf)
    buf.seek(0)
    ckpt = torch.load(buf)  # weights_only=True: the state holds data, no code

    opt2 = _sgd(lr=0.1, momentum=0.9)
    placeholder = {
        "hyperparams": {"momentum": lrc.constant(0.0)},
        "on_mismatch": "checkpoint",
        "mode": "absolute",
    }
    if order == "optimizer-first":
        opt2.load_state_dict(ckpt["opt"])
        sched2 = LambdaLR(opt2, lrc.constant(1.0), **placeholder)  # type: ignore[arg-type]
        sched2.load_state_dict(ckpt["sched"])
    else:
        sched2 = LambdaLR(opt2, lrc.constant(1.0), **placeholder)  # type: ignore[arg-type]
        opt2.load_state_dict(ckpt["opt"])
        sched2.load_state_dict(ckpt["sched"])
    assert sched2.schedules == [s]
    assert sched2.hyperparams == {"momentum": [h]}
    assert _run(opt2, sched2, 7) == [s(k) for k in range(13, 20)]
    assert opt2.param_groups[0]["momentum"] == h(20)


def test_state_dict_holds_schedules_as_data() -> None:
    s = SCHEDULES["warmup-cosine"]
    sched = LambdaLR(_sgd(), s, hyperparams={"weight_decay": lrc.constant(0.01)})
    state = sched.state_dict()
    assert state["lr_curves"]["schedules"] == [s.to_dict()]
    assert state["lr_curves"]["hyperparams"] == {"weight_decay": [lrc.constant(0.01).to_dict()]}
    assert "lr_lambdas" not in state
    assert b"lr_curves._primitives" not in pickle.dumps(state)  # no class is pickled


def test_scheduler_pickles_and_torch_saves(tmp_path: pathlib.Path) -> None:
    s = SCHEDULES["multistep"]
    opt = _sgd()
    sched = LambdaLR(opt, s, strict=True)
    _run(opt, sched, 8)
    clone = pickle.loads(pickle.dumps(sched))
    torch.save(sched, tmp_path / "sched.pt")
    loaded = torch.load(tmp_path / "sched.pt", weights_only=False)
    for copy in (clone, loaded):
        assert copy.last_epoch == 8
        assert copy.schedules == [s]
        assert copy.strict
        assert _run(copy.optimizer, copy, 2) == [s(8), s(9)]


def test_tensor_lr_is_filled_in_place_without_recompiling() -> None:
    s = SCHEDULES["warmup-cosine"]
    w = torch.nn.Parameter(torch.ones(3))
    opt = torch.optim.Adam([w], lr=torch.tensor(0.01), foreach=False)
    sched = LambdaLR(opt, s, mode="absolute")
    lr_tensor = opt.param_groups[0]["lr"]

    @torch.compile(backend="eager")
    def step() -> None:
        opt.step()

    counters.clear()
    torch._dynamo.reset()
    seen = []
    for _ in range(6):
        seen.append(opt.param_groups[0]["lr"].item())
        w.grad = torch.ones(3)
        step()
        sched.step()
        assert opt.param_groups[0]["lr"] is lr_tensor
    assert seen == [torch.tensor(s(k), dtype=torch.float32).item() for k in range(6)]
    assert counters["stats"]["unique_graphs"] == 1


def test_strict_allows_reaching_the_end_and_refuses_to_step_past_it() -> None:
    opt = _sgd()
    sched = LambdaLR(opt, lrc.linear(0.1, 0.0, 3), strict=True)
    _run(opt, sched, 3)
    assert opt.param_groups[0]["lr"] == 0.0
    msg = (
        r"LambdaLR\.step\(\): step 4 is past the end of the lr schedule linear\(0\.1, 0\.0, 3\), "
        r"whose length is 3 \(strict=True\)\. Hint: lengthen the schedule"
    )
    with pytest.raises(ValueError, match=msg):
        sched.step()
    assert sched.last_epoch == 3  # nothing changed


def test_strict_checks_hyperparam_schedules_too() -> None:
    opt = _sgd(momentum=0.9)
    sched = LambdaLR(opt, lrc.constant(0.1), hyperparams={"momentum": lrc.linear(0.9, 0.8, 1)}, strict=True)
    _run(opt, sched, 1)
    with pytest.raises(ValueError, match=r"step 2 is past the end of the momentum schedule linear"):
        sched.step()


def test_not_strict_holds_the_final_value() -> None:
    opt = _sgd()
    sched = LambdaLR(opt, lrc.linear(0.1, 0.0, 3))
    assert _run(opt, sched, 6)[-1] == 0.0


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        pytest.param(
            {"schedule": [lrc.constant(0.1)]},
            ValueError,
            r"LambdaLR\(\): schedule must have one schedule per param group, got 1 schedules for 2 param groups\.",
            id="list-too-short",
        ),
        pytest.param(
            {"schedule": lambda k: 0.1},
            TypeError,
            r"LambdaLR\(\): schedule must be an lr_curves Schedule or a list of them .*\(function\)\. "
            r"Hint: for a plain Python function use torch\.optim\.lr_scheduler\.LambdaLR",
            id="function",
        ),
        pytest.param(
            {"schedule": [lrc.constant(0.1), 0.5]},
            TypeError,
            r"LambdaLR\(\): schedule\[1\] must be an lr_curves Schedule, got 0\.5 \(float\)\. "
            r"Hint: wrap a number in lr_curves\.constant",
            id="number-in-list",
        ),
        pytest.param(
            {"mode": "relative"},
            ValueError,
            r"LambdaLR\(\): mode must be 'absolute' or 'multiply', got 'relative'\.",
            id="mode",
        ),
        pytest.param(
            {"hyperparams": {"betas[0]": lrc.constant(0.9)}},
            ValueError,
            r"LambdaLR\(\): hyperparams key 'betas\[0\]' is not in param group 0, whose keys are \[",
            id="sgd-has-no-betas",
        ),
        pytest.param(
            {"hyperparams": {"lr": lrc.constant(0.9)}},
            ValueError,
            r"LambdaLR\(\): hyperparams must not contain 'lr', got 'lr'\. Hint: the lr schedule is",
            id="lr-in-hyperparams",
        ),
        pytest.param(
            {"hyperparams": {"momentum": [lrc.constant(0.9)] * 3}},
            ValueError,
            r"LambdaLR\(\): hyperparams\['momentum'\] must have one schedule per param group, got 3",
            id="hyperparam-list-length",
        ),
        pytest.param(
            {"strict": 1},
            TypeError,
            r"LambdaLR\(\): strict must be a bool, got 1 \(int\)\.",
            id="strict-not-bool",
        ),
    ],
)
def test_misuse_is_a_clear_error(kwargs: dict[str, object], error: type[Exception], match: str) -> None:
    args: dict[str, object] = {"schedule": lrc.constant(0.1), **kwargs}
    with pytest.raises(error, match=match):
        LambdaLR(_sgd(n_groups=2, momentum=0.9), **args)  # type: ignore[arg-type]


def test_optimizer_must_be_an_optimizer() -> None:
    with pytest.raises(
        TypeError, match=r"LambdaLR\(\): optimizer must be a torch\.optim\.Optimizer, got 0\.1 \(float\)\."
    ):
        LambdaLR(0.1, lrc.constant(0.1))  # type: ignore[arg-type]


def test_loading_a_torch_lambda_lr_state_is_a_clear_error() -> None:
    opt = _sgd()
    theirs = torch.optim.lr_scheduler.LambdaLR(opt, lambda k: 1.0)
    ours = LambdaLR(_sgd(), lrc.constant(0.1))
    with pytest.raises(
        ValueError, match=r"LambdaLR\.load_state_dict\(\): expected a state from lr_curves' LambdaLR"
    ):
        ours.load_state_dict(theirs.state_dict())


def test_loading_into_an_optimizer_with_other_groups_is_a_clear_error() -> None:
    state = LambdaLR(_sgd(n_groups=2), lrc.constant(0.1)).state_dict()
    with pytest.raises(ValueError, match=r"the state has 2 schedules but the optimizer has 1 param groups\."):
        LambdaLR(_sgd(), lrc.constant(0.1)).load_state_dict(state)


def test_is_a_torch_lambda_lr() -> None:
    assert isinstance(LambdaLR(_sgd(), lrc.constant(0.1)), torch.optim.lr_scheduler.LambdaLR)


@pytest.mark.parametrize(
    ("step", "dtype"),
    [
        pytest.param(torch.tensor([True, False]), "torch.bool", id="bool"),
        pytest.param(torch.tensor([1 + 0j]), "torch.complex64", id="complex"),
        pytest.param(torch.tensor(True), "torch.bool", id="bool-0d"),
    ],
)
def test_bool_and_complex_tensors_are_refused_as_numpy_arrays_are(step: torch.Tensor, dtype: str) -> None:
    s = lrc.cosine(1.0, 10)
    with pytest.raises(TypeError) as numpy_error:
        s(np.asarray(step.numpy()))
    with pytest.raises(TypeError) as torch_error:
        s(step)
    # The same words, with torch's name of the dtype.
    assert str(torch_error.value) == str(numpy_error.value).replace(dtype.removeprefix("torch."), dtype)
