"""Who is classified by T-score and who by Z-score.

=====================================================  ==========  =========================
person                                                 reference   source
=====================================================  ==========  =========================
woman, postmenopausal or in the menopausal transition  T           consensus sec. 6.2
man aged 50 or over (a man of exactly 50 gets T)       T           consensus sec. 6.2
woman, premenopausal                                   Z           consensus sec. 6.2
man under 50 (boys included)                           Z           consensus sec. 6.2
woman, menopausal status unknown                       indeterminate, unless an explicit
                                                       ``menopause_age_proxy`` is configured
sex or (for men) age missing                           indeterminate
=====================================================  ==========  =========================

The consensus adds that women after bilateral oophorectomy count as postmenopausal: code
them ``post``.
"""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..errors import InputError, Problem
from .thresholds import format_number, get
from .validation import as_vector, check_range, code_input, raise_problems, wrap

SEX_CODES = ("F", "M")
MENOPAUSE_CODES = ("pre", "peri", "post", "unknown")
REFERENCE_LABELS = ("T", "Z", "indeterminate")
T_REF, Z_REF, NO_REF = range(3)


def format_values(values: np.ndarray, *, integral: bool = False) -> pd.Series:
    """Format numbers for reason texts: shortest repr (``-2.7``), ``NA`` for missing.

    With ``integral=True`` a trailing ``.0`` is dropped (ages, percentages, mg/cm3).
    """
    v = np.ascontiguousarray(values, dtype=float).ravel()
    # once per distinct value (by bit pattern, so -0.0 stays "-0.0"): a registry has few
    codes, distinct = pd.factorize(v.view(np.int64))
    texts = np.array([repr(float(x)) for x in np.asarray(distinct, dtype=np.int64).view(float)] + ["NA"],
                     dtype=object)
    if integral:
        texts = np.array([t[:-2] if t.endswith(".0") else t for t in texts], dtype=object)
    out = texts[codes]
    out[np.isnan(v)] = "NA"
    return pd.Series(out, dtype=object)


def check_age_proxy(menopause_age_proxy: float | None) -> float | None:
    """Validate the optional menopause age proxy; returns it as float or None."""
    if menopause_age_proxy is None:
        return None
    problems: list[Problem] = []
    vec = as_vector(menopause_age_proxy, "menopause_age_proxy", problems)
    check_range(vec, "menopause_age_proxy", "age", problems)
    raise_problems(problems)
    if np.isnan(vec.values[0]):
        return None
    return float(vec.values[0])


