"""``osteostats check PUBLISHED --out DIR``: re-verify every printed statistic from the printed numbers.

Writes ``DIR/checks.csv`` (text columns ``check, table, item, printed, recomputed, verdict,
note``, then the machine-readable fields ``reason, method, conclusion_changes, recomputed_low,
recomputed_high, p_low, p_high, alpha``) and ``DIR/summary.md``. Both are computed in full before anything is written, and each is
written atomically, so a failed run leaves no partial output. A malformed folder raises
:class:`~osteostats.errors.InputError` (exit code 2, no traceback).
"""
from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

from ..check.inputs import with_table_context
from ..check.runner import rows_frame, run_checks
from ..check.summary import render_summary
from ..errors import InputError
from ..io import atomic_write_text
from .import_tables import import_to
from ..published import load_published


def add_arguments(p: argparse.ArgumentParser) -> None:
    """The options of ``osteostats check``."""
    p.add_argument("published", metavar="PUBLISHED", nargs="+",
                   help="published-values folder (paper.yaml, comparisons.csv, values.csv), or table files as printed "
                        "(.txt copied out of a PDF, .md, .csv, .tsv, .xlsx, .docx), imported first as by `osteostats import`")
    p.add_argument("--groups", metavar="A,B", default=None,
                   help="with table files: codes for the compared groups, as in `osteostats import`")
    p.add_argument("--out", required=True, metavar="DIR", help="output folder for checks.csv and summary.md")
    p.add_argument("--fail-on", choices=("never", "inconsistent", "decision"), default="never",
                   help="exit with code 1 when a row has this verdict or worse (default: never)")


def run(args: argparse.Namespace) -> int:
    """Run the checks and write the outputs; return the exit code."""
    paths = [Path(p) for p in args.published]
    imported = None
    if len(paths) == 1 and paths[0].is_dir():
        folder = paths[0]
    elif all(p.is_file() for p in paths):
        imported = tempfile.TemporaryDirectory(prefix="osteostats-import-")
        folder = Path(imported.name) / "imported"
        print(import_to([str(p) for p in paths], folder, args.groups))
    else:
        bad = next(p for p in paths if not p.is_file())  # not all are files, so there is one
        if not bad.exists():
            raise InputError(f"published-values folder or table file not found: {bad}")
        if bad.is_dir():
            raise InputError(f"{bad} is a folder: give one published-values folder, or table files, not both")
        raise InputError(f"{bad} is neither a folder nor a regular file: give a published-values folder "
                         "or table files")
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
    if imported is not None:  # keep the imported folder beside the results, for editing and re-checking
        staged = Path(tempfile.mkdtemp(prefix=".imported.", dir=out))
        shutil.copytree(folder, staged / "imported")
        shutil.rmtree(out / "imported", ignore_errors=True)
        (staged / "imported").replace(out / "imported")
        shutil.rmtree(staged, ignore_errors=True)
        imported.cleanup()
    verdicts = {r.verdict for r in rows}
    bad = {"never": set(), "inconsistent": {"inconsistent", "decision"}, "decision": {"decision"}}[args.fail_on]
    print(f"osteostats check: {len(rows)} rows -> {out / 'checks.csv'}, {out / 'summary.md'}")
    return 1 if verdicts & bad else 0
