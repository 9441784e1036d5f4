"""Schedules are plain objects that tracers see through: ``torch.compile(fullgraph=True)`` and
``jax.jit`` trace a schedule called on a tensor or tracer, before and after its scalar path was
compiled (the scalar call installs a per-schedule ``__call__``; tracing must go through it)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import lr_curves as lrc


def _schedules() -> list[Any]:
    return [
        pytest.param(lambda: lrc.warmup(lrc.cosine(1.0, 90, floor=0.1), 10), id="warmup-cosine"),
        pytest.param(
            lambda: lrc.restart(lrc.cosine(1.0, 10), growth=2.0, decay=0.5, limit=4) + 0.01, id="sgdr-add"
        ),
        pytest.param(
            lambda: lrc.concat(
                lrc.linear(0.0, 1.0, 10), lrc.polynomial(1.0, 0.0, 50, 2.0), lrc.constant(0.1)
            ),
            id="concat",
        ),
        pytest.param(lambda: lrc.multistep(1.0, 0.1, [20, 40]).clip(low=0.05), id="multistep-clip"),
    ]


STEPS = np.arange(0, 130, dtype=np.float64)


@pytest.mark.parametrize("scalar_first", [False, True], ids=["fresh", "after-scalar-call"])
@pytest.mark.parametrize("make", _schedules())
def test_torch_compile_fullgraph_traces_a_schedule(make: Any, scalar_first: bool) -> None:
    torch = pytest.importorskip("torch")
    s = make()
    if scalar_first:
        assert isinstance(s(3), float)
    torch._dynamo.reset()

    @torch.compile(fullgraph=True)
    def lr(step: Any) -> Any:
        return s(step) * 2.0

    out = lr(torch.tensor(STEPS, dtype=torch.float64))
    np.testing.assert_allclose(out.numpy(), 2.0 * s(STEPS), rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("scalar_first", [False, True], ids=["fresh", "after-scalar-call"])
@pytest.mark.parametrize("make", _schedules())
def test_jax_jit_traces_a_schedule(make: Any, scalar_first: bool) -> None:
    jax = pytest.importorskip("jax")
    jnp = pytest.importorskip("jax.numpy")
    s = make()
    if scalar_first:
        assert isinstance(s(3), float)
    out = jax.jit(lambda step: s(step) * 2.0)(jnp.asarray(STEPS, dtype=jnp.float32))
    np.testing.assert_allclose(np.asarray(out, dtype=np.float64), 2.0 * s(STEPS), rtol=2e-6, atol=1e-6)
