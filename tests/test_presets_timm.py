"""Differential tests: ``lr_curves.presets.timm`` against timm 1.0.31's own schedulers.

For every parameter set the real scheduler is stepped with ``step(t)`` for every ``t`` from 0 to
well past its nominal end, and the preset must agree within 1e-9 of the curve's peak on the
Python-number path and on the NumPy path.
"""

from __future__ import annotations

import math
import warnings
from typing import Any

import numpy as np
import pytest
from _timm_loader import load_timm_scheduler
from hypothesis import given, settings
from hypothesis import strategies as st

import lr_curves as lrc
from lr_curves.presets import timm as presets_timm

torch = pytest.importorskip("torch")
TIMM = load_timm_scheduler()
if TIMM is None:  # pragma: no cover - the test requirements install timm
    pytest.skip("timm is not installed", allow_module_level=True)

TOL = 1e-9


def peer_lrs(name: str, base_lr: float, steps: list[float], **kw: Any) -> np.ndarray:
    """The lr timm's scheduler sets on ``step(t)`` for each ``t`` (a fresh optimizer)."""
    opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=base_lr)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sched = getattr(TIMM, name)(opt, **kw)
    advance = sched.step if kw.get("t_in_epochs", True) else sched.step_update
    out = []
    for t in steps:
        advance(t)
        out.append(opt.param_groups[0]["lr"])
    return np.asarray(out, dtype=np.float64)


def check(name: str, n: int, base_lr: float = 0.1, steps: list[float] | None = None, **kw: Any) -> None:
    ts = list(range(n)) if steps is None else steps
    want = peer_lrs(name, base_lr, ts, **kw)
    s = getattr(presets_timm, name)(base_lr=base_lr, **kw)
    scalar = np.asarray([s(t) for t in ts])
    vector = s(np.asarray(ts, dtype=np.float64))
    tol = TOL * max(float(np.abs(want).max()), 1e-300)
    bad = np.flatnonzero(np.abs(scalar - want) > tol)
    assert bad.size == 0, f"scalar: t={ts[bad[0]]} preset {scalar[bad[0]]!r} timm {want[bad[0]]!r}"
    bad = np.flatnonzero(np.abs(vector - want) > tol)
    assert bad.size == 0, f"numpy: t={ts[bad[0]]} preset {vector[bad[0]]!r} timm {want[bad[0]]!r}"


def total(t_initial: int, cycle_mul: float, cycle_limit: int) -> int:
    """Steps covered by the cycles (capped: a long run of growing cycles is tested in parts)."""
    if cycle_mul == 1.0:
        return t_initial * cycle_limit
    return min(int(t_initial * (cycle_mul ** min(cycle_limit, 30) - 1) / (cycle_mul - 1)) + 1, 3_000)


# ---------------------------------------------------------------------------------------- hypothesis
bases = st.sampled_from([1.0, 0.1, 3e-4, 2.5])
cyclic = st.fixed_dictionaries(
    {
        "t_initial": st.integers(1, 60),
        "lr_min": st.sampled_from([0.0, 0.0, 1e-5, 0.01]),
        "cycle_mul": st.sampled_from([1.0, 1.0, 2.0, 3.0, 1.5]),
        "cycle_decay": st.sampled_from([1.0, 0.5, 0.9]),
        "cycle_limit": st.integers(0, 6),
        "warmup_t": st.sampled_from([0, 0, 1, 3, 10, 70]),
        "warmup_lr_init": st.sampled_from([0.0, 1e-6, 0.05]),
        "warmup_prefix": st.booleans(),
    }
)


def run_cyclic(name: str, base: float, kw: dict[str, Any], **extra: Any) -> None:
    n = total(kw["t_initial"], kw["cycle_mul"], kw["cycle_limit"]) + kw["warmup_t"]
    check(name, 2 * n + 20, base, **kw, **extra)


@settings(max_examples=40)
@given(base=bases, kw=cyclic, k_decay=st.sampled_from([1.0, 1.0, 0.5, 2.0]))
def test_cosine_matches_timm(base: float, kw: dict[str, Any], k_decay: float) -> None:
    run_cyclic("CosineLRScheduler", base, kw, k_decay=k_decay)


@settings(max_examples=40)
@given(base=bases, kw=cyclic, bounds=st.sampled_from([(-7.0, 3.0), (-6.0, 3.0), (-3.0, 0.5), (1.0, 4.0)]))
def test_tanh_matches_timm(base: float, kw: dict[str, Any], bounds: tuple[float, float]) -> None:
    run_cyclic("TanhLRScheduler", base, kw, lb=bounds[0], ub=bounds[1])


