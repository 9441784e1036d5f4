"""Two numerical tools for :mod:`lr_curves._budget`, each with its error bound.

- :func:`power_sum`: ``sum(((q + k) / c) ** p for k in range(n))`` for any real ``p`` (the
  polynomial, inverse square root and inverse time decays are such sums): the first
  :data:`POWER_DIRECT` terms one by one, the rest by the Euler-Maclaurin formula with the exact
  derivatives of ``x ** p`` (a Hurwitz-zeta difference). For ``x ** p`` every derivative has a
  constant sign on the range, so the remainder is below the first omitted term, which the code
  checks against a relative ``1e-17`` (it gives up, returning ``None``, where it is not).
- :func:`smooth_sum`: ``sum(f(k) for k in range(m, M + 1))`` for a vectorised ``f`` that is
  smooth (analytic) on the real interval ``[m - gap, M + gap]``: Gregory's formula, i.e. the
  integral plus end corrections made of finite differences of the integer values (no
  derivatives needed), the integral by Gauss-Legendre quadrature on panels that grow
  geometrically away from both ends (widths ``gap/2, gap, 2 gap, ...``, each within its own width
  of the nearest possible singularity). Its error estimate is a-posteriori: the difference
  between the 20- and 30-point rules on every panel, plus the last Gregory term used, plus the
  rounding of the values, plus the integral of ``|f - p|`` where ``p`` interpolates the integer
  values (cubic): a function that is not the smooth continuation of its integer values (a
  staircase) fails there. The caller compares it with the sum's magnitude.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from fractions import Fraction
from functools import cache
from typing import Any

import numpy as np
import numpy.typing as npt

#: The first terms of a power sum summed one by one (the Euler-Maclaurin terms then shrink by
#: about ``(p / (2 pi x))**2`` each).
POWER_DIRECT = 2048

# Bernoulli numbers B_2, B_4, ..., B_16 divided by (2j)!: the Euler-Maclaurin coefficients.
_BERNOULLI = (
    Fraction(1, 6),
    Fraction(-1, 30),
    Fraction(1, 42),
    Fraction(-1, 30),
    Fraction(5, 66),
    Fraction(-691, 2730),
    Fraction(7, 6),
    Fraction(-3617, 510),
)
_EM = tuple(float(b / math.factorial(2 * j + 2)) for j, b in enumerate(_BERNOULLI))

# Gregory's coefficients: sum(f(0..n)) = integral + (f0 + fn)/2 + sum_j G_j (D_j f_n + (-1)**j d_j f_0)
# with D_j the j-th backward difference at the end and d_j the j-th forward one at the start.
_GREGORY = tuple(
    float(g)
    for g in (
        Fraction(1, 12),
        Fraction(1, 24),
        Fraction(19, 720),
        Fraction(3, 160),
        Fraction(863, 60480),
        Fraction(275, 24192),
        Fraction(33953, 3628800),
        Fraction(8183, 1036800),
    )
)

_EPS = 2.0**-52

#: The most quadrature panels one smooth sum may use (30 + 20 evaluations each).
MAX_PANELS = 4096


def _rising(p: float, r: int) -> float:
    """``p (p - 1) ... (p - r + 1)``: the ``r``-th derivative's factor of ``x ** p``."""
    out = 1.0
    for i in range(r):
        out *= p - i
    return out


def _over(f: float, x: float, r: int) -> float:
    """``f / x**r`` without an ``OverflowError`` (``x`` up to 1e308: it underflows to 0)."""
    return f * math.exp(-r * math.log(x))


def power_sum(p: float, q: float, n: int, c: float = 1.0) -> float | None:
    """``sum(((q + k) / c) ** p for k in range(n))`` for ``q > 0`` (or ``q = 0`` and ``p > 0``),
    ``c > 0``, any real ``p``.

    Relative error a few ulp (the direct part is ``math.fsum``-exact; the Euler-Maclaurin part
    has its remainder below ``1e-17`` of the sum, checked). ``None`` where that check fails
    (huge ``|p|`` against the range), so the caller sums another way.
    """
    if n <= 0:
        return 0.0
    if not (0 <= q < math.inf and 0 < c < math.inf) or (q == 0 and p <= 0):
        return None  # (an inverse time with a subnormal rate: c = every / rate overflows)
    head = min(n, max(POWER_DIRECT, int(4 * abs(p))))
    k = np.arange(head, dtype=np.float64)
    out = math.fsum(np.power((q + k) / c, p).tolist())
    if head == n:
        return out if math.isfinite(out) else None
    A, B = q + head, q + (n - 1)  # sum over x = A, A + 1, ..., B
    fa, fb = (A / c) ** p, (B / c) ** p
    rest = [0.5 * (fa + fb)]
    lr = math.log1p((n - 1 - head) / A)  # log(B / A) with B - A exact (q + k loses k for q > 2**53)
    if p == -1.0:
        rest.append(fa * A * lr)
    else:
        rest.append(fa * A * math.expm1((p + 1.0) * lr) / (p + 1.0))
    scale = abs(math.fsum([out, *rest]))
    for j, coef in enumerate(_EM):
        r = 2 * j + 1  # B_{2j+2} / (2j+2)! * (f^(r)(B) - f^(r)(A))
        dr = _rising(p, r)
        term = coef * dr * (_over(fb, B, r) - _over(fa, A, r))
        rest.append(term)
        if j + 1 == len(_EM):
            break
        nxt = _EM[j + 1] * _rising(p, r + 2) * (_over(fb, B, r + 2) + _over(fa, A, r + 2))
        if abs(nxt) <= 1e-17 * scale:
            total = math.fsum([out, *rest])
            return total if math.isfinite(total) else None
    return None


