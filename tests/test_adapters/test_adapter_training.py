"""End to end: real training loops in torch, Keras (jax and torch backends) and optax.

One schedule, ten updates; the lr every update used is read back from the weights (see
``adapter_loops``). The ``k``-th update (0-based) uses ``s(k)`` in every framework; a run
interrupted at step 5, checkpointed to disk and restored into fresh objects gives the same lr
sequence as an uninterrupted one; and the three frameworks agree.
"""

from __future__ import annotations

import functools
import json
import os
import pathlib
import subprocess
import sys
import tempfile
from typing import Any

import adapter_loops
import numpy as np
import pytest

import lr_curves as lrc

#: Boundaries at 2 (warmup end), 5 and 8 (restarts): the interruption at 5 falls on a restart.
S = lrc.warmup(lrc.restart(lrc.cosine(0.1, 3, floor=0.01)), 2)
N = 10
HALF = N // 2
EXPECTED = np.array([S(k) for k in range(N)])
LOOPS = {
    "torch": adapter_loops.torch_loop,
    "keras": adapter_loops.keras_loop,
    "optax": adapter_loops.optax_loop,
}
HERE = pathlib.Path(__file__).resolve().parent
#: Weights are float32 in Keras and optax: ``w[k+1] - w[k]`` is exact to an ulp of ``w`` (~1).
USED_ATOL = {"torch": 1e-15, "keras": 2e-7, "optax": 2e-7}


@functools.cache
def run(framework: str, interrupted: bool) -> dict[str, Any]:
    workdir = pathlib.Path(tempfile.mkdtemp(prefix=f"lrc-{framework}-"))
    result: dict[str, Any] = LOOPS[framework](S, N, workdir, HALF if interrupted else None)
    return result


@functools.cache
def keras_torch_backend() -> dict[str, Any]:
    """Keras on the torch backend, in subprocesses (the backend is fixed when keras is imported)."""
    workdir = pathlib.Path(tempfile.mkdtemp(prefix="lrc-keras-torch-"))
    env = {**os.environ, "KERAS_BACKEND": "torch"}
    call = "import sys; sys.path.insert(0, sys.argv.pop(1)); import adapter_loops; adapter_loops.main()"

    def sub(*args: str) -> Any:
        proc = subprocess.run(
            [sys.executable, "-c", call, str(HERE), *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
            check=False,
        )
        assert proc.returncode == 0, proc.stderr[-3000:]
        return json.loads(proc.stdout.strip().splitlines()[-1])

    out = sub("keras", repr(S), str(N), str(HALF), str(workdir))
    # A fresh process that only imports lr_curves.adapters.keras loads the .keras file.
    out["resumed"] = sub("keras-resume", str(workdir / "m.keras"), str(N - HALF))
    return out


@pytest.mark.parametrize("framework", LOOPS)
def test_kth_update_uses_s_of_k(framework: str) -> None:
    np.testing.assert_allclose(run(framework, False)["used"], EXPECTED, rtol=0, atol=USED_ATOL[framework])


def test_torch_reports_s_of_k_exactly() -> None:
    assert run("torch", False)["read"] == EXPECTED.tolist()


@pytest.mark.parametrize("framework", ["keras", "optax"])
def test_float32_frameworks_report_s_of_k_to_float32_precision(framework: str) -> None:
    np.testing.assert_allclose(run(framework, False)["read"], EXPECTED, rtol=3e-7, atol=0)


@pytest.mark.parametrize("framework", LOOPS)
def test_interrupted_and_restored_run_equals_uninterrupted(framework: str) -> None:
    plain, interrupted = run(framework, False), run(framework, True)
    assert interrupted["read"] == plain["read"]
    assert interrupted["used"] == plain["used"]


def test_keras_on_the_torch_backend_uses_s_of_k() -> None:
    out = keras_torch_backend()
    assert out["plain"]["backend"] == "torch"
    np.testing.assert_allclose(out["plain"]["read"], EXPECTED, rtol=3e-7, atol=0)
    np.testing.assert_allclose(out["plain"]["used"], EXPECTED, rtol=0, atol=2e-7)


def test_keras_on_the_torch_backend_resumes_identically() -> None:
    out = keras_torch_backend()
    assert out["interrupted"]["read"] == out["plain"]["read"]
    assert out["interrupted"]["used"] == out["plain"]["used"]
    assert out["resumed"]["read"] == out["plain"]["read"][HALF:]
    assert out["resumed"]["used"] == out["plain"]["used"][HALF:]


@pytest.mark.parametrize(
    ("a", "b"),
    [("torch", "keras"), ("torch", "optax"), ("keras", "optax")],
)
def test_frameworks_agree(a: str, b: str) -> None:
    np.testing.assert_allclose(run(a, False)["read"], run(b, False)["read"], rtol=3e-7, atol=0)


def test_keras_backends_agree() -> None:
    # Both float32; XLA's and torch's cos may differ by an ulp.
    np.testing.assert_allclose(keras_torch_backend()["plain"]["read"], run("keras", False)["read"], rtol=3e-7)
