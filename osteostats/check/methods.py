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

from ..errors import InputError
from ..stats import fisher_exact, likelihood_ratio_g, pearson_chi2, t_from_summary
from ..stats.anova import anova_f_range
from ..stats.pairedt import paired_t_range
from ..stats.rxc import fisher_freeman_halton, rxc_chi2
from ..stats.contingency import FISHER, LR_G, PEARSON, YATES
from ..stats.ttest import STUDENT, WELCH
from .inputs import Comparison, Index
from .intervals import Interval, p_from_statistic, p_range, printed_interval, t_range

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
    df2: float = math.nan

    @property
    def has_statistic(self) -> bool:
        return self.family != "exact"

    @property
    def df_text(self) -> str:
        lo, hi = self.df_iv
        if self.family == "z":
            return "normal reference"
        if math.isnan(lo):
            return ""
        if not math.isnan(self.df2):
            return f"df {lo:g}, {self.df2:g}"
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

    def column_label(self, j: int) -> str:
        return "present" if j == 0 else "absent"

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
    return group_summaries(idx, comp)


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


@dataclass(frozen=True)
class RxCTable:
    """The printed counts of a ``categorical`` comparison: arms x levels (format version 2)."""

    arms: tuple[str, ...]
    levels: tuple[str, ...]
    counts: tuple[tuple[int, ...], ...]

    @property
    def array(self) -> np.ndarray:
        return np.array(self.counts, dtype=float)

    def column_label(self, j: int) -> str:
        return self.levels[j]

    def describe(self) -> str:
        """e.g. ``OP 38/55/5, MET 9/28/6 (wedge/biconcave/flat)``."""
        return (", ".join(f"{a} {'/'.join(map(str, row))}" for a, row in zip(self.arms, self.counts))
                + f" ({'/'.join(self.levels)})")


def rxc_table(idx: Index, comp: Comparison) -> tuple[RxCTable | None, str]:
    """The arms x levels counts of a categorical comparison, or None and the reason.

    Examples
    --------
    >>> from osteostats.published import load_published
    >>> from osteostats.check.inputs import Index
    >>> idx = Index(load_published("tests/data/clinical_trial"))
    >>> rxc_table(idx, idx.by_id["t1_stage"])[0].describe()
    'A 12/20/8, B 18/14/4 (I/II/III)'
    """
    levels = idx.levels(comp.id)
    if len(levels) < 2:
        return None, "fewer than two levels printed"
    counts: list[tuple[int, ...]] = []
    for arm in comp.arms:
        row = []
        for level in levels:
            c = idx.cell(comp.id, arm, "count", level)
            if c is None or not c.ok:
                return None, f"no count printed for arm {arm}, level {level}"
            row.append(c.integer)
        counts.append(tuple(row))
    if len(counts) < 2:
        return None, "fewer than two arms"
    return RxCTable(comp.arms, tuple(levels), tuple(counts)), ""


def rxc_methods(table: RxCTable) -> list[MethodEval]:
    """Pearson χ², Yates (2×2 only), G and the Fisher–Freeman–Halton exact test on an r×c table.

    Notes
    -----
    :func:`osteostats.stats.rxc.rxc_chi2` (validated against ``scipy.stats.chi2_contingency``)
    and :func:`osteostats.stats.rxc.fisher_freeman_halton` (exact enumeration, validated
    against R's ``fisher.test``); df = (r − 1)(c − 1). A table too large to enumerate has no
    exact row (the test-choice note says so).

    Examples
    --------
    >>> t = RxCTable(("OP", "MET"), ("wedge", "biconcave", "flat"), ((38, 55, 5), (9, 28, 6)))
    >>> [(e.key, round(e.p_point, 4)) for e in rxc_methods(t)]
    [('pearson_chi2', 0.0436), ('lr_g', 0.0439), ('freeman_halton', 0.0446)]
    """
    arr = table.array
    out: list[MethodEval] = []
    keys = ["pearson", "yates", "g"] if arr.shape == (2, 2) else ["pearson", "g"]
    for m in keys:
        r = rxc_chi2(arr, m)
        out.append(MethodEval(r.key, r.method, "chi2", r.statistic, (r.statistic, r.statistic), (r.df, r.df), r.p,
                              (r.p, r.p)))
    if np.any(arr.sum(axis=0) == 0) or np.any(arr.sum(axis=1) == 0):
        return out
    try:
        f = fisher_freeman_halton(arr)
    except InputError:
        return out
    key = "fisher" if arr.shape == (2, 2) else "freeman_halton"
    out.append(MethodEval(key, FISHER if key == "fisher" else FFH, "exact", math.nan, (math.nan, math.nan),
                          (math.nan, math.nan), f.p, (f.p, f.p)))
    return out


@dataclass(frozen=True)
class GroupSummaries:
    """Printed mean, SD and n of k arms (ANOVA, paired and z comparisons)."""

    arms: tuple[str, ...]
    means: tuple
    sds: tuple
    ns: tuple[int, ...]

    def describe(self) -> str:
        return "; ".join(f"{a} {m.text} ± {s.text} (n={n})" for a, m, s, n in zip(self.arms, self.means, self.sds, self.ns))


