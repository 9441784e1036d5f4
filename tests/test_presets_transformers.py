"""lr_curves.presets.transformers against transformers 5.23 (LambdaLR on a one-parameter SGD)."""

from __future__ import annotations

import math
import warnings
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lr_curves.presets import transformers as lp

torch = pytest.importorskip("torch")
opt_mod = pytest.importorskip("transformers.optimization")


def peer_lrs(name: str, base_lr: float, n: int, **kw: Any) -> np.ndarray:
    """The lr after k scheduler.step() calls, k = 0..n-1, from the real transformers function."""
    opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=base_lr)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sched = getattr(opt_mod, name)(opt, **kw)
        out = [sched.get_last_lr()[0]]
        for _ in range(n - 1):
            opt.step()
            sched.step()
            out.append(sched.get_last_lr()[0])
    return np.array(out, dtype=np.float64)


def assert_matches(name: str, base_lr: float, n: int, **kw: Any) -> None:
    want = peer_lrs(name, base_lr, n, **kw)
    s = getattr(lp, name)(base_lr=base_lr, **kw)
    ks = np.arange(n)
    got_vec = s(ks)
    got_scalar = np.array([s(int(k)) for k in ks])
    tol = 1e-9 * max(np.max(np.abs(want)), 1e-300)
    np.testing.assert_allclose(got_vec, want, rtol=0, atol=tol)
    np.testing.assert_allclose(got_scalar, want, rtol=0, atol=tol)


warm = st.integers(0, 20)
length = st.integers(1, 60)
base = st.sampled_from([1.0, 0.1, 3e-4, 2.5])
cycles = st.sampled_from([0.5, 0.5, 0.25, 1.0, 1.5, 2.0, 0.3, 0.0])
SET = settings(max_examples=40)


@SET
@given(base)
def test_constant(b: float) -> None:
    assert_matches("get_constant_schedule", b, 30)


@SET
@given(warm, base)
def test_constant_with_warmup(w: int, b: float) -> None:
    assert_matches("get_constant_schedule_with_warmup", b, w + 30, num_warmup_steps=w)


@SET
@given(warm, st.integers(0, 60), base)
def test_linear(w: int, t: int, b: float) -> None:
    assert_matches(
        "get_linear_schedule_with_warmup", b, max(w, t) * 2 + 10, num_warmup_steps=w, num_training_steps=t
    )


@SET
@given(warm, length, cycles, base)
def test_cosine(w: int, d: int, c: float, b: float) -> None:
    t = w + d
    assert_matches(
        "get_cosine_schedule_with_warmup",
        b,
        3 * t + 10,
        num_warmup_steps=w,
        num_training_steps=t,
        num_cycles=c,
    )


@SET
@given(warm, length, st.integers(0, 7), base)
def test_cosine_hard_restarts(w: int, d: int, c: int, b: float) -> None:
    t = w + d
    assert_matches(
        "get_cosine_with_hard_restarts_schedule_with_warmup",
        b,
        2 * t + 10,
        num_warmup_steps=w,
        num_training_steps=t,
        num_cycles=c,
    )


@pytest.mark.parametrize(
    ("w", "t", "c"),
    [
        pytest.param(0, 6, 3, id="integer-cycles"),
        pytest.param(2, 12, 5, id="fractional-cycle-length"),
        pytest.param(0, 10, 3, id="restart-at-non-integer"),
        pytest.param(3, 100, 7, id="seven-cycles"),
        pytest.param(0, 49, 7, id="cycle-length-7"),
    ],
)
def test_cosine_hard_restarts_boundaries(w: int, t: int, c: int) -> None:
    assert_matches(
        "get_cosine_with_hard_restarts_schedule_with_warmup",
        1.0,
        2 * t + 5,
        num_warmup_steps=w,
        num_training_steps=t,
        num_cycles=c,
    )


@SET
@given(warm, length, st.sampled_from([0.0, 1e-7, 0.01, 0.3]), st.sampled_from([1.0, 2.0, 0.5, 3.0]), base)
def test_polynomial(w: int, d: int, end_ratio: float, power: float, b: float) -> None:
    t = w + d
    assert_matches(
        "get_polynomial_decay_schedule_with_warmup",
        b,
        2 * t + 10,
        num_warmup_steps=w,
        num_training_steps=t,
        lr_end=end_ratio * b,
        power=power,
    )


def test_polynomial_training_shorter_than_warmup() -> None:
    assert_matches(
        "get_polynomial_decay_schedule_with_warmup",
        1.0,
        30,
        num_warmup_steps=10,
        num_training_steps=4,
        lr_end=0.1,
    )


@SET
@given(warm, st.one_of(st.none(), st.integers(1, 50)), base)
def test_inverse_sqrt(w: int, tau: int | None, b: float) -> None:
    assert_matches("get_inverse_sqrt_schedule", b, w + 200, num_warmup_steps=w, timescale=tau)


