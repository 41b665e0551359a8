"""Bad input to `osteostats import`: every problem named (file, table, row, column, text), exit 2,
nothing written; an ambiguous layout stops with what to change."""
from osteostats.cli import main

GOOD = """表1 两组患者的临床资料比较(%)
组别\t年龄\t性别(男)
对照组(n=50)\t69.58±8.457\t6(12.00)
观察组(n=31)\t62.13±10.773\t22(70.96)
t/χ2值\t3.446\t29.418
P值\t<0.001\t<0.001
"""


def run(capsys, *argv):
    code = main(list(argv))
    cap = capsys.readouterr()
    return code, cap.out, cap.err


def test_good_text_imports(tmp_path, capsys):
    src = tmp_path / "t.txt"
    src.write_text(GOOD, encoding="utf-8")
    code, out, _ = run(capsys, "import", str(src), "--out", str(tmp_path / "out"))
    assert code == 0
    assert "groups: 对照 = 对照组 (50 patient); 观察 = 观察组 (31 patient)" in out


def test_unreadable_cells_are_all_named(tmp_path, capsys):
    src = tmp_path / "paper.txt"
    src.write_text(GOOD.replace("22(70.96)", "22(7O.96)").replace("62.13±10.773", "62.13±"), encoding="utf-8")
    out = tmp_path / "out"
    code, _, err = run(capsys, "import", str(src), "--out", str(out))
    assert code == 2
    assert "Traceback" not in err
    assert f"{src}, table 1, line 4, column 3 (性别(男)): got '22(7O.96)'" in err
    assert f"{src}, table 1, line 4, column 2 (年龄): got '62.13±'" in err
    assert "2 problem(s)" in err and "nothing was written" in err
    assert not out.exists()


def test_unreadable_statistic(tmp_path, capsys):
    src = tmp_path / "paper.txt"
    src.write_text(GOOD.replace("29.418", "29,41a"), encoding="utf-8")
    code, _, err = run(capsys, "import", str(src), "--out", str(tmp_path / "out"))
    assert code == 2
    assert "line 5, column 3 (性别(男)): got '29,41a'; expected a number as printed" in err
    assert not (tmp_path / "out").exists()


def test_levels_that_fit_no_header_stop(tmp_path, capsys):
    """Levels whose counts do not add up to the group sizes under any header: say what to fix."""
    src = tmp_path / "paper.txt"
    src.write_text("""表2 影像学表现[例(%)]
组别\t形态\t膨隆\t脂肪
\t楔形\t双凹形
A组(n=50)\t10(20.00)\t12(24.00)\t5(10.00)\t7(14.00)
B组(n=40)\t8(20.00)\t9(22.50)\t4(10.00)\t6(15.00)
χ2值\t0.001\t0.1\t0.2\t0.3
P值\t0.99\t0.75\t0.65\t0.58
""", encoding="utf-8")
    code, _, err = run(capsys, "import", str(src), "--out", str(tmp_path / "out"))
    assert code == 2
    assert "the levels 楔形, 双凹形 could stand under several headers" in err
    assert "write each level as 'variable: level'" in err
    assert not (tmp_path / "out").exists()


def test_a_pair_that_could_be_mean_sd_stops(tmp_path, capsys):
    """'6 (12)' with no wording and no group sizes: count (percent) or mean (SD)? Ask."""
    src = tmp_path / "t.md"
    src.write_text("""## Table 1

| item | A | B | P |
|---|---|---|---|
| score | 6 (12) | 9 (13) | 0.4 |
""", encoding="utf-8")
    code, _, err = run(capsys, "import", str(src), "--out", str(tmp_path / "out"))
    assert code == 2
    assert "column 2 (A): got '6 (12)'" in err
    assert "add 'n (%)' or 'mean (SD)' to the row or column label" in err


def test_groups_option_must_fit(tmp_path, capsys):
    src = tmp_path / "t.txt"
    src.write_text(GOOD, encoding="utf-8")
    code, _, err = run(capsys, "import", str(src), "--out", str(tmp_path / "out"), "--groups", "A,B,C")
    assert code == 2 and "3 groups as named by --groups (A,B,C)" in err
    code, _, err = run(capsys, "import", str(src), "--out", str(tmp_path / "out"), "--groups", "A,A")
    assert code == 2 and "distinct, non-empty codes" in err
    assert not (tmp_path / "out").exists()


def test_unsupported_and_missing_files(tmp_path, capsys):
    pdf = tmp_path / "paper.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    code, _, err = run(capsys, "import", str(pdf), str(tmp_path / "none.txt"), "--out", str(tmp_path / "out"))
    assert code == 2
    assert "copy the text out into a .txt file" in err and "none.txt" in err and "missing file" in err


def test_no_table_in_file(tmp_path, capsys):
    src = tmp_path / "prose.txt"
    src.write_text("Just a paragraph of text with no table in it.\n", encoding="utf-8")
    code, _, err = run(capsys, "import", str(src), "--out", str(tmp_path / "out"))
    assert code == 2 and "no table found" in err


def test_failed_import_keeps_the_previous_folder(tmp_path, capsys):
    src = tmp_path / "t.txt"
    out = tmp_path / "out"
    src.write_text(GOOD, encoding="utf-8")
    assert run(capsys, "import", str(src), "--out", str(out))[0] == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    src.write_text(GOOD.replace("6(12.00)", "6(12.OO)"), encoding="utf-8")
    assert run(capsys, "import", str(src), "--out", str(out))[0] == 2
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "t.txt"]  # no temporary folder left behind


def test_out_must_not_be_another_folder(tmp_path, capsys):
    src = tmp_path / "t.txt"
    src.write_text(GOOD, encoding="utf-8")
    other = tmp_path / "mine"
    other.mkdir()
    (other / "notes.txt").write_text("keep me")
    code, _, err = run(capsys, "import", str(src), "--out", str(other))
    assert code == 2 and "is not a published-values folder" in err
    assert (other / "notes.txt").read_text() == "keep me"


def test_check_with_a_bad_table_file(tmp_path, capsys):
    src = tmp_path / "paper.txt"
    src.write_text(GOOD.replace("6(12.00)", "6(12.OO)"), encoding="utf-8")
    out = tmp_path / "check"
    code, _, err = run(capsys, "check", str(src), "--out", str(out))
    assert code == 2 and "got '6(12.OO)'" in err
    assert not out.exists()
