"""Printed numbers as intervals, propagated through the tests.

A printed number stands for every value that rounds to it: "8.457" for [8.4565, 8.4575],
"-2.5" for [-2.55, -2.45], "100" for [99.5, 100.5], "<0.001" for [0, 0.001). This module
propagates those intervals through the t statistic and through the p-value of a printed
statistic, giving exact ranges (the functions involved are monotone in each argument, so the
extremes sit at corners of the input box).
"""
from __future__ import annotations

import itertools
import math

from ..printed import PrintedNumber
from ..stats import distributions as dist
from ..stats import t_from_summary

Interval = tuple[float, float]


def printed_interval(p: PrintedNumber, *, lower: float = -math.inf) -> Interval:
    """The closed interval behind a printed number, clipped below at ``lower``.

    Parameters
    ----------
    p
        A parsed printed number (not missing).
    lower
        Smallest admissible value (0 for SDs, P values and χ²).

    Notes
    -----
    ``value`` kinds give [x − h, x + h] with h half a unit in the last printed digit (both
    ends kept: a tie may have been rounded either way). Inequalities give half-lines; the
    open/closed distinction is handled by :func:`p_matches`, not here.

    Examples
    --------
    >>> from osteostats.printed import parse_printed
    >>> printed_interval(parse_printed("-3.446"))
    (-3.4465, -3.4455)
    >>> printed_interval(parse_printed("100"))
    (99.5, 100.5)
    >>> printed_interval(parse_printed("<0.001"), lower=0.0)
    (0.0, 0.001)
    >>> printed_interval(parse_printed("0.0"), lower=0.0)
    (0.0, 0.05)
    """
    lo, hi = p.interval()
    return max(lo, lower), max(hi, lower)


def overlaps(a: Interval, b: Interval) -> bool:
    """Do two closed intervals share a point?

    Examples
    --------
    >>> overlaps((0.70, 0.74), (0.7285, 0.7295)), overlaps((3.46, 3.47), (3.4455, 3.4465))
    (True, False)
    """
    return a[0] <= b[1] and b[0] <= a[1]


def abs_interval(iv: Interval) -> Interval:
    """The range of |x| for x in ``iv`` (handles intervals straddling 0).

    Examples
    --------
    >>> abs_interval((-3.4465, -3.4455)), abs_interval((-0.2, 0.5))
    ((3.4455, 3.4465), (0.0, 0.5))
    """
    lo, hi = iv
    if lo >= 0:
        return lo, hi
    if hi <= 0:
        return -hi, -lo
    return 0.0, max(-lo, hi)


def t_range(m1: PrintedNumber, s1: PrintedNumber, n1: int, m2: PrintedNumber, s2: PrintedNumber,
            n2: int, *, equal_var: bool = True) -> tuple[Interval, Interval]:
    """Range of the two-sample t statistic (and of its df) over the printed means' and SDs' intervals.

    Parameters
    ----------
    m1, s1, m2, s2
        Printed means and SDs of groups 1 and 2.
    n1, n2
        Group sizes (exact integers).
    equal_var
        Student's pooled t (True) or Welch's t (False).

    Returns
    -------
    (t_lo, t_hi), (df_lo, df_hi)

    Notes
    -----
    t = (m1 − m2) / se(s1, s2). The difference is extreme at corners of the mean intervals, and
    se increases with each SD for both Student and Welch, so for a fixed difference t is
    monotone in each SD; hence the extremes of t over the 4-dimensional box are at its 16
    corners (exact). SDs are clipped at 0. Student df is n1 + n2 − 2 exactly; the Welch df
    range is taken over the 4 SD corners. Each corner is computed with
    :func:`osteostats.stats.t_from_summary`, itself validated against
    ``scipy.stats.ttest_ind_from_stats``; the range is validated in ``tests/test_check_intervals.py``
    against a dense grid of scipy evaluations.

    Examples
    --------
    >>> from osteostats.printed import parse_printed as pp
    >>> (lo, hi), df = t_range(pp("23.38"), pp("3.31"), 50, pp("22.87"), pp("2.67"), 31)
    >>> round(lo, 4), round(hi, 4), df
    (0.7084, 0.7391, (79.0, 79.0))
    """
    mi1, mi2 = printed_interval(m1), printed_interval(m2)
    si1, si2 = printed_interval(s1, lower=0.0), printed_interval(s2, lower=0.0)
    ts: list[float] = []
    dfs: list[float] = []
    for a, b, c, d in itertools.product(mi1, si1, mi2, si2):
        r = t_from_summary(a, b, n1, c, d, n2, equal_var=equal_var)
        ts.append(r.statistic)
        dfs.append(r.df)
    ts = [t for t in ts if not math.isnan(t)]
    dfs = [x for x in dfs if not math.isnan(x)]
    if not ts:
        return (math.nan, math.nan), (math.nan, math.nan)
    return (min(ts), max(ts)), (min(dfs), max(dfs)) if dfs else (math.nan, math.nan)


#: Statistic families with a reference distribution: two-sided t, upper-tail χ², upper-tail F
#: (df and df2), two-sided standard normal z, two-sided Pearson r (t with df = n − 2).
FAMILIES = ("t", "chi2", "F", "z", "r")
#: Families whose sign is immaterial (two-sided): compared as absolute values.
TWO_SIDED = ("t", "z", "r")


