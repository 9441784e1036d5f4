"""Staging: the Python-number fast path, written from the nodes' own formulas.

A node's formula (``_eval(x, op)``) is run once on a *symbolic* step through
:class:`SourceOps`, an operation table that writes Python source instead of computing: every
operation becomes one flat statement (``math`` calls, ``a if c else b`` for ``where``), every
piecewise join an ``if``/``else`` tree on the boundaries (only the piece that applies is
evaluated), every lookup a ``bisect``. The source is compiled once per root schedule, on its
first scalar call, and installed as that schedule's entry point. :func:`source` shows it.

The same table, given a plain number instead of a symbol, computes directly (each operation
folds to the function the generated code calls): that is :func:`lr_curves._base.value_at`,
which constructors use for values such as a warmup's target, without compiling anything.

Rules that keep the two evaluators equal to the NumPy path, operation for operation:

- numbers enter the source as exact literals (``repr`` of a float round-trips);
- ``**`` goes through :func:`_pow`, which gives ``inf`` where Python raises ``OverflowError``
  (NumPy's result), so no operation of a formula raises on the scalar path; a fixed exponent
  of 2, 0.5 or -1 is a product, a square root or a reciprocal, as NumPy computes it;
- shared subtrees are staged once (memo by identity, scoped to the block that computed them),
  so staging is linear in the number of nodes, also for DAGs such as ``s = s + s`` repeated;
- blocks nest at most :data:`MAX_NEST` deep: deeper pieces become separate functions (CPython
  refuses about 100 nested blocks; compositions may be 200 deep).
"""

from __future__ import annotations

import bisect
import itertools
import math
import operator
import os
import re
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from lr_curves._backend import Ops, PieceFn, deep_recursion, negative_power
from lr_curves._backend import __file__ as _backend_file

if TYPE_CHECKING:
    from lr_curves._base import Schedule

#: The deepest ``if`` nesting inside one generated function.
MAX_NEST = 24

_INF = math.inf
_MAX_STEP = 1.7976931348623157e308
_COUNTER = itertools.count(1)


def _pow(a: float, b: float) -> float:
    """``a ** b``, ``inf`` (with the sign of an odd power) where Python raises ``OverflowError``
    or ``ZeroDivisionError`` and NumPy gives ``inf``."""
    try:
        out: Any = a**b
        if type(out) is not float:
            # a negative base and a fractional power (complex): NumPy says NaN
            return math.nan if type(out) is complex else float(out)
        return out
    except (OverflowError, ZeroDivisionError):
        odd = float(b).is_integer() and int(b) % 2 == 1
        return math.copysign(_INF, a) if odd else _INF


def _rpow(a: float, b: float) -> float:
    """The ``power`` node's ``a ** b``: as :func:`_pow`, but a negative base to a fractional
    power raises the node's error (NumPy's path raises it too) instead of giving NaN."""
    out = _pow(a, b)
    if out != out:  # noqa: PLR0124 - NaN test without a call
        raise negative_power(a, b)
    return out


def _rsqrt(a: float) -> float:
    """``a ** 0.5`` of the ``power`` node (NumPy computes it as a square root)."""
    if a < 0:
        raise negative_power(a, 0.5)
    return math.sqrt(a)


def _div(a: float, b: float) -> float:
    """``a / b``, with NumPy's (IEEE) result where Python raises ``ZeroDivisionError``."""
    try:
        return a / b
    except ZeroDivisionError:
        if a != a or a == 0:  # noqa: PLR0124 - NaN test without a call
            return math.nan
        return math.copysign(_INF, a) * math.copysign(1.0, b)


def _gstart(L: int, g: int, m: int) -> int:
    """``L * (g**m - 1) // (g - 1)`` in integer arithmetic (``m`` is a cycle number, >= 0)."""
    m = int(m)
    return L * (g**m - 1) // (g - 1) if m > 0 else 0


