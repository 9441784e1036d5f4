"""Schedules as data: ``to_dict``/``from_dict`` (JSON-safe, versioned) and ``parse`` (repr text).

``parse`` never calls ``eval``: it walks Python's AST and accepts only calls of whitelisted
lr_curves names with literal arguments (numbers, strings, booleans, ``None``, lists and tuples)
and ``+ - * / **`` between numbers and schedules. Anything else is a ``ValueError`` naming it.
"""

from __future__ import annotations

import ast
import dataclasses
import inspect
import numbers
import sys
import warnings
from collections.abc import Callable, Mapping
from typing import Any

from lr_curves import _algebra, _combinators, _function, _primitives, _retarget
from lr_curves import _base as _registry
from lr_curves._base import MAX_DEPTH, NODES, Schedule

#: Version of the ``to_dict`` format.
FORMAT_VERSION = 1

#: The public factories, by name: the registry every node and factory adds itself to.
FACTORIES: dict[str, Callable[..., Schedule]] = _registry.FACTORIES
_LOADED = (_primitives, _combinators, _function, _algebra, _retarget)  # importing them registered the nodes

_MAX_TEXT = 100_000
_BINOPS = (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow)
#: The largest magnitude of a number in parsed text: every value must fit a float64.
_MAX_NUMBER = sys.float_info.max


# ---------------------------------------------------------------------------------------- to_dict
def _encode(value: Any) -> Any:
    # Schedules in a tuple are encoded in this frame (no comprehension frame): the deepest
    # allowed composition stays far from the recursion limit.
    if isinstance(value, Schedule):
        return _node_dict(value)
    if isinstance(value, tuple):
        out = []
        for v in value:
            out.append(_node_dict(v) if isinstance(v, Schedule) else _encode(v))
        return out
    return value


def _node_dict(s: Schedule) -> dict[str, Any]:
    out: dict[str, Any] = {"type": s.api}
    own = getattr(s, "_data", None)  # a node whose fields are not its data (function: a name)
    if own is not None:
        out.update(own())
        return out
    for f in dataclasses.fields(s):  # type: ignore[arg-type]
        value = getattr(s, f.name)
        if (
            not f.metadata.get("varargs")
            and f.default is not dataclasses.MISSING
            and value == f.default
            and (type(value) is type(f.default))
        ):
            continue
        out[f.name] = _encode(value)
    return out


def to_dict(schedule: Schedule) -> dict[str, Any]:
    """A JSON-safe, versioned description: ``{"lr_curves": 1, "schedule": {"type": ..., ...}}``
    (read back by :func:`lr_curves.from_dict`)."""
    return {"lr_curves": FORMAT_VERSION, "schedule": _node_dict(schedule)}


Schedule.to_dict = to_dict  # the method, written once here


# ---------------------------------------------------------------------------------------- from_dict
def _varargs_field(api: str) -> str | None:
    node = NODES.get(api)
    if node is None:  # a factory that is not a node (multistep)
        return None
    for f in dataclasses.fields(node):  # type: ignore[arg-type]
        if f.metadata.get("varargs"):
            return f.name
    return None


def _call(api: str, args: list[Any], kwargs: dict[str, Any], where: str, caller: str) -> Schedule:
    fn = FACTORIES[api]
    try:
        inspect.signature(fn).bind(*args, **kwargs)
    except TypeError as exc:
        raise TypeError(f"{caller}: bad arguments for {api}() at {where}: {exc}.") from None
    return fn(*args, **kwargs)


#: The deepest data ``from_dict`` reads, in dicts and lists: a composition of the deepest allowed
#: depth (``MAX_DEPTH``) nests a list (``concat`` pieces, ``add`` terms) in each of its dicts.
MAX_DATA_DEPTH = 2 * MAX_DEPTH + 1


#: The most values ``from_dict`` reads: data that shares one list or dict many times over (no
#: JSON document does) would otherwise take exponential time.
MAX_DATA_ITEMS = 2_000_000


