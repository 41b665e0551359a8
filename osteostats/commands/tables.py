"""``osteostats tables``: Tables 1–3 from case tables, set beside the printed values."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import config_arguments
from ..outputs import FOLDER, OutputPath, check_output_paths
from ..cases import load_cases
from ..cases.progress import steps
from ..config import load_config, published_folder
from ..io import write_csv
from ..published import load_published
from ..tables import TableOptions, build_tables, compare_with_published
from ..tables.detection import detection_rates


def add_arguments(p: argparse.ArgumentParser) -> None:
    """The options of ``osteostats tables``."""
    config_arguments(p)
    p.add_argument("--published", default=None,
                   help="published-values folder to compare with, or 'none' (default: the config's published_dir)")
    p.add_argument("--out", default="reports/tables", help="output folder (default: %(default)s)")


def run(args: argparse.Namespace) -> int:
    check_output_paths([OutputPath("--out", args.out, FOLDER)])
    cfg = load_config(args.config)
    opts = TableOptions.from_config(cfg)
    with steps(["cases", "tables", "comparison", "write"], "tables") as start:
        start("read the case tables")
        cases = load_cases(args.cases or cfg["cases_dir"], opts.study)
        for w in cases.warnings:
            print(f"warning: {w}", file=sys.stderr)
        folder = published_folder({"published_dir": args.published}) if args.published else published_folder(cfg)
        pub = load_published(folder) if folder else None
        start("Tables 1-3")
        rep = build_tables(cases, opts)
        del cases
        start("comparison")
        comparison = compare_with_published(pub, rep, equal_var=opts.t_test == "student") if pub else None
        start("write")
        out = Path(args.out)
        for label in ("1", "2", "3"):
            write_csv(rep.table(label), out / f"table{label}.csv")
        write_csv(rep.tests, out / "tests.csv")
        write_csv(detection_rates(rep.table("3")), out / "detection.csv")
    if comparison is not None:
        write_csv(comparison, out / "comparison.csv")
        counts = comparison.verdict.value_counts()
        summary = ", ".join(f"{counts.get(v, 0)} {v}" for v in ("match", "rounding", "differs"))
        print(f"{len(comparison)} printed numbers: {summary}")
    print(f"wrote tables to {out}")
    return 0
