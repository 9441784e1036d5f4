"""Differential tests: ``lr_curves.presets.fairseq`` against values from fairseq 0.12.2's own code.

fairseq 0.12.2 does not import on Python 3.11: ``tests/data/fairseq_lr_scheduler.json`` holds
``step_update(k)`` of its scheduler classes, run once from the released wheel's source with
import shims (see ``tests/data/README.md``). Every value must agree within 1e-9 of the curve's
peak, on the Python-number and NumPy paths; every config fairseq refuses is refused here.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from lr_curves.presets import fairseq as fq

DATA = json.loads((Path(__file__).parent / "data" / "fairseq_lr_scheduler.json").read_text())
VALUES = [c for c in DATA["cases"] if not isinstance(c["values"], str)]
REFUSED = [c for c in DATA["cases"] if isinstance(c["values"], str)]


def build(case: dict[str, Any]) -> Any:
    kw = dict(case["kwargs"])
    if "epoch" in case:
        kw["epoch"] = case["epoch"]
    return getattr(fq, case["name"])(**kw)


def case_id(i: int, case: dict[str, Any]) -> str:
    return f"{i}-{case['name']}" + (f"-epoch{case['epoch']}" if "epoch" in case else "")


@pytest.mark.parametrize("case", VALUES, ids=[case_id(i, c) for i, c in enumerate(VALUES)])
def test_matches_fairseq(case: dict[str, Any]) -> None:
    s = build(case)
    want = np.asarray(case["values"], dtype=np.float64)
    tol = 1e-9 * max(float(np.abs(want).max()), 1e-300)
    steps = np.arange(len(want))
    scalar = np.asarray([s(int(k)) for k in steps])
    for got, path in ((scalar, "scalar"), (s(steps), "numpy")):
        bad = np.flatnonzero(np.abs(got - want) > tol)
        assert bad.size == 0, f"{path}: update {bad[0]}: preset {got[bad[0]]!r}, fairseq {want[bad[0]]!r}"


@pytest.mark.parametrize("case", REFUSED, ids=[case_id(i, c) for i, c in enumerate(REFUSED)])
def test_refuses_what_fairseq_refuses(case: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match=rf"^{case['name']}\(\): "):
        build(case)


def test_data_covers_every_preset() -> None:
    assert {c["name"] for c in VALUES} == set(fq.__all__)
    assert DATA["fairseq"] == "0.12.2"


@pytest.mark.parametrize(
    ("make", "match"),
    [
        pytest.param(
            lambda: fq.inverse_sqrt(warmup_updates=0),
            r"^inverse_sqrt\(\): warmup_updates must be positive, got 0\. Hint: fairseq divides by it",
            id="isqrt-0",
        ),
        pytest.param(
            lambda: fq.tri_stage(max_update=100, phase_ratio=[0.7, 0.2, 0.1]),
            r"ratios whose float sum is exactly 1 \(as fairseq\), got \[0\.7, 0\.2, 0\.1\]\. Hint: their sum is 0\.9999999999999999\.",
            id="ratio-sum",
        ),
        pytest.param(
            lambda: fq.tri_stage(warmup_steps=3),
            r"^tri_stage\(\): the decay stage must have steps, got decay_steps=0\.",
            id="no-decay",
        ),
        pytest.param(
            lambda: fq.cosine(lr=[1.0]), r"^cosine\(\): give max_update or lr_period_updates", id="no-period"
        ),
        pytest.param(
            lambda: fq.cosine(lr=[1.0], max_update=10, t_mult=0.5),
            r"^cosine\(\): t_mult must be >= 1, got 0\.5\.",
            id="t-mult",
        ),
        pytest.param(
            lambda: fq.step(lr=[1.0], lr_decay=1.5), r"^step\(\): lr_decay must be in \[0, 1\]", id="growth"
        ),
        pytest.param(
            lambda: fq.triangular(max_lr=1.0, lr=[0.1], lr_period_updates=1),
            r"lr_period_updates must be >= 2",
            id="half-0",
        ),
        pytest.param(
            lambda: fq.polynomial_decay(lr=[1.0], total_num_update=10, force_anneal=2, epoch=3),
            r"^polynomial_decay\(\): epoch must be < force_anneal",
            id="anneal",
        ),
        pytest.param(
            lambda: fq.polynomial_decay(lr=[1.0]),
            r"^polynomial_decay\(\): total_num_update must be a positive number, got 0\.",
            id="no-total",
        ),
    ],
)
def test_refuses(make: Any, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        make()


def test_the_misspelt_field_is_the_only_spelling() -> None:
    assert fq.step(lr=[1.0], lr_deacy_period=2)(2) == 0.5
    with pytest.raises(TypeError, match="lr_decay_period"):
        fq.step(lr=[1.0], lr_decay_period=2)  # type: ignore[call-arg]
