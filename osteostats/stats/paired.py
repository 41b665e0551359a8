"""Paired tests for binary readings of the same units (vertebrae) by several modalities."""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..errors import InputError
from . import distributions as dist
from .result import TestResult

COCHRAN = "Cochran's Q test (paired binary, k related samples)"
MCNEMAR_EXACT = "McNemar exact (binomial) test, two-sided"
MCNEMAR_CHI2 = "McNemar chi-squared test, no continuity correction"
MCNEMAR_CC = "McNemar chi-squared test with continuity correction"


def cochran_q(matrix: Sequence[Sequence[int]] | np.ndarray) -> TestResult:
    """Cochran's Q for an n × k binary matrix (rows = units, columns = modalities).

    Notes
    -----
    :math:`Q = (k-1)\\,[k\\sum_j C_j^2 - N^2] / (kN - \\sum_i R_i^2)`, with column totals
    :math:`C_j`, row totals :math:`R_i` and :math:`N = \\sum C_j`; df = k − 1, χ² reference
    distribution. Rows detected by all or none of the modalities do not contribute.
    If every row is all-0 or all-1 the statistic is undefined (NaN).
    Validated against ``statsmodels.stats.contingency_tables.cochrans_q``.

    Examples
    --------
    >>> round(cochran_q([[1, 1, 0], [1, 0, 0], [1, 1, 1], [0, 1, 0], [1, 1, 0]]).statistic, 4)
    4.5
    """
    x = np.asarray(matrix, dtype=float)
    if x.ndim != 2 or x.shape[1] < 2:
        raise InputError(f"Cochran's Q needs a units x modalities matrix with >= 2 columns (got shape {x.shape})")
    if not np.all(np.isin(x, (0.0, 1.0))):
        raise InputError("Cochran's Q needs binary (0/1) readings with no missing values")
    n, k = x.shape
    col = x.sum(axis=0)
    row = x.sum(axis=1)
    total = col.sum()
    denom = k * total - np.sum(row**2)
    if denom == 0:
        return TestResult(COCHRAN, float("nan"), float(k - 1), float("nan"), int(n), "cochran_q",
                          "undefined: every unit is detected by all or by none of the modalities")
    q = float((k - 1) * (k * np.sum(col**2) - total**2) / denom)
    return TestResult(COCHRAN, q, float(k - 1), float(dist.chi2.sf(q, k - 1)), int(n), "cochran_q")


def mcnemar(a: Sequence[int] | np.ndarray, b: Sequence[int] | np.ndarray, *, exact: bool = True,
            correction: bool = True) -> TestResult:
    """McNemar's test for two paired binary readings of the same units.

    Parameters
    ----------
    a, b
        0/1 readings of the same units by two modalities.
    exact
        Exact binomial test on the discordant pairs (default), else the χ² approximation.
    correction
        Continuity correction for the χ² version.

    Notes
    -----
    With discordant counts b10 (a=1, b=0) and b01: exact p = 2·P(Bin(b10+b01, ½) ≤ min),
    capped at 1; χ² = (|b10 − b01| − c)² / (b10 + b01), c = 1 with correction else 0, df 1.
    Validated against ``statsmodels.stats.contingency_tables.mcnemar``.

    Examples
    --------
    >>> round(mcnemar([1, 1, 1, 0, 1, 1], [0, 0, 0, 0, 1, 1]).p, 4)
    0.25
    """
    x = np.asarray(a, dtype=float)
    y = np.asarray(b, dtype=float)
    if x.shape != y.shape or x.ndim != 1:
        raise InputError("McNemar's test needs two readings of the same units (equal-length vectors)")
    if not (np.all(np.isin(x, (0.0, 1.0))) and np.all(np.isin(y, (0.0, 1.0)))):
        raise InputError("McNemar's test needs binary (0/1) readings with no missing values")
    b10 = int(np.sum((x == 1) & (y == 0)))
    b01 = int(np.sum((x == 0) & (y == 1)))
    m = b10 + b01
    n = int(x.size)
    if exact:
        from scipy.stats import binomtest  # heavy import (about 1 s), only for the exact test

        p = 1.0 if m == 0 else float(min(1.0, binomtest(min(b10, b01), m, 0.5).pvalue))
        return TestResult(MCNEMAR_EXACT, float(min(b10, b01)), float("nan"), p, n, "mcnemar_exact",
                          f"discordant pairs {b10} vs {b01}")
    c = 1.0 if correction else 0.0
    if m == 0:
        return TestResult(MCNEMAR_CC if correction else MCNEMAR_CHI2, float("nan"), 1.0, float("nan"), n,
                          "mcnemar_chi2", "undefined: no discordant pairs")
    stat = (max(0.0, abs(b10 - b01) - c)) ** 2 / m
    return TestResult(MCNEMAR_CC if correction else MCNEMAR_CHI2, float(stat), 1.0,
                      float(dist.chi2.sf(stat, 1)), n, "mcnemar_chi2", f"discordant pairs {b10} vs {b01}")
