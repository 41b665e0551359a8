"""Table 1: clinical data at patient level (the study spec's ``layout.table1`` rows)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..cases.codes import level_codes
from ..stats import choose_count_test, pearson_chi2, t_from_summary
from ..study import variable_values
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
               flags: dict[str, pd.Series | np.ndarray], opts: TableOptions, *, test: bool = True) -> None:
    """Count and percentage per group (denominator = non-missing rows), χ² and the rule's test."""
    rows = []
    for g, f in flags.items():
        x = np.asarray(f, dtype=float)
        x = x[~np.isnan(x)].astype(int)
        k, n = int(x.sum()), int(len(x))
        missing = int(len(f) - n)
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
    """Add Table 1's cells to ``col``: group sizes, then the study spec's ``layout.table1`` rows.

    Continuous variables: mean, SD, min, max, n per group and the t-test; binary variables:
    count and percentage (denominator: patients with a value) and χ² plus the rule's test.
    Derived variables (osteoporosis from the T-score) go through :mod:`osteostats.rules`, as the
    spec declares, never read from a stored column.
    """
    masks = group_masks(patients, opts)
    for g, m in masks.items():
        n = int(m.sum())
        col.add(TABLE, "t1_header", "patients", "Group size (patients)", g, "n", n, n)
    add_rows(col, TABLE, patients, masks, opts)


def group_masks(frame: pd.DataFrame, opts: TableOptions) -> dict[str, np.ndarray]:
    """One boolean row mask per compared group, reference first (from the group's codes)."""
    codes = level_codes(frame["group"], opts.groups)
    return {g: codes == i for i, g in enumerate(opts.groups)}


def add_rows(col: CellCollector, table: str, frame: pd.DataFrame, masks: dict[str, np.ndarray],
             opts: TableOptions) -> None:
    """The rows of Table 1 or 2 as the study spec lays them out.

    Each variable is computed once over ``frame`` and then split by the group masks (the
    values of a group are those rows, in file order, so every sum is the one a per-group
    frame gives).
    """
    spec = opts.study
    for row in spec.table_rows(table):
        var = spec.variables[row.variable]
        x = variable_values(frame, var).to_numpy(dtype=float)
        label = var.label["en"]
        if var.type == "continuous":
            values = {g: pd.Series(x[m]) for g, m in masks.items()}
            add_continuous(col, table, var.comparison(table), var.name, label, values, opts)
        else:
            add_binary(col, table, var.comparison(table), var.name, label, {g: x[m] for g, m in masks.items()},
                       opts, test=row.test)
