"""Render the report: one jinja2 template set -> HTML (self-contained) and PDF (WeasyPrint)."""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import jinja2
import pandas as pd

from .. import __version__
from ..config import load_config, published_folder
from ..errors import InputError
from ..io import atomic_write_bytes, atomic_write_text
from ..published import load_published
from ..study import load_study
from .context import (VERDICT_ORDER, frame_rows, git_commit, model_tables, sha256, software_versions,
                      study_tables)
from .figures import detection_figure, prefix_svg_ids
from .inputs import require, upstream_files
from .labels import labels

TEMPLATES = Path(__file__).resolve().parent / "templates"
ROOT = Path(__file__).resolve().parents[2]
#: Default document date when SOURCE_DATE_EPOCH is not set: the last day of the study's
#: inclusion period (2025-02-28), so the PDF never carries the time it was built.
DEFAULT_EPOCH = 1740700800


def _env() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                              undefined=jinja2.StrictUndefined, trim_blocks=False, keep_trailing_newline=True)


def _epoch() -> int:
    raw = os.environ.get("SOURCE_DATE_EPOCH")
    if raw is None:
        return DEFAULT_EPOCH
    try:
        return int(raw)
    except ValueError as exc:
        raise InputError(f"SOURCE_DATE_EPOCH must be an integer number of seconds (got {raw!r})") from exc


def _methods(cfg: dict, study, L: dict, lang: str) -> list[str]:
    """Methods sentences from the resolved config (every default already filled in there)."""
    t = cfg["tests"]
    yates = L["methods_yates_on"] if t["chi2_yates"] else L["methods_yates_off"]
    ttest = L["methods_student"] if t["t_test"] == "student" else L["methods_welch"]
    return [
        L["methods_counts"].format(rule=t["count_rule"], threshold=t["expected_threshold"], yates=yates),
        L["methods_continuous"].format(test=ttest),
        L["methods_denominators"].format(positive=study.group(study.positive).short[lang]),
        L["methods_verdicts"],
    ]


