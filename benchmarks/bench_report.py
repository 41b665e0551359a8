"""Benchmark for issue 6: time HTML and PDF rendering of the report on the workflow's outputs.

Run after the workflow (``make run``):  .venv/bin/python benchmarks/bench_report.py [--repeat 3]

Times, in one process after imports: building the context (reading outputs, figures),
rendering the HTML (jinja2), and rendering the PDF (WeasyPrint). Target: HTML + PDF under 5 s
on 2 cores. A cold command-line run (process start and imports included) is timed too.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.chdir(ROOT)

from osteostats.report.render import build_context, render_html, render_pdf  # noqa: E402


def best(fn, repeat):
    times, out = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return min(times), out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    args = (Path("reports"), Path("data/published"), Path("data/cases"), Path("config/config.yaml"), "bench")
    render_pdf(render_html(build_context(*args)), str(ROOT / "reports"))  # warm-up (imports, fonts)
    t_ctx, ctx = best(lambda: build_context(*args), a.repeat)
    t_html, html = best(lambda: render_html(ctx), a.repeat)
    t_pdf, _ = best(lambda: render_pdf(html, str(ROOT / "reports")), a.repeat)
    exe = Path(sys.executable).parent / "osteostats"
    t0 = time.perf_counter()
    subprocess.run([str(exe), "report", "--html", "/tmp/bench-report.html", "--pdf", "/tmp/bench-report.pdf"],
                   check=True, stdout=subprocess.DEVNULL)
    t_cli = time.perf_counter() - t0
    print(f"best of {a.repeat}, in-process: context {t_ctx:.2f} s, HTML {t_html:.3f} s, PDF {t_pdf:.2f} s; "
          f"context + HTML + PDF {t_ctx + t_html + t_pdf:.2f} s (target < 5 s)")
    print(f"cold CLI run (process start, imports, context, HTML, PDF): {t_cli:.2f} s")
    print(f"PDF / HTML rendering time ratio: {t_pdf / t_html:.0f}x")


if __name__ == "__main__":
    main()
