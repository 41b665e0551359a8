"""Import from DOCX, XLSX and TSV tables generated here, and the version-2 folder they give.

The DOCX and XLSX tables re-type parts of the study paper's Tables 1 and 2 (numbers as in
data/published); their imported verdicts must equal the bundled folder's for the same items.
The TSV table is a made-up trial whose printed t, chi2 and P were computed with scipy here:
``ttest_ind_from_stats(61.2, 7.4, 1234, 60.1, 7.9, 1230)`` gives t = 3.5671, p = 0.000368
(printed 3.7×10⁻⁴) and ``chi2_contingency([[618, 616], [570, 660]], correction=False)`` gives
chi2 = 3.4502, p = 0.0632 (printed "ns").
"""
from pathlib import Path

import pandas as pd
import pytest

from osteostats.cli import main
from osteostats.published import load_published

STAT_CHECKS = ("statistic", "p_vs_statistic", "p_vs_recomputed", "test_choice")


def verdicts(checks: Path, mapping: dict[str, str]) -> dict[tuple[str, str], tuple[str, str]]:
    df = pd.read_csv(checks, dtype=str, keep_default_na=False)
    df = df[df.check.isin(STAT_CHECKS) & df["item"].isin(mapping)]
    return {(r.check, mapping[r.item]): (r.verdict, r.recomputed) for r in df.itertuples()}


@pytest.fixture(scope="module")
def bundled(tmp_path_factory):
    out = tmp_path_factory.mktemp("bundled")
    assert main(["check", "data/published", "--out", str(out)]) == 0
    df = pd.read_csv(out / "checks.csv", dtype=str, keep_default_na=False)
    df = df[df.check.isin(STAT_CHECKS)]
    return {(r.check, r.item): (r.verdict, r.recomputed) for r in df.itertuples()}


def _docx_table2(path: Path) -> None:
    """Table 2 (first part) as a Word table: a merged header over the three shapes, groups as rows."""
    import docx

    doc = docx.Document()
    doc.add_paragraph("表2 骨质疏松与溶骨性转移瘤致椎体骨折患者的影像学数据比较[例(%)]")
    rows = [
        ["组别", "骨折椎体数量", "骨折椎体形态", "", "", "椎体后缘膨隆", "椎体后角脂肪信号存在"],
        ["", "", "楔形", "双凹形", "扁平形", "", ""],
        ["骨质疏松性骨折(n=50)", "98", "38(38.77)", "55(56.12)", "5(5.10)", "0", "64(65.30)"],
        ["转移瘤致椎体骨折(n=31)", "43", "9(20.93)", "28(65.11)", "6(13.95)", "26(60.46)", "13(30.23)"],
        ["χ2值", "-", "4.283", "0.998", "3.255", "72.653", "14.832"],
        ["P值", "-", "0.038", "0.318", "0.071", "<0.001", "<0.01"],
    ]
    table = doc.add_table(rows=len(rows), cols=len(rows[0]))
    for i, row in enumerate(rows):
        for j, text in enumerate(row):
            table.cell(i, j).text = text
    table.cell(0, 2).merge(table.cell(0, 4)).text = "骨折椎体形态"
    for j in (0, 1, 5, 6):  # vertically merged header cells
        top = table.cell(0, j)
        text = top.text
        top.merge(table.cell(1, j)).text = text
    doc.add_paragraph("注：计数资料以例(%)表示。")
    doc.save(str(path))


def test_docx_merged_headers(bundled, tmp_path):
    src = tmp_path / "table2.docx"
    _docx_table2(src)
    out = tmp_path / "imported"
    assert main(["import", str(src), "--out", str(out), "--groups", "OP,MET"]) == 0
    comps = pd.read_csv(out / "comparisons.csv", dtype=str, keep_default_na=False)
    shapes = comps[comps.category_set == "骨折椎体形态"]
    assert list(shapes["item"]) == ["骨折椎体形态: 楔形", "骨折椎体形态: 双凹形", "骨折椎体形态: 扁平形"]
    vals = pd.read_csv(out / "values.csv", dtype=str, keep_default_na=False)
    wedge = vals[(vals.comparison == "t2_骨折椎体形态_楔形") & (vals.arm == "OP")]
    assert list(zip(wedge.quantity, wedge.printed, wedge.n)) == [("count", "38", "98"), ("percent", "38.77", "98")]
    assert main(["check", str(out), "--out", str(tmp_path / "check")]) == 0
    mapping = {"t2_骨折椎体形态_楔形": "t2_shape_wedge", "t2_骨折椎体形态_双凹形": "t2_shape_biconcave",
               "t2_骨折椎体形态_扁平形": "t2_shape_flat", "t2_椎体后缘膨隆": "t2_posterior_wall_bulge",
               "t2_椎体后角脂肪信号存在": "t2_posterior_corner_fat"}
    ours = verdicts(tmp_path / "check" / "checks.csv", mapping)
    theirs = {k: v for k, v in bundled.items() if k[1] in mapping.values()}
    assert len(theirs) >= 15 and ours == theirs


