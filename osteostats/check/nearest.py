"""The nearest integer tables that reproduce an inconsistent printed χ².

For every count comparison whose printed χ² no method reproduces, every table whose event
counts lie within ±3 of the printed ones is tried (group sizes are printed, so each row
total is kept; the absent count moves with the present one). A union arm must stay between
the largest component and min(n, sum of components). The statistic is recomputed with the
paper's own method(s): those that reproduced its other count statistics (Pearson χ²
without correction for this paper), or every method when none did. A candidate reproduces
the printed value when it lies in its rounding interval [x − h, x + h].

The search is a vectorised enumeration of at most 7^k tables (2 401 for k = 4), so it is
exact and fast. The nearest table minimises the total change Σ|Δ|, then the largest single
change, then the order of the arms. The note says whether the change would contradict a
printed percentage or a category sum.
"""
from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np

from ..stats.contingency import LR_G, PEARSON, YATES
from .inputs import Index
from .intervals import printed_interval
from .methods import SHORT, CountTable
from .rows import DECISION, INCONSISTENT, CheckRow, fmt
from .percentages import percent_modes
from .statistic import Recomputation, house_methods

RADIUS = 3
#: Full test names of the methods :func:`kx2_statistics` computes.
METHOD_NAMES = {"pearson_chi2": PEARSON, "yates_chi2": YATES, "lr_g": LR_G}


def kx2_statistics(events: np.ndarray, totals: np.ndarray, method: str) -> np.ndarray:
    """Pearson / Yates / G statistics of many k×2 tables at once.

    Parameters
    ----------
    events
        (M, k) event counts; each row one candidate table.
    totals
        (k,) row totals.
    method
        ``pearson_chi2``, ``yates_chi2`` (k = 2 only) or ``lr_g``.

    Notes
    -----
    Same formulas as :mod:`osteostats.stats.contingency` (validated against
    ``scipy.stats.chi2_contingency``); tables with an empty column give NaN.

    Examples
    --------
    >>> round(float(kx2_statistics(np.array([[6, 22]]), np.array([50, 31]), "pearson_chi2")[0]), 3)
    29.418
    """
    ev = np.asarray(events, dtype=float)
    tot = np.asarray(totals, dtype=float)[None, :]
    obs = np.stack([ev, tot - ev], axis=2)  # (M, k, 2)
    big_n = tot.sum()
    col = obs.sum(axis=1)  # (M, 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        exp = tot[:, :, None] * col[:, None, :] / big_n
        if method == "lr_g":
            terms = np.where(obs > 0, obs * np.log(obs / exp), 0.0)
            stat = 2 * terms.sum(axis=(1, 2))
        else:
            dev = np.abs(obs - exp)
            if method == "yates_chi2":
                dev = np.maximum(0.0, dev - 0.5)
            stat = (dev ** 2 / exp).sum(axis=(1, 2))
    stat[(col == 0).any(axis=1)] = np.nan
    return stat


def search(events: tuple[int, ...], totals: tuple[int, ...], printed, methods: list[str],
           union_index: int | None = None, radius: int = RADIUS) -> list[tuple[tuple[int, ...], str, float]]:
    """All tables within ±radius reproducing the printed statistic, nearest first.

    Returns
    -------
    list of (events, method, statistic), sorted by (Σ|Δ|, max|Δ|, Δ).

    Notes
    -----
    Vectorised enumeration of the (2r + 1)^k candidate tables; statistics by
    :func:`kx2_statistics` (validated against ``scipy.stats.chi2_contingency``).

    Examples
    --------
    >>> from osteostats.printed import parse_printed as pp
    >>> search((5, 22), (50, 31), pp("29.418"), ["pearson_chi2"])[0][:2]   # 6 was misprinted as 5
    ((6, 22), 'pearson_chi2')
    """
    ev = np.array(events)
    tot = np.array(totals)
    k = len(ev)
    steps = np.array(list(itertools.product(range(-radius, radius + 1), repeat=k)))
    cand = ev[None, :] + steps
    ok = ((cand >= 0) & (cand <= tot[None, :])).all(axis=1)
    if union_index is not None:
        others = np.delete(cand, union_index, axis=1)
        u = cand[:, union_index]
        ok &= (u >= others.max(axis=1)) & (u <= np.minimum(others.sum(axis=1), tot[union_index]))
    cand, steps = cand[ok], steps[ok]
    lo, hi = printed_interval(printed)
    hits: list[tuple[tuple[int, ...], str, float, tuple]] = []
    for m in methods:
        if m == "yates_chi2" and k != 2:
            continue
        st = kx2_statistics(cand, tot, m)
        good = np.where((st >= lo) & (st <= hi))[0]
        for i in good:
            d = steps[i]
            hits.append((tuple(int(x) for x in cand[i]), m, float(st[i]),
                         (int(np.abs(d).sum()), int(np.abs(d).max()), tuple(int(x) for x in d))))
    hits.sort(key=lambda h: (h[3], methods.index(h[1])))
    return [(h[0], h[1], h[2]) for h in hits]


