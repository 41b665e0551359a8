"""Every diagnosis-rule boundary, from both sides, in one table.

Each case is (id, function, input, expected). The functions are the public API of
``osteostats.rules`` or small wrappers around :func:`osteostats.rules.diagnose` for the rules
that need a whole person (T vs Z, fragility override, forearm fallback, peripheral BMD).
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from osteostats.rules import (bmd_reference, diagnose, dxa_category, genant_grade, qct_category, t_score,
                              z_category)
from osteostats.rules.sites import adjacent_outliers


def person(**cols):
    """Diagnose one person given as keyword columns; returns (category, rule, reason)."""
    out = diagnose(pd.DataFrame([cols]))
    row = out.iloc[0]
    return row["category"], row["rule"], row["reason"]


def category(**cols):
    return person(**cols)[0]


def lowest_site(**cols):
    return diagnose(pd.DataFrame([cols])).iloc[0]["lowest_t_site"]


def flagged(t_l1, t_l2, t_l3, t_l4):
    return adjacent_outliers(np.array([[t_l1, t_l2, t_l3, t_l4]]))[0].tolist()


POST = dict(sex="F", age=66, menopause="post")

CASES = [
    # --- DXA classes: -1.0 and -2.5 --------------------------------------------------------
    ("T -0.9 normal", dxa_category, -0.9, "normal"),
    ("T -1.0 normal (not osteopenia)", dxa_category, -1.0, "normal"),
    ("T -1.1 low bone mass", dxa_category, -1.1, "low_bone_mass"),
    ("T -1.0000000001 low bone mass", dxa_category, -1.0000000001, "low_bone_mass"),
    ("T -2.4 low bone mass", dxa_category, -2.4, "low_bone_mass"),
    ("T -2.4999999 low bone mass", dxa_category, -2.4999999, "low_bone_mass"),
    ("T -2.5 osteoporosis", dxa_category, -2.5, "osteoporosis"),
    ("T -2.6 osteoporosis", dxa_category, -2.6, "osteoporosis"),
    ("T missing indeterminate", dxa_category, np.nan, "indeterminate"),
    # T-score formula, worked example (0.7 - 1.0) / 0.1 = -3.0
    ("T formula worked example", lambda x: t_score(*x), (0.7, 1.0, 0.1), -3.0),
    ("T formula exactly -2.5", lambda x: dxa_category(t_score(*x)), (0.75, 1.0, 0.1), "osteoporosis"),
    ("T formula exactly -1.0", lambda x: dxa_category(t_score(*x)), (0.9, 1.0, 0.1), "normal"),
    # --- Z -2.0 ----------------------------------------------------------------------------
    ("Z -1.9 within", z_category, -1.9, "within_expected_range_for_age"),
    ("Z -2.0 below", z_category, -2.0, "below_expected_range_for_age"),
    ("Z -2.1 below", z_category, -2.1, "below_expected_range_for_age"),
    # --- QCT 80 and 120 --------------------------------------------------------------------
    ("vBMD 79.9 osteoporosis", qct_category, 79.9, "osteoporosis"),
    ("vBMD 80 low bone mass", qct_category, 80.0, "low_bone_mass"),
    ("vBMD 80.1 low bone mass", qct_category, 80.1, "low_bone_mass"),
    ("vBMD 119.9 low bone mass", qct_category, 119.9, "low_bone_mass"),
    ("vBMD 120 low bone mass", qct_category, 120.0, "low_bone_mass"),
    ("vBMD 120.1 normal", qct_category, 120.1, "normal"),
    ("QCT 1 valid vertebra indeterminate", lambda c: category(**c),
     dict(POST, qct_l1=60.0, qct_l2=None), "indeterminate"),
    ("QCT 2 vertebrae mean exactly 80", lambda c: category(**c),
     dict(POST, qct_l1=79.9, qct_l2=80.1), "low_bone_mass"),
    ("QCT 2 vertebrae mean 79.95", lambda c: category(**c),
     dict(POST, qct_l1=79.9, qct_l2=80.0), "osteoporosis"),
    # --- Genant 20 / 25 / 40 % ------------------------------------------------------------
    ("height loss 19.9 grade 0", genant_grade, 19.9, 0),
    ("height loss 20 grade 1", genant_grade, 20.0, 1),
    ("height loss 25 grade 1", genant_grade, 25.0, 1),
    ("height loss 25.1 grade 2", genant_grade, 25.1, 2),
    ("height loss 25.000000000000004 grade 2", genant_grade, 25.000000000000004, 2),
    ("height loss 40 grade 2", genant_grade, 40.0, 2),
    ("height loss 40.1 grade 3", genant_grade, 40.1, 3),
    ("height loss missing", genant_grade, None, None),
    # --- who gets T: men 49 / 50 -----------------------------------------------------------
    ("man 49 gets Z", lambda a: bmd_reference("M", a), 49, "Z"),
    ("man 50 gets T", lambda a: bmd_reference("M", a), 50, "T"),
    ("man 49.99 gets Z", lambda a: bmd_reference("M", a), 49.99, "Z"),
    ("man 50 T -2.5 osteoporosis", lambda c: category(**c),
     dict(sex="M", age=50, t_neck=-2.5), "osteoporosis"),
    ("man 49 T -3.0 not classified by T", lambda c: category(**c),
     dict(sex="M", age=49, t_neck=-3.0), "indeterminate"),
    ("man 49 Z -2.0 below", lambda c: category(**c),
     dict(sex="M", age=49, z_score=-2.0, t_neck=-3.0), "below_expected_range_for_age"),
    ("postmenopausal woman gets T", lambda m: bmd_reference("F", 45, m), "post", "T"),
    ("perimenopausal woman gets T", lambda m: bmd_reference("F", 45, m), "peri", "T"),
    ("premenopausal woman gets Z", lambda m: bmd_reference("F", 55, m), "pre", "Z"),
    ("woman, menopause unknown, indeterminate", lambda m: bmd_reference("F", 70, m), "unknown", "indeterminate"),
    # --- adjacent vertebrae: exactly 1.0 vs 1.01 -------------------------------------------
    ("L1 differs by exactly 1.0: not flagged", lambda v: flagged(*v), (-1.0, -2.0, -2.0, -2.0),
     [False, False, False, False]),
    ("L1 differs by 1.01: flagged", lambda v: flagged(*v), (-0.99, -2.0, -2.0, -2.0),
     [True, False, False, False]),
    ("exactly 1.0 with inexact floats (-1.3 vs -2.3)", lambda v: flagged(*v), (-1.3, -2.3, -2.3, -2.3),
     [False, False, False, False]),
    ("middle outlier flagged alone", lambda v: flagged(*v), (-2.0, -0.5, -2.0, -2.1),
     [False, True, False, False]),
    ("fewer than 2 evaluable vertebrae: spine not used", lambda c: lowest_site(**c),
     dict(POST, t_l1l4=-3.0, t_l1=-3.0, t_l2=None, t_l3=None, t_l4=None, t_neck=-1.5), "femoral neck"),
    ("2 evaluable vertebrae: spine used", lambda c: lowest_site(**c),
     dict(POST, t_l1l4=-3.0, t_l1=-3.0, t_l2=-3.1, t_l3=None, t_l4=None, t_neck=-1.5), "L1-L4"),
    # --- fragility-fracture override -------------------------------------------------------
    ("fragility fracture, normal T: osteoporosis", lambda c: person(**c)[:2],
     dict(POST, t_neck=-0.5, fragility_fracture="yes"), ("osteoporosis", "fragility_fracture")),
    ("fragility fracture, T -2.4: osteoporosis (not severe)", lambda c: person(**c)[:2],
     dict(POST, t_neck=-2.4, fragility_fracture="yes"), ("osteoporosis", "fragility_fracture")),
    ("fragility fracture, T -2.5: severe", lambda c: person(**c)[:2],
     dict(POST, t_neck=-2.5, fragility_fracture="yes"), ("severe_osteoporosis", "severe_osteoporosis")),
    ("fragility fracture, vBMD 79.9: severe", lambda c: category(**c),
     dict(POST, qct_vbmd=79.9, fragility_fracture="yes"), "severe_osteoporosis"),
    ("fragility fracture, vBMD 80: osteoporosis (not severe)", lambda c: category(**c),
     dict(POST, qct_vbmd=80.0, fragility_fracture="yes"), "osteoporosis"),
    ("no fragility fracture, T -2.5: osteoporosis", lambda c: category(**c),
     dict(POST, t_neck=-2.5, fragility_fracture="no"), "osteoporosis"),
    ("minor trauma + confirmed + not pathological: override", lambda c: category(**c),
     dict(POST, t_neck=-0.5, trauma="minor", fracture="yes", pathological="no"), "osteoporosis"),
    ("major trauma: no override", lambda c: category(**c),
     dict(POST, t_neck=-0.5, trauma="major", fracture="yes", pathological="no"), "normal"),
    ("pathological (tumour) fracture: no override", lambda c: category(**c),
     dict(POST, t_neck=-0.5, trauma="none", fracture="yes", pathological="yes"), "normal"),
    # --- forearm only when spine or hip unavailable ---------------------------------------
    ("radius ignored when spine and hip available", lambda c: person(**c)[0],
     dict(POST, t_l1l4=-1.5, t_neck=-1.2, t_radius33=-3.5), "low_bone_mass"),
    ("radius used when hip unavailable", lambda c: person(**c)[0],
     dict(POST, t_l1l4=-1.5, t_radius33=-3.5), "osteoporosis"),
    ("radius used when spine unavailable", lambda c: lowest_site(**c),
     dict(POST, t_neck=-1.5, t_hip=-1.2, t_radius33=-2.6), "33% radius"),
    ("radius alone", lambda c: category(**c), dict(POST, t_radius33=-2.6), "osteoporosis"),
    # --- peripheral BMD never diagnoses ----------------------------------------------------
    ("peripheral T -4.0 alone: indeterminate", lambda c: category(**c),
     dict(POST, t_peripheral=-4.0), "indeterminate"),
    ("peripheral T -4.0 does not lower a normal DXA", lambda c: category(**c),
     dict(POST, t_neck=-0.5, t_peripheral=-4.0), "normal"),
]


@pytest.mark.parametrize("func,value,expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_boundary(func, value, expected):
    got = func(value)
    assert got == expected


@pytest.mark.parametrize("rounding,value,expected", [
    ("as_given", -2.45, "low_bone_mass"),
    ("dxa_1dp", -2.45, "osteoporosis"),     # -2.45 -> -2.5 (float of -2.45 is a hair below -2.45)
    ("as_given", -2.55, "osteoporosis"),
    ("dxa_1dp", -2.55, "osteoporosis"),     # -> -2.6 (binary rounding of the float would give -2.5)
    ("as_given", -1.05, "low_bone_mass"),
    ("dxa_1dp", -1.05, "low_bone_mass"),    # -> -1.1; np.round(-1.05 * 10) / 10 gives -1.0 (normal)
    ("as_given", -0.95, "normal"),
    ("dxa_1dp", -0.95, "normal"),           # -> -1.0, still normal
    ("dxa_1dp", -0.94, "normal"),
    ("dxa_1dp", -1.04, "normal"),           # -> -1.0
    ("dxa_1dp", -2.449, "low_bone_mass"),   # -> -2.4
])
def test_rounding_mode_at_boundaries(rounding, value, expected):
    assert dxa_category(value, rounding=rounding) == expected


def test_boundary_table_is_complete():
    """Guard against silently dropping boundaries from the table above."""
    ids = " ".join(c[0] for c in CASES)
    for needle in ("-1.0", "-2.5", "Z -2.0", "vBMD 80 ", "vBMD 120 ", "height loss 20 ", "height loss 25 ",
                   "height loss 40 ", "man 49", "man 50", "exactly 1.0", "1.01", "fragility", "radius",
                   "peripheral", "worked example"):
        assert needle in ids + " ", needle
