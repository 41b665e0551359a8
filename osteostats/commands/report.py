"""``osteostats report``: the HTML and PDF report from the workflow's outputs."""
from __future__ import annotations

import argparse


def add_arguments(p: argparse.ArgumentParser) -> None:
    """The options of ``osteostats report``."""
    p.add_argument("--reports", default="reports", help="folder with the workflow's outputs (default: %(default)s)")
    p.add_argument("--config", default="config/config.yaml",
                   help="workflow config: inputs, study spec, report settings (default: %(default)s)")
    p.add_argument("--html", default="reports/report.html", help="HTML output (default: %(default)s)")
    p.add_argument("--pdf", default="reports/report.pdf", help="PDF output; 'none' to skip (default: %(default)s)")


def run(args: argparse.Namespace) -> int:
    pdf = None if args.pdf.lower() == "none" else args.pdf
    from ..outputs import FILE, OutputPath, check_output_paths

    check_output_paths([OutputPath("--html", args.html, FILE)] + ([OutputPath("--pdf", pdf, FILE)] if pdf else []))
    command = f"osteostats report --reports {args.reports} --config {args.config} --html {args.html} --pdf {args.pdf}"
    from ..config import load_config
    from ..errors import InputError
    from ..report.pdf import PdfWorkers, workers_for

    # One PDF worker per edition (up to the cores), started before pandas and the workflow's outputs are loaded:
    # they load WeasyPrint meanwhile (a bad config is reported by build_report as before).
    try:
        n_workers = workers_for(len(load_config(args.config)["report"]["languages"])) if pdf else 0
    except InputError:  # build_report reads the config again and says what is wrong
        n_workers = 0
    with PdfWorkers(n_workers) as workers:
        from ..report import build_report

        written = build_report(args.reports, args.config, args.html, pdf, command, workers=workers)
    print("wrote " + ", ".join(str(p) for p in written))
    return 0
