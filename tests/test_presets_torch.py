"""Differential tests: lr_curves.presets.torch against torch 2.13's real schedulers.

For each preset, ``s(k)`` must equal ``get_last_lr()[0]`` after ``k`` calls of
``scheduler.step()`` (k = 0 right after construction), at every step from 0 to well past the
nominal end, within 1e-9 of the curve's peak, on the scalar and the NumPy paths.
"""

from __future__ import annotations

import itertools
import math
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import lr_curves as lrc
from lr_curves.presets import torch as pt

torch = pytest.importorskip("torch")
sched = torch.optim.lr_scheduler

Factory = Callable[[Any], Any]


def _optimizer(lr: float, adam: bool = False) -> Any:
    p = torch.nn.Parameter(torch.zeros(1))
    if adam:
        return torch.optim.Adam([p], lr=lr)
    return torch.optim.SGD([p], lr=lr, momentum=0.9)


def run_torch(make: Factory, n: int, lr: float = 1.0, key: str = "lr") -> list[float]:
    """The value of ``key`` after k = 0..n calls of ``scheduler.step()``."""
    opt = _optimizer(lr)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        s = make(opt)
        out = [float(opt.param_groups[0][key])]
        for _ in range(n):
            opt.step()
            s.step()
            out.append(float(opt.param_groups[0][key]))
    if key == "lr":
        assert out[-1] == float(s.get_last_lr()[0])
    return out


def assert_matches(schedule: lrc.Schedule, expected: list[float]) -> None:
    ref = np.asarray(expected)
    tol = 1e-9 * max(float(np.max(np.abs(ref))), 1e-300)
    steps = np.arange(len(ref))
    got_vec = schedule(steps)
    got_scalar = np.array([schedule(int(k)) for k in steps])
    bad = np.flatnonzero(np.abs(got_scalar - ref) > tol)
    assert bad.size == 0, f"first mismatch at k={bad[0]}: {got_scalar[bad[0]]!r} vs torch {ref[bad[0]]!r}"
    np.testing.assert_allclose(got_vec, ref, rtol=0, atol=tol)


# ---------------------------------------------------------------------------------------- hand-picked
def _case(id_: str, make: Factory, preset: Callable[[], lrc.Schedule], n: int, lr: float = 1.0) -> Any:
    return pytest.param(make, preset, n, lr, id=id_)


