"""The row every check produces, the verdict vocabulary, and fixed number formatting.

Every check returns :class:`CheckRow` records. The runner sorts them into a stable order and
writes them as ``checks.csv`` with the columns of :data:`COLUMNS`. Numbers are formatted by
the helpers here only, so the output is byte-for-byte reproducible.
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass

from ..printed import PrintedNumber

#: Output columns of ``checks.csv``, in order.
COLUMNS = ("check", "table", "item", "printed", "recomputed", "verdict", "note")

CONSISTENT = "consistent"
ROUNDING = "rounding"
INCONSISTENT = "inconsistent"
DECISION = "decision"
WARNING = "warning"
SKIPPED = "skipped"

#: Verdicts in the order the summary lists them.
VERDICTS = (CONSISTENT, ROUNDING, INCONSISTENT, DECISION, WARNING, SKIPPED)

#: Check names in output order (the issue's numbering: 1-2 statistic, 3 p, 4 percentages and
#: means, 5 test choice, 6 design, 7 cross-table consistency, 8 nearest counts).
CHECK_ORDER = (
    "statistic",
    "p_vs_statistic",
    "p_vs_recomputed",
    "percent",
    "percent_mode",
    "denominator",
    "grim",
    "grimmer",
    "sd_bound",
    "test_choice",
    "design",
    "cochran_q_range",
    "category_sum",
    "union",
    "link",
    "group_n",
    "nearest_counts",
)


@dataclass(frozen=True)
class CheckRow:
    """One line of ``checks.csv``.

    Attributes
    ----------
    check : str
        Which check (one of :data:`CHECK_ORDER`).
    table : str
        Table label as printed ("1", "2", "S1"); empty for paper-wide rows.
    item : str
        What was checked: a comparison id, optionally ``comparison[arm]``.
    printed : str
        The printed value(s) the check starts from, as printed.
    recomputed : str
        The recomputed value, or an interval ``[lo, hi]`` when rounding was propagated.
    verdict : str
        One of :data:`VERDICTS`.
    note : str
        The numbers and the exact test behind the verdict, in words.
    """

    check: str
    table: str
    item: str
    printed: str
    recomputed: str
    verdict: str
    note: str

    def __post_init__(self) -> None:
        if self.verdict not in VERDICTS:  # programming error, not user input
            raise ValueError(f"unknown verdict {self.verdict!r}")
        if self.check not in CHECK_ORDER:
            raise ValueError(f"unknown check {self.check!r}")

    def to_dict(self) -> dict[str, str]:
        return asdict(self)


def fmt(x: float | None, decimals: int = 4) -> str:
    """Fixed-point formatting used in every output cell.

    Examples
    --------
    >>> fmt(29.41812, 4), fmt(float("inf")), fmt(None), fmt(-0.0, 2)
    ('29.4181', 'inf', '', '0.00')
    """
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return ""
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    s = f"{x:.{decimals}f}"
    if float(s) == 0:
        s = s.lstrip("-")
    return s


def fmt_p(p: float | None) -> str:
    """A p-value: 4 decimals, or 3 significant digits in scientific form below 0.0001.

    Examples
    --------
    >>> fmt_p(0.0712), fmt_p(1.17e-7), fmt_p(1.0)
    ('0.0712', '1.17e-07', '1.0000')
    """
    if p is None or math.isnan(p):
        return ""
    if p < 1e-4:
        return f"{p:.2e}"
    return f"{p:.4f}"


def fmt_interval(lo: float, hi: float, decimals: int = 4, *, p: bool = False) -> str:
    """``[lo, hi]``, or a single number when both ends format the same.

    Examples
    --------
    >>> fmt_interval(0.70504, 0.74241)
    '[0.7050, 0.7424]'
    >>> fmt_interval(1.0, 1.0)
    '1.0000'
    """
    f = fmt_p if p else (lambda v: fmt(v, decimals))
    a, b = f(lo), f(hi)
    return a if a == b else f"[{a}, {b}]"


def stat_decimals(printed: PrintedNumber | None, default: int = 3) -> int:
    """Decimals to show a recomputed value with: one more than printed (at least 3).

    Examples
    --------
    >>> from osteostats.printed import parse_printed
    >>> stat_decimals(parse_printed("3.446")), stat_decimals(parse_printed("4"))
    (4, 3)
    """
    if printed is None or printed.is_missing:
        return default + 1
    return max(default, printed.decimals + 1)
