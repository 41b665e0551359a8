"""Text columns are read once per distinct value: the result must be what the row-by-row
reading gives (values, missing entries, and every problem with its row and value, in order).

Reference: the row-by-row path of the same functions, taken for a plain list of the same
values (lists never take the per-distinct path).
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from osteostats.rules.population import MENOPAUSE_CODES, SEX_CODES
from osteostats.rules.validation import as_vector, bool_input, code_input

cells = st.sampled_from(["", " ", "NA", "n/a", ".", "none", "null", "nan", "-2.5", " -2.5 ", "1e1", "1_0",
                         "inf", "-0", "abc", "True", "yes", "N", "0", "1", "f", "F", "m", " M ", "post",
                         "PRE", "unknown", "2,5"])
# a text column read from a file can also hold missing entries
cells_or_missing = st.one_of(cells, st.sampled_from([None, float("nan")]))


def _problems(problems):
    return [(p.row, p.column, p.value, p.expected) for p in problems]


@settings(max_examples=200, deadline=None)
@given(st.lists(cells_or_missing, min_size=1, max_size=40), st.sampled_from(["str", "object", "ndarray"]))
def test_text_cells_read_per_distinct_value_as_row_by_row(values, container):
    if container == "str":
        x = pd.Series(values, dtype="str")
    elif container == "object":
        x = pd.Series(values, dtype=object)
    else:
        x = np.array(values, dtype=object)
    p_fast, p_ref = [], []
    fast = as_vector(x, "t", p_fast, source="f.csv").values
    ref = as_vector(list(values), "t", p_ref, source="f.csv").values
    np.testing.assert_array_equal(fast, ref)
    assert _problems(p_fast) == _problems(p_ref)
    for allowed, case in ((SEX_CODES, "upper"), (MENOPAUSE_CODES, "lower")):
        p_fast, p_ref = [], []
        fast, _ = code_input(x, "c", allowed, p_fast, source="f.csv", case=case)
        ref, _ = code_input(list(values), "c", allowed, p_ref, source="f.csv", case=case)
        assert fast.tolist() == ref.tolist() and _problems(p_fast) == _problems(p_ref)
    p_fast, p_ref = [], []
    fast, _ = bool_input(x, "b", p_fast, source="f.csv")
    ref, _ = bool_input(list(values), "b", p_ref, source="f.csv")
    np.testing.assert_array_equal(fast, ref)
    assert _problems(p_fast) == _problems(p_ref)


def test_missing_entries_of_a_text_column_stay_missing():
    x = pd.Series(["-2.5", None, "x", "-2.5"], dtype="str")
    problems = []
    v = as_vector(x, "t", problems, source="f.csv").values
    assert np.isnan(v[1]) and v[0] == v[3] == -2.5
    assert [(p.row, p.value) for p in problems] == [(2, "x")]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.floats(width=64), st.sampled_from([0.0, -0.0, 70.0, -2.5, 1e16])), max_size=40),
       st.booleans())
def test_numbers_formatted_once_per_distinct_value_as_row_by_row(values, integral):
    from osteostats.rules.population import format_values

    v = np.array(values, dtype=float)
    ref = pd.Series(v).astype(object).map(repr)  # the row-by-row formatting
    if integral:
        ref = ref.str.replace(r"\.0$", "", regex=True)
    ref = ref.where(~np.isnan(v), "NA")
    assert format_values(v, integral=integral).tolist() == ref.tolist()
