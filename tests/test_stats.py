"""Every test statistic against an independent reference (scipy / statsmodels) and against
values printed in the paper that follow from its own counts.

Tolerances: 1e-10 relative against scipy/statsmodels (same formula, floating point only);
printed values are compared after rounding to the printed 3 decimals.
"""
import math

import numpy as np
import pytest
from scipy import stats
from statsmodels.stats.contingency_tables import cochrans_q, mcnemar as sm_mcnemar

from osteostats.errors import InputError
from osteostats.stats import (
    TestRule, chi2_kx2, choose_count_test, cochran_q, fisher_exact, likelihood_ratio_g,
    mcnemar, pearson_chi2, student_t, t_from_summary, welch_t,
)

RNG = np.random.default_rng(20261121)
TABLES = [[[6, 44], [22, 9]], [[38, 60], [9, 34]], [[5, 93], [6, 37]], [[0, 98], [26, 17]],
          [[13, 85], [0, 43]], [[3, 4, 5], [10, 2, 7]]]


@pytest.mark.parametrize("table", TABLES)
@pytest.mark.parametrize("yates", [False, True])
def test_pearson_matches_scipy(table, yates):
    ref = stats.chi2_contingency(table, correction=yates)
    got = pearson_chi2(table, correction=yates)
    assert got.statistic == pytest.approx(ref.statistic, rel=1e-10)
    assert got.p == pytest.approx(ref.pvalue, rel=1e-10)
    assert got.df == ref.dof
    assert got.n == int(np.sum(table))
    expected_key = "yates_chi2" if yates and np.shape(table) == (2, 2) else "pearson_chi2"
    assert got.key == expected_key


@pytest.mark.parametrize("table", TABLES)
def test_g_test_matches_scipy(table):
    ref = stats.chi2_contingency(table, correction=False, lambda_="log-likelihood")
    got = likelihood_ratio_g(table)
    assert got.statistic == pytest.approx(ref.statistic, rel=1e-10)
    assert got.p == pytest.approx(ref.pvalue, rel=1e-10)


@pytest.mark.parametrize("table", [t for t in TABLES if np.shape(t) == (2, 2)])
def test_fisher_matches_scipy(table):
    assert fisher_exact(table).p == pytest.approx(stats.fisher_exact(table).pvalue, rel=1e-12)


def test_fisher_rejects_larger_tables():
    with pytest.raises(InputError, match="2x2"):
        fisher_exact([[1, 2, 3], [4, 5, 6]])


# Values printed in the paper that follow from its own counts (Pearson, no Yates).
@pytest.mark.parametrize("a,n1,b,n2,printed", [
    (6, 50, 22, 31, 29.418), (50, 50, 4, 31, 65.323), (38, 98, 9, 43, 4.283),
    (55, 98, 28, 43, 0.998), (5, 98, 6, 43, 3.255), (0, 98, 26, 43, 72.653),
    (64, 98, 13, 43, 14.832), (6, 98, 11, 43, 10.673), (13, 98, 0, 43, 6.283),
    (6, 98, 40, 43, 102.679), (0, 98, 42, 43, 136.330), (29, 98, 22, 43, 6.023),
    (33, 98, 6, 43, 5.808),
])
def test_paper_chi2_values_reproduce(a, n1, b, n2, printed):
    got = pearson_chi2([[a, n1 - a], [b, n2 - b]])
    assert round(got.statistic, 3) == pytest.approx(printed, abs=1e-9)


@pytest.mark.parametrize("events,n,printed", [
    ([18, 34, 39, 42], 43, 45.462), ([13, 29, 38, 40], 43, 50.056),
    ([2, 28, 42, 42], 43, 111.025), ([1, 4, 6, 6], 98, 4.120),
])
def test_paper_kx2_values_reproduce(events, n, printed):
    assert round(chi2_kx2(events, n).statistic, 3) == pytest.approx(printed, abs=1e-9)
    assert chi2_kx2(events, n).df == len(events) - 1


def test_paper_disc_widened_does_not_reproduce():
    # Printed 0.029 for 36/98 vs 15/43; Pearson gives 0.044, Yates 0.000: a genuine discrepancy.
    assert round(pearson_chi2([[36, 62], [15, 28]]).statistic, 3) == 0.044


def _sample_with_moments(mean: float, sd: float, n: int, seed: int) -> np.ndarray:
    z = np.random.default_rng(seed).normal(size=n)
    z = (z - z.mean()) / z.std(ddof=1)
    return mean + sd * z


@pytest.mark.parametrize("equal_var", [True, False])
def test_t_from_summary_matches_statsmodels(equal_var):
    """Printed age summaries (Table 1); statsmodels computes t, p and df on samples with exactly
    these means and SDs, by its own code (no scipy t-test involved)."""
    from statsmodels.stats.weightstats import ttest_ind as sm_ttest_ind

    x, y = _sample_with_moments(69.58, 8.457, 50, 1), _sample_with_moments(62.13, 10.773, 31, 2)
    t, p, df = sm_ttest_ind(x, y, usevar="pooled" if equal_var else "unequal")
    got = t_from_summary(69.58, 8.457, 50, 62.13, 10.773, 31, equal_var=equal_var)
    assert got.statistic == pytest.approx(t, rel=1e-10)
    assert got.p == pytest.approx(p, rel=1e-9)
    assert got.df == pytest.approx(df, rel=1e-10)
    assert got.n == 81 and got.key == ("student_t" if equal_var else "welch_t")
    # by hand: Student t = 7.45 / (s_p sqrt(1/50 + 1/31)) = 3.4655 (df 79); Welch 3.2752 (df 52.60)
    assert round(got.statistic, 4) == (3.4655 if equal_var else 3.2752)