CASES = [
    _case(
        "lambda-linear-warmup",
        lambda o: sched.LambdaLR(o, lambda k: min(k / 10, 1.0)),
        lambda: pt.LambdaLR(lrc.linear(0.0, 1.0, 10), base_lr=0.3),
        40,
        0.3,
    ),
    _case(
        "lambda-cosine-warmup",
        lambda o: sched.LambdaLR(
            o, lambda k: k / 5 if k < 5 else 0.5 * (1 + math.cos(math.pi * min(k - 5, 20) / 20))
        ),
        lambda: pt.LambdaLR(lrc.warmup(lrc.cosine(1.0, 20), 5)),
        60,
    ),
    _case(
        "multiplicative-const",
        lambda o: sched.MultiplicativeLR(o, lambda k: 0.95),
        lambda: pt.MultiplicativeLR(0.95, base_lr=0.5),
        200,
        0.5,
    ),
    _case(
        "multiplicative-constant-schedule",
        lambda o: sched.MultiplicativeLR(o, lambda k: 1.01),
        lambda: pt.MultiplicativeLR(lrc.constant(1.01)),
        200,
    ),
    _case(
        "multiplicative-zero",
        lambda o: sched.MultiplicativeLR(o, lambda k: 0.0),
        lambda: pt.MultiplicativeLR(0.0),
        10,
    ),
    _case("step-default", lambda o: sched.StepLR(o, 3), lambda: pt.StepLR(3), 30),
    _case("step-one", lambda o: sched.StepLR(o, 1, 0.9), lambda: pt.StepLR(1, 0.9), 100),
    _case("step-gamma0", lambda o: sched.StepLR(o, 2, 0.0), lambda: pt.StepLR(2, 0.0), 10),
    _case("step-growth", lambda o: sched.StepLR(o, 4, 1.5), lambda: pt.StepLR(4, 1.5), 60),
    _case(
        "multistep-dup-unsorted",
        lambda o: sched.MultiStepLR(o, [8, 3, 8, 20], 0.5),
        lambda: pt.MultiStepLR([8, 3, 8, 20], 0.5),
        40,
    ),
    _case("multistep-zero", lambda o: sched.MultiStepLR(o, [0, 5]), lambda: pt.MultiStepLR([0, 5]), 10),
    _case("multistep-empty", lambda o: sched.MultiStepLR(o, []), lambda: pt.MultiStepLR([]), 5),
    _case("constant-default", sched.ConstantLR, pt.ConstantLR, 20),
    _case(
        "constant-total0",
        lambda o: sched.ConstantLR(o, 0.5, 0),
        lambda: pt.ConstantLR(0.5, 0),
        10,
    ),
    _case("constant-factor1", lambda o: sched.ConstantLR(o, 1.0, 3), lambda: pt.ConstantLR(1.0, 3), 10),
    _case("linear-default", sched.LinearLR, pt.LinearLR, 20),
    _case(
        "linear-decay",
        lambda o: sched.LinearLR(o, 1.0, 0.1, 4),
        lambda: pt.LinearLR(1.0, 0.1, 4, base_lr=0.2),
        20,
        0.2,
    ),
    _case("linear-total0", lambda o: sched.LinearLR(o, 0.5, 1.0, 0), lambda: pt.LinearLR(0.5, 1.0, 0), 10),
    _case("linear-to-zero", lambda o: sched.LinearLR(o, 1.0, 0.0, 10), lambda: pt.LinearLR(1.0, 0.0, 10), 30),
    _case(
        "linear-1000",
        lambda o: sched.LinearLR(o, 0.01, 1.0, 1000),
        lambda: pt.LinearLR(0.01, 1.0, 1000),
        1100,
    ),
    _case("exponential", lambda o: sched.ExponentialLR(o, 0.97), lambda: pt.ExponentialLR(0.97), 500),
    _case("polynomial-default", sched.PolynomialLR, pt.PolynomialLR, 20),
    _case(
        "polynomial-power",
        lambda o: sched.PolynomialLR(o, 10, 2.5),
        lambda: pt.PolynomialLR(10, 2.5, base_lr=0.1),
        30,
        0.1,
    ),
    _case("polynomial-total0", lambda o: sched.PolynomialLR(o, 0), lambda: pt.PolynomialLR(0), 5),
    _case("polynomial-power0", lambda o: sched.PolynomialLR(o, 4, 0.0), lambda: pt.PolynomialLR(4, 0.0), 10),
    _case(
        "cosine-periodic",
        lambda o: sched.CosineAnnealingLR(o, 4, 0.1),
        lambda: pt.CosineAnnealingLR(4, 0.1),
        50,
    ),
    _case(
        "cosine-inverted",
        lambda o: sched.CosineAnnealingLR(o, 7, 2.0),
        lambda: pt.CosineAnnealingLR(7, 2.0),
        60,
    ),
    _case("cosine-long", lambda o: sched.CosineAnnealingLR(o, 100), lambda: pt.CosineAnnealingLR(100), 1000),
    _case(
        "cawr-mult1",
        lambda o: sched.CosineAnnealingWarmRestarts(o, 5),
        lambda: pt.CosineAnnealingWarmRestarts(5),
        60,
    ),
    _case(
        "cawr-t0-1-mult3",  # the float-log boundary of step(epoch) is at epoch 121: exact here
        lambda o: sched.CosineAnnealingWarmRestarts(o, 1, 3, 0.01),
        lambda: pt.CosineAnnealingWarmRestarts(1, 3, 0.01),
        400,
    ),
    _case(
        "cawr-mult2",
        lambda o: sched.CosineAnnealingWarmRestarts(o, 3, 2, 0.05),
        lambda: pt.CosineAnnealingWarmRestarts(3, 2, 0.05, base_lr=0.5),
        200,
        0.5,
    ),
    _case(
        "cyclic-triangular",
        lambda o: sched.CyclicLR(o, 0.1, 1.0, 4),
        lambda: pt.CyclicLR(0.1, 1.0, 4),
        40,
    ),
    _case(
        "cyclic-triangular2-asym",
        lambda o: sched.CyclicLR(o, 0.1, 1.0, 3, 5, "triangular2"),
        lambda: pt.CyclicLR(0.1, 1.0, 3, 5, "triangular2"),
        60,
    ),
    _case(
        "cyclic-exp-range",
        lambda o: sched.CyclicLR(o, 0.01, 0.5, 5, None, "exp_range", 0.97),
        lambda: pt.CyclicLR(0.01, 0.5, 5, None, "exp_range", 0.97),
        100,
    ),
    _case(
        "cyclic-scale-mode-forced",  # torch ignores scale_mode="iterations" for triangular2
        lambda o: sched.CyclicLR(o, 0.1, 1.0, 2, mode="triangular2", scale_mode="iterations"),
        lambda: pt.CyclicLR(0.1, 1.0, 2, mode="triangular2", scale_mode="iterations"),
        30,
    ),
    _case(
        "cyclic-sawtooth",
        lambda o: sched.CyclicLR(o, 0.1, 1.0, 4, 0),
        lambda: pt.CyclicLR(0.1, 1.0, 4, 0),
        30,
    ),
    _case(
        "cyclic-scale-fn-iterations",
        lambda o: sched.CyclicLR(
            o, 0.2, 1.0, 3, scale_fn=lambda k: 0.99**k, scale_mode="iterations", mode="bogus"
        ),
        lambda: pt.CyclicLR(0.2, 1.0, 3, scale_fn=lrc.exponential(1.0, 0.99), scale_mode="iterations"),
        40,
    ),
    _case(
        "onecycle-default",
        lambda o: sched.OneCycleLR(o, 1.0, total_steps=10),
        lambda: pt.OneCycleLR(1.0, total_steps=10),
        10,
    ),
    _case(
        "onecycle-linear",
        lambda o: sched.OneCycleLR(o, 0.5, total_steps=20, anneal_strategy="linear"),
        lambda: pt.OneCycleLR(0.5, total_steps=20, anneal_strategy="linear"),
        20,
    ),
    _case(
        "onecycle-three-phase",
        lambda o: sched.OneCycleLR(o, 0.5, epochs=4, steps_per_epoch=7, three_phase=True),
        lambda: pt.OneCycleLR(0.5, epochs=4, steps_per_epoch=7, three_phase=True),
        28,
    ),
    _case(
        "onecycle-pct-small",  # pct * T < 1: the first phase is skipped
        lambda o: sched.OneCycleLR(o, 1.0, total_steps=10, pct_start=0.05),
        lambda: pt.OneCycleLR(1.0, total_steps=10, pct_start=0.05),
        10,
    ),
    _case(
        "onecycle-pct-zero-three",
        lambda o: sched.OneCycleLR(o, 1.0, total_steps=10, pct_start=0.0, three_phase=True),
        lambda: pt.OneCycleLR(1.0, total_steps=10, pct_start=0.0, three_phase=True),
        10,
    ),
    _case(
        "onecycle-pct-one",  # torch divides by zero at step T: compare up to T - 1
        lambda o: sched.OneCycleLR(o, 1.0, total_steps=10, pct_start=1.0),
        lambda: pt.OneCycleLR(1.0, total_steps=10, pct_start=1.0),
        9,
    ),
    _case(
        "onecycle-three-phase-late",  # 2 pct T - 2 >= T: the third phase is never reached
        lambda o: sched.OneCycleLR(o, 1.0, total_steps=10, pct_start=0.6, three_phase=True),
        lambda: pt.OneCycleLR(1.0, total_steps=10, pct_start=0.6, three_phase=True),
        10,
    ),
    _case(
        "onecycle-three-phase-backwards-cos",  # last phase from 29.2 to 29: negative progress at k=30
        lambda o: sched.OneCycleLR(o, 1.0, total_steps=30, pct_start=0.52, three_phase=True),
        lambda: pt.OneCycleLR(1.0, total_steps=30, pct_start=0.52, three_phase=True),
        30,
    ),
    _case(
        "onecycle-three-phase-backwards-linear",
        lambda o: sched.OneCycleLR(
            o, 1.0, total_steps=30, pct_start=0.52, three_phase=True, anneal_strategy="linear"
        ),
        lambda: pt.OneCycleLR(
            1.0, total_steps=30, pct_start=0.52, three_phase=True, anneal_strategy="linear"
        ),
        30,
    ),
    _case(
        "onecycle-fractional-peak",
        lambda o: sched.OneCycleLR(o, 2.0, total_steps=15, pct_start=0.25, div_factor=10.0),
        lambda: pt.OneCycleLR(2.0, total_steps=15, pct_start=0.25, div_factor=10.0),
        15,
    ),
    _case(
        "sequential-warmup-cosine",
        lambda o: sched.SequentialLR(
            o, [sched.LinearLR(o, 0.1, 1.0, 5), sched.CosineAnnealingLR(o, 20, 0.01)], milestones=[5]
        ),
        lambda: pt.SequentialLR(
            [pt.LinearLR(0.1, 1.0, 5, base_lr=0.4), pt.CosineAnnealingLR(20, 0.01, base_lr=0.4)],
            milestones=[5],
        ),
        80,
        0.4,
    ),
    _case(
        "sequential-restart-from-base",  # the second child restarts from base_lr, not 0.1
        lambda o: sched.SequentialLR(
            o, [sched.ConstantLR(o, 0.1, 10), sched.ExponentialLR(o, 0.9)], milestones=[3]
        ),
        lambda: pt.SequentialLR([pt.ConstantLR(0.1, 10), pt.ExponentialLR(0.9)], milestones=[3]),
        30,
    ),
    _case(
        "sequential-three-children",
        lambda o: sched.SequentialLR(
            o,
            [sched.ConstantLR(o, 0.5, 2), sched.StepLR(o, 3, 0.5), sched.LambdaLR(o, lambda k: 0.1)],
            milestones=[4, 12],
        ),
        lambda: pt.SequentialLR(
            [pt.ConstantLR(0.5, 2), pt.StepLR(3, 0.5), pt.LambdaLR(lrc.constant(0.1))], milestones=[4, 12]
        ),
        30,
    ),
    _case(
        "sequential-milestone-zero",
        lambda o: sched.SequentialLR(
            o, [sched.ConstantLR(o, 0.5, 2), sched.ExponentialLR(o, 0.9)], milestones=[0]
        ),
        lambda: pt.SequentialLR([pt.ConstantLR(0.5, 2), pt.ExponentialLR(0.9)], milestones=[0]),
        10,
    ),
    _case(
        "sequential-duplicate-milestones",
        lambda o: sched.SequentialLR(
            o,
            [sched.ConstantLR(o, 0.5, 9), sched.ConstantLR(o, 0.2, 9), sched.ExponentialLR(o, 0.9)],
            milestones=[3, 3],
        ),
        lambda: pt.SequentialLR(
            [pt.ConstantLR(0.5, 9), pt.ConstantLR(0.2, 9), pt.ExponentialLR(0.9)], milestones=[3, 3]
        ),
        15,
    ),
    _case(
        "sequential-one-child",
        lambda o: sched.SequentialLR(o, [sched.StepLR(o, 2)], milestones=[]),
        lambda: pt.SequentialLR([pt.StepLR(2)], milestones=[]),
        10,
    ),
    _case(
        "chained-constant-exponential",
        lambda o: sched.ChainedScheduler([sched.ConstantLR(o, 0.1, 2), sched.ExponentialLR(o, 0.9)]),
        lambda: pt.ChainedScheduler([pt.ConstantLR(0.1, 2), pt.ExponentialLR(0.9)]),
        30,
    ),
    _case(
        "chained-absolute-children",
        lambda o: sched.ChainedScheduler(
            [sched.LinearLR(o, 0.2, 1.0, 5), sched.StepLR(o, 4, 0.5), sched.PolynomialLR(o, 30, 2.0)]
        ),
        lambda: pt.ChainedScheduler(
            [
                pt.LinearLR(0.2, 1.0, 5, base_lr=0.3),
                pt.StepLR(4, 0.5, base_lr=0.3),
                pt.PolynomialLR(30, 2.0, base_lr=0.3),
            ],
            base_lr=0.3,
        ),
        50,
        0.3,
    ),
    _case(
        "chained-cosine-in-range",
        lambda o: sched.ChainedScheduler([sched.CosineAnnealingLR(o, 20), sched.MultiStepLR(o, [5, 9])]),
        lambda: pt.ChainedScheduler([pt.CosineAnnealingLR(20), pt.MultiStepLR([5, 9])]),
        20,
    ),
]


