"""The torch adapter where it meets a training run: no silent 10x, resume policies, step clocks,
and every field of a loaded state validated."""

from __future__ import annotations

import io
import pickle
import warnings
from collections.abc import Iterator
from typing import Any

import pytest
import torch

import lr_curves as lrc
from lr_curves.adapters.torch import LambdaLR

MULTIPLIER = lrc.warmup(lrc.cosine(1.0, 90), 10)
PLAN = lrc.warmup(lrc.cosine(0.1, 90, floor=0.001), 10)


@pytest.fixture(autouse=True)
def _no_user_warnings() -> Iterator[None]:
    # No "lr_scheduler.step() before optimizer.step()" (or any other) warning in these patterns.
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)
        yield


def _sgd(lr: float | torch.Tensor = 0.1, groups: int = 1, **kw: Any) -> torch.optim.SGD:
    params = [{"params": [torch.nn.Parameter(torch.zeros(2))]} for _ in range(groups)]
    return torch.optim.SGD(params, lr=lr, **kw)  # type: ignore[arg-type]


def _train(opt: torch.optim.Optimizer, sched: LambdaLR, n: int) -> list[float]:
    used = []
    for _ in range(n):
        lr = opt.param_groups[0]["lr"]
        used.append(lr.item() if isinstance(lr, torch.Tensor) else lr)
        for g in opt.param_groups:
            for p in g["params"]:
                p.grad = torch.ones_like(p)
        opt.step()
        sched.step()
    return used


def _checkpoint(sched: LambdaLR) -> dict[str, Any]:
    buf = io.BytesIO()
    torch.save(sched.state_dict(), buf)
    buf.seek(0)
    state: dict[str, Any] = torch.load(buf)  # weights_only=True
    return state


# ------------------------------------------------------------------------------ no silent 10x
def test_a_multiplier_schedule_on_an_optimizer_lr_is_refused_naming_both_numbers() -> None:
    # The reported case: SGD(lr=0.1) and a schedule peaking at 1.0 trained at lr 1.0.
    msg = (
        r"^LambdaLR\(\): the optimizer's lr is 0\.1, but the schedule warmup\(cosine\(1\.0, 90\), 10\) "
        r"is absolute by default: the lr would follow it \(peak 1\.0; 0\.0 at step 0\) and the "
        r"optimizer's 0\.1 would be ignored\. Pass mode=\"multiply\" if the schedule multiplies the "
        r"optimizer's lr \(torch's LambdaLR: lr = 0\.1 \* s\(k\)\), or mode=\"absolute\""
    )
    opt = _sgd(lr=0.1)
    with pytest.raises(ValueError, match=msg):
        LambdaLR(opt, MULTIPLIER)
    assert opt.param_groups[0]["lr"] == 0.1  # nothing was changed
    assert "initial_lr" not in opt.param_groups[0]


def test_the_message_names_the_param_group() -> None:
    opt = torch.optim.SGD(
        [
            {"params": [torch.nn.Parameter(torch.zeros(1))]},
            {"params": [torch.nn.Parameter(torch.zeros(1))], "lr": 0.01},
        ],
        lr=1.0,
    )
    with pytest.raises(ValueError, match=r"the optimizer's lr is 0\.01 \(param group 1\)"):
        LambdaLR(opt, MULTIPLIER)


@pytest.mark.parametrize(
    ("lr", "schedule"),
    [
        pytest.param(1.0, PLAN, id="lr-1.0"),
        pytest.param(0.1, PLAN, id="lr-is-the-peak"),
        pytest.param(0.0, PLAN, id="lr-is-the-first-value"),
        pytest.param(0.1, lrc.constant(0.1), id="constant"),
        pytest.param(0.1, lrc.triangle(0.001, 0.1, 7), id="peak-at-a-boundary"),
        pytest.param(torch.tensor(0.1), PLAN, id="tensor-lr"),
    ],
)
def test_an_lr_that_says_absolute_is_accepted(lr: float | torch.Tensor, schedule: lrc.Schedule) -> None:
    opt = _sgd(lr=lr)
    sched = LambdaLR(opt, schedule)
    assert sched.mode == "absolute"
    assert _train(opt, sched, 12)[-1] == pytest.approx(schedule(11), rel=1e-7)


def test_saying_the_mode_is_always_accepted() -> None:
    opt = _sgd(lr=0.1)
    multiply = LambdaLR(opt, MULTIPLIER, mode="multiply")
    assert _train(opt, multiply, 20)[-1] == 0.1 * MULTIPLIER(19)
    opt = _sgd(lr=0.1)
    absolute = LambdaLR(opt, MULTIPLIER, mode="absolute")
    assert _train(opt, absolute, 20)[-1] == MULTIPLIER(19)


