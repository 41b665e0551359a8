"""The reviewer check on the study paper (data/published): its verified facts."""
import re

import pytest
from scipy import stats

from osteostats.check.rows import COLUMNS, VERDICTS
from osteostats.check.runner import rows_frame, run_checks
from osteostats.published import load_published


@pytest.fixture(scope="module")
def pub():
    return load_published("data/published")


@pytest.fixture(scope="module")
def rows(pub):
    return rows_frame(run_checks(pub))


def row(rows, check, item):
    hit = rows[(rows.check == check) & (rows.item == item)]
    assert len(hit) == 1, f"expected one {check} row for {item}, got {len(hit)}"
    return hit.iloc[0]


def test_columns_and_verdict_vocabulary(rows):
    assert tuple(rows.columns) == COLUMNS
    assert set(rows.verdict) <= set(VERDICTS)


def test_every_printed_statistic_and_percentage_has_a_row(pub, rows):
    v = pub.values
    stats_printed = v[(v.quantity == "statistic") & v.parsed.map(lambda p: not p.is_missing)]
    for comp in stats_printed.comparison:
        assert ((rows.check == "statistic") & (rows.item == comp)).any(), comp
        assert ((rows.check == "p_vs_statistic") & (rows.item == comp)).any(), comp
    pct = v[(v.quantity == "percent") & v.parsed.map(lambda p: not p.is_missing)]
    for r in pct.itertuples():
        assert ((rows.check == "percent") & (rows.item == f"{r.comparison}[{r.arm}]")).any(), (r.comparison, r.arm)


def test_every_non_consistent_row_has_a_note_with_numbers(rows):
    bad = rows[rows.verdict != "consistent"]
    assert len(bad) > 0
    for r in bad.itertuples():
        assert r.note.strip(), r
        assert re.search(r"\d", r.note), r


def test_age_t_is_inconsistent_but_not_a_decision(rows):
    r = row(rows, "statistic", "t1_age")
    assert r.verdict == "inconsistent"
    ref = stats.ttest_ind_from_stats(69.58, 8.457, 50, 62.13, 10.773, 31).statistic   # 3.4655
    lo, hi = (float(x) for x in r.recomputed.strip("[]").split(","))
    assert lo <= ref <= hi and not lo <= 3.446 <= hi
    assert "Student" in r.note and "unchanged" in r.note


def test_bmi_t_is_explained_by_rounding(rows):
    r = row(rows, "statistic", "t1_bmi")
    assert r.verdict == "rounding"
    ref = stats.ttest_ind_from_stats(23.38, 3.31, 50, 22.87, 2.67, 31).statistic
    assert f"{ref:.4f}" in r.note   # 0.7237 at the printed values
    lo, hi = (float(x) for x in r.recomputed.strip("[]").split(","))
    assert lo <= 0.729 <= hi


@pytest.mark.parametrize("item,events,totals,printed", [
    ("t1_sex_male", (6, 22), (50, 31), "29.418"), ("t1_osteoporosis", (50, 4), (50, 31), "65.323"),
    ("t2_shape_wedge", (38, 9), (98, 43), "4.283"), ("t2_disc_compressed", (33, 6), (98, 43), "5.808"),
    ("t3_met_bone_destruction", (18, 34, 39, 42), (43,) * 4, "45.462"),
    ("t3_met_appendage", (13, 29, 38, 40), (43,) * 4, "50.056"),
    ("t3_met_soft_tissue", (2, 28, 42, 42), (43,) * 4, "111.025"),
    ("t3_op_appendage", (1, 4, 6, 6), (98,) * 4, "4.120"),
])
def test_pearson_reproduces_printed_chi2(rows, item, events, totals, printed):
    r = row(rows, "statistic", item)
    assert r.verdict == "consistent"
    table = [[e, t - e] for e, t in zip(events, totals)]
    ref = stats.chi2_contingency(table, correction=False).statistic
    assert f"{ref:.3f}" == printed
    assert "Pearson chi2 (no correction)" in r.note.split("Reproduced by:")[1].split(".")[0]


