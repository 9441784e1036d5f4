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

from lr_curves import _algebra, _combinators, _function, _primitives, _retarget, _window
from lr_curves import _base as _registry
from lr_curves._base import MAX_DEPTH, NODES, Schedule
from lr_curves._checks import describe

#: Version of the ``to_dict`` format.
FORMAT_VERSION = 1

#: The public factories, by name: the registry every node and factory adds itself to.
FACTORIES: dict[str, Callable[..., Schedule]] = _registry.FACTORIES
# importing them registered their nodes and factories (window: a composition, accepted as input)
_LOADED = (_primitives, _combinators, _function, _algebra, _retarget, _window)

_MAX_TEXT = 100_000
#: The most schedules (nodes) one ``from_dict`` document or ``parse`` text may describe: the
#: work of reading it is linear in its size, and this many nodes take well under a second.
MAX_NODES = 20_000
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
    if schedule._size > MAX_NODES:
        raise ValueError(
            f"to_dict(): the schedule is made of {schedule._size:,} nodes written out (a part used "
            f"n times counts n times), more than the {MAX_NODES:,} from_dict reads."
        )
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


_SIGNATURES: dict[str, inspect.Signature] = {}


def _call(api: str, args: list[Any], kwargs: dict[str, Any], where: str, caller: str) -> Schedule:
    fn = FACTORIES[api]
    sig = _SIGNATURES.get(api)
    if sig is None:
        sig = _SIGNATURES[api] = inspect.signature(fn)
    try:
        sig.bind(*args, **kwargs)
    except TypeError as exc:
        raise TypeError(f"{caller}: bad arguments for {api}() at {where}: {exc}.") from None
    return fn(*args, **kwargs)


#: The deepest data ``from_dict`` reads, in dicts and lists: a composition of the deepest allowed
#: depth (``MAX_DEPTH``) nests a list (``concat`` pieces, ``add`` terms) in each of its dicts.
MAX_DATA_DEPTH = 2 * MAX_DEPTH + 1


class _Walk:
    """State of one ``from_dict`` call: every container seen (data that shares one list or dict
    is refused: read as a tree it could describe exponentially many nodes), and a node budget."""

    def __init__(self, functions: Mapping[str, Callable[..., Any]] | None = None) -> None:
        self.path: set[int] = set()
        self.seen: set[int] = set()
        self.nodes = 0
        self.functions = functions

    def enter(self, value: Any, where: str) -> None:
        if id(value) in self.path:
            raise ValueError(f"from_dict(): data contains a cycle at {where}.")
        self.path.add(id(value))
        if id(value) in self.seen:
            raise ValueError(
                f"from_dict(): data uses the same list or dict twice (shared data) at {where}. "
                "Hint: give each schedule its own dict, as to_dict() and json.loads() do."
            )
        self.seen.add(id(value))

    def count(self, where: str) -> None:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise ValueError(f"from_dict(): data describes more than {MAX_NODES:,} schedules at {where}.")


def _numbers(value: list[Any] | tuple[Any, ...]) -> bool:
    """Whether a list holds only numbers (read in one step: a 10**6-point piecewise is fast)."""
    return all(type(v) is float or type(v) is int for v in value)


