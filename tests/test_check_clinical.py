"""``osteostats check`` on the test families clinical tables print (format version 2).

tests/data/clinical_trial is a constructed three-arm trial written by hand, one item per
family, some consistent and some with planted errors; expected_verdicts.csv lists every row
expected NOT to be consistent with its hand-worked reason. Every family's numbers are tested
here against an independent reference:

- one-way ANOVA F: ``scipy.stats.f_oneway`` on data constructed to have the printed means and
  SDs exactly; the F range by random points of the rounding box;
- r x c Pearson and G: ``scipy.stats.chi2_contingency`` (``lambda_="log-likelihood"`` for G);
  Fisher-Freeman-Halton: brute-force enumeration of every table with the printed margins
  (multivariate hypergeometric probabilities from ``math.comb``);
- two-proportion z: ``statsmodels.stats.proportion.proportions_ztest``;
- paired t: ``scipy.stats.ttest_rel`` on pairs constructed with the printed differences, and
  with correlations -1, +1 and random ones for the range over every correlation;
- r -> t -> P: ``scipy.stats.pearsonr`` on data constructed with r exactly;
- z and H: ``scipy.stats.norm`` and ``scipy.stats.chi2`` (the reference distributions);
- OR/HR with CI: ``statsmodels.stats.contingency_tables.Table2x2`` (Wald CI and p) and the
  formula of Altman & Bland (BMJ 2011;343:d2304) written out;
- DEBIT and GRIMMER: exhaustive enumeration of every possible data set.

Fields of checks.csv carry 10 significant digits, hence rel=1e-9 against them; values
computed in memory are compared at 1e-12.
"""
import itertools
import math
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from statsmodels.stats.contingency_tables import Table2x2
from statsmodels.stats.proportion import proportions_ztest

from osteostats.check.inputs import Index
from osteostats.check.methods import paired_methods, rxc_methods, rxc_table
from osteostats.check.runner import rows_frame, run_checks
from osteostats.printed import parse_printed, round_decimal
from osteostats.published import load_published

FOLDER = "tests/data/clinical_trial"


@pytest.fixture(scope="module")
def idx():
    return Index(load_published(FOLDER))


@pytest.fixture(scope="module")
def rows():
    return rows_frame(run_checks(load_published(FOLDER))).set_index(["check", "item"], drop=False)


def _with(mean: float, sd: float, n: int, seed: int = 0) -> np.ndarray:
    """n values with exactly this sample mean and SD (standardised normal draws)."""
    x = np.random.default_rng(seed).normal(size=n)
    return mean + sd * (x - x.mean()) / x.std(ddof=1)


def test_every_finding_is_planted_item_by_item(rows):
    expected = pd.read_csv(f"{FOLDER}/expected_verdicts.csv", dtype=str, keep_default_na=False)
    want = {(c, i): v for c, i, v in zip(expected.check, expected["item"], expected.verdict)}
    bad = rows[rows.verdict != "consistent"]
    got = {(c, i): v for c, i, v in zip(bad.check, bad["item"], bad.verdict)}
    for key in sorted(set(want) | set(got)):
        assert got.get(key, "consistent") == want.get(key, "consistent"), key


def test_every_comparison_is_checked_somewhere(rows, idx):
    """No printed statistic is dropped silently: every comparison with a statistic or P has a row."""
    for c in idx.comparisons:
        if c.statistic_name == "none":
            continue
        assert c.id in set(rows["item"]), c.id


def test_anova_f_against_scipy_f_oneway(rows):
    groups = [_with(23.4, 3.1, 40, 1), _with(24.9, 3.3, 36, 2), _with(23.9, 2.8, 38, 3)]
    ref = stats.f_oneway(*groups)
    r = rows.loc[("statistic", "t1_bmi")]
    assert f"{ref.statistic:.4f}" in r.note                       # 2.3215 at the printed values
    lo, hi = float(r.recomputed_low), float(r.recomputed_high)
    rng = np.random.default_rng(5)
    for _ in range(300):                                          # the range holds every point of the box
        m = [rng.uniform(v - 0.05, v + 0.05) for v in (23.4, 24.9, 23.9)]
        s = [rng.uniform(v - 0.05, v + 0.05) for v in (3.1, 3.3, 2.8)]
        f = stats.f_oneway(*[_with(a, b, n, 9) for a, b, n in zip(m, s, (40, 36, 38))]).statistic
        assert lo - 1e-9 <= f <= hi + 1e-9
    p = rows.loc[("p_vs_statistic", "t1_bmi")]
    assert float(p.p_low) == pytest.approx(stats.f.sf(3.9125, 2, 111), rel=1e-9)
    age = stats.f_oneway(_with(54.30, 9.12, 40), _with(57.50, 10.25, 36), _with(55.00, 8.40, 38))
    assert f"{age.statistic:.3f}" == "1.228" and f"{age.pvalue:.3f}" == "0.297"


