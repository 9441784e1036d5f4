"""lr_curves.presets.optax against optax 0.2.8: float64 (x64) within 1e-9 of the peak, float32 as shipped."""

from __future__ import annotations

import contextlib
import math
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from lr_curves.presets import optax as lp

jax = pytest.importorskip("jax")
jnp = pytest.importorskip("jax.numpy")
optax = pytest.importorskip("optax")

N = 400  # every comparison covers steps 0..N-1 (one array shape: no recompilation per example)
STEPS = np.arange(N)


@contextlib.contextmanager
def x64() -> Iterator[None]:
    old = jax.config.jax_enable_x64
    jax.config.update("jax_enable_x64", True)
    try:
        yield
    finally:
        jax.config.update("jax_enable_x64", old)


def compare(
    make_peer: Callable[[], Any],
    ours: Any,
    tol32: float = 3e-6,
    tol64: float = 1e-9,
    nan_from: int | None = None,
    stair: tuple[int, int] | None = None,
    inf32_above: float | None = None,
) -> None:
    """ours == peer on 0..N-1: float64 within 1e-9 * peak; float32 within float32 rounding.

    ``nan_from``: the peer may give NaN from that step on (polynomial_schedule, see its test).
    ``stair=(begin, every)``: a staircase. XLA computes ``(k - begin) / every`` as a product with
    the reciprocal, which is not correctly rounded: at some exact multiples ``floor`` comes out
    one low and the peer steps one period late (float32: every=41 at steps 41, 82, 164, ...;
    float64 too: every=49 at 49, 98, 147, ...). Those steps -- exact multiples where the peer
    gives ours from one step earlier -- are left out; everywhere else ours must match.
    """
    with x64():
        want = np.asarray(jax.jit(jax.vmap(make_peer()))(jnp.arange(N)), dtype=np.float64)
    want32 = np.asarray(jax.jit(jax.vmap(make_peer()))(jnp.arange(N)), dtype=np.float64)
    got = ours(STEPS)
    got_scalar = np.array([ours(int(k)) for k in STEPS])
    nan, nan32 = np.isnan(want), np.isnan(want32)
    if nan_from is not None:
        assert np.all(STEPS[nan | nan32] >= nan_from)
    else:
        assert not np.any(nan | nan32)
    peak = max(float(np.max(np.abs(got))), 1e-300)
    keep, keep32 = ~nan, ~nan32
    if stair is not None:
        b0, every = stair
        k = np.arange(N) - b0
        multiple = (k > 0) & (k % every == 0)
        before = np.concatenate([got[:1], got[:-1]])  # ours one step earlier

        def late(peer: Any, tol: float) -> Any:
            off = ~np.isclose(peer, got, rtol=0, atol=tol * peak)
            return multiple & off & np.isclose(peer, before, rtol=0, atol=tol * peak)

        keep &= ~late(want, tol64)
        keep32 &= ~late(want32, tol32)
    np.testing.assert_allclose(got[keep], want[keep], rtol=0, atol=tol64 * peak)
    np.testing.assert_allclose(got_scalar[keep], want[keep], rtol=0, atol=tol64 * peak)
    # Growth past float32's range is inf in float32, a finite float64 for ours: not compared.
    # (``inf32_above``: where the peer's float32 intermediate overflows before its result would.)
    top32 = np.finfo(np.float32).max if inf32_above is None else inf32_above
    keep32 &= ~(np.isinf(want32) & (np.abs(got) * (1 + tol32) > top32))
    peak32 = max(float(np.max(np.abs(got[keep32]), initial=0.0)), 1e-300)
    np.testing.assert_allclose(got[keep32], want32[keep32], rtol=0, atol=tol32 * peak32)


def same(
    name: str,
    tol32: float = 3e-6,
    tol64: float = 1e-9,
    nan_from: int | None = None,
    stair: tuple[int, int] | None = None,
    inf32_above: float | None = None,
    **kw: Any,
) -> None:
    make_peer = lambda: getattr(optax, name)(**kw)
    compare(make_peer, getattr(lp, name)(**kw), tol32, tol64, nan_from, stair, inf32_above)


