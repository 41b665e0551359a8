"""Load and validate the case tables, reporting every problem at once.

Each table is ``<name>.csv`` or ``<name>.parquet`` in one folder. ``osteostats validate --out``
writes the validated, typed tables as Parquet with a ``manifest.json``; a folder with such a
manifest (for the same study spec) is read as it stands, so the workflow validates once and
every later stage reads the typed tables.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa

from ..errors import InputError, Problem
from ..study import StudySpec, load_study, variable_values
from .schemas import FILES, ColumnSpec, pandera_schema, table_specs

MANIFEST = "manifest.json"


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


def _convert(df: pd.DataFrame, spec: dict[str, ColumnSpec], fname: str, missing_tokens: set[str],
             problems: list[Problem]) -> pd.DataFrame:
    out = pd.DataFrame(index=df.index)
    for name, c in spec.items():
        raw = df[name].astype(str).str.strip()
        empty = raw.isin(missing_tokens)
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
            problems.append(Problem(fname, row, col, r.failure_case, spec[col].expected))


def _foreign_key(child: pd.DataFrame, column: str, parent_ids: pd.Series, path: str, expected: str,
                 problems: list[Problem]) -> None:
    """Report every row of ``child`` whose ``column`` is not among ``parent_ids``."""
    orphan = ~child[column].isin(set(parent_ids.dropna())) & child[column].notna()
    for i in child.index[orphan]:
        problems.append(Problem(path, int(i) + 2, column, child.at[i, column], expected))


def _table_path(folder: Path, name: str) -> Path | None:
    for ext in (".parquet", ".csv"):
        p = folder / f"{name}{ext}"
        if p.exists():
            return p
    return None


def _read_raw(path: Path) -> pd.DataFrame:
    """A table as text cells (CSV read as text; Parquet cells converted to text)."""
    if path.suffix == ".parquet":
        df = pd.read_parquet(path)
        return pd.DataFrame({c: df[c].astype("string").fillna("").astype(str) for c in df.columns})
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    df.columns = [str(c).strip() for c in df.columns]
    return df


def spec_digest(spec: StudySpec) -> str:
    """SHA-256 of the study spec file (recorded in the manifest of validated tables)."""
    return hashlib.sha256(Path(spec.path).read_bytes()).hexdigest()


def _read_validated(folder: Path, spec: StudySpec) -> Cases | None:
    man = folder / MANIFEST
    if not man.exists():
        return None
    try:
        info = json.loads(man.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if info.get("format") != "osteostats-validated-cases" or info.get("study_sha256") != spec_digest(spec):
        return None
    frames = {name: pd.read_parquet(folder / f"{name}.parquet") for name in FILES}
    return Cases(frames["patients"], frames["vertebrae"], frames["readings"], tuple(info.get("warnings", [])))


def load_cases(folder: str | Path, spec: StudySpec | None = None) -> Cases:
    """Read ``patients``, ``vertebrae`` and ``readings`` (CSV or Parquet) from ``folder``.

    Every problem (missing file or column, unparseable or out-of-range value, unknown code,
    duplicate id, vertebra of an unknown patient, reading of an unknown vertebra, a finding read
    by a modality the study spec says cannot assess it, duplicate reading, empty group) is
    collected and raised together as one :class:`InputError`. Row numbers are 1-based file
    lines (the header is line 1). Which columns exist, their types, ranges, levels and missing
    tokens come from the study spec (default: ``config/study.yaml``).

    Examples
    --------
    >>> cases = load_cases("data/cases")
    >>> len(cases.patients), len(cases.vertebrae)
    (81, 141)
    """
    spec = spec or load_study()
    folder = Path(folder)
    done = _read_validated(folder, spec)
    if done is not None:
        return done
    specs = table_specs(spec)
    tokens = set(spec.missing_values)
    problems: list[Problem] = []
    frames: dict[str, pd.DataFrame | None] = {}
    paths: dict[str, str] = {}
    for name, cols in specs.items():
        path = _table_path(folder, name)
        label = str(path or folder / f"{name}.csv")
        paths[name] = label
        if path is None:
            problems.append(Problem(label, None, None, "missing file",
                                    f"a CSV (or Parquet) file with columns {', '.join(cols)}"))
            frames[name] = None
            continue
        try:
            raw = _read_raw(path)
        except Exception as exc:  # noqa: BLE001 - any reader failure becomes an input problem
            problems.append(Problem(label, None, None, str(exc).splitlines()[0] if str(exc) else type(exc).__name__,
                                    "a readable CSV or Parquet file"))
            frames[name] = None
            continue
        missing = [c for c in cols if c not in raw.columns]
        for c in missing:
            problems.append(Problem(label, None, c, "column missing", f"a column named {c} ({cols[c].expected})"))
        if missing:
            frames[name] = None
            continue
        typed = _convert(raw, cols, label, tokens, problems)
        _schema_problems(typed, cols, label, problems)
        for c in (c for c in raw.columns if c not in cols):
            typed[c] = raw[c]
        frames[name] = typed
    pat, vert, read = frames["patients"], frames["vertebrae"], frames["readings"]
    warnings: list[str] = []
    if pat is not None:
        for g in spec.group_codes:
            if not (pat["group"] == g).any():
                problems.append(Problem(paths["patients"], None, "group", g,
                                        f"at least one patient in group {g} (the group is empty)"))
    if pat is not None and vert is not None:
        _foreign_key(vert, "patient_id", pat.patient_id, paths["vertebrae"],
                     f"the id of a patient in {Path(paths['patients']).name}",
                     problems)
        if "level" in vert.columns:
            dup = vert.duplicated(["patient_id", "level"], keep="first") & vert.level.notna()
            for i in vert.index[dup]:
                problems.append(Problem(paths["vertebrae"], int(i) + 2, "level", vert.at[i, "level"],
                                        f"one row per patient and level (patient {vert.at[i, 'patient_id']} "
                                        "has it twice)"))
    if read is not None:
        allowed = {(f.name, m) for f in spec.findings.values() for m in f.modalities}
        pairs = pd.Series(list(zip(read["finding"], read["modality"])), index=read.index)
        known = read["finding"].isin(spec.findings) & read["modality"].isin(spec.modalities)
        for i in read.index[known & ~pairs.isin(allowed)]:
            f = read.at[i, "finding"]
            problems.append(Problem(paths["readings"], int(i) + 2, "modality", read.at[i, "modality"],
                                    f"a modality that can assess {f} ({', '.join(spec.findings[f].modalities)}): "
                                    "a finding a modality cannot assess has no row, never a 0"))
    if vert is not None and read is not None:
        _foreign_key(read, "vertebra_id", vert.vertebra_id, paths["readings"],
                     f"the id of a vertebra in {Path(paths['vertebrae']).name}",
                     problems)
        dup = read.duplicated(["vertebra_id", "modality", "finding"], keep="first")
        for i in read.index[dup]:
            problems.append(Problem(paths["readings"], int(i) + 2, "finding", read.at[i, "finding"],
                                    "one reading per vertebra, modality and finding "
                                    f"({read.at[i, 'vertebra_id']}/{read.at[i, 'modality']} repeated)"))
    if problems:
        raise InputError(problems, f"{len(problems)} problem(s) in the case tables in {folder}")
    vert = vert.merge(pat[["patient_id", "group"]], on="patient_id", how="left", validate="many_to_one")
    read = read.merge(vert[["vertebra_id", "patient_id", "group"]], on="vertebra_id", how="left",
                      validate="many_to_one")
    # Readings vs vertebra-level signs: a disagreement is reported, not silently fixed.
    for f in spec.findings.values():
        if f.sign is None:
            continue
        sub = read[read.finding == f.name]
        if sub.empty:
            continue
        anyv = sub.groupby("vertebra_id").detected.max()
        sign = variable_values(vert, spec.variables[f.sign])
        ref = pd.Series(sign.to_numpy(), index=vert["vertebra_id"]).reindex(anyv.index)
        diff = (anyv.astype(float) != ref).fillna(False)
        if diff.any():
            warnings.append(f"{int(diff.sum())} vertebra(e) where '{f.name}' detected by any modality differs "
                            f"from the vertebra sign '{f.sign}' (e.g. {', '.join(anyv.index[diff][:3])})")
    return Cases(pat, vert, read, tuple(warnings))


def write_validated(cases: Cases, spec: StudySpec, out: str | Path, sources: dict[str, str]) -> None:
    """Write validated, typed tables as Parquet plus ``manifest.json`` (all or nothing)."""
    from ..io import atomic_dir

    with atomic_dir(out) as tmp:
        for name in FILES:
            getattr(cases, name).to_parquet(tmp / f"{name}.parquet", index=False)
        info = {"format": "osteostats-validated-cases", "study_sha256": spec_digest(spec), "sources": sources,
                "warnings": list(cases.warnings)}
        (tmp / MANIFEST).write_text(json.dumps(info, indent=2, sort_keys=True) + "\n", encoding="utf-8")
