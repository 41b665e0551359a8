"""DXA rule: the T-score formula and the WHO / Chinese-consensus T-score classes.

=====================  ==========================  =====================
class                  condition                   threshold keys
=====================  ==========================  =====================
``normal``             T >= -1.0                   ``dxa_normal``
``low_bone_mass``      -2.5 < T < -1.0             (between the two)
``osteoporosis``       T <= -2.5                   ``dxa_osteoporosis``
``indeterminate``      T missing                   --
=====================  ==========================  =====================

"Severe osteoporosis" (T <= -2.5 *with* a fragility fracture) needs the fracture history and
is decided by :func:`osteostats.rules.diagnose`, not here. Who may be classified by T at all
(postmenopausal women, men >= 50) is :mod:`osteostats.rules.population`; which sites enter
the lowest T is :mod:`osteostats.rules.sites`.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import InputError, Problem
from .exact import round_half_away, standard_score
from .thresholds import get
from .validation import as_vector, check_range, raise_problems, wrap

#: Class labels, indexed by the integer codes used internally.
DXA_LABELS = ("normal", "low_bone_mass", "osteoporosis", "indeterminate")
NORMAL, LOW_BONE_MASS, OSTEOPOROSIS, INDETERMINATE = range(4)

#: Accepted values of the ``rounding`` parameter.
ROUNDING_MODES = ("as_given", "dxa_1dp")


def check_rounding(rounding: str) -> None:
    """Raise :class:`InputError` for an unknown rounding mode."""
    if rounding not in ROUNDING_MODES:
        raise InputError([Problem("argument", None, "rounding", rounding, " or ".join(ROUNDING_MODES))])


def apply_rounding(t: np.ndarray, rounding: str) -> np.ndarray:
    """Return ``t`` as given, or rounded to the DXA report precision (``dxa_1dp``)."""
    check_rounding(rounding)
    if rounding == "as_given":
        return t
    return round_half_away(t, int(get("dxa_report_decimals").decimal))


def dxa_codes(t: np.ndarray) -> np.ndarray:
    """Integer class codes (see :data:`DXA_LABELS`) for a float array of T-scores.

    No validation or rounding: callers do that. Comparisons are plain float comparisons
    against the table values, which is exact for decimal inputs.
    """
    osteo = get("dxa_osteoporosis")
    normal = get("dxa_normal")
    with np.errstate(invalid="ignore"):
        return np.select(
            [np.isnan(t), osteo.holds(t), normal.holds(t)],
            [np.int8(INDETERMINATE), np.int8(OSTEOPOROSIS), np.int8(NORMAL)],
            np.int8(LOW_BONE_MASS),
        )


def labels_from_codes(codes: np.ndarray, labels: tuple[str, ...] = DXA_LABELS) -> np.ndarray:
    """Object array of label strings for integer codes (one vectorised take)."""
    return np.asarray(labels, dtype=object)[codes]


def dxa_category(t_score: Any, *, rounding: str = "as_given") -> Any:
    """Classify T-scores into the DXA classes of the consensus, Table 1.

    Parameters
    ----------
    t_score : float, pandas.Series, numpy.ndarray or list
        T-score(s) in SD units. Missing values (NaN, None, pandas NA) are allowed.
    rounding : {"as_given", "dxa_1dp"}, default "as_given"
        ``"as_given"`` classifies the value exactly as supplied (``-2.45`` is low bone
        mass). ``"dxa_1dp"`` first rounds to the one decimal a DXA report shows, half away
        from zero in exact decimal arithmetic (``-2.45`` -> ``-2.5``, osteoporosis).

    Returns
    -------
    str, pandas.Series of str, or numpy.ndarray of str (object dtype)
        ``"normal"``, ``"low_bone_mass"``, ``"osteoporosis"`` or ``"indeterminate"`` (missing
        T), in the shape of the input. A Series keeps its index.

    Raises
    ------
    osteostats.errors.InputError
        If a value is not a number or lies outside -10..+10 (every offending element is
        listed, with its index label), or ``rounding`` is unknown.

    Notes
    -----
    ``T = (BMD - young-adult mean BMD) / young-adult SD`` (see :func:`t_score`).
    Classes (Chinese expert consensus 2020, Chin J Radiol 54(8):745-752, sec. 6.2, Table 1;
    WHO criteria): normal T >= -1.0; low bone mass -2.5 < T < -1.0; osteoporosis T <= -2.5.
    Exactly -1.0 is normal, exactly -2.5 is osteoporosis. Thresholds and operators are read
    from ``thresholds.csv`` (keys ``dxa_normal``, ``dxa_osteoporosis``).

    The function does not check *who* may be classified by T (postmenopausal women and men
    aged 50 or over); use :func:`osteostats.rules.diagnose` for a full diagnosis, which also
    yields "severe osteoporosis" (T <= -2.5 with a fragility fracture).

    Examples
    --------
    >>> dxa_category(-1.0)
    'normal'
    >>> dxa_category(-2.5)
    'osteoporosis'
    >>> dxa_category(-2.45), dxa_category(-2.45, rounding="dxa_1dp")
    ('low_bone_mass', 'osteoporosis')
    >>> import pandas as pd
    >>> dxa_category(pd.Series([-0.4, -1.8, None])).tolist()
    ['normal', 'low_bone_mass', 'indeterminate']
    """
    check_rounding(rounding)
    problems: list[Problem] = []
    vec = as_vector(t_score, "t_score", problems)
    check_range(vec, "t_score", "t_score", problems)
    raise_problems(problems)
    codes = dxa_codes(apply_rounding(vec.values, rounding))
    out = labels_from_codes(codes)
    return wrap(vec, out, dtype="str" if vec.kind == "series" else None)


def t_score(bmd: Any, young_adult_mean: Any, young_adult_sd: Any) -> Any:
    """T-score from a BMD and the young-adult reference mean and SD.

    Parameters
    ----------
    bmd : float, pandas.Series, numpy.ndarray or list
        Measured BMD (any unit, e.g. g/cm2 for DXA), >= 0.
    young_adult_mean : float or array-like
        Peak (young-adult) mean BMD of the same-sex, same-ethnicity reference, same unit.
    young_adult_sd : float or array-like
        SD of that reference, > 0.

    Returns
    -------
    float, pandas.Series or numpy.ndarray
        ``(bmd - mean) / sd``, computed in exact decimal arithmetic and rounded once to the
        nearest float, so ``(0.7 - 1.0) / 0.1`` is exactly ``-3.0`` (plain float arithmetic
        gives ``-3.0000000000000004``, which would print as a different T-score).

    Raises
    ------
    osteostats.errors.InputError
        For non-numeric or negative BMD or mean, or an SD that is not positive.

    Notes
    -----
    ``T = (measured BMD - young-adult peak mean BMD) / SD of the young-adult peak BMD``;
    consensus 2020, Table 1 note; worked example in the Jishuitan Hospital lecture on the consensus:
    ``(0.7 g/cm2 - 1.0 g/cm2) / 0.1 g/cm2 = -3.0``. The reference must be a Chinese,
    same-sex database (consensus sec. 6.2).

    Examples
    --------
    >>> t_score(0.7, 1.0, 0.1)
    -3.0
    >>> dxa_category(t_score(0.7, 1.0, 0.1))
    'osteoporosis'
    """
    problems: list[Problem] = []
    vb = as_vector(bmd, "bmd", problems)
    vm = as_vector(young_adult_mean, "young_adult_mean", problems)
    vs = as_vector(young_adult_sd, "young_adult_sd", problems)
    for vec, field in ((vb, "bmd"), (vm, "young_adult_mean")):
        for i in np.flatnonzero(vec.values < 0):
            problems.append(Problem("argument", vec.label_at(i), field, float(vec.values[i]), "a BMD >= 0"))
    for i in np.flatnonzero(~(vs.values > 0) & ~np.isnan(vs.values)):
        problems.append(Problem("argument", vs.label_at(i), "young_adult_sd", float(vs.values[i]), "an SD > 0"))
    raise_problems(problems)
    try:
        b, m, s = np.broadcast_arrays(vb.values, vm.values, vs.values)
    except ValueError:
        raise InputError("bmd, young_adult_mean and young_adult_sd have different lengths") from None
    out = standard_score(b, m, s)
    shape_from = max((vb, vm, vs), key=lambda v: {"series": 2, "array": 1, "scalar": 0}[v.kind])
    if shape_from.kind == "scalar":
        return float(out[0])
    return wrap(shape_from, out, name="t_score")