@cache
def _legendre(n: int) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    x, w = np.polynomial.legendre.leggauss(n)
    return x, w


def _panels(m: float, M: float, gap: float) -> list[float]:
    """Panel edges on ``[m, M]``: widths ``gap/2, gap, 2 gap, ...`` from both ends to the middle."""
    mid = 0.5 * (m + M)
    left, w = [m], 0.5 * gap
    while left[-1] + w < mid:
        left.append(left[-1] + w)
        w *= 2.0
    right = [M - (e - m) for e in reversed(left)]
    return [*left, mid, *right] if mid > left[-1] else [m, M]


def _quadrature(
    f: Callable[[Any], Any], panels: list[tuple[float, float]]
) -> tuple[
    npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.float64]
]:
    """Per panel: the 20- and 30-point Gauss-Legendre integrals of ``f``, the 30-point one of
    ``|f|``, and that of ``|f - p|`` with ``p`` the cubic interpolation of the integer values."""
    a = np.asarray([p[0] for p in panels])
    b = np.asarray([p[1] for p in panels])
    half, centre = 0.5 * (b - a), 0.5 * (a + b)
    out = []
    for n in (20, 30):
        x, w = _legendre(n)
        pts = centre[:, None] + half[:, None] * x[None, :]
        vals = np.asarray(f(pts.ravel()), dtype=np.float64).reshape(pts.shape)
        out.append((half * (vals @ w), half * (np.abs(vals) @ w)))
    # The sum is of the integer values: check that between integers f is their smooth
    # interpolation (the cubic through the four integers around each node), which a function
    # defined on integers only (a staircase) is not. Its mismatch is part of the error.
    flat = pts.ravel()
    k = np.floor(flat)
    u = flat - k
    near = np.asarray(f((k[:, None] + np.arange(-1.0, 3.0)[None, :]).ravel()), dtype=np.float64).reshape(
        -1, 4
    )
    cubic = (
        -u * (u - 1) * (u - 2) / 6 * near[:, 0]
        + (u + 1) * (u - 1) * (u - 2) / 2 * near[:, 1]
        - (u + 1) * u * (u - 2) / 2 * near[:, 2]
        + (u + 1) * u * (u - 1) / 6 * near[:, 3]
    )
    miss = half * (np.abs(vals.ravel() - cubic).reshape(vals.shape) @ w)
    return out[0][0], out[1][0], out[1][1], miss


def smooth_sum(
    f: Callable[[Any], Any], m: int, M: int, gap: float, tol: float = 1e-13
) -> tuple[list[float], float, float]:
    """``sum(f(k) for k in m .. M)`` for ``f`` smooth on ``[m - gap, M + gap]`` (``M - m >= 16``).

    Panels are halved where the 20- and 30-point rules disagree by more than their share of
    ``tol`` (relative), up to :data:`MAX_PANELS`. Returns ``(terms, error, mass)``: float terms
    of the sum, an estimate of its absolute error and of ``sum(|f(k)|)`` (the scale to compare
    the error with).
    """
    order = len(_GREGORY)
    ends = np.concatenate([np.arange(m, m + order + 1), np.arange(M - order, M + 1)]).astype(np.float64)
    fe = np.asarray(f(ends), dtype=np.float64)
    f0, fn = fe[: order + 1], fe[order + 1 :]
    terms = [0.5 * float(f0[0]), 0.5 * float(fn[-1])]
    greg_err = 0.0
    for j, g in enumerate(_GREGORY, start=1):
        fwd = float(np.diff(f0, j)[0])
        back = float(np.diff(fn, j)[-1])
        term = g * (back + (-1) ** j * fwd)
        terms.append(term)
        greg_err = abs(term)  # the last one added: the size of the remainder
    edges = _panels(float(m), float(M), gap)
    panels = list(itertools.pairwise(edges))
    i20, i30, a30, miss = _quadrature(f, panels)
    # refine adaptively: halve the panels whose two rules disagree most, while it is worth it
    for _ in range(16):
        est = np.abs(i30 - i20)
        total = float(a30.sum())
        if float(est.sum()) <= 0.01 * tol * total or len(panels) > MAX_PANELS:
            break
        bad = est > 0.01 * tol * total / len(panels)
        keep = [p for p, b in zip(panels, bad, strict=True) if not b]
        split = [(lo, 0.5 * (lo + hi)) for (lo, hi), b in zip(panels, bad, strict=True) if b]
        split += [(0.5 * (lo + hi), hi) for (lo, hi), b in zip(panels, bad, strict=True) if b]
        n20, n30, na, nm = _quadrature(f, split)
        panels = keep + split
        i20 = np.concatenate([i20[~bad], n20])
        i30 = np.concatenate([i30[~bad], n30])
        a30 = np.concatenate([a30[~bad], na])
        miss = np.concatenate([miss[~bad], nm])
    integral = math.fsum(i30.tolist())
    terms.append(integral)
    mass = math.fsum(a30.tolist()) + abs(terms[0]) + abs(terms[1])
    noise = 64 * _EPS * (mass + float(np.abs(fe).sum()))
    quad = math.fsum(np.abs(i30 - i20).tolist())
    err = quad + greg_err + noise + math.fsum(miss.tolist())
    if not (math.isfinite(integral) and math.isfinite(err)):
        err = math.inf
    return terms, err, mass
