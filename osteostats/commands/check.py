"""``osteostats check PUBLISHED --out DIR``: re-verify every printed statistic from the printed numbers.

Writes ``DIR/checks.csv`` (columns ``check, table, item, printed, recomputed, verdict, note``)
and ``DIR/summary.md``. Both are computed in full before anything is written, and each is
written atomically, so a failed run leaves no partial output. A malformed folder raises
:class:`~osteostats.errors.InputError` (exit code 2, no traceback).
"""
from __future__ import annotations

import argparse
from pathlib import Path

from ..check.inputs import with_table_context
from ..check.runner import rows_frame, run_checks
from ..check.summary import render_summary
from ..errors import InputError
from ..io import atomic_write_text
from ..published import load_published


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register the ``check`` sub-command."""
    p = subparsers.add_parser(
        "check",
        help="re-verify printed statistics, P values and percentages from the printed numbers",
        description=("Recompute every printed chi-squared, t, P and percentage of a published-values folder "
                     "(see data/published/FORMAT.md) with rounding taken into account, audit the test choice "
                     "and design, and check the tables against each other."),
    )
    p.add_argument("published", metavar="PUBLISHED", help="published-values folder (paper.yaml, comparisons.csv, values.csv)")
    p.add_argument("--out", required=True, metavar="DIR", help="output folder for checks.csv and summary.md")
    p.add_argument("--fail-on", choices=("never", "inconsistent", "decision"), default="never",
                   help="exit with code 1 when a row has this verdict or worse (default: never)")
    p.set_defaults(func=run)
    return p


def run(args: argparse.Namespace) -> int:
    """Run the checks and write the outputs; return the exit code."""
    folder = Path(args.published)
    if not folder.is_dir():
        raise InputError(f"published-values folder not found: {folder}")
    try:
        pub = load_published(folder)
    except InputError as exc:
        raise with_table_context(exc, folder) from None
    rows = run_checks(pub)
    csv_text = rows_frame(rows).to_csv(index=False, lineterminator="\n")
    summary = render_summary(rows, pub)
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise InputError(f"--out must be a folder: {out} is a file")
    atomic_write_text(out / "checks.csv", csv_text)
    atomic_write_text(out / "summary.md", summary)
    verdicts = {r.verdict for r in rows}
    bad = {"never": set(), "inconsistent": {"inconsistent", "decision"}, "decision": {"decision"}}[args.fail_on]
    print(f"osteostats check: {len(rows)} rows -> {out / 'checks.csv'}, {out / 'summary.md'}")
    return 1 if verdicts & bad else 0
