"""The report, read as a reader would: the PDF's text (pdftotext) and fonts (pdffonts), both
editions in headless Chromium (console, network, phone width, the check list's filter), byte-
identical reruns, journal-style P from the config, the own-cohort and beside-the-paper wordings,
and the label catalogues (same keys and fields in every language).

Tests that need the whole workflow's outputs are marked slow (they share one session run).
Set OSTEOSTATS_REPORT_TEST_RUN to a folder holding a finished run (Snakefile, config, data,
reports/) to reuse it while developing.
"""
from __future__ import annotations

import hashlib
import os
import re
import shutil
import string
import subprocess
from pathlib import Path

import pytest
import yaml

from osteostats.cli import main
from osteostats.report.labels import CHECKS, LABELS, METHODS, REASONS, THRESHOLDS
from osteostats.report.numbers import p_text

# Scientific notation as Python or C prints it (the exponent always carries a sign, so SHA-256
# hex digests cannot match).
SCIENTIFIC = re.compile(r"\d(\.\d+)?[eE][-+]\d")
NAN = re.compile(r"\bnan\b", re.IGNORECASE)
NEEDS_POPPLER = pytest.mark.usefixtures("poppler")
NEEDS_CHROMIUM = pytest.mark.usefixtures("chromium")


def _require_tool(name: str, package: str) -> None:
    """These tests are never skipped: without the tool they fail and say how to install it."""
    if shutil.which(name) is None:
        pytest.fail(f"'{name}' is not installed: run 'make system-deps' as root, or apt-get install {package}")


@pytest.fixture
def poppler() -> None:
    _require_tool("pdftotext", "poppler-utils")


@pytest.fixture
def chromium() -> None:
    _require_tool("chromium", "chromium")