@SET
@given(warm, length, cycles, st.sampled_from([0.0, 0.1, 0.5, 1.0, 1.5]), st.booleans(), base)
def test_cosine_with_min_lr(w: int, d: int, c: float, r: float, absolute: bool, b: float) -> None:
    kw: dict[str, Any] = {"min_lr": r * b} if absolute else {"min_lr_rate": r}
    t = w + d
    assert_matches(
        "get_cosine_with_min_lr_schedule_with_warmup",
        b,
        3 * t + 10,
        num_warmup_steps=w,
        num_training_steps=t,
        num_cycles=c,
        **kw,
    )


@SET
@given(warm, length, cycles, st.sampled_from([0.0, 0.1, 0.5]), st.sampled_from([None, 0.0, 0.1, 0.5]), base)
def test_cosine_with_min_lr_lr_rate(w: int, d: int, c: float, r: float, wr: float | None, b: float) -> None:
    t = w + d
    assert_matches(
        "get_cosine_with_min_lr_schedule_with_warmup_lr_rate",
        b,
        3 * t + 10,
        num_warmup_steps=w,
        num_training_steps=t,
        num_cycles=c,
        min_lr_rate=r,
        warmup_lr_rate=wr,
    )


@SET
@given(
    warm,
    st.integers(0, 20),
    st.integers(0, 30),
    st.sampled_from(lp._WSD_TYPES),
    st.sampled_from(lp._WSD_TYPES),
    st.sampled_from([0.0, 0.1, 0.5]),
    cycles,
    st.booleans(),
    base,
)
def test_wsd(w: int, s: int, d: int, wt: str, dt: str, r: float, c: float, by_total: bool, b: float) -> None:
    kw: dict[str, Any] = {"num_training_steps": w + s + d} if by_total else {"num_stable_steps": s}
    assert_matches(
        "get_wsd_schedule",
        b,
        2 * (w + s + d) + 10,
        num_warmup_steps=w,
        num_decay_steps=d,
        warmup_type=wt,
        decay_type=dt,
        min_lr_ratio=r,
        num_cycles=c,
        **kw,
    )


def test_cosine_rises_past_the_end() -> None:
    s = lp.get_cosine_schedule_with_warmup(2, 6)
    assert s(6) == pytest.approx(0.0, abs=1e-15)
    assert s(10) == pytest.approx(1.0)
    assert s(10**12 + 2) == pytest.approx(1.0)  # the wave's phase is exact far away


# ------------------------------------------------------------------------------ plateau


def peer_plateau(metrics: list[float], base_lr: float, **kw: Any) -> list[float]:
    opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=base_lr)
    sched = opt_mod.get_reduce_on_plateau_schedule(opt, **kw)
    out = []
    for m in metrics:
        sched.step(m)
        out.append(opt.param_groups[0]["lr"])
    return out


@settings(max_examples=60)
@given(
    st.lists(st.sampled_from([1.0, 0.9, 0.99995, 1.1, 0.5, math.nan, 2.0]), min_size=1, max_size=40),
    st.sampled_from(["min", "max"]),
    st.sampled_from([0.1, 0.5, 0.0]),
    st.integers(0, 3),
    st.sampled_from([1e-4, 0.0, 0.1]),
    st.sampled_from(["rel", "abs"]),
    st.integers(0, 3),
    st.sampled_from([0.0, 0.01]),
    st.sampled_from([1e-8, 0.05]),
)
def test_reduce_on_plateau(
    metrics: list[float],
    mode: str,
    factor: float,
    patience: int,
    threshold: float,
    threshold_mode: str,
    cooldown: int,
    min_lr: float,
    eps: float,
) -> None:
    kw = dict(
        mode=mode,
        factor=factor,
        patience=patience,
        threshold=threshold,
        threshold_mode=threshold_mode,
        cooldown=cooldown,
        min_lr=min_lr,
        eps=eps,
    )
    want = peer_plateau(metrics, 0.5, **kw)
    assert lp.get_reduce_on_plateau_schedule(base_lr=0.5, **kw).trace(metrics) == want


# ------------------------------------------------------------------------------ refusals