# ------------------------------------------------------------------------------ resume policies
def _interrupted(
    policy: str, new: lrc.Schedule, at: int = 30, more: int = 10
) -> tuple[LambdaLR, list[float]]:
    opt = _sgd()
    sched = LambdaLR(opt, PLAN)
    _train(opt, sched, at)
    state = _checkpoint(sched)
    opt2 = _sgd()
    sched2 = LambdaLR(opt2, new, on_mismatch=policy)
    sched2.load_state_dict(state)
    return sched2, _train(opt2, sched2, more)


def test_default_refuses_a_changed_plan_and_shows_the_difference() -> None:
    longer = lrc.warmup(lrc.cosine(0.1, 190, floor=0.001), 10)
    msg = (
        r"^LambdaLR\.load_state_dict\(\): the checkpoint's schedules differ from the ones given to "
        r"the constructor:\n  lr: cosine steps: 90 in the checkpoint, 190 now\n"
        r"Pass on_mismatch=\"new\" to LambdaLR\(\.\.\.\) to continue from step 30 on the constructor's "
        r"schedules \(see lr_curves\.retarget to extend a plan\), or on_mismatch=\"checkpoint\" to "
        r"continue on the checkpoint's\.$"
    )
    opt = _sgd()
    sched = LambdaLR(opt, PLAN)
    _train(opt, sched, 30)
    state = _checkpoint(sched)
    opt2 = _sgd()
    sched2 = LambdaLR(opt2, longer)
    before = set(sched2.__dict__)
    with pytest.raises(ValueError, match=msg):
        sched2.load_state_dict(state)
    assert sched2.last_epoch == 0 and sched2.schedules == [longer]  # nothing was loaded
    assert set(sched2.__dict__) == before


@pytest.mark.parametrize(
    ("new", "line"),
    [
        pytest.param(
            lrc.warmup(lrc.cosine(0.1, 90), 10),
            r"lr: cosine floor: 0\.001 in the checkpoint, 0\.0 \(the default\) now",
            id="default-field",
        ),
        pytest.param(
            lrc.warmup(lrc.cosine(0.1, 90, floor=0.001), 10, shape="cosine"),
            r"lr: warmup shape: 'linear' \(the default\) in the checkpoint, 'cosine' now",
            id="warmup-shape",
        ),
        pytest.param(
            lrc.cosine(0.1, 100, floor=0.001),
            r"lr: schedule: warmup\(cosine\(0\.1, 90, floor=0\.001\), 10\) in the checkpoint, "
            r"cosine\(0\.1, 100, floor=0\.001\) now",
            id="other-kind",
        ),
    ],
)
def test_differences_read_at_a_glance(new: lrc.Schedule, line: str) -> None:
    with pytest.raises(ValueError, match=line):
        _interrupted("error", new)


def test_same_plan_no_complaint() -> None:
    _, used = _interrupted("error", lrc.parse(repr(PLAN)))
    assert used == [PLAN(k) for k in range(30, 40)]


def test_checkpoint_policy_keeps_the_checkpoints_plan() -> None:
    sched, used = _interrupted("checkpoint", lrc.constant(0.1))
    assert sched.schedules == [PLAN]
    assert used == [PLAN(k) for k in range(30, 40)]


def test_new_policy_continues_from_the_step_on_the_new_plan() -> None:
    longer = lrc.warmup(lrc.cosine(0.1, 190, floor=0.001), 10)
    sched, used = _interrupted("new", longer)
    assert sched.schedules == [longer]
    assert used == [longer(k) for k in range(30, 40)]


def test_extend_a_run_recipe_with_retarget() -> None:
    # Planned for 100 steps; at the checkpoint (step 60) the run is extended to 200: the same lr
    # up to 60, then the rest of the plan stretched to reach its floor exactly at 200.
    extended = PLAN.retarget(60, 200)
    _, used = _interrupted("new", extended, at=60, more=150)
    assert used[0] == PLAN(60)
    assert used == [extended(k) for k in range(60, 210)]
    assert used[140] == 0.001 and used[139] > 0.001  # step 200: the floor, not before


def test_mode_and_hyperparams_changes_are_differences_too() -> None:
    opt = _sgd(momentum=0.9)
    sched = LambdaLR(opt, PLAN, hyperparams={"momentum": lrc.constant(0.9)})
    state = _checkpoint(sched)
    other = LambdaLR(_sgd(lr=1.0, momentum=0.9), PLAN, mode="multiply")
    with pytest.raises(ValueError) as info:
        other.load_state_dict(state)
    text = str(info.value)
    assert "hyperparams['momentum']: scheduled in the checkpoint, not now" in text
    assert "mode: 'absolute' in the checkpoint, 'multiply' now" in text


