"""Differential tests: ``presets.mmengine.ReduceOnPlateauLR`` against mmengine 0.10.7's own class.

``run_mmengine`` builds the real ``ReduceOnPlateauLR`` through mmengine's registry on a torch SGD
optimizer and drives it as ``ParamSchedulerHook`` does in an epoch-based loop: ``step()`` after
every training epoch, then ``step({monitor: metric})`` after the validation (skipped for a
``None`` metric, as with ``val_interval > 1``). The reducer's ``trace`` must give the same lr
after every epoch (exactly: both do the same float operations).
"""

from __future__ import annotations

import copy
import inspect
import math
import warnings
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import lr_curves as lrc
from lr_curves.presets import mmengine as mm

torch = pytest.importorskip("torch")
pytest.importorskip("mmengine")
import mmengine.optim.scheduler  # noqa: E402, F401  (registers the schedulers)
from mmengine.registry import PARAM_SCHEDULERS  # noqa: E402


def run_mmengine(kwargs: dict[str, Any], metrics: list[float | None], base_lr: float) -> list[float]:
    """The lr after each epoch (training, then the validation of that epoch) of mmengine's runner."""
    p = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([p], lr=base_lr)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        s = PARAM_SCHEDULERS.build(
            dict(type="ReduceOnPlateauLR", **copy.deepcopy(kwargs)), default_args={"optimizer": opt}
        )
        out = []
        for m in metrics:
            s.step()  # after_train_epoch
            if m is not None:
                s.step({kwargs.get("monitor", "loss"): m, "other": 0.0})  # after_val_epoch
            out.append(float(opt.param_groups[0]["lr"]))
    return out


def check(kwargs: dict[str, Any], metrics: list[float | None], base_lr: float = 1.0) -> None:
    want = run_mmengine(kwargs, metrics, base_lr)
    r = mm.ReduceOnPlateauLR(**kwargs, base_lr=base_lr)
    assert r.trace(metrics) == want
    # the same loop through mmengine's own step API
    state = r.init()
    got = []
    for m in metrics:
        state = r.step(state)
        if m is not None:
            state = r.step(state, {r.monitor: m, "other": 0.0})
        got.append(state.lr)
    assert got == want


def _p(id_: str, kwargs: dict[str, Any], metrics: list[float | None], base_lr: float = 1.0) -> Any:
    return pytest.param(kwargs, metrics, base_lr, id=id_)


FLAT = [1.0] * 12
CASES = [
    _p("defaults-flat", {}, [1.0] * 25),
    _p("patience-0", {"patience": 0}, FLAT),
    _p("patience-2", {"patience": 2}, [5.0, 4.0, 4.0, 4.0, 4.0, 3.0, 3.0, 3.0, 3.0, 3.0]),
    _p("cooldown", {"patience": 0, "cooldown": 2}, FLAT),
    _p("cooldown-3-patience-1", {"patience": 1, "cooldown": 3}, [2.0, 1.0, *FLAT]),
    _p(
        "abs-less", {"patience": 1, "threshold": 0.5, "threshold_rule": "abs"}, [5.0, 4.6, 4.2, 3.4, 3.0, 2.9]
    ),
    _p("rel-less", {"patience": 0, "threshold": 0.1}, [10.0, 9.5, 8.9, 8.5, 7.0]),
    _p(
        "greater-rel",
        {"monitor": "acc", "rule": "greater", "patience": 1, "threshold": 0.01},
        [0.5, 0.6, 0.605, 0.61, 0.7, 0.7, 0.7],
    ),
    _p(
        "greater-abs",
        {"monitor": "acc", "rule": "greater", "patience": 0, "threshold": 0.05, "threshold_rule": "abs"},
        [0.1, 0.2, 0.22, 0.3, 0.31, 0.4],
    ),
    _p("min-value", {"patience": 0, "factor": 0.5, "min_value": 0.3}, FLAT),
    _p("min-value-above-lr", {"patience": 0, "min_value": 2.0}, FLAT),
    _p("eps-blocks", {"patience": 0, "factor": 0.6, "eps": 0.5}, FLAT),
    _p("eps-0", {"patience": 0, "factor": 0.5, "eps": 0.0, "min_value": 0.25}, FLAT),
    _p("factor-0", {"patience": 1, "factor": 0.0}, FLAT),
    _p("begin", {"patience": 0, "begin": 3}, FLAT),
    _p("end", {"patience": 0, "end": 4}, FLAT),
    _p("window", {"patience": 1, "begin": 2, "end": 7}, [3.0, 2.0, 2.0, 2.0, 1.0, 1.0, 1.0, 1.0, 1.0]),
    _p("begin-end-1", {"patience": 0, "begin": 5, "end": 6}, FLAT),
    _p("no-validation-epochs", {"patience": 1}, [2.0, None, 2.0, None, 2.0, 2.0, None, 2.0]),
    _p("nan-never-improves", {"patience": 1}, [math.nan, math.nan, 1.0, math.nan, math.nan, math.nan]),
    _p("inf-metric", {"patience": 0}, [math.inf, 1.0, math.inf, -math.inf, 0.0]),
    # mmengine's best starts at INF = 1e9, not infinity: a first loss of 2e9 is no improvement
    _p("best-starts-at-1e9", {"patience": 1}, [2e9, 2e9, 2e9, 1.0, 1.0, 1.0]),
    _p("best-starts-at-1e9-rel", {"patience": 0}, [1e9 * (1 - 1e-4), 0.99e9, 5.0]),
    _p("greater-starts-at-minus-1e9", {"rule": "greater", "patience": 0}, [-2e9, -1e8, -1e8]),
    _p("base-lr", {"patience": 0, "factor": 0.3}, FLAT, 0.02),
    _p("whole-floats", {"patience": 1.0, "cooldown": 2.0, "begin": 1.0}, FLAT),
]


