"""Differential tests: ``lr_curves.presets.paddle`` against values from PaddlePaddle 3.3.1 itself.

PaddlePaddle installs here (a 195 MB wheel, 843 MB installed with its dependencies, ~61 s), but
it pins its own protobuf and numpy and would weigh on every CI run; ``tests/data/paddle_lr.json``
holds its values, generated once by ``tests/data/make_paddle_reference.py`` (see
``tests/data/README.md``). Every value must agree within 1e-9 of the curve's peak, on the
Python-number and NumPy paths.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import lr_curves as lrc
from lr_curves.presets import paddle as pp

DATA = json.loads((Path(__file__).parent / "data" / "paddle_lr.json").read_text())

#: ``LambdaDecay``'s functions by the name the data gives (the table of make_paddle_reference.py).
LAMBDAS: dict[str, Any] = {
    "half_every_10": lambda e: 0.5 ** (e // 10),
    "warmup_5": lambda e: min(1.0, (e + 1) / 5),
    "rsqrt": lambda e: 1 / math.sqrt(e + 1),
    "cosine_30": lambda e: 0.5 * (1 + math.cos(math.pi * min(e, 30) / 30)),
    "zero_first": lambda e: 0.0 if e == 0 else 1.0,
    "one": lambda e: 1,
    "grow": lambda e: 1.05**e,
}


def build(kind: str, kwargs: dict[str, Any], named: bool = False) -> lrc.Schedule:
    """The preset for one case; ``named``: LambdaDecay's function as ``lrc.function(fn, name=)``."""
    kw = dict(kwargs)
    if kind == "LinearWarmup" and isinstance(kw["learning_rate"], dict):
        inner = kw["learning_rate"]
        kw["learning_rate"] = build(inner["kind"], inner["kwargs"], named)
    if kind == "LambdaDecay":
        name = kw["lr_lambda"]
        kw["lr_lambda"] = lrc.function(LAMBDAS[name], name=name) if named else LAMBDAS[name]
    return getattr(pp, kind)(**kw)


def _uses_lambda(case: dict[str, Any]) -> bool:
    return "LambdaDecay" in json.dumps(case)


LAMBDA_CASES = [c for c in DATA["cases"] if _uses_lambda(c)]
#: ReduceOnPlateau's cases: ``values[i]`` is the lr after ``step(metrics[i])``.
PLATEAU = [c for c in DATA["cases"] if c["kind"] == "ReduceOnPlateau"]
SCHEDULES = [c for c in DATA["cases"] if c["kind"] != "ReduceOnPlateau"]


def case_id(i: int, case: dict[str, Any]) -> str:
    return f"{i}-{case['kind']}"


@pytest.mark.parametrize("case", SCHEDULES, ids=[case_id(i, c) for i, c in enumerate(SCHEDULES)])
def test_matches_paddle(case: dict[str, Any]) -> None:
    s = build(case["kind"], case["kwargs"])
    want = np.asarray(case["values"], dtype=np.float64)
    tol = 1e-9 * max(float(np.abs(want).max()), 1e-300)
    steps = np.arange(len(want))
    scalar = np.asarray([s(int(k)) for k in steps])
    for got, path in ((scalar, "scalar"), (s(steps), "numpy")):
        bad = np.flatnonzero(np.abs(got - want) > tol)
        assert bad.size == 0, f"{path}: step {bad[0]}: preset {got[bad[0]]!r}, paddle {want[bad[0]]!r}"


@pytest.mark.parametrize("case", LAMBDA_CASES, ids=[case_id(i, c) for i, c in enumerate(LAMBDA_CASES)])
def test_lambda_decay_as_data_matches_paddle(case: dict[str, Any]) -> None:
    """A named function saved as data and read back with ``functions=`` still gives Paddle's values."""
    s = build(case["kind"], case["kwargs"], named=True)
    back = lrc.from_dict(json.loads(json.dumps(s.to_dict())), functions=LAMBDAS)
    again = lrc.parse(repr(s), functions=LAMBDAS)
    want = np.asarray(case["values"], dtype=np.float64)
    tol = 1e-9 * max(float(np.abs(want).max()), 1e-300)
    steps = np.arange(len(want))
    for t in (back, again):
        assert t == s
        assert float(np.max(np.abs(t(steps) - want))) <= tol
    with pytest.raises(ValueError, match="unknown function"):
        lrc.from_dict(s.to_dict())


def test_lambda_decay_calls_the_function_with_the_int_epoch() -> None:
    seen: list[Any] = []

    def lam(e: Any) -> float:
        seen.append(e)
        return 1.0

    pp.LambdaDecay(0.1, lam)(7)
    assert seen == [7] and type(seen[0]) is int


