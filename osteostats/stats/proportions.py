"""Confidence intervals for proportions (delegated to statsmodels)."""
from __future__ import annotations

import numpy as np
from statsmodels.stats.proportion import proportion_confint


def wilson_ci(k, n, alpha: float = 0.05) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval for k successes out of n (vectorised; NaN where n = 0).

    Notes
    -----
    ``statsmodels.stats.proportion.proportion_confint(method="wilson")``: with
    z = Φ⁻¹(1 − α/2) and p̂ = k/n, centre = (p̂ + z²/2n) / (1 + z²/n) and half-width
    z·sqrt(p̂(1−p̂)/n + z²/4n²) / (1 + z²/n) (Wilson 1927).

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
        lo[ok], hi[ok] = proportion_confint(kk[ok], nn[ok], alpha=alpha, method="wilson")
    return lo, hi
