"""Differential tests: lr_curves.presets.mmengine against mmengine 0.10.7's real schedulers.

``run_mmengine`` builds the schedulers from the config with mmengine's own registry (as the
runner's ``_build_param_scheduler`` does: ``epoch_length`` as a default argument, so
``convert_to_iter_based`` works) and steps them as ``ParamSchedulerHook`` does: the
iteration-based ones after every iteration, the epoch-based ones after every epoch. The lr after
``k`` iterations must match the preset within 1e-9 of the curve's peak, on the scalar and NumPy
paths, well past every window.
"""

from __future__ import annotations

import copy
import warnings
from typing import Any

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import lr_curves as lrc
from lr_curves.presets import mmengine as mm

torch = pytest.importorskip("torch")
pytest.importorskip("mmengine")
import mmengine.optim.scheduler  # noqa: E402, F401  (registers the schedulers)
from mmengine.registry import PARAM_SCHEDULERS  # noqa: E402


def run_mmengine(cfg: Any, n: int, base_lr: float = 1.0, epoch_length: int | None = None) -> list[float]:
    """The lr after k = 0..n steps of mmengine's runner loop."""
    items = [cfg] if isinstance(cfg, dict) else list(cfg)
    p = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([p], lr=base_lr)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        extra = {} if epoch_length is None else {"epoch_length": epoch_length}
        scheds = [
            PARAM_SCHEDULERS.build(copy.deepcopy(c), default_args={"optimizer": opt, **extra}) for c in items
        ]
        out = [float(opt.param_groups[0]["lr"])]
        for k in range(1, n + 1):
            opt.step()
            if epoch_length is None:
                for s in scheds:
                    s.step()
            else:
                for s in scheds:
                    if not s.by_epoch:
                        s.step()
                if k % epoch_length == 0:
                    for s in scheds:
                        if s.by_epoch:
                            s.step()
            out.append(float(opt.param_groups[0]["lr"]))
    return out


def assert_matches(schedule: lrc.Schedule, expected: list[float]) -> None:
    ref = np.asarray(expected)
    tol = 1e-9 * max(float(np.max(np.abs(ref))), 1e-300)
    steps = np.arange(len(ref))
    got_scalar = np.array([schedule(int(k)) for k in steps])
    bad = np.flatnonzero(np.abs(got_scalar - ref) > tol)
    assert bad.size == 0, f"first mismatch at k={bad[0]}: {got_scalar[bad[0]]!r} vs mmengine {ref[bad[0]]!r}"
    np.testing.assert_allclose(schedule(steps), ref, rtol=0, atol=tol)


def check(cfg: Any, n: int, base_lr: float = 1.0, epoch_length: int | None = None) -> None:
    expected = run_mmengine(cfg, n, base_lr, epoch_length)
    assert_matches(mm.from_config(cfg, base_lr=base_lr, epoch_length=epoch_length), expected)
    if isinstance(cfg, dict):  # the preset function gives the same schedule as its config
        kw = {k: v for k, v in cfg.items() if k != "type"}
        preset = getattr(mm, cfg["type"])(**kw, base_lr=base_lr, epoch_length=epoch_length)
        assert_matches(preset, expected)


# ---------------------------------------------------------------------------------------- hand-picked
def _c(id_: str, cfg: Any, n: int, base_lr: float = 1.0, epoch_length: int | None = None) -> Any:
    return pytest.param(cfg, n, base_lr, epoch_length, id=id_)


