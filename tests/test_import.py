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
            "import lr_curves.presets.torch as P; P.OneCycleLR(1.0, total_steps=10)(3)",
            id="presets-torch",
        ),
        pytest.param(
            "import lr_curves.presets.cosine_annealing_warmup as C; "
            "C.CosineAnnealingWarmupRestarts(10, 1.5)(np.arange(50))",
            id="presets-cosine-annealing-warmup",
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
