"""Per-backend array operations: one small table of primitive operations per array library.

The backend is chosen from the step's type, once per type, and never by importing a framework:
a library is considered only if its module is already in ``sys.modules`` (the einops rule).

Nodes write their formula once against this table (``op``). Python arithmetic operators
(``+ - * /`` and comparisons) work on every supported array type, so the table only holds what
differs between libraries: elementwise functions, powers, selection, clamping and the
piecewise join. ``op.eval(child, x)`` evaluates a child node, once per (node, time) pair in an
evaluation, so a shared subtree (``s + s``) costs one evaluation.

- :class:`NumpyOps` evaluates each piece of a piecewise schedule on its own segment only.
- :class:`ArrayOps` (any array-API namespace: ``jax.numpy``, ``keras.ops``, ...) and
  :class:`TorchOps` evaluate every piece on clamped local time and select with ``where``: no
  Python branching on values, so the result traces under ``jax.jit``/``vmap`` and ``torch.compile``.
- ``lr_curves._staging`` holds the table that runs a formula on a symbolic Python number and
  writes the flat scalar path.
"""

from __future__ import annotations

import array
import contextlib
import math
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, overload

import numpy as np

if TYPE_CHECKING:
    from lr_curves._base import Schedule

Array = Any
PieceFn = Callable[[Array], Array]


@contextlib.contextmanager
def deep_recursion(limit: int = 20_000) -> Iterator[None]:
    """Raise the recursion limit while a deep composition is walked (restored afterwards)."""
    old = sys.getrecursionlimit()
    if old < limit:
        sys.setrecursionlimit(limit)
    try:
        yield
    finally:
        sys.setrecursionlimit(old)


class Pieces(Sequence[PieceFn]):
    """``fn(i, u)`` as a sequence of one-argument pieces, each made when it is looked up: a
    join of 20,000 pieces evaluated over many chunks makes only the pieces that hold steps."""

    def __init__(self, n: int, fn: Callable[[int, Array], Array]) -> None:
        self._n, self._fn = n, fn

    def __len__(self) -> int:
        return self._n

    @overload
    def __getitem__(self, i: int) -> PieceFn: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[PieceFn]: ...
    def __getitem__(self, i: int | slice) -> PieceFn | Sequence[PieceFn]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(self._n))]
        if not -self._n <= i < self._n:
            raise IndexError(i)
        k = i % self._n
        fn = self._fn
        return lambda u: fn(k, u)


