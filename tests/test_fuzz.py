"""Fuzzing ``parse`` and ``from_dict`` with valid, mutated and hostile inputs (hypothesis).

Each input must give a schedule (that round-trips through its repr and its dict) or a
``ValueError``/``TypeError``: never another exception, never code execution (a canary file that
hostile inputs try to create must not appear), never a hang.

Hypothesis draws a valid schedule and a seed per example; each example then checks
``LR_CURVES_FUZZ_BATCH`` (20) inputs derived from them: the valid repr or dict, mutations of it,
token soup with hostile code, deep nesting, random trees. CI runs ``LR_CURVES_FUZZ_EXAMPLES``
(100) examples per test, 4,000 inputs; ``LR_CURVES_FUZZ_EXAMPLES=25000`` runs a million.
``LR_CURVES_FUZZ_REPORT=path.json`` writes the counts there.
"""

from __future__ import annotations

import copy
import heapq
import json
import math
import os
import pathlib
import random
import re
import reprlib
import resource
import time
from collections import Counter
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from strategies import schedules

import lr_curves as lrc
from lr_curves._serial import FACTORIES

EXAMPLES = int(os.environ.get("LR_CURVES_FUZZ_EXAMPLES", "100"))
BATCH = int(os.environ.get("LR_CURVES_FUZZ_BATCH", "20"))
CANARY = pathlib.Path(os.environ.get("TMPDIR", "/tmp")) / "lr_curves_fuzz_canary"
STATS: dict[str, Counter[str]] = {"parse": Counter(), "from_dict": Counter()}
SLOWEST: dict[str, float] = {"parse": 0.0, "from_dict": 0.0}
SLOWEST_INPUT: dict[str, str] = {}
#: Every input that took more CPU time than this, with its time (kept in the report).
SLOW = 0.5  # CPU seconds
SLOW_INPUTS: list[tuple[str, float, str]] = []
#: The 10 slowest inputs, whole: the final report times each again alone, in a fresh process
#: (inside a long run the process's own heap - hypothesis' records of every example - makes
#: the garbage collector's share of an input's time grow).
TOP: list[tuple[float, int, str, Any]] = []

FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)

# ---------------------------------------------------------------------------------------- parse text
NAMES = sorted(FACTORIES)
HOSTILE_CODE = [
    f"__import__('os').system('touch {CANARY}')",
    f"open('{CANARY}', 'w')",
    f"exec(\"open('{CANARY}','w')\")",
    "().__class__.__base__.__subclasses__()",
    "constant.__globals__",
    "lr_curves.__builtins__",
    "lrc._serial.FACTORIES",
    "(lambda: 1)()",
    "[x for x in range(10**9)]",
    "eval('1')",
    "getattr(constant, '__class__')",
    "constant(1).__reduce__()",
    "breakpoint()",
    "input()",
    "9**9**9",
    "10**10**10",
    "'a' * 10**9",
    "[1] * 10**9",
    "{1: 2}",
    "{1, 2}",
    "f'{1}'",
    "b'x'",
    "1j",
    "...",
    "True + True",
    "not 1",
    "1 if 1 else 2",
    "x := 1",
    "await x",
    "yield 1",
    "a[0]",
    "a[1:2]",
]
TOKENS = [
    *NAMES,
    *(f"lrc.{n}" for n in NAMES[:5]),
    *HOSTILE_CODE,
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ",",
    ".",
    "=",
    "*",
    "**",
    "+",
    "-",
    "/",
    "//",
    "%",
    ":",
    ";",
    "\n",
    "#",
    "'",
    '"',
    "\\",
    "\x00",
    "\ufeff",
    "0",
    "1",
    "-1",
    "1e999",
    "-1e999",
    "1e-320",
    "5e-324",
    "1e308",
    "nan",
    "inf",
    "float('nan')",
    "9" * 400,
    "9" * 5000,
    "2**63",
    "0x10",
    "1_000",
    "None",
    "True",
    "False",
    "'1-sqrt'",
    "'new'",
    "'cosine'",
    "steps=",
    "at=",
    "floor=",
    "overlay=",
    "boundary=",
    "growth=",
    "limit=",
    "*args",
    "**kw",
    "__class__",
    "__dict__",
    "lambda",
    "import",
]


def _nested(depth: int, leaf: str = "1") -> str:
    return "(" * depth + leaf + ")" * depth