def build_context(reports: Path, config_path: Path | None, command: str, language: str | None = None) -> dict:
    """Everything the template shows, read from the workflow's outputs (nothing recomputed)."""
    cfg = load_config(config_path)
    study = load_study(cfg["study"])
    published = published_folder(cfg)
    reconstructed = bool(cfg["models"]["data_are_reconstructed"])
    sensitivity = bool(published) and reconstructed
    files = upstream_files(reports, published=bool(published), sensitivity=sensitivity)
    require(files)
    data = {f.key: pd.read_csv(f.path, keep_default_na=False, na_values=[""]) for f in files}
    language = language or cfg["report"]["languages"][0]
    L = labels(language)
    p_decimals = int(cfg["report"]["p_decimals"])
    pub = load_published(published) if published else None
    cmp = data.get("comparison")
    verdicts = []
    if cmp is not None:
        counts = cmp["verdict"].value_counts()
        verdicts = [{"key": v, "count": int(counts.get(v, 0)), "label": L[f"verdict_{v}"]} for v in VERDICT_ORDER]
    reproduced = {t: data[f"table{t}"] for t in ("1", "2", "3")}
    tables, footnotes = study_tables(study, reproduced, cmp, L, language, p_decimals)

    checks = data.get("checks")
    check_counts, check_findings = [], []
    key_findings = []
    if cmp is not None:
        for r in cmp[cmp.verdict == "differs"].itertuples():
            key_findings.append(L["finding_differs"].format(table=r.table, item=r.item, quantity=r.quantity,
                                                            printed=r.printed, reproduced=r.reproduced, note=r.note))
    if checks is not None:
        ccounts = checks["verdict"].value_counts()
        order = ["consistent", "rounding", "warning", "inconsistent", "decision", "skipped"]
        check_counts = [{"key": k, "count": int(ccounts[k])} for k in
                        sorted(ccounts.index, key=lambda v: (order + [v]).index(v))]
        flagged = checks[checks["verdict"] != "consistent"]
        forder = ["decision", "inconsistent", "warning", "rounding", "skipped"]
        flagged = flagged.assign(_o=flagged["verdict"].map(lambda v: forder.index(v) if v in forder else 9))
        check_findings = flagged.sort_values("_o", kind="stable").fillna("").to_dict("records")
        changes = (checks["conclusion_changes"].astype(str).str.lower() == "true"
                   if "conclusion_changes" in checks.columns else pd.Series(False, index=checks.index))
        for r in checks[checks.verdict.isin(["decision", "inconsistent"]) | changes].head(10).itertuples():
            key_findings.append(L["finding_check"].format(verdict=r.verdict, check=r.check, table=r.table,
                                                          item=r.item, note=r.note))
        nround = int((cmp["verdict"] == "rounding").sum()) if cmp is not None else 0
        if nround:
            key_findings.append(L["finding_rounding"].format(n=nround))

    det = data["detection"]
    det_show = det.assign(rate=(det.rate * 100).map(lambda x: f"{x:.1f}"),
                          ci=[f"{lo * 100:.1f}–{hi * 100:.1f}" for lo, hi in zip(det.ci_low, det.ci_high)])
    detection_table = frame_rows(det_show.rename(columns={"rate": "rate_pct", "ci": "ci_95_pct"}),
                                 ["stratum", "item", "arm", "k", "n", "rate_pct", "ci_95_pct"])
    arm_labels = {m: study.label(m, language) for m in [*study.modalities, study.any_code]}

    mtables = model_tables(data)
    model_dir = reports / "models"
    model_figures = []
    for svg in sorted(model_dir.glob("*.svg")):
        text = svg.read_text(encoding="utf-8")
        model_figures.append({"svg": prefix_svg_ids(text[text.index("<svg"):], svg.stem),
                              "caption": svg.stem.replace("_", " ").capitalize()})
    uni = data["univariable"]
    model_notes = []
    if reconstructed:
        model_notes.append(L["reconstruction_models"])
    firth = uni[uni["analysis"] == "firth"]
    sep = firth[firth["separated"].astype(str) == "True"]["label"].tolist()
    if sep:
        model_notes.append(L["separation_note"].format(signs="; ".join(sep)))
    model_notes.append(L["clustering_note"].format(vertebrae=int(uni["n"].max()), patients=int(uni["n_patients"].max())))

    diag = data["diagnosis"]
    cat_cols = [c for c in diag.columns if c.endswith("category")]
    rows = []
    for c in cat_cols:
        by = diag.groupby(["group", c], dropna=False).size().reset_index(name="patients") if "group" in diag.columns \
            else diag.groupby([c], dropna=False).size().reset_index(name="patients")
        by.insert(0, "column", c)
        rows.append(by.rename(columns={c: "category"}))
    diagnosis_counts = frame_rows(pd.concat(rows, ignore_index=True) if rows else pd.DataFrame())
    thresholds = ROOT / "osteostats" / "rules" / "thresholds.csv"
    rule_table = frame_rows(pd.read_csv(thresholds, keep_default_na=False),
                            ["key", "operator", "value", "unit", "meaning", "source", "section"])

    tests = data["tests"]
    shown = tests.assign(rule=[n if r == "selected" else "" for n, r in zip(tests["note"].fillna(""), tests["role"])])
    tests_table = frame_rows(shown, ["table", "comparison", "role", "method", "statistic", "df", "p", "n_analysed",
                                     "rule"])
    resolved = Path(config_path) if config_path else None
    inputs = {*(p for p in Path(cfg["cases_dir"]).glob("*") if p.suffix in (".csv", ".parquet")),
              Path(cfg["study"]), *([resolved] if resolved else []), *(f.path for f in files)}
    if published:
        inputs |= {Path(published) / f for f in ("paper.yaml", "comparisons.csv", "values.csv")}
    hashes = [(str(p), sha256(p)) for p in sorted(inputs) if Path(p).exists()]
    created = dt.datetime.fromtimestamp(_epoch(), tz=dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    subject = {"title": pub.paper.get("title", "") if pub else study.title[language],
               "source": pub.paper.get("source", "") if pub else L["own_cohort_source"].format(cases=cfg["cases_dir"])}
    return dict(L=L, language=language, css=(TEMPLATES / "style.css").read_text(encoding="utf-8"),
                created=created, version=__version__, paper=subject, verdicts=verdicts,
                n_printed=len(cmp) if cmp is not None else 0, has_comparison=cmp is not None,
                reconstructed=reconstructed, key_findings=key_findings, paper_tables=tables, footnotes=footnotes,
                has_check=checks is not None, check_counts=check_counts, check_findings=check_findings,
                detection_svg=detection_figure(det, arm_labels, L["detection_axis"]),
                detection_table=detection_table, model_tables=mtables, model_figures=model_figures,
                model_notes=model_notes, diagnosis_counts=diagnosis_counts, rule_table=rule_table,
                methods=_methods(cfg, study, L, language), tests_table=tests_table, software=software_versions(),
                commit=git_commit(ROOT), command=command, hashes=hashes)


def render_html(context: dict) -> str:
    return _env().get_template("report.html.j2").render(**context)


def render_pdf(html: str, base_url: str) -> bytes:
    """PDF bytes from the HTML via WeasyPrint (dates come from the dcterms meta tags)."""
    os.environ.setdefault("SOURCE_DATE_EPOCH", str(_epoch()))
    import weasyprint

    return weasyprint.HTML(string=html, base_url=base_url).write_pdf()


def build_report(reports: Path, config: Path | None, out_html: Path, out_pdf: Path | None, command: str) -> None:
    """Render both outputs; nothing is written unless both render."""
    ctx = build_context(Path(reports), Path(config) if config else None, command)
    html = render_html(ctx)
    pdf = render_pdf(html, str(Path(out_html).parent)) if out_pdf else None
    atomic_write_text(out_html, html)
    if out_pdf:
        atomic_write_bytes(out_pdf, pdf)
