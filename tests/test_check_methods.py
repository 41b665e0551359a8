"""Every recomputation of the check against scipy / statsmodels or brute force."""
import itertools
import math
import statistics

import numpy as np
import pytest
from scipy import stats
from statsmodels.stats.contingency_tables import cochrans_q

from osteostats.check.paired_design import cochran_q_range, row_total_range
from osteostats.check.grim import grim_sums, grimmer_witness, sd_bounds
from osteostats.check.methods import CountTable, MeanInputs, count_methods, freeman_halton_kx2, t_methods
from osteostats.check.nearest import kx2_statistics, search
from osteostats.check.percentages import percent_modes
from osteostats.printed import parse_printed as pp

TABLES = [((6, 22), (50, 31)), ((5, 6), (98, 43)), ((13, 0), (98, 43)), ((36, 15), (98, 43)),
          ((18, 34, 39, 42), (43, 43, 43, 43)), ((1, 4, 6, 6), (98, 98, 98, 98)), ((3, 0, 7), (10, 12, 9))]


@pytest.mark.parametrize("events,totals", TABLES)
def test_count_methods_match_scipy(events, totals):
    table = np.column_stack([events, np.array(totals) - np.array(events)])
    got = {e.key: e for e in count_methods(CountTable(tuple("abcd"[:len(events)]), events, totals))}
    ref = stats.chi2_contingency(table, correction=False)
    assert got["pearson_chi2"].point == pytest.approx(ref.statistic, rel=1e-10)
    assert got["pearson_chi2"].p_point == pytest.approx(ref.pvalue, rel=1e-9)
    g = stats.chi2_contingency(table, correction=False, lambda_="log-likelihood")
    assert got["lr_g"].point == pytest.approx(g.statistic, rel=1e-10)
    if len(events) == 2:
        y = stats.chi2_contingency(table, correction=True)
        assert got["yates_chi2"].point == pytest.approx(y.statistic, rel=1e-10, abs=1e-12)
        assert got["fisher"].p_point == pytest.approx(stats.fisher_exact(table).pvalue, rel=1e-10)
    else:
        assert "yates_chi2" not in got


def _fh_bruteforce(events, totals):
    """Freeman-Halton by enumerating every table with scipy's multivariate hypergeometric pmf."""
    big_a = sum(events)
    dist = stats.multivariate_hypergeom(m=list(totals), n=big_a)
    p_obs = dist.pmf(list(events))
    total = 0.0
    for xs in itertools.product(*(range(min(t, big_a) + 1) for t in totals)):
        if sum(xs) == big_a:
            p = dist.pmf(list(xs))
            if p <= p_obs * (1 + 1e-7):
                total += p
    return total


@pytest.mark.parametrize("events,totals", [((5, 6), (98, 43)), ((13, 0), (98, 43)), ((3, 0, 7), (10, 12, 9)),
                                           ((1, 4, 6, 6), (20, 20, 20, 20)), ((2, 2, 2), (5, 5, 5))])
def test_freeman_halton_against_bruteforce_and_fisher(events, totals):
    got = freeman_halton_kx2(events, totals)
    assert got == pytest.approx(_fh_bruteforce(events, totals), rel=1e-9)
    if len(events) == 2:
        table = [[events[0], totals[0] - events[0]], [events[1], totals[1] - events[1]]]
        assert got == pytest.approx(stats.fisher_exact(table).pvalue, rel=1e-9)


def test_freeman_halton_gives_up_beyond_limit():
    assert math.isnan(freeman_halton_kx2((50, 50, 50), (100, 100, 100), max_tables=100))


@pytest.mark.parametrize("case", [("69.58", "8.457", 50, "62.13", "10.773", 31), ("26.1", "3.2", 40, "27.9", "3.9", 36)])
def test_t_methods_match_scipy(case):
    m1, s1, n1, m2, s2, n2 = case
    evs = {e.key: e for e in t_methods(MeanInputs(("a", "b"), (pp(m1), pp(m2)), (pp(s1), pp(s2)), (n1, n2)))}
    for key, eq in (("student_t", True), ("welch_t", False)):
        ref = stats.ttest_ind_from_stats(float(m1), float(s1), n1, float(m2), float(s2), n2, equal_var=eq)
        assert evs[key].point == pytest.approx(ref.statistic, rel=1e-12)
        assert evs[key].p_point == pytest.approx(ref.pvalue, rel=1e-10)
        assert evs[key].p_iv[0] <= ref.pvalue <= evs[key].p_iv[1]