value = st.sampled_from([1.0, 0.1, 3e-4, 2.5, 0.0])
pos_value = st.sampled_from([1.0, 0.1, 3e-4, 2.5])
steps = st.integers(1, 150)
begin = st.integers(0, 100)
SET = settings(max_examples=25)
# float32 optax rounds decay_rate to float32: the relative error of rate**p grows with p (up to
# N * 6e-8 here), a float32 artefact of the peer.
EXP_TOL32 = 5e-5


@SET
@given(value)
def test_constant(v: float) -> None:
    same("constant_schedule", value=v)


@SET
@given(value, value, st.sampled_from([1.0, 2.0, 0.5, 3.0]), steps, begin)
def test_polynomial(a: float, b: float, p: float, t: int, b0: int) -> None:
    # XLA divides by the constant T as a multiplication by 1/T, so optax's 1 - c/T is +-1 ulp
    # (not 0) at and past the end: 2**-53 in float64, 2**-24 in float32. A power < 1 magnifies
    # that to ulp**power of the range (1.5e-8 in float64, 2.4e-4 in float32 for power 0.5), and a
    # negative 1 - c/T gives NaN (seen when init_value == end_value, where 0 * NaN is NaN): an
    # artefact of the peer's arithmetic, not reproduced (docs/presets.md).
    tol64 = 1e-9 if p >= 1 else 2 * (2.0**-52) ** p
    tol32 = 3e-6 if p >= 1 else 2 * (2.0**-23) ** p
    same(
        "polynomial_schedule",
        tol32,
        tol64,
        None if p >= 1 else b0 + t,
        init_value=a,
        end_value=b,
        power=p,
        transition_steps=t,
        transition_begin=b0,
    )


@SET
@given(value, value, steps, begin)
def test_linear(a: float, b: float, t: int, b0: int) -> None:
    same("linear_schedule", init_value=a, end_value=b, transition_steps=t, transition_begin=b0)


@SET
@given(pos_value, steps, st.sampled_from([0.0, 0.1, 0.5, 1.0]), st.sampled_from([1.0, 2.0, 0.5]))
def test_cosine_decay(v: float, t: int, alpha: float, e: float) -> None:
    same("cosine_decay_schedule", init_value=v, decay_steps=t, alpha=alpha, exponent=e)


@SET
@given(
    pos_value,
    st.integers(1, 60),
    st.sampled_from([0.5, 0.9, 0.99, 1.0, 1.01, 1.5]),
    begin,
    st.booleans(),
    st.sampled_from([None, 0.0, 0.05, 0.5, 1.5, 10.0]),
)
# float32 growth overflows a little before ours reaches float32's max (found by make fuzz)
@example(v=0.1, t=1, rate=1.5, b0=0, stair=False, end=None)
def test_exponential_decay(v: float, t: int, rate: float, b0: int, stair: bool, end: float | None) -> None:
    same(
        "exponential_decay",
        EXP_TOL32,
        stair=(b0, t) if stair else None,
        # the peer computes init_value * rate**p in float32: rate**p overflows first
        inf32_above=float(np.finfo(np.float32).max) * min(v, 1.0),
        init_value=v,
        transition_steps=t,
        decay_rate=rate,
        transition_begin=b0,
        staircase=stair,
        end_value=end,
    )


scales = st.dictionaries(st.integers(0, 300), st.sampled_from([0.5, 0.1, 2.0, 0.0, 1.0, 3.0]), max_size=5)


@SET
@given(value, scales)
def test_piecewise_constant(v: float, bs: dict[int, float]) -> None:
    same("piecewise_constant_schedule", init_value=v, boundaries_and_scales=bs)


@settings(max_examples=12)
@given(st.sampled_from(["linear", "cosine"]), value, scales.filter(bool))
def test_piecewise_interpolate(kind: str, v: float, bs: dict[int, float]) -> None:
    same("piecewise_interpolate_schedule", interpolate_type=kind, init_value=v, boundaries_and_scales=bs)


