"""Find out how a text or CSV file is written before reading it: encoding, BOM, delimiter, decimal mark.

A table saved by a European Excel ("CSV" in a German, French or Chinese-locale Excel) uses
``;`` between fields and ``,`` as the decimal mark; read as a plain comma-separated file,
every column looks missing. :func:`sniff_csv` detects the delimiter (``,``, ``;`` or tab),
the decimal mark, the encoding and a byte-order mark, and says in one sentence what it
found; :func:`read_csv_text_table` reads the file with what was found (every cell kept as
text, header names stripped of surrounding spaces) or raises
:class:`~osteostats.errors.InputError` naming the file and the fix.

Only UTF-8 (with or without BOM) and UTF-16 with a BOM are read. Any other encoding (Latin-1,
Windows-1252, GBK) is reported with the first undecodable byte and how to convert the file;
no guess is ever used to read data.
"""
from __future__ import annotations

import codecs
import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .errors import InputError, Problem

#: Delimiters tried, in order of preference when several fit equally well.
DELIMITERS = (",", ";", "\t")
_DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab"}
_COMMA_DECIMAL = re.compile(r"^[+-]?\d*,\d+$")
_POINT_DECIMAL = re.compile(r"^[+-]?\d*\.\d+$")
#: Lines looked at to choose the delimiter.
SNIFF_LINES = 200


@dataclass(frozen=True)
class DecodedText:
    """A file's text and how it was encoded."""

    text: str
    encoding: str
    bom: bool


@dataclass(frozen=True)
class SniffResult:
    """How a CSV file is written.

    Attributes
    ----------
    delimiter : str
        ``","``, ``";"`` or ``"\\t"``.
    decimal : str
        ``"."`` or ``","`` (decimal comma).
    encoding : str
        ``"utf-8"`` or ``"utf-16"``.
    bom : bool
        Whether the file starts with a byte-order mark.
    """

    delimiter: str
    decimal: str
    encoding: str
    bom: bool

    @property
    def is_default(self) -> bool:
        """A plain comma-separated UTF-8 file with decimal points (nothing worth saying)."""
        return self.delimiter == "," and self.decimal == "." and self.encoding == "utf-8"

    def sentence(self, path: str | Path) -> str:
        """What was found, in words.

        Examples
        --------
        >>> SniffResult(";", ",", "utf-8", True).sentence("a.csv")
        'a.csv: read as semicolon-separated with decimal comma, UTF-8 with byte-order mark'
        """
        parts = [f"{_DELIMITER_NAMES[self.delimiter]}-separated",
                 "with decimal comma" if self.decimal == "," else "with decimal point"]
        enc = self.encoding.upper() + (" with byte-order mark" if self.bom else "")
        return f"{path}: read as {' '.join(parts)}, {enc}"


def _not_utf8(path: str | Path, data: bytes, exc: UnicodeDecodeError) -> Problem:
    line = data[: exc.start].count(b"\n") + 1
    byte = data[exc.start: exc.start + 1]
    return Problem(
        str(path), None, None, f"byte 0x{byte.hex()} at line {line}",
        "a UTF-8 text file (this one looks like Latin-1/Windows-1252 or another legacy encoding)",
        line=line,
        fix=(f"convert it to UTF-8, e.g. `iconv -f WINDOWS-1252 -t UTF-8 {Path(path).name} > utf8.{Path(path).name}` "
             "(use -f GBK for a Chinese-locale file), or save it as UTF-8 in the editor (Excel: 'CSV UTF-8')"))


