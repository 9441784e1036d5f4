"""Differential tests: ``lr_curves.presets.fairseq`` against values from fairseq 0.12.2's own code.

fairseq 0.12.2 does not import on Python 3.11: ``tests/data/fairseq_lr_scheduler.json`` holds
``step_update(k)`` of its scheduler classes, run once from the released wheel's source with
import shims (see ``tests/data/README.md``). Every value must agree within 1e-9 of the curve's
peak, on the Python-number and NumPy paths; every config fairseq refuses is refused here.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import lr_curves as lrc
from lr_curves.presets import fairseq as fq
from lr_curves.presets import torch as pt

DATA = json.loads((Path(__file__).parent / "data" / "fairseq_lr_scheduler.json").read_text())
#: Schedules: ``values[k] = step_update(k)``. The reducer's cases have ``events`` instead.
VALUES = [c for c in DATA["cases"] if not isinstance(c["values"], str) and "events" not in c]
EVENTS = [c for c in DATA["cases"] if not isinstance(c["values"], str) and "events" in c]
REFUSED = [c for c in DATA["cases"] if isinstance(c["values"], str)]


def build(case: dict[str, Any]) -> Any:
    kw = dict(case["kwargs"])
    if "epoch" in case:
        kw["epoch"] = case["epoch"]
    inner = kw.get("lr_scheduler")
    if isinstance(inner, dict):  # pass_through: the optimizer's own scheduler, another fairseq one
        kw["lr_scheduler"] = build(inner)
    return getattr(fq, case["name"])(**kw)


def case_id(i: int, case: dict[str, Any]) -> str:
    return f"{i}-{case['name']}" + (f"-epoch{case['epoch']}" if "epoch" in case else "")


@pytest.mark.parametrize("case", VALUES, ids=[case_id(i, c) for i, c in enumerate(VALUES)])
def test_matches_fairseq(case: dict[str, Any]) -> None:
    s = build(case)
    want = np.asarray(case["values"], dtype=np.float64)
    tol = 1e-9 * max(float(np.abs(want).max()), 1e-300)
    steps = np.arange(len(want))
    scalar = np.asarray([s(int(k)) for k in steps])
    for got, path in ((scalar, "scalar"), (s(steps), "numpy")):
        bad = np.flatnonzero(np.abs(got - want) > tol)
        assert bad.size == 0, f"{path}: update {bad[0]}: preset {got[bad[0]]!r}, fairseq {want[bad[0]]!r}"


@pytest.mark.parametrize("case", EVENTS, ids=[case_id(i, c) for i, c in enumerate(EVENTS)])
def test_plateau_matches_fairseq(case: dict[str, Any]) -> None:
    """Every event as fairseq's trainer made it; the lr after each must be fairseq's, exactly."""
    r = build(case)
    state = r.init()
    got = []
    for event in case["events"]:
        if event[0] == "update":
            state = r.step_update(state, event[1])
        elif event[0] == "epoch":
            state = r.step(state, event[1], event[2])
        # "begin_epoch": fairseq's step_begin_epoch does nothing for this scheduler
        got.append(state.lr)
    assert got == case["values"]
    if "metrics" in case:  # the trainer's loop: the lr after each epoch's lr_step (step, step_update)
        after = [case["values"][i + 1] for i, e in enumerate(case["events"]) if e[0] == "epoch"]
        assert len(after) == len(case["metrics"])
        assert r.trace(case["metrics"], updates_per_epoch=case["updates_per_epoch"]) == after


@pytest.mark.parametrize("case", REFUSED, ids=[case_id(i, c) for i, c in enumerate(REFUSED)])
def test_refuses_what_fairseq_refuses(case: dict[str, Any]) -> None:
    # fairseq's TypeError (an int key in manual's dict string) is a TypeError here too
    error = TypeError if case["values"] == "TypeError" else ValueError
    with pytest.raises(error, match=rf"^{case['name']}\(\): "):
        build(case)


#: Preset parameters that are not a field of the scheduler's config: which ``step_begin_epoch``
#: came first, polynomial_decay's ``optimization.max_update`` (its ``total_num_update``
#: default), and pass_through's optimizer scheduler.
NOT_FIELDS = {"epoch", "max_update", "lr_scheduler"}


@pytest.mark.parametrize("name", sorted(DATA["fields"]))
def test_parameters_are_fairseqs_config_fields(name: str) -> None:
    """Every config field (recorded from fairseq 0.12.2's dataclasses) is a keyword-only parameter
    with fairseq's default; ``II(...)`` fields (``lr``, ``max_update``: other config groups) take
    those groups' defaults; nothing else is added but NOT_FIELDS."""
    import inspect

    fields = DATA["fields"][name]
    ours = inspect.signature(getattr(fq, name)).parameters
    assert set(ours) - set(fields) <= NOT_FIELDS
    for field, default in fields.items():
        q = ours[field]
        assert q.kind == q.KEYWORD_ONLY, field
        if default == "<required>":
            assert q.default is q.empty, field
        elif default != "<II>":
            assert q.default == default, (field, q.default, default)
    if "lr" in ours:
        assert tuple(ours["lr"].default) == (0.25,)  # optimization.lr's default


def test_data_covers_every_preset() -> None:
    names = {c["name"] for c in VALUES + EVENTS}
    assert names == {n for n in fq.__all__ if not n.startswith("ReduceLROnPlateau")}
    assert DATA["fairseq"] == "0.12.2"
    assert set(DATA["fields"]) == names


@pytest.mark.parametrize(
    ("make", "match"),
    [
        pytest.param(
            lambda: fq.inverse_sqrt(warmup_updates=0),
            r"^inverse_sqrt\(\): warmup_updates must be positive, got 0\. Hint: fairseq divides by it",
            id="isqrt-0",
        ),
        pytest.param(
            lambda: fq.tri_stage(max_update=100, phase_ratio=[0.7, 0.2, 0.1]),
            r"ratios whose float sum is exactly 1 \(as fairseq\), got \[0\.7, 0\.2, 0\.1\]\. Hint: their sum is 0\.9999999999999999\.",
            id="ratio-sum",
        ),
        pytest.param(
            lambda: fq.tri_stage(warmup_steps=3),
            r"^tri_stage\(\): the decay stage must have steps, got decay_steps=0\.",
            id="no-decay",
        ),
        pytest.param(
            lambda: fq.cosine(lr=[1.0]), r"^cosine\(\): give max_update or lr_period_updates", id="no-period"
        ),
        pytest.param(
            lambda: fq.cosine(lr=[1.0], max_update=10, t_mult=0.5),
            r"^cosine\(\): t_mult must be >= 1, got 0\.5\.",
            id="t-mult",
        ),
        pytest.param(
            lambda: fq.step(lr=[1.0], lr_decay=1.5), r"^step\(\): lr_decay must be in \[0, 1\]", id="growth"
        ),
        pytest.param(
            lambda: fq.triangular(max_lr=1.0, lr=[0.1], lr_period_updates=1),
            r"lr_period_updates must be >= 2",
            id="half-0",
        ),
        pytest.param(
            lambda: fq.polynomial_decay(lr=[1.0], total_num_update=10, force_anneal=2, epoch=3),
            r"^polynomial_decay\(\): epoch must be < force_anneal",
            id="anneal",
        ),
        pytest.param(
            lambda: fq.polynomial_decay(lr=[1.0]),
            r"^polynomial_decay\(\): total_num_update must be a positive number, got 0\.",
            id="no-total",
        ),
    ],
)
def test_refuses(make: Any, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        make()


@pytest.mark.parametrize(
    ("make", "error", "match"),
    [
        pytest.param(
            lambda: fq.manual(update2lr="[0.1]"),
            ValueError,
            r"^manual\(\): update2lr must be a dict literal \(as fairseq\), got '\[0\.1\]'\.$",
            id="manual-not-dict",
        ),
        pytest.param(
            lambda: fq.manual(epoch2lr="{'2': 0.1"),
            ValueError,
            r"^manual\(\): epoch2lr must be a dict literal such as .*, got \"\{'2': 0\.1\" \(SyntaxError",
            id="manual-syntax",
        ),
        pytest.param(
            lambda: fq.manual(update2lr="{1: 0.1}"),
            TypeError,
            r"^manual\(\): update2lr's keys must be strings such as '1', '1,3' or '5-9' \(fairseq splits the "
            r"key's text\), got 1 \(int\)\.$",
            id="manual-int-key",
        ),
        pytest.param(
            lambda: fq.manual(update2lr="{'1,2-3': 0.1}"),
            ValueError,
            r"^manual\(\): update2lr's keys must be 'n', 'a,b,\.\.\.' or 'a-b' with whole numbers \(as fairseq\), "
            r"got '1,2-3'\.$",
            id="manual-key",
        ),
        pytest.param(
            lambda: fq.manual(update2lr="{'2': 'x'}"),
            ValueError,
            r"^manual\(\): update2lr\['2'\] must be a number, got 'x'\.$",
            id="manual-value",
        ),
        pytest.param(
            lambda: fq.manual(update2lr="{'0-99999999': 0.1}"),
            ValueError,
            r"^manual\(\): update2lr's range '0-99999999' must be at most 1000000 keys long, got 100000000\.$",
            id="manual-huge-range",
        ),
        pytest.param(
            lambda: fq.manual(update2lr="{'2': 1e999}"),
            ValueError,
            r"^manual\(\): update2lr\['2'\] must be",
            id="manual-inf",
        ),
        pytest.param(
            fq.pass_through,
            ValueError,
            r"^pass_through\(\): lr_scheduler must be the optimizer's own scheduler \(an lr_curves Schedule\), "
            r"got None\. Hint: fairseq's pass_through only delegates, and asserts the optimizer has one\.$",
            id="pass-none",
        ),
        pytest.param(
            lambda: fq.pass_through(lr_scheduler={"default": lrc.constant(1.0)}),
            TypeError,
            r"^pass_through\(\): lr_scheduler must be one schedule, got .* Hint: a composite optimizer",
            id="pass-groups",
        ),
        pytest.param(
            lambda: fq.pass_through(lr_scheduler=0.1),
            TypeError,
            r"^pass_through\(\): lr_scheduler must be an lr_curves Schedule",
            id="pass-number",
        ),
        pytest.param(
            lambda: fq.reduce_lr_on_plateau(lr=[1.0, 0.5]),
            ValueError,
            r"^reduce_lr_on_plateau\(\): lr must be a single value \(as fairseq\)",
            id="plateau-lrs",
        ),
        pytest.param(
            lambda: fq.reduce_lr_on_plateau(lr_shrink=1.0),
            ValueError,
            r"^reduce_lr_on_plateau\(\): lr_shrink must be < 1\.0 \(as torch's ReduceLROnPlateau\), got 1\.0\.$",
            id="plateau-shrink",
        ),
        pytest.param(
            lambda: fq.reduce_lr_on_plateau(lr_shrink=-0.1),
            ValueError,
            r"^reduce_lr_on_plateau\(\): lr_shrink must be a non-negative number, got -0\.1\. Hint: torch",
            id="plateau-negative",
        ),
        pytest.param(
            lambda: fq.reduce_lr_on_plateau(lr_patience=-1),
            ValueError,
            r"^reduce_lr_on_plateau\(\): lr_patience must be an int >= 0, got -1\.$",
            id="plateau-patience",
        ),
        pytest.param(
            lambda: fq.reduce_lr_on_plateau().step_update(fq.reduce_lr_on_plateau().init(), -1),
            ValueError,
            r"^reduce_lr_on_plateau\.step_update\(\): num_updates must be an int >= 0, got -1\.$",
            id="plateau-updates",
        ),
        pytest.param(
            lambda: lrc.then(lrc.linear(0.0, 1.0, 2), fq.reduce_lr_on_plateau(), at=0).init(),
            TypeError,
            r"^reduce_lr_on_plateau\(\): this reducer has its own warmup",
            id="plateau-then",
        ),
    ],
)
def test_refuses_new(make: Any, error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        make()


def test_manual_takes_a_parsed_dict_too() -> None:
    text = fq.manual(lr=[1.0], update2lr="{'3': 0.5, '6-7': 0.1}", epoch2lr="{'2': 0.7}", epoch=2)
    parsed = fq.manual(lr=[1.0], update2lr={"3": 0.5, "6-7": 0.1}, epoch2lr={"2": 0.7}, epoch=2)
    assert text == parsed
    assert [text(k) for k in (0, 2, 3, 6, 7, 50)] == [0.7, 0.7, 0.5, 0.1, 0.1, 0.1]


def test_pass_through_is_the_optimizers_scheduler() -> None:
    inner = fq.cosine(lr=[1.0], max_update=10)
    assert fq.pass_through(lr_scheduler=inner) is inner


def test_the_plateau_sees_no_loss_before_its_warmup_ends() -> None:
    r = fq.reduce_lr_on_plateau(lr=[1.0], warmup_updates=3)
    assert r.trace([5.0] * 6) == [0.0] * 6  # no updates: the warmup never ends, as in fairseq
    assert r.trace([5.0] * 6, updates_per_epoch=3) == pytest.approx([1.0, 1.0, 0.1, 0.01, 0.001, 0.0001])
    state = r.init()
    assert (state.lr, state.warmup_end) == (0.0, False)
    assert r.step_update(state, 3).warmup_end is False and r.step_update(state, 4).warmup_end is True
    assert state == r.init()  # states are values


@settings(max_examples=100, deadline=None)
@given(
    shrink=st.floats(0.0, 0.99),
    threshold=st.floats(0.0, 0.5),
    patience=st.integers(0, 3),
    maximize=st.booleans(),
    metrics=st.lists(
        st.one_of(st.sampled_from([1.0, 2.0, 1.0001]), st.floats(-5, 5), st.none()), max_size=25
    ),
    per=st.integers(0, 3),
)
def test_without_warmup_the_plateau_is_torchs(
    shrink: float, threshold: float, patience: int, maximize: bool, metrics: list[float | None], per: int
) -> None:
    """fairseq wraps torch's ReduceLROnPlateau (no cooldown, min_lr 0, eps 1e-8, relative threshold):
    without a warmup its lr after each epoch is torch's preset's after each loss (None: no step)."""
    r = fq.reduce_lr_on_plateau(
        lr=[0.5],
        lr_shrink=shrink,
        lr_threshold=threshold,
        lr_patience=patience,
        maximize_best_checkpoint_metric=maximize,
    )
    torch_rule = pt.ReduceLROnPlateau(
        mode="max" if maximize else "min", factor=shrink, patience=patience, threshold=threshold, base_lr=0.5
    )
    state, want = torch_rule.init(), []
    for m in metrics:
        if m is not None:
            state = torch_rule.update(state, m)
        want.append(state.lr)
    assert r.trace(metrics, updates_per_epoch=per) == want


def test_the_misspelt_field_is_the_only_spelling() -> None:
    assert fq.step(lr=[1.0], lr_deacy_period=2)(2) == 0.5
    with pytest.raises(TypeError, match="lr_decay_period"):
        fq.step(lr=[1.0], lr_decay_period=2)  # type: ignore[call-arg]