@pytest.mark.parametrize(("make", "preset", "n", "lr"), CASES)
def test_matches_torch(make: Factory, preset: Callable[[], lrc.Schedule], n: int, lr: float) -> None:
    assert_matches(preset(), run_torch(make, n, lr))


def test_cyclic_scale_fn_cycle_is_evaluated_at_the_one_based_cycle() -> None:
    # inverse_time(1, 1)(c) = 1 / (1 + c): torch's scale_fn(cycle) = 1/cycle needs c = cycle - 1,
    # so shift the schedule: the preset passes cycle = 1 + k // total.
    s = pt.CyclicLR(0.0, 1.0, 2, 3, scale_fn=lrc.shift(lrc.inverse_time(1.0, 1.0), 1), scale_mode="cycle")
    ref = run_torch(
        lambda o: sched.CyclicLR(o, 0.0, 1.0, 2, 3, scale_fn=lambda c: 1.0 / c, scale_mode="cycle"), 40
    )
    assert_matches(s, ref)


# ---------------------------------------------------------------------------------------- momentum curves
MOMENTUM_CASES = [
    pytest.param(
        lambda o: sched.CyclicLR(o, 0.1, 1.0, 3, 5, "triangular2", base_momentum=0.7, max_momentum=0.95),
        lambda: pt.CyclicLR_momentum(0.1, 1.0, 3, 5, "triangular2", base_momentum=0.7, max_momentum=0.95),
        60,
        id="cyclic-triangular2",
    ),
    pytest.param(
        lambda o: sched.CyclicLR(o, 0.1, 1.0, 4, mode="exp_range", gamma=0.98),
        lambda: pt.CyclicLR_momentum(0.1, 1.0, 4, mode="exp_range", gamma=0.98),
        60,
        id="cyclic-exp-range",
    ),
    pytest.param(
        lambda o: sched.OneCycleLR(o, 1.0, total_steps=20),
        lambda: pt.OneCycleLR_momentum(1.0, total_steps=20),
        20,
        id="onecycle-two-phase",
    ),
    pytest.param(
        lambda o: sched.OneCycleLR(o, 1.0, total_steps=30, three_phase=True, anneal_strategy="linear"),
        lambda: pt.OneCycleLR_momentum(1.0, total_steps=30, three_phase=True, anneal_strategy="linear"),
        30,
        id="onecycle-three-phase-linear",
    ),
]


