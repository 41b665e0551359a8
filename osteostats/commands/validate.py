"""``osteostats validate``: check case tables and list every problem at once."""
from __future__ import annotations

import argparse
import sys

from ..cases import load_cases


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("validate", help="validate case tables (patients, vertebrae, readings)",
                       description="Validate the case tables; print every problem (file, row, column, "
                                   "value, expected) and exit 2 if there is any.")
    p.add_argument("--cases", default="data/cases", help="folder with the case tables (default: %(default)s)")
    p.add_argument("--stamp", default=None, help="on success, write this file (for workflows)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    cases = load_cases(args.cases)
    for w in cases.warnings:
        print(f"warning: {w}", file=sys.stderr)
    msg = (f"{args.cases}: OK ({len(cases.patients)} patients, {len(cases.vertebrae)} vertebrae, "
           f"{len(cases.readings)} readings)")
    print(msg)
    if args.stamp:
        from ..io import atomic_write_text

        atomic_write_text(args.stamp, msg + "\n")
    return 0
