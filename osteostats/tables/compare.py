"""Set every reproduced number beside the printed one, with a verdict and a note.

Verdicts
--------
``match``
    Equal at the printed precision (half-up rounding), or an inequality such as "<0.001"
    holds, or both sides are "–" (not assessable / not reported).
``rounding``
    Equal once the paper's reporting convention is allowed for: the paper truncated where it
    should have rounded (percentages), or a statistic lies within the band that the printed
    precision of its inputs allows (a t from means printed to 2 decimals).
``differs``
    Anything else; the note says which method and which numbers.
"""
from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd
from scipy import stats as sps

from ..printed import PrintedNumber, format_like, truncate
from ..published import Published
from ..stats import likelihood_ratio_g, pearson_chi2, t_from_summary
from .build import Reproduced

COLUMNS = ["table", "comparison", "item", "group", "arm", "quantity", "printed", "reproduced", "verdict",
           "method", "note", "reproduced_exact", "n"]


def _fmt(x: float) -> str:
    return "" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:.10g}"


def t_band(pub: Published, comparison: str, arms: list[str], equal_var: bool = True) -> tuple[float, float] | None:
    """Range of the t statistic over all means and SDs consistent with their printed rounding.

    t is monotone in each mean and SD, so the extremes lie at corners of the box of rounding
    intervals (2^4 corners).
    """
    cells = []
    for arm in arms:
        m, s = pub.cell(comparison, arm, "mean"), pub.cell(comparison, arm, "sd")
        row = pub.values[(pub.values.comparison == comparison) & (pub.values.arm == arm) &
                         (pub.values.quantity == "mean")]
        if m is None or s is None or m.kind != "value" or s.kind != "value" or row.empty:
            return None
        cells.append((m.interval(), s.interval(), int(row.iloc[0]["n"])))
    (m1, s1, n1), (m2, s2, n2) = cells
    ts = [t_from_summary(a, max(b, 0.0), n1, c, max(d, 0.0), n2, equal_var=equal_var).statistic
          for a, b, c, d in itertools.product(m1, s1, m2, s2)]
    return min(ts), max(ts)


def _printed_p_from_stat(stat: PrintedNumber, df: float, p: PrintedNumber, name: str) -> str:
    if stat is None or stat.kind != "value" or p is None or p.is_missing or not df or math.isnan(df):
        return ""
    lo, hi = stat.interval()
    if name == "t":
        ps = [2 * sps.t.sf(abs(x), df) for x in (lo, hi)]
    else:
        ps = [sps.chi2.sf(max(x, 0.0), df) for x in (lo, hi)]
    plo, phi = min(ps), max(ps)
    ok = (p.kind == "value" and any(p.contains(x) for x in np.linspace(plo, phi, 201))) or \
         (p.kind != "value" and p.contains(plo))
    return (f"the printed P {p.text} {'is' if ok else 'is not'} consistent with the printed statistic "
            f"{stat.text} (df {df:g}: p in [{plo:.4g}, {phi:.4g}])")


def compare_with_published(pub: Published, rep: Reproduced, *, equal_var: bool = True) -> pd.DataFrame:
    """One row per printed cell: printed, reproduced (at the printed precision), verdict, note."""
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
        row = dict(table=v.table, comparison=v.comparison, item=c["item"], group=(c.stratum or v.arm or ""),
                   arm=(v.arm if c.stratum else ""), quantity=v.quantity, printed=v.printed,
                   reproduced="", verdict="differs", method="", note="", reproduced_exact="", n="")
        notes: list[str] = []
        if p.is_missing:
            if r is None or (v.quantity in ("statistic", "p")):
                row.update(reproduced="–", verdict="match",
                           note="not printed; " + ("not assessable with this modality, and no reading in the case data"
                                                   if v.quantity == "count" else "no test printed"))
            else:
                row.update(reproduced=_fmt(r["value"]), verdict="differs",
                           note="printed '–' but the case data have a value")
            out.append(row)
            continue
        if r is None:
            row.update(reproduced="", verdict="differs", note="no reproduced value: the case data lack this item")
            out.append(row)
            continue
        x = float(r["value"])
        row.update(reproduced_exact=_fmt(x), n=_fmt(r["n"]), method=r["method"] or "")
        if r["note"]:
            notes.append(r["note"])
        q = v.quantity
        if p.kind != "value":
            row["reproduced"] = f"{x:.4g}"
            row["verdict"] = "match" if p.contains(x) else "differs"
            if row["verdict"] == "differs":
                notes.append(f"{x:.4g} does not satisfy '{p.text}'")
        else:
            shown = format_like(x, p)
            row["reproduced"] = shown
            if shown == p.canonical:
                row["verdict"] = "match"
            elif q == "percent" and f"{truncate(x, p.decimals)}" == p.canonical:
                row["verdict"] = "rounding"
                k = index.get((v.table, c.measure, c.stratum or "", v.arm or "", "count"))
                kn = f"{int(k['value'])}/{int(k['n'])}" if k else "k/n"
                notes.append(f"the paper truncated: {kn} = {x:.4f}%, which rounds to {shown} but truncates to {p.text}")
            elif q == "statistic" and c.statistic_name == "t":
                band = t_band(pub, v.comparison, c.arms.split(";"), equal_var)
                welch = t_band(pub, v.comparison, c.arms.split(";"), False)
                if band and band[0] <= float(p.value) <= band[1]:
                    row["verdict"] = "rounding"
                    notes.append(f"t from the printed means/SDs (rounded inputs) lies in [{band[0]:.3f}, {band[1]:.3f}], "
                                 f"which contains the printed {p.text}")
                elif band:
                    notes.append(f"Student t from the printed means/SDs lies in [{band[0]:.3f}, {band[1]:.3f}] and "
                                 f"Welch t in [{welch[0]:.3f}, {welch[1]:.3f}]; neither contains the printed {p.text}; "
                                 f"the case data give {x:.4f}")
            elif q == "statistic" and c.statistic_name == "chi2":
                notes.append(_chi2_alternatives(index, v.table, c, x, p))
            elif q == "p":
                stat_row = tests[(tests.comparison == r["comparison"]) & (tests.role == "as_printed")]
                df = float(stat_row.iloc[0]["df"]) if not stat_row.empty else float("nan")
                notes.append(f"p = {x:.4g} from the reproduced statistic ({row['method']})")
                printed_stat = pub.cell(v.comparison, "", "statistic")
                extra = _printed_p_from_stat(printed_stat, df, p, c.statistic_name)
                if extra:
                    notes.append(extra)
            else:
                notes.append(f"reproduced {x:.6g} rounds to {shown}, printed {p.text}")
        if q in ("statistic", "p"):
            sel = index.get((v.table, c.measure, c.stratum or "", "", "p_selected"))
            if sel is not None:
                notes.append(f"the configured rule selects {sel['method']} here ({sel['note']}): p = {sel['value']:.4g}")
        row["note"] = "; ".join(n for n in notes if n)
        out.append(row)
    frame = pd.DataFrame(out, columns=COLUMNS)
    return frame


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