def decode_bytes(path: str | Path, data: bytes) -> DecodedText:
    """Decode a file's bytes as UTF-8 (BOM allowed) or BOM-marked UTF-16.

    Raises
    ------
    InputError
        When the bytes are not valid in that encoding, naming the first bad byte, its
        line, and how to convert the file.

    Examples
    --------
    >>> decode_bytes("x.csv", b"\\xef\\xbb\\xbfa,b\\n").text
    'a,b\\n'
    >>> decode_bytes("x.csv", "é".encode("latin-1"))
    Traceback (most recent call last):
    ...
    osteostats.errors.InputError: 1 problem(s) in the input:
      - x.csv, line 1: got 'byte 0xe9 at line 1'; expected a UTF-8 text file (this one looks like Latin-1/Windows-1252 or another legacy encoding). Fix: convert it to UTF-8, e.g. `iconv -f WINDOWS-1252 -t UTF-8 x.csv > utf8.x.csv` (use -f GBK for a Chinese-locale file), or save it as UTF-8 in the editor (Excel: 'CSV UTF-8')
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return DecodedText(data.decode("utf-16"), "utf-16", True)
        except UnicodeDecodeError as exc:
            raise InputError([Problem(str(path), None, None, "broken UTF-16", "a readable UTF-16 or UTF-8 text file",
                                      fix="save the file again as UTF-8")]) from exc
    bom = data.startswith(codecs.BOM_UTF8)
    try:
        text = data.decode("utf-8-sig" if bom else "utf-8")
    except UnicodeDecodeError as exc:
        raise InputError([_not_utf8(path, data, exc)]) from None
    if "\x00" in text:
        raise InputError([Problem(str(path), None, None, "NUL bytes", "a text file",
                                  fix="export the data as CSV text (this looks like a binary file)")])
    return DecodedText(text, "utf-8", bom)


def read_text(path: str | Path, *, what: str = "a text file") -> DecodedText:
    """Read and decode a file; a missing, unreadable or non-UTF-8 file raises InputError."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        existing = "an existing " + what[2:] if what.startswith("a ") else what
        raise InputError([Problem(str(path), None, None, "missing file", existing)]) from None
    except IsADirectoryError:
        raise InputError([Problem(str(path), None, None, "a folder", what)]) from None
    except PermissionError:
        raise InputError([Problem(str(path), None, None, "permission denied", what,
                                  fix="make the file readable (chmod u+r) or copy it somewhere readable")]) from None
    except OSError as exc:
        raise InputError([Problem(str(path), None, None, exc.strerror or str(exc), what)]) from None
    return decode_bytes(path, data)


def _field_counts(lines: list[str], delimiter: str) -> list[int]:
    return [len(row) for row in csv.reader(lines, delimiter=delimiter) if row]


def sniff_text(text: str, encoding: str = "utf-8", bom: bool = False) -> SniffResult:
    """Detect delimiter and decimal mark of CSV text.

    The delimiter is the one of ``,``, ``;``, tab that splits every one of the first
    :data:`SNIFF_LINES` non-empty lines into the same number (> 1) of fields, the most
    fields winning; if none is consistent, the one giving the most fields on the header
    line. Decimal comma: the delimiter is not ``,`` and some fields look like ``1,5``
    while none look like ``1.5``.

    Examples
    --------
    >>> r = sniff_text("id;age;bmi\\n1;70;23,5\\n2;64;19,75\\n")
    >>> r.delimiter, r.decimal
    (';', ',')
    >>> sniff_text("id,age\\n1,70\\n").delimiter
    ','
    """
    lines = [ln for ln in text.splitlines()[:SNIFF_LINES] if ln.strip()]
    best, best_fields = ",", 1
    consistent = []
    for d in DELIMITERS:
        counts = _field_counts(lines, d)
        if counts and min(counts) == max(counts) and counts[0] > 1:
            consistent.append((counts[0], -DELIMITERS.index(d), d))
    if consistent:
        best = max(consistent)[2]
    elif lines:
        header = {d: _field_counts(lines[:1], d) for d in DELIMITERS}
        for d in DELIMITERS:
            n = header[d][0] if header[d] else 1
            if n > best_fields:
                best, best_fields = d, n
    decimal = "."
    if best != "," and lines:
        fields = [f.strip() for row in csv.reader(lines[1:], delimiter=best) for f in row]
        if any(_COMMA_DECIMAL.match(f) for f in fields) and not any(_POINT_DECIMAL.match(f) for f in fields):
            decimal = ","
    return SniffResult(best, decimal, encoding, bom)