def make_text(rnd: random.Random, base: str) -> str:
    """One input for ``parse``: ``base`` (a valid repr), mutated, hostile or expensive text."""
    kind = rnd.choices(range(7), weights=(2, 6, 4, 4, 1, 3, 3))[0]  # deep nesting is slow: rarer
    if kind == 0:
        return base
    if kind == 6:
        return make_expensive(rnd)
    if kind == 1:  # the valid repr, mutated
        text = base
        for _ in range(rnd.randint(1, 4)):
            i = rnd.randint(0, len(text))
            j = rnd.randint(i, min(len(text), i + 12))
            op = rnd.randrange(4)
            token = rnd.choice(TOKENS)
            if op == 0:
                text = text[:i] + token + text[i:]
            elif op == 1:
                text = text[:i] + text[j:]
            elif op == 2:
                text = text[:i] + token + text[j:]
            else:
                text = text[:i] + text[i:j] * rnd.randint(2, 50) + text[j:]
        return text
    if kind == 2:  # token soup
        return " ".join(rnd.choice(TOKENS) for _ in range(rnd.randrange(30)))
    if kind == 3:  # a valid call with hostile arguments
        args = [rnd.choice([*TOKENS[-40:], *HOSTILE_CODE, "constant(1)"]) for _ in range(rnd.randrange(5))]
        return f"{rnd.choice(NAMES)}({', '.join(args)})"
    if kind == 4:  # deep nesting of brackets, calls or signs
        depth = rnd.choice([10, 150, 199, 200, 201, 1000, 20_000])
        return rnd.choice(
            [
                _nested(depth, "constant(1)"),
                "[" * depth + "]" * depth,
                "shift(" * depth + "constant(1)" + ", 1)" * depth,
                "-" * depth + "constant(1)",
            ]
        )
    alphabet = "()[]{},.=*+-/'\"_ 0123456789aenstx\n\x00\u00e9\u200b\U0001f600"
    return "".join(rnd.choice(alphabet) for _ in range(rnd.randrange(60)))


# ------------------------------------------------------------------------ valid but expensive
# Valid specs that cost the most to build (issue 16): huge limits, growths near 1, tiny and
# huge cycles, long piece lists, wrappers that ask for the length. Each must answer in bounded time.
_GROWTHS = ["2", "1.5", "1.0000000000000002", "1.000000000001", "1e308", "3", "1.0"]
_LIMITS = ["1", "1000", "1000000000", "1000000000000", "10**15", "None"]
_EVERYS = ["1e-300", "5e-324", "1", "10", "1e300", "0.5", "None"]