def test_rxc_pearson_and_g_against_scipy(idx):
    stage = rxc_table(idx, idx.by_id["t1_stage"])[0]
    ev = {e.key: e for e in rxc_methods(stage)}
    ref = stats.chi2_contingency(stage.array, correction=False)
    assert ev["pearson_chi2"].point == pytest.approx(ref.statistic, rel=1e-12)
    assert ev["pearson_chi2"].p_point == pytest.approx(ref.pvalue, rel=1e-12)
    assert ev["pearson_chi2"].df_iv == (ref.dof, ref.dof)
    smoking = rxc_table(idx, idx.by_id["t1_smoking"])[0]
    g = {e.key: e for e in rxc_methods(smoking)}["lr_g"]
    ref_g = stats.chi2_contingency(smoking.array, correction=False, lambda_="log-likelihood")
    assert g.point == pytest.approx(ref_g.statistic, rel=1e-12)
    assert f"{ref_g.statistic:.3f}" == "1.722"


def _ffh_brute_force(table: np.ndarray) -> float:
    """Fisher-Freeman-Halton p by listing every 2 x c table with the margins."""
    rows_, cols = table.sum(axis=1), table.sum(axis=0)
    n, r1 = int(table.sum()), int(rows_[0])

    def prob(first: tuple[int, ...]) -> float:
        return math.prod(math.comb(int(c), a) for c, a in zip(cols, first)) / math.comb(n, r1)

    obs = prob(tuple(int(x) for x in table[0]))
    total = 0.0
    for first in itertools.product(*[range(int(c) + 1) for c in cols]):
        if sum(first) == r1:
            p = prob(first)
            if p <= obs * (1 + 1e-7):
                total += p
    return total


def test_freeman_halton_against_enumeration(idx, rows):
    blood = rxc_table(idx, idx.by_id["t1_blood"])[0]
    exact = {e.key: e for e in rxc_methods(blood)}["freeman_halton"]
    assert exact.p_point == pytest.approx(_ffh_brute_force(blood.array.astype(int)), abs=1e-12)
    r = rows.loc[("test_choice", "t1_blood")]
    assert "smallest expected count 2.37" in r.note and "36 x 5 / 76" in r.note   # 2.3684
    assert float(r.recomputed_low) == pytest.approx(exact.p_point, rel=1e-9)
    stage = rxc_table(idx, idx.by_id["t1_stage"])[0]
    p = {e.key: e for e in rxc_methods(stage)}["freeman_halton"].p_point
    assert p == pytest.approx(_ffh_brute_force(stage.array.astype(int)), abs=1e-12)


def test_two_proportion_z_against_statsmodels(rows):
    z, p = proportions_ztest([6, 5], [40, 36])
    r = rows.loc[("statistic", "t1_diabetes")]
    assert float(r.recomputed_low) == pytest.approx(z, rel=1e-9)
    assert float(rows.loc[("p_vs_recomputed", "t1_diabetes")].p_low) == pytest.approx(p, rel=1e-9)
    assert r.verdict == "consistent" and f"{z:.3f}" == "0.137"


def test_paired_t_from_differences_against_ttest_rel(rows):
    before = _with(142.3, 15.2, 40, 4)
    after = before + _with(-7.2, 9.6, 40, 5)
    ref = stats.ttest_rel(after, before)
    assert f"{ref.statistic:.3f}" == "-4.743"
    r = rows.loc[("statistic", "t2_sbp")]
    assert r.verdict == "consistent"
    assert float(r.recomputed_low) <= abs(ref.statistic) <= float(r.recomputed_high)
    # the ends of the range are |d| sqrt(n) / sd at the rounding corners
    assert float(r.recomputed_low) == pytest.approx(7.15 * 40 ** 0.5 / 9.65, rel=1e-9)
    assert float(r.recomputed_high) == pytest.approx(7.25 * 40 ** 0.5 / 9.55, rel=1e-9)


