"""Text of a document, as lines with their location: plain text, PDF (pypdf), DOCX."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError, Problem

TEXT_SUFFIXES = {".txt", ".md", ".text", ".csv", ".tsv"}


@dataclass(frozen=True)
class Line:
    """One line of the document: its text and where it is (``line 12``, ``page 2, line 5``,
    ``paragraph 8``, ``table 1, row 3``)."""

    text: str
    number: int
    location: str


def _problem(path: Path, value: object, expected: str) -> InputError:
    return InputError([Problem(str(path), None, None, value, expected)], header=f"cannot read {path}")


def read_lines(path: str | Path) -> list[Line]:
    """The document's lines, numbered from 1 in reading order.

    Notes
    -----
    Plain text is decoded as UTF-8 (with or without BOM), then GB18030 (common for Chinese
    text files); PDF text comes from ``pypdf``'s ``extract_text`` page by page; DOCX gives
    its paragraphs, then its tables row by row (cells joined by tabs). Anything else, or a
    file that cannot be decoded, is an :class:`~osteostats.errors.InputError`.

    Examples
    --------
    >>> import tempfile, os
    >>> d = tempfile.mkdtemp(); p = os.path.join(d, "a.txt")
    >>> _ = open(p, "w", encoding="utf-8").write("t(28) = 2.20, p = .036\\nsecond")
    >>> [(x.number, x.location) for x in read_lines(p)]
    [(1, 'line 1'), (2, 'line 2')]
    """
    p = Path(path)
    if not p.exists():
        raise _problem(p, str(p), "an existing file (.txt, .md, .pdf or .docx)")
    if p.is_dir():
        raise _problem(p, str(p), "a file, not a folder")
    suffix = p.suffix.lower()
    if suffix in TEXT_SUFFIXES or suffix == "":
        return _text_lines(p)
    if suffix == ".pdf":
        return _pdf_lines(p)
    if suffix == ".docx":
        return _docx_lines(p)
    raise _problem(p, p.suffix, "a .txt, .md, .pdf or .docx file (for .doc, save as .docx first)")


def _text_lines(p: Path) -> list[Line]:
    raw = p.read_bytes()
    for enc in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes nearly anything
        raise _problem(p, "undecodable bytes", "UTF-8 or GB18030 text")
    return [Line(t, i, f"line {i}") for i, t in enumerate(text.splitlines(), start=1)]


def _pdf_lines(p: Path) -> list[Line]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(p))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, OSError, ValueError, KeyError) as exc:
        raise _problem(p, f"{type(exc).__name__}: {exc}", "a readable PDF with a text layer") from exc
    lines: list[Line] = []
    for pno, text in enumerate(pages, start=1):
        for lno, t in enumerate(text.splitlines(), start=1):
            lines.append(Line(t, len(lines) + 1, f"page {pno}, line {lno}"))
    if not any(x.text.strip() for x in lines):
        raise _problem(p, "no text layer", "a PDF with selectable text (scanned images need OCR first)")
    return lines


def _docx_lines(p: Path) -> list[Line]:
    import zipfile

    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        doc = docx.Document(str(p))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise _problem(p, f"{type(exc).__name__}: {exc}", "a Word .docx file") from exc
    lines: list[Line] = []
    for i, para in enumerate(doc.paragraphs, start=1):
        lines.append(Line(para.text, len(lines) + 1, f"paragraph {i}"))
    for t, table in enumerate(doc.tables, start=1):
        for r, row in enumerate(table.rows, start=1):
            lines.append(Line("\t".join(c.text for c in row.cells), len(lines) + 1, f"table {t}, row {r}"))
    return lines
