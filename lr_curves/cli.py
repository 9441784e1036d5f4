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

A spec that cannot be read prints one line saying why and exits with status 2.
"""

from __future__ import annotations

import argparse
import ast
import importlib
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
_WORD = re.compile(r"^[A-Za-z_][A-Za-z0-9_.\-]*$")


class SpecError(ValueError):
    """A schedule spec that cannot be read; the message is one line naming what is wrong."""


def table(schedule: Schedule, steps: Sequence[int], width: int = 40) -> str:
    """A readable text table of ``schedule`` at ``steps``, with a bar per row."""
    values = [schedule(s) for s in steps]
    top = max((abs(v) for v in values), default=0.0) or 1.0
    w_step = max(len("step"), *(len(f"{s:,}") for s in steps))
    lines = [f"{'step':>{w_step}}  {'value':>11}", f"{'-' * w_step}  {'-' * 11}"]
    for s, v in zip(steps, values, strict=True):
        bar = "#" * round(width * abs(v) / top) if math.isfinite(v) else ""
        lines.append(f"{s:>{w_step},}  {v:>11.4e}  {bar}")
    return "\n".join(lines)


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


def _call_args(name: str, text: str) -> list[str]:
    """``key=value`` words from call syntax, ``torch.StepLR(step_size=30, gamma=0.1)``."""
    try:
        node = ast.parse(text, mode="eval").body
    except (SyntaxError, ValueError, RecursionError, MemoryError) as exc:
        raise SpecError(f"{name}: not a valid call: {getattr(exc, 'msg', None) or exc}") from None
    if not isinstance(node, ast.Call):
        raise SpecError(f"{name}: not a call: {text!r}")
    if node.args:
        raise SpecError(f"{name}: give the arguments by keyword (key=value), got a positional one")
    words = []
    for kw in node.keywords:
        if kw.arg is None:
            raise SpecError(f"{name}: **kwargs are not allowed")
        words.append(f"{kw.arg}={ast.get_source_segment(text, kw.value)}")
    return words


def _literal(name: str, key: str, text: str) -> Any:
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        if _WORD.match(text) and text not in ("True", "False", "None"):
            return text  # a bare word: a string, such as anneal_strategy=linear
        raise SpecError(f"{name}: the value of {key} is not a Python literal: {text!r}") from None


def preset(peer: str, name: str, args: Sequence[str] = ()) -> Schedule:
    """Build ``lr_curves.presets.<peer>.<name>(**kwargs)`` from ``key=value`` words.

    Raises:
        SpecError: unknown peer or name, a malformed argument, or arguments the preset refuses.
    """
    full = f"{peer}.{name}"
    kwargs: dict[str, Any] = {}
    for word in args:
        m = _ARG.match(word)
        if m is None:
            raise SpecError(f"{full}: arguments must be key=value, got {word!r}")
        key = m.group(1)
        if key in kwargs:
            raise SpecError(f"{full}: {key} is given twice")
        kwargs[key] = _literal(full, key, m.group(2))
    module_name = f"lr_curves.presets.{peer}"
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name is not None and module_name.startswith(exc.name):
            raise SpecError(f"unknown preset peer {peer!r} (there is no module {module_name})") from None
        raise SpecError(f"{full}: cannot import {module_name}: {_one_line(exc)}") from None
    except ImportError as exc:
        raise SpecError(f"{full}: cannot import {module_name}: {_one_line(exc)}") from None
    public = getattr(module, "__all__", None)
    factory = getattr(module, name, None)
    if (
        name.startswith("_")
        or factory is None
        or not callable(factory)
        or (public is not None and name not in public)
    ):
        known = ", ".join(sorted(public)) if public else "none listed"
        raise SpecError(f"unknown preset {full!r}; {module_name} has: {known}")
    try:
        result = factory(**kwargs)
    except (TypeError, ValueError) as exc:
        raise SpecError(f"{full}: {_one_line(exc)}") from None
    if not isinstance(result, Schedule):
        raise SpecError(
            f"{full} returns a {type(result).__name__} object, not a schedule (a metric-driven "
            "preset has no curve to show)"
        )
    return result


def resolve(spec: str) -> Schedule:
    """A schedule from a spec: repr text, a JSON (or repr text) file, or ``PEER.NAME key=value``.

    Raises:
        SpecError: with one line saying what is wrong.

    Examples:
        >>> resolve("warmup(cosine(1.0, 100), 10)")
        warmup(cosine(1.0, 100), 10)
    """
    from lr_curves._serial import from_dict, parse

    text = spec.strip()
    if not text:
        raise SpecError("empty schedule spec")
    if "(" not in text and os.path.isfile(text):
        try:
            with open(text, encoding="utf-8") as fh:
                content = fh.read()
        except (OSError, UnicodeDecodeError) as exc:
            raise SpecError(f"cannot read {text}: {_one_line(exc)}") from None
        if content.lstrip().startswith("{"):
            try:
                data = json.loads(content)
            except json.JSONDecodeError as exc:
                raise SpecError(f"{text}: not valid JSON: {_one_line(exc)}") from None
            try:
                return from_dict(data)
            except (TypeError, ValueError) as exc:
                raise SpecError(f"{text}: {_one_line(exc)}") from None
        try:
            return parse(content)
        except (TypeError, ValueError) as exc:
            raise SpecError(f"{text}: {_one_line(exc)}") from None
    if text.endswith((".json", ".txt")) and "(" not in text:
        raise SpecError(f"no such file: {text}")
    m = _PRESET.match(text)
    if m is not None and "(" not in m.group(2) and not text.startswith(("lr_curves.", "lrc.")):
        rest = m.group(3)
        if not rest.startswith("("):
            return preset(m.group(1), m.group(2), _split_args(rest))
        return preset(m.group(1), m.group(2), _call_args(f"{m.group(1)}.{m.group(2)}", text))
    try:
        return parse(text)
    except (TypeError, ValueError) as exc:
        raise SpecError(_one_line(exc)) from None


# ---------------------------------------------------------------------------------------- commands
def _sample_steps(schedule: Schedule, stop: int, rows: int) -> list[int]:
    """About ``rows`` round, evenly spaced steps in ``[0, stop]``, plus the boundaries inside it."""
    raw = stop / max(rows - 1, 1)
    mag = 10.0 ** math.floor(math.log10(raw)) if raw > 0 else 1.0
    spacing = max(int(next(k * mag for k in (1, 2, 2.5, 5, 10) if k * mag >= raw)), 1)
    even = set(range(0, stop + 1, spacing)) | {stop}
    bounds = {math.ceil(b) for b in schedule.boundaries()[:rows] if b <= stop}
    return sorted(even | bounds)


def _stop(schedule: Schedule, steps: int | None) -> int:
    from lr_curves.plot import default_stop

    return steps if steps is not None else default_stop(schedule)


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
        return resolve(" ".join(args.spec))
    if args.spec:
        raise SpecError("give a schedule spec or --config FILE, not both")
    from lr_curves.configs import ConfigError, read_config

    try:
        return read_config(args.config, args.format, args.training_steps)
    except ConfigError as exc:
        raise SpecError(str(exc)) from None


def _show(args: argparse.Namespace) -> int:
    from lr_curves.analysis import SCAN_LIMIT, budget, describe, to_csv

    schedule = _from_args(args)
    stop = _stop(schedule, args.steps)
    every = max(args.every, 1)
    if args.csv is not None and stop // every + 1 > SCAN_LIMIT:
        raise SpecError(
            f"--csv would write {stop // every + 1:,} rows (at most {SCAN_LIMIT:,}); use --every or --steps"
        )
    print(describe(schedule))
    if stop <= SCAN_LIMIT:
        print(f"  budget (sum of values over steps 0-{stop - 1:,}): {budget(schedule, stop):.6g}\n")
    else:
        print(f"  budget: not computed for more than {SCAN_LIMIT:,} steps (see lr_curves.analysis.budget)\n")
    print(table(schedule, _sample_steps(schedule, stop, args.rows)))
    if args.csv is not None:
        to_csv(schedule, list(range(0, stop + 1, every)), args.csv)
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
    labels = list(args.label or [])
    if len(labels) > len(args.specs):
        raise SpecError(f"{len(labels)} labels for {len(args.specs)} schedules")
    schedules: dict[str, Schedule] = {}
    for i, spec in enumerate(args.specs):
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


def _positive_int(text: str) -> int:
    try:
        value = int(text.replace("_", "").replace(",", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, got {text!r}") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be positive, got {value}")
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
            type=_positive_int,
            metavar="N",
            help="last step shown (default: the schedule's end, or its fourth boundary)",
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
    show.add_argument("--rows", type=_positive_int, default=12, metavar="N", help="table rows (default 12)")
    show.add_argument("--csv", metavar="PATH", help="write step,value for every step 0..N to PATH")
    show.add_argument(
        "--every", type=_positive_int, default=1, metavar="K", help="with --csv: every K-th step"
    )

    def drawing(p: argparse.ArgumentParser) -> None:
        common(p)
        p.add_argument(
            "-o", "--output", required=True, metavar="PATH", help="the picture: a .png or .svg file"
        )
        p.add_argument("--log", action="store_true", help="logarithmic value axis")
        p.add_argument(
            "--steps-per-epoch",
            type=_positive_float,
            metavar="K",
            help="add an epoch axis on top (epoch = step / K)",
        )
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
        if args.command == "demo":
            return _demo(args.plot)
        if args.command == "show":
            return _show(args)
        if args.command == "plot":
            return _plot(args)
        return _compare(args)
    except SpecError as exc:
        print(f"lr-curves {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except ImportError as exc:
        print(f"lr-curves {args.command}: error: {_one_line(exc)}", file=sys.stderr)
        return 2
    except (TypeError, ValueError) as exc:
        print(f"lr-curves {args.command}: error: {_one_line(exc)}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # the reader went away (`lr-curves show ... | head`): not an error
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # no second error when Python flushes stdout
        return 0
