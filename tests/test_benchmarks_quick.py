"""The benchmark script runs end to end (`--quick`): a smoke test, no timing is asserted."""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent


def test_quick_benchmark_prints_every_row() -> None:
    if os.environ.get("LR_CURVES_CORE_ONLY"):  # the core suite on the other Pythons: no peers
        for peer in ("torch", "jax", "optax", "transformers", "mpmath"):
            pytest.importorskip(peer)
    out = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick"],
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    ).stdout
    rows = [line for line in out.splitlines() if line.startswith("| ") and not line.startswith("| row")]
    names = " ".join(rows)
    for expected in (
        "scalar",
        "torch adapter",
        "NumPy",
        "random access",
        "JAX",
        "import lr_curves",
        "accuracy",
        "peak memory",
    ):
        assert expected in names, expected
    assert all(line.count("|") == 8 for line in rows)
