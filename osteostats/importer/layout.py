"""Which way a table runs, and which column every header word stands over.

A printed comparison table has *items* (age, sex, a sign) along one axis and *arms* (the
compared groups, or the modalities read on one group) along the other, plus statistic and P
lines. :func:`frame_of` turns any :class:`~.grid.RawTable` into one canonical
:class:`Frame` — arms as rows, items as columns — and says what it inferred.

Orientation: statistic labels (``t/χ2值``, ``P值``) in the first column, or group sizes in
the row labels, mean the arms are rows; statistic labels or group sizes in the header mean
the items are rows. Text copied out of a PDF loses the span of a header cell: a header row
with fewer cells than the data rows is resolved by :func:`spans` (levels of one variable must
add up to the group size; group headers split the columns equally), and anything that fits
more than one way stops with a message saying what to change in the file.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from itertools import product
from typing import Callable

from .cells import looks_like_data
from .grid import RawTable
from .headers import group_header, stat_label


class LayoutError(ValueError):
    """The layout cannot be read unambiguously; ``where`` and ``fix`` say what to change."""

    def __init__(self, table: RawTable, where: str, problem: str, fix: str):
        self.table, self.where, self.problem, self.fix = table, where, problem, fix
        super().__init__(f"{table.file}, {table.name}, {where}: {problem}; {fix}")


@dataclass
class Pos:
    """Where a cell stands: the row as located in the file and the 1-based column of the table."""

    where: str
    column: int
    header: str


@dataclass
class Frame:
    """A table with arms as rows and items as columns."""

    table: RawTable
    item_paths: list[list[str]]
    arms: list[str]
    cells: list[list[str]]  # [arm][item]
    cell_pos: list[list[Pos]]
    stats: list[tuple[str, str, list[str], list[Pos]]]  # (printed label, kind, texts per item, positions)
    arm_pos: list[str]
    notes: list[str] = field(default_factory=list)
    #: variable heading -> its own statistic cells (label, kind, text, position): the levels
    #: below it form one categorical (r x c) comparison
    shared_stats: dict[str, list] = field(default_factory=dict)


def _is_header_row(row: list[str]) -> bool:
    return not any(looks_like_data(c) for c in row[1:])


def frame_of(table: RawTable, check_spans: Callable[[list[tuple[int, int]], list[list[str]]], bool] | None = None) -> Frame:
    """The canonical frame of one table (see the module docstring)."""
    rows = [list(r) for r in table.rows]
    n_head = 0
    while n_head < len(rows) and _is_header_row(rows[n_head]):
        n_head += 1
    head, body = rows[:n_head], rows[n_head:]
    head_where, body_where = table.where[:n_head], table.where[n_head:]
    if not body:
        raise LayoutError(table, table.where[0] if table.where else "", "no data rows (no cell reads as a number)",
                          "check that the table's cells hold the printed numbers")
    if not head:
        raise LayoutError(table, body_where[0], "no header row above the data",
                          "add a header row naming the columns")
    labels = [r[0] for r in body]
    stat_rows = [stat_label(lab) for lab in labels]
    bottom = head[-1]
    stat_cols = [stat_label(c) for c in bottom[1:]]
    sized_rows = any(group_header(lab) for lab in labels)
    sized_cols = any(group_header(c) for h in head for c in h[1:])
    arms_are_rows = any(stat_rows) or (not any(stat_cols) and sized_rows)
    items_are_rows = any(stat_cols) or (not any(stat_rows) and sized_cols and not sized_rows)
    if arms_are_rows and items_are_rows:
        raise LayoutError(table, head_where[-1], "statistic labels both in the first column and in the header",
                          "keep the statistic and P either as rows or as columns")
    if not arms_are_rows and not items_are_rows:
        raise LayoutError(table, head_where[0], "cannot tell which way the groups run (no group sizes, no statistic or P labels)",
                          "add the group sizes to the group headers, e.g. 'OP (n=50)', or label the P column 'P'")
    if arms_are_rows:
        return _arms_as_rows(table, head, body, head_where, body_where, check_spans)
    return _items_as_rows(table, head, body, head_where, body_where)


def _width(table: RawTable, body: list[list[str]], body_where: list[str], notes: list[str] | None = None) -> int:
    """Number of data columns. In text tables the group rows decide; a statistic row with fewer
    cells (nothing printed under a size column) is aligned to the right, and said so."""
    if not table.ragged:
        return len(body[0]) - 1
    arm_counts = [len(r) - 1 for r in body if not stat_label(r[0])] or [len(r) - 1 for r in body]
    common = max(sorted(set(arm_counts)), key=arm_counts.count)
    for i, (r, w) in enumerate(zip(body, body_where)):
        c = len(r) - 1
        if c == common:
            continue
        if stat_label(r[0]) and 0 < c < common and notes is not None:
            body[i] = [r[0]] + [""] * (common - c) + r[1:]
            notes.append(f"{table.name}, {w}: '{r[0]}' has {c} cells for {common} columns: aligned to the right "
                         "(nothing printed under the first column(s))")
            continue
        raise LayoutError(table, w, f"row '{r[0]}' has {c} cells but the other data rows have {common}",
                          "print '–' in empty cells or separate the columns with tabs")
    return common


def _arms_as_rows(table, head, body, head_where, body_where, check_spans) -> Frame:
    notes: list[str] = []
    d = _width(table, body, body_where, notes)
    hrows = [[c for c in h[1:]] for h in head]
    if table.ragged:
        hrows = [[c for c in h if c != ""] for h in hrows]
        paths = spans(table, hrows, d, head_where, body, check_spans, notes)
    else:
        paths = _rect_paths(hrows, d)
    arms, cells, pos, arm_where = [], [], [], []
    stats = []
    for r, w in zip(body, body_where):
        kind = stat_label(r[0])
        texts = (r[1:] + [""] * d)[:d]
        ps = [Pos(w, k + 2, " / ".join(paths[k])) for k in range(d)]
        if kind:
            stats.append((r[0], kind, texts, ps))
        else:
            arms.append(r[0])
            cells.append(texts)
            pos.append(ps)
            arm_where.append(w)
    return Frame(table, paths, arms, cells, pos, stats, arm_where, notes)


def _rect_paths(hrows: list[list[str]], d: int) -> list[list[str]]:
    """Header paths of an exact grid: an empty cell in an upper header row continues the one to its left."""
    filled = []
    for i, h in enumerate(hrows):
        h = (h + [""] * d)[:d]
        if i < len(hrows) - 1:
            last = ""
            out = []
            for c in h:
                last = c if c else last
                out.append(c if c else last)
            h = out
        filled.append(h)
    paths = []
    for k in range(d):
        path: list[str] = []
        for h in filled:
            if h[k] and (not path or path[-1] != h[k]):
                path.append(h[k])
        paths.append(path or [f"column {k + 2}"])
    return paths


def spans(table: RawTable, hrows: list[list[str]], d: int, head_where: list[str], body: list[list[str]],
          check_spans, notes: list[str]) -> list[list[str]]:
    """Header paths for ``d`` data columns from ragged header rows (text out of a PDF).

    One header row must have ``d`` cells. Two rows: either the lower one has ``d`` cells and
    the upper cells are group headers split equally over them, or the lower one holds the
    levels of the upper cells that span several columns; which upper cells span is decided
    by ``check_spans`` (the levels' counts add up to the group size) and must be unique.
    """
    if len(hrows) == 1:
        if len(hrows[0]) != d:
            raise LayoutError(table, head_where[0], f"the header has {len(hrows[0])} cells but the data rows have {d}",
                              "give every column its own header cell (separate cells with tabs)")
        return [[c] for c in hrows[0]]
    if len(hrows) != 2:
        if all(len(h) == d for h in hrows):
            return [[h[k] for h in hrows] for k in range(d)]
        raise LayoutError(table, head_where[0], f"{len(hrows)} header rows of unequal length",
                          "use at most two header rows in text tables, or separate every cell with a tab")
    up, low = hrows
    if len(up) == d and len(low) == d:
        return [[up[k], low[k]] for k in range(d)]
    if len(low) == d and 0 < len(up) < d:
        if d % len(up) == 0 and all(group_header(u) for u in up):
            w = d // len(up)
            notes.append(f"{table.name}: each of the {len(up)} group headers ({', '.join(up)}) spans {w} columns")
            return [[up[k // w], low[k]] for k in range(d)]
        raise LayoutError(table, head_where[0], f"cannot tell which of the {d} columns each of the {len(up)} upper headers spans",
                          "repeat each upper header over every column it spans, or give each group the same number of columns")
    if len(up) < d and len(low) < d:
        cands = []
        for sizes in product(*[range(1, len(low) + 1)] * len(up)):
            if sum(sizes) != d or sum(s for s in sizes if s > 1) != len(low):
                continue
            cands.append(sizes)
        valid = []
        for sizes in cands:
            ranges, start = [], 0
            for s in sizes:
                ranges.append((start, start + s))
                start += s
            spanning = [rg for rg in ranges if rg[1] - rg[0] > 1]
            if check_spans is None or check_spans(spanning, body):
                valid.append(ranges)
        if len(valid) == 1:
            ranges = valid[0]
            paths, li = [], 0
            for u, (a, b) in zip(up, ranges):
                if b - a == 1:
                    paths.append([u])
                else:
                    for _ in range(a, b):
                        paths.append([u, low[li]])
                        li += 1
            spanning = [(u, b - a) for u, (a, b) in zip(up, ranges) if b - a > 1]
            notes.append(f"{table.name}: levels {', '.join(low)} placed under "
                         + ", ".join(f"'{u}' ({n} columns)" for u, n in spanning)
                         + " - the only placement whose counts add up to each group's denominator")
            return paths
        what = "no placement" if not valid else f"{len(valid)} placements"
        raise LayoutError(table, head_where[1], f"the levels {', '.join(low)} could stand under several headers ({what} "
                          "fits the counts)", "write each level as 'variable: level' in one header row, or separate "
                          "every header cell with a tab so that it stands over its own column")
    raise LayoutError(table, head_where[0], f"header rows of {len(up)} and {len(low)} cells over {d} data columns",
                      "give every data column a header cell")


def _items_as_rows(table, head, body, head_where, body_where) -> Frame:
    d = _width(table, body, body_where, None) if table.ragged else len(body[0]) - 1
    hrows = [h[1:] for h in head]
    if table.ragged:
        hrows = [[c for c in h if c != ""] for h in hrows]
        if any(len(h) != d for h in hrows):
            raise LayoutError(table, head_where[0], f"the header cells do not line up with the {d} data columns",
                              "give every column its own header cell (separate cells with tabs)")
    col_paths = _rect_paths(hrows, d)
    kinds = [stat_label(p[-1]) for p in col_paths]
    arm_cols = [k for k in range(d) if not kinds[k]]
    stat_cols = [k for k in range(d) if kinds[k]]
    items, heading, heading_has_stats = [], "", False
    item_rows = []
    shared: dict[str, list[tuple[str, str, str, Pos]]] = {}
    for r, w in zip(body, body_where):
        vals = (r[1:] + [""] * d)[:d]
        has_stats = any(looks_like_data(vals[k]) for k in stat_cols)
        if all(not vals[k].strip() for k in arm_cols):
            # a variable heading over its level rows; with a statistic, one r x c comparison
            heading, heading_has_stats = r[0], has_stats
            if has_stats:
                shared[heading] = [(col_paths[k][-1], kinds[k], vals[k], Pos(w, k + 2, col_paths[k][-1]))
                                   for k in stat_cols]
            continue
        if heading_has_stats and has_stats:
            heading, heading_has_stats = "", False  # a row with its own statistic ends the levels
        items.append([heading, r[0]] if heading else [r[0]])
        item_rows.append((vals, w))
    arms = [" ".join(col_paths[k]) for k in arm_cols]
    cells = [[vals[k] for vals, _ in item_rows] for k in arm_cols]
    pos = [[Pos(w, k + 2, arms[i]) for _, w in item_rows] for i, k in enumerate(arm_cols)]
    stats = []
    for k in stat_cols:
        stats.append((col_paths[k][-1], kinds[k], [vals[k] for vals, _ in item_rows],
                      [Pos(w, k + 2, col_paths[k][-1]) for _, w in item_rows]))
    arm_where = [head_where[-1]] * len(arms)
    return Frame(table, items, arms, cells, pos, stats, arm_where, [], shared)
