"""Tests on count tables: Pearson χ² (with or without Yates), likelihood-ratio G, Fisher.

All functions take a table of non-negative integer counts (rows = groups or modalities,
columns = categories, e.g. ``[[present, absent], ...]``).
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import stats

from ..errors import InputError
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
    p = float(stats.chi2.sf(x2, df))
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
    return TestResult(LR_G, g, df, float(stats.chi2.sf(g, df)), n, "lr_g")


def fisher_exact(table: Sequence[Sequence[float]] | np.ndarray) -> TestResult:
    """Fisher's exact test (two-sided) for a 2×2 table.

    Notes
    -----
    Two-sided p sums the hypergeometric probabilities of all tables with the same margins
    that are no more likely than the observed one (the convention of R's ``fisher.test``
    and SPSS). Delegates to ``scipy.stats.fisher_exact``; the statistic is NaN (the
    conditional odds ratio is not a test statistic) and df is NaN.

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
    n = int(round(arr.sum()))
    p = float(stats.fisher_exact(np.round(arr).astype(int), alternative="two-sided").pvalue)
    return TestResult(FISHER, float("nan"), float("nan"), min(p, 1.0), n, "fisher")


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
