"""One-way ANOVA from group summaries (k means, SDs and sizes), and the exact range of F over
the rounding intervals of printed means and SDs.

Clinical tables compare 3+ groups by printing mean ± SD per group and an F with its P; this
module recomputes F and says which F values the printed (rounded) summaries allow.
"""
from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass

import numpy as np

from ..errors import InputError
from . import distributions as dist
from .printed_box import StatisticRange, printed_interval

METHOD = "One-way ANOVA F (equal variances), from group means, SDs and sizes"
#: Above this many groups the 2^k vertex enumeration for the largest F is refused.
MAX_GROUPS_EXACT = 16


@dataclass(frozen=True)
class AnovaResult:
    """One-way ANOVA F test.

    Attributes
    ----------
    method : str
        The exact test.
    f : float
        F = MS_between / MS_within.
    df_between, df_within : float
        k − 1 and N − k.
    p : float
        Upper-tail F probability.
    n : int
        Total N analysed.
    """

    method: str
    f: float
    df_between: float
    df_within: float
    p: float
    n: int

    def to_dict(self) -> dict:
        return asdict(self)


def _check(means: Sequence, sds: Sequence, ns: Sequence[int]) -> np.ndarray:
    if not (len(means) == len(sds) == len(ns)):
        raise InputError(f"means, SDs and sizes must have the same length (got {len(means)}, {len(sds)}, {len(ns)})")
    if len(means) < 2:
        raise InputError("one-way ANOVA needs at least 2 groups")
    n = np.asarray(ns, dtype=float)
    if np.any(n < 1) or not np.allclose(n, np.round(n)):
        raise InputError(f"group sizes must be positive integers (got {list(ns)})")
    if n.sum() - len(n) < 1:
        raise InputError(f"one-way ANOVA needs N > k (got N = {int(n.sum())}, k = {len(n)})")
    return n


def anova_from_summary(means: Sequence[float], sds: Sequence[float], ns: Sequence[int]) -> AnovaResult:
    """One-way ANOVA F from group means, sample SDs (n − 1 denominator) and sizes.

    Notes
    -----
    SS_between = Σ nᵢ(x̄ᵢ − x̄)², x̄ = Σ nᵢx̄ᵢ / N; SS_within = Σ (nᵢ − 1)sᵢ²;
    F = (SS_between/(k − 1)) / (SS_within/(N − k)). Validated against
    ``scipy.stats.f_oneway`` on raw data (tests/test_stats_anova.py).

    Examples
    --------
    >>> r = anova_from_summary([10.0, 12.0, 15.0], [2.0, 2.5, 3.0], [20, 20, 20])
    >>> round(r.f, 3), r.df_between, r.df_within, f"{r.p:.2e}"
    (19.74, 2.0, 57.0, '3.06e-07')
    >>> anova_from_summary([69.58, 62.13], [8.457, 10.773], [50, 31]).f ** 0.5  # = Student t # doctest: +ELLIPSIS
    3.465...
    """
    n = _check(means, sds, ns)
    m = np.asarray(means, dtype=float)
    s = np.asarray(sds, dtype=float)
    if np.any(s < 0):
        raise InputError(f"SDs must be non-negative (got {list(sds)})")
    k, big_n = len(n), n.sum()
    grand = (n * m).sum() / big_n
    ssb = float((n * (m - grand) ** 2).sum())
    ssw = float(((n - 1) * s**2).sum())
    df1, df2 = float(k - 1), float(big_n - k)
    f = (ssb / df1) / (ssw / df2) if ssw > 0 else (math.inf if ssb > 0 else math.nan)
    p = float(dist.f.sf(f, df1, df2)) if not math.isnan(f) else math.nan
    return AnovaResult(METHOD, float(f), df1, df2, p, int(big_n))


def _min_ssb(lo: np.ndarray, hi: np.ndarray, n: np.ndarray) -> float:
    """min over the box of Σ nᵢ(mᵢ − m̄)² = min over c of Σ nᵢ·dist(c, [loᵢ, hiᵢ])²."""
    def g(c: float) -> float:
        d = np.maximum(0.0, lo - c) + np.maximum(0.0, c - hi)
        return float((n * d * d).sum())

    points = np.unique(np.concatenate([lo, hi]))
    cands = list(points)
    edges = [-math.inf, *points, math.inf]
    for a, b in zip(edges[:-1], edges[1:]):
        mid = (a + b) / 2 if math.isfinite(a) and math.isfinite(b) else (b - 1 if math.isfinite(b) else a + 1)
        below = lo > mid   # intervals entirely above c pull c up
        above = hi < mid   # intervals entirely below c pull c down
        w = n[below].sum() + n[above].sum()
        if w > 0:
            c = ((n * lo)[below].sum() + (n * hi)[above].sum()) / w
            cands.append(min(max(c, a), b))
    return min(g(c) for c in cands)