class Ops:
    """The operation table every node evaluates against."""

    name = "abstract"
    _memo: dict[Any, Any]

    def __init__(self, ns: Any) -> None:
        self.ns = ns
        self._memo = {}
        self.sin = ns.sin
        self.cos = ns.cos
        self.exp = ns.exp
        self.log = ns.log
        self.expm1 = ns.expm1
        self.log1p = ns.log1p
        self.sqrt = ns.sqrt
        self.floor = ns.floor
        self.ceil = ns.ceil

    def to_float(self, x: Array) -> Array:
        raise NotImplementedError

    # -- evaluation of nodes
    def run(self, node: Schedule, x: Array) -> Array:
        """Evaluate ``node`` at ``x`` in a fresh evaluation (its own memo of shared subtrees)."""
        ctx = object.__new__(type(self))
        ctx.__dict__.update(self.__dict__)
        ctx._memo = {}
        if node._depth <= 100:
            return ctx.eval(node, x)
        with deep_recursion():  # a few frames per level of the deepest compositions
            return ctx.eval(node, x)

    def eval(self, node: Schedule, x: Array) -> Array:
        """``node``'s formula at ``x``; computed once per (node, x) pair in one evaluation."""
        key = (id(node), id(x))
        hit = self._memo.get(key)
        if hit is not None:
            return hit[1]
        out = node._eval(x, self)
        self._memo[key] = (x, out)  # holding x keeps its id unique while the memo lives
        return out

    def pow(self, a: Array | float, b: Array | float) -> Array:
        """``a ** b`` (``inf`` where it overflows)."""
        return a**b

    def real_pow(self, a: Array | float, b: Array | float) -> Array:
        """``a ** b`` of the ``power`` node: a negative ``a`` to a fractional ``b`` has no real
        value, so the NumPy and Python-number paths raise :func:`negative_power`'s error there;
        a traced value (JAX, torch) cannot raise and gives NaN (documented on ``power``)."""
        return self.pow(a, b)

    def div(self, a: Array | float, b: Array | float) -> Array:
        """``a / b`` (IEEE: ``inf`` or NaN where ``b`` is 0)."""
        return a / b

    def call(self, fn: Any, x: Array) -> Array:
        """An opaque function of time (``lr_curves.function``): here, ``fn`` on the array or tracer."""
        return fn.traced(x)

    def geometric_start(self, L: float, g: float, m: Array) -> Array:
        """``L * (g**m - 1) / (g - 1)``: where cycle ``m`` of a restart with growth ``g`` begins.

        The scalar path computes it in integer arithmetic when ``L`` and ``g`` are ints (exact
        at any step); arrays in float64 (exact while the result is below 2**53).
        """
        gm = self.pow(g, m) - 1.0
        a = L * gm
        # where g**m overflows, L * (g**(m-1) * (g / (g-1)) - 1 / (g-1)): finite while the start is
        return self.where(
            a < math.inf, a / (g - 1.0), L * (self.pow(g, m - 1.0) * (g / (g - 1.0)) - 1.0 / (g - 1.0))
        )

    def floor_log(self, v: Array, c: float, top: float) -> Array:
        """``floor(min(log(v) / c, top))``: a cycle index from a logarithm (``top`` keeps it finite)."""
        return self.floor(self.minimum(self.log(v) / c, top))

    def where(self, cond: Array, a: Array | float, b: Array | float) -> Array:
        return self.ns.where(cond, a, b)

    def minimum(self, x: Array, c: Array | float) -> Array:
        return self.ns.minimum(x, c)

    def maximum(self, x: Array, c: Array | float) -> Array:
        return self.ns.maximum(x, c)

    def clip(self, x: Array, lo: float, hi: float) -> Array:
        return self.minimum(self.maximum(x, lo), hi)

    def mod(self, x: Array, c: float) -> Array:
        """``x mod c`` for ``x >= 0`` and ``c > 0`` (exact in floating point)."""
        return self.ns.fmod(x, c)

    def full(self, x: Array, value: float) -> Array:
        """An array shaped like ``x`` holding ``value`` (keeps ``x``'s dtype and device)."""
        return x * 0.0 + value

    def floordiv(self, x: Array, c: float) -> Array:
        """``floor(x / c)`` (NumPy: exact floor division, as Python's ``//``)."""
        return self.floor(x / c)

    def ceildiv(self, x: Array, c: float) -> Array:
        """``ceil(x / c)``."""
        return self.ceil(x / c)

    def select_index(self, x: Array, at: Sequence[float], right: bool) -> Array:
        """Number of boundaries passed: ``#{a in at: a <= x}`` (right) or ``a < x`` (left)."""
        out = self.full(x, 0.0)
        for a in at:
            out = out + self.where((x >= a) if right else (x > a), 1.0, 0.0)
        return out

    def pick(self, x: Array, at: Sequence[float], values: Sequence[float], right: bool) -> Array:
        """Piecewise-constant lookup: ``values[index]`` where index counts the boundaries passed."""
        out = self.full(x, values[0])
        for a, v in zip(at, values[1:], strict=True):
            out = self.where((x >= a) if right else (x > a), v, out)
        return out

    def lookup(
        self, x: Array, at: Sequence[float], tables: Sequence[Sequence[float]], right: bool = True
    ) -> list[Array]:
        """Per step, one row of several tables: ``[table[i] for table in tables]`` with ``i`` the
        number of boundaries passed (as :meth:`pick`). A node with many pieces writes its pieces'
        parameters as tables and its formula once over the row: O(n log pieces) work."""
        return [self.pick(x, at, table, right) for table in tables]

    def piecewise(
        self,
        x: Array,
        at: Sequence[float],
        fns: Sequence[PieceFn],
        offsets: Sequence[float] | None = None,
    ) -> Array:
        """Join pieces in time: piece ``i`` covers ``[at[i-1], at[i])``.

        Piece ``i`` is called with ``x - offsets[i]`` (default: its start, i.e. local time).
        Here every piece is evaluated on time clamped to its own interval and the results are
        selected with ``where``: no branching on values, so it traces.
        """
        starts = (0.0, *at)
        offs = starts if offsets is None else offsets
        last = len(at)
        out = fns[last](self.maximum(x - offs[last], starts[last] - offs[last]))
        for i in range(last - 1, -1, -1):
            local = self.clip(x - offs[i], starts[i] - offs[i], at[i] - offs[i])
            out = self.where(x < at[i], fns[i](local), out)
        return out


