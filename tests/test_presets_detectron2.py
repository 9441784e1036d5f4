"""Differential tests: ``lr_curves.presets.detectron2`` against values from detectron2's own code.

detectron2 is not on the package index: ``tests/data/detectron2_lr_scheduler.json`` holds values
generated once from ``detectron2/solver/lr_scheduler.py`` (see ``tests/data/README.md``). Every
value must agree within 1e-9 of the curve's peak, on the Python-number and NumPy paths.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import lr_curves as lrc
from lr_curves.presets import detectron2 as presets_d2
from lr_curves.presets import fvcore as presets_fvcore

DATA = json.loads((Path(__file__).parent / "data" / "detectron2_lr_scheduler.json").read_text())
TOL = 1e-9


def build(case: dict[str, Any]) -> tuple[lrc.Schedule, list[float]]:
    kw = dict(case["kwargs"])
    if case["kind"] == "WarmupParamScheduler":
        name, args = kw.pop("scheduler")
        child = getattr(presets_fvcore, name)(*args)
        n = case["n"]
        return presets_d2.WarmupParamScheduler(child, **kw), [k / n for k in range(n)]
    return getattr(presets_d2, case["kind"])(**kw), [float(k) for k in range(len(case["values"]))]


def case_id(case: dict[str, Any]) -> str:
    kw = {k: v for k, v in case["kwargs"].items() if k != "scheduler"}
    child = case["kwargs"].get("scheduler", [""])[0]
    return f"{case['kind']}-{child}-" + "-".join(f"{k}={v}" for k, v in sorted(kw.items()))


@pytest.mark.parametrize("case", DATA["cases"], ids=[case_id(c) for c in DATA["cases"]])
def test_matches_detectron2(case: dict[str, Any]) -> None:
    s, steps = build(case)
    want = np.asarray(case["values"], dtype=np.float64)
    tol = TOL * max(float(np.abs(want).max()), 1e-300)
    scalar = np.asarray([s(t) for t in steps])
    vector = s(np.asarray(steps))
    for got, path in ((scalar, "scalar"), (vector, "numpy")):
        bad = np.flatnonzero(np.abs(got - want) > tol)
        assert bad.size == 0, (
            f"{path}: step {steps[bad[0]]!r}: preset {got[bad[0]]!r}, detectron2 {want[bad[0]]!r}"
        )


def test_data_covers_every_preset() -> None:
    kinds = {c["kind"] for c in DATA["cases"]}
    assert kinds == {"WarmupParamScheduler", "WarmupMultiStepLR", "WarmupCosineLR"}
    assert DATA["commit"] == "02b5c4e295e990042a714712c21dc79b731e8833"


def test_warmup_overlays_by_default_and_rescales_on_request() -> None:
    child = presets_fvcore.CosineParamScheduler(1.0, 0.0)
    overlay = presets_d2.WarmupParamScheduler(child, 0.0, 0.5)
    rescaled = presets_d2.WarmupParamScheduler(child, 0.0, 0.5, rescale_interval=True)
    assert overlay(0.75) == pytest.approx(child(0.75))  # the child keeps the global time
    assert rescaled(0.75) == pytest.approx(child(0.5))  # the child is compressed into [0.5, 1)
    assert overlay(0.25) == pytest.approx(0.5 * child(0.5))  # the ramp aims at child(0.5)


def test_cosine_rises_past_max_iters() -> None:
    s = presets_d2.WarmupCosineLR(max_iters=10, warmup_iters=0, base_lr=1.0)
    assert s(10) == pytest.approx(0.0, abs=1e-15) and s(20) == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("fn", "exc", "match"),
    [
        pytest.param(
            lambda: presets_d2.WarmupMultiStepLR(milestones=[30, 10]),
            ValueError,
            r"WarmupMultiStepLR\(\): milestones must be non-decreasing, got \(30, 10\)",
            id="multistep-unsorted",
        ),
        pytest.param(
            lambda: presets_d2.WarmupCosineLR(max_iters=10, warmup_method="exp"),
            ValueError,
            r"WarmupCosineLR\(\): warmup_method must be one of 'constant', 'linear', got 'exp'",
            id="cosine-method",
        ),
        pytest.param(
            lambda: presets_d2.WarmupCosineLR(max_iters=0),
            ValueError,
            r"max_iters must be a positive number, got 0",
            id="cosine-max-iters",
        ),
        pytest.param(
            lambda: presets_d2.WarmupParamScheduler(lrc.constant(1.0), 0.1, 1.5),
            ValueError,
            r"WarmupParamScheduler\(\): warmup_length must be in \[0, 1\], got 1\.5",
            id="param-length",
        ),
        pytest.param(
            lambda: presets_d2.WarmupParamScheduler(lambda w: 1.0, 0.1, 0.1),
            TypeError,
            r"WarmupParamScheduler\(\): scheduler must be an lr_curves Schedule, got .* \(function\)",
            id="param-child",
        ),
    ],
)
def test_errors(fn: Any, exc: type[Exception], match: str) -> None:
    with pytest.raises(exc, match=match):
        fn()
