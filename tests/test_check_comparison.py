"""``tables`` judges reproduced-vs-printed with the reviewer check's interval engine.

References: the printed rounding intervals of the paper's Table 1 (data/published) and
``scipy.stats.ttest_ind_from_stats`` evaluated at the corners of those intervals, computed
here independently of the package.
"""
import dataclasses
import itertools
import math

import pandas as pd
import pytest
from scipy import stats

from osteostats.cases import load_cases
from osteostats.published import load_published
from osteostats.tables import build_tables, compare_with_published

PRINTED_BMI = {"OP": (23.38, 3.31, 50), "MET": (22.87, 2.67, 31)}  # Table 1, mean ± SD (n)


def _band(equal_var: bool) -> tuple[float, float]:
    """t over the 16 corners of the printed BMI means' and SDs' rounding intervals (scipy)."""
    (m1, s1, n1), (m2, s2, n2) = PRINTED_BMI["OP"], PRINTED_BMI["MET"]
    ts = [stats.ttest_ind_from_stats(a, b, n1, c, d, n2, equal_var=equal_var).statistic
          for a, b, c, d in itertools.product((m1 - .005, m1 + .005), (s1 - .005, s1 + .005),
                                              (m2 - .005, m2 + .005), (s2 - .005, s2 + .005))]
    return min(ts), max(ts)


def _own_cohort_bmi_t(target: float):
    """The bundled cases with MET BMI shifted so that Student's t for BMI is ``target``."""
    cases = load_cases("data/cases")
    p = cases.patients
    op, met = p.loc[p.group == "OP", "bmi"].dropna(), p.loc[p.group == "MET", "bmi"].dropna()
    t0 = stats.ttest_ind(op, met).statistic
    se = (op.mean() - met.mean()) / t0
    shifted = p.copy()
    shifted.loc[shifted.group == "MET", "bmi"] = shifted.loc[shifted.group == "MET", "bmi"] - (target - t0) * se
    return dataclasses.replace(cases, patients=shifted)


@pytest.fixture(scope="module")
def own():
    cases = _own_cohort_bmi_t(1.590)
    rep = build_tables(cases)
    cmp = compare_with_published(load_published("data/published"), rep)
    return cmp.set_index(["comparison", "arm", "group", "quantity"])


def test_own_cohort_t_far_from_printed_is_differs_not_rounding(own):
    row = own.loc[("t1_bmi", "", "", "statistic")]
    assert row.reproduced == "1.590" and row.printed == "0.729"
    lo, hi = _band(True)
    assert lo <= 0.729 <= hi and not lo <= 1.590 <= hi  # the printed t is explained by the printed means, 1.590 is not
    assert row.verdict == "differs"
    assert row.reason == "reproduced_outside_range"
    assert "1.590" in row.note or "1.5900" in row.note


def test_own_cohort_conclusion_field(own):
    # printed P 0.468 (not significant); 1.590 with df 79 gives p = 0.116: same conclusion at 0.05
    p_repr = 2 * stats.t.sf(1.590, 79)
    assert p_repr > 0.05
    for q in ("statistic", "p"):
        assert own.loc[("t1_bmi", "", "", q)].conclusion_changes == "false"


def test_t_rounding_verdict_needs_the_reproduced_value_in_the_band():
    """A reproduced t inside the printed inputs' band that misses the printed t's digits: rounding."""
    cases = load_cases("data/cases")
    lo, hi = _band(True)
    target = (0.729 + hi) / 2 + 0.0007  # inside the band, rounds to 0.73x, not 0.729
    assert lo < target < hi and f"{target:.3f}" != "0.729"
    rep = build_tables(_own_cohort_bmi_t(target))
    cmp = compare_with_published(load_published("data/published"), rep).set_index(["comparison", "arm", "group", "quantity"])
    row = cmp.loc[("t1_bmi", "", "", "statistic")]
    assert row.verdict == "rounding" and row.reason == "stat_within_input_rounding", row.note


def test_bundled_t_band_is_the_checks_band():
    cmp = compare_with_published(load_published("data/published"), build_tables(load_cases("data/cases")))
    age = cmp[(cmp.comparison == "t1_age") & (cmp.quantity == "statistic")].iloc[0]
    assert age.verdict == "differs" and age.reason == "stat_outside_range"
    # printed interval of 3.446 is [3.4455, 3.4465]
    assert (float(age.printed_low), float(age.printed_high)) == (3.4455, 3.4465)


def test_structured_columns_present_and_typed():
    cmp = compare_with_published(load_published("data/published"), build_tables(load_cases("data/cases")))
    for col in ("reason", "conclusion_changes", "printed_low", "printed_high"):
        assert col in cmp.columns
    from osteostats.tables.compare import REASONS

    assert cmp.reason.isin(list(REASONS)).all()
    assert set(cmp.conclusion_changes) <= {"true", "false", ""}
    pct = cmp[(cmp.quantity == "percent") & (cmp.verdict == "rounding")]
    assert (pct.reason == "truncated_percent").all() and len(pct) == 12
    flat = cmp[(cmp.comparison == "t2_shape_flat") & (cmp.quantity == "p")].iloc[0]
    assert flat.reason == "rule_selects_fisher"
    lt = cmp[(cmp.comparison == "t1_age") & (cmp.quantity == "p")].iloc[0]  # "<0.001"
    assert float(lt.printed_low) == 0.0 and float(lt.printed_high) == 0.001
    # percentages are [x - h, x + h] at their printed decimals
    male = cmp[(cmp.comparison == "t1_sex_male") & (cmp.arm == "") & (cmp.group == "MET") & (cmp.quantity == "percent")]
    assert [float(male.printed_low.iloc[0]), float(male.printed_high.iloc[0])] == pytest.approx([70.955, 70.965], abs=1e-12)
    stat = cmp[cmp.quantity.isin(["statistic", "p"]) & (cmp.printed != "–")]
    assert (stat.conclusion_changes == "false").all()
    assert not math.isnan(float(stat.printed_high.iloc[0]))
    assert isinstance(cmp, pd.DataFrame)