def make_expensive(rnd: random.Random) -> str:
    kind = rnd.randrange(6)
    if kind <= 1:
        every = rnd.choice(_EVERYS)
        text = (
            f"restart(cosine(1.0, {rnd.choice(['10', '1e-300', '1e300', '3'])}), "
            f"every={every}, growth={rnd.choice(_GROWTHS)}, limit={rnd.choice(_LIMITS)}, "
            f"decay={rnd.choice(['1.0', '0.5', '0.999999', '1.0000001'])}, index={rnd.choice(['exact', 'log'])!r})"
        )
        if kind == 1:  # wrappers that need the length or shift the clock
            text = rnd.choice(
                [f"warmup({text}, 5)", f"concat({text}, constant(0.1))", f"stretch({text}, 1e-300)"]
            )
        return text
    if kind == 2:
        return (
            f"exponential(1.0, {rnd.choice(['1.0000000000000002', '0.9999999999999999', '1e308', '1e-308'])}, "
            f"every={rnd.choice(['1e-300', '1', '1e300'])}, begin={rnd.choice(['0', '1e300'])})"
        )
    if kind == 3:
        n = rnd.choice([100, 1000, 5000])
        return f"multistep(1.0, {rnd.choice(['0.5', '1e-300', '2', '1e200'])}, {list(range(n))})"
    if kind == 4:
        n = rnd.choice([100, 2000, 4000])
        pieces = ", ".join(
            f"linear({rnd.random()}, {rnd.random()}, {rnd.randint(1, 100)})" for _ in range(n // 10)
        )
        return f"concat({pieces})"
    n = rnd.choice([10, 1000, 6000])
    return f"piecewise_constant({[rnd.random() for _ in range(n + 1)]}, {list(range(1, n + 1))})"


def make_shared(rnd: random.Random, base: lrc.Schedule) -> Any:
    """``from_dict`` data that uses one dict or list twice (refused: it could describe 2**n nodes)."""
    node: Any = base.to_dict()["schedule"]
    for _ in range(rnd.choice([1, 2, 16, 40])):
        node = {"type": rnd.choice(["add", "concat"]), rnd.choice(["terms", "pieces"]): [node, node]}
    return {"lr_curves": 1, "schedule": node}


# ---------------------------------------------------------------------------------------- dict data
def _deep_list(depth: int) -> Any:
    out: Any = 1
    for _ in range(depth):
        out = [out]
    return out


JUNK: list[Any] = [
    None,
    True,
    False,
    0,
    -1,
    1,
    2**63,
    10**400,
    -(10**400),
    1e308,
    5e-324,
    math.nan,
    math.inf,
    -math.inf,
    "",
    "x",
    "__class__",
    "cosine",
    [],
    [1, 2],
    (1,),
    {},
    {"type": "__class__"},
    {"type": "eval", "value": "1"},
    {"type": "constant"},
    {"type": None},
    {"type": ["constant"]},
    {1: 2},
    {(1, 2): "constant"},
    {"type": "constant", "value": 1, "__init__": 1},
    {"lr_curves": 1, "schedule": {"type": "constant", "value": 1}},
    b"bytes",
    1j,
    object(),
    range(3),
    _deep_list(300),
    list(range(10_000)),
]
KEYS = [
    "type",
    "value",
    "steps",
    "peak",
    "at",
    "values",
    "schedule",
    "pieces",
    "terms",
    "every",
    "by",
    "__class__",
    "_fn",
    "x",
    "",
    1,
    None,
    (1,),
]


def _paths(node: Any, path: tuple[Any, ...], seen: set[int]) -> Iterator[tuple[Any, ...]]:
    yield path
    if id(node) in seen or len(path) > 50:
        return
    seen.add(id(node))
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths(v, (*path, k), seen)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _paths(v, (*path, i), seen)


def _tree(rnd: random.Random, depth: int) -> Any:
    """A random JSON-like tree, with schedule-looking dicts."""
    kind = rnd.randrange(5) if depth < 4 else 0
    if kind == 0:
        return rnd.choice(
            [*JUNK[:17], rnd.randint(-(2**70), 2**70), rnd.uniform(-1e9, 1e9), "s" * rnd.randrange(9)]
        )
    if kind == 1:
        return [_tree(rnd, depth + 1) for _ in range(rnd.randrange(4))]
    if kind == 2:
        return {rnd.choice(KEYS): _tree(rnd, depth + 1) for _ in range(rnd.randrange(4))}
    node = {"type": rnd.choice([*NAMES, "x"])}
    for _ in range(rnd.randrange(4)):
        node[rnd.choice(KEYS[1:])] = _tree(rnd, depth + 1)
    return node


def make_data(rnd: random.Random, base: lrc.Schedule) -> Any:
    """One input for ``from_dict``: ``base.to_dict()``, mutated, or hostile data."""
    kind = rnd.choices(range(6), weights=(2, 6, 3, 1, 2, 1))[0]  # deep nesting is slow: rarer
    if kind == 0:
        return base.to_dict()
    if kind == 5:
        return make_shared(rnd, base)
    if kind == 1:  # the valid data, mutated
        data = base.to_dict()
        for _ in range(rnd.randint(1, 3)):
            paths = [p for p in _paths(data, (), set()) if p]
            if not paths:
                break
            path = rnd.choice(paths)
            parent = data
            for k in path[:-1]:
                parent = parent[k]
            op = rnd.randrange(4)
            if op == 0:
                parent[path[-1]] = copy.deepcopy(rnd.choice(JUNK))
            elif op == 1 and isinstance(parent, dict):
                del parent[path[-1]]
            elif op == 2 and isinstance(parent, dict):
                parent[rnd.choice(KEYS)] = copy.deepcopy(rnd.choice(JUNK))
            else:
                parent[path[-1]] = parent  # a cycle
        return data
    if kind == 2:
        return {"lr_curves": rnd.choice([1, 1, 1, 2, True, 1.0, "1"]), "schedule": _tree(rnd, 0)}
    if kind == 3:  # deep nesting
        node: Any = {"type": "constant", "value": 1.0}
        for _ in range(rnd.choice([150, 201, 1000, 5000])):
            node = {"type": rnd.choice(["shift", "clip", "scale"]), "schedule": node, "by": 1}
        return {"lr_curves": 1, "schedule": node}
    return copy.deepcopy(rnd.choice(JUNK))  # not even a dict


# ---------------------------------------------------------------------------------------- checks
def _describe(data: Any) -> str:
    text = reprlib.Repr()
    text.maxlevel, text.maxstring, text.maxother = 4, 80, 80
    return text.repr(data)


def _long(data: Any) -> str:
    """Enough of an input to rebuild it (a deep document is cut 30 levels down, never recursed
    to the end: a plain ``repr`` of one overflows the stack)."""
    text = reprlib.Repr()
    text.maxlevel, text.maxstring, text.maxother = 30, 4000, 4000
    text.maxlist = text.maxtuple = text.maxdict = 2000
    return text.repr(data)[:4000]


def _check(api: str, build: Any, data: Any) -> None:
    stats = STATS[api]
    # CPU seconds of this process: the work an input costs, not the machine's load (a niced
    # million-input run beside other jobs sees wall times several times longer)
    t0 = time.process_time()
    try:
        s = build(data)
    except (ValueError, TypeError) as exc:
        stats[type(exc).__name__] += 1
        message = str(exc)
        assert message.startswith(f"{api}(): ") or "(): " in message, message
    else:
        stats["schedule"] += 1
        assert isinstance(s, lrc.Schedule)
        text = repr(s)
        if len(text) <= 100_000:  # parse() reads at most 100,000 characters (add() of 10**4 terms)
            assert lrc.parse(text) == s
        assert lrc.from_dict(s.to_dict()) == s
        try:
            value = s(1000)
            far = s(1e12)
        except ValueError as exc:
            # no real value there (a negative base to a fractional power; an inf that met a 0
            # or another inf): both paths say so, in the same words
            assert _NO_VALUE.match(str(exc)), exc
            with pytest.raises(ValueError, match=_NO_VALUE):
                s(np.array([1000.0, 1e12]))
            stats["no value (error)"] += 1
            return
        assert type(value) is float and not math.isnan(value), (s, value)
        assert not math.isnan(far), (s, far)
        got = s(np.array([1000.0, 1e12])).tolist()
        assert all(_agree(u, v) for u, v in zip(got, [value, far], strict=True)), (s, got, [value, far])
    finally:
        took = time.process_time() - t0
        if took > SLOWEST[api]:
            SLOWEST[api] = took
            SLOWEST_INPUT[api] = _describe(data)
        if took > SLOW:
            SLOW_INPUTS.append((api, round(took, 3), _long(data)))
        if REPORT and (len(TOP) < 10 or took > TOP[0][0]):
            heapq.heappush(TOP, (took, len(SLOW_INPUTS) + stats["inputs"], api, data))
            if len(TOP) > 10:
                heapq.heappop(TOP)
        stats["inputs"] += 1
        if REPORT and stats["inputs"] % 20_000 == 0:  # progress of a long run
            _write_report(REPORT + ".progress")
    assert not CANARY.exists(), f"{api}() executed code: {data!r}"


SEEDS = st.integers(0, 2**64 - 1)

# The paths agree to the bit where NumPy's pow is the C library's (README); with NumPy's SIMD
# kernels on (NPY_DISABLE_CPU_FEATURES unset on an AVX-512 machine) each pow may be 1 ulp off.
_LIBM_POW = all(
    float(np.power(np.array([0.999999]), float(n))[0]) == 0.999999 ** float(n) for n in range(1, 2000)
)
_ULPS = 0 if _LIBM_POW else 4


#: The two errors a valid schedule may raise when evaluated: values without a real number.
_NO_VALUE = re.compile(
    r"^power\(\): the base is .* a negative number to a fractional power|"
    r"^\w+\(\): the value at step \S+ is not a number \(NaN\)"
)


def _agree(u: float, v: float) -> bool:
    """As tests/test_properties.py's ``paths_close``: to the bit with libm NumPy; with SIMD
    kernels 4 ulp, or 1e-12 relative where a pow's 1-ulp difference is raised to a power
    (``warmup(..., shape='exponential') ** -11.0`` is 12 ulp)."""
    if u == v:
        return True
    if not math.isfinite(v) or _ULPS == 0:
        return False
    return abs(u - v) <= _ULPS * math.ulp(v) or abs(u - v) <= 1e-12 * max(abs(u), abs(v))


@FUZZ
@given(schedules, SEEDS)
# seed 5963220: a power whose base goes below 0 (NaN, and 'math domain error' at 0.5); a pow of
# a pow (12 ulp apart with SIMD kernels)
@example(
    lrc.parse(
        "power(clip(triangle(0.0008860018386473392, 0.0003351160748175142, 1, down=1), low=0.0, high=1.0), constant(0.75))"
    ),
    5963220,
)
@example(
    lrc.parse(
        "power(clip(triangle(0.0008860018386473392, 0.0003351160748175142, 1, down=1), low=0.0, high=1.0), constant(0.5))"
    ),
    5963220,
)
@example(
    lrc.parse(
        "power(warmup(constant(1e-06), 4944, start=0.0009763103087194264, shape='exponential'), constant(1.0))"
    ),
    5963220,
)
# seed 1: a quotient 0 / 0 deep inside (NaN); seed 7 below (from_dict): NumPy evaluated a concat
# piece at its end step, where the next piece applies (there the power had a negative base)
@example(
    lrc.parse(
        "warmup(divide(divide(rex(0.40337915232282984, 100), constant(1e-06)), constant(1.9375)), 901, start=0.001, shape='exponential')"
    ),
    1,
)
def test_fuzz_parse(base: lrc.Schedule, seed: int) -> None:
    # A batch of inputs per example: hypothesis draws the valid base and a seed, the cheap
    # mutations run here (a million inputs in minutes, not hours).
    rnd = random.Random(seed)
    text = repr(base)
    for _ in range(BATCH):
        _check("parse", lrc.parse, make_text(rnd, text))


@FUZZ
@given(schedules, SEEDS)
@example(
    lrc.parse(
        "concat(power(warmup(piecewise_constant((1.0, 1.0), (1,)), 1, start=0.0009997842243111713, shape='exponential'), 0.5), linear(1.0, 1.0, 1), at=(2,))"
    ),
    7,
)
def test_fuzz_from_dict(base: lrc.Schedule, seed: int) -> None:
    rnd = random.Random(seed)
    for _ in range(BATCH):
        _check("from_dict", lrc.from_dict, make_data(rnd, base))


REPORT = os.environ.get("LR_CURVES_FUZZ_REPORT", "")
START = time.perf_counter()


def _write_report(path: str) -> None:
    out: dict[str, Any] = {api: dict(c) for api, c in STATS.items()}
    out["slowest_input_cpu_seconds"] = SLOWEST
    out["slowest_input"] = SLOWEST_INPUT
    out[f"inputs_over_{SLOW}_seconds"] = SLOW_INPUTS
    out["wall_seconds"] = time.perf_counter() - START
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if not path.endswith(".progress"):
        out["slowest_10_alone"] = [
            _alone(api, data, took) for took, _, api, data in sorted(TOP, reverse=True)
        ]
    pathlib.Path(path).write_text(json.dumps(out, indent=1))


def _alone(api: str, data: Any, took: float) -> dict[str, Any]:
    """``data`` checked again in a fresh interpreter: its CPU seconds and peak RSS there."""
    import pickle
    import subprocess
    import sys
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".pickle", delete=False) as f:
        try:
            pickle.dump((api, data), f)
        except RecursionError:  # a document nested deeper than pickle recurses
            f.close()
            pathlib.Path(f.name).unlink()
            return {"api": api, "in_run_cpu_seconds": round(took, 3), "alone": "too deep to pickle"}
    code = (
        "import pickle, sys, time; sys.path.insert(0, 'tests'); sys.setrecursionlimit(10000)\n"
        "import lr_curves as lrc, test_fuzz as f\n"
        f"api, data = pickle.load(open({f.name!r}, 'rb'))\n"
        "t = time.process_time(); f._check(api, lrc.parse if api == 'parse' else lrc.from_dict, data)\n"
        # VmHWM: this interpreter's own peak (ru_maxrss keeps the forking parent's across exec)
        "hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM')][0].split()[1]\n"
        "print(time.process_time() - t, int(hwm) / 1024)\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    pathlib.Path(f.name).unlink()
    alone = run.stdout.split() if run.returncode == 0 else [None, None]
    return {
        "api": api,
        "in_run_cpu_seconds": round(took, 3),
        "alone_cpu_seconds": alone[0] and round(float(alone[0]), 3),
        "alone_peak_rss_mb": alone[1] and round(float(alone[1])),
        "input": _describe(data),
    }


@pytest.fixture(scope="module", autouse=True)
def _report() -> Iterator[None]:
    CANARY.unlink(missing_ok=True)
    yield
    if REPORT:
        _write_report(REPORT)
