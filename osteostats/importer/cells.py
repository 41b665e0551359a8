"""Read one printed table cell: ``6(12.00)``, ``69.58±8.457``, ``12.0 [8.5, 15.0]``, ``<0.001``, ``–``.

A cell of a group column holds a *summary* (count and percentage, mean and SD, median and
quartiles, or a bare count); a cell of a statistic or P column holds one *printed number*.
Both keep the printed text of every part verbatim, so that trailing zeros survive.

Numbers are kept as printed (``1,234``, ``1.2e-5``, ``1.2×10⁻⁵``, ``ns``):
:func:`osteostats.printed.parse_printed` reads every one of them, with its rounding interval.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..printed import parse_printed

_NUM = r"[+\-−]?(?:\d+(?:\.\d*)?|\.\d+)"
_OPEN, _CLOSE = r"[\(（]", r"[\)）]"
_DASHES = {"", "–", "—", "-", "−", "NA", "na", "n/a", "N/A", "/", "…", "...", "—-"}

_COUNT_PCT = re.compile(rf"^(\d+)\s*{_OPEN}\s*({_NUM})\s*%?\s*{_CLOSE}$")
_COUNT_PCT_BARE = re.compile(rf"^(\d+)\s+({_NUM})\s*%$")
_COUNT_OF_N = re.compile(rf"^(\d+)\s*/\s*(\d+)\s*(?:{_OPEN}\s*({_NUM})\s*%?\s*{_CLOSE})?$")
_MEAN_SD = re.compile(rf"^({_NUM})\s*(?:±|\+/-|\+-|±)\s*({_NUM})$")
_PAREN_PAIR = re.compile(rf"^({_NUM})\s*{_OPEN}\s*({_NUM})\s*{_CLOSE}$")
_MEDIAN_BRACKET = re.compile(rf"^({_NUM})\s*[\[【]\s*({_NUM})\s*(?:,|，|–|—|-|~|～|to)\s*({_NUM})\s*[\]】]$")
_MEDIAN_PAREN = re.compile(rf"^({_NUM})\s*{_OPEN}\s*({_NUM})\s*(?:,|，|–|—|~|～|to|\s-\s|-)\s*({_NUM})\s*{_CLOSE}$")
_P_PREFIX = re.compile(r"^[Pp]\s*(?=[<>=≤≥])")
_STAT_PREFIX = re.compile(r"^(?:t|χ2|χ²|x2|chi2|F|Z|z|U|H|r)\s*(?=[=<>≤≥])")


class CellError(ValueError):
    """A cell's text is not a summary or number this reader knows; the message says what is expected."""


@dataclass(frozen=True)
class Summary:
    """The parts of one group cell.

    Attributes
    ----------
    kind : str
        ``count_percent``, ``count``, ``mean_sd``, ``median_iqr``, ``ambiguous_pair`` (``a (b)``
        with a whole ``a``: count (percent) or mean (SD), decided by the row or table wording)
        or ``missing``.
    parts : dict
        Quantity -> printed text, e.g. ``{"count": "6", "percent": "12.00"}``.
    n : int or None
        A denominator printed inside the cell (``6/50``).
    """

    kind: str
    parts: dict = field(default_factory=dict)
    n: int | None = None

    @property
    def is_missing(self) -> bool:
        return self.kind == "missing"

    def count_percent(self) -> tuple[str, str | None] | None:
        """(count, percent or None) when the cell can be a count; an ``a (b)`` pair reads as one.

        Examples
        --------
        >>> parse_summary("6(12.00)").count_percent(), parse_summary("0").count_percent()
        (('6', '12.00'), ('0', None))
        """
        if self.kind == "count_percent":
            return self.parts["count"], self.parts.get("percent")
        if self.kind == "ambiguous_pair":
            return self.parts["first"], self.parts["second"]
        if self.kind == "count":
            return self.parts["count"], None
        return None


def _clean(text: str) -> str:
    s = str(text).replace("\u00a0", " ").replace("\u3000", " ").strip()
    return re.sub(r"\s+", " ", s)


