"""The optax adapter: traceable (jit, vmap, grad), optax-compatible, float32/float64, accurate.

Also the array-API backend's exact floor and ceiling division, which the JAX path relies on for
staircase and cyclic schedules (XLA's vectorised division is not always correctly rounded).
"""

from __future__ import annotations

import os
import subprocess
import sys

import jax
import jax.numpy as jnp
import numpy as np
import optax
import pytest

import lr_curves as lrc
from lr_curves._backend import ArrayOps
from lr_curves.adapters.optax import schedule

#: A broad set: every kind of formula the core has (trig, exp/pow, sqrt, piecewise, staircase, cycles).
SCHEDULES = {
    "warmup-cosine": lrc.warmup(lrc.cosine(0.1, 900, floor=0.001), 100),
    "sgdr-growth": lrc.restart(lrc.cosine(0.1, 10, floor=0.001), growth=2, decay=0.5),
    "exponential": lrc.exponential(0.1, 0.99),
    "inverse-sqrt": lrc.inverse_sqrt(0.1, 100),
    "linear": lrc.linear(0.1, 0.0, 1000),
    "tanh": lrc.tanh(0.1, 1000, floor=1e-4),
    "polynomial": lrc.polynomial(0.1, 0.001, 1000, power=2),
    "polynomial-cycle": lrc.polynomial(0.1, 0.0, 7, cycle=True),
    "piecewise-linear": lrc.piecewise_linear([0.0, 0.1, 0.0], [0, 100, 1000]),
    "multistep": lrc.multistep(0.1, 0.1, [300, 600]),
    "cooldown": lrc.cooldown(0.1, 0.0, 1000),
    "triangle": lrc.triangle(0.001, 0.1, 100),
    "inverse-time-staircase": lrc.inverse_time(0.1, 0.5, 10, staircase=True),
    "exponential-staircase": lrc.exponential(0.1, 0.5, every=7, staircase=True),
}
STEPS = np.arange(3000)


def _ulps_of_peak(got: np.ndarray, s: lrc.Schedule) -> float:
    """The largest error, in ulps (of ``got``'s dtype) of the largest value of ``s`` on ``STEPS``."""
    ref = s(STEPS)
    return float(
        np.max(np.abs(got.astype(np.float64) - ref)) / np.spacing(np.abs(ref).max().astype(got.dtype))
    )


@pytest.mark.parametrize("name", SCHEDULES)
def test_float32_by_default_and_within_6_ulps_of_the_peak(name: str) -> None:
    s = SCHEDULES[name]
    got = np.asarray(jax.jit(schedule(s))(jnp.asarray(STEPS)))
    assert got.dtype == np.float32
    # float32 arithmetic of the same formula (e.g. 0.99 ** t with 0.99 rounded to float32).
    assert _ulps_of_peak(got, s) <= 6


