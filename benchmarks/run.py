"""lr_curves against its peers, in one run: one markdown table of ratios (lr_curves / peer).

    python benchmarks/run.py            # the full run (several minutes)
    python benchmarks/run.py --quick    # tiny sizes: a smoke test, no meaningful timings

Every figure is a ratio of two timings taken in the same run, interleaved (A, B, A, B, ...) and
reduced to the median of the repeats, so that a noisy machine moves both sides alike. See
benchmarks/README.md for the method and the targets.
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import statistics
import subprocess
import sys
import time
import timeit
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

import lr_curves as lrc


@dataclass
class Row:
    name: str
    ours: str
    peer: str
    ratio: float | None
    target: str
    met: bool | None
    note: str = ""


@dataclass
class Config:
    quick: bool
    repeats: int = field(init=False)
    n_array: int = field(init=False)
    n_scalar: int = field(init=False)
    n_torch: int = field(init=False)
    n_accuracy: int = field(init=False)

    def __post_init__(self) -> None:
        self.repeats = 3 if self.quick else 15
        self.n_array = 10_000 if self.quick else 10_000_000
        self.n_scalar = 2_000 if self.quick else 50_000
        self.n_torch = 1_000 if self.quick else 100_000
        self.n_accuracy = 1_000 if self.quick else 1_000_000
        #: steps of the peak-memory rows (``--memory-steps``): 10**8 float64 is 800 MB an array
        self.n_memory = 100_000 if self.quick else 100_000_000


# ------------------------------------------------------------------------------------ timing
def interleaved(
    fa: Callable[[], Any], fb: Callable[[], Any], repeats: int, number: int = 1
) -> tuple[float, float]:
    """Median seconds per call of ``fa`` and ``fb``, measured alternately."""
    ta: list[float] = []
    tb: list[float] = []
    fa()
    fb()
    for _ in range(repeats):
        ta.append(timeit.timeit(fa, number=number) / number)
        tb.append(timeit.timeit(fb, number=number) / number)
    return statistics.median(ta), statistics.median(tb)


def fmt_time(seconds: float) -> str:
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("us", 1e-6), ("ns", 1e-9)):
        if seconds >= scale:
            return f"{seconds / scale:.3g} {unit}"
    return f"{seconds / 1e-9:.3g} ns"


def ratio_row(name: str, ours: float, peer: float, limit: float | None, note: str = "", per: str = "") -> Row:
    r = ours / peer
    target = f"<= {limit}" if limit is not None else "report"
    met = None if limit is None else r <= limit
    return Row(name, fmt_time(ours) + per, fmt_time(peer) + per, r, target, met, note)


# ------------------------------------------------------------------------------------ the schedule
W, PEAK, FLOOR = 1_000, 3e-4, 3e-5


def total_steps(cfg: Config) -> int:
    return cfg.n_array


def composed(T: int) -> lrc.Schedule:
    return lrc.warmup(lrc.cosine(PEAK, T - W, floor=FLOOR), W)


def hand_closure(T: int) -> Callable[[int], float]:
    def lr(step: int) -> float:
        if step < W:
            return PEAK * step / W
        return FLOOR + (PEAK - FLOOR) * 0.5 * (1.0 + math.cos(math.pi * (step - W) / (T - W)))

    return lr


# ------------------------------------------------------------------------------------ rows
def scalar_rows(cfg: Config) -> list[Row]:
    T = 100_000
    s, hand = composed(T), hand_closure(T)
    steps = list(range(0, T, max(1, T // cfg.n_scalar)))

    def loop(f: Callable[[int], float]) -> Callable[[], None]:
        def run() -> None:
            for k in steps:
                f(k)

        return run

    ours, peer = interleaved(loop(s), loop(hand), cfg.repeats)
    rows = [
        ratio_row(
            "scalar `lr(step)`, warmup+cosine vs hand-written closure",
            ours / len(steps),
            peer / len(steps),
            1.3,
        )
    ]
    # your own function as a schedule: the checked call through the staged scalar path
    wrapped = lrc.function(hand, name="hand")
    ours, peer = interleaved(loop(wrapped), loop(hand), cfg.repeats)
    rows.append(
        ratio_row(
            "scalar `lrc.function(fn)(step)` vs calling `fn` directly",
            ours / len(steps),
            peer / len(steps),
            None,
            note="the cost of a checked call (a number, not NaN)",
        )
    )
    try:
        import torch
        from transformers.optimization import get_cosine_schedule_with_warmup
    except ImportError as exc:  # pragma: no cover - the test command installs both
        rows.append(Row("scalar vs transformers lambda", "-", "-", None, "<= 0.7", None, f"skipped: {exc}"))
        return rows
    opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=PEAK)
    hf = get_cosine_schedule_with_warmup(opt, W, T).lr_lambdas[0]
    scaled = lrc.scale(lrc.warmup(lrc.cosine(1.0, T - W), W), 1.0)  # the same multiplier curve
    ours, peer = interleaved(loop(scaled), loop(hf), cfg.repeats)
    rows.append(
        ratio_row(
            "scalar `lr(step)` vs transformers `get_cosine_schedule_with_warmup` lambda",
            ours / len(steps),
            peer / len(steps),
            0.7,
        )
    )
    return rows


def torch_rows(cfg: Config) -> list[Row]:
    import torch

    T = 100_000
    n = cfg.n_torch // 10

    def make_opt() -> Any:
        return torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=PEAK)

    try:
        from lr_curves.adapters.torch import LambdaLR as Adapter
    except ImportError as exc:
        return [Row("torch adapter `.step()`", "-", "-", None, "<= 1.0", None, f"adapter missing: {exc}")]
    rows = []
    s = composed(T)
    hand = hand_closure(T)
    peers = {
        "torch adapter `.step()` vs `CosineAnnealingLR.step()`": lambda o: (
            torch.optim.lr_scheduler.CosineAnnealingLR(o, T)
        ),
        "torch adapter `.step()` vs `LambdaLR(hand-written closure).step()`": lambda o: (
            torch.optim.lr_scheduler.LambdaLR(o, lambda k: hand(k) / PEAK)
        ),
    }
    for name, make_peer in peers.items():

        def ours_run() -> None:
            o = make_opt()
            sch = Adapter(o, s)
            for _ in range(n):
                sch.step()

        def peer_run(make_peer: Any = make_peer) -> None:
            o = make_opt()
            sch = make_peer(o)
            for _ in range(n):
                sch.step()

        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ours, peer = interleaved(ours_run, peer_run, max(3, cfg.repeats // 3))
        rows.append(ratio_row(name, ours / n, peer / n, 1.0, per="/step"))

    # clock="optimizer": per update, the optimizer's step hook writes s(k) and `.step()` records
    # it. The optimizer's own step (the same for both) is left out: the hook is called directly.
    def clock_run() -> None:
        o = make_opt()
        sch = Adapter(o, s, clock="optimizer")
        hook = sch._on_optimizer_step
        for _ in range(n):
            hook(o, (), {})
            sch.step()

    def cosine_run() -> None:
        o = make_opt()
        sch = torch.optim.lr_scheduler.CosineAnnealingLR(o, T)
        for _ in range(n):
            sch.step()

    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ours, peer = interleaved(clock_run, cosine_run, max(3, cfg.repeats // 3))
    name = 'torch adapter, clock="optimizer" (step hook + `.step()`) vs `CosineAnnealingLR.step()`'
    rows.append(ratio_row(name, ours / n, peer / n, 1.0, per="/step"))
    return rows


def numpy_rows(cfg: Config) -> list[Row]:
    T = cfg.n_array
    s = composed(T)
    x = np.arange(T, dtype=np.float64)

    def hand() -> Any:
        return np.where(
            x < W, PEAK * x / W, FLOOR + (PEAK - FLOOR) * 0.5 * (1 + np.cos(np.pi * (x - W) / (T - W)))
        )

    assert np.allclose(s(x), hand(), rtol=1e-12, atol=0)
    ours, peer = interleaved(lambda: s(x), hand, max(3, cfg.repeats // 3))
    rows = [
        ratio_row(
            f"whole curve, {T:.0e} steps: NumPy array vs hand-written `np.where`",
            ours,
            peer,
            0.9,
            note="aim 0.6",
        )
    ]
    import torch

    n = cfg.n_torch
    opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=PEAK)
    seq = torch.optim.lr_scheduler.SequentialLR(
        opt,
        [
            torch.optim.lr_scheduler.LinearLR(opt, 1e-8, 1.0, W),
            torch.optim.lr_scheduler.CosineAnnealingLR(opt, T - W, FLOOR),
        ],
        [W],
    )
    t0 = time.perf_counter()
    for _ in range(n):
        opt.step()
        seq.step()
    per_step = (time.perf_counter() - t0) / n
    torch_total = per_step * T
    rows.append(
        Row(
            f"whole curve, {T:.0e} steps: NumPy vs stepping torch's scheduler",
            fmt_time(ours),
            fmt_time(torch_total),
            ours / torch_total,
            "report",
            None,
            f"torch stepped {n:.0e} times ({fmt_time(per_step)}/step), extrapolated; "
            f"speed-up {torch_total / ours:.0f}x",
        )
    )
    return rows


def budget_rows(cfg: Config) -> list[Row]:
    """``budget`` of presets over 10**12 steps (issue 13): closed forms and quadrature, never the
    10**12 values (fsum of the values runs at about 1e7 steps/s: the peer column is that cost)."""
    from lr_curves.analysis import budget
    from lr_curves.presets import keras as kr
    from lr_curves.presets import torch as pt
    from lr_curves.presets import transformers as hf

    cases = {
        "restart(cosine(0.1, 10))": lrc.restart(lrc.cosine(0.1, 10)),
        "torch CosineAnnealingWarmRestarts(T_mult=2)": pt.CosineAnnealingWarmRestarts(10, 2, base_lr=0.1),
        "torch CyclicLR(exp_range)": pt.CyclicLR(0.01, 0.1, 20, mode="exp_range", gamma=0.999),
        "hf inverse_sqrt": hf.get_inverse_sqrt_schedule(100, base_lr=0.1),
        "keras PolynomialDecay(cycle=True)": kr.PolynomialDecay(0.1, 1000, cycle=True),
        "cosine(0.1, 10**9) (quadrature)": lrc.cosine(0.1, 10**9),
    }
    n = 10**12
    rows = []
    for name, s in cases.items():
        budget(s, n)  # warm (staging, caches)
        t0 = time.perf_counter()
        for _ in range(cfg.repeats):
            budget(s, n)
        per = (time.perf_counter() - t0) / cfg.repeats
        rows.append(
            Row(
                f"budget over 1e12 steps: {name}",
                fmt_time(per),
                "~1e5 s (values one by one)",
                None,
                "< 1 s",
                per < 1.0,
            )
        )
    return rows


def random_access_rows(cfg: Config) -> list[Row]:
    r = lrc.restart(lrc.cosine(1.0, 1_000, floor=0.01), growth=2, decay=0.9)
    near = list(range(1_000, 1_000 + 200))
    far = list(range(10**12, 10**12 + 200))

    def at(ts: list[int]) -> Callable[[], None]:
        def run() -> None:
            for t in ts:
                r(t)

        return run

    t_far, t_near = interleaved(at(far), at(near), cfg.repeats, number=5)
    import torch

    opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=1.0)
    cawr = torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(opt, 1_000, 2, 0.01)
    n = cfg.n_torch // 10
    t0 = time.perf_counter()
    for _ in range(n):
        opt.step()
        cawr.step()
    per = (time.perf_counter() - t0) / n
    days = per * 1e12 / 86_400
    return [
        Row(
            "random access: restart (growing cycles) at t=1e12 vs t=1e3",
            fmt_time(t_far / len(far)),
            fmt_time(t_near / len(near)),
            t_far / t_near,
            "<= 1.3",
            t_far / t_near <= 1.3,
            f"torch needs 1e12 `.step()` calls to reach t=1e12: ~{days:.0f} days at {fmt_time(per)}/step",
        )
    ]


def jax_rows(cfg: Config) -> list[Row]:
    import jax
    import jax.numpy as jnp
    import optax

    try:
        from lr_curves.adapters.optax import schedule as to_optax
    except ImportError as exc:
        return [Row("JAX: adapter under jit", "-", "-", None, "<= 1.1", None, f"adapter missing: {exc}")]
    T = 100_000
    ours_fn = to_optax(lrc.warmup(lrc.cosine(PEAK, T - W, floor=FLOOR), W))
    peer_fn = optax.warmup_cosine_decay_schedule(0.0, PEAK, W, T, end_value=FLOOR)

    def compile_time(fn: Any) -> float:
        times = []
        for i in range(max(3, cfg.repeats // 3)):
            f = jax.jit(lambda c, i=i: fn(c) + 0 * i)
            t0 = time.perf_counter()
            f(jnp.asarray(5)).block_until_ready()
            times.append(time.perf_counter() - t0)
        return statistics.median(times)

    c_ours, c_peer = compile_time(ours_fn), compile_time(peer_fn)
    jo, jp = jax.jit(ours_fn), jax.jit(peer_fn)
    one = jnp.asarray(12_345)
    per_o, per_p = interleaved(
        lambda: jo(one).block_until_ready(), lambda: jp(one).block_until_ready(), cfg.repeats, number=50
    )
    xs = jnp.arange(cfg.n_array)
    big_o, big_p = interleaved(
        lambda: jo(xs).block_until_ready(), lambda: jp(xs).block_until_ready(), max(3, cfg.repeats // 3)
    )
    return [
        ratio_row(
            "JAX: `adapters.optax.schedule` under jit vs optax `warmup_cosine_decay_schedule`, per call",
            per_o,
            per_p,
            1.1,
        ),
        ratio_row(f"JAX: same, over a {cfg.n_array:.0e}-element array", big_o, big_p, 1.1),
        ratio_row("JAX: compile time", c_ours, c_peer, 1.5),
    ]


def import_rows(cfg: Config) -> list[Row]:
    code = "import time; t = time.perf_counter(); import {m}; print(time.perf_counter() - t)"
    # As after a normal install: byte code cached (this machine sets PYTHONDONTWRITEBYTECODE,
    # which would make every run recompile lr_curves from source but not numpy's wheel files).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}

    def measure(module: str) -> float:
        out = subprocess.run(
            [sys.executable, "-c", code.format(m=module)], capture_output=True, text=True, check=True, env=env
        )
        return float(out.stdout)

    measure("lr_curves")  # warm: write the byte code once
    ours: list[float] = []
    peer: list[float] = []
    for _ in range(max(5, cfg.repeats)):
        ours.append(measure("lr_curves"))
        peer.append(measure("numpy"))
    return [
        ratio_row(
            "`import lr_curves` vs `import numpy` (fresh interpreter)",
            statistics.median(ours),
            statistics.median(peer),
            1.2,
        )
    ]


def accuracy_rows(cfg: Config) -> list[Row]:
    import mpmath as mp
    import torch

    mp.mp.dps = 40
    n = cfg.n_accuracy
    steps = np.unique(np.linspace(0, n, min(n, 20_000) + 1).astype(np.int64)).tolist()

    def worst(s: lrc.Schedule, ref: Callable[[int], Any]) -> float:
        vals = s(np.asarray(steps, dtype=np.float64)).tolist()
        return max(
            float(abs((mp.mpf(v) - ref(t)) / ref(t))) for v, t in zip(vals, steps, strict=True) if ref(t) != 0
        )

    def sgdr(t: int) -> Any:
        i, start, length = 0, 0, 1_000
        while start + length <= t:
            start, length, i = start + length, length * 2, i + 1
        return 0.01 + (1 - mp.mpf(0.01)) * (1 + mp.cos(mp.pi * mp.mpf(t - start) / length)) / 2

    cases = {
        "cosine": (
            lrc.cosine(1.0, n, floor=1e-3),
            lambda t: 1e-3 + (1 - mp.mpf(1e-3)) * (1 + mp.cos(mp.pi * t / n)) / 2,
        ),
        "polynomial": (
            lrc.polynomial(1.0, 1e-3, n, 2.0),
            lambda t: 1e-3 + (1 - mp.mpf(1e-3)) * (1 - mp.mpf(t) / n) ** 2,
        ),
        "exponential": (lrc.exponential(1.0, 0.999995), lambda t: mp.mpf(0.999995) ** t),
        "restart (growth 2)": (lrc.restart(lrc.cosine(1.0, 1_000, floor=0.01), growth=2), sgdr),
    }
    rows = []
    for name, (s, ref) in cases.items():
        err = worst(s, ref)
        rows.append(
            Row(
                f"accuracy: max relative error vs mpmath, {name}, {n:.0e} steps",
                f"{err:.2e}",
                "-",
                None,
                "few ulp (2.2e-16 each)",
                err < 1e-14,
            )
        )
    opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1, dtype=torch.float64))], lr=1.0)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, n, 1e-3)
    ref = cases["cosine"][1]
    check = set(steps)
    errs = []
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for k in range(n + 1):
            if k in check and ref(k) != 0:
                errs.append(float(abs((mp.mpf(sched.get_last_lr()[0]) - ref(k)) / ref(k))))
            opt.step()
            sched.step()
    ours = float(rows[0].ours)
    rows.append(
        Row(
            "accuracy: torch's recursive `CosineAnnealingLR`, same steps",
            f"{ours:.2e}",
            f"{max(errs):.2e}",
            ours / max(errs),
            "report",
            None,
            "lr_curves / torch relative error",
        )
    )
    return rows


def preset_rows(cfg: Config) -> list[Row]:
    """The presets users call, against hand-written code of the same curve; building costs."""
    from lr_curves.presets import torch as presets_torch
    from lr_curves.presets import transformers as presets_transformers

    T = 100_000
    hf = presets_transformers.get_cosine_schedule_with_warmup(W, T, base_lr=PEAK)

    def hand(step: int) -> float:  # transformers' lambda, times the base lr, written by hand
        if step < W:
            return PEAK * step / W
        progress = (step - W) / (T - W)
        return PEAK * max(0.0, 0.5 * (1.0 + math.cos(math.pi * 2.0 * 0.5 * progress)))

    steps = list(range(0, T, max(1, T // cfg.n_scalar)))

    def loop(f: Callable[[int], float]) -> Callable[[], None]:
        def run() -> None:
            for k in steps:
                f(k)

        return run

    ours, peer = interleaved(loop(hf), loop(hand), cfg.repeats)
    rows = [
        ratio_row(
            "scalar `lr(step)`: `presets.transformers.get_cosine_schedule_with_warmup` vs hand closure",
            ours / len(steps),
            peer / len(steps),
            1.3,
        )
    ]
    n = cfg.n_array
    big = presets_transformers.get_cosine_schedule_with_warmup(W, n, base_lr=PEAK)
    x = np.arange(n, dtype=np.float64)

    def hand_np() -> Any:
        wave = PEAK * np.maximum(0.0, 0.5 * (1.0 + np.cos(np.pi * 2.0 * 0.5 * ((x - W) / (n - W)))))
        return np.where(x < W, PEAK * x / W, wave)

    assert np.allclose(big(x), hand_np(), rtol=1e-12, atol=1e-18)
    ours, peer = interleaved(lambda: big(x), hand_np, max(3, cfg.repeats // 3))
    rows.append(
        ratio_row(
            f"whole curve, {n:.0e} steps: `get_cosine_schedule_with_warmup` on NumPy vs hand-written NumPy",
            ours,
            peer,
            0.9,
        )
    )

    def build_one_cycle() -> Any:
        return presets_torch.OneCycleLR(0.1, total_steps=10_000)

    number = 20 if cfg.quick else 200
    t_build = min(timeit.repeat(build_one_cycle, number=number, repeat=cfg.repeats)) / number
    rows.append(
        Row(
            "build `presets.torch.OneCycleLR(0.1, total_steps=10_000)`",
            fmt_time(t_build),
            "-",
            None,
            "<= 200 us",
            t_build <= 200e-6,
        )
    )

    def deepest() -> lrc.Schedule:  # depth 200 (MAX_DEPTH): warmups, restarts, shifts, products
        s: lrc.Schedule = lrc.cosine(1.0, 100, floor=0.1)
        for i in range(199):
            kind = i % 4
            if kind == 0:
                s = lrc.warmup(s, 10)
            elif kind == 1:
                s = lrc.restart(s, s.length or 100, limit=3) if s.length else lrc.shift(s, 5)
            elif kind == 2:
                s = lrc.shift(s, 5)
            else:
                s = 0.99 * s
        return s

    t_deep = min(timeit.repeat(deepest, number=1, repeat=max(3, cfg.repeats // 3)))
    first: list[float] = []
    for _ in range(3):
        d = deepest()
        t0 = time.perf_counter()
        d(12_345)
        first.append(time.perf_counter() - t0)
    rows.append(
        Row(
            "build the deepest allowed composition (depth 200)",
            fmt_time(t_deep),
            "-",
            None,
            "<= 50 ms",
            t_deep <= 50e-3,
            f"its first scalar call (staging + compile) {fmt_time(min(first))}",
        )
    )
    return rows


# ------------------------------------------------------------------------------------ memory
#: Peak memory of a whole-array evaluation, in a fresh interpreter per row (the peak of one row
#: must not hide the next): VmHWM (this process's own high-water mark) before and after ``s(x)``.
_RSS_CHILD = """
import sys
import numpy as np
import lr_curves as lrc
n, spec, order = int(sys.argv[1]), sys.argv[2], sys.argv[3]
def peak():
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmHWM")) * 1024
s = lrc.parse(spec)
x = np.arange(n, dtype=np.float64)
if order == "shuffled":
    np.random.default_rng(0).shuffle(x)