def _distinct(t: int, *pcts: float) -> bool:
    keys = [int(p * t) for p in pcts] + [t]
    return len(set(keys)) == len(keys)


@SET
@given(
    st.integers(1, 300),
    pos_value,
    st.sampled_from([0.0, 0.1, 0.3, 0.5]),
    st.sampled_from([0.6, 0.85, 0.99]),
    st.sampled_from([25.0, 10.0, 1.0]),
    st.sampled_from([1e4, 10.0]),
)
def test_linear_onecycle(t: int, peak: float, ps: float, pf: float, div: float, fdiv: float) -> None:
    kw = dict(
        transition_steps=t, peak_value=peak, pct_start=ps, pct_final=pf, div_factor=div, final_div_factor=fdiv
    )
    if not _distinct(t, ps, pf):
        with pytest.raises(ValueError, match="the phase boundaries collide"):
            lp.linear_onecycle_schedule(**kw)  # type: ignore[arg-type]
        return
    same("linear_onecycle_schedule", **kw)


@SET
@given(
    st.integers(1, 300),
    pos_value,
    st.sampled_from([0.0, 0.1, 0.3, 0.5, 0.99]),
    st.sampled_from([25.0, 10.0]),
    st.sampled_from([1e4, 10.0]),
)
def test_cosine_onecycle(t: int, peak: float, ps: float, div: float, fdiv: float) -> None:
    kw = dict(transition_steps=t, peak_value=peak, pct_start=ps, div_factor=div, final_div_factor=fdiv)
    if not _distinct(t, ps):
        with pytest.raises(ValueError, match="the phase boundaries collide"):
            lp.cosine_onecycle_schedule(**kw)  # type: ignore[arg-type]
        return
    same("cosine_onecycle_schedule", **kw)


@SET
@given(value, value, st.integers(1, 200))
def test_warmup_constant(a: float, b: float, w: int) -> None:
    same("warmup_constant_schedule", init_value=a, peak_value=b, warmup_steps=w)


@SET
@given(
    value,
    value,
    st.integers(0, 100),
    st.integers(1, 200),
    st.sampled_from([0.0, 1e-5, 0.1]),
    st.sampled_from([1.0, 2.0]),
)
def test_warmup_cosine_decay(a: float, peak: float, w: int, d: int, end: float, e: float) -> None:
    same(
        "warmup_cosine_decay_schedule",
        init_value=a,
        peak_value=peak,
        warmup_steps=w,
        decay_steps=w + d,
        end_value=end,
        exponent=e,
    )


@SET
@given(
    value,
    pos_value,
    st.integers(0, 100),
    st.integers(1, 50),
    st.sampled_from([0.5, 0.9, 1.0, 1.2]),
    st.integers(0, 50),
    st.booleans(),
    st.sampled_from([None, 0.01, 5.0]),
)
def test_warmup_exponential_decay(
    a: float, peak: float, w: int, t: int, rate: float, b0: int, stair: bool, end: float | None
) -> None:
    same(
        "warmup_exponential_decay_schedule",
        EXP_TOL32,
        stair=(w + b0, t) if stair else None,
        init_value=a,
        peak_value=peak,
        warmup_steps=w,
        transition_steps=t,
        decay_rate=rate,
        transition_begin=b0,
        staircase=stair,
        end_value=end,
    )


cycle = st.builds(
    lambda a, p, w, d, e: dict(init_value=a, peak_value=p, warmup_steps=w, decay_steps=w + d, end_value=e),
    value,
    pos_value,
    st.integers(0, 20),
    st.integers(1, 60),
    st.sampled_from([0.0, 0.01]),
)


@SET
@given(st.lists(cycle, min_size=1, max_size=4))
def test_sgdr(kws: list[dict[str, Any]]) -> None:
    same("sgdr_schedule", cosine_kwargs=kws)


