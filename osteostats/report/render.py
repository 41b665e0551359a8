"""Render the report: one jinja2 template set -> HTML (self-contained) and PDF (WeasyPrint)."""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import jinja2
import pandas as pd

from .. import __version__
from ..config import load_config
from ..errors import InputError
from ..io import atomic_write_bytes, atomic_write_text
from ..published import load_published
from .context import (VERDICT_ORDER, fmt, frame_rows, git_commit, model_tables, paper_tables, sha256,
                      software_versions)
from .figures import detection_figure, detection_rates, prefix_svg_ids
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


def build_context(reports: Path, published: Path, cases: Path, config_path: Path | None, command: str) -> dict:
    files = upstream_files(reports)
    require(files)
    data = {f.key: pd.read_csv(f.path, keep_default_na=False, na_values=[""]) for f in files if f.path.exists()}
    cfg = load_config(config_path) if config_path else {}
    language = cfg.get("report_language", "en")
    L = labels(language)
    pub = load_published(published)
    cmp = data["comparison"]
    counts = cmp["verdict"].value_counts()
    verdicts = [{"key": v, "count": int(counts.get(v, 0)), "label": L[f"verdict_{v}"]} for v in VERDICT_ORDER]
    tables, footnotes = paper_tables(pub, cmp)

    checks = data["checks"]
    ccounts = checks["verdict"].value_counts()
    check_counts = [{"key": k, "count": int(ccounts[k])} for k in
                    sorted(ccounts.index, key=lambda v: (["consistent", "rounding", "warning", "inconsistent",
                                                          "decision", "skipped"] + [v]).index(v))]
    flagged = checks[checks["verdict"] != "consistent"]
    order = ["decision", "inconsistent", "warning", "rounding", "skipped"]
    flagged = flagged.assign(_o=flagged["verdict"].map(lambda v: order.index(v) if v in order else 9))
    check_findings = flagged.sort_values("_o", kind="stable").fillna("").to_dict("records")

    key_findings = []
    for r in cmp[cmp.verdict == "differs"].itertuples():
        key_findings.append(f"Table {r.table}, {r.item} ({r.quantity}): printed {r.printed}, reproduced "
                            f"{r.reproduced}. {r.note}")
    flips = checks["note"].fillna("").str.contains("conclusion CHANGES")
    for r in checks[checks.verdict.isin(["decision", "inconsistent"]) | flips].head(10).itertuples():
        key_findings.append(f"Reviewer check [{r.verdict}] {r.check}, Table {r.table}, {r.item}: {r.note}")
    nround = int(counts.get("rounding", 0))
    if nround:
        key_findings.append(f"{nround} printed values are within rounding only: the paper truncated percentages "
                            f"instead of rounding them (see the † and ‡ marks in section 2).")

    det = detection_rates(data["table3"])
    det_show = det.assign(rate=(det.rate * 100).map(lambda x: f"{x:.1f}"),
                          ci=[f"{lo * 100:.1f}–{hi * 100:.1f}" for lo, hi in zip(det.ci_low, det.ci_high)])
    detection_table = frame_rows(det_show.rename(columns={"rate": "rate_pct", "ci": "wilson_95ci_pct"}),
                                 ["stratum", "item", "arm", "k", "n", "rate_pct", "wilson_95ci_pct"])

    mtables = model_tables(data)
    model_dir = reports / "models"
    model_figures = []
    for svg in sorted(model_dir.glob("*.svg")):
        text = svg.read_text(encoding="utf-8")
        model_figures.append({"svg": prefix_svg_ids(text[text.index("<svg"):], svg.stem),
                              "caption": svg.stem.replace("_", " ").capitalize()})
    uni = data["univariable"]
    model_notes = [str(uni["caveat"].iloc[0]) if "caveat" in uni.columns and len(uni) else L["reconstruction_warning"]]
    sep = uni[(uni["analysis"] == "firth") & (uni["separated"].astype(str) == "True")]["label"].tolist()
    if sep:
        model_notes.append(
            "Separation: " + "; ".join(sep) + " (present in 0 vertebrae of one group). Maximum likelihood diverges for "
            "these; their Firth estimates are finite, and only the profile penalized-likelihood intervals are "
            "trustworthy: sandwich (cluster-robust) and cluster-bootstrap intervals collapse when every resample is "
            "still separated.")
    model_notes.append(
        f"Clustering: {int(uni['n'].max())} vertebrae belong to {int(uni['n_patients'].max())} patients. Rows marked "
        "ml_cluster_robust (patient-level sandwich SEs), firth_cluster_bootstrap (patient-level resampling) and "
        "firth_one_per_patient (one vertebra per patient) show how much clustering matters for non-separated signs.")
    for extra in sorted(model_dir.glob("*.md")):
        model_notes.append(extra.read_text(encoding="utf-8").strip())

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
    rule_table = (frame_rows(pd.read_csv(thresholds, keep_default_na=False),
                             ["key", "operator", "value", "unit", "meaning", "source", "section"])
                  if thresholds.exists() else {"columns": [], "rows": []})

    tests = data["tests"]
    t = cfg.get("tests", {})
    methods = [
        f"Count tables: rule '{t.get('count_rule', 'expected_lt5_fisher')}' with expected-count threshold "
        f"{t.get('expected_threshold', 5)}; χ² beside a printed χ² is Pearson's "
        f"{'with' if t.get('chi2_yates') else 'without'} Yates' correction.",
        f"Continuous measures: {'Student (pooled variance)' if t.get('t_test', 'student') == 'student' else 'Welch'} "
        "two-sample t-test, two-sided.",
        "Denominators: patients for Table 1, fractured vertebrae for Tables 2 and 3; 'any modality' is computed "
        "from the readings. Table 3 also gives Cochran's Q over the modalities (paired readings).",
        "Verdicts: match = equal at the printed precision (half-up rounding); rounding = equal once truncation or "
        "the printed precision of the inputs is allowed for; differs = anything else.",
    ]
    shown = tests.assign(rule=[n if r == "selected" else "" for n, r in zip(tests["note"].fillna(""), tests["role"])])
    tests_table = frame_rows(shown, ["table", "comparison", "role", "method", "statistic", "df", "p", "n_analysed",
                                     "rule"])
    inputs = sorted({*(cases / f for f in ("patients.csv", "vertebrae.csv", "readings.csv")),
                     *(published / f for f in ("paper.yaml", "comparisons.csv", "values.csv")),
                     *([config_path] if config_path else []), *(f.path for f in files if f.path.exists())})
    hashes = [(str(p), sha256(p)) for p in inputs if Path(p).exists()]
    created = dt.datetime.fromtimestamp(_epoch(), tz=dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return dict(L=L, language=language, css=(TEMPLATES / "style.css").read_text(encoding="utf-8"),
                created=created, version=__version__, paper=pub.paper, verdicts=verdicts, n_printed=len(cmp),
                key_findings=key_findings, paper_tables=tables, footnotes=footnotes, check_counts=check_counts,
                check_findings=check_findings, detection_svg=detection_figure(data["table3"]),
                detection_table=detection_table, model_tables=mtables, model_figures=model_figures,
                model_notes=model_notes, diagnosis_counts=diagnosis_counts, rule_table=rule_table,
                methods=methods, tests_table=tests_table, software=software_versions(),
                commit=git_commit(ROOT), command=command, hashes=hashes)


def render_html(context: dict) -> str:
    return _env().get_template("report.html.j2").render(**context)


def render_pdf(html: str, base_url: str) -> bytes:
    """PDF bytes from the HTML via WeasyPrint (dates come from the dcterms meta tags)."""
    os.environ.setdefault("SOURCE_DATE_EPOCH", str(_epoch()))
    import weasyprint

    return weasyprint.HTML(string=html, base_url=base_url).write_pdf()


def build_report(reports: Path, published: Path, cases: Path, config: Path | None, out_html: Path,
                 out_pdf: Path | None, command: str) -> None:
    """Render both outputs; nothing is written unless both render."""
    ctx = build_context(Path(reports), Path(published), Path(cases), Path(config) if config else None, command)
    html = render_html(ctx)
    pdf = render_pdf(html, str(Path(out_html).parent)) if out_pdf else None
    atomic_write_text(out_html, html)
    if out_pdf:
        atomic_write_bytes(out_pdf, pdf)
