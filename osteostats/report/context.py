"""Turn the workflow's outputs into what the template shows, in one language.

Nothing here computes a statistic: every number comes from a CSV that a stage wrote (tables,
check, models, diagnose) and is only formatted (:mod:`osteostats.report.numbers`) and put into
a sentence of the catalogue (:mod:`osteostats.report.labels`). Verdicts, reasons, methods and
whether a conclusion changes are the structured fields of ``checks.csv`` and ``comparison.csv``;
no note text is read.
"""
from __future__ import annotations

import hashlib
import importlib.metadata as md
import platform
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .. import __version__
from .labels import CHECKS, THRESHOLDS, method, reason
from .numbers import DASH, decimals_of, fixed, missing, p_range, p_text, ratio, value_range
from .strips import forest_axis, forest_strip, range_strip

VERDICT_ORDER = ["match", "rounding", "differs"]
CHECK_VERDICTS = ["consistent", "rounding", "inconsistent", "decision", "warning", "skipped"]
#: Modes of the report: the paper's own cases (reproduction), another cohort beside the paper,
#: or a cohort on its own.
MODES = ("reproduce", "beside", "own")


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def truthy(x) -> bool | None:
    """A boolean CSV cell (``true``/``false``/empty) as True, False or None."""
    if missing(x):
        return None
    if isinstance(x, bool):
        return x
    s = str(x).strip().lower()
    return True if s == "true" else False if s == "false" else None


def num(x) -> float | None:
    return None if missing(x) else float(x)


def blank(df: pd.DataFrame | pd.Series):
    """Missing cells as empty strings (object dtype first, so numeric columns take them)."""
    return df.astype(object).where(df.notna(), "")


@dataclass(frozen=True)
class Lang:
    """One edition: its language code, its catalogue and the study spec (for the study's words)."""

    code: str
    L: dict
    study: object
    p_decimals: int

    def item(self, item: str) -> str:
        """A check/comparison item (a comparison id, optionally with ``[arm]``) in words."""
        base, _, arm = str(item).partition("[")
        arm = arm.rstrip("]")
        label = item_labels(self.study, self.code).get(base, base)
        # paper-level items of the check: "percentages", "table 2"
        if base == "percentages":
            label = self.L["item_percentages"]
        elif re.fullmatch(r"table \S+", base.strip()):
            label = self.L["item_table"].format(n=base.strip().split(" ", 1)[1])
        if arm:
            try:
                label = f"{label} [{self.study.label(arm, self.code)}]"
            except KeyError:
                label = f"{label} [{arm}]"
        return label

    def term(self, term: str, fallback: str) -> str:
        if term.startswith("(Intercept"):
            return self.L["intercept"]
        try:
            return self.study.label(term, self.code)
        except KeyError:
            return fallback

    def join(self, items: list[str]) -> str:
        return self.L["list_sep"].join(items)


_ITEM_CACHE: dict[tuple[int, str], dict[str, str]] = {}


def item_labels(study, lang: str) -> dict[str, str]:
    """Comparison id -> label in ``lang``, from the study spec's layout."""
    key = (id(study), lang)
    if key not in _ITEM_CACHE:
        out = {}
        for t in ("1", "2"):
            for row in study.table_rows(t):
                v = study.variables[row.variable]
                out[v.comparison(t)] = v.label[lang]
        for f in study.findings.values():
            for g in study.group_codes:
                out[f.comparison(g)] = f"{f.label[lang]} ({study.group(g).short[lang]})"
        _ITEM_CACHE[key] = out
    return _ITEM_CACHE[key]


def stat_symbol(method_name: str) -> str:
    """The symbol of a test's statistic, from the exact method name the stage wrote."""
    m = str(method_name)
    if m.startswith(("Student t", "Welch t", "Paired t")):
        return "t"
    if m.startswith("Cochran"):
        return "Q"
    if "G-test" in m:
        return "G"
    if "chi-squared" in m:
        return "χ²"
    return "t / χ²"


# --------------------------------------------------------------------------------------------
# Tables 1-3
# --------------------------------------------------------------------------------------------

class Footnotes:
    """Numbered notes for cells whose reproduced value is not an exact match."""

    def __init__(self) -> None:
        self.items: list[dict] = []

    def add(self, verdict: str, text: str) -> str:
        mark = ("†" if verdict == "differs" else "‡") + str(len(self.items) + 1)
        self.items.append({"mark": mark, "text": text, "verdict": verdict})
        return mark


