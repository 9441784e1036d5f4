"""The command line: demo, show, plot, compare; specs as repr text, JSON files and presets; errors."""

from __future__ import annotations

import json
import pathlib
import re
import subprocess
import sys
import types

import pytest

import lr_curves as lrc
from lr_curves.cli import SpecError, main, preset, resolve

ROOT = pathlib.Path(__file__).resolve().parent.parent
WARM_COS = lrc.warmup(lrc.cosine(3e-4, 9_000, floor=3e-5), 1_000)


def _fake_presets() -> types.ModuleType:
    """A stand-in for a peer's preset module (the real ones live in lr_curves.presets.<peer>)."""
    module = types.ModuleType("lr_curves.presets.fake")

    def Warm(peak: float = 1.0, steps: int = 100, warmup: int = 10, shape: str = "linear") -> lrc.Schedule:
        return lrc.warmup(lrc.cosine(peak, steps), warmup, shape=shape)

    def Steps(milestones: list[int], gamma: float = 0.1, base_lr: float = 1.0) -> lrc.Schedule:
        return lrc.multistep(base_lr, gamma, milestones)

    def Plateau(patience: int = 10) -> object:
        return object()  # a metric-driven preset gives a reducer, not a schedule

    def _helper() -> lrc.Schedule:  # pragma: no cover - must not be reachable
        return lrc.constant(1.0)

    module.Warm = Warm  # type: ignore[attr-defined]
    module.Steps = Steps  # type: ignore[attr-defined]
    module.Plateau = Plateau  # type: ignore[attr-defined]
    module._helper = _helper  # type: ignore[attr-defined]
    module.__all__ = ["Plateau", "Steps", "Warm"]  # type: ignore[attr-defined]
    return module


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "lr_curves.presets.fake", _fake_presets())


# ---------------------------------------------------------------------------------------- specs
@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        pytest.param("warmup(cosine(0.0003, 9000, floor=3e-05), 1000)", WARM_COS, id="repr"),
        pytest.param("  lrc.warmup(lrc.cosine(3e-4, 9_000, floor=3e-5), 1_000) ", WARM_COS, id="qualified"),
        pytest.param("fake.Warm", lrc.warmup(lrc.cosine(1.0, 100), 10), id="preset-defaults"),
        pytest.param(
            "fake.Warm peak=0.5 steps=1_000 warmup=50 shape=cosine",
            lrc.warmup(lrc.cosine(0.5, 1000), 50, shape="cosine"),
            id="preset-bare-word-string",
        ),
        pytest.param(
            "fake.Steps milestones=[30, 60] gamma=0.5 base_lr=0.1",
            lrc.multistep(0.1, 0.5, [30, 60]),
            id="preset-list-with-spaces",
        ),
        pytest.param(
            "fake.Warm shape='1-sqrt'", lrc.warmup(lrc.cosine(1.0, 100), 10, shape="1-sqrt"), id="quoted"
        ),
    ],
)
def test_resolve(fake: None, spec: str, expected: lrc.Schedule) -> None:
    assert resolve(spec) == expected


def test_resolve_json_and_text_files(tmp_path: pathlib.Path) -> None:
    (tmp_path / "lr.json").write_text(json.dumps(WARM_COS.to_dict()))
    (tmp_path / "lr.txt").write_text(repr(WARM_COS) + "\n")
    assert resolve(str(tmp_path / "lr.json")) == WARM_COS
    assert resolve(str(tmp_path / "lr.txt")) == WARM_COS


def test_preset_function(fake: None) -> None:
    assert preset("fake", "Steps", ["milestones=(3,)"]) == lrc.multistep(1.0, 0.1, [3])