class _Walk:
    """State of one ``from_dict`` call: the containers on the current path, and a budget."""

    def __init__(self, functions: Mapping[str, Callable[..., Any]] | None = None) -> None:
        self.path: set[int] = set()
        self.left = MAX_DATA_ITEMS
        self.functions = functions

    def enter(self, value: Any, where: str) -> None:
        if id(value) in self.path:
            raise ValueError(f"from_dict(): data contains a cycle at {where}.")
        self.path.add(id(value))


def _decode(value: Any, where: str, depth: int, walk: _Walk) -> Any:
    if depth > MAX_DATA_DEPTH:
        raise ValueError(f"from_dict(): data nested deeper than {MAX_DATA_DEPTH} levels at {where}.")
    walk.left -= 1
    if walk.left < 0:
        raise ValueError(
            f"from_dict(): data holds more than {MAX_DATA_ITEMS} values (shared lists or dicts?) at {where}."
        )
    if isinstance(value, dict):
        return _decode_node(value, where, depth + 1, walk)
    if isinstance(value, (list, tuple)):
        walk.enter(value, where)
        items = []
        for i, v in enumerate(value):  # a loop, not a generator: one stack frame per level
            items.append(_decode(v, f"{where}[{i}]", depth + 1, walk))
        walk.path.discard(id(value))
        return tuple(items)
    if value is None or isinstance(value, (str, bool)):
        return value
    if isinstance(value, numbers.Real):
        return value
    raise TypeError(
        f"from_dict(): values must be numbers, strings, booleans, None, lists or schedule dicts, "
        f"got {type(value).__name__} at {where}."
    )


def _decode_node(node: dict[str, Any], where: str, depth: int, walk: _Walk) -> Schedule:
    api = node.get("type")
    if not isinstance(api, str):
        raise ValueError(f"from_dict(): a schedule needs a 'type' string at {where}, got {api!r}.")
    if api not in FACTORIES:
        raise ValueError(
            f"from_dict(): unknown schedule type {api!r} at {where}. Known types: "
            + ", ".join(sorted(FACTORIES))
            + "."
        )
    walk.enter(node, where)
    kwargs: dict[str, Any] = {}
    args: list[Any] = []
    var = _varargs_field(api)
    for key, raw in node.items():
        if key == "type":
            continue
        if not isinstance(key, str):
            raise TypeError(f"from_dict(): keys must be strings, got {key!r} at {where}.")
        value = _decode(raw, f"{where}.{key}", depth, walk)
        if key == var:
            if not isinstance(value, tuple):
                raise TypeError(f"from_dict(): {where}.{key} must be a list of schedules.")
            args.extend(value)
        else:
            kwargs[key] = value
    walk.path.discard(id(node))
    own = getattr(NODES.get(api), "_from_data", None)  # function: resolve its name
    if own is not None:
        kwargs = own(kwargs, walk.functions, "from_dict()", where)
    return _call(api, args, kwargs, where, "from_dict()")


def from_dict(data: Any, *, functions: Mapping[str, Callable[..., Any]] | None = None) -> Schedule:
    """Rebuild a schedule from :meth:`Schedule.to_dict` data (for example after ``json.loads``).

    ``functions`` maps the names of :func:`lr_curves.function` nodes to their code (data holds
    the name only; an unknown name is a ``ValueError``).

    Raises:
        ValueError: unknown version or schedule type, or invalid arguments.
        TypeError: data of the wrong shape.

    Examples:
        >>> import json
        >>> from lr_curves import cosine, warmup
        >>> s = warmup(cosine(1.0, 100), 10)
        >>> from_dict(json.loads(json.dumps(s.to_dict()))) == s
        True
    """
    if not isinstance(data, dict):
        raise TypeError(f"from_dict(): data must be a dict, got {type(data).__name__}.")
    version = data.get("lr_curves")
    if type(version) is not int or version != FORMAT_VERSION:
        raise ValueError(
            f"from_dict(): data['lr_curves'] must be the format version {FORMAT_VERSION}, got {version!r}."
        )
    node = data.get("schedule")
    if not isinstance(node, dict):
        raise TypeError(f"from_dict(): data['schedule'] must be a dict, got {type(node).__name__}.")
    try:
        return _decode_node(node, "schedule", 0, _Walk(functions))
    except RecursionError:  # only when called from a very deep stack: the depth limit comes first
        raise ValueError("from_dict(): data nested too deeply for the Python stack.") from None


