"""The ``lr-curves`` command line (also ``python -m lr_curves``).

Commands:

- ``demo``: a warmup + cosine schedule printed as a table (and drawn with ``--plot PATH``).
- ``show SPEC``: the schedule's description and a table of values (``--csv PATH`` writes them).
- ``plot SPEC -o PATH``: the curve as a PNG or SVG.
- ``show --config FILE`` / ``plot --config FILE -o PATH``: the schedule a training stack's config
  file trains on (a DeepSpeed JSON, transformers ``TrainingArguments`` JSON, a NeMo YAML; see
  :mod:`lr_curves.configs`).
- ``compare SPEC SPEC ... -o PATH``: several schedules in one picture (``--grid``: one panel each).

A SPEC is one of:

- the ``repr`` text of a schedule: ``"warmup(cosine(3e-4, 9000), 1000)"`` (parsed by
  :func:`lr_curves.parse`, never ``eval``);
- a JSON file written from :meth:`Schedule.to_dict` (``schedule.json``), or a text file
  holding a ``repr``;
- a preset, ``PEER.NAME key=value ...``: ``torch.OneCycleLR max_lr=0.01 epochs=200
  steps_per_epoch=128`` calls ``lr_curves.presets.torch.OneCycleLR(max_lr=0.01, ...)``. Values
  are Python literals (``0.01``, ``[30, 60]``, ``'cos'``); a bare word is a string
  (``anneal_strategy=linear``). The call syntax works too:
  ``torch.OneCycleLR(max_lr=0.01, total_steps=1000)`` (keywords and literals only).

A spec that cannot be read prints one line saying why and exits with status 2 (never a
traceback). Unquoted preset words group as meant: ``compare torch.StepLR step_size=30
torch.ExponentialLR gamma=0.9`` is two schedules. ``--every`` applies to ``--csv`` only (an
error without it: the table's rows are chosen with ``--rows``).

Default range: through the schedule's nominal end (a preset's total steps, a composition's last
boundary, two cycles of a periodic or restarting tail) plus a fifth. The table's rows are the
curve's own boundaries, turning points and end first, then a round grid. A preset that knows
its epochs (``torch.OneCycleLR ... epochs=200 steps_per_epoch=128``) gets an epoch column and
an epoch axis without ``--steps-per-epoch``.
"""

from __future__ import annotations

import argparse
import ast
import json
import math
import os
import re
import sys
from collections.abc import Sequence
from typing import Any

from lr_curves._base import Schedule

__all__ = ["SpecError", "main", "resolve", "table"]

_PRESET = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_]*)\s*(.*?)\s*$", re.S)
_ARG = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)=(.*)$", re.S)
_PRESET_WORD = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*\.[A-Za-z_][A-Za-z0-9_]*$")
_WORD = re.compile(r"^[A-Za-z_][A-Za-z0-9_.\-]*$")


class SpecError(ValueError):
    """A schedule spec that cannot be read; the message is one line naming what is wrong."""


def table(
    schedule: Schedule,
    steps: Sequence[int],
    width: int = 40,
    *,
    steps_per_epoch: float | None = None,
    marks: dict[int, str] | None = None,
) -> str:
    """A readable text table of ``schedule`` at ``steps``, with a bar per row.

    With ``steps_per_epoch``, an ``epoch`` column (``step / steps_per_epoch``) after the step;
    with ``marks`` (``{step: kind}``), the kind of boundary at that row (``<- warmup end``).
    """
    values = [schedule(s) for s in steps]
    top = max((abs(v) for v in values if math.isfinite(v)), default=0.0) or 1.0
    w_step = max(len("step"), *(len(f"{s:,}") for s in steps))
    epochs = [_epoch(s, steps_per_epoch) for s in steps] if steps_per_epoch else None
    w_ep = max(len("epoch"), *(len(e) for e in epochs)) if epochs else 0
    head = f"{'step':>{w_step}}" + (f"  {'epoch':>{w_ep}}" if epochs else "")
    rule = "-" * w_step + (f"  {'-' * w_ep}" if epochs else "")
    lines = [f"{head}  {'value':>11}", f"{rule}  {'-' * 11}"]
    for i, (s, v) in enumerate(zip(steps, values, strict=True)):
        bar = "#" * round(width * abs(v) / top) if math.isfinite(v) else ""
        ep = f"  {epochs[i]:>{w_ep}}" if epochs else ""
        note = f"{' ' * (width - len(bar))}  <- {marks[s]}" if marks and s in marks else ""
        lines.append(f"{s:>{w_step},}{ep}  {v:>11.4e}  {bar}{note}".rstrip())
    return "\n".join(lines)


