"""The machine-readable fields of ``checks.csv`` (reason, method, conclusion_changes, ranges, alpha).

A report must be able to render the check's findings from these fields alone, so they are
tested against independent references: scipy's t-test at the corners of the printed
rounding intervals, scipy's Fisher test, statsmodels' Cochran's Q by brute force over paired
tables, and the planted errors of ``tests/data/planted_trial`` (their expected outcomes are
written down in that folder, independently of the code).
"""
import itertools

import numpy as np
import pytest
from scipy import stats

from osteostats.check import FIELD_COLUMNS, REASONS, TEXT_COLUMNS, CheckRow
from osteostats.check.runner import rows_frame, run_checks
from osteostats.published import load_published


@pytest.fixture(scope="module")
def paper():
    return rows_frame(run_checks(load_published("data/published"))).set_index(["check", "item"], drop=False)


@pytest.fixture(scope="module")
def planted():
    return rows_frame(run_checks(load_published("tests/data/planted_trial"))).set_index(["check", "item"], drop=False)


def test_text_columns_first_fields_after(paper):
    assert tuple(paper.columns) == TEXT_COLUMNS + FIELD_COLUMNS


@pytest.mark.parametrize("name", ["paper", "planted"])
def test_every_row_has_a_known_reason_and_typed_fields(name, request):
    rows = request.getfixturevalue(name)
    assert rows.reason.isin(list(REASONS)).all()
    assert set(rows.conclusion_changes) <= {"true", "false", ""}
    for col in ("recomputed_low", "recomputed_high", "p_low", "p_high", "alpha"):
        vals = rows[col][rows[col] != ""].astype(float)
        assert not vals.isna().any(), col
    both = rows[(rows.recomputed_low != "") & (rows.recomputed_high != "")]
    assert (both.recomputed_low.astype(float) <= both.recomputed_high.astype(float)).all()
    p = rows[rows.p_low != ""]
    assert ((p.p_low.astype(float) >= 0) & (p.p_high.astype(float) <= 1)).all()
    # rows about a test carry the alpha they were judged at
    tested = rows[rows.check.isin(["statistic", "p_vs_statistic", "p_vs_recomputed", "test_choice"])]
    assert (tested.alpha == "0.05").all()


def test_unknown_reason_is_a_programming_error():
    with pytest.raises(ValueError):
        CheckRow("statistic", "1", "x", "1", "1", "consistent", "note", reason="looks_fine")


def test_decision_rows_flag_the_conclusion(planted):
    dec = planted[planted.verdict == "decision"]
    assert len(dec) >= 3
    assert (dec.conclusion_changes == "true").all()
    ok = planted[planted.verdict.isin(["consistent", "rounding"]) & planted.check.isin(["statistic", "p_vs_statistic"])]
    assert (ok.conclusion_changes == "false").all()


def test_planted_reasons_match_the_planted_errors(planted):
    expected = {
        ("statistic", "t1_diabetes"): "stat_outside_range",
        ("p_vs_statistic", "t1_bmi"): "p_not_from_printed_stat",
        ("p_vs_statistic", "t1_hypertension"): "p_within_stat_rounding",
        ("percent", "t2_response[A]"): "percent_not_from_count",
        ("percent", "t2_response[B]"): "truncated_in_half_up_paper",
        ("grim", "t1_age[B]"): "grim_no_integer_sum",
        ("sd_bound", "t1_pain[A]"): "sd_outside_bounds",
        ("test_choice", "t2_complication"): "rule_selects_fisher",
        ("cochran_q_range", "t3_fracture"): "paired_margins_impossible",
        ("category_sum", "severity[B]"): "categories_exceed_n",
        ("union", "t3_fracture"): "union_outside_bounds",
        ("link", "t1_hypertension[B] = t2_hypertension[B]"): "counts_differ",
        ("percent_mode", "percentages"): "paper_mixes_modes",
    }
    got = {k: planted.loc[k, "reason"] for k in expected}
    assert got == expected


