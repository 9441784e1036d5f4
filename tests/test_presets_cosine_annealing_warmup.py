"""Differential tests: lr_curves.presets.cosine_annealing_warmup against the real scheduler.

katsura-jp's package is not on PyPI; pytorch_optimizer 4.1.0's CosineAnnealingWarmupRestarts is
the same algorithm (every argument is passed explicitly: its default gamma is 0.9, not 1.0). The
two differ only when cycles shrink to no decay steps (``cycle_mult < 1``): pytorch_optimizer
keeps one step there, so those cases are checked against a transcription of the original
``step()`` (``katsura_reference`` below) and against pytorch_optimizer up to that point.
"""

from __future__ import annotations

import math
import warnings
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import lr_curves as lrc
from lr_curves.presets import cosine_annealing_warmup as caw

torch = pytest.importorskip("torch")
pytorch_optimizer = pytest.importorskip("pytorch_optimizer")
Peer = pytorch_optimizer.CosineAnnealingWarmupRestarts

DEFAULTS = dict(cycle_mult=1.0, max_lr=0.1, min_lr=0.001, warmup_steps=0, gamma=1.0)


def run_peer(n: int, first_cycle_steps: int, **kw: Any) -> list[float]:
    """The lr after k = 0..n calls of ``step()`` (every argument explicit, katsura defaults)."""
    args = {**DEFAULTS, **kw}
    opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=0.5)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        s = Peer(opt, first_cycle_steps=first_cycle_steps, **args)
        out = [float(s.get_last_lr()[0])]
        for _ in range(n):
            opt.step()
            s.step()
            out.append(float(s.get_last_lr()[0]))
    return out


def katsura_reference(
    n: int, first: int, cycle_mult: float, max_lr: float, min_lr: float, W: int, gamma: float
) -> list[float]:
    """katsura-jp's ``step()`` path (scheduler.py at 12d03c0), transcribed: state, not formula."""
    out = [min_lr]  # init_lr() after the constructor's own step
    step_in_cycle, cycle, cur = 0, 0, first
    for _ in range(n):
        step_in_cycle += 1
        if step_in_cycle >= cur:
            cycle += 1
            step_in_cycle -= cur
            cur = int((cur - W) * cycle_mult) + W
        peak = max_lr * gamma**cycle
        if step_in_cycle < W:
            out.append((peak - min_lr) * step_in_cycle / W + min_lr)
        else:
            out.append(
                min_lr + (peak - min_lr) * (1 + math.cos(math.pi * (step_in_cycle - W) / (cur - W))) / 2
            )
    return out


def assert_matches(schedule: lrc.Schedule, expected: list[float]) -> None:
    ref = np.asarray(expected)
    tol = 1e-9 * float(np.max(np.abs(ref)))
    steps = np.arange(len(ref))
    got = np.array([schedule(int(k)) for k in steps])
    bad = np.flatnonzero(np.abs(got - ref) > tol)
    assert bad.size == 0, f"first mismatch at k={bad[0]}: {got[bad[0]]!r} vs peer {ref[bad[0]]!r}"
    np.testing.assert_allclose(schedule(steps), ref, rtol=0, atol=tol)


@pytest.mark.parametrize(
    ("first", "kw", "n"),
    [
        pytest.param(10, {}, 60, id="defaults"),
        pytest.param(1, {}, 10, id="one-step-cycles"),
        pytest.param(10, dict(warmup_steps=3), 60, id="warmup"),
        pytest.param(10, dict(warmup_steps=9), 60, id="warmup-all-but-one"),
        pytest.param(8, dict(cycle_mult=2.0, warmup_steps=2, gamma=0.5), 200, id="mult2-warmup-gamma"),
        pytest.param(8, dict(cycle_mult=2, gamma=0.8), 300, id="int-mult"),
        pytest.param(5, dict(cycle_mult=1.1), 100, id="mult-too-small-to-grow"),
        pytest.param(12, dict(cycle_mult=1.5, warmup_steps=4, gamma=0.9), 400, id="mult-1.5-truncated"),
        pytest.param(7, dict(cycle_mult=1.3, max_lr=1.0, min_lr=0.0), 500, id="mult-1.3-min-zero"),
        pytest.param(10, dict(gamma=0.7, warmup_steps=2, min_lr=0.05), 80, id="periodic-decaying"),
        pytest.param(6, dict(max_lr=0.001, min_lr=0.1), 40, id="inverted"),
    ],
)
def test_matches_pytorch_optimizer(first: int, kw: dict[str, Any], n: int) -> None:
    assert_matches(caw.CosineAnnealingWarmupRestarts(first, **kw), run_peer(n, first, **kw))


@given(
    first=st.integers(1, 30),
    warm_frac=st.floats(0.0, 0.95),
    mult=st.sampled_from([1.0, 1, 2, 3]) | st.floats(1.0, 3.0),
    max_lr=st.floats(1e-3, 2.0),
    min_lr=st.floats(0.0, 1e-2),
    gamma=st.floats(0.3, 1.0),
)
def test_matches_pytorch_optimizer_property(
    first: int, warm_frac: float, mult: float, max_lr: float, min_lr: float, gamma: float
) -> None:
    W = min(int(warm_frac * first), first - 1)
    kw = dict(cycle_mult=mult, max_lr=max_lr, min_lr=min_lr, warmup_steps=W, gamma=gamma)
    assert_matches(caw.CosineAnnealingWarmupRestarts(first, **kw), run_peer(300, first, **kw))


