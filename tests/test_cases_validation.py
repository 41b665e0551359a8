"""Malformed case tables: one message listing every problem (file, row, column, value,
expected), exit code 2, and no output written."""
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from osteostats.cases import load_cases
from osteostats.cli import main
from osteostats.errors import InputError


@pytest.fixture
def cases(tmp_path):
    d = tmp_path / "cases"
    shutil.copytree("data/cases", d)
    return d


def edit(path: Path, old: str, new: str):
    s = path.read_text(encoding="utf-8")
    assert old in s, old
    path.write_text(s.replace(old, new, 1), encoding="utf-8")


def problems_of(folder):
    with pytest.raises(InputError) as err:
        load_cases(folder)
    return err.value


def test_bundled_cases_are_valid():
    c = load_cases("data/cases")
    assert len(c.patients) == 81 and len(c.vertebrae) == 141
    assert c.warnings == ()


def test_missing_column(cases):
    edit(cases / "patients.csv", "patient_id,group,age,sex,bmi,t_score_min,trauma",
         "patient_id,group,age,gender,bmi,t_score_min,trauma")
    err = problems_of(cases)
    assert "column 'sex'" in str(err) and "column missing" in str(err)


def test_each_bad_value_is_named(cases):
    p = (cases / "patients.csv").read_text().splitlines()
    fields = p[1].split(",")
    first_id = fields[0]
    # row 2: unknown group; row 3: unknown sex; row 4: age 130; row 5: T-score "abc"
    rows = [l.split(",") for l in p]
    rows[1][1] = "XX"
    rows[2][3] = "U"
    rows[3][2] = "130"
    rows[4][5] = "abc"
    rows[6][0] = rows[5][0]  # duplicate id
    (cases / "patients.csv").write_text("\n".join(",".join(r) for r in rows) + "\n")
    err = problems_of(cases)
    text = str(err)
    assert "row 2, column 'group': got 'XX'" in text
    assert "row 3, column 'sex': got 'U'" in text
    assert "row 4, column 'age'" in text and "130" in text and "between 0 and 120" in text
    assert "row 5, column 't_score_min': got 'abc'" in text
    assert "column 'patient_id'" in text and rows[5][0] in text
    assert len(err.problems) >= 5


def test_height_loss_out_of_range(cases):
    s = (cases / "vertebrae.csv").read_text().splitlines()
    r = s[1].split(","); r[4] = "130.0"; s[1] = ",".join(r)
    (cases / "vertebrae.csv").write_text("\n".join(s) + "\n")
    err = problems_of(cases)
    assert "vertebrae.csv, row 2, column 'height_loss_pct'" in str(err) and "0 and 100" in str(err)


def test_orphans_and_unknown_references(cases):
    s = (cases / "vertebrae.csv").read_text().splitlines()
    r = s[1].split(","); r[1] = "P999"; s[1] = ",".join(r)
    (cases / "vertebrae.csv").write_text("\n".join(s) + "\n")
    with open(cases / "readings.csv", "a") as fh:
        fh.write("NOPE-L1,ct,fracture_line,1\n")
    err = problems_of(cases)
    assert "'P999'" in str(err) and "a patient in patients.csv" in str(err)
    assert "'NOPE-L1'" in str(err) and "a vertebra in vertebrae.csv" in str(err)


def test_empty_group(cases):
    s = (cases / "patients.csv").read_text().splitlines()
    keep = [s[0]] + [l for l in s[1:] if ",MET," not in l]
    (cases / "patients.csv").write_text("\n".join(keep) + "\n")
    err = problems_of(cases)
    assert "group MET (the group is empty)" in str(err)


def test_cli_exit_code_and_no_partial_output(cases, tmp_path, capsys):
    edit(cases / "patients.csv", ",OP,", ",XX,")
    out = tmp_path / "out"
    code = main(["tables", "--cases", str(cases), "--out", str(out)])
    assert code == 2
    assert not out.exists()
    err = capsys.readouterr().err
    assert "patients.csv, row 2, column 'group': got 'XX'" in err
    assert "Traceback" not in err


def test_validate_cli_in_a_subprocess(cases):
    edit(cases / "readings.csv", ",ct,", ",pet,")
    r = subprocess.run([sys.executable, "-m", "osteostats.cli", "validate", "--cases", str(cases)],
                       capture_output=True, text=True)
    assert r.returncode == 2
    assert "column 'modality': got 'pet'" in r.stderr and "Traceback" not in r.stderr
