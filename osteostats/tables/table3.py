"""Table 3: detection rate of each finding by modality, per group, at vertebra level."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..stats import chi2_kx2, cochran_q
from .cells import CellCollector
from .options import TableOptions

TABLE = "3"


def build_table3(readings: pd.DataFrame, vertebrae: pd.DataFrame, opts: TableOptions, col: CellCollector) -> None:
    """Add Table 3's cells to ``col``.

    For each group and each finding of the study spec's ``layout.table3`` with readings: per modality, the number of vertebrae with the
    finding detected, out of the group's vertebrae read for it by that modality; ``any`` =
    detected by at least one modality (computed, never stored), out of the vertebrae read by
    at least one. Modalities with no reading for a finding (oedema on X-ray/CT) are left out,
    not counted as 0.

    Two tests per finding: the k×2 Pearson χ² over the modality rows *and* the ``any`` row
    treated as independent samples (what the paper printed), and Cochran's Q over the
    modalities on vertebrae read by all of them (the paired analysis the design calls for).
    """
    spec = opts.study
    any_code = spec.any_code
    for g in opts.groups:
        nv = int((vertebrae["group"] == g).sum())
        col.add(TABLE, f"t3_{g.lower()}_header", "vertebrae", f"{g} vertebrae", g, "n", nv, stratum=g)
        rg = readings[readings["group"] == g]
        present = set(rg["finding"].unique())
        for f in spec.table3_findings:
            if f.name not in present:
                continue
            finding = f.name
            rf = rg[rg["finding"] == finding]
            comp = f.comparison(g)
            label = f.label["en"]
            wide = rf.pivot(index="vertebra_id", columns="modality", values="detected")
            mods = [m for m in spec.modalities if m in wide.columns]
            events, totals = [], []
            for m in mods:
                x = wide[m].dropna()
                k, n = int(x.sum()), int(len(x))
                col.add(TABLE, comp, finding, label, m, "count", k, n, stratum=g)
                col.add(TABLE, comp, finding, label, m, "percent", 100.0 * k / n, n, stratum=g)
                events.append(k)
                totals.append(n)
            anyv = wide[mods].max(axis=1, skipna=True)
            k, n = int(anyv.sum()), int(anyv.notna().sum())
            col.add(TABLE, comp, finding, label, any_code, "count", k, n, stratum=g,
                    note="detected by any modality (computed)")
            col.add(TABLE, comp, finding, label, any_code, "percent", 100.0 * k / n, n, stratum=g)
            if len(mods) < 2:
                continue
            res = chi2_kx2(events + [k], totals + [n])
            why = (f"k x 2 Pearson chi-squared over {', '.join(mods)} and '{any_code}' as {len(mods) + 1} independent "
                   f"samples (n = {sum(totals) + n} readings), as printed; the rows are paired readings of the same "
                   f"{n} vertebrae and '{any_code}' is their union, so this test's assumptions do not hold")
            col.add(TABLE, comp, finding, label, "", "statistic", res.statistic, res.n, stratum=g, method=res.method,
                    note=why)
            col.add(TABLE, comp, finding, label, "", "p", res.p, res.n, stratum=g, method=res.method)
            col.add_test(TABLE, comp, finding, label, "as_printed", res, stratum=g, note=why)
            complete = wide[mods].dropna()
            q = cochran_q(complete.to_numpy(dtype=float))
            qnote = f"paired test over {', '.join(mods)} on the {len(complete)} vertebrae read by all of them"
            col.add(TABLE, comp, finding, label, "", "cochran_q", q.statistic, q.n, stratum=g, method=q.method,
                    note=qnote)
            col.add(TABLE, comp, finding, label, "", "p_cochran_q", q.p, q.n, stratum=g, method=q.method)
            col.add_test(TABLE, comp, finding, label, "paired", q, stratum=g, note=qnote)
