"""One-way ANOVA from summaries and its exact F range under rounding.

References: scipy.stats.f_oneway on raw data (1e-10 relative: same formula, floating point);
for two groups F = t^2 of scipy.stats.ttest_ind_from_stats; for the range, independent searches
written here: every vertex of the means' box combined with the SD ends (the maximum must be
attained exactly), a dense grid over c for the minimum, and random points of the box (none may
leave the range).
"""
import itertools

import numpy as np
import pytest
from scipy import stats

from osteostats.errors import InputError
from osteostats.stats.anova import anova_f_range, anova_from_summary

RNG = np.random.default_rng(20261122)


@pytest.mark.parametrize("sizes", [(5, 7, 9), (20, 20, 20, 20), (3, 40)])
def test_f_from_summary_matches_scipy_on_raw_data(sizes):
    groups = [RNG.normal(loc=i, scale=1 + i / 3, size=n) for i, n in enumerate(sizes)]
    ref = stats.f_oneway(*groups)
    got = anova_from_summary([g.mean() for g in groups], [g.std(ddof=1) for g in groups], sizes)
    assert got.f == pytest.approx(ref.statistic, rel=1e-10)
    assert got.p == pytest.approx(ref.pvalue, rel=1e-9)
    assert (got.df_between, got.df_within, got.n) == (len(sizes) - 1, sum(sizes) - len(sizes), sum(sizes))


def test_two_groups_f_is_student_t_squared():
    t = stats.ttest_ind_from_stats(69.58, 8.457, 50, 62.13, 10.773, 31).statistic
    assert anova_from_summary([69.58, 62.13], [8.457, 10.773], [50, 31]).f == pytest.approx(t**2, rel=1e-12)


def f_of(means, sds, ns):
    ns = np.asarray(ns, float)
    grand = (ns * means).sum() / ns.sum()
    k = len(ns)
    return ((ns * (means - grand) ** 2).sum() / (k - 1)) / (((ns - 1) * sds**2).sum() / (ns.sum() - k))


CASES = [
    (["10.0", "12.0", "15.0"], ["2.0", "2.5", "3.0"], [20, 20, 20]),
    (["1.21", "1.23", "1.22"], ["0.40", "0.35", "0.38"], [15, 12, 30]),   # means nearly equal: F_min = 0
    (["5", "6", "5", "7"], ["1", "2", "1", "1"], [8, 9, 10, 11]),
]


@pytest.mark.parametrize("means,sds,ns", CASES)
def test_f_range_is_exact(means, sds, ns):
    r = anova_f_range(means, sds, ns)
    h = [0.5 * 10 ** -(len(m.split(".")[1]) if "." in m else 0) for m in means]
    hs = [0.5 * 10 ** -(len(s.split(".")[1]) if "." in s else 0) for s in sds]
    mlo = np.array([float(m) - a for m, a in zip(means, h)])
    mhi = np.array([float(m) + a for m, a in zip(means, h)])
    slo = np.array([float(s) - a for s, a in zip(sds, hs)])
    shi = np.array([float(s) + a for s, a in zip(sds, hs)])
    # maximum: independently, the best vertex with the smallest SDs
    vmax = max(f_of(np.where(np.array(c, bool), mhi, mlo), slo, ns) for c in itertools.product((0, 1), repeat=len(ns)))
    assert r.statistic_high == pytest.approx(vmax, rel=1e-10)
    # minimum: means clipped to a common centre c, searched on a fine grid, with the largest SDs
    grid = np.linspace(mlo.min(), mhi.max(), 20001)
    vmin = min(f_of(np.clip(c, mlo, mhi), shi, ns) for c in grid)
    assert r.statistic_low <= vmin + 1e-12
    assert r.statistic_low == pytest.approx(vmin, rel=1e-3, abs=1e-9)
    # random points of the box never leave the range
    for _ in range(2000):
        m = RNG.uniform(mlo, mhi)
        s = RNG.uniform(slo, shi)
        f = f_of(m, s, ns)
        assert r.statistic_low - 1e-9 <= f <= r.statistic_high + 1e-9
    assert r.p_low == pytest.approx(stats.f.sf(r.statistic_high, len(ns) - 1, sum(ns) - len(ns)))
    assert r.exact


def test_equal_printed_means_allow_f_zero():
    r = anova_f_range(["1.2", "1.2", "1.2"], ["0.4", "0.4", "0.4"], [10, 10, 10])
    assert r.statistic_low == 0.0 and r.p_high == 1.0


def test_bad_input():
    with pytest.raises(InputError, match="same length"):
        anova_from_summary([1, 2], [1], [3, 3])
    with pytest.raises(InputError, match="at least 2 groups"):
        anova_from_summary([1], [1], [3])
    with pytest.raises(InputError, match="not a printed number"):
        anova_f_range(["1.2", "x"], ["1", "1"], [5, 5])
