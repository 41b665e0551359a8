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


def test_validate_writes_the_resolved_config_only_for_accepted_tables(cases, tmp_path, capsys):
    """The workflow's first job: validated tables and the resolved config from one process; the
    config is the one `osteostats config` writes, and nothing is written for rejected tables."""
    cfg_json = '{"tests": {"t_test": "welch"}}'
    written, reference = tmp_path / "resolved.yaml", tmp_path / "reference.yaml"
    code = main(["validate", "--cases", str(cases), "--out", str(tmp_path / "validated"),
                 "--config-json", cfg_json, "--write-config", str(written)])
    assert code == 0
    assert main(["config", "--json", cfg_json, "--out", str(reference)]) == 0
    assert written.read_bytes() == reference.read_bytes()
    assert "t_test: welch" in written.read_text(encoding="utf-8")

    edit(cases / "patients.csv", ",OP,", ",XX,")
    rejected = tmp_path / "rejected.yaml"
    code = main(["validate", "--cases", str(cases), "--config-json", cfg_json, "--write-config", str(rejected)])
    assert code == 2 and not rejected.exists()
    assert "column 'group': got 'XX'" in capsys.readouterr().err


# --- columnar ingestion: Parquet beside CSV, checks on distinct values, typed frames -----------

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from osteostats.cases import write_validated  # noqa: E402
from osteostats.cases.codes import duplicated_first  # noqa: E402
from osteostats.cases.columns import MAX_LISTED  # noqa: E402
from osteostats.cases.schemas import pandera_schema, table_specs  # noqa: E402
from osteostats.study import load_study  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from synthetic_cohort import write_cohort  # noqa: E402


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    """A frame as plain Python values (categoricals as their labels, missing as None)."""
    return frame.astype(object).where(frame.notna(), None)


def test_loaded_frames_hold_codes_not_strings():
    c = load_cases("data/cases")
    r, v = c.readings, c.vertebrae
    assert r["vertebra_id"].cat.categories.equals(pd.Index(v["vertebra_id"]))
    assert v["patient_id"].cat.categories.equals(pd.Index(c.patients["patient_id"]))
    assert list(r["modality"].cat.categories) == ["xray", "ct", "mri"]
    assert r["detected"].dtype == "Int8" and v["height_loss_pct"].dtype == float
    # readings carry the vertebra's patient and group, as the merge on ids gives them
    ref = pd.DataFrame({"vertebra_id": v["vertebra_id"].astype(str), "pid": v["patient_id"].astype(str),
                        "grp": v["group"].astype(str)})
    m = r[["vertebra_id"]].astype(str).merge(ref, on="vertebra_id", how="left")
    assert (m["pid"].to_numpy() == r["patient_id"].astype(str).to_numpy()).all()
    assert (m["grp"].to_numpy() == r["group"].astype(str).to_numpy()).all()


def test_parquet_beside_csv_gives_the_same_tables(cases, tmp_path):
    typed, text = tmp_path / "typed", tmp_path / "text"
    typed.mkdir(), text.mkdir()
    for name in ("patients", "vertebrae", "readings"):
        pd.read_csv(cases / f"{name}.csv").to_parquet(typed / f"{name}.parquet", index=False)
        pd.read_csv(cases / f"{name}.csv", dtype=str, keep_default_na=False).to_parquet(text / f"{name}.parquet",
                                                                                        index=False)
    ref = load_cases(cases)
    for folder in (typed, text):
        got = load_cases(folder)
        for name in ("patients", "vertebrae", "readings"):
            pd.testing.assert_frame_equal(_plain(getattr(got, name)), _plain(getattr(ref, name)))


def test_typed_parquet_problems_name_rows_and_values(cases, tmp_path):
    d = tmp_path / "pq"
    d.mkdir()
    p = pd.read_csv(cases / "patients.csv")
    p.loc[0, "age"] = 130
    p.loc[2, "bmi"] = None  # empty where allowed
    p.to_parquet(d / "patients.parquet", index=False)
    v = pd.read_csv(cases / "vertebrae.csv")
    v.to_parquet(d / "vertebrae.parquet", index=False)
    r = pd.read_csv(cases / "readings.csv")
    r.loc[3, "detected"] = 2
    r["detected"] = r["detected"].astype(float)
    r.loc[4, "detected"] = 0.5
    r.to_parquet(d / "readings.parquet", index=False)
    text = str(problems_of(d))
    assert "patients.parquet, row 2, column 'age': got 130.0; expected a number in years between 0 and 120" in text
    assert "readings.parquet, row 5, column 'detected': got 2; expected 0 (not detected) or 1 (detected)" in text
    assert "readings.parquet, row 6, column 'detected': got '0.5'" in text
    assert "bmi" not in text