@settings(max_examples=40)
@given(
    base=bases,
    kw=cyclic,
    power=st.sampled_from([0.5, 1.0, 2.0, 0.9]),
    k_decay=st.sampled_from([1.0, 1.0, 0.5, 2.0]),
)
def test_poly_matches_timm(base: float, kw: dict[str, Any], power: float, k_decay: float) -> None:
    run_cyclic("PolyLRScheduler", base, kw, power=power, k_decay=k_decay)


warmups = st.fixed_dictionaries(
    {
        "warmup_t": st.sampled_from([0, 0, 1, 5, 12]),
        "warmup_lr_init": st.sampled_from([0.0, 1e-6, 0.05]),
        "warmup_prefix": st.booleans(),
    }
)


@settings(max_examples=40)
@given(
    base=bases,
    decay_t=st.one_of(st.integers(1, 40), st.sampled_from([2.5, 0.5, 7.25])),
    decay_rate=st.sampled_from([1.0, 0.1, 0.5, 0.97, 0.0, 1.1]),
    kw=warmups,
)
def test_step_matches_timm(base: float, decay_t: float, decay_rate: float, kw: dict[str, Any]) -> None:
    check("StepLRScheduler", 200, base, decay_t=decay_t, decay_rate=decay_rate, **kw)


@settings(max_examples=40)
@given(
    base=bases,
    decay_t=st.lists(st.integers(0, 80), min_size=0, max_size=5).map(sorted),
    decay_rate=st.sampled_from([1.0, 0.1, 0.5, 0.0]),
    kw=warmups,
)
def test_multistep_matches_timm(
    base: float, decay_t: list[int], decay_rate: float, kw: dict[str, Any]
) -> None:
    check("MultiStepLRScheduler", 120, base, decay_t=decay_t, decay_rate=decay_rate, **kw)


@st.composite
def wsd_args(draw: Any) -> dict[str, Any]:
    t_initial = draw(st.integers(1, 150))
    kw: dict[str, Any] = {
        "t_initial": t_initial,
        "decay_t": draw(st.integers(1, t_initial)),
        "lr_min": draw(st.sampled_from([0.0, 1e-5, 0.01, 5.0])),
        "stable_fn": draw(st.sampled_from(["constant", "rsqrt", "power"])),
        "decay_fn": draw(st.sampled_from(["linear", "1-sqrt", "cosine", "power", "exp"])),
        "decay_power": draw(st.sampled_from([0.5, 1.0, 2.0, 0.3])),
        "decay_ratio": draw(st.sampled_from([0.1, 0.5, 0.01, 0.99])),
        "stable_power": draw(st.sampled_from([0.5, 0.25, 1.5])),
        "warmup_t": draw(st.sampled_from([0, 1, 5, 20])),
        "warmup_lr_init": draw(st.sampled_from([0.0, 1e-6])),
    }
    if kw["stable_fn"] != "constant" and (kw["warmup_t"] == 0 or draw(st.booleans())):
        kw["stable_timescale"] = draw(st.sampled_from([1, 10, 2.5, 100]))
    return kw


@settings(max_examples=60)
@given(base=bases, kw=wsd_args())
def test_wsd_matches_timm(base: float, kw: dict[str, Any]) -> None:
    check("WSDLRScheduler", 2 * (kw["t_initial"] + kw["warmup_t"]) + 20, base, **kw)


