"""A table as read from a file, before interpretation: rows of cell texts with their positions.

Every reader (text, Markdown, CSV/TSV, XLSX, DOCX) returns :class:`RawTable` objects, so
that recognising headers, groups and statistics is written once (:mod:`.layout`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

_TITLE_ZH = re.compile(r"^\s*(续表|表)\s*([A-Za-z]?\d+)\s*(\(续\)|（续）)?\s*(.*)$")
_TITLE_EN = re.compile(r"^\s*(?:supplementary\s+)?table\s+([A-Za-z]?\d+)\s*(\((?:continued|cont\.?|contd\.?)\)|continued)?"
                       r"\s*[.:：—–-]?\s*(.*)$", re.IGNORECASE)


@dataclass
class RawTable:
    """One printed table (or one part of it) as rows of text cells.

    Attributes
    ----------
    file : str
        The file it was read from.
    label : str
        The table's number as printed ("1", "2", "S1"), or "" when no title names one.
    title : str
        The title text after the number.
    continued : bool
        A continuation ("续表2", "Table 2 (continued)") of an earlier table with the same label.
    rows : list of list of str
        Cell texts. ``ragged`` tables (text copied out of a PDF) have one token per printed
        cell, so spanning headers have fewer cells than data rows.
    where : list of str
        For each row, where it is in the file ("line 121", "row 4").
    context : list of str
        Lines between the title and the table (e.g. "OP group (n = 98 vertebrae):").
    """

    file: str
    label: str
    title: str
    continued: bool
    rows: list[list[str]]
    where: list[str]
    context: list[str] = field(default_factory=list)
    ragged: bool = False

    @property
    def name(self) -> str:
        """How messages name the table."""
        return f"table {self.label}" + (" (continued)" if self.continued else "") if self.label else "untitled table"


def parse_title(line: str) -> tuple[str, bool, str] | None:
    """(label, continued, title) of a table title line, or None.

    Examples
    --------
    >>> parse_title("表1 骨质疏松与溶骨性转移瘤致椎体骨折患者的临床资料比较(%)")[:2]
    ('1', False)
    >>> parse_title("续表2")
    ('2', True, '')
    >>> parse_title("Table 2 (continued). Imaging signs")
    ('2', True, 'Imaging signs')
    >>> parse_title("## Table 3 — detection rate")[:2]
    ('3', False)
    >>> parse_title("表现为椎体压缩") is None
    True
    """
    s = re.sub(r"^[#\s*_]+", "", line).strip()
    m = _TITLE_ZH.match(s)
    if m:
        return m.group(2), m.group(1) == "续表" or bool(m.group(3)), m.group(4).strip()
    m = _TITLE_EN.match(s)
    if m:
        return m.group(1), bool(m.group(2)), m.group(3).strip().strip("—–- ").strip()
    return None