def test_white_space_and_missing_tokens(cases):
    s = (cases / "patients.csv").read_text().splitlines()
    rows = [line.split(",") for line in s]
    rows[1][1] = " OP "
    rows[2][3] = "NA"
    rows[3][2] = " 70 "
    (cases / "patients.csv").write_text("\n".join(",".join(r) for r in rows) + "\n")
    p = load_cases(cases).patients
    assert p["group"].iloc[0] == "OP" and pd.isna(p["sex"].iloc[1]) and p["age"].iloc[2] == 70.0


def test_bad_cells_agree_with_the_pandera_schema(cases):
    """The vectorised checks flag exactly the cells the pandera schema of the spec rejects."""
    rng = np.random.default_rng(3)
    v = pd.read_csv(cases / "vertebrae.csv", dtype=str, keep_default_na=False)
    bad = {"level": ["X9", "L9", "t12"], "shape": ["cube", "Wedge"], "height_loss_pct": ["-1", "100.5", "250"],
           "posterior_wall_bulge": ["2", "-1", "3"], "disc": ["torn"]}
    for col, values in bad.items():
        for i in rng.choice(len(v), size=4, replace=False):
            v.loc[i, col] = rng.choice(values)
    v.to_csv(cases / "vertebrae.csv", index=False)
    err = problems_of(cases)
    ours = {(p.row, p.column) for p in err.problems if p.file.endswith("vertebrae.csv")}
    # Reference: pandera on a frame converted by plain pandas.
    cols = table_specs(load_study())["vertebrae"]
    typed = pd.DataFrame({c: (v[c].replace("", None) if spec.kind == "str" else pd.to_numeric(v[c].replace("", None)))
                          for c, spec in cols.items() if not spec.is_key})
    with pytest.raises(Exception) as exc:
        pandera_schema({c: s for c, s in cols.items() if not s.is_key}).validate(typed, lazy=True)
    fc = exc.value.failure_cases
    theirs = {(int(i) + 2, c) for i, c in zip(fc["index"], fc["column"])}
    assert ours == theirs and len(ours) >= 15


def test_many_bad_rows_are_counted_after_the_first_thousand(cases):
    r = pd.read_csv(cases / "readings.csv", dtype=str, keep_default_na=False)
    assert len(r) > MAX_LISTED
    r["detected"] = "yes"
    r.to_csv(cases / "readings.csv", index=False)
    err = problems_of(cases)
    listed = [p for p in err.problems if p.column == "detected" and p.row is not None]
    rest = [p for p in err.problems if p.column == "detected" and p.row is None]
    assert len(listed) == MAX_LISTED and listed[0].row == 2 and listed[-1].row == MAX_LISTED + 1
    assert len(rest) == 1 and f"{len(r) - MAX_LISTED:,} more row(s)" in str(rest[0])


def test_repeated_header_is_a_problem(cases):
    edit(cases / "patients.csv", "patient_id,group,age,sex", "patient_id,group,age,age")
    text = str(problems_of(cases))
    assert "patients.csv, row 1, column 'age'" in text and "unique column names" in text


