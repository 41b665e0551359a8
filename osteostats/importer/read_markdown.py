"""Markdown (pipe) tables: ``| a | b |`` rows, the ``|---|`` rule skipped.

The table's number comes from the nearest heading or line before it that names one
("## Table 2 — …", "表2 …"); the plain lines between that title and the table are kept as
its context (e.g. "OP group (n = 98 vertebrae):", which names the group a part is about).
Several tables under one title are parts of one printed table.
"""
from __future__ import annotations

import re
from pathlib import Path

from .grid import RawTable, parse_title

_RULE = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")


def split_row(line: str) -> list[str]:
    """Cells of one pipe row (escaped pipes ``\\|`` stay in the cell).

    Examples
    --------
    >>> split_row("| Age, years | 69.58 ± 8.457 | 62.13 ± 10.773 |")
    ['Age, years', '69.58 ± 8.457', '62.13 ± 10.773']
    """
    s = line.strip()
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|") and not s.endswith("\\|"):
        s = s[:-1]
    return [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", s)]


def read_markdown(path: str | Path, text: str | None = None) -> list[RawTable]:
    """Every pipe table in a Markdown file, with the title and context lines above it."""
    path = Path(path)
    if text is None:
        text = path.read_text(encoding="utf-8-sig")
    lines = text.splitlines()
    out: list[RawTable] = []
    label, title, continued = "", "", False
    context: list[str] = []
    parts_under_title = 0
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.lstrip().startswith("|"):
            rows, where = [], []
            while i < len(lines) and lines[i].lstrip().startswith("|"):
                if not _RULE.match(lines[i].strip()):
                    rows.append(split_row(lines[i]))
                    where.append(f"line {i + 1}")
                i += 1
            width = max(len(r) for r in rows)
            rows = [r + [""] * (width - len(r)) for r in rows]
            out.append(RawTable(str(path), label, title, continued or parts_under_title > 0, rows, where,
                                list(context)))
            parts_under_title += 1
            context = []
            continue
        t = parse_title(line) if (line.lstrip().startswith("#") or parse_title(line)) else None
        if t is not None:
            label, continued, title = t
            context, parts_under_title = [], 0
        elif line.strip() and label:
            context.append(line.strip())
        i += 1
    return out
