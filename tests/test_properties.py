"""Laws of the algebra, checked on random compositions (hypothesis)."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st
from strategies import finite_primitives, int_finite_primitives, int_lengths, schedules, steps, values

import lr_curves as lrc
from lr_curves.testing import (
    assert_bounded,
    assert_continuous,
    assert_monotone,
    assert_periodic,
    assert_reaches,
)


def ulp_close(a: float, b: float, ulps: int) -> bool:
    if a == b:
        return True
    return abs(a - b) <= ulps * math.ulp(max(abs(a), abs(b)))


def _numpy_uses_libm() -> bool:
    """Whether NumPy's exp/log/pow give the C library's results (they do unless NumPy
    dispatches its AVX-512 SVML kernels, which differ by up to 1 ulp per call)."""
    x = np.linspace(0.1, 20.0, 4001)
    return (
        np.exp(x).tolist() == [math.exp(v) for v in x.tolist()]
        and np.log(x).tolist() == [math.log(v) for v in x.tolist()]
        and np.power(x, 1.37).tolist() == [v**1.37 for v in x.tolist()]
    )


#: Both paths run the same IEEE operations in the same order, so they agree to the bit when
#: NumPy's transcendental functions are the C library's. With SVML kernels each exp/log/pow may
#: be 1 ulp off, and a composition of a few of them a few ulp.
ULPS = 0 if _numpy_uses_libm() else 4


def paths_close(a: float, b: float) -> bool:
    """The scalar and NumPy values agree: to the bit with libm NumPy; with SVML kernels within
    ULPS ulp, or 1e-12 relative where a pow's exponent is itself computed with a pow (the inner
    call's 1-ulp difference is multiplied by the exponent: ``2 ** (5.54 ** 1.9)`` is 18 ulp)."""
    if ULPS == 0:
        return a == b
    return ulp_close(a, b, ULPS) or abs(a - b) <= 1e-12 * max(abs(a), abs(b))


# NumPy computes `array ** 2.0` as x * x (correctly rounded) where libm's pow can be 1 ulp off:
# the scalar path must do the same (found under a random seed, issue 10).
@example(
    lrc.parse(
        "concat(warmup(polynomial(1.0, 0.0, 4128.31510657136, power=2.0), 281), "
        "shift(constant(6.392240695842799), 0), at=(4409.31510657136,))"
    ),
    [1826],
)
@example(lrc.polynomial(1.0, 0.0, 4128.31510657136, power=2.0), [1545])
@example(lrc.cosine(1.0, 100, power=0.5), [float(t) for t in range(0, 101, 7)])
@example(lrc.inverse_time(1.0, 0.37, every=3, power=0.5), [float(t) for t in range(0, 200, 13)])
# A pow of a pow: SVML's 1-ulp difference in the inner call is amplified 18 times (make fuzz,
# seed 3604223403); with libm NumPy both paths still agree to the bit.
@example(lrc.parse("power(2.0, power(shift(linear(1.0, 5.541984211005236, 1), 0), constant(1.9)))"), [1])
@given(schedules, st.lists(steps, min_size=1, max_size=20))
def test_scalar_and_vectorised_paths_agree(s: lrc.Schedule, ts: list[float]) -> None:
    ts = [t for t in ts if t < 2**53]  # a float64 array holds integers exactly up to 2**53
    assume(ts)
    vec = s(np.array(ts, dtype=np.float64))
    for t, v in zip(ts, vec.tolist(), strict=True):
        assert paths_close(s(t), v), (t, s(t), v)


@given(schedules, st.integers(0, 3000))
def test_int_and_numpy_int_and_array_agree(s: lrc.Schedule, t: int) -> None:
    assert s(np.int64(t)) == s(t)
    assert paths_close(s(np.arange(t, t + 70))[0], s(t))  # >= 64 elements: per-segment path


def test_paths_agree_to_the_bit_with_libm_numpy(request: pytest.FixtureRequest) -> None:
    """Rerun the agreement properties with NumPy's SIMD kernels for exp/log/pow switched off:
    then every path must agree to the last bit (ULPS == 0). The subprocess draws the same
    examples as this run (the same hypothesis seed), so a failure reproduces."""
    env = dict(os.environ, NPY_DISABLE_CPU_FEATURES="X86_V4 AVX512_ICL AVX512_SKX AVX512F")
    code = "import test_properties as t, sys; sys.exit(0 if t.ULPS == 0 else 3)"
    here = os.path.dirname(__file__)
    check = subprocess.run([sys.executable, "-c", code], cwd=here, env=env, check=False)
    if check.returncode == 3:
        pytest.skip("NumPy on this machine differs from libm even without AVX-512 kernels")
    seed = request.config.getoption("hypothesis_seed", None)
    args = [] if seed is None else [f"--hypothesis-seed={seed}"]
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            *args,
            __file__,
            "-k",
            "agree and not bit",
        ],
        cwd=here,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout[-3000:]


