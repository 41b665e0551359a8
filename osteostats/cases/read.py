"""Read one case table (CSV or Parquet) column by column, without one Python string per cell.

CSV files go through pyarrow's multithreaded reader with every column read as text: the key
columns that name rows (ids and references to ids) as plain Arrow strings, every other column
dictionary-encoded while it is parsed, so a column of 22 million cells is held as 22 million
small integer codes plus its few distinct texts. Parquet columns keep their stored type where
the validator can use it (numbers for numeric columns); anything else is read as text, as a
CSV cell would be.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from .codes import smallest_int

#: Bytes of CSV parsed per block (and thread): larger blocks mean fewer per-block dictionaries.
BLOCK_SIZE = 16 << 20
_DICT = pa.dictionary(pa.int32(), pa.string())


@dataclass(frozen=True)
class Distinct:
    """A column as codes into its distinct cell texts.

    ``codes[i]`` indexes ``cells`` (the raw, unstripped texts); -1 marks a null cell (a
    Parquet null), which counts as empty; ``has_null`` says whether there is one.
    """

    codes: np.ndarray
    cells: np.ndarray
    has_null: bool = False


@dataclass(frozen=True)
class Text:
    """A column of raw cell texts (Arrow strings, chunked as read; a null counts as empty)."""

    values: pa.ChunkedArray | pa.Array


@dataclass(frozen=True)
class Numbers:
    """A numeric Parquet column: float64 with NaN where the cell is empty."""

    values: np.ndarray


class Unreadable(Exception):
    """The file cannot be read as a table (the message is shown to the user)."""


@dataclass(frozen=True)
class RawTable:
    """The columns of one case table, in file order, and its number of data rows."""

    columns: dict[str, Distinct | Text | Numbers]
    n_rows: int
    duplicate_names: tuple[str, ...] = ()
    #: What was found when the file is not a plain comma-separated, decimal-point CSV (a
    #: European Excel export: ``;`` and decimal commas), in words; empty otherwise.
    dialect: str = ""


def distinct(values: pa.ChunkedArray | pa.Array) -> Distinct:
    """Codes and distinct texts of a (dictionary or plain) string column.

    Per-chunk dictionaries are merged by encoding their concatenation once; cost is the
    number of cells plus the total size of the chunk dictionaries, never a Python loop
    over cells.

    Examples
    --------
    >>> import pyarrow as pa
    >>> d = distinct(pa.chunked_array([pa.array(["a", "b", "a"]).dictionary_encode(),
    ...                                pa.array(["b", None]).dictionary_encode()]))
    >>> d.codes.tolist(), d.cells.tolist()
    ([0, 1, 0, 1, -1], ['a', 'b'])
    """
    chunks = values.chunks if isinstance(values, pa.ChunkedArray) else [values]
    chunks = [c if pa.types.is_dictionary(c.type) else pc.dictionary_encode(c) for c in chunks]
    chunks = [c for c in chunks if len(c)]
    if not chunks:
        return Distinct(np.empty(0, np.int8), np.empty(0, object), False)
    dicts = [c.dictionary.cast(pa.string()) for c in chunks]
    merged = pc.dictionary_encode(pa.concat_arrays(dicts))
    cells = np.asarray(merged.dictionary.to_pylist(), dtype=object)
    itype = smallest_int(len(cells))
    to_global = merged.indices.to_numpy().astype(itype)
    codes = np.empty(sum(len(c) for c in chunks), itype)
    row = start = 0
    has_null = False
    for c, d in zip(chunks, dicts):
        # Position len(d) of the map stands for a null cell (-1).
        mapping = np.append(to_global[start:start + len(d)], itype(-1))
        idx = c.indices
        if idx.null_count:
            has_null = True
            idx = pc.fill_null(idx, len(d))
        codes[row:row + len(c)] = mapping[idx.to_numpy()]
        row += len(c)
        start += len(d)
    return Distinct(codes, cells, has_null)


def _header(path: Path, delimiter: str = ",") -> list[str]:
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            line = fh.readline()
    except UnicodeDecodeError as exc:
        raise Unreadable(f"not UTF-8 text ({exc.reason} at byte {exc.start} of the header)") from None
    if not line.strip():
        raise Unreadable("empty file (no header row)")
    return [name.strip() for name in next(csv.reader([line], delimiter=delimiter))]


#: Bytes read from the top of a CSV to detect its delimiter and decimal mark.
SNIFF_BYTES = 1 << 16
_COMMA_NUMBER = re.compile(r"^\s*([-+]?\d+),(\d+)\s*$")


def _dialect(path: Path) -> tuple[str, str]:
    """Delimiter and decimal mark of a CSV, from its first lines (:func:`osteostats.sniff.sniff_text`)."""
    from ..sniff import sniff_text

    with open(path, "rb") as fh:
        head = fh.read(SNIFF_BYTES)
    text = head.decode("utf-8-sig", errors="replace")
    if len(head) == SNIFF_BYTES:
        text = text.rsplit("\n", 1)[0]  # a partial last line would mislead the field counts
    found = sniff_text(text)
    return found.delimiter, found.decimal


def _decimal_point(col: Distinct) -> Distinct:
    """Decimal commas (``23,5``) as decimal points, on the distinct cells only."""
    cells = np.array([_COMMA_NUMBER.sub(r"\1.\2", c) for c in col.cells.tolist()], dtype=object)
    return Distinct(col.codes, cells, col.has_null)


def _read_csv(path: Path, text_columns: set[str]) -> RawTable:
    delimiter, decimal = _dialect(path)
    names = _header(path, delimiter)
    types = {n: (pa.string() if n in text_columns else _DICT) for n in names}
    convert = pacsv.ConvertOptions(column_types=types, strings_can_be_null=False, quoted_strings_can_be_null=False)
    read = pacsv.ReadOptions(column_names=names, skip_rows=1, block_size=BLOCK_SIZE)
    try:
        table = pacsv.read_csv(path, read_options=read, convert_options=convert,
                               parse_options=pacsv.ParseOptions(delimiter=delimiter))
    except (pa.ArrowInvalid, pa.ArrowException, OSError) as exc:
        # A quoted cell may hold a line break (a free-text note): read again allowing it
        # (slower, so only when needed); if that fails too, the first message stands.
        try:
            table = pacsv.read_csv(path, read_options=read, convert_options=convert,
                                   parse_options=pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=True))
        except (pa.ArrowInvalid, pa.ArrowException, OSError):
            raise Unreadable(str(exc).splitlines()[0] if str(exc) else type(exc).__name__) from None
    raw = _columns(table, names, text_columns, numeric=set())
    if decimal == ",":
        raw.columns.update({n: _decimal_point(c) for n, c in raw.columns.items() if isinstance(c, Distinct)})
    if (delimiter, decimal) != (",", "."):
        name = {";": "semicolon", "\t": "tab", ",": "comma"}[delimiter]
        raw = replace(raw, dialect=f"read as {name}-separated"
                      + (" with decimal commas (e.g. 23,5 = 23.5)" if decimal == "," else "")
                      + " (detected from the first lines)")
    return raw


def _as_text(column: pa.ChunkedArray) -> pa.ChunkedArray:
    """Cells of a non-text Parquet column as the text a CSV cell would hold (pandas' rendering)."""
    s = column.to_pandas().astype("string").fillna("")
    return pa.chunked_array([pa.array(s.to_numpy(dtype=object), type=pa.string())])


def _read_parquet(path: Path, text_columns: set[str], numeric: set[str]) -> RawTable:
    try:
        schema = pq.read_schema(path)
        # Text columns other than ids come back dictionary-encoded: no string per cell.
        as_dict = [f.name for f in schema if f.name.strip() not in text_columns
                   and (pa.types.is_string(f.type) or pa.types.is_large_string(f.type))]
        table = pq.read_table(path, read_dictionary=as_dict)
    except (pa.ArrowException, OSError) as exc:
        raise Unreadable(str(exc).splitlines()[0] if str(exc) else type(exc).__name__) from None
    return _columns(table, [str(n).strip() for n in table.column_names], text_columns, numeric)


def _columns(table: pa.Table, names: list[str], text_columns: set[str], numeric: set[str]) -> RawTable:
    seen: set[str] = set()
    dups = tuple(dict.fromkeys(n for n in names if n in seen or seen.add(n)))
    cols: dict[str, Distinct | Text | Numbers] = {}
    for i, name in enumerate(names):
        if name in cols:
            continue
        col = table.column(i)
        t = col.type
        is_str = pa.types.is_string(t) or pa.types.is_large_string(t)
        is_dict_str = pa.types.is_dictionary(t) and (pa.types.is_string(t.value_type)
                                                     or pa.types.is_large_string(t.value_type))
        if name in numeric and (pa.types.is_integer(t) or pa.types.is_floating(t)):
            cols[name] = Numbers(np.asarray(col.to_numpy(), dtype=float))
            continue
        if not (is_str or is_dict_str):
            col = _as_text(col)
            is_str = True
        if name in text_columns:
            col = col.cast(pa.string()) if not is_str or pa.types.is_large_string(t) else col
            cols[name] = Text(col)
        else:
            cols[name] = distinct(col)
    return RawTable(cols, table.num_rows, dups)


def read_table(path: Path, text_columns: set[str], numeric: set[str]) -> RawTable:
    """Read ``path`` (``.csv`` or ``.parquet``).

    ``text_columns`` are read as plain strings (ids and references), ``numeric`` may stay
    numbers when Parquet stores them so; every other column becomes :class:`Distinct`.

    Raises
    ------
    Unreadable
        The file is not a readable CSV or Parquet table (message for the user).
    """
    if path.suffix == ".parquet":
        return _read_parquet(path, text_columns, numeric)
    return _read_csv(path, text_columns)


def stripped(cells: np.ndarray) -> pd.Series:
    """Distinct cell texts with surrounding white space removed (pandas' ``str.strip``)."""
    return pd.Series(cells, dtype="str").str.strip()
