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
