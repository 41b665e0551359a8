"""Set every reproduced number beside the printed one, with a verdict, a reason and a note.

Printed-vs-reproduced is judged with the reviewer check's interval code
(:mod:`osteostats.check.intervals`, :mod:`osteostats.check.methods`,
:mod:`osteostats.check.percentages`): a printed number stands for its rounding interval, a t
for the range that the rounding of the printed means and SDs allows, a P for the p range of
the printed statistic's interval. The *reproduced* value is always what is judged.

Verdicts
--------
``match``
    Equal at the printed precision (half-up rounding), or an inequality such as "<0.001"
    holds, or both sides are "–" (not assessable / not reported).
``rounding``
    Equal once the paper's reporting convention is allowed for: the paper truncated (or
    rounded half-to-even) where it should have rounded half-up (percentages, judged on the
    exact count / n), or a t statistic whose printed and reproduced values both lie in the
    range that the printed precision of the means and SDs allows.
``differs``
    Anything else; ``reason`` says why and the note gives the method and the numbers.

Besides the text columns each row carries ``reason`` (a code of :data:`REASONS`),
``conclusion_changes`` (statistic and P rows: does the decision at alpha differ between the
printed P and the reproduced p? ``true``/``false``, empty when the printed P cannot say) and
``printed_low``/``printed_high`` (the printed number's rounding interval).
"""
from __future__ import annotations

import math
from fractions import Fraction

import pandas as pd

from ..check.inputs import Index
from ..check.intervals import Interval, abs_interval, conclusion_changes, overlaps, p_matches, p_range, printed_interval
from ..check.methods import mean_inputs, t_methods
from ..check.percentages import percent_modes
from ..check.rows import fmt_field
from ..printed import PrintedNumber, format_like, round_decimal
from ..published import Published
from ..stats import likelihood_ratio_g, pearson_chi2
from .build import Reproduced
from .cohort_difference import cohort_difference
from .reasons import REASONS

COLUMNS = ["table", "comparison", "item", "group", "arm", "quantity", "printed", "reproduced", "verdict",
           "method", "note", "reproduced_exact", "n", "reason", "conclusion_changes", "printed_low", "printed_high",
           "difference", "difference_ci_low", "difference_ci_high", "difference_method"]

#: Reason codes of ``comparison.csv`` (shared codes have the reviewer check's wording).

_NON_NEGATIVE = {"n", "count", "percent", "sd", "p"}


def _fmt(x: float) -> str:
    return "" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:.10g}"


def _printed_bounds(p: PrintedNumber, quantity: str, statistic_name: str) -> tuple[str, str]:
    """The printed number's rounding interval as CSV cells (clipped at 0 where negative values are impossible)."""
    if p.is_missing:
        return "", ""
    lower = 0.0 if quantity in _NON_NEGATIVE or (quantity == "statistic" and statistic_name != "t") else -math.inf
    lo, hi = printed_interval(p, lower=lower)
    return fmt_field(lo), fmt_field(hi)


