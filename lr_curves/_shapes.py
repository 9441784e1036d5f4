"""Named transition shapes shared by :func:`cooldown` and the ramps of :func:`warmup`.

A *decay shape* ``g(tau, T)`` falls from 1 at ``tau = 0`` to 0 at ``tau = T``:

- ``"linear"``: ``1 - x``
- ``"cosine"``: ``(1 + cos(pi x)) / 2``, computed as ``sin(pi/2 * (T - tau)/T)**2`` (well conditioned
  at both ends)
- ``"1-sqrt"``: ``1 - sqrt(x)`` (Hägele et al. 2024)
- ``"1-square"``: ``1 - x**2``

with ``x = tau / T``. A warmup ramp of the same name is the mirror image in time,
``ramp(t) = g(W - t, W)``, rising from 0 to 1: ``"linear"`` gives ``t/W``, ``"cosine"``
``(1 - cos(pi t/W))/2`` and ``"1-sqrt"`` ``1 - sqrt(1 - t/W)`` (the transformers WSD warmup).
"""

from __future__ import annotations

import math
from typing import Any

from lr_curves._backend import Ops

_HALF_PI = math.pi / 2

DECAY_SHAPES = ("linear", "cosine", "1-sqrt", "1-square")


def decay(shape: str, tau: Any, T: Any, xp: Ops) -> Any:
    """The decay shape ``g(tau, T)`` over the operation table ``xp`` (every path)."""
    if shape == "linear":
        return (T - tau) / T
    if shape == "cosine":
        s = xp.sin(_HALF_PI * ((T - tau) / T))
        return s * s
    if shape == "1-sqrt":
        return 1.0 - xp.sqrt(tau / T)
    x = tau / T
    return 1.0 - x * x