def sha(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def pdf_text(pdf: Path, *args: str) -> str:
    return subprocess.run(["pdftotext", *args, "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def pdf_pages(pdf: Path) -> list[str]:
    return pdf_text(pdf).split("\f")


@pytest.fixture(scope="module")
def run(request) -> Path:
    """A finished workflow run (reports/ with both editions)."""
    pre = os.environ.get("OSTEOSTATS_REPORT_TEST_RUN")
    if pre:
        return Path(pre)
    return request.getfixturevalue("workflow_run")


def rerender(run: Path, out: Path, **report: object) -> dict[str, Path]:
    """Render the report from the run's outputs with report settings changed in the resolved config."""
    cfg = yaml.safe_load((run / "reports" / "config" / "config.yaml").read_text(encoding="utf-8"))
    for key, value in report.items():
        section, _, name = key.partition("__")
        if name:
            cfg.setdefault(section, {})[name] = value
        else:
            cfg[section] = value
    out.mkdir(parents=True, exist_ok=True)
    cfg_path = out / "config.yaml"
    cfg_path.write_text(yaml.safe_dump(cfg), encoding="utf-8")
    cwd = os.getcwd()
    os.chdir(run)
    try:
        assert main(["report", "--config", str(cfg_path), "--reports", "reports", "--html", str(out / "report.html"),
                     "--pdf", str(out / "report.pdf")]) == 0
    finally:
        os.chdir(cwd)
    return {p.name: p for p in out.glob("report*")}


# ---------------------------------------------------------------------------------------------
# Catalogues and number formatting (fast)
# ---------------------------------------------------------------------------------------------

def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


@pytest.mark.parametrize("catalogue", [LABELS, REASONS, CHECKS])
def test_every_language_has_every_key_with_the_same_fields(catalogue):
    en, zh = catalogue["en"], catalogue["zh"]
    assert set(en) == set(zh), set(en) ^ set(zh)
    for key in en:
        assert _fields(en[key]) == _fields(zh[key]), key


def test_every_reason_code_of_the_stages_has_a_sentence_in_every_language():
    from osteostats.check.rows import REASONS as CHECK_REASONS
    from osteostats.tables.compare import REASONS as COMPARE_REASONS

    for code in {**CHECK_REASONS, **COMPARE_REASONS}:
        assert REASONS["zh"].get(code), code


def test_every_check_has_a_name_in_every_language():
    from osteostats.check.rows import CHECK_ORDER

    for lang in CHECKS:
        assert set(CHECK_ORDER) <= set(CHECKS[lang]), set(CHECK_ORDER) - set(CHECKS[lang])


def test_every_method_name_the_stages_write_is_translated():
    from osteostats.stats import contingency, paired, rxc, ttest

    names = {contingency.PEARSON, contingency.YATES, contingency.LR_G, contingency.FISHER, ttest.STUDENT,
             ttest.WELCH, paired.COCHRAN, paired.MCNEMAR_EXACT, paired.MCNEMAR_CHI2, paired.MCNEMAR_CC, rxc.YATES,
             rxc.FFH}
    assert names - set(METHODS["zh"]) == set()


def test_every_diagnosis_threshold_has_a_chinese_meaning():
    import pandas as pd

    t = pd.read_csv(Path("osteostats/rules/thresholds.csv"), keep_default_na=False)
    keys = set(t[t.rule_family != "validation"].key)
    assert keys == set(THRESHOLDS["zh"])
    assert not any(re.search(r"issue", s, re.IGNORECASE) for s in t.source.tolist() + t.section.tolist())


@pytest.mark.parametrize("p, decimals, expected", [
    (5.833603126e-08, 3, "<0.001"), (0.0712, 3, "0.071"), (0.0712, 2, "0.07"), (0.0098, 2, "<0.01"),
    (0.000999, 3, "<0.001"), (0.001, 3, "0.001"), (0.05, 4, "0.0500"), (1.0, 3, "1.000")])
def test_p_in_journal_style(p, decimals, expected):
    assert p_text(p, decimals) == expected


# ---------------------------------------------------------------------------------------------
# The PDF (slow: needs the workflow's outputs)
# ---------------------------------------------------------------------------------------------

@pytest.mark.slow
@NEEDS_POPPLER
def test_pdf_table3_block_shows_the_printed_and_the_reproduced_chi2(run):
    pages = pdf_pages(run / "reports" / "report.pdf")
    text = "\f".join(pages)
    start = text.index("Table 3. Detection rate by modality: OP")
    block = text[start:text.index("Table 3. Detection rate by modality: MET")]
    assert "χ² (as printed" in block and "Cochran's Q" in block
    assert "90.920" in block and "printed 93.141" in block  # reproduced beside printed, in its own table
    for number in ("69.58 ± 8.457", "62.13 ± 10.773", "29.418", "65.323",  # Table 1
                   "4.283", "102.679", "136.330",  # Table 2
                   "45.462", "111.025", "97.67"):  # Table 3
        assert number in text, number


@pytest.mark.slow
@NEEDS_POPPLER
def test_pdf_text_has_no_nan_no_scientific_notation_and_no_issue_numbers(run):
    for name in ("report.pdf", "report.zh.pdf"):
        text = pdf_text(run / "reports" / name)
        assert not NAN.search(text), name
        assert not SCIENTIFIC.search(text), (name, SCIENTIFIC.search(text))
        assert not re.search(r"\bissues?\b", text, re.IGNORECASE), name


@pytest.mark.slow
@NEEDS_POPPLER
def test_main_body_fits_in_eight_pages_and_page_one_is_the_verdict(run):
    pages = pdf_pages(run / "reports" / "report.pdf")
    first_appendix = next(i for i, p in enumerate(pages) if re.search(r"^\s*Appendices\s*$", p, re.MULTILINE))
    assert first_appendix <= 8, f"main body has {first_appendix} pages"
    one = pages[0]
    assert "Of 171 printed numbers, 155 reproduce exactly, 12 within the paper's rounding and 4" in one
    # each finding once, in words: printed, recomputed, method, the conclusion at alpha
    assert one.count("the paper prints χ² = 93.141") == 1 and "90.920" in one
    assert "Student t" in one and "3.461 to 3.470" in one and "At α = 0.05 the conclusion" in one
    assert "Every printed statistic against its recomputed range" in "\n".join(pages[:2])


@pytest.mark.slow
@NEEDS_POPPLER
def test_p_values_follow_the_configured_decimals(run, tmp_path):
    def last_cell(text: str, row: str) -> str:
        line = next(li for li in text.splitlines() if li.strip().startswith(row))
        return line.split()[-1]

    three = pdf_text(run / "reports" / "report.pdf")
    out = rerender(run, tmp_path / "p2", report__p_decimals=2, report__languages=["en"])
    two = pdf_text(out["report.pdf"])
    # the reproduced P of Table 1 (sex) and Table 2 (wedge shape), as configured
    assert (last_cell(three, "Sex: male"), last_cell(three, "Shape: wedge")) == ("<0.001", "0.038")
    assert (last_cell(two, "Sex: male"), last_cell(two, "Shape: wedge")) == ("<0.01", "0.04")


@pytest.mark.slow
@NEEDS_POPPLER
def test_chinese_pdf_embeds_a_cjk_font_and_shows_the_same_numbers(run):
    zh = run / "reports" / "report.zh.pdf"
    fonts = subprocess.run(["pdffonts", str(zh)], capture_output=True, text=True, check=True).stdout
    cjk = [line for line in fonts.splitlines() if "CJK" in line]
    assert cjk and all(" yes yes yes " in line for line in cjk), fonts
    text_zh, text_en = pdf_text(zh), pdf_text(run / "reports" / "report.pdf")
    assert "骨质疏松" in text_zh and "检出率" in text_zh
    decimals = re.compile(r"(?<![\d.])\d+\.\d+(?![\d.])")
    assert set(decimals.findall(text_zh)) == set(decimals.findall(text_en))
    html = (run / "reports" / "report.zh.html").read_text(encoding="utf-8")
    assert '<html lang="zh">' in html and '<html lang="en">' in (run / "reports" / "report.html").read_text(
        encoding="utf-8")


@pytest.mark.slow
def test_html_has_the_full_check_list_and_no_scientific_notation(run):
    import pandas as pd

    checks = pd.read_csv(run / "reports" / "check" / "checks.csv")
    for name in ("report.html", "report.zh.html"):
        html = (run / "reports" / name).read_text(encoding="utf-8")
        body = re.sub(r"<(script|style)>.*?</\1>", "", html, flags=re.DOTALL)
        text = re.sub(r"<[^>]+>", " ", body)
        assert not SCIENTIFIC.search(text) and not NAN.search(text), name
        assert not re.search(r"\bissues?\b", text, re.IGNORECASE), name
        assert body.count('<tr data-verdict="') == len(checks)
        assert "http://" not in body.replace('xmlns="http://www.w3.org/2000/svg"', "") and "https://" not in body


# ---------------------------------------------------------------------------------------------
# Both editions in headless Chromium
# ---------------------------------------------------------------------------------------------

@pytest.mark.slow
@NEEDS_CHROMIUM
@pytest.mark.parametrize("name", ["report.html", "report.zh.html"])
def test_html_in_headless_chromium(run, name, tmp_path):
    from playwright.sync_api import sync_playwright

    html = run / "reports" / name
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        console, requests = [], []
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.on("console", lambda m: console.append((m.type, m.text)))
        page.on("pageerror", lambda e: console.append(("error", str(e))))
        page.on("request", lambda r: requests.append(r.url))
        page.goto(html.as_uri())
        page.wait_for_load_state("load")
        body = page.inner_text("body")
        page.screenshot(path=str(tmp_path / "wide.png"), full_page=False)
        # the check list filters and sorts in place
        total = int(page.inner_text("#checks-count"))
        page.select_option("#checks-verdict", "inconsistent")
        shown = int(page.inner_text("#checks-count"))
        page.fill("#checks-filter", "93.141")
        narrowed = int(page.inner_text("#checks-count"))
        page.click("#checks-table thead th:nth-child(4)")
        sorted_attr = page.get_attribute("#checks-table thead th:nth-child(4)", "aria-sort")
        phone = browser.new_page(viewport={"width": 390, "height": 844})
        phone.on("console", lambda m: console.append((m.type, m.text)))
        phone.on("request", lambda r: requests.append(r.url))
        phone.goto(html.as_uri())
        fits = phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
        phone.screenshot(path=str(tmp_path / "phone.png"), full_page=False)
        browser.close()
    assert [m for m in console if m[0] in ("error", "warning")] == []
    assert set(requests) == {html.as_uri()}, requests  # nothing but the file itself
    assert fits, "page scrolls sideways at 390 px"
    assert 0 < narrowed <= shown < total and sorted_attr == "ascending"
    for number in ("69.58 ± 8.457", "62.13 ± 10.773", "29.418", "93.141", "90.920"):
        assert number in body, number
    assert (tmp_path / "wide.png").stat().st_size > 10_000


# ---------------------------------------------------------------------------------------------
# Reruns, modes, errors
# ---------------------------------------------------------------------------------------------

@pytest.mark.slow
def test_both_editions_are_byte_identical_across_runs(run, tmp_path):
    first = {k: sha(v) for k, v in rerender(run, tmp_path / "a").items() if k.startswith("report.")}
    for f in (tmp_path / "a").glob("report.*"):
        f.unlink()
    second = {k: sha(v) for k, v in rerender(run, tmp_path / "a").items() if k.startswith("report.")}
    assert set(first) == {"report.html", "report.pdf", "report.zh.html", "report.zh.pdf"}
    assert first == second


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_trimmed_user_agent_stylesheet_gives_the_same_pdf(run, lang):
    """The PDF is set with a user-agent stylesheet cut to the report's elements (faster); it must
    change nothing: byte-identical to WeasyPrint's full HTML5 stylesheet."""
    from osteostats.report.pdf import render_pdf
    from osteostats.report.render import Inputs, build_context, render_html

    reports = run / "reports"
    inp = Inputs(reports, reports / "config" / "config.yaml", "test")
    html = render_html(build_context(inp, lang), for_print=True)
    trimmed = render_pdf(html, str(reports))
    assert trimmed.startswith(b"%PDF")
    assert trimmed == render_pdf(html, str(reports), trimmed_ua=False)


@pytest.mark.slow
def test_own_cohort_wording_follows_the_data(run, tmp_path):
    """No paper: no verdicts, no reconstruction wording, the cohort's own group differences."""
    out = rerender(run, tmp_path / "own", published_dir__="none", models__data_are_reconstructed=False,
                   report__languages=["en"])
    html = out["report.html"].read_text(encoding="utf-8")
    assert "reconstruct" not in html.lower()
    assert "printed numbers" not in html and "reproduce exactly" not in html
    assert "Group differences with P &lt; 0.05" in html and "Sex: male (Table 1)" in html
    assert "Published:" not in html


@pytest.mark.slow
def test_another_cohort_is_shown_beside_the_paper_without_verdicts(run, tmp_path):
    out = rerender(run, tmp_path / "beside", models__data_are_reconstructed=False, report__languages=["en", "zh"])
    html = out["report.html"].read_text(encoding="utf-8")
    assert "Your cohort beside the published study" in html
    assert "reproduce exactly" not in html and "reconstruct" not in html.lower()
    assert 'class="mark' not in html  # no differs/rounding marks: two cohorts, not a reproduction
    assert "paper 93.141" in html  # the published value beside the cohort's
    zh = out["report.zh.html"].read_text(encoding="utf-8")
    assert "您的队列与已发表研究并列比较" in zh


@pytest.mark.slow
def test_labels_are_escaped(run, tmp_path):
    """A label from the inputs (the paper title) containing markup shows as text."""
    pub = tmp_path / "pub"
    shutil.copytree(run / "data" / "published", pub)
    y = pub / "paper.yaml"
    text = re.sub(r"title: >-\n(  .*\n)+", 'title: "<script>alert(1)</script>"\n', y.read_text(encoding="utf-8"))
    assert "<script>alert(1)" in text
    y.write_text(text, encoding="utf-8")
    out = rerender(run, tmp_path / "esc", published_dir__=str(pub), report__languages=["en"])
    html = out["report.html"].read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    if shutil.which("pdftotext"):
        assert "<script>alert(1)</script>" in pdf_text(out["report.pdf"])


def test_missing_upstream_names_file_and_rule(tmp_path, capsys):
    code = main(["report", "--reports", str(tmp_path), "--html", str(tmp_path / "r.html"),
                 "--pdf", str(tmp_path / "r.pdf")])
    assert code == 2
    err = capsys.readouterr().err
    assert "checks.csv" in err and "rule 'check'" in err and "rule 'tables'" in err
    assert not list(tmp_path.glob("r*.html")) and not list(tmp_path.glob("r*.pdf"))


def test_chinese_edition_without_its_font_is_a_clear_error(tmp_path, monkeypatch):
    """A machine without Noto Sans CJK: stop with the fix, instead of a PDF of empty boxes."""
    from osteostats.errors import InputError
    from osteostats.report.render import require_cjk_font

    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "fc-list").write_text("#!/bin/sh\necho 'DejaVu Sans'\n", encoding="utf-8")
    (fake / "fc-list").chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake}{os.pathsep}{os.environ['PATH']}")
    with pytest.raises(InputError, match="fonts-noto-cjk"):
        require_cjk_font()
