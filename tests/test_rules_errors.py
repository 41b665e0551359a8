"""Bad input: clear errors naming value and field, all problems at once, never a guess."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from osteostats.errors import InputError
from osteostats.rules import bmd_reference, diagnose, dxa_category, genant_grade, qct_category, t_score


@pytest.mark.parametrize("func,value,field", [
    (dxa_category, -10.1, "t_score"),
    (dxa_category, 10.5, "t_score"),
    (dxa_category, float("inf"), "t_score"),
    (dxa_category, "abc", "t_score"),
    (dxa_category, True, "t_score"),
    (qct_category, -0.1, "qct_vbmd"),
    (qct_category, 400.5, "qct_vbmd"),
    (genant_grade, -1, "height_loss_pct"),
    (genant_grade, 100.1, "height_loss_pct"),
])
def test_out_of_range_scalar(func, value, field):
    with pytest.raises(InputError) as exc:
        func(value)
    msg = str(exc.value)
    assert field in msg and repr(value) in msg


@pytest.mark.parametrize("func,value", [(dxa_category, -10.0), (dxa_category, 10.0), (qct_category, 0.0),
                                        (qct_category, 400.0), (genant_grade, 0.0), (genant_grade, 100.0)])
def test_range_limits_are_valid(func, value):
    func(value)  # no error at the limits themselves


def test_series_lists_every_bad_row():
    s = pd.Series([-2.0, -11.0, "x", 12.0, None], index=[1, 2, 3, 4, 5])
    with pytest.raises(InputError) as exc:
        dxa_category(s)
    rows = sorted(p.row for p in exc.value.problems)
    assert rows == [2, 3, 4]
    assert "row 2" in str(exc.value) and "-11.0" in str(exc.value)


def test_unknown_sex_code():
    with pytest.raises(InputError, match="sex.*'X'"):
        bmd_reference("X", 60)


def test_hounsfield_units_refused():
    with pytest.raises(InputError, match="HU"):
        qct_category(150.0, unit="HU")
    assert qct_category(150.0, unit="mg/cm3") == "normal"


def test_bad_rounding_mode():
    with pytest.raises(InputError, match="rounding"):
        dxa_category(-2.0, rounding="nearest")


def test_t_score_bad_sd():
    with pytest.raises(InputError, match="young_adult_sd"):
        t_score(0.7, 1.0, 0.0)


def test_diagnose_lists_all_problems_with_rows_and_columns():
    df = pd.DataFrame({
        "sex": ["F", "Q", "M", "M"],
        "age": [60, 70, 200, 55],
        "t_neck": [-2.0, -11.0, -1.0, "abc"],
        "qct_vbmd": [90, 500, 90, 90],
        "height_loss_pct": [10, 20, 101, 30],
        "trauma": ["none", "minor", "fall", "major"],
    }, index=[2, 3, 4, 5])
    with pytest.raises(InputError) as exc:
        diagnose(df, source="cases.csv")
    got = {(p.row, p.column) for p in exc.value.problems}
    assert got == {(3, "sex"), (3, "t_neck"), (3, "qct_vbmd"), (4, "age"), (4, "height_loss_pct"),
                   (4, "trauma"), (5, "t_neck")}
    assert str(exc.value).startswith("7 problem(s)")
    assert "cases.csv, row 3, column 'sex': got 'Q'" in str(exc.value)


def test_diagnose_missing_values_are_indeterminate_not_guessed():
    df = pd.DataFrame({"sex": ["F", None, "M"], "age": [70, 70, None], "menopause": ["post", "post", None],
                       "t_neck": [np.nan, -3.0, -3.0]})
    out = diagnose(df)
    assert out["category"].tolist() == ["indeterminate"] * 3
    assert out["rule"].tolist() == ["no_bmd", "reference_indeterminate", "reference_indeterminate"]
    assert "no evaluable BMD" in out.loc[0, "reason"]
    assert "sex not given" in out.loc[1, "reason"]
    assert "unknown age" in out.loc[2, "reason"]


def test_diagnose_refuses_existing_output_column():
    with pytest.raises(InputError, match="category"):
        diagnose(pd.DataFrame({"category": ["x"], "t_neck": [-1.0]}))


def test_pathological_groups_need_group_column():
    with pytest.raises(InputError, match="group"):
        diagnose(pd.DataFrame({"t_neck": [-1.0]}), pathological_groups=["MET"])
