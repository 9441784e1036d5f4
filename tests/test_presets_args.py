"""Presets accept what the peers accept, keep the numbers the user wrote, and name their own arguments.

issue 13 item 5 (whole floats, derived parameters) and issue 16 (errors that name an internal
primitive instead of the preset's argument; ``StepWithFixedGammaParamScheduler`` bounded).
"""

from __future__ import annotations

import math
import subprocess
import sys
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import lr_curves as lrc
from lr_curves import cli
from lr_curves.presets import cosine_annealing_warmup as caw
from lr_curves.presets import detectron2, fvcore, keras, optax, timm, transformers
from lr_curves.presets import torch as pt

# ------------------------------------------------------------------------------ whole floats
WHOLE = [
    pytest.param(
        lambda n: transformers.get_linear_schedule_with_warmup(
            num_warmup_steps=n(100), num_training_steps=n(1000)
        ),
        id="transformers-linear",
    ),
    pytest.param(
        lambda n: transformers.get_cosine_schedule_with_warmup(n(10), n(100)), id="transformers-cosine"
    ),
    pytest.param(
        lambda n: transformers.get_wsd_schedule(n(10), n(20), num_training_steps=n(100)),
        id="transformers-wsd",
    ),
    pytest.param(lambda n: pt.OneCycleLR(0.01, total_steps=n(1000)), id="torch-onecycle"),
    pytest.param(lambda n: pt.StepLR(n(30), 0.1, base_lr=0.1), id="torch-step"),
    pytest.param(lambda n: pt.MultiStepLR([n(30), n(60)], base_lr=0.1), id="torch-multistep"),
    pytest.param(lambda n: pt.CosineAnnealingWarmRestarts(n(10), n(2)), id="torch-cawr"),
    pytest.param(lambda n: pt.LinearLR(0.1, 1.0, n(10)), id="torch-linear"),
    pytest.param(lambda n: timm.CosineLRScheduler(100, cycle_limit=n(3)), id="timm-cycle-limit"),
    pytest.param(lambda n: optax.cosine_onecycle_schedule(n(100), 0.1), id="optax-onecycle"),
    pytest.param(lambda n: fvcore.StepWithFixedGammaParamScheduler(0.1, n(3), 0.1, n(90)), id="fvcore-gamma"),
    pytest.param(lambda n: fvcore.MultiStepParamScheduler([1.0, 0.1], n(90), [n(30)]), id="fvcore-multistep"),
    pytest.param(lambda n: caw.CosineAnnealingWarmupRestarts(n(100), warmup_steps=n(10)), id="katsura"),
]


@pytest.mark.parametrize("make", WHOLE)
def test_a_whole_float_is_the_int(make: Callable[[Callable[[int], Any]], Any]) -> None:
    as_int = make(int)
    as_float = make(float)
    assert as_float == as_int
    assert repr(as_float) == repr(as_int)  # the int is stored: no "100.0" in the schedule


def test_the_issue_calls() -> None:
    s = transformers.get_linear_schedule_with_warmup(num_warmup_steps=0.1 * 1000, num_training_steps=1000)
    assert s == transformers.get_linear_schedule_with_warmup(100, 1000)
    assert cli.main(["show", "torch.OneCycleLR", "max_lr=0.01", "total_steps=1e3"]) == 0
    assert (
        cli.main(
            [
                "show",
                "transformers.get_linear_schedule_with_warmup",
                "num_warmup_steps=1e2",
                "num_training_steps=1e3",
            ]
        )
        == 0
    )