class CellIndex:
    """The tables stage's values, and the comparison rows, indexed once for cell look-ups."""

    def __init__(self, reproduced: dict[str, pd.DataFrame], cmp: pd.DataFrame | None) -> None:
        self.values: dict[tuple[str, str, str], dict[str, float]] = {}
        for d in reproduced.values():
            for comp, arm, stratum, q, v in zip(d["comparison"], blank(d["arm"]), blank(d["stratum"]),
                                                d["quantity"], d["value"]):
                if not missing(v):
                    self.values.setdefault((comp, arm, stratum), {})[q] = float(v)
        self.rows: dict[tuple[str, str, str], dict[str, dict]] = {}
        if cmp is not None:
            for r in cmp.to_dict("records"):
                key = (r["comparison"], "" if missing(r["arm"]) else r["arm"], "" if missing(r["group"]) else r["group"])
                self.rows.setdefault(key, {})[r["quantity"]] = r
        self.has_cmp = cmp is not None
        self.comparisons = {k[0] for k in self.values}


def _own_text(got: dict[str, float], quantities: list[str], p_decimals: int) -> str:
    """A cell from the tables stage's values (no printed value to follow)."""
    present = [q for q in quantities if q in got]
    if not present:
        return ""
    if present == ["mean", "sd"]:
        return f"{fixed(got['mean'], 2)} ± {fixed(got['sd'], 2)}"
    if present == ["count", "percent"]:
        return f"{int(got['count'])} ({fixed(got['percent'], 1)})"
    q = present[0]
    if q == "p" or q.startswith("p_"):
        return p_text(got[q], p_decimals)
    if q in ("n", "count"):
        return f"{int(got[q])}"
    return fixed(got[q], 3)


def _joined(parts: dict, present: list[str], attr: str, lg: Lang) -> str:
    vals = []
    for q in present:
        v = parts[q][attr]
        if q == "p" or q.startswith("p_"):
            exact = parts[q].get("reproduced_exact") if attr == "reproduced" else None
            v = p_text(exact, lg.p_decimals) if exact is not None and not missing(exact) else v
        vals.append(DASH if missing(v) else str(v))
    if present == ["mean", "sd"]:
        return f"{vals[0]} ± {vals[1]}"
    if present == ["count", "percent"]:
        return f"{vals[0]} ({vals[1]})"
    return " ".join(vals)


def _cell(idx: CellIndex, comparison, arm, stratum, quantities, notes: Footnotes, lg: Lang, mode: str,
          where: str) -> dict:
    """One table cell: the reproduced (or cohort) value; with a paper, the printed one beside it."""
    got = idx.values.get((comparison, arm, stratum), {})
    out = {"text": _own_text(got, quantities, lg.p_decimals), "printed": "", "mark": "", "verdict": ""}
    if not idx.has_cmp:
        return out
    key_arm = "" if not stratum else arm
    group = arm if not stratum else stratum
    parts = idx.rows.get((comparison, key_arm, group), {})
    present = [q for q in quantities if q in parts]
    if not present:
        return out
    printed = _joined(parts, present, "printed", lg)
    if mode == "beside":
        out["printed"] = printed
        return out
    reproduced = _joined(parts, present, "reproduced", lg)
    if reproduced.strip(DASH + " ±()"):
        out["text"] = reproduced
    verdicts = [parts[q]["verdict"] for q in present]
    worst = max(verdicts, key=lambda v: VERDICT_ORDER.index(v) if v in VERDICT_ORDER else 0)
    out["verdict"] = worst
    if worst in ("rounding", "differs"):
        codes = list(dict.fromkeys(str(parts[q].get("reason", "")) for q in present
                                   if parts[q]["verdict"] != "match" and not missing(parts[q].get("reason", ""))))
        why = " ".join(_sentence(reason(c, lg.code), lg) for c in codes)
        out["printed"] = printed
        out["mark"] = notes.add(worst, lg.L["note_cell"].format(mark="", where=where, printed=printed,
                                                                 reproduced=out["text"], reason=why).strip())
    return out


