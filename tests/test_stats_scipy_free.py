"""The in-house computations that replace scipy.stats, statsmodels and scikit-learn calls.

Every workflow stage is its own process, and importing scipy.stats (directly, or through
statsmodels or scikit-learn) costs about a second in each. The tables, model and
reconstruction stages therefore compute these few quantities themselves. Each is checked
here against the library it replaces, for exact equality where the same operations are
performed in the same order, and against exact rational arithmetic for Fisher's test:

- tail probabilities and quantiles (osteostats.stats.distributions) against scipy.stats;
- the two-sample t-test from summaries against scipy.stats.ttest_ind_from_stats;
- Fisher's exact test against scipy.stats.fisher_exact and a Fraction enumeration;
- Wilson and Newcombe intervals against statsmodels;
- ROC curve and AUC against scikit-learn;
- and, end to end, that those stages do not import the heavy libraries at all.
"""
from __future__ import annotations

import json
import math
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from osteostats.stats import distributions as dist
from osteostats.stats.contingency import fisher_exact, fisher_p
from osteostats.stats.proportions import wilson_ci
from osteostats.stats.ttest import t_from_summary
from osteostats.tables.cohort_difference import percent_difference

ROOT = Path(__file__).resolve().parents[1]

XS = np.array([-np.inf, -40.0, -3.2, -1e-9, 0.0, 1e-12, 0.5, 1.959963984540054, 7.5, 60.0, np.inf, np.nan])
DFS = [0.5, 1, 2, 3.7, 10, 79, 1e4, 1e8]
QS = np.array([0.0, 1e-300, 1e-12, 0.001, 0.025, 0.05, 0.5, 0.95, 0.999, 1.0])


def same(a, b) -> bool:
    """Bitwise equal, NaN equal to NaN."""
    a, b = np.asarray(a, float), np.asarray(b, float)
    return a.shape == b.shape and bool(np.all((a == b) | (np.isnan(a) & np.isnan(b))))


@pytest.mark.parametrize("df", DFS)
def test_t_chi2_f_tails_and_quantiles_equal_scipy_stats(df):
    assert same(dist.t.sf(XS, df), stats.t.sf(XS, df))
    assert same(dist.t.cdf(XS, df), stats.t.cdf(XS, df))
    assert same(dist.t.ppf(QS, df), stats.t.ppf(QS, df))
    assert same(dist.t.isf(QS, df), stats.t.isf(QS, df))
    assert same(dist.chi2.sf(XS, df), stats.chi2.sf(XS, df))
    assert same(dist.chi2.isf(QS, df), stats.chi2.isf(QS, df))
    assert same(dist.chi2.ppf(QS, df), stats.chi2.ppf(QS, df))
    for df2 in (1, 7.5, 120):
        assert same(dist.f.sf(XS, df, df2), stats.f.sf(XS, df, df2))


def test_normal_tails_and_quantiles_equal_scipy_stats():
    assert same(dist.norm.sf(XS), stats.norm.sf(XS))
    assert same(dist.norm.cdf(XS), stats.norm.cdf(XS))
    assert same(dist.norm.ppf(QS), stats.norm.ppf(QS))
    assert same(dist.norm.isf(QS), stats.norm.isf(QS))


@settings(max_examples=300, deadline=None)
@given(m1=st.floats(-1e3, 1e3), m2=st.floats(-1e3, 1e3), s1=st.floats(0, 100), s2=st.floats(0, 100),
       n1=st.integers(2, 5000), n2=st.integers(2, 5000), equal_var=st.booleans())
def test_t_from_summary_equals_scipy_ttest_ind_from_stats(m1, m2, s1, s2, n1, n2, equal_var):
    r = t_from_summary(m1, s1, n1, m2, s2, n2, equal_var=equal_var)
    with np.errstate(divide="ignore", invalid="ignore"):
        ref = stats.ttest_ind_from_stats(m1, s1, n1, m2, s2, n2, equal_var=equal_var)
    assert same(r.statistic, ref.statistic)
    assert same(r.p, ref.pvalue)


def _fisher_fraction(a: int, b: int, c: int, d: int) -> Fraction:
    """Two-sided Fisher p by brute force over every table, as an exact fraction."""
    r1, r2, c1 = a + b, c + d, a + c
    total = math.comb(r1 + r2, c1)
    probs = {x: Fraction(math.comb(r1, x) * math.comb(r2, c1 - x), total)
             for x in range(max(0, c1 - r2), min(r1, c1) + 1)}
    return sum((p for p in probs.values() if p <= probs[a]), Fraction(0))


@settings(max_examples=400, deadline=None)
@given(st.lists(st.integers(0, 40), min_size=4, max_size=4))
def test_fisher_p_is_the_exact_fraction_correctly_rounded(cells):
    a, b, c, d = cells
    if 0 in (a + b, c + d, a + c, b + d):
        assert fisher_p(a, b, c, d) == 1.0
        return
    assert fisher_p(a, b, c, d) == min(1.0, float(_fisher_fraction(a, b, c, d)))


