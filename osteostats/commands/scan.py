"""``osteostats scan FILE [--out CSV]``: inline statistics of an article and their P check.

Reads plain text, PDF (text layer, via pypdf) or DOCX; finds every inline statistic in APA
(``t(28) = 2.20, p = .036``) or Chinese-journal style (``χ2=29.418，P<0.001``) and checks each
P against its statistic and df (statcheck's rules, rounding-aware). Writes one CSV row per
statistic or unreadable fragment (``--out``, written atomically) and prints a summary. A file
that cannot be read is an :class:`~osteostats.errors.InputError` (exit code 2, nothing written).
"""
from __future__ import annotations

import argparse

from ..outputs import FILE, OutputPath, check_output_paths
from ..io import write_csv
from ..scan import scan_file, summary_lines
from ..scan.labels import SUMMARY, label


def add_arguments(p: argparse.ArgumentParser) -> None:
    """The options of ``osteostats scan``."""
    p.add_argument("file", metavar="FILE", help="article as .txt/.md, .pdf or .docx")
    p.add_argument("--out", metavar="CSV", default=None, help="write the tidy table here (one row per statistic)")
    p.add_argument("--alpha", type=float, default=0.05, help="significance level for decision errors (default 0.05)")
    p.add_argument("--one-tailed-txt", action="store_true",
                   help="when the text mentions one-tailed tests, accept a P that is right one-tailed (statcheck's OneTailedTxt)")
    p.add_argument("--lang", choices=("en", "zh"), default="en", help="language of the printed summary")
    p.add_argument("--fail-on", choices=("never", "inconsistent", "decision"), default="never",
                   help="exit with code 1 when a statistic has this verdict or worse (default: never)")


def run(args: argparse.Namespace) -> int:
    """Scan the file, write the CSV, print the summary; return the exit code."""
    if args.out is not None:
        check_output_paths([OutputPath("--out", args.out, FILE)])
    df = scan_file(args.file, alpha=args.alpha, one_tailed_txt=args.one_tailed_txt)
    if args.out is not None:
        write_csv(df, args.out)
    for line in summary_lines(df, str(args.file), args.lang):
        print(line)
    if args.out is not None:
        print(label(SUMMARY, "written", args.lang, path=args.out))
    bad = {"never": set(), "inconsistent": {"inconsistent", "decision_error"}, "decision": {"decision_error"}}[args.fail_on]
    return 1 if set(df["verdict"]) & bad else 0
