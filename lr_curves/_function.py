"""Your own function as a schedule: :func:`function`, the one node whose formula is opaque.

Every other node writes its formula over the operation table; this one calls the user's ``fn``
through the table's ``call`` operation, which each evaluation path implements its own way:

- the scalar path (staged by ``lr_curves._staging``) calls ``fn`` with the Python number, as
  an opaque function: one checked call per evaluation;
- NumPy tries ``fn`` on the whole float64 array and, when that raises or does not give one
  number per step, falls back to one call per element;
- traced arrays (JAX, torch) call ``fn`` on the tracer.

A function is data only by name: ``repr`` shows ``function(<name>)``, ``to_dict`` stores the
name, and ``from_dict(..., functions={name: fn})`` / ``parse(..., functions=...)`` resolve it.
No code is ever read from data.
"""

from __future__ import annotations

import dataclasses
import math
import numbers
from collections.abc import Callable, Mapping
from typing import Any, ClassVar

import numpy as np

from lr_curves import _checks as ck
from lr_curves._backend import Ops
from lr_curves._base import Schedule, arg, factory
from lr_curves._base import fmt_steps as _n
from lr_curves._checks import Number

__all__ = ["function"]

#: The name a callable without one of its own (a ``lambda``, a ``functools.partial``) gets.
ANONYMOUS = "anonymous"


def _callable(api: str, name: str, value: Any) -> Callable[[Any], Any]:
    if isinstance(value, Schedule):
        ck.type_error(api, name, "a plain callable, not a Schedule", value, hint="a schedule is one already.")
    if not callable(value):
        ck.type_error(api, name, "a callable (step -> value)", value)
    return value  # type: ignore[no-any-return]


def _name(api: str, name: str, value: Any) -> str:
    if not isinstance(value, str):
        ck.type_error(api, name, "a str (a Python identifier)", value)
    if not value.isidentifier() or value in ("None", "True", "False"):
        ck.value_error(api, name, "a Python identifier (letters, digits, _)", value)
    return value


def _length(api: str, name: str, value: Any) -> Number:
    return ck.positive(api, "length", value)  # the field is `steps` (`length` is a property)


def _bad_value(name: str, t: Any, value: Any) -> Exception:
    kind = type(value).__name__
    if not isinstance(value, bool) and isinstance(value, numbers.Real):
        return ValueError(
            f"function({name}): at step {t!r}, fn returned {value!r}; a schedule's value must not be NaN."
        )
    return TypeError(
        f"function({name}): at step {t!r}, fn returned {ck.describe(value)} ({kind}); "
        "it must return a real number."
    )


def _check_scalar(name: str, t: Any, value: Any) -> float:
    """The value of one call as a float, or a clear error naming the function and the step."""
    if type(value) is float:
        if not math.isnan(value):
            return value
        raise _bad_value(name, t, value)
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        if isinstance(value, np.ndarray) and value.shape == () and value.dtype.kind in "iuf":
            value = value.item()
        else:
            raise _bad_value(name, t, value)
    out = float(value)
    if math.isnan(out):
        raise _bad_value(name, t, value)
    return out


class Callee:
    """``fn`` with a name, called the way each evaluation path needs (see the module docstring)."""

    __slots__ = ("fn", "name")

    def __init__(self, fn: Callable[[Any], Any], name: str) -> None:
        self.fn, self.name = fn, name

    def scalar(self, t: Any) -> float:
        """One call at a Python number: the scalar path."""
        try:
            value = self.fn(t)
        except Exception as exc:
            raise ValueError(
                f"function({self.name}): at step {t!r}, fn raised {type(exc).__name__}: {exc}."
            ) from exc
        if type(value) is float and not math.isnan(value):
            return value
        return _check_scalar(self.name, t, value)

    def array(self, x: Any) -> Any:
        """A float64 NumPy array of steps: one call on the array, else one call per element."""
        out: Any = None
        try:
            got = self.fn(x)
        except Exception:
            got = None
        if got is not None and not isinstance(got, (bool, np.bool_, str, bytes)):
            try:
                arr = np.asarray(got)
            except Exception:
                arr = None
            if arr is not None and arr.dtype.kind in "iuf" and arr.shape in (x.shape, ()):
                out = np.broadcast_to(arr.astype(np.float64), x.shape)
        if out is None:
            out = np.array([self.scalar(v) for v in x.reshape(-1).tolist()], dtype=np.float64)
            return out.reshape(x.shape)
        if np.isnan(out).any():
            i = int(np.flatnonzero(np.isnan(out.reshape(-1)))[0])
            t = x.reshape(-1)[i].item()
            raise ValueError(
                f"function({self.name}): at step {t!r}, fn returned nan; a schedule's value must not be NaN."
            )
        return out

    def traced(self, x: Any) -> Any:
        """A JAX/torch array or tracer: ``fn`` on it, with its own operations."""
        try:
            return self.fn(x)
        except Exception as exc:
            raise TypeError(
                f"function({self.name}): fn could not be called on a {type(x).__name__} "
                f"({type(exc).__name__}: {exc}). Hint: write fn with arithmetic and the array "
                "library's functions (no `if` on the step, no math.*) so that it works on arrays."
            ) from exc