FRACTIONAL = [
    pytest.param(lambda: pt.StepLR(2.5), r"^StepLR\(\): step_size must be a whole number", id="torch-step"),
    pytest.param(
        lambda: pt.OneCycleLR(0.1, total_steps=1000.5),
        r"^OneCycleLR\(\): total_steps must be a whole",
        id="onecycle",
    ),
    pytest.param(
        lambda: transformers.get_linear_schedule_with_warmup(100.5, 1000),
        r"^get_linear_schedule_with_warmup\(\): num_warmup_steps must be a whole number \(an int >= 0, or a "
        r"float such as 100\.0\), got 100\.5\.$",
        id="transformers",
    ),
    pytest.param(
        lambda: optax.linear_onecycle_schedule(99.5, 0.1),
        r"^linear_onecycle_schedule\(\): transition_steps must be a whole",
        id="optax",
    ),
    pytest.param(
        lambda: fvcore.StepWithFixedGammaParamScheduler(0.1, 2.5, 0.1, 90),
        r"^StepWithFixedGammaParamScheduler\(\): num_decays must be a whole",
        id="fvcore",
    ),
    pytest.param(
        lambda: timm.PlateauLRScheduler(patience_t=1.5),
        r"^PlateauLRScheduler\(\): patience_t must be a whole",
        id="timm",
    ),
    pytest.param(
        lambda: keras.ReduceLROnPlateau(patience=1.5),
        r"^ReduceLROnPlateau\(\): patience must be a whole",
        id="keras",
    ),
    pytest.param(
        lambda: pt.OneCycleLR(0.1, total_steps=math.inf),
        r"^OneCycleLR\(\): total_steps must be a finite",
        id="inf",
    ),
]


@pytest.mark.parametrize(("call", "match"), FRACTIONAL)
def test_a_fractional_count_is_refused_by_name(call: Callable[[], Any], match: str) -> None:
    with pytest.raises(ValueError, match=match):
        call()


def test_non_numbers_are_still_type_errors() -> None:
    with pytest.raises(TypeError, match=r"^StepLR\(\): step_size must be an int >= 1, got '3' \(str\)\.$"):
        pt.StepLR("3")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"^StepLR\(\): step_size must be an int >= 1, got True \(bool\)\.$"):
        pt.StepLR(True)


# ------------------------------------------------------------------------------ the numbers the user wrote
def test_optax_warmup_cosine_keeps_end_value() -> None:
    s = optax.warmup_cosine_decay_schedule(0, 3e-4, 1000, 10000, end_value=3e-5)
    assert s == lrc.warmup(lrc.cosine(3e-4, 9000, floor=3e-5), 1000)
    assert repr(s) == "warmup(cosine(0.0003, 9000, floor=3e-05), 1000)"
    assert s(10_000) == 3e-5


def test_optax_onecycles_keep_peak_value() -> None:
    cos = optax.cosine_onecycle_schedule(100, 3e-4)
    lin = optax.linear_onecycle_schedule(100, 3e-4)
    assert cos(30) == 3e-4 and lin(30) == 3e-4  # not 3e-4 / 25 * 25
    assert "0.0003," in repr(cos) and "0.0003," in repr(lin)


@pytest.mark.parametrize(
    "make",
    [
        transformers.get_cosine_with_min_lr_schedule_with_warmup,
        transformers.get_cosine_with_min_lr_schedule_with_warmup_lr_rate,
    ],
)
def test_transformers_min_lr_is_the_floor(make: Callable[..., lrc.Schedule]) -> None:
    s = make(10, 100, min_lr=3e-5, base_lr=3e-4)
    assert "floor=3e-05" in repr(s)
    assert "2.9999999999999997e-05" not in repr(s)


