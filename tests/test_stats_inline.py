"""Paired t from summaries, r -> t -> P and z -> P, with their ranges under rounding.

References: scipy.stats.ttest_rel on raw pairs; scipy.stats.pearsonr on raw data;
statsmodels' ztest (statsmodels.stats.weightstats.ztest) for z -> p. All 1e-10 relative
(same distributions, floating point only). Ranges: random points of the rounding box never
leave them, and the ends are attained at the box's ends.
"""
import numpy as np
import pytest
from scipy import stats
from statsmodels.stats.weightstats import ztest

from osteostats.errors import InputError
from osteostats.stats.correlation import r_p_range, r_test, r_to_t, z_p_range, z_to_p
from osteostats.stats.pairedt import paired_t_from_summary, paired_t_range

RNG = np.random.default_rng(7)


@pytest.mark.parametrize("n", [5, 12, 40])
def test_paired_t_matches_scipy(n):
    before = RNG.normal(50, 10, n)
    after = before + RNG.normal(1.5, 4, n)
    d = after - before
    ref = stats.ttest_rel(after, before)
    got = paired_t_from_summary(d.mean(), d.std(ddof=1), n)
    assert got.statistic == pytest.approx(ref.statistic, rel=1e-10)
    assert got.p == pytest.approx(ref.pvalue, rel=1e-10)
    assert got.df == n - 1


def test_paired_t_range_bounds_every_point_of_the_box():
    r = paired_t_range("1.2", "2.5", 30)
    for _ in range(3000):
        m, s = RNG.uniform(1.15, 1.25), RNG.uniform(2.45, 2.55)
        assert r.statistic_low - 1e-12 <= m * 30**0.5 / s <= r.statistic_high + 1e-12
    assert r.statistic_low == pytest.approx(1.15 * 30**0.5 / 2.55)
    assert r.statistic_high == pytest.approx(1.25 * 30**0.5 / 2.45)
    assert r.p_high == pytest.approx(2 * stats.t.sf(r.statistic_low, 29))
    straddle = paired_t_range("0.0", "1.0", 10)
    assert straddle.statistic_low == 0.0 and straddle.p_high == 1.0


@pytest.mark.parametrize("n", [6, 30, 200])
def test_r_test_matches_pearsonr(n):
    x = RNG.normal(size=n)
    y = 0.4 * x + RNG.normal(size=n)
    ref = stats.pearsonr(x, y)
    got = r_test(float(ref.statistic), n)
    assert got.p == pytest.approx(ref.pvalue, rel=1e-9)
    assert got.df == n - 2


def test_r_range_and_limits():
    rr = r_p_range(".32", 48)
    assert rr.p_low == pytest.approx(r_test(0.325, 50).p, rel=1e-12)
    assert rr.p_high == pytest.approx(r_test(0.315, 50).p, rel=1e-12)
    assert r_to_t(1.0, 10) == float("inf")
    with pytest.raises(InputError, match=r"\[-1, 1\]"):
        r_to_t(1.2, 10)


def test_z_matches_statsmodels_ztest():
    x = RNG.normal(0.3, 1, 60)
    z, p = ztest(x, value=0.0)
    assert z_to_p(z) == pytest.approx(p, rel=1e-10)
    r = z_p_range("2.1")
    assert (r.p_low, r.p_high) == pytest.approx((z_to_p(2.15), z_to_p(2.05)), rel=1e-12)
