"""Peripheral BMD (pDXA, pQCT, single-energy, radiogrammetry, quantitative ultrasound).

These measurements are for screening and fracture-risk assessment only: they never yield a
diagnosis (consensus 2020 sec. 6.4 and key point 8.5: "外周骨密度测量 ... 不建议用于骨质疏松症
的诊断 ... 仅可用于 ... 筛查"). The 33 % radius measured on a *central* DXA scanner is not
peripheral BMD; it is handled in :mod:`osteostats.rules.sites` as a fallback site.

:func:`osteostats.rules.diagnose` recognises the columns in :data:`PERIPHERAL_COLUMNS`,
ignores them for the diagnosis and says so in the reason.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import Problem
from .validation import as_vector, raise_problems, wrap

#: Column names read as peripheral BMD results (never diagnostic).
PERIPHERAL_COLUMNS = ("t_peripheral", "t_pdxa", "t_pqct", "qus_t", "qus_index")


def peripheral_category(value: Any) -> Any:
    """Diagnostic status of a peripheral BMD value: always ``"screening_only"``.

    Parameters
    ----------
    value : float or array-like
        Any peripheral BMD result (T-score, ultrasound index ...).

    Returns
    -------
    str, pandas.Series or numpy.ndarray
        ``"screening_only"`` for a value, ``"indeterminate"`` when missing - never a
        diagnostic class, however low the value.

    Notes
    -----
    Consensus 2020 sec. 6.4 / key point 8.5: peripheral BMD may be used for screening, not
    for diagnosis.

    Examples
    --------
    >>> peripheral_category(-4.2)
    'screening_only'
    """
    problems: list[Problem] = []
    vec = as_vector(value, "peripheral_bmd", problems)
    raise_problems(problems)
    out = np.where(np.isnan(vec.values), "indeterminate", "screening_only").astype(object)
    return wrap(vec, out, dtype="str" if vec.kind == "series" else None)
