"""Model designs: Table 2 signs from the case tables, and validated (X, y) from any table.

MET (metastatic fracture) is the positive class (outcome = 1) everywhere in
:mod:`osteostats.models`; OP (osteoporotic) is 0.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import InputError, Problem

#: Positive class of every model and accuracy table.
POSITIVE = "MET"
NEGATIVE = "OP"

#: Table 2 signs, in the paper's order, as 0/1 indicators (name -> human label).
SIGNS: dict[str, str] = {
    "shape_wedge": "Shape: wedge",
    "shape_biconcave": "Shape: biconcave",
    "shape_flat": "Shape: flat (vertebra plana)",
    "posterior_wall_bulge": "Posterior wall bulge",
    "posterior_corner_fat": "Preserved fat signal at the posterior corner",
    "severe_compression": "Severe compression (Genant grade 3, > 40 % height loss)",
    "intravertebral_cleft": "Intravertebral cleft sign",
    "posterior_element_involvement": "Posterior element (appendage) involvement",
    "paravertebral_mass": "Paravertebral soft-tissue mass",
    "disc_normal": "Disc: normal",
    "disc_compressed": "Disc: compressed",
    "disc_widened": "Disc: widened",
}

#: Patient-level predictors available to the age/sex model.
PATIENT_PREDICTORS: dict[str, str] = {"age": "Age, years", "sex_male": "Sex: male"}


def _severe(height_loss_pct: pd.Series) -> pd.Series:
    """Genant grade 3 indicator, from :mod:`osteostats.rules` when available."""
    try:
        from ..rules import genant_grade  # type: ignore[attr-defined]
    except ImportError:
        try:
            from ..rules.genant import genant_grade
        except ImportError:  # pragma: no cover - rules package not present in this checkout
            genant_grade = None
    if genant_grade is not None:
        grade = genant_grade(height_loss_pct.astype(float))
        return (grade == 3).astype("Int64")
    out = (height_loss_pct.astype(float) > 40).astype("Int64")  # pragma: no cover
    return out.where(height_loss_pct.notna())  # pragma: no cover


def vertebra_frame(vertebrae: pd.DataFrame) -> pd.DataFrame:
    """One row per vertebra: ids, ``met`` (1 = MET), ``height_loss_pct`` and the 12 signs.

    Parameters
    ----------
    vertebrae : pandas.DataFrame
        ``Cases.vertebrae`` from :func:`osteostats.cases.load_cases` (with ``group``).

    Returns
    -------
    pandas.DataFrame
        Columns ``vertebra_id, patient_id, group, met, height_loss_pct`` then the keys of
        :data:`SIGNS`, as nullable integers (missing stays missing).

    Examples
    --------
    >>> from osteostats.cases import load_cases
    >>> f = vertebra_frame(load_cases("data/cases").vertebrae)
    >>> int(f.met.sum()), len(f)
    (43, 141)
    """
    v = vertebrae
    out = pd.DataFrame({"vertebra_id": v["vertebra_id"].astype(str), "patient_id": v["patient_id"].astype(str),
                        "group": v["group"].astype(str)})
    out["met"] = (v["group"] == POSITIVE).astype(int)
    out["height_loss_pct"] = v["height_loss_pct"].astype(float)
    shape, disc = v["shape"], v["disc"]
    for level in ("wedge", "biconcave", "flat"):
        out[f"shape_{level}"] = (shape == level).astype("Int64").where(shape.notna())
    for col in ("posterior_wall_bulge", "posterior_corner_fat"):
        out[col] = v[col].astype("Int64")
    out["severe_compression"] = _severe(v["height_loss_pct"])
    for col in ("intravertebral_cleft", "posterior_element_involvement", "paravertebral_mass"):
        out[col] = v[col].astype("Int64")
    for level in ("normal", "compressed", "widened"):
        out[f"disc_{level}"] = (disc == level).astype("Int64").where(disc.notna())
    return out.reset_index(drop=True)


def patient_frame(patients: pd.DataFrame) -> pd.DataFrame:
    """One row per patient: ``patient_id, group, met, age, sex_male``.

    Examples
    --------
    >>> from osteostats.cases import load_cases
    >>> f = patient_frame(load_cases("data/cases").patients)
    >>> int(f.met.sum()), int(f.sex_male.sum())
    (31, 28)
    """
    p = patients
    out = pd.DataFrame({"patient_id": p["patient_id"].astype(str), "group": p["group"].astype(str)})
    out["met"] = (p["group"] == POSITIVE).astype(int)
    out["age"] = p["age"].astype(float)
    out["sex_male"] = (p["sex"] == "M").astype("Int64").where(p["sex"].notna())
    return out.reset_index(drop=True)


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
    df = frame.reset_index(drop=True)

    def is_missing(s: pd.Series) -> pd.Series:
        txt = s.astype(str).str.strip().str.lower()
        return s.isna() | txt.isin(["", "na", "nan", "none", "<na>"])

    numeric: dict[str, pd.Series] = {}
    for col in predictors:
        miss = is_missing(df[col])
        if pd.api.types.is_bool_dtype(df[col]):
            num = df[col].astype(float)
        else:
            num = pd.to_numeric(df[col].where(~miss), errors="coerce")
        bad = num.isna() & ~miss
        if bad.any():
            rows = list(np.flatnonzero(bad.to_numpy())[:3])
            for r in rows:
                problems.append(Problem(source, int(r) + 2, col, df.at[r, col],
                                        "a number (recode categories as 0/1 indicator columns)"))
            if bad.sum() > 3:
                problems.append(Problem(source, None, col, f"{int(bad.sum()) - 3} more non-numeric value(s)", "numbers"))
        numeric[col] = num.astype(float)
    ymiss = is_missing(df[outcome])
    ystr = df[outcome].where(~ymiss).astype(object)
    levels = sorted({str(v) for v in ystr.dropna()})
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
            ynum = (ystr.astype(str) == ev).astype(float).where(~ymiss)
    if problems:
        raise InputError(problems, f"{len(problems)} problem(s) in {source}")
    table = pd.DataFrame(numeric)
    table["__y__"] = ynum
    rowmiss = table.isna().any(axis=1).to_numpy()
    if rowmiss.any() and missing == "fail":
        rows = np.flatnonzero(rowmiss)
        for r in rows[:5]:
            cols = [c for c in predictors + [outcome] if pd.isna(table.at[r, c if c != outcome else "__y__"])]
            problems.append(Problem(source, int(r) + 2, ", ".join(cols), "missing",
                                    "a value (missing-data policy is 'fail')"))
        raise InputError(problems, f"{int(rowmiss.sum())} row(s) with missing values in {source} "
                                   "and the missing-data policy is 'fail'")
    kept = np.flatnonzero(~rowmiss)
    used = table.iloc[kept]
    X = used[predictors].to_numpy(float)
    y = used["__y__"].to_numpy(float)
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