def reference_codes(sex: np.ndarray, age: np.ndarray, menopause: np.ndarray,
                    menopause_age_proxy: float | None = None) -> tuple[np.ndarray, pd.Series]:
    """Vectorised core of :func:`bmd_reference` on already validated arrays.

    Parameters
    ----------
    sex, menopause : ndarray of object
        Normalised codes (``"F"``/``"M"``, ``"pre"``/``"peri"``/``"post"``/``"unknown"``)
        or None for missing.
    age : ndarray of float
    menopause_age_proxy : float, optional

    Returns
    -------
    codes : ndarray of int8
        Index into :data:`REFERENCE_LABELS`.
    reasons : pandas.Series of str
        Why, e.g. ``"man aged 50 (>= 50): T-score criteria"``.
    """
    men_age = get("t_reference_men_min_age")
    n = len(sex)
    is_m = sex == "M"
    is_f = sex == "F"
    men_t = men_age.holds(age)
    age_nan = np.isnan(age)
    meno = np.where(pd.isna(menopause), "unknown", menopause)
    known_meno = np.isin(meno, ("pre", "peri", "post"))
    age_txt = format_values(age, integral=True).to_numpy(dtype=object)
    men_txt = format_number(men_age.decimal)

    conds = [
        is_m & age_nan,
        is_m & men_t,
        is_m,
        is_f & (meno == "post"),
        is_f & (meno == "peri"),
        is_f & (meno == "pre"),
    ]
    codes = [NO_REF, T_REF, Z_REF, T_REF, T_REF, Z_REF]
    reasons = [
        np.full(n, "man of unknown age: cannot choose T- or Z-score criteria", dtype=object),
        "man aged " + age_txt + f" (>= {men_txt}): T-score criteria",
        "man aged " + age_txt + f" (< {men_txt}): Z-score criteria",
        np.full(n, "postmenopausal woman: T-score criteria", dtype=object),
        np.full(n, "woman in the menopausal transition: T-score criteria", dtype=object),
        np.full(n, "premenopausal woman: Z-score criteria", dtype=object),
    ]
    unknown_f = is_f & ~known_meno
    if menopause_age_proxy is None:
        conds.append(unknown_f)
        codes.append(NO_REF)
        reasons.append(np.full(n, "woman with unknown menopausal status (no menopause age proxy "
                                  "configured): cannot choose T- or Z-score criteria", dtype=object))
    else:
        proxy = format_values(np.array([menopause_age_proxy]), integral=True).iloc[0]
        with np.errstate(invalid="ignore"):
            old = age >= menopause_age_proxy
        conds += [unknown_f & age_nan, unknown_f & old, unknown_f]
        codes += [NO_REF, T_REF, Z_REF]
        reasons += [
            np.full(n, "woman with unknown menopausal status and unknown age: cannot apply the "
                       "menopause age proxy", dtype=object),
            "menopausal status unknown; postmenopausal assumed by the configured age proxy (age "
            + age_txt + f" >= {proxy}): T-score criteria",
            "menopausal status unknown; premenopausal assumed by the configured age proxy (age "
            + age_txt + f" < {proxy}): Z-score criteria",
        ]
    code = np.select(conds, [np.int8(c) for c in codes], np.int8(NO_REF))
    reason = np.select(conds, reasons, "sex not given: cannot choose T- or Z-score criteria")
    return code, pd.Series(reason, dtype=object)


def bmd_reference(sex: Any, age: Any, menopause: Any = "unknown", *,
                  menopause_age_proxy: float | None = None) -> Any:
    """Decide whether T-score or Z-score criteria apply.

    Parameters
    ----------
    sex : {"F", "M"} or array-like
        Missing sex gives ``"indeterminate"``; any other code is an input error.
    age : float or array-like
        Age in years (0-120).
    menopause : {"pre", "peri", "post", "unknown"} or array-like, default "unknown"
        Menopausal status of women (ignored for men). Missing means unknown.
    menopause_age_proxy : float, optional
        Only if set, a woman of unknown menopausal status aged >= this value is treated as
        postmenopausal (and younger as premenopausal). The diagnosis reason says so.

    Returns
    -------
    str, pandas.Series or numpy.ndarray
        ``"T"``, ``"Z"`` or ``"indeterminate"``.

    Raises
    ------
    osteostats.errors.InputError
        Unknown sex or menopause code, age outside 0-120, or a bad proxy.

    Notes
    -----
    Consensus 2020 sec. 6.2: the WHO T-score criteria apply to postmenopausal women and men
    aged 50 and over (threshold ``t_reference_men_min_age`` = 50, inclusive); children,
    premenopausal women and men under 50 are judged by the Z-score.

    Examples
    --------
    >>> bmd_reference("M", 50), bmd_reference("M", 49)
    ('T', 'Z')
    >>> bmd_reference("F", 70)
    'indeterminate'
    >>> bmd_reference("F", 70, menopause_age_proxy=50)
    'T'
    """
    proxy = check_age_proxy(menopause_age_proxy)
    problems: list[Problem] = []
    sx, vsex = code_input(sex, "sex", SEX_CODES, problems, case="upper")
    mp, _ = code_input(menopause, "menopause", MENOPAUSE_CODES, problems)
    va = as_vector(age, "age", problems)
    check_range(va, "age", "age", problems)
    raise_problems(problems)
    try:
        sx, ag, mp = np.broadcast_arrays(sx, va.values, mp)
    except ValueError:
        raise InputError("sex, age and menopause have different lengths") from None
    codes, _ = reference_codes(sx, ag.astype(float), mp, proxy)
    out = np.asarray(REFERENCE_LABELS, dtype=object)[codes]
    shape_from = vsex if vsex.kind != "scalar" else va
    return wrap(shape_from, out, name="reference", dtype="str" if shape_from.kind == "series" else None)
