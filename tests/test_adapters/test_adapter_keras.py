"""The Keras adapter (jax backend here; the torch backend runs in test_adapter_training.py)."""

from __future__ import annotations

import json

import jax
import jax.numpy as jnp
import keras
import numpy as np
import pytest

import lr_curves as lrc
from lr_curves.adapters.keras import LearningRateSchedule

SCHEDULES = {
    "warmup-cosine": lrc.warmup(lrc.cosine(0.1, 90, floor=0.001), 10),
    "sgdr-growth": lrc.restart(lrc.cosine(0.1, 10, floor=0.001), growth=2, decay=0.5),
    "polynomial-cycle": lrc.polynomial(0.1, 0.0, 7, cycle=True),
    "multistep": lrc.multistep(0.1, 0.1, [30, 60]),
    "triangle": lrc.triangle(0.001, 0.1, 10),
    "tanh": lrc.tanh(0.1, 100, floor=1e-4),
    "exponential-staircase": lrc.exponential(0.1, 0.5, every=7, staircase=True),
    "product": lrc.cosine(0.1, 100) * lrc.linear(0.1, 1.0, 10),
}
STEPS = np.arange(100)


@pytest.mark.parametrize("name", SCHEDULES)
def test_values_on_a_step_tensor_match_the_core_in_float32(name: str) -> None:
    s = SCHEDULES[name]
    got = keras.ops.convert_to_numpy(LearningRateSchedule(s)(keras.ops.arange(100)))
    assert got.dtype == np.float32
    np.testing.assert_allclose(got, s(STEPS), rtol=0, atol=4 * np.spacing(np.float32(0.1)))


@pytest.mark.parametrize(
    "step",
    [
        pytest.param(7, id="python-int"),
        pytest.param(np.int64(7), id="numpy-int"),
        pytest.param(jnp.int32(7), id="jax-int32"),
        pytest.param(jnp.float32(7), id="jax-float32"),
    ],
)
def test_scalar_steps(step: object) -> None:
    s = SCHEDULES["warmup-cosine"]
    assert float(LearningRateSchedule(s)(step)) == pytest.approx(s(7), rel=3e-7)


def test_optimizer_iterations_variable() -> None:
    s = SCHEDULES["sgdr-growth"]
    opt = keras.optimizers.SGD(learning_rate=LearningRateSchedule(s))
    opt.iterations.assign(13)
    assert float(opt.learning_rate) == pytest.approx(s(13), rel=3e-7)


def test_int_steps_and_int_constants_never_truncate() -> None:
    lr = LearningRateSchedule(lrc.linear(1, 0, 3))
    assert float(lr(keras.ops.convert_to_tensor(1, dtype="int32"))) == pytest.approx(2 / 3, rel=1e-7)


def test_runs_inside_jit() -> None:
    s = SCHEDULES["polynomial-cycle"]
    lr = LearningRateSchedule(s)
    assert float(jax.jit(lr)(jnp.int32(21))) == 0.0
    assert float(jax.jit(lr)(jnp.int32(22))) == pytest.approx(s(22), rel=3e-7)


def test_dtype_option() -> None:
    out = LearningRateSchedule(lrc.linear(1, 0, 3), dtype="float16")(1)
    assert keras.backend.standardize_dtype(out.dtype) == "float16"


def test_config_round_trip_is_json_data() -> None:
    s = SCHEDULES["sgdr-growth"]
    config = LearningRateSchedule(s).get_config()
    assert json.loads(json.dumps(config)) == config
    assert config == {"schedule": s.to_dict(), "dtype": None}
    assert LearningRateSchedule.from_config(config).schedule == s


def test_keras_serialization_needs_no_custom_objects() -> None:
    s = SCHEDULES["product"]
    data = keras.saving.serialize_keras_object(LearningRateSchedule(s))
    assert data["registered_name"] == "lr_curves>LearningRateSchedule"
    back = keras.saving.deserialize_keras_object(json.loads(json.dumps(data)))
    assert isinstance(back, LearningRateSchedule)
    assert back.schedule == s


def test_is_a_keras_learning_rate_schedule() -> None:
    lr = LearningRateSchedule(lrc.constant(0.1))
    assert isinstance(lr, keras.optimizers.schedules.LearningRateSchedule)
    assert repr(lr) == "LearningRateSchedule(constant(0.1))"


def test_not_a_schedule_is_a_type_error() -> None:
    msg = r"LearningRateSchedule\(\): schedule must be an lr_curves Schedule, got 0\.1 \(float\)\. Hint:"
    with pytest.raises(TypeError, match=msg):
        LearningRateSchedule(0.1)  # type: ignore[arg-type]


def test_bad_dtype_is_a_value_error() -> None:
    with pytest.raises(
        ValueError,
        match=r"LearningRateSchedule\(\): dtype must be None or a float dtype name .*got 'int32'\.",
    ):
        LearningRateSchedule(lrc.constant(0.1), dtype="int32")
