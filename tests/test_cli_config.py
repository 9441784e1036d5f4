"""``lr-curves show|plot --config FILE``: DeepSpeed JSON, transformers TrainingArguments JSON, NeMo YAML."""

from __future__ import annotations

import json
import pathlib
import subprocess
import sys
from typing import Any

import numpy as np
import pytest

from lr_curves import cli, configs
from lr_curves.presets import deepspeed, nemo, transformers

DS = {
    "train_batch_size": 256,
    "optimizer": {"type": "AdamW", "params": {"lr": 3e-4}},
    "scheduler": {"type": "WarmupDecayLR", "params": {"total_num_steps": 1000, "warmup_num_steps": 50}},
}
HF = {
    "output_dir": "out",
    "learning_rate": 5e-5,
    "lr_scheduler_type": "cosine",
    "warmup_steps": 0.1,
    "max_steps": 200,
}
NEMO_YAML = """\
model:
  optim:
    name: adamw
    lr: 2e-4          # YAML 1.1 would read this as a string; NeMo's OmegaConf reads a float
    sched:
      name: CosineAnnealing
      warmup_steps: 50
      min_lr: 2.0e-6
      max_steps: 500
      monitor: val_loss
"""


def write(tmp: pathlib.Path, name: str, content: Any) -> pathlib.Path:
    path = tmp / name
    path.write_text(content if isinstance(content, str) else json.dumps(content))
    return path


def same(a: Any, b: Any, n: int = 1200) -> None:
    ks = np.arange(n)
    np.testing.assert_array_equal(a(ks), b(ks))


def test_read_config_each_format(tmp_path: pathlib.Path) -> None:
    pytest.importorskip("yaml")
    same(configs.read_config(write(tmp_path, "ds_config.json", DS)), deepspeed.from_config(DS))
    same(
        configs.read_config(write(tmp_path, "training_args.json", HF)),
        transformers.from_training_arguments(HF),
    )
    optim = {
        "name": "adamw",
        "lr": 2e-4,
        "sched": {"name": "CosineAnnealing", "warmup_steps": 50, "min_lr": 2e-6, "max_steps": 500},
    }
    same(configs.read_config(write(tmp_path, "model.yaml", NEMO_YAML)), nemo.from_config(optim))


def test_format_is_named_or_detected(tmp_path: pathlib.Path) -> None:
    path = write(tmp_path, "cfg.json", {"lr_scheduler_type": "linear", "max_steps": 10})
    assert configs.detect_format(json.loads(path.read_text())).name == "transformers"
    same(
        configs.read_config(path, format="transformers"),
        transformers.from_training_arguments({"max_steps": 10}),
    )
    both = {"lr_scheduler_type": "linear", "scheduler": {"type": "WarmupLR"}}
    with pytest.raises(
        configs.ConfigError, match=r"could be any of deepspeed, transformers; name one with --format"
    ):
        configs.detect_format(both, "x.json")


def test_training_steps_fill_in_the_length(tmp_path: pathlib.Path) -> None:
    path = write(tmp_path, "args.json", {"lr_scheduler_type": "linear", "learning_rate": 1.0})
    s = configs.read_config(path, training_steps=100)
    assert s(50) == pytest.approx(0.5)


@pytest.mark.parametrize(
    ("content", "name", "match"),
    [
        pytest.param(
            {"a": 1},
            "x.json",
            r"x\.json: not a config lr-curves knows \(deepspeed: .*; name one with --format",
            id="unknown",
        ),
        pytest.param(
            '{"scheduler": ',
            "x.json",
            r"x\.json: not valid JSON \(line 1, column 15: Expecting value\)",
            id="bad-json",
        ),
        pytest.param("a: [1, 2\n", "x.yaml", r"x\.yaml: not valid YAML \(line 2, column 1\)", id="bad-yaml"),
        pytest.param(
            {"scheduler": {"type": "WarmupLR", "params": {"warmup_step": 10}}},
            "ds.json",
            r"ds\.json \(deepspeed\): from_config\(\): .* got 'warmup_step'\.",
            id="unknown-param",
        ),
        pytest.param(
            {"lr_scheduler_type": "reduce_lr_on_plateau", "max_steps": 10},
            "args.json",
            r"args\.json \(transformers\): lr_scheduler_type 'reduce_lr_on_plateau' follows the metrics",
            id="plateau",
        ),
    ],
)
def test_one_line_errors(tmp_path: pathlib.Path, content: Any, name: str, match: str) -> None:
    if name.endswith(".yaml"):
        pytest.importorskip("yaml")
    path = write(tmp_path, name, content)
    with pytest.raises(configs.ConfigError, match=match) as info:
        configs.read_config(path)
    assert "\n" not in str(info.value)


def test_missing_pyyaml_is_one_clear_line(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "model.yaml", NEMO_YAML)
    monkeypatch.setitem(sys.modules, "yaml", None)  # import yaml -> ImportError
    with pytest.raises(
        configs.ConfigError, match=r"model\.yaml: reading YAML needs pyyaml \(pip install pyyaml\)$"
    ):
        configs.read_config(path)


def test_cli_show_and_plot(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "ds_config.json", DS)
    assert cli.main(["show", "--config", str(path), "--rows", "4"]) == 0
    out = capsys.readouterr().out
    # DeepSpeed's log warmup, to WarmupDecayLR's default warmup_max_lr=0.001 (not the optimizer's lr)
    assert "warmup(constant(0.001), 49, shape='log')" in out
    assert cli.main(["show", "--config", str(path), "--format", "deepspeed", "--rows", "3"]) == 0
    pytest.importorskip("matplotlib")
    png = tmp_path / "lr.png"
    assert cli.main(["plot", "--config", str(path), "-o", str(png)]) == 0
    assert png.read_bytes().startswith(b"\x89PNG")


@pytest.mark.parametrize(
    ("argv", "match"),
    [
        pytest.param(["show"], "give a schedule spec, or --config FILE", id="nothing"),
        pytest.param(["show", "cosine(1.0, 10)", "--config", "x.json"], "not both", id="both"),
        pytest.param(
            ["show", "--config", "/nonexistent/ds.json"],
            "cannot read /nonexistent/ds.json: No such file",
            id="missing",
        ),
    ],
)
def test_cli_errors(argv: list[str], match: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert match in err and err.count("\n") == 0


def test_cli_module_does_not_import_yaml() -> None:
    code = "import sys, lr_curves.cli, lr_curves.configs; print('yaml' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
