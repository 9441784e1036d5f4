"""The hypothesis strategies of :mod:`lr_curves.testing`, built from the registry of nodes.

Every registered node has a strategy here (:func:`_leaf_strategies` for primitives,
:func:`_combinator_strategies` for combinators); a node registered without one is an error when
the strategies are built. Hypothesis is imported on first use only.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from lr_curves._base import Schedule

_EXTRA = "pip install 'lr-curves[testing]'"


def _decay(t: Any) -> Any:
    """A function that vectorises: arithmetic only."""
    return 0.5 / (1.0 + t / 100.0)


def _steps_of_ten(t: Any) -> Any:
    """A function that vectorises through ``//`` (IEEE operations only: the same on every path)."""
    return 0.1 / (1.0 + t // 10)


def _branchy(t: Any) -> Any:
    """A function that does not vectorise (``if`` on the step): NumPy calls it per element."""
    if t < 50:
        return t / 50
    return 1.0


#: The named functions the ``function`` strategy draws (``parse``/``from_dict(functions=...)``).
FUNCTIONS = {f.__name__: f for f in (_decay, _steps_of_ten, _branchy)}
_STRATEGIES: dict[str, Any] = {}


def _hypothesis() -> Any:
    try:
        from hypothesis import strategies as st
    except ImportError as exc:  # pragma: no cover - exercised in a subprocess test
        raise ImportError(
            f"lr_curves.testing strategies need hypothesis, an optional dependency: {_EXTRA}"
        ) from exc
    return st


def _extend(children: Any) -> Any:

    st = _hypothesis()
    small, int_lengths, values = strategy("small"), strategy("int_lengths"), strategy("values")
    finite = children.filter(lambda s: s.length is not None and s.length > 0)
    table = _combinator_strategies(st, children, finite, small, int_lengths, values)
    return st.one_of(*(s for group in table.values() for s in group))


def _combinator_strategies(
    st: Any, children: Any, finite: Any, small: Any, int_lengths: Any, values: Any
) -> dict[str, list[Any]]:
    """Per registered combinator (by its public name): strategies that build it from ``children``.

    Built from the registry: a combinator registered without a strategy here is an error.
    """
    import lr_curves as lrc
    from lr_curves._base import NODES, is_leaf

    table = {
        "warmup": [
            st.builds(
                lambda s, w, start, shape, overlay: lrc.warmup(
                    s,
                    w if not overlay or not s.length else min(w, s.length),
                    start=start,
                    shape=shape,
                    overlay=overlay and s.length != 0,
                ),
                children,
                int_lengths,
                small,
                st.sampled_from(["linear", "cosine", "1-sqrt", "1-square", "constant"]),
                st.booleans(),
            ),
            st.builds(
                lambda s, w, start: lrc.warmup(
                    s, w, start=start, shape="exponential" if s(0) > 0 else "linear"
                ),
                children,
                int_lengths,
                st.floats(1e-6, 1e-3),
            ),
        ],
        "concat": [st.builds(lrc.concat, finite, children), st.builds(lrc.concat, finite, finite, children)],
        "restart": [
            st.builds(
                lambda s, g, d, lim: lrc.restart(s, growth=g, decay=d, limit=lim),
                finite,
                st.sampled_from([1.0, 1.0, 2.0, 3.0, 1.5]),
                st.sampled_from([1.0, 0.5, 0.9]),
                st.one_of(st.none(), st.integers(1, 5)),
            )
        ],
        "scale": [st.builds(lrc.scale, children, st.one_of(values, children))],
        "add": [st.builds(lambda a, b: a + b, children, children)],
        "clip": [st.builds(lambda s, lo: lrc.clip(s, low=lo, high=lo + 1.0), children, small)],
        "shift": [st.builds(lrc.shift, children, st.integers(-100, 100))],
        "retarget": [
            st.builds(
                lambda s, f, g: lrc.retarget(s, s.length * f, s.length * f + s.length * (1 - f) * g),
                finite,
                st.sampled_from([0, 0.25, 0.5]),
                st.sampled_from([0.5, 1, 2, 3]),
            )
        ],
        "stretch": [
            st.builds(lrc.stretch, children, st.sampled_from([1, 2, 10, 0.5, 3]), staircase=st.booleans())
        ],
        "divide": [
            st.builds(lambda s, k: s / k, children, values),
            st.builds(lambda s, k: s / lrc.constant(k), children, values),
        ],
        "power": [
            st.builds(lambda s, p: s**p, children, st.sampled_from([1.0, 2.0, 0.5, 3.0, 1.5])),
            # the exponent a primitive (values up to 10): 2.0 ** (a quotient by 1e-6) overflows to
            # inf, a value (IEEE) that property tests of "any finite schedule" would trip on
            st.builds(lambda s, k: k**s, strategy("primitives"), st.floats(0.5, 2.0)),
            st.builds(lambda s, p: s ** lrc.constant(p), children, st.floats(0.5, 2.0)),
        ],
        "minimum": [st.builds(lrc.minimum, children, st.one_of(values, children))],
        "maximum": [st.builds(lrc.maximum, children, st.one_of(values, children))],
    }
    missing = sorted(api for api, node in NODES.items() if not is_leaf(node) and api not in table)
    if missing:
        raise LookupError(f"lr_curves.testing: no strategy for the registered node(s) {', '.join(missing)}.")
    return table


def _buildstrategy(name: str) -> Any:

    st = _hypothesis()
    get = strategy
    if name == "values":
        return st.floats(min_value=1e-6, max_value=10.0, allow_nan=False, allow_infinity=False)
    if name == "small":
        return st.floats(min_value=0.0, max_value=1e-3, allow_nan=False, allow_infinity=False)
    if name == "int_lengths":
        return st.integers(min_value=1, max_value=5_000)
    if name == "lengths":
        return st.one_of(get("int_lengths"), st.floats(min_value=0.5, max_value=5_000.0))
    if name == "factors":
        return st.floats(min_value=0.5, max_value=0.9999)
    if name == "finite_primitives":
        return _finite(get("lengths"))
    if name == "int_finite_primitives":
        return _finite(get("int_lengths")).filter(lambda s: isinstance(s.length, int))
    if name == "primitives":
        # the data nodes: compositions round-trip through parse/from_dict without functions=
        # (function nodes are composed in their own tests, with FUNCTIONS)
        leaves = _leaf_strategies()
        leaves.pop("function")
        return st.one_of(get("finite_primitives"), *leaves.values())
    if name == "schedules":
        return compositions(6)
    if name == "int_steps":
        return st.one_of(st.integers(0, 20_000), st.integers(0, 10**7), st.integers(0, 2**40))
    if name == "float_steps":
        return st.floats(min_value=0.0, max_value=1e7, allow_nan=False, allow_infinity=False)
    if name == "steps":
        return st.one_of(get("int_steps"), get("float_steps"))
    if name == "huge_steps":
        return st.one_of(
            st.integers(2**53 - 4, 2**53 + 4),
            st.integers(2**63 - 4, 2**63 + 4),
            st.integers(2**40, 2**64),
            st.floats(min_value=2**53, max_value=1e300, allow_nan=False, allow_infinity=False),
        )
    if name == "step_arrays":
        from hypothesis.extra import numpy as hnp

        dtypes = st.one_of(
            st.sampled_from(
                [np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint32, np.uint64]
            ),
            st.sampled_from([np.float16, np.float32, np.float64]),
        )

        def array(dtype: Any) -> Any:
            info = np.iinfo(dtype) if np.dtype(dtype).kind in "iu" else np.finfo(dtype)
            top = min(float(info.max), 1e7)
            elements = (
                st.integers(0, int(top))
                if np.dtype(dtype).kind in "iu"
                else st.floats(
                    0.0, top, allow_nan=False, allow_infinity=False, width=np.dtype(dtype).itemsize * 8
                )
            )
            shapes = hnp.array_shapes(min_dims=0, max_dims=2, min_side=0, max_side=8)
            return hnp.arrays(dtype, shapes, elements=elements)

        return dtypes.flatmap(array)
    raise AttributeError(f"module 'lr_curves.testing' has no attribute {name!r}")


def _cosine() -> Any:
    import lr_curves as lrc

    st = _hypothesis()

    @st.composite  # type: ignore[untyped-decorator]
    def build(draw: Any) -> Schedule:
        periodic = draw(st.booleans())
        return lrc.cosine(
            draw(strategy("values")),
            draw(strategy("lengths")),
            floor=draw(strategy("small")),
            power=draw(st.sampled_from([1.0, 1.0, 2.0, 0.5])),
            k_decay=1.0 if periodic else draw(st.sampled_from([1.0, 1.0, 0.5, 2.0])),
            periodic=periodic,
        )

    return build()


def _piecewise() -> Any:
    import lr_curves as lrc

    st = _hypothesis()

    @st.composite  # type: ignore[untyped-decorator]
    def build(draw: Any) -> Schedule:
        n = draw(st.integers(1, 4))
        at = sorted(draw(st.lists(st.integers(1, 5_000), min_size=n, max_size=n, unique=True)))
        vals = draw(st.lists(strategy("values"), min_size=n + 1, max_size=n + 1))
        kind = draw(st.sampled_from(["constant", "linear", "cosine"]))
        if kind == "constant":
            return lrc.piecewise_constant(vals, at, boundary=draw(st.sampled_from(["new", "old"])))
        pts = [0, *at]
        return (lrc.piecewise_linear if kind == "linear" else lrc.piecewise_cosine)(vals, pts)

    return build()


def _finite(length: Any) -> Any:
    """Primitives that have a length (usable as non-final concat pieces and restart cycles)."""
    return _hypothesis().one_of(*_finite_strategies(length).values())


def _finite_strategies(length: Any) -> dict[str, Any]:
    """Per node: random instances with a finite length (drawn from ``length``)."""
    import lr_curves as lrc

    st = _hypothesis()
    values, small = strategy("values"), strategy("small")
    return {
        "linear": st.builds(lrc.linear, values, values, length),
        "cosine": st.builds(lrc.cosine, values, length, small, power=st.sampled_from([1.0, 1.0, 2.0, 0.5])),
        "polynomial": st.builds(lrc.polynomial, values, small, length, st.sampled_from([1.0, 2.0, 0.9])),
        "tanh": st.builds(lrc.tanh, values, length, small),
        "cooldown": st.builds(
            lrc.cooldown, values, small, length, st.sampled_from(["linear", "cosine", "1-sqrt", "1-square"])
        ),
        "rex": st.builds(lrc.rex, values, length),
        "piecewise": _piecewise(),
    }


def _leaf_strategies() -> dict[str, Any]:
    """One strategy per registered primitive node (by its public name), every parameter varied.

    Built from the registry: a primitive registered without a strategy here is an error, so a
    new node cannot slip past the property tests.
    """
    import lr_curves as lrc
    from lr_curves._base import NODES, is_leaf

    st = _hypothesis()
    values, small, lengths, int_lengths = (
        strategy("values"),
        strategy("small"),
        strategy("lengths"),
        strategy("int_lengths"),
    )
    finite = _finite_strategies(lengths)
    table = {
        "constant": st.builds(lrc.constant, values),
        "linear": finite["linear"],
        "cosine": _cosine(),
        "exponential": st.builds(
            lrc.exponential,
            values,
            strategy("factors"),
            int_lengths,
            staircase=st.booleans(),
            begin=st.integers(0, 100),
            end=st.one_of(st.none(), small),
        ),
        "polynomial": st.builds(
            lrc.polynomial, values, small, lengths, st.sampled_from([1.0, 2.0, 0.9]), cycle=st.booleans()
        ),
        "piecewise_constant": st.builds(
            lrc.multistep,
            values,
            strategy("factors"),
            st.lists(st.integers(1, 5_000), min_size=1, max_size=4).map(sorted),
        ),
        "piecewise_linear": finite["piecewise"],
        "piecewise_cosine": finite["piecewise"],
        "inverse_sqrt": st.builds(lrc.inverse_sqrt, values, int_lengths),
        "inverse_time": st.builds(
            lrc.inverse_time, values, st.floats(0.0, 2.0), int_lengths, staircase=st.booleans()
        ),
        "tanh": finite["tanh"],
        "triangle": st.builds(lrc.triangle, small, values, int_lengths, st.one_of(st.none(), int_lengths)),
        "cooldown": finite["cooldown"],
        "rex": finite["rex"],
        "function": st.builds(
            lambda fn, n: lrc.function(fn, length=n),
            st.sampled_from(list(FUNCTIONS.values())),
            st.one_of(st.none(), int_lengths),
        ),
    }
    missing = sorted(api for api, node in NODES.items() if is_leaf(node) and api not in table)
    if missing:
        raise LookupError(f"lr_curves.testing: no strategy for the registered node(s) {', '.join(missing)}.")
    return table


def strategy(name: str) -> Any:
    """The strategy called ``name`` (built once)."""
    out = _STRATEGIES.get(name)
    if out is None:
        out = _STRATEGIES[name] = _buildstrategy(name)
    return out


def compositions(max_leaves: int) -> Any:
    """Random compositions of the primitives (see :func:`lr_curves.testing.compositions`)."""
    st = _hypothesis()
    return st.recursive(strategy("primitives"), _extend, max_leaves=max_leaves)
