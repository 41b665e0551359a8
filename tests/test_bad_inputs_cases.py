"""The bad-input corpus, continued: case tables, study specs and configs (the entry points
validate, tables, models, config and run). The published, diagnose, reconstruct, check and
logistic cases are in ``test_bad_inputs.py``.

Each case edits a scratch copy of the bundled inputs and asserts: exit code 2, no traceback,
every expected fragment (file, row/line, column/key, value, fix), no output left behind.
"""
from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest

from osteostats.cli import main

ROOT = Path(__file__).resolve().parents[1]


def _cases(tmp: Path, edit: Callable[[Path], None]) -> Path:
    d = tmp / "cases"
    shutil.copytree(ROOT / "data" / "cases", d)
    edit(d)
    return d


def _replace(name: str, old: str, new: str, count: int = 1) -> Callable[[Path], None]:
    def edit(d: Path) -> None:
        p = d / name
        text = p.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {name}"
        p.write_text(text.replace(old, new, count), encoding="utf-8")
    return edit


def _append(name: str, line: str) -> Callable[[Path], None]:
    def edit(d: Path) -> None:
        with open(d / name, "a", encoding="utf-8") as fh:
            fh.write(line)
    return edit


def _validate(edit: Callable[[Path], None]) -> Callable[[Path], list[str]]:
    return lambda t: ["validate", "--cases", str(_cases(t, edit)), "--out", str(t / "out")]


def _tables(edit: Callable[[Path], None]) -> Callable[[Path], list[str]]:
    return lambda t: ["tables", "--cases", str(_cases(t, edit)), "--out", str(t / "out")]


def _config(text: str, command: str = "config") -> Callable[[Path], list[str]]:
    def build(t: Path) -> list[str]:
        f = t / "my.yaml"
        f.write_text(text, encoding="utf-8")
        if command == "config":
            return ["config", str(f), "--out", str(t / "out")]
        return ["tables", "--config", str(f), "--out", str(t / "out")]
    return build


def _study(edit: Callable[[str], str]) -> Callable[[Path], list[str]]:
    def build(t: Path) -> list[str]:
        s = t / "study.yaml"
        s.write_text(edit((ROOT / "config" / "study.yaml").read_text(encoding="utf-8")), encoding="utf-8")
        c = t / "c.yaml"
        c.write_text(f"study: {s}\n", encoding="utf-8")
        return ["validate", "--config", str(c), "--out", str(t / "out")]
    return build


@dataclass
class Case:
    id: str
    build: Callable[[Path], list[str]]
    expect: tuple[str, ...]


CASES = [
    # ---- case tables ----
    Case("age-out-of-range", _validate(_replace("patients.csv", "P001,OP,77,", "P001,OP,130,")),
         ("patients.csv, row 2, column 'age'", "130", "between 0 and 120")),
    Case("unknown-group", _validate(_replace("patients.csv", "P001,OP,", "P001,OPX,")),
         ("patients.csv, row 2, column 'group'", "'OPX'", "one of OP, MET")),
    Case("sign-not-binary", _validate(_replace("vertebrae.csv", ",0,1,0,0,0,", ",0,2,0,0,0,")),
         ("vertebrae.csv", "column 'posterior_corner_fat'", "0 (absent) or 1 (present)")),
    Case("duplicate-patient-id", _validate(_replace("patients.csv", "P002,", "P001,")),
         ("patients.csv, row 3, column 'patient_id'", "'P001'", "unique")),
    Case("orphan-vertebra", _validate(_append("vertebrae.csv", "P999-L1,P999,L1,wedge,30.0,0,0,0,0,0,normal\n")),
         ("vertebrae.csv, row 143, column 'patient_id'", "'P999'", "the id of a patient")),
    Case("reading-of-unknown-vertebra", _validate(_append("readings.csv", "NOPE-L1,ct,fracture_line,1\n")),
         ("readings.csv, row 1075, column 'vertebra_id'", "'NOPE-L1'", "the id of a vertebra")),
    Case("unknown-finding", _validate(_append("readings.csv", "P001-T12,ct,made_up,1\n")),
         ("readings.csv, row 1075, column 'finding'", "made_up", "a finding declared in the study spec")),
    Case("modality-cannot-assess", _validate(_append("readings.csv", "P001-T12,xray,bone_marrow_oedema,0\n")),
         ("readings.csv, row 1075, column 'modality'", "'xray'", "a modality that can assess bone_marrow_oedema")),
    Case("detected-not-01", _validate(_replace("readings.csv", ",fracture_line,1\n", ",fracture_line,2\n")),
         ("readings.csv", "column 'detected'", "0 (not detected) or 1 (detected)")),
    Case("missing-table", _validate(lambda d: (d / "readings.csv").unlink()),
         ("readings.csv", "missing file", "a CSV (or Parquet) file")),
    Case("missing-column", _validate(_replace("patients.csv", "patient_id,group,age,", "patient_id,group,years,")),
         ("patients.csv", "column 'age'", "column missing")),
    Case("tables-rejects-bad-cases", _tables(_replace("patients.csv", "P001,OP,77,", "P001,OP,abc,")),
         ("patients.csv, row 2, column 'age'", "'abc'")),
    # ---- config ----
    Case("config-unknown-key", _config("case_dir: data/cases\n"),
         ("my.yaml, line 1, key 'case_dir'", "did you mean 'cases_dir'")),
    Case("config-bad-choice", _config("tests:\n  t_test: welsh\n"),
         ("my.yaml, line 2, key 'tests.t_test'", "'welsh'", "one of student, welch")),
    Case("config-yaml-error", _config("tests: {t_test: welch\n"),
         ("my.yaml, line 2", "valid YAML")),
    Case("config-wrong-type", _config("models:\n  K: ten\n", command="tables"),
         ("my.yaml, line 2, key 'models.K'", "'ten'", "integer")),
    Case("config-missing-study", _config("study: nowhere/study.yaml\n", command="tables"),
         ("nowhere/study.yaml", "missing file")),
    # ---- study spec ----
    Case("study-unknown-key", _study(lambda s: s.replace("  positive: MET", "  postive: MET")),
         ("study.yaml, line", "key 'groups.postive'", "did you mean 'positive'")),
    Case("study-undeclared-layout-row", _study(lambda s: s.replace("disc_normal, disc_compressed, disc_widened]",
                                                                   "disc_normal, disc_compressed, disc_wide]")),
         ("key 'layout.table2.rows.11'", "'disc_wide'", "a variable declared under variables")),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input(case: Case, tmp_path: Path, capsys):
    argv = case.build(tmp_path)
    code = main(argv)
    err = capsys.readouterr().err
    assert code == 2, err
    assert "Traceback" not in err
    for fragment in case.expect:
        assert fragment in err, (fragment, err)
    assert not (tmp_path / "out").exists()
