"""Benchmark: render every edition of the report (HTML + PDF per language) in one process.

Run after the workflow (``make run``)::

    .venv/bin/python benchmarks/bench_report.py [--reports reports] [--repeat 3]

Times, after imports and a warm-up: reading the workflow's outputs once, then per edition the
context (formatting only), the HTML (jinja2, screen and print documents) and the PDF
(WeasyPrint); then the whole rendering as ``build_report`` runs it, the editions one after the
other and, on a multi-core machine, one process per edition. Target: both editions (English and Chinese), HTML and PDF, under 3 s.
CPU time (process_time, this process only) is printed beside wall time, with the load average,
because a shared machine's wall times say little about the code.

Alternatives measured while choosing the PDF engine (see README, Report):
- headless Chromium printing (playwright ``page.pdf``): ~1 s to launch the browser, then about as
  fast as WeasyPrint per page, but it embeds Noto CJK as Type 3 glyphs (pdffonts shows no named
  CJK font), stamps the current time into the PDF (not byte-identical) and needs a browser at
  run time;
- WeasyPrint as it was (25 pages, matplotlib figures, auto table layout, bold CJK face): ~4 s per
  English edition.
Kept: WeasyPrint with a short main body, figures as small inline SVG strips, fixed table layout,
one regular-weight CJK face, a printed check list of the flagged checks only, and one process
per edition.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from osteostats.report.pdf import render_pdf  # noqa: E402
from osteostats.report.render import Inputs, build_context, render_editions, render_html  # noqa: E402


def timed(fn):
    w, c = time.perf_counter(), time.process_time()
    out = fn()
    return time.perf_counter() - w, time.process_time() - c, out


def render_all(reports: Path, config: Path | None) -> dict[str, tuple[float, float]]:
    """Every edition, HTML and PDF; (wall, cpu) seconds per step, then the whole of it as
    ``build_report`` runs it: one edition after the other, and one process per edition."""
    steps: dict[str, tuple[float, float]] = {}
    w, c, inp = timed(lambda: Inputs(reports, config, "bench"))
    steps["read outputs"] = (w, c)
    languages = list(inp.cfg["report"]["languages"])
    for lang in languages:
        w, c, ctx = timed(lambda: build_context(inp, lang))
        steps[f"{lang} context"] = (w, c)
        w, c, html = timed(lambda: (render_html(ctx), render_html(ctx, for_print=True))[1])
        steps[f"{lang} HTML"] = (w, c)
        w, c, _ = timed(lambda: render_pdf(html, str(reports)))
        steps[f"{lang} PDF"] = (w, c)
    w, c, serial = timed(lambda: render_editions(inp, languages, True, str(reports), parallel=False))
    steps["all, serial"] = (w, c)
    w, c, par = timed(lambda: render_editions(inp, languages, True, str(reports), parallel=True))
    steps["all, parallel"] = (w, c)
    assert serial == par, "parallel rendering changed the bytes"
    return steps


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--reports", default="reports")
    ap.add_argument("--config", default=None, help="resolved config (default: <reports>/config/config.yaml)")
    ap.add_argument("--repeat", type=int, default=5)
    a = ap.parse_args()
    reports = Path(a.reports)
    config = Path(a.config) if a.config else reports / "config" / "config.yaml"
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1740700800")
    render_all(reports, config)  # warm-up: imports, font configuration, caches
    runs = [render_all(reports, config) for _ in range(a.repeat)]
    # medians (one lucky or unlucky run must not move the figure); min and max show the spread
    med = {k: (statistics.median(r[k][0] for r in runs), statistics.median(r[k][1] for r in runs))
           for k in runs[0]}
    for step, (w, c) in med.items():
        lo, hi = min(r[step][0] for r in runs), max(r[step][0] for r in runs)
        print(f"{step:>14}: wall {w:6.3f} s (min {lo:.3f}, max {hi:.3f}), cpu {c:6.3f} s")
    total = {k: [r["read outputs"][0] + r[k][0] for r in runs] for k in ("all, serial", "all, parallel")}
    print(f"both editions, HTML and PDF: {statistics.median(total['all, serial']):.2f} s one after the other, "
          f"{statistics.median(total['all, parallel']):.2f} s with one process per edition (wall, median of "
          f"{a.repeat}, outputs read once; target < 3 s)")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