def test_disc_widened_and_fracture_line_are_inconsistent(rows):
    r = row(rows, "statistic", "t2_disc_widened")
    assert r.verdict == "inconsistent"
    ref = stats.chi2_contingency([[36, 62], [15, 28]], correction=False).statistic
    assert r.recomputed == f"{ref:.4f}" and f"{ref:.3f}" == "0.044"
    r = row(rows, "statistic", "t3_op_fracture_line")
    assert r.verdict == "inconsistent"
    ref = stats.chi2_contingency([[56, 42], [95, 3], [91, 7], [95, 3]], correction=False).statistic
    assert f"{ref:.3f}" == "90.920" and r.recomputed.startswith("90.920")
    assert row(rows, "nearest_counts", "t3_op_fracture_line").recomputed == "none within ±3"
    near = row(rows, "nearest_counts", "t2_disc_widened")
    assert "contradicts the printed" in near.note   # the nearby table breaks the printed percentages


@pytest.mark.parametrize("item,k,n,printed", [
    ("t1_sex_male[MET]", 22, 31, "70.96"), ("t2_posterior_corner_fat[OP]", 64, 98, "65.30"),
    ("t3_op_fracture_line[ct]", 95, 98, "96.93"),
])
def test_truncated_percentages(rows, item, k, n, printed):
    r = row(rows, "percent", item)
    assert r.verdict == "rounding" and "truncated" in r.note
    assert r.printed == printed and f"{k}/{n}" in r.note


def test_percent_mode_is_truncation(rows):
    r = row(rows, "percent_mode", "percentages")
    assert r.verdict == "rounding" and "truncation" in r.recomputed


@pytest.mark.parametrize("item,table,fisher_text,min_exp", [
    ("t2_shape_flat", [[5, 93], [6, 37]], "0.0908", "3.35"),
    ("t2_intravertebral_cleft", [[13, 85], [0, 43]], "0.0098", "3.96"),
])
def test_test_choice_flags_fisher(rows, item, table, fisher_text, min_exp):
    r = row(rows, "test_choice", item)
    assert r.verdict == "warning"
    assert f"{stats.fisher_exact(table).pvalue:.4f}" == fisher_text
    assert fisher_text in r.note and min_exp in r.note and "unchanged" in r.note
    assert stats.contingency.expected_freq(table).min() == pytest.approx(float(min_exp), abs=0.005)


def test_test_choice_consistent_when_expected_counts_are_large(rows):
    assert row(rows, "test_choice", "t1_sex_male").verdict == "consistent"


def test_design_and_cochran_range_for_table3(rows):
    for item in ("t3_op_fracture_line", "t3_op_appendage", "t3_met_bone_destruction", "t3_met_appendage",
                 "t3_met_soft_tissue"):
        assert row(rows, "design", item).verdict == "warning"
        assert row(rows, "cochran_q_range", item).verdict == "warning"
    r = row(rows, "cochran_q_range", "t3_op_appendage")
    assert "CHANGES" in r.note   # paired p < 0.05 for every table, printed k x 2 P = 0.249


def test_cross_table_consistency(rows):
    for check in ("category_sum", "union", "link", "group_n"):
        sub = rows[rows.check == check]
        assert len(sub) > 0 and (sub.verdict == "consistent").all(), check
    assert len(rows[rows.check == "link"]) == 3
    den = rows[(rows.check == "denominator") & (rows.table == "2")]
    assert set(den.verdict) == {"warning"} and den.note.str.contains("n=50").any()


def test_grim_on_ages(rows):
    assert row(rows, "grim", "t1_age[OP]").verdict == "consistent"   # 3479/50 = 69.58
    assert row(rows, "grim", "t1_age[MET]").recomputed == "1926/31"  # 62.129 -> 62.13
    assert not ((rows.check == "grim") & rows.item.str.startswith("t1_bmi")).any()


def test_output_is_deterministic(pub):
    a = rows_frame(run_checks(pub)).to_csv(index=False)
    b = rows_frame(run_checks(load_published("data/published"))).to_csv(index=False)
    assert a == b