#: The functions the generated source calls, by the names it calls them.
_MATH: dict[str, Callable[..., Any]] = {
    "_sin": math.sin,
    "_cos": math.cos,
    "_exp": math.exp,
    "_log": math.log,
    "_expm1": math.expm1,
    "_log1p": math.log1p,
    "_sqrt": math.sqrt,
    "_floor": math.floor,
    "_ceil": math.ceil,
    "_pow": _pow,
    "_rpow": _rpow,
    "_rsqrt": _rsqrt,
    "_div": _div,
    "_gstart": _gstart,
    "_bisect_right": bisect.bisect_right,
    "_bisect_left": bisect.bisect_left,
}


class TooLargeError(Exception):
    """Staging stopped: the scalar path would be more than :data:`MAX_STAGED_STATEMENTS` statements."""


class Sym:
    """A step-dependent value: the name of a local variable of the function being written, or,
    when the table computes (``value_at``), the number itself."""

    __slots__ = ("fn", "name", "st", "value")

    def __init__(self, st: SourceOps, name: str, value: Any = None) -> None:
        self.st, self.name, self.fn, self.value = st, name, st.fn_id, value

    def __add__(self, o: Any) -> Any:
        return self.st.binop("+", self, o)

    def __radd__(self, o: Any) -> Any:
        return self.st.binop("+", o, self)

    def __sub__(self, o: Any) -> Any:
        return self.st.binop("-", self, o)

    def __rsub__(self, o: Any) -> Any:
        return self.st.binop("-", o, self)

    def __mul__(self, o: Any) -> Any:
        return self.st.binop("*", self, o)

    def __rmul__(self, o: Any) -> Any:
        return self.st.binop("*", o, self)

    def __truediv__(self, o: Any) -> Any:
        return self.st.binop("/", self, o)

    def __rtruediv__(self, o: Any) -> Any:
        return self.st.binop("/", o, self)

    def __pow__(self, o: Any) -> Any:
        return self.st.pow(self, o)

    def __rpow__(self, o: Any) -> Any:
        return self.st.pow(o, self)

    def __neg__(self) -> Any:
        return self.st.apply("-{}", operator.neg, self)

    def __lt__(self, o: Any) -> Any:
        return self.st.binop("<", self, o)

    def __le__(self, o: Any) -> Any:
        return self.st.binop("<=", self, o)

    def __gt__(self, o: Any) -> Any:
        return self.st.binop(">", self, o)

    def __ge__(self, o: Any) -> Any:
        return self.st.binop(">=", self, o)

    def __eq__(self, o: Any) -> Any:
        return self.st.binop("==", self, o)

    __hash__ = None  # type: ignore[assignment]

    def __bool__(self) -> bool:
        raise TypeError(
            "lr_curves: a formula branched on a step-dependent value; use op.where or op.piecewise."
        )


_HERE = (__file__, _backend_file)


def _formula_line() -> str:
    """``file:line`` of the formula (outside the op tables) that is being staged."""
    f = sys._getframe(2)
    while f is not None and f.f_code.co_filename in _HERE:
        f = f.f_back  # type: ignore[assignment]
    return "" if f is None else f"{os.path.basename(f.f_code.co_filename)}:{f.f_lineno}"


def _is_sym(v: Any) -> bool:
    return type(v) is Sym


_FOLD: dict[str, Callable[[Any, Any], Any]] = {
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
    "/": lambda a, b: a / b,
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
    "==": lambda a, b: a == b,
    "%": operator.mod,
    "//": operator.floordiv,
}