@dataclasses.dataclass(frozen=True, repr=False, eq=False)
class _Function(Schedule):
    api: ClassVar[str] = "function"
    fn: Callable[[Any], Any] = arg(_callable)
    name: str | None = arg(_name, None)
    steps: Number | None = arg(_length, None)

    def _validate(self) -> None:
        if self.name is None:
            own = getattr(self.fn, "__name__", None)
            named = isinstance(own, str) and own.isidentifier()
            object.__setattr__(self, "name", own if named else ANONYMOUS)
        object.__setattr__(self, "_callee", Callee(self.fn, str(self.name)))

    def _key(self) -> tuple[Any, ...]:
        return (self.fn, self.name, self.steps)

    @property
    def length(self) -> Number | None:
        return self.steps

    def _eval(self, x: Any, op: Ops) -> Any:
        T = self.steps
        callee: Callee = self.__dict__["_callee"]
        return op.call(callee, x if T is None else op.minimum(x, T))

    def summary(self) -> str:
        held = f", held from step {_n(self.steps)}" if self.steps is not None else ""
        return f"your function {self.name}(t){held}"

    def __repr__(self) -> str:
        length = "" if self.steps is None else f", length={self.steps!r}"
        return f"function({self.name}{length})"

    def _data(self) -> dict[str, Any]:
        """The node as data (``to_dict``): the name only, never the code."""
        return {"name": self.name} if self.steps is None else {"name": self.name, "length": self.steps}

    @staticmethod
    def _from_data(
        kwargs: dict[str, Any], functions: Mapping[str, Callable[[Any], Any]] | None, caller: str, where: str
    ) -> dict[str, Any]:
        """The factory's arguments from data: the name resolved in ``functions``."""
        if "fn" in kwargs:
            raise ValueError(f"{caller}: a function is stored by name only, got code ('fn') at {where}.")
        if "name" not in kwargs:
            raise ValueError(f"{caller}: a function needs its 'name' at {where}.")
        return {"fn": resolve(kwargs["name"], functions, caller, where), **kwargs}

    def __reduce__(self) -> tuple[Any, ...]:
        return (_Function, (self.fn, self.name, self.steps))


@factory
def function(fn: Callable[[Any], Any], *, name: str | None = None, length: Number | None = None) -> Schedule:
    """Your own function ``fn(step) -> value`` as a schedule, composable like any other.

    How it is evaluated:

    - a Python ``int``/``float`` step: ``fn`` is called with it (one call);
    - a NumPy array of steps: ``fn`` is first called on the whole float64 array; if that raises
      or does not return one number per step, ``fn`` is called once per element (correct, but
      a Python call per step). To vectorise, write ``fn`` with arithmetic and NumPy-compatible
      operations: ``lambda t: 0.1 * 0.5 ** (t // 30)`` vectorises; ``math.cos(t)`` or
      ``if t < w:`` do not (use ``np.cos`` / ``np.where``, or accept the per-element path);
    - a JAX or torch array (also a tracer under ``jax.jit`` / ``torch.compile``): ``fn`` is
      called on it, so it must use that library's operations.

    The scalar and NumPy paths agree to the bit when ``fn`` does the same IEEE operations on a
    number and on an array (``+ - * /``, ``**``); ``math`` and NumPy transcendental functions
    may differ in the last ulp.

    ``fn`` raising, or returning a non-number or NaN, is a clear ``ValueError``/``TypeError``
    naming the function and the step. ``fn`` should be pure (its value depends on the step only).

    Data by name only: ``repr`` is ``function(<name>)``; ``to_dict`` stores the name, and
    :func:`lr_curves.from_dict` / :func:`lr_curves.parse` take ``functions={name: fn}`` to
    resolve it (an unknown name is an error; code is never read from data).

    Args:
        fn: The function of the step.
        name: Its name in ``repr`` and data: a Python identifier. Default: ``fn.__name__``, or
            ``"anonymous"`` for a lambda.
        length: When given, ``fn`` is called at ``min(t, length)``: the value holds
            ``fn(length)`` afterwards, so the schedule has that length (``concat``, ``budget``
            and ``describe`` use it).

    Examples:
        >>> import lr_curves as lrc
        >>> def halve(t):
        ...     return 0.1 * 0.5 ** (t // 30)
        >>> s = lrc.warmup(lrc.function(halve), 10)
        >>> s
        warmup(function(halve), 10)
        >>> f"{s(5):.3f} {s(10):.3f} {s(40):.3f}"
        '0.050 0.100 0.050'
        >>> lrc.parse(repr(s), functions={"halve": halve}) == s
        True
    """
    return _Function(fn, name, length)


def resolve(name: Any, functions: Mapping[str, Callable[[Any], Any]] | None, caller: str, where: str) -> Any:
    """The callable stored under ``name`` in ``functions`` (``from_dict``/``parse``), or a clear error."""
    if not isinstance(name, str):
        raise TypeError(f"{caller}: a function's name must be a str at {where}, got {ck.describe(name)}.")
    if functions is None or name not in functions:
        known = "none given" if not functions else "known: " + ", ".join(sorted(functions))
        raise ValueError(
            f"{caller}: unknown function {name!r} at {where} ({known}). Hint: pass its code "
            f"yourself, e.g. functions={{{name!r}: {name}}}; functions are never read from data."
        )
    return functions[name]


def functions_in(*schedules: Schedule) -> dict[str, Callable[[Any], Any]]:
    """The function nodes' code in ``schedules``, by name (to read back data they were saved as)."""
    out: dict[str, Callable[[Any], Any]] = {}
    todo = list(schedules)
    seen: set[int] = set()
    while todo:
        s = todo.pop()
        if id(s) in seen:
            continue
        seen.add(id(s))
        if isinstance(s, _Function):
            out.setdefault(str(s.name), s.fn)
        todo.extend(s.children)
    return out
