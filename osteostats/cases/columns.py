"""Convert and check one column of a case table, reporting every bad cell.

Every check runs once per *distinct* cell text (a column of 22 million readings has a handful),
and the verdicts are mapped back to rows through the integer codes, so finding the bad rows is
one vectorised gather. The messages are those of the case-table format: file, 1-based file row
(index + 2: the header is row 1), column, the value as written (or as read, for a value out of
range or not among the levels), and what was expected.

Measured on the cells of a 1,000,000-patient synthetic cohort (``benchmarks/bench_tables.py
--validation``; 22.1 million readings, 1.7 million vertebrae; CPU seconds, shared 2-core
machine): the pandera schema of the same checks (:func:`osteostats.cases.schemas.pandera_schema`,
``lazy=True``) took 11.5 s on the readings' converted values as NumPy/object columns and 1.35 s
with pyarrow-backed string columns (1.55 s and 0.37 s on the vertebrae); the same checks with
``pyarrow.compute`` on every cell 2.0 s (0.71 s); these checks on distinct values 0.62 s
(0.20 s), conversion included (white space, missing tokens, numbers), whereas pandera also needs
the converted frame (a string per cell) built first. The fastest is kept; the pandera schema
stays the reference, and a test checks that both flag the same cells.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import Problem
from .codes import smallest_int
from .read import Distinct, Numbers, stripped
from .schemas import ColumnSpec

#: At most this many rows are listed per column and kind of problem; the rest are counted.
MAX_LISTED = 1000


def report(problems: list[Problem], file: str, rows: np.ndarray, column: str | None, values, expected: str) -> None:
    """Append one problem per row (0-based ``rows``; shown as file rows ``index + 2``).

    ``values`` gives the shown value for a subset of rows (called with at most
    :data:`MAX_LISTED` rows). Beyond that many rows, one more problem counts the rest.
    """
    if len(rows) == 0:
        return
    shown = rows[:MAX_LISTED]
    for r, v in zip(shown.tolist(), values(shown)):
        problems.append(Problem(file, r + 2, column, v, expected))
    rest = len(rows) - len(shown)
    if rest:
        problems.append(Problem(file, None, column, f"{rest:,} more row(s) like the above (rows {int(rows[MAX_LISTED]) + 2:,}"
                                f" to {int(rows[-1]) + 2:,}; the first {MAX_LISTED:,} are listed)", expected))


def _native(x):
    """A NumPy scalar as the Python number it holds (messages show ``2``, not ``np.int64(2)``)."""
    return x.item() if isinstance(x, np.generic) else x


@dataclass(frozen=True)
class Converted:
    """One converted column.

    ``values`` is what the case table holds (pandas array: Categorical, Int8/Int64 or float);
    ``key`` gives every row an integer naming its stripped text (-1 = empty), for duplicate
    checks that must also see invalid values; ``level`` (categorical columns) is the row's
    index among the declared levels, -1 for empty or undeclared. Both use the smallest
    integer type that holds them (one byte per row for a column of a few distinct texts).
    """

    values: object
    key: np.ndarray
    level: np.ndarray | None = None
    texts: np.ndarray | None = None  # stripped text of each key


def _rows_where(flag_per_code: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """Rows whose code is flagged (``flag_per_code`` has one more entry, for code -1)."""
    if not flag_per_code.any():
        return np.empty(0, np.int64)
    return np.flatnonzero(flag_per_code[codes])


def convert(raw: Distinct | Numbers, c: ColumnSpec, name: str, file: str, tokens: set[str],
            problems: list[Problem]) -> Converted:
    """Convert one non-key column; append every problem (empty where required, not a number,
    not a whole number, out of range, not a declared level)."""
    if isinstance(raw, Numbers):
        return _convert_numbers(raw, c, name, file, problems)
    codes, cells = raw.codes, raw.cells
    text = stripped(cells)
    # One entry per distinct cell, plus a last one for null cells (code -1 indexes it); a
    # flag on it is dropped where the column has no null, so no row is looked at in vain.
    missing_u = np.append(text.isin(tokens).to_numpy(), True)
    real = np.append(np.ones(len(cells), bool), raw.has_null)
    raw_value = lambda rows: cells[codes[rows]].tolist()  # noqa: E731 - the cell as written
    if c.required:
        report(problems, file, _rows_where(missing_u & real, codes), name, lambda rows: [""] * len(rows),
               c.expected + " (this column may not be empty)")
    # Distinct stripped texts: a key per row that ignores white space (for duplicate checks).
    keys_u, texts = pd.factorize(text)
    keys_u = np.append(keys_u, -1).astype(smallest_int(len(texts)))
    keys_u[missing_u] = -1
    key = keys_u[codes]
    if c.kind == "str":
        levels = list(c.levels) if c.levels is not None else sorted(set(text[~missing_u[:-1]]))
        lev_u = np.append(pd.Index(levels).get_indexer(text), -1).astype(smallest_int(len(levels)))
        lev_u[missing_u] = -1
        bad_u = (lev_u < 0) & ~missing_u
        text_u = np.append(text.to_numpy(dtype=object), "")
        report(problems, file, _rows_where(bad_u, codes), name, lambda rows: text_u[codes[rows]].tolist(), c.expected)
        level = lev_u[codes]
        values = pd.Categorical.from_codes(level, categories=pd.Index(levels, dtype="str"))
        return Converted(values, key, level, np.asarray(texts, dtype=object))
    num = pd.to_numeric(text.where(~missing_u[:-1], np.nan), errors="coerce").to_numpy(dtype=float)
    num_u = np.append(num, np.nan)
    unparsed_u = np.isnan(num_u) & ~missing_u
    report(problems, file, _rows_where(unparsed_u, codes), name, raw_value, c.expected)
    ok_u = ~np.isnan(num_u)
    if c.kind == "int":
        with np.errstate(invalid="ignore"):
            nonint_u = ok_u & ~(np.isfinite(num_u) & (num_u == np.round(num_u)))
        report(problems, file, _rows_where(nonint_u, codes), name, raw_value, c.expected)
        ok_u &= ~nonint_u
        num_u = np.where(ok_u, np.round(num_u), np.nan)
    fail_u = ok_u & ~c.accepts(num_u)
    as_int = c.kind == "int"
    report(problems, file, _rows_where(fail_u, codes), name,
           lambda rows: [int(v) if as_int else float(v) for v in num_u[codes[rows]]], c.expected)
    if c.kind == "int":  # gather small integers and a mask, never a float per row
        nan_u = np.isnan(num_u)
        data_u = np.where(nan_u, 0, num_u).astype(_int_type(c))
        return Converted(pd.arrays.IntegerArray(data_u[codes], nan_u[codes]), key)
    return Converted(num_u[codes], key)


def _int_type(c: ColumnSpec) -> type:
    """int8 for a column of small declared levels (0/1), else int64."""
    return np.int8 if c.levels is not None and all(-128 <= v <= 127 for v in c.levels) else np.int64


def _typed(x: np.ndarray, c: ColumnSpec):
    if c.kind != "int":
        return x
    mask = np.isnan(x)
    return pd.arrays.IntegerArray(np.where(mask, 0, x).astype(_int_type(c)), mask)


def _convert_numbers(raw: Numbers, c: ColumnSpec, name: str, file: str, problems: list[Problem]) -> Converted:
    """A numeric Parquet column: empty = NaN; the value shown is the stored number."""
    x = raw.values
    missing = np.isnan(x)
    if c.required:
        report(problems, file, np.flatnonzero(missing), name, lambda rows: [""] * len(rows),
               c.expected + " (this column may not be empty)")
    ok = ~missing
    if c.kind == "int":
        with np.errstate(invalid="ignore"):
            nonint = ok & ~(np.isfinite(x) & (x == np.round(x)))
        report(problems, file, np.flatnonzero(nonint), name, lambda rows: [str(v) for v in x[rows]], c.expected)
        ok &= ~nonint
        x = np.where(ok, np.round(x), np.nan)
    fail = ok & ~c.accepts(x)
    report(problems, file, np.flatnonzero(fail), name,
           lambda rows: [int(v) if c.kind == "int" else float(v) for v in x[rows]], c.expected)
    key = pd.factorize(x, use_na_sentinel=True)[0]
    return Converted(_typed(x, c), key.astype(smallest_int(int(key.max(initial=0)) + 1)))