def judge_t(idx: Index, comparison: str, x: float, printed: PrintedNumber, *, equal_var: bool = True
            ) -> tuple[str, str, str]:
    """Verdict, reason and note for a reproduced t that does not round to the printed t.

    Parameters
    ----------
    idx
        The printed cells (the check's index of the published folder).
    comparison
        The comparison id.
    x
        The reproduced t (from the case data).
    printed
        The printed t.
    equal_var
        Judge with Student's (True) or Welch's (False) range; the note gives both.

    Notes
    -----
    The range of t over the rounding intervals of the printed means and SDs comes from
    :func:`osteostats.check.methods.t_methods` (exact: the extremes lie at the 16 corners;
    validated against scipy in ``tests/test_check_intervals.py``). ``rounding`` needs both the
    printed t and the reproduced t in that range (compared as |t|, as the check does);
    a reproduced t outside it means the case data do not reproduce the printed summaries.

    Examples
    --------
    >>> from osteostats.published import load_published
    >>> from osteostats.printed import parse_printed as pp
    >>> idx = Index(load_published("data/published"))
    >>> judge_t(idx, "t1_bmi", 1.590, pp("0.729"))[:2]
    ('differs', 'reproduced_outside_range')
    >>> judge_t(idx, "t1_age", 3.4661, pp("3.446"))[:2]
    ('differs', 'stat_outside_range')
    """
    comp = idx.by_id[comparison]
    mi, _ = mean_inputs(idx, comp)
    if mi is None:
        return "differs", "value_differs", ""
    bands: dict[str, Interval] = {e.key: e.stat_iv for e in t_methods(mi)}
    sel, other = ("student_t", "welch_t") if equal_var else ("welch_t", "student_t")
    band = bands[sel]
    target = abs_interval(printed_interval(printed))
    printed_in = overlaps(abs_interval(band), target)
    lo, hi = abs_interval(band)
    reproduced_in = lo <= abs(x) <= hi
    name = {"student_t": "Student", "welch_t": "Welch"}
    if printed_in and reproduced_in:
        return "rounding", "stat_within_input_rounding", (
            f"t from the printed means/SDs (rounded inputs) lies in [{band[0]:.3f}, {band[1]:.3f}], which contains "
            f"the printed {printed.text} and the reproduced {x:.4f}")
    if printed_in:
        return "differs", "reproduced_outside_range", (
            f"{name[sel]} t from the printed means/SDs lies in [{band[0]:.3f}, {band[1]:.3f}], which contains the "
            f"printed {printed.text}, but the case data give {x:.4f}, outside it: the case data do not reproduce "
            f"the printed means and SDs")
    s, w = bands["student_t"], bands["welch_t"]
    other_in = overlaps(abs_interval(bands[other]), target)
    tail = (f"{name[other]} t contains it (the paper may have used {name[other]}'s t)" if other_in
            else f"neither contains the printed {printed.text}")
    return "differs", "stat_outside_range", (
        f"Student t from the printed means/SDs lies in [{s[0]:.3f}, {s[1]:.3f}] and Welch t in [{w[0]:.3f}, {w[1]:.3f}]; "
        f"{tail}; the case data give {x:.4f}")


def _printed_p_from_stat(stat: PrintedNumber | None, df: float, p: PrintedNumber, name: str) -> tuple[str, bool]:
    """Note on whether the printed P follows from the printed statistic, and whether it does."""
    if stat is None or stat.kind != "value" or p is None or p.is_missing or not df or math.isnan(df):
        return "", False
    family = "t" if name == "t" else "chi2"
    stat_iv = printed_interval(stat, lower=0.0 if family == "chi2" else -math.inf)
    plo, phi = p_range(stat_iv, (df, df), family)
    ok = p_matches(p, (plo, phi))
    return (f"the printed P {p.text} {'is' if ok else 'is not'} consistent with the printed statistic "
            f"{stat.text} (df {df:g}: p in [{plo:.4g}, {phi:.4g}])"), ok


