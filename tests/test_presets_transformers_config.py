"""presets.transformers.get_scheduler and from_training_arguments against transformers 5.23's own
get_scheduler and a real Trainer's create_scheduler."""

from __future__ import annotations

import json
import math
import pathlib
import warnings
from typing import Any

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from lr_curves.presets import transformers as lp

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")
from transformers import Trainer, TrainingArguments  # noqa: E402
from transformers.optimization import get_scheduler  # noqa: E402
from transformers.trainer_utils import SchedulerType  # noqa: E402


def steps(sched: Any, opt: Any, n: int) -> np.ndarray:
    out = [opt.param_groups[0]["lr"]]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for _ in range(n - 1):
            opt.step()
            sched.step()
            out.append(opt.param_groups[0]["lr"])
    return np.array(out, dtype=np.float64)


def sgd(lr: float) -> Any:
    return torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=lr)


def check(s: Any, want: np.ndarray) -> None:
    ks = np.arange(len(want))
    tol = 1e-9 * max(float(np.max(np.abs(want))), 1e-300)
    np.testing.assert_allclose(s(ks), want, rtol=0, atol=tol)
    np.testing.assert_allclose([s(int(k)) for k in ks], want, rtol=0, atol=tol)


#: Valid scheduler_specific_kwargs per SchedulerType (the peer's own ranges).
KWARGS: dict[str, st.SearchStrategy[dict[str, Any]]] = {
    "linear": st.just({}),
    "cosine": st.fixed_dictionaries({}, optional={"num_cycles": st.sampled_from([0.5, 1.0, 0.25, 2.0])}),
    "cosine_with_restarts": st.fixed_dictionaries({}, optional={"num_cycles": st.integers(0, 5)}),
    "polynomial": st.fixed_dictionaries(
        {}, optional={"lr_end": st.sampled_from([0.0, 1e-7, 1e-5]), "power": st.sampled_from([1.0, 2.0, 0.5])}
    ),
    "constant": st.just({}),
    "constant_with_warmup": st.just({}),
    "inverse_sqrt": st.fixed_dictionaries({}, optional={"timescale": st.integers(1, 30)}),
    "cosine_with_min_lr": st.fixed_dictionaries(
        {"min_lr_rate": st.sampled_from([0.0, 0.1])}, optional={"num_cycles": st.sampled_from([0.5, 1.0])}
    ),
    "cosine_warmup_with_min_lr": st.fixed_dictionaries(
        {"min_lr_rate": st.sampled_from([0.0, 0.1])}, optional={"warmup_lr_rate": st.sampled_from([0.0, 0.1])}
    ),
    "warmup_stable_decay": st.fixed_dictionaries(
        {"num_decay_steps": st.integers(0, 10)},
        optional={
            "decay_type": st.sampled_from(["linear", "cosine", "1-sqrt"]),
            "warmup_type": st.sampled_from(["linear", "cosine", "1-sqrt"]),
            "min_lr_ratio": st.sampled_from([0.0, 0.1]),
        },
    ),
}
NAMES = sorted(KWARGS)


def _case(draw: Any) -> tuple[str, int, int, dict[str, Any]]:
    name = draw(st.sampled_from(NAMES))
    kw = draw(KWARGS[name])
    w = 0 if name == "constant" else draw(st.integers(0, 12))
    lo = w + 1 + kw.get("num_decay_steps", 0)
    t = draw(st.integers(lo, lo + 40))
    return name, w, t, kw


cases = st.composite(_case)()