IT = {"by_epoch": False}
SINGLE = [
    _c("constant", dict(type="ConstantLR", factor=0.5, end=6, **IT), 12, 0.1),
    _c("constant-default-end", dict(type="ConstantLR", **IT), 20),
    _c("constant-one-step", dict(type="ConstantLR", factor=0.5, begin=3, end=4, **IT), 10),
    _c("constant-begin", dict(type="ConstantLR", factor=0.25, begin=4, end=9, **IT), 15),
    _c("linear", dict(type="LinearLR", start_factor=0.1, end=5, **IT), 12, 0.02),
    _c("linear-default", dict(type="LinearLR", end=10, **IT), 20),
    _c("linear-down", dict(type="LinearLR", start_factor=1.0, end_factor=0.2, begin=2, end=9, **IT), 15),
    _c("linear-two-steps", dict(type="LinearLR", start_factor=0.3, end=2, **IT), 6),
    _c("linear-one-step", dict(type="LinearLR", start_factor=0.3, end=1, **IT), 6),
    _c("step", dict(type="StepLR", step_size=3, gamma=0.5, **IT), 20),
    _c("step-window", dict(type="StepLR", step_size=2, gamma=0.1, begin=3, end=9, **IT), 15),
    _c("step-gamma-0", dict(type="StepLR", step_size=2, gamma=0.0, **IT), 6),
    _c("multistep", dict(type="MultiStepLR", milestones=[2, 5, 5, 9], gamma=0.5, **IT), 15),
    _c("multistep-zero", dict(type="MultiStepLR", milestones=[0, 3], gamma=0.5, **IT), 6),
    _c("multistep-window", dict(type="MultiStepLR", milestones=[1, 3, 8], begin=2, end=6, **IT), 12),
    _c("exponential", dict(type="ExponentialLR", gamma=0.9, end=20, **IT), 30),
    _c("exponential-growth", dict(type="ExponentialLR", gamma=1.1, begin=2, end=8, **IT), 12),
    _c("exponential-0", dict(type="ExponentialLR", gamma=0.0, **IT), 4),
    _c("cosine", dict(type="CosineAnnealingLR", end=10, **IT), 15, 0.1),
    _c("cosine-tmax", dict(type="CosineAnnealingLR", T_max=10, eta_min=0.01, end=11, **IT), 15, 0.1),
    _c("cosine-wave", dict(type="CosineAnnealingLR", T_max=4, eta_min=0.1, begin=2, end=30, **IT), 40),
    _c("cosine-wave-0", dict(type="CosineAnnealingLR", T_max=3, begin=0, end=20, **IT), 25),
    _c("cosine-ratio", dict(type="CosineAnnealingLR", eta_min_ratio=0.1, begin=3, end=13, **IT), 20, 0.5),
    _c("poly", dict(type="PolyLR", eta_min=0.001, power=2.0, end=10, **IT), 15, 0.1),
    _c("poly-power-0", dict(type="PolyLR", power=0.0, end=5, **IT), 8),
    _c("poly-window", dict(type="PolyLR", power=0.9, begin=4, end=20, **IT), 25),
    _c("poly-one-step", dict(type="PolyLR", eta_min=0.2, begin=2, end=3, **IT), 6),
    _c("onecycle", dict(type="OneCycleLR", eta_max=0.1, total_steps=20, **IT), 20),
    _c("onecycle-end", dict(type="OneCycleLR", eta_max=1.0, begin=3, end=23, **IT), 30),
    _c(
        "onecycle-three-linear",
        dict(
            type="OneCycleLR",
            eta_max=1.0,
            end=30,
            pct_start=0.25,
            anneal_strategy="linear",
            three_phase=True,
            **IT,
        ),
        35,
    ),
    _c("onecycle-default-eta", dict(type="OneCycleLR", end=10, **IT), 12),
    _c(
        "restart",
        dict(type="CosineRestartLR", periods=[5, 10], restart_weights=[1, 0.5], eta_min=0.0, **IT),
        20,
    ),
    _c(
        "restart-ratio-window",
        dict(
            type="CosineRestartLR",
            periods=[3, 4, 5],
            restart_weights=[1, 0.8, 0.6],
            eta_min_ratio=0.1,
            begin=2,
            end=12,
            **IT,
        ),
        20,
        0.3,
    ),
    _c(
        "restart-period-1",
        dict(type="CosineRestartLR", periods=[1, 2, 1], restart_weights=[1, 0.5, 0.2], eta_min=0.05, **IT),
        8,
    ),
    # epoch-based, counted in epochs (epoch_length=None)
    _c("epochs-step", dict(type="StepLR", step_size=2, gamma=0.5, begin=1, end=7), 10),
    # epoch-based, counted in iterations: stepped after every epoch
    _c("epochs-in-iterations", dict(type="CosineAnnealingLR", begin=1, end=5), 30, 1.0, 4),
    _c(
        "convert-linear",
        dict(type="LinearLR", start_factor=0.1, end=2, convert_to_iter_based=True),
        12,
        1.0,
        4,
    ),
    _c(
        "convert-fraction",
        dict(type="LinearLR", start_factor=0.1, begin=0.5, end=2.25, convert_to_iter_based=True),
        15,
        1.0,
        4,
    ),
    _c(
        "convert-step",
        dict(type="StepLR", step_size=1, gamma=0.5, end=3, convert_to_iter_based=True),
        15,
        1.0,
        3,
    ),
    _c(
        "convert-multistep",
        dict(type="MultiStepLR", milestones=[1, 2], convert_to_iter_based=True),
        10,
        1.0,
        3,
    ),
    _c(
        "convert-cosine",
        dict(type="CosineAnnealingLR", T_max=2, eta_min=0.1, begin=1, end=4, convert_to_iter_based=True),
        16,
        1.0,
        3,
    ),
    _c(
        "convert-onecycle",
        dict(type="OneCycleLR", eta_max=1.0, total_steps=3, convert_to_iter_based=True),
        9,
        1.0,
        3,
    ),
    _c(
        "convert-restart",
        dict(
            type="CosineRestartLR",
            periods=[1, 2],
            restart_weights=[1, 0.5],
            eta_min=0.0,
            convert_to_iter_based=True,
        ),
        12,
        1.0,
        3,
    ),
]