def test_validated_folder_round_trip_and_study_mismatch(tmp_path):
    spec = load_study()
    ref = load_cases("data/cases", spec)
    out = tmp_path / "validated"
    write_validated(ref, spec, out, {})
    back = load_cases(out, spec)
    for name in ("patients", "vertebrae", "readings"):
        pd.testing.assert_frame_equal(getattr(back, name), getattr(ref, name))
    other = tmp_path / "study.yaml"
    other.write_text(Path(spec.path).read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_cases(out, load_study(other))
    assert "another study spec" in str(err.value) and "rerun osteostats validate" in str(err.value)


@pytest.mark.parametrize("n_keys", [7, 50_000_000])
def test_duplicated_first_is_pandas_duplicated(n_keys):
    rng = np.random.default_rng(n_keys)
    key = rng.integers(0, min(n_keys, 3000), 5000)
    expected = np.flatnonzero(pd.Series(key).duplicated(keep="first").to_numpy())
    assert duplicated_first(key, n_keys).tolist() == expected.tolist()
    assert duplicated_first(np.arange(100), 100).tolist() == []


def test_synthetic_cohort_csv_and_parquet_and_table3_against_a_pivot(tmp_path):
    """2,000 synthetic patients: CSV and Parquet load alike; Table 3's counts equal a pandas
    pivot of each group's readings of a finding (the definition of the table)."""
    from osteostats.tables import build_tables

    d = write_cohort(2000, tmp_path / "c", seed=5, formats=("csv", "parquet"))
    csv_dir, pq_dir = tmp_path / "csv", tmp_path / "pq"
    csv_dir.mkdir(), pq_dir.mkdir()
    for name in ("patients", "vertebrae", "readings"):
        shutil.move(d / f"{name}.csv", csv_dir / f"{name}.csv")
        shutil.move(d / f"{name}.parquet", pq_dir / f"{name}.parquet")
    a, b = load_cases(csv_dir), load_cases(pq_dir)
    for name in ("patients", "vertebrae", "readings"):
        pd.testing.assert_frame_equal(_plain(getattr(a, name)), _plain(getattr(b, name)))
    t3 = build_tables(a).table("3")
    r = a.readings.astype({"vertebra_id": str, "modality": str, "finding": str, "group": str})
    r["detected"] = r["detected"].astype(float)
    spec = load_study()
    checked = 0
    for (g, f), rf in r.groupby(["group", "finding"]):
        wide = rf.pivot(index="vertebra_id", columns="modality", values="detected")
        comp = spec.findings[f].comparison(g)
        for m in wide.columns:
            x = wide[m].dropna()
            cell = t3[(t3.comparison == comp) & (t3.arm == m) & (t3.quantity == "count")].iloc[0]
            assert (cell.value, cell.n) == (x.sum(), len(x))
            checked += 1
        anyv = wide.max(axis=1)
        cell = t3[(t3.comparison == comp) & (t3.arm == "any") & (t3.quantity == "count")].iloc[0]
        assert (cell.value, cell.n) == (anyv.sum(), len(anyv))
    assert checked == 2 * 13


def test_tables_from_plain_text_frames_equal_tables_from_codes():
    """Frames built by hand (text columns, no categoricals) give the same Tables 1-3."""
    from osteostats.cases import Cases
    from osteostats.tables import build_tables

    c = load_cases("data/cases")

    def plain(f):
        return f.astype({k: object for k, t in f.dtypes.items() if isinstance(t, pd.CategoricalDtype)})

    a = build_tables(c)
    b = build_tables(Cases(plain(c.patients), plain(c.vertebrae), plain(c.readings)))
    pd.testing.assert_frame_equal(a.cells, b.cells)
    pd.testing.assert_frame_equal(a.tests, b.tests)


def test_quoted_line_break_in_an_extra_column(cases):
    lines = (cases / "patients.csv").read_text().splitlines()
    lines = [lines[0] + ",note"] + [line + ',"first line\nsecond line"' for line in lines[1:]]
    (cases / "patients.csv").write_text("\n".join(lines) + "\n")
    p = load_cases(cases).patients
    assert len(p) == 81 and p["note"].iloc[0] == "first line\nsecond line"


def test_european_excel_export_is_read_and_said(tmp_path):
    """A ';'-separated file with decimal commas and padded header names (an Excel export in a
    European locale) gives the same tables as the comma-separated original, with a note."""
    cases = tmp_path / "cases"
    shutil.copytree(ROOT / "data" / "cases", cases)
    p = pd.read_csv(cases / "patients.csv", dtype=str, keep_default_na=False)
    for col in ("bmi", "t_score_min"):
        p[col] = p[col].str.replace(".", ",", regex=False)
    p.columns = [f" {c} " if c == "age" else c for c in p.columns]
    p.to_csv(cases / "patients.csv", sep=";", index=False)
    got, ref = load_cases(cases), load_cases(ROOT / "data" / "cases")
    for col in ("age", "bmi", "t_score_min", "sex"):
        assert got.patients[col].equals(ref.patients[col]), col
    assert any("semicolon-separated with decimal commas" in w for w in got.warnings)