# ---------------------------------------------------------------------------------------- edges
EDGES = [
    # restarts misplaced by timm's float log, reproduced: T=1, mul=3 at t=121; T=2 at t=242
    pytest.param(
        "CosineLRScheduler", {"t_initial": 1, "cycle_mul": 3.0, "cycle_limit": 8}, 400, id="cosine-log-121"
    ),
    pytest.param(
        "CosineLRScheduler",
        {"t_initial": 2, "cycle_mul": 3, "cycle_limit": 7, "lr_min": 0.01, "cycle_decay": 0.7},
        800,
        id="cosine-log-242-decay",
    ),
    pytest.param(
        "TanhLRScheduler", {"t_initial": 1, "cycle_mul": 3.0, "cycle_limit": 8}, 400, id="tanh-log-121"
    ),
    pytest.param(
        "TanhLRScheduler",
        {"t_initial": 1, "cycle_mul": 3.0, "cycle_limit": 5, "lr_min": 0.02},
        300,
        id="tanh-log-limit-at-misplaced-boundary",
    ),
    pytest.param(
        "PolyLRScheduler",
        {"t_initial": 1, "cycle_mul": 3.0, "cycle_limit": 8, "power": 2.0},
        400,
        id="poly-log-121",
    ),
    pytest.param("CosineLRScheduler", {"t_initial": 10, "cycle_limit": 0}, 50, id="cosine-no-cycle"),
    pytest.param(
        "CosineLRScheduler",
        {"t_initial": 10, "warmup_t": 25, "lr_min": 0.01},
        60,
        id="cosine-warmup-past-end",
    ),
    pytest.param(
        "CosineLRScheduler",
        {"t_initial": 10, "warmup_t": 5, "warmup_lr_init": 0.2, "warmup_prefix": False},
        60,
        id="cosine-warmup-overlay-jump",
    ),
    pytest.param(
        "TanhLRScheduler",
        {"t_initial": 10, "warmup_t": 4, "warmup_prefix": False},
        40,
        id="tanh-warmup-to-own-value",
    ),
    pytest.param("CosineLRScheduler", {"t_initial": 3, "cycle_limit": 100_000}, 500, id="cosine-many-cycles"),
    pytest.param("StepLRScheduler", {"decay_t": 1, "decay_rate": 0.5}, 1200, id="step-underflow-to-zero"),
    pytest.param(
        "MultiStepLRScheduler", {"decay_t": [1, 1, 2], "decay_rate": 0.1}, 10, id="multistep-dup-at-start"
    ),
    pytest.param("MultiStepLRScheduler", {"decay_t": [], "decay_rate": 0.1}, 10, id="multistep-empty"),
    pytest.param(
        "WSDLRScheduler", {"t_initial": 10, "decay_t": 10, "warmup_t": 3}, 40, id="wsd-no-stable-phase"
    ),
    pytest.param(
        "WSDLRScheduler",
        {"t_initial": 50, "decay_t": 1, "stable_fn": "rsqrt", "stable_timescale": 1, "lr_min": 0.05},
        80,
        id="wsd-rsqrt-clipped-at-lr-min",
    ),
    pytest.param(
        "CosineLRScheduler",
        {"t_initial": 10, "noise_range_t": None, "noise_pct": 0.5, "noise_std": 2.0},
        30,
        id="noise-off-by-default",
    ),
    pytest.param(
        "CosineLRScheduler", {"t_initial": 10, "noise_range_t": 5, "noise_std": 0.0}, 30, id="noise-std-zero"
    ),
    pytest.param("CosineLRScheduler", {"t_initial": 10, "noise_range_t": (8, 8)}, 30, id="noise-empty-range"),
    pytest.param(
        "CosineLRScheduler", {"t_initial": 10, "t_in_epochs": False}, 30, id="t-in-epochs-no-effect"
    ),
]


@pytest.mark.parametrize(("name", "kw", "n"), EDGES)
def test_edge_cases_match_timm(name: str, kw: dict[str, Any], n: int) -> None:
    check(name, n, 0.1, **kw)


@pytest.mark.parametrize(
    ("t_initial", "cycle_mul"),
    [
        pytest.param(1, 1.5, id="mul-1.5"),
        pytest.param(2, 1.5, id="mul-1.5-T2"),
        pytest.param(1, 3.0, id="mul-3"),
    ],
)
def test_fractional_steps_at_restart_boundaries(t_initial: int, cycle_mul: float) -> None:
    # t_in_epochs=False with fractional update counts: every restart boundary and its neighbours
    starts = [t_initial * (cycle_mul**n - 1) / (cycle_mul - 1) for n in range(1, 14)]
    steps = sorted({x for b in starts for x in (b, math.nextafter(b, 0), b + 0.5)})
    check(
        "CosineLRScheduler",
        0,
        0.1,
        steps=steps,
        t_initial=t_initial,
        cycle_mul=cycle_mul,
        cycle_limit=20,
        lr_min=0.001,
    )


def test_log_index_reproduced_not_exact() -> None:
    # timm misplaces the restart at t=121 (T=1, mul=3): it reports lr_min there.
    s = presets_timm.CosineLRScheduler(t_initial=1, cycle_mul=3.0, cycle_limit=10, lr_min=0.01, base_lr=1.0)
    assert s(121) == pytest.approx(0.01, abs=1e-12)
    assert s(np.array([121.0]))[0] == pytest.approx(0.01, abs=1e-12)
    exact = lrc.restart(lrc.cosine(1.0, 1, 0.01), growth=3, limit=10)
    assert exact(121) == 1.0


def test_huge_step_is_cheap_and_holds() -> None:
    s = presets_timm.CosineLRScheduler(t_initial=100, lr_min=1e-3, cycle_limit=3, cycle_mul=2.0, base_lr=0.1)
    assert s(10**12) == 1e-3