def test_float64_under_x64_and_within_4_ulps_of_the_peak() -> None:
    code = (
        "import jax, jax.numpy as jnp, numpy as np, sys\n"
        "sys.path.insert(0, sys.argv[1])\n"
        "import test_adapter_optax as t\n"
        "for name, s in t.SCHEDULES.items():\n"
        "    got = np.asarray(jax.jit(t.schedule(s))(jnp.asarray(t.STEPS)))\n"
        "    print(name, got.dtype, t._ulps_of_peak(got, s))\n"
    )
    env = {**os.environ, "JAX_ENABLE_X64": "1"}
    proc = subprocess.run(
        [sys.executable, "-c", code, os.path.dirname(__file__)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    rows = [line.split() for line in proc.stdout.strip().splitlines()]
    assert [r[0] for r in rows] == list(SCHEDULES)
    assert {r[1] for r in rows} == {"float64"}
    # XLA's cos/tanh/pow/sqrt are not the C library's: an ulp or two of the peak, no more.
    assert max(float(r[2]) for r in rows) <= 4


@pytest.mark.parametrize("dtype", [jnp.float16, jnp.bfloat16, jnp.float32])
def test_explicit_dtype(dtype: jnp.dtype) -> None:
    out = schedule(lrc.linear(1, 0, 3), dtype=dtype)(1)
    assert out.dtype == dtype
    assert float(out) == pytest.approx(2 / 3, rel=1e-2)


def test_int_counts_and_int_constants_never_truncate() -> None:
    lr = schedule(lrc.linear(1, 0, 3))
    assert float(lr(jnp.int32(1))) == pytest.approx(2 / 3, rel=1e-7)


def test_jit_equals_eager_to_an_ulp() -> None:
    # XLA fuses the jitted formula differently from op-by-op execution: an ulp apart at most.
    s = SCHEDULES["sgdr-growth"]
    lr = schedule(s)
    counts = jnp.arange(100)
    eager = np.asarray(lr(counts))
    np.testing.assert_allclose(
        np.asarray(jax.jit(lr)(counts)), eager, rtol=0, atol=np.spacing(np.float32(0.1))
    )


def test_vmap_over_counts() -> None:
    s = SCHEDULES["warmup-cosine"]
    got = np.asarray(jax.vmap(schedule(s))(jnp.arange(1000)))
    np.testing.assert_allclose(got, s(np.arange(1000)), rtol=0, atol=3 * np.spacing(np.float32(0.1)))


@pytest.mark.parametrize(
    ("s", "t", "slope"),
    [
        pytest.param(lrc.linear(1.0, 0.0, 10), 3.0, -0.1, id="linear"),
        pytest.param(lrc.cosine(1.0, 10), 5.0, -np.pi / 20, id="cosine-midpoint"),
        pytest.param(lrc.exponential(1.0, 0.5), 2.0, 0.25 * np.log(0.5), id="exponential"),
    ],
)
def test_grad_through_the_schedule(s: lrc.Schedule, t: float, slope: float) -> None:
    assert float(jax.grad(schedule(s))(t)) == pytest.approx(slope, rel=1e-5)


def test_adamw_with_the_schedule_equals_adamw_with_optax_own_schedule() -> None:
    params = {"w": jnp.array([1.0, -2.0, 3.0])}

    def train(tx: optax.GradientTransformation) -> np.ndarray:
        state = tx.init(params)
        p = params
        for _ in range(12):
            grads = jax.grad(lambda q: jnp.sum(q["w"] ** 2))(p)
            updates, state = tx.update(grads, state, p)
            p = optax.apply_updates(p, updates)
        return np.asarray(p["w"])

    ours = train(optax.adamw(learning_rate=schedule(lrc.linear(0.1, 0.0, 10))))
    theirs = train(optax.adamw(learning_rate=optax.linear_schedule(0.1, 0.0, 10)))
    np.testing.assert_allclose(ours, theirs, rtol=1e-6, atol=1e-7)


def test_inject_hyperparams_reports_the_schedule() -> None:
    s = SCHEDULES["warmup-cosine"]
    tx = optax.inject_hyperparams(optax.adamw)(learning_rate=schedule(s), weight_decay=0.01)
    params = {"w": jnp.zeros(2)}
    state = tx.init(params)
    for _ in range(101):
        _, state = tx.update({"w": jnp.ones(2)}, state, params)
    assert float(state.hyperparams["learning_rate"]) == pytest.approx(s(100), rel=2e-7)


def test_not_a_schedule_is_a_type_error() -> None:
    with pytest.raises(
        TypeError, match=r"schedule\(\): s must be an lr_curves Schedule, got 0\.1 \(float\)\. Hint:"
    ):
        schedule(0.1)  # type: ignore[arg-type]


def test_integer_dtype_is_a_type_error() -> None:
    with pytest.raises(
        TypeError, match=r"schedule\(\): dtype must be a float dtype, got <class 'jax.numpy.int32'>\."
    ):
        schedule(lrc.constant(0.1), dtype=jnp.int32)


# ------------------------------------------------------------------ exact division on JAX arrays
BIG = jnp.arange(2**22, dtype=jnp.float32)


# floor(x / c) on a float32 JAX vector is off by one at 26,223 steps below 2**22 for c = 41.
@pytest.mark.parametrize("c", [3, 7, 13, 41, 61, 1000])
def test_array_api_floordiv_is_exact(c: int) -> None:
    got = np.asarray(ArrayOps(jnp).floordiv(BIG, float(c)))
    np.testing.assert_array_equal(got, np.arange(2**22) // c)


@pytest.mark.parametrize("c", [3, 7, 13, 41, 61, 1000])
def test_array_api_ceildiv_is_exact(c: int) -> None:
    got = np.asarray(ArrayOps(jnp).ceildiv(BIG, float(c)))
    np.testing.assert_array_equal(got, -(-np.arange(2**22) // c))


def test_cyclic_polynomial_restarts_exactly_on_jax() -> None:
    # XLA computes 21 / 7 as 3.0000002 in a vector: ceil(x / steps) put step 21 in cycle 4.
    s = lrc.polynomial(1.0, 0.0, 7, cycle=True)
    got = np.asarray(s(jnp.arange(64)))
    np.testing.assert_allclose(got, s(np.arange(64)), rtol=0, atol=1e-7)
    assert got[21] == 0.0


def test_staircase_stretch_steps_exactly_on_jax() -> None:
    # linear(0, 2**22, 2**22) is the identity, exactly, in float32: s(t) = t // 41.
    s = lrc.stretch(lrc.linear(0.0, 2.0**22, 2**22), 41, staircase=True)
    np.testing.assert_array_equal(np.asarray(s(BIG)), np.arange(2**22) // 41)


# ------------------------------------------------------------------ issue 16: honest inputs
def test_the_schedule_pickles() -> None:
    import pickle

    f = schedule(SCHEDULES["warmup-cosine"])
    g = pickle.loads(pickle.dumps(f))
    assert float(g(150)) == float(f(150))
    assert repr(g) == "schedule(warmup(cosine(0.1, 900, floor=0.001), 100))"


@pytest.mark.parametrize("count", [2**53, 2**53 + 1, 10**20, np.int64(2**62), 1e300])
def test_huge_python_and_numpy_counts_give_the_final_value(count: object) -> None:
    s = SCHEDULES["warmup-cosine"]
    assert float(schedule(s)(count)) == pytest.approx(0.001, rel=1e-7)


@pytest.mark.parametrize(
    ("count", "error", "match"),
    [
        pytest.param(
            True, TypeError, r"^optax schedule: count must be a number, got True \(bool\)\.$", id="bool"
        ),
        pytest.param(
            "3",
            TypeError,
            r"^optax schedule: count must be a number or an array of numbers, got '3'\.$",
            id="str",
        ),
        pytest.param(
            jnp.array([True]),
            TypeError,
            r"^optax schedule: count must be a number or an array of numbers, got an array of dtype bool\.$",
            id="bool-array",
        ),
        pytest.param(-1, ValueError, r"step must be >= 0, got -1\.", id="negative"),
    ],
)
def test_bad_counts_are_clear_errors(count: object, error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        schedule(lrc.cosine(0.1, 10))(count)


def test_first_line_says_the_values_are_absolute() -> None:
    import lr_curves.adapters.optax as module

    assert "absolute" in (module.__doc__ or "").splitlines()[0]
    assert "absolute" in (schedule.__doc__ or "").splitlines()[0]


# ------------------------------------------------------------------ resuming with a changed plan
def test_the_count_lives_in_the_state_a_new_schedule_continues_from_it() -> None:
    plan = lrc.warmup(lrc.cosine(0.1, 18, floor=0.001), 2)
    extended = plan.retarget(8, 40)

    def run(s: lrc.Schedule, state: object, n: int) -> tuple[object, list[float]]:
        tx = optax.inject_hyperparams(optax.sgd)(learning_rate=schedule(s))
        params = {"w": jnp.zeros(())}
        state = tx.init(params) if state is None else state
        seen = []
        for _ in range(n):
            _, state = tx.update({"w": jnp.ones(())}, state, params)
            seen.append(float(state.hyperparams["learning_rate"]))  # type: ignore[attr-defined]
        return state, seen

    state, _ = run(plan, None, 8)
    saved = {"state": state, "schedule": plan.to_dict()}  # save the plan beside the count
    assert int(state.count) == 8  # type: ignore[attr-defined]
    _, on_new = run(extended, saved["state"], 4)  # a new optimizer, the restored count
    _, on_saved = run(lrc.from_dict(saved["schedule"]), saved["state"], 4)
    assert on_new == pytest.approx([extended(k) for k in range(8, 12)], rel=3e-7)
    assert on_saved == pytest.approx([plan(k) for k in range(8, 12)], rel=3e-7)
