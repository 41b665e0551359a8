"""r x c chi-squared (Pearson, G, Yates 2x2) and the Fisher-Freeman-Halton exact test.

References:
- scipy.stats.chi2_contingency (Pearson, G with lambda_="log-likelihood", Yates) -- same formula,
  tolerance 1e-10 relative (floating point only);
- a brute-force enumeration written here (itertools over every cell, independent of the
  meet-in-the-middle algorithm), tolerance 1e-10 absolute on p;
- scipy.stats.fisher_exact for 2x2 tables (1e-10);
- R's fisher.test documentation example (?fisher.test, "Job satisfaction" table from
  Agresti (2002) p. 57): ``fisher.test(Job)`` prints ``p-value = 0.7827`` (4 decimals, so the
  tolerance is half a unit in the 4th decimal).
"""
import itertools
import math

import numpy as np
import pytest
from scipy import stats

from osteostats.errors import InputError
from osteostats.stats.rxc import fisher_freeman_halton, rxc_chi2

TABLES = [
    [[38, 55, 5], [9, 28, 6]],          # Table 2 fracture shape (wedge, biconcave, flat) as an r x c row
    [[3, 4, 5], [10, 2, 7]],
    [[1, 2, 1, 0], [3, 3, 6, 1], [10, 10, 14, 9], [6, 7, 12, 11]],
    [[12, 5], [3, 9], [7, 7]],
    [[6, 44], [22, 9]],
]


@pytest.mark.parametrize("table", TABLES)
def test_pearson_and_g_match_scipy(table):
    ref = stats.chi2_contingency(table, correction=False)
    got = rxc_chi2(table)
    assert got.statistic == pytest.approx(ref.statistic, rel=1e-10)
    assert got.p == pytest.approx(ref.pvalue, rel=1e-10)
    assert got.df == ref.dof
    ref_g = stats.chi2_contingency(table, correction=False, lambda_="log-likelihood")
    got_g = rxc_chi2(table, "g")
    assert got_g.statistic == pytest.approx(ref_g.statistic, rel=1e-10)
    assert got_g.p == pytest.approx(ref_g.pvalue, rel=1e-10)


def test_yates_only_for_2x2():
    ref = stats.chi2_contingency([[6, 44], [22, 9]], correction=True)
    assert rxc_chi2([[6, 44], [22, 9]], "yates").statistic == pytest.approx(ref.statistic, rel=1e-10)
    with pytest.raises(InputError, match="2x2 tables only"):
        rxc_chi2([[3, 4, 5], [10, 2, 7]], "yates")


def test_bad_tables_are_input_errors():
    for bad in ([[1, 2]], [[1, -1], [2, 3]], [[1.5, 2], [3, 4]]):
        with pytest.raises(InputError):
            rxc_chi2(bad)
    with pytest.raises(InputError, match="unknown"):
        rxc_chi2([[1, 2], [3, 4]], "fisher")


def brute_force_ffh(table):
    """Every table with the observed margins, cell by cell (independent reference)."""
    t = np.asarray(table)
    rows, cols = t.sum(axis=1), t.sum(axis=0)
    n = t.sum()
    r, c = t.shape
    logp = lambda x: (sum(math.lgamma(v + 1) for v in rows) + sum(math.lgamma(v + 1) for v in cols)
                      - math.lgamma(n + 1) - sum(math.lgamma(v + 1) for v in x.ravel()))
    p_obs = math.exp(logp(t))
    total = p = 0.0
    free = [range(min(rows[i], cols[j]) + 1) for i in range(r - 1) for j in range(c - 1)]
    count = 0
    for cells in itertools.product(*free):
        x = np.zeros((r, c), dtype=int)
        x[:-1, :-1] = np.reshape(cells, (r - 1, c - 1))
        x[:-1, -1] = rows[:-1] - x[:-1, :-1].sum(axis=1)
        x[-1, :] = cols - x[:-1, :].sum(axis=0)
        if (x < 0).any() or x[-1].sum() != rows[-1]:
            continue
        q = math.exp(logp(x))
        count += 1
        total += q
        if q <= p_obs * (1 + 1e-7):
            p += q
    assert total == pytest.approx(1.0, abs=1e-10)
    return p, count


@pytest.mark.parametrize("table", [
    [[3, 4, 5], [10, 2, 7]],
    [[12, 5], [3, 9], [7, 7]],
    [[2, 0, 3], [1, 4, 0], [0, 2, 5]],
    [[1, 2, 3, 0], [4, 0, 1, 2]],
    [[5, 0], [0, 5]],
])
def test_ffh_matches_brute_force(table):
    ref_p, count = brute_force_ffh(table)
    got = fisher_freeman_halton(table)
    assert got.p == pytest.approx(ref_p, abs=1e-10)
    assert got.note.startswith(f"{count} tables")


@pytest.mark.parametrize("table", [[[5, 93], [6, 37]], [[13, 85], [0, 43]], [[6, 44], [22, 9]], [[3, 1], [1, 3]]])
def test_ffh_2x2_matches_scipy_fisher(table):
    assert fisher_freeman_halton(table).p == pytest.approx(stats.fisher_exact(table).pvalue, abs=1e-10)


def test_ffh_job_satisfaction_matches_r_documentation():
    # R ?fisher.test: Job <- matrix(c(1,2,1,0, 3,3,6,1, 10,10,14,9, 6,7,12,11), 4, 4); fisher.test(Job)
    # prints "p-value = 0.7827". matrix() fills by column, so the incomes are the rows below.
    job = np.array([1, 2, 1, 0, 3, 3, 6, 1, 10, 10, 14, 9, 6, 7, 12, 11]).reshape(4, 4).T
    got = fisher_freeman_halton(job)
    assert abs(got.p - 0.7827) <= 0.00005
    assert got.n == 96
    # transposing the table gives the same test
    assert fisher_freeman_halton(job.T).p == pytest.approx(got.p, abs=1e-12)


def test_ffh_degenerate_margins():
    got = fisher_freeman_halton([[3, 0], [4, 0]])
    assert got.p == 1.0 and "only one non-empty" in got.note


def test_ffh_refuses_tables_too_large_to_enumerate():
    with pytest.raises(InputError, match="too many tables"):
        fisher_freeman_halton(np.full((6, 5), 40))