def _epoch(step: int, k: float | None) -> str:
    if not k:
        return ""
    e = step / k
    return f"{e:,.0f}" if e == int(e) else f"{e:,.2f}"


# ---------------------------------------------------------------------------------------- specs
def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def _split_args(text: str) -> list[str]:
    """``key=value`` words; brackets and quotes keep a value whole (``at=[1, 2]`` is one)."""
    out: list[str] = []
    buf: list[str] = []
    depth = 0
    quote = ""
    for ch in text:
        if quote:
            buf.append(ch)
            if ch == quote:
                quote = ""
        elif ch in "'\"":
            quote = ch
            buf.append(ch)
        elif ch in "([{":
            depth += 1
            buf.append(ch)
        elif ch in ")]}":
            depth -= 1
            buf.append(ch)
        elif ch.isspace() and depth <= 0:
            if buf:
                out.append("".join(buf))
                buf = []
        else:
            buf.append(ch)
    if quote or depth:
        raise SpecError(f"unbalanced quotes or brackets in preset arguments {text!r}")
    if buf:
        out.append("".join(buf))
    return out


def _literal(name: str, key: str, text: str) -> Any:
    if text.endswith(",") and not text.startswith(("[", "(")):
        raise SpecError(
            f"{name}: {key}={text} ends with a comma: separate arguments with spaces, not commas "
            f"({key}={text.rstrip(',')} other=...)"
        )
    if text == "":
        raise SpecError(f"{name}: {key}= has no value: write {key}=VALUE with no space after '='")
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        if _WORD.match(text) and text not in ("True", "False", "None"):
            return text  # a bare word: a string, such as anneal_strategy=linear
        raise SpecError(
            f"{name}: the value of {key} is not a number, a list or a word: {text!r}. Hint: quote "
            "the whole spec for the shell, e.g. 'torch.MultiStepLR milestones=[30, 60]'"
        ) from None


def preset(peer: str, name: str, args: Sequence[str] = ()) -> Schedule:
    """Build ``lr_curves.presets.<peer>.<name>(**kwargs)`` from ``key=value`` words.

    Raises:
        SpecError: unknown peer or name, a malformed argument, or arguments the preset refuses.
    """
    from lr_curves._spec import PresetError, call_preset

    full = f"{peer}.{name}"
    kwargs: dict[str, Any] = {}
    for word in args:
        m = _ARG.match(word)
        if m is None:
            hint = (
                " (a comma? separate arguments with spaces)"
                if word.strip() == ","
                else f" (did you mean {word}=VALUE?)"
                if _WORD.match(word)
                else ""
            )
            raise SpecError(f"{full}: arguments must be key=value, got {word!r}{hint}")
        key = m.group(1)
        if key in kwargs:
            raise SpecError(f"{full}: {key} is given twice")
        kwargs[key] = _literal(full, key, m.group(2))
    try:
        result = call_preset(peer, name, (), kwargs)
    except PresetError as exc:
        raise SpecError(_one_line(exc)) from None
    except (TypeError, ValueError) as exc:
        raise SpecError(f"{full}: {_one_line(exc)}") from None
    if not isinstance(result, Schedule):
        raise SpecError(
            f"{full} returns a {type(result).__name__} object, not a schedule (a metric-driven "
            "preset has no curve to show)"
        )
    return result


#: The largest spec file read (a JSON document of a 10**6-point schedule is about 40 MB).
MAX_FILE_BYTES = 64 * 2**20


