"""optax adapter: :func:`schedule` turns an lr_curves schedule into an optax schedule.

An optax schedule maps the update count to a value; optax evaluates it at the count *before*
incrementing it, so the ``k``-th update (0-based) uses ``s(k)``. The value is computed with
``jax.numpy`` (the core's vectorised formula, no Python branching on values), so it traces under
``jax.jit``, ``jax.vmap`` and ``jax.grad``. This module holds no formula.

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

from collections.abc import Callable
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

__all__ = ["schedule"]


def schedule(s: Schedule, *, dtype: Any = None) -> Callable[[Any], jax.Array]:
    """An optax schedule (``count -> value``) computing ``s`` with ``jax.numpy``.

    The count (an int array, a tracer or a Python number) is cast to ``dtype`` first -- by
    default JAX's default float: float32, or float64 when ``jax_enable_x64`` is on -- so integer
    counts and integer constants never truncate.

    Args:
        s: The schedule.
        dtype: The float dtype of the result (``None``: JAX's default float dtype).

    Returns:
        A function of the count, usable wherever optax takes a schedule
        (``optax.adamw(learning_rate=...)``, ``optax.inject_hyperparams``).

    Raises:
        TypeError: ``s`` is not a :class:`~lr_curves.Schedule` or ``dtype`` is not a float dtype.
    """
    if not isinstance(s, Schedule):
        raise TypeError(
            f"schedule(): s must be an lr_curves Schedule, got {s!r:.80} ({type(s).__name__}). "
            "Hint: build one with lr_curves (lrc.cosine(...), lrc.warmup(...)) or lrc.parse(text)."
        )
    if dtype is not None and not jnp.issubdtype(dtype, jnp.floating):
        raise TypeError(f"schedule(): dtype must be a float dtype, got {dtype!r}.")

    def lr_curves_schedule(count: Any) -> jax.Array:
        target = jnp.result_type(float) if dtype is None else dtype
        x = jnp.asarray(count).astype(target)
        out: jax.Array = s.evaluate(x, namespace=jnp)
        return out

    lr_curves_schedule.__doc__ = f"optax schedule: {s!r}"
    return lr_curves_schedule
