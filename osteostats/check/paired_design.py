"""Design audit of paired comparisons (several modalities read on the same units).

``design``
    A k×2 χ² on detection rates of modalities read on the same vertebrae treats k readings of
    n units as k·n independent observations; a union row ("any modality") is a function of
    the others, which adds a further dependence. Always ``warning`` for a paired comparison
    with a printed χ².
``cochran_q_range``
    The paired test is Cochran's Q over the component modalities. Its value depends on the
    unknown unit-by-modality table, but only through the distribution of row totals:
    :math:`Q = (k-1)(k\\sum_j C_j^2 - N^2)/D` with :math:`D = \\sum_i R_i(k - R_i)`. The column
    totals :math:`C_j` are printed; the union row fixes the number of units with no detection.
    The exact range of Q is found by minimising and maximising D over the counts
    :math:`m_r` of units with row total r (r = 0..k), subject to
    :math:`\\sum m_r = n`, :math:`\\sum r m_r = N`, :math:`m_0 = n - \\text{any}` and the
    Gale–Ryser condition that a 0/1 matrix with these row and column totals exists
    (:math:`\\sum_r \\min(r, l) m_r \\ge` sum of the l largest :math:`C_j`, l = 1..k−1). These
    are two small integer linear programs (scipy's HiGHS ``milp``): exact, and fast for any n.
    Validated against brute-force enumeration of all 0/1 matrices with
    ``statsmodels.stats.contingency_tables.cochrans_q``. Verdict ``warning``; the note says
    whether the paired conclusion at alpha differs from the printed P.
"""
from __future__ import annotations

import math

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp

from ..stats import distributions as dist
from ..stats.paired import COCHRAN
from .inputs import Comparison, Index, plural
from .intervals import conclusion_changes, printed_significance, range_significance
from .rows import SKIPPED, WARNING, CheckRow, fmt_interval


def _solve(c: np.ndarray, a_ub: list, lb: list, ub: list, a_eq: list, b_eq: list) -> np.ndarray | None:
    cons = []
    if a_eq:
        cons.append(LinearConstraint(np.array(a_eq, float), np.array(b_eq, float), np.array(b_eq, float)))
    if a_ub:
        cons.append(LinearConstraint(np.array(a_ub, float), np.array(lb, float), np.array(ub, float)))
    res = milp(c, constraints=cons, integrality=np.ones_like(c), bounds=Bounds(0, np.inf))
    if res.status != 0 or res.x is None:
        return None
    return np.round(res.x).astype(int)


def row_total_range(col_totals: list[int] | tuple[int, ...], n: int, n_any: int | None = None
                    ) -> tuple[int, int] | None:
    """Min and max of D = Σ R_i (k − R_i) over n×k 0/1 matrices with the given column totals.

    Parameters
    ----------
    col_totals
        Detections per modality (k ≥ 2).
    n
        Number of units (rows).
    n_any
        Units detected by at least one modality (the union row), or None when not printed.

    Returns
    -------
    (D_min, D_max), or None when no matrix has these margins.

    Notes
    -----
    Gale-Ryser: a 0/1 matrix with row totals R and column totals C (sorted decreasing) exists
    iff sum R = sum C and, for every l, the l largest C sum to at most sum_i min(R_i, l). With m_r
    units of row total r this is linear in m, so min/max of D = sum_r r(k - r) m_r are integer
    linear programmes, solved exactly by ``scipy.optimize.milp`` (HiGHS).

    Examples
    --------
    >>> row_total_range([1, 4, 6], 98, 6)
    (10, 12)
    >>> row_total_range([5, 5], 4) is None
    True
    """
    c = sorted((int(x) for x in col_totals), reverse=True)
    k = len(c)
    big_n = sum(c)
    if any(x < 0 or x > n for x in c) or (n_any is not None and not (max(c) <= n_any <= min(n, big_n))):
        return None
    r = np.arange(k + 1)
    obj = (r * (k - r)).astype(float)
    a_eq = [np.ones(k + 1), r.astype(float)]
    b_eq = [n, big_n]
    if n_any is not None:
        a_eq.append((r >= 1).astype(float))
        b_eq.append(n_any)
    a_ub, lb, ub = [], [], []
    for ell in range(1, k):
        a_ub.append(np.minimum(r, ell).astype(float))
        lb.append(sum(c[:ell]))
        ub.append(np.inf)
    lo = _solve(obj, a_ub, lb, ub, a_eq, b_eq)
    hi = _solve(-obj, a_ub, lb, ub, a_eq, b_eq)
    if lo is None or hi is None:
        return None
    return int(obj @ lo), int(obj @ hi)