def study_tables(lg: Lang, reproduced: dict[str, pd.DataFrame], cmp: pd.DataFrame | None, mode: str
                 ) -> tuple[list[dict], list[dict]]:
    """Tables 1–3 laid out as the study spec declares; Table 3 with χ², P and Cochran's Q rows."""
    study, L, lang = lg.study, lg.L, lg.code
    notes = Footnotes()
    tables = []
    groups = study.group_codes
    idx = CellIndex(reproduced, cmp)
    for label in ("1", "2"):
        size_comp, unit = ("t1_header", L["unit_patients"]) if label == "1" else ("t2_vertebrae", L["unit_vertebrae"])
        sizes = [_own_text(idx.values.get((size_comp, g, ""), {}), ["n"], lg.p_decimals) or DASH for g in groups]
        rows = []
        for row in study.table_rows(label):
            var = study.variables[row.variable]
            comp = var.comparison(label)
            qs = ["mean", "sd"] if var.type == "continuous" else ["count", "percent"]
            item = var.label[lang]
            cl = [_cell(idx, comp, g, "", qs, notes, lg, mode, f"{item} ({study.group(g).short[lang]})")
                  for g in groups]
            stat = _cell(idx, comp, "", "", ["statistic"], notes, lg, mode, f"{item} ({L['col_stat']})")
            p = _cell(idx, comp, "", "", ["p"], notes, lg, mode, f"{item} (P)")
            rows.append({"item": item, "stat": False, "cells": cl + [stat, p]})
        title = study.layout[f"table{label}"]["title"][lang]
        tables.append({"title": L["table_title"].format(n=label, title=title),
                       "columns": [L["col_group"].format(group=study.group(g).short[lang], n=f"{n} {unit}"
                                                         if lang == "en" else f"{n}{unit}")
                                   for g, n in zip(groups, sizes)] + [L["col_stat"], L["col_p"]],
                       "rows": rows})
    arms = list(study.modalities) + [study.any_code]
    for g in groups:
        comps = [(f, f.comparison(g)) for f in study.table3_findings if f.comparison(g) in idx.comparisons]
        if not comps:
            continue
        rows = []
        for arm in arms:
            rows.append({"item": study.label(arm, lang), "stat": False, "cells": [
                _cell(idx, c, arm, g, ["count", "percent"], notes, lg, mode,
                      f"{f.label[lang]}, {study.label(arm, lang)} ({study.group(g).short[lang]})")
                for f, c in comps]})
        for key, q in (("row_chi2", "statistic"), ("row_p", "p"), ("row_q", "cochran_q"), ("row_p_q", "p_cochran_q")):
            rows.append({"item": L[key], "stat": True, "cells": [
                _cell(idx, c, "", g, [q], notes, lg, mode,
                      f"{f.label[lang]}, {L[key]} ({study.group(g).short[lang]})") for f, c in comps]})
        n = _own_text(idx.values.get((f"t3_{g.lower()}_header", g, g), {}), ["n"], lg.p_decimals) or DASH
        title = study.layout["table3"]["title"][lang]
        tables.append({"title": L["table3_title"].format(title=title, group=study.group(g).short[lang], n=n,
                                                          unit=L["unit_vertebrae"] if lang == "en" else L["unit_vertebrae"]),
                       "columns": [f.label[lang] for f, _ in comps], "rows": rows})
    return tables, notes.items


# --------------------------------------------------------------------------------------------
# Page 1: the verdict
# --------------------------------------------------------------------------------------------

def _stop(lg: Lang) -> str:
    return "。" if lg.code == "zh" else "."


def _sentence(text: str, lg: Lang) -> str:
    """A catalogue phrase as a sentence: capital first letter (English) and a full stop."""
    if not text:
        return ""
    return (text[:1].upper() + text[1:] if lg.code == "en" else text) + _stop(lg)


def _conclusion(changes, alpha, lg: Lang) -> str:
    c = truthy(changes)
    if c is None:
        return ""
    return lg.L["f_conclusion_changes" if c else "f_conclusion_same"].format(alpha=_alpha(alpha))


def _alpha(a) -> str:
    return DASH if missing(a) else f"{float(a):g}"


