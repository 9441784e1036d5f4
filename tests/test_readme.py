"""Every Python example in the README runs, and the README's two commands are what CI runs."""

from __future__ import annotations

import ast
import importlib.util
import linecache
import os
import pathlib
import re

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()
BLOCKS = re.findall(r"```python\n(.*?)```", README, flags=re.S)


def imported_modules(code: str) -> set[str]:
    """The top-level modules a block imports."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return names


def test_readme_has_examples() -> None:
    assert len(BLOCKS) >= 3


@pytest.mark.parametrize("code", [pytest.param(b, id=f"block-{i}") for i, b in enumerate(BLOCKS)])
def test_readme_example_runs(code: str) -> None:
    if os.environ.get("LR_CURVES_CORE_ONLY"):  # the core suite on the other Pythons: no frameworks
        for module in imported_modules(code):
            if importlib.util.find_spec(module) is None:
                pytest.skip(f"this block needs {module}, not installed beside the core suite")
    # The block's own name and source, in linecache: tracebacks and inspect.getsource (which
    # hypothesis calls on a @given function) read the block, not README.md at the block's lines.
    name = f"<README.md block {BLOCKS.index(code)}>"
    linecache.cache[name] = (len(code), None, code.splitlines(keepends=True), name)
    exec(compile(code, name, "exec"), {"__name__": "readme_example"})


def test_ci_runs_the_readme_test_command() -> None:
    commands = re.search(r"```\n(make demo.*?)```", README, flags=re.S)
    assert commands is not None
    assert "make test" in commands.group(1)
    ci = (ROOT / ".ci" / "run").read_text()
    assert re.search(r"^make test$", ci, flags=re.M)