class SourceOps(Ops):
    """The operation table that writes the scalar path (or, on plain numbers, computes it)."""

    name = "python"

    def __init__(
        self, folding: bool = False, budget: int | None = None, float_literals: bool = False
    ) -> None:
        # no namespace: every operation is below
        self.folding = folding
        # write whole-number constants of arithmetic as floats (2.0, not 2): the body for float
        # steps, where Python's float-with-float operations are the fast ones (float-with-int are
        # not specialised: 200 ns instead of 136 for warmup + cosine) and NumPy's arithmetic too
        self.float_literals = float_literals
        self.budget = budget  # the most statements to write (None: no limit)
        self.written = 0
        self.calls = False  # set by a call of a user's function (``call``)
        self.ns: dict[str, Any] = dict(_MATH)
        self.functions: list[list[str]] = []  # finished helper functions
        self.lines: list[str] = []  # the function being written
        self.indent = 1
        self.fn_id = 0
        self.scopes: list[dict[Any, Any]] = [{}]
        self.node = ""
        self._memo = {}

    # -- text
    def fresh(self, prefix: str = "v") -> str:
        return f"_{prefix}{next(_COUNTER)}"

    def text(self, v: Any) -> str:
        if _is_sym(v):
            if v.fn != self.fn_id:  # pragma: no cover - a formula captured another piece's value
                raise AssertionError("lr_curves staging: a value crossed a function boundary")
            return str(v.name)
        if isinstance(v, bool):
            return repr(v)
        if isinstance(v, int):
            return repr(v) if v >= 0 else f"({v!r})"
        if isinstance(v, float) and math.isfinite(v):
            return repr(v) if math.copysign(1.0, v) > 0 else f"({v!r})"
        name = self.fresh("c")
        self.ns[name] = v
        return name

    def emit(self, line: str) -> None:
        """Write one line, with a comment naming the node and the formula line it comes from."""
        self.written += 1
        if self.budget is not None and self.written > self.budget:
            raise TooLargeError
        self.lines.append("    " * self.indent + line + f"  # {self.node} {_formula_line()}".rstrip())

    def assign(self, expr: str) -> Sym:
        name = self.fresh()
        self.emit(f"{name} = {expr}")
        return Sym(self, name)

    # -- arithmetic
    def apply(self, template: str, impl: Callable[..., Any], *args: Any) -> Any:
        """One operation: computed now when no argument depends on the step; else written
        (``template`` formatted with the arguments' text), or computed on the step's value."""
        if not any(_is_sym(a) for a in args):
            return impl(*args)
        if self.folding:
            return Sym(self, "", impl(*(a.value if _is_sym(a) else a for a in args)))
        return self.assign(template.format(*(self.text(a) for a in args)))

    def _lit(self, v: Any) -> Any:
        """A constant as the float body writes it: a whole number up to 2**53 as its float."""
        if self.float_literals and type(v) is int and -_EXACT_STEP <= v <= _EXACT_STEP:
            return float(v)
        return v

    def binop(self, op: str, a: Any, b: Any) -> Any:
        if _is_sym(a) != _is_sym(b):  # one constant: as a float in the float body
            a, b = (a, self._lit(b)) if _is_sym(a) else (self._lit(a), b)
        return self.apply("{} " + op + " {}", _FOLD[op], a, b)

    def _call(self, fn: str, *args: Any) -> Any:
        return self.apply(fn + "(" + ", ".join(["{}"] * len(args)) + ")", _MATH[fn], *args)

    def sin(self, x: Any) -> Any:
        return self._call("_sin", x)

    def cos(self, x: Any) -> Any:
        return self._call("_cos", x)

    def exp(self, x: Any) -> Any:
        return self._call("_exp", x)

    def log(self, x: Any) -> Any:
        return self._call("_log", x)

    def expm1(self, x: Any) -> Any:
        return self._call("_expm1", x)

    def log1p(self, x: Any) -> Any:
        return self._call("_log1p", x)

    def sqrt(self, x: Any) -> Any:
        return self._call("_sqrt", x)

    def floor(self, x: Any) -> Any:
        return self._call("_floor", x)

    def ceil(self, x: Any) -> Any:
        return self._call("_ceil", x)

    def pow(self, a: Any, b: Any) -> Any:
        return self._power(a, b, "_sqrt", "_pow")

    def real_pow(self, a: Any, b: Any) -> Any:
        return self._power(a, b, "_rsqrt", "_rpow")

    def _power(self, a: Any, b: Any, sqrt: str, power: str) -> Any:
        """``a ** b`` with ``sqrt``/``power`` the calls for a square root and a general power."""
        if _is_sym(a) and not _is_sym(b):
            # NumPy's power with a fixed exponent takes these shortcuts (each correctly rounded,
            # where the C library's pow may be 1 ulp off): so does this path
            if b == 2.0:
                return a * a
            if b == 0.5:
                return self._call(sqrt, a)
            if b == -1.0:
                return self.div(1.0, a)  # inf at 0, as NumPy (Python's `/` would raise)
        return self._call(power, a, b)

    def div(self, a: Any, b: Any) -> Any:
        if not _is_sym(b) and b != 0:  # a constant divisor: Python's `/` is IEEE's
            return a / b
        return self._call("_div", a, b)

    def call(self, fn: Any, x: Any) -> Any:
        """An opaque function of time (``lr_curves.function``): one checked call of ``fn``."""
        self.calls = True  # fn gets the step as the caller gave it: no int -> float at the entry
        return self.apply("{}({})", lambda f, v: f(v), fn.scalar, x)

    def geometric_start(self, L: float, g: float, m: Any) -> Any:
        if isinstance(L, int) and isinstance(g, int):  # exact at every step
            return self._call("_gstart", L, g, m)
        return super().geometric_start(L, g, m)

    def to_float(self, x: Any) -> Any:  # pragma: no cover - the scalar path gets Python numbers
        return x

    # -- selection
    def where(self, cond: Any, a: Any, b: Any) -> Any:
        if not _is_sym(cond):
            return a if cond else b
        if self.folding:
            return a if cond.value else b
        return self.assign(f"{self.text(a)} if {self.text(cond)} else {self.text(b)}")

    def minimum(self, x: Any, c: Any) -> Any:
        # ``c if c < x else x``: NumPy's minimum wherever ``c`` is not NaN (a constant bound)
        x, c = (x, self._lit(c)) if _is_sym(x) else (self._lit(x), c)
        return self.apply("{1} if {1} < {0} else {0}", lambda x, c: c if c < x else x, x, c)

    def maximum(self, x: Any, c: Any) -> Any:
        x, c = (x, self._lit(c)) if _is_sym(x) else (self._lit(x), c)
        return self.apply("{1} if {1} > {0} else {0}", lambda x, c: c if c > x else x, x, c)

    def clip(self, x: Any, lo: float, hi: float) -> Any:
        return self.minimum(self.maximum(x, lo), hi)

    def mod(self, x: Any, c: float) -> Any:
        return self.binop("%", x, c)

    def floordiv(self, x: Any, c: float) -> Any:
        return self.binop("//", x, c)

    def ceildiv(self, x: Any, c: float) -> Any:
        return self.ceil(x / c)

    def full(self, x: Any, value: float) -> Any:
        return value

    def pick(self, x: Any, at: Sequence[float], values: Sequence[float], right: bool) -> Any:
        if not at:
            return values[0]
        find = "_bisect_right" if right else "_bisect_left"
        search = _MATH[find]
        if not _is_sym(x) or self.folding:
            return self.apply("", lambda x: values[search(at, x)], x)
        return self.assign(f"{self.text(tuple(values))}[{find}({self.text(tuple(at))}, {self.text(x)})]")

    def lookup(
        self, x: Any, at: Sequence[float], tables: Sequence[Sequence[float]], right: bool = True
    ) -> list[Any]:
        find = "_bisect_right" if right else "_bisect_left"
        if not _is_sym(x) or self.folding:
            i = _MATH[find](at, x.value if _is_sym(x) else x)
            return [self.apply("", lambda _x, t=t: t[i], x) for t in tables]
        i_sym = self.assign(f"{find}({self.text(tuple(at))}, {self.text(x)})")
        return [self.assign(f"{self.text(t)}[{i_sym.name}]") for t in tables]

    # -- evaluation of nodes, and the piecewise join
    def eval(self, node: Schedule, x: Any) -> Any:
        key = (id(node), id(x)) if _is_sym(x) else (id(node), type(x), repr(x))
        for scope in reversed(self.scopes):
            hit = scope.get(key)
            if hit is not None:
                return hit[1]
        outer, self.node = self.node, node.api
        try:
            out = node._eval(x, self)
        finally:
            self.node = outer
        self.scopes[-1][key] = (x, out)  # holding x keeps its id unique while the memo lives
        return out

    def piecewise(
        self,
        x: Any,
        at: Sequence[float],
        fns: Sequence[PieceFn],
        offsets: Sequence[float] | None = None,
    ) -> Any:
        starts = (0.0, *at)
        offs = starts if offsets is None else offsets
        if not _is_sym(x) or self.folding:
            i = bisect.bisect_right(at, x.value if _is_sym(x) else x)
            return fns[i](x - offs[i] if offs[i] else x)
        out = self.fresh("r")
        self._tree(x, at, fns, offs, 0, len(at), out)
        return Sym(self, out)

    def _tree(
        self,
        x: Sym,
        at: Sequence[float],
        fns: Sequence[PieceFn],
        offs: Sequence[float],
        lo: int,
        hi: int,
        out: str,
    ) -> None:
        if lo == hi:
            self._piece(x, fns[lo], offs[lo], out)
            return
        mid = (lo + hi) // 2
        self.emit(f"if {self.text(x)} < {self.text(self._lit(at[mid]))}:")
        for a, b in ((lo, mid), (mid + 1, hi)):
            if a > lo:
                self.emit("else:")
            self.indent += 1
            self.scopes.append({})  # values computed in a branch are not seen outside it
            try:
                self._tree(x, at, fns, offs, a, b, out)
            finally:
                self.scopes.pop()
                self.indent -= 1

    def _piece(self, x: Sym, fn: PieceFn, off: float, out: str) -> None:
        if self.indent < MAX_NEST:
            local = x - off if off else x
            self.emit(f"{out} = {self.text(fn(local))}")
            return
        # Too deep for one function: this piece becomes a function of its local time.
        local = x - off if off else x
        arg = self.text(local)
        name = self.fresh("f")
        saved = (self.lines, self.indent, self.scopes, self.fn_id)
        self.fn_id = next(_COUNTER)
        param = self.fresh("u")
        self.lines, self.indent, self.scopes = [f"def {name}({param}):"], 1, [{}]
        try:
            result = self.text(fn(Sym(self, param)))
            self.emit(f"return {result}")
            self.functions.append(self.lines)
        finally:
            self.lines, self.indent, self.scopes, self.fn_id = saved
        self.emit(f"{out} = {name}({arg})")