LISTS = [
    _c(
        "warmup-then-cosine",
        [
            dict(type="LinearLR", start_factor=0.1, begin=0, end=5, **IT),
            dict(type="CosineAnnealingLR", T_max=10, begin=5, end=15, **IT),
        ],
        25,
        0.1,
    ),
    _c(
        "warmup-then-cosine-eta",
        [
            dict(type="LinearLR", start_factor=0.001, begin=0, end=5, end_factor=0.5, **IT),
            dict(type="CosineAnnealingLR", eta_min=0.01, begin=5, end=15, **IT),
        ],
        25,
        0.1,
    ),
    _c(
        "mmdet-warmup-multistep",
        [
            dict(type="LinearLR", start_factor=0.001, by_epoch=False, begin=0, end=50),
            dict(type="MultiStepLR", milestones=[8, 11], by_epoch=True, begin=0, end=12),
        ],
        140,
        0.02,
        10,
    ),
    _c(
        "mmpretrain-convert-warmup-cosine",
        [
            dict(
                type="LinearLR", start_factor=0.01, by_epoch=True, begin=0, end=2, convert_to_iter_based=True
            ),
            dict(type="CosineAnnealingLR", T_max=8, eta_min=1e-5, by_epoch=True, begin=2, end=10),
        ],
        70,
        0.1,
        6,
    ),
    _c(
        "rtmdet-warmup-half-cosine",
        [
            dict(type="LinearLR", start_factor=1e-5, by_epoch=False, begin=0, end=10),
            dict(
                type="CosineAnnealingLR",
                eta_min=0.0002,
                begin=5,
                end=10,
                T_max=5,
                by_epoch=True,
                convert_to_iter_based=True,
            ),
        ],
        70,
        0.004,
        5,
    ),
    _c(
        "overlapping-multiplicative",
        [
            dict(type="LinearLR", start_factor=0.2, begin=0, end=8, **IT),
            dict(type="ExponentialLR", gamma=0.9, begin=3, end=12, **IT),
            dict(type="CosineAnnealingLR", begin=5, end=20, **IT),
            dict(type="StepLR", step_size=3, gamma=0.5, begin=2, end=25, **IT),
        ],
        30,
    ),
    _c(
        "constant-then-poly-then-step",
        [
            dict(type="ConstantLR", factor=0.5, begin=0, end=4, **IT),
            dict(type="PolyLR", eta_min=0.1, power=1.5, begin=4, end=12, **IT),
            dict(type="StepLR", step_size=2, gamma=0.5, begin=12, end=20, **IT),
        ],
        25,
    ),
    _c(
        "onecycle-sets-initial-lr",
        [
            dict(type="OneCycleLR", eta_max=1.0, begin=0, end=10, **IT),
            dict(type="CosineAnnealingLR", eta_min_ratio=0.5, begin=10, end=20, T_max=3, **IT),
        ],
        25,
        0.3,
    ),
    _c(
        "restart-after-warmup",
        [
            dict(type="LinearLR", start_factor=0.1, begin=0, end=3, **IT),
            dict(
                type="CosineRestartLR",
                periods=[4, 4],
                restart_weights=[1, 0.5],
                eta_min=0.01,
                begin=3,
                end=11,
                **IT,
            ),
            dict(type="ExponentialLR", gamma=0.8, begin=11, end=14, **IT),
        ],
        18,
    ),
    _c(
        "gap-between-windows",
        [
            dict(type="LinearLR", start_factor=0.5, begin=2, end=4, **IT),
            dict(type="PolyLR", eta_min=0.05, begin=7, end=10, **IT),
        ],
        14,
    ),
    _c("one-dict", dict(type="LinearLR", start_factor=0.5, begin=0, end=4, **IT), 8),
]


