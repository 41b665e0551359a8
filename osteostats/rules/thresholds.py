"""Loader for the declared threshold table ``thresholds.csv``.

Every number the diagnosis rules compare against lives in ``thresholds.csv`` (next to this
file), together with the comparison operator, the unit and the citation it comes from. The
rule modules (:mod:`.dxa`, :mod:`.qct`, :mod:`.genant`, ...) read their numbers *and
operators* from here, so the table is the single place to audit or cite.
"""
from __future__ import annotations

import csv
import operator as _op
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np

#: Comparison operators allowed in the ``operator`` column ("=" marks a parameter).
OPERATORS = {
    ">=": _op.ge,
    ">": _op.gt,
    "<=": _op.le,
    "<": _op.lt,
    "=": None,
}

#: Keys the rule modules need, with the operator each rule is written for.
REQUIRED = {
    "dxa_normal": ">=",
    "dxa_osteoporosis": "<=",
    "dxa_report_decimals": "=",
    "z_below_expected": "<=",
    "t_reference_men_min_age": ">=",
    "adjacent_vertebra_difference": ">",
    "min_evaluable_vertebrae": ">=",
    "qct_normal": ">",
    "qct_osteoporosis": "<",
    "qct_min_vertebrae": ">=",
    "genant_grade1": ">=",
    "genant_grade2": ">",
    "genant_grade3": ">",
    "valid_t_score_min": ">=",
    "valid_t_score_max": "<=",
    "valid_z_score_min": ">=",
    "valid_z_score_max": "<=",
    "valid_vbmd_min": ">=",
    "valid_vbmd_max": "<=",
    "valid_height_loss_min": ">=",
    "valid_height_loss_max": "<=",
    "valid_age_min": ">=",
    "valid_age_max": "<=",
}

COLUMNS = ("key", "value", "operator", "unit", "rule_family", "meaning", "source", "section", "quote")


@dataclass(frozen=True)
class Threshold:
    """One row of the threshold table.

    ``value`` is the float nearest to the decimal written in the table (``decimal``), so
    comparing a user's float against it is exact for any value the user typed as a decimal.
    """

    key: str
    decimal: Decimal
    operator: str
    unit: str
    rule_family: str
    meaning: str
    source: str
    section: str
    quote: str

    @property
    def value(self) -> float:
        return float(self.decimal)

    def holds(self, x: np.ndarray | float) -> np.ndarray | bool:
        """Evaluate ``x <operator> value`` elementwise (NaN gives False).

        Examples
        --------
        >>> from osteostats.rules.thresholds import get
        >>> bool(get("dxa_osteoporosis").holds(-2.5))
        True
        >>> bool(get("qct_normal").holds(120.0))
        False
        """
        fn = OPERATORS[self.operator]
        if fn is None:
            raise ValueError(f"threshold {self.key!r} is a parameter, not a comparison")
        with np.errstate(invalid="ignore"):
            return fn(x, self.value)

    def text(self, quantity: str) -> str:
        """Human-readable condition, e.g. ``'T <= -2.5'``."""
        return f"{quantity} {self.operator} {format_number(self.decimal)}"


def format_number(d: Decimal | float) -> str:
    """Format a threshold as written in the table (``-2.5``, ``-1.0``, ``120``)."""
    return str(d) if isinstance(d, Decimal) else repr(float(d))


def _default_path() -> Path:
    return Path(str(resources.files("osteostats.rules").joinpath("thresholds.csv")))


def load_thresholds(path: str | Path | None = None) -> dict[str, Threshold]:
    """Read and check a threshold table.

    Parameters
    ----------
    path : str or Path, optional
        CSV with columns ``key,value,operator,unit,rule_family,meaning,source,section,quote``.
        Defaults to the table shipped with the package.

    Returns
    -------
    dict of str to Threshold
        Rows keyed by ``key``.

    Raises
    ------
    ValueError
        If a column or required key is missing, a value is not a number, an operator is not
        the one the rule is written for, or the thresholds are out of order
        (e.g. ``dxa_osteoporosis`` not below ``dxa_normal``).

    Notes
    -----
    Values are parsed as :class:`decimal.Decimal` and converted once to the nearest float,
    so the comparisons in the rule modules are exact for decimal inputs (float rounding is
    monotonic: decimal ``a <= b`` implies ``float(a) <= float(b)``).

    Examples
    --------
    >>> t = load_thresholds()
    >>> t["dxa_osteoporosis"].value, t["dxa_osteoporosis"].operator
    (-2.5, '<=')
    >>> t["qct_normal"].section
    'sec. 6.3 QCT, Table 2'
    """
    path = Path(path) if path is not None else _default_path()
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        missing_cols = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
        if missing_cols:
            raise ValueError(f"{path}: missing column(s) {missing_cols}")
        table: dict[str, Threshold] = {}
        for lineno, row in enumerate(reader, start=2):
            key = row["key"].strip()
            if key in table:
                raise ValueError(f"{path}, line {lineno}: duplicate key {key!r}")
            try:
                dec = Decimal(row["value"].strip())
            except InvalidOperation:
                raise ValueError(f"{path}, line {lineno}: value {row['value']!r} is not a number") from None
            opr = row["operator"].strip()
            if opr not in OPERATORS:
                raise ValueError(f"{path}, line {lineno}: unknown operator {opr!r}")
            table[key] = Threshold(key, dec, opr, row["unit"], row["rule_family"], row["meaning"],
                                   row["source"], row["section"], row["quote"])
    for key, opr in REQUIRED.items():
        if key not in table:
            raise ValueError(f"{path}: required threshold {key!r} is missing")
        if table[key].operator != opr:
            raise ValueError(f"{path}: threshold {key!r} must use operator {opr!r}, "
                             f"found {table[key].operator!r}")
    order = [("dxa_osteoporosis", "dxa_normal"), ("qct_osteoporosis", "qct_normal"),
             ("genant_grade1", "genant_grade2"), ("genant_grade2", "genant_grade3")]
    for low, high in order:
        if not table[low].decimal < table[high].decimal:
            raise ValueError(f"{path}: {low} ({table[low].decimal}) must be below {high} ({table[high].decimal})")
    return table


@lru_cache(maxsize=1)
def _default_table() -> dict[str, Threshold]:
    return load_thresholds()


def get(key: str) -> Threshold:
    """Return one threshold of the packaged table.

    Examples
    --------
    >>> get("genant_grade3").value
    40.0
    """
    return _default_table()[key]


def thresholds() -> dict[str, Threshold]:
    """Return the packaged threshold table (a copy of the mapping).

    Examples
    --------
    >>> "qct_osteoporosis" in thresholds()
    True
    """
    return dict(_default_table())
