"""Write ``paddle_lr.json``: the values of ``paddle.optimizer.lr``'s schedulers (see README.md).

Run with PaddlePaddle importable (it is not a test requirement): ``python
tests/data/make_paddle_reference.py tests/data/paddle_lr.json``. ``values[k]`` is
``scheduler()`` after ``k`` calls of ``scheduler.step()``.
"""

from __future__ import annotations

import json
import math
import random
import sys
import warnings
from typing import Any

#: ``paddle.optimizer.lr`` as ``PADDLE["lr"]``, imported by ``main`` (pytest imports this file
#: to look for doctests, where paddle is not installed).
PADDLE: dict[str, Any] = {}

#: ``LambdaDecay``'s functions, by the name a case gives as ``lr_lambda`` (the test has the same
#: table and resolves the names through ``functions=``).
LAMBDAS: dict[str, Any] = {
    "half_every_10": lambda e: 0.5 ** (e // 10),
    "warmup_5": lambda e: min(1.0, (e + 1) / 5),
    "rsqrt": lambda e: 1 / math.sqrt(e + 1),
    "cosine_30": lambda e: 0.5 * (1 + math.cos(math.pi * min(e, 30) / 30)),
    "zero_first": lambda e: 0.0 if e == 0 else 1.0,
    "one": lambda e: 1,
    "grow": lambda e: 1.05**e,
}


def build(kind: str, kwargs: dict[str, Any]) -> Any:
    kw = dict(kwargs)
    if kind == "LinearWarmup" and isinstance(kw["learning_rate"], dict):
        inner = kw["learning_rate"]
        kw["learning_rate"] = build(inner["kind"], inner["kwargs"])
    if kind == "LambdaDecay":
        kw["lr_lambda"] = LAMBDAS[kw["lr_lambda"]]
    return getattr(PADDLE["lr"], kind)(**kw)


def run(kind: str, kwargs: dict[str, Any], n: int) -> list[float]:
    s = build(kind, kwargs)
    out = [float(s())]
    for _ in range(n):
        s.step()
        out.append(float(s()))
    return out


def cases() -> list[tuple[str, dict[str, Any], int]]:
    out: list[tuple[str, dict[str, Any], int]] = [
        ("NoamDecay", {"d_model": 512, "warmup_steps": 40}, 120),
        ("NoamDecay", {"d_model": 64, "warmup_steps": 1, "learning_rate": 2.0}, 20),
        ("NoamDecay", {"d_model": 1, "warmup_steps": 2.5, "learning_rate": 0.5}, 20),
        ("PiecewiseDecay", {"boundaries": [10, 20], "values": [1.0, 0.5, 0.1]}, 30),
        ("PiecewiseDecay", {"boundaries": [5], "values": [0.3, 0.2, 0.1, 0.05]}, 10),
        ("PiecewiseDecay", {"boundaries": [8, 3, 12], "values": [0.4, 0.3, 0.2, 0.1]}, 16),
        ("PiecewiseDecay", {"boundaries": [0, 4], "values": [0.4, 0.3, 0.2]}, 8),
        ("NaturalExpDecay", {"learning_rate": 0.5, "gamma": 0.1}, 60),
        ("InverseTimeDecay", {"learning_rate": 0.5, "gamma": 0.1}, 60),
        ("InverseTimeDecay", {"learning_rate": 0.5, "gamma": 0.0}, 5),
        ("PolynomialDecay", {"learning_rate": 0.1, "decay_steps": 20}, 40),
        ("PolynomialDecay", {"learning_rate": 0.1, "decay_steps": 10, "end_lr": 0.0, "power": 2.0}, 20),
        ("PolynomialDecay", {"learning_rate": 0.1, "decay_steps": 10, "power": 0.5, "cycle": True}, 45),
        ("PolynomialDecay", {"learning_rate": 0.1, "decay_steps": 1, "cycle": True}, 6),
        ("ExponentialDecay", {"learning_rate": 0.5, "gamma": 0.9}, 60),
        ("MultiStepDecay", {"learning_rate": 0.5, "milestones": [3, 7, 8]}, 12),
        ("MultiStepDecay", {"learning_rate": 0.5, "milestones": [0, 2], "gamma": 0.5}, 5),
        ("MultiStepDecay", {"learning_rate": 0.5, "milestones": [2], "gamma": 0.0}, 5),
        ("StepDecay", {"learning_rate": 0.5, "step_size": 3}, 12),
        ("StepDecay", {"learning_rate": 0.5, "step_size": 1, "gamma": 0.5}, 8),
        ("CosineAnnealingDecay", {"learning_rate": 0.5, "T_max": 10}, 45),
        ("CosineAnnealingDecay", {"learning_rate": 0.5, "T_max": 1, "eta_min": 0.1}, 6),
        ("CosineAnnealingDecay", {"learning_rate": 0.5, "T_max": 7, "eta_min": 0.6}, 30),
        ("CosineAnnealingWarmRestarts", {"learning_rate": 0.5, "T_0": 5}, 30),
        ("CosineAnnealingWarmRestarts", {"learning_rate": 0.5, "T_0": 3, "T_mult": 2, "eta_min": 0.05}, 60),
        ("CosineAnnealingWarmRestarts", {"learning_rate": 1.0, "T_0": 1, "T_mult": 3}, 130),
        ("LinearLR", {"learning_rate": 0.5, "total_steps": 5}, 10),
        ("LinearLR", {"learning_rate": 0.5, "total_steps": 8, "start_factor": 1.0, "end_factor": 0.1}, 12),
        ("LinearLR", {"learning_rate": 0.5, "total_steps": 1, "start_factor": 0.2, "end_factor": 0.0}, 4),
        ("OneCycleLR", {"max_learning_rate": 1.0, "total_steps": 20}, 20),
        (
            "OneCycleLR",
            {
                "max_learning_rate": 0.1,
                "total_steps": 30,
                "end_learning_rate": 0.0,
                "anneal_strategy": "linear",
            },
            30,
        ),
        (
            "OneCycleLR",
            {"max_learning_rate": 0.1, "total_steps": 30, "phase_pct": 0.2, "three_phase": True},
            30,
        ),
        ("OneCycleLR", {"max_learning_rate": 0.1, "total_steps": 4, "phase_pct": 0.1}, 4),
        ("CyclicLR", {"base_learning_rate": 0.1, "max_learning_rate": 1.0, "step_size_up": 5}, 30),
        (
            "CyclicLR",
            {
                "base_learning_rate": 0.1,
                "max_learning_rate": 1.0,
                "step_size_up": 3,
                "step_size_down": 5,
                "mode": "triangular2",
            },
            40,
        ),
        (
            "CyclicLR",
            {
                "base_learning_rate": 0.1,
                "max_learning_rate": 1.0,
                "step_size_up": 4,
                "mode": "exp_range",
                "exp_gamma": 0.9,
            },
            40,
        ),
        ("LinearWarmup", {"learning_rate": 0.5, "warmup_steps": 5, "start_lr": 0.0, "end_lr": 0.5}, 10),
        ("LinearWarmup", {"learning_rate": 0.5, "warmup_steps": 1, "start_lr": 0.1, "end_lr": 0.2}, 5),
        ("LinearWarmup", {"learning_rate": 0.5, "warmup_steps": 2, "start_lr": 0.0, "end_lr": 1.0}, 5),
        (
            "LinearWarmup",
            {
                "learning_rate": {
                    "kind": "CosineAnnealingDecay",
                    "kwargs": {"learning_rate": 0.1, "T_max": 20},
                },
                "warmup_steps": 5,
                "start_lr": 0.0,
                "end_lr": 0.1,
            },
            50,
        ),
        (
            "LinearWarmup",
            {
                "learning_rate": {
                    "kind": "PiecewiseDecay",
                    "kwargs": {"boundaries": [3, 6], "values": [0.4, 0.2, 0.1]},
                },
                "warmup_steps": 3,
                "start_lr": 0.0,
                "end_lr": 1.0,
            },
            12,
        ),
        (
            "LinearWarmup",
            {
                "learning_rate": {
                    "kind": "LinearLR",
                    "kwargs": {"learning_rate": 0.5, "total_steps": 4, "start_factor": 0.5},
                },
                "warmup_steps": 2,
                "start_lr": 0.0,
                "end_lr": 0.3,
            },
            10,
        ),
        (
            "LinearWarmup",
            {
                "learning_rate": {
                    "kind": "CosineAnnealingWarmRestarts",
                    "kwargs": {"learning_rate": 0.5, "T_0": 3, "T_mult": 2},
                },
                "warmup_steps": 4,
                "start_lr": 0.0,
                "end_lr": 0.5,
            },
            40,
        ),
    ]
    out += [
        ("LambdaDecay", {"learning_rate": 0.5, "lr_lambda": "half_every_10"}, 45),
        ("LambdaDecay", {"learning_rate": 0.1, "lr_lambda": "warmup_5"}, 10),
        ("LambdaDecay", {"learning_rate": 2.0, "lr_lambda": "rsqrt"}, 30),
        ("LambdaDecay", {"learning_rate": 0.3, "lr_lambda": "cosine_30"}, 40),
        ("LambdaDecay", {"learning_rate": 0.5, "lr_lambda": "zero_first"}, 4),
        ("LambdaDecay", {"learning_rate": 1, "lr_lambda": "one"}, 3),
        ("LambdaDecay", {"learning_rate": 0.01, "lr_lambda": "grow"}, 30),
        (
            "LinearWarmup",
            {
                "learning_rate": {
                    "kind": "LambdaDecay",
                    "kwargs": {"learning_rate": 0.2, "lr_lambda": "half_every_10"},
                },
                "warmup_steps": 3,
                "start_lr": 0.0,
                "end_lr": 0.2,
            },
            30,
        ),
    ]
    rng = random.Random(20261201)
    for _ in range(6):
        out.append(
            (
                "NoamDecay",
                {
                    "d_model": rng.choice([16, 256, 1024]),
                    "warmup_steps": rng.randint(1, 50),
                    "learning_rate": rng.uniform(0.1, 2),
                },
                100,
            )
        )
        out.append(
            (
                "PolynomialDecay",
                {
                    "learning_rate": rng.uniform(0.01, 1),
                    "decay_steps": rng.randint(1, 30),
                    "end_lr": rng.uniform(0, 0.01),
                    "power": rng.uniform(0.2, 3),
                    "cycle": rng.random() < 0.5,
                },
                80,
            )
        )
        out.append(
            (
                "CosineAnnealingDecay",
                {
                    "learning_rate": rng.uniform(0.01, 1),
                    "T_max": rng.randint(1, 30),
                    "eta_min": rng.uniform(0, 0.01),
                },
                90,
            )
        )
        out.append(
            (
                "CosineAnnealingWarmRestarts",
                {
                    "learning_rate": rng.uniform(0.01, 1),
                    "T_0": rng.randint(1, 10),
                    "T_mult": rng.randint(1, 3),
                    "eta_min": rng.uniform(0, 0.01),
                },
                90,
            )
        )
        T = rng.randint(5, 60)
        pct = rng.uniform(0.05, 0.45)
        if float(pct * T) - 1 != 0:
            out.append(
                (
                    "OneCycleLR",
                    {
                        "max_learning_rate": rng.uniform(0.1, 2),
                        "total_steps": T,
                        "divide_factor": rng.uniform(2, 30),
                        "end_learning_rate": rng.uniform(0, 1e-3),
                        "phase_pct": pct,
                        "anneal_strategy": rng.choice(["cos", "linear"]),
                        "three_phase": rng.random() < 0.5,
                    },
                    T,
                )
            )
        out.append(
            (
                "CyclicLR",
                {
                    "base_learning_rate": rng.uniform(0, 0.1),
                    "max_learning_rate": rng.uniform(0.2, 1),
                    "step_size_up": rng.randint(1, 8),
                    "step_size_down": rng.choice([None, rng.randint(1, 8)]),
                    "mode": rng.choice(["triangular", "triangular2", "exp_range"]),
                    "exp_gamma": rng.uniform(0.8, 1.0),
                },
                60,
            )
        )
        out.append(
            (
                "LinearLR",
                {
                    "learning_rate": rng.uniform(0.01, 1),
                    "total_steps": rng.randint(1, 20),
                    "start_factor": rng.uniform(0.01, 1),
                    "end_factor": rng.uniform(0, 1),
                },
                30,
            )
        )
        out.append(
            (
                "StepDecay",
                {
                    "learning_rate": rng.uniform(0.01, 1),
                    "step_size": rng.randint(1, 10),
                    "gamma": rng.uniform(0, 0.99),
                },
                40,
            )
        )
        out.append(
            (
                "MultiStepDecay",
                {
                    "learning_rate": rng.uniform(0.01, 1),
                    "milestones": sorted(rng.sample(range(1, 40), 3)),
                    "gamma": rng.uniform(0, 0.99),
                },
                45,
            )
        )
        out.append(
            ("ExponentialDecay", {"learning_rate": rng.uniform(0.01, 1), "gamma": rng.uniform(0.5, 0.99)}, 40)
        )
        out.append(
            ("NaturalExpDecay", {"learning_rate": rng.uniform(0.01, 1), "gamma": rng.uniform(0.01, 0.5)}, 40)
        )
        out.append(
            ("InverseTimeDecay", {"learning_rate": rng.uniform(0.01, 1), "gamma": rng.uniform(0.01, 2)}, 40)
        )
    return out


#: The classes whose signatures are recorded (every one the presets rebuild).
SIGNATURES = [
    "CosineAnnealingDecay",
    "CosineAnnealingWarmRestarts",
    "CyclicLR",
    "ExponentialDecay",
    "InverseTimeDecay",
    "LambdaDecay",
    "LinearLR",
    "LinearWarmup",
    "MultiStepDecay",
    "MultiplicativeDecay",
    "NaturalExpDecay",
    "NoamDecay",
    "OneCycleLR",
    "PiecewiseDecay",
    "PolynomialDecay",
    "ReduceOnPlateau",
    "StepDecay",
]


def plateau_cases() -> list[tuple[dict[str, Any], list[float]]]:
    """``ReduceOnPlateau``: keyword arguments and the metrics given to ``step`` one by one."""
    flat = [1.0] * 12
    out: list[tuple[dict[str, Any], list[float]]] = [
        ({"learning_rate": 0.1}, [1.0] * 25),
        ({"learning_rate": 1.0, "patience": 0}, flat),
        ({"learning_rate": 1.0, "patience": 2}, [5.0, 4.0, 4.0, 4.0, 4.0, 3.0, 3.0, 3.0, 3.0, 3.0]),
        # the cooldown: Paddle does not look at those metrics (torch still updates best)
        ({"learning_rate": 1.0, "patience": 0, "cooldown": 2}, flat),
        ({"learning_rate": 1.0, "patience": 1, "cooldown": 2}, [3.0, 3.0, 3.0, 0.5, 2.0, 2.0, 2.0, 2.0, 2.0]),
        ({"learning_rate": 1.0, "patience": 0, "cooldown": 1}, [3.0, 3.0, 1.0, 1.0, 1.0, 0.5, 0.5, 0.5]),
        (
            {"learning_rate": 1.0, "threshold": 0.5, "threshold_mode": "abs", "patience": 1},
            [5.0, 4.6, 4.2, 3.4, 3.0, 2.9],
        ),
        ({"learning_rate": 1.0, "threshold": 0.1, "patience": 0}, [10.0, 9.5, 8.9, 8.5, 7.0]),
        # Paddle's rel threshold is best - best * t: 3 - 0.9 = 2.1, torch's 3 * 0.7 = 2.0999999999999996
        ({"learning_rate": 1.0, "threshold": 0.3, "patience": 0}, [3.0, 3.0 * (1 - 0.3), 3.0 * (1 - 0.3)]),
        (
            {"learning_rate": 1.0, "mode": "max", "threshold": 0.01, "patience": 1},
            [0.5, 0.6, 0.605, 0.61, 0.7, 0.7, 0.7],
        ),
        (
            {"learning_rate": 1.0, "mode": "MAX", "threshold_mode": "ABS", "threshold": 0.05, "patience": 0},
            [0.1, 0.2, 0.22, 0.3],
        ),
        ({"learning_rate": 1.0, "patience": 0, "factor": 0.5, "min_lr": 0.3}, flat),
        ({"learning_rate": 1.0, "patience": 0, "min_lr": 2.0}, flat),
        ({"learning_rate": 1.0, "patience": 0, "factor": 0.6, "epsilon": 0.5}, flat),
        ({"learning_rate": 1.0, "patience": 1, "factor": 0.0}, flat),
        ({"learning_rate": 2, "patience": 0}, [1.0, math.nan, 0.5, math.nan, 0.5]),
        ({"learning_rate": 1.0, "patience": 0}, [math.nan, 0.5, 0.1, 0.0]),  # a NaN first stays the best
        ({"learning_rate": 1.0, "patience": 0}, [math.inf, 1e300, -math.inf, 0.0]),
        ({"learning_rate": 1.0, "patience": 0, "mode": "max"}, [-5.0, -5.0, 3.0, 3.0]),
    ]
    rng = random.Random(20261204)
    for _ in range(8):
        kw = {
            "learning_rate": rng.uniform(1e-3, 1),
            "mode": rng.choice(["min", "max"]),
            "factor": rng.uniform(0, 0.9),
            "patience": rng.randint(0, 3),
            "threshold": rng.choice([1e-4, 0.0, rng.uniform(0, 0.3)]),
            "threshold_mode": rng.choice(["rel", "abs"]),
            "cooldown": rng.randint(0, 3),
            "min_lr": rng.choice([0, rng.uniform(0, 1e-3)]),
            "epsilon": rng.choice([1e-8, 0.0, rng.uniform(0, 1e-3)]),
        }
        metrics = [rng.choice([1.0, 2.0, round(rng.uniform(0, 3), 2)]) for _ in range(rng.randint(1, 25))]
        out.append((kw, metrics))
    return out


def run_plateau(kwargs: dict[str, Any], metrics: list[float]) -> list[float]:
    s = PADDLE["lr"].ReduceOnPlateau(**kwargs)
    out = []
    for m in metrics:
        s.step(m)
        out.append(float(s()))
    return out


def main(path: str) -> None:
    warnings.simplefilter("ignore")
    import paddle

    PADDLE["lr"] = paddle.optimizer.lr
    data = {
        "source": "paddle/optimizer/lr.py",
        "paddlepaddle": paddle.__version__,
        "cases": [{"kind": k, "kwargs": kw, "values": run(k, kw, n)} for k, kw, n in cases()],
    }
    # MultiplicativeDecay with a constant factor (a lambda in Paddle, a number in the preset).
    for lr, f in ((0.5, 0.9), (0.3, 0.0), (0.2, 1.05)):
        s = PADDLE["lr"].MultiplicativeDecay(lr, lambda e, f=f: f)
        vals = [float(s())]
        for _ in range(30):
            s.step()
            vals.append(float(s()))
        data["cases"].append(
            {"kind": "MultiplicativeDecay", "kwargs": {"learning_rate": lr, "lr_lambda": f}, "values": vals}
        )
    # ReduceOnPlateau: values[i] is the lr after the i-th step(metrics[i]).
    for kw, metrics in plateau_cases():
        data["cases"].append(
            {"kind": "ReduceOnPlateau", "kwargs": kw, "metrics": metrics, "values": run_plateau(kw, metrics)}
        )
    # The classes' parameters (minus last_epoch and verbose), for the signature test.
    import inspect

    data["signatures"] = {
        name: [
            [p.name, "<required>" if p.default is p.empty else p.default, p.kind.name]
            for p in inspect.signature(getattr(PADDLE["lr"], name)).parameters.values()
            if p.name not in ("last_epoch", "verbose")
        ]
        for name in SIGNATURES
    }
    with open(path, "w") as fh:
        json.dump(data, fh, separators=(",", ":"))


if __name__ == "__main__":
    main(sys.argv[1])
