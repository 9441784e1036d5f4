"""The registry of nodes is the one list every consumer reads: a registered node without a
factory, a ``describe`` summary, a strategy, a hardening case or its README row fails here."""

from __future__ import annotations

import dataclasses
import inspect
import pathlib

import pytest
from test_hardening import BASE

import lr_curves as lrc
from lr_curves import _strategies as testing
from lr_curves._base import FACTORIES, NODES, Schedule, is_leaf
from lr_curves._serial import FACTORIES as PARSED

README = (pathlib.Path(__file__).parent.parent / "README.md").read_text()
NODE_IDS = [pytest.param(api, id=api) for api in sorted(NODES)]
FACTORY_IDS = [pytest.param(name, id=name) for name in sorted(FACTORIES)]


def test_every_public_factory_is_registered_and_parsed() -> None:
    public = {n for n in lrc.__all__ if isinstance(getattr(lrc, n, None), type(lrc.cosine))}
    schedules = {n for n in public if n in FACTORIES}
    assert set(FACTORIES) <= public
    assert schedules == set(FACTORIES)
    assert PARSED is FACTORIES


@pytest.mark.parametrize("api", NODE_IDS)
def test_node_has_a_factory_of_its_name(api: str) -> None:
    assert api in FACTORIES
    assert NODES[api].api == api


@pytest.mark.parametrize("api", NODE_IDS)
def test_node_writes_its_formula_and_summary(api: str) -> None:
    cls = NODES[api]
    assert cls._eval is not Schedule._eval
    assert cls.summary is not Schedule.summary


@pytest.mark.parametrize("api", NODE_IDS)
def test_node_has_a_strategy(api: str) -> None:
    if is_leaf(NODES[api]):
        assert api in testing._leaf_strategies()
    else:
        st = testing._hypothesis()
        kids = st.just(lrc.cosine(1.0, 10))
        table = testing._combinator_strategies(st, kids, kids, st.just(0.0), st.just(5), st.just(1.0))
        assert api in table


@pytest.mark.parametrize("name", FACTORY_IDS)
def test_factory_has_a_hardening_case(name: str) -> None:
    params = inspect.signature(FACTORIES[name]).parameters
    if any(p.kind is p.VAR_POSITIONAL for p in params.values()):  # concat, add: their own tests
        return
    assert name in BASE
    assert set(BASE[name]) == set(params)


@pytest.mark.parametrize("name", FACTORY_IDS)
def test_factory_has_its_readme_row(name: str) -> None:
    rows = [line for line in README.splitlines() if line.startswith("| ")]
    assert any(f"`{name}(" in row for row in rows), f"README.md: no table row for {name}()"


def test_a_node_without_a_strategy_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    @dataclasses.dataclass(frozen=True, eq=False)
    class Fake(Schedule):
        value: float = 0.0

    monkeypatch.setitem(NODES, "fake_curve", Fake)
    with pytest.raises(LookupError, match=r"no strategy for the registered node\(s\) fake_curve"):
        testing._leaf_strategies()
