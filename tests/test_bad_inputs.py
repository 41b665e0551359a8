"""A table-driven corpus of bad inputs for the entry points diagnose, reconstruct, check,
logistic, report, models (seed) and the published loader.

Each case builds its inputs in a scratch folder, runs ``osteostats`` in-process and asserts:
exit code 2, no traceback, every expected message fragment (file, row/line, column/key,
value, fix), and no output file or folder left behind.
"""
from __future__ import annotations

import pathlib
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pandas as pd
import pytest

from osteostats.cli import main

ROOT = Path(__file__).resolve().parents[1]
PUBLISHED = ROOT / "data" / "published"


# --------------------------------------------------------------------------------------------
# builders


def published_copy(tmp: Path, *, paper: Callable[[str], str] | None = None, paper_bytes: bytes | None = None,
                   values: Callable[[str], str] | None = None, values_bytes: bytes | None = None,
                   remove: tuple[str, ...] = ()) -> Path:
    """A copy of the bundled published folder with edits."""
    d = tmp / "pub"
    shutil.copytree(PUBLISHED, d)
    if paper is not None:
        text = (d / "paper.yaml").read_text(encoding="utf-8")
        new = paper(text)
        assert new != text, "the edit did not apply"
        (d / "paper.yaml").write_text(new, encoding="utf-8")
    if paper_bytes is not None:
        (d / "paper.yaml").write_bytes(paper_bytes)
    if values is not None:
        text = (d / "values.csv").read_text(encoding="utf-8")
        new = values(text)
        assert new != text, "the edit did not apply"
        (d / "values.csv").write_text(new, encoding="utf-8")
    if values_bytes is not None:
        (d / "values.csv").write_bytes(values_bytes)
    for name in remove:
        (d / name).unlink()
    return d


def sub(old: str, new: str) -> Callable[[str], str]:
    return lambda text: text.replace(old, new)


def write(tmp: Path, name: str, text: str | bytes) -> Path:
    p = tmp / name
    if isinstance(text, bytes):
        p.write_bytes(text)
    else:
        p.write_text(text, encoding="utf-8")
    return p


LOGISTIC_OK = "y,a,b\n0,1,2\n1,2,3\n0,3,1\n1,4,5\n0,2,2\n1,5,4\n1,3,3\n0,1,1\n"
CASES_OK = "patient_id,group,sex,age,t_score_min,trauma\nP1,OP,F,70,-2.7,minor\nP2,MET,M,60,-1.0,none\n"


@dataclass
class Case:
    id: str
    build: Callable[[Path], list[str]]  # returns argv (without "osteostats")
    expect: tuple[str, ...]
    outputs: tuple[str, ...] = ("out",)  # relative to tmp: must not exist afterwards
    setup: Callable[[pytest.MonkeyPatch], None] | None = field(default=None)


def _check(tmp: Path, pub: Path, *extra: str) -> list[str]:
    return ["check", str(pub), "--out", str(tmp / "out"), *extra]


def _reconstruct(tmp: Path, pub: Path | str = PUBLISHED, *extra: str) -> list[str]:
    return ["reconstruct", "--published", str(pub), "--out", str(tmp / "out"), *extra]


def _diag_table(tmp: Path, text: str | bytes, *extra: str, out: str | None = None) -> list[str]:
    cases = write(tmp, "cases.csv", text)
    return ["diagnose", "--cases", str(cases), "--out", out or str(tmp / "out" / "dx.csv"), *extra]


def _logistic(tmp: Path, text: str | bytes, *extra: str, predictors: str = "a,b") -> list[str]:
    data = write(tmp, "data.csv", text)
    return ["logistic", "--data", str(data), "--outcome", "y", "--predictors", predictors,
            "--out", str(tmp / "out"), *extra]


def _deny_read(mp: pytest.MonkeyPatch) -> None:
    real = pathlib.Path.read_bytes

    def read_bytes(self):
        if self.name == "cases.csv":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    mp.setattr(pathlib.Path, "read_bytes", read_bytes)


PERSON = ["diagnose", "--sex", "F", "--age", "70", "--menopause", "post"]

