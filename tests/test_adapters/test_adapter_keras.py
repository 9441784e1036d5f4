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


# ------------------------------------------------------------------ issue 16: honest inputs
@pytest.mark.parametrize(
    ("step", "match"),
    [
        pytest.param("15", r"got '15' \(str\)\.", id="str"),
        pytest.param(True, r"got True \(bool\)\.", id="bool"),
        pytest.param(np.bool_(True), r"got np\.True_ \(bool\)\.", id="numpy-bool"),
        pytest.param(jnp.array([True, False]), r"got a tensor of dtype bool\.", id="bool-tensor"),
        pytest.param(jnp.array([1j]), r"got a tensor of dtype complex64\.", id="complex-tensor"),
    ],
)
def test_non_numeric_steps_are_refused(step: object, match: str) -> None:
    with pytest.raises(TypeError, match=r"^LearningRateSchedule: step must be a number.*" + match):
        LearningRateSchedule(lrc.constant(0.1))(step)


def test_float64_without_x64_is_refused_instead_of_silently_float32() -> None:
    assert not jax.config.jax_enable_x64
    msg = (
        r"^LearningRateSchedule\(\): dtype 'float64' cannot be honoured by the jax backend here "
        r"\(it computes in float32\)\. Hint: enable 64-bit JAX"
    )
    with pytest.raises(ValueError, match=msg):
        LearningRateSchedule(lrc.constant(0.1), dtype="float64")


def test_first_line_says_the_values_are_absolute() -> None:
    import lr_curves.adapters.keras as module

    assert "absolute" in (module.__doc__ or "").splitlines()[0]
    assert "absolute" in (LearningRateSchedule.__doc__ or "").splitlines()[0]


# ------------------------------------------------------------------ resuming with a changed plan
def _fit(model: keras.Model, n: int) -> list[float]:
    seen: list[float] = []

    class Log(keras.callbacks.Callback):  # type: ignore[misc]
        def on_train_batch_begin(self, batch: int, logs: object = None) -> None:
            seen.append(float(keras.ops.convert_to_numpy(self.model.optimizer.learning_rate)))

    x, y = np.ones((n, 1), "float32"), np.zeros((n, 1), "float32")
    model.fit(x, y, batch_size=1, epochs=1, verbose=0, shuffle=False, callbacks=[Log()])
    return seen


def test_a_loaded_model_continues_on_the_saved_schedule_or_on_a_new_one(tmp_path: object) -> None:
    import pathlib

    plan = lrc.warmup(lrc.cosine(0.1, 18, floor=0.001), 2)  # planned for 20 steps
    model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=LearningRateSchedule(plan)), loss="mse")
    _fit(model, 8)
    path = pathlib.Path(str(tmp_path)) / "m.keras"
    model.save(path)

    saved = keras.models.load_model(path)  # the saved schedule, at the saved iterations
    assert saved.optimizer.learning_rate is not None
    assert _fit(saved, 4) == pytest.approx([plan(k) for k in range(8, 12)], rel=3e-7)

    extended = plan.retarget(8, 40)  # the "extend a run" recipe
    again = keras.models.load_model(path)
    again.optimizer.learning_rate = LearningRateSchedule(extended)
    assert int(again.optimizer.iterations) == 8
    assert _fit(again, 4) == pytest.approx([extended(k) for k in range(8, 12)], rel=3e-7)
    assert extended(8) == plan(8) and extended(11) > plan(11)
