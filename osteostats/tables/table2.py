"""Table 2: imaging signs at vertebra level (denominator: fractured vertebrae)."""
from __future__ import annotations

import pandas as pd

from ..rules import genant_grade
from .cells import CellCollector
from .options import TableOptions
from .table1 import add_binary

TABLE = "2"

#: (comparison id, measure, label, how to get the 0/1 flag from the vertebra table)
SIGNS = [
    ("t2_shape_wedge", "shape_wedge", "Shape: wedge", ("shape", "wedge")),
    ("t2_shape_biconcave", "shape_biconcave", "Shape: biconcave", ("shape", "biconcave")),
    ("t2_shape_flat", "shape_flat", "Shape: flat (vertebra plana)", ("shape", "flat")),
    ("t2_posterior_wall_bulge", "posterior_wall_bulge", "Posterior wall bulge", ("posterior_wall_bulge", None)),
    ("t2_posterior_corner_fat", "posterior_corner_fat", "Preserved fat signal at the posterior corner",
     ("posterior_corner_fat", None)),
    ("t2_severe_compression", "severe_compression", "Severe compression (> 40 % height loss; Genant grade 3)",
     ("severe_compression", None)),
    ("t2_intravertebral_cleft", "intravertebral_cleft", "Intravertebral cleft sign", ("intravertebral_cleft", None)),
    ("t2_posterior_element", "posterior_element_involvement", "Posterior element (appendage) involvement",
     ("posterior_element_involvement", None)),
    ("t2_paravertebral_mass", "paravertebral_mass", "Paravertebral soft-tissue mass", ("paravertebral_mass", None)),
    ("t2_disc_normal", "disc_normal", "Disc: normal", ("disc", "normal")),
    ("t2_disc_compressed", "disc_compressed", "Disc: compressed", ("disc", "compressed")),
    ("t2_disc_widened", "disc_widened", "Disc: widened", ("disc", "widened")),
]


def derive_signs(vertebrae: pd.DataFrame) -> pd.DataFrame:
    """Add derived columns: ``severe_compression`` = Genant grade 3 (height loss > 40 %),
    computed through :func:`osteostats.rules.genant_grade`, never stored in the case table."""
    out = vertebrae.copy()
    grade = pd.Series(genant_grade(out["height_loss_pct"].astype(float)), index=out.index)
    out["severe_compression"] = (grade == 3).astype("Int64").where(grade.notna())
    return out


def build_table2(vertebrae: pd.DataFrame, patients: pd.DataFrame, opts: TableOptions, col: CellCollector) -> None:
    """Add Table 2's cells to ``col``: one 2×2 comparison per sign, per fractured vertebra."""
    v = derive_signs(vertebrae)
    for g in opts.groups:
        col.add(TABLE, "t2_header", "patients", "Group size (patients)", g, "n",
                int((patients["group"] == g).sum()))
        col.add(TABLE, "t2_vertebrae", "vertebrae", "Fractured vertebrae, number", g, "n",
                int((v["group"] == g).sum()))
    for comparison, measure, label, (column, level) in SIGNS:
        flags = {}
        for g in opts.groups:
            s = v.loc[v["group"] == g, column]
            if level is None:
                flags[g] = s.astype("Float64")
            else:
                flags[g] = (s == level).astype("Float64").where(s.notna())
        add_binary(col, TABLE, comparison, measure, label, flags, opts)
