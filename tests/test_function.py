"""lr_curves.function: your own function as a schedule (issue 13, item 1)."""

from __future__ import annotations

import json
import math
import pickle
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import lr_curves as lrc
from lr_curves import _strategies
from lr_curves.presets import torch as pt
from lr_curves.testing import assert_curves_equal

FUNCTIONS = _strategies.FUNCTIONS

# Seed 000's own multiplier (shortened run: 10 warmup steps, 100 in all).
warm_up_iter, T_max, lr_max, lr_min, learning_rate = 10, 100, 0.1, 1e-5, 0.1
lambda0 = lambda cur_iter: (
    cur_iter / warm_up_iter
    if cur_iter < warm_up_iter
    else (
        lr_min
        + 0.5
        * (lr_max - lr_min)
        * (1.0 + math.cos((cur_iter - warm_up_iter) / (T_max - warm_up_iter) * math.pi))
    )
    / learning_rate
)


def halve(t: Any) -> Any:
    return 0.1 * 0.5 ** (t // 30)


def torch_trace(make: Any, n: int, lr: float = learning_rate) -> list[float]:
    torch = pytest.importorskip("torch")
    opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=lr)
    sch = make(opt)
    out = []
    for _ in range(n):
        out.append(sch.get_last_lr()[0])
        opt.step()
        sch.step()
    return out


# ---------------------------------------------------------------------------------------- presets vs torch
def test_seed_000_lambda0_through_lambda_lr_is_torch_to_the_bit() -> None:
    torch = pytest.importorskip("torch")
    ref = torch_trace(lambda o: torch.optim.lr_scheduler.LambdaLR(o, lambda0), 150)
    s = pt.LambdaLR(lambda0, base_lr=learning_rate)
    assert [s(k) for k in range(150)] == ref
    assert s(np.arange(150)).tolist() == ref  # lambda0 branches: NumPy calls it per element
    assert_curves_equal(s, lrc.function(lambda0) * learning_rate, steps=150)


def test_multiplicative_lr_with_a_callable_is_torch_to_the_bit() -> None:
    torch = pytest.importorskip("torch")

    def f(k: int) -> float:
        return 0.95 if k < 50 else 1.001

    ref = torch_trace(lambda o: torch.optim.lr_scheduler.MultiplicativeLR(o, f), 10_000)
    s = pt.MultiplicativeLR(f, base_lr=learning_rate)
    assert repr(s) == "function(MultiplicativeLR_f)"
    assert s(9_999) == ref[-1]  # first access far out: 9,999 calls
    assert [s(k) for k in range(10_000)] == ref  # then stepping: one call per step
    assert s(np.arange(10_000)[::-1]).tolist() == ref[::-1]
    assert s(5_000) == ref[5_000]  # random access back: from the nearest cached product


def test_multiplicative_lr_steps_in_constant_calls() -> None:
    calls = []

    def f(k: int) -> float:
        calls.append(k)
        return 0.999

    s = pt.MultiplicativeLR(f)
    for k in range(20_000):
        s(k)
    assert len(calls) == 19_999  # each of lambda(1) .. lambda(19999) once
    calls.clear()
    s(12_345)  # back in time: from the product cached at 12,288
    assert len(calls) == 12_345 - 12_288


def test_multiplicative_lr_with_a_schedule_factor() -> None:
    torch = pytest.importorskip("torch")
    lam = lrc.linear(1.0, 0.9, 10)
    ref = torch_trace(lambda o: torch.optim.lr_scheduler.MultiplicativeLR(o, lam), 30)
    s = pt.MultiplicativeLR(lam, base_lr=learning_rate)
    assert [s(k) for k in range(30)] == ref


def test_cyclic_lr_scale_fn_callable_matches_torch() -> None:
    torch = pytest.importorskip("torch")

    def sf(c: Any) -> Any:
        return 1 / c**0.5

    for mode in ("cycle", "iterations"):
        ref = torch_trace(
            lambda o, mode=mode: torch.optim.lr_scheduler.CyclicLR(
                o,
                0.01,
                0.1,
                step_size_up=5,
                scale_fn=sf if mode == "cycle" else (lambda i: 0.99**i),
                scale_mode=mode,
                cycle_momentum=False,
            ),
            100,
            lr=0.1,
        )
        fn = sf if mode == "cycle" else (lambda k: 0.99**k)
        s = pt.CyclicLR(0.01, 0.1, step_size_up=5, scale_fn=fn, scale_mode=mode)
        assert max(abs(s(k) - r) for k, r in enumerate(ref)) <= 1e-9 * 0.1


