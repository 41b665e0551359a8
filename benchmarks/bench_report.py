"""Benchmark: render every edition of the report (HTML + PDF per language) in one process.

Run after the workflow (``make run``)::

    .venv/bin/python benchmarks/bench_report.py [--reports reports] [--repeat 3] [--profile]

Times, in one process after imports and a warm-up: reading the workflow's outputs once, then
per edition the context (formatting only), the HTML (jinja2) and the PDF (WeasyPrint). Target:
both editions (English and Chinese), HTML and PDF, under 3 s. ``--profile`` prints the top
functions of one full render. CPU time (process_time) is printed beside wall time because the
machine may be shared: wall time on a loaded machine says little about the code.

Alternatives measured while choosing the PDF engine (see README, Report): headless Chromium
printing embeds the CJK font as Type 3 glyphs (no font name for pdffonts, no text extraction
guarantees) and stamps the current time into the PDF; it also needs a browser at run time.
WeasyPrint with one regular-weight CJK face, no bold CJK face, figures as small inline SVG strips
and a short main body was kept.
"""
from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from osteostats.report.render import Inputs, build_context, render_html, render_pdf  # noqa: E402


def timed(fn):
    w, c = time.perf_counter(), time.process_time()
    out = fn()
    return time.perf_counter() - w, time.process_time() - c, out


def render_all(reports: Path, config: Path | None) -> dict[str, tuple[float, float]]:
    """Every edition, HTML and PDF; (wall, cpu) seconds per step."""
    steps: dict[str, tuple[float, float]] = {}
    w, c, inp = timed(lambda: Inputs(reports, config, "bench"))
    steps["read outputs"] = (w, c)
    for lang in inp.cfg["report"]["languages"]:
        w, c, ctx = timed(lambda: build_context(inp, lang))
        steps[f"{lang} context"] = (w, c)
        w, c, html = timed(lambda: (render_html(ctx), render_html(ctx, for_print=True))[1])
        steps[f"{lang} HTML"] = (w, c)
        w, c, _ = timed(lambda: render_pdf(html, str(reports)))
        steps[f"{lang} PDF"] = (w, c)
    return steps


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--reports", default="reports")
    ap.add_argument("--config", default=None, help="resolved config (default: <reports>/config/config.yaml)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--profile", action="store_true")
    a = ap.parse_args()
    reports = Path(a.reports)
    config = Path(a.config) if a.config else reports / "config" / "config.yaml"
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1740700800")
    render_all(reports, config)  # warm-up: imports, font configuration, caches
    runs = [render_all(reports, config) for _ in range(a.repeat)]
    best = min(runs, key=lambda s: sum(v[0] for v in s.values()))
    for step, (w, c) in best.items():
        print(f"{step:>14}: wall {w:6.3f} s, cpu {c:6.3f} s")
    total_w = sum(v[0] for v in best.values())
    total_c = sum(v[1] for v in best.values())
    print(f"{'all editions':>14}: wall {total_w:6.3f} s, cpu {total_c:6.3f} s (best of {a.repeat}; target < 3 s)")
    try:
        print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    except OSError:
        pass
    if a.profile:
        prof = cProfile.Profile()
        prof.runcall(render_all, reports, config)
        pstats.Stats(prof).sort_stats("cumulative").print_stats(30)


if __name__ == "__main__":
    main()
