"""The node base and the registry: what every schedule node is, and the list of nodes that exist.

A node is a frozen dataclass that declares, once:

- ``api``: its public name (the factory whose call its ``repr`` shows);
- its fields, each with its check and default (:func:`arg`), and which print positionally;
- its children (derived: every field value that is a schedule);
- ``_eval(x, op)``: its formula, written once over an operation table (``lr_curves._backend``),
  from which every evaluation path derives (the Python-number path is staged from it by
  ``lr_curves._staging``);
- ``summary()``: the line :func:`lr_curves.describe` prints for it.

This module knows no particular node: primitives and combinators register themselves
(:data:`NODES`, :data:`FACTORIES`) when their modules load, and the fluent methods
(``s.warmup(...)``, operators) are attached where the combinators live.
"""

from __future__ import annotations

import dataclasses
import fractions
import math
import numbers
import sys
import threading
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar, cast, overload

import numpy as np

from lr_curves import _backend, _staging
from lr_curves._checks import describe, type_error

if TYPE_CHECKING:
    import numpy.typing as npt

    from lr_curves import _algebra as _al
    from lr_curves import _combinators as _cb
    from lr_curves import _retarget as _rt
    from lr_curves import _serial
    from lr_curves._checks import Number

ArrayT = TypeVar("ArrayT")
F = TypeVar("F", bound=Callable[..., Any])

#: The deepest composition accepted (a deeper one is refused with a clear error at construction).
MAX_DEPTH = 200
#: ``repr`` writes out a composition of at most this many nodes counted as a tree (a schedule
#: used n times counts n times); a larger one (a DAG of shared parts) prints a short placeholder.
MAX_TEXT_NODES = 100_000

#: The kinds of boundary (:meth:`Schedule.labelled_boundaries`), weakest first.
BOUNDARY_KINDS = ("phase", "milestone", "restart", "warmup end", "end")
_RANK = {k: i for i, k in enumerate(BOUNDARY_KINDS)}
#: The most boundaries ``labelled_boundaries`` lists (restarts every step over 10**12 steps...).
MAX_LABELLED = 10_000

_INF = math.inf
#: The largest step: every step must fit a float64 (a larger Python int is a ``ValueError``).
_MAX_STEP = sys.float_info.max

#: NumPy evaluates the formula over chunks of this many steps (cache-sized temporaries).
CHUNK = 16_384

# ---------------------------------------------------------------------------------------- registry
#: Every node class, by its public name (``api``).
NODES: dict[str, type[Schedule]] = {}
#: Every public factory that builds schedules, by name (read by ``parse`` and ``from_dict``).
FACTORIES: dict[str, Callable[..., Schedule]] = {}


def factory(fn: F) -> F:
    """Register a public factory under its own name (``parse``/``from_dict`` accept it)."""
    FACTORIES[fn.__name__] = fn
    return fn


_NO_DEFAULT: Any = dataclasses.MISSING


def arg(
    check: Callable[[str, str, Any], Any] | None = None,
    default: Any = _NO_DEFAULT,
    *,
    positional: bool = False,
    varargs: bool = False,
    duration: bool = False,
) -> Any:
    """Declare a node field: its check (``check(api, name, value) -> canonical value``, run at
    construction; ``None`` values of an optional field skip it), its default, how ``repr``
    prints it (``positional``; ``varargs`` for a tuple printed as ``*args``), and whether it is a
    ``duration`` in steps (a number or a tuple of them: lengths, periods, boundaries), which
    :func:`stretched` multiplies."""
    meta = {"check": check, "positional": positional, "varargs": varargs, "duration": duration}
    if default is _NO_DEFAULT:
        return dataclasses.field(metadata=meta)
    return dataclasses.field(default=default, metadata=meta)


def schedule_arg(api: str, name: str, value: Any) -> Schedule:
    """The check of a field that holds a schedule."""
    if not isinstance(value, Schedule):
        type_error(api, name, "a Schedule", value, hint="build one with lr_curves.constant(), cosine(), ...")
    return value


#: Checks of fields that hold schedules (a node with one is a combinator); see ``schedule_field``.
_SCHEDULE_CHECKS: list[Callable[..., Any]] = [schedule_arg]


def schedule_field(check: F) -> F:
    """Mark a field check as one that accepts schedules (``scale``'s ``by``: a number or a schedule)."""
    _SCHEDULE_CHECKS.append(check)
    return check