def p_from_statistic(stat: float, df: float, family: str, df2: float = math.nan) -> float:
    """p of a statistic: two-sided t, z and r; upper-tail χ² and F.

    Notes
    -----
    t: 2·T_df.sf(|t|); χ²: χ²_df.sf(x); F: F_{df, df2}.sf(x); z: 2·Φ(−|z|) (df ignored);
    r: t = |r|·√(df/(1 − r²)) with df = n − 2, then as t (|r| ≥ 1 gives 0).

    Examples
    --------
    >>> round(p_from_statistic(3.255, 1, "chi2"), 4), round(p_from_statistic(-0.729, 79, "t"), 3)
    (0.0712, 0.468)
    >>> round(p_from_statistic(1.96, math.nan, "z"), 4), round(p_from_statistic(0.32, 48, "r"), 4)
    (0.05, 0.0235)
    >>> round(p_from_statistic(19.74, 2, "F", 57), 9)
    3.06e-07
    """
    if math.isnan(stat) or (family != "z" and math.isnan(df)):
        return math.nan
    if family == "t":
        return float(2 * dist.t.sf(abs(stat), df))
    if family == "chi2":
        return float(dist.chi2.sf(max(stat, 0.0), df))
    if family == "F":
        return float(dist.f.sf(max(stat, 0.0), df, df2)) if not math.isnan(df2) else math.nan
    if family == "z":
        return float(2 * dist.norm.sf(abs(stat)))
    if family == "r":
        r = min(abs(stat), 1.0)
        if r >= 1.0:
            return 0.0
        return float(2 * dist.t.sf(r * math.sqrt(df / (1 - r * r)), df))
    raise ValueError(f"unknown statistic family {family!r}")


def p_range(stat_iv: Interval, df_iv: Interval, family: str, df2: float = math.nan) -> Interval:
    """Range of p over a statistic interval and a df interval.

    Notes
    -----
    p is decreasing in |t|, |z|, |r| (two-sided) and in χ² and F, so the statistic's ends
    give the p ends. For a df interval (Welch) the four corners are evaluated; over intervals
    as narrow as a rounding unit p is monotone in df, so the corners give the range.

    Examples
    --------
    >>> lo, hi = p_range((3.2545, 3.2555), (1, 1), "chi2")
    >>> round(lo, 5), round(hi, 5)
    (0.07118, 0.07123)
    """
    s = abs_interval(stat_iv) if family in TWO_SIDED else (max(stat_iv[0], 0.0), max(stat_iv[1], 0.0))
    ps = [p_from_statistic(x, d, family, df2) for x in s for d in df_iv]
    ps = [p for p in ps if not math.isnan(p)]
    if not ps:
        return math.nan, math.nan
    return min(ps), max(ps)


def p_matches(printed: PrintedNumber, p_iv: Interval) -> bool:
    """Is a printed P consistent with a range of true p-values?

    Notes
    -----
    statcheck's rule: "P = x" is consistent when the range meets [x − h, x + h] (h half a unit
    in x's last digit); "P < x" is wrong only if even the smallest p is ≥ x; "P ≤ x" only if it
    is > x; "P > x" only if even the largest p is ≤ x.

    Examples
    --------
    >>> from osteostats.printed import parse_printed as pp
    >>> p_matches(pp("<0.001"), (0.0009, 0.0011)), p_matches(pp("<0.001"), (0.001, 0.002))
    (True, False)
    >>> p_matches(pp("0.468"), (0.4602, 0.4810)), p_matches(pp("<0.01"), (0.0001, 0.0001))
    (True, True)
    """
    lo, hi = p_iv
    if printed.kind == "value":
        return overlaps(printed_interval(printed), p_iv)
    x = float(printed.value)
    return {"lt": lo < x, "le": lo <= x, "gt": hi > x, "ge": hi >= x}[printed.kind]


def printed_significance(printed: PrintedNumber, alpha: float) -> bool | None:
    """Does the printed P claim significance at ``alpha``? None when it cannot say.

    Examples
    --------
    >>> from osteostats.printed import parse_printed as pp
    >>> [printed_significance(pp(t), 0.05) for t in ("0.038", "0.071", "0.050", "<0.001", "<0.1", ">0.05")]
    [True, False, None, True, None, False]
    """
    if printed.kind == "missing":
        return None
    x = float(printed.value)
    if printed.kind == "value":
        lo, hi = printed_interval(printed)
        return True if hi < alpha else False if lo >= alpha else None
    if printed.kind in ("lt", "le"):
        return True if (x < alpha or (printed.kind == "lt" and x <= alpha)) else None
    return False if x >= alpha else None


def range_significance(p_iv: Interval, alpha: float) -> bool | None:
    """Significant for every p in the range (True), for none (False), or mixed (None).

    Examples
    --------
    >>> range_significance((0.02, 0.04), 0.05), range_significance((0.04, 0.06), 0.05)
    (True, None)
    """
    lo, hi = p_iv
    if math.isnan(lo) or math.isnan(hi):
        return None
    return True if hi < alpha else False if lo >= alpha else None


def conclusion_changes(printed_p: PrintedNumber | None, p_iv: Interval, alpha: float) -> bool | None:
    """Does the decision at ``alpha`` differ between a printed P and a range of true p?

    None when either side cannot say (no P printed, "P = 0.050", a range straddling alpha).

    Examples
    --------
    >>> from osteostats.printed import parse_printed as pp
    >>> conclusion_changes(pp("0.012"), (0.0098, 0.0098), 0.05), conclusion_changes(pp("0.249"), (0.022, 0.042), 0.05)
    (False, True)
    >>> conclusion_changes(pp("0.050"), (0.02, 0.03), 0.05) is None, conclusion_changes(None, (0.02, 0.03), 0.05) is None
    (True, True)
    """
    if printed_p is None:
        return None
    a, b = printed_significance(printed_p, alpha), range_significance(p_iv, alpha)
    if a is None or b is None:
        return None
    return a != b
