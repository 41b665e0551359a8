"""Build all three tables from validated case tables."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..cases import Cases
from .cells import CellCollector
from .options import TableOptions
from .table1 import build_table1
from .table2 import build_table2
from .table3 import build_table3


@dataclass(frozen=True)
class Reproduced:
    """Reproduced cells (long, one row per number) and tests (one row per test)."""

    cells: pd.DataFrame
    tests: pd.DataFrame

    def table(self, label: str) -> pd.DataFrame:
        return self.cells[self.cells["table"] == label].reset_index(drop=True)


def build_tables(cases: Cases, opts: TableOptions | None = None) -> Reproduced:
    """Tables 1–3 with the paper's denominators: patients for Table 1, fractured vertebrae
    for Tables 2 and 3.

    Examples
    --------
    >>> from osteostats.cases import load_cases
    >>> rep = build_tables(load_cases("data/cases"))
    >>> t1 = rep.table("1")
    >>> int(t1.query("comparison == 't1_sex_male' and arm == 'MET' and quantity == 'count'").value.iloc[0])
    22
    """
    opts = opts or TableOptions()
    col = CellCollector()
    build_table1(cases.patients, opts, col)
    build_table2(cases.vertebrae, cases.patients, opts, col)
    build_table3(cases.readings, cases.vertebrae, opts, col)
    cells, tests = col.frames()
    return Reproduced(cells, tests)
