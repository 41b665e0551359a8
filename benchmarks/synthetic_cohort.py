"""Synthetic registry-sized cohorts in the documented case-table schema (data/README.md).

``synthetic_cohort(n, seed)`` returns the three case tables (patients, vertebrae, readings) as
pyarrow tables; ``write_cohort(n, folder, seed, formats)`` writes them as ``patients.csv``,
``vertebrae.csv``, ``readings.csv`` and/or the same names with ``.parquet``. Vectorised: one
million patients take a few seconds.

What a cohort looks like (seeded, deterministic for a given ``n`` and ``seed``):

- about 62 % OP and 38 % MET patients (the bundled study: 50 / 81);
- 1-4 fractured vertebrae per patient (probabilities 0.50, 0.35, 0.10, 0.05; mean 1.70), at
  adjacent levels between T4 and L5 (unique within a patient by construction), the first level
  drawn with group-specific weights (OP around the thoracolumbar junction, MET wider);
- every vertebra read for the five findings of the study by every modality that can assess
  them (13 readings per vertebra, so about 22 per patient); appendage involvement and
  soft-tissue mass are detected by at least one modality exactly when the vertebra has the sign
  they stand for (posterior-element involvement, paravertebral mass);
- clinical values that differ between groups as in the study (OP older, mostly women, lower
  T-scores), and missing values in the columns where the schema allows them: age 0.5 %,
  BMI 3 %, T-score 8 %, trauma 5 %, height loss 1 %, and three sign columns 2 % each.

The figures are illustrative, chosen to look like the study; they are not estimates of any
population.

Examples
--------
>>> t = synthetic_cohort(1000, seed=1)
>>> t["patients"].num_rows, t["vertebrae"].num_rows > 1500, t["readings"].num_rows == 13 * t["vertebrae"].num_rows
(1000, True, True)
"""
from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

LEVELS = ["C1", "C2", "C3", "C4", "C5", "C6", "C7", "T1", "T2", "T3", "T4", "T5", "T6", "T7", "T8",
          "T9", "T10", "T11", "T12", "L1", "L2", "L3", "L4", "L5", "S1"]
#: First fractured level: T4 ... L5 (indices 10 ... 23 of LEVELS), weights per group.
FIRST_LEVEL_WEIGHTS = {
    "OP": [1, 1, 2, 3, 4, 5, 6, 10, 14, 14, 9, 6, 4, 2],
    "MET": [3, 3, 4, 4, 4, 4, 4, 5, 5, 5, 5, 5, 4, 4],
}
FIRST_LEVEL_INDEX = 10
#: Vertebrae per patient: 1, 2, 3, 4.
VERTEBRAE_P = [0.50, 0.35, 0.10, 0.05]
OP_SHARE = 0.62

#: (finding, modalities that read it), in the order the rows are written.
FINDINGS = [
    ("fracture_line", ("xray", "ct", "mri")),
    ("appendage_involvement", ("xray", "ct", "mri")),
    ("bone_marrow_oedema", ("mri",)),
    ("bone_destruction", ("xray", "ct", "mri")),
    ("soft_tissue_mass", ("xray", "ct", "mri")),
]
#: Findings that stand for a vertebra sign: detected by any modality <=> the sign.
LINKED = {"appendage_involvement": "posterior_element_involvement", "soft_tissue_mass": "paravertebral_mass"}
#: P(detected) per finding, group (OP, MET) and modality (xray, ct, mri); linked findings: given
#: the sign, with MRI always detecting it.
DETECT = {
    "fracture_line": {"OP": (0.55, 0.95, 0.92), "MET": (0.30, 0.60, 0.60)},
    "appendage_involvement": {"OP": (0.40, 0.85, 1.0), "MET": (0.50, 0.85, 1.0)},
    "bone_marrow_oedema": {"OP": (0.95,), "MET": (0.70,)},
    "bone_destruction": {"OP": (0.02, 0.03, 0.03), "MET": (0.60, 0.90, 0.95)},
    "soft_tissue_mass": {"OP": (0.15, 0.75, 1.0), "MET": (0.20, 0.80, 1.0)},
}
#: P(sign = 1) per group (OP, MET).
SIGNS = {
    "posterior_wall_bulge": (0.10, 0.60),
    "posterior_corner_fat": (0.70, 0.15),
    "intravertebral_cleft": (0.20, 0.02),
    "posterior_element_involvement": (0.05, 0.60),
    "paravertebral_mass": (0.02, 0.45),
}
#: Sign columns with missing values (the linked ones never: their readings must agree).
SIGNS_MISSING = ("posterior_wall_bulge", "posterior_corner_fat", "intravertebral_cleft")
SHAPES = ["wedge", "biconcave", "flat"]
SHAPE_P = {"OP": [0.50, 0.40, 0.10], "MET": [0.35, 0.35, 0.30]}
DISCS = ["normal", "compressed", "widened"]
DISC_P = {"OP": [0.40, 0.45, 0.15], "MET": [0.55, 0.15, 0.30]}
TRAUMA = ["none", "minor", "major"]
TRAUMA_P = [0.60, 0.35, 0.05]
FILES = ("patients", "vertebrae", "readings")