@SET
@given(st.lists(st.integers(0, 300), min_size=0, max_size=3, unique=True).map(sorted), st.data())
def test_join_schedules(bounds: list[int], data: Any) -> None:
    pairs = [
        data.draw(
            st.sampled_from(
                [
                    ("linear_schedule", dict(init_value=0.0, end_value=1.0, transition_steps=30)),
                    ("cosine_decay_schedule", dict(init_value=1.0, decay_steps=50, alpha=0.1)),
                    (
                        "exponential_decay",
                        dict(init_value=0.5, transition_steps=7, decay_rate=0.8, staircase=True),
                    ),
                    ("constant_schedule", dict(value=0.25)),
                ]
            )
        )
        for _ in range(len(bounds) + 1)
    ]
    compare(
        lambda: optax.join_schedules([getattr(optax, n)(**kw) for n, kw in pairs], bounds),
        lp.join_schedules([getattr(lp, n)(**kw) for n, kw in pairs], bounds),
    )


@pytest.mark.parametrize(
    ("name", "kw"),
    [
        pytest.param(
            "warmup_cosine_decay_schedule",
            dict(init_value=0.0, peak_value=0.0, warmup_steps=5, decay_steps=20, end_value=0.5),
            id="zero-peak-ignores-end",
        ),
        pytest.param(
            "exponential_decay",
            dict(init_value=1.0, transition_steps=5, decay_rate=1.0, end_value=0.5),
            id="rate-one-end-is-ceiling",
        ),
        pytest.param(
            "exponential_decay",
            dict(init_value=1.0, transition_steps=5, decay_rate=0.5, end_value=2.0),
            id="end-above-init-everywhere",
        ),
        pytest.param(
            "piecewise_interpolate_schedule",
            dict(interpolate_type="cosine", init_value=1.0, boundaries_and_scales={0: 0.5, 10: 0.1}),
            id="interpolate-boundary-zero",
        ),
        pytest.param(
            "piecewise_constant_schedule",
            dict(init_value=1.0, boundaries_and_scales={0: 0.5, 399: 0.1}),
            id="constant-boundary-zero",
        ),
        pytest.param(
            "linear_onecycle_schedule", dict(transition_steps=3, peak_value=1.0), id="onecycle-three-steps"
        ),
        pytest.param(
            "cosine_onecycle_schedule", dict(transition_steps=1, peak_value=1.0), id="onecycle-one-step"
        ),
        pytest.param(
            "warmup_cosine_decay_schedule",
            dict(init_value=0.5, peak_value=1.0, warmup_steps=0, decay_steps=10),
            id="no-warmup",
        ),
    ],
)
def test_edge_cases(name: str, kw: dict[str, Any]) -> None:
    same(name, **kw)


@pytest.mark.parametrize("kind", ["linear", "cosine"])
def test_piecewise_interpolate_without_boundaries(kind: str) -> None:
    peer = optax.piecewise_interpolate_schedule(kind, 0.5)
    ours = lp.piecewise_interpolate_schedule(kind, 0.5)
    assert [ours(k) for k in (0, 7, 10**6)] == [float(peer(k)) for k in (0, 7, 10**6)] == [0.5] * 3


def test_join_at_zero_skips_the_first() -> None:
    compare(
        lambda: optax.join_schedules(
            [optax.constant_schedule(9.0), optax.linear_schedule(1.0, 0.0, 10)], [0]
        ),
        lp.join_schedules([lp.constant_schedule(9.0), lp.linear_schedule(1.0, 0.0, 10)], [0]),
    )


# ------------------------------------------------------------------------------ plateau


def peer_plateau(values: list[float], **kw: Any) -> list[float]:
    with x64():
        tx = optax.contrib.reduce_on_plateau(**kw)
        params = jnp.zeros((), dtype=jnp.float64)
        state = tx.init(params)
        update = jax.jit(tx.update)
        out = []
        for v in values:
            _, state = update(params, state, value=jnp.asarray(v, dtype=jnp.float64))
            out.append(float(state.scale))
    return out