@pytest.mark.parametrize("case", PLATEAU, ids=[case_id(i, c) for i, c in enumerate(PLATEAU)])
def test_reduce_on_plateau_matches_paddle(case: dict[str, Any]) -> None:
    r = pp.ReduceOnPlateau(**case["kwargs"])
    assert r.trace(case["metrics"]) == case["values"]  # exactly: the same float operations


def test_reduce_on_plateau_is_not_torchs() -> None:
    """The two rules Paddle changes: the cooldown hides metrics, and its rel threshold rounds."""
    import lr_curves.presets.torch as pt

    kw = {"patience": 1, "cooldown": 2}
    metrics = [3.0, 3.0, 3.0, 0.5, 2.0, 2.0, 2.0, 2.0, 2.0]
    paddle_lrs = pp.ReduceOnPlateau(1.0, **kw).trace(metrics)
    torch_lrs = pt.ReduceLROnPlateau(**kw, base_lr=1.0).trace(metrics)
    assert paddle_lrs != torch_lrs  # torch saw 0.5 in its cooldown and made it the best
    edge = [3.0, 3.0 * (1 - 0.3)]  # 2.0999999999999996: below Paddle's 3 - 0.9 = 2.1, not below torch's
    assert pp.ReduceOnPlateau(1.0, threshold=0.3, patience=0).trace(edge) == [1.0, 1.0]
    assert pt.ReduceLROnPlateau(threshold=0.3, patience=0, base_lr=1.0).trace(edge)[1] == pytest.approx(0.1)


@pytest.mark.parametrize("name", pp.__all__)
def test_signature_is_paddles(name: str) -> None:
    """Paddle's names, defaults, order and kinds (recorded from Paddle 3.3.1 by the generator),
    minus last_epoch and verbose."""
    import inspect

    peer = [tuple(p) for p in DATA["signatures"][name]]
    ours = [
        (p.name, "<required>" if p.default is p.empty else p.default, p.kind.name)
        for p in inspect.signature(getattr(pp, name)).parameters.values()
    ]
    assert ours == peer


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
            lambda: pp.LambdaDecay(0.1, 0.5),
            TypeError,
            r"^LambdaDecay\(\): lr_lambda must be a callable \(epoch -> factor\) or an lr_curves Schedule "
            r"\(Paddle takes a function\), got 0\.5 \(float\)\.$",
            id="lambda-number",
        ),
        pytest.param(
            lambda: pp.LambdaDecay(0.1, [lambda e: 1.0]),
            TypeError,
            r"^LambdaDecay\(\): lr_lambda must be a callable",
            id="lambda-list",
        ),
        pytest.param(
            lambda: pp.LambdaDecay(-0.1, lambda e: 1.0),
            ValueError,
            r"^LambdaDecay\(\): learning_rate must be a non-negative number",
            id="lambda-lr",
        ),
        pytest.param(
            lambda: pp.ReduceOnPlateau(0.1, factor=1.0),
            ValueError,
            r"^ReduceOnPlateau\(\): factor must be < 1\.0 \(as Paddle\), got 1\.0\.$",
            id="plateau-factor",
        ),
        pytest.param(
            lambda: pp.ReduceOnPlateau(0.1, factor=-0.1),
            ValueError,
            r"^ReduceOnPlateau\(\): factor must be a non-negative number, got -0\.1\. Hint: Paddle makes",
            id="plateau-negative",
        ),
        pytest.param(
            lambda: pp.ReduceOnPlateau(0.1, mode="low"),
            ValueError,
            r"^ReduceOnPlateau\(\): mode must be one of 'min', 'max', got 'low'",
            id="plateau-mode",
        ),
        pytest.param(
            lambda: pp.ReduceOnPlateau("0.1"),
            TypeError,
            r"^ReduceOnPlateau\(\): learning_rate must be a float or int \(as Paddle\)",
            id="plateau-lr",
        ),
        pytest.param(
            lambda: pp.ReduceOnPlateau(0.1, patience=-1),
            ValueError,
            r"^ReduceOnPlateau\(\): patience must be an int >= 0, got -1\.$",
            id="plateau-patience",
        ),
        pytest.param(
            lambda: pp.ReduceOnPlateau(0.1).update(pp.ReduceOnPlateau(0.1).init(), "1.0"),
            TypeError,
            r"^ReduceOnPlateau\.update\(\): metric must be a real number, got '1\.0'",
            id="plateau-metric",
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