CASES: list[Case] = [
    # ---- published loader: paper.yaml (via check and reconstruct) ----
    Case("paper-links-as-text", lambda t: _check(t, published_copy(t, paper=sub("links:\n", "links: see the tables\nold_links:\n"))),
         ("paper.yaml, line 28, key 'links'", "'see the tables'", "a list of links", "Fix: links:")),
    Case("paper-alpha-words", lambda t: _check(t, published_copy(t, paper=sub("alpha: 0.05", "alpha: five percent"))),
         ("paper.yaml, line 11, key 'alpha'", "'five percent'", "between 0 and 1", "Fix: alpha: 0.05")),
    Case("paper-alpha-out-of-range", lambda t: _check(t, published_copy(t, paper=sub("alpha: 0.05", "alpha: 5"))),
         ("key 'alpha'", "got 5;", "between 0 and 1")),
    Case("paper-groups-list", lambda t: _check(t, published_copy(t, paper=sub("groups:\n  OP:", "groups: [OP, MET]\nold:\n  OP:"))),
         ("line 18, key 'groups'", "['OP', 'MET']", "a mapping of group name", "Fix: groups: {OP:")),
    Case("paper-group-size-text", lambda t: _check(t, published_copy(t, paper=sub("patients: 31", "patients: thirty-one"))),
         ("key 'groups.MET.patients'", "'thirty-one'", "a group size (a whole number >= 1)")),
    Case("paper-link-without-b", lambda t: _check(t, published_copy(t, paper=sub(
        '    b: {table: "2", comparison: t2_posterior_element, arm: OP}\n', ""))),
         ("key 'links[0].b'", "'(missing)'", "comparison: <id>")),
    Case("paper-latin1", lambda t: _check(t, published_copy(t, paper_bytes=PUBLISHED.joinpath("paper.yaml").read_text(
        encoding="utf-8").replace("Sep 2022", "Sep 2022 café").encode("latin-1", errors="replace"))),
         ("paper.yaml, line 9", "byte 0xe9", "a UTF-8 text file", "iconv -f WINDOWS-1252 -t UTF-8")),
    Case("paper-yaml-syntax", lambda t: _check(t, published_copy(t, paper=sub("alpha: 0.05", "alpha: [0.05"))),
         ("paper.yaml, line 12", "opened at line 11", "valid YAML")),
    Case("paper-not-a-mapping", lambda t: _check(t, published_copy(t, paper=lambda s: "- a\n- b\n")),
         ("paper.yaml, line 1", "['a', 'b']", "a YAML mapping")),
    Case("paper-duplicate-key", lambda t: _check(t, published_copy(t, paper=sub("alpha: 0.05\n", "alpha: 0.05\nalpha: 0.01\n"))),
         ("paper.yaml, line 12, key 'alpha'", "also on line 11", "silently keep the last")),
    Case("paper-missing", lambda t: _check(t, published_copy(t, remove=("paper.yaml",))),
         ("paper.yaml", "'missing file'", "with id, title, groups")),
    Case("paper-several-problems-at-once", lambda t: _check(t, published_copy(
        t, paper=lambda s: s.replace("alpha: 0.05", "alpha: five percent").replace("links:\n", "links: none\nold:\n"),
        values=sub("1,t1_age,OP,mean,69.58,50", "1,t1_age,OP,mean,69.5.8,50"))),
         ("3 problem(s)", "key 'alpha'", "key 'links'", "values.csv, row 4, column 'printed': got '69.5.8'")),
    # ---- published loader: values.csv ----
    Case("values-sign-class-letter", lambda t: _check(t, published_copy(t, values=sub(",statistic,29.418,", ",statistic,<a0.001,"))),
         ("values.csv, row 18, column 'printed'", "'<a0.001'", "a number as printed")),
    Case("values-latin1", lambda t: _check(t, published_copy(t, values_bytes=PUBLISHED.joinpath("values.csv").read_text(
        encoding="utf-8").replace("table,\n", "tablé,\n", 1).encode("latin-1", errors="replace"))),
         ("values.csv, line", "byte 0xe9", "iconv")),
    Case("values-row-with-extra-fields", lambda t: _reconstruct(t, published_copy(
        t, values=sub("1,t1_header,OP,n,50,,table,\n", "1,t1_header,OP,n,50,,table,,x,y\n"))),
         ("values.csv, row 2: got '10 fields'", "at most 8 fields, as in the header", "quote fields")),
    Case("values-missing-column", lambda t: _check(t, published_copy(t, values=lambda s: s.replace("printed", "value", 1))),
         ("values.csv, column 'printed'", "'column missing'")),
    # ---- reconstruct ----
    Case("reconstruct-count-above-denominator", lambda t: _reconstruct(t, published_copy(
        t, values=sub("1,t1_sex_male,MET,count,22,31", "1,t1_sex_male,MET,count,33,31"))),
         ("values.csv, row 16, column 'printed'", "'33'", "no larger than its denominator n=31", "cannot reconstruct")),
    Case("reconstruct-denominator-not-group-size", lambda t: _reconstruct(t, published_copy(
        t, values=sub("1,t1_sex_male,MET,count,22,31", "1,t1_sex_male,MET,count,22,35"))),
         ("values.csv, row 16, column 'n'", "got 35", "size of group MET in paper.yaml (31 patients)")),
    Case("reconstruct-percent-not-count", lambda t: _reconstruct(t, published_copy(
        t, values=sub("1,t1_sex_male,MET,percent,70.96,31", "1,t1_sex_male,MET,percent,80.65,31"))),
         ("values.csv, row 17, column 'printed'", "'80.65'", "100*22/31")),
    Case("reconstruct-negative-seed", lambda t: _reconstruct(t, PUBLISHED, "--seed", "-1"),
         ("argument --seed", "invalid seed '-1'", "0 to 4294967295")),
    Case("reconstruct-seed-too-large", lambda t: _reconstruct(t, PUBLISHED, "--seed", str(2**32)),
         ("argument --seed", f"invalid seed '{2**32}'",)),
    Case("reconstruct-seed-text", lambda t: _reconstruct(t, PUBLISHED, "--seed", "abc"),
         ("invalid seed 'abc'",)),
    Case("reconstruct-out-is-file", lambda t: ["reconstruct", "--out", str(write(t, "out", "x"))],
         ("column '--out'", "a folder (this path is an existing file)"), outputs=("out/patients.csv",)),
    Case("reconstruct-out-under-file", lambda t: ["reconstruct", "--out", str(write(t, "blocker", "x") / "cases")],
         ("column '--out'", "blocker is an existing file"), outputs=("blocker/cases",)),
    Case("reconstruct-published-missing", lambda t: _reconstruct(t, t / "nowhere"),
         ("published-values folder not found", "nowhere")),
    Case("models-negative-seed", lambda t: ["models", "--reconstruct-seed", "-3", "--out", str(t / "out")],
         ("argument --reconstruct-seed", "invalid seed '-3'")),
    # ---- diagnose: table ----
    Case("diagnose-unknown-pathological-group", lambda t: _diag_table(t, CASES_OK, "--pathological-groups", "met"),
         ("cases.csv, column '--pathological-groups'", "got 'met'", "column 'group': MET, OP")),
    Case("diagnose-pathological-group-column-missing", lambda t: _diag_table(
        t, "patient_id,sex,age,t_score_min\nP1,F,70,-2.7\n", "--pathological-groups", "MET"),
         ("column 'group'", "(missing column)", "--pathological-groups")),
    Case("diagnose-permission-denied", lambda t: _diag_table(t, CASES_OK), ("cases.csv", "'permission denied'", "chmod"),
         setup=_deny_read),
    Case("diagnose-latin1-table", lambda t: _diag_table(t, "patient_id,sex,age,t_neck,note\nP1,F,70,-2.7,Müller\n".encode("latin-1")),
         ("cases.csv, line 2", "byte 0xfc", "iconv")),
    Case("diagnose-cases-is-folder", lambda t: ["diagnose", "--cases", str(t), "--out", str(t / "out" / "dx.csv")],
         ("column '--cases'", "this is a folder")),
    Case("diagnose-out-is-folder", lambda t: _diag_table(t, CASES_OK, out=str((t / "outdir").resolve()) if (t / "outdir").mkdir() is None else ""),
         ("column '--out'", "a file (this path is an existing folder)"), outputs=("outdir/dx.csv",)),
    Case("diagnose-out-under-file", lambda t: _diag_table(t, CASES_OK, out=str(write(t, "blocker", "x") / "dx.csv")),
         ("column '--out'", "blocker is an existing file")),
    Case("diagnose-site-less-t-lower-than-sites", lambda t: _diag_table(
        t, "patient_id,sex,age,menopause,t_score_min,t_neck,t_hip\nP1,F,70,post,-1.2,-1.0,-1.1\nP2,F,72,post,-3.0,-1.0,-2.0\n"),
         ("cases.csv, row 3, column 't_score_min'", "got '-3.0'", "per-site values would be used")),
    Case("diagnose-fragility-in-pathological-group", lambda t: _diag_table(
        t, "patient_id,group,sex,age,t_neck,fragility_fracture\nP1,OP,F,70,-2.7,yes\nP2,MET,M,60,-1.0,yes\n",
        "--pathological-groups", "MET"),
         ("cases.csv, row 3, column 'fragility_fracture'", "group MET is in --pathological-groups")),
    Case("diagnose-semicolon-decimal-comma-bad-value", lambda t: _diag_table(
        t, "patient_id;sex;age;t_neck\nP1;F;70;-2,7\nP2;F;65;-12,5\n"),
         ("semicolon-separated with decimal comma", "cases.csv, row 3, column 't_neck'", "got '-12.5'", "between -10 and 10")),
    Case("diagnose-empty-file", lambda t: _diag_table(t, ""), ("cases.csv", "'empty file'")),
    Case("diagnose-duplicate-header-after-strip", lambda t: _diag_table(t, "patient_id,sex, sex,age\nP1,F,F,70\n"),
         ("cases.csv, row 1, column 'sex'", "unique column names")),
    # ---- diagnose: one person ----
    Case("diagnose-t-score-with-site", lambda t: PERSON + ["--t-score", "-3.0", "--t-neck", "-2.0"],
         ("column '--t-score'", "got '-3.0'", "not both"), outputs=()),
    Case("diagnose-fragility-and-pathological", lambda t: PERSON + ["--t-neck", "-2.0", "--fragility-fracture", "--pathological"],
         ("column '--fragility-fracture'", "--pathological yes", "not a fragility fracture"), outputs=()),
    Case("diagnose-option-like-value", lambda t: PERSON + ["--t-neck", "-2,7"],
         ("argument --t-neck: expected one argument", "got '-2,7'", "--t-neck=-2,7"), outputs=()),
    Case("diagnose-bad-rounding", lambda t: PERSON + ["--t-neck", "-2.7", "--rounding", "nearest"],
         ("argument --rounding", "'nearest'"), outputs=()),
    # ---- logistic ----
    Case("logistic-empty-predictor", lambda t: _logistic(t, "y,a,b\n0,1,\n1,2,\n0,3,\n1,4,\n0,2,\n1,5,\n"),
         ("data.csv, column 'b'", "empty in all 6 rows", "leave it out of --predictors")),
    Case("logistic-mostly-empty-predictor", lambda t: _logistic(t, "y,a,b\n0,1,\n1,2,\n0,3,1\n1,4,\n0,2,\n1,5,2\n"),
         ("column 'b'", "empty in 4 of 6 rows", "rows with any missing value are dropped")),
    Case("logistic-semicolon-missing-column", lambda t: _logistic(t, "y;a;c\n0;1,5;2\n1;2,5;3\n", predictors="a,b"),
         ("semicolon-separated with decimal comma", "data.csv, column 'b'", "columns present: y, a, c")),
    Case("logistic-alpha-and-out-together", lambda t: ["logistic", "--data", str(write(t, "data.csv", LOGISTIC_OK)),
                                                        "--outcome", "y", "--predictors", "a,b", "--alpha", "2",
                                                        "--out", str(write(t, "out", "x"))],
         ("2 problem(s)", "column '--alpha'", "got 2.0", "column '--out'", "existing file"), outputs=("out/fit.csv",)),
    Case("logistic-latin1", lambda t: _logistic(t, "y,a,b,name\n0,1,2,Zoë\n1,2,3,x\n".encode("latin-1")),
         ("data.csv, line 2", "byte 0xeb", "iconv")),
    Case("logistic-missing-file", lambda t: ["logistic", "--data", str(t / "nope.csv"), "--outcome", "y",
                                            "--predictors", "a", "--out", str(t / "out")],
         ("nope.csv", "'missing file'", "an existing CSV file")),
    Case("logistic-ragged-row", lambda t: _logistic(t, LOGISTIC_OK.replace("1,4,5\n", "1,4,5,6\n")),
         ("data.csv, row 5: got '4 fields'", "at most 3 fields")),
    Case("logistic-non-numeric", lambda t: _logistic(t, LOGISTIC_OK.replace("1,5,4", "1,five,4")),
         ("data.csv, row 7, column 'a'", "got 'five'", "a number")),
    # ---- report ----
    Case("report-html-is-folder", lambda t: ["report", "--html", str(t), "--pdf", str(t / "out" / "r.pdf")],
         ("column '--html'", "a file (this path is an existing folder)")),
]


