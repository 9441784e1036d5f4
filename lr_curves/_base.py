"""The schedule base class: evaluation dispatch, value semantics, operators and methods."""

from __future__ import annotations

import dataclasses
import functools
import math
import numbers
import sys
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar, cast, overload

import numpy as np

from lr_curves import _backend
from lr_curves._checks import describe

if TYPE_CHECKING:
    import numpy.typing as npt

    from lr_curves._checks import Number

ArrayT = TypeVar("ArrayT")
ScalarFn = Callable[[float], float]

#: The deepest composition accepted (a deeper one is refused with a clear error at construction).
MAX_DEPTH = 200

#: The kinds of boundary (:meth:`Schedule.labelled_boundaries`), weakest first.
BOUNDARY_KINDS = ("phase", "milestone", "restart", "warmup end", "end")
_RANK = {k: i for i, k in enumerate(BOUNDARY_KINDS)}
#: The most boundaries ``labelled_boundaries`` lists (restarts every step over 10**12 steps...).
MAX_LABELLED = 10_000

_INF = math.inf
#: The largest step: every step must fit a float64 (a larger Python int is a ``ValueError``).
_MAX_STEP = sys.float_info.max

if TYPE_CHECKING:
    _CallBase = object
else:
    # A schedule is called through functools.partial's C-level call: calling an instance of a
    # class whose ``__call__`` is written in Python costs about 100 ns more per call, and the
    # scalar path runs once per training step. ``_finish`` installs the checked entry point.
    _CallBase = functools.partial


def _unbuilt(*args: Any) -> Any:
    raise TypeError("lr_curves: this schedule was not built by its constructor.")