@pytest.mark.parametrize(
    ("first", "mult", "W", "n"),
    [
        pytest.param(20, 0.5, 4, 120, id="shrinking-to-warmup-only"),
        pytest.param(30, 0.9, 2, 300, id="shrinking-slowly"),
    ],
)
def test_shrinking_cycles_follow_the_original(first: int, mult: float, W: int, n: int) -> None:
    s = caw.CosineAnnealingWarmupRestarts(first, mult, 1.0, 0.01, W, 0.9)
    assert_matches(s, katsura_reference(n, first, mult, 1.0, 0.01, W, 0.9))


def test_shrinking_cycles_agree_with_pytorch_optimizer_while_cycles_have_decay_steps() -> None:
    # 20 -> int(16 * 0.5) + 4 = 12 -> 8 -> 6 -> 5 -> 4 (no decay steps from step 51 on)
    s = caw.CosineAnnealingWarmupRestarts(20, 0.5, 1.0, 0.01, 4, 0.9)
    assert_matches(s, run_peer(50, 20, cycle_mult=0.5, max_lr=1.0, min_lr=0.01, warmup_steps=4, gamma=0.9))


def test_init_lr_quirk_step_zero_is_min_lr() -> None:
    s = caw.CosineAnnealingWarmupRestarts(10)
    assert (s(0), s(1)) == (0.001, pytest.approx(0.001 + 0.099 * (1 + math.cos(math.pi / 10)) / 2))
    assert s(10) == pytest.approx(0.1)  # later restarts do start at max_lr


def test_defaults_are_katsuras() -> None:
    s = caw.CosineAnnealingWarmupRestarts(4)
    assert_matches(s, run_peer(20, 4, cycle_mult=1.0, max_lr=0.1, min_lr=0.001, warmup_steps=0, gamma=1.0))


def test_exact_at_far_restarts() -> None:
    # cycles 8, 16, 32, ... start at 8 * (2**n - 1): step 8 * (2**40 - 1) is a restart
    s = caw.CosineAnnealingWarmupRestarts(8, 2, 1.0, 0.0)
    at = 8 * (2**40 - 1)
    assert s(at) == 1.0
    assert s(at - 1) < 1e-20


def test_round_trips_as_data() -> None:
    s = caw.CosineAnnealingWarmupRestarts(12, 1.5, warmup_steps=4, gamma=0.9)
    assert lrc.parse(repr(s)) == s
    assert lrc.from_dict(s.to_dict()) == s


@pytest.mark.parametrize(
    ("kw", "exc", "match"),
    [
        pytest.param(
            dict(first_cycle_steps=5, warmup_steps=5),
            ValueError,
            r"CosineAnnealingWarmupRestarts\(\): warmup_steps must be less than first_cycle_steps, "
            r"got warmup_steps=5 and first_cycle_steps=5\.",
            id="warmup-too-long",
        ),
        pytest.param(
            dict(first_cycle_steps=0),
            ValueError,
            r"CosineAnnealingWarmupRestarts\(\): first_cycle_steps must be an int >= 1, got 0\.",
            id="first-zero",
        ),
        pytest.param(
            dict(first_cycle_steps=10.5),
            ValueError,
            r"CosineAnnealingWarmupRestarts\(\): first_cycle_steps must be a whole number \(an int >= 1, or a "
            r"float such as 100\.0\), got 10\.5\.",
            id="first-float",
        ),
        pytest.param(
            dict(first_cycle_steps=10, cycle_mult=0.0),
            ValueError,
            r"CosineAnnealingWarmupRestarts\(\): cycle_mult must be a positive number, got 0.0\.",
            id="mult-zero",
        ),
        pytest.param(
            dict(first_cycle_steps=10, cycle_mult="2"),
            TypeError,
            r"CosineAnnealingWarmupRestarts\(\): cycle_mult must be a positive number, got '2' \(str\)\.",
            id="mult-str",
        ),
        pytest.param(
            dict(first_cycle_steps=10, gamma=0.0),
            ValueError,
            r"CosineAnnealingWarmupRestarts\(\): gamma must be a positive number, got 0.0\.",
            id="gamma-zero",
        ),
        pytest.param(
            dict(first_cycle_steps=10, cycle_mult=1e308),
            ValueError,
            r"CosineAnnealingWarmupRestarts\(\): cycle_mult must be such that the cycles' lengths stay finite "
            r"\(cycle 1 would last inf steps\), got 1e\+308\.",
            id="mult-overflow",
        ),
        pytest.param(
            dict(first_cycle_steps=10, cycle_mult=0.5),
            ValueError,
            r"CosineAnnealingWarmupRestarts\(\): cycle_mult=0.5 shrinks the cycles to zero steps after 4 "
            r"cycles, where the peer divides by zero\. Hint:",
            id="shrink-to-zero",
        ),
        pytest.param(
            dict(first_cycle_steps=100_000, cycle_mult=1.00001),
            ValueError,
            r"CosineAnnealingWarmupRestarts\(\): cycle_mult=1.00001 grows the cycles so slowly that more "
            r"than 10000 restarts",
            id="too-many-cycles",
        ),
    ],
)
def test_errors(kw: dict[str, Any], exc: type[Exception], match: str) -> None:
    with pytest.raises(exc, match=match):
        caw.CosineAnnealingWarmupRestarts(**kw)
