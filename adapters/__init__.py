"""Thin framework adapters, shipped as ``lr_curves.adapters``.

Each adapter lives in its own module and imports its framework only there:
``lr_curves.adapters.torch``, ``lr_curves.adapters.keras``, ``lr_curves.adapters.optax``.
The math stays in the core; adapters translate to a framework's scheduler API.
"""

__all__: list[str] = []