@settings(max_examples=15)
@given(
    st.lists(st.sampled_from([1.0, 0.9, 0.99995, 1.1, 0.5, math.nan, 2.0]), min_size=1, max_size=25),
    st.sampled_from([0.1, 0.5]),
    st.integers(1, 3),
    st.sampled_from([1e-4, 0.0, 0.1]),
    st.sampled_from([0.0, 0.05]),
    st.integers(0, 2),
    st.integers(1, 3),
    st.sampled_from([0.0, 0.02, 2.0]),
)
def test_reduce_on_plateau(
    values: list[float],
    factor: float,
    patience: int,
    rtol: float,
    atol: float,
    cooldown: int,
    acc: int,
    min_scale: float,
) -> None:
    if rtol == 0.0 and atol == 0.0:
        atol = 0.01
    kw = dict(
        factor=factor,
        patience=patience,
        rtol=rtol,
        atol=atol,
        cooldown=cooldown,
        accumulation_size=acc,
        min_scale=min_scale,
    )
    want = peer_plateau(values, **kw)
    got = lp.reduce_on_plateau(**kw).trace(values)  # type: ignore[arg-type]
    np.testing.assert_allclose(got, want, rtol=1e-12)


# ------------------------------------------------------------------------------ refusals


@pytest.mark.parametrize(
    ("call", "exc", "match"),
    [
        pytest.param(
            lambda: lp.polynomial_schedule(1.0, 0.0, 1.0, 0),
            ValueError,
            r"polynomial_schedule\(\): transition_steps must be a positive number, got 0\.",
            id="poly-steps",
        ),
        pytest.param(
            lambda: lp.linear_schedule(1.0, 0.0, 10, -1),
            ValueError,
            r"linear_schedule\(\): transition_begin must be a non-negative number, got -1\.",
            id="negative-begin",
        ),
        pytest.param(
            lambda: lp.exponential_decay(1.0, 10, 0.0),
            ValueError,
            r"exponential_decay\(\): decay_rate must be a positive number, got 0\.0\.",
            id="rate-zero",
        ),
        pytest.param(
            lambda: lp.warmup_exponential_decay_schedule(0.0, 1.0, 5, 0, 0.5),
            ValueError,
            r"warmup_exponential_decay_schedule\(\): transition_steps must be a positive number, got 0\.",
            id="warmup-exp-names-caller",
        ),
        pytest.param(
            lambda: lp.cosine_decay_schedule(1.0, 0),
            ValueError,
            r"cosine_decay_schedule\(\): decay_steps must be a positive number, got 0\.",
            id="cosine-steps",
        ),
        pytest.param(
            lambda: lp.piecewise_constant_schedule(1.0, {5: -0.5}),
            ValueError,
            r"boundaries_and_scales scale must be non-negative, got -0\.5\.",
            id="negative-scale",
        ),
        pytest.param(
            lambda: lp.piecewise_constant_schedule(1.0, {-5: 0.5}),
            ValueError,
            r"boundaries_and_scales boundary must be a non-negative number, got -5\.",
            id="negative-boundary",
        ),
        pytest.param(
            lambda: lp.piecewise_interpolate_schedule("step", 1.0),
            ValueError,
            r"interpolate_type must be one of 'linear', 'cosine', got 'step'\.",
            id="interpolate-type",
        ),
        pytest.param(
            lambda: lp.linear_onecycle_schedule(1, 1.0),
            ValueError,
            r"the phase boundaries collide: int\(pct_start \* transition_steps\) == int\(pct_final \* transition_steps\) == 0\.",
            id="onecycle-collide",
        ),
        pytest.param(
            lambda: lp.warmup_constant_schedule(0.0, 1.0, 0),
            ValueError,
            r"warmup_steps must be a positive number, got 0\. Hint: optax then returns init_value forever",
            id="warmup-constant-zero",
        ),
        pytest.param(
            lambda: lp.warmup_cosine_decay_schedule(0.0, 1.0, 10, 10),
            ValueError,
            r"decay_steps must be greater than warmup_steps \(it includes the warmup\), got decay_steps=10, warmup_steps=10\.",
            id="warmup-cosine-no-decay",
        ),
        pytest.param(
            lambda: lp.join_schedules([lp.constant_schedule(1.0)], [5]),
            ValueError,
            r"boundaries must have one item fewer than schedules, got 1 boundaries for 1 schedules\.",
            id="join-count",
        ),
        pytest.param(
            lambda: lp.join_schedules([lp.constant_schedule(1.0)] * 3, [5, 5]),
            ValueError,
            r"join_schedules\(\): boundaries must be strictly increasing, got \(5, 5\)\.",
            id="join-order",
        ),
        pytest.param(
            lambda: lp.join_schedules([lambda k: 1.0, lp.constant_schedule(1.0)], [5]),
            TypeError,
            r"schedules\[0\] must be an lr_curves Schedule",
            id="join-callable",
        ),
        pytest.param(
            lambda: lp.sgdr_schedule([]),
            ValueError,
            r"sgdr_schedule\(\): cosine_kwargs must be non-empty",
            id="sgdr-empty",
        ),
        pytest.param(
            lambda: lp.sgdr_schedule([dict(init_value=0.0, peak_value=1.0, warmup_steps=5, decay_steps=3)]),
            ValueError,
            r"^sgdr_schedule\(\): decay_steps must be greater than warmup_steps .* got decay_steps=3, warmup_steps=5\.",
            id="sgdr-names-what-the-user-called",
        ),
        pytest.param(
            lambda: lp.sgdr_schedule([dict(init_value=0.0, peak_value=1.0, warmup_steps=5)]),
            TypeError,
            r"^sgdr_schedule\(\): cosine_kwargs\[0\] must hold warmup_cosine_decay_schedule's arguments: "
            r"missing a required argument: 'decay_steps'\.",
            id="sgdr-missing-key",
        ),
        pytest.param(
            lambda: lp.reduce_on_plateau(factor=1.0),
            ValueError,
            r"reduce_on_plateau\(\): factor must be in \(0, 1\), got 1\.0\.",
            id="plateau-factor",
        ),
        pytest.param(
            lambda: lp.reduce_on_plateau(patience=0),
            ValueError,
            r"patience must be an int >= 1, got 0\.",
            id="plateau-patience",
        ),
        pytest.param(
            lambda: lp.reduce_on_plateau(rtol=0.0, atol=0.0),
            ValueError,
            r"at least one of rtol and atol must be positive",
            id="plateau-tolerances",
        ),
        pytest.param(
            lambda: lp.reduce_on_plateau(rtol=1.5),
            ValueError,
            r"rtol must be in \[0, 1\], got 1\.5\.",
            id="plateau-rtol",
        ),
    ],
)
def test_refusals(call: Callable[[], Any], exc: type[Exception], match: str) -> None:
    with pytest.raises(exc, match=match):
        call()


def test_plateau_state_lr_is_the_scale() -> None:
    r = lp.reduce_on_plateau(patience=1, factor=0.5)
    state = r.update(r.update(r.init(), 1.0), 1.0)
    assert (state.lr, state.scale) == (0.5, 0.5)


@pytest.mark.parametrize(
    "schedule",
    [
        pytest.param(lp.linear_onecycle_schedule(100, 1.0), id="onecycle"),
        pytest.param(
            lp.sgdr_schedule([dict(init_value=0.0, peak_value=1.0, warmup_steps=2, decay_steps=9)] * 2),
            id="sgdr",
        ),
        pytest.param(lp.exponential_decay(1.0, 5, 1.0, end_value=0.5), id="rate-one"),
    ],
)
def test_presets_are_plain_schedules(schedule: Any) -> None:
    import lr_curves as lrc

    assert lrc.parse(repr(schedule)) == schedule
    assert lrc.from_dict(schedule.to_dict()) == schedule
