"""Lumbar QCT rule: mean trabecular volumetric BMD of two vertebrae, in mg/cm3.

=================  ==============================  =====================
class              condition                       threshold keys
=================  ==============================  =====================
``normal``         vBMD > 120                      ``qct_normal``
``low_bone_mass``  80 <= vBMD <= 120 (both incl.)  (between the two)
``osteoporosis``   vBMD < 80                       ``qct_osteoporosis``
``indeterminate``  fewer than 2 valid vertebrae    ``qct_min_vertebrae``
=================  ==============================  =====================

"Severe osteoporosis" (vBMD < 80 with a fragility fracture) is decided by
:func:`osteostats.rules.diagnose`. QCT of the hip (CTXA) yields a T-score and uses the DXA
criteria (:mod:`osteostats.rules.dxa`). Raw CT attenuation in Hounsfield units is **not**
BMD and is refused (consensus sec. 6.3: "CT 值不能直接用于骨密度测量").
"""
from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import InputError, Problem
from .dxa import DXA_LABELS, INDETERMINATE, LOW_BONE_MASS, NORMAL, OSTEOPOROSIS, labels_from_codes
from .exact import mean2
from .thresholds import get
from .validation import as_vector, check_range, raise_problems, wrap

QCT_UNITS = ("mg/cm3", "mg/cm^3", "mg/cm³", "mg/ml", "mg/cc")
QCT_LABELS = DXA_LABELS


def check_unit(unit: str) -> None:
    """Refuse anything but mg/cm3 (and its synonyms), in particular Hounsfield units."""
    if str(unit).strip().lower() not in QCT_UNITS:
        raise InputError([Problem(
            "argument", None, "unit", unit,
            "mg/cm3 (calibrated QCT vBMD); CT attenuation in HU is not BMD and the QCT "
            "thresholds do not apply to it (consensus sec. 6.3)")])


def qct_codes(vbmd: np.ndarray) -> np.ndarray:
    """Integer codes (see :data:`QCT_LABELS`) for validated vBMD values."""
    osteo, normal = get("qct_osteoporosis"), get("qct_normal")
    return np.select(
        [np.isnan(vbmd), osteo.holds(vbmd), normal.holds(vbmd)],
        [np.int8(INDETERMINATE), np.int8(OSTEOPOROSIS), np.int8(NORMAL)],
        np.int8(LOW_BONE_MASS),
    )


def qct_category(vbmd: Any, *, unit: str = "mg/cm3") -> Any:
    """Classify lumbar QCT volumetric BMD (mean of two vertebrae).

    Parameters
    ----------
    vbmd : float, pandas.Series, numpy.ndarray or list
        Mean trabecular vBMD of two lumbar vertebrae, in mg/cm3 (0-400). Missing allowed.
    unit : str, default "mg/cm3"
        Must be mg/cm3 (synonyms mg/ml, mg/cc accepted). ``"HU"`` is refused.

    Returns
    -------
    str, pandas.Series of str or numpy.ndarray
        ``"normal"``, ``"low_bone_mass"``, ``"osteoporosis"`` or ``"indeterminate"``.

    Raises
    ------
    osteostats.errors.InputError
        Non-numeric values, values outside 0-400 mg/cm3, or a unit other than mg/cm3.

    Notes
    -----
    Consensus 2020 sec. 6.3, Table 2 (after the Chinese QCT guideline 2018, ISCD 2007,
    ACR 2018): normal > 120; low bone mass 80-120 inclusive; osteoporosis < 80 mg/cm3.
    Applies to postmenopausal women and older men.

    Examples
    --------
    >>> [qct_category(v) for v in (79.9, 80, 120, 120.1)]
    ['osteoporosis', 'low_bone_mass', 'low_bone_mass', 'normal']
    """
    check_unit(unit)
    problems: list[Problem] = []
    vec = as_vector(vbmd, "qct_vbmd", problems)
    check_range(vec, "qct_vbmd", "vbmd", problems)
    raise_problems(problems)
    out = labels_from_codes(qct_codes(vec.values), QCT_LABELS)
    return wrap(vec, out, dtype="str" if vec.kind == "series" else None)


def lumbar_mean(vertebrae: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Mean vBMD of the first two valid vertebrae in level order (L1 -> L4).

    Parameters
    ----------
    vertebrae : ndarray, shape (n, k)
        Validated vBMD per vertebra (columns in level order), NaN where not valid.

    Returns
    -------
    mean : ndarray of float
        Exact mean of the two vertebrae (rounded once to the nearest float); NaN when fewer
        than ``qct_min_vertebrae`` (2) are valid.
    n_valid : ndarray of int
        Number of valid vertebrae per row.
    used : ndarray of bool, shape (n, k)
        Which vertebrae entered the mean.

    Examples
    --------
    >>> m, n, used = lumbar_mean(np.array([[70.0, 90.0, np.nan], [np.nan, 75.0, np.nan]]))
    >>> m.tolist(), n.tolist()
    ([80.0, nan], [2, 1])
    """
    v = np.atleast_2d(np.asarray(vertebrae, dtype=float))
    valid = ~np.isnan(v)
    n_valid = valid.sum(axis=1)
    rank = np.cumsum(valid, axis=1)
    first = valid & (rank == 1)
    second = valid & (rank == 2)
    rows = np.arange(v.shape[0])
    a = v[rows, np.argmax(first, axis=1)]
    b = v[rows, np.argmax(second, axis=1)]
    need = int(get("qct_min_vertebrae").decimal)
    enough = n_valid >= need
    mean = np.where(enough, mean2(np.where(enough, a, 0.0), np.where(enough, b, 0.0)), np.nan)
    return mean, n_valid, (first | second) & enough[:, None]
