"""Table 3: detection rate of each finding by modality, per group, at vertebra level."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..cases.codes import detection_cube, level_codes, row_keys
from ..stats import chi2_kx2, cochran_q
from .cells import CellCollector
from .options import TableOptions
from .table1 import group_masks

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
    mods = list(spec.modalities)
    names = list(spec.findings)
    cube, vgroup = reading_cube(readings, opts)
    vmasks = group_masks(vertebrae, opts)
    for gi, g in enumerate(opts.groups):
        col.add(TABLE, f"t3_{g.lower()}_header", "vertebrae", f"{g} vertebrae", g, "n", int(vmasks[g].sum()),
                stratum=g)
        sub = cube[vgroup == gi]  # the group's vertebrae x findings x modalities: -1, 0, 1
        read, hit = sub >= 0, sub == 1
        totals_fm, events_fm = read.sum(axis=0), hit.sum(axis=0)  # per finding and modality
        read_any = read.any(axis=2)
        totals_f, events_f = read_any.sum(axis=0), hit.any(axis=2).sum(axis=0)  # any modality
        for f in spec.table3_findings:
            fi = names.index(f.name)
            if not totals_f[fi]:
                continue  # the group has no reading of this finding
            finding = f.name
            comp = f.comparison(g)
            label = f.label["en"]
            present = [j for j in range(len(mods)) if totals_fm[fi, j] > 0]
            events, totals = [], []
            for j in present:
                k, n = int(events_fm[fi, j]), int(totals_fm[fi, j])
                col.add(TABLE, comp, finding, label, mods[j], "count", k, n, stratum=g)
                col.add(TABLE, comp, finding, label, mods[j], "percent", 100.0 * k / n, n, stratum=g)
                events.append(k)
                totals.append(n)
            k, n = int(events_f[fi]), int(totals_f[fi])
            col.add(TABLE, comp, finding, label, any_code, "count", k, n, stratum=g,
                    note="detected by any modality (computed)")
            col.add(TABLE, comp, finding, label, any_code, "percent", 100.0 * k / n, n, stratum=g)
            if len(present) < 2:
                continue
            used = [mods[j] for j in present]
            res = chi2_kx2(events + [k], totals + [n])
            why = (f"k x 2 Pearson chi-squared over {', '.join(used)} and '{any_code}' as {len(used) + 1} independent "
                   f"samples (n = {sum(totals) + n} readings), as printed; the rows are paired readings of the same "
                   f"{n} vertebrae and '{any_code}' is their union, so this test's assumptions do not hold")
            col.add(TABLE, comp, finding, label, "", "statistic", res.statistic, res.n, stratum=g, method=res.method,
                    note=why)
            col.add(TABLE, comp, finding, label, "", "p", res.p, res.n, stratum=g, method=res.method)
            col.add_test(TABLE, comp, finding, label, "as_printed", res, stratum=g, note=why)
            complete = sub[read[:, fi, present].all(axis=1), fi][:, present]
            q = cochran_q(complete.astype(float))
            qnote = f"paired test over {', '.join(used)} on the {len(complete)} vertebrae read by all of them"
            col.add(TABLE, comp, finding, label, "", "cochran_q", q.statistic, q.n, stratum=g, method=q.method,
                    note=qnote)
            col.add(TABLE, comp, finding, label, "", "p_cochran_q", q.p, q.n, stratum=g, method=q.method)
            col.add_test(TABLE, comp, finding, label, "paired", q, stratum=g, note=qnote)


def reading_cube(readings: pd.DataFrame, opts: TableOptions) -> tuple[np.ndarray, np.ndarray]:
    """The readings as ``cube[v, f, m]`` (1 detected, 0 not, -1 not read) and each vertebra's group.

    ``v`` numbers the vertebrae named in ``readings`` (codes of its ``vertebra_id``), ``f`` the
    study's findings and ``m`` its modalities, in spec order; the group is the index among
    ``opts.groups`` (-1 if none). One scatter over the readings, whatever their number: every
    per-group, per-finding count is then a column sum over this small array.

    Notes
    -----
    Equal to pivoting each group's readings of a finding to vertebrae x modalities, as
    Table 3 is defined; the cells count whole vertebrae, so the order of the rows changes no
    sum (Cochran's Q uses only integer row and column totals).
    """
    spec = opts.study
    vkey, n_v = row_keys(readings["vertebra_id"])
    fl = level_codes(readings["finding"], list(spec.findings))
    ml = level_codes(readings["modality"], list(spec.modalities))
    gl = level_codes(readings["group"], opts.groups)
    det = readings["detected"].to_numpy(dtype=np.int8, na_value=-1)
    cube = detection_cube(vkey, n_v, fl, len(spec.findings), ml, len(spec.modalities), det)
    vgroup = np.full(n_v, -1, np.int8)
    ok = vkey >= 0
    vgroup[vkey[ok]] = gl[ok]
    return cube, vgroup
