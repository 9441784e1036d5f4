"""REX (Chen et al. 2022): golden values from the formula, accuracy against mpmath, both paths."""

from __future__ import annotations

import mpmath
import numpy as np
import pytest

import lr_curves as lrc


def test_golden_values() -> None:
    s = lrc.rex(2.0, 100)
    # peak * z / (1/2 + z/2), z = 1 - t/100
    assert s(0) == 2.0
    assert s(50) == pytest.approx(2.0 * 0.5 / 0.75, rel=1e-15)
    assert s(75) == pytest.approx(2.0 * 0.25 / 0.625, rel=1e-15)
    assert s(100) == 0.0 and s(10**12) == 0.0 and s(100.5) == 0.0
    assert s.length == 100
    assert repr(s) == "rex(2.0, 100)"
    assert lrc.parse(repr(s)) == s and lrc.from_dict(s.to_dict()) == s
    assert "REX decay from 2 to 0 over 100 steps" in lrc.describe(s)


def test_paths_agree_and_match_mpmath() -> None:
    s = lrc.rex(1.0, 10_000)
    t = np.arange(0, 10_001)
    vec = s(t)
    assert vec.tolist() == [s(int(k)) for k in t.tolist()]
    mpmath.mp.dps = 40
    for k in (0, 1, 5_000, 9_990, 9_999):
        z = 1 - mpmath.mpf(k) / 10_000
        want = float(z / (mpmath.mpf(1) / 2 + z / 2))
        assert vec[k] == pytest.approx(want, rel=4e-16, abs=0.0)


def test_bad_arguments_are_clear_errors() -> None:
    with pytest.raises(ValueError, match=r"rex\(\): steps must be a positive number, got 0\."):
        lrc.rex(1.0, 0)
    with pytest.raises(TypeError, match=r"rex\(\): peak must be a real number, got '1' \(str\)\."):
        lrc.rex("1", 10)  # type: ignore[arg-type]
