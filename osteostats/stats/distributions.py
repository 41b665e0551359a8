"""Tail probabilities and quantiles of the t, normal, χ² and F distributions.

Each function calls the same :mod:`scipy.special` routine that :mod:`scipy.stats` calls
(``t.sf(x, df)`` is ``stdtr(df, -x)``, ``chi2.sf`` is ``chdtrc``, ``f.sf`` is ``fdtrc``,
``norm.sf(x)`` is ``ndtr(-x)``, ``norm.isf(q)`` is ``-ndtri(q)``...), so the values are the
same bit for bit. Importing :mod:`scipy.stats` costs about a second per process; every stage
of the workflow starts a process, so the tests and tables use these instead. The equality
with :mod:`scipy.stats` is asserted over grids and edge cases in
``tests/test_stats_scipy_free.py``.

Examples
--------
>>> from osteostats.stats.distributions import chi2, t
>>> round(float(2 * t.sf(2.0, 20)), 6)
0.059228
>>> round(float(chi2.sf(3.841458820694124, 1)), 6)
0.05
"""
from __future__ import annotations

import numpy as np
from scipy import special


class t:
    """Student's t distribution with ``df`` degrees of freedom."""

    @staticmethod
    def sf(x, df):
        """Upper tail ``P(T > x)``."""
        return special.stdtr(df, -np.asarray(x, dtype=float))

    @staticmethod
    def cdf(x, df):
        """Lower tail ``P(T <= x)``."""
        return special.stdtr(df, np.asarray(x, dtype=float))

    @staticmethod
    def ppf(q, df):
        """Quantile: ``x`` with ``P(T <= x) = q`` (-inf at 0 and inf at 1, as scipy.stats)."""
        q = np.asarray(q, dtype=float)
        return np.where(q == 0, -np.inf, np.where(q == 1, np.inf, special.stdtrit(df, q)))[()]

    @staticmethod
    def isf(q, df):
        """Upper quantile: ``x`` with ``P(T > x) = q`` (inf at 0 and -inf at 1, as scipy.stats)."""
        return -t.ppf(q, df)


class norm:
    """Standard normal distribution."""

    @staticmethod
    def sf(x):
        """Upper tail ``P(Z > x)``."""
        return special.ndtr(-np.asarray(x, dtype=float))

    @staticmethod
    def cdf(x):
        """Lower tail ``P(Z <= x)``."""
        return special.ndtr(np.asarray(x, dtype=float))

    @staticmethod
    def ppf(q):
        """Quantile: ``x`` with ``P(Z <= x) = q``."""
        return special.ndtri(q)

    @staticmethod
    def isf(q):
        """Upper quantile: ``x`` with ``P(Z > x) = q``."""
        return -special.ndtri(q)


class chi2:
    """χ² distribution with ``df`` degrees of freedom."""

    @staticmethod
    def sf(x, df):
        """Upper tail ``P(X > x)``; 1 for ``x < 0`` (below the support)."""
        x = np.asarray(x, dtype=float)
        return np.where(x < 0, 1.0, special.chdtrc(df, np.maximum(x, 0.0)))[()]

    @staticmethod
    def ppf(q, df):
        """Quantile: ``x`` with ``P(X <= x) = q``."""
        return 2 * special.gammaincinv(np.asarray(df, dtype=float) / 2, q)

    @staticmethod
    def isf(q, df):
        """Upper quantile: ``x`` with ``P(X > x) = q``."""
        return special.chdtri(df, q)


class f:
    """F distribution with ``dfn`` and ``dfd`` degrees of freedom."""

    @staticmethod
    def sf(x, dfn, dfd):
        """Upper tail ``P(F > x)``; 1 for ``x < 0`` (below the support)."""
        x = np.asarray(x, dtype=float)
        return np.where(x < 0, 1.0, special.fdtrc(dfn, dfd, np.maximum(x, 0.0)))[()]