def _max_ssb(lo: np.ndarray, hi: np.ndarray, n: np.ndarray) -> float:
    """max over the box (a convex function: attained at one of the 2^k vertices)."""
    k = len(n)
    best = 0.0
    for corner in itertools.product((0, 1), repeat=k):
        m = np.where(np.asarray(corner, dtype=bool), hi, lo)
        grand = (n * m).sum() / n.sum()
        best = max(best, float((n * (m - grand) ** 2).sum()))
    return best


def anova_f_range(means: Sequence[str], sds: Sequence[str], ns: Sequence[int]) -> StatisticRange:
    """The smallest and largest F (and p) that printed, rounded means and SDs allow.

    Parameters
    ----------
    means, sds
        Printed texts, e.g. ``["69.58", "62.13", "65.0"]``; each stands for its rounding
        interval (see :func:`~osteostats.stats.printed_box.printed_interval`).
    ns
        Group sizes (exact).

    Returns
    -------
    StatisticRange
        ``exact`` is True: both extremes are attained by some means and SDs in the box.

    Notes
    -----
    F = [SS_b/(k − 1)] / [SS_w/(N − k)] with SS_w = Σ(nᵢ − 1)sᵢ² depending only on the SDs
    and SS_b only on the means, so the two are optimised separately. SS_w is increasing in
    every sᵢ: its extremes are at the interval ends (lower ends clipped at 0). SS_b is a
    convex quadratic in the means, so its maximum over the box is at a vertex (all 2^k are
    enumerated, k ≤ 16); its minimum equals min over c of Σ nᵢ·dist(c, [loᵢ, hiᵢ])², a convex
    piecewise quadratic in one variable minimised exactly at a breakpoint or at the
    stationary point of a segment. Hence F_min = SS_b,min/SS_w,max and F_max =
    SS_b,max/SS_w,min (times (N − k)/(k − 1)) are exact, not conservative. Validated by
    random points of the box never leaving [F_min, F_max] and by independent vertex and grid
    searches (tests/test_stats_anova.py).

    Examples
    --------
    >>> r = anova_f_range(["10.0", "12.0", "15.0"], ["2.0", "2.5", "3.0"], [20, 20, 20])
    >>> round(r.statistic_low, 2), round(r.statistic_high, 2)
    (18.2, 21.41)
    """
    n = _check(means, sds, ns)
    k = len(n)
    if k > MAX_GROUPS_EXACT:
        raise InputError(f"the exact F range enumerates 2^k vertices; k = {k} groups is more than {MAX_GROUPS_EXACT}")
    miv = np.array([printed_interval(x) for x in means])
    siv = np.array([printed_interval(x) for x in sds])
    if np.any(siv[:, 1] < 0):
        raise InputError(f"SDs must be non-negative (got {list(sds)})")
    slo, shi = np.maximum(siv[:, 0], 0.0), siv[:, 1]
    df1, df2 = float(k - 1), float(n.sum() - k)
    ssw_lo, ssw_hi = float(((n - 1) * slo**2).sum()), float(((n - 1) * shi**2).sum())
    ssb_lo, ssb_hi = _min_ssb(miv[:, 0], miv[:, 1], n), _max_ssb(miv[:, 0], miv[:, 1], n)
    scale = df2 / df1
    f_lo = scale * ssb_lo / ssw_hi if ssw_hi > 0 else (math.inf if ssb_lo > 0 else math.nan)
    f_hi = scale * ssb_hi / ssw_lo if ssw_lo > 0 else math.inf
    point = anova_from_summary([float(x) for x in means], [float(x) for x in sds], ns)
    return StatisticRange(
        METHOD, point.f, float(f_lo), float(f_hi), point.p,
        float(dist.f.sf(f_hi, df1, df2)), float(dist.f.sf(f_lo, df1, df2)), df1, df2, True,
        "F_min = min SS_between / max SS_within, F_max = max SS_between / min SS_within; "
        "SS_between maximised over the 2^k vertices of the means' box and minimised exactly in one variable",
    )