@pytest.mark.parametrize(("make", "preset", "n"), MOMENTUM_CASES)
def test_momentum_matches_torch(make: Factory, preset: Callable[[], lrc.Schedule], n: int) -> None:
    assert_matches(preset(), run_torch(make, n, key="momentum"))


def test_onecycle_momentum_drives_adam_beta1() -> None:
    opt = _optimizer(1.0, adam=True)
    s = sched.OneCycleLR(opt, 1.0, total_steps=12)
    betas = [opt.param_groups[0]["betas"][0]]
    for _ in range(12):
        opt.step()
        s.step()
        betas.append(opt.param_groups[0]["betas"][0])
    assert_matches(pt.OneCycleLR_momentum(1.0, total_steps=12), betas)


# ---------------------------------------------------------------------------------------- past the end
def test_onecycle_holds_min_lr_where_torch_refuses_to_step() -> None:
    s = pt.OneCycleLR(1.0, total_steps=10)
    opt = _optimizer(1.0)
    t = sched.OneCycleLR(opt, 1.0, total_steps=10)
    for _ in range(10):
        opt.step()
        t.step()
    with pytest.raises(ValueError, match="Tried to step 11 times"):
        t.step()
    assert s(11) == s(10**9) == pytest.approx(1.0 / 25 / 1e4, rel=1e-15)
    assert s(10) > 100 * s(9)  # the T-th step extrapolates back up (pytorch#91765)


def test_onecycle_linear_extrapolates_negative_at_step_t() -> None:
    s = pt.OneCycleLR(1.0, total_steps=10, anneal_strategy="linear")
    assert s(10) < 0


# ---------------------------------------------------------------------------------------- hypothesis
lrs = st.floats(1e-4, 10.0)
factors01 = st.floats(0.01, 1.0)


@given(base=lrs, step_size=st.integers(1, 12), gamma=st.floats(0.05, 1.5))
def test_step_lr_property(base: float, step_size: int, gamma: float) -> None:
    ref = run_torch(lambda o: sched.StepLR(o, step_size, gamma), 8 * step_size, base)
    assert_matches(pt.StepLR(step_size, gamma, base_lr=base), ref)


@given(base=lrs, ms=st.lists(st.integers(0, 40), max_size=6), gamma=st.floats(0.05, 2.0))
def test_multistep_lr_property(base: float, ms: list[int], gamma: float) -> None:
    ref = run_torch(lambda o: sched.MultiStepLR(o, ms, gamma), 50, base)
    assert_matches(pt.MultiStepLR(ms, gamma, base_lr=base), ref)