def _recomputed(r, lg: Lang) -> str:
    """A check row's recomputed value(s), formatted from its numeric fields."""
    to = lg.L["range"]
    lo, hi = num(r.recomputed_low), num(r.recomputed_high)
    if r.check == "test_choice":
        return p_range(r.p_low, r.p_high, lg.p_decimals, to) if not missing(r.p_low) else DASH
    if lo is None:
        if r.check == "nearest_counts" and r.reason == "nearest_table_found":
            return str(r.recomputed)
        return DASH
    d = min(decimals_of(r.printed), 4) if r.check in ("statistic", "percent") else 3
    if r.check in ("p_vs_statistic", "p_vs_recomputed"):
        return p_range(lo, hi, max(lg.p_decimals, decimals_of(r.printed)), to)
    text = value_range(lo, hi, d, to)
    if r.check == "cochran_q_range":
        text = f"Q {text}"
    if not missing(r.p_low) and r.check in ("statistic", "cochran_q_range"):
        text += f"; P {p_range(r.p_low, r.p_high, lg.p_decimals, to)}"
    return text


def findings(checks: pd.DataFrame, lg: Lang) -> tuple[list[str], int]:
    """Each finding of the check once, in plain words; and how many conclusions change."""
    L = lg.L
    c = checks.copy()
    c["table"] = c["table"].map(lambda x: "" if missing(x) else str(x).removesuffix(".0"))
    c = blank(c)
    to = L["range"]
    out_change, out_incons, out_choice, out_other = [], [], [], []
    by_item = {}
    for r in c.itertuples():
        by_item.setdefault((r.check, r.item), r)
    changed_items = {r.item.partition("[")[0] for r in c.itertuples()
                     if truthy(r.conclusion_changes) or r.verdict == "decision"}

    for r in c[(c.check == "statistic") & c.verdict.isin(["inconsistent", "decision"])].itertuples():
        where = L["where_table"].format(table=r.table, item=lg.item(r.item))
        d = decimals_of(r.printed)
        s = L["f_stat"].format(where=where, stat=stat_symbol(r.method), printed=r.printed,
                               method=method(r.method, lg.code), recomputed=value_range(r.recomputed_low,
                                                                                         r.recomputed_high, d, to))
        pr = by_item.get(("p_vs_recomputed", r.item))
        ps = by_item.get(("p_vs_statistic", r.item))
        if pr is not None and pr.verdict == "inconsistent" and ps is not None and ps.verdict in ("consistent", "rounding"):
            s += L["f_p_printed"].format(printed=ps.printed, p=p_range(pr.recomputed_low, pr.recomputed_high,
                                                                         max(lg.p_decimals, decimals_of(ps.printed)), to))
        near = by_item.get(("nearest_counts", r.item))
        if near is not None:
            s += (L["f_nearest"].format(table=near.recomputed) if near.reason == "nearest_table_found"
                  else L["f_nearest_none"])
        s += _conclusion(r.conclusion_changes, r.alpha, lg)
        (out_change if r.item in changed_items else out_incons).append(s)

    for r in c[(c.check == "test_choice") & c.reason.isin(["rule_selects_fisher", "rule_selects_exact"])].itertuples():
        where = L["where_table"].format(table=r.table, item=lg.item(r.item))
        s = L["f_test_choice"].format(where=where, method=method(r.method, lg.code),
                                      p=p_range(r.p_low, r.p_high, lg.p_decimals, to), printed=r.printed)
        s += _conclusion(r.conclusion_changes, r.alpha, lg)
        (out_change if r.item in changed_items and truthy(r.conclusion_changes) else out_choice).append(s)

    design = c[(c.check == "design") & (c.reason == "paired_design_ignored")]
    if len(design):
        qrows = c[(c.check == "cochran_q_range") & (c.recomputed_low != "")]
        s = L["f_paired"].format(n=len(design), items=lg.join([lg.item(i) for i in design.item]),
                                 method=method(design.iloc[0].method, lg.code))
        changed = qrows[qrows.conclusion_changes.map(truthy) == True]  # noqa: E712
        for r in changed.itertuples():
            s += L["f_paired_changes"].format(items=lg.item(r.item), alpha=_alpha(r.alpha),
                                              q=value_range(r.recomputed_low, r.recomputed_high, 3, to),
                                              p=p_range(r.p_low, r.p_high, lg.p_decimals, to), printed=r.printed)
        (out_change if len(changed) else out_other).append(s)

    trunc = c[(c.check == "percent") & (c.reason == "truncated_percent")]
    if len(trunc):
        ex = trunc.iloc[0]
        out_other.append(L["f_truncation"].format(n=len(trunc), example=lg.item(ex["item"]),
                                                  exact=fixed(ex["recomputed_low"], 4), printed=ex["printed"]))
    for r in c[(c.check == "denominator") & (c.reason == "header_other_unit")].drop_duplicates("table").itertuples():
        out_other.append(L["f_denominator_generic"].format(table=r.table, reason=reason(r.reason, lg.code)))
    n_changed = len(changed_items)
    return out_change + out_incons + out_choice + out_other, n_changed


