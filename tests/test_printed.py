"""Printed numbers: precision, rounding intervals, inequalities (hand-worked cases)."""
import math

import pytest

from osteostats.printed import format_like, parse_printed, round_half_up, truncate


@pytest.mark.parametrize("text,lo,hi", [
    ("8.457", 8.4565, 8.4575), ("12.00", 11.995, 12.005), ("100", 99.5, 100.5),
    ("-2.5", -2.55, -2.45), ("0.029", 0.0285, 0.0295), ("−1.0", -1.05, -0.95),
])
def test_interval(text, lo, hi):
    a, b = parse_printed(text).interval()
    assert a == pytest.approx(lo, abs=1e-12) and b == pytest.approx(hi, abs=1e-12)


def test_inequalities():
    p = parse_printed("<0.001")
    assert p.kind == "lt" and p.interval() == (-math.inf, 0.001)
    assert p.contains(0.00086) and not p.contains(0.001)
    assert parse_printed("<0.01").contains(0.0001)
    assert parse_printed("≤0.05").contains(0.05)
    assert parse_printed(">0.05").contains(0.2) and not parse_printed(">0.05").contains(0.05)


@pytest.mark.parametrize("bad", ["0.0.5", "abc", "1,5", "p=0.03"])
def test_unparseable(bad):
    with pytest.raises(ValueError):
        parse_printed(bad)


@pytest.mark.parametrize("dash", ["–", "-", "", "NA"])
def test_missing(dash):
    assert parse_printed(dash).is_missing


def test_trailing_zeros_keep_precision():
    assert parse_printed("12.00").decimals == 2
    assert format_like(12.0, parse_printed("12.00")) == "12.00"
    assert parse_printed("12.00").contains(6 / 50 * 100)


def test_half_up_and_truncation():
    assert str(round_half_up(2.675, 2)) == "2.68"  # float 2.675 is 2.67499..., printed value rounds up
    assert str(round_half_up(-2.45, 1)) == "-2.5"
    assert str(truncate(22 / 31 * 100, 2)) == "70.96"
    assert str(round_half_up(22 / 31 * 100, 2)) == "70.97"


@pytest.mark.parametrize("mode,reference", [("half_up", "ROUND_HALF_UP"), ("half_even", "ROUND_HALF_EVEN"),
                                            ("truncate", "ROUND_DOWN")])
def test_round_decimal_matches_decimal_quantize(mode, reference):
    """On terminating decimals the exact routine equals the decimal module's own rounding."""
    import random
    from decimal import Decimal

    from osteostats.printed import round_decimal

    rng = random.Random(20240601)
    for _ in range(2000):
        digits = rng.randint(0, 6)
        text = f"{rng.choice('-+')}{rng.randint(0, 10**6)}.{rng.randint(0, 10**digits - 1):0{digits}d}" if digits else str(rng.randint(-999, 999))
        d = rng.randint(0, 4)
        expected = Decimal(text).quantize(Decimal(1).scaleb(-d), rounding=reference)
        got = round_decimal(Decimal(text), d, mode)
        assert got == expected, (text, d, mode)
        assert not str(got).startswith("-") or got != 0  # no negative zero
        assert round_decimal(float(text), d, mode) == expected  # a float rounds as its shortest repr


def test_round_decimal_edge_cases():
    from fractions import Fraction

    from osteostats.printed import round_decimal

    # the float 29 / 100 * 100 is 28.999999999999996 (its shortest repr), so percentages of counts
    # must be rounded from the exact fraction
    assert str(round_decimal(29 / 100 * 100, 2, "truncate")) == "28.99"
    assert str(round_decimal(Fraction(29 * 100, 100), 2, "truncate")) == "29.00"
    assert str(round_decimal(Fraction(1, 3), 3)) == "0.333"
    assert str(round_decimal(float("nan"), 2)) == "NaN" and str(round_decimal(float("inf"), 2)) == "Infinity"
    with pytest.raises(ValueError):
        round_decimal(1.0, 2, "ceiling")


# --- thousands separators, scientific notation, "ns" ----------------------------------------

@pytest.mark.parametrize("text, value, interval", [
    ("1,234", "1234", (1233.5, 1234.5)),
    ("12,345.6", "12345.6", (12345.55, 12345.65)),
    ("1.2e-5", "0.000012", (1.15e-5, 1.25e-5)),        # the mantissa's last digit sets the precision
    ("1.20E-05", "0.0000120", (1.195e-5, 1.205e-5)),
    ("3×10⁻⁴", "0.0003", (2.5e-4, 3.5e-4)),
    ("2.5x10^-3", "0.0025", (2.45e-3, 2.55e-3)),
])
def test_printed_forms_of_one_number(text, value, interval):
    from decimal import Decimal

    p = parse_printed(text)
    assert p.kind == "value" and p.value == Decimal(value) and p.text == text
    assert p.interval() == pytest.approx(interval, rel=1e-12)


def test_inequality_with_scientific_notation_and_ns():
    assert parse_printed("<1e-5").kind == "lt" and float(parse_printed("<1e-5").value) == 1e-5
    ns = parse_printed("n.s.", alpha=0.01)
    assert ns.kind == "ge" and float(ns.value) == 0.01 and ns.contains(0.2) and not ns.contains(0.005)


@pytest.mark.parametrize("text", ["1,23", "1,2345", "1e", "e-5", "ns5"])
def test_not_numbers_stay_errors(text):
    with pytest.raises(ValueError):
        parse_printed(text)


def test_round_decimal_is_exact_beyond_28_digits():
    from decimal import Decimal

    from osteostats.printed import round_decimal

    assert round_decimal(1e30, 3) == Decimal("1000000000000000000000000000000.000")
    assert str(round_decimal(10**40 + 0.5, 0)) == str(10**40)  # the float is 1e40 exactly
