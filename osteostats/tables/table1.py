"""Table 1: clinical data at patient level (age, sex, BMI, osteoporosis)."""
from __future__ import annotations

import pandas as pd

from ..rules import dxa_category
from ..stats import choose_count_test, pearson_chi2, t_from_summary
from .cells import CellCollector
from .options import TableOptions

TABLE = "1"


def add_continuous(col: CellCollector, table: str, comparison: str, measure: str, item: str,
                   values: dict[str, pd.Series], opts: TableOptions) -> None:
    """Mean, SD, min, max, n per group, and the t-test (Student by default)."""
    summ = {}
    for g, v in values.items():
        x = pd.to_numeric(v, errors="coerce").dropna()
        missing = int(len(v) - len(x))
        note = f"{missing} missing value(s) excluded" if missing else ""
        summ[g] = (float(x.mean()), float(x.std(ddof=1)), int(len(x)))
        col.add(table, comparison, measure, item, g, "n", len(x), len(x), note=note)
        for q, val in (("mean", x.mean()), ("sd", x.std(ddof=1)), ("min", x.min()), ("max", x.max())):
            col.add(table, comparison, measure, item, g, q, val, len(x), note=note)
    a, b = opts.groups
    res = t_from_summary(*summ[a], *summ[b], equal_var=opts.t_test == "student")
    col.add(table, comparison, measure, item, "", "statistic", res.statistic, res.n, method=res.method)
    col.add(table, comparison, measure, item, "", "p", res.p, res.n, method=res.method)
    col.add_test(table, comparison, measure, item, "as_printed", res,
                 note=f"{a} minus {b}; t_test={opts.t_test} (config)")


def add_binary(col: CellCollector, table: str, comparison: str, measure: str, item: str,
               flags: dict[str, pd.Series], opts: TableOptions, *, test: bool = True) -> None:
    """Count and percentage per group (denominator = non-missing rows), χ² and the rule's test."""
    rows = []
    for g, f in flags.items():
        f = f.dropna().astype(int)
        k, n = int(f.sum()), int(len(f))
        missing = int(len(flags[g]) - n)
        note = f"{missing} missing value(s) excluded from the denominator" if missing else ""
        col.add(table, comparison, measure, item, g, "count", k, n, note=note)
        col.add(table, comparison, measure, item, g, "percent", 100.0 * k / n if n else float("nan"), n, note=note)
        rows.append([k, n - k])
    if not test:
        return
    chi = pearson_chi2(rows, correction=opts.chi2_yates)
    col.add(table, comparison, measure, item, "", "statistic", chi.statistic, chi.n, method=chi.method)
    col.add(table, comparison, measure, item, "", "p", chi.p, chi.n, method=chi.method)
    col.add_test(table, comparison, measure, item, "as_printed", chi)
    sel = choose_count_test(rows, opts.rule)
    col.add_test(table, comparison, measure, item, "selected", sel)
    if sel.key != chi.key:
        col.add(table, comparison, measure, item, "", "p_selected", sel.p, sel.n, method=sel.method, note=sel.note)


def build_table1(patients: pd.DataFrame, opts: TableOptions, col: CellCollector) -> None:
    """Add Table 1's cells to ``col``.

    Rows: group sizes; age and BMI (mean, SD, min, max; Student t); sex (male and female
    counts; Pearson χ² for male); osteoporosis, derived from ``t_score_min`` through
    :func:`osteostats.rules.dxa_category` (T ≤ −2.5), never read from a stored column.
    """
    groups = {g: patients[patients["group"] == g] for g in opts.groups}
    for g, d in groups.items():
        col.add(TABLE, "t1_header", "patients", "Group size (patients)", g, "n", len(d), len(d))
    add_continuous(col, TABLE, "t1_age", "age", "Age, years", {g: d["age"] for g, d in groups.items()}, opts)
    add_binary(col, TABLE, "t1_sex_male", "sex_male", "Sex: male",
               {g: (d["sex"] == "M").astype(int).where(d["sex"].notna()) for g, d in groups.items()}, opts)
    add_binary(col, TABLE, "t1_sex_female", "sex_female", "Sex: female",
               {g: (d["sex"] == "F").astype(int).where(d["sex"].notna()) for g, d in groups.items()}, opts, test=False)
    add_continuous(col, TABLE, "t1_bmi", "bmi", "BMI, kg/m2", {g: d["bmi"] for g, d in groups.items()}, opts)
    flags = {}
    for g, d in groups.items():
        cat = pd.Series(dxa_category(d["t_score_min"].astype(float)), index=d.index)
        flags[g] = (cat == "osteoporosis").astype(int).where(cat != "indeterminate")
    add_binary(col, TABLE, "t1_osteoporosis", "osteoporosis", "Osteoporosis (DXA T <= -2.5)", flags, opts)