@pytest.mark.parametrize("method,kw", [("pearson_chi2", {"correction": False}), ("yates_chi2", {"correction": True}),
                                       ("lr_g", {"correction": False, "lambda_": "log-likelihood"})])
def test_vectorised_kx2_statistics_match_scipy(method, kw):
    rng = np.random.default_rng(7)
    totals = np.array([30, 25])
    ev = np.column_stack([rng.integers(1, 29, 40), rng.integers(1, 24, 40)])
    got = kx2_statistics(ev, totals, method)
    for row, g in zip(ev, got):
        table = np.column_stack([row, totals - row])
        assert g == pytest.approx(stats.chi2_contingency(table, **kw).statistic, rel=1e-10, abs=1e-12)


def test_nearest_search_finds_planted_typo_and_checks_with_scipy():
    # Printed 4.283 is Pearson on 38/98 vs 9/43; misprint 38 as 36 and search back.
    hits = search((36, 9), (98, 43), pp("4.283"), ["pearson_chi2"])
    assert hits, "the true table is within +-3"
    ev, _, st = hits[0]
    assert ev == (38, 9)
    ref = stats.chi2_contingency([[ev[0], 98 - ev[0]], [ev[1], 43 - ev[1]]], correction=False).statistic
    assert round(ref, 3) == 4.283 and st == pytest.approx(ref)
    for ev, _, st in hits:   # every hit reproduces the printed value and is within +-3
        assert abs(ev[0] - 36) <= 3 and abs(ev[1] - 9) <= 3
        ref = stats.chi2_contingency([[ev[0], 98 - ev[0]], [ev[1], 43 - ev[1]]], correction=False).statistic
        assert 4.2825 <= ref <= 4.2835


def test_nearest_search_respects_union():
    # union arm (last) must stay >= every other arm
    hits = search((5, 8, 7), (20, 20, 20), pp("0.000"), ["pearson_chi2"], union_index=2, radius=1)
    for ev, _, _ in hits:
        assert ev[2] >= max(ev[:2])


def _q_bruteforce(cols, n, n_any):
    """Every n x k 0/1 matrix with the column totals (and union count): min/max Cochran's Q."""
    k = len(cols)
    qs = []
    patterns = list(itertools.product((0, 1), repeat=k))
    for rows in itertools.combinations_with_replacement(patterns, n):
        x = np.array(rows)
        if tuple(x.sum(axis=0)) != tuple(cols):
            continue
        if n_any is not None and int((x.sum(axis=1) > 0).sum()) != n_any:
            continue
        if np.all((x.sum(axis=1) == 0) | (x.sum(axis=1) == k)):
            continue
        qs.append(cochrans_q(x).statistic)
    return (min(qs), max(qs)) if qs else None


@pytest.mark.parametrize("cols,n,n_any", [((1, 2, 3), 5, 4), ((2, 3, 5), 6, None), ((1, 3, 4), 6, 4),
                                          ((2, 2, 3, 4), 5, 5), ((0, 3, 2), 4, 3), ((2, 3), 5, 4)])
def test_cochran_q_range_matches_bruteforce_with_statsmodels(cols, n, n_any):
    ref = _q_bruteforce(cols, n, n_any)
    got = cochran_q_range(cols, n, n_any)
    assert ref is not None and got is not None
    (lo, hi), (plo, phi), df = got
    assert lo == pytest.approx(ref[0], rel=1e-12)
    assert hi == pytest.approx(ref[1], rel=1e-12)
    assert df == len(cols) - 1
    assert plo == pytest.approx(stats.chi2.sf(ref[1], df)) and phi == pytest.approx(stats.chi2.sf(ref[0], df))