# ---------------------------------------------------------------------------------------- parse
class _Parser:
    def __init__(self, text: str, functions: Mapping[str, Callable[..., Any]] | None = None) -> None:
        self.text = text
        self.functions = functions

    def fail(self, node: ast.AST | None, what: str) -> ValueError:
        col = getattr(node, "col_offset", None)
        at = f" at column {col + 1}" if isinstance(col, int) else ""
        return ValueError(f"parse(): {what}{at}.")

    def value(self, node: ast.AST, depth: int) -> Any:
        if depth > MAX_DEPTH:
            raise self.fail(node, f"expression nested deeper than {MAX_DEPTH} levels")
        if isinstance(node, ast.Constant):
            if isinstance(node.value, int) and not isinstance(node.value, bool):
                return self.number(node, node.value)
            if node.value is None or isinstance(node.value, (bool, float, str)):
                return node.value
            raise self.fail(node, f"literal {node.value!r} is not allowed")
        if isinstance(node, (ast.Tuple, ast.List)):
            items = []
            for e in node.elts:  # a loop, not a generator: one stack frame per level
                items.append(self.value(e, depth + 1))
            return tuple(items)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            inner = self.value(node.operand, depth + 1)
            if isinstance(inner, bool) or not isinstance(inner, (int, float, Schedule)):
                raise self.fail(node, "a sign applies only to numbers and schedules")
            return -inner if isinstance(node.op, ast.USub) else inner
        if isinstance(node, ast.BinOp) and isinstance(
            node.op, (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow)
        ):
            return self.binop(node, depth)
        if isinstance(node, ast.Call):
            return self.call(node, depth)
        if isinstance(node, ast.Name):
            raise self.fail(node, f"name {node.id!r} is not allowed (only calls of lr_curves schedules)")
        raise self.fail(node, f"{type(node).__name__} expressions are not allowed")

    def binop(self, node: ast.BinOp, depth: int) -> Any:
        a = self.value(node.left, depth + 1)
        b = self.value(node.right, depth + 1)
        ok = (int, float, Schedule)
        if isinstance(a, bool) or isinstance(b, bool) or not isinstance(a, ok) or not isinstance(b, ok):
            raise self.fail(node, "arithmetic applies only to numbers and schedules")
        if isinstance(a, Schedule) or isinstance(b, Schedule):
            if isinstance(node.op, ast.Div):
                return a / b
            if isinstance(node.op, ast.Pow):
                return a**b
        elif isinstance(node.op, ast.Pow):  # two numbers
            try:
                result = float(a) ** float(b)
            except (OverflowError, ZeroDivisionError):
                raise self.fail(node, "number out of the float64 range") from None
            if isinstance(result, complex):
                raise self.fail(node, "a negative number to a fractional power is not a real number")
            return self.number(node, result)
        if isinstance(node.op, ast.Div):
            if b == 0:
                raise self.fail(node, "division by zero")
            try:
                return self.number(node, a / b)
            except OverflowError:  # int / int beyond the float64 range
                raise self.fail(node, "number out of the float64 range") from None
        op = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*"}[type(node.op)]
        if isinstance(a, (int, float)) and isinstance(b, (int, float)):
            try:
                result = a + b if op == "+" else a - b if op == "-" else a * b
            except OverflowError:
                raise self.fail(node, "number out of the float64 range") from None
            return self.number(node, result)
        if op == "+":
            return a + b
        if op == "-":
            return a - b
        return a * b

    def number(self, node: ast.AST, value: float) -> float:
        """Refuse arithmetic results beyond the float64 range (and keep integers small)."""
        if not abs(value) <= _MAX_NUMBER:  # also NaN
            raise self.fail(node, "number out of the float64 range")
        return value

    def func_name(self, func: ast.expr) -> str:
        if isinstance(func, ast.Name):
            name = func.id
        elif (
            isinstance(func, ast.Attribute)
            and isinstance(func.value, ast.Name)
            and func.value.id in ("lr_curves", "lrc")
        ):
            name = func.attr
        else:
            raise self.fail(func, "only calls of lr_curves schedule names are allowed")
        if name not in FACTORIES:
            raise self.fail(func, f"unknown name {name!r}; allowed: " + ", ".join(sorted(FACTORIES)))
        return name

    def call(self, node: ast.Call, depth: int) -> Schedule:
        name = self.func_name(node.func)
        args: list[Any] = []
        for i, a in enumerate(node.args):
            if isinstance(a, ast.Starred):
                raise self.fail(a, "*args are not allowed")
            if name == "function" and i == 0 and isinstance(a, ast.Name):
                # function(<name>): the name is resolved in functions=, never read as code
                where = f"column {a.col_offset + 1}"
                fn = _function.resolve(a.id, self.functions, "parse()", where)
                args.append(fn)
                node.keywords = [*node.keywords, ast.keyword(arg="name", value=ast.Constant(a.id))]
                continue
            args.append(self.value(a, depth + 1))
        kwargs: dict[str, Any] = {}
        for kw in node.keywords:
            if kw.arg is None:
                raise self.fail(kw.value, "**kwargs are not allowed")
            kwargs[kw.arg] = self.value(kw.value, depth + 1)
        return _call(name, args, kwargs, f"column {node.col_offset + 1}", "parse()")