def is_leaf(node: type[Schedule]) -> bool:
    """Whether a node class is a primitive (no field holds a schedule) or a combinator."""
    return not any(
        f.metadata.get("varargs") or f.metadata.get("check") in _SCHEDULE_CHECKS
        for f in dataclasses.fields(node)  # type: ignore[arg-type]
    )


# ---------------------------------------------------------------------------------------- text
def fmt_steps(x: Number) -> str:
    """A step count for summaries: ``1,000`` for integers, ``2.5`` for floats."""
    if isinstance(x, float) and x.is_integer() and abs(x) < 1e15:
        x = int(x)
    return f"{x:,}" if isinstance(x, int) else f"{x:g}"


def fmt_value(x: float) -> str:
    """A value for summaries, short: ``0.0003``, ``1e-07``, ``0.1``."""
    return f"{x:.6g}"


def _text(value: Any) -> str:
    """``repr(value)``, calling a child schedule's ``__repr__`` directly: one stack frame per
    level, so that the repr of the deepest allowed composition stays far from the recursion limit."""
    if isinstance(value, Schedule):
        return type(value).__repr__(value)
    return repr(value)


#: Per thread, the pairs of nodes found equal during the current ``==`` (see ``Schedule.__eq__``).
_EQUAL = threading.local()


