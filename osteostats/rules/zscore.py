"""Z-score rule (premenopausal women, men under 50, children).

``Z <= -2.0`` is "below the expected range for age"; any other Z is "within the expected
range for age". In this group BMD alone never diagnoses osteoporosis (consensus 2020,
sec. 6.2; threshold key ``z_below_expected``).
"""
from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import Problem
from .dxa import apply_rounding, check_rounding, labels_from_codes
from .thresholds import get
from .validation import as_vector, check_range, raise_problems, wrap

Z_LABELS = ("within_expected_range_for_age", "below_expected_range_for_age", "indeterminate")
WITHIN, BELOW, Z_INDETERMINATE = range(3)


def z_codes(z: np.ndarray) -> np.ndarray:
    """Integer codes (see :data:`Z_LABELS`) for validated, already rounded Z-scores."""
    below = get("z_below_expected")
    return np.select([np.isnan(z), below.holds(z)], [np.int8(Z_INDETERMINATE), np.int8(BELOW)], np.int8(WITHIN))


def z_category(z_score: Any, *, rounding: str = "as_given") -> Any:
    """Classify Z-scores against the -2.0 SD limit.

    Parameters
    ----------
    z_score : float, pandas.Series, numpy.ndarray or list
        Z-score(s) (same-age, same-sex reference), -10..+10; missing allowed.
    rounding : {"as_given", "dxa_1dp"}, default "as_given"
        As for :func:`osteostats.rules.dxa_category`.

    Returns
    -------
    str, pandas.Series of str or numpy.ndarray
        ``"below_expected_range_for_age"`` (Z <= -2.0), ``"within_expected_range_for_age"``
        or ``"indeterminate"`` (missing).

    Raises
    ------
    osteostats.errors.InputError
        Non-numeric values or values outside -10..+10.

    Notes
    -----
    Consensus 2020 sec. 6.2: "将 Z 值 ≤ -2.0 SD 定义为'低于同年龄段预期范围'". Exactly -2.0 is
    below the expected range. This is not a diagnosis of osteoporosis.

    Examples
    --------
    >>> z_category(-2.0), z_category(-1.9)
    ('below_expected_range_for_age', 'within_expected_range_for_age')
    """
    check_rounding(rounding)
    problems: list[Problem] = []
    vec = as_vector(z_score, "z_score", problems)
    check_range(vec, "z_score", "z_score", problems)
    raise_problems(problems)
    out = labels_from_codes(z_codes(apply_rounding(vec.values, rounding)), Z_LABELS)
    return wrap(vec, out, dtype="str" if vec.kind == "series" else None)