#: The two arms of a t-test: the same record, with two arms.
MeanInputs = GroupSummaries


def group_summaries(idx: Index, comp: Comparison, arms: tuple[str, ...] | None = None
                    ) -> tuple[GroupSummaries | None, str]:
    """Printed mean, SD and n of every arm (or of ``arms``), or None and the reason.

    Examples
    --------
    >>> from osteostats.published import load_published
    >>> from osteostats.check.inputs import Index
    >>> idx = Index(load_published("data/published"))
    >>> group_summaries(idx, idx.by_id["t1_bmi"])[0].ns
    (50, 31)
    """
    ms, ss, ns = [], [], []
    for arm in arms or comp.arms:
        m, sd = idx.cell(comp.id, arm, "mean"), idx.cell(comp.id, arm, "sd")
        if m is None or not m.ok:
            return None, f"no mean printed for arm {arm}"
        if sd is None or not sd.ok:
            return None, f"no SD printed for arm {arm}"
        n = m.n if m.n is not None else sd.n
        if n is None or n < 2:
            return None, f"no usable n (>= 2) for arm {arm}"
        ms.append(m.parsed)
        ss.append(sd.parsed)
        ns.append(n)
    return GroupSummaries(tuple(arms or comp.arms), tuple(ms), tuple(ss), tuple(ns)), ""


def anova_methods(g: GroupSummaries) -> list[MethodEval]:
    """One-way ANOVA F at the printed means/SDs and its exact range over their rounding box.

    Notes
    -----
    :func:`osteostats.stats.anova.anova_f_range` (F validated against ``scipy.stats.f_oneway``;
    range exact); df k − 1 and N − k.

    Examples
    --------
    >>> from osteostats.printed import parse_printed as pp
    >>> g = GroupSummaries(("a", "b", "c"), tuple(map(pp, ("10.0", "12.0", "15.0"))),
    ...                    tuple(map(pp, ("2.0", "2.5", "3.0"))), (20, 20, 20))
    >>> e = anova_methods(g)[0]
    >>> round(e.point, 2), [round(x, 2) for x in e.stat_iv], e.df_text
    (19.74, [18.2, 21.41], 'df 2, 57')
    """
    r = anova_f_range([m.canonical for m in g.means], [s.canonical for s in g.sds], list(g.ns))
    return [MethodEval("anova_f", ANOVA, "F", r.statistic, (r.statistic_low, r.statistic_high), (r.df1, r.df1),
                       r.p, (r.p_low, r.p_high), df2=r.df2)]


#: Arm names that hold the mean and SD of within-pair differences in a ``paired_t`` comparison.
DIFFERENCE_ARMS = ("difference", "diff", "change", "d")


def paired_methods(idx: Index, comp: Comparison) -> tuple[list[MethodEval] | None, str, str]:
    """Paired t from the printed differences, or its range over every within-pair correlation.

    Returns
    -------
    (evaluations, inputs text, reason when None)

    Notes
    -----
    With an arm named ``difference`` (or ``diff``, ``change``, ``d``): t = d̄/(s_d/√n), df = n − 1,
    exact range over the rounding box (:func:`osteostats.stats.pairedt.paired_t_range`,
    validated against ``scipy.stats.ttest_rel``). With only the two arms' means and SDs (same
    n) the SD of the differences is s_d² = s₁² + s₂² − 2ρs₁s₂ for an unknown correlation
    ρ ∈ [−1, 1], so s_d ∈ [|s₁ − s₂|, s₁ + s₂] and |t| = |m₁ − m₂|√n/s_d lies in
    [min|m₁ − m₂|·√n/max(s₁ + s₂), max|m₁ − m₂|·√n/min|s₁ − s₂|] over the rounding box (the
    upper end infinite when the SD intervals meet): a printed t outside it is impossible for
    any pairing. Validated against ``scipy.stats.ttest_rel`` on constructed pairs with
    ρ = ±1 and random ρ (tests/test_check_clinical.py).
    """
    diff = next((a for a in comp.arms if a.lower() in DIFFERENCE_ARMS), None)
    if diff is not None:
        g, why = group_summaries(idx, comp, (diff,))
        if g is None:
            return None, "", why
        r = paired_t_range(g.means[0].canonical, g.sds[0].canonical, g.ns[0])
        df = float(g.ns[0] - 1)
        return [MethodEval("paired_t", PAIRED, "t", math.copysign(r.statistic, float(g.means[0].value)),
                           (r.statistic_low, r.statistic_high), (df, df), r.p, (r.p_low, r.p_high))], \
            f"differences {g.describe()}", ""
    others = tuple(a for a in comp.arms if a != diff)
    if len(others) != 2:
        return None, "", f"a paired t needs a '{DIFFERENCE_ARMS[0]}' arm or exactly two arms (got {len(others)})"
    g, why = group_summaries(idx, comp, others)
    if g is None:
        return None, "", why
    if g.ns[0] != g.ns[1]:
        return None, "", f"paired arms need the same n (got {g.ns[0]} and {g.ns[1]})"
    n = g.ns[0]
    (m1lo, m1hi), (m2lo, m2hi) = (printed_interval(m) for m in g.means)
    (s1lo, s1hi), (s2lo, s2hi) = (printed_interval(s, lower=0.0) for s in g.sds)
    dlo, dhi = m1lo - m2hi, m1hi - m2lo
    dmin = 0.0 if dlo <= 0 <= dhi else min(abs(dlo), abs(dhi))
    dmax = max(abs(dlo), abs(dhi))
    gap = max(0.0, s1lo - s2hi, s2lo - s1hi)  # smallest |s1 - s2| over the box
    root = math.sqrt(n)
    t_lo = dmin * root / (s1hi + s2hi) if s1hi + s2hi > 0 else math.inf
    t_hi = dmax * root / gap if gap > 0 else math.inf
    df = float(n - 1)
    p_iv = p_range((t_lo, t_hi), (df, df), "t")
    return [MethodEval("paired_t_any_r", PAIRED_ANY_R, "t", math.nan, (t_lo, t_hi), (df, df), math.nan, p_iv)], \
        g.describe(), ""