@given(schedules)
def test_repr_parse_round_trip(s: lrc.Schedule) -> None:
    again = lrc.parse(repr(s))
    assert again == s
    assert hash(again) == hash(s)
    assert repr(again) == repr(s)


@given(schedules, st.lists(steps, min_size=1, max_size=5))
def test_to_dict_from_dict_round_trip_through_json(s: lrc.Schedule, ts: list[float]) -> None:
    again = lrc.from_dict(json.loads(json.dumps(s.to_dict())))
    assert again == s
    assert [again(t) for t in ts] == [s(t) for t in ts]


@given(schedules, values, steps)
def test_scale_law(s: lrc.Schedule, k: float, t: float) -> None:
    assert (k * s)(t) == k * s(t)
    assert (s * k)(t) == s(t) * k


@given(int_finite_primitives, int_finite_primitives, finite_primitives, st.integers(0, 20_000))
def test_concat_is_associative(a: lrc.Schedule, b: lrc.Schedule, c: lrc.Schedule, t: int) -> None:
    # integer lengths keep local times exact, so the two groupings agree to the bit
    left = lrc.concat(lrc.concat(a, b), c)
    right = lrc.concat(a, lrc.concat(b, c))
    assert left(t) == right(t)


@given(int_finite_primitives, st.integers(0, 10**6), st.integers(1, 10**6))
def test_restart_is_periodic(s: lrc.Schedule, t: int, n: int) -> None:
    r = lrc.restart(s)
    assert r(t + n * s.length) == r(t)
    assert_periodic(r, n * s.length, steps=[t, t + 1, 10**12 + t], rtol=0.0, atol=0.0)


@given(int_lengths, st.sampled_from([2, 3, 5]), st.integers(0, 10**12))
def test_restart_cycle_index_is_exact(every: int, growth: int, t: int) -> None:
    r = lrc.restart(lrc.linear(1.0, 0.0, every), growth=growth)
    n = r.cycle_index(t)  # type: ignore[attr-defined]
    start = every * (growth**n - 1) // (growth - 1)
    assert start <= t < start + every * growth**n


# The jump just after step 1 is the inner schedule's own (boundary="old"), not the warmup's:
# the property may only ask for continuity where the inner schedule is continuous (issue 10).
@example(lrc.piecewise_constant((1.0, 2.0), (1,), boundary="old"), 1, 0.0, True)
@example(lrc.piecewise_constant((1.0, 2.0), (0,), boundary="old"), 3, 0.5, False)
@given(finite_primitives, int_lengths, st.floats(0.0, 1.0), st.booleans())
def test_warmup_endpoints(s: lrc.Schedule, w: int, start: float, overlay: bool) -> None:
    assume(not overlay or (s.length is not None and w <= s.length))
    wu = lrc.warmup(s, w, start=start, overlay=overlay)
    join = w if overlay else 0  # where the warmup hands over, in the inner schedule's time
    target = s(join)
    assert wu(0) == start
    assert wu(w) == target
    # continuous ramp: the last ramp step is within one step's slope of the target
    assert abs(wu(w - 1e-9) - target) <= abs(target - start) * 1e-6 + 1e-12
    # after the ramp, the inner schedule unchanged, on its own clock
    for d in (0.5, 1, 7, 10**6):
        assert wu(w + d) == s(join + d)
    # so the warmup adds no jump of its own: continuous at w wherever the inner schedule is
    # continuous at the join (a boundary of its own there may be a jump, e.g. boundary="old")
    if join not in s.boundaries():
        assert_continuous(wu, at=[w])


