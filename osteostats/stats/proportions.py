"""Confidence intervals for proportions."""
from __future__ import annotations

import numpy as np

from .distributions import norm


def wilson_ci(k, n, alpha: float = 0.05) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval for k successes out of n (vectorised; NaN where n = 0).

    Notes
    -----
    With z = Φ⁻¹(1 − α/2) and p̂ = k/n, centre = (p̂ + z²/2n) / (1 + z²/n) and half-width
    z·sqrt(p̂(1−p̂)/n + z²/4n²) / (1 + z²/n) (Wilson 1927), clipped to [0, 1]. Computed in
    the same order of operations as ``statsmodels.stats.proportion.proportion_confint(
    method="wilson")`` (statsmodels imports scipy.stats, about a second per process); the
    tests assert exact equality with statsmodels.

    Examples
    --------
    >>> lo, hi = wilson_ci(18, 43)
    >>> round(float(lo), 4), round(float(hi), 4)
    (0.2838, 0.5667)
    """
    k = np.asarray(k, dtype=float)
    n = np.asarray(n, dtype=float)
    ok = n > 0
    lo = np.full(np.broadcast(k, n).shape, np.nan)
    hi = lo.copy()
    if np.any(ok):
        kk, nn = np.broadcast_arrays(k, n)
        kk, nn = kk[ok], nn[ok]
        q = kk / nn
        crit = norm.isf(alpha / 2.0)
        crit2 = crit**2
        denom = 1 + crit2 / nn
        center = (q + crit2 / (2 * nn)) / denom
        half = crit * np.sqrt(q * (1.0 - q) / nn + crit2 / (4.0 * nn**2))
        half /= denom
        lo[ok] = np.clip(center - half, 0, 1)
        hi[ok] = np.clip(center + half, 0, 1)
    return lo, hi
