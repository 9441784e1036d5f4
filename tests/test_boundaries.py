"""Schedule.labelled_boundaries(): every boundary with its kind, said by the node that makes it."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from strategies import schedules

import lr_curves as lrc
from lr_curves._base import BOUNDARY_KINDS, MAX_LABELLED
from lr_curves.presets import detectron2 as D  # noqa: N812
from lr_curves.presets import timm
from lr_curves.presets import torch as T  # noqa: N812
from lr_curves.presets import transformers as H  # noqa: N812


@pytest.mark.parametrize(
    ("schedule", "until", "expected"),
    [
        pytest.param(
            lrc.warmup(lrc.multistep(1.0, 0.1, [50]), 10),
            None,
            ((10, "warmup end"), (60, "milestone")),
            id="warmup",
        ),
        pytest.param(
            T.StepLR(step_size=30),
            100,
            ((30, "milestone"), (60, "milestone"), (90, "milestone")),
            id="StepLR-drops",
        ),
        pytest.param(
            lrc.exponential(1.0, 0.5, 10, staircase=True, end=0.1),
            10**6,
            ((10, "milestone"), (20, "milestone"), (30, "milestone"), (40, "milestone")),
            id="staircase-until-its-bound",
        ),
        pytest.param(lrc.exponential(1.0, 0.5, 10), 1000, (), id="continuous-exponential"),
        pytest.param(
            T.SequentialLR([T.LinearLR(0.01, 1.0, 100), T.CosineAnnealingLR(400)], milestones=[100]),
            600,
            ((100, "warmup end"),),
            id="seed-000-SequentialLR",
        ),
        pytest.param(
            T.OneCycleLR(max_lr=0.01, epochs=200, steps_per_epoch=128),
            None,
            ((7679.0, "warmup end"), (25601.0, "end")),
            id="seed-002-OneCycleLR",
        ),
        pytest.param(
            T.CosineAnnealingWarmRestarts(T_0=100, T_mult=2),
            1600,
            ((100, "restart"), (300, "restart"), (700, "restart"), (1500, "restart")),
            id="SGDR",
        ),
        pytest.param(
            lrc.restart(lrc.warmup(lrc.cosine(1.0, 90), 10), limit=3),
            None,
            (
                (10, "warmup end"),
                (100, "restart"),
                (110, "warmup end"),
                (200, "restart"),
                (210, "warmup end"),
                (300, "end"),
            ),
            id="restart-inner-warmups-and-end",
        ),
        pytest.param(
            timm.CosineLRScheduler(t_initial=30, cycle_limit=3, warmup_t=5, warmup_prefix=True),
            None,
            ((5, "warmup end"), (35, "restart"), (65, "restart"), (95, "end")),
            id="timm-cycles",
        ),
        pytest.param(
            D.WarmupMultiStepLR(milestones=[600, 800], warmup_iters=100),
            None,
            ((100, "warmup end"), (600, "milestone"), (800, "milestone")),
            id="multiplicative-warmup",
        ),
        pytest.param(
            H.get_cosine_with_hard_restarts_schedule_with_warmup(100, 1000, num_cycles=3),
            None,
            ((100, "warmup end"), (400, "restart"), (700, "restart"), (1000, "end")),
            id="hard-restarts",
        ),
        pytest.param(
            lrc.shift(lrc.multistep(1.0, 0.5, [10, 20]), 5).stretch(2),
            None,
            ((30, "milestone"), (50, "milestone")),
            id="shift-and-stretch",
        ),
        pytest.param(
            lrc.piecewise_linear([0.0, 1.0, 0.1], [0, 10, 100]),
            None,
            ((10, "phase"), (100, "end")),
            id="corners",
        ),
    ],
)
def test_kinds(schedule: lrc.Schedule, until: int | None, expected: tuple[tuple[float, str], ...]) -> None:
    assert schedule.labelled_boundaries(until=until) == expected


def test_restarts_through_the_drawn_range() -> None:
    s = lrc.restart(lrc.cosine(1.0, 10))
    assert len(s.boundaries()) == 64  # boundaries() lists the first cycles
    got = s.labelled_boundaries(until=5_000)
    assert len(got) == 500 and got[-1] == (5_000, "restart")
    assert len(s.labelled_boundaries(until=10**12)) == MAX_LABELLED  # bounded work and memory


def test_staircase_boundaries_list_the_drops() -> None:
    assert lrc.exponential(1.0, 0.1, 30, staircase=True).boundaries()[:3] == (30, 60, 90)
    assert len(lrc.exponential(1.0, 0.1, 30, staircase=True).boundaries()) == 64


@given(schedules)
@example(lrc.restart(lrc.linear(1.0, 1.0, 1), growth=3.0))  # exact int cycle starts beyond 2**53
@example(lrc.shift(lrc.piecewise_linear([1.0, 1.0], [0, 1]), 1))  # a corner at 0, moved to 1
@example(lrc.shift(lrc.concat(lrc.piecewise_linear((1.0, 1.0), (0, 1)), lrc.constant(4.0), at=(1,)), 1))
def test_every_listed_boundary_has_a_kind(s: lrc.Schedule) -> None:
    labelled = s.labelled_boundaries()
    steps = [b for b, _ in labelled]
    assert steps == sorted(set(steps))
    assert all(k in BOUNDARY_KINDS for _, k in labelled)
    assert {b for b in s.boundaries() if b > 0} <= set(steps)


@pytest.mark.parametrize(
    ("schedule", "expected"),
    [
        # was "phase": the inclusive warmup hands over to a cosine one step in, just below the top
        pytest.param(
            lrc.concat(
                lrc.linear(0.0, 0.1, 100),
                lrc.shift(lrc.cosine(0.1, 900, floor=0.001), -1),
                lrc.constant(0.001),
                at=[101, 1001],
            ),
            ((101, "warmup end"), (1001, "end")),
            id="megatron-nemo-inclusive-warmup",
        ),
        # was "end": a warmup then a hold at the top is a warmup end (the run's end is the preset's)
        pytest.param(H.get_constant_schedule_with_warmup(100), ((100, "warmup end"),), id="warmup-then-hold"),
        # a ramp that drops to a floor and stays: where it stops changing
        pytest.param(
            lrc.concat(lrc.linear(0.0, 0.1, 100), lrc.constant(0.001), at=[100]), ((100, "end"),), id="drop"
        ),
        # a second ramp is not the end of a warmup
        pytest.param(
            lrc.concat(lrc.linear(0.0, 1.0, 10), lrc.linear(1.0, 2.0, 10), lrc.constant(2.0), at=[10, 20]),
            ((10, "phase"), (20, "end")),
            id="two-ramps",
        ),
    ],
)
def test_a_concat_says_warmup_end_where_a_ramp_hands_over_at_its_top(
    schedule: lrc.Schedule, expected: tuple[tuple[float, str], ...]
) -> None:
    assert schedule.labelled_boundaries(until=1200) == expected
