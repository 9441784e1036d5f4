"""lr_curves.presets.keras against Keras 3.15 (jax backend): float64 within 1e-9 of the peak, float32 as shipped."""

from __future__ import annotations

import contextlib
import math
import types
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from lr_curves.presets import keras as lp

keras = pytest.importorskip("keras")
jax = pytest.importorskip("jax")
jnp = pytest.importorskip("jax.numpy")

if keras.backend.backend() != "jax":  # pragma: no cover - conftest sets KERAS_BACKEND=jax
    pytest.skip("these tests run Keras on its jax backend", allow_module_level=True)

pytestmark = pytest.mark.filterwarnings("ignore:__array__ implementation:DeprecationWarning")

N = 400
STEPS = np.arange(N)
SET = settings(max_examples=25)
# Keras' cos/floor run in float32 even for a float64 schedule (see the test below): its "float64"
# cosine schedules are float32-accurate only, so they are compared at float32 precision.
KERAS_F32_OPS = 3e-7


@contextlib.contextmanager
def x64() -> Iterator[None]:
    """float64 everywhere: jax x64 and Keras floatx (Keras casts Python floats to floatx)."""
    old, old_floatx = jax.config.jax_enable_x64, keras.config.floatx()
    jax.config.update("jax_enable_x64", True)
    keras.config.set_floatx("float64")
    try:
        yield
    finally:
        keras.config.set_floatx(old_floatx)
        jax.config.update("jax_enable_x64", old)


def compare(
    make_peer: Callable[[Any], Any],
    ours: Any,
    tol32: float = 3e-6,
    tol64: float = 1e-9,
    nan_from: int | None = None,
    stair32: int | None = None,
    skip32: tuple[float, ...] = (),
) -> None:
    """``make_peer(lr_type)`` builds the Keras schedule with its lr as ``lr_type`` (float64 or float).

    ``nan_from``: the peer may give NaN from that step on (PolynomialDecay, see test_polynomial).
    ``stair32``: in float32 the peer's staircase may switch one step late at multiples of it.
    ``skip32``: steps where the float32 peer may restart one step late (CosineDecayRestarts).
    """
    with x64():
        want = np.asarray(jax.jit(jax.vmap(make_peer(np.float64)))(jnp.arange(N)), dtype=np.float64)
    assert want.dtype == np.float64
    want32 = np.asarray(jax.jit(jax.vmap(make_peer(float)))(jnp.arange(N)), dtype=np.float64)
    got = ours(STEPS)
    got_scalar = np.array([ours(int(k)) for k in STEPS])
    nan, nan32 = np.isnan(want), np.isnan(want32)
    if nan_from is not None:
        assert np.all(STEPS[nan | nan32] >= nan_from)
    else:
        assert not np.any(nan | nan32)
    peak = max(float(np.max(np.abs(want[~nan]))), 1e-300)
    np.testing.assert_allclose(got[~nan], want[~nan], rtol=0, atol=tol64 * peak)
    np.testing.assert_allclose(got_scalar[~nan], want[~nan], rtol=0, atol=tol64 * peak)
    keep = ~nan32 & ~np.isin(STEPS, skip32)
    if stair32 is not None:
        keep &= STEPS % stair32 != 0
    np.testing.assert_allclose(got[keep], want32[keep], rtol=0, atol=tol32 * peak)


def same(
    name: str,
    lr_key: str,
    tol32: float = 3e-6,
    tol64: float = 1e-9,
    nan_from: int | None = None,
    stair32: int | None = None,
    skip32: bool = False,
    **kw: Any,
) -> None:
    def make(lr_type: Any) -> Any:
        return getattr(keras.optimizers.schedules, name)(**{**kw, lr_key: lr_type(kw[lr_key])})

    ours = getattr(lp, name)(**kw)
    compare(make, ours, tol32, tol64, nan_from, stair32, ours.boundaries() if skip32 else ())


lr = st.sampled_from([1.0, 0.1, 3e-4, 2.5])