def _ids(prefix: str, n: int) -> pa.Array:
    width = max(6, len(str(n)))
    digits = pc.utf8_lpad(pa.array(np.arange(1, n + 1)).cast(pa.string()), width=width, padding="0")
    return pc.binary_join_element_wise(pa.scalar(prefix), digits, "")


def _missing(rng: np.random.Generator, values: np.ndarray, share: float) -> pa.Array:
    mask = rng.random(len(values)) < share
    return pa.array(values, mask=mask)


def _labels(labels: list[str], index: np.ndarray) -> pa.Array:
    """String array ``labels[index]`` (built by arrow, never through Python objects)."""
    return pc.take(pa.array(labels), pa.array(index))


def _choice(rng: np.random.Generator, is_met: np.ndarray, labels: list[str], p: dict[str, list[float]]) -> pa.Array:
    out = np.empty(len(is_met), dtype=np.int64)
    for grp, sel in (("OP", ~is_met), ("MET", is_met)):
        out[sel] = rng.choice(len(labels), size=int(sel.sum()), p=p[grp])
    return _labels(labels, out)


def synthetic_cohort(n: int, seed: int = 1) -> dict[str, pa.Table]:
    """Three case tables for ``n`` synthetic patients (see the module docstring).

    Parameters
    ----------
    n : int
        Number of patients (at least 2; both groups are then present for n >= 10 in practice).
    seed : int
        Seed of every random draw.

    Returns
    -------
    dict
        ``{"patients": pa.Table, "vertebrae": pa.Table, "readings": pa.Table}`` with the columns
        of data/README.md, in that order.
    """
    if n < 2:
        raise ValueError("a cohort needs at least 2 patients")
    rng = np.random.default_rng(seed)

    # Patients ---------------------------------------------------------------------------
    pid = _ids("P", n)
    is_met = rng.random(n) >= OP_SHARE
    is_met[0], is_met[1] = False, True  # both groups always present
    group = _labels(["OP", "MET"], is_met.astype(np.int64))
    age = np.where(is_met, rng.normal(62.1, 10.8, n), rng.normal(69.6, 8.5, n)).round().clip(30, 100)
    male = rng.random(n) < np.where(is_met, 0.70, 0.12)
    bmi = rng.normal(23.0, 3.0, n).clip(14, 45).round(2)
    t_score = np.where(is_met, rng.normal(-1.6, 1.0, n), rng.normal(-3.0, 0.9, n)).clip(-6, 3).round(1)
    trauma = rng.choice(3, size=n, p=TRAUMA_P)
    patients = pa.table({
        "patient_id": pid,
        "group": group,
        "age": _missing(rng, age, 0.005),
        "sex": _labels(["F", "M"], male.astype(np.int64)),
        "bmi": _missing(rng, bmi, 0.03),
        "t_score_min": _missing(rng, t_score, 0.08),
        "trauma": pc.if_else(pa.array(rng.random(n) < 0.05), pa.scalar(None, pa.string()),
                             _labels(TRAUMA, trauma)),
    })

    # Vertebrae: k adjacent levels per patient --------------------------------------------
    k = rng.choice(np.arange(1, 5), size=n, p=VERTEBRAE_P)
    span = len(FIRST_LEVEL_WEIGHTS["OP"])
    first = np.empty(n, dtype=np.int64)
    for grp, sel in (("OP", ~is_met), ("MET", is_met)):
        w = np.asarray(FIRST_LEVEL_WEIGHTS[grp], float)
        first[sel] = rng.choice(span, size=int(sel.sum()), p=w / w.sum())
    first = np.minimum(first, span - k) + FIRST_LEVEL_INDEX  # all k levels stay within T4..L5
    owner = np.repeat(np.arange(n), k)
    offset = np.arange(len(owner)) - np.repeat(np.cumsum(k) - k, k)
    level = _labels(LEVELS, first[owner] + offset)
    v_pid = pc.take(pid, pa.array(owner))
    vid = pc.binary_join_element_wise(v_pid, level, "-")
    v_met = is_met[owner]
    m = len(owner)
    height = np.where(v_met, rng.normal(42, 14, m), rng.normal(34, 11, m)).clip(5, 95).round(1)
    signs = {s: (rng.random(m) < np.where(v_met, p[1], p[0])).astype(np.int8) for s, p in SIGNS.items()}
    vert_cols = {
        "vertebra_id": vid,
        "patient_id": v_pid,
        "level": level,
        "shape": _choice(rng, v_met, SHAPES, SHAPE_P),
        "height_loss_pct": _missing(rng, height, 0.01),
    }
    for s, values in signs.items():
        vert_cols[s] = _missing(rng, values, 0.02) if s in SIGNS_MISSING else pa.array(values)
    vert_cols["disc"] = _choice(rng, v_met, DISCS, DISC_P)
    vertebrae = pa.table(vert_cols)

    # Readings: 13 per vertebra, vertebra-major ---------------------------------------------
    pattern = [(f, mod, i) for f, mods in FINDINGS for i, mod in enumerate(mods)]
    r = len(pattern)
    det = np.empty((m, r), dtype=np.int8)
    for j, (finding, _mod, i) in enumerate(pattern):
        p = np.where(v_met, DETECT[finding]["MET"][i], DETECT[finding]["OP"][i])
        hit = rng.random(m) < p
        if finding in LINKED:
            hit &= signs[LINKED[finding]].astype(bool)
        det[:, j] = hit
    readings = pa.table({
        "vertebra_id": pc.take(vid, pa.array(np.repeat(np.arange(m), r))),
        "modality": _labels([mod for _f, mod, _i in pattern], np.tile(np.arange(r), m)),
        "finding": _labels([f for f, _mod, _i in pattern], np.tile(np.arange(r), m)),
        "detected": det.reshape(-1),
    })
    return {"patients": patients, "vertebrae": vertebrae, "readings": readings}