def _read_file(path: str) -> str:
    """The text of a spec file, refusing one larger than :data:`MAX_FILE_BYTES` before reading it."""
    try:
        size = os.path.getsize(path)
        if size > MAX_FILE_BYTES:
            raise SpecError(
                f"{path} is {size / 2**20:,.0f} MB; a schedule file is at most {MAX_FILE_BYTES // 2**20} MB"
            )
        with open(path, encoding="utf-8") as fh:
            return fh.read(MAX_FILE_BYTES + 1)
    except (OSError, UnicodeDecodeError) as exc:
        raise SpecError(f"cannot read {path}: {_one_line(exc)}") from None


def _from_file(path: str) -> Schedule:
    from lr_curves._serial import from_dict, parse

    content = _read_file(path)
    if content.lstrip().startswith("{"):
        try:
            data = json.loads(content)
        except json.JSONDecodeError as exc:
            raise SpecError(f"{path}: not valid JSON: {_one_line(exc)}") from None
        except RecursionError:
            raise SpecError(f"{path}: not valid JSON: nested too deeply") from None
        try:
            return from_dict(data)
        except (TypeError, ValueError) as exc:
            raise SpecError(f"{path}: {_one_line(exc)}") from None
    try:
        return parse(content)
    except (TypeError, ValueError) as exc:
        raise SpecError(f"{path}: {_parse_message(exc)}") from None


def _parse_message(exc: BaseException) -> str:
    text = _one_line(exc)
    return text[len("parse(): ") :] if text.startswith("parse(): ") else text


def resolve(spec: str) -> Schedule:
    """A schedule from a spec: repr text, a JSON (or repr text) file, or ``PEER.NAME key=value``.

    Raises:
        SpecError: with one line saying what is wrong.

    Examples:
        >>> resolve("warmup(cosine(1.0, 100), 10)")
        warmup(cosine(1.0, 100), 10)
        >>> resolve("cosine(1.0, 100).warmup(10)")
        warmup(cosine(1.0, 100), 10)
    """
    from lr_curves._serial import parse

    text = spec.strip()
    if not text:
        raise SpecError("empty schedule spec")
    first, _, rest = text.partition(" ")
    if "(" not in first and (os.path.isfile(first) or first.endswith((".json", ".txt"))):
        if rest.strip():
            raise SpecError(
                f"{first} is a file: a file spec takes no key=value arguments, got {rest.strip()!r}"
            )
        if not os.path.isfile(first):
            raise SpecError(f"no such file: {first}")
        return _from_file(first)
    m = _PRESET.match(text)
    if m is not None and "(" not in m.group(2) and not text.startswith(("lr_curves.", "lrc.")):
        rest = m.group(3)
        if not rest.startswith("("):
            return preset(m.group(1), m.group(2), _split_args(rest))
    try:
        return parse(text)
    except (TypeError, ValueError) as exc:
        raise SpecError(_parse_message(exc)) from None


def _depth(text: str) -> int:
    return sum(text.count(c) for c in "([{") - sum(text.count(c) for c in ")]}")


def _group_specs(words: Sequence[str]) -> list[str]:
    """Specs from command-line words: unquoted ``key=value`` words join the preset before them.

    ``compare torch.StepLR step_size=30 torch.ExponentialLR gamma=0.9`` (unquoted) is two
    schedules, as meant; so is a list split by the shell (``milestones=[30, 60]``).
    """
    out: list[str] = []
    for w in words:
        joins = bool(out) and _PRESET_WORD.match(out[-1].split(" ", 1)[0]) is not None
        if joins and (_ARG.match(w.strip()) or _depth(out[-1]) > 0):
            out[-1] = f"{out[-1]} {w}"
        else:
            out.append(w)
    return out