# ---------------------------------------------------------------------------------------- the base
class Schedule:
    """A learning-rate schedule: an immutable value mapping a step to a number.

    Build one with the factories (:func:`lr_curves.cosine`, :func:`lr_curves.warmup`, ...), then
    call it: ``s(step)`` with a Python ``int``/``float`` returns a ``float``; with a NumPy array a
    float64 array of the same shape; with a JAX array/tracer or a torch tensor an array of that
    library, computed with its own operations (traceable under ``jax.jit`` and ``torch.compile``).

    Steps must be non-negative and finite on the Python and NumPy paths (``ValueError``
    otherwise; booleans are a ``TypeError``). Traced arrays cannot raise on values: there a
    negative step evaluates as step 0 and a NaN step gives NaN.

    Schedules are frozen, hashable and compare structurally; ``repr`` is the Python expression
    that rebuilds the schedule; :meth:`to_dict` / :func:`lr_curves.from_dict` and
    :func:`lr_curves.parse` round-trip it as data.
    """

    api: ClassVar[str] = "schedule"
    #: True for the constant node (its value is the same at every step).
    is_constant: ClassVar[bool] = False
    #: True when the formula sees time only through its ``duration`` fields and its children
    #: (``f(t / k)`` is the same node with every duration times ``k``): see :func:`stretched`.
    stretchable: ClassVar[bool] = False
    _depth: int
    _size: int

    #: The node class (a root that was called with a number gets a class of its own, below it).
    _node_class: ClassVar[type[Schedule]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "_node_class" not in cls.__dict__:
            cls._node_class = cls
            if "api" in cls.__dict__:
                NODES[cls.api] = cls

    # ------------------------------------------------------------------ value semantics
    def _key(self) -> tuple[Any, ...]:
        return tuple(getattr(self, f.name) for f in dataclasses.fields(self))  # type: ignore[arg-type]

    def __eq__(self, other: object) -> bool:
        if self is other:
            return True
        if not isinstance(other, Schedule) or other._node_class is not self._node_class:
            return NotImplemented
        if hash(self) != hash(other):  # hashes are computed once per node
            return False
        # pairs found equal are remembered during one comparison: comparing two copies of a DAG
        # (shared parts) takes time linear in its nodes, not in its paths
        memo: set[tuple[int, int]] | None = getattr(_EQUAL, "memo", None)
        top = memo is None
        if memo is None:
            memo = _EQUAL.memo = set()
        try:
            pair = (id(self), id(other))
            if pair in memo:
                return True
            same = self._key() == other._key()
            if same:
                memo.add(pair)
            return same
        finally:
            if top:
                _EQUAL.memo = None

    def __hash__(self) -> int:
        h: int | None = self.__dict__.get("_hash")
        if h is None:  # computed once: hashing a composition is linear, not one walk per use
            h = hash((self._node_class, self._key()))
            object.__setattr__(self, "_hash", h)
        return h

    # ------------------------------------------------------------------ construction
    def __post_init__(self) -> None:
        """Run every field's check (in field order), then the node's own ``_validate``."""
        api = self.api
        for f in dataclasses.fields(self):  # type: ignore[arg-type]
            check = f.metadata.get("check")
            if check is None:
                continue
            value = getattr(self, f.name)
            if value is None and f.default is None:
                continue
            object.__setattr__(self, f.name, check(api, f.name, value))
        self._validate()
        children = self.children
        depth = 1 + max((c._depth for c in children), default=0)
        if depth > MAX_DEPTH:
            raise ValueError(
                f"{api}(): the composition is nested {depth} levels deep, more than the "
                f"{MAX_DEPTH} allowed. Hint: join many pieces with one concat(...) call instead "
                "of nesting them."
            )
        object.__setattr__(self, "_depth", depth)
        # the size counted as a tree (a child used twice counts twice): what repr and to_dict
        # would write out; a DAG (``s = s + s`` forty times) is far larger as a tree than as nodes
        size = 1
        for c in children:
            size += c._size
        object.__setattr__(self, "_size", size)

    def _validate(self) -> None:
        """Checks that relate several fields (after each field's own check)."""

    def _stretchable(self) -> bool:
        """Whether this node (its own formula, not its children) may be stretched by
        multiplying its durations (``stretchable``, unless a field value says otherwise)."""
        return self.stretchable

    def _stretched(self, k: Number, memo: dict[int, Schedule | None]) -> Schedule | None:
        """This node with its durations times ``k`` and its children stretched (see
        :func:`stretched`), or ``None``."""
        changes: dict[str, Any] = {}
        for f in dataclasses.fields(self):  # type: ignore[arg-type]
            value = getattr(self, f.name)
            if f.metadata.get("duration"):
                new = _times(value, k)
            elif isinstance(value, Schedule):
                new = stretched(value, k, memo)
            elif isinstance(value, tuple) and any(isinstance(v, Schedule) for v in value):
                parts = [stretched(v, k, memo) if isinstance(v, Schedule) else v for v in value]
                new = _NOT_EXACT if any(v is None for v in parts) else tuple(parts)
            else:
                continue
            if new is _NOT_EXACT or (new is None and value is not None):
                return None
            changes[f.name] = new
        try:
            return dataclasses.replace(self, **changes)  # type: ignore[type-var]
        except (ValueError, TypeError):  # a check refuses the product (past float64...)
            return None

    @property
    def children(self) -> tuple[Schedule, ...]:
        """The schedules this node is built from (every field value that is a schedule)."""
        out: list[Schedule] = []
        for f in dataclasses.fields(self):  # type: ignore[arg-type]
            v = getattr(self, f.name)
            if isinstance(v, Schedule):
                out.append(v)
            elif isinstance(v, tuple):
                out.extend(c for c in v if isinstance(c, Schedule))
        return tuple(out)

    def __reduce__(self) -> tuple[Any, ...]:
        # The compiled scalar entry point is derived state: rebuild the node from its fields.
        return (self._node_class, self._key())

    # ------------------------------------------------------------------ the formula
    def _eval(self, x: Any, op: _backend.Ops) -> Any:
        """The formula at (non-negative) time ``x``, over the operation table ``op``."""
        raise NotImplementedError

    def summary(self) -> str:
        """One line saying what this node is (its children are described below it)."""
        raise NotImplementedError

    # ------------------------------------------------------------------ evaluation
    @overload
    def __call__(self, step: int | float) -> float: ...
    @overload
    def __call__(self, step: npt.NDArray[Any]) -> npt.NDArray[np.float64]: ...
    @overload
    def __call__(self, step: ArrayT) -> ArrayT: ...
    def __call__(self, step: Any) -> Any:
        # Not compiled yet. A Python number compiles this root's scalar path (staged from the
        # formulas); arrays and tracers go straight to the array path, so nothing is ever
        # compiled inside a trace.
        tp = type(step)
        if tp is int or tp is float:
            return self._scalar()(self, step)
        return self._dispatch(step)

    def _scalar(self) -> Callable[[Schedule, Any], Any]:
        """This root's compiled scalar entry point ``entry(self, step)``, compiled on first use.

        The entry point becomes the ``__call__`` of a class made for this one schedule (a
        subclass of its node class that only adds ``__call__``): a call is then one Python
        frame, as fast as a hand-written closure, and a plain method that tracers (dynamo,
        jax) see through. Equality, hashing, pickling and ``repr`` go by the node class.
        """
        cls = type(self)
        if cls is not cls._node_class:
            return cast(Callable[[Schedule, Any], Any], cls.__dict__["__call__"])
        compiled = self.__dict__.get("_compiled")
        if compiled is not None:
            return cast(Callable[[Schedule, Any], Any], compiled)
        entry = _staging.compile_entry(self)
        node = cls._node_class
        if cls.__eq__ is not Schedule.__eq__:
            # A node class with its own equality (a dataclass with eq=True compares classes):
            # keep its class, and call the compiled entry from Schedule.__call__.
            object.__setattr__(self, "_compiled", entry)
            return entry

        def __new__(_cls: type, *args: Any, **kwargs: Any) -> Schedule:  # noqa: N807
            return node(*args, **kwargs)  # dataclasses.replace() and the like build a plain node

        own = type(
            cls.__name__,
            (cls,),
            {"__call__": entry, "__new__": __new__, "_node_class": node, "__module__": cls.__module__},
        )
        own.__qualname__ = cls.__qualname__
        object.__setattr__(self, "__class__", own)
        return entry

    def evaluate(self, step: Any, namespace: Any = None) -> Any:
        """Evaluate with an explicit array namespace (``numpy``, ``jax.numpy``, ``keras.ops``).

        Adapters use this when the array type alone does not name its library (Keras tensors).
        With ``namespace=None`` it is the same as ``self(step)``.
        """
        if namespace is None:
            return self(step)
        ops = _backend.ops_for_namespace(namespace)
        if ops is _backend.NUMPY:
            return self._dispatch(np.asarray(step))
        return ops.run(self, ops.maximum(ops.to_float(step), 0.0))

    def _fail(self, exc: type[Exception], what: str) -> Exception:
        return exc(f"{self.api}(): {what}.")

    def _nan(self, step: Any) -> ValueError:
        """The error for a value that came out NaN: an infinity (a power, quotient or
        exponential that overflowed) met a zero or another infinity inside the schedule."""
        if isinstance(step, float) and step.is_integer() and step <= 2**53:
            step = int(step)  # both paths name a whole step as the user wrote it: "step 2000"
        return ValueError(
            f"{self.api}(): the value at step {describe(step)} is not a number (NaN): inside it an "
            "infinite part (a power, quotient or growth that overflowed) met a zero or another infinity "
            "(0 * inf, inf - inf, 0 / 0, inf / inf). Bound the part that overflows, for example "
            "with minimum(part, cap)."
        )

    def _dispatch(self, step: Any) -> Any:
        """Everything but an in-range Python ``int``/``float``: check, then pick the path."""
        if isinstance(step, (bool, np.bool_)):
            raise self._fail(TypeError, f"step must be a number or an array of numbers, got {step!r} (bool)")
        if isinstance(step, numbers.Integral):
            value = int(step)
            if value.__class__ is not int:  # symbolic (a torch.SymInt under dynamo): arrays
                return self._symbolic(step)
            if value < 0:
                raise self._fail(ValueError, f"step must be >= 0, got {describe(value)}")
            if value > _MAX_STEP:
                raise self._fail(
                    ValueError, f"step must be at most 1.8e308 (a float64), got {describe(value)}"
                )
            return self._scalar()(self, value)
        if isinstance(step, numbers.Real):
            try:
                value_f = float(step)
            except OverflowError:  # a Fraction or Decimal beyond the float64 range
                value_f = _INF
            if value_f.__class__ is not float:  # symbolic (a torch.SymFloat under dynamo)
                return self._symbolic(step)
            if not value_f >= 0.0:
                raise self._fail(ValueError, f"step must be >= 0 (and not NaN), got {describe(step)}")
            if value_f == _INF:
                raise self._fail(ValueError, f"step must be finite, got {describe(step)}")
            return self._scalar()(self, value_f)
        if isinstance(step, (list, tuple)):
            step = np.asarray(step)
        if isinstance(step, np.ndarray):
            return self._eval_numpy(step)
        ops = _backend.ops_for(step)
        if ops is None:
            raise self._fail(
                TypeError,
                "step must be an int, a float or an array (NumPy, JAX, torch), "
                f"got {describe(step)} ({type(step).__name__})",
            )
        if ops is _backend.NUMPY:
            return self._eval_numpy(np.asarray(step))
        dtype = str(getattr(step, "dtype", ""))  # torch.bool, bool, complex64, torch.complex64
        if "bool" in dtype:  # refused as NumPy's are (the cast would make 0.0/1.0 of them)
            raise self._fail(TypeError, f"steps must be numbers, got an array of dtype {dtype}")
        if "complex" in dtype:
            raise self._fail(TypeError, f"steps must be an array of numbers, got dtype {dtype}")
        return ops.run(self, ops.maximum(ops.to_float(step), 0.0))

    def _symbolic(self, step: Any) -> Any:
        """A symbolic Python number (a traced int or float) takes the array path of its library."""
        ops = _backend.ops_for(step)
        if ops is None:
            kind = type(step).__name__
            raise self._fail(TypeError, f"step must be an int, a float or an array, got {kind}")
        return ops.run(self, ops.maximum(ops.to_float(step), 0.0))

    def _eval_numpy(self, step: npt.NDArray[Any]) -> npt.NDArray[np.float64]:
        kind = step.dtype.kind
        if kind == "b":
            raise self._fail(TypeError, "steps must be numbers, got an array of dtype bool")
        if kind not in "iuf":
            raise self._fail(TypeError, f"steps must be an array of numbers, got dtype {step.dtype}")
        with np.errstate(over="ignore"):  # a longdouble beyond float64 becomes inf: refused below
            x = np.asarray(step, dtype=np.float64)
        if x.size:
            lo = x.min()
            if not lo >= 0.0:  # also catches NaN
                bad = "NaN" if np.isnan(lo) else describe(float(lo))
                raise self._fail(ValueError, f"steps must be >= 0 (and not NaN), got {bad}")
            if kind == "f" and x.max() == _INF:
                raise self._fail(ValueError, "steps must be finite, got inf")
        shape = x.shape
        flat = x.reshape(-1)
        ops = _backend.NUMPY
        with np.errstate(all="ignore"):  # growth to inf / decay to 0 are values
            if flat.size <= CHUNK:
                out = np.asarray(ops.run(self, flat), dtype=np.float64)
                if out.shape != flat.shape:
                    out = np.broadcast_to(out, flat.shape).copy()
            else:
                order = None
                if not bool(np.all(flat[1:] >= flat[:-1])):
                    # sorted once, so that each chunk spans few pieces of a piecewise schedule
                    # (O(n log n) for any order, instead of every piece in every chunk)
                    order = np.argsort(flat, kind="stable")
                    flat = flat[order]
                out = np.empty(flat.size, dtype=np.float64)
                for lo_i in range(0, flat.size, CHUNK):
                    part = flat[lo_i : lo_i + CHUNK]
                    out[lo_i : lo_i + part.size] = ops.run(self, part)
                if order is not None:
                    flat[order] = out  # flat is our own sorted copy: reuse it for the result
                    out = flat
        if np.isnan(out).any():  # never a silent NaN (the scalar path raises the same error)
            raise self._nan(float(x.reshape(-1)[int(np.flatnonzero(np.isnan(out))[0])]))
        return out.reshape(shape)

    # ------------------------------------------------------------------ structure
    @property
    def length(self) -> Number | None:
        """The step after which the value no longer changes (it is constant for every
        ``t > length``), or ``None`` when there is no such step (constant, periodic, decaying
        forever)."""
        return None

    def boundaries(self) -> tuple[Number, ...]:
        """The steps where a piece ends and another begins (warmup end, milestones, restarts).

        Finite and sorted; for unbounded restarts (and endless staircases) only the first
        cycles are listed: :meth:`labelled_boundaries` goes through any range.
        """
        return ()

    def labelled_boundaries(self, until: Number | None = None) -> tuple[tuple[Number, str], ...]:
        """The boundaries with their kind: ``((step, kind), ...)``, sorted by step.

        Kinds (:data:`BOUNDARY_KINDS`): ``"warmup end"``, ``"milestone"`` (a step down or up:
        ``multistep``, a staircase), ``"restart"`` (a new cycle), ``"phase"`` (a piece of a
        ``concat`` or a curve's corner), ``"end"`` (after it nothing changes). Each node says
        the kind of its own boundaries; a step claimed twice keeps the stronger kind (in the
        order above, ``"end"`` strongest).

        Args:
            until: Every boundary up to this step (restarts and staircase steps through a whole
                plotted range, at most :data:`MAX_LABELLED`); ``None``: the ones
                :meth:`boundaries` lists.

        Examples:
            >>> import lr_curves as lrc
            >>> lrc.warmup(lrc.multistep(1.0, 0.1, [50]), 10).labelled_boundaries()
            ((10, 'warmup end'), (60, 'milestone'))
        """
        limit: Number  # compared exactly: an int cycle start beyond 2**53 stays an int
        if until is None:
            listed, n = self.boundaries(), self.length
            limit = max([*listed, n if n is not None and n < math.inf else 0, 0])
        else:
            limit = until
        best: dict[Number, str] = {}
        for step, kind in self._labelled(limit):
            if 0 < step <= limit and _RANK[kind] > _RANK.get(best.get(step, ""), -1):
                best[step] = kind
        return tuple(sorted(best.items()))[:MAX_LABELLED]

    def _labelled(self, until: float) -> list[tuple[Number, str]]:
        """This node's boundaries up to ``until`` with their kinds (by default: ``boundaries()``,
        each a ``"phase"``). Combinators map their children's through their own time."""
        return [(b, "phase") for b in self.boundaries() if b <= until]

    def __iter__(self) -> Iterator[Any]:  # pragma: no cover - guard against accidental iteration
        raise TypeError(f"{self.api}(): a schedule is not iterable; evaluate it on steps instead.")

    # ------------------------------------------------------------------ repr and data
    def __repr__(self) -> str:
        if self._size > MAX_TEXT_NODES:
            return (
                f"<{self.api}(...): a composition of {self._size:,} nodes written out, "
                f"more than the {MAX_TEXT_NODES:,} repr prints>"
            )
        parts: list[str] = []
        for f in dataclasses.fields(self):  # type: ignore[arg-type]
            value = getattr(self, f.name)
            if f.metadata.get("varargs"):
                for v in value:
                    parts.append(_text(v))
            elif f.metadata.get("positional"):
                parts.append(_text(value))
            elif f.default is dataclasses.MISSING or value != f.default or type(value) is not type(f.default):
                parts.append(f"{f.name}={_text(value)}")
        return f"{self.api}({', '.join(parts)})"

    # The fluent methods and operators are the combinators themselves, attached to this class
    # where the combinators are defined (lr_curves._combinators): one signature, written once.
    # ``to_dict`` is attached likewise where serialisation lives (lr_curves._serial).
    if TYPE_CHECKING:
        to_dict = _serial.to_dict
        __mul__ = _cb._scale_op
        __rmul__ = _cb._scale_op
        __add__ = _cb._add_op
        __radd__ = _cb._add_op
        __sub__ = _cb._sub_op
        __rsub__ = _cb._rsub_op
        __neg__ = _cb._neg_op
        __truediv__ = _al._div_op
        __rtruediv__ = _al._rdiv_op
        __pow__ = _al._pow_op
        __rpow__ = _al._rpow_op
        scale = _cb.scale
        warmup = _cb.warmup
        restart = _cb.restart
        clip = _cb.clip
        shift = _cb.shift
        stretch = _cb.stretch
        retarget = _rt.retarget


def value_at(schedule: Schedule, t: Number) -> Any:
    """The schedule's value at a Python-number time ``t >= 0``, with the same operations as the
    compiled scalar path, without compiling anything (used by constructors: warmup targets,
    values held after the last cycle)."""
    return _staging.value_at(schedule, t)


def _times(value: Any, k: Number) -> Any:
    """``value * k`` for a duration (a number, ``None`` or a tuple of numbers), or
    ``_NOT_EXACT`` when a product is rounded (or past ``2**53`` for integers)."""
    if value is None:
        return None
    if isinstance(value, tuple):
        out = tuple(_times(v, k) for v in value)
        return _NOT_EXACT if any(v is _NOT_EXACT for v in out) else out
    p = value * k
    if isinstance(p, int):
        return p if abs(p) <= 2**53 else _NOT_EXACT
    if not math.isfinite(p) or fractions.Fraction(value) * fractions.Fraction(k) != p:
        return _NOT_EXACT
    return p


_NOT_EXACT: Any = object()


def stretched(node: Schedule, k: Number, memo: dict[int, Schedule | None] | None = None) -> Schedule | None:
    """``node`` with every duration multiplied by ``k`` (its children likewise), a schedule equal
    to ``stretch(node, k)`` at every step but computed from exact durations; ``None`` when a node
    is not :attr:`~Schedule.stretchable` or a product is rounded. Shared parts stay shared."""
    memo = {} if memo is None else memo
    key = id(node)
    if key in memo:
        return memo[key]
    out = node._stretched(k, memo) if node._stretchable() else None
    memo[key] = out
    return out