def nearest_rows(idx: Index, recs: dict[str, Recomputation]) -> list[CheckRow]:
    """One row per inconsistent printed χ².

    Notes
    -----
    See the module docstring.

    Examples
    --------
    >>> from osteostats.published import load_published
    >>> from osteostats.check.inputs import Index
    >>> idx = Index(load_published("data/published"))
    >>> from osteostats.check.statistic import statistic_rows
    >>> _, recs = statistic_rows(idx)
    >>> [(r.table, r.recomputed) for r in nearest_rows(idx, recs)]
    [('2', 'OP 35/98, MET 16/43'), ('3', 'none within ±3')]
    """
    rows: list[CheckRow] = []
    house = house_methods(recs, "chi2")
    methods = house or ["pearson_chi2", "yates_chi2", "lr_g"]
    why = ("the method(s) that reproduce the paper's other chi-squared values: " + ", ".join(SHORT[m] for m in house)
           if house else "every chi-squared method (none reproduced another printed value)")
    for rec in recs.values():
        if rec.family != "chi2" or rec.verdict not in (INCONSISTENT, DECISION) or not isinstance(rec.table, CountTable):
            continue  # k x 2 tables only: an r x c table's search space is too large for an exhaustive +-3
        comp, t = rec.comp, rec.table
        uidx = t.arms.index(comp.union_arm) if comp.union_arm in t.arms else None
        hits = search(t.events, t.totals, rec.printed_stat, methods, uidx)
        printed = f"{rec.printed_stat.text} from {t.describe()}"
        if not hits:
            rows.append(CheckRow("nearest_counts", comp.table, comp.id, printed, "none within ±3", INCONSISTENT,
                                 f"No table with every count within ±{RADIUS} (row totals kept) reproduces "
                                 f"{rec.printed_stat.text} with {why}.", reason="no_table_within_radius",
                                 method="; ".join(METHOD_NAMES[m] for m in methods)))
            continue
        best_ev, m, st = hits[0]
        dist = sum(abs(a - b) for a, b in zip(best_ev, t.events))
        ties = [h for h in hits if sum(abs(a - b) for a, b in zip(h[0], t.events)) == dist]
        changes = [f"{a} {b}->{c}" for a, b, c in zip(t.arms, t.events, best_ev) if b != c]
        note = (f"Nearest table reproducing {rec.printed_stat.text}: {', '.join(changes)} "
                f"({SHORT[m]} {fmt(st, 4)}; total change {dist}; {len(ties)} table(s) at this distance, "
                f"{len(hits)} within ±{RADIUS}). Searched with {why}.")
        note += _side_effects(idx, rec, best_ev)
        rows.append(CheckRow("nearest_counts", comp.table, comp.id, printed,
                             ", ".join(f"{a} {c}/{n}" for a, c, n in zip(t.arms, best_ev, t.totals)), INCONSISTENT, note,
                             reason="nearest_table_found", method=METHOD_NAMES[m]))
    return rows


def _side_effects(idx: Index, rec: Recomputation, new: tuple[int, ...]) -> str:
    comp, t = rec.comp, rec.table
    out: list[str] = []
    for arm, old, cnt, n in zip(t.arms, t.events, new, t.totals):
        if old == cnt:
            continue
        pc = idx.printed(comp.id, arm, "percent")
        if pc is not None and pc.kind == "value" and not any(percent_modes(cnt, n, pc).values()):
            out.append(f"{arm} {cnt}/{n} = {float(Fraction(100 * cnt, n)):.2f}% contradicts the printed {pc.text}%")
        if comp.category_set:
            others = [c for c in idx.comparisons if c.category_set == comp.category_set and c.table == comp.table]
            total = 0
            for c in others:
                cell = idx.cell(c.id, arm, "count")
                total += (cnt if c.id == comp.id else cell.integer) if cell is not None and cell.ok else 0
            if total != n:
                out.append(f"the '{comp.category_set}' categories of {arm} would sum to {total}, not {n}")
    return (" But: " + "; ".join(out) + ".") if out else " The change contradicts no printed percentage or category sum."
