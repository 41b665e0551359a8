"""Property-based tests of printed-number parsing (:func:`osteostats.printed.parse_printed`).

Any text either parses or raises ``ValueError`` (which the published loader turns into a
problem naming file, row and column); nothing else ever escapes. Numbers written with d
decimals parse back to the same decimal value and precision, and their rounding interval
contains them.
"""
from __future__ import annotations

import string
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from osteostats.printed import PrintedNumber, parse_printed

#: Pieces that reach every branch of the parser: signs (ASCII, Unicode minus, dashes),
#: inequality signs, digits, points, spaces, letters and other characters between + and −.
PIECES = ["<", ">", "≤", "≥", "<=", ">=", "-", "+", "−", "–", "—", ".", ",", " ", "\t", "e", "E", "a", "x",
          "NA", "n/a", "%", "*", "0", "1", "5", "9", "00", "٣", "١", "²", "½", "Ⅷ", "\u00a0", "\u2009"]
printed_like = st.lists(st.sampled_from(PIECES) | st.sampled_from(string.digits), max_size=10).map("".join)
anything = st.one_of(st.text(max_size=30), printed_like, st.none(), st.floats(allow_nan=True),
                     st.integers(), st.booleans(), st.binary(max_size=8))


@settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(anything)
@example("<a0.001")  # a letter between '+' and '−' once matched the sign class
@example(">x5")
@example("<Z0.5")
@example("0E3000000")  # an exponent beyond Decimal's context once raised InvalidOperation
def test_parse_printed_never_raises_anything_but_value_error(text):
    try:
        p = parse_printed(text)
    except ValueError:
        return
    assert isinstance(p, PrintedNumber)
    if p.is_missing:
        assert p.value is None
        return
    assert p.kind in ("value", "lt", "le", "gt", "ge")
    assert isinstance(p.value, Decimal) and p.value.is_finite()
    lo, hi = p.interval()
    assert lo <= hi
    p.contains(float(p.value))  # never raises
    assert p.canonical


def test_more_digits_than_any_printed_number_are_refused():
    assert parse_printed("1" * 20).value == Decimal("1" * 20)
    with pytest.raises(ValueError, match="more than 20 digits"):
        parse_printed("9" * 28)  # once parsed, then a traceback when compared (decimal precision)


@pytest.mark.parametrize("letter", list(string.ascii_letters) + ["_", "[", "`", "é", "Ω"])
def test_letters_are_not_signs(letter):
    for text in (f"<{letter}0.001", f"{letter}1.5", f">{letter}2"):
        with pytest.raises(ValueError, match="not a printed number"):
            parse_printed(text)


@settings(max_examples=2000, deadline=None)
@given(st.integers(min_value=-10**9, max_value=10**9), st.integers(min_value=0, max_value=6),
       st.sampled_from(["", "<", ">", "≤", "≥", "<=", ">="]), st.sampled_from(["-", "−"]))
def test_round_trip_of_written_numbers(units, decimals, op, minus):
    """A number written with ``decimals`` digits reads back with that value and precision."""
    value = Decimal(units).scaleb(-decimals)
    text = f"{abs(value):.{decimals}f}"
    if value < 0:
        text = minus + text
    p = parse_printed(op + text)
    assert p.value == value
    assert p.decimals == decimals
    kind = {"": "value", "<": "lt", ">": "gt", "≤": "le", "≥": "ge", "<=": "le", ">=": "ge"}[op]
    assert p.kind == kind
    lo, hi = p.interval()
    assert lo <= float(value) <= hi
    if kind == "value":
        # the interval is exactly +-half a unit in the last printed digit
        half = Decimal(5).scaleb(-(decimals + 1))
        assert p.half_unit == half
        assert (lo, hi) == (float(value - half), float(value + half))
        if value != 0:  # "-0.00" has no unrounded value of its own sign that formats back to it
            assert p.contains(float(value))
