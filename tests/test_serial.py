"""repr / parse / to_dict / from_dict, and the errors of bad or hostile input."""

from __future__ import annotations

import json
import pickle

import pytest

import lr_curves as lrc

S = lrc.warmup(lrc.restart(lrc.cosine(1.0, 10, floor=0.1), growth=2, decay=0.5), 5, start=0.01)


def test_repr_is_the_rebuilding_expression() -> None:
    assert repr(S) == (
        "warmup(restart(cosine(1.0, 10, floor=0.1), every=10, growth=2.0, decay=0.5), 5, start=0.01)"
    )
    assert repr(lrc.concat(lrc.linear(0, 1, 5), lrc.constant(1))) == (
        "concat(linear(0.0, 1.0, 5), constant(1.0), at=(5,))"
    )
    assert repr(lrc.cosine(1.0, 10) + 0.1) == "add(cosine(1.0, 10), constant(0.1))"


def test_to_dict_is_versioned_json() -> None:
    data = S.to_dict()
    assert data["lr_curves"] == 1
    assert data["schedule"]["type"] == "warmup"
    assert json.loads(json.dumps(data)) == data
    assert lrc.from_dict(data) == S


def test_parse_accepts_module_prefix_and_arithmetic() -> None:
    s = lrc.parse("0.5 * lr_curves.cosine(1.0, 10) + constant(1/4)")
    assert s(0) == 0.75
    assert lrc.parse("  linear(0, 1, 10)\n") == lrc.linear(0, 1, 10)


def test_pickle_round_trip() -> None:
    again = pickle.loads(pickle.dumps(S))
    assert again == S and again(7) == S(7)


PARSE_ERRORS = [
    pytest.param(
        "__import__('os').system('echo hi')",
        r"parse\(\): unknown name '__import__' at column 1\. Allowed: add, clip",
        id="import-call",
    ),
    pytest.param("__import__('os')", r"parse\(\): unknown name '__import__'", id="import"),
    pytest.param(
        "cosine.__class__",
        r"parse\(\): attribute access is not allowed in 'cosine\.__class__' at column 1\. Hint: write calls",
        id="dunder-attr",
    ),
    pytest.param("open('x')", r"unknown name 'open'", id="builtin"),
    pytest.param(
        "os.system('x')",
        r"only calls of lr_curves schedule names, their methods and presets are allowed \('os' is not lr_curves",
        id="module-call",
    ),
    pytest.param("cosine(1.0, 10)(3)", r"only calls of lr_curves schedule names", id="call-result"),
    pytest.param("x", r"name 'x' is not allowed", id="bare-name"),
    pytest.param("cosine(*[1, 10])", r"\*args are not allowed", id="starargs"),
    pytest.param("cosine(**{'peak': 1})", r"\*\*kwargs are not allowed", id="kwargs"),
    pytest.param(
        "[cosine(1.0, 10) for _ in range(9)]",
        r"parse\(\): a comprehension is not allowed in '\[cosine",
        id="comprehension",
    ),
    pytest.param(
        "lambda: 1", r"parse\(\): a lambda is not allowed in 'lambda: 1' at column 1\.", id="lambda"
    ),
    pytest.param(
        "cosine(1.0, 10",
        r"parse\(\): 'cosine\(1\.0, 10' is not a valid expression \('\(' was never closed at column 7\)\. Hint:",
        id="syntax",
    ),
    pytest.param("1.0", r"the expression must build a schedule, got 1\.0", id="number"),
    pytest.param("2 ** 10 ** 10", r"number out of the float64 range", id="power"),
    pytest.param("(-8) ** 0.5 * cosine(1.0, 10)", r"a negative number to a fractional power", id="complex"),
    pytest.param("cosine(1.0, 1e999)", r"cosine\(\): steps must be finite, got inf", id="huge-literal"),
    pytest.param(
        "constant(" + "9" * 5000 + ")",
        r"is not a valid expression \(a number with thousands of digits\)",
        id="huge-int",
    ),
    pytest.param("(" * 300 + "constant(1.0)" + ")" * 300, r"parse\(\): ", id="deep-brackets"),
    pytest.param("cosine(b'x', 10)", r"literal b'x' is not allowed", id="bytes"),
    pytest.param("cosine(1.0, 10) / 0", r"divide\(\): by must be a non-zero number, got 0\.0", id="div-zero"),
    pytest.param("x" * 200_000, r"text must be at most 100000 characters", id="too-long"),
    pytest.param("cosine(1.0)", r"bad arguments for cosine\(\)", id="missing-arg"),
    pytest.param("cosine(1.0, 10, colour=1)", r"bad arguments for cosine\(\).*colour", id="unknown-kw"),
]


@pytest.mark.parametrize(("text", "message"), PARSE_ERRORS)
def test_parse_rejects_anything_else(text: str, message: str) -> None:
    with pytest.raises((ValueError, TypeError), match=message):
        lrc.parse(text)


def test_parse_type_error() -> None:
    with pytest.raises(TypeError, match=r"parse\(\): text must be a str, got int"):
        lrc.parse(3)  # type: ignore[arg-type]


FROM_DICT_ERRORS = [
    pytest.param([], TypeError, r"from_dict\(\): data must be a dict, got list", id="not-dict"),
    pytest.param(
        {"schedule": {}},
        ValueError,
        r"data\['lr_curves'\] must be the format version 1, got None",
        id="no-version",
    ),
    pytest.param(
        {"lr_curves": 2, "schedule": {}}, ValueError, r"format version 1, got 2", id="future-version"
    ),
    pytest.param(
        {"lr_curves": 1, "schedule": 3},
        TypeError,
        r"data\['schedule'\] must be a dict, got int",
        id="schedule-int",
    ),
    pytest.param(
        {"lr_curves": 1, "schedule": {"type": "eval"}},
        ValueError,
        r"unknown schedule type 'eval' at schedule\. Known types:",
        id="unknown-type",
    ),
    pytest.param(
        {"lr_curves": 1, "schedule": {"value": 1}},
        ValueError,
        r"needs a 'type' string at schedule",
        id="no-type",
    ),
    pytest.param(
        {"lr_curves": 1, "schedule": {"type": "constant", "value": "x"}},
        TypeError,
        r"constant\(\): value must be a real number",
        id="bad-value",
    ),
    pytest.param(
        {"lr_curves": 1, "schedule": {"type": "constant", "value": 1, "__class__": 1}},
        TypeError,
        r"bad arguments for constant\(\) at schedule",
        id="dunder-key",
    ),
    pytest.param(
        {"lr_curves": 1, "schedule": {"type": "constant", "value": {1, 2}}},
        TypeError,
        r"got set at schedule\.value",
        id="set",
    ),
    pytest.param(
        {"lr_curves": 1, "schedule": {"type": "concat", "pieces": 3}},
        TypeError,
        r"schedule\.pieces must be a list of schedules",
        id="pieces-int",
    ),
]


@pytest.mark.parametrize(("data", "error", "message"), FROM_DICT_ERRORS)
def test_from_dict_errors(data: object, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        lrc.from_dict(data)


def test_from_dict_deep_nesting_is_a_clear_error() -> None:
    node: dict[str, object] = {"type": "constant", "value": 1.0}
    for _ in range(400):
        node = {"type": "scale", "schedule": node, "by": 1.0}
    with pytest.raises(ValueError, match=r"nested"):
        lrc.from_dict({"lr_curves": 1, "schedule": node})