# ---------------------------------------------------------------------------------------- a node like any other
def test_composes_describes_and_plots() -> None:
    s = lrc.concat(lrc.warmup(lrc.function(halve, length=90), 10), lrc.constant(0.01)) * 2
    assert repr(s) == "scale(concat(warmup(function(halve, length=90), 10), constant(0.01), at=(100,)), 2.0)"
    assert s.length == 100
    assert s(5) == 0.1 and s(40) == 2 * halve(30) and s(99) == 2 * halve(89) and s(100) == 0.02
    text = lrc.describe(s)
    assert "your function halve(t), held from step 90" in text
    assert lrc.budget(s, 200) == math.fsum(s(k) for k in range(200))
    plot = pytest.importorskip("lr_curves.plot")
    pytest.importorskip("matplotlib")
    ax = plot.plot([s, lrc.function(lambda0) * 0.1], 200)
    curves = [line.get_ydata().tolist() for line in ax.get_lines() if len(line.get_ydata()) == 201]
    assert curves == [[s(k) for k in range(201)], [0.1 * lambda0(k) for k in range(201)]]


def test_length_holds_the_value() -> None:
    s = lrc.function(halve, length=60)
    assert s(60) == s(10**12) == halve(60)
    assert s.length == 60


def test_arrays_vectorise_or_fall_back() -> None:
    calls: list[Any] = []

    def vec(t: Any) -> Any:
        calls.append(type(t))
        return 1.0 / (1.0 + t)

    s = lrc.function(vec)
    out = s(np.arange(10))
    assert calls == [np.ndarray]
    assert out.tolist() == [vec(float(k)) for k in range(10)]
    br = lrc.function(FUNCTIONS["_branchy"])
    assert br(np.array([[10.0, 60.0]])).tolist() == [[0.2, 1.0]]
    assert lrc.function(lambda t: 0.5)(np.arange(3)).tolist() == [0.5] * 3  # a number: broadcast


def test_traced_arrays_call_fn_on_the_tracer() -> None:
    jax = pytest.importorskip("jax")
    jnp = jax.numpy
    s = lrc.warmup(lrc.function(lambda t: 0.5 / (1.0 + t / 100.0), name="decay"), 10)
    f = jax.jit(s)
    got = np.asarray(f(jnp.arange(0.0, 50.0)))
    assert np.allclose(got, s(np.arange(0.0, 50.0)), rtol=1e-6)
    torch = pytest.importorskip("torch")
    assert torch.allclose(s(torch.arange(50.0)), torch.tensor(s(np.arange(50.0)), dtype=torch.float32))
    with pytest.raises(TypeError, match=r"^function\(cos\): fn could not be called on a Tensor .*Hint"):
        lrc.function(math.cos)(torch.arange(5.0))


@given(
    st.sampled_from(sorted(FUNCTIONS)),
    st.one_of(st.none(), st.integers(1, 500)),
    st.sampled_from(["warmup", "concat", "scale", "add"]),
    st.lists(st.integers(0, 10**6), min_size=1, max_size=10),
)
def test_compositions_agree_and_round_trip(name: str, n: int | None, how: str, ts: list[int]) -> None:
    f = lrc.function(FUNCTIONS[name], length=n)
    s = {
        "warmup": lambda: lrc.warmup(f, 7),
        "concat": lambda: lrc.concat(lrc.linear(0.0, 1.0, 5), f),
        "scale": lambda: f * lrc.cosine(1.0, 100),
        "add": lambda: f + 0.25,
    }[how]()
    assert s(np.array(ts, dtype=np.float64)).tolist() == [s(t) for t in ts]
    again = lrc.parse(repr(s), functions=FUNCTIONS)
    assert again == s and hash(again) == hash(s)
    back = lrc.from_dict(json.loads(json.dumps(s.to_dict())), functions=FUNCTIONS)
    assert back == s
    assert [back(t) for t in ts] == [s(t) for t in ts]


