"""Render the report: one jinja2 template set -> one self-contained HTML and one PDF per language.

Editions: the languages of ``report.languages`` in the config (default English and Chinese).
English is written to the paths given, every other language beside them with the language
code before the suffix (``report.html`` -> ``report.zh.html``).
"""
from __future__ import annotations

import datetime as dt
import functools
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
from .context import (Lang, check_list, check_strip_rows, findings, git_commit, model_section, sha256,
                      software_versions, stat_symbol, study_tables, threshold_rows)
from .inputs import require, upstream_files
from .labels import labels, method
from .numbers import p_text, fixed
from .pdf import PdfWorkers, document_epoch, workers_for
from .strips import pct_axis

TEMPLATES = Path(__file__).resolve().parent / "templates"
ROOT = Path(__file__).resolve().parents[2]
THRESHOLDS_CSV = ROOT / "osteostats" / "rules" / "thresholds.csv"
#: Half-width (in %) of the axis of the printed-vs-recomputed figure.
CHECK_AXIS_LIMIT = 3.0


@functools.lru_cache(maxsize=None)
def report_template() -> jinja2.Template:
    """The report's template, compiled once per process (both editions, HTML and print, use it)."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                             keep_trailing_newline=True)
    return env.get_template("report.html.j2")


def report_mode(cfg: dict) -> str:
    """reproduce (the paper's own cases), beside (another cohort and a paper) or own (no paper).

    ``report.cohort`` says whose cases these are; ``auto`` takes reconstructed case tables as
    the paper's and real ones, with a published folder, as another cohort.
    """
    if not published_folder(cfg):
        return "own"
    cohort = cfg["report"].get("cohort", "auto")
    if cohort == "auto":
        cohort = "paper" if cfg["models"]["data_are_reconstructed"] else "other"
    return "reproduce" if cohort == "paper" else "beside"


def edition_path(path: Path, language: str) -> Path:
    """Where an edition goes: English at ``path``, another language at ``stem.<lang><suffix>``.

    Examples
    --------
    >>> str(edition_path(Path("reports/report.pdf"), "zh")), str(edition_path(Path("r.html"), "en"))
    ('reports/report.zh.pdf', 'r.html')
    """
    path = Path(path)
    return path if language == "en" else path.with_name(f"{path.stem}.{language}{path.suffix}")


class Inputs:
    """The workflow's outputs and the config, read once for every edition."""

    def __init__(self, reports: Path, config_path: Path | None, command: str) -> None:
        self.cfg = load_config(config_path)
        self.config_path = Path(config_path) if config_path else None
        self.study = load_study(self.cfg["study"])
        self.published = published_folder(self.cfg)
        self.mode = report_mode(self.cfg)
        self.reconstructed = bool(self.cfg["models"]["data_are_reconstructed"])
        sensitivity = bool(self.published) and self.reconstructed
        self.files = upstream_files(Path(reports), published=bool(self.published), sensitivity=sensitivity)
        require(self.files)
        self.data = {f.key: pd.read_csv(f.path, keep_default_na=False, na_values=[""]) for f in self.files}
        self.pub = load_published(self.published) if self.published else None
        self.command = command
        self.reports = Path(reports)
        inputs = {*(p for p in Path(self.cfg["cases_dir"]).glob("*") if p.suffix in (".csv", ".parquet")),
                  Path(self.cfg["study"]), *([self.config_path] if self.config_path else []),
                  *(f.path for f in self.files)}
        if self.published:
            inputs |= {Path(self.published) / f for f in ("paper.yaml", "comparisons.csv", "values.csv")}
        self.hashes = [(str(p), sha256(p)) for p in sorted(inputs) if Path(p).exists()]
        self.commit = git_commit(ROOT)


def _size(cells: pd.DataFrame, comparison: str, group: str) -> int | None:
    sub = cells[(cells.comparison == comparison) & (cells.arm.astype(object).where(cells.arm.notna(), "") == group) & (cells.quantity == "n")]
    return int(sub.value.iloc[0]) if len(sub) else None


def _own_findings(inp: Inputs, lg: Lang, alpha: float) -> tuple[list[str], int, int]:
    """Own cohort: the group comparisons with P < alpha, from tests.csv (the selected test of each row)."""
    t = inp.data["tests"]
    sel = t[t["role"] == "selected"]
    out = []
    for r in sel.itertuples():
        if pd.isna(r.p) or float(r.p) >= alpha:
            continue
        table = lg.L["table_title"].format(n=str(r.table).removesuffix(".0"), title="").rstrip(". ")
        p = p_text(r.p, lg.p_decimals)
        p = p if p.startswith("<") else "= " + p
        if pd.isna(r.statistic):
            out.append(lg.L["own_finding_exact"].format(item=lg.item(r.comparison), table=table,
                                                        method=method(r.method, lg.code), p=p))
        else:
            out.append(lg.L["own_finding"].format(item=lg.item(r.comparison), table=table,
                                                  method=method(r.method, lg.code), stat=stat_symbol(r.method),
                                                  value=fixed(r.statistic, 3), p=p))
    return out, len(out), len(sel)


def _beside_findings(cmp: pd.DataFrame, lg: Lang) -> tuple[list[str], bool]:
    """Another cohort beside the paper: differences whose CI excludes 0, when the tables stage wrote them."""
    cols = {"difference", "difference_ci_low", "difference_ci_high"}
    if not cols <= set(cmp.columns):
        return [], False
    out = []
    for r in cmp.itertuples():
        lo, hi = r.difference_ci_low, r.difference_ci_high
        if pd.isna(lo) or pd.isna(hi) or (float(lo) <= 0 <= float(hi)):
            continue
        arm = r.arm if isinstance(r.arm, str) and r.arm else ""
        item = lg.item(f"{r.comparison}[{arm}]" if arm else r.comparison)
        out.append(lg.L["beside_finding"].format(item=item, table=str(r.table), group=r.group or "",
                                                 ours=r.reproduced, theirs=r.printed, diff=fixed(r.difference, 2),
                                                 lo=fixed(lo, 2), hi=fixed(hi, 2)))
    return out, True


def build_context(inp: Inputs, language: str) -> dict:
    """Everything one edition shows, read from the workflow's outputs (nothing recomputed)."""
    cfg, study, data = inp.cfg, inp.study, inp.data
    L = labels(language)
    p_decimals = int(cfg["report"]["p_decimals"])
    lg = Lang(language, L, study, p_decimals)
    mode = inp.mode
    alpha = float(cfg["models"]["alpha"])
    cmp = data.get("comparison")
    checks = data.get("checks")
    t1, t2 = data["table1"], data["table2"]
    groups = study.group_codes
    n_pat = {g: _size(t1, "t1_header", g) for g in groups}
    n_vert = {g: _size(t2, "t2_vertebrae", g) for g in groups}
    patients = sum(v for v in n_pat.values() if v)
    vertebrae = sum(v for v in n_vert.values() if v)
    group_text = L["list_sep"].join(L["group_n"].format(group=study.group(g).short[language], n=n_pat[g])
                                    for g in groups)

    headline, sub_headline, finding_list, findings_title, findings_empty = [], [], [], L["findings"], ""
    strip_rows = []
    if mode == "reproduce":
        counts = cmp["verdict"].value_counts()
        headline.append(L["headline_reproduce"].format(n=len(cmp), **{v: int(counts.get(v, 0)) for v in
                                                                          ("match", "rounding", "differs")}))
    if checks is not None:
        cc = checks["verdict"].value_counts()
        sub_headline.append(L["headline_check"].format(n=len(checks), **{v: int(cc.get(v, 0)) for v in
                                                                          ("consistent", "rounding", "inconsistent",
                                                                           "warning")}))
        finding_list, n_changed = findings(checks, lg)
        a = checks["alpha"].dropna()
        a_text = f"{float(a.iloc[0]):g}" if len(a) else f"{alpha:g}"
        sub_headline.append(L["headline_conclusions"].format(n=n_changed, alpha=a_text) if n_changed
                            else L["headline_conclusions_none"].format(alpha=a_text))
        strip_rows = check_strip_rows(checks, lg, CHECK_AXIS_LIMIT)
        findings_empty = L["findings_none"]
    if mode == "own":
        finding_list, k, n = _own_findings(inp, lg, alpha)
        headline.append(L["headline_own"].format(patients=patients, groups=group_text, vertebrae=vertebrae, k=k, n=n,
                                                 alpha=f"{alpha:g}"))
        findings_title = L["own_findings"].format(alpha=f"{alpha:g}")
        findings_empty = L["own_findings_none"].format(alpha=f"{alpha:g}")
    beside_list, beside_has_ci = [], True
    if mode == "beside":
        findings_title = L["findings_paper"]
        pg = inp.pub.paper.get("groups", {}) if inp.pub else {}
        paper_n = L["list_sep"].join(L["group_n"].format(group=study.group(g).short[language], n=pg[g]["patients"])
                                     for g in groups if g in pg and "patients" in pg[g])
        headline.append(L["headline_beside"].format(n=len(cmp), patients=patients, paper_patients=paper_n))
        beside_list, beside_has_ci = _beside_findings(cmp, lg)

    if mode == "reproduce" and inp.reconstructed:
        data_note = L["data_reconstructed"]
    elif mode == "beside":
        data_note = L["data_beside"].format(cases=cfg["cases_dir"], patients=patients, vertebrae=vertebrae)
    else:
        data_note = L["data_own"].format(cases=cfg["cases_dir"], patients=patients, vertebrae=vertebrae)

    tables, notes = study_tables(lg, {t: data[f"table{t}"] for t in ("1", "2", "3")}, cmp if mode != "own" else None,
                                 mode)
    sens_k = int(cfg["models"]["K"]) if "sensitivity" in data else None
    models = model_section(data, lg, inp.reconstructed, sens_k)

    t = cfg["tests"]
    chi2 = L["methods_chi2_yates"] if t["chi2_yates"] else L["methods_chi2_plain"]
    methods = [
        L["methods_design"].format(groups=L["and"].join(f"{study.group(g).label[language]} (n = {n_pat[g]})"
                                                        for g in groups), patients=patients, vertebrae=vertebrae),
        L["methods_counts"].format(chi2=chi2, threshold=t["expected_threshold"],
                                   rule=L.get(f"methods_counts_rule_{t['count_rule']}", t["count_rule"])),
        L["methods_continuous"].format(test=L["methods_student"] if t["t_test"] == "student" else L["methods_welch"]),
        L["methods_paired"],
        L["methods_models"].format(positive=study.group(study.positive).label[language],
                                   boot=cfg["models"]["bootstrap_replicates"]),
        L["methods_alpha"].format(alpha=f"{alpha:g}"),
    ]
    software = software_versions(L)
    methods.append(L["methods_software"].format(version=__version__, software=L["list_sep"].join(
        f"{n} {v}" for n, v in software if n not in ("osteostats",))))

    title = study.title[language]
    paper = inp.pub.paper if inp.pub else {}
    source = (L["published_as"].format(title=" ".join(str(paper.get("title", "")).split()),
                                       source=" ".join(str(paper.get("source", "")).split()))
              if paper and mode != "own" else "")
    other = [x for x in cfg["report"]["languages"] if x != language]
    created = dt.datetime.fromtimestamp(document_epoch(), tz=dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return dict(
        L=L, language=language, mode=mode, css=(TEMPLATES / "style.css").read_text(encoding="utf-8"),
        script=(TEMPLATES / "checks.js").read_text(encoding="utf-8"), created=created, version=__version__,
        title=title, source=source, subtitle=L[f"subtitle_{mode}"],
        other_edition=({"href": edition_path(Path("report.html"), other[0]).name, "label": L["other_edition"]}
                       if other else None),
        data_note=data_note, headline=headline, sub_headline=sub_headline, findings_title=findings_title,
        findings=finding_list, findings_empty=findings_empty, beside_findings=beside_list,
        beside_has_ci=beside_has_ci, strip_rows=strip_rows, strip_axis=pct_axis(CHECK_AXIS_LIMIT),
        strip_caption=L["figure_check_caption"].format(limit=f"{CHECK_AXIS_LIMIT:g}"),
        tables=tables, notes=notes, models=models,
        checks=check_list(checks, lg) if checks is not None else [],
        check_verdicts=[(v, L[f"verdict_{v}"]) for v in ("consistent", "rounding", "inconsistent", "decision",
                                                          "warning", "skipped")
                        if checks is not None and (checks["verdict"] == v).any()],
        methods=methods, thresholds=threshold_rows(THRESHOLDS_CSV, lg), software=software,
        commit=inp.commit, command=inp.command, hashes=inp.hashes)


def render_html(context: dict, for_print: bool = False) -> str:
    """The HTML edition, or (``for_print``) the leaner document the PDF is made from: no script,
    no filter controls, and the check list without the method column and without the reason
    of consistent rows (the HTML and checks.csv have both)."""
    return report_template().render(**context, for_print=for_print)


#: The CJK face the Chinese edition is set in (style.css); Debian/Ubuntu package fonts-noto-cjk.
CJK_FAMILY = "Noto Sans CJK SC"


def require_cjk_font() -> None:
    """Stop with a clear message when the Chinese edition's font is not installed (the PDF would
    otherwise show empty boxes or a font chosen by chance). Skipped where fontconfig has no
    command-line tools to ask."""
    import shutil
    import subprocess

    if shutil.which("fc-list") is None:
        return
    families = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True).stdout
    if CJK_FAMILY not in families:
        raise InputError(
            f"the Chinese edition (report.languages: zh) needs the font '{CJK_FAMILY}', which is not installed. "
            "Fix: install it (Debian/Ubuntu: apt-get install fonts-noto-cjk; or run make system-deps as root), "
            "or set report.languages: [en]")


def render_editions(inp: Inputs, languages: list[str], want_pdf: bool, base_url: str,
                    parallel: bool | None = None, workers: PdfWorkers | None = None
                    ) -> list[tuple[str, bytes | None]]:
    """(HTML, PDF bytes) of each edition, in order; the PDFs rendered by worker processes.

    WeasyPrint is single-threaded and pure Python at its core, so two editions on two cores take
    the time of one. This process builds each edition's HTML and hands the print version to
    ``workers`` (:class:`~osteostats.report.pdf.PdfWorkers`, started early by ``osteostats
    report`` so that they load WeasyPrint meanwhile); without ``workers`` they are started here,
    one per edition, when ``parallel`` (default: more than one edition and more than one core),
    else the PDFs are rendered in this process. The bytes do not depend on where an edition was
    rendered.
    """
    if parallel is None:
        parallel = len(languages) > 1 and (os.cpu_count() or 1) > 1
    if workers is None:  # started here, and stopped when done
        with PdfWorkers(workers_for(len(languages)) if (want_pdf and parallel) else 0) as own:
            return render_editions(inp, languages, want_pdf, base_url, parallel, own)
    epoch = document_epoch()
    htmls, pdfs = [], []
    for lang in languages:
        ctx = build_context(inp, lang)
        htmls.append(render_html(ctx))
        if want_pdf:
            pdfs.append(workers.render(render_html(ctx, for_print=True), base_url, epoch))
    return [(html, pdfs[i].result() if want_pdf else None) for i, html in enumerate(htmls)]


def build_report(reports: Path, config: Path | None, out_html: Path, out_pdf: Path | None, command: str,
                 parallel: bool | None = None, workers: PdfWorkers | None = None) -> list[Path]:
    """Render every configured edition; nothing is written unless all of them render.

    Returns the paths written.
    """
    inp = Inputs(Path(reports), Path(config) if config else None, command)
    languages = list(inp.cfg["report"]["languages"])
    if out_pdf and "zh" in languages:
        require_cjk_font()
    editions = render_editions(inp, languages, bool(out_pdf), str(Path(out_html).parent), parallel, workers)
    rendered: list[tuple[Path, str | bytes]] = [(edition_path(Path(out_html), lang), html)
                                                for lang, (html, _) in zip(languages, editions)]
    if out_pdf:
        rendered += [(edition_path(Path(out_pdf), lang), pdf) for lang, (_, pdf) in zip(languages, editions)]
    for path, content in rendered:
        if isinstance(content, bytes):
            atomic_write_bytes(path, content)
        else:
            atomic_write_text(path, content)
    return [p for p, _ in rendered]