def test_several_groups_with_the_same_change_say_so_once() -> None:
    opt = _sgd(groups=2)
    state = _checkpoint(LambdaLR(opt, PLAN))
    with pytest.raises(
        ValueError, match=r"lr \(every param group\): cosine steps: 90 in the checkpoint, 91 now"
    ):
        LambdaLR(_sgd(groups=2), lrc.warmup(lrc.cosine(0.1, 91, floor=0.001), 10)).load_state_dict(state)


# ------------------------------------------------------------------------------ step clocks
def test_optimizer_clock_under_gradient_accumulation() -> None:
    # sched.step() every micro-batch, optimizer.step() every 4th: the schedule follows updates.
    w = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([w], lr=0.1)
    sched = LambdaLR(opt, PLAN, clock="optimizer")
    used = []
    for micro in range(40):
        (-w).sum().backward()
        if micro % 4 == 3:
            before = w.item()
            opt.step()
            used.append(w.item() - before)  # d loss / d w = -4 (accumulated): moves by 4 * lr
            opt.zero_grad()
        sched.step()
    assert used == pytest.approx([4 * PLAN(k) for k in range(10)], rel=1e-6)
    assert sched.last_epoch == 10
    assert opt.param_groups[0]["lr"] == PLAN(10)


def test_scheduler_clock_is_the_default_and_counts_step_calls() -> None:
    opt = _sgd()
    sched = LambdaLR(opt, PLAN)
    assert sched.clock == "scheduler"
    for _ in range(3):
        opt.step()
        for _ in range(4):
            sched.step()
    assert sched.last_epoch == 12


def test_optimizer_clock_does_not_advance_on_an_update_grad_scaler_skips() -> None:
    w = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([w], lr=0.1)
    sched = LambdaLR(opt, PLAN, clock="optimizer")
    scaler = torch.amp.GradScaler("cpu", init_scale=2.0**4)
    used = []
    for i in range(12):
        loss = -w.sum() * (float("inf") if i in (0, 5) else 1.0)  # inf gradients at 0 and 5
        scaler.scale(loss).backward()
        scale = scaler.get_scale()
        lr = opt.param_groups[0]["lr"]
        scaler.step(opt)
        scaler.update()
        opt.zero_grad()
        sched.step()
        if scaler.get_scale() >= scale:  # the scaler backs off after a skipped update
            used.append(lr)
    assert len(used) == 10  # two updates skipped
    assert used == [PLAN(k) for k in range(10)]  # ... and the schedule did not advance for them
    assert sched.last_epoch == 10


def test_optimizer_clock_state_round_trip_and_pickle() -> None:
    opt = _sgd()
    sched = LambdaLR(opt, PLAN, clock="optimizer")
    _train(opt, sched, 7)
    state = _checkpoint(sched)
    assert state["lr_curves"]["clock"] == "optimizer"
    assert state["lr_curves"]["updates"] == 7
    opt2 = _sgd()
    sched2 = LambdaLR(opt2, PLAN, clock="optimizer")
    sched2.load_state_dict(state)
    assert _train(opt2, sched2, 3) == [PLAN(k) for k in range(7, 10)]
    clone = pickle.loads(pickle.dumps(sched2))  # the optimizer's hook is registered again
    assert _train(clone.optimizer, clone, 3) == [PLAN(k) for k in range(10, 13)]


def test_checkpoint_policy_restores_the_clock() -> None:
    opt = _sgd()
    sched = LambdaLR(opt, PLAN, clock="optimizer")
    _train(opt, sched, 5)
    opt2 = _sgd()
    sched2 = LambdaLR(opt2, PLAN, on_mismatch="checkpoint")
    sched2.load_state_dict(_checkpoint(sched))
    assert sched2.clock == "optimizer"
    opt2.step()
    opt2.step()  # no sched.step(): the optimizer's updates alone drive the lr
    assert opt2.param_groups[0]["lr"] == PLAN(7)


def test_optimizer_clock_refuses_an_epoch() -> None:
    sched = LambdaLR(_sgd(), PLAN, clock="optimizer")
    with pytest.raises(ValueError, match=r"^LambdaLR\.step\(\): epoch must be None with clock='optimizer'"):
        sched.step(5)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"clock": "epoch"}, r"^LambdaLR\(\): clock must be 'scheduler' or 'optimizer', got 'epoch'\.$"),
        (
            {"on_mismatch": "warn"},
            r"^LambdaLR\(\): on_mismatch must be 'error', 'checkpoint' or 'new', got 'warn'\.$",
        ),
        ({"last_epoch": -2}, r"^LambdaLR\(\): last_epoch must be an int >= -1, got -2\.$"),
    ],
)
def test_unknown_options_are_clear_errors(kwargs: dict[str, Any], match: str) -> None:
    with pytest.raises(ValueError, match=match):
        LambdaLR(_sgd(), PLAN, **kwargs)


# ------------------------------------------------------------------------------ state validation
def _state() -> dict[str, Any]:
    opt = _sgd()
    sched = LambdaLR(opt, PLAN)
    _train(opt, sched, 3)
    return _checkpoint(sched)


