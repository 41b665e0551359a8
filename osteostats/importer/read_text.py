"""Tables in plain text copied out of a PDF: a title line ("表1 …", "Table 2 (continued)"),
then rows whose cells are separated by tabs or runs of two or more spaces.

The cells of a spanning header ("骨折椎体形态" over 楔形 / 双凹形 / 扁平形) come out as one
token, so these tables are *ragged*; :mod:`.layout` decides which columns a header spans.
"""
from __future__ import annotations

import re
from pathlib import Path

from .cells import looks_like_data
from .grid import RawTable, parse_title

_SEP = re.compile(r"\s*\t\s*|\s{2,}")


def tokens(line: str) -> list[str]:
    """Split a line into cells; a leading separator gives an empty first cell (no row label).

    Examples
    --------
    >>> tokens("骨质疏松性骨折(n=50)          69.58±8.457          6(12.00)")
    ['骨质疏松性骨折(n=50)', '69.58±8.457', '6(12.00)']
    >>> tokens("\\t\\t   楔形             双凹形\\t      扁平形\\t\\t")
    ['', '楔形', '双凹形', '扁平形']
    """
    s = line.rstrip()
    lead_empty = bool(re.match(r"^(\t|\s{2,})", s))
    parts = [p.strip() for p in _SEP.split(s.strip())]
    return ([""] if lead_empty else []) + parts


def read_text(path: str | Path, text: str | None = None) -> list[RawTable]:
    """Every titled table in a text file.

    A table runs from its title to the next title, or to the first line after its data rows
    that holds a single cell (running text, a figure legend, a footnote).
    """
    path = Path(path)
    if text is None:
        text = path.read_text(encoding="utf-8-sig")
    lines = text.splitlines()
    out: list[RawTable] = []
    i = 0
    while i < len(lines):
        t = _title(lines[i])
        if t is None:
            i += 1
            continue
        label, continued, title = t
        rows: list[list[str]] = []
        where: list[str] = []
        j = i + 1
        body_started = False
        while j < len(lines):
            line = lines[j]
            if not line.strip():
                j += 1
                continue
            if _title(line) is not None:
                break
            toks = tokens(line)
            if len(toks) < 2:
                if body_started or rows:
                    break
                j += 1
                continue
            if any(looks_like_data(c) for c in toks[1:]):
                body_started = True
            rows.append(toks)
            where.append(f"line {j + 1}")
            j += 1
        if rows:
            out.append(RawTable(str(path), label, title, continued, rows, where, ragged=True))
        i = j
    return out


def _title(line: str) -> tuple[str, bool, str] | None:
    """A title line: "表1 …" / "Table 1 …" standing alone (not a row of cells)."""
    if len(line.strip()) > 200 or len(tokens(line)) > 2:
        return None
    return parse_title(line)
