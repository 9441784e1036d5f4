"""docs/make_gallery.py: every preset has a picture (a config that builds, a committed PNG), and the script runs.

Strict: every public callable of every ``lr_curves.presets`` module that builds a schedule or a
reducer must have its picture; a new preset without one fails here (give it a config in the
script's ``CONFIGS``). Drawing all 140-odd pictures takes most of a minute, so the script is run
on a few here (one per kind of picture), and the committed PNGs are checked for the rest.
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import pathlib
from typing import Any

import pytest

pytest.importorskip("matplotlib")

import lr_curves as lrc
from lr_curves._reducer import Reducer
from lr_curves._spec import peers

ROOT = pathlib.Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "docs" / "make_gallery.py"
SEEDS = ["seed-000", "seed-001", "seed-002", "seed-003", "seed-004"]


def _gallery() -> Any:
    spec = importlib.util.spec_from_file_location("make_gallery", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def gallery() -> Any:
    return _gallery()


@pytest.fixture(scope="module")
def entries(gallery: Any) -> Any:
    return gallery.preset_entries()


def _every_preset() -> list[str]:
    """Every public callable of every preset module, found here (not by the script), less the
    classes that are no reducer (state classes such as ``ReduceLROnPlateauState``)."""
    out = []
    for peer in peers():
        module = importlib.import_module(f"lr_curves.presets.{peer}")
        for name in module.__all__:
            obj = getattr(module, name)
            if callable(obj) and not (inspect.isclass(obj) and not issubclass(obj, Reducer)):
                out.append(f"{peer}.{name}")
    return out


def test_every_preset_has_a_picture(entries: Any) -> None:
    drawn, missing = entries
    assert missing == []  # each names the preset and why it could not be built
    keys = [e.key for e in drawn]
    assert sorted(keys) == sorted(_every_preset())
    assert len(keys) >= 140


def test_every_config_names_a_preset_and_builds_it(gallery: Any) -> None:
    presets = dict(gallery.presets())
    for key in gallery.CONFIGS:
        assert key in presets, f"CONFIGS[{key!r}]: no such preset"
        code, built = gallery._build(key, presets[key])
        assert code.startswith(key + "("), code  # the caption is the call of that very preset
        assert isinstance(built, (lrc.Schedule, Reducer)), key


def test_the_committed_gallery_has_every_picture(entries: Any) -> None:
    page = (ROOT / "docs" / "gallery.md").read_text()
    assert "No picture yet" not in page
    keys = [e.key for e in entries[0]] + SEEDS
    for key in keys:
        png = ROOT / "docs" / "gallery" / f"{key}.png"
        assert png.is_file() and png.read_bytes().startswith(b"\x89PNG"), f"run `make gallery`: no {png.name}"
        assert png.stat().st_size < 60_000, key  # small pictures
        assert f"](gallery/{key}.png)" in page, f"run `make gallery`: {key} is not on docs/gallery.md"
    on_disk = {p.stem for p in (ROOT / "docs" / "gallery").glob("*.png")}
    assert on_disk == set(keys), f"pictures of no preset: {sorted(on_disk - set(keys))}"
    for e in entries[0]:  # the captions are the current configs
        assert f"`{e.code}`" in page, f"run `make gallery`: the caption of {e.key} changed"


def test_the_script_runs(gallery: Any, tmp_path: pathlib.Path) -> None:
    # one picture of each kind: a preset with epochs, a config reader, a reducer, a stretched
    # fvcore preset, a seed figure with panels
    only = ["composer.CosineAnnealingWithWarmupScheduler", "mmengine.from_config", "torch.ReduceLROnPlateau"]
    only += ["fvcore.CosineParamScheduler", "seed-003"]
    assert gallery.main(["--out", str(tmp_path), "--only", *only]) == 0
    assert sorted(p.stem for p in (tmp_path / "gallery").glob("*.png")) == sorted(only)
    for key in only:
        png = tmp_path / "gallery" / f"{key}.png"
        assert png.read_bytes().startswith(b"\x89PNG"), key
        assert png.stat().st_size < 60_000, key
    page = (tmp_path / "gallery.md").read_text()
    assert page == (ROOT / "docs" / "gallery.md").read_text()  # the committed page is the script's


def test_the_script_fails_on_a_preset_without_a_picture(
    gallery: Any, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(gallery.CONFIGS, "composer.StepScheduler", "composer.StepScheduler(step_size=100)")
    monkeypatch.setitem(gallery.CONFIGS, "torch.NoSuchLR", "torch.NoSuchLR()")
    assert gallery.main(["--out", str(tmp_path), "--only", "seed-001"]) == 1
    err = capsys.readouterr().err
    assert (
        "composer.StepScheduler: no picture (TypeError: StepScheduler(): step_size must be a time string"
        in err
    )
    assert "torch.NoSuchLR: in CONFIGS, but no such preset" in err
