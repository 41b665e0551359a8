"""diagnose(): reasons, menopause proxy, pathological groups, determinism, threshold table."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import osteostats.rules.thresholds as th
from osteostats.rules import OUTPUT_COLUMNS, diagnose, dxa_category, load_thresholds, threshold_table


def study_like():
    return pd.DataFrame({
        "patient_id": ["P1", "P2", "P3", "P4", "P5"],
        "group": ["OP", "OP", "MET", "MET", "OP"],
        "age": [72, 58, 45, 66, 80],
        "sex": ["F", "M", "M", "F", "F"],
        "t_score_min": [-2.7, -1.4, -3.0, -2.6, np.nan],
        "trauma": ["none", "minor", "none", "none", "major"],
    })


def test_reason_names_rule_value_site_and_threshold():
    out = diagnose(pd.DataFrame({"sex": ["F"], "age": [70], "menopause": ["post"], "t_neck": [-2.7],
                                 "t_l1l4": [-1.9], "t_hip": [-2.0]}))
    assert out.loc[0, "reason"].startswith("osteoporosis: lowest T -2.7 at femoral neck <= -2.5")
    assert out.loc[0, "rule"] == "dxa_osteoporosis"


def test_menopause_unknown_is_indeterminate_without_proxy():
    out = diagnose(study_like())
    women = out[out.sex == "F"]
    assert (women["reference"] == "indeterminate").all()
    assert "no menopause age proxy configured" in women["reason"].iloc[1]


def test_menopause_age_proxy_is_explicit_and_reported():
    out = diagnose(study_like(), menopause_age_proxy=50)
    p4 = out.set_index("patient_id").loc["P4"]
    assert p4["reference"] == "T" and p4["category"] == "osteoporosis"
    assert "age proxy (age 66 >= 50)" in p4["reason"]
    young = diagnose(pd.DataFrame({"sex": ["F"], "age": [45], "z_score": [-2.1]}), menopause_age_proxy=50)
    assert young.loc[0, "reference"] == "Z" and young.loc[0, "category"] == "below_expected_range_for_age"


def test_pathological_groups_and_fracture_series():
    out = diagnose(study_like(), menopause_age_proxy=50, pathological_groups=["MET"],
                   fracture_confirmed=True).set_index("patient_id")
    assert out.loc["P1", "category"] == "severe_osteoporosis"   # fragility + T -2.7
    assert out.loc["P2", "category"] == "osteoporosis"          # fragility overrides T -1.4
    assert out.loc["P2", "rule"] == "fragility_fracture"
    assert out.loc["P3", "fragility_fracture"] is False or out.loc["P3", "fragility_fracture"] == False  # noqa: E712
    assert "pathological" in out.loc["P3", "reason"]
    assert out.loc["P4", "category"] == "osteoporosis"          # MET: BMD only, not severe
    assert out.loc["P4", "rule"] == "dxa_osteoporosis"
    assert out.loc["P5", "category"] == "indeterminate"         # major trauma, no T
    assert "major trauma" in out.loc["P5", "reason"]


def test_fragility_unknown_without_information():
    out = diagnose(study_like(), menopause_age_proxy=50)
    # trauma alone: unknown unless a criterion is known to fail (major trauma -> False)
    assert out["fragility_fracture"].isna().tolist() == [True, True, True, True, False]
    assert out.loc[0, "category"] == "osteoporosis"  # not severe: fracture status not stated


def test_output_columns_and_index_preserved():
    df = study_like().set_index(pd.Index([7, 8, 9, 10, 11]))
    out = diagnose(df)
    assert list(out.index) == [7, 8, 9, 10, 11]
    assert list(out.columns) == list(df.columns) + [c for c in OUTPUT_COLUMNS if c != "genant_grade"]
    assert list(df.columns) == list(study_like().columns)  # input not modified


def test_deterministic():
    a = diagnose(study_like(), menopause_age_proxy=50, pathological_groups=["MET"], fracture_confirmed=True)
    b = diagnose(study_like(), menopause_age_proxy=50, pathological_groups=["MET"], fracture_confirmed=True)
    pd.testing.assert_frame_equal(a, b)


def test_genant_column_and_ecf_kept_separate():
    df = pd.DataFrame({"height_loss_pct": [19.9, 25.0, 40.0, 40.5], "ecf": [1, 0, 1, 0]})
    out = diagnose(df)
    assert out["genant_grade"].tolist() == [0, 1, 2, 3]
    assert out["ecf"].tolist() == [1, 0, 1, 0]


def test_qct_hip_uses_dxa_criteria():
    out = diagnose(pd.DataFrame({"sex": ["M", "M"], "age": [70, 70], "t_qct_hip": [-2.5, -1.0]}))
    assert out["category"].tolist() == ["osteoporosis", "normal"]
    assert out["rule"].tolist() == ["qct_hip_osteoporosis", "qct_hip_normal"]


def test_most_severe_modality_wins():
    out = diagnose(pd.DataFrame({"sex": ["M"], "age": [70], "t_neck": [-1.2], "qct_vbmd": [75.0]}))
    assert out.loc[0, "category"] == "osteoporosis" and out.loc[0, "rule"] == "qct_osteoporosis"
    assert "also low_bone_mass: lowest T -1.2" in out.loc[0, "reason"]


def test_rounding_option_in_diagnose():
    df = pd.DataFrame({"sex": ["M"], "age": [70], "t_neck": [-2.45]})
    assert diagnose(df).loc[0, "category"] == "low_bone_mass"
    out = diagnose(df, rounding="dxa_1dp")
    assert out.loc[0, "category"] == "osteoporosis"
    assert "-2.45 (rounded to -2.5)" in out.loc[0, "reason"]


def test_published_table1_counts_through_rules():
    """Table 1 "Osteoporosis (T <= -2.5)": OP 50/50, MET 4/31 when derived via dxa_category."""
    p = pd.read_csv(Path("data/cases/patients.csv"))
    counts = (dxa_category(p["t_score_min"]) == "osteoporosis").groupby(p["group"]).sum()
    assert counts.to_dict() == {"MET": 4, "OP": 50}


# --- the threshold table ----------------------------------------------------------------

def test_every_threshold_has_a_citation():
    for key, t in threshold_table().items():
        assert t.source.strip() and t.section.strip() and t.quote.strip(), key


def test_code_reads_the_table(tmp_path, monkeypatch):
    """Editing the table changes the rule: thresholds are data, not hard-coded."""
    src = Path(th.__file__).with_name("thresholds.csv")
    edited = tmp_path / "thresholds.csv"
    edited.write_text(src.read_text(encoding="utf-8").replace("dxa_osteoporosis,-2.5,", "dxa_osteoporosis,-2.0,"),
                      encoding="utf-8")
    monkeypatch.setattr(th, "_default_table", lambda: load_thresholds(edited))
    assert dxa_category(-2.2) == "osteoporosis"
    monkeypatch.undo()
    assert dxa_category(-2.2) == "low_bone_mass"


@pytest.mark.parametrize("old,new,match", [
    ("dxa_normal,-1.0,>=", "dxa_normal,-1.0,>", "operator"),
    ("qct_normal,120,", "qct_normal,70,", "below"),
    ("genant_grade3,40,", "genant_grade3,forty,", "not a number"),
])
def test_loader_rejects_inconsistent_tables(tmp_path, old, new, match):
    src = Path(th.__file__).with_name("thresholds.csv")
    bad = tmp_path / "t.csv"
    text = src.read_text(encoding="utf-8")
    assert old in text
    bad.write_text(text.replace(old, new), encoding="utf-8")
    with pytest.raises(ValueError, match=match):
        load_thresholds(bad)