@pytest.mark.parametrize("equal_var", [True, False])
def test_t_from_summary_zero_sd(equal_var):
    r = t_from_summary(1.0, 0.0, 5, 2.0, 0.0, 5, equal_var=equal_var)
    assert r.statistic == -math.inf and r.p == 0.0
    r = t_from_summary(1.0, 0.0, 5, 1.0, 0.0, 5, equal_var=equal_var)
    assert math.isnan(r.statistic) and math.isnan(r.p)


def test_raw_t_tests_match_scipy():
    x, y = RNG.normal(70, 8, 50), RNG.normal(62, 11, 31)
    for fn, eq in [(student_t, True), (welch_t, False)]:
        ref = stats.ttest_ind(x, y, equal_var=eq)
        got = fn(x, y)
        assert got.statistic == pytest.approx(ref.statistic, rel=1e-10)
        assert got.p == pytest.approx(ref.pvalue, rel=1e-9)
        assert got.df == pytest.approx(ref.df, rel=1e-10)


def test_t_needs_two_per_group():
    with pytest.raises(InputError):
        t_from_summary(1, 1, 1, 2, 1, 5)


@pytest.mark.parametrize("seed", range(5))
def test_cochran_q_matches_statsmodels(seed):
    x = np.random.default_rng(seed).integers(0, 2, size=(40, 4))
    ref = cochrans_q(x)
    got = cochran_q(x)
    assert got.statistic == pytest.approx(ref.statistic, rel=1e-10)
    assert got.p == pytest.approx(ref.pvalue, rel=1e-10)
    assert got.df == 3


def test_cochran_q_undefined_without_discordance():
    assert np.isnan(cochran_q([[1, 1], [0, 0]]).statistic)


@pytest.mark.parametrize("seed", range(4))
def test_mcnemar_matches_statsmodels(seed):
    r = np.random.default_rng(seed)
    a, b = r.integers(0, 2, 60), r.integers(0, 2, 60)
    table = [[np.sum((a == 1) & (b == 1)), np.sum((a == 1) & (b == 0))],
             [np.sum((a == 0) & (b == 1)), np.sum((a == 0) & (b == 0))]]
    assert mcnemar(a, b).p == pytest.approx(sm_mcnemar(table, exact=True).pvalue, rel=1e-10)
    for cc in (True, False):
        if cc and table[0][1] == table[1][0]:
            # R's mcnemar.test applies no correction when the discordant counts are equal
            # (statistic 0); statsmodels gives 1/(b+c). We follow R.
            assert mcnemar(a, b, exact=False, correction=cc).statistic == 0.0
            continue
        ref = sm_mcnemar(table, exact=False, correction=cc)
        got = mcnemar(a, b, exact=False, correction=cc)
        assert got.statistic == pytest.approx(ref.statistic, rel=1e-10)
        assert got.p == pytest.approx(ref.pvalue, rel=1e-10)


def test_rule_picks_fisher_below_five():
    flat = [[5, 93], [6, 37]]  # min expected 3.35
    r = choose_count_test(flat)
    assert r.key == "fisher" and "3.35 < 5" in r.note
    assert choose_count_test(flat, TestRule("always_chi2")).key == "pearson_chi2"
    assert choose_count_test([[38, 60], [9, 34]]).key == "pearson_chi2"
    assert choose_count_test([[38, 60], [9, 34]], TestRule(yates=True)).key == "yates_chi2"
    # Cochran's rule: 1 of 4 cells < 5 is 25 % > 20 % -> Fisher
    assert choose_count_test(flat, TestRule("cochran")).key == "fisher"


def test_rule_threshold_is_configurable():
    # min expected 5.18 for severe compression: Fisher only when the threshold is raised
    severe = [[6, 92], [11, 32]]
    assert choose_count_test(severe).key == "pearson_chi2"
    assert choose_count_test(severe, TestRule(threshold=6)).key == "fisher"


def test_unknown_rule_is_an_input_error():
    with pytest.raises(InputError, match="unknown test rule"):
        TestRule("magic")


@pytest.mark.parametrize("k,n", [(0, 98), (1, 98), (18, 43), (42, 43), (43, 43), (85, 98)])
def test_wilson_matches_statsmodels(k, n):
    from statsmodels.stats.proportion import proportion_confint

    from osteostats.stats.proportions import wilson_ci

    lo, hi = wilson_ci(k, n)
    rlo, rhi = proportion_confint(k, n, method="wilson")
    assert float(lo) == pytest.approx(rlo, abs=1e-12) and float(hi) == pytest.approx(rhi, abs=1e-12)
