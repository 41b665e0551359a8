"""Table 2: imaging signs at vertebra level (denominator: fractured vertebrae)."""
from __future__ import annotations

import pandas as pd

from .cells import CellCollector
from .options import TableOptions
from .table1 import add_rows

TABLE = "2"


def build_table2(vertebrae: pd.DataFrame, patients: pd.DataFrame, opts: TableOptions, col: CellCollector) -> None:
    """Add Table 2's cells to ``col``: one 2×2 comparison per sign of the study spec's
    ``layout.table2``, per fractured vertebra (severe compression = Genant grade 3 through
    :mod:`osteostats.rules`, as the spec declares)."""
    for g in opts.groups:
        col.add(TABLE, "t2_header", "patients", "Group size (patients)", g, "n",
                int((patients["group"] == g).sum()))
        col.add(TABLE, "t2_vertebrae", "vertebrae", "Fractured vertebrae, number", g, "n",
                int((vertebrae["group"] == g).sum()))
    add_rows(col, TABLE, {g: vertebrae[vertebrae["group"] == g] for g in opts.groups}, opts)