def cochran_q_range(col_totals: list[int] | tuple[int, ...], n: int, n_any: int | None = None
                    ) -> tuple[tuple[float, float], tuple[float, float], int] | None:
    """Exact range of Cochran's Q (and its p) over all paired tables with the printed margins.

    Returns
    -------
    ((Q_min, Q_max), (p_min, p_max), df), or None when the margins are impossible.

    Notes
    -----
    Q = (k - 1)(k sum C_j^2 - N^2) / D is decreasing in D, so the range of D from
    :func:`row_total_range` gives the exact range of Q; p from the chi-squared(k - 1) tail.
    Validated against brute force with ``statsmodels.stats.contingency_tables.cochrans_q``.

    Examples
    --------
    >>> (qlo, qhi), (plo, phi), df = cochran_q_range([1, 4, 6], 98, 6)
    >>> round(qlo, 3), round(qhi, 3), round(plo, 4), round(phi, 4), df
    (6.333, 7.6, 0.0224, 0.0421, 2)
    """
    d = row_total_range(col_totals, n, n_any)
    if d is None:
        return None
    k = len(col_totals)
    big_n = sum(col_totals)
    num = (k - 1) * (k * sum(x * x for x in col_totals) - big_n * big_n)
    dlo, dhi = d
    if dhi == 0:
        return (math.nan, math.nan), (math.nan, math.nan), k - 1
    q_hi = num / dlo if dlo > 0 else (math.inf if num > 0 else 0.0)
    q_lo = num / dhi
    p = (float(dist.chi2.sf(q_hi, k - 1)), float(dist.chi2.sf(q_lo, k - 1)))
    return (q_lo, q_hi), p, k - 1


def design_rows(idx: Index) -> list[CheckRow]:
    """Design warning and Cochran's Q range for every paired comparison with a printed statistic.

    Notes
    -----
    Two rows per paired comparison of counts (``binary``) with a printed test of independent
    samples (χ², Fisher): ``design`` and ``cochran_q_range``. A paired t on paired means is the
    paired analysis and gets neither.

    Examples
    --------
    >>> from osteostats.published import load_published
    >>> from osteostats.check.inputs import Index
    >>> idx = Index(load_published("data/published"))
    >>> [(r.check, r.table) for r in design_rows(idx)][:2]
    [('design', '3'), ('cochran_q_range', '3')]
    """
    rows: list[CheckRow] = []
    for comp in idx.comparisons:
        if comp.design != "paired" or comp.variable_type != "binary" or comp.statistic_name not in ("chi2", "fisher"):
            continue
        stat = idx.printed(comp.id, "", "statistic")
        pp = idx.printed(comp.id, "", "p")
        n = _units(idx, comp)
        k_all = len(comp.arms)
        printed = f"{comp.statistic_name} {stat.text if stat else '-'}, P {pp.text if pp else '-'}"
        note = (f"The {k_all} rows ({', '.join(comp.arms)}) are readings of the same {n if n else '?'} {comp.stratum} "
                f"{plural(comp.unit)} (paired), but a {k_all}x2 chi-squared (df {k_all - 1}) treats them as {k_all} independent "
                f"samples ({k_all} x {n if n else '?'} = {k_all * n if n else '?'} observations).")
        if comp.union_arm:
            note += (f" '{comp.union_arm}' is the union of {', '.join(comp.component_arms)}, so its row is determined "
                     f"by theirs (it is at least their maximum), adding a further dependence.")
        note += " The paired analysis is Cochran's Q over the component modalities (McNemar for pairs)."
        rows.append(CheckRow("design", comp.table, comp.id, printed, "Cochran's Q", WARNING, note,
                             reason="paired_design_ignored", method=COCHRAN))
        rows.append(_q_row(idx, comp, n, printed, pp))
    return rows


