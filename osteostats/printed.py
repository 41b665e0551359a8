"""Printed numbers as text: their precision, their rounding interval, inequality forms.

A printed "8.457" stands for any value in [8.4565, 8.4575]; "100" printed as a percentage
stands for [99.5, 100.5]; "<0.001" is an upper bound; "–" means not reported. Values are kept
as :class:`decimal.Decimal` so trailing zeros keep their precision ("12.00" has 2 decimals).
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation, localcontext
from fractions import Fraction

#: Texts that mean "not printed / not applicable".
MISSING_TEXTS = {"", "–", "—", "-", "NA", "na", "n/a", "N/A", "."}

#: More digits than any printed statistic carries (and than exact decimal rounding handles).
MAX_DIGITS = 20

_NUMBER = re.compile(r"^[-+−]?(\d+(\.\d*)?|\.\d+)$")
_INEQ = re.compile(r"^(<=|>=|≤|≥|<|>)\s*([-+−]?(\d+(\.\d*)?|\.\d+))$")
#: 1,234 and 12,345.6: thousands separators (groups of exactly three digits).
_THOUSANDS = re.compile(r"^([-+]?)(\d{1,3}(?:,\d{3})+)(\.\d+)?$")
#: 1.2e-5, 1.2E-05, 1.2×10^-5, 1.2×10⁻⁵, 1.2x10-5: scientific notation.
_SCIENTIFIC = re.compile(r"^([-+]?(?:\d+(?:\.\d*)?|\.\d+))(?:[eE]|[×xX\*]10\^?)([-+]?\d+)$")
#: Largest power of ten read in scientific notation (doubles end near 1e308; 1e-400 is 0).
MAX_EXPONENT = 400
_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺", "0123456789-+")
#: "not significant", printed instead of a P.
NS_TEXTS = {"ns", "n.s.", "NS", "N.S.", "n.s", "NS."}


def _plain(s: str) -> str:
    """Rewrite thousands separators and scientific notation as a plain decimal of the same
    printed precision (``1.2e-5`` -> ``0.000012``: the mantissa's last digit keeps its place)."""
    m = _THOUSANDS.match(s)
    if m:
        return m.group(1) + m.group(2).replace(",", "") + (m.group(3) or "")
    m = _SCIENTIFIC.match(s.translate(_SUPERSCRIPT))
    if m:
        mant, exp = m.group(1), int(m.group(2))
        if abs(exp) > MAX_EXPONENT:
            raise ValueError(f"{s!r}: exponent {exp} is beyond any printed statistic (|exponent| <= {MAX_EXPONENT})")
        decimals = max(_decimals(mant) - exp, 0)
        return f"{Decimal(mant).scaleb(exp):.{decimals}f}"
    return s


@dataclass(frozen=True)
class PrintedNumber:
    """A number as printed.

    Attributes
    ----------
    text : str
        The printed text, verbatim.
    kind : str
        ``"value"``, ``"lt"`` (< x), ``"le"`` (≤ x), ``"gt"``, ``"ge"`` or ``"missing"``.
    value : Decimal or None
        The number (the bound for inequalities).
    decimals : int
        Digits after the decimal point as printed (trailing zeros count).
    """

    text: str
    kind: str
    value: Decimal | None
    decimals: int

    @property
    def is_missing(self) -> bool:
        return self.kind == "missing"

    @property
    def half_unit(self) -> Decimal:
        """Half a unit in the last printed digit, e.g. 0.0005 for "8.457"."""
        return Decimal(5) * Decimal(10) ** (-(self.decimals + 1))

    def interval(self) -> tuple[float, float]:
        """The closed interval of true values that round to the printed text.

        For ``"<x"`` the interval is (−inf, x); for ``">x"`` (x, inf). Uses round-half-up at
        the ends, so both ends are included (a conservative choice: ties can go either way
        depending on the software).

        Examples
        --------
        >>> parse_printed("8.457").interval()
        (8.4565, 8.4575)
        >>> parse_printed("-2.5").interval()
        (-2.55, -2.45)
        >>> parse_printed("<0.001").interval()
        (-inf, 0.001)
        """
        if self.kind == "missing":
            raise ValueError("a missing value has no interval")
        v = self.value
        if self.kind == "value":
            return float(v - self.half_unit), float(v + self.half_unit)
        if self.kind in ("lt", "le"):
            return -math.inf, float(v)
        return float(v), math.inf

    def contains(self, x: float) -> bool:
        """Is the (unrounded) value ``x`` consistent with the printed text?

        Examples
        --------
        >>> parse_printed("70.97").contains(22 / 31 * 100)
        True
        >>> parse_printed("<0.001").contains(0.0009)
        True
        >>> parse_printed("<0.01").contains(0.01)
        False
        """
        if self.kind == "missing" or x is None or (isinstance(x, float) and math.isnan(x)):
            return False
        v = float(self.value)
        if self.kind == "lt":
            return x < v
        if self.kind == "le":
            return x <= v
        if self.kind == "gt":
            return x > v
        if self.kind == "ge":
            return x >= v
        return format_like(x, self) == self.canonical

    @property
    def canonical(self) -> str:
        """The printed value normalised (no sign artefacts), e.g. "-2.50"."""
        if self.value is None:
            return ""
        return f"{self.value:.{self.decimals}f}"


def parse_printed(text: object, alpha: float = 0.05) -> PrintedNumber:
    """Parse a printed cell. Raises ``ValueError`` for text that is not a number.

    Besides plain decimals and inequalities, reads thousands separators (``1,234``),
    scientific notation (``1.2e-5``, ``1.2×10⁻⁵``: the interval is that of the mantissa's last
    digit; a positive exponent that moves that digit left of the units, as ``3.2e2``, is read to
    the unit, a narrower interval than printed) and ``ns`` (not significant: P ≥ ``alpha``). The
    text is kept verbatim.

    Examples
    --------
    >>> p = parse_printed("12.00")
    >>> p.kind, p.value, p.decimals
    ('value', Decimal('12.00'), 2)
    >>> parse_printed("<0.001").kind
    'lt'
    >>> parse_printed("–").is_missing
    True
    >>> parse_printed("1,234").value, parse_printed("1.2e-5").interval()
    (Decimal('1234'), (1.15e-05, 1.25e-05))
    >>> parse_printed("ns").kind, parse_printed("ns").value
    ('ge', Decimal('0.05'))
    """
    raw = "" if text is None or (isinstance(text, float) and math.isnan(text)) else str(text)
    s = raw.strip().replace("−", "-").replace(" ", "")
    if s in MISSING_TEXTS:
        return PrintedNumber(raw, "missing", None, 0)
    if s in NS_TEXTS:
        a = Decimal(str(alpha))
        return PrintedNumber(raw, "ge", a, _decimals(str(a)))
    s = _plain(s)
    if sum(c.isdigit() for c in s) > MAX_DIGITS:
        raise ValueError(f"not a printed number (more than {MAX_DIGITS} digits): {raw!r}")
    m = _INEQ.match(s)
    if not m and s[:1] in "<>≤≥":
        head = s[:2] if s[:2] in ("<=", ">=") else s[:1]
        m = _INEQ.match(head + _plain(s[len(head):]))
    if m:
        op = {"<": "lt", "<=": "le", "≤": "le", ">": "gt", ">=": "ge", "≥": "ge"}[m.group(1)]
        num = m.group(2)
        return PrintedNumber(raw, op, Decimal(num), _decimals(num))
    if not _NUMBER.match(s):
        raise ValueError(f"not a printed number: {raw!r}")
    try:
        return PrintedNumber(raw, "value", Decimal(s), _decimals(s))
    except InvalidOperation as exc:  # pragma: no cover - regex guards this
        raise ValueError(f"not a printed number: {raw!r}") from exc


def _decimals(s: str) -> int:
    return len(s.split(".", 1)[1]) if "." in s else 0


#: Rounding modes of :func:`round_decimal`.
MODES = ("half_up", "half_even", "truncate")

Number = float | int | Decimal | Fraction


def exact_value(x: Number) -> Fraction:
    """The exact rational a number stands for; a float stands for its shortest decimal repr.

    ``22 / 31 * 100`` is the float 70.96774193548387 (shortest repr); that decimal is what a
    person reading the output sees, so it is the value rounded, not the binary expansion.

    Examples
    --------
    >>> exact_value(2.675), exact_value(Decimal("0.50")), exact_value(Fraction(1, 3))
    (Fraction(107, 40), Fraction(1, 2), Fraction(1, 3))
    """
    if isinstance(x, Fraction):
        return x
    if isinstance(x, (int, Decimal)):
        return Fraction(x)
    return Fraction(Decimal(repr(float(x))))


def round_decimal(x: Number, decimals: int, mode: str = "half_up") -> Decimal:
    """Round exactly to ``decimals`` places: the package's one rounding routine.

    Parameters
    ----------
    x
        A float (rounded as its shortest decimal representation), int, Decimal or Fraction.
    decimals
        Places after the decimal point (0 allowed).
    mode
        ``half_up`` (ties away from zero, as SPSS, Excel and most people), ``half_even``
        (ties to even, as Python's ``round`` and R's ``round``) or ``truncate`` (toward zero,
        what some papers do instead of rounding).

    Returns
    -------
    Decimal
        With exactly ``decimals`` places; a zero result carries no sign. NaN and infinities
        are returned as the corresponding Decimal.

    Notes
    -----
    Integer arithmetic on the numerator and denominator of the exact value, so neither
    ``29/100 * 100 = 28.999999999999996`` nor a repeating fraction such as 2200/31 can give
    a wrong digit. Validated against hand-worked cases and against ``decimal.Decimal.quantize``
    with ``ROUND_HALF_UP`` / ``ROUND_HALF_EVEN`` / ``ROUND_DOWN`` on terminating decimals
    (``tests/test_printed.py``).

    Examples
    --------
    >>> str(round_decimal(Fraction(2200, 31), 2)), str(round_decimal(Fraction(2200, 31), 2, "truncate"))
    ('70.97', '70.96')
    >>> str(round_decimal(2.675, 2)), str(round_decimal(Fraction(25, 2), 0, "half_even"))
    ('2.68', '12')
    >>> str(round_decimal(-0.0004, 3)), str(round_decimal(Fraction(-5, 4), 1))
    ('0.000', '-1.3')
    """
    if mode not in MODES:
        raise ValueError(f"unknown rounding mode {mode!r}")
    if isinstance(x, float) and not math.isfinite(x):
        return Decimal(repr(x))
    exact = exact_value(x)
    y = abs(exact) * 10 ** decimals
    whole, rest = divmod(y.numerator, y.denominator)
    frac = Fraction(rest, y.denominator)
    if mode == "truncate":
        q = whole
    elif frac > Fraction(1, 2) or (frac == Fraction(1, 2) and (mode == "half_up" or whole % 2 == 1)):
        q = whole + 1
    else:
        q = whole
    sign = "-" if exact < 0 and q != 0 else ""
    with localcontext() as ctx:  # exact at any size: enough digits for every digit of q
        ctx.prec = max(28, len(str(q)) + decimals + 2)
        return Decimal(f"{sign}{q}").scaleb(-decimals).quantize(Decimal(1).scaleb(-decimals))


def round_half_up(x: Number, decimals: int) -> Decimal:
    """Round like a person (and SPSS) does: half away from zero, exactly.

    Examples
    --------
    >>> str(round_half_up(2.675, 2))
    '2.68'
    >>> str(round_half_up(-0.0005, 3))
    '-0.001'
    """
    return round_decimal(x, decimals, "half_up")


def truncate(x: Number, decimals: int) -> Decimal:
    """Cut off digits after ``decimals`` (what some papers do instead of rounding).

    Examples
    --------
    >>> str(truncate(22 / 31 * 100, 2))
    '70.96'
    """
    return round_decimal(x, decimals, "truncate")


def decimal_str(x: Number, digits: int = 4) -> str:
    """A number shown with ``digits`` decimals (half-up), e.g. an exact rational in a note.

    Examples
    --------
    >>> decimal_str(Fraction(2200, 31))
    '70.9677'
    """
    return str(round_decimal(x, digits))


def format_like(x: float, printed: PrintedNumber) -> str:
    """Format ``x`` with the printed number's decimals (half-up rounding).

    Examples
    --------
    >>> format_like(29.41812, parse_printed("29.418"))
    '29.418'
    >>> format_like(100.0, parse_printed("100"))
    '100'
    """
    r = round_half_up(x, printed.decimals)
    if r == 0:
        r = abs(r)
    return f"{r:.{printed.decimals}f}"