# ---------------------------------------------------------------------------------------- data by name only
def test_data_holds_the_name_only() -> None:
    s = lrc.function(halve, length=10)
    assert s.to_dict() == {"lr_curves": 1, "schedule": {"type": "function", "name": "halve", "length": 10}}
    assert lrc.function(lambda0).to_dict()["schedule"] == {"type": "function", "name": "anonymous"}
    assert lrc.function(lambda0, name="lambda0") == lrc.parse(
        "function(lambda0)", functions={"lambda0": lambda0}
    )
    assert pickle.loads(pickle.dumps(s)) == s


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        pytest.param(
            lambda: lrc.parse("function(halve)"),
            ValueError,
            r"^parse\(\): unknown function 'halve' at column 10 \(none given\)\. Hint: pass its code",
            id="parse-unknown",
        ),
        pytest.param(
            lambda: lrc.parse("function(halve)", functions={"other": halve}),
            ValueError,
            r"^parse\(\): unknown function 'halve' .*\(known: other\)",
            id="parse-other",
        ),
        pytest.param(
            lambda: lrc.parse("function(__import__)"),
            ValueError,
            r"^parse\(\): unknown function '__import__'",
            id="parse-builtin",
        ),
        pytest.param(
            lambda: lrc.parse("function('halve')", functions={"halve": halve}),
            TypeError,
            r"^function\(\): fn must be a callable \(step -> value\), got 'halve' \(str\)\.",
            id="parse-string",
        ),
        pytest.param(
            lambda: lrc.from_dict({"lr_curves": 1, "schedule": {"type": "function", "name": "halve"}}),
            ValueError,
            r"^from_dict\(\): unknown function 'halve' at schedule \(none given\)",
            id="dict-unknown",
        ),
        pytest.param(
            lambda: lrc.from_dict(
                {"lr_curves": 1, "schedule": {"type": "function", "name": "halve", "fn": "lambda t: 1"}},
                functions={"halve": halve},
            ),
            ValueError,
            r"^from_dict\(\): a function is stored by name only, got code \('fn'\) at schedule\.",
            id="dict-code",
        ),
        pytest.param(
            lambda: lrc.function(lrc.constant(1.0)),
            TypeError,
            r"^function\(\): fn must be a plain callable, not a Schedule, got constant\(1\.0\)",
            id="schedule",
        ),
        pytest.param(
            lambda: lrc.function(halve, name="my decay"),
            ValueError,
            r"^function\(\): name must be a Python identifier \(letters, digits, _\), got 'my decay'\.",
            id="name",
        ),
        pytest.param(
            lambda: lrc.function(halve, length=0),
            ValueError,
            r"^function\(\): length must be a positive number, got 0\.",
            id="length",
        ),
    ],
)
def test_bad_data_and_arguments_are_clear_errors(call: Any, error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        call()


# ---------------------------------------------------------------------------------------- a misbehaving fn
def bad(t: Any) -> Any:
    return 1.0 / (t - 3)


@pytest.mark.parametrize(
    ("s", "step", "error", "message"),
    [
        pytest.param(
            lrc.function(bad),
            3,
            ValueError,
            r"^function\(bad\): at step 3, fn raised ZeroDivisionError: (float )?division by zero\.$",
            id="raises",
        ),
        pytest.param(
            lrc.warmup(lrc.function(bad), 10),
            13,
            ValueError,
            r"^function\(bad\): at step 3, fn raised ZeroDivisionError",
            id="raises-inside",
        ),
        pytest.param(
            lrc.function(lambda t: "x", name="text"),
            1,
            TypeError,
            r"^function\(text\): at step 1, fn returned 'x' \(str\); it must return a real number\.$",
            id="str",
        ),
        pytest.param(
            lrc.function(lambda t: None, name="nothing"),
            1.5,
            TypeError,
            r"^function\(nothing\): at step 1\.5, fn returned None \(NoneType\)",
            id="none",
        ),
        pytest.param(
            lrc.function(lambda t: math.nan, name="nan"),
            2,
            ValueError,
            r"^function\(nan\): at step 2, fn returned nan; a schedule's value must not be NaN\.$",
            id="nan",
        ),
        pytest.param(
            lrc.function(lambda t: True, name="flag"),
            2,
            TypeError,
            r"^function\(flag\): at step 2, fn returned True \(bool\)",
            id="bool",
        ),
    ],
)
def test_a_misbehaving_fn_is_a_clear_error_naming_it_and_the_step(
    s: lrc.Schedule, step: int, error: type, message: str
) -> None:
    with pytest.raises(error, match=message):
        s(step)
    if "raised" in message:  # on an array, 1 / 0 is inf (NumPy's IEEE result), not an exception
        return
    with pytest.raises(
        error,
        match=message.replace("at step 3", "at step 3(\\.0)?")
        .replace("at step 1,", "at step 1(\\.0)?,")
        .replace("at step 2,", "at step 2(\\.0)?,"),
    ):
        s(np.array([float(step)]))


def test_numpy_nan_from_a_vectorised_fn_names_the_step() -> None:
    s = lrc.function(lambda t: np.where(t > 4, np.nan, t), name="holes")
    with pytest.raises(ValueError, match=r"^function\(holes\): at step 5\.0, fn returned nan"):
        s(np.arange(10.0))


def test_numpy_scalars_and_ints_are_values() -> None:
    assert lrc.function(lambda t: np.float32(0.5), name="f32")(1) == 0.5
    assert lrc.function(lambda t: 1, name="one")(1) == 1.0
    assert type(lrc.function(lambda t: 1, name="one")(1)) is float


def test_the_torch_adapter_saves_a_function_by_name_and_loads_it() -> None:
    torch = pytest.importorskip("torch")
    from lr_curves.adapters.torch import LambdaLR

    s = pt.LambdaLR(lambda0, base_lr=learning_rate)
    opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=learning_rate)
    sch = LambdaLR(opt, s)
    got = []
    for _ in range(20):
        got.append(sch.get_last_lr()[0])
        opt.step()
        sch.step()
    assert got == [s(k) for k in range(20)]
    state = sch.state_dict()
    assert state["lr_curves"]["schedules"][0]["schedule"]["schedule"] == {
        "type": "function",
        "name": "anonymous",
    }
    opt2 = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=learning_rate)
    again = LambdaLR(opt2, s)
    again.load_state_dict(state)
    assert again.get_last_lr()[0] == s(20)
    other = LambdaLR(torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=1.0), lrc.constant(0.1))
    with pytest.raises(ValueError, match=r"from_dict\(\): unknown function 'anonymous'"):
        other.load_state_dict(state)
