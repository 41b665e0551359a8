"""Tests on count tables: Pearson χ² (with or without Yates), likelihood-ratio G, Fisher.

All functions take a table of non-negative integer counts (rows = groups or modalities,
columns = categories, e.g. ``[[present, absent], ...]``).
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction

import numpy as np

from ..errors import InputError
from .distributions import chi2
from .result import TestResult

PEARSON = "Pearson chi-squared, no continuity correction"
YATES = "Pearson chi-squared with Yates continuity correction"
LR_G = "Likelihood-ratio G-test"
FISHER = "Fisher's exact test, two-sided"


def _as_table(table: Sequence[Sequence[float]] | np.ndarray) -> np.ndarray:
    arr = np.asarray(table, dtype=float)
    if arr.ndim != 2 or arr.shape[0] < 2 or arr.shape[1] < 2:
        raise InputError(f"a contingency table needs at least 2 rows and 2 columns (got shape {arr.shape})")
    if np.any(arr < 0) or np.any(np.isnan(arr)):
        raise InputError(f"contingency table counts must be non-negative numbers (got {arr.tolist()})")
    return arr


def expected_counts(table: Sequence[Sequence[float]] | np.ndarray) -> np.ndarray:
    """Expected counts under independence: row total × column total / grand total.

    Examples
    --------
    >>> expected_counts([[6, 44], [22, 9]]).round(2).tolist()
    [[17.28, 32.72], [10.72, 20.28]]
    """
    arr = _as_table(table)
    total = arr.sum()
    if total == 0:
        raise InputError("contingency table is empty (all counts are 0)")
    return np.outer(arr.sum(axis=1), arr.sum(axis=0)) / total


def _degenerate(arr: np.ndarray) -> bool:
    return bool(np.any(arr.sum(axis=0) == 0) or np.any(arr.sum(axis=1) == 0))


def pearson_chi2(table: Sequence[Sequence[float]] | np.ndarray, *, correction: bool = False) -> TestResult:
    """Pearson's χ² test of independence for an R×C table.

    Parameters
    ----------
    table
        Counts, rows = groups, columns = categories.
    correction
        Apply Yates' continuity correction (2×2 tables only; ignored otherwise, as in SPSS
        and R's ``chisq.test``).

    Notes
    -----
    :math:`X^2 = \\sum (O-E)^2/E`, df = (R−1)(C−1); with Yates on 2×2,
    :math:`\\sum (\\max(0, |O-E|-0.5))^2/E`. SPSS prints the uncorrected value as
    "Pearson Chi-Square". Validated against ``scipy.stats.chi2_contingency`` and against
    the paper's own consistent value: 6/50 vs 22/31 men gives 29.418 (Table 1).

    Examples
    --------
    >>> round(pearson_chi2([[6, 44], [22, 9]]).statistic, 3)
    29.418
    """
    arr = _as_table(table)
    n = int(round(arr.sum()))
    is_2x2 = arr.shape == (2, 2)
    use_yates = bool(correction and is_2x2)
    method, key = (YATES, "yates_chi2") if use_yates else (PEARSON, "pearson_chi2")
    df = float((arr.shape[0] - 1) * (arr.shape[1] - 1))
    if _degenerate(arr):
        return TestResult(method, float("nan"), df, float("nan"), n, key,
                          "undefined: a row or column total is zero")
    expected = expected_counts(arr)
    dev = np.abs(arr - expected)
    if use_yates:
        dev = np.maximum(0.0, dev - 0.5)
    x2 = float(np.sum(dev**2 / expected))
    p = float(chi2.sf(x2, df))
    return TestResult(method, x2, df, p, n, key)


def likelihood_ratio_g(table: Sequence[Sequence[float]] | np.ndarray) -> TestResult:
    """Likelihood-ratio (G) test of independence, :math:`G = 2\\sum O\\ln(O/E)`.

    Notes
    -----
    Cells with O = 0 contribute 0. Validated against
    ``scipy.stats.chi2_contingency(..., correction=False, lambda_="log-likelihood")``.

    Examples
    --------
    >>> round(likelihood_ratio_g([[6, 44], [22, 9]]).statistic, 3)
    30.403
    """
    arr = _as_table(table)
    n = int(round(arr.sum()))
    df = float((arr.shape[0] - 1) * (arr.shape[1] - 1))
    if _degenerate(arr):
        return TestResult(LR_G, float("nan"), df, float("nan"), n, "lr_g",
                          "undefined: a row or column total is zero")
    expected = expected_counts(arr)
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(arr > 0, arr * np.log(arr / expected), 0.0)
    g = float(2 * terms.sum())
    return TestResult(LR_G, g, df, float(chi2.sf(g, df)), n, "lr_g")


#: Relative tolerance under which a table counts as "no more likely" than the observed one
#: (scipy.stats.fisher_exact's ``1 + 1e-14``); with exact integer probabilities it only
#: matters for distinct tables whose probabilities agree to 14 digits.
FISHER_REL_TOL = 10**14

#: Most bits held while enumerating exactly (support size × bits of ``C(N, c1)``, about
#: 25 MB); larger tables (registry-sized margins) take their p-value from
#: scipy.stats.fisher_exact (boost's hypergeometric distribution).
FISHER_MAX_BITS = 2 * 10**8


def fisher_exact(table: Sequence[Sequence[float]] | np.ndarray) -> TestResult:
    """Fisher's exact test (two-sided) for a 2×2 table.

    Notes
    -----
    Two-sided p sums the hypergeometric probabilities of all tables with the same margins
    that are no more likely than the observed one (the convention of R's ``fisher.test``,
    SPSS and ``scipy.stats.fisher_exact``). With row totals ``r1, r2``, first-column total
    ``c1`` and ``N = r1 + r2``, the table with top-left cell ``x`` has probability
    ``C(r1, x) C(r2, c1 - x) / C(N, c1)``. The numerators are enumerated as exact integers
    (each from the previous by the ratio ``(r1 - x)(c1 - x) / ((x + 1)(r2 - c1 + x + 1))``),
    a table is "no more likely" when its numerator is at most ``1 + 1e-14`` times the
    observed one (scipy's tolerance), and the exact fraction is rounded once to a float.
    The p-value is therefore correctly rounded; ``scipy.stats.fisher_exact`` agrees to
    about 1e-15 relative (``tests/test_stats_scipy_free.py`` asserts 1e-12 over random
    tables, and exact equality with a Fraction enumeration). Tables above :data:`FISHER_MAX_BITS` use scipy. The statistic is NaN
    (the conditional odds ratio is not a test statistic) and df is NaN.

    Examples
    --------
    >>> round(fisher_exact([[5, 93], [6, 37]]).p, 4)
    0.0908
    """
    arr = _as_table(table)
    if arr.shape != (2, 2):
        raise InputError(f"Fisher's exact test is implemented for 2x2 tables only (got shape {arr.shape})")
    if not np.allclose(arr, np.round(arr)):
        raise InputError(f"Fisher's exact test needs integer counts (got {arr.tolist()})")
    (a, b), (c, d) = np.round(arr).astype(np.int64).tolist()
    n = a + b + c + d
    return TestResult(FISHER, float("nan"), float("nan"), fisher_p(a, b, c, d), n, "fisher")


def fisher_p(a: int, b: int, c: int, d: int) -> float:
    """Two-sided Fisher p-value of the 2×2 table ``[[a, b], [c, d]]`` (see :func:`fisher_exact`).

    Examples
    --------
    >>> fisher_p(3, 1, 1, 3)   # R: fisher.test(matrix(c(3, 1, 1, 3), 2))$p.value
    0.48571428571428577
    """
    r1, r2, c1 = a + b, c + d, a + c
    if r1 == 0 or r2 == 0 or c1 == 0 or b + d == 0:
        return 1.0
    lo, hi = max(0, c1 - r2), min(r1, c1)
    bits = (math.lgamma(r1 + r2 + 1) - math.lgamma(c1 + 1) - math.lgamma(r1 + r2 - c1 + 1)) / math.log(2)
    if (hi - lo + 1) * bits > FISHER_MAX_BITS:
        from scipy import stats  # heavy import, only for very wide supports

        return float(min(1.0, stats.fisher_exact([[a, b], [c, d]]).pvalue))
    term = math.comb(r1, lo) * math.comb(r2, c1 - lo)
    terms = []
    for x in range(lo, hi + 1):
        terms.append(term)
        if x < hi:
            term = term * (r1 - x) * (c1 - x) // ((x + 1) * (r2 - c1 + x + 1))
    observed = terms[a - lo] * (FISHER_REL_TOL + 1)
    tail = sum(t for t in terms if t * FISHER_REL_TOL <= observed)
    return min(1.0, float(Fraction(tail, math.comb(r1 + r2, c1))))


def chi2_kx2(events: Sequence[int], totals: Sequence[int] | int, *, correction: bool = False) -> TestResult:
    """χ² test comparing k proportions ``events[i] / totals[i]`` (a k×2 table).

    This is how the paper compares detection rates across modalities (Table 3). It treats the
    k rows as independent samples, which they are not when the same vertebrae are read by each
    modality: see :func:`osteostats.stats.paired.cochran_q` for the paired analysis.

    Examples
    --------
    >>> round(chi2_kx2([18, 34, 39, 42], 43).statistic, 3)
    45.462
    """
    ev = np.asarray(events, dtype=float)
    tot = np.broadcast_to(np.asarray(totals, dtype=float), ev.shape)
    if np.any(ev > tot):
        raise InputError(f"events exceed totals: {ev.tolist()} of {tot.tolist()}")
    table = np.column_stack([ev, tot - ev])
    result = pearson_chi2(table, correction=correction)
    return result
