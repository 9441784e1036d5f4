"""parse(): the documented fluent methods and preset calls, its messages, and fuzzing of both."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_fuzz import _check, make_text  # the same checks and mutations as the main fuzz run

import lr_curves as lrc
from lr_curves.presets import torch as T  # noqa: N812


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("cosine(1.0, 100).warmup(10)", lrc.warmup(lrc.cosine(1.0, 100), 10), id="warmup"),
        pytest.param(
            "lrc.cosine(1.0, 10).restart(growth=2).clip(0.1).shift(5)",
            lrc.cosine(1.0, 10).restart(growth=2).clip(0.1).shift(5),
            id="chained",
        ),
        pytest.param("(cosine(1.0, 10) + 0.5).scale(2)", (lrc.cosine(1.0, 10) + 0.5).scale(2), id="on-a-sum"),
        pytest.param(
            "linear(0, 1, 4).stretch(2, staircase=True)", lrc.linear(0, 1, 4).stretch(2, staircase=True)
        ),
        pytest.param(
            "torch.OneCycleLR(max_lr=0.01, total_steps=1000)",
            T.OneCycleLR(max_lr=0.01, total_steps=1000),
            id="preset",
        ),
        pytest.param(
            "lr_curves.presets.torch.StepLR(30, gamma=0.5)", T.StepLR(30, gamma=0.5), id="qualified"
        ),
        pytest.param(
            "torch.SequentialLR([torch.LinearLR(0.01, 1.0, 100), torch.CosineAnnealingLR(400)], [100])",
            T.SequentialLR([T.LinearLR(0.01, 1.0, 100), T.CosineAnnealingLR(400)], [100]),
            id="preset-of-presets",
        ),
        pytest.param("torch.StepLR(step_size=30).warmup(5)", T.StepLR(30).warmup(5), id="preset-method"),
    ],
)
def test_parse_accepts_methods_and_presets(text: str, expected: lrc.Schedule) -> None:
    assert lrc.parse(text) == expected


# Each message names what is wrong in the user's words, quotes the text, and says what to do.
MESSAGES = {
    "floor-division": (  # ** is a power node now (issue 13): // stays refused, in words
        "cosine(1.0,100) // 2",
        r"^parse\(\): '//' \(floor division\) is not allowed in 'cosine\(1\.0,100\) // 2' at column 1\. "
        r"Hint: write calls of lr_curves schedules",
    ),
    "two-words": (
        "a b",
        r"^parse\(\): 'a b' is not a valid expression \(invalid syntax at column 3\)\. Hint:",
    ),
    "near-miss-name": (
        "cosin(1.0, 10)",
        r"^parse\(\): unknown name 'cosin' at column 1\. Did you mean 'cosine'\?",
    ),
    "near-miss-keyword": (
        "cosine(1.0, 10, flor=0.1)",
        r"unexpected keyword argument 'flor'\. Did you mean 'floor'\? Its arguments: peak, steps, floor,",
    ),
    "near-miss-method": (
        "cosine(1.0, 100).warmp(10)",
        r"^parse\(\): 'warmp' is not a schedule method in .* Did you mean 'warmup'\? Methods: clip, restart,",
    ),
    "method-keyword": ("cosine(1.0, 100).warmup(10, shap='cosine')", r"Did you mean 'shape'\?"),
    "method-as-name": (
        "warmp(cosine(1.0, 10), 2)",
        r"unknown name 'warmp' at column 1\. Did you mean 'warmup'\?",
    ),
    "preset-missing": (
        "torch.StepLR()",
        r"^parse\(\): torch\.StepLR needs step_size \(give step_size=\.\.\.\)\.$",
    ),
    "preset-near-miss": (
        "torch.StepLr(step_size=3)",
        r"^parse\(\): unknown preset torch\.StepLr\. Did you mean 'StepLR'\?",
    ),
    "preset-keyword": (
        "torch.StepLR(step_size=3, gama=0.5)",
        r"has no argument 'gama'\. Did you mean 'gamma'\?",
    ),
    "peer-near-miss": (
        "tourch.StepLR(step_size=3)",
        r"\('tourch' is not lr_curves, lrc or a preset peer: .*torch",
    ),
    "reducer": ("torch.ReduceLROnPlateau()", r"torch\.ReduceLROnPlateau is metric-driven \(it gives a "),
    "preset-refuses": ("torch.StepLR(step_size=0)", r"^StepLR\(\): step_size must be an int >= 1, got 0\."),
    "method-of-number": ("(1).warmup(3)", r"only calls .* \('1' is not a schedule\)"),
    "empty": ("  ", r"^parse\(\): the text is empty, not a valid expression\. Hint:"),
    "a-number": ("0.5", r"^parse\(\): the expression must build a schedule, got 0\.5\. Hint: a constant"),
}


@pytest.mark.parametrize(("text", "message"), [pytest.param(*v, id=k) for k, v in MESSAGES.items()])
def test_parse_messages(text: str, message: str) -> None:
    with pytest.raises((ValueError, TypeError), match=message) as info:
        lrc.parse(text)
    assert "\n" not in str(info.value)
    for jargon in ("BinOp", "Attribute", "ListComp", "NamedExpr", "Subscript", "JoinedStr"):
        assert jargon not in str(info.value)


BASES = [
    "cosine(1.0, 100).warmup(10, shape='cosine')",
    "torch.OneCycleLR(max_lr=0.01, total_steps=1000, three_phase=True)",
    "torch.SequentialLR([torch.LinearLR(0.01, 1.0, 100), torch.CosineAnnealingLR(400)], [100])",
    "transformers.get_cosine_schedule_with_warmup(100, 1000).clip(0.1)",
    "lrc.presets.timm.CosineLRScheduler(t_initial=10, cycle_limit=3, cycle_mul=2.0)",
]


@settings(max_examples=30, deadline=None)
@given(st.sampled_from(BASES), st.integers(0, 2**64 - 1))
def test_fuzz_methods_and_presets(base: str, seed: int) -> None:
    # The main fuzz run's checks (a schedule or a one-line ValueError/TypeError, no code run, a
    # float from the result) on mutations of method and preset texts.
    rnd = random.Random(seed)
    for _ in range(40):
        _check("parse", lrc.parse, make_text(rnd, base))
