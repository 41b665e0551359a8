"""Table 2: imaging signs at vertebra level (denominator: fractured vertebrae)."""
from __future__ import annotations

import pandas as pd

from .cells import CellCollector
from .options import TableOptions
from .table1 import add_rows, group_masks

TABLE = "2"


def build_table2(vertebrae: pd.DataFrame, patients: pd.DataFrame, opts: TableOptions, col: CellCollector) -> None:
    """Add Table 2's cells to ``col``: one 2×2 comparison per sign of the study spec's
    ``layout.table2``, per fractured vertebra (severe compression = Genant grade 3 through
    :mod:`osteostats.rules`, as the spec declares)."""
    vmasks = group_masks(vertebrae, opts)
    for g, pm in group_masks(patients, opts).items():
        col.add(TABLE, "t2_header", "patients", "Group size (patients)", g, "n", int(pm.sum()))
        col.add(TABLE, "t2_vertebrae", "vertebrae", "Fractured vertebrae, number", g, "n", int(vmasks[g].sum()))
    add_rows(col, TABLE, vertebrae, vmasks, opts)