BAD_SPECS = [
    pytest.param(
        "warmup(cosine(1.0, 100), 10",
        r"^'warmup\(cosine\(1\.0, 100\), 10' is not a valid expression \('\(' was never closed at column 7\)\. Hint: write calls",
        id="syntax",
    ),
    pytest.param(
        "__import__('os').system('echo hacked')",
        r"^unknown name '__import__' at column 1\. Allowed: add, clip",
        id="no-eval",
    ),
    pytest.param(
        "cosine(1.0, 0)", r"cosine\(\): steps must be a positive number, got 0\.", id="invalid-argument"
    ),
    pytest.param(
        "0.5",
        r"^the expression must build a schedule, got 0\.5\. Hint: a constant learning rate is constant",
        id="a-number",
    ),
    pytest.param(
        "nope.Warm",
        r"^unknown preset peer 'nope'\. Preset peers: .*torch, transformers",
        id="unknown-peer",
    ),
    pytest.param(
        "fake.Cosine",
        r"^unknown preset fake\.Cosine\. lr_curves\.presets\.fake has: Plateau, Steps, Warm$",
        id="unknown-name",
    ),
    pytest.param("fake._helper", r"^unknown preset fake\._helper\. ", id="private-name"),
    pytest.param(
        "fake.Warm peek=0.1",
        r"^fake\.Warm has no argument 'peek'\. Did you mean 'peak'\? Its arguments: peak, steps, warmup, shape$",
        id="unknown-keyword",
    ),
    pytest.param(
        "fake.Warm steps=0",
        r"fake\.Warm: cosine\(\): steps must be a positive number, got 0\.",
        id="preset-refuses",
    ),
    pytest.param("fake.Warm 0.1", r"fake\.Warm: arguments must be key=value, got '0\.1'", id="positional"),
    pytest.param(
        "fake.Warm peak=1+",
        r"^fake\.Warm: the value of peak is not a number, a list or a word: '1\+'\. Hint: quote",
        id="not-a-literal",
    ),
    pytest.param("fake.Warm peak=1 peak=2", r"fake\.Warm: peak is given twice", id="twice"),
    pytest.param("fake.Steps milestones=[30, 60", r"unbalanced quotes or brackets", id="unbalanced"),
    pytest.param(
        "fake.Plateau",
        r"fake\.Plateau returns a object object, not a schedule \(a metric-driven preset has no curve to show\)",
        id="reducer",
    ),
    pytest.param(
        "fake.Warm(peak=0.1, steps=0)", r"^cosine\(\): steps must be a positive number", id="call-refuses"
    ),
    pytest.param(
        "fake.Warm(peak=0.1",
        r"^'fake\.Warm\(peak=0\.1' is not a valid expression \('\(' was never closed",
        id="call-syntax",
    ),
    pytest.param(
        "fake.Warm(peak=abs(1))",
        r"^unknown name 'abs' at column 16\. Allowed:",
        id="call-not-literal",
    ),
    pytest.param("missing.json", r"no such file: missing\.json", id="missing-file"),
    pytest.param("", r"empty schedule spec", id="empty"),
]