# ---------------------------------------------------------------------------------------- plateau
def peer_plateau(base: float, metrics: list[float], **kw: Any) -> list[float]:
    opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=base)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sched = TIMM.PlateauLRScheduler(opt, **kw)
    out = []
    for epoch, m in enumerate(metrics):
        sched.step(epoch + 1, m)
        out.append(opt.param_groups[0]["lr"])
    return out


@settings(max_examples=60)
@given(
    base=bases,
    metrics=st.lists(st.sampled_from([0.1, 0.5, 0.5, 0.50001, 0.9, 1.0, -1.0, float("nan")]), max_size=60),
    kw=st.fixed_dictionaries(
        {
            "decay_rate": st.sampled_from([0.1, 0.5, 0.9]),
            "patience_t": st.integers(0, 4),
            "threshold": st.sampled_from([1e-4, 0.0, 0.1]),
            "cooldown_t": st.integers(0, 3),
            "warmup_t": st.sampled_from([0, 0, 1, 3]),
            "warmup_lr_init": st.sampled_from([0.0, 1e-3]),
            "lr_min": st.sampled_from([0.0, 1e-3, 0.05]),
            "mode": st.sampled_from(["max", "min"]),
        }
    ),
)
def test_plateau_matches_timm(base: float, metrics: list[float], kw: dict[str, Any]) -> None:
    want = peer_plateau(base, metrics, **kw)
    got = presets_timm.PlateauLRScheduler(base_lr=base, **kw).trace(metrics)
    assert got == pytest.approx(want, rel=0, abs=TOL * base)


def test_plateau_init_and_state() -> None:
    p = presets_timm.PlateauLRScheduler(base_lr=0.1, warmup_t=2, warmup_lr_init=0.01)
    state = p.init()
    assert state.lr == 0.01
    state = p.update(state, 1.0)
    assert state.lr == pytest.approx(0.055)
    assert state.step == 1  # timm's epoch n of step(n, metric)
    assert presets_timm.PlateauLRScheduler(base_lr=0.1).init().lr == 0.1


@pytest.mark.parametrize(
    ("kw", "exc", "match"),
    [
        pytest.param({"decay_rate": 1.0}, ValueError, r"decay_rate must be < 1\.0", id="factor"),
        pytest.param({"mode": "up"}, ValueError, r"mode must be one of 'min', 'max', got 'up'", id="mode"),
        pytest.param(
            {"patience_t": -1}, ValueError, r"patience_t must be an int >= 0, got -1", id="patience"
        ),
        pytest.param(
            {"noise_range_t": 3}, ValueError, r"PlateauLRScheduler\(\): noise is not supported", id="noise"
        ),
    ],
)
def test_plateau_errors(kw: dict[str, Any], exc: type[Exception], match: str) -> None:
    with pytest.raises(exc, match=match):
        presets_timm.PlateauLRScheduler(**kw)


def test_plateau_metric_type_error() -> None:
    p = presets_timm.PlateauLRScheduler()
    with pytest.raises(TypeError, match=r"PlateauLRScheduler\.update\(\): metric must be a real number"):
        p.update(p.init(), "0.5")  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------- errors