def _pairs(m1: float, s1: float, m2: float, s2: float, rho: float, n: int = 40) -> tuple[np.ndarray, np.ndarray]:
    """Pairs with exactly the given means, SDs and correlation rho (rho = +-1 allowed)."""
    rng = np.random.default_rng(11)
    z1 = rng.normal(size=n)
    z1 = (z1 - z1.mean()) / z1.std(ddof=1)
    e = rng.normal(size=n)
    e = e - e.mean()
    e = e - (e @ z1) / (z1 @ z1) * z1        # orthogonal to z1
    e = e / e.std(ddof=1)
    z2 = rho * z1 + math.sqrt(max(0.0, 1 - rho * rho)) * e
    return m1 + s1 * z1, m2 + s2 * z2


def test_paired_t_over_every_correlation_against_ttest_rel(idx):
    (ev,), _, _ = paired_methods(idx, idx.by_id["t2_ldl"])
    lo, hi = ev.stat_iv
    for rho in (-1.0, -0.3, 0.0, 0.5, 0.9, 1.0):
        a, b = _pairs(3.42, 0.95, 3.10, 0.35, rho)
        t = abs(stats.ttest_rel(a, b).statistic)
        assert lo - 1e-9 <= t <= hi + 1e-9
    # both ends are attained at corners of the rounding box with rho = -1 and rho = +1
    a, b = _pairs(3.415, 0.955, 3.105, 0.355, -1.0)
    assert abs(stats.ttest_rel(a, b).statistic) == pytest.approx(lo, rel=1e-9)
    a, b = _pairs(3.425, 0.945, 3.095, 0.355, 1.0)
    assert abs(stats.ttest_rel(a, b).statistic) == pytest.approx(hi, rel=1e-9)
    assert hi < 4.7995                                            # the printed 4.800 is impossible


def test_correlation_p_against_pearsonr(rows):
    for item, r_text, n in (("t2_corr_a", "0.32", 40), ("t2_corr_b", "0.25", 36)):
        x = _with(0, 1, n, 21)
        e = _with(0, 1, n, 22)
        e = e - (e @ x) / (x @ x) * x
        e = e / e.std(ddof=1)
        r = float(r_text)
        y = r * x + math.sqrt(1 - r * r) * e
        ref = stats.pearsonr(x, y)
        assert ref.statistic == pytest.approx(r, abs=1e-12)
        row = rows.loc[("p_vs_statistic", item)]
        assert float(row.p_low) <= ref.pvalue <= float(row.p_high)
    assert rows.loc[("p_vs_statistic", "t2_corr_a")].verdict == "consistent"
    assert rows.loc[("df", "t2_corr_a")].verdict == "consistent"


def test_z_and_h_against_reference_distributions(rows):
    r = rows.loc[("p_vs_statistic", "t2_crp")]
    assert float(r.p_low) == pytest.approx(2 * stats.norm.sf(2.1045), rel=1e-9)
    assert float(r.p_high) == pytest.approx(2 * stats.norm.sf(2.1035), rel=1e-9)
    h = rows.loc[("p_vs_statistic", "t1_los")]
    assert float(h.p_low) == pytest.approx(stats.chi2.sf(4.8705, 2), rel=1e-9)
    assert h.verdict == "consistent"
    for check in ("statistic", "p_vs_recomputed"):
        for item in ("t1_los", "t2_pain", "t2_crp"):
            assert rows.loc[(check, item)].reason == "rank_test_not_recomputable"


def test_statistic_printed_as_an_inequality_still_gets_its_p_checked(rows):
    r = rows.loc[("p_vs_statistic", "t2_hb")]
    assert float(r.p_low) == pytest.approx(2 * stats.t.sf(2.2, 74), rel=1e-9) and float(r.p_high) == 1.0
    assert r.verdict == "inconsistent"
    g = rows.loc[("p_vs_statistic", "t2_glucose")]
    assert float(g.p_high) == pytest.approx(2 * stats.t.sf(3.0, 74), rel=1e-9) and g.verdict == "consistent"
    ref = stats.ttest_ind_from_stats(6.1, 1.2, 40, 5.2, 1.1, 36)
    assert rows.loc[("statistic", "t2_glucose")].verdict == "consistent" and ref.statistic > 3.0


