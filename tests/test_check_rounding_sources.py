"""One rounding routine: stats/printed_box and scan/pcheck use osteostats.printed.

The rounding interval of a printed number and half-up rounding are defined once
(``PrintedNumber.interval``, ``round_decimal``); the interval-propagating statistics
(``stats/printed_box.printed_interval``) and the scan's P check (``scan/pcheck._round``)
must agree with them, and with ``decimal.Decimal.quantize(ROUND_HALF_UP)`` as an independent
reference.
"""
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from osteostats.errors import InputError
from osteostats.printed import parse_printed, round_decimal
from osteostats.scan.pcheck import _round
from osteostats.stats.printed_box import printed_interval


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=-10**7, max_value=10**7), st.integers(min_value=0, max_value=6))
def test_printed_box_interval_is_printed_numbers_interval(units, decimals):
    text = f"{Decimal(units).scaleb(-decimals):.{decimals}f}"
    assert printed_interval(text) == parse_printed(text).interval()
    lo, hi = printed_interval(text)
    half = 0.5 * 10 ** -decimals
    assert lo == pytest.approx(float(text) - half, rel=1e-12, abs=1e-12) and hi == pytest.approx(float(text) + half, rel=1e-12, abs=1e-12)


@pytest.mark.parametrize("text,plain", [("1,234", "1234"), ("12,345.67", "12345.67"), ("1.2e-5", "0.000012"),
                                        ("−2.50", "-2.50"), ("3.5E-3", "0.0035"), ("7", "7")])
def test_thousands_and_exponents_keep_value_and_precision(text, plain):
    assert printed_interval(text) == parse_printed(text).interval() == parse_printed(plain).interval()


@pytest.mark.parametrize("text", ["1.2.3", "<0.1", "ns", "–", ""])
def test_not_a_value_is_an_input_error(text):
    with pytest.raises(InputError):
        printed_interval(text)


@settings(max_examples=500, deadline=None)
@given(st.floats(min_value=0, max_value=1, allow_nan=False), st.integers(min_value=0, max_value=5))
def test_scan_rounding_is_round_decimal_and_decimal_quantize(x, decimals):
    h = Decimal(5).scaleb(-(decimals + 1))
    want = Decimal(repr(x)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    assert _round(x, h) == round_decimal(x, decimals) == want
