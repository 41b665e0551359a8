"""Genant semi-quantitative grade of a vertebral compression.

The grade comes from the largest of the anterior, middle and posterior height loss (%):

=======  ==========  ===========================  =========================
grade    label       height loss                  threshold keys
=======  ==========  ===========================  =========================
0        normal      < 20 %                       ``genant_grade1``
1        mild        20 % to 25 % (both included)  ``genant_grade1``, ``genant_grade2``
2        moderate    > 25 % and <= 40 %           ``genant_grade2``, ``genant_grade3``
3        severe      > 40 %                       ``genant_grade3``
=======  ==========  ===========================  =========================

This matches the study paper's mild 20-25 %, moderate 26-40 %, severe > 40 % (sec. 1.3,
citing Genant 1993). Genant grade >= 1 is generally read as a fracture (consensus sec. 5.2).
An endplate/cortex fracture (ECF) is a separate yes/no finding, never folded into the grade.
"""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..errors import Problem
from .thresholds import get
from .validation import as_vector, check_range, raise_problems

GENANT_LABELS = {0: "normal", 1: "mild", 2: "moderate", 3: "severe"}


def genant_codes(height_loss: np.ndarray) -> np.ndarray:
    """Grades 0-3 as int8, -1 for missing, for validated height-loss values (%)."""
    g1, g2, g3 = get("genant_grade1"), get("genant_grade2"), get("genant_grade3")
    return np.select(
        [np.isnan(height_loss), g3.holds(height_loss), g2.holds(height_loss), g1.holds(height_loss)],
        [np.int8(-1), np.int8(3), np.int8(2), np.int8(1)],
        np.int8(0),
    )


def genant_grade(height_loss_pct: Any) -> Any:
    """Genant grade (0-3) from the largest vertebral height loss in percent.

    Parameters
    ----------
    height_loss_pct : float, pandas.Series, numpy.ndarray or list
        Largest of anterior/middle/posterior height loss, in % (0-100). Missing allowed.

    Returns
    -------
    int, None, pandas.Series or pandas array
        Scalar input gives an ``int`` (``None`` if missing); a Series gives a Series of
        pandas nullable ``Int64`` (``<NA>`` if missing) with the same index; arrays and lists
        give an ``Int64`` pandas array.

    Raises
    ------
    osteostats.errors.InputError
        Non-numeric values or values outside 0-100 (each listed with its index label).

    Notes
    -----
    Grade 0: < 20 %; grade 1: 20-25 % inclusive; grade 2: > 25 % and <= 40 %; grade 3:
    > 40 % (Genant HK et al., J Bone Miner Res 1993;8:1137-48; study paper sec. 1.3).
    Comparisons are exact for decimal inputs: ``25.0`` is grade 1 but
    ``25.000000000000004`` (e.g. from ``(1 - 0.75) * 100`` style arithmetic) is grade 2.

    Examples
    --------
    >>> [genant_grade(x) for x in (19.9, 20, 25, 25.1, 40, 40.1)]
    [0, 1, 1, 2, 2, 3]
    >>> import pandas as pd
    >>> genant_grade(pd.Series([41.0, None])).tolist()
    [3, <NA>]
    """
    problems: list[Problem] = []
    vec = as_vector(height_loss_pct, "height_loss_pct", problems)
    check_range(vec, "height_loss_pct", "height_loss", problems)
    raise_problems(problems)
    codes = genant_codes(vec.values)
    arr = pd.arrays.IntegerArray(codes.astype(np.int64), codes < 0)
    if vec.kind == "scalar":
        return None if codes[0] < 0 else int(codes[0])
    if vec.kind == "series":
        return pd.Series(arr, index=vec.index, name=vec.name)
    return arr


def genant_label(grade: Any) -> Any:
    """Label of a Genant grade: ``normal``, ``mild``, ``moderate``, ``severe``.

    Examples
    --------
    >>> genant_label(3)
    'severe'
    """
    if isinstance(grade, pd.Series):
        return grade.map(GENANT_LABELS).astype(object).where(grade.notna(), None)
    if grade is None or grade is pd.NA:
        return None
    return GENANT_LABELS[int(grade)]