@given(base=lrs, factor=st.just(0.0) | st.floats(1e-6, 1.0), total=st.integers(1, 20))
def test_constant_lr_property(base: float, factor: float, total: int) -> None:
    n = total + 10 if factor > 0 else total - 1  # torch divides by zero at total_iters when factor=0
    ref = run_torch(lambda o: sched.ConstantLR(o, factor, total), n, base)
    assert_matches(pt.ConstantLR(factor, total, base_lr=base), ref)


@given(base=lrs, s=st.floats(0.01, 1.0), e=st.floats(0.0, 1.0), total=st.integers(0, 40))
def test_linear_lr_property(base: float, s: float, e: float, total: int) -> None:
    ref = run_torch(lambda o: sched.LinearLR(o, s, e, total), total + 20, base)
    assert_matches(pt.LinearLR(s, e, total, base_lr=base), ref)


@given(base=lrs, gamma=st.floats(0.5, 1.05))
def test_exponential_lr_property(base: float, gamma: float) -> None:
    ref = run_torch(lambda o: sched.ExponentialLR(o, gamma), 200, base)
    assert_matches(pt.ExponentialLR(gamma, base_lr=base), ref)


@given(base=lrs, total=st.integers(1, 40), power=st.floats(0.1, 4.0))
def test_polynomial_lr_property(base: float, total: int, power: float) -> None:
    ref = run_torch(lambda o: sched.PolynomialLR(o, total, power), total + 20, base)
    assert_matches(pt.PolynomialLR(total, power, base_lr=base), ref)


@given(base=lrs, T=st.integers(1, 50), eta=st.floats(0.0, 1.0))
def test_cosine_annealing_lr_property(base: float, T: int, eta: float) -> None:
    ref = run_torch(lambda o: sched.CosineAnnealingLR(o, T, eta * base), 5 * T + 3, base)
    assert_matches(pt.CosineAnnealingLR(T, eta * base, base_lr=base), ref)


@given(base=lrs, T0=st.integers(1, 20), mult=st.integers(1, 4), eta=st.floats(0.0, 0.5))
def test_cosine_warm_restarts_property(base: float, T0: int, mult: int, eta: float) -> None:
    ref = run_torch(lambda o: sched.CosineAnnealingWarmRestarts(o, T0, mult, eta * base), 300, base)
    assert_matches(pt.CosineAnnealingWarmRestarts(T0, mult, eta * base, base_lr=base), ref)


@given(
    lo=st.floats(1e-4, 1.0),
    span=st.floats(0.0, 5.0),
    up=st.integers(1, 15),
    down=st.none() | st.integers(0, 15),
    mode=st.sampled_from(["triangular", "triangular2", "exp_range"]),
    gamma=st.floats(0.9, 1.0),
    scale_mode=st.sampled_from(["cycle", "iterations"]),
)
def test_cyclic_lr_property(
    lo: float, span: float, up: int, down: int | None, mode: str, gamma: float, scale_mode: str
) -> None:
    hi = lo + span
    n = 4 * (up + (up if down is None else down)) + 5
    ref = run_torch(lambda o: sched.CyclicLR(o, lo, hi, up, down, mode, gamma, scale_mode=scale_mode), n)
    assert_matches(pt.CyclicLR(lo, hi, up, down, mode, gamma, scale_mode=scale_mode), ref)
    mom = run_torch(
        lambda o: sched.CyclicLR(o, lo, hi, up, down, mode, gamma, scale_mode=scale_mode), n, key="momentum"
    )
    assert_matches(pt.CyclicLR_momentum(lo, hi, up, down, mode, gamma, scale_mode=scale_mode), mom)


@given(
    max_lr=lrs,
    T=st.integers(2, 60),
    pct=st.floats(0.0, 1.0),
    strategy=st.sampled_from(["cos", "linear"]),
    three=st.booleans(),
    div=st.floats(1.0, 100.0),
    final_div=st.floats(1.0, 1e5),
)
# pct_start * total_steps within an ulp of total_steps: torch's last phase is 2e-16 steps long, and
# at step T it anneals over pct = (T - start) / 2e-16 ~ 4e15 half-periods: float noise, not a
# schedule (found by make fuzz, seeds 59740875 and 2901124106). Compared up to T - 1 there.
@example(max_lr=1.0, T=2, pct=0.9999999999999999, strategy="cos", three=False, div=1.0, final_div=1.0)
def test_one_cycle_property(
    max_lr: float, T: int, pct: float, strategy: str, three: bool, div: float, final_div: float
) -> None:
    kw = dict(
        total_steps=T,
        pct_start=pct,
        anneal_strategy=strategy,
        three_phase=three,
        div_factor=div,
        final_div_factor=final_div,
    )
    if float(pct * T) - 1 == 0.0:
        with pytest.raises(ValueError, match="pct_start \\* total_steps must be different from 1"):
            pt.OneCycleLR(max_lr, **kw)
        return
    preset = pt.OneCycleLR(max_lr, **kw)
    momentum = pt.OneCycleLR_momentum(max_lr, **kw)
    ends = [float(pct * T) - 1, T - 1] if not three else [float(pct * T) - 1, float(2 * pct * T) - 2, T - 1]
    sliver = any(0 < b - a < 1e-9 for a, b in itertools.pairwise([0.0, *ends]))
    n = T - 1 if sliver else T  # a phase shorter than 1e-9 steps: torch's step T is float noise
    lr_ref = _one_cycle_reference(lambda o: sched.OneCycleLR(o, max_lr, **kw), n, "lr")
    assert_matches(preset, lr_ref)
    assert_matches(momentum, _one_cycle_reference(lambda o: sched.OneCycleLR(o, max_lr, **kw), n, "momentum"))


