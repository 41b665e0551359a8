"""Exact decimal rounding of rational numbers (no floating-point artefacts).

``29/100 * 100`` is 28.999999999999996 in floating point, so truncating it would print
"28.99". Percentages and GRIM means are therefore computed as :class:`fractions.Fraction`
and rounded here exactly.
"""
from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

MODES = ("half_up", "half_even", "truncate")


def round_fraction(x: Fraction, decimals: int, mode: str = "half_up") -> Decimal:
    """Round a non-negative or negative rational exactly to ``decimals`` places.

    Parameters
    ----------
    x
        The exact value.
    decimals
        Places after the decimal point (0 allowed).
    mode
        ``half_up`` (half away from zero, as SPSS and most people), ``half_even`` (banker's
        rounding, as Python's ``round`` and R's ``round``) or ``truncate`` (toward zero).

    Notes
    -----
    Works on the numerator/denominator of the fraction; no float is involved.

    Examples
    --------
    >>> str(round_fraction(Fraction(2200, 31), 2)), str(round_fraction(Fraction(2200, 31), 2, "truncate"))
    ('70.97', '70.96')
    >>> str(round_fraction(Fraction(29, 1), 2, "truncate"))
    '29.00'
    >>> str(round_fraction(Fraction(25, 2), 0, "half_even")), str(round_fraction(Fraction(25, 2), 0))
    ('12', '13')
    >>> str(round_fraction(Fraction(-5, 4), 1))
    '-1.3'
    """
    if mode not in MODES:
        raise ValueError(f"unknown rounding mode {mode!r}")
    scale = 10 ** decimals
    y = abs(x) * scale
    whole, rest = divmod(y.numerator, y.denominator)
    frac = Fraction(rest, y.denominator)
    if mode == "truncate":
        q = whole
    elif frac > Fraction(1, 2) or (frac == Fraction(1, 2) and (mode == "half_up" or whole % 2 == 1)):
        q = whole + 1
    else:
        q = whole
    sign = "-" if x < 0 and q != 0 else ""
    return Decimal(f"{sign}{q}").scaleb(-decimals).quantize(Decimal(1).scaleb(-decimals))


def decimal_str(x: Fraction, digits: int = 4) -> str:
    """A rational shown with ``digits`` decimals (half-up), for notes.

    Examples
    --------
    >>> decimal_str(Fraction(2200, 31))
    '70.9677'
    """
    return str(round_fraction(x, digits))
