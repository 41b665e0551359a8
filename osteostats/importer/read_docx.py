"""Word documents (python-docx): every table, titled by the paragraph just before it
("表2 …", "Table 2 (continued)"). A merged cell repeats its text in every column it spans."""
from __future__ import annotations

from pathlib import Path

from .grid import RawTable, parse_title


def read_docx(path: str | Path) -> list[RawTable]:
    """Every table of a .docx file, in document order."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    path = Path(path)
    doc = docx.Document(str(path))
    out: list[RawTable] = []
    last_title: tuple[str, bool, str] | None = None
    context: list[str] = []
    n_tables = 0
    for child in doc.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = Paragraph(child, doc).text.strip()
            t = parse_title(text) if text else None
            if t is not None:
                last_title, context = t, []
            elif text and last_title is not None:
                context.append(text)
        elif tag == "tbl":
            n_tables += 1
            table = Table(child, doc)
            rows = [[c.text.strip() for c in row.cells] for row in table.rows]
            width = max((len(r) for r in rows), default=0)
            rows = [r + [""] * (width - len(r)) for r in rows]
            where = [f"table row {i + 1}" for i in range(len(rows))]
            label, continued, title = last_title if last_title else (str(n_tables), False, "")
            seen = any(t.label == label for t in out)
            out.append(RawTable(str(path), label, title, continued or seen, rows, where, list(context)))
            context = []
    return out
