"""budget(): per-node sums, so the cost does not grow with the range (issue 13, item 3)."""

from __future__ import annotations

import importlib.util
import math
import pathlib
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

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

ROOT = pathlib.Path(__file__).resolve().parent.parent

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


# ---------------------------------------------------------------------------------------- every preset
N = 10**12  # the horizon of the acceptance criterion
W = 200_000  # a window beyond the direct range (the closed forms and the quadrature run on it)
WINDOWS = ((0, W), (10**9 - W // 2, 10**9 + W // 2), (N - W, N))


def fsum_values(s: lrc.Schedule, a: int, b: int) -> float:
    """The correctly rounded sum of the float64 values themselves: the reference of a window."""
    return math.fsum(s(np.arange(a, b, dtype=np.float64)).tolist())


def close(got: float, want: float | Fraction, rel: float = 1e-12) -> bool:
    return abs(Fraction(got) - Fraction(want)) <= rel * abs(Fraction(want))


def check_preset(s: lrc.Schedule) -> None:
    """At 10**12 steps: finite, and equal to the exact sum where the schedule ends early (the
    values up to its horizon, then the held value); on windows at steps 0, 10**9 and 10**12 - W,
    equal to the sum of the values there (so the closed forms hold at huge steps)."""
    big = lrc.budget(s, N)
    assert math.isfinite(big)
    h = lrc.analysis.horizon(s)
    if h is not None and h <= 2 * W:
        want = exact(s, h) + (N - h) * Fraction(float(s(h)))
        assert close(big, want), (big, float(want))
    for a, b in WINDOWS:
        got, want = lrc.budget(s, b, start=a), fsum_values(s, a, b)
        assert got == want == 0.0 or close(got, want), (a, b, got, want)


@pytest.mark.parametrize("name", sorted(P))
def test_every_preset_at_a_trillion_steps(name: str) -> None:
    check_preset(P[name]())


def _gallery_presets() -> list[tuple[str, object]]:
    """Every preset as docs/make_gallery.py builds it (its config, or its defaults): the
    schedules, and for the others why there is none (shown as the test's skip reason)."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:  # pragma: no cover - the gallery script draws with matplotlib
        return []
    spec = importlib.util.spec_from_file_location("make_gallery", ROOT / "docs" / "make_gallery.py")
    assert spec is not None and spec.loader is not None
    g = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(g)
    out: list[tuple[str, object]] = []
    for key, factory in g.presets():
        try:
            _, built = g._build(key, factory)
        except (LookupError, TypeError, ValueError) as exc:
            out.append((key, f"no gallery config ({type(exc).__name__}: {exc})"))
            continue
        out.append(
            (key, built if isinstance(built, lrc.Schedule) else f"a {type(built).__name__}, not a schedule")
        )
    return out


GALLERY = _gallery_presets()


def test_the_gallery_presets_are_all_here() -> None:
    pytest.importorskip("matplotlib")
    schedules = [k for k, s in GALLERY if isinstance(s, lrc.Schedule)]
    assert len(schedules) >= 90, schedules
    for peer in ("deepspeed", "megatron", "nemo", "mmengine", "paddle", "fairseq", "composer"):
        assert any(k.startswith(peer + ".") for k, _ in GALLERY), peer
    assert not [k for k, s in GALLERY if isinstance(s, str) and s.startswith("no gallery config")]


@pytest.mark.parametrize(("key", "built"), GALLERY, ids=[k for k, _ in GALLERY])
def test_every_gallery_preset_at_a_trillion_steps(key: str, built: object) -> None:
    if not isinstance(built, lrc.Schedule):
        pytest.skip(f"{key}: {built}")
    check_preset(built)


# ---------------------------------------------------------------------------------------- analytic references
mp = pytest.importorskip("mpmath")
mp.mp.dps = 40


def cosine_cycles(peak: float, floor: float, L: int, r: int) -> object:
    """``sum(floor + (peak - floor) * (1 + cos(pi j / L)) / 2 for j < r)`` in closed form."""
    th = mp.pi / L
    cos_sum = mp.sin(r * th / 2) * mp.cos((r - 1) * th / 2) / mp.sin(th / 2)
    return r * mp.mpf(floor) + (mp.mpf(peak) - floor) * (r + cos_sum) / 2


def restart_cosine(peak: float, floor: float, every: int, growth: int, decay: float, n: int) -> object:
    """A growing cosine restart summed cycle by cycle in mpmath (cycle m: every * growth**m steps)."""
    out, start, m = mp.mpf(0), 0, 0
    while start < n:
        L = every * growth**m
        r = min(L, n - start)
        out += mp.mpf(decay) ** m * cosine_cycles(peak, floor, L, r)
        start, m = start + L, m + 1
    return out


def mp_close(got: float, want: object, rel: float = 1e-12) -> bool:
    return bool(abs(mp.mpf(got) - want) <= rel * abs(want))


@pytest.mark.parametrize(
    ("s", "want"),
    [
        (P["torch.CosineAnnealingWarmRestarts(T_mult=2)"](), lambda: restart_cosine(0.1, 0.0, 10, 2, 1.0, N)),
        (P["keras.CosineDecayRestarts"](), lambda: restart_cosine(0.1, 0.0, 100, 2, 1.0, N)),
        (
            lrc.restart(lrc.cosine(1.0, 7, floor=0.1), growth=3, decay=0.9),
            lambda: restart_cosine(1.0, 0.1, 7, 3, 0.9, N),
        ),
        (
            lrc.restart(lrc.cosine(1.0, 10, floor=0.1), growth=2, decay=0.9, limit=30),
            lambda: (
                restart_cosine(1.0, 0.1, 10, 2, 0.9, 10 * (2**30 - 1))
                + (N - 10 * (2**30 - 1)) * mp.mpf(0.1) * mp.mpf(0.9) ** 29
            ),
        ),
        (lrc.cosine(0.1, 10**9), lambda: cosine_cycles(0.1, 0.0, 10**9, 10**9)),
        (lrc.cosine(1.0, 10**7, periodic=True), lambda: mp.mpf(5 * 10**11)),  # 50,000 whole periods
        (
            lrc.cosine(1.0, 3 * 10**11 + 7, floor=0.5),
            lambda: (
                cosine_cycles(1.0, 0.5, 3 * 10**11 + 7, 3 * 10**11 + 7) + (N - 3 * 10**11 - 7) * mp.mpf(0.5)
            ),
        ),
        (
            P["hf.inverse_sqrt"](),  # 0.1 k / 100 for k < 100, then 0.1 sqrt(100 / (100 + x))
            lambda: mp.mpf(0.1) * 4950 / 100 + mp.mpf(0.1) * 10 * (mp.zeta(0.5, 100) - mp.zeta(0.5, N)),
        ),
        (
            P["keras.InverseTimeDecay"](),
            lambda: 200 * (mp.digamma(2000 + N) - mp.digamma(2000)),
        ),  # 0.1 / (1 + t/2000)
        (lrc.inverse_time(1.0, 1.0, power=2.5), lambda: mp.zeta(2.5, 1) - mp.zeta(2.5, 1 + N)),
        (
            lrc.inverse_time(1.0, 0.5, every=10, staircase=True),
            lambda: 10 * 2 * (mp.digamma(2 + N // 10) - mp.digamma(2)),
        ),
        (
            lrc.polynomial(2.0, 0.5, 10**11, power=3.0),  # 0.5 + 1.5 (u / T)**3, u = T .. 1: Faulhaber
            lambda: (
                0.5 * mp.mpf(N)
                + mp.mpf(1.5) * mp.mpf((10**11 * (10**11 + 1) // 2) ** 2) / mp.mpf(10**11) ** 3
            ),
        ),
        (
            lrc.linear(0.1, 0.3, 10**11 + 3),
            lambda: (
                mp.mpf(0.1) * (10**11 + 3)
                + (mp.mpf(0.3) - mp.mpf(0.1)) * mp.mpf(10**11 + 2) / 2
                + (N - 10**11 - 3) * mp.mpf(0.3)
            ),
        ),
    ],
    ids=lambda v: repr(v)[:60] if isinstance(v, lrc.Schedule) else "",
)
def test_analytic_sums_at_a_trillion_steps(s: lrc.Schedule, want: object) -> None:
    ref = want()  # type: ignore[operator]
    got = lrc.budget(s, N)
    assert mp_close(got, ref), (got, ref)


def test_keras_cycling_polynomial_at_a_trillion_steps() -> None:
    """Cycle ``c`` (steps ``(c-1) T + 1 .. c T``) decays from 0.1 to 1e-4 over ``c T`` steps:
    its sum is ``T b + (a - b) (T - 1) / (2c)``, so whole cycles are a harmonic number."""
    s = P["keras.PolynomialDecay(cycle)"]()
    a, b, T = mp.mpf(0.1), mp.mpf(0.0001), 1000
    C = (N - 1) // T  # whole cycles 1 .. C, then the steps C T + 1 .. N - 1 of cycle C + 1
    whole = C * T * b + (a - b) * (T - 1) / 2 * mp.harmonic(C)
    r = N - 1 - C * T
    cT = (C + 1) * T
    part = r * b + (a - b) * sum(mp.mpf(cT - x) for x in range(C * T + 1, N)) / cT
    assert mp_close(lrc.budget(s, N), a + whole + part)


def test_a_wave_times_an_exponential_at_a_trillion_steps() -> None:
    """``sum(tri(k) q**k)``: one period's terms over ``1 - q**40`` (the rest is below 1e-40000)."""
    q = 0.9999999
    s = lrc.triangle(0.0, 1.0, 20) * lrc.exponential(1.0, q)
    tri = [mp.mpf(r) / 20 if r <= 20 else mp.mpf(40 - r) / 20 for r in range(40)]
    want = sum(t * mp.mpf(q) ** r for r, t in enumerate(tri)) / (1 - mp.mpf(q) ** 40)
    assert mp_close(lrc.budget(s, N), want)
    cyc = P["torch.CyclicLR(exp_range)"]()  # 0.01 + triangle(0, 0.09, 20) * 0.999**t
    wave = cyc.terms[1]  # type: ignore[attr-defined]
    hi = mp.mpf(0.09000000000000001)
    part = sum(hi * t * mp.mpf(0.999) ** r for r, t in enumerate(tri)) / (1 - mp.mpf(0.999) ** 40)
    assert mp_close(lrc.budget(wave, N), part)
    assert mp_close(lrc.budget(cyc, N), mp.mpf(0.01) * N + part)


# ---------------------------------------------------------------------------------------- the fallback
def test_a_staircase_function_fails_the_quadrature_check_and_is_summed_directly() -> None:
    """A function defined on integers only (a staircase in a real step) has no smooth middle:
    the quadrature's own estimate refuses it, and the values are summed (exactly)."""

    def stairs(t: object) -> object:
        return 0.5 ** np.floor_divide(t, 1000)

    s = lrc.function(stairs)
    n = 300_000
    assert _budget._smooth(s, 0, n) is None
    assert lrc.budget(s, n) == fsum_values(s, 0, n)


def test_a_smooth_function_is_summed_by_quadrature() -> None:
    def decay(t: object) -> object:
        return 1.0 / np.sqrt(1.0 + np.asarray(t) / 100.0)

    s = lrc.function(decay)
    assert _budget._smooth(s, 0, N) is not None
    want = 10 * (mp.zeta(0.5, 100) - mp.zeta(0.5, 100 + N))  # sqrt(100 / (100 + t))
    assert mp_close(lrc.budget(s, N), want)


def test_no_kinks_known_means_the_values_are_summed() -> None:
    s = lrc.minimum(lrc.inverse_sqrt(1.0, 100), lrc.constant(0.05))  # crossing point unknown
    assert _budget.kinks(s, 0, 10**6) is None
    assert lrc.budget(s, 300_000) == fsum_values(s, 0, 300_000)
    with pytest.raises(ValueError, match=r"budget\(\): the range holds 1,000,000,000,000 steps to evaluate"):
        lrc.budget(s, N)


# ---------------------------------------------------------------------------------------- properties

STARTS = st.integers(0, N)
LENGTHS = st.integers(_budget.DIRECT + 1, 3 * _budget.DIRECT)  # beyond the direct range
VALUES = st.floats(1e-6, 1e3) | st.floats(1e-300, 1e300) | st.just(0.0)
STEPS = st.integers(1, 10**13) | st.floats(0.5, 1e13)
PROPS = settings(max_examples=25, deadline=None)


def agrees(s: lrc.Schedule, a: int, n: int, ends: float = 0.0) -> None:
    """The closed form (or quadrature) on ``[a, a + n)`` against the values summed one by one,
    within 1e-12 of the sum of their magnitudes, plus the values' own rounding: a curve between
    two ends ``lerp(floor, peak, c)`` rounds each value to a few ulp of ``ends`` (the larger end
    in magnitude), which is much more than its ulp near the small end (peak 1e-6, floor 13)."""
    x = s(np.arange(a, a + n, dtype=np.float64))
    got = lrc.budget(s, a + n, start=a)
    try:
        want, mass = math.fsum(x.tolist()), math.fsum(np.abs(x).tolist())
    except OverflowError:  # the values' sum leaves the float64 range: IEEE says inf
        want = mass = math.inf
    if not math.isfinite(want):  # a growing exponential past exp(709): inf on both sides
        assert got == want, (s, a, n, got, want)
        return
    assert abs(got - want) <= 1e-12 * mass + 4 * n * 2.0**-52 * ends, (s, a, n, got, want)


@PROPS
@given(start=VALUES, end=VALUES, steps=STEPS, a=STARTS, n=LENGTHS)
@example(start=1.0, end=0.0, steps=10**12, a=0, n=70_000)  # a rise from 0 near its start
@example(start=0.0, end=1.0, steps=3 * 10**5, a=0, n=196_609)
def test_linear_sums(start: float, end: float, steps: float, a: int, n: int) -> None:
    agrees(lrc.linear(start, end, steps), a, n, max(abs(start), abs(end)))


@PROPS
@given(
    start=VALUES,
    end=VALUES,
    steps=STEPS,
    power=st.floats(0.05, 8.0),
    cycle=st.booleans(),
    a=STARTS | st.integers(0, 10**6),
    n=LENGTHS,
)
@example(start=0.0, end=1.0, steps=10**12, power=0.5, cycle=False, a=0, n=70_000)  # cancels: quadrature
@example(start=0.1, end=0.0001, steps=1000, power=1.0, cycle=True, a=0, n=70_000)
@example(start=0.1, end=1.0, steps=7, power=3.0, cycle=True, a=10**12, n=70_000)
def test_polynomial_sums(
    start: float, end: float, steps: float, power: float, cycle: bool, a: int, n: int
) -> None:
    if cycle:
        steps = max(1, round(steps))
    agrees(lrc.polynomial(start, end, steps, power, cycle=cycle), a, n, max(abs(start), abs(end)))


@PROPS
@given(peak=VALUES, timescale=st.floats(1e-3, 1e13), a=STARTS | st.integers(0, 10**5), n=LENGTHS)
@example(peak=1.0, timescale=1e-3, a=0, n=70_000)
def test_inverse_sqrt_sums(peak: float, timescale: float, a: int, n: int) -> None:
    agrees(lrc.inverse_sqrt(peak, timescale), a, n)


@PROPS
@given(
    start=VALUES,
    rate=st.floats(0.0, 1e3) | st.floats(1e-12, 1e-3),
    every=st.integers(1, 10**6),
    staircase=st.booleans(),
    power=st.floats(0.1, 5.0),
    a=STARTS | st.integers(0, 10**5),
    n=LENGTHS,
)
@example(start=1.0, rate=1e3, every=1, staircase=False, power=5.0, a=0, n=70_000)
@example(
    start=0.0, rate=2.225073858507e-311, every=32, staircase=True, power=1.0, a=0, n=65537
)  # 1/rate: inf
@example(start=1.0, rate=2.225073858507e-311, every=32, staircase=False, power=1.0, a=0, n=165_537)
def test_inverse_time_sums(
    start: float, rate: float, every: int, staircase: bool, power: float, a: int, n: int
) -> None:
    agrees(lrc.inverse_time(start, rate, every, staircase=staircase, power=power), a, n)


@PROPS
@given(
    peak=VALUES,
    floor=VALUES,
    steps=STEPS,
    periodic=st.booleans(),
    power=st.sampled_from([1.0, 0.5, 2.0]),
    a=STARTS | st.integers(0, 10**6),
    n=LENGTHS,
)
@example(peak=1.0, floor=0.0, steps=10**12, periodic=False, power=1.0, a=N - 70_000, n=70_000)
@example(peak=1.0, floor=0.0, steps=100_000, periodic=True, power=1.0, a=0, n=196_608)
@example(
    peak=1e-06, floor=13.0, steps=9975283993980.0, periodic=False, power=1.0, a=0, n=116932
)  # rounding at 13
def test_cosine_sums(
    peak: float, floor: float, steps: float, periodic: bool, power: float, a: int, n: int
) -> None:
    agrees(lrc.cosine(peak, steps, floor, power=power, periodic=periodic), a, n, max(abs(peak), abs(floor)))


@PROPS
@given(
    every=st.integers(1, 10**5),
    growth=st.sampled_from([1.0, 2.0, 3.0]),
    decay=st.floats(0.5, 1.0),
    limit=st.none() | st.integers(1, 40),
    a=STARTS | st.integers(0, 10**6),
    n=LENGTHS,
)
@example(every=10, growth=2.0, decay=1.0, limit=None, a=0, n=70_000)
def test_restart_sums(every: int, growth: float, decay: float, limit: int | None, a: int, n: int) -> None:
    s = lrc.restart(lrc.cosine(1.0, every, floor=0.1), growth=growth, decay=decay, limit=limit)
    agrees(s, a, n)


@PROPS
@given(
    up=st.integers(1, 10**5),
    down=st.integers(1, 10**5),
    factor=st.floats(0.9, 1.0) | st.floats(0.999999, 1.000001),
    a=STARTS | st.integers(0, 10**6),
    n=LENGTHS,
)
@example(up=20, down=20, factor=0.999, a=0, n=70_000)
# seed 2763635868: the growth passes exp(709) inside the range (OverflowError, then NaN)
@example(up=1, down=1, factor=1.000000621042641, a=1_142_889_210, n=65537)
@example(up=78900, down=1, factor=1.000000621042641, a=1_142_889_210, n=65537)
def test_wave_times_exponential_sums(up: int, down: int, factor: float, a: int, n: int) -> None:
    agrees(lrc.triangle(0.01, 1.0, up, down) * lrc.exponential(1.0, factor), a, n)


@PROPS
@given(
    kind=st.sampled_from(["tanh", "rex", "1-sqrt", "cosine", "1-square", "product"]),
    steps=st.integers(2, 10**13),
    a=STARTS | st.integers(0, 10**6),
    n=LENGTHS,
)
@example(kind="tanh", steps=10**7, a=0, n=196_608)
def test_quadrature_sums(kind: str, steps: int, a: int, n: int) -> None:
    """Nodes without a closed form go through the quadrature: it must hold its 1e-12 (or refuse)."""
    if kind == "tanh":
        s = lrc.tanh(1.0, steps)
    elif kind == "rex":
        s = lrc.rex(1.0, steps)
    elif kind == "product":
        s = lrc.cosine(1.0, steps) * lrc.inverse_sqrt(1.0, max(1, steps // 7))
    else:
        s = lrc.cooldown(1.0, 0.01, steps, kind)
    agrees(s, a, n)


def test_a_sum_past_the_float64_range_is_inf_and_inf_minus_inf_is_an_error() -> None:
    assert lrc.budget(lrc.exponential(1.0, 2.0), 10**6) == math.inf  # 2**k overflows from k = 1024
    assert lrc.budget(lrc.constant(1e308), 100) == math.inf  # math.fsum raised OverflowError here
    s = lrc.exponential(1.0, 2.0) + lrc.exponential(1.0, 3.0) * -1.0
    with pytest.raises(ValueError, match=r"^budget\(\): the sum has no value: it adds inf and -inf"):
        lrc.budget(s, 10**6)