@settings(max_examples=120, deadline=None)
@given(cases, st.sampled_from([1.0, 3e-4, 0.1]))
@example(("warmup_stable_decay", 2, 3, {"num_decay_steps": 0}), 1.0)
@example(("linear", 0, 1, {}), 1.0)
@example(("cosine_with_restarts", 1, 2, {"num_cycles": 0}), 1.0)
def test_get_scheduler_by_name(case: tuple[str, int, int, dict[str, Any]], base: float) -> None:
    name, w, t, kw = case
    opt = sgd(base)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sched = get_scheduler(
            name, opt, num_warmup_steps=w, num_training_steps=t, scheduler_specific_kwargs=kw
        )
    want = steps(sched, opt, 2 * t + 10)
    check(
        lp.get_scheduler(
            name, num_warmup_steps=w, num_training_steps=t, scheduler_specific_kwargs=kw, base_lr=base
        ),
        want,
    )
    check(
        lp.get_scheduler(
            SchedulerType(name),
            num_warmup_steps=w,
            num_training_steps=t,
            scheduler_specific_kwargs=kw,
            base_lr=base,
        ),
        want,
    )  # the enum itself


def test_every_scheduler_type_is_known() -> None:
    assert {t.value for t in SchedulerType} == set(lp._SCHEDULER_TYPES)
    assert set(KWARGS) | {"reduce_lr_on_plateau", "greedy"} == set(lp._SCHEDULER_TYPES)
    assert isinstance(lp.get_scheduler("greedy"), lp.GreedyLR)
    assert lp.GreedyLR("max", 0.5) == lp.GreedyLR(mode="max", factor=0.5)  # transformers' positions


def test_get_scheduler_plateau_is_the_reducer() -> None:
    opt = sgd(0.5)
    sched = get_scheduler("reduce_lr_on_plateau", opt, scheduler_specific_kwargs={"patience": 1})
    metrics = [1.0, 1.0, 1.0, 0.5, 0.6, 0.7, 0.8]
    want = []
    for m in metrics:
        sched.step(m)
        want.append(opt.param_groups[0]["lr"])
    r = lp.get_scheduler("reduce_lr_on_plateau", scheduler_specific_kwargs={"patience": 1}, base_lr=0.5)
    assert r.trace(metrics) == want


def peer_greedy(metrics: list[float], base: float, **kw: Any) -> list[float]:
    opt = sgd(base)
    sched = get_scheduler("greedy", opt, scheduler_specific_kwargs=kw)
    out = []
    for m in metrics:
        sched.step(m)
        out.append(opt.param_groups[0]["lr"])
    return out


metric_lists = st.lists(
    st.one_of(st.sampled_from([1.0, 0.9, 1.1, 0.5, 2.0, math.nan]), st.floats(0.0, 3.0)),
    min_size=1,
    max_size=80,
)


@settings(max_examples=150, deadline=None)
@given(
    metric_lists,
    st.fixed_dictionaries(
        {},
        optional={
            "mode": st.sampled_from(["min", "max"]),
            "factor": st.sampled_from([0.95, 0.5, 0.1]),
            "patience": st.integers(0, 4),
            "threshold": st.sampled_from([1e-6, 0.0, 0.05]),
            "threshold_mode": st.sampled_from(["abs", "rel"]),
            "cooldown": st.integers(0, 3),
            "warmup": st.integers(0, 3),
            "min_lr": st.sampled_from([1e-3, 0.01, 0.05]),
            "max_lr": st.sampled_from([1.0, 0.2]),
            "eps": st.sampled_from([1e-8, 0.01]),
            "smooth": st.booleans(),
            "window_size": st.integers(1, 6),
            "reset_start": st.integers(0, 4),
        },
    ),
    st.sampled_from([0.1, 1.0, 0.05]),
)
@example(
    [2.0] * 40, {"patience": 0, "factor": 0.5, "min_lr": 0.05, "reset_start": 2, "cooldown": 1}, 0.1
)  # resets
def test_greedy(metrics: list[float], kw: dict[str, Any], base: float) -> None:
    want = peer_greedy(metrics, base, **kw)
    assert lp.get_scheduler("greedy", scheduler_specific_kwargs=kw, base_lr=base).trace(metrics) == want


# ------------------------------------------------------------------------------ Trainer