def _one_spec(command: str, words: Sequence[str]) -> Schedule:
    """The one schedule of ``show``/``plot``, from its words (a preset's key=value words join it)."""
    first = words[0].strip() if words else ""
    if os.path.isfile(first) or first.endswith((".json", ".txt")):
        return resolve(" ".join(words))  # a file, and whatever follows it (refused there)
    specs = _group_specs(words)
    if len(specs) > 1:
        try:  # words the shell split inside one repr: "warmup(cosine(1.0," "100), 10)"
            return resolve(" ".join(words))
        except SpecError:
            pass
        shown = " ".join(repr(w) for w in specs[:3]) + (" ..." if len(specs) > 3 else "")
        raise SpecError(
            f"{command} takes one schedule, got {len(specs)}: {shown}. Quote a spec that has "
            f'spaces as one word (lr-curves {command} "warmup(cosine(1.0, 100), 10)"); to draw '
            "several, use lr-curves compare"
        )
    return resolve(specs[0])


# ---------------------------------------------------------------------------------------- commands
def _sample_steps(schedule: Schedule, stop: int, rows: int) -> list[int]:
    """The table's steps in ``[0, stop]``: the curve's own places first, then a round grid.

    The boundaries, the turning points (extrema of the pieces, both sides of each jump) and the
    end come first, so a periodic curve is not tabulated in phase with its period (a grid of
    0, 250, 500 ... on a wave of period 500 would show one value again and again); round,
    evenly spaced steps fill the remaining rows.
    """
    from lr_curves._view import critical_steps

    own = set(critical_steps(schedule, 0, stop, limit=rows)) | {0, stop}
    own = set(sorted(own)[: max(rows, 2) - 1]) | {stop}
    raw = stop / max(rows - 1, 1)
    mag = 10.0 ** math.floor(math.log10(raw)) if raw > 0 else 1.0
    spacing = max(int(next(k * mag for k in (1, 2, 2.5, 5, 10) if k * mag >= raw)), 1)
    even = [k for k in range(0, stop + 1, spacing) if k not in own]
    left = max(rows - len(own), 0)
    if len(even) > left:  # spread the grid rows that fit over the whole range
        even = [even[round(i * (len(even) - 1) / max(left - 1, 1))] for i in range(left)] if left else []
    return sorted(own | set(even))


def _marks(schedule: Schedule, stop: int) -> dict[int, str]:
    """``{step: kind}`` of the boundaries up to ``stop``, at the first step of each new piece."""
    from lr_curves.plot import labelled

    out: dict[int, str] = {}
    for b, kind in labelled(schedule, stop):
        out.setdefault(math.ceil(b), kind)
    return out


def _stop(schedule: Schedule, steps: int | None) -> int:
    from lr_curves.plot import default_stop

    return steps if steps is not None else default_stop(schedule)


def _steps_per_epoch(schedules: Sequence[Schedule], given: float | None) -> float | None:
    """``--steps-per-epoch``, else what the schedules' notes agree on (a preset built from epochs)."""
    from lr_curves._notes import notes

    if given is not None:
        return given
    known = {notes(s).steps_per_epoch for s in schedules} - {None}
    return known.pop() if len(known) == 1 else None


def _check_output(path: str, flag: str) -> None:
    """A file we can create: not a folder, in a folder that exists (said before any work)."""
    if os.path.isdir(path):
        raise SpecError(f"{flag} {path} is a folder; give a file name, such as {os.path.join(path, 'lr')}")
    folder = os.path.dirname(path)
    if folder and not os.path.isdir(folder):
        raise SpecError(f"{flag} {path}: the folder {folder} does not exist (create it first)")


def _demo(plot_path: str | None) -> int:
    import lr_curves as lrc

    lr = lrc.warmup(lrc.cosine(3e-4, 9_000, floor=3e-5), 1_000)
    print("A 10,000-step run: 1,000 steps of linear warmup, then cosine decay to 10% of the peak.\n")
    print(f"  lr = {lr!r}\n")
    steps = [0, 250, 500, 750, 1_000, 2_000, 3_000, 4_000, 5_000, 6_000, 7_000, 8_000, 9_000, 10_000, 20_000]
    print(table(lr, steps))
    print("\nPast its end (step 10,000) the schedule holds its final value.")
    if plot_path is not None:
        try:
            _save_plot(
                {"warmup + cosine": lr},
                plot_path,
                steps=10_000,
                steps_per_epoch=None,
                log=False,
                title=f"lr = {lr!r}",
            )
        except ImportError as exc:
            print(f"\nNo plot: {_one_line(exc)}")
        else:
            print(f"\nPlot written to {plot_path}")
    return 0