# ------------------------------------------------------------------------------ errors name the preset's argument
NAMED = [
    pytest.param(
        lambda: transformers.get_cosine_schedule_with_warmup(10, 100, num_cycles=1e308),
        r"^get_cosine_schedule_with_warmup\(\): num_cycles must be such that \(num_training_steps - "
        r"num_warmup_steps\) / \(2 \* num_cycles\) is a positive finite number of steps \(90 / \(2 \* 1e\+308\) = "
        r"0\.0\), got 1e\+308\.$",
        id="hf-cosine-cycles-huge",
    ),
    pytest.param(
        lambda: transformers.get_cosine_schedule_with_warmup(10, 100, num_cycles=1e-308),
        r"^get_cosine_schedule_with_warmup\(\): num_cycles must be such that",
        id="hf-cosine-cycles-tiny",
    ),
    pytest.param(
        lambda: transformers.get_cosine_with_hard_restarts_schedule_with_warmup(10, 100, num_cycles=1e-308),
        r"^get_cosine_with_hard_restarts_schedule_with_warmup\(\): num_cycles must be such that",
        id="hf-hard-restarts",
    ),
    pytest.param(
        lambda: transformers.get_cosine_with_min_lr_schedule_with_warmup(
            10, 100, num_cycles=1e308, min_lr_rate=0.1
        ),
        r"^get_cosine_with_min_lr_schedule_with_warmup\(\): num_cycles must be such that",
        id="hf-min-lr",
    ),
    pytest.param(
        lambda: transformers.get_wsd_schedule(10, 20, num_training_steps=100, num_cycles=1e308),
        r"^get_wsd_schedule\(\): num_cycles must be such that",
        id="hf-wsd",
    ),
    pytest.param(
        lambda: pt.MultiStepLR([1, 2], 1e200),
        r"^MultiStepLR\(\): gamma must be such that base_lr \* gamma \*\* len\(milestones\) fits a float64, got 1e\+200\.$",
        id="torch-multistep",
    ),
    pytest.param(
        lambda: timm.MultiStepLRScheduler([1, 2], 1e200),
        r"^MultiStepLRScheduler\(\): decay_rate must be such that",
        id="timm-multistep",
    ),
    pytest.param(
        lambda: detectron2.WarmupMultiStepLR([1, 2], 1e200),
        r"^WarmupMultiStepLR\(\): gamma must be such that",
        id="d2-multistep",
    ),
    pytest.param(
        lambda: timm.CosineLRScheduler(10, cycle_limit=3, cycle_decay=1e300),
        r"^CosineLRScheduler\(\): cycle_decay must be such that base_lr \* cycle_decay \*\* \(cycle_limit - 1\) "
        r"fits a float64 \(cycle_limit=3\), got 1e\+300\.$",
        id="timm-cycle-decay",
    ),
    pytest.param(
        lambda: pt.OneCycleLR(0.1, total_steps=100, div_factor=5e-324),
        r"^OneCycleLR\(\): max_lr / div_factor must be finite",
        id="torch-onecycle-div",
    ),
    pytest.param(
        lambda: pt.CyclicLR(0.1, 1.0, step_size_up=1e308),
        r"^CyclicLR\(\): step_size_up \+ step_size_down must be finite",
        id="torch-cyclic",
    ),
    pytest.param(
        lambda: optax.linear_onecycle_schedule(100, 0.1, pct_start=1e308),
        r"^linear_onecycle_schedule\(\): pct_start must be such that pct_start \* transition_steps is finite",
        id="optax-pct-start",
    ),
    pytest.param(
        lambda: optax.cosine_onecycle_schedule(100, 0.1, div_factor=5e-324),
        r"^cosine_onecycle_schedule\(\): peak_value / div_factor must be finite",
        id="optax-div",
    ),
    pytest.param(
        lambda: fvcore.StepWithFixedGammaParamScheduler(0.1, 3, 1e300, 90),
        r"^StepWithFixedGammaParamScheduler\(\): gamma must be such that base_value \* gamma \*\* num_decays",
        id="fvcore-gamma",
    ),
    pytest.param(
        lambda: caw.CosineAnnealingWarmupRestarts(100, cycle_mult=1e308),
        r"^CosineAnnealingWarmupRestarts\(\): cycle_mult must be such that the cycles' lengths stay finite",
        id="katsura-mult",
    ),
]


@pytest.mark.parametrize(("call", "match"), NAMED)
def test_errors_name_the_presets_own_argument(call: Callable[[], Any], match: str) -> None:
    with pytest.raises(ValueError, match=match):
        call()


@pytest.mark.parametrize(
    "call",
    [
        pytest.param(
            lambda: transformers.get_cosine_with_min_lr_schedule_with_warmup(10, 100, min_lr=1e308),
            id="min-lr",
        ),
        pytest.param(
            lambda: transformers.get_cosine_with_min_lr_schedule_with_warmup(
                10, 100, min_lr=1e-5, base_lr=5e-324
            ),
            id="tiny-base",
        ),
        pytest.param(
            lambda: optax.warmup_cosine_decay_schedule(0.0, 5e-324, 10, 100, end_value=1e-5), id="tiny-peak"
        ),
        pytest.param(
            lambda: optax.warmup_cosine_decay_schedule(0.0, 3e-4, 10, 100, end_value=1e308), id="huge-end"
        ),
    ],
)
def test_absolute_floors_no_longer_overflow(call: Callable[[], lrc.Schedule]) -> None:
    """These went through ``end / peak * peak`` and failed inside ``cosine()``; the floor is now the number given."""
    s = call()
    assert all(math.isfinite(s(k)) for k in (0, 5, 10, 50, 100, 1000))