class _Model(torch.nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.w = torch.nn.Parameter(torch.zeros(1))

    def forward(self, **_: Any) -> dict[str, Any]:
        return {"loss": (self.w**2).sum()}


@pytest.fixture(scope="module")
def trainer(tmp_path_factory: pytest.TempPathFactory) -> Any:
    out = tmp_path_factory.mktemp("trainer")
    args = TrainingArguments(output_dir=str(out), report_to=[], use_cpu=True)
    return Trainer(model=_Model(), args=args)


def trainer_lrs(trainer: Any, args: Any, num_training_steps: int, n: int) -> np.ndarray:
    """What the real Trainer.create_scheduler builds from ``args``, on an SGD at ``args.learning_rate``."""
    trainer.args = args
    trainer.lr_scheduler = None
    opt = sgd(args.learning_rate)
    sched = trainer.create_scheduler(num_training_steps=num_training_steps, optimizer=opt)
    return steps(sched, opt, n)


warmups = st.one_of(
    st.integers(0, 15),
    st.sampled_from([0.0, 0.05, 0.1, 0.3, 0.5, 0.99, 1.0, 1.5, 2.7]),  # ratios (ceil) and float steps (int)
    st.floats(0.0, 0.999),
)


@settings(max_examples=60, deadline=None)
@given(case=cases, warmup=warmups, lr=st.sampled_from([5e-5, 3e-4, 1.0]))
@example(case=("cosine", 0, 1005, {}), warmup=0.1, lr=5e-5)  # ceil(100.5) = 101
@example(case=("linear", 0, 10, {}), warmup=0.999, lr=5e-5)  # ceil(9.99) = 10 = T
@example(case=("constant_with_warmup", 0, 9, {}), warmup=1.9, lr=5e-5)  # int(1.9) = 1
def test_from_training_arguments_is_create_scheduler(
    trainer: Any, case: tuple[str, int, int, dict[str, Any]], warmup: float, lr: float
) -> None:
    name, _, t, kw = case
    if name == "constant":
        warmup = 0
    W = int(warmup) if warmup >= 1 else math.ceil(t * warmup)
    if name == "warmup_stable_decay" and W + kw["num_decay_steps"] > t:
        return  # a negative stable phase: refused by the preset (test_refusals of the transformers presets)
    if (
        name in ("cosine", "cosine_with_restarts", "cosine_with_min_lr", "cosine_warmup_with_min_lr")
        and t <= W
    ):
        return  # refused by the preset: the peer's cosine then oscillates (tests/test_presets_transformers.py)
    if name == "polynomial" and t == W:
        return  # refused: ZeroDivisionError in the peer
    args = TrainingArguments(
        output_dir=trainer.args.output_dir,
        report_to=[],
        use_cpu=True,
        learning_rate=lr,
        lr_scheduler_type=name,
        lr_scheduler_kwargs=kw,
        warmup_steps=warmup,
    )
    want = trainer_lrs(trainer, args, t, 2 * t + 10)
    check(lp.from_training_arguments(args, num_training_steps=t), want)
    saved = json.loads(args.to_json_string())  # the JSON a run writes, read back as a dict
    check(lp.from_training_arguments(saved, num_training_steps=t), want)


def test_from_training_arguments_defaults_and_max_steps(trainer: Any, tmp_path: pathlib.Path) -> None:
    args = TrainingArguments(output_dir=str(tmp_path), report_to=[], use_cpu=True, max_steps=40)
    want = trainer_lrs(trainer, args, 40, 60)
    check(lp.from_training_arguments(args), want)  # linear, 5e-5, no warmup; T from max_steps
    check(lp.from_training_arguments({"max_steps": 40}), want)
    kwargs_as_json = {"lr_scheduler_type": "cosine", "lr_scheduler_kwargs": '{"num_cycles": 1.0}'}
    args = TrainingArguments(output_dir=str(tmp_path), report_to=[], use_cpu=True, **kwargs_as_json)
    check(
        lp.from_training_arguments(kwargs_as_json, num_training_steps=30), trainer_lrs(trainer, args, 30, 70)
    )


@pytest.mark.parametrize(
    ("call", "exc", "match"),
    [
        pytest.param(
            lambda: lp.get_scheduler("cosine_annealing", num_warmup_steps=1, num_training_steps=10),
            ValueError,
            r"get_scheduler\(\): name must be a SchedulerType: one of 'linear', 'cosine', .*'greedy', "
            r"got 'cosine_annealing'\.",
            id="unknown-name",
        ),
        pytest.param(
            lambda: lp.get_scheduler("greedy", scheduler_specific_kwargs={"factor": 1.0}),
            ValueError,
            r"get_greedy_schedule\(\): factor must be in \(0, 1\), got 1\.0\.",
            id="greedy-factor",
        ),
        pytest.param(
            lambda: lp.get_scheduler(
                "cosine",
                num_warmup_steps=1,
                num_training_steps=10,
                scheduler_specific_kwargs={"num_cycle": 1},
            ),
            ValueError,
            r"get_scheduler\(\): scheduler_specific_kwargs for 'cosine' must be made of num_cycles, got 'num_cycle'\.",
            id="unknown-kwarg",
        ),
        pytest.param(
            lambda: lp.get_scheduler(
                "cosine", num_warmup_steps=1, num_training_steps=10, scheduler_specific_kwargs={"base_lr": 1}
            ),
            ValueError,
            r"scheduler_specific_kwargs for 'cosine' must be made of num_cycles, got 'base_lr'\.",
            id="filled-kwarg",
        ),
        pytest.param(
            lambda: lp.get_scheduler("constant", num_warmup_steps=10),
            ValueError,
            r"get_scheduler\(\): num_warmup_steps must be 0 or None for 'constant', got 10\. Hint: transformers' "
            r"'constant' ignores the warmup; use 'constant_with_warmup'\.",
            id="constant-warmup",
        ),
        pytest.param(
            lambda: lp.get_scheduler(
                "constant_with_warmup", num_warmup_steps=10, scheduler_specific_kwargs={"num_cycles": 2}
            ),
            ValueError,
            r"scheduler_specific_kwargs must be empty for 'constant_with_warmup', got \{'num_cycles': 2\}\. "
            r"Hint: transformers ignores them",
            id="constant-kwargs",
        ),
        pytest.param(
            lambda: lp.get_scheduler("linear", num_training_steps=10),
            ValueError,
            r"get_scheduler\(\): 'linear' requires num_warmup_steps, got None\.",
            id="no-warmup",
        ),
        pytest.param(
            lambda: lp.get_scheduler("linear", num_warmup_steps=1),
            ValueError,
            r"get_scheduler\(\): 'linear' requires num_training_steps, got None\.",
            id="no-total",
        ),
        pytest.param(
            lambda: lp.from_training_arguments({"lr_scheduler_type": "linear"}),
            ValueError,
            r"from_training_arguments\(\): give num_training_steps \(args\.max_steps is -1, so the Trainer",
            id="no-length",
        ),
        pytest.param(
            lambda: lp.from_training_arguments({"warmup_ratio": 0.1}, 100),
            ValueError,
            r"args must be a transformers 5 TrainingArguments \(no 'warmup_ratio'\), got \{'warmup_ratio': 0\.1\}\. "
            r"Hint: transformers 5 takes the ratio as warmup_steps < 1\.",
            id="warmup-ratio",
        ),
        pytest.param(
            lambda: lp.from_training_arguments({"warmup_steps": -1}, 100),
            ValueError,
            r"from_training_arguments\(\): warmup_steps must be a number >= 0 \(steps, or a ratio in \[0, 1\)\), got -1\.",
            id="negative-warmup",
        ),
        pytest.param(
            lambda: lp.from_training_arguments({"deepspeed": "ds_config.json"}, 100),
            ValueError,
            r"args\.deepspeed must be None, got 'ds_config\.json'\. Hint: .*presets\.deepspeed\.from_config",
            id="deepspeed",
        ),
    ],
)
def test_refusals(call: Any, exc: type[Exception], match: str) -> None:
    with pytest.raises(exc, match=match):
        call()