@SET
@given(lr, st.integers(1, 100), st.sampled_from([0.5, 0.9, 0.99, 1.0, 1.02]), st.booleans())
def test_exponential(v: float, d: int, rate: float, stair: bool) -> None:
    # float32 Keras rounds decay_rate: the relative error of rate**p grows with p.
    # float32 Keras computes floor(k / D) as floor(k * (1/D)): one step late at some multiples of D.
    same(
        "ExponentialDecay",
        "initial_learning_rate",
        5e-5,
        1e-9,
        None,
        d if stair else None,
        initial_learning_rate=v,
        decay_steps=d,
        decay_rate=rate,
        staircase=stair,
    )


@SET
@given(lr, st.integers(1, 100), st.sampled_from([0.0, 0.5, 2.0]), st.booleans())
def test_inverse_time(v: float, d: int, rate: float, stair: bool) -> None:
    same(
        "InverseTimeDecay",
        "initial_learning_rate",
        3e-6,
        1e-9,
        None,
        d if stair else None,
        initial_learning_rate=v,
        decay_steps=d,
        decay_rate=rate,
        staircase=stair,
    )


@SET
@given(
    lr,
    st.integers(1, 150),
    st.sampled_from([0.0, 1e-4, 0.05]),
    st.sampled_from([1.0, 2.0, 3.0, 0.5]),
    st.booleans(),
)
def test_polynomial(v: float, d: int, end: float, power: float, cycle: bool) -> None:
    # XLA's k/D is off by an ulp at k == D, so 1 - k/D is +-1 ulp instead of 0 there; a power < 1
    # magnifies that to ulp**power of the range (see the optax tests), and a negative 1 - k/D gives
    # NaN from the end on, in float64 as in float32. Peer artefacts: the preset gives E.
    tol64 = 1e-9 if power >= 1 else 2 * (2.0**-52) ** power
    tol32 = 3e-6 if power >= 1 else 2 * (2.0**-23) ** power
    same(
        "PolynomialDecay",
        "initial_learning_rate",
        tol32,
        tol64,
        None if cycle else d,
        d if cycle else None,  # float32 ceil(k * (1/D)) is one cycle late at some multiples of D
        initial_learning_rate=v,
        decay_steps=d,
        end_learning_rate=end,
        power=power,
        cycle=cycle,
    )


@SET
@given(st.lists(st.integers(0, 350), min_size=1, max_size=5, unique=True).map(sorted), st.data())
def test_piecewise_constant(bounds: list[int], data: Any) -> None:
    values = data.draw(
        st.lists(
            st.sampled_from([1.0, 0.5, 0.1, 2.0, 0.0]), min_size=len(bounds) + 1, max_size=len(bounds) + 1
        )
    )
    compare(
        lambda lr_type: keras.optimizers.schedules.PiecewiseConstantDecay(
            bounds, [lr_type(v) for v in values]
        ),
        lp.PiecewiseConstantDecay(bounds, values),
    )


@SET
@given(
    lr,
    st.integers(1, 150),
    st.sampled_from([0.0, 0.1, 0.5]),
    st.sampled_from([None, 0.5, 2.0]),
    st.integers(0, 100),
)
def test_cosine(v: float, d: int, alpha: float, target: float | None, w: int) -> None:
    same(
        "CosineDecay",
        "initial_learning_rate",
        3e-6,
        KERAS_F32_OPS,
        initial_learning_rate=v,
        decay_steps=d,
        alpha=alpha,
        warmup_target=target,
        warmup_steps=w,
    )


@SET
@given(
    lr,
    st.integers(1, 60),
    st.sampled_from([1.0, 2.0, 3.0, 1.5]),
    st.sampled_from([1.0, 0.5, 0.9]),
    st.sampled_from([0.0, 0.1]),
)
@example(
    v=1.0, d=3, t_mul=1.0, m_mul=1.0, alpha=0.0
)  # seed 4200141315: float32 Keras 1.4e-5 off at step ~400
def test_cosine_restarts(v: float, d: int, t_mul: float, m_mul: float, alpha: float) -> None:
    # float32 Keras computes the cycle's fraction from step / first_decay_steps: its error grows
    # with the step, up to (N / d) * 2**-24 of a cycle, times pi/2 on the value (1.4e-5 at d = 3)
    tol32 = max(1e-5, 2 * math.pi * (N / d) * 2.0**-24)
    same(
        "CosineDecayRestarts",
        "initial_learning_rate",
        tol32,
        KERAS_F32_OPS,
        skip32=True,  # float32 Keras restarts one step late at some boundaries (t_mul=1, D=47)
        initial_learning_rate=v,
        first_decay_steps=d,
        t_mul=t_mul,
        m_mul=m_mul,
        alpha=alpha,
    )