@pytest.mark.parametrize(
    ("fn", "exc", "match"),
    [
        pytest.param(
            lambda: presets_timm.CosineLRScheduler(t_initial=10, noise_range_t=5),
            ValueError,
            r"CosineLRScheduler\(\): noise is not supported, got noise_range_t=5: timm draws",
            id="noise",
        ),
        pytest.param(
            lambda: presets_timm.TanhLRScheduler(t_initial=10, noise_range_t=[2, 8], noise_pct=0.1),
            ValueError,
            r"TanhLRScheduler\(\): noise is not supported",
            id="noise-range",
        ),
        pytest.param(
            lambda: presets_timm.CosineLRScheduler(t_initial=0),
            ValueError,
            r"CosineLRScheduler\(\): t_initial must be a positive number, got 0\.",
            id="t-initial",
        ),
        pytest.param(
            lambda: presets_timm.CosineLRScheduler(t_initial=10, cycle_mul=0.5),
            ValueError,
            r"cycle_mul must be >= 1\.0, got 0\.5\. Hint: timm's cycle formula",
            id="cycle-mul",
        ),
        pytest.param(
            lambda: presets_timm.CosineLRScheduler(t_initial=10, lr_min=-1.0),
            ValueError,
            r"lr_min must be a non-negative number, got -1\.0",
            id="lr-min",
        ),
        pytest.param(
            lambda: presets_timm.TanhLRScheduler(t_initial=10, lb=3.0, ub=3.0),
            ValueError,
            r"TanhLRScheduler\(\): lb must be less than ub, got lb=3\.0, ub=3\.0",
            id="tanh-bounds",
        ),
        pytest.param(
            lambda: presets_timm.MultiStepLRScheduler(decay_t=[30, 10]),
            ValueError,
            r"MultiStepLRScheduler\(\): decay_t must be non-decreasing, got \(30, 10\)",
            id="multistep-unsorted",
        ),
        pytest.param(
            lambda: presets_timm.StepLRScheduler(decay_t=10, decay_rate=-0.5),
            ValueError,
            r"decay_rate must be a non-negative number, got -0\.5",
            id="step-rate",
        ),
        pytest.param(
            lambda: presets_timm.WSDLRScheduler(t_initial=10, decay_t=11),
            ValueError,
            r"WSDLRScheduler\(\): decay_t must be in \(0, t_initial\], got decay_t=11 and t_initial=10",
            id="wsd-decay-t",
        ),
        pytest.param(
            lambda: presets_timm.WSDLRScheduler(t_initial=10, decay_t=5, stable_fn="rsqrt"),
            ValueError,
            r"stable_fn='rsqrt' needs a positive stable_timescale, got 0\. Hint: it defaults to warmup_t",
            id="wsd-timescale",
        ),
        pytest.param(
            lambda: presets_timm.WSDLRScheduler(t_initial=10, decay_t=5, decay_fn=lambda f: 1 - f),
            TypeError,
            r"decay_fn must be one of .* or an lr_curves Schedule, got .* \(function\)\. Hint: a plain function",
            id="wsd-callable",
        ),
        pytest.param(
            lambda: presets_timm.WSDLRScheduler(t_initial=10, decay_t=5, decay_ratio=1.0),
            ValueError,
            r"decay_ratio must be in \(0, 1\), got 1\.0",
            id="wsd-ratio",
        ),
        pytest.param(
            lambda: presets_timm.CosineLRScheduler(t_initial=10, warmup_prefix=1),
            TypeError,
            r"warmup_prefix must be a bool, got 1 \(int\)",
            id="prefix-type",
        ),
    ],
)
def test_errors(fn: Any, exc: type[Exception], match: str) -> None:
    with pytest.raises(exc, match=match):
        fn()


def test_wsd_decay_fn_schedule_stands_for_timm_callable() -> None:
    # timm's decay_fn=lambda f: 1 - f**2 is the schedule 1 - frac**2 of the progress frac
    frac_fn = lrc.polynomial(1.0, 0.0, 1, 1.0, k_decay=2.0)
    s = presets_timm.WSDLRScheduler(t_initial=40, decay_t=20, decay_fn=frac_fn, base_lr=0.1, lr_min=0.001)
    want = peer_lrs(
        "WSDLRScheduler",
        0.1,
        list(range(60)),
        t_initial=40,
        decay_t=20,
        decay_fn=lambda f: 1 - f**2,
        lr_min=0.001,
    )
    assert np.allclose([s(t) for t in range(60)], want, rtol=0, atol=1e-10)


def test_presets_are_values() -> None:
    s = presets_timm.CosineLRScheduler(
        t_initial=10, cycle_mul=2.0, cycle_limit=3, lr_min=0.01, cycle_decay=0.5, warmup_t=2
    )
    assert lrc.parse(repr(s)) == s
    assert lrc.from_dict(s.to_dict()) == s


def test_poly_power_must_be_positive() -> None:
    with pytest.raises(ValueError, match=r"PolyLRScheduler\(\): power must be a positive number, got 0"):
        presets_timm.PolyLRScheduler(t_initial=10, power=0)


def test_presets_evaluate_on_torch_tensors() -> None:
    s = presets_timm.CosineLRScheduler(t_initial=10, cycle_mul=2.0, cycle_limit=3, warmup_t=3, lr_min=0.01)
    steps = np.arange(0, 100, dtype=np.float64)
    np.testing.assert_allclose(s(torch.tensor(steps)).numpy(), s(steps), rtol=1e-12, atol=1e-15)


def test_plateau_is_a_hashable_value() -> None:
    a = presets_timm.PlateauLRScheduler(base_lr=0.1, noise_range_t=[5, 5])
    b = presets_timm.PlateauLRScheduler(base_lr=0.1, noise_range_t=(5, 5))
    assert a == b and hash(a) == hash(b)
    assert a.init() == b.init()
