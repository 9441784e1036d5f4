"""Hypothesis strategies shared by the property tests: a thin re-export of ``lr_curves.testing``.

The strategies are public (users property-test their own code with them); this module keeps
``from strategies import schedules, steps, ...`` working in the project's tests.
"""

from __future__ import annotations

from lr_curves.testing import (
    compositions,
    factors,
    finite_primitives,
    float_steps,
    huge_steps,
    int_finite_primitives,
    int_lengths,
    int_steps,
    lengths,
    primitives,
    schedules,
    small,
    step_arrays,
    steps,
    values,
)

__all__ = [
    "compositions",
    "factors",
    "finite_primitives",
    "float_steps",
    "huge_steps",
    "int_finite_primitives",
    "int_lengths",
    "int_steps",
    "lengths",
    "primitives",
    "schedules",
    "small",
    "step_arrays",
    "steps",
    "values",
]