def test_age_statistic_range_is_scipy_at_the_corners(paper):
    r = paper.loc[("statistic", "t1_age")]
    assert r.reason == "stat_outside_range" and r.verdict == "inconsistent" and r.conclusion_changes == "false"
    assert r.method == "Student t (independent samples, pooled variance), two-sided"
    h1, h2 = 0.005, 0.0005  # half units of 69.58 / 62.13 and of 8.457 / 10.773
    ts = [stats.ttest_ind_from_stats(a, b, 50, c, d, 31).statistic
          for a, b, c, d in itertools.product((69.58 - h1, 69.58 + h1), (8.457 - h2, 8.457 + h2),
                                              (62.13 - h1, 62.13 + h1), (10.773 - h2, 10.773 + h2))]
    assert float(r.recomputed_low) == pytest.approx(min(ts), rel=1e-9)
    assert float(r.recomputed_high) == pytest.approx(max(ts), rel=1e-9)
    assert float(r.p_low) == pytest.approx(2 * stats.t.sf(max(ts), 79), rel=1e-8)
    assert float(r.p_high) == pytest.approx(2 * stats.t.sf(min(ts), 79), rel=1e-8)


@pytest.mark.parametrize("item,table", [("t2_shape_flat", [[5, 93], [6, 37]]), ("t2_intravertebral_cleft", [[13, 85], [0, 43]])])
def test_fisher_rows_carry_the_exact_p(paper, item, table):
    r = paper.loc[("test_choice", item)]
    assert r.reason == "rule_selects_fisher" and r.method == "Fisher's exact test, two-sided"
    p = stats.fisher_exact(table).pvalue
    assert float(r.p_low) == pytest.approx(p, rel=1e-9) and float(r.recomputed_low) == pytest.approx(p, rel=1e-9)
    assert r.conclusion_changes == "false"  # printed 0.071 / 0.012: same side of 0.05 as Fisher's p


def _q_brute(cols, n, n_any):
    """Cochran's Q over every n x 3 0/1 table with the given column totals and union (statsmodels)."""
    from statsmodels.stats.contingency_tables import cochrans_q

    patterns = [p for p in itertools.product((0, 1), repeat=3) if any(p)]
    qs = []
    # distribute the n_any detected units over the 7 non-empty patterns
    for counts in itertools.product(range(n_any + 1), repeat=len(patterns)):
        if sum(counts) != n_any:
            continue
        tot = np.sum([np.array(p) * c for p, c in zip(patterns, counts)], axis=0)
        if list(tot) != list(cols):
            continue
        rows = [p for p, c in zip(patterns, counts) for _ in range(c)] + [(0, 0, 0)] * (n - n_any)
        qs.append(cochrans_q(np.array(rows)).statistic)
    return min(qs), max(qs)


def test_paired_row_is_the_only_conclusion_change_on_the_paper(paper):
    changed = paper[paper.conclusion_changes == "true"]
    assert list(zip(changed.check, changed["item"])) == [("cochran_q_range", "t3_op_appendage")]
    r = changed.iloc[0]
    qlo, qhi = _q_brute((1, 4, 6), 98, 6)  # Table 3, OP appendage: X-ray 1, CT 4, MRI 6, any 6 of 98
    # the CSV keeps 10 significant digits
    assert float(r.recomputed_low) == pytest.approx(qlo, rel=1e-9) and float(r.recomputed_high) == pytest.approx(qhi, rel=1e-9)
    assert float(r.p_low) == pytest.approx(stats.chi2.sf(qhi, 2), rel=1e-9)
    assert float(r.p_high) == pytest.approx(stats.chi2.sf(qlo, 2), rel=1e-9)
    assert float(r.p_high) < 0.05  # every pairing is significant; printed P 0.249 is not
    assert r.method.startswith("Cochran's Q")


def test_truncated_percentages_have_their_reason_and_exact_value(paper):
    trunc = paper[paper.reason == "truncated_percent"]
    assert len(trunc) == 12 and (trunc.verdict == "rounding").all()
    r = paper.loc[("percent", "t1_sex_male[MET]")]
    assert float(r.recomputed_low) == pytest.approx(2200 / 31, rel=1e-10)


def test_fields_are_deterministic():
    a = rows_frame(run_checks(load_published("data/published"))).to_csv(index=False)
    b = rows_frame(run_checks(load_published("data/published"))).to_csv(index=False)
    assert a == b


def test_every_reason_code_is_documented():
    from pathlib import Path

    doc = Path("docs/check.md").read_text(encoding="utf-8")
    missing = [k for k in REASONS if f"`{k}`" not in doc]
    assert not missing
