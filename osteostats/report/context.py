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
from ..published import Published

ARM_ORDER = ["xray", "ct", "mri", "any"]
ARM_LABELS = {"xray": "X-ray", "ct": "CT", "mri": "MRI", "any": "X-ray + CT + MRI (any)"}
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


def _cell(cmp: pd.DataFrame, comparison: str, arm: str, quantities: list[str], notes: Footnotes) -> dict:
    sub = cmp[(cmp.comparison == comparison) & (cmp.arm.fillna("") == "") & (cmp.group.fillna("") == arm)] \
        if arm in ("OP", "MET", "") else cmp[(cmp.comparison == comparison) & (cmp.arm.fillna("") == arm)]
    parts = {r.quantity: r for r in sub.itertuples()}
    present = [q for q in quantities if q in parts]
    if not present:
        return {"text": "", "printed": "", "mark": None, "verdict": ""}

    def join(attr: str) -> str:
        vals = [str(getattr(parts[q], attr)) if isinstance(getattr(parts[q], attr), str) else fmt(getattr(parts[q], attr))
                for q in present]
        if present == ["mean", "sd"]:
            return f"{vals[0]} ± {vals[1]}"
        if present == ["count", "percent"]:
            return f"{vals[0]} ({vals[1]})"
        return " ".join(vals)

    verdicts = [parts[q].verdict for q in present]
    worst = max(verdicts, key=VERDICT_ORDER.index)
    mark = None
    if worst != "match":
        text = "; ".join(f"{parts[q].quantity}: {parts[q].note}" for q in present
                         if parts[q].verdict != "match" and isinstance(parts[q].note, str) and parts[q].note)
        mark = notes.add(f"[{worst}] {text}")
    return {"text": join("reproduced"), "printed": join("printed"), "mark": mark, "verdict": worst}


def paper_tables(pub: Published, cmp: pd.DataFrame) -> tuple[list[dict], list[str]]:
    """Tables 1–3 laid out like the paper, each cell reproduced (printed) with marks."""
    notes = Footnotes()
    comps = pub.comparisons
    tables = []
    groups = list(pub.paper.get("groups", {}).keys()) or ["OP", "MET"]
    for label in ("1", "2"):
        rows = []
        for c in comps[comps.table == label].itertuples():
            if c.variable_type == "size" and c.comparison.endswith("header"):
                continue
            qs = ["mean", "sd"] if c.variable_type == "continuous" else (["n"] if c.variable_type == "size" else ["count", "percent"])
            cells = [_cell(cmp, c.comparison, g, qs, notes) for g in groups]
            stat = _cell(cmp, c.comparison, "", ["statistic"], notes)
            p = _cell(cmp, c.comparison, "", ["p"], notes)
            rows.append({"item": c.item, "cells": cells + [stat, p]})
        header_n = [_cell(cmp, f"t{label}_header", g, ["n"], notes)["printed"] for g in groups]
        tables.append({"label": label, "columns": [f"{g} (n={n})" for g, n in zip(groups, header_n)] + ["t / χ²", "P"],
                       "rows": rows})
    t3 = comps[(comps.table == "3") & (comps.variable_type == "binary")]
    for stratum in dict.fromkeys(t3.stratum):
        sub = t3[t3.stratum == stratum]
        rows = []
        for arm in ARM_ORDER:
            rows.append({"item": ARM_LABELS[arm],
                         "cells": [_cell(cmp, c.comparison, arm, ["count", "percent"], notes) for c in sub.itertuples()]})
        rows.append({"item": "χ²", "cells": [_cell(cmp, c.comparison, "", ["statistic"], notes) for c in sub.itertuples()]})
        rows.append({"item": "P", "cells": [_cell(cmp, c.comparison, "", ["p"], notes) for c in sub.itertuples()]})
        n = _cell(cmp, f"t3_{stratum.lower()}_header", stratum, ["n"], notes)["printed"]
        tables.append({"label": f"3 — {stratum} (n = {n} vertebrae)", "columns": list(sub["item"]), "rows": rows})
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
    sv = data["sensitivity"].copy()
    blocks.append({"title": "Reconstruction sensitivity: spread across reconstructions",
                   "table": frame_rows(sv, ["model", "term", "quantity", "n_seeds", "median", "min", "max",
                                            "n_separated", "note"])})
    return blocks
