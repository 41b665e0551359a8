"""Printed numbers as rounding intervals, for the rounding-aware recomputations.

A number printed with d decimals stands for every value in [x − h, x + h], h = 0.5·10^−d
("8.457" is [8.4565, 8.4575]). The recomputations in :mod:`osteostats.stats.anova`,
:mod:`osteostats.stats.pairedt` and :mod:`osteostats.stats.ratios` search the box formed by
these intervals. Both ends are included: a tie can round either way depending on software.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

from ..errors import InputError
from ..printed import parse_printed


def printed_interval(text: str | float | int) -> tuple[float, float]:
    """The closed interval of values that round to the printed text.

    Parameters
    ----------
    text
        A printed number such as ``"8.457"``, ``"-2.5"``, ``"1,234"`` (thousands separators
        allowed) or ``"1.2e-5"``. A float or int is taken as exact (zero width).

    Notes
    -----
    :func:`osteostats.printed.parse_printed` and
    :meth:`~osteostats.printed.PrintedNumber.interval`: the package's one definition of a
    printed number and its rounding interval (h = 5·10^−(d+1) with d the printed decimals; for
    scientific notation the decimals of the mantissa shifted by the exponent, so ``1.2e-5`` is
    [1.15e-5, 1.25e-5]). An inequality, ``ns`` or a dash is not a value and raises
    :class:`~osteostats.errors.InputError`.

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
    try:
        p = parse_printed(str(text).replace("–", "-"))
    except ValueError as exc:
        raise InputError(f"not a printed number: {text!r} (expected e.g. 8.457, -2.5, 1,234 or 1.2e-5)") from exc
    if p.kind != "value":
        raise InputError(f"not a printed number: {text!r} (a value is needed here, not an inequality, 'ns' or a dash)")
    return p.interval()


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
