"""Two-sample t-tests, from raw data or from summary statistics."""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..errors import InputError
from .distributions import t as t_dist
from .result import TestResult

STUDENT = "Student t (independent samples, pooled variance), two-sided"
WELCH = "Welch t (independent samples, unequal variances), two-sided"


def t_from_summary(
    mean1: float,
    sd1: float,
    n1: int,
    mean2: float,
    sd2: float,
    n2: int,
    *,
    equal_var: bool = True,
) -> TestResult:
    """Two-sample t-test from means, sample SDs and group sizes.

    Parameters
    ----------
    mean1, sd1, n1, mean2, sd2, n2
        Group means, sample standard deviations (denominator n − 1) and sizes.
    equal_var
        ``True`` for Student's pooled-variance t (the paper's "independent-samples t-test"),
        ``False`` for Welch's t with Welch–Satterthwaite df.

    Returns
    -------
    TestResult

    Notes
    -----
    The statistic and p are computed as ``scipy.stats.ttest_ind_from_stats`` computes them
    (same formulas, same order of operations, ``p = 2 stdtr(df, -|t|)``), without importing
    scipy.stats; equality with scipy is asserted in ``tests/test_stats_scipy_free.py``. Student
    df = n1 + n2 − 2; Welch–Satterthwaite df = (v1 + v2)² / (v1²/(n1−1) + v2²/(n2−1)) with
    vi = si²/ni (NaN when both SDs are 0). Student:
    :math:`t = (\\bar x_1-\\bar x_2)/(s_p\\sqrt{1/n_1+1/n_2})`; Welch:
    :math:`t = (\\bar x_1-\\bar x_2)/\\sqrt{s_1^2/n_1+s_2^2/n_2}`. With zero SDs t is ±inf
    (p = 0) for different means and NaN for equal ones, as in scipy. Statistic, p and df are
    validated against statsmodels' independent ``ttest_ind`` on samples built with exactly
    these moments (``tests/test_stats.py``).

    Examples
    --------
    >>> r = t_from_summary(23.38, 3.31, 50, 22.87, 2.67, 31)
    >>> round(r.statistic, 4), r.df
    (0.7237, 79.0)
    >>> r = t_from_summary(23.38, 3.31, 50, 22.87, 2.67, 31, equal_var=False)
    >>> round(r.statistic, 4), round(r.df, 2)
    (0.761, 73.53)
    """
    if n1 < 2 or n2 < 2:
        raise InputError(f"t-test needs at least 2 observations per group (got n1={n1}, n2={n2})")
    if sd1 < 0 or sd2 < 0:
        raise InputError(f"standard deviations must be non-negative (got {sd1}, {sd2})")
    statistic, p = _t_and_p(float(mean1), float(sd1), n1, float(mean2), float(sd2), n2, equal_var)
    if equal_var:
        df = float(n1 + n2 - 2)
        method, key = STUDENT, "student_t"
    else:
        v1, v2 = sd1**2 / n1, sd2**2 / n2
        den = v1**2 / (n1 - 1) + v2**2 / (n2 - 1)
        df = (v1 + v2) ** 2 / den if den > 0 else float("nan")
        method, key = WELCH, "welch_t"
    return TestResult(method, statistic, df, p, int(n1 + n2), key)


def _t_and_p(mean1: float, sd1: float, n1: int, mean2: float, sd2: float, n2: int,
             equal_var: bool) -> tuple[float, float]:
    """t and two-sided p, step for step as scipy.stats.ttest_ind_from_stats (scipy 1.17)."""
    v1, v2 = np.asarray(sd1, dtype=float) ** 2, np.asarray(sd2, dtype=float) ** 2  # square ufunc, as scipy
    with np.errstate(divide="ignore", invalid="ignore"):
        if equal_var:
            df = n1 + n2 - 2.0
            svar = ((n1 - 1) * v1 + (n2 - 1) * v2) / df
            denom = np.sqrt(svar * (1.0 / n1 + 1.0 / n2))
        else:
            vn1, vn2 = v1 / n1, v2 / n2
            df = (vn1 + vn2) ** 2 / (vn1**2 / (n1 - 1) + vn2**2 / (n2 - 1))
            df = 1.0 if np.isnan(df) else df  # zero variances: any df gives the same p
            denom = np.sqrt(vn1 + vn2)
        t = np.divide(np.float64(mean1) - np.float64(mean2), denom)
    return float(t), float(2 * t_dist.sf(np.abs(t), df))


def _summary(x: Sequence[float]) -> tuple[float, float, int]:
    arr = np.asarray(x, dtype=float)
    arr = arr[~np.isnan(arr)]
    return float(arr.mean()) if arr.size else float("nan"), float(arr.std(ddof=1)) if arr.size > 1 else float("nan"), int(arr.size)


def student_t(x: Sequence[float], y: Sequence[float]) -> TestResult:
    """Student's pooled-variance two-sample t-test on raw data (NaNs excluded and counted in n).

    Notes
    -----
    Same formula as :func:`t_from_summary` with ``equal_var=True``; validated against
    ``scipy.stats.ttest_ind(equal_var=True)``.

    Examples
    --------
    >>> round(student_t([1, 2, 3, 4], [2, 4, 6, 8]).statistic, 4)
    -1.7321
    """
    return t_from_summary(*_summary(x), *_summary(y), equal_var=True)


def welch_t(x: Sequence[float], y: Sequence[float]) -> TestResult:
    """Welch's unequal-variance two-sample t-test on raw data.

    Notes
    -----
    Validated against ``scipy.stats.ttest_ind(equal_var=False)``.

    Examples
    --------
    >>> round(welch_t([1, 2, 3, 4], [2, 4, 6, 8]).df, 3)
    4.412
    """
    return t_from_summary(*_summary(x), *_summary(y), equal_var=False)
