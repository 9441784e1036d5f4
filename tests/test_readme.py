"""Every Python example in the README runs, and the README's two commands are what CI runs."""

from __future__ import annotations

import pathlib
import re

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()
BLOCKS = re.findall(r"```python\n(.*?)```", README, flags=re.S)


def test_readme_has_examples() -> None:
    assert len(BLOCKS) >= 3


@pytest.mark.parametrize("code", [pytest.param(b, id=f"block-{i}") for i, b in enumerate(BLOCKS)])
def test_readme_example_runs(code: str) -> None:
    exec(compile(code, "README.md", "exec"), {"__name__": "readme_example"})


def test_ci_runs_the_readme_test_command() -> None:
    commands = re.search(r"```\n(make demo.*?)```", README, flags=re.S)
    assert commands is not None
    assert "make test" in commands.group(1)
    ci = (ROOT / ".ci" / "run").read_text()
    assert re.search(r"^make test$", ci, flags=re.M)