def _from_args(args: argparse.Namespace) -> Schedule:
    """The schedule of ``show``/``plot``: the spec words, or ``--config FILE``."""
    if args.config is None:
        if not args.spec:
            raise SpecError("give a schedule spec, or --config FILE")
        return _one_spec(args.command, args.spec)
    if args.spec:
        raise SpecError("give a schedule spec or --config FILE, not both")
    from lr_curves.configs import ConfigError, read_config

    try:
        return read_config(args.config, args.format, args.training_steps)
    except ConfigError as exc:
        raise SpecError(str(exc)) from None


def _show(args: argparse.Namespace) -> int:
    from lr_curves.analysis import SCAN_LIMIT, budget, describe, to_csv

    if args.every is not None and args.csv is None:
        raise SpecError(
            "--every applies to --csv (every K-th step written): add --csv PATH; the table's rows "
            "are chosen with --rows"
        )
    if args.csv is not None:
        _check_output(args.csv, "--csv")
    schedule = _from_args(args)
    stop = _stop(schedule, args.steps)
    every = args.every or 1
    if args.csv is not None and stop // every + 1 > SCAN_LIMIT:
        raise SpecError(
            f"--csv would write {stop // every + 1:,} rows (at most {SCAN_LIMIT:,}); use --every or --steps"
        )
    print(describe(schedule))
    if stop <= SCAN_LIMIT:
        print(f"  budget (sum of values over steps 0-{stop - 1:,}): {budget(schedule, stop):.6g}\n")
    else:
        print(f"  budget: not computed for more than {SCAN_LIMIT:,} steps (see lr_curves.analysis.budget)\n")
    k = _steps_per_epoch([schedule], args.steps_per_epoch)
    print(
        table(
            schedule,
            _sample_steps(schedule, stop, args.rows),
            steps_per_epoch=k,
            marks=_marks(schedule, stop),
        )
    )
    if args.csv is not None:
        try:
            to_csv(schedule, range(0, stop + 1, every), args.csv)
        except OSError as exc:
            raise SpecError(f"cannot write {args.csv}: {_one_line(exc)}") from None
        print(f"\nValues at steps 0-{stop:,} (every {every}) written to {args.csv}")
    return 0


def _save_plot(
    schedules: dict[str, Schedule],
    path: str,
    *,
    steps: int | None,
    steps_per_epoch: float | None,
    log: bool,
    title: str | None = None,
    as_grid: bool = False,
) -> None:
    from lr_curves.plot import grid, plot

    ext = os.path.splitext(path)[1].lower()
    if ext not in (".png", ".svg"):
        raise SpecError(f"the output must end in .png or .svg, got {path!r}")
    _check_output(path, "--output")
    steps_per_epoch = _steps_per_epoch(list(schedules.values()), steps_per_epoch)
    if as_grid:
        fig = grid(schedules, steps, log=log, steps_per_epoch=steps_per_epoch, title=title)
    else:
        ax = plot(
            schedules,
            steps,
            log=log,
            steps_per_epoch=steps_per_epoch,
            title=title,
            legend=len(schedules) > 1,
        )
        fig = ax.figure  # type: ignore[assignment]
    try:
        fig.savefig(path, dpi=120)
    except OSError as exc:
        raise SpecError(f"cannot write {path}: {_one_line(exc)}") from None


def _short(spec: str, width: int = 50) -> str:
    text = " ".join(spec.split())
    return text if len(text) <= width else text[: width - 3] + "..."


def _plot(args: argparse.Namespace) -> int:
    spec = " ".join(args.spec) if args.config is None else os.path.basename(args.config)
    schedule = _from_args(args)
    title = args.title if args.title is not None else _short(spec, 70)
    _save_plot(
        {title: schedule},
        args.output,
        steps=args.steps,
        steps_per_epoch=args.steps_per_epoch,
        log=args.log,
        title=title,
    )
    print(f"{args.output} written")
    return 0