#: Long tuples of a node (boundaries, values) as float64 arrays, by identity: a 10**6-point
#: table is converted once, not once per chunk of every evaluation. (tuple, array) by ``id``;
#: holding the tuple keeps its ``id`` unique while the entry lives.
_ARRAYS: dict[int, tuple[Sequence[float], Any]] = {}
_ARRAYS_KEPT = 64


def _array(values: Sequence[float]) -> Any:
    """``values`` as a float64 array (cached by identity when long; an ``array.array`` of
    doubles is read in place)."""
    if isinstance(values, array.array) and values.typecode == "d":
        out = np.frombuffer(values, dtype=np.float64)
        out.flags.writeable = False
        return out
    if len(values) < 256:
        return np.asarray(values, dtype=np.float64)
    hit = _ARRAYS.get(id(values))
    if hit is not None and hit[0] is values:
        return hit[1]
    arr = np.asarray(values, dtype=np.float64)
    arr.flags.writeable = False
    if len(_ARRAYS) >= _ARRAYS_KEPT:
        with contextlib.suppress(StopIteration, RuntimeError):  # emptied or changed by another thread
            _ARRAYS.pop(next(iter(_ARRAYS)), None)  # the oldest
    _ARRAYS[id(values)] = (values, arr)
    return arr


def negative_power(base: float, exponent: float) -> ValueError:
    """The error of a ``power`` node whose base is negative where its exponent is fractional."""
    return ValueError(
        f"power(): the base is {base!r} where the exponent is {exponent!r}: a negative number to "
        "a fractional power is not a real number. Keep the base at or above 0 (for example "
        "maximum(base, 0.0)) or use a whole-number exponent."
    )