def check_strip_rows(checks: pd.DataFrame, lg: Lang, limit: float) -> list[dict]:
    """Rows of the figure: every printed statistic against its recomputed range."""
    rows = []
    c = checks[(checks.check == "statistic")]
    for r in c.itertuples():
        lo, hi = num(r.recomputed_low), num(r.recomputed_high)
        try:
            printed = float(str(r.printed))
        except ValueError:
            continue
        if lo is None or hi is None:
            continue
        mid = (abs(lo) + abs(hi)) / 2
        if mid == 0:
            continue
        # display transform only: where the printed value and the range sit, in % of the range's middle
        x = 100 * (abs(printed) - mid) / mid
        a, b = 100 * (min(abs(lo), abs(hi)) - mid) / mid, 100 * (max(abs(lo), abs(hi)) - mid) / mid
        table = "" if missing(r.table) else str(r.table).removesuffix(".0")
        rows.append({"item": lg.L["where_table"].format(table=table, item=lg.item(r.item)),
                     "printed": str(r.printed),
                     "recomputed": value_range(lo, hi, decimals_of(r.printed), lg.L["range"]),
                     "verdict": r.verdict, "verdict_label": lg.L.get(f"verdict_{r.verdict}", r.verdict),
                     "svg": range_strip(x, a, b, limit, r.verdict)})
    return rows


def check_list(checks: pd.DataFrame, lg: Lang) -> list[dict]:
    """Appendix A: every check row, formatted from its fields."""
    out = []
    for r in blank(checks).itertuples():
        table = "" if missing(r.table) else str(r.table).removesuffix(".0")
        out.append({"check": CHECKS[lg.code].get(r.check, r.check), "table": table, "item": lg.item(r.item) if r.item
                    else DASH, "printed": r.printed or DASH, "recomputed": _recomputed(r, lg), "verdict": r.verdict,
                    "verdict_label": lg.L.get(f"verdict_{r.verdict}", r.verdict), "reason": reason(r.reason, lg.code),
                    "method": method(r.method, lg.code)})
    return out


# --------------------------------------------------------------------------------------------
# Models
# --------------------------------------------------------------------------------------------

FLAG_SEPARATED, FLAG_NOT_CONVERGED, FLAG_WIDE = "§", "¶", "‡"


def forest_rows(uni: pd.DataFrame, multi: pd.DataFrame, lg: Lang, p_decimals: int, lo_axis: float, hi_axis: float
                ) -> tuple[list[dict], list[str]]:
    """The forest plot as a table: one row per sign (univariable), then the multivariable terms."""
    rows, used = [], []
    blocks = [("model_univariable", uni[uni["analysis"] == "firth"], True)]
    mf = multi[(multi["analysis"] == "firth") & ~multi["term"].astype(str).str.startswith("(Intercept")]
    for model in dict.fromkeys(mf["model"]):
        blocks.append((f"model_{model}", mf[mf["model"] == model], False))
    for key, d, filled in blocks:
        first = True
        for r in d.to_dict("records"):
            flags = []
            ok = str(r["status"]) == "ok"
            if truthy(r["separated"]):
                flags.append(FLAG_SEPARATED)
            if not ok:
                flags.append(FLAG_NOT_CONVERGED)
            lo, hi, est = num(r["or_ci_low"]), num(r["or_ci_high"]), num(r["or"])
            if ok and lo and hi and hi / lo > 1000:
                flags.append(FLAG_WIDE)
            used += flags
            text = (f"{ratio(est)} ({ratio(lo)}–{ratio(hi)})" if ok and est is not None and lo is not None
                    and hi is not None else (ratio(est) if ok and est is not None else DASH))
            rows.append({"model": lg.L.get(key, key) if first else "", "term": lg.term(str(r["term"]), str(r["label"])),
                         "or": text, "p": p_text(r["p"], p_decimals) if ok else DASH, "flags": " ".join(flags),
                         "svg": forest_strip(est if ok else None, lo if ok else None, hi if ok else None,
                                             lo_axis, hi_axis, filled)})
            first = False
    return rows, [f for f in (FLAG_SEPARATED, FLAG_NOT_CONVERGED, FLAG_WIDE) if f in used]


