"""Typed access to a :class:`~osteostats.published.Published` folder for the checks.

Builds one index of the printed cells, keyed by (comparison, arm, quantity), and validates
what the checks need beyond :func:`osteostats.published.load_published` (counts are whole
numbers no larger than their denominator), raising :class:`~osteostats.errors.InputError`
with file, row, field, value and table.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


from ..errors import InputError, Problem
from ..printed import PrintedNumber
from ..published import Published


@dataclass(frozen=True)
class Cell:
    """One printed cell: its parsed value, its denominator and its row in ``values.csv``."""

    parsed: PrintedNumber
    n: int | None
    row: int
    source: str

    @property
    def ok(self) -> bool:
        """Printed as a plain number (not '–', not an inequality)."""
        return self.parsed.kind == "value"

    @property
    def integer(self) -> int:
        """The printed value as an int (only for validated counts and sizes)."""
        return int(self.parsed.value)


@dataclass(frozen=True)
class Comparison:
    """One row of ``comparisons.csv``."""

    table: str
    id: str
    item: str
    unit: str
    variable_type: str
    design: str
    stratum: str
    arms: tuple[str, ...]
    union_arm: str
    statistic_name: str
    category_set: str
    measure: str
    order: int

    @property
    def component_arms(self) -> tuple[str, ...]:
        """Arms other than the union arm."""
        return tuple(a for a in self.arms if a != self.union_arm)


class Index:
    """The printed cells of a published folder, indexed for the checks.

    Examples
    --------
    >>> from osteostats.published import load_published
    >>> idx = Index(load_published("data/published"))
    >>> idx.cell("t1_sex_male", "MET", "count").integer, idx.cell("t1_sex_male", "MET", "count").n
    (22, 31)
    >>> idx.label("t1_age")
    'Age, years'
    """

    def __init__(self, pub: Published) -> None:
        self.pub = pub
        self.alpha = pub.alpha
        self.values_path = str(Path(pub.folder) / "values.csv")
        self.comparisons: list[Comparison] = []
        for i, r in enumerate(pub.comparisons.itertuples(index=False)):
            self.comparisons.append(Comparison(
                table=str(r.table), id=str(r.comparison), item=str(r.item), unit=str(r.unit),
                variable_type=str(r.variable_type), design=str(r.design), stratum=str(r.stratum),
                arms=tuple(a.strip() for a in str(r.arms).split(";") if a.strip()),
                union_arm=str(r.union_arm), statistic_name=str(r.statistic_name),
                category_set=str(r.category_set), measure=str(r.measure), order=i))
        self.by_id = {c.id: c for c in self.comparisons}
        self._cells: dict[tuple[str, str, str, str], Cell] = {}
        self._levels: dict[str, list[str]] = {}
        has_level = "level" in pub.values.columns
        for idx, r in pub.values.iterrows():
            n = int(r["n"]) if str(r["n"]).strip().isdigit() else None
            level = str(r["level"]).strip() if has_level else ""
            self._cells[(r["comparison"], r["arm"], r["quantity"], level)] = Cell(r["parsed"], n, int(idx) + 2,
                                                                               str(r["source"]))
            if level and level not in self._levels.setdefault(r["comparison"], []):
                self._levels[r["comparison"]].append(level)
        self.groups: dict = dict(pub.paper.get("groups") or {})

    def cell(self, comparison: str, arm: str, quantity: str, level: str = "") -> Cell | None:
        """The printed cell, or None when the folder has no such row (``level``: format version 2)."""
        return self._cells.get((comparison, arm, quantity, level))

    def printed(self, comparison: str, arm: str, quantity: str, level: str = "") -> PrintedNumber | None:
        """The parsed printed number, or None when absent or printed as '–'."""
        c = self.cell(comparison, arm, quantity, level)
        return None if c is None or c.parsed.is_missing else c.parsed

    def any_level_cell(self, comparison: str, arm: str, quantity: str) -> Cell | None:
        """The cell without a level, else the first level's (for its denominator ``n``)."""
        for level in [""] + self.levels(comparison):
            c = self.cell(comparison, arm, quantity, level)
            if c is not None:
                return c
        return None

    def levels(self, comparison: str) -> list[str]:
        """The levels of a ``categorical`` comparison, in the order of ``values.csv`` (empty otherwise)."""
        return list(self._levels.get(comparison, []))

    def level_cells(self, quantity: str) -> Iterator[tuple[Comparison, str, str, Cell]]:
        """Every printed (not '–') cell of a quantity with its level, as (comparison, arm, level, cell).

        Cells without a level come first for each arm, then the levels in folder order.
        """
        for comp in self.comparisons:
            for arm in comp.arms:
                for level in [""] + self.levels(comp.id):
                    c = self.cell(comp.id, arm, quantity, level)
                    if c is not None and not c.parsed.is_missing:
                        yield comp, arm, level, c

    def printed_cells(self, quantity: str) -> Iterator[tuple[Comparison, str, Cell]]:
        """Every printed (not '–') cell of a quantity, as (comparison, arm, cell), in folder order.

        Examples
        --------
        >>> from osteostats.published import load_published
        >>> idx = Index(load_published("data/published"))
        >>> [(c.id, arm, cell.parsed.text) for c, arm, cell in idx.printed_cells("mean")][:2]
        [('t1_age', 'OP', '69.58'), ('t1_age', 'MET', '62.13')]
        """
        for comp in self.comparisons:
            for arm in comp.arms:
                c = self.cell(comp.id, arm, quantity)
                if c is not None and not c.parsed.is_missing:
                    yield comp, arm, c

    def label(self, comparison: str) -> str:
        """The row label in words."""
        return self.by_id[comparison].item

    def group_of(self, comp: Comparison, arm: str) -> str:
        """The group whose units an arm counts: the arm itself, or the comparison's stratum."""
        return arm if arm in self.groups else comp.stratum

    def group_size(self, group: str, unit: str) -> int | None:
        """Group size per unit from ``paper.yaml`` (``vertebra`` finds ``vertebrae``)."""
        sizes = self.groups.get(group) or {}
        for key in (unit, unit + "s", unit + "e", unit + "es", unit[:-1] + "ies" if unit.endswith("y") else unit):
            if key in sizes:
                try:
                    return int(sizes[key])
                except (TypeError, ValueError):
                    return None
        return None

    def table_order(self, table: str) -> int:
        """Position of a table in the folder (first appearance in comparisons.csv)."""
        for c in self.comparisons:
            if c.table == table:
                return c.order
        return len(self.comparisons)

    def validate(self) -> None:
        """Raise InputError for what the checks cannot work with (all problems at once).

        Counts must be whole non-negative numbers no larger than their denominator; group
        sizes (quantity ``n``) must be whole positive numbers.
        """
        problems: list[Problem] = []
        for (comp, arm, q, _level), c in sorted(self._cells.items(), key=lambda kv: kv[1].row):
            table = self.by_id[comp].table if comp in self.by_id else "?"
            where = f"(table {table}, {comp}, arm {arm or '-'}, quantity {q})"
            if q not in ("count", "n") or c.parsed.is_missing:
                continue
            p = c.parsed
            if p.kind != "value" or p.decimals != 0 or p.value < 0:
                problems.append(Problem(self.values_path, c.row, "printed", p.text,
                                        f"a whole, non-negative number {where}"))
                continue
            if q == "count" and c.n is not None and int(p.value) > c.n:
                problems.append(Problem(self.values_path, c.row, "printed", p.text,
                                        f"a count no larger than its denominator n={c.n} {where}"))
        if problems:
            raise InputError(problems, f"{len(problems)} problem(s) in published values {self.pub.folder}")