def z_methods(idx: Index, comp: Comparison) -> tuple[list[MethodEval] | None, str, str]:
    """The z test a 2-arm table implies: two-proportion z (counts) or large-sample z (means).

    Notes
    -----
    Counts: pooled two-proportion z = (p₁ − p₂)/√(p̄(1 − p̄)(1/n₁ + 1/n₂)), z² = Pearson χ²
    (validated against ``statsmodels.stats.proportion.proportions_ztest``). Means:
    z = (m₁ − m₂)/√(s₁²/n₁ + s₂²/n₂) with a normal reference, its range over the rounding box
    at the 16 corners (monotone in each input, as for Welch's t; validated against
    ``statsmodels.stats.weightstats.CompareMeans.ztest_ind``). Median [IQR] rows print the z of
    a rank test, which needs the ranks: not recomputable.
    """
    if len(comp.arms) != 2:
        return None, "", f"a z test compares two arms (got {len(comp.arms)})"
    if comp.variable_type == "binary":
        t, why = count_table(idx, comp)
        if t is None:
            return None, "", why
        (a, b), (n1, n2) = t.events, t.totals
        pooled = (a + b) / (n1 + n2)
        se = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
        z = (a / n1 - b / n2) / se if se > 0 else math.nan
        p = p_from_statistic(z, math.nan, "z")
        return [MethodEval("two_proportion_z", TWO_PROP_Z, "z", z, (z, z), (math.nan, math.nan), p, (p, p))], \
            t.describe(), ""
    if comp.variable_type == "continuous":
        mi, why = mean_inputs(idx, comp)
        if mi is None:
            return None, "", why
        m1, m2 = (float(m.value) for m in mi.means)
        s1, s2 = (float(s.value) for s in mi.sds)
        z = t_from_summary(m1, s1, mi.ns[0], m2, s2, mi.ns[1], equal_var=False).statistic
        z_iv, _ = t_range(mi.means[0], mi.sds[0], mi.ns[0], mi.means[1], mi.sds[1], mi.ns[1], equal_var=False)
        nan2 = (math.nan, math.nan)
        return [MethodEval("large_sample_z", LARGE_Z, "z", z, z_iv, nan2, p_from_statistic(z, math.nan, "z"),
                           p_range(z_iv, nan2, "z"))], mi.describe(), ""
    return None, "", f"the z of a {comp.variable_type} comparison comes from a rank test on the raw data"


ANOVA = "One-way ANOVA F (equal variances), from group means, SDs and sizes"
PAIRED = "Paired t (one-sample t on within-pair differences), two-sided"
PAIRED_ANY_R = "Paired t, range over every within-pair correlation in [-1, 1] (SD of differences not printed), two-sided"
TWO_PROP_Z = "Two-proportion z test (pooled variance), two-sided"
LARGE_Z = "Large-sample z test of two means (unpooled variance, normal reference), two-sided"
FFH = "Fisher-Freeman-Halton exact test (r x c), two-sided"

SHORT = {
    "anova_f": "one-way ANOVA F",
    "paired_t": "paired t",
    "paired_t_any_r": "paired t (any within-pair correlation)",
    "two_proportion_z": "two-proportion z",
    "large_sample_z": "large-sample z",
    "pearson_chi2": "Pearson chi2 (no correction)",
    "yates_chi2": "Pearson chi2 with Yates correction",
    "lr_g": "likelihood-ratio G",
    "fisher": "Fisher exact (two-sided)",
    "freeman_halton": "Fisher-Freeman-Halton exact (two-sided)",
    "student_t": "Student t (pooled variance)",
    "welch_t": "Welch t (unequal variances)",
}

__all__ = ["CountTable", "FREEMAN_HALTON", "GroupSummaries", "MeanInputs", "MethodEval", "PEARSON", "RxCTable",
           "YATES", "LR_G", "anova_methods", "count_methods", "count_table", "freeman_halton_kx2",
           "group_summaries", "mean_inputs", "paired_methods", "rxc_methods", "rxc_table", "t_methods", "z_methods",
           "SHORT"]