# ------------------------------------------------------------------------------ fvcore, bounded
@pytest.mark.parametrize("n", [2**53, 10**11])
def test_step_with_fixed_gamma_is_bounded(n: int) -> None:
    """issue 16: 2**53 never returned, 10**11 reached 3.9 GB; the closed form costs nothing."""
    gamma = 1 - 1e-12
    code = (
        "from lr_curves.presets import fvcore; "
        f"s = fvcore.StepWithFixedGammaParamScheduler(0.1, {n}, {gamma!r}, 100); "
        "print(repr(s(0.0)), repr(s(0.5)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    got = [float(v) for v in out.stdout.split()]
    # fvcore's value: values[int((where + 1e-6) * (n + 1))], values[i] = 0.1 * gamma**i
    want = [0.1 * gamma ** int((w + 1e-6) * (n + 1)) for w in (0.0, 0.5)]
    assert got == pytest.approx(want, rel=1e-9)
    assert 0 < got[0] < 0.1 and got[1] < got[0]


def test_step_with_fixed_gamma_cli_is_bounded() -> None:
    argv = ["show", "fvcore.StepWithFixedGammaParamScheduler", "base_value=0.1", "num_decays=100000000000"]
    code = f"import sys; from lr_curves import cli; sys.exit(cli.main({[*argv, 'gamma=0.5', 'num_updates=100']!r}))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert out.returncode == 0, out.stderr


fvcore_lib = pytest.importorskip("fvcore.common.param_scheduler")


@settings(max_examples=60, deadline=None)
@given(
    base=st.floats(1e-6, 10.0),
    n=st.integers(1, 60),
    gamma=st.floats(0.01, 1.5),
    num_updates=st.integers(1, 10_000),
)
@example(base=0.1, n=3, gamma=0.1, num_updates=90)
@example(base=1.0, n=1, gamma=1.0, num_updates=1)
def test_step_with_fixed_gamma_matches_fvcore(base: float, n: int, gamma: float, num_updates: int) -> None:
    peer = fvcore_lib.StepWithFixedGammaParamScheduler(base, n, gamma, num_updates)
    ours = fvcore.StepWithFixedGammaParamScheduler(base, n, gamma, num_updates)
    # a grid, and both sides of every step of the staircase (at the step itself fvcore's
    # (where + 1e-6) * (n + 1) and the preset's division by 1 / (n + 1) may round apart)
    edges = np.array([i / (n + 1) - 1e-6 for i in range(1, n + 1)])
    where = np.concatenate([np.linspace(0.0, 1.0 - 2e-6, 997), edges - 1e-9, edges + 1e-9])
    where = where[(where >= 0) & (where < 1 - 1e-6)]
    peak = max(base, base * gamma**n)
    want = np.array([peer(float(w)) for w in where])
    assert np.max(np.abs(ours(where) - want)) <= 1e-9 * peak
    assert max(abs(ours(float(w)) - v) for w, v in zip(where, want, strict=True)) <= 1e-9 * peak


def test_cyclic_exp_range_growth_is_never_nan() -> None:
    """issue 16: CyclicLR(mode='exp_range', gamma=3.0)(1000) was NaN (0 * inf at a trough)."""
    s = pt.CyclicLR(0.1, 1.0, step_size_up=10, mode="exp_range", gamma=3.0)
    k = np.array([5, 600, 1000, 1010, 10**6])
    values = s(k)
    assert not np.isnan(values).any()
    assert [s(int(t)) for t in k] == values.tolist()
    assert s(1000) == 0.1 and s(5) == pytest.approx(0.1 + 0.9 * 0.5 * 3.0**5, rel=1e-12)