def compare_with_published(pub: Published, rep: Reproduced, *, equal_var: bool = True,
                            alpha: float | None = None) -> pd.DataFrame:
    """One row per printed cell: printed, reproduced (at the printed precision), verdict, reason, note.

    Parameters
    ----------
    pub
        The printed values (:func:`osteostats.published.load_published`).
    rep
        The reproduced tables (:func:`osteostats.tables.build_tables`).
    equal_var
        Judge t statistics with Student's (True) or Welch's (False) range.
    alpha
        Significance level for ``conclusion_changes`` (default: the paper's, ``pub.alpha``).

    Returns
    -------
    DataFrame
        Columns :data:`COLUMNS`, all strings.

    Notes
    -----
    Verdicts and reasons as in the module docstring; intervals from :mod:`osteostats.check`.

    Examples
    --------
    >>> from osteostats.cases import load_cases
    >>> from osteostats.published import load_published
    >>> from osteostats.tables import build_tables
    >>> cmp = compare_with_published(load_published("data/published"), build_tables(load_cases("data/cases")))
    >>> cmp.groupby("verdict").size().to_dict()
    {'differs': 4, 'match': 155, 'rounding': 12}
    """
    alpha = pub.alpha if alpha is None else alpha
    idx = Index(pub)
    comps = pub.comparisons.set_index("comparison")
    cells = rep.cells.copy()
    cells["key"] = list(zip(cells.table, cells.measure, cells.stratum.fillna(""), cells.arm.fillna(""), cells.quantity))
    index = {k: r for k, r in zip(cells.key, cells.to_dict("records"))}
    tests = rep.tests
    out = []
    for v in pub.values.itertuples():
        c = comps.loc[v.comparison]
        key = (v.table, c.measure, c.stratum or "", v.arm or "", v.quantity)
        r = index.get(key)
        p: PrintedNumber = v.parsed
        low, high = _printed_bounds(p, v.quantity, c.statistic_name)
        row = dict(table=v.table, comparison=v.comparison, item=c["item"], group=(c.stratum or v.arm or ""),
                   arm=(v.arm if c.stratum else ""), quantity=v.quantity, printed=v.printed,
                   reproduced="", verdict="differs", method="", note="", reproduced_exact="", n="",
                   reason="value_differs", conclusion_changes="", printed_low=low, printed_high=high,
                   difference="", difference_ci_low="", difference_ci_high="", difference_method="")
        notes: list[str] = []
        if p.is_missing:
            if r is None or (v.quantity in ("statistic", "p")):
                row.update(reproduced="–", verdict="match", reason="not_printed",
                           note="not printed; " + ("not assessable with this modality, and no reading in the case data"
                                                   if v.quantity == "count" else "no test printed"))
            else:
                row.update(reproduced=_fmt(r["value"]), verdict="differs", reason="printed_dash_but_value",
                           note="printed '–' but the case data have a value")
            out.append(row)
            continue
        if r is None:
            row.update(reproduced="", verdict="differs", reason="no_reproduced_value",
                       note="no reproduced value: the case data lack this item")
            out.append(row)
            continue
        x = float(r["value"])
        row.update(reproduced_exact=_fmt(x), n=_fmt(r["n"]), method=r["method"] or "")
        if r["note"]:
            notes.append(r["note"])
        q = v.quantity
        if p.kind != "value":
            row["reproduced"] = f"{x:.4g}"
            ok = p.contains(x)
            row["verdict"], row["reason"] = ("match", "inequality_holds") if ok else ("differs", "inequality_fails")
            if not ok:
                notes.append(f"{x:.4g} does not satisfy '{p.text}'")
        else:
            shown = format_like(x, p)
            row["reproduced"] = shown
            if shown == p.canonical:
                row["verdict"], row["reason"] = "match", "equal_at_printed_precision"
            elif q == "percent" and (mode := _percent_convention(index, v, c, x, p)):
                row["verdict"] = "rounding"
                row["reason"] = "truncated_percent" if mode == "truncate" else "half_even_percent"
                k = index.get((v.table, c.measure, c.stratum or "", v.arm or "", "count"))
                kn = f"{int(k['value'])}/{int(k['n'])}" if k else "k/n"
                notes.append(f"the paper truncated: {kn} = {x:.4f}%, which rounds to {shown} but truncates to {p.text}"
                             if mode == "truncate" else
                             f"the paper rounded half-to-even: {kn} = {x:.4f}%, which rounds (half-up) to {shown}, "
                             f"half-to-even to {p.text}")
            elif q == "statistic" and c.statistic_name == "t":
                row["verdict"], row["reason"], note = judge_t(idx, v.comparison, x, p, equal_var=equal_var)
                notes.append(note)
            elif q == "statistic" and c.statistic_name == "chi2":
                row["reason"] = "no_method_reproduces"
                notes.append(_chi2_alternatives(index, v.table, c, x, p))
            elif q == "p":
                stat_row = tests[(tests.comparison == r["comparison"]) & (tests.role == "as_printed")]
                df = float(stat_row.iloc[0]["df"]) if not stat_row.empty else float("nan")
                notes.append(f"p = {x:.4g} from the reproduced statistic ({row['method']})")
                printed_stat = pub.cell(v.comparison, "", "statistic")
                extra, from_stat = _printed_p_from_stat(printed_stat, df, p, c.statistic_name)
                row["reason"] = "p_from_printed_stat" if from_stat else "p_differs"
                if extra:
                    notes.append(extra)
            else:
                notes.append(f"reproduced {x:.6g} rounds to {shown}, printed {p.text}")
        if q in ("statistic", "p"):
            sel = index.get((v.table, c.measure, c.stratum or "", "", "p_selected"))
            if sel is not None:
                notes.append(f"the configured rule selects {sel['method']} here ({sel['note']}): p = {sel['value']:.4g}")
            if row["verdict"] == "match":
                if c.design == "paired":
                    row["reason"] = "paired_design_ignored"
                elif sel is not None:
                    row["reason"] = "rule_selects_fisher" if sel["method"].startswith("Fisher") else "rule_selects_other_test"
            printed_p = pub.cell(v.comparison, "", "p")
            rep_p = index.get((v.table, c.measure, c.stratum or "", "", "p"))
            if printed_p is not None and not printed_p.is_missing and rep_p is not None and not math.isnan(rep_p["value"]):
                row["conclusion_changes"] = fmt_field(conclusion_changes(printed_p, (rep_p["value"],) * 2, alpha))
        row["note"] = "; ".join(n for n in notes if n)
        if q in ("percent", "mean"):
            _add_difference(row, pub, index, v, c, alpha)
        out.append(row)
    frame = pd.DataFrame(out, columns=COLUMNS)
    return frame


