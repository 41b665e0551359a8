"""Model designs: the study's signs from the case tables, and validated (X, y) from any table.

The study spec's positive group (``groups.positive``; metastatic fracture in the bundled study)
is the event (``event`` = 1) everywhere in :mod:`osteostats.models`; the other group is 0.
Which signs and patient variables exist, and how each is derived, comes from the spec.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import InputError, Problem
from ..study import StudySpec, indicator_frame, load_study

#: Name of the 0/1 outcome column of the model frames (1 = the study's positive group).
EVENT = "event"


def vertebra_frame(vertebrae: pd.DataFrame, study: StudySpec | None = None) -> pd.DataFrame:
    """One row per vertebra: ids, ``event``, the severity column and every sign of the study.

    Parameters
    ----------
    vertebrae : pandas.DataFrame
        ``Cases.vertebrae`` from :func:`osteostats.cases.load_cases` (with ``group``).
    study : StudySpec, optional
        The study (default: the bundled ``config/study.yaml``).

    Returns
    -------
    pandas.DataFrame
        Columns ``vertebra_id, patient_id, group, event``, the continuous vertebra columns of the
        study (e.g. height loss, used by the most-severe one-per-patient draw), then every sign
        (:meth:`StudySpec.signs`) as nullable integers (missing stays missing).

    Examples
    --------
    >>> from osteostats.cases import load_cases
    >>> f = vertebra_frame(load_cases("data/cases").vertebrae)
    >>> int(f.event.sum()), len(f)
    (43, 141)
    """
    study = study or load_study()
    v = vertebrae.reset_index(drop=True)
    out = pd.DataFrame({"vertebra_id": v["vertebra_id"].astype(str), "patient_id": v["patient_id"].astype(str),
                        "group": v["group"].astype(str)})
    out[EVENT] = (v["group"] == study.positive).astype(int)
    for name, col in study.vertebra_columns.items():
        if col.type == "continuous":
            out[name] = v[name].astype(float)
    signs = indicator_frame(v, study.signs())
    return pd.concat([out, signs], axis=1)


def patient_frame(patients: pd.DataFrame, study: StudySpec | None = None) -> pd.DataFrame:
    """One row per patient: ``patient_id, group, event`` and every patient-level variable.

    Examples
    --------
    >>> from osteostats.cases import load_cases
    >>> f = patient_frame(load_cases("data/cases").patients)
    >>> int(f.event.sum()), int(f.sex_male.sum())
    (31, 28)
    """
    study = study or load_study()
    p = patients.reset_index(drop=True)
    out = pd.DataFrame({"patient_id": p["patient_id"].astype(str), "group": p["group"].astype(str)})
    out[EVENT] = (p["group"] == study.positive).astype(int)
    return pd.concat([out, indicator_frame(p, study.patient_variables())], axis=1)


@dataclass(frozen=True)
class Prepared:
    """Validated model data.

    Attributes
    ----------
    X : numpy.ndarray
        Predictors (float), rows with missing values removed.
    y : numpy.ndarray
        Outcome 0/1.
    names : tuple of str
        Predictor names.
    kept : numpy.ndarray
        Positions (in the input frame) of the rows used.
    n_dropped : int
        Rows dropped for missing values.
    """

    X: np.ndarray
    y: np.ndarray
    names: tuple[str, ...]
    kept: np.ndarray
    n_dropped: int

    @property
    def dropped_message(self) -> str:
        """Plain sentence on dropped rows (empty if none)."""
        if not self.n_dropped:
            return ""
        return f"{self.n_dropped} row(s) with missing values dropped"


def prepare(frame: pd.DataFrame, outcome: str, predictors: list[str] | tuple[str, ...], *,
            source: str = "data", event: object = None, missing: str = "drop",
            min_events: int = 2) -> Prepared:
    """Validate a table for a logistic model and return numeric ``X``, ``y``.

    Parameters
    ----------
    frame : pandas.DataFrame
        Table with the outcome and predictor columns (any dtype; strings are parsed).
    outcome : str
        Outcome column: exactly two distinct values.
    predictors : sequence of str
        Predictor columns: numeric, not constant.
    source : str
        File name used in error messages.
    event : object, optional
        Outcome value that counts as the event (coded 1). Default: 1 when the outcome values
        are 0/1 (or true/false); required otherwise.
    missing : {"drop", "fail"}
        Drop rows with a missing outcome/predictor (the count is returned) or fail.
    min_events : int, default 2
        Minimum number of rows in each outcome class.

    Returns
    -------
    Prepared

    Raises
    ------
    osteostats.errors.InputError
        Every problem found: missing columns, non-numeric predictor values (first few rows
        listed), constant predictors, a non-binary outcome, fewer than ``min_events`` rows in
        an outcome class, missing values under ``missing="fail"``, collinear predictors.

    Examples
    --------
    >>> import pandas as pd
    >>> d = pd.DataFrame({"y": [0, 1, 0, 1, 1, 0], "x": [1.0, 2.0, None, 4.0, 3.0, 2.5]})
    >>> p = prepare(d, "y", ["x"])
    >>> p.n_dropped, p.y.tolist()
    (1, [0.0, 1.0, 1.0, 1.0, 0.0])
    """
    problems: list[Problem] = []
    predictors = list(predictors)
    if missing not in ("drop", "fail"):
        raise InputError(f"missing-data policy must be 'drop' or 'fail', got {missing!r}")
    if not predictors:
        problems.append(Problem(source, None, None, "no predictors", "at least one predictor column"))
    dup = sorted({p for p in predictors if predictors.count(p) > 1})
    for p in dup:
        problems.append(Problem(source, None, p, "listed twice", "each predictor once"))
    if outcome in predictors:
        problems.append(Problem(source, None, outcome, "outcome also listed as predictor",
                                "the outcome not among the predictors"))
    for col in [outcome] + predictors:
        if col not in frame.columns:
            problems.append(Problem(source, None, col, "column missing",
                                    f"a column named {col} (columns present: {', '.join(map(str, frame.columns))})"))
    if problems:
        raise InputError(problems, f"{len(problems)} problem(s) in {source}")
    # the columns used, each on a fresh 0..n-1 index (positions are row numbers in messages)
    df = {c: frame[c].reset_index(drop=True) for c in dict.fromkeys([outcome] + predictors)}

    def numeric_dtype(s: pd.Series) -> bool:
        return pd.api.types.is_numeric_dtype(s) or pd.api.types.is_bool_dtype(s)

    def is_missing(s: pd.Series) -> pd.Series:
        if numeric_dtype(s):  # only text can hold a missing-value token
            return s.isna()
        txt = s.astype(str).str.strip().str.lower()
        return s.isna() | txt.isin(["", "na", "nan", "none", "<na>"])

    numeric: dict[str, pd.Series] = {}
    for col in predictors:
        if numeric_dtype(df[col]):  # numbers already: missing is NaN, nothing can be non-numeric
            numeric[col] = pd.Series(df[col].to_numpy(dtype=float, na_value=np.nan))
            continue
        miss = is_missing(df[col])
        num = pd.to_numeric(df[col].where(~miss), errors="coerce")
        bad = num.isna() & ~miss
        if bad.any():
            rows = list(np.flatnonzero(bad.to_numpy())[:3])
            for r in rows:
                problems.append(Problem(source, int(r) + 2, col, df[col].iloc[r],
                                        "a number (recode categories as 0/1 indicator columns)"))
            if bad.sum() > 3:
                problems.append(Problem(source, None, col, f"{int(bad.sum()) - 3} more non-numeric value(s)", "numbers"))
        numeric[col] = num.astype(float)
    ymiss = is_missing(df[outcome])
    yraw = df[outcome][~ymiss]
    by_text = {str(v): v for v in pd.unique(yraw)}  # distinct values only: cheap on millions of rows
    levels = sorted(by_text)
    ynum: pd.Series | None = None
    if len(levels) != 2:
        problems.append(Problem(source, None, outcome, levels[:10] if len(levels) <= 10 else f"{len(levels)} distinct values",
                                "a binary outcome (exactly two distinct values)"))
    else:
        ev = None if event is None else str(event)
        if ev is None:
            norm = {lv.lower() for lv in levels}
            if norm <= {"0", "1", "0.0", "1.0"}:
                ev = next(lv for lv in levels if lv.startswith("1"))
            elif norm == {"true", "false"}:
                ev = next(lv for lv in levels if lv.lower() == "true")
            else:
                problems.append(Problem(source, None, outcome, levels,
                                        "0/1 coding, or say which value is the event (--event)"))
        elif ev not in levels:
            problems.append(Problem(source, None, outcome, f"event value {ev!r}", f"one of {levels}"))
        if ev is not None and ev in levels:
            ynum = (df[outcome] == by_text[ev]).astype(float).where(~ymiss)
    if problems:
        raise InputError(problems, f"{len(problems)} problem(s) in {source}")
    X_all = np.column_stack([numeric[c].to_numpy(float) for c in predictors])
    y_all = ynum.to_numpy(float)
    rowmiss = np.isnan(X_all).any(axis=1) | np.isnan(y_all)
    if rowmiss.any() and missing == "fail":
        table = pd.DataFrame(numeric)
        table["__y__"] = ynum
        rows = np.flatnonzero(rowmiss)
        for r in rows[:5]:
            cols = [c for c in predictors + [outcome] if pd.isna(table.at[r, c if c != outcome else "__y__"])]
            problems.append(Problem(source, int(r) + 2, ", ".join(cols), "missing",
                                    "a value (missing-data policy is 'fail')"))
        raise InputError(problems, f"{int(rowmiss.sum())} row(s) with missing values in {source} "
                                   "and the missing-data policy is 'fail'")
    kept = np.flatnonzero(~rowmiss)
    X, y = np.asfortranarray(X_all[kept]), y_all[kept]  # column-major, as pandas hands out a float block
    for j, col in enumerate(predictors):
        vals = np.unique(X[:, j])
        if len(vals) < 2:
            problems.append(Problem(source, None, col, float(vals[0]) if len(vals) else "no values",
                                    "a predictor that varies (it is constant in the rows used)"))
        elif not np.all(np.isfinite(X[:, j])):
            problems.append(Problem(source, None, col, "inf", "finite numbers"))
    n1, n0 = int(y.sum()), int(len(y) - y.sum())
    for label, count in (("events (outcome = 1)", n1), ("non-events (outcome = 0)", n0)):
        if count < min_events:
            problems.append(Problem(source, None, outcome, f"{count} {label}",
                                    f"at least {min_events} rows in each outcome group"))
    if not problems and X.shape[1] > 0:
        Xi = np.column_stack([np.ones(len(y)), X])
        rank = np.linalg.matrix_rank(Xi)
        if rank < Xi.shape[1]:
            problems.append(Problem(source, None, ", ".join(predictors), "collinear predictors",
                                    "predictors that are not linear combinations of each other and the intercept"))
        if len(y) <= Xi.shape[1]:
            problems.append(Problem(source, None, None, f"{len(y)} rows for {Xi.shape[1]} parameters",
                                    "more rows than parameters"))
    if problems:
        raise InputError(problems, f"{len(problems)} problem(s) in {source}")
    return Prepared(X=X, y=y, names=tuple(predictors), kept=kept, n_dropped=int(rowmiss.sum()))