def _compare(args: argparse.Namespace) -> int:
    specs = _group_specs(args.specs)
    labels = list(args.label or [])
    if len(labels) > len(specs):
        raise SpecError(f"{len(labels)} labels for {len(specs)} schedules")
    schedules: dict[str, Schedule] = {}
    for i, spec in enumerate(specs):
        label = labels[i] if i < len(labels) else _short(spec)
        if label in schedules:
            label = f"{label} ({i + 1})"
        schedules[label] = resolve(spec)
    _save_plot(
        schedules,
        args.output,
        steps=args.steps,
        steps_per_epoch=args.steps_per_epoch,
        log=args.log,
        title=args.title,
        as_grid=args.grid,
    )
    print(f"{args.output} written ({len(schedules)} schedules)")
    return 0


#: The largest ``--steps`` (beyond it int64 step grids overflow; 10**18 steps is far past any run).
MAX_STEPS = 10**18

#: The most ``--rows`` in a table (every step: ``--csv``).
MAX_ROWS = 1000


def _whole(text: str) -> int:
    """``1000``, ``1_000``, ``1,000`` or ``1e6`` (an exact whole number)."""
    clean = text.strip().replace("_", "").replace(",", "")
    try:
        return int(clean)
    except ValueError:
        pass
    try:
        value = float(clean)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, got {text!r}") from None
    if not (math.isfinite(value) and value.is_integer()):
        raise argparse.ArgumentTypeError(f"must be a whole number, got {text!r}")
    return int(value)


