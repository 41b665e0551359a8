"""Published-values format version 2 (data/published/FORMAT.md): version-1 folders read unchanged,
version 2 accepts the new statistics, quantities and categorical levels, and rejects what breaks its rules."""
import shutil
from pathlib import Path

import pandas as pd
import pytest

from osteostats.errors import InputError
from osteostats.published import load_published


def _copy(tmp_path: Path, version: int | None) -> Path:
    folder = tmp_path / "pub"
    shutil.copytree("data/published", folder)
    text = (folder / "paper.yaml").read_text(encoding="utf-8")
    if version is None:
        text = text.replace("format_version: 1\n", "")
    else:
        text = text.replace("format_version: 1", f"format_version: {version}")
    (folder / "paper.yaml").write_text(text, encoding="utf-8")
    return folder


def _edit(folder: Path, name: str, fn) -> None:
    df = pd.read_csv(folder / name, dtype=str, keep_default_na=False)
    df = fn(df)
    df.to_csv(folder / name, index=False, lineterminator="\n")


def test_version_1_reads_unchanged(tmp_path):
    pub = load_published("data/published")
    assert pub.format_version == 1
    assert "level" not in pub.values.columns
    same = load_published(_copy(tmp_path, None))  # no format_version at all: version 1
    assert same.format_version == 1
    pd.testing.assert_frame_equal(pub.values.drop(columns="parsed"), same.values.drop(columns="parsed"))


def test_version_1_keeps_its_vocabulary(tmp_path):
    folder = _copy(tmp_path, 1)
    _edit(folder, "comparisons.csv", lambda d: d.assign(statistic_name=d.statistic_name.where(d.comparison != "t1_bmi", "F")))
    with pytest.raises(InputError) as e:
        load_published(folder)
    assert "got 'F'; expected one of t, chi2, fisher, none" in str(e.value)


def test_version_2_accepts_new_names_and_quantities(tmp_path):
    folder = _copy(tmp_path, 2)
    _edit(folder, "comparisons.csv", lambda d: d.assign(statistic_name=d.statistic_name.where(d.comparison != "t1_bmi", "F")))
    extra = pd.DataFrame([
        {"table": "1", "comparison": "t1_bmi", "arm": "", "quantity": "df", "printed": "79", "n": "", "source": "table", "note": ""},
        {"table": "1", "comparison": "t1_age", "arm": "OP", "quantity": "median", "printed": "70", "n": "50", "source": "table", "note": ""},
        {"table": "1", "comparison": "t1_age", "arm": "OP", "quantity": "q1", "printed": "63", "n": "50", "source": "table", "note": ""},
        {"table": "1", "comparison": "t1_age", "arm": "OP", "quantity": "q3", "printed": "76", "n": "50", "source": "table", "note": ""},
        {"table": "1", "comparison": "t1_sex_male", "arm": "", "quantity": "estimate", "printed": "0.056", "n": "", "source": "table", "note": "OR"},
        {"table": "1", "comparison": "t1_sex_male", "arm": "", "quantity": "ci_low", "printed": "0.018", "n": "", "source": "table", "note": ""},
        {"table": "1", "comparison": "t1_sex_male", "arm": "", "quantity": "ci_high", "printed": "0.17", "n": "", "source": "table", "note": ""},
    ])
    _edit(folder, "values.csv", lambda d: pd.concat([d, extra], ignore_index=True).fillna(""))
    pub = load_published(folder)
    assert pub.format_version == 2
    assert pub.cell("t1_bmi", "", "df").text == "79"
    assert pub.cell("t1_sex_male", "", "ci_high").text == "0.17"


def _categorical(tmp_path: Path, rows: list[dict]) -> Path:
    folder = _copy(tmp_path, 2)
    _edit(folder, "comparisons.csv", lambda d: pd.concat([d, pd.DataFrame([{
        "table": "2", "comparison": "t2_shape", "item": "Shape", "unit": "vertebra", "variable_type": "categorical",
        "design": "independent", "stratum": "", "arms": "OP;MET", "union_arm": "", "statistic_name": "chi2",
        "category_set": "", "measure": "shape", "note": ""}])], ignore_index=True).fillna(""))
    base = {"table": "2", "comparison": "t2_shape", "source": "table", "note": ""}
    _edit(folder, "values.csv", lambda d: pd.concat([d, pd.DataFrame([{**base, **r} for r in rows])], ignore_index=True).fillna(""))
    return folder


def test_version_2_categorical_levels(tmp_path):
    folder = _categorical(tmp_path, [
        {"arm": "OP", "quantity": "count", "printed": "38", "n": "98", "level": "wedge"},
        {"arm": "OP", "quantity": "percent", "printed": "38.77", "n": "98", "level": "wedge"},
        {"arm": "OP", "quantity": "count", "printed": "55", "n": "98", "level": "biconcave"},
        {"arm": "", "quantity": "statistic", "printed": "5.1", "n": "", "level": ""},
    ])
    pub = load_published(folder)
    shape = pub.values[pub.values.comparison == "t2_shape"]
    assert list(shape.level) == ["wedge", "wedge", "biconcave", ""]


def test_version_2_rules(tmp_path):
    folder = _categorical(tmp_path, [
        {"arm": "OP", "quantity": "count", "printed": "38", "n": "98", "level": "wedge"},
        {"arm": "OP", "quantity": "count", "printed": "38", "n": "98", "level": "wedge"},
        {"arm": "OP", "quantity": "percent", "printed": "56.12", "n": "98", "level": "biconcave"},
        {"arm": "MET", "quantity": "median", "printed": "3", "n": "", "level": ""},
    ])
    with pytest.raises(InputError) as e:
        load_published(folder)
    msg = str(e.value)
    assert "one row per comparison/arm/quantity/level" in msg
    assert "a count row for the same comparison and arm (t2_shape, arm OP)" in msg
    assert "the denominator (a positive integer) for this median" in msg


def test_unknown_version(tmp_path):
    with pytest.raises(InputError) as e:
        load_published(_copy(tmp_path, 3))
    assert "format_version" in str(e.value) and "1 or 2" in str(e.value)
