"""Printed numbers as rounding intervals, for the rounding-aware recomputations.

A number printed with d decimals stands for every value in [x − h, x + h], h = 0.5·10^−d
("8.457" is [8.4565, 8.4575]). The recomputations in :mod:`osteostats.stats.anova`,
:mod:`osteostats.stats.pairedt` and :mod:`osteostats.stats.ratios` search the box formed by
these intervals. Both ends are included: a tie can round either way depending on software.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from decimal import Decimal

from ..errors import InputError
from ..printed import parse_printed

_NUM = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def plain_text(text: str) -> str:
    """A printed number rewritten without thousands separators or exponent, same value and precision.

    Notes
    -----
    ``1,234`` -> ``1234``; ``1.2e-5`` -> ``0.000012`` (the mantissa's last digit keeps its
    place: 2 decimals shifted by the exponent -5 is 6 decimals); a Unicode minus or en dash
    -> ``-``. An exponent that leaves the last digit left of the decimal point (``1e3``, one
    significant digit) has no plain form and is returned as it stands. Raises
    :class:`~osteostats.errors.InputError` for anything else.

    Examples
    --------
    >>> plain_text("1,234"), plain_text("1.2e-5"), plain_text("−2.50"), plain_text("3.0E2")
    ('1234', '0.000012', '-2.50', '3.0E2')
    """
    s = str(text).strip().replace("−", "-").replace("–", "-")
    if re.fullmatch(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?", s):
        s = s.replace(",", "")
    if not _NUM.match(s):
        raise InputError(f"not a printed number: {text!r} (expected e.g. 8.457, -2.5, 1,234 or 1.2e-5)")
    if "e" in s.lower():
        d = Decimal(s)
        exp = d.as_tuple().exponent
        if isinstance(exp, int) and exp <= 0:
            s = f"{d:.{-exp}f}"
    return s


def printed_interval(text: str | float | int) -> tuple[float, float]:
    """The closed interval of values that round to the printed text.

    Parameters
    ----------
    text
        A printed number such as ``"8.457"``, ``"-2.5"``, ``"1,234"`` (thousands separators
        allowed) or ``"1.2e-5"``. A float or int is taken as exact (zero width).

    Notes
    -----
    The text is rewritten by :func:`plain_text` and its interval is
    :meth:`osteostats.printed.PrintedNumber.interval` (the package's one definition of a
    rounding interval): h = 5·10^−(d+1) with d the printed decimals; for scientific notation
    the decimals of the mantissa are shifted by the exponent (``1.2e-5`` is [1.15e-5, 1.25e-5]).

    Examples
    --------
    >>> printed_interval("8.457")
    (8.4565, 8.4575)
    >>> printed_interval("1,234")
    (1233.5, 1234.5)
    >>> printed_interval("1.2e-5")
    (1.15e-05, 1.25e-05)
    >>> printed_interval(0.25)
    (0.25, 0.25)
    """
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        return float(text), float(text)
    s = plain_text(text)
    if "e" in s.lower():  # a unit in the last digit above 1 (1e3 is [500, 1500]): no plain form
        d = Decimal(s)
        half = Decimal(5).scaleb(d.as_tuple().exponent - 1)
        return float(d - half), float(d + half)
    try:
        return parse_printed(s).interval()
    except ValueError as exc:  # e.g. more digits than any printed number carries
        raise InputError(f"not a printed number: {text!r} ({exc})") from exc


def printed_decimals(text: str) -> int:
    """Digits after the decimal point as printed (trailing zeros count).

    Examples
    --------
    >>> printed_decimals("12.00"), printed_decimals("3"), printed_decimals(".036")
    (2, 0, 3)
    """
    s = str(text).strip()
    return len(s.split(".", 1)[1]) if "." in s else 0


@dataclass(frozen=True)
class StatisticRange:
    """A statistic and its p recomputed over the box of printed rounding intervals.

    Attributes
    ----------
    method : str
        The exact test.
    statistic : float
        The statistic at the printed values.
    statistic_low, statistic_high : float
        Smallest and largest statistic over the box (for two-sided t and z: of |t|, |z|).
    p : float
        p at the printed values.
    p_low, p_high : float
        Smallest and largest p over the box.
    df1, df2 : float
        Degrees of freedom (NaN where not applicable).
    exact : bool
        True when the extremes are attained inside the box (not merely bounds).
    note : str
        How the extremes were found.
    """

    method: str
    statistic: float
    statistic_low: float
    statistic_high: float
    p: float
    p_low: float
    p_high: float
    df1: float
    df2: float
    exact: bool
    note: str

    def to_dict(self) -> dict:
        return asdict(self)