def _units(idx: Index, comp: Comparison) -> int | None:
    ns = {c.n for a in comp.arms if (c := idx.cell(comp.id, a, "count")) is not None and c.n is not None}
    return ns.pop() if len(ns) == 1 else None


def _q_row(idx: Index, comp: Comparison, n: int | None, printed: str, pp) -> CheckRow:
    item = comp.id
    cols: list[int] = []
    for a in comp.component_arms:
        c = idx.cell(comp.id, a, "count")
        if c is None or not c.ok:
            return CheckRow("cochran_q_range", comp.table, item, printed, "", SKIPPED, f"no count printed for {a}",
                            reason="count_missing", method=COCHRAN)
        cols.append(c.integer)
    if n is None:
        return CheckRow("cochran_q_range", comp.table, item, printed, "", SKIPPED,
                        "the arms have no common number of units", reason="no_common_n", method=COCHRAN)
    if len(cols) < 2:
        return CheckRow("cochran_q_range", comp.table, item, printed, "", SKIPPED, "fewer than two component modalities",
                        reason="too_few_modalities", method=COCHRAN)
    n_any = None
    if comp.union_arm:
        u = idx.cell(comp.id, comp.union_arm, "count")
        n_any = u.integer if u is not None and u.ok else None
    res = cochran_q_range(cols, n, n_any)
    margins = (f"{n} {plural(comp.unit)}, column totals {', '.join(f'{a} {c}' for a, c in zip(comp.component_arms, cols))}"
               + (f", {n_any} detected by any ({n - n_any} by none)" if n_any is not None else ""))
    if res is None:
        return CheckRow("cochran_q_range", comp.table, item, printed, "none", WARNING,
                        f"No 0/1 table has these margins ({margins}): the printed counts contradict each other.",
                        reason="paired_margins_impossible", method=COCHRAN)
    (qlo, qhi), (plo, phi), df = res
    if math.isnan(qlo):
        return CheckRow("cochran_q_range", comp.table, item, printed, "undefined", WARNING,
                        f"Cochran's Q is undefined for every table with {margins} (no discordant units).",
                        reason="paired_q_undefined", method=COCHRAN)
    big_n, k = sum(cols), len(cols)
    num = (k - 1) * (k * sum(x * x for x in cols) - big_n * big_n)
    dr = row_total_range(cols, n, n_any)
    note = (f"Cochran's Q (df {df}) over all {n}x{k} 0/1 tables with {margins}: Q = {num}/D with "
            f"D = sum R_i(k - R_i) in [{dr[0]}, {dr[1]}] (exact, integer programme over row-total counts with the "
            f"Gale-Ryser condition), so Q in {fmt_interval(qlo, qhi, 3)} and p in {fmt_interval(plo, phi, p=True)}.")
    if dr[0] < 30:
        note += (f" (Asymptotic chi-squared reference; with D >= {dr[0]} only, i.e. few discordant {plural(comp.unit)}, "
                 "treat these p as approximate.)")
    sig_q = range_significance((plo, phi), idx.alpha)
    sig_p = printed_significance(pp, idx.alpha) if pp is not None else None
    if sig_q is None:
        note += f" Whether the paired test is significant at alpha={idx.alpha:g} depends on the unprinted pairing."
    elif sig_p is not None and sig_p != sig_q:
        note += (f" Every such table gives a paired p {'<' if sig_q else '>='} {idx.alpha:g}, while the printed P "
                 f"{pp.text} is {'significant' if sig_p else 'not significant'}: the conclusion CHANGES under the paired test.")
    else:
        note += (f" Every such table gives a paired p {'<' if sig_q else '>='} {idx.alpha:g}: the conclusion agrees with "
                 f"the printed P {pp.text if pp is not None else '-'}.")
    return CheckRow("cochran_q_range", comp.table, item, printed, f"Q {fmt_interval(qlo, qhi, 3)}; p {fmt_interval(plo, phi, p=True)}",
                    WARNING, note, reason="paired_q_range", method=COCHRAN,
                    conclusion_changes=conclusion_changes(pp, (plo, phi), idx.alpha), recomputed_low=qlo,
                    recomputed_high=qhi, p_low=plo, p_high=phi, alpha=idx.alpha)
