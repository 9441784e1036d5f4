"""The staged scalar path: linear in the size of the composition, flat, and equal to the formula."""

from __future__ import annotations

import dataclasses
import math
from typing import Any, ClassVar

import numpy as np
import pytest

import lr_curves as lrc
from lr_curves import _checks as ck
from lr_curves._base import NODES, Schedule, arg, value_at


def test_shared_subtrees_are_staged_once() -> None:
    # s = s + s forty times is a DAG of 41 nodes and 2**40 paths: staging walks the nodes
    s = lrc.cosine(1.0, 100)
    for _ in range(40):
        s = s + s
    assert s(50) == 2.0**40 * lrc.cosine(1.0, 100)(50)
    assert s(np.array([50.0]))[0] == s(50)
    src = lrc.source(s)
    # two bodies of the formula (float steps; int steps past 2**53), each about one line a node
    assert src.count("return _v") == 2 and len(src.splitlines()) < 200


def test_sums_add_left_to_right_on_every_path() -> None:
    # (a + b) + c, as NumPy adds; Python's sum() compensates (3.12+) and would differ
    terms = [lrc.constant(1e16), lrc.constant(1.0), lrc.constant(-1e16)]
    s = lrc.add(*terms)
    assert s(0) == (1e16 + 1.0) + -1e16 == s(np.array([0.0]))[0]


def test_deep_pieces_become_separate_functions() -> None:
    s = lrc.constant(1.0)
    for _ in range(199):
        s = lrc.warmup(s, 1)
    src = lrc.source(s)
    assert "def _f" in src  # CPython refuses ~100 nested blocks: deep pieces are functions
    assert max(len(line) - len(line.lstrip()) for line in src.splitlines()) < 4 * 40
    assert s(12345) == value_at(s, 12345) == 1.0
    assert s(0.5) == value_at(s, 0.5)


def test_no_operation_raises_where_numpy_gives_inf() -> None:
    s = lrc.exponential(1.0, 10.0) + lrc.polynomial(1.0, 0.0, 10, 0.5) * lrc.inverse_time(1.0, 1.0, power=3.0)
    assert s(10**6) == math.inf == s(np.array([1e6]))[0]


def test_a_fixed_square_is_a_product_on_both_paths() -> None:
    # NumPy computes array ** 2.0 as x * x (correctly rounded; libm's pow may be 1 ulp off)
    s = lrc.polynomial(1.0, 0.0, 10, 2.0)
    ts = list(range(12))
    assert [s(t) for t in ts] == s(np.array(ts, dtype=np.float64)).tolist()
    assert s(3) == 0.7 * 0.7


@pytest.mark.parametrize(
    "s",
    [
        pytest.param(lrc.polynomial(0.0, 1.0, 10, 2.0), id="pow-2-rise"),
        pytest.param(lrc.cosine(1.0, 10, power=0.5), id="pow-half"),
        pytest.param(lrc.exponential(1.0, 3.0, 1), id="step-dependent-exponent"),
    ],
)
def test_compiled_path_equals_the_formula_run_directly(s: lrc.Schedule) -> None:
    ts = [0, 1, 2, 3, 7, 9, 2.5]
    assert [s(t) for t in ts] == [value_at(s, t) for t in ts]
    np.testing.assert_allclose(s(np.array(ts, dtype=np.float64)), [s(t) for t in ts], rtol=1e-15)


def test_source_names_the_formula_lines() -> None:
    src = lrc.source(lrc.warmup(lrc.cosine(1.0, 90), 10))
    assert src.startswith("def entry(self, t):")
    assert "# cosine _primitives.py:" in src
    compile(src, "<test>", "exec")


def test_a_node_with_its_own_equality_keeps_its_class() -> None:
    # A node written as a dataclass with eq=True compares classes: the compiled scalar path
    # must not give it a class of its own (it would no longer equal an uncompiled copy).
    try:

        @dataclasses.dataclass(frozen=True, repr=False)
        class _Half(Schedule):
            api: ClassVar[str] = "half_test_node"
            value: float = arg(ck.finite_float, positional=True)

            def _eval(self, x: Any, op: Any) -> Any:
                return op.full(x, self.value) * 0.5

            def summary(self) -> str:
                return "half"

        a, b = _Half(3.0), _Half(3.0)
        assert a(10) == 1.5 and a(2.5) == 1.5
        assert type(a) is _Half and a == b and hash(a) == hash(b)
        assert repr(a) == "half_test_node(3.0)"
    finally:
        NODES.pop("half_test_node", None)


def test_a_scalar_path_past_the_statement_budget_is_computed_not_compiled() -> None:
    # 199 restarts in a concat are 399 nodes (under MAX_STAGED_NODES) but 13,531 statements:
    # staging them took 0.6 s (3.3 s on a loaded machine). Staging now stops at the budget.
    from lr_curves import _staging

    piece = "restart(cosine(1.0, 10, power=2.0), every=3.5, growth=1.5, decay=0.9, limit=7)"
    big = lrc.parse("concat(" + ", ".join([piece] * 199) + ")")
    small = lrc.parse("concat(" + ", ".join([piece] * 3) + ")")
    assert big._size < _staging.MAX_STAGED_NODES
    with pytest.raises(_staging.TooLargeError):
        _staging.stage(big, _staging.MAX_STAGED_STATEMENTS)
    ts = [0, 1, 3.5, 1000, 2345.25, 1e12]
    values = [big(t) for t in ts]
    assert type(big).__call__ is _staging._interpreted
    assert type(small(0)) is float and type(small).__call__ is not _staging._interpreted
    assert values == [value_at(big, t) for t in ts] == big(np.array(ts, dtype=np.float64)).tolist()
    assert len(_staging.stage(small, _staging.MAX_STAGED_STATEMENTS)[0]) > 0