@given(values, values, int_lengths, st.sampled_from(["cosine", "linear", "poly", "cooldown", "exp"]), steps)
def test_decays_are_monotone_and_bounded(peak: float, floor: float, n: int, kind: str, t: float) -> None:
    hi, lo = max(peak, floor), min(peak, floor)
    s = {
        "cosine": lrc.cosine(hi, n, lo),
        "linear": lrc.linear(hi, lo, n),
        "poly": lrc.polynomial(hi, lo, n, 2.0),
        "cooldown": lrc.cooldown(hi, lo, n, "1-sqrt"),
        "exp": lrc.exponential(hi, 0.9, n, end=lo),
    }[kind]
    assert s(t) >= s(t + 1) >= s(t + 2)
    assert lo - 1e-15 <= s(t) <= hi + 1e-15
    assert_monotone(s, 0, n + 10)
    assert_bounded(s, lo - 1e-15, hi + 1e-15, steps=[0, n // 2, n, n + 1, 10 * n])
    assert_reaches(s, lo, at=10**6 * n + 7, rtol=1e-12, atol=1e-15)


@given(schedules, values, st.floats(0.0, 1.0), steps)
def test_clip_is_idempotent(s: lrc.Schedule, width: float, lo: float, t: float) -> None:
    c = lrc.clip(s, lo, lo + width)
    assert lrc.clip(c, lo, lo + width)(t) == c(t)
    assert lo <= c(t) <= lo + width


@given(schedules, steps)
def test_values_are_finite_floats(s: lrc.Schedule, t: float) -> None:
    v = s(t)
    assert type(v) is float and math.isfinite(v)


@given(schedules)
def test_value_is_constant_past_length(s: lrc.Schedule) -> None:
    n = s.length
    assume(n is not None)
    # Constant past the length. (At exactly n the value may still differ: a piecewise_constant
    # with boundary="old" changes just after its last boundary.)
    assert s(n + 1) == s(n * 3 + 17)


@given(schedules, steps)
def test_flat_entry_point_equals_the_formula(s: lrc.Schedule, t: float) -> None:
    # The scalar call runs source staged from the nodes' formulas; the same formulas run
    # directly on the number (no compiled code) must give the very same float.
    from lr_curves._base import value_at

    assert s(t) == value_at(s, t)


def test_generated_entry_point_is_used_and_checks_steps() -> None:
    s = lrc.warmup(lrc.cosine(1.0, 100, floor=0.1), 10)
    assert s(5) == 0.5
    assert type(s).__call__.__code__.co_filename == "<lr_curves warmup>"
    assert lrc.source(s).startswith("def entry(self, t):")
    assert s(50.5) == float(s(np.array([50.5]))[0])
    with pytest.raises(ValueError, match=r"warmup\(\): step must be >= 0, got -1\."):
        s(-1)
    with pytest.raises(ValueError, match=r"got nan"):
        s(float("nan"))


# ---------------------------------------------------------------------------------------- the operators (issue 13.2)
@given(schedules, values, steps)
def test_divide_law(s: lrc.Schedule, k: float, t: float) -> None:
    assert (s / k)(t) == s(t) / k
    assert (k / (s + 1.0))(t) == k / (s(t) + 1.0)


@given(schedules, schedules, steps)
def test_quotient_of_schedules_law(a: lrc.Schedule, b: lrc.Schedule, t: float) -> None:
    assert (a / (b + 1.0))(t) == a(t) / (b(t) + 1.0)


def ieee_pow(a: float, b: float) -> float:
    """``a ** b`` with inf where Python raises OverflowError (IEEE, as every path of power)."""
    try:
        return a**b
    except OverflowError:
        return math.inf


@given(schedules, schedules, st.sampled_from([0.5, 1.5, 3.0]), steps)
def test_power_laws(s: lrc.Schedule, e: lrc.Schedule, p: float, t: float) -> None:
    v = s(t)
    assert (s**1)(t) == v
    assert (s**2)(t) == v * v
    assert (s**p)(t) == (math.sqrt(v) if p == 0.5 else ieee_pow(v, p))
    assert (2.0**s)(t) == ieee_pow(2.0, v)
    assert (s ** (e + 1.0))(t) == ieee_pow(v, e(t) + 1.0)
    assert (lrc.constant(1.0) ** s)(t) == 1.0


@given(schedules, schedules, values, steps)
def test_minimum_and_maximum_laws(a: lrc.Schedule, b: lrc.Schedule, k: float, t: float) -> None:
    x, y = a(t), b(t)
    assert lrc.minimum(a, b)(t) == min(x, y)
    assert lrc.maximum(a, b)(t) == max(x, y)
    assert lrc.minimum(a, b, k)(t) == min(x, y, k)
    assert lrc.maximum(k, a)(t) == max(k, x)
    assert lrc.minimum(a, a)(t) == x  # idempotent
    assert lrc.maximum(a, b)(t) + lrc.minimum(a, b)(t) == max(x, y) + min(x, y)


def test_seed_003_recursion_is_one_power() -> None:
    """Seed 003: ``lr = lr ** 1.0001`` after a 2,500-step warmup to 0.1, for 15,000 steps."""
    warmup_steps, init_lr, max_steps = 2500, 0.1, 15_000
    loop, lr = [], 0.0
    for k in range(max_steps):
        lr = init_lr * (k / warmup_steps) if k < warmup_steps else lr**1.0001
        loop.append(lr)
    lr_w = loop[warmup_steps]
    s = lrc.concat(lrc.linear(0.0, init_lr, warmup_steps), lrc.constant(lr_w) ** lrc.exponential(1.0, 1.0001))
    got = s(np.arange(max_steps))
    assert np.max(np.abs(got - loop)[1:] / np.array(loop)[1:]) <= 1e-12
    # the two paths: equal where NumPy's pow is libm's; else a 1-ulp exponent moves the value
    # by |log(lr_w)| * exponent ulps (about 10 here)
    scalar = np.array([s(k) for k in range(max_steps)])
    assert np.max(np.abs(scalar - got)[1:] / got[1:]) <= (0 if ULPS == 0 else 1e-14)


def test_a_power_that_overflows_is_inf_on_every_path() -> None:
    s = lrc.constant(10.0) ** lrc.exponential(1.0, 2.0)  # 10 ** (2 ** t)
    assert s(20) == math.inf and s(np.array([20.0]))[0] == math.inf
    assert (lrc.linear(1.0, 0.0, 10) ** -1.0)(10) == math.inf  # 0 ** -1
    assert (lrc.linear(1.0, 0.0, 10) ** lrc.constant(-1.0))(10) == math.inf
    assert (1.0 / lrc.linear(1.0, 0.0, 10))(10) == math.inf  # IEEE, not ZeroDivisionError
    assert (1.0 / lrc.linear(1.0, 0.0, 10))(np.array([10.0]))[0] == math.inf


@pytest.mark.parametrize("p", [0.5, 0.75, 1.5, -0.5])
def test_a_negative_base_to_a_fractional_power_is_an_error_on_both_paths(p: float) -> None:
    """Found by the fuzz (seed 5963220): ``power(add(..., constant(-1.0)), 0.75)`` was NaN on both
    paths, and with the exponent 0.5 the scalar path raised a bare 'math domain error'."""
    base = lrc.linear(1.0, -1.0, 10)  # below 0 from step 6 on
    s = base**p
    v = base(4)  # 0.2, to the float
    assert s(4) == (math.sqrt(v) if p == 0.5 else ieee_pow(v, p))
    message = (
        rf"^power\(\): the base is -0\.19999999999999996 where the exponent is {p}: a negative number to a"
    )
    with pytest.raises(ValueError, match=message):
        s(6)
    with pytest.raises(ValueError, match=message):
        s(np.arange(10.0))
    with pytest.raises(ValueError, match=message):
        (base ** lrc.constant(p))(6)
    # whole exponents stay real: (-0.2) ** 3 and ** -1
    w = base(6)
    assert (base**3)(6) == ieee_pow(w, 3.0) and (base**-1.0)(np.array([6.0]))[0] == 1 / w


@pytest.mark.parametrize(
    ("s", "t"),
    [
        pytest.param(lrc.exponential(1.0, 2.0) * lrc.linear(1.0, 0.0, 10), 2000, id="inf-times-0"),
        pytest.param(lrc.linear(1.0, 0.0, 10) / lrc.linear(2.0, 0.0, 10), 10, id="0-over-0"),
        pytest.param(1.0 / lrc.linear(1.0, 0.0, 10) - 2.0 / lrc.linear(1.0, 0.0, 10), 12, id="inf-minus-inf"),
        pytest.param(
            lrc.warmup(lrc.linear(1.0, 0.0, 10) / lrc.linear(2.0, 0.0, 10), 3), 20, id="in-a-warmup"
        ),
    ],
)
def test_a_nan_is_an_error_naming_the_step_on_both_paths(s: lrc.Schedule, t: int) -> None:
    """Never a silent NaN (fuzz seed 1: a 0 / 0 deep inside a warmup was NaN on both paths)."""
    message = rf"^{s.api}\(\): the value at step {t} is not a number \(NaN\): inside it"
    with pytest.raises(ValueError, match=message):
        s(t)
    with pytest.raises(ValueError, match=message):
        s(np.array([0.0, float(t)]))
    with pytest.raises(ValueError, match=rf"^{s.api}\(\): the value at step [\d.]+ is not a number"):
        s(np.arange(100.0) * t / 50)  # the first NaN step is named
    assert not math.isnan(s(1)) and not np.isnan(s(np.array([1.0]))).any()


def test_numpy_evaluates_a_piece_only_on_its_own_steps() -> None:
    """Fuzz seed 7: on fewer than 64 steps NumPy evaluated each piece of a concat at its end too
    (where the next piece applies), so a piece that cannot be evaluated there raised."""

    def first(t: float) -> float:
        if t >= 5:
            raise AssertionError(f"evaluated at {t}, outside its piece")
        return 1.0 - t / 10

    s = lrc.concat(lrc.function(first, name="first"), lrc.constant(0.25), at=[5])
    got = s(np.array([0.0, 7.0, 4.0, 5.0, 12.0]))
    assert got.tolist() == [1.0, 0.25, first(4.0), 0.25, 0.25]
    assert s(np.float64(9.0)) == 0.25 and s(np.array(3.0)).shape == ()
