"""The adapters' docstring examples run, imported under their real names (``lr_curves.adapters.*``).

pytest's ``--doctest-modules`` would import ``adapters/*.py`` as a top-level ``adapters`` package
(a second copy of each module, registering a second Keras class), so they are run from here.
"""

from __future__ import annotations

import doctest
import importlib

import pytest


@pytest.mark.parametrize("name", ["torch", "keras", "optax"])
def test_adapter_docstring_examples_run(name: str) -> None:
    module = importlib.import_module(f"lr_curves.adapters.{name}")
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