@pytest.mark.parametrize(("cfg", "n", "base_lr", "epoch_length"), SINGLE + LISTS)
def test_matches_mmengine(cfg: Any, n: int, base_lr: float, epoch_length: int | None) -> None:
    check(cfg, n, base_lr, epoch_length)


# ---------------------------------------------------------------------------------------- hypothesis
factors = st.floats(0.01, 1.0)
windows = st.tuples(st.integers(0, 10), st.integers(1, 30)).map(lambda t: (t[0], t[0] + t[1]))


@st.composite
def single(draw: st.DrawFn) -> dict[str, Any]:
    begin, end = draw(windows)
    kind = draw(st.sampled_from(sorted(mm._BUILDERS)))
    cfg: dict[str, Any] = {"type": kind, "begin": begin, "end": end, "by_epoch": False}
    if kind == "ConstantLR":
        cfg["factor"] = draw(factors)
    elif kind == "LinearLR":
        cfg.update(start_factor=draw(factors), end_factor=draw(st.floats(0.0, 1.0)))
    elif kind == "StepLR":
        cfg.update(step_size=draw(st.integers(1, 8)), gamma=draw(st.floats(0.0, 1.5)))
    elif kind == "MultiStepLR":
        cfg.update(
            milestones=sorted(draw(st.lists(st.integers(0, 30), max_size=4))), gamma=draw(st.floats(0.0, 1.0))
        )
    elif kind == "ExponentialLR":
        cfg["gamma"] = draw(st.floats(0.5, 1.05))
    elif kind == "CosineAnnealingLR":
        cfg["T_max"] = draw(st.none() | st.integers(1, 30))
        cfg[draw(st.sampled_from(["eta_min", "eta_min_ratio"]))] = draw(st.floats(0.0, 0.5))
    elif kind == "PolyLR":
        cfg.update(eta_min=draw(st.floats(0.0, 0.5)), power=draw(st.floats(0.0, 3.0)))
    elif kind == "OneCycleLR":
        cfg.update(
            eta_max=draw(st.floats(0.1, 2.0)),
            pct_start=draw(st.floats(0.05, 0.45)),
            anneal_strategy=draw(st.sampled_from(["cos", "linear"])),
            three_phase=draw(st.booleans()),
        )
        if end - begin < 4:
            cfg["end"] = begin + 4
    else:
        periods = draw(st.lists(st.integers(1, 8), min_size=1, max_size=4))
        cfg.update(
            periods=periods,
            restart_weights=draw(st.lists(st.floats(0.0, 1.0), min_size=len(periods), max_size=len(periods))),
        )
        cfg[draw(st.sampled_from(["eta_min", "eta_min_ratio"]))] = draw(st.floats(0.0, 0.5))
    return cfg


def _valid_onecycle(cfg: dict[str, Any]) -> bool:
    T = cfg["end"] - cfg["begin"]
    return cfg["type"] != "OneCycleLR" or float(cfg["pct_start"] * T) - 1 != 0


@settings(max_examples=60, deadline=None)
@given(cfg=single(), base_lr=st.floats(0.01, 2.0))
@example(
    cfg={"type": "CosineAnnealingLR", "begin": 0, "end": 2, "by_epoch": False, "T_max": 1, "eta_min": 0.1},
    base_lr=1.0,
)
def test_single_matches_mmengine(cfg: dict[str, Any], base_lr: float) -> None:
    if not _valid_onecycle(cfg):
        return
    check(cfg, cfg["end"] + 6, base_lr)


@settings(max_examples=40, deadline=None)
@given(
    cfgs=st.lists(single(), min_size=2, max_size=4),
    base_lr=st.floats(0.01, 2.0),
    gap=st.integers(0, 3),
)
@example(  # a later OneCycleLR overwrites the values an earlier one reads from the groups
    cfgs=[
        {"type": "OneCycleLR", "begin": 0, "end": 4, "by_epoch": False, "eta_max": 1.0, "pct_start": 0.125},
        {"type": "OneCycleLR", "begin": 0, "end": 4, "by_epoch": False, "eta_max": 2.0, "pct_start": 0.3},
        {"type": "LinearLR", "begin": 0, "end": 3, "by_epoch": False, "start_factor": 0.5},
    ],
    base_lr=0.5,
    gap=1,
)
def test_sequences_match_mmengine(cfgs: list[dict[str, Any]], base_lr: float, gap: int) -> None:
    """Consecutive windows (any types), and all-multiplicative ones overlapping."""
    t = 0
    for cfg in cfgs:
        width = cfg["end"] - cfg["begin"]
        cfg["begin"], cfg["end"] = t, t + width
        t += width + gap
    cfgs = [c for c in cfgs if _valid_onecycle(c)]
    if not cfgs:
        return
    check(cfgs, t + 5, base_lr)