def sniff_csv(path: str | Path) -> tuple[SniffResult, str]:
    """Sniff a CSV file; returns what was found and the decoded text.

    Examples
    --------
    >>> import tempfile, os
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = os.path.join(d, "t.csv")
    ...     _ = open(p, "wb").write("\\ufeffa;b\\n1,5;2\\n".encode("utf-8"))
    ...     found, _ = sniff_csv(p)
    >>> found.delimiter, found.decimal, found.bom
    (';', ',', True)
    """
    decoded = read_text(path, what="a CSV file")
    return sniff_text(decoded.text, decoded.encoding, decoded.bom), decoded.text


#: How many malformed rows are listed before the rest are only counted.
MAX_ROW_PROBLEMS = 20


def _records(path: str | Path, text: str, found: SniffResult) -> tuple[list[str], list[list[str]], list[Problem]]:
    """Header and rows (blank lines skipped, short rows padded with ""), and the rows with
    more fields than the header (trailing empty fields, as Excel writes them, are allowed)."""
    problems: list[Problem] = []
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=found.delimiter)
    header: list[str] | None = None
    rows: list[list[str]] = []
    too_long = 0
    try:
        for record in reader:
            if not record or (len(record) == 1 and not record[0].strip() and header is not None):
                continue
            if header is None:
                header = record
                continue
            if len(record) > len(header):
                extra = record[len(header):]
                if any(f.strip() for f in extra):
                    too_long += 1
                    if too_long <= MAX_ROW_PROBLEMS:
                        problems.append(Problem(
                            str(path), reader.line_num, None, f"{len(record)} fields",
                            f"at most {len(header)} fields, as in the header ({found.sentence(path)})",
                            fix="quote fields that contain the delimiter, or remove the extra fields"))
                record = record[:len(header)]
            elif len(record) < len(header):
                record = record + [""] * (len(header) - len(record))
            rows.append(record)
    except csv.Error as exc:
        problems.append(Problem(str(path), reader.line_num, None, str(exc), "a readable CSV file"))
    if too_long > MAX_ROW_PROBLEMS:
        problems.append(Problem(str(path), None, None, f"{too_long - MAX_ROW_PROBLEMS} more such rows",
                                f"at most {len(header or [])} fields per row"))
    return header or [], rows, problems


def read_csv_text_table(path: str | Path) -> tuple[pd.DataFrame, SniffResult]:
    """Read a CSV file as text cells with the sniffed delimiter and decimal mark.

    Header names are stripped of surrounding spaces; with a decimal comma, cells such as
    ``23,5`` become ``23.5`` (nothing else is changed). Raises
    :class:`~osteostats.errors.InputError` for a missing, unreadable, non-UTF-8, empty or
    malformed file and for duplicate or empty header names.
    """
    found, text = sniff_csv(path)
    if not text.strip():
        raise InputError([Problem(str(path), None, None, "empty file", "a CSV file with a header row")])
    header, rows, problems = _records(path, text, found)
    # Trailing separators on every line (as some exports write them) make no column.
    while header and not header[-1].strip() and all(not r[len(header) - 1].strip() for r in rows):
        header = header[:-1]
        rows = [r[:len(header)] for r in rows]
    frame = pd.DataFrame(rows, columns=range(len(header)), dtype=object) if rows else \
        pd.DataFrame({j: pd.Series([], dtype=object) for j in range(len(header))})
    frame = frame.astype(str)
    names = [c.strip() for c in header]
    seen: set[str] = set()
    for j, name in enumerate(names):
        if not name:
            problems.append(Problem(str(path), 1, f"#{j + 1}", header[j], "a column name in the header row"))
        elif name in seen:
            problems.append(Problem(str(path), 1, name, header[j], "unique column names"))
        seen.add(name)
    if problems:
        problems.sort(key=lambda p: int(p.row or 0))
        raise InputError(problems)
    frame.columns = names
    if found.decimal == ",":
        frame = frame.apply(lambda s: s.str.replace(r"^\s*([+-]?\d*),(\d+)\s*$", r"\1.\2", regex=True))
    return frame, found
