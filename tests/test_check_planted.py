"""A second paper in the same format (constructed, with planted errors): the checks are general.

tests/data/planted_trial/expected_verdicts.csv lists every row expected NOT to be consistent,
each with its hand-worked reason; the tool must produce exactly that set.
"""
import pandas as pd
import pytest

from osteostats.check.runner import rows_frame, run_checks
from osteostats.published import load_published

FOLDER = "tests/data/planted_trial"


@pytest.fixture(scope="module")
def rows():
    return rows_frame(run_checks(load_published(FOLDER)))


def test_non_consistent_rows_are_exactly_the_planted_ones(rows):
    expected = pd.read_csv(f"{FOLDER}/expected_verdicts.csv", dtype=str, keep_default_na=False)
    want = set(zip(expected.check, expected["item"], expected.verdict))
    bad = rows[rows.verdict != "consistent"]
    got = set(zip(bad.check, bad["item"], bad.verdict))
    assert got - want == set(), "unexpected findings"
    assert want - got == set(), "planted errors not found"


def test_yates_is_recognised_and_negative_t_is_fine(rows):
    r = rows[(rows.check == "statistic") & (rows["item"] == "t1_sex_male")].iloc[0]
    assert r.verdict == "consistent" and r.note.startswith("Pearson chi2 with Yates correction")
    r = rows[(rows.check == "statistic") & (rows["item"] == "t1_age")].iloc[0]
    assert r.verdict == "consistent" and r.printed == "−1.571"


def test_statcheck_row_runs_when_test_cannot_be_recomputed(rows):
    r = rows[(rows.check == "p_vs_statistic") & (rows["item"] == "t2_los")].iloc[0]
    assert r.verdict == "consistent" and "df 74" in r.note


def test_nearest_counts_finds_the_misprint(rows):
    r = rows[(rows.check == "nearest_counts") & (rows["item"] == "t1_diabetes")].iloc[0]
    assert r.recomputed == "A 9/40, B 15/36"


def test_printed_fisher_test_is_checked_by_its_p(tmp_path):
    """A comparison whose printed test is Fisher's (P only) is judged by the Fisher p from scipy."""
    import shutil

    from scipy import stats

    dst = tmp_path / "p"
    shutil.copytree(FOLDER, dst)
    comps = (dst / "comparisons.csv").read_text().replace(
        "A;B,,chi2,,complication,", "A;B,,fisher,,complication,")
    (dst / "comparisons.csv").write_text(comps)
    p = stats.fisher_exact([[7, 33], [1, 35]]).pvalue          # 0.0590
    vals = (dst / "values.csv").read_text()
    vals = vals.replace("2,t2_complication,,statistic,4.360,", "2,t2_complication,,statistic,–,")
    vals = vals.replace("2,t2_complication,,p,0.037,", f"2,t2_complication,,p,{p:.3f},")
    (dst / "values.csv").write_text(vals)
    rows = rows_frame(run_checks(load_published(dst)))
    sub = rows[rows["item"] == "t2_complication"]
    assert "statistic" not in set(sub.check) and "p_vs_statistic" not in set(sub.check)
    r = sub[sub.check == "p_vs_recomputed"].iloc[0]
    assert r.verdict == "consistent" and "Fisher exact (two-sided)" in r.note.split("matches")[1].split(".")[0]
