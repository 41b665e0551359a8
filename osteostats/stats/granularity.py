"""Granularity tests of printed means and SDs: DEBIT for binary (0/1) variables and GRIMMER
for integer data that also respects Σx² ≥ Σx (in its sharp form, the least sum of squares of
n integers with sum S), and optional scale limits.

All arithmetic is exact (fractions); printed numbers are rounding intervals with both ends
included (see :func:`~osteostats.stats.printed_box.printed_interval`).
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from fractions import Fraction

from ..errors import InputError
from ..printed import parse_printed


@dataclass(frozen=True)
class GranularityResult:
    """Outcome of a DEBIT or GRIMMER check.

    Attributes
    ----------
    test : str
        ``"debit"`` or ``"grimmer"``.
    consistent : bool
        False when no data of the stated kind can give the printed mean and SD.
    witness : tuple or None
        DEBIT: ``(k,)``, the number of ones; GRIMMER: ``(S, Q)``, sum and sum of squares.
    note : str
        The reasoning in words.
    """

    test: str
    consistent: bool
    witness: tuple | None
    note: str

    def to_dict(self) -> dict:
        return asdict(self)


def _interval(text: str) -> tuple[Fraction, Fraction, int]:
    """Exact rounding interval of a printed value (via :func:`osteostats.printed.parse_printed`)."""
    try:
        p = parse_printed(text)
    except ValueError as exc:
        raise InputError(f"not a printed number: {text!r}") from exc
    if p.kind != "value":
        raise InputError(f"not a printed value (an inequality or '–'): {text!r}")
    v, half = Fraction(p.value), Fraction(p.half_unit)
    return v - half, v + half, p.decimals


def _check_n(n: int) -> None:
    if isinstance(n, bool) or int(n) != n or n < 2:
        raise InputError(f"n must be an integer >= 2 (got {n!r})")


def _sums(mlo: Fraction, mhi: Fraction, n: int) -> range:
    return range(math.ceil(mlo * n), math.floor(mhi * n) + 1)


def debit(mean: str, sd: str, n: int, *, sd_denominator: str = "n-1") -> GranularityResult:
    """DEBIT (Heathers & Brown 2019): can a 0/1 variable have this printed mean and SD?

    Parameters
    ----------
    mean, sd
        Printed texts, e.g. ``"0.19"``, ``"0.35"``.
    n
        Sample size.
    sd_denominator
        ``"n-1"`` (sample SD, as SPSS/R/Stata print) or ``"n"``.

    Notes
    -----
    For n binary values with k ones the mean is k/n and the SD is
    √(k(n − k)/(n(n − 1))) (sample) or √(k(n − k))/n. Every k whose mean lies in the
    printed mean's rounding interval is tried and its exact SD compared with the printed
    SD's interval (exact rational comparison of squares). This is DEBIT with the GRIM
    constraint on k built in, hence at least as strict as DEBIT's interval version.
    Validated against enumerating every k for small n and rounding numpy's SD
    (tests/test_stats_granularity.py).

    Examples
    --------
    >>> debit("0.19", "0.35", 1683).consistent   # SD of a 0/1 variable with mean .19 is .39
    False
    >>> debit("0.19", "0.39", 1683)
    GranularityResult(test='debit', consistent=True, witness=(312,), note=...)
    """
    _check_n(n)
    if sd_denominator not in ("n-1", "n"):
        raise InputError(f"sd_denominator must be 'n-1' or 'n' (got {sd_denominator!r})")
    mlo, mhi, _ = _interval(mean)
    slo, shi, sdec = _interval(sd)
    slo = max(slo, Fraction(0))
    denom = n * (n - 1) if sd_denominator == "n-1" else n * n
    ks = [k for k in _sums(mlo, mhi, n) if 0 <= k <= n]
    if not ks:
        return GranularityResult("debit", False, None,
                                 f"no count of ones k in 0..{n} gives a mean k/{n} that rounds to {mean}")
    for k in ks:
        var = Fraction(k * (n - k), denom)
        if slo * slo <= var <= shi * shi:
            return GranularityResult("debit", True, (k,),
                                     f"{k} ones of {n} give mean {float(Fraction(k, n)):.6g} and SD "
                                     f"{math.sqrt(var):.{sdec + 3}f}, which rounds to {sd}")
    lo_sd = min(math.sqrt(Fraction(k * (n - k), denom)) for k in ks)
    hi_sd = max(math.sqrt(Fraction(k * (n - k), denom)) for k in ks)
    return GranularityResult("debit", False, None,
                             f"a 0/1 variable with mean {mean} (k = {ks[0]}..{ks[-1]} ones of {n}) has SD in "
                             f"[{lo_sd:.{sdec + 2}f}, {hi_sd:.{sdec + 2}f}], not {sd}")


def min_sum_squares(s: int, n: int) -> int:
    """Least Σx² over n integers with Σx = s: the values ⌊s/n⌋ and ⌈s/n⌉.

    Notes
    -----
    Σx² is convex, so it is smallest when the values differ by at most 1. It implies
    Σx² ≥ Σx (x² ≥ x for every integer) and Σx² ≥ s²/n.

    Examples
    --------
    >>> min_sum_squares(5, 10), min_sum_squares(-3, 2), min_sum_squares(12, 4)
    (5, 5, 36)
    """
    q, r = divmod(s, n)
    return (n - r) * q * q + r * (q + 1) * (q + 1)


def max_sum_squares(s: int, n: int, lo: int, hi: int) -> int | None:
    """Largest Σx² over n integers in [lo, hi] with Σx = s (None if impossible).

    Notes
    -----
    Convexity again: all values at lo or hi except at most one.

    Examples
    --------
    >>> max_sum_squares(10, 4, 1, 5)   # 5, 3, 1, 1
    36
    """
    if not n * lo <= s <= n * hi:
        return None
    if hi == lo:
        return n * lo * lo
    k, r = divmod(s - n * lo, hi - lo)
    if k >= n:
        return n * hi * hi
    return k * hi * hi + (lo + r) ** 2 + (n - k - 1) * lo * lo


def grimmer_integer(mean: str, sd: str, n: int, *, lo: int | None = None, hi: int | None = None) -> GranularityResult:
    """GRIMMER for integer data: can n integers (optionally within [lo, hi]) have this mean and SD?

    Parameters
    ----------
    mean, sd
        Printed texts.
    n
        Sample size.
    lo, hi
        Optional limits of the scale (e.g. 1 and 7 for a Likert item, 0 for counts).

    Notes
    -----
    With S = Σx and Q = Σx², the sample SD is s² = (Q − S²/n)/(n − 1). Necessary
    conditions, all checked exactly: S is a GRIM sum (S/n rounds to the mean); Q is an
    integer with Q ≡ S (mod 2) (x² ≡ x); (n − 1)s_lo² + S²/n ≤ Q ≤ (n − 1)s_hi² + S²/n;
    Q ≥ min Σx² for the sum S (values ⌊S/n⌋, ⌈S/n⌉), which contains Σx² ≥ Σx; and with
    scale limits S ∈ [n·lo, n·hi] and Q ≤ the largest Σx² there. The parity/interval test of
    :func:`osteostats.check.grim.grimmer_witness` lacks the Σx² bound and accepts, e.g.,
    mean 0.50, SD 0.24, n = 10 (S = 5, Q = 3 has the right parity and SD 0.2357, but
    Q = 3 < S = 5 is impossible: a mean of 0.50 forces SD ≥ 0.527).
    These are necessary conditions (GRIMMER, Anaya 2016): a pass means "not ruled out";
    some (S, Q) pairs that pass are still unattainable for very small n. Validated against
    exhaustive enumeration of integer samples (no false rejection; tests/test_stats_granularity.py).

    Examples
    --------
    >>> grimmer_integer("0.50", "0.24", 10).consistent
    False
    >>> grimmer_integer("69.58", "8.457", 50).witness
    (3479, 245573)
    >>> grimmer_integer("6.50", "1.72", 10, lo=1, hi=7).consistent   # on 1..7 the SD is at most 1.58
    False
    """
    _check_n(n)
    if (lo is None) != (hi is None):
        raise InputError("give both scale limits lo and hi, or neither")
    if lo is not None and hi < lo:
        raise InputError(f"scale limits must satisfy lo <= hi (got {lo}, {hi})")
    mlo, mhi, _ = _interval(mean)
    slo, shi, sdec = _interval(sd)
    slo = max(slo, Fraction(0))
    sums = list(_sums(mlo, mhi, n))
    if lo is not None:
        sums = [s for s in sums if n * lo <= s <= n * hi]
    if not sums:
        return GranularityResult("grimmer", False, None,
                                 f"GRIM: no integer sum S gives S/{n} that rounds to {mean}"
                                 + (f" within the scale [{lo}, {hi}]" if lo is not None else ""))
    reasons = []
    for s in sums:
        base = Fraction(s * s, n)
        qlo = max((n - 1) * slo * slo + base, Fraction(min_sum_squares(s, n)))
        qhi = (n - 1) * shi * shi + base
        if lo is not None:
            qhi = min(qhi, Fraction(max_sum_squares(s, n, lo, hi)))
        q = math.ceil(qlo)
        if (q - s) % 2:
            q += 1
        if q <= qhi:
            sd_val = math.sqrt((Fraction(q) - base) / (n - 1))
            return GranularityResult("grimmer", True, (s, q),
                                     f"sum {s} and sum of squares {q} give mean {float(Fraction(s, n)):.6g} and SD "
                                     f"{sd_val:.{sdec + 3}f}, which rounds to {sd}")
        qmin = min_sum_squares(s, n)
        if (n - 1) * shi * shi + base < qmin:
            reasons.append(f"S = {s}: the least possible SD is {math.sqrt((qmin - base) / (n - 1)):.{sdec + 2}f}")
        elif lo is not None and (n - 1) * slo * slo + base > max_sum_squares(s, n, lo, hi):
            qmax = max_sum_squares(s, n, lo, hi)
            reasons.append(f"S = {s}: on the scale [{lo}, {hi}] the largest possible SD is "
                           f"{math.sqrt((qmax - base) / (n - 1)):.{sdec + 2}f}")
        else:
            reasons.append(f"S = {s}: no integer sum of squares Q of the parity of S fits")
    return GranularityResult("grimmer", False, None,
                             f"no n = {n} integers have mean {mean} and SD {sd}: " + "; ".join(reasons[:3]))
