"""Load and validate the case tables, reporting every problem at once.

Each table is ``<name>.csv`` or ``<name>.parquet`` in one folder. ``osteostats validate --out``
writes the validated, typed tables as Parquet with a ``manifest.json``; a folder with such a
manifest (for the same study spec) is read as it stands, so the workflow validates once and
every later stage reads the typed tables.

Registry scale: CSV files are parsed by pyarrow's multithreaded reader; every check runs on
integer codes and distinct values (:mod:`osteostats.cases.columns`), and the loaded frames
hold ids, groups, levels, modalities and findings as pandas categoricals: a reading's
``vertebra_id`` is a code into the vertebrae's ids, never a Python string per row.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from ..errors import InputError, Problem
from ..study import StudySpec, load_study, variable_values
from .codes import detection_cube, duplicated_first, level_codes, row_keys
from .columns import Converted, convert, report
from .progress import steps
from .read import RawTable, Text, Unreadable, distinct, read_table
from .schemas import FILES, ColumnSpec, table_specs

MANIFEST = "manifest.json"
#: Layout of the validated folder (2: references stored as row numbers of the table they name).
FORMAT_VERSION = 2
#: Columns of the validated Parquet files stored as 0-based row numbers of another table.
REFERENCES = {"vertebrae": {"patient_id": ("patients", "patient_id")},
              "readings": {"vertebra_id": ("vertebrae", "vertebra_id")}}


@dataclass(frozen=True)
class Cases:
    """The validated case tables, with typed columns.

    ``vertebrae`` carries the patient's ``group``; ``readings`` carries the vertebra's
    ``patient_id`` and ``group``. Ids that refer to another table (``vertebrae.patient_id``,
    ``readings.vertebra_id``, ``readings.patient_id``) are categoricals whose categories are
    that table's ids; groups, levels, modalities and findings are categoricals of the study
    spec's codes; binary columns are nullable integers; continuous ones float.
    """

    patients: pd.DataFrame
    vertebrae: pd.DataFrame
    readings: pd.DataFrame
    warnings: tuple[str, ...] = ()


# --------------------------------------------------------------------------------------------
# Key columns: ids (unique) and references to the ids of another table.

def _tokens_array(tokens: set[str]) -> pa.Array:
    return pa.array(sorted(tokens), type=pa.string())


def _ids(col: Text, c: ColumnSpec, name: str, file: str, tokens: set[str], problems: list[Problem]) -> pa.Array:
    """Stripped ids (null where empty); reports empty and repeated ids (every occurrence)."""
    t = pc.utf8_trim_whitespace(col.values)
    if isinstance(t, pa.ChunkedArray):
        t = t.combine_chunks()
    missing_a = pc.or_kleene(pc.is_in(t, value_set=_tokens_array(tokens)), pc.is_null(t))
    missing = pc.fill_null(missing_a, True).to_numpy(zero_copy_only=False)
    if c.required:
        report(problems, file, np.flatnonzero(missing), name, lambda rows: [""] * len(rows),
               c.expected + " (this column may not be empty)")
    ids = pc.if_else(missing_a, pa.scalar(None, pa.string()), t)
    if c.unique:
        enc = pc.dictionary_encode(ids)
        if len(enc.dictionary) < len(ids) - ids.null_count:
            codes = pc.fill_null(enc.indices, -1).to_numpy()
            counts = np.append(np.bincount(codes[codes >= 0], minlength=len(enc.dictionary)), 0)
            rows = np.flatnonzero(counts[codes] > 1)
            report(problems, file, rows, name, lambda r: t.take(pa.array(r)).to_pylist(), c.expected)
    return ids


@dataclass(frozen=True)
class _Refs:
    """A reference column: row of the parent (-1: none), a duplicate-check key, stripped text."""

    index: np.ndarray
    key: np.ndarray
    n_keys: int
    text: object  # callable rows -> stripped values


def _references(col: Text, parent: pa.Array, c: ColumnSpec, name: str, file: str, tokens: set[str],
                problems: list[Problem], expected_fk: str | None) -> _Refs:
    """Match each cell with the parent's ids (exact text first; stripped text for the rest).

    Reports empty cells and, when ``expected_fk`` is given, cells naming no parent row.
    """
    raw = col.values
    lookup = pc.SetLookupOptions(parent, skip_nulls=True)
    index = pc.fill_null(pc.index_in(raw, options=lookup), -1).to_numpy().astype(np.int32)
    # A cell equal to a stripped parent id carries no surrounding white space: only the rest
    # (normally none) need stripping.
    miss = np.flatnonzero(index < 0)
    n_parent = len(parent)
    key = index.astype(np.int64) if len(raw) and n_parent + len(raw) >= 2**31 else index.copy()
    n_keys = n_parent
    if len(miss):
        t = pc.utf8_trim_whitespace(raw.take(pa.array(miss)))
        empty = pc.fill_null(pc.or_kleene(pc.is_in(t, value_set=_tokens_array(tokens)), pc.is_null(t)),
                             True).to_numpy(zero_copy_only=False)
        if c.required:
            report(problems, file, miss[empty], name, lambda rows: [""] * len(rows),
                   c.expected + " (this column may not be empty)")
        second = pc.fill_null(pc.index_in(t, options=lookup), -1).to_numpy().astype(np.int32)
        index[miss] = second
        orphan = (second < 0) & ~empty
        texts = np.asarray(t.to_pylist(), dtype=object)
        if expected_fk is not None:
            report(problems, file, miss[orphan], name, lambda rows: texts[np.searchsorted(miss, rows)].tolist(),
                   expected_fk)
        codes, uniques = pd.factorize(pd.Series(texts[orphan], dtype=object))
        key[miss[orphan]] = n_parent + codes
        key[miss[empty]] = n_parent + len(uniques)
        key[miss[(second >= 0) & ~empty]] = second[(second >= 0) & ~empty]
        n_keys = n_parent + len(uniques) + 1
        miss_texts = texts
    else:
        miss_texts = np.empty(0, object)

    def text(rows: np.ndarray) -> list:
        out = []
        for r in rows.tolist():
            i = index[r]
            if i >= 0:
                out.append(parent[int(i)].as_py())
            else:
                out.append(miss_texts[np.searchsorted(miss, r)])
        return out

    return _Refs(index, key, n_keys, text)


# --------------------------------------------------------------------------------------------
# Reading the folder.

def _table_path(folder: Path, name: str) -> Path | None:
    for ext in (".parquet", ".csv"):
        p = folder / f"{name}{ext}"
        if p.exists():
            return p
    return None


def spec_digest(spec: StudySpec) -> str:
    """SHA-256 of the study spec file (recorded in the manifest of validated tables)."""
    return hashlib.sha256(Path(spec.path).read_bytes()).hexdigest()


def file_digest(path: str | Path) -> str:
    """SHA-256 of a file, read in blocks (a registry's CSV is never held in memory whole)."""
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def _read_validated(folder: Path, spec: StudySpec) -> Cases | None:
    man = folder / MANIFEST
    if not man.exists():
        return None
    try:
        info = json.loads(man.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if info.get("format") != "osteostats-validated-cases":
        return None
    if info.get("version") != FORMAT_VERSION or info.get("study_sha256") != spec_digest(spec):
        why = ("an older osteostats" if info.get("version") != FORMAT_VERSION else "another study spec")
        raise InputError([Problem(str(man), None, None, f"validated tables written by {why}",
                                  f"tables validated for {spec.path} by this osteostats",
                                  fix=f"rerun osteostats validate --out {folder}")])
    frames = {name: pq.read_table(folder / f"{name}.parquet").to_pandas() for name in FILES}
    pat, vert, read = frames["patients"], frames["vertebrae"], frames["readings"]
    pids = pd.Index(pat["patient_id"]).rename(None)
    vids = pd.Index(vert["vertebra_id"]).rename(None)
    pidx = vert["patient_id"].to_numpy(dtype=np.int32)
    vidx = read["vertebra_id"].to_numpy(dtype=np.int32)
    vert["patient_id"] = pd.Categorical.from_codes(pidx, dtype=_id_dtype(pids))
    read["vertebra_id"] = pd.Categorical.from_codes(vidx, dtype=_id_dtype(vids))
    _attach_groups(pat, vert, read, pidx, vidx)
    return Cases(pat, vert, read, tuple(info.get("warnings", [])))


def _id_dtype(ids: pd.Index) -> pd.CategoricalDtype:
    """The categorical type of references to ``ids`` (validated unique and non-empty).

    The ids were checked for repeats while validating (or when they were first validated):
    pandas' own check would hash a registry's million ids again, so it is skipped where
    pandas offers the way to.
    """
    fast = getattr(pd.CategoricalDtype, "_from_fastpath", None)
    return fast(ids, False) if fast is not None else pd.CategoricalDtype(ids)


def _attach_groups(pat: pd.DataFrame, vert: pd.DataFrame, read: pd.DataFrame, pidx: np.ndarray,
                   vidx: np.ndarray) -> None:
    """Add the patient's ``group`` to vertebrae and ``patient_id``, ``group`` to readings."""
    group = pat["group"].array
    vert["group"] = pd.Categorical.from_codes(group.codes[pidx], dtype=group.dtype)
    read_pidx = pidx[vidx]
    read["patient_id"] = pd.Categorical.from_codes(read_pidx, dtype=vert["patient_id"].dtype)
    read["group"] = pd.Categorical.from_codes(group.codes[read_pidx], dtype=group.dtype)


@dataclass
class _Table:
    label: str
    raw: RawTable | None = None
    converted: dict[str, Converted] | None = None
    ids: pa.Array | None = None
    refs: _Refs | None = None


def _dialect_notes(tables: dict[str, "_Table"]) -> tuple[str, ...]:
    return tuple(f"{t.label}: {t.raw.dialect}" for t in tables.values() if t.raw is not None and t.raw.dialect)


def _read_one(folder: Path, name: str, cols: dict[str, ColumnSpec], problems: list[Problem]) -> _Table:
    path = _table_path(folder, name)
    label = str(path or folder / f"{name}.csv")
    if path is None:
        problems.append(Problem(label, None, None, "missing file",
                                f"a CSV (or Parquet) file with columns {', '.join(cols)}"))
        return _Table(label)
    text = {n for n, c in cols.items() if c.is_key}
    numeric = {n for n, c in cols.items() if c.kind in ("int", "float")}
    try:
        raw = read_table(path, text, numeric)
    except Unreadable as exc:
        problems.append(Problem(label, None, None, str(exc), "a readable CSV or Parquet file"))
        return _Table(label)
    for n in raw.duplicate_names:
        problems.append(Problem(label, 1, n, n, "unique column names (the header names this column twice)"))
    missing = [c for c in cols if c not in raw.columns]
    for c in missing:
        problems.append(Problem(label, None, c, "column missing", f"a column named {c} ({cols[c].expected})"
                                + (f"; the file was {raw.dialect}" if raw.dialect else "")))
    if missing:
        return _Table(label)
    return _Table(label, raw)


def _convert_table(t: _Table, cols: dict[str, ColumnSpec], tokens: set[str], problems: list[Problem]) -> None:
    """Convert every declared column; the raw cells of each are dropped once converted (the
    references to other tables are matched, and dropped, by the cross-table checks)."""
    t.converted = {}
    for name, c in cols.items():
        if c.unique:
            t.ids = _ids(t.raw.columns.pop(name), c, name, t.label, tokens, problems)
        elif not c.is_key:
            t.converted[name] = convert(t.raw.columns.pop(name), c, name, t.label, tokens, problems)


def _extras(raw: RawTable, cols: dict[str, ColumnSpec]) -> dict[str, pd.Categorical]:
    """Columns the study does not declare, kept as written (categoricals of the cell texts)."""
    out = {}
    for name, col in raw.columns.items():
        if name in cols:
            continue
        d = col if not isinstance(col, Text) else distinct(col.values)
        out[name] = pd.Categorical.from_codes(d.codes, categories=pd.Index(d.cells, dtype="str"))
    return out


def _typed_frame(t: _Table, cols: dict[str, ColumnSpec], key_columns: dict[str, object]) -> pd.DataFrame:
    data = {}
    for name in cols:
        data[name] = key_columns[name] if name in key_columns else t.converted[name].values
    data.update(_extras(t.raw, cols))
    return pd.DataFrame(data, copy=False)


def load_cases(folder: str | Path, spec: StudySpec | None = None) -> Cases:
    """Read ``patients``, ``vertebrae`` and ``readings`` (CSV or Parquet) from ``folder``.

    Every problem (missing file or column, unparseable or out-of-range value, unknown code,
    duplicate id, vertebra of an unknown patient, reading of an unknown vertebra, a finding read
    by a modality the study spec says cannot assess it, duplicate reading, empty group) is
    collected and raised together as one :class:`InputError`. Row numbers are 1-based file
    lines (the header is line 1). Which columns exist, their types, ranges, levels and missing
    tokens come from the study spec (default: ``config/study.yaml``). At most
    :data:`osteostats.cases.columns.MAX_LISTED` rows are listed per column and kind of problem;
    one more line counts the rest.

    Examples
    --------
    >>> cases = load_cases("data/cases")
    >>> len(cases.patients), len(cases.vertebrae)
    (81, 141)
    >>> cases.readings["vertebra_id"].cat.categories.equals(pd.Index(cases.vertebrae["vertebra_id"]))
    True
    """
    spec = spec or load_study()
    folder = Path(folder)
    done = _read_validated(folder, spec)
    if done is not None:
        return done
    specs = table_specs(spec)
    tokens = set(spec.missing_values)
    problems: list[Problem] = []
    with steps([*FILES, "checks", "frames"], "validate") as start:
        tables: dict[str, _Table] = {}
        for name in FILES:
            start(f"read {name}")
            tables[name] = t = _read_one(folder, name, specs[name], problems)
            if t.raw is not None:
                _convert_table(t, specs[name], tokens, problems)
        start("checks")
        _cross_checks(tables, specs, spec, tokens, problems)
        if problems:
            raise InputError(problems, f"{len(problems)} problem(s) in the case tables in {folder}")
        start("frames")
        notes = _dialect_notes(tables)
        cases = _frames(tables, specs, spec)
        return Cases(cases.patients, cases.vertebrae, cases.readings, notes + cases.warnings)


def _cross_checks(tables: dict[str, _Table], specs, spec: StudySpec, tokens: set[str],
                  problems: list[Problem]) -> None:
    pat, vert, read = tables["patients"], tables["vertebrae"], tables["readings"]
    if pat.raw is not None:
        counts = np.bincount(pat.converted["group"].level + 1, minlength=len(spec.group_codes) + 1)[1:]
        for g, n in zip(spec.group_codes, counts):
            if n == 0:
                problems.append(Problem(pat.label, None, "group", g,
                                        f"at least one patient in group {g} (the group is empty)"))
    if vert.raw is not None:
        c = specs["vertebrae"]["patient_id"]
        if pat.raw is not None:
            vert.refs = _references(vert.raw.columns.pop("patient_id"), pat.ids, c, "patient_id", vert.label, tokens,
                                    problems, f"the id of a patient in {Path(pat.label).name}")
        else:  # no patients to match: still report empty cells, and key rows by their text
            vert.refs = _references(vert.raw.columns.pop("patient_id"), pa.array([], pa.string()), c, "patient_id",
                                    vert.label, tokens, problems, None)
        if pat.raw is not None and "level" in vert.converted:
            lev = vert.converted["level"]
            rows = np.flatnonzero(lev.key >= 0)
            n_lev = len(lev.texts) + 1
            key = vert.refs.key[rows].astype(np.int64) * n_lev + (lev.key[rows] + 1)
            dup = rows[duplicated_first(key, vert.refs.n_keys * n_lev)]
            for r, pid in zip(dup.tolist(), vert.refs.text(dup)):
                problems.append(Problem(vert.label, r + 2, "level", lev.texts[lev.key[r]],
                                        f"one row per patient and level (patient {pid} has it twice)"))
    if read.raw is None:
        return
    f_conv, m_conv = read.converted["finding"], read.converted["modality"]
    allowed = np.ones((len(spec.findings) + 1, len(spec.modalities) + 1), bool)  # last: undeclared
    mods = list(spec.modalities)
    for i, f in enumerate(spec.findings.values()):
        allowed[i, :-1] = [m in f.modalities for m in mods]
    bad = np.flatnonzero(~allowed[f_conv.level, m_conv.level])
    findings = list(spec.findings.values())
    for r in bad.tolist():
        f = findings[f_conv.level[r]]
        problems.append(Problem(read.label, r + 2, "modality", mods[m_conv.level[r]],
                                f"a modality that can assess {f.name} ({', '.join(f.modalities)}): "
                                "a finding a modality cannot assess has no row, never a 0"))
    c = specs["readings"]["vertebra_id"]
    if vert.raw is None:  # no vertebrae to match: still report empty cells
        _references(read.raw.columns.pop("vertebra_id"), pa.array([], pa.string()), c, "vertebra_id", read.label,
                    tokens, problems, None)
        return
    read.refs = _references(read.raw.columns.pop("vertebra_id"), vert.ids, c, "vertebra_id", read.label, tokens,
                            problems, f"the id of a vertebra in {Path(vert.label).name}")
    n_m, n_f = len(m_conv.texts) + 1, len(f_conv.texts) + 1
    n_keys = read.refs.n_keys * n_m * n_f
    key = read.refs.key.astype(np.int32 if n_keys < 2**31 else np.int64)  # a copy, built up in place
    key *= n_m
    key += m_conv.key
    key += 1
    key *= n_f
    key += f_conv.key
    key += 1
    dup = duplicated_first(key, n_keys)
    for r, vid in zip(dup.tolist(), read.refs.text(dup)):
        ftext = f_conv.texts[f_conv.key[r]] if f_conv.key[r] >= 0 else None
        mtext = m_conv.texts[m_conv.key[r]] if m_conv.key[r] >= 0 else None
        problems.append(Problem(read.label, r + 2, "finding", ftext,
                                "one reading per vertebra, modality and finding "
                                f"({vid}/{mtext} repeated)"))


def _frames(tables: dict[str, _Table], specs, spec: StudySpec) -> Cases:
    pat, vert, read = tables["patients"], tables["vertebrae"], tables["readings"]
    pids = pd.Index(pat.ids.to_pandas(), dtype="str")
    vids = pd.Index(vert.ids.to_pandas(), dtype="str")
    patients = _typed_frame(pat, specs["patients"], {"patient_id": pd.Series(pids, copy=False)})
    pidx, vidx = vert.refs.index, read.refs.index
    ptype, vtype = _id_dtype(pids), _id_dtype(vids)
    vertebrae = _typed_frame(vert, specs["vertebrae"], {"vertebra_id": pd.Series(vids, copy=False),
                                                       "patient_id": pd.Categorical.from_codes(pidx, dtype=ptype)})
    readings = _typed_frame(read, specs["readings"], {"vertebra_id": pd.Categorical.from_codes(vidx, dtype=vtype)})
    _attach_groups(patients, vertebrae, readings, pidx, vidx)
    return Cases(patients, vertebrae, readings, linked_sign_warnings(vertebrae, readings, spec))


def linked_sign_warnings(vertebrae: pd.DataFrame, readings: pd.DataFrame, spec: StudySpec) -> tuple[str, ...]:
    """Readings vs vertebra-level signs: a disagreement is reported, not silently fixed.

    A finding that stands for a sign (``findings.<name>.sign`` in the study spec) detected by
    any modality must agree with the sign; a vertebra whose sign is missing counts as
    disagreeing. The examples are the first three vertebra ids in sorted order.
    """
    linked = [f for f in spec.findings.values() if f.sign is not None]
    if not linked or readings.empty:
        return ()
    vkey, n_v = row_keys(readings["vertebra_id"])
    if isinstance(readings["vertebra_id"].dtype, pd.CategoricalDtype):
        vert_ids = pd.Index(readings["vertebra_id"].cat.categories)
    else:
        vert_ids = pd.Index(pd.unique(readings["vertebra_id"]))
    fl = level_codes(readings["finding"], list(spec.findings))
    ml = level_codes(readings["modality"], list(spec.modalities))
    det = readings["detected"].to_numpy(dtype=np.int8, na_value=0)
    cube = detection_cube(vkey, n_v, fl, len(spec.findings), ml, len(spec.modalities), det)
    vids = pd.Index(vertebrae["vertebra_id"])
    row_of = np.arange(len(vids)) if vert_ids.equals(vids) else vids.get_indexer(vert_ids)
    names = list(spec.findings)
    out = []
    for f in linked:
        sub = cube[:, names.index(f.name), :]
        read_any = (sub >= 0).any(axis=1)
        if not read_any.any():
            continue
        anyv = (sub == 1).any(axis=1)
        sign = variable_values(vertebrae, spec.variables[f.sign]).to_numpy(dtype=float)
        ref = np.where(row_of >= 0, sign[np.maximum(row_of, 0)], np.nan)
        diff = read_any & ~(anyv.astype(float) == ref)
        if diff.any():
            examples = sorted(vert_ids[np.flatnonzero(diff)].astype(str))[:3]
            out.append(f"{int(diff.sum())} vertebra(e) where '{f.name}' detected by any modality differs "
                       f"from the vertebra sign '{f.sign}' (e.g. {', '.join(examples)})")
    return tuple(out)


def write_validated(cases: Cases, spec: StudySpec, out: str | Path, sources: dict[str, str]) -> None:
    """Write validated, typed tables as Parquet plus ``manifest.json`` (all or nothing).

    The folder is the workflow's cache between ``osteostats validate`` and the later stages:
    read it with :func:`load_cases`. References are stored as 0-based row numbers of the table
    they name (``vertebrae.patient_id``: a row of ``patients.parquet``; ``readings.vertebra_id``:
    a row of ``vertebrae.parquet``; the manifest says so), and the columns derived from them
    (``group`` of vertebrae, ``patient_id`` and ``group`` of readings) are not stored.
    """
    from ..io import atomic_dir

    pids = pd.Index(cases.patients["patient_id"])
    vids = pd.Index(cases.vertebrae["vertebra_id"])
    vert = cases.vertebrae.drop(columns=["group"])
    vert["patient_id"] = _row_numbers(vert["patient_id"], pids)
    read = cases.readings.drop(columns=[c for c in ("patient_id", "group") if c in cases.readings])
    read["vertebra_id"] = _row_numbers(read["vertebra_id"], vids)
    frames = {"patients": cases.patients, "vertebrae": vert, "readings": read}
    with atomic_dir(out) as tmp:
        for name in FILES:
            table = pa.Table.from_pandas(frames[name], preserve_index=False)
            # uncompressed: a cache read back on the same machine, where compressing costs more
            # time (about a tenth of a second per 100,000 patients) than the disk space is worth
            pq.write_table(table, tmp / f"{name}.parquet", row_group_size=max(1, table.num_rows),
                           compression="none")
        info = {"format": "osteostats-validated-cases", "version": FORMAT_VERSION, "study_sha256": spec_digest(spec),
                "sources": sources, "warnings": list(cases.warnings),
                "row_numbers": {t: {c: f"0-based row of {p}.parquet ({pc_})" for c, (p, pc_) in cols.items()}
                                for t, cols in REFERENCES.items()}}
        (tmp / MANIFEST).write_text(json.dumps(info, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def _row_numbers(child: pd.Series, parent: pd.Index) -> np.ndarray:
    """0-based row of ``parent`` named by each value of ``child`` (its codes when it is a
    categorical of exactly those ids)."""
    if isinstance(child.dtype, pd.CategoricalDtype) and child.cat.categories.equals(parent):
        return child.cat.codes.to_numpy().astype(np.int32)
    idx = parent.get_indexer(child.astype(object))
    if (idx < 0).any():
        raise ValueError("a reference names no row of its parent table (the cases were not validated)")
    return idx.astype(np.int32)