@pytest.mark.parametrize(
    ("d", "t_mul"),
    [
        pytest.param(1, 3.0, id="t3-d1"),
        pytest.param(3, 3.0, id="t3-d3"),
        pytest.param(1, 2.0, id="t2-d1"),
        pytest.param(7, 2.0, id="t2-d7"),
        pytest.param(4, 1.5, id="t1.5-d4"),
        pytest.param(10, 1.0, id="t1-d10"),
    ],
)
def test_cosine_restarts_at_exact_boundaries(d: int, t_mul: float) -> None:
    same(
        "CosineDecayRestarts",
        "initial_learning_rate",
        1e-5,
        KERAS_F32_OPS,
        skip32=True,
        initial_learning_rate=1.0,
        first_decay_steps=d,
        t_mul=t_mul,
    )


def test_cosine_ignores_warmup_steps_without_target() -> None:
    same(
        "CosineDecay",
        "initial_learning_rate",
        3e-6,
        KERAS_F32_OPS,
        initial_learning_rate=1.0,
        decay_steps=50,
        warmup_steps=20,
    )


def test_keras_cos_and_floor_are_float32_even_in_float64() -> None:
    # Why the cosine schedules are compared to KERAS_F32_OPS only: with x64 and floatx float64,
    # keras.ops.floor/cos still compute in float32 here (Keras promotes a float64 tensor with the
    # Python type float to float32). If this starts failing, Keras fixed it: tighten the tolerance.
    with x64():
        t = keras.ops.convert_to_tensor(np.float64(0.5))
        assert keras.ops.floor(t).dtype == np.float32
        assert float(keras.optimizers.schedules.CosineDecay(np.float64(1.0), 1, alpha=0.1)(5)) == float(
            np.float32(0.1)
        )


# ------------------------------------------------------------------------------ plateau


def peer_plateau(metrics: list[float], base_lr: float, **kw: Any) -> list[float]:
    opt = keras.optimizers.SGD(learning_rate=base_lr)
    cb = keras.callbacks.ReduceLROnPlateau(**kw)
    cb.set_model(types.SimpleNamespace(optimizer=opt))
    cb.on_train_begin()
    out = []
    for epoch, m in enumerate(metrics):
        cb.on_epoch_end(epoch, {"val_loss": m})
        out.append(float(keras.ops.convert_to_numpy(opt.learning_rate)))
    return out


@settings(max_examples=30)
@given(
    st.lists(st.sampled_from([1.0, 0.9, 0.99995, 1.1, 0.5, math.nan, 2.0]), min_size=1, max_size=25),
    st.sampled_from([0.1, 0.5, 0.0]),
    st.integers(0, 3),
    st.sampled_from(["auto", "min", "max"]),
    st.sampled_from([1e-4, 0.0, 0.1, -0.05]),
    st.integers(0, 3),
    st.sampled_from([0.0, 0.01, 0.3]),
)
def test_reduce_on_plateau(
    metrics: list[float],
    factor: float,
    patience: int,
    mode: str,
    min_delta: float,
    cooldown: int,
    min_lr: float,
) -> None:
    kw = dict(
        factor=factor, patience=patience, mode=mode, min_delta=min_delta, cooldown=cooldown, min_lr=min_lr
    )
    want = peer_plateau(metrics, 0.5, **kw)
    assert lp.ReduceLROnPlateau(base_lr=0.5, **kw).trace(metrics) == want  # type: ignore[arg-type]


# ------------------------------------------------------------------------------ refusals