def parse(text: str, *, functions: Mapping[str, Callable[..., Any]] | None = None) -> Schedule:
    """Rebuild a schedule from its ``repr`` text (or any expression of lr_curves factories).

    Safe on untrusted text: no ``eval``. Only calls of lr_curves factory names (optionally
    written ``lr_curves.name``), literal arguments and ``+ - * / **`` are accepted.
    ``function(<name>)`` resolves ``<name>`` in ``functions`` (a ``ValueError`` if it is not there).

    Raises:
        ValueError: the text is not such an expression, or the schedule's arguments are invalid.
        TypeError: ``text`` is not a string, or an argument has the wrong type.

    Examples:
        >>> s = parse("warmup(cosine(1.0, 100), 10)")
        >>> parse(repr(s)) == s
        True
    """
    if not isinstance(text, str):
        raise TypeError(f"parse(): text must be a str, got {type(text).__name__}.")
    if len(text) > _MAX_TEXT:
        raise ValueError(f"parse(): text must be at most {_MAX_TEXT} characters, got {len(text)}.")
    if "\x00" in text:
        raise ValueError("parse(): text must not contain NUL characters.")
    try:
        with warnings.catch_warnings():  # "invalid decimal literal" and the like: an error below
            warnings.simplefilter("ignore", SyntaxWarning)
            tree = ast.parse(text.strip(), mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError, OverflowError) as exc:
        reason = getattr(exc, "msg", None) or str(exc) or type(exc).__name__
        raise ValueError(f"parse(): not a valid expression: {reason}.") from None
    try:
        result = _Parser(text, functions).value(tree.body, 0)
    except RecursionError:  # only when called from a very deep stack: the depth limit comes first
        raise ValueError("parse(): expression nested too deeply for the Python stack.") from None
    if not isinstance(result, Schedule):
        raise ValueError(f"parse(): the expression must build a schedule, got {result!r}.")
    return result
