"""`osteostats check` from the command line: outputs, errors, no partial output."""
import os
import shutil
from pathlib import Path

import pandas as pd
import pytest

from osteostats.check.rows import COLUMNS
from osteostats.cli import main


def test_cli_writes_checks_and_summary(tmp_path, capsys):
    out = tmp_path / "check"
    assert main(["check", "data/published", "--out", str(out)]) == 0
    df = pd.read_csv(out / "checks.csv", dtype=str, keep_default_na=False)
    assert tuple(df.columns) == COLUMNS and len(df) > 100
    summary = (out / "summary.md").read_text()
    assert "## Counts by verdict" in summary and "### inconsistent" in summary
    assert "Age, years" in summary
    first = (out / "checks.csv").read_bytes()
    assert main(["check", "data/published", "--out", str(out)]) == 0
    assert (out / "checks.csv").read_bytes() == first            # byte-identical rerun
    assert not list(out.glob(".*"))                               # no temp files left


def test_fail_on(tmp_path):
    assert main(["check", "data/published", "--out", str(tmp_path / "a"), "--fail-on", "inconsistent"]) == 1
    assert main(["check", "data/published", "--out", str(tmp_path / "b"), "--fail-on", "decision"]) == 0
    assert main(["check", "tests/data/planted_trial", "--out", str(tmp_path / "c"), "--fail-on", "decision"]) == 1


def _copy(tmp_path):
    dst = tmp_path / "pub"
    shutil.copytree("data/published", dst)
    return dst


def _edit(path: Path, old: str, new: str):
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


@pytest.mark.parametrize("file,old,new,needles", [
    ("values.csv", "1,t1_age,OP,mean,69.58,50,", "1,t1_age,OP,mean,69.58,,",
     ["values.csv", "row 4", "'n'", "table 1", "t1_age"]),                                # missing n
    ("values.csv", "2,t2_shape_wedge,OP,count,38,98,table,\n", "",
     ["values.csv", "'quantity'", "'percent'", "table 2", "t2_shape_wedge"]),              # percent without count
    ("values.csv", "2,t2_shape_flat,,p,0.071,", "2,t2_shape_flat,,p,0.0.5,",
     ["values.csv", "'printed'", "'0.0.5'", "table 2", "t2_shape_flat"]),                  # unparseable P
    ("comparisons.csv", "OP;MET,,chi2,,sex_male", "OP;MET,,chisq,,sex_male",
     ["comparisons.csv", "row 4", "'statistic_name'", "'chisq'", "table 1", "t1_sex_male"]),  # unknown statistic
    ("values.csv", "1,t1_sex_male,OP,count,6,50,", "1,t1_sex_male,OP,count,60,50,",
     ["values.csv", "row 14", "'printed'", "'60'", "table 1", "t1_sex_male", "n=50"]),     # count > n (check's own)
    ("values.csv", "1,t1_sex_male,OP,count,6,50,", "1,t1_sex_male,OP,count,6.5,50,",
     ["values.csv", "'printed'", "'6.5'", "whole", "table 1"]),                            # non-integer count
])
def test_malformed_folder_exit_2_no_traceback_no_output(tmp_path, capsys, file, old, new, needles):
    pub = _copy(tmp_path)
    _edit(pub / file, old, new)
    out = tmp_path / "out"
    assert main(["check", str(pub), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    for needle in needles:
        assert needle in err, (needle, err)
    assert not out.exists()


def test_missing_folder(tmp_path, capsys):
    assert main(["check", str(tmp_path / "nope"), "--out", str(tmp_path / "o")]) == 2
    assert "not found" in capsys.readouterr().err


def test_a_folder_among_table_files_or_a_special_file_is_a_clear_error(tmp_path, capsys):
    """Each path that is neither a table file nor the one published folder is named, with what
    it is; no traceback (a named pipe used to end in StopIteration)."""
    table = tmp_path / "t.csv"
    table.write_text("a,b\n1,2\n")
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    cases = [([str(table), str(tmp_path)], f"{tmp_path} is a folder"),
             ([str(fifo)], f"{fifo} is neither a folder nor a regular file")]
    for paths, needle in cases:
        assert main(["check", *paths, "--out", str(tmp_path / "o")]) == 2
        err = capsys.readouterr().err
        assert needle in err and "Traceback" not in err, err
    assert not (tmp_path / "o").exists()


def test_skipped_rows_are_listed(tmp_path):
    pub = _copy(tmp_path)
    _edit(pub / "values.csv", "1,t1_bmi,MET,sd,2.67,31,", "1,t1_bmi,MET,sd,–,31,")
    out = tmp_path / "out"
    assert main(["check", str(pub), "--out", str(out)]) == 0
    df = pd.read_csv(out / "checks.csv", dtype=str, keep_default_na=False)
    sk = df[df.verdict == "skipped"]
    assert ((sk.check == "statistic") & (sk["item"] == "t1_bmi")).any()
    assert ((sk.check == "p_vs_recomputed") & (sk["item"] == "t1_bmi")).any()
    assert "no SD printed for arm MET" in sk.note.iloc[0]
