"""OR/RR/HR with a 95 % CI versus P, and log-scale symmetry of the CI.

References: Altman DG, Bland JM. How to obtain the P value from a confidence interval.
BMJ 2011;343:d2304 -- worked example: RR 0.81 (95 % CI 0.70 to 0.94): SE = 0.0752 on the log
scale, z = 2.80, P = 0.005 (their approximation; printed to 3 decimals). The exact normal p is
checked against scipy.stats.norm; CIs built as Wald intervals by statsmodels' Table2x2 must
pass the symmetry check and reproduce statsmodels' own p-value.
"""
import itertools
import math

import numpy as np
import pytest
from scipy import stats
from statsmodels.stats.contingency_tables import Table2x2

from osteostats.errors import InputError
from osteostats.stats.ratios import ratio_ci_p


def test_altman_bland_worked_example():
    r = ratio_ci_p("0.81", "0.70", "0.94")
    assert round(r.se_log, 4) == 0.0752
    assert round(abs(r.z), 2) == 2.80
    assert round(r.p_altman_bland, 3) == 0.005
    assert r.p == pytest.approx(2 * stats.norm.sf(abs(r.z)), rel=1e-12)
    assert r.p_low <= 0.005 <= r.p_high
    assert r.symmetric


@pytest.mark.parametrize("table", [[[20, 80], [10, 90]], [[15, 35], [5, 45]], [[30, 12], [18, 40]]])
def test_wald_or_from_statsmodels_is_symmetric_and_reproduces_p(table):
    t = Table2x2(np.asarray(table))
    lo, hi = t.oddsratio_confint()
    texts = [f"{t.oddsratio:.2f}", f"{lo:.2f}", f"{hi:.2f}"]
    r = ratio_ci_p(*texts)
    assert r.symmetric
    assert r.p_low <= t.oddsratio_pvalue() <= r.p_high
    # the range is exact: no point of the rounding box gives a p outside it (vertices + random)
    ivs = [(float(x) - 0.005, float(x) + 0.005) for x in texts]
    rng = np.random.default_rng(1)
    pts = list(itertools.product(*ivs)) + [tuple(rng.uniform(a, b) for a, b in ivs) for _ in range(500)]
    for e, l, u in pts:
        z = math.log(e) / ((math.log(u) - math.log(l)) / (2 * stats.norm.ppf(0.975)))
        assert r.p_low - 1e-12 <= 2 * stats.norm.sf(abs(z)) <= r.p_high + 1e-12


def test_asymmetric_ci_is_flagged():
    assert not ratio_ci_p("2.50", "1.10", "3.00").symmetric


def test_bad_ratios():
    with pytest.raises(InputError, match="positive"):
        ratio_ci_p("0", "0.5", "2")
    with pytest.raises(InputError, match="inside"):
        ratio_ci_p("3.0", "0.5", "2.0")