def test_scientific_notation_and_ns(rows):
    r = rows.loc[("p_vs_statistic", "t2_sbp")]                     # P 2.8e-5 is [2.75e-5, 2.85e-5]
    p = 2 * stats.t.sf(4.743, 39)
    assert r.verdict == "consistent" and 2.75e-5 <= p <= 2.85e-5
    ns = rows.loc[("p_vs_recomputed", "t2_sodium")]                 # ns: P >= 0.05
    assert ns.verdict == "consistent" and stats.ttest_ind_from_stats(139.2, 3.1, 40, 140.1, 3.4, 36).pvalue > 0.05


def test_printed_df_against_the_design(rows):
    assert rows.loc[("df", "t2_sodium")].recomputed == "74"
    assert rows.loc[("df", "t1_age")].verdict == "consistent"
    welch = stats.ttest_ind(_with(38.5, 4.2, 40), _with(36.9, 4.6, 36), equal_var=False)
    r = rows.loc[("df", "t2_albumin")]
    assert r.verdict == "inconsistent" and "[70.60, 71.81]" in r.note
    assert 70.60 <= welch.df <= 71.81                              # a printed 71 would be Welch's


def test_ratio_p_against_statsmodels_and_altman_bland(rows):
    t = Table2x2(np.array([[12, 28], [5, 31]]))
    lo, hi = t.oddsratio_confint()
    assert (f"{t.oddsratio:.2f}", f"{lo:.2f}", f"{hi:.2f}", f"{t.oddsratio_pvalue():.3f}") == ("2.66", "0.83", "8.49", "0.099")
    r = rows.loc[("ratio_ci", "t3_death_or")]
    assert float(r.p_low) <= t.oddsratio_pvalue() <= float(r.p_high) and r.verdict == "consistent"
    se = (math.log(0.85) - math.log(0.45)) / (2 * stats.norm.ppf(0.975))
    p = 2 * stats.norm.sf(abs(math.log(0.62) / se))
    hr = rows.loc[("ratio_ci", "t3_relapse_hr")]
    assert float(hr.p_low) <= p <= float(hr.p_high) and hr.conclusion_changes == "true"


def test_crude_ratios_against_statsmodels(rows):
    from osteostats.check.ratios import crude_ratio

    t = Table2x2(np.array([[12, 28], [5, 31]]))
    got = crude_ratio("OR", 12, 40, 5, 36)
    assert got == pytest.approx((t.oddsratio, *t.oddsratio_confint()), rel=1e-12)
    t = Table2x2(np.array([[20, 20], [12, 24]]))
    got = crude_ratio("RR", 20, 40, 12, 36)
    assert got == pytest.approx((t.riskratio, *t.riskratio_confint()), rel=1e-12)
    assert rows.loc[("ratio_counts", "t3_death_or")].verdict == "consistent"
    assert float(rows.loc[("ratio_counts", "t3_response_rr")].recomputed_low) == pytest.approx(t.riskratio, rel=1e-9)


def test_debit_against_enumeration(rows):
    def possible(mean: str, sd: str, n: int) -> bool:
        m, s = parse_printed(mean), parse_printed(sd)
        for k in range(n + 1):
            x = np.r_[np.ones(k), np.zeros(n - k)]
            if (str(round_decimal(Fraction(k, n), m.decimals)) == mean
                    and str(round_decimal(float(np.std(x, ddof=1)), s.decimals)) == sd):
                return True
        return False

    assert not possible("0.20", "0.35", 40) and possible("0.50", "0.51", 36)
    assert not possible("0.19", "0.35", 1683)                       # the example of the issue
    assert rows.loc[("debit", "t1_adherent[A]")].verdict == "inconsistent"
    assert rows.loc[("debit", "t1_adherent[B]")].verdict == "consistent"