class NumpyOps(Ops):
    """NumPy: float64, and each piece of a piecewise schedule computed on its own segment only."""

    name = "numpy"

    def __init__(self) -> None:
        super().__init__(np)
        # Bind the ufuncs directly: no Python-level indirection on the NumPy path.
        fast: dict[str, Any] = {
            "mod": np.fmod,
            "minimum": np.minimum,
            "maximum": np.maximum,
            "where": np.where,
            "floordiv": np.floor_divide,
            "pow": np.power,
        }
        for name, fn in fast.items():
            setattr(self, name, fn)

    def to_float(self, x: Array) -> Array:
        return np.asarray(x, dtype=np.float64)

    def real_pow(self, a: Array | float, b: Array | float) -> Array:
        out = np.power(a, b)
        bad = np.isnan(out)  # a schedule's values are never NaN: only a negative base makes one
        if bad.any():
            i = int(np.flatnonzero(bad.reshape(-1))[0])
            base = np.broadcast_to(np.asarray(a, dtype=np.float64), bad.shape).reshape(-1)[i]
            exponent = np.broadcast_to(np.asarray(b, dtype=np.float64), bad.shape).reshape(-1)[i]
            raise negative_power(float(base), float(exponent))
        return out

    def call(self, fn: Any, x: Array) -> Array:
        """``fn`` on the whole array, else once per element (``lr_curves.function``)."""
        return fn.array(np.asarray(x, dtype=np.float64))

    def full(self, x: Array, value: float) -> Array:
        return np.full(np.shape(x), value, dtype=np.float64)

    def clip(self, x: Array, lo: float, hi: float) -> Array:
        return np.clip(x, lo, hi)

    def floor_log(self, v: Array, c: float, top: float) -> Array:
        """As the scalar path's ``floor(min(math.log(v) / c, top))``.

        NumPy's ``log`` may differ from the C library's in the last ulp (SIMD kernels), which
        decides the floor only where the quotient is within a few ulps of a whole number: there
        (and only there) the C library's ``log`` is used, once per distinct value.
        """
        q = np.minimum(np.log(v) / c, top)
        n = np.floor(q)
        r = np.round(q)
        near = np.abs(q - r) <= 1e-12 * np.maximum(np.abs(q), 1.0)
        if near.any():
            v_arr = np.broadcast_to(np.asarray(v, dtype=np.float64), n.shape)
            for value in np.unique(v_arr[near]).tolist():
                n[v_arr == value] = math.floor(min(math.log(value) / c, top))
        return n

    def select_index(self, x: Array, at: Sequence[float], right: bool) -> Array:
        return np.searchsorted(_array(at), x, "right" if right else "left")

    def pick(self, x: Array, at: Sequence[float], values: Sequence[float], right: bool) -> Array:
        idx = self.select_index(x, at, right)
        return _array(values)[idx]

    def lookup(
        self, x: Array, at: Sequence[float], tables: Sequence[Sequence[float]], right: bool = True
    ) -> list[Array]:
        idx = self.select_index(x, at, right)
        return [_array(table)[idx] for table in tables]

    def piecewise(
        self,
        x: Array,
        at: Sequence[float],
        fns: Sequence[PieceFn],
        offsets: Sequence[float] | None = None,
    ) -> Array:
        x = np.asarray(x)
        if x.ndim == 0:
            return self.piecewise(x.reshape(1), at, fns, offsets).reshape(())
        starts = (0.0, *at)
        offs = starts if offsets is None else offsets
        if not (x.ndim == 1 and bool(np.all(x[1:] >= x[:-1]))):
            # Any other order: sort once (O(n log n)), evaluate the sorted steps, scatter back.
            # Masks per piece would be O(pieces x n): 27 s for 10,000 pieces on 10**6 steps.
            flat = x.reshape(-1)
            order = np.argsort(flat, kind="stable")
            out = np.empty(flat.shape, dtype=np.float64)
            out[order] = self.piecewise(flat[order], at, fns, offsets)
            return out.reshape(x.shape)
        # Sorted steps (a whole curve): every piece is a contiguous slice. No masks, no
        # gather/scatter: each piece reads a view and writes its slice; only the pieces that
        # hold steps are visited (searchsorted: O(n log pieces)).
        # Only the boundaries between the first step's piece and the last step's are searched:
        # a chunk of a long evaluation costs O(log pieces + its pieces), not O(pieces).
        out = np.empty(x.shape, dtype=np.float64)
        if not x.size:
            return out
        bounds_all = _array(at)
        first = int(np.searchsorted(bounds_all, x[0], "right"))
        last = int(np.searchsorted(bounds_all, x[-1], "right"))
        cuts = np.searchsorted(x, bounds_all[first:last], "left")
        bounds = np.concatenate(([0], cuts, [x.size]))
        for j in np.flatnonzero(bounds[1:] > bounds[:-1]).tolist():
            i = first + j
            lo, hi = int(bounds[j]), int(bounds[j + 1])
            seg = x[lo:hi]
            out[lo:hi] = fns[i](seg - offs[i] if offs[i] else seg)
        return out


