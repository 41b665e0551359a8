"""Declared schemas of the three case tables (pandera), with the words used in error messages.

The data dictionary in ``data/README.md`` describes the same columns for people.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandera.pandas as pa

GROUP_CODES = ("OP", "MET")
SEX_CODES = ("F", "M")
TRAUMA_CODES = ("none", "minor", "major")
SHAPES = ("wedge", "biconcave", "flat")
DISC_STATES = ("normal", "compressed", "widened")
MODALITIES = ("xray", "ct", "mri")
LEVELS = tuple([f"C{i}" for i in range(1, 8)] + [f"T{i}" for i in range(1, 13)] + [f"L{i}" for i in range(1, 6)] + ["S1"])
BINARY_SIGN_COLUMNS = ("posterior_wall_bulge", "posterior_corner_fat", "intravertebral_cleft",
                       "posterior_element_involvement", "paravertebral_mass")


@dataclass(frozen=True)
class ColumnSpec:
    """One column: its type ("str", "int", "float"), whether it may be empty, and a pandera check."""

    kind: str
    required: bool
    expected: str
    check: pa.Check | None = None
    unique: bool = False


def _isin(values: tuple[str, ...]) -> pa.Check:
    return pa.Check.isin(list(values))


PATIENTS = {
    "patient_id": ColumnSpec("str", True, "a unique non-empty patient id", unique=True),
    "group": ColumnSpec("str", True, "one of " + ", ".join(GROUP_CODES), _isin(GROUP_CODES)),
    "age": ColumnSpec("float", False, "an age in years between 0 and 120", pa.Check.in_range(0, 120)),
    "sex": ColumnSpec("str", True, "F or M", _isin(SEX_CODES)),
    "bmi": ColumnSpec("float", False, "a BMI in kg/m2 between 8 and 80", pa.Check.in_range(8, 80)),
    "t_score_min": ColumnSpec("float", False, "a DXA T-score between -10 and 10", pa.Check.in_range(-10, 10)),
    "trauma": ColumnSpec("str", False, "one of " + ", ".join(TRAUMA_CODES), _isin(TRAUMA_CODES)),
}
VERTEBRAE = {
    "vertebra_id": ColumnSpec("str", True, "a unique non-empty vertebra id", unique=True),
    "patient_id": ColumnSpec("str", True, "the id of a patient in patients.csv"),
    "level": ColumnSpec("str", True, "a spinal level C1-C7, T1-T12, L1-L5 or S1", _isin(LEVELS)),
    "shape": ColumnSpec("str", False, "one of " + ", ".join(SHAPES), _isin(SHAPES)),
    "height_loss_pct": ColumnSpec("float", False, "a height loss in % between 0 and 100", pa.Check.in_range(0, 100)),
    **{c: ColumnSpec("int", False, "0 (absent) or 1 (present)", _isin((0, 1))) for c in BINARY_SIGN_COLUMNS},
    "disc": ColumnSpec("str", False, "one of " + ", ".join(DISC_STATES), _isin(DISC_STATES)),
}
READINGS = {
    "vertebra_id": ColumnSpec("str", True, "the id of a vertebra in vertebrae.csv"),
    "modality": ColumnSpec("str", True, "one of " + ", ".join(MODALITIES), _isin(MODALITIES)),
    "finding": ColumnSpec("str", True, "a finding name in snake_case (e.g. fracture_line)",
                          pa.Check.str_matches(r"^[a-z][a-z0-9_]*$")),
    "detected": ColumnSpec("int", True, "0 (not detected) or 1 (detected)", _isin((0, 1))),
}
TABLES = {"patients.csv": PATIENTS, "vertebrae.csv": VERTEBRAE, "readings.csv": READINGS}


def pandera_schema(spec: dict[str, ColumnSpec]) -> pa.DataFrameSchema:
    """The pandera schema for one table (types already converted by the loader)."""
    cols = {}
    for name, c in spec.items():
        checks = [c.check] if c.check is not None else []
        cols[name] = pa.Column(None, checks=checks, nullable=not c.required, unique=c.unique)
    return pa.DataFrameSchema(cols, strict=False)
