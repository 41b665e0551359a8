"""One study spec drives every stage; the config reaches every stage; facts are declared once.

The workflow tests run Snakemake in a scratch copy of the repository (marked slow: each is a
whole workflow run, about a minute on 2 cores with the reduced model settings used here).
"""
from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from osteostats.cases import load_cases
from osteostats.config import load_config, resolve
from osteostats.errors import InputError
from osteostats.study import load_study, study_from_mapping
from workflow_copy import assert_ok as _ok
from workflow_copy import copy_workflow as _copy_repo
from workflow_copy import snakemake as _snakemake

ROOT = Path(__file__).resolve().parents[1]
#: Model settings that keep a workflow run short (the statistics are tested elsewhere).
QUICK_MODELS = {"bootstrap_replicates": 10, "one_per_patient_draws": 2, "K": 2}


def _write_yaml(path: Path, doc: dict) -> Path:
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


# --- the spec itself -------------------------------------------------------------------------

def test_bundled_spec_declares_the_paper_layout():
    spec = load_study()
    assert spec.group_codes == ("OP", "MET") and spec.positive == "MET" and spec.pathological_groups == ("MET",)
    assert [r.variable for r in spec.table_rows("2")][:3] == ["shape_wedge", "shape_biconcave", "shape_flat"]
    assert spec.variables["posterior_element_involvement"].comparison("2") == "t2_posterior_element"
    assert spec.findings["bone_marrow_oedema"].modalities == ("mri",)
    assert spec.label("osteoporosis", "zh").startswith("骨质疏松")


def test_spec_errors_name_key_line_and_nearest_key(tmp_path):
    text = (ROOT / "config" / "study.yaml").read_text(encoding="utf-8")
    text = text.replace("  reference: OP", "  referense: OP", 1).replace("    sign: paravertebral_mass",
                                                                          "    sign: paravertebral_masss", 1)
    bad = tmp_path / "study.yaml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as e:
        load_study(bad)
    msg = str(e.value)
    assert "referense" in msg and "did you mean 'reference'" in msg and re.search(r"line \d+", msg)


def test_spec_cross_references_are_checked():
    doc = yaml.safe_load((ROOT / "config" / "study.yaml").read_text(encoding="utf-8"))
    doc["layout"]["table2"]["rows"].append("pedicle_involvement")
    doc["findings"]["fracture_line"]["modalities"].append("pet")
    doc["models"]["multivariable_signs"].append("age")
    with pytest.raises(InputError) as e:
        study_from_mapping(doc, "study.yaml")
    msg = str(e.value)
    assert "pedicle_involvement" in msg and "'pet'" in msg and "'age'" in msg and "3 problem(s)" in msg


def test_case_schema_comes_from_the_spec(tmp_path):
    """Empty sex is allowed (the spec says the column may be empty); an unknown finding is not."""
    cases = tmp_path / "cases"
    shutil.copytree(ROOT / "data" / "cases", cases)
    p = pd.read_csv(cases / "patients.csv", dtype=str, keep_default_na=False)
    p.loc[0, "sex"] = ""
    p.to_csv(cases / "patients.csv", index=False)
    assert load_cases(cases).patients["sex"].isna().sum() == 1
    with open(cases / "readings.csv", "a", encoding="utf-8") as fh:
        fh.write("P001-T12,xray,bone_marrow_oedema,0\nP001-T12,ct,made_up_finding,1\n")
    with pytest.raises(InputError) as e:
        load_cases(cases)
    msg = str(e.value)
    assert "made_up_finding" in msg and "a modality that can assess bone_marrow_oedema" in msg


# --- the config ------------------------------------------------------------------------------

def test_config_defaults_live_in_the_schema_and_unknown_keys_fail():
    cfg = resolve({})
    assert cfg["tests"]["t_test"] == "student" and cfg["models"]["K"] == 10 and cfg["published_dir"] == "data/published"
    with pytest.raises(InputError) as e:
        resolve({"case_dir": "x", "models": {"bootstrap": 3}})
    msg = str(e.value)
    assert "did you mean 'cases_dir'" in msg and "'bootstrap'" in msg and "bootstrap_replicates" in msg