def _one_cycle_reference(make: Factory, T: int, key: str) -> list[float]:
    """torch's values up to T, stopping where torch divides by zero (then compare that far)."""
    opt = _optimizer(1.0)
    s = make(opt)
    out = [float(opt.param_groups[0][key])]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for _ in range(T):
            opt.step()
            try:
                s.step()
            except ZeroDivisionError:
                break
            out.append(float(opt.param_groups[0][key]))
    return out


@given(
    base=lrs,
    w=st.integers(1, 10),
    T=st.integers(1, 30),
    m=st.integers(0, 60),
    gamma=st.floats(0.5, 0.99),
)
def test_sequential_lr_property(base: float, w: int, T: int, m: int, gamma: float) -> None:
    ref = run_torch(
        lambda o: sched.SequentialLR(
            o,
            [sched.LinearLR(o, 0.1, 1.0, w), sched.CosineAnnealingLR(o, T), sched.ExponentialLR(o, gamma)],
            milestones=[w, w + m],
        ),
        w + m + 40,
        base,
    )
    preset = pt.SequentialLR(
        [
            pt.LinearLR(0.1, 1.0, w, base_lr=base),
            pt.CosineAnnealingLR(T, base_lr=base),
            pt.ExponentialLR(gamma, base_lr=base),
        ],
        milestones=[w, w + m],
    )
    assert_matches(preset, ref)


@given(
    base=lrs,
    f=st.floats(0.05, 1.0),
    total=st.integers(0, 10),
    gamma=st.floats(0.8, 1.0),
    step=st.integers(1, 8),
)
def test_chained_scheduler_property(base: float, f: float, total: int, gamma: float, step: int) -> None:
    ref = run_torch(
        lambda o: sched.ChainedScheduler(
            [sched.ConstantLR(o, f, total), sched.ExponentialLR(o, gamma), sched.StepLR(o, step, 0.5)]
        ),
        60,
        base,
    )
    preset = pt.ChainedScheduler(
        [
            pt.ConstantLR(f, total, base_lr=base),
            pt.ExponentialLR(gamma, base_lr=base),
            pt.StepLR(step, 0.5, base_lr=base),
        ],
        base_lr=base,
    )
    assert_matches(preset, ref)


# ---------------------------------------------------------------------------------------- ReduceLROnPlateau
def torch_plateau(metrics: list[float], base: float, **kw: Any) -> list[float]:
    opt = _optimizer(base)
    s = sched.ReduceLROnPlateau(opt, **kw)
    out = []
    for m in metrics:
        opt.step()
        s.step(m)
        out.append(float(s.get_last_lr()[0]))
    return out


metric_lists = st.lists(
    st.sampled_from([1.0, 0.9, 0.99999, 1.00001, 0.5, 2.0]) | st.floats(-5.0, 5.0), min_size=1, max_size=60
)


@given(
    metrics=metric_lists,
    base=lrs,
    mode=st.sampled_from(["min", "max"]),
    factor=st.floats(0.0, 0.99),
    patience=st.integers(0, 4),
    threshold=st.sampled_from([0.0, 1e-4, 0.1]),
    threshold_mode=st.sampled_from(["rel", "abs"]),
    cooldown=st.integers(0, 3),
    min_lr=st.sampled_from([0.0, 1e-3, 0.05]),
    eps=st.sampled_from([1e-8, 1e-3, 0.0]),
)
def test_reduce_lr_on_plateau_property(metrics: list[float], base: float, **kw: Any) -> None:
    expected = torch_plateau(metrics, base, **kw)
    assert pt.ReduceLROnPlateau(base_lr=base, **kw).trace(metrics) == expected


def test_reduce_lr_on_plateau_reduces_after_patience_plus_one() -> None:
    p = pt.ReduceLROnPlateau(base_lr=1.0, patience=2)
    assert p.trace([1.0] * 5) == [1.0, 1.0, 1.0, pytest.approx(0.1), pytest.approx(0.1)]


def test_reduce_lr_on_plateau_nan_never_improves() -> None:
    metrics = [1.0, math.nan, math.nan, 0.5]
    assert pt.ReduceLROnPlateau(base_lr=1.0, patience=0).trace(metrics) == torch_plateau(
        metrics, 1.0, patience=0
    )


def test_reduce_lr_on_plateau_state_is_immutable_and_update_is_pure() -> None:
    p = pt.ReduceLROnPlateau(base_lr=0.5, patience=0)
    s0 = p.init()
    s1 = p.update(s0, 1.0)
    s2 = p.update(s1, 2.0)
    assert (s0.lr, s1.lr, s2.lr) == (0.5, 0.5, pytest.approx(0.05))
    assert p.update(s1, 2.0) == s2
    with pytest.raises(AttributeError):
        s0.lr = 1.0  # type: ignore[misc]