def plural(unit: str) -> str:
    """English (and Latin) plural of a unit name.

    Examples
    --------
    >>> plural("vertebra"), plural("patient"), plural("eye")
    ('vertebrae', 'patients', 'eyes')
    """
    if unit.endswith("a"):
        return unit + "e"
    if unit.endswith(("s", "x", "ch", "sh")):
        return unit + "es"
    return unit + "s"


def with_table_context(exc: InputError, folder: str | Path) -> InputError:
    """Add 'table X, comparison' to problems in comparisons.csv / values.csv that lack it.

    :func:`osteostats.published.load_published` names file, row, column and value; some of its
    messages (e.g. an unknown ``statistic_name``) do not name the table. This reads the raw
    CSV rows and appends the table, so every error names file, table, row, field and value.
    """
    import pandas as pd  # local: only needed on the error path

    folder = Path(folder)
    raw: dict[str, pd.DataFrame] = {}
    for name in ("comparisons.csv", "values.csv"):
        try:
            raw[name] = pd.read_csv(folder / name, dtype=str, keep_default_na=False)
        except Exception:  # noqa: BLE001 - the original error stands
            continue
    if not exc.problems:
        return exc
    out: list[Problem] = []
    for p in exc.problems:
        name = Path(p.file).name
        df = raw.get(name)
        if df is not None and isinstance(p.row, int) and "table " not in p.expected and 2 <= p.row <= len(df) + 1:
            r = df.iloc[p.row - 2]
            ctx = f"table {r.get('table', '?')}, {r.get('comparison', '?')}"
            p = Problem(p.file, p.row, p.column, p.value, f"{p.expected} ({ctx})")
        out.append(p)
    head = str(exc).split(":\n", 1)[0]
    return InputError(out, head)