def test_config_file_errors_name_the_line(tmp_path):
    f = _write_yaml(tmp_path / "c.yaml", {"cases_dir": "data/cases", "tests": {"t_test": "welsh"}})
    with pytest.raises(InputError) as e:
        load_config(f)
    assert "line 3" in str(e.value) and "'welsh'" in str(e.value)


def test_unknown_top_level_key_fails_the_workflow(tmp_path):
    wd = _copy_repo(tmp_path)
    bad = _write_yaml(tmp_path / "bad.yaml", {"case_dir": "data/cases"})
    r = _snakemake(wd, "--configfile", str(bad), "-n")
    assert r.returncode != 0
    assert "case_dir" in r.stderr and "did you mean 'cases_dir'" in r.stderr
    assert not (wd / "reports").exists()


# --- facts declared once ---------------------------------------------------------------------

def test_no_sign_or_finding_name_in_the_package():
    spec = load_study()
    names = [n for n, v in spec.variables.items() if v.per == "vertebra"] + list(spec.findings)
    hits = []
    for py in (ROOT / "osteostats").rglob("*.py"):
        text = py.read_text(encoding="utf-8")
        hits += [f"{py.relative_to(ROOT)}: {n}" for n in names if n in text]
    assert not hits, hits


# --- the workflow on own material ------------------------------------------------------------

def _extended_study(tmp: Path) -> Path:
    doc = yaml.safe_load((ROOT / "config" / "study.yaml").read_text(encoding="utf-8"))
    doc["tables"]["vertebrae"]["pedicle_involvement"] = {"type": "binary", "meaning": "pedicle involvement"}
    doc["variables"]["pedicle_involvement"] = {"per": "vertebra", "type": "binary", "column": "pedicle_involvement",
                                               "label": {"en": "Pedicle involvement", "zh": "椎弓根受累"}}
    doc["layout"]["table2"]["rows"].append("pedicle_involvement")
    doc["findings"]["t2_hyperintensity"] = {"modalities": ["mri"],
                                            "label": {"en": "T2 hyperintensity", "zh": "T2高信号"}}
    doc["layout"]["table3"]["findings"].append("t2_hyperintensity")
    return _write_yaml(tmp / "config" / "study_extended.yaml", doc)


@pytest.mark.slow
def test_extra_sign_and_finding_reach_every_stage_without_code(tmp_path):
    wd = _copy_repo(tmp_path)
    study = _extended_study(wd)
    cases = wd / "own_cases"
    shutil.copytree(wd / "data" / "cases", cases)
    rng = np.random.default_rng(7)
    v = pd.read_csv(cases / "vertebrae.csv", dtype=str, keep_default_na=False)
    p = pd.read_csv(cases / "patients.csv", dtype=str, keep_default_na=False)
    met = v.patient_id.map(dict(zip(p.patient_id, p.group))).eq("MET").to_numpy()
    v["pedicle_involvement"] = (rng.random(len(v)) < np.where(met, 0.6, 0.2)).astype(int)
    v.to_csv(cases / "vertebrae.csv", index=False, lineterminator="\n")
    extra = pd.DataFrame({"vertebra_id": v.vertebra_id, "modality": "mri", "finding": "t2_hyperintensity",
                          "detected": (rng.random(len(v)) < np.where(met, 0.8, 0.5)).astype(int)})
    extra.to_csv(cases / "readings.csv", mode="a", header=False, index=False, lineterminator="\n")
    cfg = _write_yaml(wd / "own.yaml", {"cases_dir": "own_cases", "published_dir": "none", "study": str(study.relative_to(wd)),
                                        "models": {**QUICK_MODELS, "data_are_reconstructed": False}})
    _ok(_snakemake(wd, "--configfile", str(cfg)), wd)
    t2 = pd.read_csv(wd / "reports" / "tables" / "table2.csv")
    row = t2[t2.comparison == "t2_pedicle_involvement"]
    assert set(row.quantity) >= {"count", "percent", "statistic", "p"}
    k = int(row[(row.arm == "MET") & (row.quantity == "count")].value.iloc[0])
    assert k == int(v.pedicle_involvement[met].sum())
    tests = pd.read_csv(wd / "reports" / "tables" / "tests.csv")
    assert (tests.comparison == "t2_pedicle_involvement").sum() == 2  # as printed (Pearson) and the rule's choice
    uni = pd.read_csv(wd / "reports" / "models" / "univariable.csv")
    assert (uni.term == "pedicle_involvement").any()
    t3 = pd.read_csv(wd / "reports" / "tables" / "table3.csv")
    assert set(t3[t3.measure == "t2_hyperintensity"].stratum) == {"OP", "MET"}
    html = (wd / "reports" / "report.html").read_text(encoding="utf-8")
    assert "Pedicle involvement" in html and "T2 hyperintensity" in html


