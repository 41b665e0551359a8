"""Tables 1-3 from the bundled case tables, compared with every printed number.

The independent references are the paper's printed values (data/published) and scipy.
"""
import hashlib

import pytest
from scipy import stats

from osteostats.cases import load_cases
from osteostats.cli import main
from osteostats.published import load_published
from osteostats.tables import TableOptions, build_tables, compare_with_published
from osteostats.stats import TestRule


@pytest.fixture(scope="module")
def rep():
    return build_tables(load_cases("data/cases"))


@pytest.fixture(scope="module")
def cmp(rep):
    return compare_with_published(load_published("data/published"), rep)


def test_every_printed_value_has_a_row(cmp):
    pub = load_published("data/published")
    assert len(cmp) == len(pub.values)
    assert set(cmp.comparison) == set(pub.values.comparison)


def test_counts_match_and_percentages_match_or_rounding(cmp):
    counts = cmp[cmp.quantity.isin(["count", "n"])]
    assert (counts.verdict == "match").all(), counts[counts.verdict != "match"]
    pct = cmp[cmp.quantity == "percent"]
    assert pct.verdict.isin(["match", "rounding"]).all()
    assert (pct[pct.verdict == "rounding"].note.str.contains("truncated")).all()


def test_differs_rows_are_the_known_discrepancies_with_notes(cmp):
    d = cmp[cmp.verdict == "differs"]
    assert set(zip(d.comparison, d.quantity)) == {
        ("t1_age", "statistic"), ("t2_disc_widened", "statistic"), ("t2_disc_widened", "p"),
        ("t3_op_fracture_line", "statistic")}
    assert d.note.str.len().min() > 40
    age = d[d.comparison == "t1_age"].note.iloc[0]
    assert "3.446" in age and "Welch" in age
    assert "Pearson 0.044" in d[(d.comparison == "t2_disc_widened") & (d.quantity == "statistic")].note.iloc[0]


def test_table1_against_scipy(rep):
    pats = load_cases("data/cases").patients
    op, met = pats[pats.group == "OP"], pats[pats.group == "MET"]
    t1 = rep.table("1")
    get = lambda c, a, q: t1.query("comparison == @c and arm == @a and quantity == @q").value.iloc[0]
    ref = stats.ttest_ind(op.age, met.age)
    assert get("t1_age", "", "statistic") == pytest.approx(ref.statistic, rel=1e-12)
    assert round(get("t1_age", "OP", "mean"), 2) == 69.58 and round(get("t1_age", "MET", "sd"), 3) == 10.773
    ref = stats.chi2_contingency([[6, 44], [22, 9]], correction=False)
    assert get("t1_sex_male", "", "statistic") == pytest.approx(ref.statistic, rel=1e-12)
    assert get("t1_osteoporosis", "MET", "count") == 4


def test_table3_any_is_union_and_cochran_is_reported(rep):
    t3 = rep.table("3")
    row = lambda c, a, q: t3.query("comparison == @c and arm == @a and quantity == @q")
    assert row("t3_met_bone_destruction", "any", "count").value.iloc[0] == 42
    assert row("t3_op_oedema", "xray", "count").empty  # not assessable: absent, not 0
    q = row("t3_met_bone_destruction", "", "cochran_q")
    assert not q.empty and "Cochran" in q.method.iloc[0]


def test_rule_choice_is_named_and_configurable(rep):
    tests = rep.tests
    flat = tests[(tests.comparison == "t2_shape_flat") & (tests.role == "selected")].iloc[0]
    assert flat.key == "fisher" and "3.35 < 5" in flat.note
    assert flat.p == pytest.approx(stats.fisher_exact([[5, 93], [6, 37]]).pvalue, rel=1e-12)
    rep2 = build_tables(load_cases("data/cases"), TableOptions(rule=TestRule("always_chi2")))
    flat2 = rep2.tests[(rep2.tests.comparison == "t2_shape_flat") & (rep2.tests.role == "selected")].iloc[0]
    assert flat2.key == "pearson_chi2"


def test_cli_outputs_are_deterministic(tmp_path):
    digests = []
    for run in ("a", "b"):
        out = tmp_path / run
        assert main(["tables", "--out", str(out), "--config", "config/config.yaml"]) == 0
        digests.append({f.name: hashlib.sha256(f.read_bytes()).hexdigest() for f in sorted(out.glob("*.csv"))})
    assert digests[0] == digests[1]
    assert set(digests[0]) == {"table1.csv", "table2.csv", "table3.csv", "tests.csv", "detection.csv", "comparison.csv"}
