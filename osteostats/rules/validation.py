"""Input conversion and range checks shared by the rule modules.

Every public rule accepts a scalar, a :class:`pandas.Series`, a numpy array or a list.
:func:`as_vector` turns any of these into a float64 array and remembers the shape so
:func:`wrap` can give the result back in the same form. Problems are collected (never
``assert``-ed) and raised together as one :class:`osteostats.errors.InputError`.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Hashable

import numpy as np
import pandas as pd

from ..errors import InputError, Problem
from .thresholds import format_number, get

#: How many problems are listed in one error message before the rest are only counted.
MAX_LISTED = 1000

#: field -> (min key, max key, description) in the threshold table.
RANGES = {
    "t_score": ("valid_t_score_min", "valid_t_score_max", "a T-score"),
    "z_score": ("valid_z_score_min", "valid_z_score_max", "a Z-score"),
    "vbmd": ("valid_vbmd_min", "valid_vbmd_max", "a QCT volumetric BMD in mg/cm3"),
    "height_loss": ("valid_height_loss_min", "valid_height_loss_max", "a height loss in %"),
    "age": ("valid_age_min", "valid_age_max", "an age in years"),
}

_MISSING_TEXT = {"", "na", "nan", "n/a", "none", "null", "."}


@dataclass
class Vector:
    """A float64 view of a rule input plus what is needed to rebuild its shape."""

    values: np.ndarray
    kind: str  # "scalar" | "series" | "array"
    index: pd.Index | None = None
    name: Hashable = None
    raw: Any = None

    def label_at(self, i: int) -> Hashable:
        if self.kind == "scalar":
            return None
        return self.index[i] if self.index is not None else int(i)

    def labels(self) -> list:
        if self.kind == "scalar":
            return [None]
        if self.index is not None:
            return list(self.index)
        n = len(self.raw) if self.raw is not None else len(self.values)
        return list(range(n))


def _is_missing_scalar(v: Any) -> bool:
    if v is None or v is pd.NA or v is pd.NaT:
        return True
    if isinstance(v, float) and np.isnan(v):
        return True
    if isinstance(v, str) and v.strip().lower() in _MISSING_TEXT:
        return True
    return False


def _numeric_dtype(dtype: Any) -> bool:
    return pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype)


def _text_codes(x: Any) -> tuple[np.ndarray, np.ndarray] | None:
    """``(codes, distinct)`` when every entry of ``x`` is a ``str`` or missing, else ``None``.

    ``distinct[codes[i]]`` is entry ``i``; a missing entry (NaN, None, pandas NA) has code -1.
    Text columns (a CSV read as text: a few dozen distinct ages or codes in 10^5-10^6 rows) are
    then checked once per distinct value instead of once per row, with the same result.
    """
    if isinstance(x, pd.Series) and isinstance(x.dtype, pd.StringDtype):
        codes, distinct = pd.factorize(x, use_na_sentinel=True)
        return codes, np.asarray(distinct, dtype=object)
    if isinstance(x, pd.Series) and x.dtype == object or isinstance(x, np.ndarray) and x.dtype == object:
        arr = x.to_numpy() if isinstance(x, pd.Series) else x.ravel()
        if len(arr) and pd.api.types.infer_dtype(arr, skipna=True) == "string":  # str, or missing
            codes, distinct = pd.factorize(arr, use_na_sentinel=True)
            return codes, np.asarray(distinct, dtype=object)
    return None


def _read_each(x: Any, arr: np.ndarray, read, dtype: Any) -> tuple[np.ndarray, np.ndarray]:
    """Apply ``read(value) -> (result, ok)`` to every entry of ``arr`` (the entries of ``x``).

    Text columns (:func:`_text_codes`) are read once per distinct value and the results spread to
    the rows; anything else row by row. Returns the results and the positions of the entries
    that failed, in row order.
    """
    text = _text_codes(x) if isinstance(x, (pd.Series, np.ndarray)) else None
    if text is None:
        out = np.empty(len(arr), dtype=dtype)
        ok = np.ones(len(arr), dtype=bool)
        for i, v in enumerate(arr):
            out[i], ok[i] = read(v)
        return out, np.flatnonzero(~ok)
    codes, distinct = text
    out = np.empty(len(distinct) + 1, dtype=dtype)
    ok = np.ones(len(distinct) + 1, dtype=bool)
    for k, v in enumerate(distinct):
        out[k], ok[k] = read(v)
    out[-1], ok[-1] = read(None)  # code -1: a missing entry
    return out[codes], np.flatnonzero(~ok[codes])


def _read_number(v: Any) -> tuple[float, bool]:
    """One entry as :func:`as_vector` reads it: (value, ok); missing is (NaN, ok)."""
    if _is_missing_scalar(v):
        return np.nan, True
    if isinstance(v, (bool, np.bool_)):
        return np.nan, False
    try:
        return float(v.strip() if isinstance(v, str) else v), True
    except (TypeError, ValueError):
        return np.nan, False


def as_vector(x: Any, field: str, problems: list[Problem], *, source: str = "argument") -> Vector:
    """Convert ``x`` to float64, recording non-numeric entries in ``problems``.

    Missing entries (None, NaN, pandas NA, empty or ``NA`` strings) become NaN; they are not
    problems. Booleans are rejected (a T-score of ``True`` is a mistake, not 1.0).
    Numeric Series and arrays are converted without a Python-level loop; text ones are
    parsed once per distinct value.
    """
    if isinstance(x, pd.Series):
        vec = Vector(np.empty(0), "series", x.index, x.name, x)
        if _numeric_dtype(x.dtype):
            vec.values = x.to_numpy(dtype=float, na_value=np.nan)
            return vec
        arr = x.to_numpy(dtype=object)
    elif isinstance(x, (np.ndarray, list, tuple, pd.Index, pd.api.extensions.ExtensionArray)):
        vec = Vector(np.empty(0), "array", None, None, None)
        if isinstance(x, np.ndarray) and _numeric_dtype(x.dtype):
            vec.values = np.asarray(x, dtype=float).ravel()
            vec.raw = vec.values
            return vec
        arr = np.asarray(x, dtype=object).ravel()
        vec.raw = arr
    else:
        vec = Vector(np.empty(0), "scalar", None, None, None)
        arr = np.empty(1, dtype=object)
        arr[0] = x
        vec.raw = arr

    vec.values, bad = _read_each(x, arr, _read_number, float)
    for i in bad:
        problems.append(Problem(source, vec.label_at(i), field, arr[i], "a number"))
    return vec


def check_range(vec: Vector, field: str, kind: str, problems: list[Problem], *, source: str = "argument") -> None:
    """Record every finite-or-infinite value outside the declared valid range of ``kind``."""
    lo_key, hi_key, what = RANGES[kind]
    lo, hi = get(lo_key), get(hi_key)
    v = vec.values
    with np.errstate(invalid="ignore"):
        bad = ~np.isnan(v) & ~(lo.holds(v) & hi.holds(v))
    if not bad.any():
        return
    expected = f"{what} between {format_number(lo.decimal)} and {format_number(hi.decimal)}"
    for i in np.flatnonzero(bad):
        if isinstance(vec.raw, pd.Series):
            value = vec.raw.iloc[i]
        elif vec.raw is not None:
            value = vec.raw[i]
        else:
            value = v[i]
        if isinstance(value, (np.floating, np.integer)):
            value = value.item()
        problems.append(Problem(source, vec.label_at(i), field, value, expected))


def raise_problems(problems: list[Problem]) -> None:
    """Raise one :class:`InputError` listing the problems (if any)."""
    if not problems:
        return
    if len(problems) > MAX_LISTED:
        header = f"{len(problems)} problem(s) in the input (first {MAX_LISTED} listed)"
        raise InputError(problems[:MAX_LISTED], header=header)
    raise InputError(problems)


def numeric_input(x: Any, field: str, kind: str, *, source: str = "argument") -> Vector:
    """:func:`as_vector` + :func:`check_range`, raising on any problem."""
    problems: list[Problem] = []
    vec = as_vector(x, field, problems, source=source)
    check_range(vec, field, kind, problems, source=source)
    raise_problems(problems)
    return vec


def wrap(vec: Vector, out: np.ndarray | pd.api.extensions.ExtensionArray, *, name: Hashable = None,
         dtype: str | None = None) -> Any:
    """Return ``out`` in the shape of the input: scalar, Series (same index) or array."""
    if vec.kind == "scalar":
        v = out[0]
        if v is pd.NA:
            return None
        return v.item() if isinstance(v, np.generic) else v
    if vec.kind == "series":
        return pd.Series(out, index=vec.index, name=name if name is not None else vec.name, dtype=dtype)
    return out


_CODE_MISSING = {"", "na", "nan", "n/a", "null"}
_TRUE = {"true", "yes", "y", "1", "t"}
_FALSE = {"false", "no", "n", "0", "f"}


def _as_object_array(x: Any) -> tuple[np.ndarray, Vector]:
    if isinstance(x, pd.Series):
        return x.to_numpy(dtype=object), Vector(np.empty(0), "series", x.index, x.name, x)
    if isinstance(x, (np.ndarray, list, tuple, pd.Index, pd.api.extensions.ExtensionArray)):
        arr = np.asarray(x, dtype=object).ravel()
        return arr, Vector(np.empty(0), "array", None, None, arr)
    arr = np.empty(1, dtype=object)
    arr[0] = x
    return arr, Vector(np.empty(0), "scalar", None, None, arr)


def code_input(x: Any, field: str, allowed: tuple[str, ...], problems: list[Problem], *,
               source: str = "argument", case: str = "lower") -> tuple[np.ndarray, Vector]:
    """Normalise categorical codes; unknown codes are problems, missing ones become None.

    ``case`` ("lower" or "upper") is applied before matching, so ``"f"`` is read as ``"F"``
    for sex. Only empty / NA-like entries are missing (the trauma code ``"none"`` is a code).
    """
    arr, vec = _as_object_array(x)

    def read(v: Any) -> tuple[str | None, bool]:
        if v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v)):
            return None, True
        if isinstance(v, str):
            s = v.strip()
            if s.lower() in _CODE_MISSING:
                return None, True
            s = s.lower() if case == "lower" else s.upper()
            if s in allowed:
                return s, True
        return None, False

    out, bad = _read_each(x, arr, read, object)
    for i in bad:
        problems.append(Problem(source, vec.label_at(i), field, arr[i], "one of " + ", ".join(allowed)))
    return out, vec


def bool_input(x: Any, field: str, problems: list[Problem], *, source: str = "argument") -> tuple[np.ndarray, Vector]:
    """Parse yes/no values to floats 1.0 / 0.0, missing to NaN; anything else is a problem.

    Accepts booleans, 0/1 and the strings true/false, yes/no, y/n, t/f, 1/0 (any case).
    """
    arr, vec = _as_object_array(x)

    def read(v: Any) -> tuple[float, bool]:
        if v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v)):
            return np.nan, True
        if isinstance(v, (bool, np.bool_)):
            return float(v), True
        if isinstance(v, (int, float, np.integer, np.floating)) and v in (0, 1):
            return float(v), True
        if isinstance(v, str):
            s = v.strip().lower()
            if s in _CODE_MISSING:
                return np.nan, True
            if s in _TRUE:
                return 1.0, True
            if s in _FALSE:
                return 0.0, True
        return np.nan, False

    out, bad = _read_each(x, arr, read, float)
    for i in bad:
        problems.append(Problem(source, vec.label_at(i), field, arr[i], "yes/no (true/false, 1/0)"))
    return out, vec
