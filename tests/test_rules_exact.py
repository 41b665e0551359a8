"""Exact decimal arithmetic and the shape contract of the rule functions."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd
import pytest

from osteostats.rules import dxa_category, genant_grade, qct_category, t_score, z_category
from osteostats.rules.exact import difference_exceeds, mean2, round_half_away, standard_score


@pytest.mark.parametrize("x,expected", [
    (-2.45, -2.5), (-2.55, -2.6), (-1.05, -1.1), (-0.95, -1.0), (-0.05, -0.1), (0.05, 0.1),
    (2.25, 2.3), (-2.449, -2.4), (-2.4500000000000006, -2.5), (0.0, 0.0), (-3.0, -3.0),
])
def test_round_half_away_matches_decimal(x, expected):
    assert round_half_away(np.array([x]))[0] == expected


def test_naive_float_rounding_would_be_wrong():
    """The cases the brief names really are traps for float rounding (so the test can fail)."""
    assert np.round(-2.45 * 10) / 10 == -2.4
    assert np.round(-1.05 * 10) / 10 == -1.0
    assert round(-2.45, 1) == -2.5 and round(-2.55, 1) == -2.5  # binary value of -2.55 is above


def test_round_half_away_random_against_decimal():
    rng = np.random.default_rng(4)
    u = rng.uniform(-10, 10, 6000)
    x = np.concatenate([np.round(u[:2000], 1), np.round(u[2000:4000], 2), np.round(u[4000:], 3)])
    x = np.concatenate([x, [25.000000000000004, 0.1 + 0.2, -1.0000000000000002]])
    expected = [float(Decimal(repr(float(v))).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)) for v in x]
    assert round_half_away(x).tolist() == expected


def test_round_half_away_keeps_nan():
    out = round_half_away(np.array([np.nan, -2.45]))
    assert np.isnan(out[0]) and out[1] == -2.5


def test_t_score_worked_example_is_exact():
    assert (0.7 - 1.0) / 0.1 != -3.0  # plain float arithmetic misses
    assert t_score(0.7, 1.0, 0.1) == -3.0
    assert standard_score(np.array([0.75, 0.9]), 1.0, 0.1).tolist() == [-2.5, -1.0]


def test_t_score_vectorised_and_inexact_fallback():
    s = pd.Series([0.7, 0.85, np.nan], index=["a", "b", "c"])
    out = t_score(s, 1.0, 0.1)
    assert list(out.index) == ["a", "b", "c"]
    assert out.iloc[:2].tolist() == [-3.0, -1.5] and np.isnan(out.iloc[2])
    # more than 6 decimals: Fraction fallback, still the correctly rounded quotient
    assert t_score(0.70000001, 1.0, 0.1) == float((Decimal("0.70000001") - 1) / Decimal("0.1"))


def test_difference_exceeds_exact():
    a = np.array([-1.3, -1.3, -0.99, 0.1 + 0.2, np.nan])
    b = np.array([-2.3, -2.31, -2.0, -0.7, -2.0])
    assert difference_exceeds(a, b, 1.0).tolist() == [False, True, True, True, False]
    assert abs(-1.3 - -2.3) != 1.0  # the float difference is not exactly 1.0


def test_mean2_exact():
    assert mean2(np.array([79.9, 119.9]), np.array([80.1, 120.1])).tolist() == [80.0, 120.0]


@pytest.mark.parametrize("func,value", [(dxa_category, -2.5), (z_category, -2.0), (qct_category, 79.0)])
def test_shapes(func, value):
    scalar = func(value)
    assert isinstance(scalar, str)
    s = func(pd.Series([value, None], index=[10, 20], name="x"))
    assert isinstance(s, pd.Series) and list(s.index) == [10, 20]
    assert s.iloc[0] == scalar and s.iloc[1] == "indeterminate"
    arr = func(np.array([value, np.nan]))
    assert isinstance(arr, np.ndarray) and arr.tolist() == [scalar, "indeterminate"]
    assert func([value]).tolist() == [scalar]


def test_dxa_series_of_str_supports_comparison():
    s = pd.Series([-2.7, -1.0, -1.5, np.nan])
    assert (dxa_category(s) == "osteoporosis").tolist() == [True, False, False, False]


def test_genant_shapes():
    assert genant_grade(41) == 3 and isinstance(genant_grade(41), int)
    assert genant_grade(np.nan) is None
    s = genant_grade(pd.Series([10.0, 22.0, None, 30.0, 45.0]))
    assert str(s.dtype) == "Int64"
    assert s.tolist() == [0, 1, pd.NA, 2, 3]
    assert (s == 3).fillna(False).tolist() == [False, False, False, False, True]


def test_string_numbers_accepted_in_series():
    assert dxa_category(pd.Series(["-2.5", " -0.4 ", "", "NA"])).tolist() == [
        "osteoporosis", "normal", "indeterminate", "indeterminate"]
