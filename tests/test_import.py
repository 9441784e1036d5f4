"""``import lr_curves`` stays light: no ML framework is imported, ever."""

from __future__ import annotations

import subprocess
import sys

import pytest

FRAMEWORKS = ["torch", "jax", "jaxlib", "tensorflow", "keras", "optax", "transformers", "timm", "matplotlib"]

CODE = """
import sys
import lr_curves as lrc
import numpy as np
s = lrc.warmup(lrc.restart(lrc.cosine(1.0, 100), growth=2), 10)
s(5); s(5.5); s(np.arange(10)); lrc.parse(repr(s)); lrc.from_dict(s.to_dict())
{extra}
print(",".join(sorted(m for m in {frameworks!r} if m in sys.modules)))
"""


@pytest.mark.parametrize(
    "extra",
    [
        pytest.param("", id="core"),
        pytest.param("import lr_curves.cli, lr_curves.presets", id="cli-and-presets-package"),
        pytest.param(
            "from lr_curves.presets import transformers as T\n"
            "T.get_cosine_schedule_with_warmup(10, 100)(5)\n"
            "T.get_reduce_on_plateau_schedule(patience=1).trace([1.0, 1.0, 1.0])",
            id="presets-transformers",
        ),
        pytest.param(
            "from lr_curves.presets import optax as O\n"
            "O.warmup_cosine_decay_schedule(0.0, 1.0, 10, 100)(np.arange(5))\n"
            "O.reduce_on_plateau(patience=1).trace([1.0, 1.0, 1.0])",
            id="presets-optax",
        ),
        pytest.param(
            "from lr_curves.presets import keras as K\n"
            "K.CosineDecayRestarts(1.0, 10)(25)\n"
            "K.ReduceLROnPlateau(patience=1).trace([1.0, 1.0, 1.0])",
            id="presets-keras",
        ),
    ],
)
def test_no_framework_is_imported(extra: str) -> None:
    out = subprocess.run(
        [sys.executable, "-c", CODE.format(extra=extra, frameworks=FRAMEWORKS)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == ""