class ArrayOps(Ops):
    """Any array-API namespace (``jax.numpy``, ``keras.ops``, ``array_api_strict``, ...)."""

    name = "array-api"

    def __init__(self, ns: Any) -> None:
        super().__init__(ns)
        for candidate in ("fmod", "remainder", "mod"):
            fn = getattr(ns, candidate, None)
            if fn is not None:
                self._mod = fn
                break

    def mod(self, x: Array, c: float) -> Array:
        return self._mod(x, c)

    # XLA's vectorised float division is not always correctly rounded (``21 / 7`` can give
    # ``3.0000002``), so ``floor(x / c)`` may land on the wrong side of a boundary. The quotient
    # of ``x - fmod(x, c)`` (an exact multiple of ``c``) is within an ulp of an integer: rounding
    # it gives the exact floor, as Python's ``//`` does.
    def floordiv(self, x: Array, c: float) -> Array:
        """``x // c`` for ``x >= 0`` and ``c > 0``, exact even where ``x / c`` is not rounded correctly."""
        return self.floor((x - self._mod(x, c)) / c + 0.5)

    def ceildiv(self, x: Array, c: float) -> Array:
        """``ceil(x / c)`` for ``x >= 0`` and ``c > 0``, exact (see :meth:`floordiv`)."""
        return self.floordiv(x, c) + self.where(self._mod(x, c) > 0.0, 1.0, 0.0)

    def to_float(self, x: Array) -> Array:
        ns = self.ns
        dtype = getattr(x, "dtype", None)
        isdtype = getattr(ns, "isdtype", None)
        if dtype is not None and isdtype is not None and isdtype(dtype, "real floating"):
            return x
        if dtype is not None and "float" in str(dtype):
            return x
        if hasattr(ns, "asarray"):
            target = ns.asarray(0.0).dtype
            if hasattr(ns, "astype"):
                return ns.astype(x, target)
            return x.astype(target)
        return ns.cast(x, "float32")  # keras.ops


class TorchOps(Ops):
    """PyTorch: ``torch.minimum`` needs tensors on both sides, so clamping uses ``clamp``."""

    name = "torch"

    def __init__(self, torch: Any) -> None:
        super().__init__(torch)
        self._torch = torch

    def to_float(self, x: Array) -> Array:
        torch = self._torch
        if not isinstance(x, torch.Tensor):  # a symbolic Python number (SymInt) under dynamo
            return torch.as_tensor(x, dtype=torch.get_default_dtype())
        if x.is_floating_point():
            return x
        return x.to(torch.get_default_dtype())

    def minimum(self, x: Array, c: Array | float) -> Array:
        if isinstance(c, (int, float)):
            return self._torch.clamp(x, max=c)
        return self._torch.minimum(x, c)

    def maximum(self, x: Array, c: Array | float) -> Array:
        if isinstance(c, (int, float)):
            return self._torch.clamp(x, min=c)
        return self._torch.maximum(x, c)

    def clip(self, x: Array, lo: float, hi: float) -> Array:
        return self._torch.clamp(x, min=lo, max=hi)


NUMPY = NumpyOps()
_CACHE: dict[type, Ops] = {}


def ops_for(x: Any) -> Ops | None:
    """The operation table for an array type, or ``None`` if the type is not an array we know.

    Looked up once per type and cached. Never imports a framework: torch is recognised only if
    ``torch`` is already in ``sys.modules``; other libraries through ``__array_namespace__``.
    """
    tp = type(x)
    ops = _CACHE.get(tp)
    if ops is not None:
        return ops
    torch = sys.modules.get("torch")
    if torch is not None and isinstance(x, (torch.Tensor, torch.SymInt, torch.SymFloat)):
        # Not cached: under torch.compile a cache insert is a side effect that dynamo guards on,
        # so the first compiled call would compile a second graph.
        return TorchOps(torch)
    else:
        get_ns = getattr(x, "__array_namespace__", None)
        if get_ns is None:
            return None
        ns = get_ns()
        if ns is np:
            return NUMPY
        ops = ArrayOps(ns)
    _CACHE[tp] = ops
    return ops


def ops_for_namespace(ns: Any) -> Ops:
    """The operation table for an explicitly given namespace (``numpy``, ``jax.numpy``, ``keras.ops``)."""
    if ns is np:
        return NUMPY
    torch = sys.modules.get("torch")
    if torch is not None and ns is torch:
        return TorchOps(torch)
    return ArrayOps(ns)
