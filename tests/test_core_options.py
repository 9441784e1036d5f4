"""The core options the timm/fvcore presets needed: restart(index=, end=), polynomial(k_decay=),
inverse_time(power=). Golden values from the documented formulas, errors, and value semantics."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import lr_curves as lrc


# ---------------------------------------------------------------------------------------- restart(index="log")
def test_restart_log_index_misplaces_like_the_float_formula() -> None:
    r = lrc.restart(lrc.cosine(1.0, 1, 0.1), growth=3, index="log")
    # floor(log(243) / log(3)) == 4: step 121 is the end of cycle 4 (the floor), not a restart
    assert math.floor(math.log(243.0) / math.log(3.0)) == 4
    assert r(121) == 0.1
    assert r(np.array([121.0]))[0] == 0.1
    # elsewhere it is the exact restart
    exact = lrc.restart(lrc.cosine(1.0, 1, 0.1), growth=3)
    steps = [t for t in range(400) if t != 121]
    assert [r(t) for t in steps] == pytest.approx([exact(t) for t in steps], rel=1e-12)


def test_restart_log_index_below_boundary_for_float_steps() -> None:
    # just below the boundary t=1 (every=1, growth=3) the float formula already says cycle 1
    t = math.nextafter(1.0, 0.0)
    r = lrc.restart(lrc.cosine(1.0, 1, 0.1), growth=3, index="log")
    want = math.floor(math.log(1 - t / 1 * (1 - 3.0)) / math.log(3.0))
    assert r.cycle_index(t) == want  # type: ignore[attr-defined]
    assert r(np.array([t]))[0] == r(t)


@given(st.integers(0, 10**6), st.sampled_from([2.0, 3.0, 1.5]), st.integers(1, 20))
def test_restart_log_scalar_equals_numpy(t: int, growth: float, every: int) -> None:
    r = lrc.restart(lrc.cosine(1.0, every, 0.01), every=every, growth=growth, index="log")
    assert r(np.array([float(t)]))[0] == pytest.approx(r(t), rel=1e-12, abs=1e-15)


def test_restart_log_with_growth_one_is_exact() -> None:
    r = lrc.restart(lrc.linear(1.0, 0.0, 10), index="log")
    assert r(10) == 1.0 and r(15) == 0.5


# ---------------------------------------------------------------------------------------- restart(end=)
def test_restart_end_is_held_after_the_limit() -> None:
    r = lrc.restart(lrc.linear(1.0, 0.5, 10), limit=2, end=0.0)
    assert r(9) == pytest.approx(0.55) and r(19) == pytest.approx(0.55)
    assert r(20) == 0.0 and r(10**9) == 0.0
    assert r(np.array([5.0, 25.0])).tolist() == [0.75, 0.0]
    assert lrc.parse(repr(r)) == r and lrc.from_dict(r.to_dict()) == r


@pytest.mark.parametrize(
    ("kw", "exc", "match"),
    [
        pytest.param(
            {"end": 0.0},
            ValueError,
            r"restart\(\): end is the value held after the last cycle, so it needs a limit",
            id="end-no-limit",
        ),
        pytest.param(
            {"limit": 2, "end": math.inf},
            ValueError,
            r"restart\(\): end must be finite, got inf",
            id="end-inf",
        ),
        pytest.param(
            {"index": "float"},
            ValueError,
            r"restart\(\): index must be one of 'exact', 'log', got 'float'",
            id="index",
        ),
    ],
)
def test_restart_option_errors(kw: dict[str, object], exc: type[Exception], match: str) -> None:
    with pytest.raises(exc, match=match):
        lrc.restart(lrc.cosine(1.0, 10), **kw)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------- polynomial(k_decay=)
@pytest.mark.parametrize(
    ("t", "want"),
    [
        pytest.param(0, 1.0, id="start"),
        pytest.param(5, 0.75, id="middle"),  # 1 - (1/2)**2
        pytest.param(10, 0.0, id="end"),
        pytest.param(10**9, 0.0, id="far"),
    ],
)
def test_polynomial_k_decay_golden(t: int, want: float) -> None:
    s = lrc.polynomial(1.0, 0.0, 10, 1.0, k_decay=2.0)
    assert s(t) == pytest.approx(want, abs=1e-15)
    assert s(np.array([float(t)]))[0] == pytest.approx(want, abs=1e-15)


def test_polynomial_k_decay_with_power() -> None:
    s = lrc.polynomial(2.0, 0.5, 8, 0.5, k_decay=3.0)
    assert s(4) == pytest.approx(0.5 + 1.5 * (1 - 0.5**3) ** 0.5, rel=1e-15)


def test_polynomial_k_decay_errors() -> None:
    with pytest.raises(ValueError, match=r"polynomial\(\): k_decay must be 1\.0 when cycle=True, got 2\.0"):
        lrc.polynomial(1.0, 0.0, 10, cycle=True, k_decay=2.0)
    with pytest.raises(ValueError, match=r"polynomial\(\): k_decay must be a positive number, got 0"):
        lrc.polynomial(1.0, 0.0, 10, k_decay=0)


# ---------------------------------------------------------------------------------------- inverse_time(power=)
@pytest.mark.parametrize(
    ("kw", "t", "want"),
    [
        pytest.param({"power": 0.5}, 30, 0.5, id="rsqrt"),  # 1/sqrt(1 + 30/10)
        pytest.param({"power": 2.0}, 10, 0.25, id="square"),
        pytest.param({"power": 0.5, "staircase": True}, 39, 0.5, id="staircase"),
    ],
)
def test_inverse_time_power_golden(kw: dict[str, object], t: int, want: float) -> None:
    s = lrc.inverse_time(1.0, 1.0, 10, **kw)  # type: ignore[arg-type]
    assert s(t) == pytest.approx(want, rel=1e-15)
    assert s(np.array([float(t)]))[0] == pytest.approx(want, rel=1e-15)
    assert lrc.parse(repr(s)) == s


def test_inverse_time_power_error() -> None:
    with pytest.raises(ValueError, match=r"inverse_time\(\): power must be a positive number, got -1"):
        lrc.inverse_time(1.0, 1.0, power=-1)


# ---------------------------------------------------------------------------------------- paths agree
@given(
    st.floats(0.1, 5.0),
    st.floats(0.0, 0.5),
    st.integers(1, 1000),
    st.sampled_from([0.5, 1.0, 2.0]),
    st.sampled_from([0.5, 1.5, 3.0]),
    st.lists(st.floats(0.0, 3000.0), min_size=1, max_size=8),
)
def test_polynomial_k_decay_scalar_equals_numpy(
    a: float, b: float, steps: int, power: float, k: float, ts: list[float]
) -> None:
    s = lrc.polynomial(a, b, steps, power, k_decay=k)
    np.testing.assert_allclose(s(np.asarray(ts)), [s(t) for t in ts], rtol=1e-14, atol=1e-15)


@given(
    st.floats(0.1, 5.0),
    st.floats(0.0, 3.0),
    st.integers(1, 1000),
    st.sampled_from([0.25, 0.5, 2.0]),
    st.booleans(),
    st.lists(st.floats(0.0, 1e6), min_size=1, max_size=8),
)
def test_inverse_time_power_scalar_equals_numpy(
    a: float, rate: float, every: int, power: float, stair: bool, ts: list[float]
) -> None:
    s = lrc.inverse_time(a, rate, every, staircase=stair, power=power)
    np.testing.assert_allclose(s(np.asarray(ts)), [s(t) for t in ts], rtol=1e-14)


def test_new_options_trace_under_jax_and_torch() -> None:
    jax = pytest.importorskip("jax")
    jnp = pytest.importorskip("jax.numpy")
    torch = pytest.importorskip("torch")
    s = lrc.add(
        lrc.restart(
            lrc.polynomial(1.0, 0.0, 10, 0.5, k_decay=2.0), growth=2.0, limit=4, end=0.01, index="log"
        ),
        lrc.inverse_time(0.1, 1.0, 10, power=0.5),
    )
    steps = np.array([0, 5, 10, 29, 30, 70, 149, 150, 1000], dtype=np.float64)
    ref = s(steps)
    np.testing.assert_allclose(
        np.asarray(jax.jit(s)(jnp.asarray(steps, dtype=jnp.float32))), ref, rtol=1e-5, atol=1e-6
    )
    np.testing.assert_allclose(s(torch.tensor(steps)).numpy(), ref, rtol=1e-12, atol=1e-15)
