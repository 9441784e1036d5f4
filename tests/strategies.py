"""Hypothesis strategies for random schedules and steps, shared by the property tests."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

import lr_curves as lrc

values = st.floats(min_value=1e-6, max_value=10.0, allow_nan=False, allow_infinity=False)
small = st.floats(min_value=0.0, max_value=1e-3, allow_nan=False, allow_infinity=False)
int_lengths = st.integers(min_value=1, max_value=5_000)
lengths = st.one_of(int_lengths, st.floats(min_value=0.5, max_value=5_000.0))
factors = st.floats(min_value=0.5, max_value=0.9999)


@st.composite
def _cosine(draw: Any) -> lrc.Schedule:
    return lrc.cosine(
        draw(values),
        draw(lengths),
        floor=draw(small),
        power=draw(st.sampled_from([1.0, 1.0, 2.0, 0.5])),
        periodic=draw(st.booleans()),
    )


@st.composite
def _piecewise(draw: Any) -> lrc.Schedule:
    n = draw(st.integers(1, 4))
    at = sorted(draw(st.lists(st.integers(1, 5_000), min_size=n, max_size=n, unique=True)))
    vals = draw(st.lists(values, min_size=n + 1, max_size=n + 1))
    kind = draw(st.sampled_from(["constant", "linear", "cosine"]))
    if kind == "constant":
        return lrc.piecewise_constant(vals, at, boundary=draw(st.sampled_from(["new", "old"])))
    pts = [0, *at]
    return (lrc.piecewise_linear if kind == "linear" else lrc.piecewise_cosine)(vals, pts)


def _finite(length: Any) -> Any:
    """Primitives that have a length (usable as non-final concat pieces and restart cycles)."""
    return st.one_of(
        st.builds(lrc.linear, values, values, length),
        st.builds(lrc.cosine, values, length, small, power=st.sampled_from([1.0, 1.0, 2.0, 0.5])),
        st.builds(lrc.polynomial, values, small, length, st.sampled_from([1.0, 2.0, 0.9])),
        st.builds(lrc.tanh, values, length, small),
        st.builds(
            lrc.cooldown, values, small, length, st.sampled_from(["linear", "cosine", "1-sqrt", "1-square"])
        ),
        _piecewise(),
    )


finite_primitives = _finite(lengths)
#: Finite primitives whose length is an int (local times stay exact).
int_finite_primitives = _finite(int_lengths).filter(lambda s: isinstance(s.length, int))

primitives = st.one_of(
    finite_primitives,
    st.builds(lrc.constant, values),
    _cosine(),
    st.builds(
        lrc.exponential,
        values,
        factors,
        int_lengths,
        staircase=st.booleans(),
        begin=st.integers(0, 100),
    ),
    st.builds(lrc.polynomial, values, small, lengths, st.sampled_from([1.0, 2.0, 0.9]), cycle=st.booleans()),
    st.builds(lrc.inverse_sqrt, values, int_lengths),
    st.builds(lrc.inverse_time, values, st.floats(0.0, 2.0), int_lengths, staircase=st.booleans()),
    st.builds(lrc.triangle, small, values, int_lengths, st.one_of(st.none(), int_lengths)),
)


def _extend(children: Any) -> Any:
    finite = children.filter(lambda s: s.length is not None and s.length > 0)
    return st.one_of(
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
        st.builds(lrc.concat, finite, children),
        st.builds(lrc.concat, finite, finite, children),
        st.builds(
            lambda s, g, d, lim: lrc.restart(s, growth=g, decay=d, limit=lim),
            finite,
            st.sampled_from([1.0, 1.0, 2.0, 3.0, 1.5]),
            st.sampled_from([1.0, 0.5, 0.9]),
            st.one_of(st.none(), st.integers(1, 5)),
        ),
        st.builds(lrc.scale, children, st.one_of(values, children)),
        st.builds(lambda a, b: a + b, children, children),
        st.builds(lambda s, lo: lrc.clip(s, low=lo, high=lo + 1.0), children, small),
        st.builds(lrc.shift, children, st.integers(-100, 100)),
        st.builds(lrc.stretch, children, st.sampled_from([1, 2, 10, 0.5, 3]), staircase=st.booleans()),
    )


#: Random compositions of bounded depth.
schedules = st.recursive(primitives, _extend, max_leaves=6)

int_steps = st.one_of(st.integers(0, 20_000), st.integers(0, 10**7), st.integers(0, 2**40))
float_steps = st.floats(min_value=0.0, max_value=1e7, allow_nan=False, allow_infinity=False)
steps = st.one_of(int_steps, float_steps)