def _positive_int(text: str) -> int:
    value = _whole(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be positive, got {value}")
    return value


def _steps_arg(text: str) -> int:
    value = _positive_int(text)
    if value > MAX_STEPS:
        raise argparse.ArgumentTypeError(f"must be at most 10**18 (1e18), got {text}")
    return value


def _rows_arg(text: str) -> int:
    value = _positive_int(text)
    if value > MAX_ROWS:
        raise argparse.ArgumentTypeError(
            f"must be at most {MAX_ROWS:,}, got {value:,} (for the value at every step, use --csv PATH)"
        )
    return value


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a number, got {text!r}") from None
    if not (value > 0 and math.isfinite(value)):
        raise argparse.ArgumentTypeError(f"must be a positive number, got {text}")
    return value


SPEC_HELP = (
    'a schedule: repr text such as "warmup(cosine(3e-4, 9000), 1000)", a JSON file from '
    "to_dict(), or a preset such as torch.OneCycleLR max_lr=0.01 epochs=200 steps_per_epoch=128"
)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="lr-curves",
        description="Look at learning-rate schedules: describe, tabulate, plot and compare them.",
        epilog=(
            "Schedules are given as repr text (parsed safely, never eval'd), a JSON file from "
            "Schedule.to_dict(), or a preset PEER.NAME key=value ... (lr_curves.presets.PEER.NAME). "
            "Plots need matplotlib: pip install 'lr-curves[plot]'. "
            "Example: lr-curves show torch.OneCycleLR max_lr=0.01 epochs=200 steps_per_epoch=128"
        ),
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    demo = sub.add_parser(
        "demo",
        help="print a warmup + cosine schedule as a table (and plot it with --plot)",
        description="A 10,000-step warmup + cosine schedule, printed as a table.",
    )
    demo.add_argument("--plot", metavar="PATH", help="also draw the curve to PATH (.png or .svg)")

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--steps",
            type=_steps_arg,
            metavar="N",
            help=(
                "last step shown, up to 1e18 (default: the schedule's nominal end - a preset's total "
                "steps, a composition's last boundary, two cycles of a periodic tail - plus a fifth)"
            ),
        )
        p.add_argument(
            "--steps-per-epoch",
            type=_positive_float,
            metavar="K",
            help=(
                "epoch = step / K: an epoch column in tables, an epoch axis on plots (default: the "
                "preset's own, e.g. OneCycleLR epochs=200 steps_per_epoch=128)"
            ),
        )

    def config_options(p: argparse.ArgumentParser) -> None:
        from lr_curves.configs import FORMATS

        p.add_argument(
            "--config",
            metavar="FILE",
            help="instead of a spec: a training config file (DeepSpeed JSON, transformers "
            "TrainingArguments JSON, NeMo YAML), the schedule it trains on",
        )
        p.add_argument(
            "--format",
            choices=sorted(FORMATS),
            help="the --config file's format (default: recognised from its keys)",
        )
        p.add_argument(
            "--training-steps",
            type=_positive_int,
            metavar="N",
            help="with --config: the run's length when the file does not say it",
        )

    show = sub.add_parser(
        "show",
        help="describe a schedule and print a table of its values",
        description="Describe a schedule (pieces, boundaries, values, budget) and print a table.",
    )
    show.add_argument("spec", nargs="*", help=SPEC_HELP)
    common(show)
    config_options(show)
    show.add_argument(
        "--rows",
        type=_rows_arg,
        default=12,
        metavar="N",
        help="about N table rows, at most 1,000 (default 12): boundaries, turning points and the end first",
    )
    show.add_argument("--csv", metavar="PATH", help="write step,value for every step 0..N to PATH")
    show.add_argument(
        "--every",
        type=_positive_int,
        metavar="K",
        help="with --csv only: write every K-th step (an error without --csv)",
    )

    def drawing(p: argparse.ArgumentParser) -> None:
        common(p)
        p.add_argument(
            "-o", "--output", required=True, metavar="PATH", help="the picture: a .png or .svg file"
        )
        p.add_argument("--log", action="store_true", help="logarithmic value axis")
        p.add_argument("--title", help="the picture's title")

    plot = sub.add_parser(
        "plot",
        help="draw a schedule to a PNG or SVG file",
        description="Draw a schedule, with dotted markers at its boundaries, to a PNG or SVG file.",
    )
    plot.add_argument("spec", nargs="*", help=SPEC_HELP)
    drawing(plot)
    config_options(plot)

    compare = sub.add_parser(
        "compare",
        help="draw several schedules in one picture",
        description="Draw several schedules on one axes (or one panel each with --grid). Quote each spec.",
    )
    compare.add_argument(
        "specs", nargs="+", metavar="spec", help="one quoted spec per schedule; " + SPEC_HELP
    )
    drawing(compare)
    compare.add_argument(
        "--label", action="append", metavar="TEXT", help="legend label, once per spec, in order"
    )
    compare.add_argument("--grid", action="store_true", help="one small panel per schedule")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``python -m lr_curves`` and the ``lr-curves`` console script."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return _run(args)
    except SpecError as exc:
        print(f"lr-curves {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except (ImportError, TypeError, ValueError) as exc:
        print(f"lr-curves {args.command}: error: {_one_line(exc)}", file=sys.stderr)
        return 2
    except (ArithmeticError, OverflowError) as exc:
        print(
            f"lr-curves {args.command}: error: a number in this schedule overflows a float64 "
            f"({type(exc).__name__}: {_one_line(exc)}); use smaller values",
            file=sys.stderr,
        )
        return 2
    except BrokenPipeError:  # the reader went away (`lr-curves show ... | head`): not an error
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # no second error when Python flushes stdout
        return 0
    except (MemoryError, RecursionError) as exc:
        print(
            f"lr-curves {args.command}: error: the input is too large ({type(exc).__name__})", file=sys.stderr
        )
        return 2
    except Exception as exc:  # no traceback for any input: one line, and the exit status of a bug
        print(
            f"lr-curves {args.command}: internal error (a bug in lr_curves, please report it with the "
            f"command): {type(exc).__name__}: {_one_line(exc)}",
            file=sys.stderr,
        )
        return 1


def _run(args: argparse.Namespace) -> int:
    if args.command == "demo":
        return _demo(args.plot)
    if args.command == "show":
        return _show(args)
    if args.command == "plot":
        return _plot(args)
    return _compare(args)
