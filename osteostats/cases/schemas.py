"""Schemas of the three case tables (pandera), built from the study spec.

The key columns (ids, group, modality, finding, detected) are the case-table format itself;
every study column (its type, range, levels, whether it may be empty) comes from the study
spec's ``tables:`` section, and the allowed modalities and findings from its ``modalities:``
and ``findings:``. The data dictionary in ``data/README.md`` describes the same columns.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandera.pandas as pa

from ..study import Column, StudySpec

FILES = ("patients", "vertebrae", "readings")


@dataclass(frozen=True)
class ColumnSpec:
    """One column: its type ("str", "int", "float"), whether it may be empty, and a pandera check."""

    kind: str
    required: bool
    expected: str
    check: pa.Check | None = None
    unique: bool = False


def _isin(values) -> pa.Check:
    return pa.Check.isin(list(values))


def _study_column(c: Column) -> ColumnSpec:
    if c.type == "binary":
        return ColumnSpec("int", c.required, c.expected, _isin((0, 1)))
    if c.type == "categorical":
        return ColumnSpec("str", c.required, c.expected, _isin(c.levels))
    check = pa.Check.in_range(*c.range) if c.range else None
    return ColumnSpec("float", c.required, c.expected, check)


def table_specs(spec: StudySpec) -> dict[str, dict[str, ColumnSpec]]:
    """Column specs of ``patients``, ``vertebrae`` and ``readings`` for a study.

    Examples
    --------
    >>> from osteostats.study import load_study
    >>> specs = table_specs(load_study())
    >>> specs["patients"]["group"].expected
    'one of OP, MET'
    """
    groups = spec.group_codes
    patients = {
        "patient_id": ColumnSpec("str", True, "a unique non-empty patient id", unique=True),
        "group": ColumnSpec("str", True, "one of " + ", ".join(groups), _isin(groups)),
        **{n: _study_column(c) for n, c in spec.patient_columns.items()},
    }
    vertebrae = {
        "vertebra_id": ColumnSpec("str", True, "a unique non-empty vertebra id", unique=True),
        "patient_id": ColumnSpec("str", True, "the id of a patient in patients"),
        **{n: _study_column(c) for n, c in spec.vertebra_columns.items()},
    }
    readings = {
        "vertebra_id": ColumnSpec("str", True, "the id of a vertebra in vertebrae"),
        "modality": ColumnSpec("str", True, "one of " + ", ".join(spec.modalities), _isin(spec.modalities)),
        "finding": ColumnSpec("str", True, "a finding declared in the study spec (" + ", ".join(spec.findings) + ")",
                              _isin(spec.findings)),
        "detected": ColumnSpec("int", True, "0 (not detected) or 1 (detected)", _isin((0, 1))),
    }
    return {"patients": patients, "vertebrae": vertebrae, "readings": readings}


def pandera_schema(columns: dict[str, ColumnSpec]) -> pa.DataFrameSchema:
    """The pandera schema for one table (types already converted by the loader)."""
    cols = {}
    for name, c in columns.items():
        checks = [c.check] if c.check is not None else []
        cols[name] = pa.Column(None, checks=checks, nullable=not c.required, unique=c.unique)
    return pa.DataFrameSchema(cols, strict=False)
