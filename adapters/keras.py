"""Keras 3 adapter: :class:`LearningRateSchedule`, a schedule of absolute values (the lr itself).

The values are absolute (the learning rate, not a multiplier of anything): pass the schedule as
the optimizer's ``learning_rate``, as you would a number.

Keras calls ``schedule(optimizer.iterations)`` before each update, so the ``k``-th update
(0-based) uses ``s(k)``. The value is computed with ``keras.ops`` on the step tensor (the core's
vectorised formula, no Python branching on values), so it runs inside compiled train steps on
every backend. This module holds no formula.

The class is registered with Keras (``lr_curves>LearningRateSchedule``) and its config holds the
schedule as data (``Schedule.to_dict()``), so ``model.save("m.keras")`` and
``keras.models.load_model("m.keras")`` work without ``custom_objects`` once this module is imported.

Resuming: a model loaded from a ``.keras`` file continues on the *saved* schedule, at the saved
``optimizer.iterations``. To continue on a new plan (a longer run: see
:func:`lr_curves.retarget`), assign it: ``model.optimizer.learning_rate =
LearningRateSchedule(new)``; the update count is kept, so the next update uses ``new(k)``.

Examples:
    >>> import keras
    >>> import lr_curves as lrc
    >>> from lr_curves.adapters.keras import LearningRateSchedule
    >>> lr = LearningRateSchedule(lrc.warmup(lrc.cosine(0.1, 8), 2))
    >>> opt = keras.optimizers.SGD(learning_rate=lr)
    >>> f"{float(lr(3)):.4f}"
    '0.0962'
"""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np

try:
    import keras  # type: ignore[import-untyped]
except ImportError as exc:  # pragma: no cover - exercised in a subprocess test without keras
    raise ImportError(
        "lr_curves.adapters.keras needs Keras 3, which is not installed. "
        "Install it with: pip install 'lr-curves[keras]'"
    ) from exc

from lr_curves import Schedule, from_dict

__all__ = ["LearningRateSchedule"]


def _describe(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:60] + "..." + text[-10:]


def _check_step(step: Any) -> None:
    """Refuse what is not a number before the cast turns it into one ("15" -> 15.0, True -> 1.0)."""
    if isinstance(step, (bool, np.bool_)):
        raise TypeError(f"LearningRateSchedule: step must be a number, got {step!r} (bool).")
    if isinstance(step, numbers.Real):
        return
    dtype = getattr(step, "dtype", None)
    if dtype is not None and not isinstance(step, (str, bytes)):
        name = keras.backend.standardize_dtype(dtype)
        if "int" in name or "float" in name:
            return
        raise TypeError(
            f"LearningRateSchedule: step must be a number or a tensor of numbers, got a tensor of "
            f"dtype {name}."
        )
    raise TypeError(
        f"LearningRateSchedule: step must be a number or a tensor of numbers, got "
        f"{_describe(step)} ({type(step).__name__})."
    )


@keras.saving.register_keras_serializable(package="lr_curves")
class LearningRateSchedule(keras.optimizers.schedules.LearningRateSchedule):  # type: ignore[misc]
    """An lr_curves schedule (absolute values: the lr itself) as a Keras ``LearningRateSchedule``.

    ``__call__(step)`` casts the step to ``dtype`` (default: Keras' ``floatx()``, float32) before
    anything else, so an integer step or integer constants in the schedule never truncate, then
    evaluates ``schedule.evaluate(step, namespace=keras.ops)``.

    Args:
        schedule: The schedule.
        dtype: The float dtype of the computation (``None``: ``keras.config.floatx()``).

    Raises:
        TypeError: ``schedule`` is not a :class:`~lr_curves.Schedule`; at call time, a step
            that is not a number (a string, a bool, a bool or complex tensor).
        ValueError: ``dtype`` is not a float dtype, or the backend cannot honour it (float64
            on JAX without ``jax_enable_x64`` would silently compute in float32).
    """

    def __init__(self, schedule: Schedule, dtype: str | None = None) -> None:
        if not isinstance(schedule, Schedule):
            raise TypeError(
                f"LearningRateSchedule(): schedule must be an lr_curves Schedule, got "
                f"{_describe(schedule)} ({type(schedule).__name__}). Hint: build one with "
                "lr_curves (lrc.cosine(...), lrc.warmup(...)) or lrc.parse(text)."
            )
        if dtype is not None and dtype not in ("float16", "bfloat16", "float32", "float64"):
            raise ValueError(
                "LearningRateSchedule(): dtype must be None or a float dtype name (float16, "
                f"bfloat16, float32, float64), got {_describe(dtype)}."
            )
        if dtype is not None:
            import warnings

            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # JAX warns, then truncates: we say it instead
                got = keras.backend.standardize_dtype(keras.ops.cast(0.0, dtype).dtype)
            if got != dtype:
                hint = (
                    " Hint: enable 64-bit JAX (JAX_ENABLE_X64=1, or jax.config.update("
                    "'jax_enable_x64', True) before building tensors), or use dtype=None."
                    if keras.backend.backend() == "jax"
                    else " Hint: use dtype=None (Keras' floatx)."
                )
                raise ValueError(
                    f"LearningRateSchedule(): dtype {dtype!r} cannot be honoured by the "
                    f"{keras.backend.backend()} backend here (it computes in {got}).{hint}"
                )
        self.schedule = schedule
        self.dtype = dtype

    def __call__(self, step: Any) -> Any:
        """The lr at ``step`` (a tensor, a Keras variable or a number), as a ``dtype`` tensor."""
        _check_step(step)
        x = keras.ops.cast(step, self.dtype or keras.config.floatx())
        return self.schedule.evaluate(x, namespace=keras.ops)

    def get_config(self) -> dict[str, Any]:
        """``{"schedule": schedule.to_dict(), "dtype": dtype}``: JSON data, no code."""
        return {"schedule": self.schedule.to_dict(), "dtype": self.dtype}

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> LearningRateSchedule:
        """Rebuild from :meth:`get_config` data."""
        return cls(from_dict(config["schedule"]), dtype=config.get("dtype"))

    def __repr__(self) -> str:
        return f"LearningRateSchedule({self.schedule!r})"