def _entry(fn: ScalarFn, slow: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """The root entry point: validate a Python-number step inline, hand anything else to ``slow``."""
    inf, top = _INF, _MAX_STEP

    def call(step: Any) -> Any:
        tp = type(step)
        if tp is int:
            if 0 <= step <= top:
                return fn(step)
        elif tp is float and 0.0 <= step < inf:
            return fn(step)
        return slow(step)

    return call


class Codegen:
    """Writes a schedule's scalar path as one flat Python function.

    Nested closures cost a Python call per node; the generated function evaluates a whole
    (shallow) composition in one frame, doing the same operations in the same order as the
    nodes' ``_build`` closures, so the results are identical to the bit. Numbers enter the
    generated code only as names bound in its namespace, never as text.
    """

    #: Compositions deeper than this keep the closure entry point.
    MAX_DEPTH = 12

    def __init__(self) -> None:
        self.ns: dict[str, Any] = {"_sin": math.sin, "_inf": _INF, "_max": _MAX_STEP}
        self.lines: list[str] = []
        self._n = 0

    def _name(self, prefix: str) -> str:
        self._n += 1
        return f"{prefix}{self._n}"

    def const(self, value: Any) -> str:
        """A name bound to ``value`` in the generated function's namespace."""
        name = self._name("_k")
        self.ns[name] = value
        return name

    def temp(self) -> str:
        """A fresh name for a value bound inside an expression (``(name := ...)``)."""
        return self._name("_v")

    def time(self, expr: str) -> str:
        """Bind a time expression to a local variable, assigned before the value is computed.

        Times are cheap pure arithmetic on the step, so computing one a branch does not use
        costs a few nanoseconds and changes nothing.
        """
        if expr.isidentifier():
            return expr
        name = self._name("_t")
        self.lines.append(f"    {name} = {expr}")
        return name


def _compile_entry(node: Schedule) -> Callable[[Any], Any] | None:
    if node._depth > Codegen.MAX_DEPTH:
        return None
    g = Codegen()
    expr = node._emit("t", g)
    g.ns["_slow"] = node._call_slow
    src = "\n".join(
        [
            "def entry(t):",
            "    tp = type(t)",
            "    if tp is int:",
            "        if not 0 <= t <= _max:",
            "            return _slow(t)",
            "    elif tp is not float or not 0.0 <= t < _inf:",
            "        return _slow(t)",
            *g.lines,
            f"    return {expr}",
        ]
    )
    try:
        code = compile(src, f"<lr_curves {node.api}>", "exec")
    except (SyntaxError, RecursionError, MemoryError, ValueError):  # pragma: no cover - too big
        return None
    exec(code, g.ns)  # our own generated source: identifiers and operators only
    return cast(Callable[[Any], Any], g.ns["entry"])


class Schedule(_CallBase):
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
    #: Field names printed positionally by ``repr`` (the rest print as keywords when not default).
    _positional: ClassVar[tuple[str, ...]] = ()
    #: Name of a tuple field printed as ``*args`` (``concat(a, b, at=...)``).
    _varargs: ClassVar[str | None] = None

    _fn: ScalarFn
    _depth: int

    def __new__(cls, *args: Any, **kwargs: Any) -> Schedule:
        # functools.partial.__new__ needs a callable; the real one is installed by _finish().
        return cast(Schedule, cast(Any, _CallBase).__new__(cls, _unbuilt))

    # ------------------------------------------------------------------ construction helpers
    def _children(self) -> tuple[Schedule, ...]:
        """The schedules this node is built from."""
        return ()

    def _build(self) -> ScalarFn:
        """The scalar closure: Python number in, Python float out. No NumPy on this path."""
        raise NotImplementedError

    def _eval(self, x: Any, xp: _backend.Ops) -> Any:
        """The vectorised formula on a float array ``x`` of non-negative steps."""
        raise NotImplementedError

    def _emit(self, t: str, g: Codegen) -> str:
        """A Python expression for the value at time ``t`` (a variable name), for the flat
        scalar entry point. It must do what ``_build``'s closure does, operation for operation.
        By default: call the closure."""
        return f"{g.const(self._fn)}({t})"

    def _finish(self) -> None:
        """Called at the end of every ``__post_init__``: depth check, then the scalar closure."""
        depth = 1 + max((c._depth for c in self._children()), default=0)
        if depth > MAX_DEPTH:
            raise ValueError(
                f"{self.api}(): the composition is nested {depth} levels deep, more than the "
                f"{MAX_DEPTH} allowed. Hint: join many pieces with one concat(...) call instead "
                "of nesting them."
            )
        object.__setattr__(self, "_depth", depth)
        fn = self._build()
        object.__setattr__(self, "_fn", fn)
        entry = _compile_entry(self) or _entry(fn, self._call_slow)
        cast(Any, functools.partial).__setstate__(self, (entry, (), None, self.__dict__))

    def __reduce__(self) -> tuple[Any, ...]:
        # The scalar closure is derived state: rebuild it instead of pickling it.
        fields = dataclasses.fields(self)  # type: ignore[arg-type]
        return (type(self), tuple(getattr(self, f.name) for f in fields))

    # ------------------------------------------------------------------ evaluation
    if TYPE_CHECKING:
        # At run time the call goes through functools.partial to the entry point that
        # ``_finish`` installs: Python numbers take an inline fast path, anything else
        # ``_call_slow``.
        @overload
        def __call__(self, step: int | float) -> float: ...
        @overload
        def __call__(self, step: npt.NDArray[Any]) -> npt.NDArray[np.float64]: ...
        @overload
        def __call__(self, step: ArrayT) -> ArrayT: ...
        def __call__(self, step: Any) -> Any: ...

    def evaluate(self, step: Any, namespace: Any = None) -> Any:
        """Evaluate with an explicit array namespace (``numpy``, ``jax.numpy``, ``keras.ops``).

        Adapters use this when the array type alone does not name its library (Keras tensors).
        With ``namespace=None`` it is the same as ``self(step)``.
        """
        if namespace is None:
            return self(step)
        ops = _backend.ops_for_namespace(namespace)
        if ops is _backend.NUMPY:
            return self._call_slow(np.asarray(step))
        x = ops.maximum(ops.to_float(step), 0.0)
        return self._eval(x, ops)

    def _call_slow(self, step: Any) -> Any:
        if isinstance(step, (bool, np.bool_)):
            raise TypeError(f"{self.api}: step must be a number or an array of numbers, got {step!r} (bool).")
        if isinstance(step, numbers.Integral):
            value = int(step)
            if value < 0:
                raise ValueError(f"{self.api}: step must be >= 0, got {describe(value)}.")
            if value > _MAX_STEP:
                raise ValueError(
                    f"{self.api}: step must be at most 1.8e308 (a float64), got {describe(value)}."
                )
            return self._fn(value)
        if isinstance(step, numbers.Real):
            try:
                value_f = float(step)
            except OverflowError:  # a Fraction or Decimal beyond the float64 range
                value_f = _INF
            if not value_f >= 0.0:
                raise ValueError(f"{self.api}: step must be >= 0 (and not NaN), got {describe(step)}.")
            if value_f == _INF:
                raise ValueError(f"{self.api}: step must be finite, got {describe(step)}.")
            return self._fn(value_f)
        if isinstance(step, (list, tuple)):
            step = np.asarray(step)
        if isinstance(step, np.ndarray):
            return self._eval_numpy(step)
        ops = _backend.ops_for(step)
        if ops is None:
            raise TypeError(
                f"{self.api}: step must be an int, a float or an array (NumPy, JAX, torch), "
                f"got {describe(step)} ({type(step).__name__})."
            )
        if ops is _backend.NUMPY:
            return self._eval_numpy(np.asarray(step))
        dtype = str(getattr(step, "dtype", ""))  # torch.bool, bool, complex64, torch.complex64
        if "bool" in dtype:  # refused as NumPy's are (the cast would make 0.0/1.0 of them)
            raise TypeError(f"{self.api}: steps must be numbers, got an array of dtype {dtype}.")
        if "complex" in dtype:
            raise TypeError(f"{self.api}: steps must be an array of numbers, got dtype {dtype}.")
        x = ops.maximum(ops.to_float(step), 0.0)
        return self._eval(x, ops)

    def _eval_numpy(self, step: npt.NDArray[Any]) -> npt.NDArray[np.float64]:
        kind = step.dtype.kind
        if kind == "b":
            raise TypeError(f"{self.api}: steps must be numbers, got an array of dtype bool.")
        if kind not in "iuf":
            raise TypeError(f"{self.api}: steps must be an array of numbers, got dtype {step.dtype}.")
        with np.errstate(over="ignore"):  # a longdouble beyond float64 becomes inf: refused below
            x = np.asarray(step, dtype=np.float64)
        if x.size:
            lo = x.min()
            if not lo >= 0.0:  # also catches NaN
                bad = "NaN" if np.isnan(lo) else describe(float(lo))
                raise ValueError(f"{self.api}: steps must be >= 0 (and not NaN), got {bad}.")
            if kind == "f" and x.max() == _INF:
                raise ValueError(f"{self.api}: steps must be finite, got inf.")
        shape = x.shape
        with np.errstate(over="ignore", under="ignore"):  # growth to inf / decay to 0 are values
            out = self._eval(x.reshape(-1), _backend.NUMPY)
        return np.asarray(out, dtype=np.float64).reshape(shape)

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
        raise TypeError(f"{self.api}: a schedule is not iterable; evaluate it on steps instead.")

    # ------------------------------------------------------------------ repr and data
    def __repr__(self) -> str:
        fields = dataclasses.fields(self)  # type: ignore[arg-type]
        parts: list[str] = []
        for f in fields:
            value = getattr(self, f.name)
            if f.name == self._varargs:
                for v in value:
                    parts.append(_text(v))
            elif f.name in self._positional:
                parts.append(_text(value))
            elif f.default is dataclasses.MISSING or value != f.default or type(value) is not type(f.default):
                parts.append(f"{f.name}={_text(value)}")
        return f"{self.api}({', '.join(parts)})"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe, versioned description: ``{"lr_curves": 1, "schedule": {...}}``."""
        from lr_curves._serial import to_dict

        return to_dict(self)

    # ------------------------------------------------------------------ operators (pointwise)
    def __mul__(self, other: Any) -> Schedule:
        from lr_curves._combinators import _scale_op

        return _scale_op(self, other)

    __rmul__ = __mul__

    def __add__(self, other: Any) -> Schedule:
        from lr_curves._combinators import _add_op

        return _add_op(self, other)

    __radd__ = __add__

    def __neg__(self) -> Schedule:
        from lr_curves._combinators import scale

        return scale(self, -1.0)

    def __sub__(self, other: Any) -> Schedule:
        from lr_curves._combinators import _add_op

        return _add_op(self, -other)

    def __rsub__(self, other: Any) -> Schedule:
        from lr_curves._combinators import _add_op

        return _add_op(-self, other)

    # ------------------------------------------------------------------ combinator methods
    def scale(self, by: float | Schedule) -> Schedule:
        """``scale(self, by)``: multiply by a constant or by another schedule."""
        from lr_curves._combinators import scale

        return scale(self, by)

    def warmup(
        self, steps: Number, *, start: float = 0.0, shape: str = "linear", overlay: bool = False
    ) -> Schedule:
        """``warmup(self, steps, ...)``: ramp into this schedule (see :func:`lr_curves.warmup`)."""
        from lr_curves._combinators import warmup

        return warmup(self, steps, start=start, shape=shape, overlay=overlay)

    def restart(
        self,
        every: Number | None = None,
        *,
        growth: float = 1.0,
        decay: float = 1.0,
        limit: int | None = None,
    ) -> Schedule:
        """``restart(self, ...)``: repeat this schedule in cycles (see :func:`lr_curves.restart`)."""
        from lr_curves._combinators import restart

        return restart(self, every, growth=growth, decay=decay, limit=limit)

    def clip(self, low: float | None = None, high: float | None = None) -> Schedule:
        """``clip(self, low, high)``: bound the values."""
        from lr_curves._combinators import clip

        return clip(self, low, high)

    def shift(self, by: Number) -> Schedule:
        """``shift(self, by)``: start ``by`` steps later (negative: earlier)."""
        from lr_curves._combinators import shift

        return shift(self, by)

    def stretch(self, factor: Number, *, staircase: bool = False) -> Schedule:
        """``stretch(self, factor)``: the same curve over ``factor`` times as many steps."""
        from lr_curves._combinators import stretch

        return stretch(self, factor, staircase=staircase)


def _text(value: Any) -> str:
    """``repr(value)``, calling a child schedule's ``__repr__`` directly: one stack frame per
    level, so that the repr of the deepest allowed composition stays far from the recursion limit."""
    if isinstance(value, Schedule):
        return type(value).__repr__(value)
    return repr(value)
