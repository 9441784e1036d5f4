"""Every notebook runs green (its cells assert what the text claims) and is committed readable."""

from __future__ import annotations

import json
import pathlib

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

NOTEBOOKS = sorted((pathlib.Path(__file__).resolve().parent.parent / "notebooks").glob("*.ipynb"))

#: A committed notebook stays small enough to read on a code host (a few small figures).
MAX_BYTES = 250_000


def test_there_is_a_notebook_per_seed_and_two_more() -> None:
    names = [p.name for p in NOTEBOOKS]
    assert names == [
        "00_warmup_cosine_four_ways.ipynb",
        "01_warm_restarts.ipynb",
        "02_one_cycle_epochs.ipynb",
        "03_warmup_variants.ipynb",
        "04_five_schedulers.ipynb",
        "05_compose_your_own.ipynb",
        "06_one_schedule_three_frameworks.ipynb",
        "07_seed001_keras_cosine_annealing.ipynb",
    ]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_form(path: pathlib.Path) -> None:
    assert path.stat().st_size < MAX_BYTES
    nb = json.loads(path.read_text())
    assert nb["cells"][0]["cell_type"] == "markdown" and nb["cells"][0]["source"][0].startswith("# ")
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert [c["execution_count"] for c in code] == list(range(1, len(code) + 1))  # run in order, once
    for cell in code:
        for out in cell["outputs"]:
            assert out["output_type"] != "error"
            assert not (out["output_type"] == "stream" and out["name"] == "stderr")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_runs(path: pathlib.Path) -> None:
    nb = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    )
    client.execute()  # raises CellExecutionError, naming the cell, when an assertion fails
    asserted = sum(c.source.count("assert ") for c in nb.cells if c.cell_type == "code")
    assert asserted >= 3
