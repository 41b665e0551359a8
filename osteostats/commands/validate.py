"""``osteostats validate``: check case tables and list every problem at once.

With ``--write-config`` it also writes the resolved config once the tables are accepted: the
workflow's first job, so that no output (not even the config every stage reads) is left
behind when an input is rejected.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import config_arguments
from ..outputs import FILE, FOLDER, OutputPath, check_output_paths
from ..cases import load_cases, write_validated
from ..cases.load import file_digest
from ..cases.progress import steps
from ..config import config_from_json, load_config, write_resolved
from ..study import load_study


def add_arguments(p: argparse.ArgumentParser) -> None:
    """The options of ``osteostats validate``."""
    config_arguments(p)
    p.add_argument("--study", default=None, help="study spec YAML (default: the config's study)")
    p.add_argument("--out", default=None, help="on success, write the validated tables to this folder")
    p.add_argument("--config-json", default=None,
                   help="the config as a JSON object instead of --config (the workflow's merged config)")
    p.add_argument("--write-config", default=None, metavar="OUT",
                   help="on success, also write the resolved config (as `osteostats config --out`) to OUT")


def run(args: argparse.Namespace) -> int:
    if args.out:
        check_output_paths([OutputPath("--out", args.out, FOLDER)])
    if args.write_config:
        check_output_paths([OutputPath("--write-config", args.write_config, FILE)])
    cfg = config_from_json(args.config_json) if args.config_json is not None else load_config(args.config)
    folder = Path(args.cases or cfg["cases_dir"])
    spec = load_study(args.study or cfg["study"])
    cases = load_cases(folder, spec)
    for w in cases.warnings:
        print(f"warning: {w}", file=sys.stderr)
    print(f"{folder}: OK ({len(cases.patients)} patients, {len(cases.vertebrae)} vertebrae, "
          f"{len(cases.readings)} readings)")
    if args.out:
        with steps(["hash", "write"], "write validated tables") as start:
            start("hash the source files")
            sources = {p.name: file_digest(p)
                       for p in sorted(folder.iterdir()) if p.suffix in (".csv", ".parquet")}
            start("write Parquet")
            write_validated(cases, spec, args.out, sources)
        print(f"wrote the validated tables to {args.out}")
    if args.write_config:
        write_resolved(cfg, args.write_config)
        print(f"wrote the resolved config to {args.write_config}")
    return 0
