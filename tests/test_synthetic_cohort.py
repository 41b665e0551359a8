"""The benchmark's synthetic cohorts are valid case tables with the documented shape.

A 1,000-patient cohort (benchmarks/synthetic_cohort.py) must pass ``osteostats validate``
(exit 0, no problem listed), and have the shape bench_scale.py promises: about 1.7 vertebrae
and 22 readings per patient, both groups, missing values where the schema allows them, and
"any modality" readings that agree with the vertebra signs they stand for.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from synthetic_cohort import LINKED, synthetic_cohort, write_cohort  # noqa: E402


def test_1000_patient_cohort_passes_validate(tmp_path):
    cases = write_cohort(1000, tmp_path / "cases", seed=7)
    exe = Path(sys.executable).parent / "osteostats"
    r = subprocess.run([str(exe), "validate", "--cases", str(cases)], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "1000 patients" in r.stdout + r.stderr


def test_cohort_shape_and_determinism(tmp_path):
    t = synthetic_cohort(1000, seed=7)
    pat, vert, rd = (t[k].to_pandas() for k in ("patients", "vertebrae", "readings"))
    assert len(pat) == 1000 and pat["patient_id"].is_unique and vert["vertebra_id"].is_unique
    # 1.7 expected vertebrae per patient; SD of the count is 0.84, so the mean of 1000 lies
    # within 1.7 +- 0.1 (about 3.8 standard errors).
    assert abs(len(vert) / len(pat) - 1.7) < 0.1
    assert len(rd) == 13 * len(vert)  # five findings; oedema read by MRI only
    assert set(pat["group"]) == {"OP", "MET"} and 0.55 < (pat["group"] == "OP").mean() < 0.69
    assert not vert.duplicated(["patient_id", "level"]).any()
    for col in ("age", "bmi", "t_score_min", "trauma"):
        assert pat[col].isna().any(), col
    assert pat["t_score_min"].isna().mean() > 0.04
    # Linked findings: detected by any modality exactly when the vertebra has the sign.
    anyv = rd.groupby(["vertebra_id", "finding"])["detected"].max().unstack()
    v = vert.set_index("vertebra_id")
    for finding, sign in LINKED.items():
        assert (anyv[finding] == v.loc[anyv.index, sign]).all(), finding
    # Deterministic: the same seed gives the same files byte for byte.
    a = write_cohort(200, tmp_path / "a", seed=3)
    b = write_cohort(200, tmp_path / "b", seed=3)
    for name in ("patients.csv", "vertebrae.csv", "readings.csv"):
        assert (a / name).read_bytes() == (b / name).read_bytes()
    assert pd.read_csv(a / "patients.csv").shape == (200, 7)