s(x[:100_000])  # the first evaluation's one-time work (tables, caches) is not the array's
base = peak()
out = s(x)
print(peak() - base, out.nbytes)
"""


def memory_specs(n: int) -> list[tuple[str, str, str]]:
    """``(row name, spec, order)`` for each node kind, over ``n`` steps."""
    h = n // 2
    pts = 1000
    at = [n * (i + 1) // (pts + 1) for i in range(pts)]
    vals = [1.0 / (i + 1) for i in range(pts + 1)]
    specs = [
        ("constant", "constant(0.1)"),
        ("linear", f"linear(1.0, 0.0, {n})"),
        ("cosine", f"cosine(1.0, {n}, floor=0.1)"),
        ("cosine, periodic", "cosine(1.0, 1000, periodic=True)"),
        ("polynomial (power 0.9)", f"polynomial(1.0, 0.0001, {n}, 0.9)"),
        ("exponential", "exponential(1.0, 0.99999999)"),
        ("exponential, staircase", "exponential(1.0, 0.5, 1000, staircase=True, end=1e-6)"),
        ("inverse_sqrt", "inverse_sqrt(1.0, 1000)"),
        ("inverse_time (power 0.5)", "inverse_time(1.0, 0.5, 1000, power=0.5)"),
        ("tanh", f"tanh(1.0, {n})"),
        ("triangle", "triangle(0.1, 1.0, 2000, 3000)"),
        ("cooldown 1-sqrt", f"cooldown(1.0, 0.0, {n}, '1-sqrt')"),
        ("rex", f"rex(1.0, {n})"),
        ("warmup + cosine", f"warmup(cosine(1.0, {n - 1000}), 1000)"),
        ("warmup + cosine, shuffled steps", f"warmup(cosine(1.0, {n - 1000}), 1000)", "shuffled"),
        ("concat of 3", f"concat(linear(0.0, 1.0, 1000), constant(1.0), cosine(1.0, {h}), at=[1000, {h}])"),
        ("restart, growth 1", "restart(cosine(1.0, 10000))"),
        ("restart, growth 2", "restart(cosine(1.0, 1000, floor=0.01), growth=2, decay=0.9)"),
        ("piecewise_constant, 1,000 pieces", f"piecewise_constant({vals}, {at})"),
        ("piecewise_linear, 1,000 points", f"piecewise_linear({vals[:-1]}, {at})"),
        ("piecewise_cosine, 1,000 points", f"piecewise_cosine({vals[:-1]}, {at})"),
        ("add", f"add(cosine(1.0, {n}), linear(0.0, 0.1, {n}), constant(0.01))"),
        ("scale by a number", f"scale(cosine(1.0, {n}), 0.5)"),
        ("product of schedules", f"scale(cosine(1.0, {n}), linear(0.1, 1.0, {n}))"),
        ("divide, power", f"power(divide(cosine(1.0, {n}), linear(1.0, 2.0, {n})), 1.5)"),
        ("minimum", f"minimum(cosine(1.0, {n}), linear(0.0, 1.0, {h}))"),
        ("clip", f"clip(cosine(1.0, {n}), low=0.1, high=0.9)"),
        ("shift", f"shift(cosine(1.0, {n}), 1000)"),
        ("stretch (exact: child rebuilt)", f"stretch(cosine(1.0, {n // 4}), 4)"),
        ("stretch (t / k)", f"stretch(cosine(1.0, {n}), 0.1)"),
        ("stretch, staircase", "stretch(cosine(1.0, 1000), 100, staircase=True)"),
        ("retarget", f"retarget(cosine(1.0, {n}), {h}, {n + h})"),
    ]
    return [(name, spec, rest[0] if rest else "sorted") for name, spec, *rest in specs]


def memory_rows(cfg: Config) -> list[Row]:
    """Peak memory beyond the input of ``s(x)`` for a float64 ``x`` of ``cfg.n_memory`` steps, in
    arrays of that size (the output is one; the target allows three temporaries beside it)."""
    import tempfile

    if not os.path.exists("/proc/self/status"):  # VmHWM is Linux's
        return [Row("peak memory per node kind", "-", "-", None, "<= 4 arrays", None, "needs /proc (Linux)")]
    n = cfg.n_memory
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as tmp:
        script = os.path.join(tmp, "rss_child.py")
        with open(script, "w") as f:
            f.write(_RSS_CHILD)
        for name, spec, order in memory_specs(n):
            t0 = time.perf_counter()
            done = subprocess.run(
                [sys.executable, script, str(n), spec, order], capture_output=True, text=True, check=True
            )
            took = time.perf_counter() - t0
            grown, out_bytes = (int(v) for v in done.stdout.split())
            arrays = grown / out_bytes
            rows.append(
                Row(
                    f"peak memory, whole array of {n:.0e} steps: {name}",
                    f"{grown / 2**20:,.0f} MiB",
                    f"1 array = {out_bytes / 2**20:,.0f} MiB",
                    arrays,
                    "<= 4 arrays (the output + 3)",
                    arrays <= 4.0,
                    f"{took:.1f} s in its own interpreter",
                )
            )
    return rows


SECTIONS = [
    scalar_rows,
    preset_rows,
    torch_rows,
    numpy_rows,
    random_access_rows,
    budget_rows,
    jax_rows,
    import_rows,
    accuracy_rows,
    memory_rows,
]


def table(rows: list[Row]) -> str:
    out = ["| row | lr_curves | peer | ratio | target | met | note |", "|---|---|---|---|---|---|---|"]
    for r in rows:
        ratio = "-" if r.ratio is None else f"{r.ratio:.3g}"
        met = "-" if r.met is None else ("yes" if r.met else "**no**")
        out.append(f"| {r.name} | {r.ours} | {r.peer} | {ratio} | {r.target} | {met} | {r.note} |")
    return "\n".join(out)


def machine() -> str:
    import importlib.metadata as md

    def v(name: str) -> str:
        try:
            return md.version(name)
        except md.PackageNotFoundError:
            return "-"

    return (
        f"{platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
        f"numpy {v('numpy')}, "
        f"torch {v('torch')}, jax {v('jax')}, optax {v('optax')}, transformers {v('transformers')}, "
        f"lr_curves {lrc.__version__}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="tiny sizes: a smoke test")
    parser.add_argument("--only", help="run only the sections whose name contains this text")
    parser.add_argument(
        "--memory-steps",
        type=int,
        help="steps of the peak-memory rows (default 10**8: about 2.5 GB free is needed; 10**5 with --quick)",
    )
    args = parser.parse_args(argv)
    cfg = Config(quick=args.quick)
    if args.memory_steps:
        cfg.n_memory = args.memory_steps
    os.environ.setdefault("JAX_PLATFORMS", "cpu")
    rows: list[Row] = []
    for section in SECTIONS:
        if args.only and args.only not in section.__name__:
            continue
        rows.extend(section(cfg))
    print(f"{'quick run (sizes too small to mean anything)' if cfg.quick else 'full run'}: {machine()}\n")
    print(table(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
