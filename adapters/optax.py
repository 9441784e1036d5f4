"""optax adapter: :func:`schedule` turns an lr_curves schedule into an optax schedule of absolute values.

The values are the learning rate itself (not a multiplier): pass the result as
``learning_rate=``, as you would a number or one of optax's own schedules.
An optax schedule maps the update count to a value; optax evaluates it at the count *before*
incrementing it, so the ``k``-th update (0-based) uses ``s(k)``. The value is computed with
``jax.numpy`` (the core's vectorised formula, no Python branching on values), so it traces under
``jax.jit``, ``jax.vmap`` and ``jax.grad``. This module holds no formula. The schedule pickles
(it is a small object holding the lr_curves schedule, not a closure).

Resuming: the count lives in the optimizer state (``ScaleByScheduleState.count``, or the
``count`` of ``inject_hyperparams``), the schedule in your code. Restoring a state into an
optimizer built with another schedule continues from the restored count on *that* schedule:
that is how a run is extended (with :func:`lr_curves.retarget`). To continue on the saved plan,
save ``s.to_dict()`` (JSON) beside the state and rebuild with ``lr_curves.from_dict``.

Examples:
    >>> import optax
    >>> import lr_curves as lrc
    >>> from lr_curves.adapters.optax import schedule
    >>> lr = schedule(lrc.warmup(lrc.cosine(0.1, 8), 2))
    >>> tx = optax.adamw(learning_rate=lr)
    >>> f"{float(lr(3)):.4f}"
    '0.0962'
"""

from __future__ import annotations

import numbers
from typing import Any

try:
    import jax
    import jax.numpy as jnp
except ImportError as exc:  # pragma: no cover - exercised in a subprocess test without jax
    raise ImportError(
        "lr_curves.adapters.optax needs JAX and optax, which are not installed. "
        "Install them with: pip install 'lr-curves[jax]'"
    ) from exc

from lr_curves import Schedule

__all__ = ["OptaxSchedule", "schedule"]


class OptaxSchedule:
    """An optax schedule (``count -> value``) computing an lr_curves schedule with ``jax.numpy``.

    Built by :func:`schedule`. Picklable; ``repr`` names the schedule.
    """

    def __init__(self, s: Schedule, dtype: Any = None) -> None:
        self.schedule = s
        self.dtype = dtype

    def __call__(self, count: Any) -> jax.Array:
        target = jnp.result_type(float) if self.dtype is None else self.dtype
        if isinstance(count, bool) or type(count).__name__ == "bool_":
            raise TypeError(f"optax schedule: count must be a number, got {count!r} (bool).")
        if isinstance(count, numbers.Real):
            # A Python or NumPy number goes through float64 first: jnp.asarray(2**53) would be
            # an int32 OverflowError. The core refuses negative, NaN and infinite counts.
            x = jnp.asarray(self.schedule(count), dtype=target)
            return x
        kind = getattr(getattr(count, "dtype", None), "kind", None)
        if kind not in ("i", "u", "f"):
            what = f"an array of dtype {count.dtype}" if kind is not None else f"{count!r:.80}"
            raise TypeError(f"optax schedule: count must be a number or an array of numbers, got {what}.")
        x = jnp.asarray(count).astype(target)
        out: jax.Array = self.schedule.evaluate(x, namespace=jnp)
        return out

    def __repr__(self) -> str:
        return (
            f"schedule({self.schedule!r})"
            if self.dtype is None
            else f"schedule({self.schedule!r}, dtype={self.dtype!r})"
        )


def schedule(s: Schedule, *, dtype: Any = None) -> OptaxSchedule:
    """An optax schedule (``count -> value``, absolute values) computing ``s`` with ``jax.numpy``.

    The count (an int array, a tracer or a Python number) is cast to ``dtype`` first -- by
    default JAX's default float: float32, or float64 when ``jax_enable_x64`` is on -- so integer
    counts and integer constants never truncate. A Python or NumPy number is evaluated in
    float64 first (any count up to 1.8e308, ``2**53`` included), then cast.

    Args:
        s: The schedule.
        dtype: The float dtype of the result (``None``: JAX's default float dtype).

    Returns:
        A picklable function of the count, usable wherever optax takes a schedule
        (``optax.adamw(learning_rate=...)``, ``optax.inject_hyperparams``).

    Raises:
        TypeError: ``s`` is not a :class:`~lr_curves.Schedule` or ``dtype`` is not a float dtype;
            at call time, a count that is not a number (a bool, a string, a bool array).
    """
    if not isinstance(s, Schedule):
        raise TypeError(
            f"schedule(): s must be an lr_curves Schedule, got {s!r:.80} ({type(s).__name__}). "
            "Hint: build one with lr_curves (lrc.cosine(...), lrc.warmup(...)) or lrc.parse(text)."
        )
    if dtype is not None and not jnp.issubdtype(dtype, jnp.floating):
        raise TypeError(f"schedule(): dtype must be a float dtype, got {dtype!r}.")
    return OptaxSchedule(s, dtype)