@pytest.mark.parametrize(
    ("call", "exc", "match"),
    [
        pytest.param(
            lambda: lp.ExponentialDecay(1, 10, 0.5),
            TypeError,
            r"ExponentialDecay\(\): initial_learning_rate must be a float, got 1 \(int\)\. Hint: Keras computes",
            id="int-lr",
        ),
        pytest.param(
            lambda: lp.ExponentialDecay(1.0, 0, 0.5),
            ValueError,
            r"ExponentialDecay\(\): decay_steps must be a positive number, got 0\.",
            id="decay-steps",
        ),
        pytest.param(
            lambda: lp.ExponentialDecay(1.0, 10, 0.0),
            ValueError,
            r"decay_rate must be a positive number, got 0\.0\.",
            id="rate-zero",
        ),
        pytest.param(
            lambda: lp.InverseTimeDecay(1.0, 10, -0.5),
            ValueError,
            r"InverseTimeDecay\(\): decay_rate must be a non-negative number, got -0\.5\.",
            id="inverse-rate",
        ),
        pytest.param(
            lambda: lp.PolynomialDecay(1.0, 10, power=0.0),
            ValueError,
            r"PolynomialDecay\(\): power must be a positive number, got 0\.0\.",
            id="poly-power",
        ),
        pytest.param(
            lambda: lp.PiecewiseConstantDecay([5, 2], [1.0, 0.5, 0.1]),
            ValueError,
            r"PiecewiseConstantDecay\(\): boundaries must be strictly increasing, got \(5, 2\)\.",
            id="piecewise-order",
        ),
        pytest.param(
            lambda: lp.PiecewiseConstantDecay([5], [1.0]),
            ValueError,
            r"PiecewiseConstantDecay\(\): boundaries must have one item fewer than values, got 1 boundaries and 1 values\.",
            id="piecewise-lengths",
        ),
        pytest.param(
            lambda: lp.CosineDecay(1.0, 10, warmup_target=2.0, warmup_steps=-1),
            ValueError,
            r"CosineDecay\(\): warmup_steps must be a non-negative number, got -1\.",
            id="cosine-warmup",
        ),
        pytest.param(
            lambda: lp.CosineDecayRestarts(1.0, 10, t_mul=0.5),
            ValueError,
            r"CosineDecayRestarts\(\): t_mul must be >= 1\.0, got 0\.5\.",
            id="restarts-t-mul",
        ),
        pytest.param(
            lambda: lp.CosineDecayRestarts(1.0, 10, m_mul=0.0),
            ValueError,
            r"m_mul must be a positive number, got 0\.0\.",
            id="restarts-m-mul",
        ),
        pytest.param(
            lambda: lp.ReduceLROnPlateau(factor=1.0),
            ValueError,
            r"ReduceLROnPlateau\(\): factor must be in \[0, 1\), got 1\.0\.",
            id="plateau-factor",
        ),
        pytest.param(
            lambda: lp.ReduceLROnPlateau(monitor="val_accuracy"),
            ValueError,
            r"mode must be 'min' or 'max' for monitor='val_accuracy', got 'auto'\.",
            id="plateau-auto",
        ),
        pytest.param(
            lambda: lp.ReduceLROnPlateau(mode="down"),
            ValueError,
            r"mode must be one of 'auto', 'min', 'max', got 'down'\.",
            id="plateau-mode",
        ),
    ],
)
def test_refusals(call: Callable[[], Any], exc: type[Exception], match: str) -> None:
    with pytest.raises(exc, match=match):
        call()


@pytest.mark.parametrize(
    "schedule",
    [
        pytest.param(lp.CosineDecayRestarts(1.0, 10, alpha=0.1, m_mul=0.5), id="restarts"),
        pytest.param(lp.CosineDecay(0.0, 10, warmup_target=1.0, warmup_steps=5), id="cosine-warmup"),
        pytest.param(lp.PiecewiseConstantDecay([2, 4], [1.0, 0.5, 0.1]), id="piecewise"),
    ],
)
def test_presets_are_plain_schedules(schedule: Any) -> None:
    import lr_curves as lrc

    assert lrc.parse(repr(schedule)) == schedule
    assert lrc.from_dict(schedule.to_dict()) == schedule
