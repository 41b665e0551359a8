"""What an import produces: compared items, printed values, groups, inferences, problems."""
from __future__ import annotations

from dataclasses import dataclass, field, make_dataclass

from ..errors import Problem
from ..published import VALUE_COLUMNS_V2
from .grid import RawTable
from .layout import Pos


@dataclass
class ItemOut:
    """One row of ``comparisons.csv``."""

    table: str
    comparison: str
    item: str
    unit: str
    variable_type: str
    design: str
    stratum: str
    arms: list[str]
    union_arm: str
    statistic_name: str
    category_set: str
    measure: str
    note: str = ""


#: Defaults of the optional ``values.csv`` columns.
_VALUE_DEFAULTS = {"n": "", "source": "table", "note": "", "level": ""}

#: One row of ``values.csv``: its fields are the format's columns (version 2), declared once in
#: :mod:`osteostats.published`.
ValueOut = make_dataclass(
    "ValueOut",
    [(c, str, field(default=_VALUE_DEFAULTS[c])) if c in _VALUE_DEFAULTS else (c, str) for c in VALUE_COLUMNS_V2],
    namespace={"__doc__": "One row of ``values.csv`` (the published format's columns, version 2)."},
)


@dataclass
class Imported:
    """Everything an import found: items, values, groups, and what was inferred."""

    files: list[str]
    titles: dict[str, str]
    items: list[ItemOut] = field(default_factory=list)
    values: list[ValueOut] = field(default_factory=list)
    groups: dict[str, dict] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    percent_decimals: int | None = None
    #: table -> the group codes it compares, in printed order
    table_groups: dict[str, tuple[str, ...]] = field(default_factory=dict)


class CellProblem(Problem):
    """A problem at a place in a printed table: file, table, row (as located in the file), column."""

    def __str__(self) -> str:
        where = ", ".join(str(x) for x in (self.file, self.row, self.column) if x)
        return f"{where}: got {self.value!r}; expected {self.expected}"


class Problems:
    """Every problem found, collected so that all are reported at once."""

    def __init__(self) -> None:
        self.items: list[Problem] = []

    def cell(self, t: RawTable, pos: Pos, text: str, expected: str) -> None:
        self.items.append(CellProblem(f"{t.file}, {t.name}", pos.where, f"column {pos.column} ({pos.header})", text,
                                      expected))

    def table(self, t: RawTable, where: str, value: str, expected: str) -> None:
        self.items.append(CellProblem(f"{t.file}, {t.name}", where, None, value, expected))