@pytest.mark.parametrize(("kwargs", "metrics", "base_lr"), CASES)
def test_matches_mmengine(kwargs: dict[str, Any], metrics: list[float | None], base_lr: float) -> None:
    check(kwargs, metrics, base_lr)


metric_values = st.one_of(
    st.sampled_from([1.0, 1.0, 2.0, 0.5, 0.9999, 1.0001]),
    st.floats(-10, 10, allow_nan=False),
    st.just(math.nan),
    st.none(),
)


@settings(max_examples=150, deadline=None)
@given(
    rule=st.sampled_from(["less", "greater"]),
    threshold_rule=st.sampled_from(["rel", "abs"]),
    factor=st.one_of(st.just(0.1), st.floats(0.0, 0.99)),
    patience=st.integers(0, 4),
    threshold=st.one_of(st.sampled_from([0.0, 1e-4, 0.05, 0.5]), st.floats(0.0, 2.0)),
    cooldown=st.integers(0, 3),
    min_value=st.one_of(st.just(0.0), st.floats(0.0, 1.5)),
    eps=st.one_of(st.sampled_from([1e-8, 0.0]), st.floats(0.0, 0.3)),
    begin=st.integers(0, 5),
    length=st.one_of(st.integers(1, 20), st.just(None)),
    base_lr=st.floats(1e-4, 2.0),
    metrics=st.lists(metric_values, max_size=30),
)
@example(
    rule="less",
    threshold_rule="rel",
    factor=0.5,
    patience=0,
    threshold=0.0,
    cooldown=1,
    min_value=0.1,
    eps=0.0,
    begin=0,
    length=None,
    base_lr=1.0,
    metrics=[1.0] * 10,
)
def test_random_configs_match_mmengine(
    rule: str,
    threshold_rule: str,
    factor: float,
    patience: int,
    threshold: float,
    cooldown: int,
    min_value: float,
    eps: float,
    begin: int,
    length: int | None,
    base_lr: float,
    metrics: list[float | None],
) -> None:
    kwargs = {
        "rule": rule,
        "threshold_rule": threshold_rule,
        "factor": factor,
        "patience": patience,
        "threshold": threshold,
        "cooldown": cooldown,
        "min_value": min_value,
        "eps": eps,
        "begin": begin,
        "end": mm.INF if length is None else begin + length,
    }
    check(kwargs, metrics, base_lr)


def test_the_state_is_a_value() -> None:
    r = mm.ReduceOnPlateauLR(patience=0, base_lr=0.1)
    s0 = r.init()
    assert s0 == mm.ReduceOnPlateauLRState(lr=0.1, best=1e9)
    s1 = r.update(s0, 2.0)
    assert (s0.lr, s1.lr, s1.best, s1.global_step) == (0.1, 0.1, 2.0, 1)
    assert r.update(s1, 2.0).lr == pytest.approx(0.01)
    assert s1.lr == 0.1  # update returned new states
    assert r == mm.ReduceOnPlateauLR(patience=0, base_lr=0.1) and hash(r) == hash(
        mm.ReduceOnPlateauLR(patience=0, base_lr=0.1)
    )


def test_a_warmup_then_the_plateau() -> None:
    """``lrc.then``: a warmup for 3 epochs, then mmengine's reducer from the lr it reaches."""
    r = lrc.then(lrc.linear(0.0, 0.1, 3), mm.ReduceOnPlateauLR(patience=0), at=3)
    got = r.trace([9.0, 9.0, 9.0, 1.0, 1.0, 1.0])
    assert [round(x, 6) for x in got] == [0.033333, 0.066667, 0.1, 0.1, 0.01, 0.001]