def _add_difference(row: dict, pub: Published, index: dict, v, c, alpha: float) -> None:
    """Cohort minus paper, with its CI, for a printed percentage or mean (for an own cohort shown
    beside the published one; on the paper's own reconstruction it is about 0)."""
    own, printed = {}, {}
    for q in ("count", "mean", "sd"):
        r = index.get((v.table, c.measure, c.stratum or "", v.arm or "", q))
        if r is not None:
            own[q] = (float(r["value"]), float(r["n"]) if not math.isnan(r["n"]) else 0.0)
        cell = pub.cell(v.comparison, v.arm, q)
        if cell is not None and cell.kind == "value":
            n = pd.to_numeric(pub.cell_n(v.comparison, v.arm, q), errors="coerce")
            printed[q] = (float(cell.value), 0.0 if pd.isna(n) else float(n))
    d, lo, hi, method = cohort_difference(v.quantity, own, printed, alpha)
    if method:
        row.update(difference=_fmt(d), difference_ci_low=_fmt(lo), difference_ci_high=_fmt(hi), difference_method=method)


def _percent_convention(index: dict, v, c, x: float, p: PrintedNumber) -> str:
    """``"truncate"`` or ``"half_even"`` when that convention turns the reproduced share into the
    printed percentage, else ``""``: exact on count / n (:func:`osteostats.check.percentages.percent_modes`)."""
    if math.isnan(x):
        return ""
    k = index.get((v.table, c.measure, c.stratum or "", v.arm or "", "count"))
    if k is not None and k["n"] and not math.isnan(k["n"]):
        modes = percent_modes(int(k["value"]), int(k["n"]), p)
    else:
        exact = Fraction(repr(x))
        modes = {m: round_decimal(exact, p.decimals, m) == p.value for m in ("truncate", "half_even")}
    return "truncate" if modes["truncate"] else "half_even" if modes["half_even"] else ""


def _chi2_alternatives(index: dict, table: str, c, x: float, p: PrintedNumber) -> str:
    arms = c.arms.split(";")
    counts = []
    for arm in arms:
        k = index.get((table, c.measure, c.stratum or "", arm, "count"))
        if k is None:
            return ""
        counts.append((int(k["value"]), int(k["n"])))
    tab = [[k, n - k] for k, n in counts]
    desc = ", ".join(f"{k}/{n}" for k, n in counts)
    parts = [f"Pearson {pearson_chi2(tab).statistic:.3f}"]
    if len(tab) == 2:
        parts.append(f"Yates {pearson_chi2(tab, correction=True).statistic:.3f}")
    parts.append(f"likelihood-ratio G {likelihood_ratio_g(tab).statistic:.3f}")
    if c.union_arm and len(tab) > 2:
        sub = [t for a, t in zip(arms, tab) if a != c.union_arm]
        parts.append(f"Pearson without the '{c.union_arm}' row {pearson_chi2(sub).statistic:.3f}")
    return f"on counts {desc}: " + ", ".join(parts) + f"; none of these gives the printed {p.text}"