_DEF = re.compile(r"^(\s*)(_v\d+) = (.*?)(  # .*)?$")
_NAME = re.compile(r"_v\d+")
_TOKEN = re.compile(r"\b_v\d+\b")
#: An inlined expression nests at most this many parentheses (CPython's parser allows 200).
_MAX_PARENS = 40


def _paren_depth(text: str) -> int:
    depth = top = 0
    for ch in text:
        if ch == "(":
            depth += 1
            top = max(top, depth)
        elif ch == ")":
            depth -= 1
    return top


def _inline(lines: list[str]) -> list[str]:
    """Fold every temporary that is used once into the expression that uses it.

    Every temporary is assigned once (the code is in SSA form) and every operation is pure and
    cannot raise, so moving a computation to its single use (possibly into a branch) changes no
    result; it only saves the stores and loads of the temporaries.
    """
    lines = list(lines)
    defs: dict[str, int] = {}
    count: dict[str, int] = {}
    user: dict[str, int] = {}
    for i, line in enumerate(lines):
        m = _DEF.match(line)
        if m:
            defs[m.group(2)] = i
        for name in _NAME.findall(line):
            count[name] = count.get(name, 0) + 1
            if not (m and name == m.group(2)):
                user[name] = i
    dead: set[int] = set()
    for name, i in defs.items():
        if count.get(name) != 2:  # one definition and one use
            continue
        m = _DEF.match(lines[i])
        assert m is not None
        j = user[name]
        k = next(k for k in _TOKEN.finditer(lines[j]) if k.group() == name)  # no regex per name
        new = f"{lines[j][: k.start()]}({m.group(3)}){lines[j][k.end() :]}"
        if new.count("(") > _MAX_PARENS and _paren_depth(new) > _MAX_PARENS:  # count: a C loop
            continue
        lines[j] = new
        dead.add(i)
    return [line for i, line in enumerate(lines) if i not in dead]


