"""Recompute a comparison's test with every candidate method, from the printed numbers alone.

For counts (a 2×2 or k×2 table of ``[present, absent]`` per arm): Pearson χ² without and
with Yates' correction (2×2 only; on k×2 Yates is not defined and equals Pearson), the
likelihood-ratio G, and the exact test (Fisher on 2×2; Fisher–Freeman–Halton on k×2, which
has no statistic, only a P). For means: Student's and Welch's t, over the rounding intervals
of the printed means and SDs.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.special import gammaln

from ..stats import fisher_exact, likelihood_ratio_g, pearson_chi2, t_from_summary
from ..stats.contingency import FISHER, LR_G, PEARSON, YATES
from ..stats.ttest import STUDENT, WELCH
from .inputs import Comparison, Index
from .intervals import Interval, p_range, t_range

FREEMAN_HALTON = "Fisher-Freeman-Halton exact test (k x 2), two-sided"
#: Largest number of k×2 tables the exact test will enumerate.
MAX_EXACT_TABLES = 2_000_000


@dataclass(frozen=True)
class MethodEval:
    """One method's recomputation of a comparison.

    Attributes
    ----------
    key, method
        Short and full name of the test (``pearson_chi2``, "Pearson chi-squared, ...").
    family
        ``"t"``, ``"chi2"`` or ``"exact"`` (no statistic).
    point
        Statistic at the printed inputs (NaN for exact tests).
    stat_iv
        Range of the statistic over the printed inputs' rounding intervals (a point for counts).
    df_iv
        Range of the degrees of freedom (a point except for Welch).
    p_point, p_iv
        p at the printed inputs, and its range.
    """

    key: str
    method: str
    family: str
    point: float
    stat_iv: Interval
    df_iv: Interval
    p_point: float
    p_iv: Interval

    @property
    def has_statistic(self) -> bool:
        return self.family != "exact"

    @property
    def df_text(self) -> str:
        lo, hi = self.df_iv
        if math.isnan(lo):
            return ""
        if lo == hi:
            return f"df {lo:g}"
        a, b = f"{lo:.2f}", f"{hi:.2f}"
        return f"df {a}" if a == b else f"df {a} to {b}"


@dataclass(frozen=True)
class CountTable:
    """The printed counts of a binary comparison as a k×2 table."""

    arms: tuple[str, ...]
    events: tuple[int, ...]
    totals: tuple[int, ...]

    @property
    def array(self) -> np.ndarray:
        ev = np.array(self.events, dtype=float)
        return np.column_stack([ev, np.array(self.totals, dtype=float) - ev])

    def describe(self) -> str:
        """e.g. ``OP 6/50, MET 22/31``."""
        return ", ".join(f"{a} {e}/{t}" for a, e, t in zip(self.arms, self.events, self.totals))


def count_table(idx: Index, comp: Comparison) -> tuple[CountTable | None, str]:
    """The comparison's printed counts, or None and the reason they are unusable.

    Notes
    -----
    Rows are the arms in the order of ``comparisons.csv``; columns present / absent.

    Examples
    --------
    >>> from osteostats.published import load_published
    >>> from osteostats.check.inputs import Index
    >>> idx = Index(load_published("data/published"))
    >>> flat = next(c for c in idx.comparisons if c.item.startswith("Shape: flat"))
    >>> count_table(idx, flat)[0].describe()
    'OP 5/98, MET 6/43'
    """
    events: list[int] = []
    totals: list[int] = []
    for arm in comp.arms:
        c = idx.cell(comp.id, arm, "count")
        if c is None or not c.ok:
            return None, f"no count printed for arm {arm}"
        if c.n is None:
            return None, f"no denominator n for arm {arm}"
        events.append(c.integer)
        totals.append(c.n)
    if len(events) < 2:
        return None, "fewer than two arms"
    return CountTable(comp.arms, tuple(events), tuple(totals)), ""


def freeman_halton_kx2(events: tuple[int, ...] | list[int], totals: tuple[int, ...] | list[int],
                       max_tables: int = MAX_EXACT_TABLES) -> float:
    """Exact two-sided test of equal proportions in a k×2 table (Fisher–Freeman–Halton).

    Parameters
    ----------
    events, totals
        Events and row totals per row.
    max_tables
        Give up (return NaN) when more candidate tables than this would be enumerated.

    Notes
    -----
    Conditional on both margins, the events follow a multivariate hypergeometric law,
    :math:`P(a) = \\prod_i \\binom{n_i}{a_i} / \\binom{N}{A}`. The two-sided p sums P over all
    tables no more probable than the observed one (relative tolerance 1e-7, as R's
    ``fisher.test``). Tables are enumerated row by row with numpy; for k = 2 this is
    Fisher's exact test. Validated against ``scipy.stats.fisher_exact`` (2×2) and against
    ``scipy.stats.multivariate_hypergeom.pmf`` summed by brute force (k×2).

    Examples
    --------
    >>> round(freeman_halton_kx2([5, 6], [98, 43]), 4)
    0.0908
    """
    ev = [int(e) for e in events]
    tot = [int(t) for t in totals]
    big_a, big_n = sum(ev), sum(tot)
    size = 1.0
    for t in tot[:-1]:
        size *= min(t, big_a) + 1
    if size > max_tables:
        return math.nan

    def logc(n: np.ndarray | int, k: np.ndarray | int) -> np.ndarray:
        return gammaln(np.asarray(n) + 1.0) - gammaln(np.asarray(k) + 1.0) - gammaln(np.asarray(n) - np.asarray(k) + 1.0)

    partial = np.zeros(1, dtype=np.int64)  # events used so far
    logp = np.zeros(1)
    for t in tot[:-1]:
        a = np.arange(min(t, big_a) + 1)
        partial = (partial[:, None] + a[None, :]).ravel()
        logp = (logp[:, None] + logc(t, a)[None, :]).ravel()
        keep = partial <= big_a
        partial, logp = partial[keep], logp[keep]
    last = big_a - partial
    keep = last <= tot[-1]
    logp = logp[keep] + logc(tot[-1], last[keep]) - logc(big_n, big_a)
    obs = float(sum(logc(t, e) for t, e in zip(tot, ev)) - logc(big_n, big_a))
    p = np.exp(logp)
    return float(min(1.0, p[logp <= obs + 1e-7].sum()))


def count_methods(table: CountTable) -> list[MethodEval]:
    """Every count method on the printed table (statistics are exact: the counts are integers).

    Notes
    -----
    Pearson and Yates by ``osteostats.stats.pearson_chi2``, G by ``likelihood_ratio_g``,
    Fisher by ``fisher_exact`` (all validated against scipy); k x 2 exact by
    :func:`freeman_halton_kx2`.

    Examples
    --------
    >>> evs = count_methods(CountTable(("OP", "MET"), (6, 22), (50, 31)))
    >>> [(e.key, round(e.point, 3)) for e in evs if e.has_statistic]
    [('pearson_chi2', 29.418), ('yates_chi2', 26.869), ('lr_g', 30.403)]
    """
    arr = table.array
    out: list[MethodEval] = []
    is_2x2 = arr.shape == (2, 2)
    results = [pearson_chi2(arr, correction=False)]
    if is_2x2:
        results.append(pearson_chi2(arr, correction=True))
    results.append(likelihood_ratio_g(arr))
    for r in results:
        out.append(MethodEval(r.key, r.method, "chi2", r.statistic, (r.statistic, r.statistic),
                              (r.df, r.df), r.p, (r.p, r.p)))
    if np.any(arr.sum(axis=0) == 0):
        return out
    if is_2x2:
        f = fisher_exact(arr)
        out.append(MethodEval("fisher", FISHER, "exact", math.nan, (math.nan, math.nan), (math.nan, math.nan), f.p, (f.p, f.p)))
    else:
        p = freeman_halton_kx2(table.events, table.totals)
        if not math.isnan(p):
            out.append(MethodEval("freeman_halton", FREEMAN_HALTON, "exact", math.nan, (math.nan, math.nan),
                                  (math.nan, math.nan), p, (p, p)))
    return out


@dataclass(frozen=True)
class MeanInputs:
    """Printed mean, SD and n of the two arms of a continuous comparison."""

    arms: tuple[str, str]
    means: tuple
    sds: tuple
    ns: tuple[int, int]

    def describe(self) -> str:
        return "; ".join(f"{a} {m.text} ± {s.text} (n={n})" for a, m, s, n in zip(self.arms, self.means, self.sds, self.ns))


def mean_inputs(idx: Index, comp: Comparison) -> tuple[MeanInputs | None, str]:
    """The two arms' printed mean, SD and n, or None and the reason they are unusable.

    Notes
    -----
    n is the ``n`` of the mean row (or of the SD row).

    Examples
    --------
    >>> from osteostats.published import load_published
    >>> from osteostats.check.inputs import Index
    >>> idx = Index(load_published("data/published"))
    >>> mean_inputs(idx, idx.by_id["t1_bmi"])[0].describe()
    'OP 23.38 ± 3.31 (n=50); MET 22.87 ± 2.67 (n=31)'
    """
    if len(comp.arms) != 2:
        return None, f"a t-test needs exactly two arms (got {len(comp.arms)})"
    ms, ss, ns = [], [], []
    for arm in comp.arms:
        m, s = idx.cell(comp.id, arm, "mean"), idx.cell(comp.id, arm, "sd")
        if m is None or not m.ok:
            return None, f"no mean printed for arm {arm}"
        if s is None or not s.ok:
            return None, f"no SD printed for arm {arm}"
        n = m.n if m.n is not None else s.n
        if n is None or n < 2:
            return None, f"no usable n (>= 2) for arm {arm}"
        ms.append(m.parsed)
        ss.append(s.parsed)
        ns.append(n)
    return MeanInputs(comp.arms, tuple(ms), tuple(ss), (ns[0], ns[1])), ""  # type: ignore[arg-type]


def t_methods(mi: MeanInputs) -> list[MethodEval]:
    """Student and Welch t at the printed values and over their rounding intervals.

    Notes
    -----
    Point by ``osteostats.stats.t_from_summary`` (validated against
    ``scipy.stats.ttest_ind_from_stats``), range by :func:`~osteostats.check.intervals.t_range`.

    Examples
    --------
    >>> from osteostats.printed import parse_printed as pp
    >>> mi = MeanInputs(("OP", "MET"), (pp("69.58"), pp("62.13")), (pp("8.457"), pp("10.773")), (50, 31))
    >>> [(e.key, round(e.point, 3)) for e in t_methods(mi)]
    [('student_t', 3.466), ('welch_t', 3.275)]
    """
    out: list[MethodEval] = []
    m1, m2 = (float(m.value) for m in mi.means)
    s1, s2 = (float(s.value) for s in mi.sds)
    n1, n2 = mi.ns
    for equal_var, key, name in ((True, "student_t", STUDENT), (False, "welch_t", WELCH)):
        r = t_from_summary(m1, s1, n1, m2, s2, n2, equal_var=equal_var)
        t_iv, df_iv = t_range(mi.means[0], mi.sds[0], n1, mi.means[1], mi.sds[1], n2, equal_var=equal_var)
        out.append(MethodEval(key, name, "t", r.statistic, t_iv, df_iv, r.p, p_range(t_iv, df_iv, "t")))
    return out


SHORT = {
    "pearson_chi2": "Pearson chi2 (no correction)",
    "yates_chi2": "Pearson chi2 with Yates correction",
    "lr_g": "likelihood-ratio G",
    "fisher": "Fisher exact (two-sided)",
    "freeman_halton": "Fisher-Freeman-Halton exact (two-sided)",
    "student_t": "Student t (pooled variance)",
    "welch_t": "Welch t (unequal variances)",
}

__all__ = ["CountTable", "FREEMAN_HALTON", "MeanInputs", "MethodEval", "PEARSON", "YATES", "LR_G",
           "count_methods", "count_table", "freeman_halton_kx2", "mean_inputs", "t_methods", "SHORT"]