def _decode(value: Any, where: str, depth: int, walk: _Walk) -> Any:
    if depth > MAX_DATA_DEPTH:
        raise ValueError(f"from_dict(): data nested deeper than {MAX_DATA_DEPTH} levels at {where}.")
    if isinstance(value, dict):
        return _decode_node(value, where, depth + 1, walk)
    if isinstance(value, (list, tuple)):
        walk.enter(value, where)
        if _numbers(value):
            walk.path.discard(id(value))
            return tuple(value)
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
    walk.count(where)
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
#: What each refused piece of syntax is, in words (no parser jargon in messages).
_SYNTAX_WORDS: dict[str, str] = {
    "FloorDiv": "'//' (floor division)",
    "Mod": "'%'",
    "MatMult": "'@'",
    "BitOr": "'|'",
    "BitAnd": "'&'",
    "BitXor": "'^'",
    "LShift": "'<<'",
    "RShift": "'>>'",
    "Not": "'not'",
    "Invert": "'~'",
    "Lambda": "a lambda",
    "ListComp": "a comprehension",
    "SetComp": "a comprehension",
    "DictComp": "a comprehension",
    "GeneratorExp": "a generator expression",
    "NamedExpr": "':=' (an assignment)",
    "JoinedStr": "an f-string",
    "FormattedValue": "an f-string",
    "Dict": "a dict {...}",
    "Set": "a set {...}",
    "Subscript": "indexing [...]",
    "Slice": "a slice",
    "Attribute": "attribute access",
    "Compare": "a comparison",
    "BoolOp": "'and'/'or'",
    "IfExp": "an 'if ... else' expression",
    "Starred": "'*' unpacking",
    "Await": "'await'",
    "Yield": "'yield'",
    "YieldFrom": "'yield'",
}

#: The schedule methods a parsed text may call (``cosine(1.0, 100).warmup(10)``).
METHODS = ("clip", "restart", "scale", "shift", "stretch", "warmup")

_HOW = (
    "write calls of lr_curves schedules such as warmup(cosine(1.0, 100), 10), their methods "
    "(.warmup(10)), presets (torch.StepLR(step_size=30)), numbers and + - * / **"
)