def _tail_return(body: list[str], result: str) -> list[str]:
    """``return`` in each branch of a final piecewise join instead of a jump to a last return."""
    prefix = f"{result} = "
    if not (result.startswith("_r") and body and body[-1].lstrip().startswith(prefix)):
        return [*body, f"    return {result}"]
    out = []
    for line in body:
        stripped = line.lstrip()
        if stripped.startswith(prefix):
            line = line[: len(line) - len(stripped)] + "return " + stripped[len(prefix) :]
        out.append(line)
    return out


def _checked_returns(body: list[str]) -> list[str]:
    """Each ``return X`` of the entry point as ``_v = X``, a NaN test, ``return _v``: never a
    silent NaN (the NumPy path raises the same error)."""
    out = []
    for line in body:
        stripped = line.lstrip()
        if not stripped.startswith("return "):
            out.append(line)
            continue
        pad = line[: len(line) - len(stripped)]
        out += [
            f"{pad}_v = {stripped[len('return ') :]}",
            f"{pad}if _v != _v:",
            f"{pad}    raise self._nan(t)",
            f"{pad}return _v",
        ]
    return out


def constant_ops() -> SourceOps:
    """The staging table used on plain numbers: every operation computes directly."""
    return SourceOps(folding=True)


def run_on(formula: Callable[[Any, Ops], Any], t: Any) -> Any:
    """``formula(x, op)`` at the Python number ``t``, with the operations of the compiled scalar
    path, each computed directly (nothing is compiled)."""
    st = SourceOps(folding=True)
    with deep_recursion():
        out = formula(Sym(st, "", t), st)
    return out.value if _is_sym(out) else out


