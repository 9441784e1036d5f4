"""Differential tests: ``lr_curves.presets.composer`` against values from Composer's own code.

mosaicml 0.32.1 pins an older torch: ``tests/data/composer_scheduler.json`` holds the
multipliers of its schedulers at batches ``k = 0..n``, computed once from the released wheel's
``composer/optim/scheduler.py`` with its real time-string parsing (``composer/core/time.py``)
under import shims (see ``tests/data/README.md``). Every value must agree within 1e-9 of the
curve's peak, on the Python-number and NumPy paths; every config Composer refuses is refused.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import lr_curves as lrc
from lr_curves.presets import composer as cp

DATA = json.loads((Path(__file__).parent / "data" / "composer_scheduler.json").read_text())
VALUES = [c for c in DATA["cases"] if not isinstance(c["values"], str)]
REFUSED = [c for c in DATA["cases"] if isinstance(c["values"], str)]


def build(case: dict[str, Any], base_lr: float = 1.0) -> Any:
    return getattr(cp, case["kind"])(
        **case["kwargs"],
        max_duration=case["max_duration"],
        steps_per_epoch=case["steps_per_epoch"],
        base_lr=base_lr,
    )


def case_id(i: int, case: dict[str, Any]) -> str:
    return f"{i}-{case['kind']}"


@pytest.mark.parametrize("case", VALUES, ids=[case_id(i, c) for i, c in enumerate(VALUES)])
def test_matches_composer(case: dict[str, Any]) -> None:
    s = build(case)
    want = np.asarray(case["values"], dtype=np.float64)
    tol = 1e-9 * max(float(np.abs(want).max()), 1e-300)
    steps = np.arange(len(want))
    scalar = np.asarray([s(int(k)) for k in steps])
    for got, path in ((scalar, "scalar"), (s(steps), "numpy")):
        bad = np.flatnonzero(np.abs(got - want) > tol)
        assert bad.size == 0, f"{path}: batch {bad[0]}: preset {got[bad[0]]!r}, composer {want[bad[0]]!r}"


@pytest.mark.parametrize("case", REFUSED, ids=[case_id(i, c) for i, c in enumerate(REFUSED)])
def test_refuses_what_composer_refuses(case: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match=rf"^{case['kind']}\(\): "):
        build(case)


def test_data_covers_every_preset() -> None:
    assert {c["kind"] for c in VALUES} == set(cp.__all__)
    assert DATA["mosaicml"] == "0.32.1"


def test_base_lr_scales_the_multiplier() -> None:
    case = VALUES[0]
    assert build(case, base_lr=0.1)(5) == pytest.approx(0.1 * case["values"][5], rel=1e-15)


def test_029dur_of_100_batches_is_28() -> None:
    s = cp.ConstantScheduler(alpha=0.5, t_max="0.29dur", max_duration="100ba")
    assert (s(27), s(28)) == (0.5, 1.0)


@pytest.mark.parametrize(
    ("make", "error", "match"),
    [
        pytest.param(
            lambda: cp.StepScheduler("10"),
            ValueError,
            r"^StepScheduler\(\): step_size must be a time string such as '100ba', '2ep' or '0\.5dur', got '10'\.$",
            id="no-unit",
        ),
        pytest.param(
            lambda: cp.StepScheduler(10),
            TypeError,
            r"^StepScheduler\(\): step_size must be a time string",
            id="int",
        ),
        pytest.param(
            lambda: cp.StepScheduler("1.5ba"),
            ValueError,
            r"step_size must be a whole number of 'ba' \(as Composer\)",
            id="fraction",
        ),
        pytest.param(
            lambda: cp.StepScheduler("100sp"),
            ValueError,
            r"Hint: the preset counts batches; samples depend on the data\.",
            id="samples",
        ),
        pytest.param(
            lambda: cp.StepScheduler("2ep"),
            ValueError,
            r"step_size is in epochs, which needs steps_per_epoch",
            id="epochs",
        ),
        pytest.param(
            cp.CosineAnnealingScheduler,
            ValueError,
            r"t_max='1dur' is a fraction of max_duration, which is not given",
            id="no-duration",
        ),
        pytest.param(
            lambda: cp.CosineAnnealingScheduler(max_duration="0.5dur"),
            ValueError,
            r"max_duration must be in batches",
            id="dur-duration",
        ),
        pytest.param(
            lambda: cp.CosineAnnealingWithWarmupScheduler("10ba", t_max="50ba", max_duration="100ba"),
            ValueError,
            r"t_max must be at least max_duration, got t_max='50ba' \(50 batches\) and max_duration='100ba' \(100 batches\)",
            id="short-t-max",
        ),
        pytest.param(
            lambda: cp.CosineAnnealingWarmRestartsScheduler("10ba", t_mult=0.5),
            ValueError,
            r"t_mult must be >= 1",
            id="shrinking",
        ),
        pytest.param(
            lambda: cp.LinearScheduler(t_max="0ba"),
            ValueError,
            r"t_max must be at least one batch once converted",
            id="zero",
        ),
    ],
)
def test_refuses(make: Any, error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        make()


def test_the_run_length_and_epochs_reach_the_faces() -> None:
    # max_duration is the run the faces show by default; steps_per_epoch gives their epoch axis
    s = cp.CosineAnnealingWithWarmupScheduler("1ep", max_duration="20ep", steps_per_epoch=50, base_lr=0.1)
    assert lrc.notes(s) == lrc.Notes(total_steps=1000, steps_per_epoch=50, epochs=20.0)
    assert lrc.notes(cp.CosineAnnealingScheduler(max_duration="300ba")).total_steps == 300
    assert lrc.notes(cp.StepScheduler("10ba")) == lrc.Notes()  # nothing known: nothing said
    assert lrc.notes(cp.StepScheduler("10ba", max_duration="3ep")) == lrc.Notes()  # epochs unknown
