"""Build the template context from the workflow's outputs (no statistics computed here)."""
from __future__ import annotations

import hashlib
import importlib.metadata as md
import math
import platform
import subprocess
from pathlib import Path

import pandas as pd

from .. import __version__

VERDICT_ORDER = ["match", "rounding", "differs"]


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def fmt(x, digits: int = 3) -> str:
    """Format numbers for display only (the CSVs keep full precision)."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return ""
    if isinstance(x, (int,)) or (isinstance(x, float) and x.is_integer() and abs(x) < 1e6):
        return f"{int(x)}"
    if isinstance(x, float):
        if x != 0 and (abs(x) < 1e-3 or abs(x) >= 1e5):
            return f"{x:.{digits}g}"
        return f"{x:.{digits}f}"
    return str(x)


def frame_rows(df: pd.DataFrame, columns: list[str] | None = None) -> dict:
    """A small table for the template: header and formatted rows."""
    cols = [c for c in (columns or list(df.columns)) if c in df.columns]
    rows = [[fmt(v) if isinstance(v, float) else ("" if v is None else str(v)) for v in rec]
            for rec in df[cols].itertuples(index=False, name=None)]
    return {"columns": cols, "rows": rows}


class Footnotes:
    """Numbered footnotes for cells that differ from the printed value."""

    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, text: str) -> int:
        self.items.append(text)
        return len(self.items)


def p_text(p: float, decimals: int) -> str:
    """P in journal style: ``<0.001`` below the shown precision, else ``decimals`` places."""
    if p is None or (isinstance(p, float) and math.isnan(p)):
        return ""
    floor = 10.0 ** -decimals
    return f"<{floor:.{decimals}f}" if p < floor else f"{p:.{decimals}f}"


def _reproduced_text(cells: pd.DataFrame, comparison: str, arm: str, stratum: str, quantities: list[str],
                     p_decimals: int) -> tuple[str, dict]:
    sub = cells[(cells.comparison == comparison) & (cells.arm.fillna("") == arm)
                & (cells.stratum.fillna("") == stratum)]
    got = {r.quantity: float(r.value) for r in sub.itertuples()}
    present = [q for q in quantities if q in got]
    if not present:
        return "", got
    if present == ["mean", "sd"]:
        return f"{got['mean']:.2f} ± {got['sd']:.2f}", got
    if present == ["count", "percent"]:
        return f"{int(got['count'])} ({got['percent']:.1f})", got
    q = present[0]
    if q == "p" or q.startswith("p_"):
        return p_text(got[q], p_decimals), got
    if q in ("n", "count"):
        return f"{int(got[q])}", got
    return f"{got[q]:.3f}", got


def _cell(cells: pd.DataFrame, cmp: pd.DataFrame | None, comparison: str, arm: str, stratum: str,
          quantities: list[str], notes: Footnotes, p_decimals: int) -> dict:
    """One table cell: the reproduced value and, with a comparison, the printed one and its verdict."""
    text, _ = _reproduced_text(cells, comparison, arm, stratum, quantities, p_decimals)
    out = {"text": text, "printed": "", "mark": None, "verdict": ""}
    if cmp is None:
        return out
    key_arm = "" if not stratum else arm
    group = arm if not stratum else stratum
    sub = cmp[(cmp.comparison == comparison) & (cmp.arm.fillna("") == key_arm) & (cmp.group.fillna("") == group)]
    parts = {r.quantity: r for r in sub.itertuples()}
    present = [q for q in quantities if q in parts]
    if not present:
        return out
    printed = [str(parts[q].printed) for q in present]
    out["printed"] = f"{printed[0]} ± {printed[1]}" if present == ["mean", "sd"] else (
        f"{printed[0]} ({printed[1]})" if present == ["count", "percent"] else " ".join(printed))
    if not text:
        out["text"] = " ".join(str(parts[q].reproduced) for q in present)
    verdicts = [parts[q].verdict for q in present]
    worst = max(verdicts, key=VERDICT_ORDER.index)
    out["verdict"] = worst
    if worst != "match":
        why = "; ".join(f"{q}: {parts[q].note}" for q in present
                        if parts[q].verdict != "match" and isinstance(parts[q].note, str) and parts[q].note)
        out["mark"] = notes.add(f"[{worst}] {why}")
    return out


def study_tables(study, reproduced: dict[str, pd.DataFrame], cmp: pd.DataFrame | None, L: dict, lang: str,
                 p_decimals: int) -> tuple[list[dict], list[str]]:
    """Tables 1–3 laid out as the study spec declares, each reproduced cell beside the printed one.

    Only what the tables stage wrote is shown (no statistic is computed here); with a comparison
    the printed value, its verdict and a footnote follow each cell that is not a plain match.
    """
    notes = Footnotes()
    tables = []
    groups = study.group_codes
    for label in ("1", "2"):
        cells = reproduced[label]
        size_comp, unit = ("t1_header", L["unit_patients"]) if label == "1" else ("t2_vertebrae", L["unit_vertebrae"])
        sizes = [_reproduced_text(cells, size_comp, g, "", ["n"], p_decimals)[0] for g in groups]
        rows = []
        for row in study.table_rows(label):
            var = study.variables[row.variable]
            comp = var.comparison(label)
            qs = ["mean", "sd"] if var.type == "continuous" else ["count", "percent"]
            cl = [_cell(cells, cmp, comp, g, "", qs, notes, p_decimals) for g in groups]
            stat = _cell(cells, cmp, comp, "", "", ["statistic"], notes, p_decimals)
            p = _cell(cells, cmp, comp, "", "", ["p"], notes, p_decimals)
            rows.append({"item": var.label[lang], "cells": cl + [stat, p]})
        title = study.layout[f"table{label}"]["title"][lang]
        tables.append({"label": f"{label} — {title}",
                       "columns": [f"{study.group(g).short[lang]} (n = {n} {unit})" for g, n in zip(groups, sizes)]
                                  + [L["statistic"], L["p"]], "rows": rows})
    cells = reproduced["3"]
    arms = list(study.modalities) + [study.any_code]
    for g in groups:
        comps = [(f, f.comparison(g)) for f in study.table3_findings
                 if (cells.comparison == f.comparison(g)).any()]
        if not comps:
            continue
        rows = []
        for arm in arms:
            rows.append({"item": study.label(arm, lang),
                         "cells": [_cell(cells, cmp, c, arm, g, ["count", "percent"], notes, p_decimals)
                                   for _, c in comps]})
        for item, q in ((L["chi2_independent"], "statistic"), (L["p"], "p"), (L["cochran_q"], "cochran_q"),
                        (L["p_cochran_q"], "p_cochran_q")):
            rows.append({"item": item, "cells": [_cell(cells, cmp, c, "", g, [q], notes, p_decimals) for _, c in comps]})
        n = _reproduced_text(cells, f"t3_{g.lower()}_header", g, g, ["n"], p_decimals)[0]
        title = study.layout["table3"]["title"][lang]
        tables.append({"label": f"3 — {title}: {study.group(g).short[lang]} (n = {n} {L['unit_vertebrae']})",
                       "columns": [f.label[lang] for f, _ in comps], "rows": rows})
    return tables, notes.items


def software_versions() -> list[tuple[str, str]]:
    out = [("python", platform.python_version()), ("osteostats", __version__)]
    for name in ("numpy", "pandas", "scipy", "statsmodels", "matplotlib", "jinja2", "pandera", "firthmodels",
                 "snakemake", "weasyprint"):
        try:
            out.append((name, md.version(name)))
        except md.PackageNotFoundError:
            out.append((name, "not installed"))
    return out


def git_commit(root: Path) -> str:
    try:
        r = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, timeout=10)
        return r.stdout.strip() if r.returncode == 0 else "not a git checkout"
    except (OSError, subprocess.SubprocessError):
        return "git not available"


def _ci(df: pd.DataFrame, est: str, lo: str, hi: str) -> list[str]:
    out = []
    for e, a, b in zip(df[est], df[lo], df[hi]):
        if pd.isna(e) or e == "":
            out.append("")
        elif pd.isna(a) or pd.isna(b) or a == "" or b == "":
            out.append(fmt(float(e)))
        else:
            out.append(f"{fmt(float(e))} ({fmt(float(a))}–{fmt(float(b))})")
    return out


def model_tables(data: dict[str, pd.DataFrame]) -> list[dict]:
    """The model outputs, curated for reading (the CSVs keep every column)."""
    blocks = []
    for key, title in (("univariable", "Univariable models, one sign at a time: OR for metastasis (95 % CI)"),
                       ("multivariable", "Multivariable models (pre-specified signs; patient-level age and sex)")):
        d = data[key].copy()
        d["or_95ci"] = [("not converged" if str(st) not in ("ok", "nan", "") else c)
                        for c, st in zip(_ci(d, "or", "or_ci_low", "or_ci_high"), d["status"])]
        d["analysis"] = d["analysis"].astype(str)
        keys = ["model", "term", "label"]
        main = d[d["analysis"] == "firth"].copy()
        main["p"] = [fmt(float(x)) if not pd.isna(x) and x != "" else "" for x in main["p"]]
        main["present_met/op"] = [f"{a}/{b}" for a, b in zip(main["present_met"], main["present_op"])]
        wide = d.pivot_table(index=keys, columns="analysis", values="or_95ci", aggfunc="first", sort=False)
        wide = wide.reindex(columns=[c for c in dict.fromkeys(d["analysis"]) if c in wide.columns]).reset_index()
        merged = main[keys + ["present_met/op", "separated", "p"]].merge(wide, on=keys, how="left")
        merged = merged.rename(columns={"firth": "firth (profile CI)", "p": "p (penalized LR)"})
        cols = (["model"] if key == "multivariable" else []) + [c for c in merged.columns if c not in ("model", "term")]
        blocks.append({"title": title, "table": frame_rows(merged, cols)})
    a = data["accuracy"].copy()
    for m in ("sensitivity", "specificity", "ppv", "npv", "lr_pos", "lr_neg"):
        a[m] = _ci(a, m, f"{m}_ci_low", f"{m}_ci_high")
    blocks.append({"title": "Diagnostic accuracy of each sign (positive class: metastasis; Wilson 95 % CIs)",
                   "table": frame_rows(a, ["label", "tp", "fp", "fn", "tn", "sensitivity", "specificity", "ppv",
                                           "npv", "lr_pos", "lr_neg"])})
    pf = data["performance"].copy()
    pf["estimate_95ci"] = _ci(pf, "estimate", "ci_low", "ci_high")
    blocks.append({"title": "Performance of the combined signs (AUC, calibration)",
                   "table": frame_rows(pf, ["model", "metric", "estimate_95ci", "method", "n", "note"])})
    if "sensitivity" not in data:
        return blocks
    sv = data["sensitivity"].copy()
    blocks.append({"title": "Reconstruction sensitivity: spread across reconstructions",
                   "table": frame_rows(sv, ["model", "term", "quantity", "n_seeds", "median", "min", "max",
                                            "n_separated", "note"])})
    return blocks