def value_at(schedule: Schedule, t: Any) -> Any:
    """``schedule`` at the Python number ``t`` (see :func:`run_on`)."""
    return run_on(lambda x, op: op.eval(schedule, x), t)


def stage(root: Schedule, budget: int | None = None) -> tuple[str, dict[str, Any]]:
    """The source of ``root``'s scalar entry point, and the namespace it runs in (raises
    :class:`TooLargeError` past ``budget`` statements)."""
    with deep_recursion():  # staging recurses through a few frames per level
        return _stage(root, budget)


def _body(root: Schedule, budget: int | None, float_literals: bool) -> tuple[SourceOps, list[str], list[str]]:
    """``root``'s formula staged once: the table (its namespace, whether it calls a user's
    function), the helper functions' source, and the body (each return checked for NaN)."""
    st = SourceOps(budget=budget, float_literals=float_literals)
    body = st.lines
    result = st.text(st.eval(root, Sym(st, "t")))
    parts = ["\n".join(_inline(f)) for f in st.functions]
    # every entry point checks its result: with parameters near the float64 range any operation
    # can overflow, and an inf that meets a 0 or another inf is NaN (one comparison, ~8 ns)
    return st, parts, _inline(_checked_returns(_tail_return(body, result)))


def _stage(root: Schedule, budget: int | None) -> tuple[str, dict[str, Any]]:
    # Two bodies of the same formula. Floats, and int steps up to 2**53 as the floats they equal
    # (as NumPy computes them: Python's exact int arithmetic would differ in the last bit where
    # a sum or product passes 2**53), run the float body, its constants written as floats. An
    # int step past 2**53 (no float64 holds it) runs the int body: exact int arithmetic. A
    # schedule that calls a user's function has the int body only: the function gets the step
    # as given (an int epoch indexes a list).
    st, parts, wide = _body(root, budget, float_literals=False)
    head = ["def entry(self, t):", "    if t.__class__ is int:"]
    if st.calls:
        head += [f"        if t < 0 or t > {int(_MAX_STEP)}:", "            return self._dispatch(t)"]
        body = wide
    else:
        fst, fparts, body = _body(root, budget, float_literals=True)
        st.ns.update(fst.ns)
        parts += [*fparts, "\n".join(["def _wide(self, t):", *wide])]
        head += [
            "        if 0 <= t <= 9007199254740992:  # 2**53: an int step is the float it equals",
            "            t = float(t)",
            f"        elif 0 < t <= {int(_MAX_STEP)}:",
            "            return _wide(self, t)",
            "        else:",
            "            return self._dispatch(t)",
        ]
    head += [
        "    elif t.__class__ is not float or not 0.0 <= t < 1e309:  # 1e309 is inf",
        "        return self._dispatch(t)",
    ]
    # the entry point first (what ``source`` shows on top); the functions it calls are looked up
    # when it runs
    return "\n\n".join(["\n".join([*head, *body]), *parts]) + "\n", st.ns


