"""Check 1: rounding intervals, against hand-worked cases and scipy.

Every expected number here is worked by hand (in the comment) or computed with scipy, never
with osteostats' own code.
"""
import itertools
import math
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest
from scipy import stats

from osteostats.check.intervals import (
    abs_interval, overlaps, p_matches, p_range, printed_interval, printed_significance,
    range_significance, t_range,
)
from osteostats.printed import round_decimal
from osteostats.printed import parse_printed as pp


@pytest.mark.parametrize("text,lower,expected", [
    ("8.457", -math.inf, (8.4565, 8.4575)),       # ± 0.0005
    ("12.00", -math.inf, (11.995, 12.005)),       # trailing zeros keep two decimals
    ("100", -math.inf, (99.5, 100.5)),            # a whole number: ± 0.5
    ("-3.446", -math.inf, (-3.4465, -3.4455)),    # negative statistic
    ("−1.571", -math.inf, (-1.5715, -1.5705)),    # Unicode minus
    ("0.0", 0.0, (0.0, 0.05)),                    # clipped at 0 (an SD or a P)
    ("<0.001", 0.0, (0.0, 0.001)),
    ("<0.01", 0.0, (0.0, 0.01)),
    (">0.05", -math.inf, (0.05, math.inf)),
])
def test_printed_interval_hand_worked(text, lower, expected):
    lo, hi = printed_interval(pp(text), lower=lower)
    assert lo == pytest.approx(expected[0], abs=1e-12)
    assert hi == pytest.approx(expected[1], abs=1e-12) if math.isfinite(expected[1]) else hi == expected[1]


@pytest.mark.parametrize("iv,expected", [
    ((-3.4465, -3.4455), (3.4455, 3.4465)),
    ((-0.2, 0.5), (0.0, 0.5)),
    ((-0.7, 0.5), (0.0, 0.7)),
    ((1.0, 2.0), (1.0, 2.0)),
])
def test_abs_interval(iv, expected):
    assert abs_interval(iv) == pytest.approx(expected)


def test_overlaps_closed_ends():
    assert overlaps((0.0, 1.0), (1.0, 2.0))
    assert not overlaps((0.0, 0.999), (1.0, 2.0))


@pytest.mark.parametrize("printed,p_iv,expected", [
    ("<0.001", (0.0009, 0.0009), True),
    ("<0.001", (0.001, 0.001), False),      # "< x" is wrong if even the smallest p is >= x
    ("<0.001", (0.0009, 0.002), True),      # some p in the range is below
    ("<0.01", (0.0001, 0.0001), True),      # true but could have said <0.001: not an error
    ("<0.01", (0.0100, 0.0110), False),
    ("0.468", (0.4685, 0.47), True),        # touches the interval [0.4675, 0.4685]
    ("0.468", (0.4686, 0.47), False),
    ("0.05", (0.0440, 0.0449), False),      # 0.05 stands for [0.045, 0.055]
    ("0.05", (0.045, 0.046), True),
    (">0.05", (0.2, 0.3), True),
    (">0.05", (0.01, 0.05), False),
    ("1.000", (0.9996, 1.0), True),
])
def test_p_matches_hand_worked(printed, p_iv, expected):
    assert p_matches(pp(printed), p_iv) is expected


@pytest.mark.parametrize("printed,expected", [
    ("0.038", True), ("0.071", False), ("0.050", None), ("0.049", True), ("<0.001", True),
    ("<0.05", True), ("<0.1", None), (">0.05", False), ("0.21", False),
])
def test_printed_significance(printed, expected):
    assert printed_significance(pp(printed), 0.05) is expected


def test_range_significance():
    assert range_significance((0.01, 0.04), 0.05) is True
    assert range_significance((0.05, 0.2), 0.05) is False
    assert range_significance((0.04, 0.06), 0.05) is None