def test_cochran_q_range_impossible_margins():
    assert row_total_range([20, 25, 30], 40, 28) is None   # union below a component
    assert row_total_range([5, 5], 4) is None              # a column total above n
    assert _q_bruteforce((3, 3, 2), 4, 2) is None and row_total_range([3, 3, 2], 4, 2) is None


def test_cochran_q_range_paper_op_appendage_by_hand():
    # 1, 4, 6 of 98, any 6: m3 in {0, 1} -> D in {12, 10}; Q = 2*(3*53 - 121)/D = 76/D
    (lo, hi), (plo, phi), df = cochran_q_range([1, 4, 6], 98, 6)
    assert (lo, hi) == pytest.approx((76 / 12, 76 / 10))
    assert phi < 0.05   # significant for every consistent table, whereas the printed P is 0.249


def _integer_samples(n, lo, hi):
    return itertools.combinations_with_replacement(range(lo, hi + 1), n)


@pytest.mark.parametrize("n,decimals", [(5, 2), (6, 2), (7, 1)])
def test_grim_and_grimmer_against_exhaustive_enumeration(n, decimals):
    """Every (mean, SD) pair of integer samples in 0..6 is consistent; GRIM/GRIMMER agree exactly."""
    q = 10 ** decimals
    possible_means = set()
    possible_pairs = set()
    for xs in _integer_samples(n, 0, 6):
        m = f"{math.floor(statistics.mean(xs) * q + 0.5 + 1e-9) / q:.{decimals}f}"
        s = f"{math.floor(statistics.stdev(xs) * q + 0.5 + 1e-9) / q:.{decimals}f}"
        possible_means.add(m)
        possible_pairs.add((m, s))
    for mv in range(0, 6 * q + 1):
        m = f"{mv / q:.{decimals}f}"
        assert bool(grim_sums(pp(m), n)) == (m in possible_means), m
    # GRIMMER: for every possible mean and SD text 0.00..3.50, a witness exists iff the pair occurs
    # (within 0..6 the sum-of-squares parity argument is exact except where the SD needs values
    # outside the range; those pairs are only required to be GRIMMER-consistent, not absent).
    for m in sorted(possible_means):
        for sv in range(0, int(3.5 * q) + 1):
            s = f"{sv / q:.{decimals}f}"
            if (m, s) in possible_pairs:
                assert grimmer_witness(pp(m), pp(s), n) is not None, (m, s)


def test_grimmer_rejects_impossible_sd_by_hand():
    # n = 4, mean 2.00 -> sum 8. Integer samples: {2,2,2,2} SD 0, {1,2,2,3} SD 0.8165, ... nothing has SD 0.50
    assert grimmer_witness(pp("2.00"), pp("0.50"), 4) is None
    assert grimmer_witness(pp("2.00"), pp("0.82"), 4) == (8, 18)   # 1+4+4+9 = 18


def test_sd_bounds_against_bruteforce():
    n = 6
    for xs in _integer_samples(n, 0, 5):
        if min(xs) != 0 or max(xs) != 5:
            continue
        m = f"{statistics.mean(xs):.2f}"
        s = statistics.stdev(xs)
        lo, hi = sd_bounds(pp(m), pp("0"), pp("5"), n, exact_range=True)
        assert lo - 1e-9 <= s <= hi + 1e-9, (xs, m, s, lo, hi)


@pytest.mark.parametrize("k,n,text,expected", [
    (22, 31, "70.96", {"half_up": False, "half_even": False, "truncate": True}),
    (22, 31, "70.97", {"half_up": True, "half_even": True, "truncate": False}),
    (64, 98, "65.30", {"half_up": False, "half_even": False, "truncate": True}),
    (95, 98, "96.93", {"half_up": False, "half_even": False, "truncate": True}),
    (50, 50, "100", {"half_up": True, "half_even": True, "truncate": True}),
    (1, 8, "12", {"half_up": False, "half_even": True, "truncate": True}),     # 12.5
    (29, 100, "29.00", {"half_up": True, "half_even": True, "truncate": True}),
    (25, 40, "65.00", {"half_up": False, "half_even": False, "truncate": False}),
])
def test_percent_modes_hand_worked(k, n, text, expected):
    assert percent_modes(k, n, pp(text)) == expected