# ---------------------------------------------------------------------------------------- errors
ERRORS = [
    pytest.param(
        lambda: pt.LambdaLR(0.5),  # type: ignore[arg-type]
        TypeError,
        r"LambdaLR\(\): lr_lambda must be an lr_curves Schedule or a callable \(step -> value\), got 0\.5",
        id="lambda-number",
    ),
    pytest.param(
        lambda: pt.MultiplicativeLR("0.5"),  # type: ignore[arg-type]
        TypeError,
        r"MultiplicativeLR\(\): lr_lambda must be a number, a schedule or a callable \(step -> factor\)",
        id="multiplicative-str",
    ),
    pytest.param(
        lambda: pt.MultiplicativeLR(-0.5),
        ValueError,
        r"MultiplicativeLR\(\): lr_lambda must be a non-negative factor, got -0.5\.",
        id="multiplicative-negative",
    ),
    pytest.param(
        lambda: pt.StepLR(0),
        ValueError,
        r"StepLR\(\): step_size must be an int >= 1, got 0\.",
        id="step-zero",
    ),
    pytest.param(
        lambda: pt.StepLR(2.5),  # type: ignore[arg-type]
        ValueError,
        r"StepLR\(\): step_size must be a whole number \(an int >= 1, or a float such as 100\.0\), got 2\.5\.",
        id="step-float",
    ),
    pytest.param(
        lambda: pt.StepLR(2, -0.5),
        ValueError,
        r"StepLR\(\): gamma must be a non-negative number, got -0.5\.",
        id="step-negative-gamma",
    ),
    pytest.param(
        lambda: pt.MultiStepLR([3, -1]),
        ValueError,
        r"MultiStepLR\(\): milestones must be an int >= 0, got -1\.",
        id="multistep-negative",
    ),
    pytest.param(
        lambda: pt.ConstantLR(1.5),
        ValueError,
        r"ConstantLR\(\): factor must be between 0 and 1, got 1.5\.",
        id="constant-factor",
    ),
    pytest.param(
        lambda: pt.LinearLR(0.0),
        ValueError,
        r"LinearLR\(\): start_factor must be greater than 0 and at most 1, got 0.0\.",
        id="linear-start-zero",
    ),
    pytest.param(
        lambda: pt.LinearLR(0.5, 1.5),
        ValueError,
        r"LinearLR\(\): end_factor must be between 0 and 1, got 1.5\.",
        id="linear-end",
    ),
    pytest.param(
        lambda: pt.PolynomialLR(5, -1.0),
        ValueError,
        r"PolynomialLR\(\): power must be a non-negative number, got -1.0\.",
        id="poly-power",
    ),
    pytest.param(
        lambda: pt.CosineAnnealingLR(0),
        ValueError,
        r"CosineAnnealingLR\(\): T_max must be a positive number, got 0\.",
        id="cosine-tmax",
    ),
    pytest.param(
        lambda: pt.CosineAnnealingWarmRestarts(0),
        ValueError,
        r"CosineAnnealingWarmRestarts\(\): T_0 must be an int >= 1, got 0\.",
        id="cawr-t0",
    ),
    pytest.param(
        lambda: pt.CosineAnnealingWarmRestarts(5, 1.5),  # type: ignore[arg-type]
        ValueError,
        r"CosineAnnealingWarmRestarts\(\): T_mult must be a whole number \(an int >= 1, or a float such as "
        r"100\.0\), got 1\.5\.",
        id="cawr-float-mult",
    ),
    pytest.param(
        lambda: pt.CyclicLR(0.1, 1.0, mode="bogus"),
        ValueError,
        r"CyclicLR\(\): mode must be one of 'triangular', 'triangular2', 'exp_range', got 'bogus'\.",
        id="cyclic-mode",
    ),
    pytest.param(
        lambda: pt.CyclicLR(0.1, 1.0, scale_fn=0.5),  # type: ignore[arg-type]
        TypeError,
        r"CyclicLR\(\): scale_fn must be an lr_curves Schedule or a callable \(step -> value\), got 0\.5",
        id="cyclic-scale-fn-number",
    ),
    pytest.param(
        lambda: pt.CyclicLR(0.1, 1.0, 0),
        ValueError,
        r"CyclicLR\(\): step_size_up must be a positive number, got 0\.",
        id="cyclic-up-zero",
    ),
    pytest.param(
        lambda: pt.CyclicLR_momentum(0.1, 1.0, cycle_momentum=False),
        ValueError,
        r"CyclicLR_momentum\(\): cycle_momentum must be True for a momentum curve, got False\. Hint:",
        id="cyclic-momentum-off",
    ),
    pytest.param(
        lambda: pt.OneCycleLR(1.0),
        ValueError,
        r"OneCycleLR\(\): give either total_steps or both epochs and steps_per_epoch\.",
        id="onecycle-no-length",
    ),
    pytest.param(
        lambda: pt.OneCycleLR(1.0, total_steps=0),
        ValueError,
        r"OneCycleLR\(\): total_steps must be an int >= 1, got 0\.",
        id="onecycle-total-zero",
    ),
    pytest.param(
        lambda: pt.OneCycleLR(1.0, epochs=2, steps_per_epoch=0),
        ValueError,
        r"OneCycleLR\(\): steps_per_epoch must be an int >= 1, got 0\.",
        id="onecycle-spe-zero",
    ),
    pytest.param(
        lambda: pt.OneCycleLR(1.0, total_steps=10, pct_start=1),  # type: ignore[arg-type]
        TypeError,
        r"OneCycleLR\(\): pct_start must be a float between 0 and 1 \(as torch\), got 1 \(int\)\.",
        id="onecycle-pct-int",
    ),
    pytest.param(
        lambda: pt.OneCycleLR(1.0, total_steps=10, pct_start=1.5),
        ValueError,
        r"OneCycleLR\(\): pct_start must be a float between 0 and 1, got 1.5\.",
        id="onecycle-pct-range",
    ),
    pytest.param(
        lambda: pt.OneCycleLR(1.0, total_steps=10, anneal_strategy="exp"),
        ValueError,
        r"OneCycleLR\(\): anneal_strategy must be one of 'cos', 'linear', got 'exp'\.",
        id="onecycle-strategy",
    ),
    pytest.param(
        lambda: pt.OneCycleLR(1.0, total_steps=10, pct_start=0.1),
        ValueError,
        r"OneCycleLR\(\): pct_start \* total_steps must be different from 1, got 1.0\. Hint: torch divides",
        id="onecycle-zero-phase",
    ),
    pytest.param(
        lambda: pt.SequentialLR([], milestones=[]),
        ValueError,
        r"SequentialLR\(\): schedulers must be at least one scheduler, got \[\]\.",
        id="sequential-empty",
    ),
    pytest.param(
        lambda: pt.SequentialLR([pt.StepLR(2), pt.StepLR(3)], milestones=[]),
        ValueError,
        r"SequentialLR\(\): expects one milestone fewer than schedulers, got 2 schedulers and 0 milestones\.",
        id="sequential-milestone-count",
    ),
    pytest.param(
        lambda: pt.SequentialLR([pt.StepLR(2), pt.StepLR(3), pt.StepLR(4)], milestones=[5, 3]),
        ValueError,
        r"SequentialLR\(\): milestones must be non-decreasing, got \(5, 3\)\.",
        id="sequential-order",
    ),
    pytest.param(
        lambda: pt.SequentialLR([pt.StepLR(2), pt.ReduceLROnPlateau()], milestones=[3]),  # type: ignore[list-item]
        ValueError,
        r"SequentialLR\(\): schedulers\[1\] is a ReduceLROnPlateau",
        id="sequential-plateau",
    ),
    pytest.param(
        lambda: pt.ChainedScheduler([pt.StepLR(2), sched]),  # type: ignore[list-item]
        TypeError,
        r"ChainedScheduler\(\): schedulers\[1\] must be an lr_curves Schedule, got <module",
        id="chained-not-schedule",
    ),
    pytest.param(
        lambda: pt.ReduceLROnPlateau(factor=1.0),
        ValueError,
        r"ReduceLROnPlateau\(\): factor must be in \[0, 1\), got 1.0\.",
        id="plateau-factor",
    ),
    pytest.param(
        lambda: pt.ReduceLROnPlateau(mode="avg"),
        ValueError,
        r"ReduceLROnPlateau\(\): mode must be one of 'min', 'max', got 'avg'\.",
        id="plateau-mode",
    ),
    pytest.param(
        lambda: pt.ReduceLROnPlateau(threshold_mode="pct"),
        ValueError,
        r"ReduceLROnPlateau\(\): threshold_mode must be one of 'rel', 'abs', got 'pct'\.",
        id="plateau-threshold-mode",
    ),
    pytest.param(
        lambda: pt.ReduceLROnPlateau().update(pt.ReduceLROnPlateau().init(), "1"),  # type: ignore[arg-type]
        TypeError,
        r"ReduceLROnPlateau.update\(\): metric must be a real number, got '1' \(str\)\.",
        id="plateau-metric",
    ),
]