@pytest.mark.slow
def test_configfile_reaches_tables_comparison_and_report(tmp_path):
    wd = _copy_repo(tmp_path)
    cfg = _write_yaml(tmp_path / "X.yaml", {"tests": {"t_test": "welch", "chi2_yates": True}, "models": QUICK_MODELS})
    _ok(_snakemake(wd, "--configfile", str(cfg)), wd)
    tests = pd.read_csv(wd / "reports" / "tables" / "tests.csv")
    t_methods = set(tests[tests.comparison == "t1_age"].method)
    assert any("Welch" in m for m in t_methods) and not any("pooled" in m for m in t_methods)
    chi = tests[(tests.comparison == "t1_sex_male") & (tests.role == "as_printed")].iloc[0]
    assert "Yates" in chi.method
    from scipy.stats import chi2_contingency
    # tests.csv writes 10 significant digits (%.10g), hence rel=1e-9
    assert chi.statistic == pytest.approx(chi2_contingency([[6, 44], [22, 9]], correction=True)[0], rel=1e-9)
    cmp = pd.read_csv(wd / "reports" / "tables" / "comparison.csv", dtype=str, keep_default_na=False)
    sex = cmp[(cmp.comparison == "t1_sex_male") & (cmp.quantity == "statistic")].iloc[0]
    assert sex.printed == "29.418" and sex.verdict == "differs"  # the paper printed Pearson without Yates
    html = (wd / "reports" / "report.html").read_text(encoding="utf-8")
    assert "Welch (unequal variances) two-sample t-test" in html and "with Yates&#39; correction" in html
    resolved = yaml.safe_load((wd / "reports" / "config" / "config.yaml").read_text(encoding="utf-8"))
    assert resolved["tests"]["t_test"] == "welch"


@pytest.mark.slow
def test_own_cohort_without_published_runs_every_stage(tmp_path):
    wd = _copy_repo(tmp_path)
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from synthetic_cohort import write_cohort
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    write_cohort(420, wd / "cohort", seed=3)
    cfg = _write_yaml(tmp_path / "own.yaml", {"cases_dir": "cohort", "published_dir": "none",
                                              "models": {**QUICK_MODELS, "data_are_reconstructed": False}})
    _ok(_snakemake(wd, "--configfile", str(cfg)), wd)
    rep = wd / "reports"
    for f in ("tables/table1.csv", "tables/table2.csv", "tables/table3.csv", "tables/tests.csv",
              "diagnosis/patients.csv", "models/univariable.csv", "report.html", "report.pdf"):
        assert (rep / f).exists(), f
    assert not (rep / "tables" / "comparison.csv").exists() and not (rep / "check").exists()
    assert not (rep / "models" / "sensitivity.csv").exists()
    t1 = pd.read_csv(rep / "tables" / "table1.csv")
    assert int(t1[(t1.comparison == "t1_header")].value.sum()) == 420
    html = (rep / "report.html").read_text(encoding="utf-8").lower()
    assert "reconstruction" not in html and "reconstructed" not in html
    assert "n = 50 patients" not in html


@pytest.mark.parametrize("path", ["config/study.yaml", "config/config.yaml", "data/published/paper.yaml"])
def test_yaml_reader_gives_the_pure_python_documents_and_lines(path):
    """read_yaml uses libyaml when available; documents and key -> line maps must be those of
    PyYAML's pure-Python parser (the reference its error messages are worded by)."""
    import yaml

    from osteostats.yamldoc import _lines, read_yaml

    doc, lines = read_yaml(path, "test")
    text = open(path, encoding="utf-8-sig").read()
    assert doc == yaml.safe_load(text)
    assert lines == _lines(yaml.compose(text))
    assert len(lines) > 10
