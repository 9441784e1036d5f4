"""Run the property tests under fresh random hypothesis seeds: ``make fuzz SEEDS=20``.

CI runs hypothesis derandomized (the ``ci`` profile), so its verdict never depends on luck; this
script is the hunt for what a fixed seed cannot find. Each seed is one pytest run of every test
file that has a ``@given`` test (or of the files named on the command line), with the ``fuzz``
profile: the same properties and example counts as ``default`` and ``ci``, seeded by the seed
and without the example database (so a seed reproduces on any machine). For each failing seed
it prints the failing tests and the command that reproduces them; pin each counterexample as an
``@example(...)`` on its test.

Usage::

    python tests/fuzz_seeds.py [--seeds N] [--profile fuzz|thorough] [FILES...]

Exit status: 0 when every seed passed, 1 otherwise.
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def property_files() -> list[str]:
    """Every test file with at least one ``@given`` test, relative to the repository."""
    files = sorted(HERE.glob("test_*.py")) + sorted(HERE.glob("*/test_*.py"))
    return [str(f.relative_to(ROOT)) for f in files if "@given" in f.read_text(encoding="utf-8")]


def falsifying_examples(output: str) -> list[str]:
    """The ``Falsifying example: test(...)`` blocks of a pytest run, without pytest's ``E`` margin."""
    blocks: list[str] = []
    lines = output.splitlines()
    for i, line in enumerate(lines):
        text = line[1:].strip() if line.startswith("E ") else line.strip()
        if not text.startswith("Falsifying"):
            continue
        block = [text]
        for more in lines[i + 1 : i + 40]:
            more_text = more[1:] if more.startswith("E ") else more
            block.append(more_text.rstrip())
            if more_text.strip() == ")":
                break
        blocks.append("\n".join(block))
    return blocks


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", help="test files (default: every file with @given tests)")
    parser.add_argument("--seeds", type=int, default=20, help="how many random seeds (default 20)")
    parser.add_argument(
        "--profile",
        default="fuzz",
        choices=["fuzz", "thorough"],
        help="fuzz: the default example counts; thorough: ten times as many",
    )
    args = parser.parse_args(argv)
    if args.seeds < 1:
        parser.error(f"--seeds must be at least 1, got {args.seeds}")
    files = args.files or property_files()
    env = {k: v for k, v in os.environ.items() if k != "CI"}  # CI would select the derandomized profile
    env["HYPOTHESIS_PROFILE"] = args.profile
    failed: list[tuple[int, list[str]]] = []
    started = time.monotonic()
    python = os.path.relpath(sys.executable, ROOT) if sys.executable.startswith(str(ROOT)) else sys.executable
    print(f"fuzz: {args.seeds} seed(s), profile {args.profile!r}, {len(files)} file(s)", flush=True)
    for _ in range(args.seeds):
        seed = secrets.randbelow(2**32)
        t0 = time.monotonic()
        cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"--hypothesis-seed={seed}"]
        run = subprocess.run(
            [*cmd, "-rf", *files], cwd=ROOT, env=env, capture_output=True, text=True, check=False
        )
        took = time.monotonic() - t0
        tail = run.stdout.strip().splitlines()[-1:] or ["(no output)"]
        if run.returncode == 0:
            print(f"  seed {seed}: passed ({tail[0]}, {took:.0f} s)", flush=True)
            continue
        tests = sorted(set(re.findall(r"^FAILED (\S+?)(?: - |$)", run.stdout, re.MULTILINE)))
        failed.append((seed, tests))
        print(f"  seed {seed}: FAILED ({tail[0]}, {took:.0f} s)", flush=True)
        for test in tests or ["(no test ran: see the output below)"]:
            print(f"    {test}")
        if not tests:
            print(run.stdout[-3000:] + run.stderr[-3000:])
        targets = " ".join(tests) if tests else " ".join(files)
        print(
            f"    reproduce: HYPOTHESIS_PROFILE={args.profile} {python} -m pytest --hypothesis-seed={seed} {targets}"
        )
        for block in falsifying_examples(run.stdout)[:3]:
            print("    " + block.replace("\n", "\n    "))
    total = time.monotonic() - started
    print(f"fuzz: {args.seeds - len(failed)} of {args.seeds} seed(s) passed in {total:.0f} s")
    if failed:
        print("failing seeds: " + ", ".join(str(seed) for seed, _ in failed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