#: A composition of more nodes than this is not compiled: staging and compiling cost about
#: 0.5 ms per node, so its scalar path computes the same operations directly (``value_at``).
MAX_STAGED_NODES = 400
#: Nor one whose scalar path would be more statements than this (a node may write dozens: 199
#: restarts in a concat wrote 13,531, 0.6 s of staging and compiling, 3.3 s on a loaded
#: machine). Staging stops there, so compiling any schedule costs at most about 0.1 s.
MAX_STAGED_STATEMENTS = 3000

_MAX_INT_STEP = int(_MAX_STEP)
_EXACT_STEP = 2**53


def _distinct_nodes(root: Schedule, cap: int) -> int:
    """How many distinct nodes (by identity) ``root`` is made of, counting up to ``cap + 1``."""
    seen = {id(root)}
    todo = [root]
    while todo and len(seen) <= cap:
        for c in todo.pop().children:
            if id(c) not in seen:
                seen.add(id(c))
                todo.append(c)
    return len(seen)


def _interpreted(self: Schedule, t: Any) -> Any:
    """The scalar entry point of a composition too large to compile: the same checks as the
    compiled head, then the same operations computed directly."""
    if t.__class__ is int:
        if 0 <= t <= _EXACT_STEP and not _calls(self):
            t = float(t)
        elif t < 0 or t > _MAX_INT_STEP:
            return self._dispatch(t)
    elif t.__class__ is not float or not 0.0 <= t < 1e309:  # 1e309 is inf
        return self._dispatch(t)
    out = float(value_at(self, t))
    if out != out:  # noqa: PLR0124 - NaN test without a call
        raise self._nan(t)
    return out


def _calls(root: Schedule) -> bool:
    """Whether ``root`` holds a user's function (``lr_curves.function``), found once per root."""
    found: bool | None = root.__dict__.get("_calls_fn")
    if found is None:
        seen, todo = {id(root)}, [root]
        found = False
        while todo and not found:
            node = todo.pop()
            found = node.api == "function"
            for c in node.children:
                if id(c) not in seen:
                    seen.add(id(c))
                    todo.append(c)
        object.__setattr__(root, "_calls_fn", found)
    return found


def compile_entry(root: Schedule) -> Callable[[Schedule, Any], Any]:
    """Stage and compile ``root``'s scalar entry point ``entry(self, step)`` (or, past
    ``MAX_STAGED_NODES`` nodes or ``MAX_STAGED_STATEMENTS`` statements, an entry point that
    computes the same operations without compiling)."""
    if root._size > MAX_STAGED_NODES and _distinct_nodes(root, MAX_STAGED_NODES) > MAX_STAGED_NODES:
        return _interpreted
    try:
        src, ns = stage(root, MAX_STAGED_STATEMENTS)
    except TooLargeError:
        return _interpreted
    code = compile(src, f"<lr_curves {root.api}>", "exec")
    exec(code, ns)  # our own generated source: names, literals and operators only
    entry: Callable[[Schedule, Any], Any] = ns["entry"]
    entry.__lr_curves_source__ = src  # type: ignore[attr-defined]
    return entry


def source(schedule: Schedule) -> str:
    """The Python source of a schedule's scalar path (what ``schedule(step)`` runs for an
    ``int`` or ``float`` step), generated from the nodes' formulas. For debugging.

    Examples:
        >>> import lr_curves as lrc
        >>> print(lrc.source(lrc.linear(1.0, 0.0, 10)).splitlines()[0])
        def entry(self, t):
    """
    return stage(schedule)[0]
