"""Schemas of the three case tables, built from the study spec.

The key columns (ids, group, modality, finding, detected) are the case-table format itself;
every study column (its type, range, levels, whether it may be empty) comes from the study
spec's ``tables:`` section, and the allowed modalities and findings from its ``modalities:``
and ``findings:``. The data dictionary in ``data/README.md`` describes the same columns.

Each column is a :class:`ColumnSpec` (kind, levels or range). The loader checks it with
vectorised code on the distinct values of a column (:mod:`osteostats.cases.columns`);
:func:`pandera_schema` gives the same checks as a pandera schema, the declarative reference the
tests hold the loader to.
"""
from __future__ import annotations

from dataclasses import dataclass

from typing import TYPE_CHECKING

import numpy as np

from ..study import Column, StudySpec

if TYPE_CHECKING:  # pandera is imported only where a schema is asked for (it takes ~1 s to import)
    import pandera.pandas as pa

FILES = ("patients", "vertebrae", "readings")


@dataclass(frozen=True)
class ColumnSpec:
    """One column of a case table.

    Attributes
    ----------
    kind : str
        ``"str"`` (text or a declared level), ``"int"`` (a whole number) or ``"float"``.
    required : bool
        Whether a cell may be empty.
    expected : str
        What a value must be, in words (for error messages).
    levels : tuple, optional
        The allowed values (text levels, or 0/1 for a binary column).
    range : (float, float), optional
        Inclusive bounds of a number.
    unique : bool
        Whether every value must differ (the table's id).
    references : str, optional
        ``"patients"`` or ``"vertebrae"``: the value must be the id of a row of that table.
    """

    kind: str
    required: bool
    expected: str
    levels: tuple | None = None
    range: tuple[float, float] | None = None
    unique: bool = False
    references: str | None = None

    @property
    def is_key(self) -> bool:
        """Ids and references to ids (read as plain text, never as levels)."""
        return self.unique or self.references is not None

    def accepts(self, x: np.ndarray) -> np.ndarray:
        """Whether each number of ``x`` passes the level or range check (NaN passes: it is empty).

        Examples
        --------
        >>> ColumnSpec("float", False, "", range=(0, 100)).accepts(np.array([0, 100.5, np.nan])).tolist()
        [True, False, True]
        """
        ok = np.ones(len(x), bool)
        with np.errstate(invalid="ignore"):
            if self.levels is not None:
                ok &= np.isin(x, np.asarray(self.levels, dtype=float)) | np.isnan(x)
            if self.range is not None:
                lo, hi = self.range
                ok &= ((x >= lo) & (x <= hi)) | np.isnan(x)
        return ok

    @property
    def check(self) -> "pa.Check | None":
        """The same check as a pandera check (levels or inclusive range)."""
        import pandera.pandas as pa

        if self.levels is not None:
            return pa.Check.isin(list(self.levels))
        if self.range is not None:
            return pa.Check.in_range(*self.range)
        return None


def _study_column(c: Column) -> ColumnSpec:
    if c.type == "binary":
        return ColumnSpec("int", c.required, c.expected, levels=(0, 1))
    if c.type == "categorical":
        return ColumnSpec("str", c.required, c.expected, levels=tuple(c.levels))
    return ColumnSpec("float", c.required, c.expected, range=tuple(c.range) if c.range else None)


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
        "group": ColumnSpec("str", True, "one of " + ", ".join(groups), levels=tuple(groups)),
        **{n: _study_column(c) for n, c in spec.patient_columns.items()},
    }
    vertebrae = {
        "vertebra_id": ColumnSpec("str", True, "a unique non-empty vertebra id", unique=True),
        "patient_id": ColumnSpec("str", True, "the id of a patient in patients", references="patients"),
        **{n: _study_column(c) for n, c in spec.vertebra_columns.items()},
    }
    readings = {
        "vertebra_id": ColumnSpec("str", True, "the id of a vertebra in vertebrae", references="vertebrae"),
        "modality": ColumnSpec("str", True, "one of " + ", ".join(spec.modalities), levels=tuple(spec.modalities)),
        "finding": ColumnSpec("str", True, "a finding declared in the study spec (" + ", ".join(spec.findings) + ")",
                              levels=tuple(spec.findings)),
        "detected": ColumnSpec("int", True, "0 (not detected) or 1 (detected)", levels=(0, 1)),
    }
    return {"patients": patients, "vertebrae": vertebrae, "readings": readings}


def pandera_schema(columns: dict[str, ColumnSpec]) -> "pa.DataFrameSchema":
    """The pandera schema for one table (types already converted: numbers as numbers).

    Examples
    --------
    >>> import pandas as pd
    >>> from osteostats.study import load_study
    >>> spec = load_study()
    >>> schema = pandera_schema(table_specs(spec)["readings"])
    >>> finding = next(iter(spec.findings.values()))
    >>> frame = pd.DataFrame({"vertebra_id": ["V1"], "modality": [finding.modalities[0]],
    ...                       "finding": [finding.name], "detected": [2]})
    >>> try:
    ...     schema.validate(frame, lazy=True)
    ... except Exception as exc:
    ...     print(exc.failure_cases[["column", "failure_case"]].to_dict("records"))
    [{'column': 'detected', 'failure_case': 2}]
    """
    import pandera.pandas as pa

    cols = {}
    for name, c in columns.items():
        checks = [c.check] if c.check is not None else []
        cols[name] = pa.Column(None, checks=checks, nullable=not c.required, unique=c.unique)
    return pa.DataFrameSchema(cols, strict=False)
