"""Re-run the notebooks in place and keep them readable on a code host.

    .venv/bin/python notebooks/execute.py                 # every notebook
    .venv/bin/python notebooks/execute.py 02_*.ipynb      # some of them

Each notebook is executed top to bottom (an assertion that fails stops with the cell's error),
then trimmed: stderr streams and rich outputs other than PNG figures are dropped, long text is
cut, cell ids are numbered and cell metadata cleared, so that a re-run gives a small diff.
Set the figure size of the PNGs in each notebook's first code cell (``InlineBackend`` dpi).
"""

from __future__ import annotations

import os
import pathlib
import sys
import time

import nbformat
from nbclient import NotebookClient

HERE = pathlib.Path(__file__).resolve().parent
MAX_TEXT = 3000


def trim(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Keep figures and short text; drop stderr, widgets, HTML and execution metadata."""
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{i}"
        if cell.cell_type != "code":
            continue
        cell.metadata = {}
        kept = []
        for out in cell.outputs:
            if out.output_type == "stream":
                if out.name == "stderr":
                    continue
                if len(out.text) > MAX_TEXT:
                    out.text = out.text[:MAX_TEXT] + "\n...\n"
            elif out.output_type in ("display_data", "execute_result"):
                data = out.get("data", {})
                if "image/png" in data:
                    out["data"] = {"image/png": data["image/png"], "text/plain": "<Figure>"}
                else:
                    text = data.get("text/plain", "")
                    out["data"] = {"text/plain": text[:MAX_TEXT]}
                out["metadata"] = {}
            kept.append(out)
        cell.outputs = kept
    return nb


def main(names: list[str]) -> int:
    os.environ.setdefault("KERAS_BACKEND", "jax")
    paths = [HERE / n for n in names] if names else sorted(HERE.glob("*.ipynb"))
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        start = time.perf_counter()
        NotebookClient(
            nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(HERE)}}
        ).execute()
        nbformat.write(trim(nb), path)
        print(f"{path.name}: {time.perf_counter() - start:.1f}s, {path.stat().st_size / 1024:.0f} KB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