def _spoil(path: str, value: Any) -> dict[str, Any]:
    state = _state()
    where = state
    *parents, leaf = path.split(".")
    for p in parents:
        where = where[p]
    if value is KeyError:
        del where[leaf]
    else:
        where[leaf] = value
    return state


@pytest.mark.parametrize(
    ("state", "match"),
    [
        pytest.param(
            _spoil("lr_curves.mode", "bogus"),
            r"state key 'lr_curves\.mode' must be 'absolute' or 'multiply', got 'bogus'",
            id="mode",
        ),
        pytest.param(
            _spoil("lr_curves.strict", "yes"),
            r"state key 'lr_curves\.strict' must be a bool, got 'yes' \(str\)",
            id="strict",
        ),
        pytest.param(
            _spoil("base_lrs", ["x"]),
            r"state key 'base_lrs' must be a list of 1 finite numbers \(one per param group\), got \['x'\]",
            id="base_lrs",
        ),
        pytest.param(
            _spoil("base_lrs", [float("nan")]),
            r"state key 'base_lrs' must be a list of 1 finite numbers",
            id="base_lrs-nan",
        ),
        pytest.param(
            _spoil("last_epoch", 2.5),
            r"state key 'last_epoch' must be an int >= 0, got 2\.5 \(float\)",
            id="last_epoch-float",
        ),
        pytest.param(
            _spoil("last_epoch", True),
            r"state key 'last_epoch' must be an int >= 0, got True \(bool\)",
            id="last_epoch-bool",
        ),
        pytest.param(
            _spoil("last_epoch", KeyError), r"state key 'last_epoch' must be present", id="no-last_epoch"
        ),
        pytest.param(
            _spoil("_step_count", -1), r"state key '_step_count' must be an int >= 0, got -1", id="step_count"
        ),
        pytest.param(
            _spoil("_last_lr", [torch.tensor(True)]),
            r"state key '_last_lr' must be a list of 1 finite numbers",
            id="bool-tensor",
        ),
        pytest.param(
            _spoil("lr_curves.schedules", KeyError),
            r"state key 'lr_curves\.schedules' must be a list of schedule dicts",
            id="no-schedules",
        ),
        pytest.param(
            _spoil("lr_curves.schedules", [{"x": 1}]),
            r"state key 'lr_curves\.schedules\[0\]' is not a schedule: from_dict\(\)",
            id="bad-schedule",
        ),
        pytest.param(
            _spoil("lr_curves.clock", "wall"),
            r"state key 'lr_curves\.clock' must be 'scheduler' or 'optimizer', got 'wall'",
            id="clock",
        ),
        pytest.param(
            _spoil("lr_curves.updates", -3),
            r"state key 'lr_curves\.updates' must be an int >= 0, got -3",
            id="updates",
        ),
        pytest.param(
            _spoil("lr_curves.hyperparams", []),
            r"state key 'lr_curves\.hyperparams' must be a dict",
            id="hyperparams",
        ),
        pytest.param(
            _spoil("lr_curves", []),
            r"state key 'lr_curves' must be a dict, got \[\] \(list\)",
            id="lr_curves-list",
        ),
        pytest.param(
            _spoil("optimizer", "x"),
            r"state key 'optimizer' must be absent \(not a key of a scheduler state\), got 'x'",
            id="optimizer",
        ),
        pytest.param(
            {"step": 0, "optimizer": "x"},
            r"expected a state from lr_curves' LambdaLR\.state_dict\(\)",
            id="foreign",
        ),
        pytest.param(_spoil("lr_curves.version", 7), r"state version must be 2, got 7\.", id="version"),
    ],
)
def test_every_field_of_a_loaded_state_is_checked_before_anything_is_stored(state: Any, match: str) -> None:
    opt = _sgd()
    sched = LambdaLR(opt, PLAN)
    before = {k: v for k, v in sched.__dict__.items() if k != "optimizer"}
    lr_before = opt.param_groups[0]["lr"]
    with pytest.raises(ValueError, match=match):
        sched.load_state_dict(state)
    assert {k: v for k, v in sched.__dict__.items() if k != "optimizer"} == before
    assert opt.param_groups[0]["lr"] == lr_before
    assert _train(opt, sched, 2) == [PLAN(0), PLAN(1)]  # still works


def test_a_version_1_state_loads_with_the_scheduler_clock() -> None:
    state = _state()
    ours = state["lr_curves"]
    ours["version"] = 1
    del ours["clock"], ours["updates"]
    opt = _sgd()
    sched = LambdaLR(opt, PLAN)
    sched.load_state_dict(state)
    assert sched.clock == "scheduler"
    assert _train(opt, sched, 2) == [PLAN(3), PLAN(4)]
