"""Other array libraries: JAX (jit, vmap, grad, x64) and torch evaluate with their own operations."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import schedules

import lr_curves as lrc

jax = pytest.importorskip("jax")
jnp = pytest.importorskip("jax.numpy")
torch = pytest.importorskip("torch")

EXAMPLE = lrc.warmup(lrc.restart(lrc.cosine(1.0, 100, floor=0.1), growth=2, decay=0.9), 10)
STEPS = np.array([0, 3, 10, 50, 109, 110, 111, 300, 309, 310, 1000, 5000], dtype=np.float64)


@pytest.fixture
def x64() -> object:
    jax.config.update("jax_enable_x64", True)
    yield
    jax.config.update("jax_enable_x64", False)


def test_jax_float32_by_default() -> None:
    out = EXAMPLE(jnp.asarray(STEPS.astype(np.int32)))
    assert isinstance(out, jax.Array) and out.dtype == jnp.float32
    np.testing.assert_allclose(np.asarray(out), EXAMPLE(STEPS), rtol=2e-6, atol=1e-7)


def test_jax_under_jit_and_vmap(x64: object) -> None:
    f = jax.jit(EXAMPLE)
    out = f(jnp.asarray(STEPS))
    assert out.dtype == jnp.float64
    np.testing.assert_array_max_ulp(np.asarray(out), EXAMPLE(STEPS), maxulp=4)
    batched = jax.vmap(EXAMPLE)(jnp.asarray(STEPS))
    np.testing.assert_array_max_ulp(np.asarray(batched), EXAMPLE(STEPS), maxulp=4)


def test_jax_grad_is_finite(x64: object) -> None:
    g = jax.grad(EXAMPLE)(jnp.asarray(50.0))
    assert math.isfinite(float(g)) and float(g) < 0


@settings(max_examples=40)
@given(schedules, st.lists(st.integers(0, 20_000), min_size=1, max_size=8))
def test_jax_x64_matches_the_scalar_path(s: lrc.Schedule, ts: list[int]) -> None:
    jax.config.update("jax_enable_x64", True)
    try:
        out = np.asarray(s(jnp.asarray(ts, dtype=jnp.float64)))
    finally:
        jax.config.update("jax_enable_x64", False)
    ref = np.array([s(t) for t in ts])
    np.testing.assert_allclose(out, ref, rtol=1e-12, atol=1e-15)


@settings(max_examples=40)
@given(schedules, st.lists(st.integers(0, 20_000), min_size=1, max_size=8))
def test_torch_float64_matches_the_scalar_path(s: lrc.Schedule, ts: list[int]) -> None:
    out = s(torch.tensor(ts, dtype=torch.float64))
    assert isinstance(out, torch.Tensor) and out.dtype == torch.float64
    ref = np.array([s(t) for t in ts])
    np.testing.assert_allclose(out.numpy(), ref, rtol=1e-12, atol=1e-15)


def test_torch_int_tensor_becomes_default_float() -> None:
    out = EXAMPLE(torch.arange(0, 400))
    assert out.dtype == torch.get_default_dtype()
    np.testing.assert_allclose(out.numpy(), EXAMPLE(np.arange(0, 400)), rtol=2e-6, atol=1e-7)


def test_traced_paths_clamp_negative_steps_to_zero() -> None:
    assert float(EXAMPLE(torch.tensor(-5.0))) == EXAMPLE(0)
    assert float(EXAMPLE(jnp.asarray(-5.0))) == EXAMPLE(0)


def test_evaluate_with_an_explicit_namespace() -> None:
    out = EXAMPLE.evaluate(jnp.asarray(STEPS, dtype=jnp.float32), namespace=jnp)
    np.testing.assert_allclose(np.asarray(out), EXAMPLE(STEPS), rtol=2e-6, atol=1e-7)
    np.testing.assert_array_equal(EXAMPLE.evaluate(STEPS, namespace=np), EXAMPLE(STEPS))