# ---------------------------------------------------------------------------------------- errors
@pytest.mark.parametrize(
    ("cfg", "kwargs", "error", "match"),
    [
        pytest.param(
            dict(type="CosineLR"),
            {},
            ValueError,
            r"^from_config\(\): param_scheduler\[0\]\['type'\] must be one of ConstantLR, CosineAnnealingLR, CosineRestartLR, ExponentialLR, LinearLR, MultiStepLR, OneCycleLR, PolyLR, StepLR, got 'CosineLR'\.$",
            id="unknown-type",
        ),
        pytest.param(
            dict(type="ReduceOnPlateauLR"),
            {},
            ValueError,
            r"ReduceOnPlateauLR depends on validation metrics",
            id="plateau",
        ),
        pytest.param(
            dict(type="LinearLR", start_factr=0.1),
            {},
            ValueError,
            r"^from_config\(\): param_scheduler\[0\] \(LinearLR\) has no argument 'start_factr'; LinearLR takes begin, by_epoch, convert_to_iter_based, end, end_factor, start_factor\.$",
            id="unknown-field",
        ),
        pytest.param(dict(type="StepLR"), {}, ValueError, r"needs 'step_size'", id="missing"),
        pytest.param(
            [dict(type="LinearLR", by_epoch=False), dict(type="StepLR", step_size=1)],
            {},
            ValueError,
            r"mix by_epoch=True and by_epoch=False, so epoch_length",
            id="mixed-units",
        ),
        pytest.param(
            dict(type="LinearLR", convert_to_iter_based=True),
            {},
            ValueError,
            r"^LinearLR\(\): convert_to_iter_based=True needs epoch_length",
            id="convert-no-length",
        ),
        pytest.param(
            dict(type="LinearLR", begin=5, end=5),
            {},
            ValueError,
            r"^LinearLR\(\): end must be greater than begin, got begin=5, end=5\.",
            id="empty-window",
        ),
        pytest.param(
            dict(type="LinearLR", start_factor=1.5),
            {},
            ValueError,
            r"^LinearLR\(\): start_factor must be in \[0, 1\]",
            id="factor-range",
        ),
        pytest.param(
            dict(type="LinearLR", start_factor=0.0, end=5),
            {},
            ValueError,
            r"ZeroDivisionError",
            id="factor-zero",
        ),
        pytest.param(
            dict(type="CosineAnnealingLR", eta_min=0.1, eta_min_ratio=0.1),
            {},
            ValueError,
            r"exactly one of eta_min and eta_min_ratio",
            id="two-etas",
        ),
        pytest.param(
            dict(type="CosineRestartLR", periods=[2]),
            {},
            ValueError,
            r"exactly one of eta_min and eta_min_ratio",
            id="restart-no-eta",
        ),
        pytest.param(
            dict(type="OneCycleLR", pct_start=0),
            {},
            TypeError,
            r"^OneCycleLR\(\): pct_start must be a float",
            id="pct-int",
        ),
        pytest.param(
            [dict(type="LinearLR", end=5), dict(type="CosineAnnealingLR", eta_min=0.1, begin=3, end=10)],
            {},
            ValueError,
            r"CosineAnnealingLR \(scheduler 1\) overlaps LinearLR \(scheduler 0\) on the steps 3\.\.4",
            id="overlap",
        ),
        pytest.param("LinearLR", {}, TypeError, r"param_scheduler must be a list or tuple", id="str"),
    ],
)
def test_refuses(cfg: Any, kwargs: dict[str, Any], error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        mm.from_config(cfg, **kwargs)


MULTIPLICATIVE = [
    "ConstantLR",
    "LinearLR",
    "StepLR",
    "MultiStepLR",
    "ExponentialLR",
    "CosineAnnealingLR",
    "PolyLR",
]


@st.composite
def multiplicative(draw: st.DrawFn) -> dict[str, Any]:
    """A multiplicative scheduler (eta_min=0), by epoch or by iteration, maybe converted."""
    cfg = draw(single().filter(lambda c: c["type"] in MULTIPLICATIVE))
    cfg.pop("eta_min_ratio", None)
    if cfg["type"] in ("CosineAnnealingLR", "PolyLR"):
        cfg["eta_min"] = 0.0
        cfg["T_max" if cfg["type"] == "CosineAnnealingLR" else "power"] = (
            None if cfg["type"] == "CosineAnnealingLR" else cfg["power"]
        )
    mode = draw(st.sampled_from(["iter", "epoch", "convert"]))
    if mode != "iter":
        cfg["by_epoch"] = True
        cfg["begin"], cfg["end"] = cfg["begin"] // 3, max(cfg["end"] // 3, cfg["begin"] // 3 + 1)
        if cfg["type"] == "StepLR":
            cfg["step_size"] = max(1, cfg["step_size"] // 3)
    if mode == "convert":
        cfg["convert_to_iter_based"] = True
    return cfg


@settings(max_examples=40, deadline=None)
@given(
    cfgs=st.lists(multiplicative(), min_size=1, max_size=4),
    base_lr=st.floats(0.01, 2.0),
    epoch_length=st.integers(1, 5),
)
def test_overlapping_multiplicative_schedulers_match_mmengine(
    cfgs: list[dict[str, Any]], base_lr: float, epoch_length: int
) -> None:
    check(cfgs, 60, base_lr, epoch_length)


def test_the_runners_default_end() -> None:
    """The runner sets a missing ``end`` to ``max_epochs`` (epoch-based) or ``max_iters``."""
    cfg = [
        dict(type="LinearLR", start_factor=0.1, by_epoch=False, end=6),
        dict(type="CosineAnnealingLR", eta_min=0.01, begin=1, by_epoch=True, convert_to_iter_based=True),
    ]
    explicit = copy.deepcopy(cfg)
    explicit[1]["end"] = 5
    expected = run_mmengine(explicit, 30, 0.1, 6)
    assert_matches(mm.from_config(cfg, base_lr=0.1, epoch_length=6, max_epochs=5, max_iters=30), expected)
    warm = dict(type="LinearLR", start_factor=0.1, by_epoch=False)
    assert mm.from_config(warm, max_iters=6) == mm.from_config(dict(warm, end=6))
    assert mm.from_config(warm, max_epochs=6) == mm.from_config(dict(warm, end=mm.INF))


@pytest.mark.parametrize("name", sorted(mm._BUILDERS))
def test_signature_is_mmengines(name: str) -> None:
    """The same names, defaults and order as mmengine's class (minus optimizer, param_name,
    last_step, verbose); positional exactly up to the first left-out parameter (last_step)."""
    import inspect

    import mmengine.optim.scheduler.lr_scheduler as lr_mod

    cls = getattr(lr_mod, name)
    base = next(c for c in cls.__mro__ if c.__name__.endswith("ParamScheduler"))
    peer = [
        p
        for p in inspect.signature(base.__init__).parameters.values()
        if p.name not in ("self", "param_name")
    ]
    ours = inspect.signature(getattr(mm, name)).parameters
    left_out = {"optimizer", "last_step", "verbose"}
    positional = True
    for p in peer:
        if p.name in left_out:
            positional = positional and p.name == "optimizer"
            continue
        q = ours[p.name]
        assert q.default == p.default, (p.name, q.default, p.default)
        assert (q.kind == q.POSITIONAL_OR_KEYWORD) == positional, p.name
    extra = set(ours) - {p.name for p in peer}
    assert extra == {"base_lr", "epoch_length", "convert_to_iter_based"}
    assert all(ours[n].kind == ours[n].KEYWORD_ONLY for n in extra)


def test_a_config_file_is_read_as_the_runner_would(tmp_path: Any) -> None:
    """``lr-curves show --config``: an mmengine config as JSON, its lr and default ends included."""
    import json

    from lr_curves import configs

    scheds = [
        dict(type="LinearLR", start_factor=0.01, by_epoch=False, begin=0, end=10),
        dict(type="CosineAnnealingLR", eta_min=0.001, by_epoch=False, begin=10),
    ]
    path = tmp_path / "mm.json"
    path.write_text(
        json.dumps(
            {
                "optim_wrapper": {"optimizer": {"type": "SGD", "lr": 0.1}},
                "train_cfg": {"by_epoch": False, "max_iters": 100},
                "param_scheduler": scheds,
            }
        )
    )
    explicit = [scheds[0], dict(scheds[1], end=100)]
    assert configs.detect_format(configs.load(path)).name == "mmengine"
    assert_matches(configs.read_config(path), run_mmengine(explicit, 120, 0.1))