def parse_summary(text: str) -> Summary:
    """Parse a group cell into its printed parts; raise :class:`CellError` when it cannot be read.

    Examples
    --------
    >>> parse_summary("6(12.00)").kind, parse_summary("6(12.00)").parts
    ('ambiguous_pair', {'first': '6', 'second': '12.00'})
    >>> parse_summary("6 (12.0%)").parts
    {'count': '6', 'percent': '12.0'}
    >>> parse_summary("69.58±8.457").parts
    {'mean': '69.58', 'sd': '8.457'}
    >>> parse_summary("69.58 (8.46)").parts
    {'mean': '69.58', 'sd': '8.46'}
    >>> parse_summary("12.5 [8.0, 17.25]").parts
    {'median': '12.5', 'q1': '8.0', 'q3': '17.25'}
    >>> parse_summary("22/31 (70.96)").n
    31
    >>> parse_summary("–").is_missing
    True
    """
    s = _clean(text)
    if s in _DASHES:
        return Summary("missing", {})
    s = s.replace("−", "-")
    if re.fullmatch(r"\d+", s):
        return Summary("count", {"count": s})
    m = _COUNT_OF_N.match(s)
    if m:
        parts = {"count": m.group(1)}
        if m.group(3) is not None:
            parts["percent"] = m.group(3)
        return Summary("count_percent" if m.group(3) else "count", parts, int(m.group(2)))
    m = _MEAN_SD.match(s)
    if m:
        return Summary("mean_sd", {"mean": m.group(1), "sd": m.group(2)})
    m = _COUNT_PCT.match(s)
    if m and "%" in s:
        return Summary("count_percent", {"count": m.group(1), "percent": m.group(2)})
    m = _COUNT_PCT_BARE.match(s)
    if m:
        return Summary("count_percent", {"count": m.group(1), "percent": m.group(2)})
    m = _PAREN_PAIR.match(s)
    if m:
        a, b = m.group(1), m.group(2)
        if re.fullmatch(r"\d+", a):
            return Summary("ambiguous_pair", {"first": a, "second": b})
        return Summary("mean_sd", {"mean": a, "sd": b})
    m = _MEDIAN_BRACKET.match(s) or _MEDIAN_PAREN.match(s)
    if m:
        return Summary("median_iqr", {"median": m.group(1), "q1": m.group(2), "q3": m.group(3)})
    raise CellError("a summary such as 6 (12.0), 6 (12.0%), 69.58 ± 8.46, 69.58 (8.46), "
                    "12.5 [8.0, 17.3] or '–'")


def looks_like_data(text: str) -> bool:
    """Whether a cell holds data (a summary or a printed number) rather than a header word.

    Examples
    --------
    >>> looks_like_data("38(38.77)"), looks_like_data("<0.001"), looks_like_data("楔形"), looks_like_data("OP (n=50)")
    (True, True, False, False)
    """
    s = _clean(text)
    if not s or s in _DASHES:
        return False
    try:
        parse_summary(s)
        return True
    except CellError:
        pass
    try:
        parse_number(s)
        return True
    except CellError:
        return False


@dataclass(frozen=True)
class Number:
    """A printed statistic or P value: text that :func:`~osteostats.printed.parse_printed` reads."""

    printed: str
    note: str = ""

    @property
    def is_missing(self) -> bool:
        return parse_printed(self.printed).is_missing


def parse_number(text: str, *, alpha: float = 0.05) -> Number:
    """A printed statistic, P or df, as text :func:`~osteostats.printed.parse_printed` accepts.

    ``P<0.05`` loses its ``P`` and ``t=3.446`` its ``t=`` (the original text then goes to
    ``note``); ``1,234``, ``1.2e-5``, ``1.2×10⁻⁵`` and ``ns`` stay as printed.

    Examples
    --------
    >>> parse_number("<0.001").printed
    '<0.001'
    >>> parse_number("P<0.05").printed
    '<0.05'
    >>> parse_number("χ2=29.418").printed, parse_number("t=3.446").note
    ('29.418', "printed as 't=3.446'")
    >>> parse_number("1,234").printed, parse_number("1.2e-5").printed, parse_number("2.5×10⁻⁴").printed
    ('1,234', '1.2e-5', '2.5×10⁻⁴')
    >>> parse_number("ns").printed
    'ns'
    >>> parse_number("–").is_missing
    True
    """
    raw = str(text)
    s = _clean(raw)
    s = _P_PREFIX.sub("", s).strip()
    s = _STAT_PREFIX.sub("", s).strip()
    s = re.sub(r"^=\s*", "", s)
    if s in _DASHES:
        return Number("–" if s in ("", "–", "—", "-", "−") else s)
    try:
        parse_printed(s, alpha=alpha)
        return Number(s, "" if s == _clean(raw) else f"printed as '{_clean(raw)}'")
    except ValueError:
        pass
    raise CellError("a number as printed (3.446, <0.001, 1,234, 1.2e-5, ns) or '–'")
