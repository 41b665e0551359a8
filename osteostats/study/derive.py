"""Compute analysis variables from typed case tables, as the study spec declares them.

One function for every stage (Tables 1-3, models, reconstruction checks): a variable is a
column as it stands, 1 where a categorical column equals a level, or 1 where a diagnosis rule
of :mod:`osteostats.rules` gives a value (missing where the rule cannot decide).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import InputError
from ..rules import dxa_category, genant_grade
from .spec import StudySpec, Variable

#: Rules a spec may name under ``derive:`` (keep in step with the study schema's enum).
RULES = {"dxa_category": dxa_category, "genant_grade": genant_grade}
#: What each rule returns when it cannot decide.
UNDECIDED = {"dxa_category": "indeterminate", "genant_grade": None}


def variable_values(frame: pd.DataFrame, var: Variable) -> pd.Series:
    """The values of ``var`` for every row of ``frame`` (float; NaN where missing).

    Examples
    --------
    >>> import pandas as pd
    >>> from osteostats.study import load_study
    >>> spec = load_study()
    >>> p = pd.DataFrame({"t_score_min": [-2.5, -2.4, None]})
    >>> variable_values(p, spec.variables["osteoporosis"]).tolist()
    [1.0, 0.0, nan]
    """
    if var.derive is not None:
        rule = var.derive["rule"]
        x = frame[var.derive["column"]].astype(float)
        out = _rule_values(RULES[rule], x)
        undecided = out.isna() if UNDECIDED[rule] is None else (out == UNDECIDED[rule]) | out.isna()
        hit = out.astype(object) == _coerce(var.derive["equals"], out)
        return hit.astype(float).where(~undecided)
    s = frame[var.column]
    if var.equals is not None:
        return (s == str(var.equals)).astype(float).where(s.notna())
    return pd.to_numeric(s, errors="coerce").astype(float)


def _rule_values(rule, x: pd.Series) -> pd.Series:
    """``rule(x)``, computed once per distinct value of ``x`` and spread back to its rows.

    A registry column has far fewer distinct values (T-scores to 0.1 SD, height losses to
    0.1 %) than rows, and a rule's result depends on the value alone. Where the rule rejects a
    value, it is rerun on the whole column so its message names the rows.
    """
    values = x.to_numpy(dtype=float)
    if len(values) < 1000:
        return pd.Series(rule(x), index=x.index)
    inverse, uniq = pd.factorize(values, use_na_sentinel=False)
    try:
        res = pd.Series(rule(pd.Series(uniq)))
    except InputError:
        return pd.Series(rule(x), index=x.index)
    return pd.Series(res.array.take(inverse), index=x.index)


def _coerce(value, out: pd.Series):
    if out.dtype.kind in "iuf" or str(out.dtype) == "Int64":
        return int(value) if float(value).is_integer() else float(value)
    return value


def indicator_frame(frame: pd.DataFrame, variables: dict[str, Variable]) -> pd.DataFrame:
    """One column per variable (nullable Int64 for binary, float for continuous)."""
    cols = {}
    for name, var in variables.items():
        v = variable_values(frame, var)
        cols[name] = v.round().astype("Int64") if var.type == "binary" else v
    return pd.DataFrame(cols, index=frame.index)


def signs_frame(vertebrae: pd.DataFrame, spec: StudySpec) -> pd.DataFrame:
    """Every vertebra-level sign of the spec as a 0/1 column (Int64, missing kept)."""
    return indicator_frame(vertebrae, spec.signs())


def positive_indicator(groups: pd.Series, spec: StudySpec) -> np.ndarray:
    """1 for the positive group (the models' event), 0 otherwise."""
    return (groups == spec.positive).to_numpy(dtype=int)