class _Parser:
    def __init__(self, text: str, functions: Mapping[str, Callable[..., Any]] | None = None) -> None:
        self.text = text
        self.nodes = 0
        self.functions = functions

    def quote(self, node: ast.AST | None) -> str:
        """The text of ``node`` (one line, shortened), as the user wrote it."""
        seg = None
        if node is not None:
            try:
                seg = ast.get_source_segment(self.text, node)
            except (ValueError, IndexError, TypeError):  # pragma: no cover - positions out of range
                seg = None
        seg = " ".join((seg or "").split())
        return seg if len(seg) <= 60 else seg[:45] + "..." + seg[-12:]

    def fail(self, node: ast.AST | None, what: str, hint: str = "") -> ValueError:
        col = getattr(node, "col_offset", None)
        seg = self.quote(node)
        where = f" in {seg!r}" if seg and repr(seg) not in what else ""
        at = f" at column {col + 1}" if isinstance(col, int) else ""
        return ValueError(f"parse(): {what}{where}{at}." + (f" {hint}" if hint else ""))

    def refused(self, node: ast.AST) -> ValueError:
        kind = type(node.op).__name__ if isinstance(node, (ast.BinOp, ast.UnaryOp)) else type(node).__name__
        words = _SYNTAX_WORDS.get(kind, "this kind of expression")
        return self.fail(node, f"{words} is not allowed", "Hint: " + _HOW + ".")

    def value(self, node: ast.AST, depth: int) -> Any:
        if depth > MAX_DEPTH:
            raise self.fail(None, f"expression nested deeper than {MAX_DEPTH} levels")
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
            raise self.fail(
                node,
                f"name {node.id!r} is not allowed (only calls of lr_curves schedules)",
                "Hint: a string needs quotes ('cos'); a schedule is a call such as constant(1.0).",
            )
        raise self.refused(node)

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

    def arguments(self, node: ast.Call, depth: int) -> tuple[list[Any], dict[str, Any]]:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise self.fail(node, f"the text describes more than {MAX_NODES:,} schedules")
        args: list[Any] = []
        func = node.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
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
            if kw.arg in kwargs:  # Python's ast accepts f(a=1, a=2): refused here
                raise self.fail(kw.value, f"{kw.arg} is given twice")
            kwargs[kw.arg] = self.value(kw.value, depth + 1)
        return args, kwargs

    def only_calls(self, node: ast.AST, why: str = "") -> ValueError:
        return self.fail(
            node,
            "only calls of lr_curves schedule names, their methods and presets are allowed" + why,
            "Hint: " + _HOW + ".",
        )

    def call(self, node: ast.Call, depth: int) -> Schedule:
        func = node.func
        if isinstance(func, ast.Name):
            return self.factory(node, func.id, depth)
        if not isinstance(func, ast.Attribute):
            raise self.only_calls(node)
        owner = func.value
        if isinstance(owner, ast.Name) and owner.id in ("lr_curves", "lrc"):
            return self.factory(node, func.attr, depth)
        if isinstance(owner, ast.Name):
            return self.preset(node, owner.id, func.attr, depth)
        if (
            isinstance(owner, ast.Attribute)
            and owner.attr != "presets"
            and isinstance(owner.value, ast.Attribute)
            and owner.value.attr == "presets"
            and isinstance(owner.value.value, ast.Name)
            and owner.value.value.id in ("lr_curves", "lrc")
        ):  # lr_curves.presets.torch.StepLR(...)
            return self.preset(node, owner.attr, func.attr, depth)
        if not isinstance(owner, ast.Attribute):  # a method: cosine(1.0, 100).warmup(10)
            return self.method(node, func, depth)
        raise self.only_calls(node)

    def factory(self, node: ast.Call, name: str, depth: int) -> Schedule:
        if name not in FACTORIES:
            if name in METHODS:
                hint = f"Hint: {name} is a method too: cosine(1.0, 100).{name}(...)."
            else:
                from lr_curves._spec import suggest

                hint = (suggest(name, FACTORIES).strip() + " ") if suggest(name, FACTORIES) else ""
                hint += "Allowed: " + ", ".join(sorted(FACTORIES))
            raise self.fail(node.func, f"unknown name {name!r}", hint)
        args, kwargs = self.arguments(node, depth)
        self.check_keywords(node, name, FACTORIES[name], kwargs)
        return _call(name, args, kwargs, f"column {node.col_offset + 1}", "parse()")

    def check_keywords(
        self, node: ast.Call, name: str, fn: Callable[..., Any], kwargs: dict[str, Any]
    ) -> None:
        """A misspelt keyword: say which ones the function takes (did you mean ...?)."""
        from lr_curves._spec import suggest

        params = [p for p in inspect.signature(fn).parameters if not p.startswith("_")]
        for key in kwargs:
            if key not in params:
                raise TypeError(
                    f"parse(): bad arguments for {name}() at column {node.col_offset + 1}: "
                    f"got an unexpected keyword argument {key!r}.{suggest(key, params)} "
                    f"Its arguments: {', '.join(params)}."
                )

    def method(self, node: ast.Call, func: ast.Attribute, depth: int) -> Schedule:
        receiver = self.value(func.value, depth + 1)
        name = func.attr
        if not isinstance(receiver, Schedule):
            raise self.only_calls(node, f" ({self.quote(func.value)!r} is not a schedule)")
        if name not in METHODS:
            from lr_curves._spec import suggest

            raise self.fail(
                node,
                f"{name!r} is not a schedule method",
                (suggest(name, METHODS).strip() + " Methods: ").lstrip() + ", ".join(METHODS) + ".",
            )
        args, kwargs = self.arguments(node, depth)
        bound = getattr(receiver, name)
        self.check_keywords(node, name, bound, kwargs)
        try:
            inspect.signature(bound).bind(*args, **kwargs)
        except TypeError as exc:
            raise TypeError(
                f"parse(): bad arguments for .{name}() at column {node.col_offset + 1}: {exc}."
            ) from None
        result = bound(*args, **kwargs)
        assert isinstance(result, Schedule)
        return result

    def preset(self, node: ast.Call, peer: str, name: str, depth: int) -> Schedule:
        from lr_curves._spec import PresetError, call_preset, peers

        if peer not in peers():
            raise self.only_calls(
                node.func, f" ({peer!r} is not lr_curves, lrc or a preset peer: {', '.join(peers())})"
            )
        args, kwargs = self.arguments(node, depth)
        try:
            result = call_preset(peer, name, args, kwargs)
        except PresetError as exc:
            raise ValueError(f"parse(): {exc}.") from None
        if not isinstance(result, Schedule):
            raise self.fail(
                node.func,
                f"{peer}.{name} is metric-driven (it gives a {type(result).__name__}), not a schedule",
            )
        return result


