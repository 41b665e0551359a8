"""Confidence intervals for proportions."""
from __future__ import annotations

import numpy as np
from scipy import stats


def wilson_ci(k, n, alpha: float = 0.05) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval for k successes out of n (vectorised).

    Notes
    -----
    With z = Φ⁻¹(1 − α/2) and p̂ = k/n:
    centre = (p̂ + z²/2n) / (1 + z²/n), half-width = z·sqrt(p̂(1−p̂)/n + z²/4n²) / (1 + z²/n).
    Validated against ``statsmodels.stats.proportion.proportion_confint(method="wilson")``.

    Examples
    --------
    >>> lo, hi = wilson_ci(18, 43)
    >>> round(float(lo), 4), round(float(hi), 4)
    (0.2838, 0.5667)
    """
    k = np.asarray(k, dtype=float)
    n = np.asarray(n, dtype=float)
    z = stats.norm.ppf(1 - alpha / 2)
    p = np.divide(k, n, out=np.full(np.broadcast(k, n).shape, np.nan), where=n > 0)
    denom = 1 + z**2 / n
    centre = (p + z**2 / (2 * n)) / denom
    half = z * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / denom
    return centre - half, centre + half