@pytest.mark.parametrize(
    ("call", "exc", "match"),
    [
        pytest.param(
            lambda: lp.get_cosine_schedule_with_warmup(10, 10),
            ValueError,
            r"get_cosine_schedule_with_warmup\(\): num_training_steps must be greater than num_warmup_steps, "
            r"got num_training_steps=10, num_warmup_steps=10\. Hint: transformers accepts this",
            id="cosine-no-decay",
        ),
        pytest.param(
            lambda: lp.get_linear_schedule_with_warmup(2.5, 10),
            ValueError,
            r"get_linear_schedule_with_warmup\(\): num_warmup_steps must be a whole number \(an int >= 0, or a "
            r"float such as 100\.0\), got 2\.5\.",
            id="float-steps",
        ),
        pytest.param(
            lambda: lp.get_polynomial_decay_schedule_with_warmup(5, 5),
            ValueError,
            r"num_training_steps must differ from num_warmup_steps, got 5 for both\. Hint: transformers raises",
            id="poly-zero-division",
        ),
        pytest.param(
            lambda: lp.get_polynomial_decay_schedule_with_warmup(0, 5, lr_end=2.0),
            ValueError,
            r"lr_end must be smaller than base_lr, got lr_end=2\.0, base_lr=1\.0\.",
            id="poly-end-above-start",
        ),
        pytest.param(
            lambda: lp.get_polynomial_decay_schedule_with_warmup(0, 5, power=0),
            ValueError,
            r"power must be a positive number, got 0\.",
            id="poly-power",
        ),
        pytest.param(
            lambda: lp.get_inverse_sqrt_schedule(5, timescale=0),
            ValueError,
            r"get_inverse_sqrt_schedule\(\): timescale must be a positive number, got 0\.",
            id="rsqrt-timescale",
        ),
        pytest.param(
            lambda: lp.get_cosine_schedule_with_warmup(0, 10, num_cycles=-1),
            ValueError,
            r"num_cycles must be a non-negative number, got -1\.",
            id="negative-cycles",
        ),
        pytest.param(
            lambda: lp.get_cosine_with_min_lr_schedule_with_warmup(0, 10),
            ValueError,
            r"give one of min_lr and min_lr_rate, got neither\.",
            id="min-lr-neither",
        ),
        pytest.param(
            lambda: lp.get_cosine_with_min_lr_schedule_with_warmup(0, 10, min_lr=0.1, min_lr_rate=0.1),
            ValueError,
            r"give only one of min_lr and min_lr_rate, got min_lr=0\.1, min_lr_rate=0\.1\.",
            id="min-lr-both",
        ),
        pytest.param(
            lambda: lp.get_cosine_with_min_lr_schedule_with_warmup(0, 10, min_lr_rate=-0.1),
            ValueError,
            r"min_lr_rate must be a non-negative number, got -0\.1\.",
            id="min-lr-negative",
        ),
        pytest.param(
            lambda: lp.get_wsd_schedule(5, 5),
            ValueError,
            r"get_wsd_schedule\(\): give num_training_steps or num_stable_steps, got neither\.",
            id="wsd-no-length",
        ),
        pytest.param(
            lambda: lp.get_wsd_schedule(5, 5, num_training_steps=8),
            ValueError,
            r"num_training_steps must be at least num_warmup_steps \+ num_decay_steps, got "
            r"num_training_steps=8, num_warmup_steps=5, num_decay_steps=5\.",
            id="wsd-negative-stable",
        ),
        pytest.param(
            lambda: lp.get_wsd_schedule(5, 5, num_training_steps=20, num_stable_steps=5),
            ValueError,
            r"must equal num_training_steps when both are given, got 5 \+ 5 \+ 5 != 20\.",
            id="wsd-inconsistent",
        ),
        pytest.param(
            lambda: lp.get_wsd_schedule(5, 5, num_stable_steps=5, decay_type="exp"),
            ValueError,
            r"decay_type must be one of 'linear', 'cosine', '1-sqrt', got 'exp'\.",
            id="wsd-type",
        ),
        pytest.param(
            lambda: lp.get_reduce_on_plateau_schedule(factor=1.0),
            ValueError,
            r"get_reduce_on_plateau_schedule\(\): factor must be in \[0, 1\), got 1\.0\.",
            id="plateau-factor",
        ),
        pytest.param(
            lambda: lp.get_reduce_on_plateau_schedule(mode="up"),
            ValueError,
            r"mode must be one of 'min', 'max', got 'up'\.",
            id="plateau-mode",
        ),
        pytest.param(
            lambda: lp.get_reduce_on_plateau_schedule().update(
                lp.get_reduce_on_plateau_schedule().init(), "x"
            ),  # type: ignore[arg-type]
            TypeError,
            r"metric must be a real number, got 'x' \(str\)\.",
            id="plateau-metric",
        ),
    ],
)
def test_refusals(call: Any, exc: type[Exception], match: str) -> None:
    with pytest.raises(exc, match=match):
        call()


@pytest.mark.parametrize(
    "schedule",
    [
        pytest.param(
            lp.get_cosine_with_hard_restarts_schedule_with_warmup(3, 20, num_cycles=3), id="hard-restarts"
        ),
        pytest.param(
            lp.get_cosine_with_min_lr_schedule_with_warmup_lr_rate(4, 30, min_lr_rate=0.1), id="lr-rate"
        ),
        pytest.param(lp.get_wsd_schedule(5, 10, num_stable_steps=20, warmup_type="1-sqrt"), id="wsd"),
    ],
)
def test_presets_are_plain_schedules(schedule: Any) -> None:
    import lr_curves as lrc

    assert lrc.parse(repr(schedule)) == schedule
    assert lrc.from_dict(schedule.to_dict()) == schedule
