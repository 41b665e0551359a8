"""``osteostats import FILES... --out DIR``: tables as printed -> an editable published-values folder.

Reads text copied out of a PDF, Markdown, CSV/TSV, XLSX and DOCX tables
(:mod:`osteostats.importer`), prints what it inferred (tables, groups, items, quantities,
statistics, denominators, spans), and writes ``paper.yaml``, ``comparisons.csv`` and
``values.csv`` (format version 2, data/published/FORMAT.md) all at once. A cell it cannot read
or a layout that fits more than one reading stops the run (exit code 2) with file, table,
row, column and text of every problem, and nothing is written.
"""
from __future__ import annotations

import argparse
from pathlib import Path

from ..errors import InputError
from ..importer import build, read_tables
from ..importer.describe import describe
from ..importer.writer import write_folder

#: The command's name on the command line (the module cannot be called ``import``).
NAME = "import"


def add_arguments(p: argparse.ArgumentParser) -> None:
    """The options of ``osteostats import``."""
    p.add_argument("files", nargs="+", metavar="FILE", help="table files: .txt (text copied out of a PDF), .md, .csv, .tsv, .xlsx, .docx")
    p.add_argument("--out", required=True, metavar="DIR", help="the published-values folder to write")
    p.add_argument("--groups", metavar="A,B", default=None,
                   help="codes for the compared groups in the order every table prints them (e.g. OP,MET); "
                        "default: the group labels")
    p.add_argument("--id", dest="paper_id", default=None, help="paper id in paper.yaml (default: the first file's name)")


def parse_groups(text: str | None) -> list[str] | None:
    """``"OP,MET"`` -> ``["OP", "MET"]``; rejects empty or repeated codes."""
    if text is None:
        return None
    names = [g.strip() for g in text.split(",")]
    if not all(names) or len(set(names)) != len(names) or any(";" in g for g in names):
        raise InputError(f"--groups {text!r}: expected distinct, non-empty codes separated by commas, e.g. OP,MET")
    return names


def import_to(files: list[str], out: str | Path, groups: str | None, paper_id: str | None = None) -> str:
    """Import ``files`` into ``out``; return the description to print."""
    names = parse_groups(groups)
    imp = build(read_tables(files), names)
    write_folder(imp, out, paper_id or Path(files[0]).stem)
    return describe(imp)


def run(args: argparse.Namespace) -> int:
    """Import and print what was inferred."""
    text = import_to(args.files, args.out, args.groups, args.paper_id)
    print(text)
    print(f"osteostats import: wrote {Path(args.out) / 'paper.yaml'}, comparisons.csv, values.csv")
    return 0
