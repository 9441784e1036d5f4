"""Differential tests: ``lr_curves.presets.paddle`` against values from PaddlePaddle 3.3.1 itself.

PaddlePaddle installs here (a 195 MB wheel, 843 MB installed with its dependencies, ~61 s), but
it pins its own protobuf and numpy and would weigh on every CI run; ``tests/data/paddle_lr.json``
holds its values, generated once by ``tests/data/make_paddle_reference.py`` (see
``tests/data/README.md``). Every value must agree within 1e-9 of the curve's peak, on the
Python-number and NumPy paths.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import lr_curves as lrc
from lr_curves.presets import paddle as pp

DATA = json.loads((Path(__file__).parent / "data" / "paddle_lr.json").read_text())


def build(kind: str, kwargs: dict[str, Any]) -> lrc.Schedule:
    kw = dict(kwargs)
    if kind == "LinearWarmup" and isinstance(kw["learning_rate"], dict):
        inner = kw["learning_rate"]
        kw["learning_rate"] = build(inner["kind"], inner["kwargs"])
    return getattr(pp, kind)(**kw)


def case_id(i: int, case: dict[str, Any]) -> str:
    return f"{i}-{case['kind']}"


@pytest.mark.parametrize("case", DATA["cases"], ids=[case_id(i, c) for i, c in enumerate(DATA["cases"])])
def test_matches_paddle(case: dict[str, Any]) -> None:
    s = build(case["kind"], case["kwargs"])
    want = np.asarray(case["values"], dtype=np.float64)
    tol = 1e-9 * max(float(np.abs(want).max()), 1e-300)
    steps = np.arange(len(want))
    scalar = np.asarray([s(int(k)) for k in steps])
    for got, path in ((scalar, "scalar"), (s(steps), "numpy")):
        bad = np.flatnonzero(np.abs(got - want) > tol)
        assert bad.size == 0, f"{path}: step {bad[0]}: preset {got[bad[0]]!r}, paddle {want[bad[0]]!r}"


def test_data_covers_every_preset() -> None:
    assert {c["kind"] for c in DATA["cases"]} == set(pp.__all__)
    assert DATA["paddlepaddle"] == "3.3.1"


def test_past_one_cycle_the_final_lr_holds() -> None:
    s = pp.OneCycleLR(1.0, total_steps=10, end_learning_rate=0.001)
    assert s(11) == s(10**9) == 0.001


@pytest.mark.parametrize(
    ("make", "error", "match"),
    [
        pytest.param(
            lambda: pp.ExponentialDecay(0.1, gamma=1.0),
            ValueError,
            r"^ExponentialDecay\(\): gamma must be in \(0, 1\) \(as Paddle\), got 1\.0\.$",
            id="exp-growth",
        ),
        pytest.param(
            lambda: pp.StepDecay(0.1, step_size=2.0),
            TypeError,
            r"^StepDecay\(\): step_size must be an int >= 1, got 2\.0 \(float\)\.$",
            id="step-float",
        ),
        pytest.param(
            lambda: pp.StepDecay(0.1, step_size=2, gamma=1.5),
            ValueError,
            r"^StepDecay\(\): gamma must be < 1\.0",
            id="step-growth",
        ),
        pytest.param(
            lambda: pp.MultiStepDecay(0.1, milestones=[3, 3]),
            ValueError,
            r"^MultiStepDecay\(\): milestones must be strictly increasing",
            id="milestones",
        ),
        pytest.param(
            lambda: pp.PiecewiseDecay([], [0.1]),
            ValueError,
            r"^PiecewiseDecay\(\): boundaries must be non-empty",
            id="empty",
        ),
        pytest.param(
            lambda: pp.PiecewiseDecay([1, 2], [0.1, 0.2]),
            ValueError,
            r"values must have more items than boundaries, got 2 values for 2 boundaries",
            id="values",
        ),
        pytest.param(
            lambda: pp.LinearWarmup(0.1, 5, start_lr=0.1, end_lr=0.1),
            ValueError,
            r"^LinearWarmup\(\): end_lr must be greater than start_lr, got start_lr=0\.1, end_lr=0\.1\.$",
            id="warmup-flat",
        ),
        pytest.param(
            lambda: pp.LinearWarmup("0.1", 5, 0.0, 0.1),
            TypeError,
            r"^LinearWarmup\(\): learning_rate must be a float, an int or a preset",
            id="warmup-str",
        ),
        pytest.param(
            lambda: pp.NaturalExpDecay(-0.1, 0.5),
            ValueError,
            r"^NaturalExpDecay\(\): learning_rate must be a non-negative number",
            id="negative-lr",
        ),
        pytest.param(
            lambda: pp.OneCycleLR(1.0, 10, phase_pct=0),
            TypeError,
            r"^OneCycleLR\(\): phase_pct must be a float",
            id="pct-int",
        ),
        pytest.param(
            lambda: pp.OneCycleLR(1.0, 10, phase_pct=0.5, three_phase=True),
            ValueError,
            r"phase_pct must be < 0\.5 with three_phase=True",
            id="three-phase",
        ),
        pytest.param(
            lambda: pp.OneCycleLR(1.0, 10, phase_pct=0.1),
            ValueError,
            r"phase_pct \* total_steps must be different from 1",
            id="zero-phase",
        ),
        pytest.param(
            lambda: pp.MultiplicativeDecay(0.1, lambda e: 0.9),
            TypeError,
            r"^MultiplicativeDecay\(\): lr_lambda must be a constant factor",
            id="callable",
        ),
        pytest.param(
            lambda: pp.CyclicLR(0.1, 1.0, 5, exp_gamma=1),
            TypeError,
            r"^CyclicLR\(\): exp_gamma must be a float",
            id="cyclic-gamma",
        ),
        pytest.param(
            lambda: pp.CyclicLR(0.1, 1.0, 5, mode="sine"),
            ValueError,
            r"^CyclicLR\(\): mode must be one of",
            id="cyclic-mode",
        ),
        pytest.param(
            lambda: pp.CosineAnnealingDecay(0.1, T_max=0),
            ValueError,
            r"^CosineAnnealingDecay\(\): T_max must be an int >= 1",
            id="tmax",
        ),
        pytest.param(
            lambda: pp.InverseTimeDecay(0.1, gamma=-0.5),
            ValueError,
            r"^InverseTimeDecay\(\): gamma must be a non-negative number",
            id="pole",
        ),
    ],
)
def test_refuses(make: Any, error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        make()
