"""Excel workbooks (openpyxl): every sheet is read as printed; numbers keep the decimals of
their cell format ("0.00" shows 12 as "12.00"); a merged cell's text fills its whole range,
so a spanning header stands over every column it spans."""
from __future__ import annotations

import re
from pathlib import Path

from .grid import RawTable
from .read_delimited import split_tables


def _decimals(number_format: str) -> int | None:
    """Decimals shown by a number format: "0.00" -> 2, "0" -> 0, "General" -> None."""
    m = re.search(r"0\.(0+)", number_format or "")
    if m:
        return len(m.group(1))
    if re.fullmatch(r"[#,]*0(;.*)?", number_format or ""):
        return 0
    return None


def cell_text(cell) -> str:
    """The text a cell shows."""
    v = cell.value
    if v is None:
        return ""
    if isinstance(v, bool):
        return str(v)
    if isinstance(v, (int, float)):
        d = _decimals(cell.number_format)
        if d is not None:
            return f"{v:.{d}f}"
        if isinstance(v, float) and v.is_integer():
            return str(int(v))
        return repr(v) if isinstance(v, float) else str(v)
    return str(v)


def read_xlsx(path: str | Path) -> list[RawTable]:
    """Tables on every sheet of a workbook (sheet name = default table label)."""
    from openpyxl import load_workbook

    path = Path(path)
    wb = load_workbook(path, data_only=True)
    out: list[RawTable] = []
    for ws in wb.worksheets:
        grid = [[cell_text(c) for c in row] for row in ws.iter_rows()]
        for rng in ws.merged_cells.ranges:
            text = grid[rng.min_row - 1][rng.min_col - 1] if rng.min_row - 1 < len(grid) else ""
            for r in range(rng.min_row - 1, min(rng.max_row, len(grid))):
                for c in range(rng.min_col - 1, rng.max_col):
                    if c < len(grid[r]):
                        grid[r][c] = text
        where = [f"sheet '{ws.title}' row {i + 1}" for i in range(len(grid))]
        out += split_tables(str(path), grid, where, ws.title)
    return out