def _xlsx_table1(path: Path) -> None:
    """Table 1 in English in a workbook: merged title, numbers as numbers with their printed decimals."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Table 1"
    ws.append(["Table 1. Clinical data"])
    ws.merge_cells("A1:E1")
    ws.append(["Item", "OP (n=50)", "MET (n=31)", "t/χ2", "P"])
    ws.append(["Age, years, mean ± SD", "69.58 ± 8.457", "62.13 ± 10.773", 3.446, "<0.001"])
    ws.append(["Male, n (%)", "6 (12.00)", "22 (70.96)", 29.418, "<0.001"])
    ws.append(["BMI, kg/m2, mean ± SD", "23.38 ± 3.31", "22.87 ± 2.67", 0.729, 0.468])
    ws.append(["Osteoporosis, n (%)", "50 (100)", "4 (12.90)", 65.323, "<0.001"])
    for row in ws.iter_rows(min_row=3, min_col=4, max_col=5):
        for c in row:
            if isinstance(c.value, float):
                c.number_format = "0.000"
    wb.save(str(path))


def test_xlsx_items_as_rows(bundled, tmp_path):
    src = tmp_path / "table1.xlsx"
    _xlsx_table1(src)
    out = tmp_path / "imported"
    assert main(["import", str(src), "--out", str(out)]) == 0
    pub = load_published(out)
    assert pub.format_version == 2
    assert pub.cell("t1_age_years_mean_sd", "", "statistic").text == "3.446"
    assert pub.cell("t1_bmi_kg_m2_mean_sd", "", "p").text == "0.468"  # 0.468 keeps its 3 printed decimals
    assert pub.cell("t1_male_n", "OP", "percent").text == "12.00"
    assert main(["check", str(out), "--out", str(tmp_path / "check")]) == 0
    mapping = {"t1_age_years_mean_sd": "t1_age", "t1_male_n": "t1_sex_male", "t1_bmi_kg_m2_mean_sd": "t1_bmi",
               "t1_osteoporosis_n": "t1_osteoporosis"}
    ours = verdicts(tmp_path / "check" / "checks.csv", mapping)
    theirs = {k: v for k, v in bundled.items() if k[1] in mapping.values()}
    assert len(theirs) >= 12 and ours == theirs


TSV = """Table 1\tBaseline characteristics
Characteristic\tDrug (n = 1,234)\tPlacebo (n = 1,230)\tt / χ² / Z\tP
Age, years, mean (SD)\t61.2 (7.4)\t60.1 (7.9)\t3.567\t3.7×10⁻⁴
Male, n (%)\t618 (50.1%)\t570 (46.3%)\t3.450\tns
CRP, mg/L, median [IQR]\t3.2 [1.5, 6.8]\t3.0 [1.4, 6.1]\t1.12\t0.26
"""


def test_tsv_version2_quantities(tmp_path):
    src = tmp_path / "trial.tsv"
    src.write_text(TSV, encoding="utf-8")
    out = tmp_path / "imported"
    assert main(["import", str(src), "--out", str(out), "--groups", "D,P"]) == 0
    pub = load_published(out)
    comps = pub.comparisons.set_index("comparison")
    assert comps.loc["t1_age_years_mean_sd", "statistic_name"] == "t"
    assert comps.loc["t1_crp_mg_l_median_iqr", "variable_type"] == "median_iqr"
    assert comps.loc["t1_crp_mg_l_median_iqr", "statistic_name"] == "z"
    assert pub.cell("t1_age_years_mean_sd", "D", "sd").text == "7.4"
    assert pub.cell("t1_header", "D", "n").text == "1234"
    p_age = pub.cell("t1_age_years_mean_sd", "", "p")
    assert p_age.text == "3.7×10⁻⁴" and p_age.interval() == pytest.approx((0.000365, 0.000375))
    ns = pub.cell("t1_male_n", "", "p")
    assert ns.text == "ns" and ns.kind == "ge" and float(ns.value) == 0.05
    q = {r.quantity: r.printed for r in pub.values.itertuples() if r.comparison == "t1_crp_mg_l_median_iqr" and r.arm == "P"}
    assert q == {"median": "3.0", "q1": "1.4", "q3": "6.1"}
    # the t and chi-squared printed here are scipy's (module docstring): the check agrees
    assert main(["check", str(out), "--out", str(tmp_path / "check")]) == 0
    df = pd.read_csv(tmp_path / "check" / "checks.csv", dtype=str, keep_default_na=False)
    stat = df[df.check == "statistic"].set_index("item").verdict
    assert stat["t1_age_years_mean_sd"] in ("consistent", "rounding")
    assert stat["t1_male_n"] in ("consistent", "rounding")


def test_markdown_small(tmp_path, capsys):
    """The bundled small Markdown table: scipy's t and chi2 (tests/data/import/small.md) check consistent."""
    out = tmp_path / "imported"
    assert main(["import", "tests/data/import/small.md", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "t1_age_years_mean_sd: 'Age, years, mean ± SD' mean ± SD, independent, arms Drug;Placebo" in printed
    assert main(["check", str(out), "--out", str(tmp_path / "check")]) == 0
    df = pd.read_csv(tmp_path / "check" / "checks.csv", dtype=str, keep_default_na=False)
    assert set(df[df.check == "statistic"].verdict) == {"consistent"}


def test_ratio_with_ci_column(tmp_path):
    """An 'OR (95% CI)' column: estimate and limits as printed (version-2 quantities), statistic name OR."""
    src = tmp_path / "risk.md"
    src.write_text("""## Table 2. Risk factors

| Factor | Cases (n = 120) | Controls (n = 240) | OR (95% CI) | P |
|---|---|---|---|---|
| Smoking, n (%) | 48 (40.0) | 60 (25.0) | 2.00 (1.25–3.20) | 0.004 |
| Diabetes, n (%) | 30 (25.0) | 36 (15.0) | – | 0.020 |
""", encoding="utf-8")
    out = tmp_path / "imported"
    assert main(["import", str(src), "--out", str(out)]) == 0
    pub = load_published(out)
    comps = pub.comparisons.set_index("comparison")
    assert comps.loc["t2_smoking_n", "statistic_name"] == "OR"
    assert [pub.cell("t2_smoking_n", "", q).text for q in ("estimate", "ci_low", "ci_high", "p")] == \
        ["2.00", "1.25", "3.20", "0.004"]
    assert pub.cell("t2_diabetes_n", "", "estimate") is None  # '–' prints no ratio
    assert comps.loc["t2_diabetes_n", "statistic_name"] == "none"  # P without a statistic: no test is guessed
    assert pub.cell("t2_diabetes_n", "", "p").text == "0.020"


def test_variable_heading_with_levels(tmp_path):
    """tableone layout: a variable row with the statistic over its level rows -> one categorical (r x c)
    comparison with a ``level`` per count (format version 2); a heading without a statistic over
    levels with their own -> one binary comparison per level sharing a category_set.
    The printed chi2 is scipy's ``chi2_contingency([[10, 18], [20, 14], [10, 6]], correction=False)``:
    4.2961, p 0.1167."""
    src = tmp_path / "t1.md"
    src.write_text("""## Table 1. Baseline

| | Drug (n = 40) | Placebo (n = 38) | χ² | P |
|---|---|---|---|---|
| Stage, n (%) | | | 4.296 | 0.117 |
| I | 10 (25.0) | 18 (47.4) | | |
| II | 20 (50.0) | 14 (36.8) | | |
| III | 10 (25.0) | 6 (15.8) | | |
| Male, n (%) | 18 (45.0) | 10 (26.3) | 2.956 | 0.086 |
| Smoking | | | | |
| never | 20 (50.0) | 19 (50.0) | 0.000 | 1.000 |
| ever | 20 (50.0) | 19 (50.0) | 0.000 | 1.000 |
""", encoding="utf-8")
    out = tmp_path / "imported"
    assert main(["import", str(src), "--out", str(out)]) == 0
    pub = load_published(out)
    comps = pub.comparisons.set_index("comparison")
    assert comps.loc["t1_stage_n", "variable_type"] == "categorical"
    assert comps.loc["t1_stage_n", "statistic_name"] == "chi2"
    stage = pub.values[(pub.values.comparison == "t1_stage_n") & (pub.values.quantity == "count")]
    assert list(zip(stage.arm, stage.level, stage.printed)) == [
        ("Drug", "I", "10"), ("Placebo", "I", "18"), ("Drug", "II", "20"), ("Placebo", "II", "14"),
        ("Drug", "III", "10"), ("Placebo", "III", "6")]
    assert set(stage.n) == {"40", "38"} and pub.cell("t1_stage_n", "", "statistic").text == "4.296"
    assert comps.loc["t1_male_n", "variable_type"] == "binary"  # the row after the levels is an item again
    assert list(comps[comps.category_set == "smoking"].item) == ["Smoking: never", "Smoking: ever"]


def test_chinese_text_with_a_size_column(tmp_path):
    """'例数' column gives the group sizes; 't=1.310' in a cell; the statistic rows print nothing under 例数.
    Printed t and P are scipy's ttest_ind_from_stats: (61.2, 7.4, 40) vs (58.9, 8.1, 38) -> 1.3103, 0.1940;
    (12.5, 3.1, 40) vs (11.9, 2.8, 38) -> 0.8955 (0.895497), 0.3733."""
    src = tmp_path / "t1.txt"
    src.write_text("表1 两组患者一般资料比较(x̄±s)\n"
                   "组别\t例数\t年龄(岁)\t病程(月)\n"
                   "对照组\t40\t61.2±7.4\t12.5±3.1\n"
                   "观察组\t38\t58.9±8.1\t11.9±2.8\n"
                   "t值\t \tt=1.310\t0.895\n"
                   "P值\t \t0.194\t0.373\n", encoding="utf-8")
    out = tmp_path / "imported"
    assert main(["import", str(src), "--out", str(out), "--groups", "C,T"]) == 0
    pub = load_published(out)
    assert pub.cell("t1_年龄_岁", "C", "mean").text == "61.2"
    assert pub.values.set_index(["comparison", "arm", "quantity"]).loc[("t1_年龄_岁", "T", "sd"), "n"] == "38"
    assert pub.cell("t1_年龄_岁", "", "statistic").text == "1.310"
    assert pub.cell("t1_例数", "C", "n").text == "40"
    assert pub.cell("t1_例数", "", "statistic") is None  # nothing printed there
    assert main(["check", str(out), "--out", str(tmp_path / "check")]) == 0
    df = pd.read_csv(tmp_path / "check" / "checks.csv", dtype=str, keep_default_na=False)
    stat = df[df.check == "statistic"].set_index("item").verdict
    assert stat["t1_年龄_岁"] == "consistent" and stat["t1_病程_月"] == "consistent"


def test_english_text_continued_table(tmp_path):
    """Space-aligned text (groups as columns), 'Table 2 (continued)' joins table 2; prose ends each table."""
    out = tmp_path / "imported"
    assert main(["import", "tests/data/import/continued_en.txt", "--out", str(out)]) == 0
    pub = load_published(out)
    comps = pub.comparisons
    assert list(comps.comparison) == ["t2_shape_wedge", "t2_shape_biconcave", "t2_header", "t2_disc_widened",
                                      "t2_posterior_wall_bulge"]
    assert set(comps.table) == {"2"}
    assert list(comps[comps.category_set == "shape"].comparison) == ["t2_shape_wedge", "t2_shape_biconcave"]
    assert pub.cell("t2_posterior_wall_bulge", "OP", "count").text == "0"
    assert pub.cell("t2_posterior_wall_bulge", "OP", "percent") is None
    assert pub.cell("t2_posterior_wall_bulge", "", "p").text == "<0.001"


def test_three_groups_with_f(tmp_path):
    """Three groups and a 'F' column: statistic_name F (one-way ANOVA), printed df kept.
    F from the printed summaries by the textbook formula (between / within mean squares):
    (30, 5.2, 1.1), (32, 5.9, 1.3), (29, 6.4, 1.2) -> F(2, 88) = 7.397, p = 0.0011 (scipy.stats.f.sf)."""
    src = tmp_path / "t.csv"
    src.write_text("Table 1,,,,,,\n"
                   "Variable,Low (n=30),Mid (n=32),High (n=29),F,df,P\n"
                   "\"Score, mean ± SD\",5.2 ± 1.1,5.9 ± 1.3,6.4 ± 1.2,7.397,\"2, 88\",0.001\n", encoding="utf-8")
    out = tmp_path / "imported"
    code = main(["import", str(src), "--out", str(out)])
    assert code == 2  # "2, 88" is not one number: named, nothing written
    assert not out.exists()
    src.write_text(src.read_text(encoding="utf-8").replace('"2, 88"', "88"), encoding="utf-8")
    assert main(["import", str(src), "--out", str(out)]) == 0
    pub = load_published(out)
    comps = pub.comparisons.set_index("comparison")
    assert comps.loc["t1_score_mean_sd", "statistic_name"] == "F"
    assert comps.loc["t1_score_mean_sd", "arms"] == "Low;Mid;High"
    assert pub.cell("t1_score_mean_sd", "", "df").text == "88"
    assert pub.cell("t1_score_mean_sd", "High", "mean").text == "6.4"