@pytest.mark.parametrize(("build", "exc", "match"), ERRORS)
def test_errors(build: Callable[[], Any], exc: type[Exception], match: str) -> None:
    with pytest.raises(exc, match=match):
        build()


# ---------------------------------------------------------------------------------------- values
@pytest.mark.parametrize(
    "preset",
    [
        pytest.param(lambda: pt.StepLR(3, base_lr=0.1), id="step"),
        pytest.param(lambda: pt.OneCycleLR(1.0, total_steps=20, three_phase=True), id="onecycle"),
        pytest.param(lambda: pt.CyclicLR(0.1, 1.0, 3, mode="triangular2"), id="cyclic"),
        pytest.param(
            lambda: pt.SequentialLR([pt.LinearLR(total_iters=3), pt.CosineAnnealingWarmRestarts(4, 2)], [3]),
            id="sequential",
        ),
    ],
)
def test_presets_are_plain_schedules(preset: Callable[[], lrc.Schedule]) -> None:
    s = preset()
    assert lrc.parse(repr(s)) == s
    assert lrc.from_dict(s.to_dict()) == s


def test_reduce_lr_on_plateau_is_a_frozen_value() -> None:
    p = pt.ReduceLROnPlateau(base_lr=0.1, patience=2)
    assert p == pt.ReduceLROnPlateau(base_lr=0.1, patience=2)
    assert hash(p) == hash(pt.ReduceLROnPlateau(base_lr=0.1, patience=2))
    assert repr(p) == (  # torch's arguments in torch's order, then base_lr (keyword-only)
        "ReduceLROnPlateau(mode='min', factor=0.1, patience=2, threshold=0.0001, threshold_mode='rel', "
        "cooldown=0, min_lr=0.0, eps=1e-08, base_lr=0.1)"
    )
    assert pt.ReduceLROnPlateau("min", 0.1, 2, base_lr=0.1) == p
    with pytest.raises(AttributeError):
        p.patience = 3  # type: ignore[misc]


def test_cawr_restarts_exactly_where_torch_step_epoch_misplaces_it() -> None:
    # T_0=1, T_mult=3: cycles start at 0, 1, 4, 13, 40, 121. torch's deprecated step(epoch)
    # finds the cycle with a float log and gives eta_min at 121; step() and the preset restart.
    opt = _optimizer(1.0)
    t = sched.CosineAnnealingWarmRestarts(opt, 1, 3, 0.01)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t.step(121)
    assert t.get_last_lr()[0] == pytest.approx(0.01)
    s = pt.CosineAnnealingWarmRestarts(1, 3, 0.01)
    assert s(121) == 1.0
    assert run_torch(lambda o: sched.CosineAnnealingWarmRestarts(o, 1, 3, 0.01), 121)[121] == 1.0
