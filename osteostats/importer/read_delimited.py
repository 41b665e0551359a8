"""CSV and TSV files laid out as printed: one table, or several separated by title rows
("Table 2 …" alone in the first cell) or by empty rows."""
from __future__ import annotations

import csv
import io
from pathlib import Path

from .cells import looks_like_data
from .grid import RawTable, parse_title


def split_tables(file: str, rows: list[list[str]], where: list[str], default_label: str) -> list[RawTable]:
    """Cut a sheet of rows into tables at title rows and empty rows (shared with XLSX)."""
    out: list[RawTable] = []
    label, title, continued = default_label, "", False
    cur: list[list[str]] = []
    cur_where: list[str] = []

    def flush() -> None:
        nonlocal cur, cur_where
        if cur:
            width = max(len(r) for r in cur)
            grid = [r + [""] * (width - len(r)) for r in cur]
            seen = [t for t in out if t.label == label]
            out.append(RawTable(file, label, title, continued or bool(seen), grid, cur_where))
        cur, cur_where = [], []

    for row, w in zip(rows, where):
        cells = [str(c).strip() for c in row]
        while cells and not cells[-1]:
            cells.pop()
        filled = [c for c in cells if c]
        if not filled:
            flush()
            continue
        t = parse_title(filled[0]) if len(set(filled)) <= 2 and cells[0] == filled[0] else None
        if t is not None and len(set(filled)) == 2 and looks_like_data(filled[1]):
            t = None
        if t is not None:  # "Table 2 …" alone (a merged title repeats its text), or "Table 2 | caption"
            flush()
            label, continued, title = t
            if len(set(filled)) == 2:
                title = (title + " " + filled[1]).strip()
            continue
        cur.append(cells)
        cur_where.append(w)
    flush()
    return out


def read_delimited(path: str | Path, text: str | None = None) -> list[RawTable]:
    """Tables in a CSV (comma or semicolon) or TSV file (tab); the delimiter is sniffed."""
    path = Path(path)
    if text is None:
        text = path.read_text(encoding="utf-8-sig")
    if path.suffix.lower() in (".tsv", ".tab"):
        delim = "\t"
    else:
        try:
            delim = csv.Sniffer().sniff(text[:4096], delimiters=",;\t").delimiter
        except csv.Error:
            delim = ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delim))
    where = [f"row {i + 1}" for i in range(len(rows))]
    return split_tables(str(path), rows, where, path.stem)