def _scipy_grid_t(m1, s1, n1, m2, s2, n2, equal_var, k=7):
    """Dense grid over the rounding box, each point computed by scipy."""
    def grid(text, lower=-np.inf):
        v, d = float(text), len(text.split(".")[1]) if "." in text else 0
        h = 0.5 * 10.0 ** -d
        return np.linspace(max(v - h, lower), v + h, k)
    ts = []
    for a, b, c, d in itertools.product(grid(m1), grid(s1, 0), grid(m2), grid(s2, 0)):
        ts.append(stats.ttest_ind_from_stats(a, b, n1, c, d, n2, equal_var=equal_var).statistic)
    return min(ts), max(ts)


@pytest.mark.parametrize("equal_var", [True, False])
@pytest.mark.parametrize("case", [
    ("69.58", "8.457", 50, "62.13", "10.773", 31),   # the paper's age
    ("23.38", "3.31", 50, "22.87", "2.67", 31),      # the paper's BMI
    ("26.1", "3.2", 40, "27.9", "3.9", 36),          # negative t
    ("5.0", "1.0", 10, "5.0", "1.2", 12),            # t straddles 0
])
def test_t_range_matches_scipy_grid(case, equal_var):
    m1, s1, n1, m2, s2, n2 = case
    (lo, hi), _ = t_range(pp(m1), pp(s1), n1, pp(m2), pp(s2), n2, equal_var=equal_var)
    glo, ghi = _scipy_grid_t(m1, s1, n1, m2, s2, n2, equal_var)
    # the grid contains the corners, so it attains the exact extremes
    assert lo == pytest.approx(glo, rel=1e-12, abs=1e-12)
    assert hi == pytest.approx(ghi, rel=1e-12, abs=1e-12)
    point = stats.ttest_ind_from_stats(float(m1), float(s1), n1, float(m2), float(s2), n2, equal_var=equal_var).statistic
    assert lo <= point <= hi


def test_paper_age_t_excludes_printed_and_bmi_includes_it():
    (lo, hi), df = t_range(pp("69.58"), pp("8.457"), 50, pp("62.13"), pp("10.773"), 31)
    assert df == (79.0, 79.0)
    assert not (lo <= 3.446 <= hi)            # printed 3.446 is outside
    assert lo <= 3.466 <= hi                  # scipy's Student t, rounded
    (lo, hi), _ = t_range(pp("23.38"), pp("3.31"), 50, pp("22.87"), pp("2.67"), 31)
    assert lo <= 0.729 <= hi and lo <= 0.7237 <= hi


def test_p_range_chi2_and_t_against_scipy():
    lo, hi = p_range((3.2545, 3.2555), (1.0, 1.0), "chi2")
    assert lo == pytest.approx(stats.chi2.sf(3.2555, 1), rel=1e-12)
    assert hi == pytest.approx(stats.chi2.sf(3.2545, 1), rel=1e-12)
    lo, hi = p_range((-2.2085, -2.2075), (74.0, 74.0), "t")   # negative t: p uses |t|
    assert lo == pytest.approx(2 * stats.t.sf(2.2085, 74), rel=1e-12)
    assert hi == pytest.approx(2 * stats.t.sf(2.2075, 74), rel=1e-12)
    lo, hi = p_range((-0.1, 0.2), (10.0, 10.0), "t")          # straddles 0: p reaches 1
    assert hi == pytest.approx(1.0)


@pytest.mark.parametrize("x,d,mode,expected", [
    (Fraction(2200, 31), 2, "half_up", "70.97"),    # 22/31 = 70.9677...
    (Fraction(2200, 31), 2, "truncate", "70.96"),
    (Fraction(29, 1), 2, "truncate", "29.00"),      # 0.29*100 is 28.999... in floating point
    (Fraction(25, 2), 0, "half_up", "13"),          # tie
    (Fraction(25, 2), 0, "half_even", "12"),
    (Fraction(-5, 4), 1, "half_up", "-1.3"),        # half away from zero
    (Fraction(-1, 400), 2, "half_up", "0.00"),      # no "-0.00"
    (Fraction(9500, 98), 2, "truncate", "96.93"),   # 95/98
])
def test_round_decimal_hand_worked(x, d, mode, expected):
    assert str(round_decimal(x, d, mode)) == expected
    assert round_decimal(x, d, mode) == Decimal(expected)
