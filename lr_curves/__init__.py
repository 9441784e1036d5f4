"""lr_curves: learning-rate schedules as exact, immutable, framework-free values.

A schedule maps a step to a number: ``lr(step) -> float``. Build one from primitives and
combinators, evaluate it on a Python number, a NumPy array or (through its own array
operations) a JAX or torch array, and hand it to any framework through
``lr_curves.adapters.{torch,keras,optax}``.

Examples:
    >>> import lr_curves as lrc
    >>> lr = lrc.warmup(lrc.cosine(3e-4, 9_000, floor=3e-5), 1_000)
    >>> f"{lr(0):.2e} {lr(1_000):.2e} {lr(10_000):.2e}"
    '0.00e+00 3.00e-04 3.00e-05'
"""

from typing import TYPE_CHECKING, Any

from lr_curves._algebra import divide, maximum, minimum, power
from lr_curves._base import Schedule
from lr_curves._combinators import add, clip, concat, restart, scale, shift, stretch, warmup
from lr_curves._function import function
from lr_curves._notes import Notes, annotate, notes
from lr_curves._primitives import (
    constant,
    cooldown,
    cosine,
    exponential,
    inverse_sqrt,
    inverse_time,
    linear,
    multistep,
    piecewise_constant,
    piecewise_cosine,
    piecewise_linear,
    polynomial,
    rex,
    tanh,
    triangle,
)
from lr_curves._reducer import Plateau, PlateauState, Reducer, ThenState, then, times
from lr_curves._retarget import retarget
from lr_curves._serial import from_dict, parse
from lr_curves._staging import source
from lr_curves._window import window

if TYPE_CHECKING:
    from lr_curves.analysis import budget, describe, extremes, first_crossing

_ANALYSIS = ("budget", "describe", "extremes", "first_crossing")


def __getattr__(name: str) -> Any:
    # The analysis helpers load on first use: `import lr_curves` stays as light as it can.
    if name in _ANALYSIS:
        from lr_curves import analysis

        return getattr(analysis, name)
    raise AttributeError(f"module 'lr_curves' has no attribute {name!r}")


__version__ = "0.1.0"

__all__ = [
    "Notes",
    "Plateau",
    "PlateauState",
    "Reducer",
    "Schedule",
    "ThenState",
    "__version__",
    "add",
    "annotate",
    "budget",
    "clip",
    "concat",
    "constant",
    "cooldown",
    "cosine",
    "describe",
    "divide",
    "exponential",
    "extremes",
    "first_crossing",
    "from_dict",
    "function",
    "inverse_sqrt",
    "inverse_time",
    "linear",
    "maximum",
    "minimum",
    "multistep",
    "notes",
    "parse",
    "piecewise_constant",
    "piecewise_cosine",
    "piecewise_linear",
    "polynomial",
    "power",
    "restart",
    "rex",
    "retarget",
    "scale",
    "shift",
    "source",
    "stretch",
    "tanh",
    "then",
    "times",
    "triangle",
    "warmup",
    "window",
]
