"""Paired t from the printed mean and SD of the within-pair differences, with its exact range
under rounding."""
from __future__ import annotations

import math

from ..errors import InputError
from . import distributions as dist
from .printed_box import StatisticRange, printed_interval
from .result import TestResult

METHOD = "Paired t (one-sample t on within-pair differences), two-sided"


def paired_t_from_summary(mean_diff: float, sd_diff: float, n: int) -> TestResult:
    """Paired t-test from the mean and sample SD of the n within-pair differences.

    Notes
    -----
    t = d̄ / (s_d/√n), df = n − 1, p = 2·P(T_{n−1} > |t|). Validated against
    ``scipy.stats.ttest_rel`` on raw pairs (tests/test_stats_inline.py).

    Examples
    --------
    >>> r = paired_t_from_summary(1.2, 2.5, 30)
    >>> round(r.statistic, 4), r.df, round(r.p, 4)
    (2.6291, 29.0, 0.0136)
    """
    if n < 2 or int(n) != n:
        raise InputError(f"a paired t-test needs an integer number of pairs >= 2 (got {n})")
    if sd_diff < 0:
        raise InputError(f"the SD of the differences must be non-negative (got {sd_diff})")
    df = float(n - 1)
    if sd_diff == 0:
        t = math.copysign(math.inf, mean_diff) if mean_diff != 0 else math.nan
    else:
        t = mean_diff / (sd_diff / math.sqrt(n))
    p = float(2 * dist.t.sf(abs(t), df)) if not math.isnan(t) else math.nan
    return TestResult(METHOD, float(t), df, p, int(n), "paired_t")


def paired_t_range(mean_diff: str, sd_diff: str, n: int) -> StatisticRange:
    """Range of |t| and p that printed (rounded) mean and SD of differences allow.

    Notes
    -----
    |t| = |d̄|·√n / s_d is increasing in |d̄| and decreasing in s_d, so over the box the
    extremes are at interval ends: |t|_min at the |d̄| closest to 0 (0 when the interval
    straddles 0) and the largest s_d; |t|_max at the largest |d̄| and the smallest s_d. The
    range is exact (attained). Validated by random points of the box
    (tests/test_stats_inline.py).

    Examples
    --------
    >>> r = paired_t_range("1.2", "2.5", 30)
    >>> round(r.statistic_low, 3), round(r.statistic_high, 3)
    (2.47, 2.795)
    """
    mlo, mhi = printed_interval(mean_diff)
    slo, shi = printed_interval(sd_diff)
    slo = max(slo, 0.0)
    point = paired_t_from_summary(float(mean_diff), float(sd_diff), n)
    amin = 0.0 if mlo <= 0 <= mhi else min(abs(mlo), abs(mhi))
    amax = max(abs(mlo), abs(mhi))
    root = math.sqrt(n)
    t_lo = amin * root / shi if shi > 0 else (math.inf if amin > 0 else 0.0)
    t_hi = amax * root / slo if slo > 0 else math.inf
    df = float(n - 1)
    return StatisticRange(METHOD, abs(point.statistic), t_lo, t_hi, point.p,
                          float(2 * dist.t.sf(t_hi, df)), float(2 * dist.t.sf(t_lo, df)), math.nan, df, True,
                          "|t| monotone in |mean| (increasing) and SD (decreasing): extremes at the interval ends")
