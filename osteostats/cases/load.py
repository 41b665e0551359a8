"""Load and validate the case tables, reporting every problem at once."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa

from ..errors import InputError, Problem
from .schemas import GROUP_CODES, TABLES, ColumnSpec, pandera_schema

#: Table 3 findings whose "any modality" reading must equal a vertebra-level sign.
FINDING_SIGN = {"appendage_involvement": "posterior_element_involvement",
                "soft_tissue_mass": "paravertebral_mass"}


@dataclass(frozen=True)
class Cases:
    """The validated case tables, with typed columns.

    ``vertebrae`` carries the patient's ``group``; ``readings`` carries the vertebra's
    ``patient_id`` and ``group``.
    """

    patients: pd.DataFrame
    vertebrae: pd.DataFrame
    readings: pd.DataFrame
    warnings: tuple[str, ...] = ()


def _convert(df: pd.DataFrame, spec: dict[str, ColumnSpec], fname: str, problems: list[Problem]) -> pd.DataFrame:
    out = pd.DataFrame(index=df.index)
    for name, c in spec.items():
        raw = df[name].astype(str).str.strip()
        empty = raw.eq("") | raw.str.lower().isin(["na", "nan"])
        if c.required:
            for i in df.index[empty]:
                problems.append(Problem(fname, int(i) + 2, name, "", c.expected + " (this column may not be empty)"))
        if c.kind == "str":
            out[name] = raw.where(~empty, None).astype(object)
            continue
        num = pd.to_numeric(raw.where(~empty, np.nan), errors="coerce")
        bad = num.isna() & ~empty
        for i in df.index[bad]:
            problems.append(Problem(fname, int(i) + 2, name, df.at[i, name], c.expected))
        if c.kind == "int":
            nonint = num.notna() & (num != np.round(num))
            for i in df.index[nonint]:
                problems.append(Problem(fname, int(i) + 2, name, df.at[i, name], c.expected))
            out[name] = num.where(~nonint).round().astype("Int64")
        else:
            out[name] = num.astype(float)
    return out


def _schema_problems(df: pd.DataFrame, spec: dict[str, ColumnSpec], fname: str, problems: list[Problem]) -> None:
    try:
        pandera_schema(spec).validate(df, lazy=True)
    except pa.errors.SchemaErrors as exc:
        fc = exc.failure_cases
        for r in fc.itertuples():
            col = r.column
            if col not in spec or r.check == "not_nullable":
                continue  # missing required values were reported with row numbers already
            idx = r.index
            row = int(idx) + 2 if idx is not None and not (isinstance(idx, float) and np.isnan(idx)) else None
            expected = spec[col].expected
            problems.append(Problem(fname, row, col, r.failure_case, expected))


def _foreign_key(child: pd.DataFrame, column: str, parent_ids: pd.Series, path: Path, expected: str,
                 problems: list[Problem]) -> None:
    """Report every row of ``child`` whose ``column`` is not among ``parent_ids``."""
    orphan = ~child[column].isin(set(parent_ids.dropna())) & child[column].notna()
    for i in child.index[orphan]:
        problems.append(Problem(str(path), int(i) + 2, column, child.at[i, column], expected))


def load_cases(folder: str | Path, groups: tuple[str, ...] = GROUP_CODES) -> Cases:
    """Read ``patients.csv``, ``vertebrae.csv`` and ``readings.csv`` from ``folder``.

    Every problem (missing file or column, unparseable or out-of-range value, unknown code,
    duplicate id, vertebra of an unknown patient, reading of an unknown vertebra, duplicate
    reading, empty group) is collected and raised together as one :class:`InputError`.
    Row numbers are 1-based file lines (the header is line 1).

    Examples
    --------
    >>> cases = load_cases("data/cases")
    >>> len(cases.patients), len(cases.vertebrae)
    (81, 141)
    """
    folder = Path(folder)
    problems: list[Problem] = []
    frames: dict[str, pd.DataFrame | None] = {}
    for fname, spec in TABLES.items():
        path = folder / fname
        label = str(path)
        if not path.exists():
            problems.append(Problem(label, None, None, "missing file", f"a CSV file with columns {', '.join(spec)}"))
            frames[fname] = None
            continue
        try:
            raw = pd.read_csv(path, dtype=str, keep_default_na=False)
        except Exception as exc:  # noqa: BLE001
            problems.append(Problem(label, None, None, str(exc).splitlines()[0], "a readable CSV file"))
            frames[fname] = None
            continue
        missing = [c for c in spec if c not in raw.columns]
        for c in missing:
            problems.append(Problem(label, None, c, "column missing", f"a column named {c} ({spec[c].expected})"))
        if missing:
            frames[fname] = None
            continue
        typed = _convert(raw, spec, label, problems)
        _schema_problems(typed, spec, label, problems)
        extra = [c for c in raw.columns if c not in spec]
        for c in extra:
            typed[c] = raw[c]
        frames[fname] = typed
    pat, vert, read = frames["patients.csv"], frames["vertebrae.csv"], frames["readings.csv"]
    warnings: list[str] = []
    if pat is not None:
        for g in groups:
            if not (pat["group"] == g).any():
                problems.append(Problem(str(folder / "patients.csv"), None, "group", g,
                                        f"at least one patient in group {g} (the group is empty)"))
    if pat is not None and vert is not None:
        _foreign_key(vert, "patient_id", pat.patient_id, folder / "vertebrae.csv",
                     "the id of a patient in patients.csv", problems)
        dup = vert.duplicated(["patient_id", "level"], keep="first") & vert.level.notna()
        for i in vert.index[dup]:
            problems.append(Problem(str(folder / "vertebrae.csv"), int(i) + 2, "level", vert.at[i, "level"],
                                    f"one row per patient and level (patient {vert.at[i, 'patient_id']} has it twice)"))
    if vert is not None and read is not None:
        _foreign_key(read, "vertebra_id", vert.vertebra_id, folder / "readings.csv",
                     "the id of a vertebra in vertebrae.csv", problems)
        dup = read.duplicated(["vertebra_id", "modality", "finding"], keep="first")
        for i in read.index[dup]:
            problems.append(Problem(str(folder / "readings.csv"), int(i) + 2, "finding", read.at[i, "finding"],
                                    f"one reading per vertebra, modality and finding ({read.at[i, 'vertebra_id']}/{read.at[i, 'modality']} repeated)"))
    if problems:
        raise InputError(problems, f"{len(problems)} problem(s) in the case tables in {folder}")
    vert = vert.merge(pat[["patient_id", "group"]], on="patient_id", how="left", validate="many_to_one")
    read = read.merge(vert[["vertebra_id", "patient_id", "group"]], on="vertebra_id", how="left", validate="many_to_one")
    # Readings vs vertebra-level signs: a disagreement is reported, not silently fixed.
    for finding, sign in FINDING_SIGN.items():
        sub = read[read.finding == finding]
        if sub.empty:
            continue
        anyv = sub.groupby("vertebra_id").detected.max()
        ref = vert.set_index("vertebra_id")[sign].reindex(anyv.index)
        diff = (anyv.astype("Int64") != ref).fillna(False)
        if diff.any():
            warnings.append(f"{int(diff.sum())} vertebra(e) where '{finding}' detected by any modality differs "
                            f"from vertebrae.csv column '{sign}' (e.g. {', '.join(anyv.index[diff][:3])})")
    return Cases(pat, vert, read, tuple(warnings))
