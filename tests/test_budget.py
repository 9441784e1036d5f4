"""budget(): per-node sums, so the cost does not grow with the range (issue 13, item 3)."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest

import lr_curves as lrc
from lr_curves import _budget
from lr_curves.presets import cosine_annealing_warmup as caw
from lr_curves.presets import detectron2 as d2
from lr_curves.presets import fvcore as fv
from lr_curves.presets import keras as kr
from lr_curves.presets import optax as ox
from lr_curves.presets import timm
from lr_curves.presets import torch as pt
from lr_curves.presets import transformers as hf

P = {
    "torch.StepLR": lambda: pt.StepLR(30, 0.1, base_lr=0.1),
    "torch.MultiStepLR": lambda: pt.MultiStepLR([30, 80], base_lr=0.1),
    "torch.ConstantLR": lambda: pt.ConstantLR(base_lr=0.1),
    "torch.LinearLR": lambda: pt.LinearLR(base_lr=0.1),
    "torch.ExponentialLR": lambda: pt.ExponentialLR(0.999, base_lr=0.1),
    "torch.PolynomialLR": lambda: pt.PolynomialLR(100, 2.0, base_lr=0.1),
    "torch.CosineAnnealingLR": lambda: pt.CosineAnnealingLR(100, 0.001, base_lr=0.1),
    "torch.CosineAnnealingWarmRestarts": lambda: pt.CosineAnnealingWarmRestarts(10, base_lr=0.1),
    "torch.CosineAnnealingWarmRestarts(T_mult=2)": lambda: pt.CosineAnnealingWarmRestarts(10, 2, base_lr=0.1),
    "torch.CyclicLR": lambda: pt.CyclicLR(0.01, 0.1, 20),
    "torch.CyclicLR(triangular2)": lambda: pt.CyclicLR(0.01, 0.1, 20, mode="triangular2"),
    "torch.CyclicLR(exp_range)": lambda: pt.CyclicLR(0.01, 0.1, 20, mode="exp_range", gamma=0.999),
    "torch.OneCycleLR": lambda: pt.OneCycleLR(0.1, total_steps=1000),
    "torch.MultiplicativeLR": lambda: pt.MultiplicativeLR(0.99, base_lr=0.1),
    "hf.constant_with_warmup": lambda: hf.get_constant_schedule_with_warmup(100, base_lr=0.1),
    "hf.linear_with_warmup": lambda: hf.get_linear_schedule_with_warmup(100, 1000, base_lr=0.1),
    "hf.cosine_with_warmup": lambda: hf.get_cosine_schedule_with_warmup(100, 1000, base_lr=0.1),
    "hf.hard_restarts": lambda: hf.get_cosine_with_hard_restarts_schedule_with_warmup(
        100, 1000, 3, base_lr=0.1
    ),
    "hf.polynomial": lambda: hf.get_polynomial_decay_schedule_with_warmup(100, 1000, base_lr=0.1),
    "hf.inverse_sqrt": lambda: hf.get_inverse_sqrt_schedule(100, base_lr=0.1),
    "hf.wsd": lambda: hf.get_wsd_schedule(100, 200, 300, base_lr=0.1),
    "timm.Cosine": lambda: timm.CosineLRScheduler(100, base_lr=0.1),
    "timm.Cosine(cycles)": lambda: timm.CosineLRScheduler(100, cycle_limit=3, base_lr=0.1),
    "timm.Tanh": lambda: timm.TanhLRScheduler(100, base_lr=0.1),
    "timm.Poly": lambda: timm.PolyLRScheduler(100, base_lr=0.1),
    "timm.Step": lambda: timm.StepLRScheduler(30, base_lr=0.1),
    "optax.cosine_decay": lambda: ox.cosine_decay_schedule(0.1, 1000),
    "optax.warmup_cosine": lambda: ox.warmup_cosine_decay_schedule(0.0, 0.1, 100, 1000),
    "optax.warmup_exponential": lambda: ox.warmup_exponential_decay_schedule(0.0, 0.1, 100, 1000, 0.5),
    "optax.sgdr": lambda: ox.sgdr_schedule(
        [dict(init_value=0.0, peak_value=0.1, warmup_steps=10, decay_steps=100)] * 3
    ),
    "keras.ExponentialDecay": lambda: kr.ExponentialDecay(0.1, 1000, 0.9),
    "keras.ExponentialDecay(staircase)": lambda: kr.ExponentialDecay(0.1, 1000, 0.9, staircase=True),
    "keras.InverseTimeDecay": lambda: kr.InverseTimeDecay(0.1, 1000, 0.5),
    "keras.CosineDecay": lambda: kr.CosineDecay(0.1, 1000),
    "keras.CosineDecayRestarts": lambda: kr.CosineDecayRestarts(0.1, 100),
    "keras.CosineDecayRestarts(t_mul=1)": lambda: kr.CosineDecayRestarts(0.1, 100, t_mul=1.0),
    "keras.PolynomialDecay(cycle)": lambda: kr.PolynomialDecay(0.1, 1000, cycle=True),
    "fvcore.Cosine": lambda: lrc.stretch(fv.CosineParamScheduler(0.1, 0.0), 1000),
    "detectron2.WarmupMultiStepLR": lambda: d2.WarmupMultiStepLR([300, 400], base_lr=0.1),
    "caw.CosineAnnealingWarmupRestarts": lambda: caw.CosineAnnealingWarmupRestarts(
        100, max_lr=0.1, min_lr=0.001, warmup_steps=10
    ),
}

#: Presets whose budget is still summed value by value (no closed form yet): restarts with
#: growing cycles, a triangle times an exponential, inverse square root / inverse time decays,
#: Keras' cycling polynomial. Their budget is exact but linear in the range.
NOT_CLOSED = {
    "torch.CosineAnnealingWarmRestarts(T_mult=2)",
    "torch.CyclicLR(exp_range)",
    "hf.inverse_sqrt",
    "keras.InverseTimeDecay",
    "keras.CosineDecayRestarts",
    "keras.PolynomialDecay(cycle)",
}


def exact(s: lrc.Schedule, n: int) -> Fraction:
    return sum((Fraction(v) for v in s(np.arange(n, dtype=np.float64)).tolist()), Fraction(0))


def test_restarts_at_a_trillion_steps_are_exact() -> None:
    s = lrc.restart(lrc.cosine(0.1, 10))
    want = exact(s, 10) * 10**11  # 10**11 whole cycles
    got = lrc.budget(s, 10**12)
    assert abs(Fraction(got) - want) / want <= 1e-15
    partial = exact(s, 10) * (10**11 - 1) + exact(s, 7)  # and a partial cycle at the end
    assert abs(Fraction(lrc.budget(s, 10**12 - 3)) - partial) / partial <= 1e-15
    start = exact(s, 10) * 10**11 - exact(s, 4)  # and one at the start
    assert abs(Fraction(lrc.budget(s, 10**12, start=4)) - start) / start <= 1e-15


@pytest.mark.parametrize(
    "s",
    [
        lrc.restart(lrc.cosine(0.1, 10), decay=0.99),
        lrc.restart(lrc.warmup(lrc.cosine(0.1, 90), 10), 150),
        lrc.cosine(1.0, 10, periodic=True),
        lrc.triangle(0.1, 1.0, 7, 3),
        lrc.exponential(0.1, 0.9999),
        lrc.exponential(0.1, 0.9, 10, staircase=True),
        lrc.exponential(0.1, 0.999, end=0.001),
        lrc.exponential(0.1, 0.99, 7, staircase=True, begin=50, end=0.01),
        lrc.exponential(0.001, 1.0001, end=0.1),
        lrc.warmup(lrc.restart(lrc.cosine(0.1, 10), decay=0.99), 100) / 2.0,
        lrc.concat(lrc.linear(0.0, 1.0, 100), lrc.triangle(0.0, 1.0, 5)) + lrc.constant(0.5),
        3.0 * lrc.warmup(lrc.triangle(0.0, 1.0, 5), 10, overlay=True),
    ],
    ids=repr,
)
def test_closed_forms_equal_the_direct_sum(s: lrc.Schedule) -> None:
    n = 300_000  # beyond the direct range: the closed forms run
    want = exact(s, n)
    for a, b in ((0, n), (12_345, n), (70_001, 250_002)):
        got = lrc.budget(s, b, start=a)
        ref = want if (a, b) == (0, n) else exact(s, b) - exact(s, a)
        assert abs(Fraction(got) - ref) <= 1e-13 * abs(ref), (a, b, got, float(ref))


@pytest.mark.parametrize("name", sorted(P))
def test_every_preset_at_a_trillion_steps(name: str) -> None:
    s = P[name]()
    if name in NOT_CLOSED:
        pytest.skip("no closed form yet: summed value by value (exact, linear in the range)")
    n = 200_000
    got = lrc.budget(s, n)
    ref = exact(s, n)
    assert abs(Fraction(got) - ref) <= 1e-13 * abs(ref)
    big = lrc.budget(s, 10**12)
    assert math.isfinite(big) and big >= got
    h = lrc.analysis.horizon(s)
    if h is not None and h < n:  # a schedule that ends: the tail is exact
        tail = exact(s, h) + (10**12 - h) * Fraction(float(s(h)))
        assert abs(Fraction(big) - tail) <= 1e-15 * abs(tail)


def test_a_node_without_a_closed_form_is_summed_directly() -> None:
    s = lrc.inverse_sqrt(1.0, 100)
    assert "inverse_sqrt" not in _budget.SUMS
    assert lrc.budget(s, 100_000) == math.fsum(s(np.arange(100_000)).tolist())


def test_sums_are_keyed_by_registered_nodes() -> None:
    from lr_curves._base import NODES

    assert set(_budget.SUMS) <= set(NODES)
