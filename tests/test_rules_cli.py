"""``osteostats diagnose`` command line."""
from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd
import pytest

from osteostats.cli import main


def run(argv, capsys):
    code = main(["diagnose", *argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_person_json(capsys):
    code, out, err = run(["--sex", "F", "--age", "70", "--menopause", "post", "--t-neck", "-2.7"], capsys)
    assert code == 0, err
    ans = json.loads(out)
    assert ans["category"] == "osteoporosis"
    assert ans["rule"] == "dxa_osteoporosis"
    assert ans["reason"].startswith("osteoporosis: lowest T -2.7 at femoral neck <= -2.5")
    assert list(ans)[:3] == ["category", "rule", "reason"]


def test_person_boundaries_and_flags(capsys):
    ans = json.loads(run(["--sex", "M", "--age", "50", "--t-score", "-1.0"], capsys)[1])
    assert ans["category"] == "normal"
    ans = json.loads(run(["--sex", "M", "--age", "49", "--t-score", "-3.0"], capsys)[1])
    assert ans["category"] == "indeterminate" and "Z-score" in ans["reason"]
    ans = json.loads(run(["--sex", "F", "--age", "70", "--menopause", "post", "--t-neck", "-0.5",
                          "--fragility-fracture"], capsys)[1])
    assert ans["category"] == "osteoporosis" and ans["rule"] == "fragility_fracture"
    ans = json.loads(run(["--sex", "F", "--age", "70", "--menopause", "post", "--qct-vbmd", "80",
                          "--height-loss", "40"], capsys)[1])
    assert ans["category"] == "low_bone_mass" and ans["genant_grade"] == 2
    ans = json.loads(run(["--sex", "F", "--age", "70", "--t-neck", "-2.6", "--menopause-age-proxy", "55"], capsys)[1])
    assert ans["category"] == "osteoporosis" and "age proxy" in ans["reason"]
    ans = json.loads(run(["--sex", "F", "--age", "70", "--menopause", "post", "--t-neck", "-2.45",
                          "--rounding", "dxa_1dp"], capsys)[1])
    assert ans["category"] == "osteoporosis" and ans["rounding"] == "dxa_1dp"


@pytest.mark.parametrize("argv,needle", [
    (["--sex", "X", "--age", "70", "--t-neck", "-2.0"], "--sex"),
    (["--sex", "F", "--age", "70", "--t-neck", "-12"], "--t-neck"),
    (["--sex", "F", "--age", "70", "--qct-vbmd", "450"], "--qct-vbmd"),
    (["--sex", "F", "--age", "70", "--height-loss", "101"], "--height-loss"),
    (["--sex", "F", "--age", "70", "--t-neck", "abc"], "--t-neck"),
    (["--sex", "F", "--age", "70"], "at least one measurement"),
])
def test_person_bad_values(capsys, argv, needle):
    code, out, err = run(argv, capsys)
    assert code == 2 and out == ""
    assert needle in err and "Traceback" not in err


def test_table(tmp_path, capsys):
    cases = tmp_path / "patients.csv"
    pd.DataFrame({"patient_id": ["P1", "P2"], "group": ["OP", "MET"], "age": [70, 60], "sex": ["F", "M"],
                  "bmi": [22.0, 24.0], "t_score_min": [-2.5, -1.0], "trauma": ["minor", "none"]}).to_csv(cases, index=False)
    out = tmp_path / "out" / "dx.csv"
    code, _, err = run(["--cases", str(cases), "--out", str(out), "--pathological-groups", "MET",
                        "--fracture-confirmed-all", "--menopause-age-proxy", "50"], capsys)
    assert code == 0, err
    res = pd.read_csv(out)
    assert res["category"].tolist() == ["severe_osteoporosis", "normal"]
    assert res["patient_id"].tolist() == ["P1", "P2"]
    first = out.read_bytes()
    run(["--cases", str(cases), "--out", str(out), "--pathological-groups", "MET",
         "--fracture-confirmed-all", "--menopause-age-proxy", "50"], capsys)
    assert out.read_bytes() == first  # deterministic


def test_table_bad_values_no_output(tmp_path, capsys):
    cases = tmp_path / "patients.csv"
    cases.write_text("patient_id,sex,age,t_score_min\nP1,F,70,-2.5\nP2,Z,60,-11\nP3,M,60,x\n", encoding="utf-8")
    out = tmp_path / "dx.csv"
    code, stdout, err = run(["--cases", str(cases), "--out", str(out)], capsys)
    assert code == 2
    assert not out.exists()
    assert "row 3, column 'sex': got 'Z'" in err
    assert "row 3, column 't_score_min': got '-11'" in err
    assert "row 4, column 't_score_min': got 'x'" in err
    assert "Traceback" not in err


def test_table_and_person_flags_conflict(tmp_path, capsys):
    code, _, err = run(["--cases", "x.csv", "--out", "y.csv", "--t-neck", "-1"], capsys)
    assert code == 2 and "either" in err
    code, _, err = run(["--cases", str(tmp_path / "missing.csv"), "--out", str(tmp_path / "o.csv")], capsys)
    assert code == 2 and "existing CSV" in err


def test_subprocess_exit_code_and_no_traceback():
    proc = subprocess.run([sys.executable, "-m", "osteostats.cli", "diagnose", "--sex", "F", "--age", "70",
                           "--t-neck", "-10.5"], capture_output=True, text=True)
    assert proc.returncode == 2
    assert "--t-neck" in proc.stderr and "-10.5" in proc.stderr
    assert "Traceback" not in proc.stderr and proc.stdout == ""
