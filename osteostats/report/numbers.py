"""How the report shows numbers: fixed-point only (never scientific notation), P in journal style.

Display only: the CSVs keep full precision and every number shown comes from them. Missing
values show as an en dash, never as "nan".
"""
from __future__ import annotations

import math

from ..check.rows import fmt as check_fmt

DASH = "–"


def missing(x) -> bool:
    """True for None, NaN, an empty string or a pandas NA."""
    if x is None:
        return True
    if isinstance(x, str):
        return x.strip() == "" or x.strip().lower() == "nan"
    try:
        return bool(math.isnan(float(x)))
    except (TypeError, ValueError):
        return False


def fixed(x, decimals: int = 3) -> str:
    """``x`` with ``decimals`` places, fixed-point; minus zero shows as zero.

    Examples
    --------
    >>> fixed(90.9203129, 3), fixed(5.8e-08, 3), fixed(-0.0001, 2), fixed(float("nan"))
    ('90.920', '0.000', '0.00', '–')
    """
    if missing(x):
        return DASH
    x = float(x)
    if math.isinf(x):
        return "∞" if x > 0 else "−∞"
    return check_fmt(x, decimals)  # the check's fixed-decimal formatting (no "-0.00")


def p_text(p, decimals: int = 3) -> str:
    """P in journal style: ``<0.001`` below the shown precision, else ``decimals`` places.

    Examples
    --------
    >>> p_text(5.834e-08), p_text(0.0712), p_text(0.0712, 2), p_text(0.00099999), p_text(None)
    ('<0.001', '0.071', '0.07', '<0.001', '–')
    >>> p_text(0.9996)
    '1.000'
    """
    if missing(p):
        return DASH
    p = float(p)
    floor = 10.0 ** -decimals
    if p < floor:
        return f"<{floor:.{decimals}f}"
    return f"{p:.{decimals}f}"


def p_range(lo, hi, decimals: int, to: str) -> str:
    """A p range: one value when both ends show the same, else ``lo`` to ``hi`` via template ``to``.

    Examples
    --------
    >>> p_range(4.2e-16, 1.1e-14, 3, "{lo} to {hi}"), p_range(0.0224, 0.0421, 3, "{lo} to {hi}")
    ('<0.001', '0.022 to 0.042')
    """
    a, b = p_text(lo, decimals), p_text(hi, decimals)
    return a if a == b else to.format(lo=a, hi=b)


def value_range(lo, hi, decimals: int, to: str) -> str:
    """A recomputed value or range with ``decimals`` places (one value when both ends agree).

    Examples
    --------
    >>> value_range(3.4607, 3.4704, 3, "{lo} to {hi}"), value_range(90.9203, 90.9203, 3, "{lo} to {hi}")
    ('3.461 to 3.470', '90.920')
    """
    a, b = fixed(lo, decimals), fixed(hi, decimals)
    return a if a == b else to.format(lo=a, hi=b)


def ratio(x) -> str:
    """An odds ratio or similar positive quantity: 3 significant digits, fixed-point.

    Examples
    --------
    >>> ratio(298.314), ratio(5.0355), ratio(0.072797), ratio(0.000564), ratio(852736.4), ratio(float("inf"))
    ('298', '5.04', '0.0728', '0.000564', '852736', '∞')
    """
    if missing(x):
        return DASH
    x = float(x)
    if math.isinf(x):
        return "∞"
    if x == 0:
        return "0"
    mag = math.floor(math.log10(abs(x)))
    decimals = max(0, 2 - mag)
    return fixed(x, min(decimals, 8))


def decimals_of(text: str, default: int = 3) -> int:
    """Decimals of a printed number as the paper printed it (``"93.141"`` -> 3).

    Examples
    --------
    >>> decimals_of("93.141"), decimals_of("4"), decimals_of("<0.001"), decimals_of("")
    (3, 0, 3, 3)
    """
    t = str(text).strip()
    digits = "".join(c for c in t if c.isdigit() or c == ".")
    if not any(c.isdigit() for c in digits):
        return default
    return len(digits.split(".", 1)[1]) if "." in digits else 0


def percent(x, decimals: int = 1) -> str:
    """A proportion in [0, 1] as a percentage with ``decimals`` places.

    Examples
    --------
    >>> percent(0.571429), percent(None)
    ('57.1', '–')
    """
    return DASH if missing(x) else fixed(float(x) * 100, decimals)