def _grimmer_enumerated(mean: str, sd: str, n: int, values: range | None = None) -> bool:
    """Any multiset of n integers with this printed mean and SD? Every vector of counts over
    ``values`` is listed (stars and bars). Without ``values``: every integer within
    sd_hi * (n - 1) / sqrt(n) of the mean, the farthest a value can lie from the mean of data
    with that SD, so the enumeration is exhaustive."""
    m, s = parse_printed(mean), parse_printed(sd)
    (mlo, mhi), (slo, shi) = m.interval(), s.interval()
    if values is None:
        reach = shi * (n - 1) / math.sqrt(n)
        values = range(math.floor(mlo - reach), math.ceil(mhi + reach) + 1)
    v = np.array(values)
    bars = np.array(list(itertools.combinations(range(n + len(v) - 1), len(v) - 1)))
    edges = np.column_stack([np.full(len(bars), -1), bars, np.full(len(bars), n + len(v) - 1)])
    counts = np.diff(edges, axis=1) - 1                        # every count vector summing to n
    total, q = counts @ v, counts @ (v * v)
    ok_mean = (total >= mlo * n - 1e-9) & (total <= mhi * n + 1e-9)
    var = (q * n - total * total) / (n * (n - 1))
    ok_sd = (var >= max(slo, 0) ** 2 - 1e-12) & (var <= shi ** 2 + 1e-12)
    return bool((ok_mean & ok_sd).any())


def test_grimmer_with_sum_of_squares_bound_against_enumeration(rows):
    assert not _grimmer_enumerated("0.50", "0.24", 10)               # the example of the issue
    assert not _grimmer_enumerated("0.50", "0.24", 40)               # the planted arm A
    assert _grimmer_enumerated("1.25", "0.97", 36, range(0, 4))      # a witness among 0..3
    assert rows.loc[("grimmer", "t1_prior_fx[A]")].verdict == "inconsistent"
    assert rows.loc[("grimmer", "t1_prior_fx[B]")].verdict == "consistent"


def test_truncation_is_a_finding_only_in_a_half_up_paper(rows):
    r = rows.loc[("percent", "t1_diabetes[B]")]
    assert r.reason == "truncated_in_half_up_paper"
    assert (str(round_decimal(Fraction(500, 36), 2)), str(round_decimal(Fraction(500, 36), 2, "truncate"))) == ("13.89", "13.88")
    paper = rows_frame(run_checks(load_published("data/published"))).set_index(["check", "item"], drop=False)
    assert paper.loc[("percent", "t1_sex_male[MET]")].reason == "truncated_percent"   # a truncating paper
    assert (paper.reason == "truncated_in_half_up_paper").sum() == 0


def test_levels_are_read_per_level(idx):
    assert idx.levels("t1_blood") == ["O", "A", "B", "AB"]
    assert idx.cell("t1_blood", "B", "count", "AB").integer == 2
    assert idx.cell("t1_blood", "B", "count") is None


def test_check_reads_table_files_directly_with_the_same_verdicts(tmp_path, capsys):
    """``osteostats check TABLE.md`` imports, then checks: every printed test gets the verdict
    (and reason) of the hand-made folder, item by item (items matched by their label)."""
    from osteostats.cli import main

    out = tmp_path / "out"
    assert main(["check", f"{FOLDER}/tables.md", "--out", str(out)]) == 0
    got = pd.read_csv(out / "checks.csv", dtype=str, keep_default_na=False)
    imported = load_published(out / "imported")
    label_of = dict(zip(imported.comparisons.comparison, imported.comparisons["item"]))
    hand = rows_frame(run_checks(load_published(FOLDER)))
    hand_id = {"Age, years": "t1_age", "BMI, kg/m2": "t1_bmi", "Stage": "t1_stage", "CRP, mg/L": "t2_crp"}
    tests = ("statistic", "p_vs_statistic", "p_vs_recomputed", "test_choice")
    compared = 0
    for _, r in got[got.check.isin(tests)].iterrows():
        want = hand[(hand.check == r.check) & (hand["item"] == hand_id[label_of[r["item"]]])]
        assert len(want) == 1, (r.check, r["item"])
        assert (r.verdict, r.reason) == (want.iloc[0].verdict, want.iloc[0].reason), (r.check, r["item"])
        compared += 1
    assert compared == 13   # 4 statistic, 4 p_vs_statistic, 4 p_vs_recomputed, 1 test_choice
    pct = got[got.check == "percent"]
    assert len(pct) == 6 and (pct.verdict == "consistent").all()
