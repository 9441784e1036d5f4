"""describe lays pieces out in time without contradicting itself: nested concatenations and warmups.

A piece of a concatenation is cut where the next one takes over, however deep it sits (a
``SequentialLR`` of presets that are concatenations themselves, a warmup inside a concat); a
piece that never runs (cut off before it starts) is not listed; the same constant twice in a
row (a window's tail after a tail) is one piece.
"""

from __future__ import annotations

import itertools
import re

from hypothesis import example, given
from hypothesis import strategies as st
from strategies import schedules

import lr_curves as lrc
from lr_curves.analysis import describe
from lr_curves.presets import mmengine
from lr_curves.presets import torch as T  # noqa: N812

SPAN = re.compile(r"^    (?:steps (?P<a>[^-:]+)-(?P<b>[^:]+)|from step (?P<open>[^:]+)): (?P<what>.*)$")

CONSTANT = re.compile(r"constant \S+")


def _pieces(text: str) -> list[str]:
    return text.split("  pieces:\n", 1)[1].splitlines()


def test_a_nested_endless_piece_is_cut_where_the_outer_next_piece_starts() -> None:
    # Before: "from step 100: cosine wave ... (goes on)" and then "from step 1,000: constant 0".
    s = lrc.concat(
        lrc.concat(lrc.linear(0.0, 1.0, 100), lrc.cosine(1.0, 900, periodic=True), at=[100]),
        lrc.constant(0.0),
        at=[1000],
    )
    assert _pieces(describe(s)) == [
        "    steps 0-100: linear from 0 to 1 over 100 steps",
        "    steps 100-1,000: cosine wave between 1 and 0, half period 900 steps",
        "    from step 1,000: constant 0",
    ]


def test_a_warmup_inside_a_concat_is_cut_too() -> None:
    s = lrc.concat(lrc.warmup(lrc.cosine(1.0, 900, periodic=True), 100), lrc.constant(0.0), at=[1000])
    assert _pieces(describe(s)) == [
        "    steps 0-100: linear warmup from 0 to 1 (the schedule's start)",
        "    steps 100-1,000: cosine wave between 1 and 0, half period 900 steps",
        "    from step 1,000: constant 0",
    ]


def test_a_sequential_lr_of_one_cycle_lists_only_what_runs() -> None:
    # OneCycleLR's own tail starts at step 401, after SequentialLR hands over at 400. Before:
    # "steps 119-401", "from step 401: constant 4e-07", then "steps 400-500" (back in time).
    s = T.SequentialLR(
        [T.OneCycleLR(max_lr=0.1, total_steps=400), T.ConstantLR(0.1, 100, base_lr=0.1)], milestones=[400]
    )
    assert _pieces(describe(s)) == [
        "    steps 0-119: cosine from 0.004 to 0.1 over 119 steps",
        "    steps 119-400: cosine wave between 0.1 and 4e-07, half period 280 steps",
        "    steps 400-500: piecewise constant: 0.01, 0.1 at 100",
    ]


def test_the_same_constant_twice_is_one_piece() -> None:
    # mmengine's window ends at its INF (10**9) and holds the last value: before, the tail was
    # listed three times ("from step 1,000", then twice "from step 1,000,000,000").
    s = mmengine.CosineRestartLR(
        periods=[300, 700], restart_weights=[1.0, 0.5], eta_min=0.001, by_epoch=False
    )
    assert _pieces(describe(s))[-2:] == [
        "    steps 300-1,000: cosine from 0.5 to 0.001 over 700 steps",
        "    from step 1,000: constant 0.00100251",  # mmengine never reaches eta_min
    ]


@given(schedules, schedules, st.integers(1, 2_000), st.booleans())
@example(
    lrc.stretch(lrc.constant(1.0), 1), lrc.linear(1.0, 1.0, 1), 1, False
)  # old code: "from step 1" twice
@example(  # an overlaid warmup shorter than its piece: its schedule holds up to the next piece
    lrc.warmup(lrc.linear(1.0, 1.0, 0.5), 0.5, overlay=True), lrc.linear(1.0, 1.0, 1), 1, False
)
@example(  # two equal constant-shaped ramps in a row are two pieces (only equal constants merge)
    lrc.warmup(lrc.warmup(lrc.linear(1.0, 1.0, 1), 1, start=0.001, shape="exponential"), 1, shape="constant"),
    lrc.warmup(lrc.warmup(lrc.linear(1.0, 1.0, 1), 1, start=0.001, shape="exponential"), 1, shape="constant"),
    1,
    False,
)
def test_pieces_in_time_follow_one_another(a: lrc.Schedule, b: lrc.Schedule, at: int, ramp: bool) -> None:
    """Each piece starts where the one before ends; only the last may go on ("from step", "goes on")."""
    s = lrc.concat(lrc.warmup(a, at // 2 + 1) if ramp else a, b, at=[at])
    spans = [m for m in map(SPAN.match, _pieces(describe(s))) if m]
    assert spans
    assert spans[0]["a"] == "0" or spans[0]["open"] == "0"
    for before, after in itertools.pairwise(spans):
        assert before["b"] is not None, (before.string, after.string)  # an open piece is the last
        assert "(goes on)" not in before["what"], before.string
        assert after["open"] or after["a"], after.string
        assert (after["a"] or after["open"]) == before["b"], (before.string, after.string)
        assert before["what"] != after["what"] or not CONSTANT.fullmatch(after["what"]), after.string