def test_fisher_exact_agrees_with_scipy_on_random_tables():
    # scipy sums boost's hypergeometric probabilities in floating point: agreement to 1e-12
    # relative is what both can promise (observed worst case about 1e-15 for p in the normal
    # float range; below 1e-307 scipy's subnormal results lose digits, so those are skipped).
    rng = np.random.default_rng(2024)
    checked = 0
    for scale in (5, 30, 300, 3000):
        for _ in range(400):
            a, b, c, d = (int(v) for v in rng.integers(0, scale, 4))
            ref = stats.fisher_exact([[a, b], [c, d]]).pvalue
            if ref < 1e-300:
                continue
            assert fisher_exact([[a, b], [c, d]]).p == pytest.approx(ref, rel=1e-12, abs=0)
            checked += 1
    assert checked > 1000


def test_fisher_falls_back_to_scipy_for_registry_margins():
    # 2e5 possible tables with numerators of about 1e5 bits each: beyond FISHER_MAX_BITS
    a, b, c, d = 100_000, 100_000, 100_000, 100_003
    assert fisher_p(a, b, c, d) == pytest.approx(stats.fisher_exact([[a, b], [c, d]]).pvalue, rel=1e-12)


def test_fisher_matches_r_fisher_test():
    # R 4.3: fisher.test(matrix(c(3, 1, 1, 3), 2))$p.value = 0.4857142857142857
    #        fisher.test(matrix(c(5, 6, 93, 37), 2))$p.value = 0.09082... (rounded 0.0908)
    assert fisher_p(3, 1, 1, 3) == pytest.approx(0.4857142857142857, rel=1e-15)
    assert round(fisher_p(5, 93, 6, 37), 4) == 0.0908


@settings(max_examples=300, deadline=None)
@given(k1=st.integers(0, 500), n1=st.integers(1, 500), k2=st.integers(0, 500), n2=st.integers(1, 500),
       alpha=st.sampled_from([0.01, 0.05, 0.1]))
def test_wilson_and_newcombe_equal_statsmodels(k1, n1, k2, n2, alpha):
    from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint

    k1, k2 = min(k1, n1), min(k2, n2)
    lo, hi = wilson_ci(k1, n1, alpha)
    ref = proportion_confint(k1, n1, alpha=alpha, method="wilson")
    assert (float(lo), float(hi)) == ref
    d, dlo, dhi = percent_difference(k1, n1, k2, n2, alpha)
    rlo, rhi = confint_proportions_2indep(k1, n1, k2, n2, method="newcomb", compare="diff", alpha=alpha)
    assert (dlo, dhi) == (100.0 * float(rlo), 100.0 * float(rhi))


def test_wilson_vectorised_leaves_empty_denominators_nan():
    lo, hi = wilson_ci([0, 3, 0], [0, 10, 98])
    assert np.isnan(lo[0]) and np.isnan(hi[0])
    assert lo[2] == 0.0 and hi[2] == pytest.approx(0.0377, abs=5e-5)


def test_roc_curve_and_auc_equal_scikit_learn():
    from sklearn.metrics import roc_auc_score, roc_curve

    from osteostats.models.performance import auc
    from osteostats.models.performance import roc_curve as our_roc

    rng = np.random.default_rng(7)
    compared = 0
    for i in range(1500):
        n = int(rng.integers(2, 60))
        y = rng.integers(0, 2, n).astype(float)
        s = np.round(rng.random(n), int(rng.integers(1, 3)))  # many ties
        w = None if i % 2 else rng.integers(0, 4, n).astype(float)
        keep = np.ones(n, bool) if w is None else w > 0
        yy, ss, ww = y[keep], s[keep], None if w is None else w[keep]
        if len(np.unique(yy)) < 2:
            assert math.isnan(auc(y, s, w))
            continue
        assert auc(y, s, w) == roc_auc_score(yy, ss, sample_weight=ww)
        fpr, tpr = our_roc(y, s, w)
        ref_fpr, ref_tpr, _ = roc_curve(yy, ss, sample_weight=ww, drop_intermediate=False)
        assert np.array_equal(fpr, ref_fpr) and np.array_equal(tpr, ref_tpr)
        compared += 1
    assert compared > 1000


@pytest.mark.slow
@pytest.mark.parametrize("args", [
    ["tables", "--config", "{config}", "--cases", "data/cases", "--out", "{tmp}/tables"],
    ["models", "--config", "{config}", "--cases", "data/cases", "--out", "{tmp}/models"],
    ["models", "--config", "{config}", "--reconstruct-seed", "1001", "--out", "{tmp}/seeds"],
    ["check", "data/published", "--out", "{tmp}/check"],
], ids=["tables", "models", "seed_batch", "check"])
def test_workflow_stages_do_not_import_the_heavy_libraries(args, tmp_path):
    config = tmp_path / "config.yaml"
    subprocess.run([sys.executable, "-m", "osteostats.cli", "config", "config/config.yaml", "--out", str(config)],
                   cwd=ROOT, check=True, capture_output=True)
    argv = [a.format(config=config, tmp=tmp_path) for a in args]
    probe = ("import json, sys\n"
             "import osteostats.cli as c\n"
             f"sys.argv = ['osteostats'] + {argv!r}\n"
             "code = c.main()\n"
             "heavy = sorted(m for m in sys.modules if m == 'scipy.stats'\n"
             "               or m.split('.')[0] in ('sklearn', 'statsmodels', 'firthmodels'))\n"
             "print(json.dumps([code, heavy]))")
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    code, heavy = json.loads(out.stdout.strip().splitlines()[-1])
    assert code == 0
    assert heavy == [], f"{args[0]} imported {heavy}"