def parse(text: str, *, functions: Mapping[str, Callable[..., Any]] | None = None) -> Schedule:
    """Rebuild a schedule from its ``repr`` text (or any expression of lr_curves factories).

    Safe on untrusted text: no ``eval``. Only calls of lr_curves factory names (optionally
    written ``lr_curves.name``), the schedule methods (``cosine(1.0, 100).warmup(10)``: see
    :data:`METHODS`), preset calls (``torch.OneCycleLR(max_lr=0.01, total_steps=1000)``, a name
    in the ``__all__`` of a module of :mod:`lr_curves.presets`), literal arguments and
    ``+ - * / **`` are accepted. ``function(<name>)`` resolves ``<name>`` in ``functions`` (a
    ``ValueError`` if it is not there). A refusal names what is wrong in the text, quoting it.

    Raises:
        ValueError: the text is not such an expression, or the schedule's arguments are invalid.
        TypeError: ``text`` is not a string, or an argument has the wrong type.

    Examples:
        >>> s = parse("warmup(cosine(1.0, 100), 10)")
        >>> parse(repr(s)) == s
        True
        >>> parse("cosine(1.0, 100).warmup(10)") == s
        True
        >>> parse("torch.StepLR(step_size=30, gamma=0.5)")
        exponential(1.0, 0.5, every=30, staircase=True)
    """
    if not isinstance(text, str):
        raise TypeError(f"parse(): text must be a str, got {type(text).__name__}.")
    if len(text) > _MAX_TEXT:
        raise ValueError(f"parse(): text must be at most {_MAX_TEXT} characters, got {len(text)}.")
    if "\x00" in text:
        raise ValueError("parse(): text must not contain NUL characters.")
    if not text.isascii():
        # Python folds look-alike identifiers to ASCII (NFKC: fullwidth letters): refuse them
        pos = next(i for i, ch in enumerate(text) if ord(ch) > 127)
        raise ValueError(
            f"parse(): text must be ASCII, got {text[pos]!r} (U+{ord(text[pos]):04X}) at column {pos + 1}."
        )
    body = text.strip()
    try:
        with warnings.catch_warnings():  # "invalid decimal literal" and the like: an error below
            warnings.simplefilter("ignore", SyntaxWarning)
            tree = ast.parse(body, mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError, OverflowError) as exc:
        if not body:
            raise ValueError(f"parse(): the text is empty, not a valid expression. Hint: {_HOW}.") from None
        reason = getattr(exc, "msg", None) or str(exc) or type(exc).__name__
        if "limit" in reason and "digits" in reason:  # Python's int-to-str limit, in its words
            reason = "a number with thousands of digits"
        col = getattr(exc, "offset", None)
        line = getattr(exc, "lineno", 1)
        at = f" at column {col}" if isinstance(col, int) and col > 0 and line == 1 else ""
        short = " ".join(body.split())
        short = short if len(short) <= 60 else short[:45] + "..." + short[-12:]
        raise ValueError(
            f"parse(): {short!r} is not a valid expression ({reason}{at}). Hint: {_HOW}."
        ) from None
    try:
        result = _Parser(body, functions).value(tree.body, 0)
    except RecursionError:  # only when called from a very deep stack: the depth limit comes first
        raise ValueError("parse(): expression nested too deeply for the Python stack.") from None
    if not isinstance(result, Schedule):
        raise ValueError(
            f"parse(): the expression must build a schedule, got {describe(result)}. "
            "Hint: a constant learning rate is constant(...)."
        )
    return result
