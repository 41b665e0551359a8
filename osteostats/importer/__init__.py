"""Import tables as printed (PDF text, Markdown, CSV/TSV, XLSX, DOCX) into a published-values folder.

>>> from osteostats.importer import read_tables, build
>>> imp = build(read_tables(["tests/data/import/small.md"]))
>>> [(i.comparison, i.variable_type, i.statistic_name) for i in imp.items][:2]
[('t1_age_years_mean_sd', 'continuous', 't'), ('t1_male_n', 'binary', 'chi2')]

Modules: ``read_text`` (text out of a PDF), ``read_markdown``, ``read_delimited`` (CSV/TSV),
``read_xlsx``, ``read_docx`` (readers, one per input kind, all returning
:class:`~.grid.RawTable`); ``cells`` (one printed cell); ``headers`` (group sizes, statistic
labels, unit words); ``layout`` (orientation and header spans); ``denominators`` (from
percentages; which header a row of levels stands under); ``units``; ``build`` (items and
values) with ``categorical`` (r x c variables); ``model`` (what an import produces);
``describe`` (what was inferred, printed by the command); ``writer`` (the version-2 folder,
all or nothing).
"""
from __future__ import annotations

from pathlib import Path

from ..errors import InputError, Problem
from .build import Imported, build
from .grid import RawTable

#: File suffix -> reader name.
READERS = {".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown", ".csv": "delimited",
           ".tsv": "delimited", ".tab": "delimited", ".xlsx": "xlsx", ".docx": "docx"}


def read_tables(paths: list[str | Path]) -> list[RawTable]:
    """Read every table of every file (raises :class:`InputError` for unreadable files)."""
    tables: list[RawTable] = []
    problems: list[Problem] = []
    for p in map(Path, paths):
        kind = READERS.get(p.suffix.lower())
        if not p.is_file():
            problems.append(Problem(str(p), None, None, "missing file", "a table file to import"))
            continue
        if kind is None:
            problems.append(Problem(str(p), None, None, p.suffix or "no suffix",
                                    "one of " + ", ".join(sorted(READERS)) + " (PDF: copy the text out into a .txt file)"))
            continue
        try:
            found = _read(kind, p)
        except InputError:
            raise
        except Exception as exc:  # noqa: BLE001 - any parser failure is an input problem
            problems.append(Problem(str(p), None, None, str(exc).splitlines()[0] if str(exc) else type(exc).__name__,
                                    f"a readable {kind} file"))
            continue
        if not found:
            problems.append(Problem(str(p), None, None, "no table found",
                                    "a table with a title line ('Table 1 …' or '表1 …') and a header row"))
        tables += found
    if problems:
        raise InputError(problems, f"{len(problems)} problem(s) reading the input files (nothing was written)")
    return tables


def _read(kind: str, path: Path) -> list[RawTable]:
    if kind == "text":
        from .read_text import read_text
        return read_text(path)
    if kind == "markdown":
        from .read_markdown import read_markdown
        return read_markdown(path)
    if kind == "delimited":
        from .read_delimited import read_delimited
        return read_delimited(path)
    if kind == "xlsx":
        from .read_xlsx import read_xlsx
        return read_xlsx(path)
    from .read_docx import read_docx
    return read_docx(path)


def import_files(paths: list[str | Path], out: str | Path, groups: list[str] | None = None,
                 paper_id: str | None = None) -> Imported:
    """Read, interpret and write; nothing is written when any problem is found."""
    from .writer import write_folder

    imp = build(read_tables(paths), groups)
    write_folder(imp, out, paper_id or Path(paths[0]).stem)
    return imp


__all__ = ["READERS", "Imported", "RawTable", "build", "import_files", "read_tables"]
