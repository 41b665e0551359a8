"""DEBIT and GRIMMER (integer data, with the sum-of-squares bounds).

References: exhaustive enumeration written here -- every count of ones for DEBIT, every
multiset of integers on a small scale for GRIMMER -- rounded with Python's Decimal half-up;
the DEBIT example of the issue (0.19 +/- 0.35, n = 1683, cannot come from a 0/1 variable:
its SD must be about 0.39, Heathers & Brown 2019 describe exactly this relation).
"""
import itertools
import math
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest

from osteostats.check.grim import grimmer_witness
from osteostats.errors import InputError
from osteostats.printed import parse_printed
from osteostats.stats.granularity import debit, grimmer_integer, max_sum_squares, min_sum_squares


def rnd(x: float, d: int) -> str:
    return str(Decimal(repr(x)).quantize(Decimal(1).scaleb(-d), rounding=ROUND_HALF_UP))


def test_debit_issue_example():
    assert not debit("0.19", "0.35", 1683).consistent
    assert debit("0.19", "0.39", 1683).consistent


@pytest.mark.parametrize("n", [5, 11, 24])
def test_debit_agrees_with_enumeration(n):
    possible = set()
    for k in range(n + 1):
        m = k / n
        sd = math.sqrt(k * (n - k) / (n * (n - 1)))
        possible.add((rnd(m, 2), rnd(sd, 2)))
    mismatches = 0
    for m100 in range(0, 101):
        for s100 in range(0, 60):
            m, s = f"{m100 / 100:.2f}", f"{s100 / 100:.2f}"
            if debit(m, s, n).consistent != ((m, s) in possible):
                # only allowed at an exact tie: both interval ends are included (a half can round either
                # way), so a k whose mean or SD sits exactly on a .xx5 boundary counts as possible
                assert debit(m, s, n).consistent, (m, s)
                k = debit(m, s, n).witness[0]
                fm, fs = Fraction(k, n), Fraction(k * (n - k), n * (n - 1))
                h = Fraction(1, 200)
                tie = fm in (Fraction(m100, 100) - h, Fraction(m100, 100) + h) or \
                    fs in ((Fraction(s100, 100) - h) ** 2, (Fraction(s100, 100) + h) ** 2)
                assert tie, (m, s, k)
                mismatches += 1
    assert mismatches < 10  # a handful of exact ties among 6,060 printed pairs


def test_sum_of_squares_extremes_by_enumeration():
    for n in (2, 3, 4):
        for xs in itertools.product(range(-2, 5), repeat=n):
            s, q = sum(xs), sum(x * x for x in xs)
            assert q >= min_sum_squares(s, n) and q >= s
            assert q <= max_sum_squares(s, n, -2, 4)
    assert min_sum_squares(7, 3) == min(sum(x * x for x in xs) for xs in itertools.product(range(-5, 10), repeat=3) if sum(xs) == 7)


@pytest.mark.parametrize("n,lo,hi", [(4, 0, 5), (6, 1, 4), (9, 0, 2)])
def test_grimmer_never_rejects_real_integer_data(n, lo, hi):
    seen = set()
    for xs in itertools.combinations_with_replacement(range(lo, hi + 1), n):
        m = sum(xs) / n
        sd = math.sqrt(sum((x - m) ** 2 for x in xs) / (n - 1))
        key = (rnd(m, 2), rnd(sd, 2))
        if key in seen:
            continue
        seen.add(key)
        assert grimmer_integer(*key, n).consistent, (xs, key)
        assert grimmer_integer(*key, n, lo=lo, hi=hi).consistent, (xs, key)


def test_grimmer_rejects_what_only_the_sum_of_squares_bound_rules_out():
    # the parity/interval test alone accepts this pair (S = 5, Q = 3: same parity, SD 0.2357) ...
    assert (3 - 5) % 2 == 0 and rnd(math.sqrt((3 - 25 / 10) / 9), 2) == "0.24"
    # ... and the check's GRIMMER, which now uses grimmer_integer, rejects it
    assert grimmer_witness(parse_printed("0.50"), parse_printed("0.24"), 10) is None
    # ... but Q = 3 < S = 5, and no 10 integers have mean .50 and SD .24 (enumerated here)
    assert not grimmer_integer("0.50", "0.24", 10).consistent
    found = any(rnd(sum(xs) / 10, 2) == "0.50" and rnd(math.sqrt(sum((x - sum(xs) / 10) ** 2 for x in xs) / 9), 2) == "0.24"
                for xs in itertools.combinations_with_replacement(range(-3, 5), 10))
    assert not found


def test_grimmer_scale_limits():
    # S = 65 on 1..7: at most nine 7s and one 2, Q <= 445, SD <= 1.5811
    assert grimmer_integer("6.50", "1.58", 10, lo=1, hi=7).witness == (65, 445)
    r = grimmer_integer("6.50", "1.72", 10, lo=1, hi=7)
    assert not r.consistent and "largest possible SD" in r.note
    assert grimmer_integer("6.50", "1.72", 10).consistent   # without the scale limit: Q = 449
    xs = [2, 6, 6, 7, 7, 7, 7, 7, 8, 8]  # sum 65, sum of squares 449 (needs 8s: off the 1..7 scale)
    assert (sum(xs), sum(x * x for x in xs)) == (65, 449) and rnd(math.sqrt((449 - 422.5) / 9), 2) == "1.72"


def test_bad_input():
    with pytest.raises(InputError):
        debit("x", "0.3", 10)
    with pytest.raises(InputError):
        grimmer_integer("1.0", "0.3", 1)
    with pytest.raises(InputError, match="both scale limits"):
        grimmer_integer("1.0", "0.3", 5, lo=0)
