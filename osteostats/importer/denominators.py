"""Denominators from printed counts and percentages.

A cell ``38 (38.77)`` is consistent with a denominator d when 38/d·100 rounds (half-up) or
truncates to 38.77 at the printed decimals; the set of such d is usually one number (98 here).
A table's percentages therefore say which denominator each group used, even when its header
prints another size (a per-patient header over per-vertebra counts).
"""
from __future__ import annotations

import math
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from ..printed import parse_printed
from .cells import CellError, parse_summary
from .grid import RawTable
from .headers import group_header, stat_label


def candidates(count: int, percent_text: str, upper: int = 100_000) -> set[int] | None:
    """Every denominator d ≥ max(count, 1) whose percentage count/d·100 prints as ``percent_text``
    (rounded half-up or truncated); None when the cell says nothing (count 0 or percent 0).

    Examples
    --------
    >>> sorted(candidates(38, "38.77"))
    [98]
    >>> sorted(candidates(22, "70.96"))  # truncated 22/31 = 70.967...
    [31]
    >>> 50 in candidates(6, "12.00") and 98 in candidates(6, "6.12")
    True
    >>> candidates(0, "0.00") is None
    True
    >>> 280 in candidates(161, "58")  # 161/280 = 57.5 exactly, half-up 58
    True
    """
    p = parse_printed(percent_text)
    if p.kind != "value" or count == 0 or p.value == 0:
        return None
    half = float(p.half_unit)
    v = float(p.value)
    lo = count * 100.0 / (v + 2 * half)
    hi = count * 100.0 / max(v - half, 1e-12)
    out: set[int] = set()
    q = Decimal(1).scaleb(-p.decimals)
    target = p.value.quantize(q)
    for d in range(max(count, 1, math.floor(lo) - 1), min(upper, math.ceil(hi) + 1) + 1):
        x = Decimal(count * 100) / Decimal(d)  # exact decimal arithmetic: 161/280 is 57.5, not 57.4999…
        if x.quantize(q, ROUND_HALF_UP) == target or x.quantize(q, ROUND_DOWN) == target:
            out.add(d)
    return out


def consistent(count: int, percent_text: str, d: int) -> bool:
    """Whether count/d prints as the percentage (rounded or truncated)."""
    c = candidates(count, percent_text)
    return c is None or d in c


def choose(cells: list[tuple[int, str]], header_n: int | None) -> tuple[int | None, str]:
    """The one denominator of a group's count (percent) cells, and how it was found.

    The header's size when every percentage agrees with it; otherwise the single size every
    percentage agrees with. ``None`` (with the reason) when there is none or several.

    Examples
    --------
    >>> choose([(38, "38.77"), (55, "56.12"), (6, "6.12")], 50)
    (98, 'percentages imply 98, not the header size 50')
    >>> choose([(6, "12.00"), (50, "100")], 50)
    (50, 'header size')
    """
    sets = [s for c, p in cells if (s := candidates(c, p)) is not None]
    if header_n is not None and all(header_n in s for s in sets):
        return header_n, "header size"
    if not sets:
        return None, "no percentage to infer it from"
    common = set.intersection(*sets)
    if len(common) == 1:
        d = common.pop()
        if header_n is None:
            return d, f"percentages imply {d}"
        return d, f"percentages imply {d}, not the header size {header_n}"
    if not common:
        return None, "the percentages do not agree on one denominator"
    return None, f"the percentages fit several denominators ({', '.join(map(str, sorted(common)[:5]))}…)"


def fits(counts: list[int], d: int) -> bool:
    """Counts of the levels of one variable add up to the denominator."""
    return sum(counts) == d


def row_denominator(row: list[str]) -> int | None:
    gh = group_header(row[0])
    cells = []
    for c in row[1:]:
        try:
            s = parse_summary(c)
        except CellError:
            continue
        cp = s.count_percent()
        if cp and cp[1] is not None:
            cells.append((int(cp[0]), cp[1]))
    d, _ = choose(cells, gh.n if gh else None)
    return d


def span_checker(t: RawTable):
    """Levels of a spanning header are right when their counts add up to each group's denominator."""
    def check(spanning: list[tuple[int, int]], body: list[list[str]]) -> bool:
        checked = 0
        for row in body:
            if stat_label(row[0]):
                continue
            d = row_denominator(row)
            if d is None:
                continue
            for a, b in spanning:
                counts = []
                for c in row[1 + a:1 + b]:
                    try:
                        cp = parse_summary(c).count_percent()
                    except CellError:
                        return False
                    if cp is None:
                        return False
                    counts.append(int(cp[0]))
                if sum(counts) != d:
                    return False
                checked += 1
        return checked > 0

    return check
