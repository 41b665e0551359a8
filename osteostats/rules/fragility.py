"""Fragility-fracture rule.

A fracture is a fragility fracture only if all three hold (consensus 2020 sec. 5.1):

1. no trauma, or minor trauma (a fall from standing height or less): trauma code ``none``
   or ``minor`` (``major`` excludes it);
2. imaging confirms the fracture;
3. secondary osteoporosis / another cause is excluded - a fracture through a tumour (the
   metastatic group) is **pathological**, never a fragility fracture.

Any criterion known to fail gives ``False``; all three known to hold give ``True``;
otherwise the status is unknown (``<NA>``), never guessed. An imaging-confirmed fragility
fracture means osteoporosis whatever the BMD (consensus sec. 3), see
:func:`osteostats.rules.diagnose`.
"""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..errors import InputError, Problem
from .validation import bool_input, code_input, raise_problems

TRAUMA_CODES = ("none", "minor", "major")


def fragility_codes(trauma: np.ndarray, fracture: np.ndarray, pathological: np.ndarray) -> tuple[np.ndarray, pd.Series]:
    """Vectorised core on validated inputs.

    Parameters
    ----------
    trauma : ndarray of object
        ``"none"``, ``"minor"``, ``"major"`` or None.
    fracture, pathological : ndarray of float
        1.0 yes, 0.0 no, NaN unknown.

    Returns
    -------
    status : ndarray of float
        1.0 fragility fracture, 0.0 not one, NaN unknown.
    reasons : pandas.Series of str
    """
    n = len(trauma)
    no_frac = fracture == 0
    patho = pathological == 1
    major = trauma == "major"
    low = np.isin(trauma, ("none", "minor"))
    yes = (fracture == 1) & (pathological == 0) & low
    conds = [no_frac, patho, major, yes, np.isnan(fracture), np.isnan(pathological)]
    status = np.select(conds, [0.0, 0.0, 0.0, 1.0, np.nan, np.nan], np.nan)
    trauma_txt = pd.Series(trauma, dtype=object).fillna("unknown").to_numpy(dtype=object)
    reasons = np.select(conds, [
        np.full(n, "no imaging-confirmed fracture", dtype=object),
        np.full(n, "pathological fracture (tumour / secondary cause), not a fragility fracture", dtype=object),
        np.full(n, "fracture after major trauma, not a fragility fracture", dtype=object),
        "imaging-confirmed fragility fracture (trauma: " + trauma_txt + ", secondary cause excluded)",
        np.full(n, "fragility fracture status unknown (imaging-confirmed fracture not stated)", dtype=object),
        np.full(n, "fragility fracture status unknown (secondary / pathological cause not excluded)", dtype=object),
    ], "fragility fracture status unknown (trauma not stated)")
    return status, pd.Series(reasons, dtype=object)


def fragility_fracture(trauma: Any, *, fracture_confirmed: Any, pathological: Any) -> Any:
    """Is a fracture a fragility fracture?

    Parameters
    ----------
    trauma : {"none", "minor", "major"} or array-like
        Trauma preceding the fracture. ``minor`` = fall from standing height or less.
    fracture_confirmed : bool or array-like
        Imaging (radiograph, CT, MRI or bone scan) confirms the fracture.
    pathological : bool or array-like
        The fracture has a secondary cause (tumour, e.g. the metastatic group) or secondary
        osteoporosis is not excluded.

    Returns
    -------
    bool, None, or pandas.Series of nullable boolean
        ``True``, ``False`` or missing (unknown). Arrays give a pandas ``boolean`` array.

    Raises
    ------
    osteostats.errors.InputError
        Unknown trauma codes or non yes/no flags.

    Notes
    -----
    Consensus 2020 sec. 5.1: (1) no or minor trauma, (2) imaging evidence of fracture,
    (3) secondary osteoporosis excluded.

    Examples
    --------
    >>> fragility_fracture("minor", fracture_confirmed=True, pathological=False)
    True
    >>> fragility_fracture("none", fracture_confirmed=True, pathological=True)
    False
    >>> fragility_fracture(None, fracture_confirmed=True, pathological=False) is None
    True
    """
    problems: list[Problem] = []
    tr, vt = code_input(trauma, "trauma", TRAUMA_CODES, problems)
    fr, vf = bool_input(fracture_confirmed, "fracture_confirmed", problems)
    pa, vp = bool_input(pathological, "pathological", problems)
    raise_problems(problems)
    try:
        tr, fr, pa = np.broadcast_arrays(tr, fr, pa)
    except ValueError:
        raise InputError("trauma, fracture_confirmed and pathological have different lengths") from None
    status, _ = fragility_codes(np.asarray(tr, dtype=object), fr.astype(float), pa.astype(float))
    arr = pd.arrays.BooleanArray(status == 1, np.isnan(status))
    shape_from = next((v for v in (vt, vf, vp) if v.kind == "series"), None) or \
        next((v for v in (vt, vf, vp) if v.kind == "array"), vt)
    if shape_from.kind == "scalar":
        return None if np.isnan(status[0]) else bool(status[0] == 1)
    if shape_from.kind == "series":
        return pd.Series(arr, index=shape_from.index, name="fragility_fracture")
    return arr