def write_cohort(n: int, folder: str | Path, seed: int = 1, formats: tuple[str, ...] = ("csv",)) -> Path:
    """Write a synthetic cohort of ``n`` patients to ``folder`` (created) as CSV and/or Parquet.

    CSV: header, comma-separated, missing values as empty cells, text never quoted (no code or id holds a comma or a quote).

    Examples
    --------
    >>> import tempfile, os
    >>> d = write_cohort(50, tempfile.mkdtemp(), formats=("csv", "parquet"))
    >>> sorted(os.listdir(d))
    ['patients.csv', 'patients.parquet', 'readings.csv', 'readings.parquet', 'vertebrae.csv', 'vertebrae.parquet']
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    tables = synthetic_cohort(n, seed)
    for name in FILES:
        if "csv" in formats:
            with open(folder / f"{name}.csv", "wb") as fh:
                fh.write((",".join(tables[name].column_names) + "\n").encode())
                pacsv.write_csv(tables[name], fh,
                                write_options=pacsv.WriteOptions(include_header=False, quoting_style="none"))
        if "parquet" in formats:
            pq.write_table(tables[name], folder / f"{name}.parquet")
    return folder


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="Write a synthetic cohort in the case-table schema.")
    ap.add_argument("n", type=int, help="number of patients")
    ap.add_argument("out", help="output folder")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--parquet", action="store_true", help="also write .parquet files")
    a = ap.parse_args(argv)
    write_cohort(a.n, a.out, a.seed, ("csv", "parquet") if a.parquet else ("csv",))


if __name__ == "__main__":
    main()