def model_section(data: dict[str, pd.DataFrame], lg: Lang, reconstructed: bool, sensitivity_k: int | None) -> dict:
    L, study = lg.L, lg.study
    uni, multi = data["univariable"], data["multivariable"]
    lo_axis, hi_axis = 0.01, 1000.0
    rows, flags = forest_rows(uni, multi, lg, lg.p_decimals, lo_axis, hi_axis)
    legend = {FLAG_SEPARATED: L["flag_separated"], FLAG_NOT_CONVERGED: L["flag_not_converged"],
              FLAG_WIDE: L["flag_wide"]}
    firth = uni[uni["analysis"] == "firth"]
    sep = [lg.term(str(t), str(lab)) for t, lab, s in zip(firth["term"], firth["label"], firth["separated"]) if truthy(s)]
    mf = multi[multi["analysis"] == "firth"]
    sep_models = [L.get(f"model_{m}", m) for m in dict.fromkeys(mf[mf["separated"].map(truthy) == True]["model"])]  # noqa: E712
    caveats = []
    if reconstructed:
        caveats.append(L["caveat_reconstructed"])
    if sep or sep_models:
        caveats.append(L["caveat_separation"].format(signs=lg.join(sep + sep_models)))
    n_v = int(firth["n"].max()) if len(firth) else 0
    n_p = int(firth["n_patients"].max()) if len(firth) else 0
    caveats.append(L["caveat_clustering"].format(vertebrae=n_v, patients=n_p))
    perf = data["performance"]
    items = []
    for model in dict.fromkeys(perf["model"]):
        m = perf[perf["model"] == model].set_index("metric")
        if "auc_apparent" not in m.index:
            continue
        a = m.loc["auc_apparent"]
        oc = m.loc["auc_optimism_corrected", "estimate"] if "auc_optimism_corrected" in m.index else None
        items.append(L["performance_item"].format(model=L.get(f"model_{model}", model), auc=fixed(a["estimate"], 3),
                                                  lo=fixed(a["ci_low"], 3), hi=fixed(a["ci_high"], 3),
                                                  auc_oc=fixed(oc, 3)))
    files = [L["csv_univariable"], L["csv_multivariable"], L["csv_accuracy"], L["csv_performance"]]
    if sensitivity_k:
        files.append(L["csv_sensitivity"].format(k=sensitivity_k))
    return {"intro": L["models_intro"].format(positive=study.group(study.positive).label[lg.code], vertebrae=n_v,
                                              patients=n_p),
            "forest_title": L["forest_title"].format(positive=study.group(study.positive).short[lg.code]),
            "rows": rows, "axis": forest_axis(lo_axis, hi_axis),
            "legend": [(f, legend[f]) for f in flags], "caveats": caveats,
            "performance": L["performance_short"].format(items=L["list_sep"].join(items)) if items else "",
            "files": L["csv_files"].format(files=L["list_sep"].join(files))}


# --------------------------------------------------------------------------------------------
# Appendices
# --------------------------------------------------------------------------------------------

def threshold_rows(path: Path, lg: Lang) -> list[dict]:
    t = pd.read_csv(path, keep_default_na=False)
    t = t[t["rule_family"] != "validation"]
    return [{"rule": r.key, "threshold": f"{r.operator} {r.value:g} {r.unit}".strip(),
             "meaning": THRESHOLDS[lg.code].get(r.key, r.meaning), "source": r.source,
             "section": "" if r.section == "none" else r.section} for r in t.itertuples()]


def software_versions(L: dict) -> list[tuple[str, str]]:
    out = [("python", platform.python_version()), ("osteostats", __version__)]
    for name in ("numpy", "pandas", "scipy", "pyarrow", "matplotlib", "pandera", "jinja2", "snakemake",
                 "weasyprint"):
        try:
            out.append((name, md.version(name)))
        except md.PackageNotFoundError:
            out.append((name, L["not_installed"]))
    return out


def git_commit(root: Path) -> str:
    try:
        r = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, timeout=10)
        return r.stdout.strip() if r.returncode == 0 else DASH
    except (OSError, subprocess.SubprocessError):
        return DASH
