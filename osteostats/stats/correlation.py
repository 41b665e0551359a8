"""Pearson r → t → P with n, and z → P: the conversions behind inline ``r(48) = .32`` and
``z = 2.1`` statistics."""
from __future__ import annotations

import math

from ..errors import InputError
from . import distributions as dist
from .printed_box import StatisticRange, printed_interval
from .result import TestResult

R_METHOD = "Pearson correlation t-test (t = r·sqrt(df/(1 − r²)), df = n − 2), two-sided"
Z_METHOD = "Standard normal z, two-sided"


def r_to_t(r: float, df: float) -> float:
    """t for a Pearson correlation r with df = n − 2.

    Examples
    --------
    >>> round(r_to_t(0.32, 48), 4)
    2.3401
    """
    if not -1 <= r <= 1:
        raise InputError(f"a correlation must lie in [-1, 1] (got {r})")
    if df <= 0:
        raise InputError(f"df must be positive (got {df})")
    if abs(r) == 1:
        return math.copysign(math.inf, r)
    return r * math.sqrt(df / (1 - r * r))


def r_test(r: float, n: int) -> TestResult:
    """Test of H0: ρ = 0 for a Pearson r from n pairs.

    Notes
    -----
    t = r √((n − 2)/(1 − r²)), df = n − 2, p = 2·P(T > |t|). Validated against
    ``scipy.stats.pearsonr`` on raw data (tests/test_stats_inline.py).

    Examples
    --------
    >>> r = r_test(0.32, 50)
    >>> round(r.statistic, 4), r.df, round(r.p, 4)
    (2.3401, 48.0, 0.0235)
    """
    if n < 3:
        raise InputError(f"a correlation test needs n >= 3 (got {n})")
    t = r_to_t(r, n - 2)
    return TestResult(R_METHOD, t, float(n - 2), float(2 * dist.t.sf(abs(t), n - 2)), int(n), "pearson_r")


def r_p_range(r: str, df: float) -> StatisticRange:
    """Range of p over the rounding interval of a printed r (df = n − 2).

    Notes
    -----
    |t| is increasing in |r|, so p is extreme at the interval ends (|r| closest to 0 and
    farthest from 0, clipped to [−1, 1]); exact.

    Examples
    --------
    >>> rr = r_p_range(".32", 48)
    >>> round(rr.p_low, 4), round(rr.p_high, 4)
    (0.0213, 0.0259)
    """
    lo, hi = printed_interval(r)
    lo, hi = max(lo, -1.0), min(hi, 1.0)
    amin = 0.0 if lo <= 0 <= hi else min(abs(lo), abs(hi))
    amax = max(abs(lo), abs(hi))
    t_lo, t_hi = abs(r_to_t(amin, df)), abs(r_to_t(amax, df))
    t0 = abs(r_to_t(float(r), df))
    return StatisticRange(R_METHOD, t0, t_lo, t_hi, float(2 * dist.t.sf(t0, df)), float(2 * dist.t.sf(t_hi, df)),
                          float(2 * dist.t.sf(t_lo, df)), math.nan, float(df), True,
                          "|t| increasing in |r|: extremes at the ends of r's rounding interval")


def z_to_p(z: float, two_sided: bool = True) -> float:
    """p of a standard normal z (two-sided by default).

    Notes
    -----
    p = 2·(1 − Φ(|z|)) (one-sided: 1 − Φ(|z|)). Checked against ``statsmodels``' z-test
    (tests/test_stats_inline.py).

    Examples
    --------
    >>> round(z_to_p(1.96), 4), round(z_to_p(2.1, two_sided=False), 4)
    (0.05, 0.0179)
    """
    p = float(dist.norm.sf(abs(z)))
    return 2 * p if two_sided else p


def z_p_range(z: str) -> StatisticRange:
    """Range of the two-sided p over the rounding interval of a printed z (exact).

    Examples
    --------
    >>> r = z_p_range("2.1")
    >>> round(r.p_low, 4), round(r.p_high, 4)
    (0.0316, 0.0404)
    """
    lo, hi = printed_interval(z)
    amin = 0.0 if lo <= 0 <= hi else min(abs(lo), abs(hi))
    amax = max(abs(lo), abs(hi))
    z0 = abs(float(z))
    return StatisticRange(Z_METHOD, z0, amin, amax, z_to_p(z0), z_to_p(amax), z_to_p(amin), math.nan, math.nan, True,
                          "|z| at the ends of its rounding interval")
