"""The ``lr-curves`` command line.

``python -m lr_curves demo`` composes a warmup + cosine schedule and prints it as a table.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from lr_curves._base import Schedule

__all__ = ["main", "table"]


def table(schedule: Schedule, steps: Sequence[int], width: int = 40) -> str:
    """A readable text table of ``schedule`` at ``steps``, with a bar per row."""
    values = [schedule(s) for s in steps]
    top = max((abs(v) for v in values), default=0.0) or 1.0
    w_step = max(len("step"), *(len(f"{s:,}") for s in steps))
    lines = [f"{'step':>{w_step}}  {'value':>11}", f"{'-' * w_step}  {'-' * 11}"]
    for s, v in zip(steps, values, strict=True):
        bar = "#" * round(width * abs(v) / top)
        lines.append(f"{s:>{w_step},}  {v:>11.4e}  {bar}")
    return "\n".join(lines)


def _demo() -> int:
    import lr_curves as lrc

    lr = lrc.warmup(lrc.cosine(3e-4, 9_000, floor=3e-5), 1_000)
    print("A 10,000-step run: 1,000 steps of linear warmup, then cosine decay to 10% of the peak.\n")
    print(f"  lr = {lr!r}\n")
    steps = [0, 250, 500, 750, 1_000, 2_000, 3_000, 4_000, 5_000, 6_000, 7_000, 8_000, 9_000, 10_000, 20_000]
    print(table(lr, steps))
    print("\nPast its end (step 10,000) the schedule holds its final value.")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``python -m lr_curves`` and the ``lr-curves`` console script."""
    parser = argparse.ArgumentParser(prog="lr-curves", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("demo", help="print a warmup + cosine schedule as a table")
    args = parser.parse_args(argv)
    if args.command == "demo":
        return _demo()
    return 2  # pragma: no cover - argparse rejects unknown commands
