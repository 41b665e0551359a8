"""The report: HTML in headless Chromium (no console errors, no network, Table 1 visible),
the PDF through pdftoppm/pdftotext, byte-identical reruns, escaping, missing inputs."""
import hashlib
import os
import shutil
import subprocess

import pytest

from osteostats.cli import main


def sha(p):
    return hashlib.sha256(p.read_bytes()).hexdigest()


def test_report_reruns_are_byte_identical(workflow_run, tmp_path, monkeypatch):
    """Same inputs and the same command line -> identical SHA-256 for the HTML and the PDF."""
    monkeypatch.chdir(workflow_run)
    html, pdf = tmp_path / "report.html", tmp_path / "report.pdf"
    outs = []
    for _ in range(2):
        assert main(["report", "--html", str(html), "--pdf", str(pdf)]) == 0
        outs.append((sha(html), sha(pdf)))
        html.unlink()
        pdf.unlink()
    assert outs[0] == outs[1]


# Skipped only outside CI when the system package is absent; under CI (CI=true) a missing
# tool fails the test instead of hiding it.
@pytest.mark.skipif(shutil.which("pdftoppm") is None and not os.environ.get("CI"),
                    reason="poppler-utils not installed (make test installs it)")
def test_pdf_pages_and_numbers(workflow_run, tmp_path):
    pdf = workflow_run / "reports" / "report.pdf"
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(pdf), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert 5 <= len(pages) <= 60
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    for number in ("69.58", "8.457", "29.418", "65.323",  # Table 1
                   "4.283", "102.679", "136.330",  # Table 2
                   "45.462", "111.025", "97.67"):  # Table 3
        assert number in text, number


@pytest.mark.skipif(shutil.which("chromium") is None and not os.environ.get("CI"),
                    reason="chromium not installed (make test installs it)")
def test_html_in_headless_chromium(workflow_run):
    from playwright.sync_api import sync_playwright

    html = workflow_run / "reports" / "report.html"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        console, requests = [], []
        page.on("console", lambda m: console.append((m.type, m.text)))
        page.on("pageerror", lambda e: console.append(("error", str(e))))
        page.on("request", lambda r: requests.append(r.url))
        page.goto(html.as_uri())
        page.wait_for_load_state("load")
        body = page.inner_text("body")
        shot = workflow_run / "reports" / "report-screenshot.png"
        page.screenshot(path=str(shot), full_page=False)
        phone = browser.new_page(viewport={"width": 390, "height": 844})
        phone.goto(html.as_uri())
        overflow = phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
        browser.close()
    assert [m for m in console if m[0] in ("error", "warning")] == []
    assert requests == [html.as_uri()], requests  # nothing but the file itself
    for number in ("69.58 ± 8.457", "62.13 ± 10.773", "29.418", "65.323", "23.38 ± 3.31"):
        assert number in body, number
    assert shot.stat().st_size > 10_000
    assert overflow, "page scrolls sideways at phone width"
    # keep a copy where the issue asks for it (reports/ of the repository)
    from pathlib import Path
    dest = Path("reports")
    dest.mkdir(exist_ok=True)
    shutil.copy(shot, dest / "report-screenshot.png")


def test_labels_are_escaped(workflow_run, tmp_path, monkeypatch):
    """A label from the inputs (the paper title) containing markup shows as text."""
    import re

    monkeypatch.chdir(workflow_run)
    pub = tmp_path / "pub"
    shutil.copytree(workflow_run / "data" / "published", pub)
    y = pub / "paper.yaml"
    text = re.sub(r"title: >-\n(  .*\n)+", 'title: "<script>alert(1)</script>"\n', y.read_text(encoding="utf-8"))
    assert "<script>" in text
    y.write_text(text, encoding="utf-8")
    html, pdf = tmp_path / "r.html", tmp_path / "r.pdf"
    cfg = tmp_path / "c.yaml"
    cfg.write_text(f"published_dir: {pub}\n", encoding="utf-8")
    assert main(["report", "--config", str(cfg), "--html", str(html), "--pdf", str(pdf)]) == 0
    out = html.read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    if shutil.which("pdftotext"):
        t = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
        assert "<script>alert(1)</script>" in t


def test_missing_upstream_names_file_and_rule(tmp_path, capsys):
    code = main(["report", "--reports", str(tmp_path), "--html", str(tmp_path / "r.html"),
                 "--pdf", str(tmp_path / "r.pdf")])
    assert code == 2
    err = capsys.readouterr().err
    assert "checks.csv" in err and "rule 'check'" in err and "rule 'tables'" in err
    assert not (tmp_path / "r.html").exists() and not (tmp_path / "r.pdf").exists()
