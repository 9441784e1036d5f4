"""Packaging: ``adapters/`` ships as ``lr_curves.adapters`` (wheel and editable), never as ``adapters``.

Also: each adapter imports its framework only inside its own module, and a missing framework is
an ``ImportError`` with the install hint.
"""

from __future__ import annotations

import pathlib
import shutil
import subprocess
import sys
import zipfile

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


def _run(code: str, cwd: pathlib.Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, timeout=120, check=False
    )


@pytest.fixture(scope="module")
def wheel_files(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    out = tmp_path_factory.mktemp("wheel")
    # setuptools writes build/ and *.egg-info into the source tree: build from a copy.
    src = tmp_path_factory.mktemp("src") / "lr_curves_src"
    skip = shutil.ignore_patterns(".venv", ".git", "build", "dist", "*.egg-info", "__pycache__", ".*cache")
    shutil.copytree(ROOT, src, ignore=skip)
    proc = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(src)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=src,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    (wheel,) = out.glob("lr_curves-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        return zf.namelist()


@pytest.mark.parametrize(
    "path",
    [
        "lr_curves/adapters/__init__.py",
        "lr_curves/adapters/torch.py",
        "lr_curves/adapters/keras.py",
        "lr_curves/adapters/optax.py",
        "lr_curves/py.typed",
        "lr_curves/__init__.py",
    ],
)
def test_wheel_ships_file(wheel_files: list[str], path: str) -> None:
    assert path in wheel_files


@pytest.mark.parametrize("top", ["adapters/", "tests/"])
def test_wheel_has_no_top_level(wheel_files: list[str], top: str) -> None:
    assert [f for f in wheel_files if f.startswith(top)] == []


def test_wheel_top_level_is_only_lr_curves(wheel_files: list[str]) -> None:
    tops = {f.split("/")[0] for f in wheel_files if not f.split("/")[0].endswith(".dist-info")}
    assert tops == {"lr_curves"}


def test_editable_install_resolves_adapters_to_the_checkout(tmp_path: pathlib.Path) -> None:
    # Run from an unrelated directory, so that only the installed package can answer.
    proc = _run(
        "import importlib.util as u; print(u.find_spec('lr_curves.adapters.torch').origin); "
        "print(u.find_spec('adapters'))",
        tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    origin, top = proc.stdout.split()
    assert pathlib.Path(origin) == ROOT / "adapters" / "torch.py"
    assert top == "None"


def test_importing_the_adapters_package_imports_no_framework(tmp_path: pathlib.Path) -> None:
    proc = _run(
        "import sys, lr_curves, lr_curves.adapters; "
        "print(sorted(m for m in ('torch', 'keras', 'jax', 'optax') if m in sys.modules))",
        tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"


@pytest.mark.parametrize(
    ("adapter", "blocked", "extra"),
    [
        pytest.param("torch", "torch", "torch", id="torch"),
        pytest.param("keras", "keras", "keras", id="keras"),
        pytest.param("optax", "jax", "jax", id="optax"),
    ],
)
def test_missing_framework_is_an_import_error_with_the_install_hint(
    adapter: str, blocked: str, extra: str, tmp_path: pathlib.Path
) -> None:
    proc = _run(
        f"import sys; sys.modules[{blocked!r}] = None\n"
        "try:\n"
        f"    import lr_curves.adapters.{adapter}\n"
        "except ImportError as e:\n"
        "    print(e)\n",
        tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    assert f"pip install 'lr-curves[{extra}]'" in proc.stdout
    assert f"lr_curves.adapters.{adapter} needs" in proc.stdout
