"""Differences between an own cohort and the published one, with their CIs."""
from __future__ import annotations

import numpy as np
import pytest
from statsmodels.stats.weightstats import CompareMeans, DescrStatsW

from osteostats.tables.cohort_difference import cohort_difference, mean_difference, percent_difference


def test_percent_difference_matches_newcombe_1998():
    """Newcombe (1998), Stat Med 17:873, Table II example (h): 56/70 vs 48/80, method 10 gives
    0.0524 to 0.3339 (printed to 4 decimals, hence abs=5e-5 on the proportion scale)."""
    d, lo, hi = percent_difference(56, 70, 48, 80)
    assert d == pytest.approx(20.0)
    assert (lo / 100, hi / 100) == pytest.approx((0.0524, 0.3339), abs=5e-5)


def test_mean_difference_matches_statsmodels_welch():
    rng = np.random.default_rng(3)
    a, b = rng.normal(70, 8, 50), rng.normal(66, 10, 40)
    ref = CompareMeans(DescrStatsW(a), DescrStatsW(b)).tconfint_diff(usevar="unequal")
    d, lo, hi = mean_difference(a.mean(), a.std(ddof=1), 50, b.mean(), b.std(ddof=1), 40)
    assert d == pytest.approx(a.mean() - b.mean(), rel=1e-12)
    assert (lo, hi) == pytest.approx(ref, rel=1e-10)


def test_missing_inputs_give_no_difference():
    d, lo, hi, method = cohort_difference("percent", {"count": (5, 50)}, {}, 0.05)
    assert method == "" and np.isnan(d)
