"""The long, tidy frame of reproduced cells shared by the three table builders."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..stats import TestResult

CELL_COLUMNS = ["table", "comparison", "measure", "stratum", "item", "arm", "quantity", "value", "n",
                "method", "note"]
TEST_COLUMNS = ["table", "comparison", "measure", "stratum", "item", "role", "method", "key", "statistic",
                "df", "p", "n_analysed", "note"]


@dataclass
class CellCollector:
    """Collects reproduced cells and test results, one row each."""

    cells: list[dict] = field(default_factory=list)
    tests: list[dict] = field(default_factory=list)

    def add(self, table: str, comparison: str, measure: str, item: str, arm: str, quantity: str,
            value: float, n: int | float | None = None, *, stratum: str = "", method: str = "",
            note: str = "") -> None:
        self.cells.append(dict(table=table, comparison=comparison, measure=measure, stratum=stratum,
                               item=item, arm=arm, quantity=quantity, value=float(value),
                               n=np.nan if n is None else float(n), method=method, note=note))

    def add_test(self, table: str, comparison: str, measure: str, item: str, role: str, result: TestResult,
                 *, stratum: str = "", note: str = "") -> None:
        """Record a test. ``role`` is ``"as_printed"`` (the method that matches the printed
        statistic's name), ``"selected"`` (the configured rule's choice) or ``"paired"``."""
        self.tests.append(dict(table=table, comparison=comparison, measure=measure, stratum=stratum, item=item,
                               role=role, method=result.method, key=result.key, statistic=result.statistic,
                               df=result.df, p=result.p, n_analysed=result.n,
                               note="; ".join(x for x in (result.note, note) if x)))

    def frames(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        return (pd.DataFrame(self.cells, columns=CELL_COLUMNS), pd.DataFrame(self.tests, columns=TEST_COLUMNS))