@pytest.mark.parametrize(
    ("make", "error", "match"),
    [
        pytest.param(
            lambda: mm.ReduceOnPlateauLR(factor=1.0),
            ValueError,
            r"^ReduceOnPlateauLR\(\): factor must be < 1\.0 \(as mmengine\), got 1\.0\.$",
            id="factor-1",
        ),
        pytest.param(
            lambda: mm.ReduceOnPlateauLR(factor=-0.5),
            ValueError,
            r"^ReduceOnPlateauLR\(\): factor must be a non-negative number, got -0\.5\. Hint: mmengine",
            id="factor-negative",
        ),
        pytest.param(
            lambda: mm.ReduceOnPlateauLR(threshold=-1e-4),
            ValueError,
            r"^ReduceOnPlateauLR\(\): threshold must be >= 0 \(as mmengine\), got -0\.0001\.$",
            id="threshold",
        ),
        pytest.param(
            lambda: mm.ReduceOnPlateauLR(rule="min"),
            ValueError,
            r"^ReduceOnPlateauLR\(\): rule must be one of 'less', 'greater', got 'min'",
            id="rule",
        ),
        pytest.param(
            lambda: mm.ReduceOnPlateauLR(threshold_rule="relative"),
            ValueError,
            r"^ReduceOnPlateauLR\(\): threshold_rule must be one of 'rel', 'abs'",
            id="threshold-rule",
        ),
        pytest.param(
            lambda: mm.ReduceOnPlateauLR(begin=5, end=5),
            ValueError,
            r"^ReduceOnPlateauLR\(\): end must be larger than begin \(as mmengine\), got begin=5, end=5\.$",
            id="window",
        ),
        pytest.param(
            lambda: mm.ReduceOnPlateauLR(by_epoch=False),
            ValueError,
            r"^ReduceOnPlateauLR\(\): by_epoch must be True \(mmengine only supports by_epoch=True\)",
            id="by-epoch",
        ),
        pytest.param(
            lambda: mm.ReduceOnPlateauLR(min_value=[0.0, 0.1]),
            TypeError,
            r"^ReduceOnPlateauLR\(\): min_value must be a number, got \[0\.0, 0\.1\] \(list\)\. Hint: a list",
            id="min-value-list",
        ),
        pytest.param(
            lambda: mm.ReduceOnPlateauLR(patience=1.5),
            ValueError,
            r"^ReduceOnPlateauLR\(\): patience must be a whole number",
            id="patience",
        ),
        pytest.param(
            lambda: mm.ReduceOnPlateauLR(monitor=3),
            TypeError,
            r"^ReduceOnPlateauLR\(\): monitor must be a str",
            id="monitor",
        ),
        pytest.param(
            lambda: mm.ReduceOnPlateauLR(eps=math.nan),
            ValueError,
            r"^ReduceOnPlateauLR\(\): eps must be",
            id="eps",
        ),
    ],
)
def test_refuses(make: Any, error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        make()


def test_step_needs_the_monitored_key() -> None:
    r = mm.ReduceOnPlateauLR(monitor="acc")
    with pytest.raises(
        ValueError,
        match=r"^ReduceOnPlateauLR\.step\(\): metrics must hold the monitored key 'acc', got keys \['loss'\]\.$",
    ):
        r.step(r.init(), {"loss": 1.0})
    with pytest.raises(TypeError, match=r"^ReduceOnPlateauLR\.step\(\): metrics must be a dict"):
        r.step(r.init(), 1.0)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"metric must be a real number, got '1'"):
        r.update(r.init(), "1")  # type: ignore[arg-type]


def test_from_config_points_to_the_reducer() -> None:
    with pytest.raises(
        ValueError, match=r"build it as lr_curves\.presets\.mmengine\.ReduceOnPlateauLR\(\.\.\.\)"
    ):
        mm.from_config(dict(type="ReduceOnPlateauLR"))


def test_signature_is_mmengines() -> None:
    """mmengine's names, defaults and order (minus optimizer, param_name, last_step, verbose);
    positional up to ``end``, ``by_epoch`` and ``base_lr`` keyword-only."""
    from mmengine.optim.scheduler.param_scheduler import ReduceOnPlateauParamScheduler

    peer = [
        p
        for p in inspect.signature(ReduceOnPlateauParamScheduler.__init__).parameters.values()
        if p.name not in ("self", "optimizer", "param_name", "last_step", "verbose")
    ]
    ours = inspect.signature(mm.ReduceOnPlateauLR).parameters
    assert [n for n in ours if n != "base_lr"] == [p.name for p in peer]
    for p in peer:
        assert ours[p.name].default == p.default, p.name
        kind = (
            inspect.Parameter.KEYWORD_ONLY
            if p.name == "by_epoch"
            else inspect.Parameter.POSITIONAL_OR_KEYWORD
        )
        assert ours[p.name].kind == kind, p.name
    assert ours["base_lr"].kind == inspect.Parameter.KEYWORD_ONLY