def _run(argv: list[str], capsys) -> tuple[int, str, str]:
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse errors
        code = exc.code
    out = capsys.readouterr()
    return code, out.out, out.err


def test_corpus_size():
    assert len(CASES) >= 35
    assert len({c.id for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input(case: Case, tmp_path: Path, capsys, monkeypatch):
    argv = case.build(tmp_path)
    if case.setup is not None:
        case.setup(monkeypatch)
    before = {p.relative_to(tmp_path) for p in tmp_path.rglob("*")}
    code, out, err = _run(argv, capsys)
    assert code == 2, f"exit code {code}\nstdout: {out}\nstderr: {err}"
    assert "Traceback" not in err and "Traceback" not in out
    for fragment in case.expect:
        assert fragment in err, f"{fragment!r} not in:\n{err}"
    for rel in case.outputs:
        path = tmp_path / rel
        if (tmp_path / rel) in {tmp_path / b for b in before}:
            continue  # a pre-existing blocker (the test made it); only new files count
        assert not path.exists(), f"{path} was left behind"
    after = {p.relative_to(tmp_path) for p in tmp_path.rglob("*")}
    assert after == before, f"new files: {sorted(map(str, after - before))}"


@pytest.mark.parametrize("argv,fragment", [
    (["reconstruct", "--seed", "-1", "--out", "{tmp}/out"], "invalid seed '-1'"),
    (["diagnose", "--sex", "F", "--age", "70", "--t-neck", "-2,7"], "got '-2,7'"),
    (["check", "{pub}", "--out", "{tmp}/out"], "key 'alpha'"),
])
def test_no_traceback_in_a_real_process(argv, fragment, tmp_path):
    """The same as the corpus, in a separate process: what a user sees on stderr."""
    pub = published_copy(tmp_path, paper=sub("alpha: 0.05", "alpha: five percent"))
    argv = [a.format(tmp=tmp_path, pub=pub) for a in argv]
    r = subprocess.run([sys.executable, "-m", "osteostats.cli", *argv], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 2, r.stderr
    assert "Traceback" not in r.stderr and fragment in r.stderr
    assert not (tmp_path / "out").exists()


# --------------------------------------------------------------------------------------------
# what the fixes must keep working


def test_european_excel_file_gives_the_same_model(tmp_path, capsys):
    """A ;-separated, decimal-comma copy (with a BOM and padded header names) of a table fits
    to the same coefficients as the plain CSV; the reader says what it found."""
    plain = "y,a,b\n0,1.5,2\n1,2.5,3\n0,3.25,1\n1,4.5,5\n0,2.5,2\n1,5.75,4\n1,3.5,3\n0,1.25,2\n"
    euro = "\ufeffy ; a ;b\n" + "\n".join(";".join(f.replace(".", ",") for f in line.split(","))
                                         for line in plain.splitlines()[1:]) + "\n"
    p1, p2 = write(tmp_path, "plain.csv", plain), write(tmp_path, "euro.csv", euro)
    for src, out in ((p1, "o1"), (p2, "o2")):
        code, _, err = _run(["logistic", "--data", str(src), "--outcome", "y", "--predictors", "a,b",
                             "--out", str(tmp_path / out)], capsys)
        assert code == 0, err
    assert "euro.csv: read as semicolon-separated with decimal comma, UTF-8 with byte-order mark" in err
    c1 = pd.read_csv(tmp_path / "o1" / "coefficients.csv")
    c2 = pd.read_csv(tmp_path / "o2" / "coefficients.csv")
    pd.testing.assert_frame_equal(c1, c2)


def test_diagnose_decimal_comma_table_matches_plain(tmp_path, capsys):
    plain = "patient_id,sex,age,menopause,t_neck,t_hip\nP1,F,70,post,-2.55,-1.0\nP2,F,66,post,-1.05,-0.5\n"
    euro = plain.replace(",", ";").replace("-2.55", "-2,55").replace("-1.05", "-1,05").replace("-1.0", "-1,0") \
        .replace("-0.5", "-0,5")
    for name, text in (("p.csv", plain), ("e.csv", euro)):
        code, _, err = _run(["diagnose", "--cases", str(write(tmp_path, name, text)),
                             "--out", str(tmp_path / ("out_" + name))], capsys)
        assert code == 0, err
    a = pd.read_csv(tmp_path / "out_p.csv")
    b = pd.read_csv(tmp_path / "out_e.csv")
    assert a["category"].tolist() == ["osteoporosis", "low_bone_mass"]
    pd.testing.assert_frame_equal(a, b)


def test_equal_site_less_t_is_accepted(tmp_path, capsys):
    """A site-less T equal to (or above) the lowest per-site T is not a conflict; per-site T is used."""
    cases = write(tmp_path, "c.csv", "patient_id,sex,age,menopause,t_score_min,t_neck\nP1,F,70,post,-2.7,-2.7\n")
    code, _, err = _run(["diagnose", "--cases", str(cases), "--out", str(tmp_path / "o.csv")], capsys)
    assert code == 0, err
    assert pd.read_csv(tmp_path / "o.csv").loc[0, "lowest_t_site"] == "femoral neck"


def test_bundled_paper_reconstructs_and_paper_yaml_is_valid():
    from osteostats.paper_yaml import read_paper_yaml
    from osteostats.published import load_published
    from osteostats.reconstruct.cohort import validate_published

    for folder in (PUBLISHED, ROOT / "tests" / "data" / "planted_trial"):
        assert read_paper_yaml(folder / "paper.yaml")[1] == []
    validate_published(load_published(PUBLISHED))


def test_seed_limits_accepted():
    from osteostats.commands.reconstruct import MAX_SEED, seed_arg

    assert seed_arg("0") == 0 and seed_arg(str(MAX_SEED)) == MAX_SEED


def test_output_check_reports_every_problem_at_once(tmp_path):
    from osteostats.errors import InputError
    from osteostats.outputs import FILE, FOLDER, OutputPath, check_output_paths

    f = write(tmp_path, "f.txt", "x")
    (tmp_path / "d").mkdir()
    with pytest.raises(InputError) as exc:
        check_output_paths([OutputPath("--a", f, FOLDER), OutputPath("--b", tmp_path / "d", FILE),
                            OutputPath("--c", f / "sub" / "x.csv", FILE), OutputPath("--d", tmp_path / "new" / "x.csv"),
                            OutputPath("--e", tmp_path / "new" / "x.csv")])
    flags = [p.column for p in exc.value.problems]
    assert flags == ["--a", "--b", "--c", "--e"]  # --d is fine; --e repeats its path
    assert not (tmp_path / "new").exists()


def test_sniffer_on_tab_and_quoted_fields(tmp_path):
    from osteostats.sniff import read_csv_text_table, sniff_text

    assert sniff_text("a\tb\n1\t2,5\n").delimiter == "\t"
    assert sniff_text("a\tb\n1\t2,5\n").decimal == ","
    # commas inside quotes do not make a comma file look ragged; a decimal point stays a point
    found = sniff_text('id,note,x\n1,"a, b",1.5\n2,"c",2\n')
    assert (found.delimiter, found.decimal) == (",", ".")
    frame, found = read_csv_text_table(write(tmp_path, "t.csv", " id ; x \n1;2,5\n2;3\n"))
    assert list(frame.columns) == ["id", "x"] and frame["x"].tolist() == ["2.5", "3"]
    assert found.sentence("t.csv") == "t.csv: read as semicolon-separated with decimal comma, UTF-8"