@pytest.mark.parametrize(("spec", "message"), BAD_SPECS)
def test_bad_specs(fake: None, spec: str, message: str) -> None:
    with pytest.raises(SpecError, match=message):
        resolve(spec)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param("{not json", r"bad\.json: not valid JSON: Expecting property name", id="json-syntax"),
        pytest.param(
            '{"lr_curves": 1, "schedule": {"type": "nope"}}',
            r"bad\.json: from_dict\(\): unknown schedule type 'nope'",
            id="json-schema",
        ),
        pytest.param("cosine(1.0,", r"bad\.json: 'cosine\(1\.0,' is not a valid expression", id="text"),
    ],
)
def test_bad_files(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch, content: str, message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bad.json").write_text(content)
    with pytest.raises(SpecError, match=message):
        resolve("bad.json")


# ---------------------------------------------------------------------------------------- commands
def test_demo_prints_the_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert "lr = warmup(cosine(0.0003, 9000, floor=3e-05), 1000)" in out
    assert " 1,000   3.0000e-04  ########################################" in out
    assert "20,000   3.0000e-05" in out


def test_demo_writes_a_plot(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("matplotlib")
    path = tmp_path / "demo.png"
    assert main(["demo", "--plot", str(path)]) == 0
    assert path.read_bytes().startswith(b"\x89PNG")
    assert f"Plot written to {path}" in capsys.readouterr().out


def test_demo_without_matplotlib_still_prints(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    assert main(["demo", "--plot", str(tmp_path / "demo.png")]) == 0
    out = capsys.readouterr().out
    assert "No plot: lr_curves.plot needs matplotlib" in out and "pip install 'lr-curves[plot]'" in out
    assert not (tmp_path / "demo.png").exists()


def test_show(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", repr(WARM_COS)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(repr(WARM_COS) + "\n  length: 10,000 steps, then holds 3e-05\n")
    assert "    steps 0-1,000: linear warmup from 0 to 0.0003 (the schedule's start)" in out
    # the default range: the end (10,000) and a fifth more, where the value holds 3e-05
    assert "  budget (sum of values over steps 0-11,999): 1.69498" in out
    assert " 1,000   3.0000e-04" in out and "10,000   3.0000e-05" in out


def test_show_joins_unquoted_words_and_writes_csv(
    fake: None, tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "lr.csv"
    argv = ["show", "fake.Steps", "milestones=[30,", "60]", "gamma=0.5", "--steps", "90", "--csv", str(path)]
    assert main([*argv, "--every", "30"]) == 0
    assert "piecewise constant: 1, 0.5 at 30, 0.25 at 60" in capsys.readouterr().out
    assert path.read_text().splitlines() == ["step,value", "0,1.0", "30,0.5", "60,0.25", "90,0.25"]


@pytest.mark.parametrize("suffix", ["png", "svg"])
def test_plot_command(tmp_path: pathlib.Path, suffix: str, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("matplotlib")
    path = tmp_path / f"sgdr.{suffix}"
    spec = "restart(cosine(0.1, 10, floor=0.001), growth=2, decay=0.5)"
    assert main(["plot", spec, "-o", str(path), "--steps", "300", "--log", "--steps-per-epoch", "10"]) == 0
    data = path.read_bytes()
    assert data.startswith(b"\x89PNG") if suffix == "png" else b"<svg" in data[:300]
    assert capsys.readouterr().out == f"{path} written\n"


@pytest.mark.parametrize("layout", [[], ["--grid"]], ids=["one-axes", "grid"])
def test_compare(tmp_path: pathlib.Path, layout: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("matplotlib")
    path = tmp_path / "cmp.png"
    specs = ["warmup(cosine(1.0, 900), 100)", "multistep(1.0, 0.1, [300, 600])", "exponential(1.0, 0.995)"]
    assert main(["compare", *specs, "-o", str(path), "--label", "cosine", *layout]) == 0
    assert path.read_bytes().startswith(b"\x89PNG")
    assert capsys.readouterr().out == f"{path} written (3 schedules)\n"


# ---------------------------------------------------------------------------------------- failures
@pytest.mark.parametrize(("spec", "message"), BAD_SPECS[:-1])
def test_bad_spec_exits_2_with_one_line(
    fake: None, spec: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["show", spec]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("lr-curves show: error: ")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        pytest.param(
            ["plot", "cosine(1.0, 10)", "-o", "x.pdf"],
            "the output must end in .png or .svg, got 'x.pdf'",
            id="format",
        ),
        pytest.param(
            ["plot", "cosine(1.0, 10)", "-o", "/no/such/dir/x.png"],
            "--output /no/such/dir/x.png: the folder /no/such/dir does not exist (create it first)",
            id="unwritable",
        ),
        pytest.param(
            ["compare", "cosine(1.0, 10)", "-o", "x.png", "--label", "a", "--label", "b"],
            "2 labels for 1 schedules",
            id="labels",
        ),
        pytest.param(
            ["compare", "cosine(1.0, 10)", "linear(1.0, 0.0, -1)", "-o", "x.png"],
            "linear(): steps must be a positive number, got -1.",
            id="second-spec",
        ),
    ],
)
def test_drawing_errors_exit_2(argv: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("matplotlib")
    assert main(argv) == 2
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1 and message in lines[0]


@pytest.mark.parametrize(
    "argv",
    [
        pytest.param([], id="no-command"),
        pytest.param(["plot", "cosine(1.0, 10)"], id="missing-output"),
        pytest.param(["show", "cosine(1.0, 10)", "--steps", "0"], id="zero-steps"),
        pytest.param(["frobnicate"], id="unknown-command"),
    ],
)
def test_usage_errors_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2
    assert "error:" in capsys.readouterr().err


@pytest.mark.parametrize(
    "command", [[], ["demo"], ["show"], ["plot"], ["compare"]], ids=lambda c: c[0] if c else "top"
)
def test_help(command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main([*command, "--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: lr-curves")
    expected = {
        "top": ["demo", "show", "plot", "compare", "torch.OneCycleLR"],
        "demo": ["--plot PATH"],
        "show": ["--steps N", "--rows N", "--csv PATH", "--every K", "to_dict()"],
        "plot": ["--output PATH", "--log", "--steps-per-epoch K", "--title TITLE", ".png or .svg"],
        "compare": ["--grid", "--label TEXT", "--output PATH", "one quoted spec per schedule"],
    }[command[0] if command else "top"]
    for word in expected:
        assert word in out


def test_module_entry_point_prints_one_line_and_no_traceback() -> None:
    argv = [sys.executable, "-m", "lr_curves", "show", "cosine(1.0, 0)"]
    out = subprocess.run(argv, capture_output=True, text=True, check=False)
    assert out.returncode == 2
    assert out.stderr == "lr-curves show: error: cosine(): steps must be a positive number, got 0.\n"


def test_console_script_is_declared() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert '[project.scripts]\nlr-curves = "lr_curves.cli:main"\n' in pyproject


def test_makefile_demo_writes_a_plot() -> None:
    makefile = (ROOT / "Makefile").read_text()
    assert "$(PY) -m lr_curves demo --plot demo.png" in makefile
    assert "install -e '.[plot]'" in makefile


# ---------------------------------------------------------------------------------------- real presets
def test_real_torch_preset_spec() -> None:
    torch_presets = pytest.importorskip("lr_curves.presets.torch")
    spec = "torch.OneCycleLR max_lr=0.01 epochs=200 steps_per_epoch=128"
    expected = torch_presets.OneCycleLR(max_lr=0.01, epochs=200, steps_per_epoch=128)
    assert resolve(spec) == expected


def test_real_torch_preset_bad_argument(capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("lr_curves.presets.torch")
    assert main(["show", "torch.OneCycleLR", "max_lr=0.01", "epochs=200", "steps_per_epok=128"]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert lines == [
        "lr-curves show: error: torch.OneCycleLR has no argument 'steps_per_epok'. Did you mean "
        "'steps_per_epoch'? Its arguments: max_lr, total_steps, epochs, steps_per_epoch, pct_start, "
        "anneal_strategy, cycle_momentum, base_momentum, max_momentum, div_factor, final_div_factor, three_phase"
    ]


def test_show_a_very_long_schedule_skips_the_budget(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "cosine(1.0, 1000000000)"]) == 0
    out = capsys.readouterr().out
    assert "  values: not scanned (more than 10,000,000 steps)" in out
    assert "  budget: not computed for more than 10,000,000 steps" in out
    assert "1,000,000,000   0.0000e+00" in out


def test_show_refuses_a_giant_csv(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "cosine(1.0, 1000000000)", "--csv", str(tmp_path / "x.csv")]) == 2
    err = capsys.readouterr().err
    assert (
        err
        == "lr-curves show: error: --csv would write 1,200,000,001 rows (at most 10,000,000); use --every or --steps\n"
    )
    assert not (tmp_path / "x.csv").exists()


# ---------------------------------------------------------------------------------------- issue 15
def _table_rows(out: str) -> dict[int, float]:
    """``{step: value}`` from the table that ``show`` prints (after its header rule)."""
    rows = {}
    for line in out.rsplit("-----", maxsplit=1)[-1].splitlines():
        parts = line.split()
        values = [p for p in parts if re.fullmatch(r"-?\d\.\d{4}e[+-]\d\d", p)]
        if parts and parts[0].replace(",", "").isdigit() and values:
            rows[int(parts[0].replace(",", ""))] = float(values[0])
    return rows


def test_show_a_preset_through_its_total_steps(capsys: pytest.CaptureFixture[str]) -> None:
    # Was: steps 0-100 only, a bare ramp. Now the run (1,000 steps) and a fifth more.
    argv = [
        "show",
        "transformers.get_cosine_schedule_with_warmup",
        "num_warmup_steps=100",
        "num_training_steps=1000",
    ]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "  run: 1,000 steps (the run it was made for)" in out
    rows = _table_rows(out)
    assert max(rows) == 1_200 and rows[1_000] == 0.0 and rows[100] == 1.0 and rows[0] == 0.0


def test_show_does_not_alias_a_periodic_curve(capsys: pytest.CaptureFixture[str]) -> None:
    # Was: 1,000 steps tabulated at 0, 250, 500, 750, 1000: 1, 0.5, 0, 0.5, 1 (in phase with the period).
    assert main(["show", "torch.CosineAnnealingLR", "T_max=100", "--rows", "5"]) == 0
    rows = _table_rows(capsys.readouterr().out)
    assert max(rows) == 120  # T_max, the run, and a fifth more
    assert rows[0] == 1.0 and rows[100] == 0.0  # the peak and the trough are rows
    assert len(rows) <= 6


def test_show_periodic_tail_without_an_end_shows_two_cycles(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "restart(cosine(1.0, 10), growth=2)"]) == 0
    rows = _table_rows(capsys.readouterr().out)
    assert max(rows) == 36 and {0, 9, 10, 29, 30} <= set(rows)  # cycle starts and ends are rows


def test_show_epochs_of_a_preset(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(["show", "torch.OneCycleLR", "max_lr=0.01", "epochs=200", "steps_per_epoch=128", "--rows", "8"])
        == 0
    )
    out = capsys.readouterr().out
    assert "  run: 25,600 steps = 200 epochs x 128 steps per epoch (the run it was made for)" in out
    assert "(goes on)" not in out  # the cosine piece is cut by the constant tail: it does not go on
    assert "  step   epoch        value" in out
    assert "\n25,600     200   4.0077e-08" in out and "\n30,720     240   4.0000e-08" in out
    assert "\n 7,679   59.99   1.0000e-02" in out  # the peak, a row of its own


def test_show_epoch_column_by_hand(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "cosine(1.0, 1000)", "--steps-per-epoch", "250", "--rows", "5"]) == 0
    out = capsys.readouterr().out
    assert "\n step  epoch        value\n" in out and "\n1,000      4   0.0000e+00" in out


def test_compare_unquoted_presets_are_two_schedules(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("matplotlib")
    path = tmp_path / "c.png"
    argv = ["compare", "torch.StepLR", "step_size=30", "torch.ExponentialLR", "gamma=0.9", "-o", str(path)]
    assert main(argv) == 0
    assert capsys.readouterr().out == f"{path} written (2 schedules)\n"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        pytest.param(
            ["show", "a", "b"],
            "show takes one schedule, got 2: 'a' 'b'. Quote a spec that has spaces as one word "
            '(lr-curves show "warmup(cosine(1.0, 100), 10)"); to draw several, use lr-curves compare',
            id="two-words",
        ),
        pytest.param(
            ["show", "torch.OneCycleLR", "max_lr=0.01,", "total_steps=100"],
            "torch.OneCycleLR: max_lr=0.01, ends with a comma: separate arguments with spaces, not commas "
            "(max_lr=0.01 other=...)",
            id="trailing-comma",
        ),
        pytest.param(
            ["show", "torch.StepLR"],
            "torch.StepLR needs step_size (give step_size=...)",
            id="missing-argument",
        ),
        pytest.param(
            ["show", "torch.StepLr", "step_size=3"],
            "unknown preset torch.StepLr. Did you mean 'StepLR'? lr_curves.presets.torch has: ChainedScheduler, "
            "ConstantLR, CosineAnnealingLR, CosineAnnealingWarmRestarts, CyclicLR, CyclicLR_momentum, "
            "ExponentialLR, LambdaLR, LinearLR, MultiStepLR, MultiplicativeLR, OneCycleLR, OneCycleLR_momentum, "
            "PolynomialLR, ReduceLROnPlateau, ReduceLROnPlateauState, SequentialLR, StepLR",
            id="near-miss-preset",
        ),
        pytest.param(  # ** is a power node now (issue 13): // stays refused, in words
            ["show", "cosine(1.0,100) // 2"],
            "'//' (floor division) is not allowed in 'cosine(1.0,100) // 2' at column 1. Hint: write calls "
            "of lr_curves schedules such as warmup(cosine(1.0, 100), 10), their methods (.warmup(10)), "
            "presets (torch.StepLR(step_size=30)), numbers and + - * / **.",
            id="floor-division",
        ),
        pytest.param(
            ["show", "cosine(1.0, 10)", "--every", "3"],
            "--every applies to --csv (every K-th step written): add --csv PATH; the table's rows are "
            "chosen with --rows",
            id="every-without-csv",
        ),
        pytest.param(
            ["show", "cosine(1.0, 10)", "--csv", "/no/such/folder/x.csv"],
            "--csv /no/such/folder/x.csv: the folder /no/such/folder does not exist (create it first)",
            id="csv-missing-folder",
        ),
    ],
)
def test_messages_a_person_reads(argv: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err == f"lr-curves {argv[0]}: error: {message}\n"


def test_a_file_spec_takes_no_arguments(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "s.json").write_text(json.dumps(WARM_COS.to_dict()))
    assert main(["show", str(tmp_path / "s.json"), "extra=1"]) == 2
    err = capsys.readouterr().err
    assert (
        err
        == f"lr-curves show: error: {tmp_path / 's.json'} is a file: a file spec takes no key=value arguments, got 'extra=1'\n"
    )


def test_csv_onto_a_folder(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "cosine(1.0, 10)", "--csv", str(tmp_path)]) == 2
    assert capsys.readouterr().err == (
        f"lr-curves show: error: --csv {tmp_path} is a folder; give a file name, such as {tmp_path / 'lr'}\n"
    )


# ---------------------------------------------------------------------------------------- issue 16 item 6
@pytest.mark.parametrize(
    ("argv", "message"),
    [
        pytest.param(
            ["show", "cosine(1.0, 10)", "--steps", "1e19"],
            "must be at most 10**18 (1e18), got 1e19",
            id="steps-1e19",
        ),
        pytest.param(
            ["show", "cosine(1.0, 10)", "--rows", "100000000"],
            "must be at most 1,000, got 100,000,000",
            id="rows",
        ),
        pytest.param(
            ["show", "cosine(1.0, 10)", "--steps", "2.5"],
            "must be a whole number, got '2.5'",
            id="steps-fraction",
        ),
    ],
)
def test_bounded_options(argv: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2
    assert message in capsys.readouterr().err


def test_steps_in_scientific_notation(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "cosine(1.0, 10)", "--steps", "1e3", "--rows", "3"]) == 0
    assert max(_table_rows(capsys.readouterr().out)) == 1_000


def test_deep_json_is_one_line(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "deep.json"
    path.write_text('{"a": ' * 100_000 + "1" + "}" * 100_000)
    assert main(["show", str(path)]) == 2
    assert capsys.readouterr().err == f"lr-curves show: error: {path}: not valid JSON: nested too deeply\n"


def test_a_huge_file_is_refused_before_it_is_read(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "big.txt"
    with open(path, "wb") as fh:  # a sparse 1 GB file: nothing is written to disk
        fh.truncate(2**30)
    assert main(["show", str(path)]) == 2
    assert (
        capsys.readouterr().err
        == f"lr-curves show: error: {path} is 1,024 MB; a schedule file is at most 64 MB\n"
    )


def test_huge_values_plot(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("matplotlib")
    # Was: "arange: cannot compute length" (matplotlib's tick arithmetic overflowed).
    assert main(["plot", "constant(1e308)", "-o", str(tmp_path / "c.png")]) == 0
    assert (tmp_path / "c.png").read_bytes().startswith(b"\x89PNG")


def test_no_traceback_for_an_overflow(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import lr_curves.analysis as analysis

    def overflow(schedule: object) -> str:
        raise OverflowError("(34, 'Numerical result out of range')")

    monkeypatch.setattr(analysis, "describe", overflow)
    assert main(["show", "cosine(1.0, 10)"]) == 2
    assert capsys.readouterr().err == (
        "lr-curves show: error: a number in this schedule overflows a float64 (OverflowError: (34, "
        "'Numerical result out of range')); use smaller values\n"
    )


def test_no_traceback_for_a_bug(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import lr_curves.analysis as analysis

    def broken(schedule: object) -> str:
        raise KeyError("x")

    monkeypatch.setattr(analysis, "describe", broken)
    assert main(["show", "cosine(1.0, 10)"]) == 1
    err = capsys.readouterr().err
    assert (
        err.startswith("lr-curves show: internal error (a bug in lr_curves, please report it")
        and err.count("\n") == 1
    )


@pytest.mark.parametrize(
    "spec",
    [
        pytest.param("multistep(1.0, 1e200, [1, 2])", id="multistep-overflow"),
        pytest.param(
            "warmup(restart(cosine(1.0, 10), growth=1e300, limit=5), 5)", id="restart-length-overflow"
        ),
        pytest.param("linear(-1e308, 1e308, 10)", id="linear-span-overflow"),
    ],
)
def test_overflow_specs_in_a_subprocess(tmp_path: pathlib.Path, spec: str) -> None:
    # Whatever the core answers for these (a value or a clear error), the CLI prints no traceback.
    out = subprocess.run(
        [sys.executable, "-m", "lr_curves", "plot", spec, "-o", str(tmp_path / "x.png")],
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert "Traceback" not in out.stderr and out.returncode in (0, 2), out.stderr


def test_show_marks_the_boundaries_of_seed_000(capsys: pytest.CaptureFixture[str]) -> None:
    spec = (
        "torch.SequentialLR(schedulers=[torch.LinearLR(0.01, 1.0, 100, base_lr=0.1), "
        "torch.CosineAnnealingLR(400, base_lr=0.1)], milestones=[100])"
    )
    assert main(["show", spec]) == 0
    rows = {line.split()[0]: line for line in capsys.readouterr().out.splitlines() if "<-" in line}
    assert rows["100"].endswith("<- warmup end") and rows["500"].endswith("<- end")
    assert set(rows) == {"100", "500"}
