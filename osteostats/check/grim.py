"""Means and SDs of integer data (GRIM, GRIMMER) and SDs against the printed range.

``grim`` (Brown & Heathers 2017)
    A mean of n integers is S/n for an integer S. The printed mean m (d decimals) is possible
    iff some integer S lies in [n(m − h), n(m + h)], h = half a unit in the last digit.
    Uninformative (always consistent) when n ≥ 10^d; the note says so.
``grimmer`` (Anaya 2016)
    For integer data the sum of squares Q = Σx² is an integer with Q ≡ S (mod 2) (x² and x
    have the same parity), and s² = (Q − S²/n)/(n − 1). The printed SD is possible iff for some
    GRIM-possible S an integer Q of the right parity lies in
    [(n − 1)s_lo² + S²/n, (n − 1)s_hi² + S²/n].
    The check uses :func:`osteostats.stats.granularity.grimmer_integer`, which also requires
    Q ≥ the least sum of squares of n integers with sum S (hence Σx² ≥ Σx): mean 0.50,
    SD 0.24, n = 10 passes the parity test (S = 5, Q = 3) but is impossible.
``debit`` (Heathers & Brown 2019; binary 0/1 data printed as mean ± SD)
    n values of 0 and 1 with k ones have mean k/n and SD √(k(n − k)/(n(n − 1))); the printed
    mean and SD are possible iff some GRIM-possible k gives an SD in the printed SD's interval
    (:func:`osteostats.stats.granularity.debit`). 0.19 ± 0.35 with n = 1683 is impossible (a
    0/1 variable with mean 0.19 has SD 0.39).
``sd_bound`` (any continuous data with a printed min and max)
    Bhatia–Davis: s² ≤ n/(n−1)·(max − mean)(mean − min); and, because the minimum and maximum
    are themselves observations, s² ≥ ((mean − min)² + (max − mean)²)/(n − 1). Evaluated at the
    most lenient ends of the printed intervals.

Which measures are integer data: the ``integer_measures`` list in ``paper.yaml`` when present
(an optional key); otherwise a measure whose name starts with ``age`` or whose printed min
and max are whole numbers. Which are binary (0/1) data: the ``binary_measures`` list in
``paper.yaml`` when present; otherwise a measure whose printed min and max are 0 and 1 in
every arm. All arithmetic is exact (fractions).
"""
from __future__ import annotations

import math
from fractions import Fraction

from ..printed import PrintedNumber, decimal_str
from ..stats.granularity import debit, grimmer_integer
from .inputs import Comparison, Index
from .rows import CONSISTENT, INCONSISTENT, SKIPPED, CheckRow, fmt


def _bounds(p: PrintedNumber) -> tuple[Fraction, Fraction]:
    v, h = Fraction(p.value), Fraction(p.half_unit)
    return v - h, v + h


def grim_sums(mean: PrintedNumber, n: int) -> list[int]:
    """Integer sums S with S/n within the printed mean's rounding interval.

    Notes
    -----
    Exact rational arithmetic: S in [ceil(n(m - h)), floor(n(m + h))]. Validated by exhaustive
    enumeration of small integer samples (tests/test_check_methods.py).

    Examples
    --------
    >>> from osteostats.printed import parse_printed as pp
    >>> grim_sums(pp("69.58"), 50), grim_sums(pp("62.13"), 31)
    ([3479], [1926])
    >>> grim_sums(pp("5.19"), 28)   # 145/28 = 5.1786, 146/28 = 5.2143
    []
    >>> grim_sums(pp("-1.5"), 4)
    [-6]
    """
    lo, hi = _bounds(mean)
    first, last = math.ceil(lo * n), math.floor(hi * n)
    return list(range(first, last + 1))


def grimmer_witness(mean: PrintedNumber, sd: PrintedNumber, n: int) -> tuple[int, int] | None:
    """An (S, Q) pair of integer sum and sum of squares reproducing mean and SD, or None.

    Notes
    -----
    :func:`osteostats.stats.granularity.grimmer_integer`: S a GRIM sum, Q an integer with
    Q ≡ S (mod 2) in [(n − 1)s_lo² + S²/n, (n − 1)s_hi² + S²/n] and Q at least the least
    sum of squares of n integers with sum S (so Σx² ≥ Σx). Validated by exhaustive
    enumeration (tests/test_stats_granularity.py, tests/test_check_clinical.py).

    Examples
    --------
    >>> from osteostats.printed import parse_printed as pp
    >>> grimmer_witness(pp("69.58"), pp("8.457"), 50)
    (3479, 245573)
    >>> grimmer_witness(pp("2.00"), pp("0.50"), 4) is None   # {2,2,2,2} sd 0; {1,2,2,3} sd 0.8165
    True
    >>> grimmer_witness(pp("0.50"), pp("0.24"), 10) is None  # parity allows Q = 3, but Q >= S = 5
    True
    """
    r = grimmer_integer(mean.canonical, sd.canonical, n)
    return r.witness if r.consistent else None


def is_binary_measure(idx: Index, comp: Comparison) -> tuple[bool, str]:
    """Whether DEBIT applies (a 0/1 variable printed as mean ± SD), and why.

    Notes
    -----
    ``binary_measures`` in paper.yaml wins; otherwise every printed min is 0 and every
    printed max is 1 (at least one pair printed).

    Examples
    --------
    >>> from osteostats.published import load_published
    >>> from osteostats.check.inputs import Index
    >>> idx = Index(load_published("data/published"))
    >>> is_binary_measure(idx, idx.by_id["t1_age"])
    (False, 'not 0/1 data')
    """
    listed = idx.pub.paper.get("binary_measures")
    if listed is not None:
        ok = comp.measure in listed
        return ok, f"{'listed' if ok else 'not listed'} in paper.yaml binary_measures"
    seen = []
    for arm in comp.arms:
        lo, hi = idx.printed(comp.id, arm, "min"), idx.printed(comp.id, arm, "max")
        if lo is not None and hi is not None:
            seen.append(lo.kind == hi.kind == "value" and lo.value == 0 and hi.value == 1)
    if seen and all(seen):
        return True, "printed min 0 and max 1 (0/1 data)"
    return False, "not 0/1 data"


def is_integer_measure(idx: Index, comp: Comparison) -> tuple[bool, str]:
    """Whether GRIM applies to this measure, and why.

    Notes
    -----
    An explicit ``integer_measures`` list in paper.yaml wins over the heuristics.

    Examples
    --------
    >>> from osteostats.published import load_published
    >>> from osteostats.check.inputs import Index
    >>> idx = Index(load_published("data/published"))
    >>> is_integer_measure(idx, idx.by_id["t1_age"])[0], is_integer_measure(idx, idx.by_id["t1_bmi"])[0]
    (True, False)
    """
    listed = idx.pub.paper.get("integer_measures")
    if listed is not None:
        ok = comp.measure in listed
        return ok, f"{'listed' if ok else 'not listed'} in paper.yaml integer_measures"
    if comp.measure.lower().startswith("age"):
        return True, "ages in whole years (measure named 'age')"
    whole = []
    for arm in comp.arms:
        for q in ("min", "max"):
            c = idx.printed(comp.id, arm, q)
            if c is not None:
                whole.append(c.kind == "value" and c.decimals == 0)
    if whole and all(whole):
        return True, "printed min and max are whole numbers"
    return False, "not integer data"


def grim_rows(idx: Index) -> list[CheckRow]:
    """GRIM and GRIMMER rows for integer measures; SD-bound rows for every mean with a printed range.

    Notes
    -----
    See the module docstring for GRIM, GRIMMER and the SD bounds.

    Examples
    --------
    >>> from osteostats.published import load_published
    >>> from osteostats.check.inputs import Index
    >>> idx = Index(load_published("data/published"))
    >>> [(r.check, r.item, r.verdict) for r in grim_rows(idx)][:2]
    [('grim', 't1_age[OP]', 'consistent'), ('grimmer', 't1_age[OP]', 'consistent')]
    """
    rows: list[CheckRow] = []
    for comp, arm, m in idx.printed_cells("mean"):
        if comp.variable_type != "continuous":
            continue
        integer, why = is_integer_measure(idx, comp)
        item = f"{comp.id}[{arm}]"
        sd = idx.cell(comp.id, arm, "sd")
        n = m.n
        binary, bwhy = is_binary_measure(idx, comp)
        if binary:
            rows.append(_debit_row(comp, item, m.parsed, sd, n, bwhy))
        if integer:
            rows.append(_grim_row(comp, item, m.parsed, n, why))
            if sd is not None and sd.ok and m.ok:
                rows.append(_grimmer_row(comp, item, m.parsed, sd.parsed, n))
            else:
                rows.append(CheckRow("grimmer", comp.table, item, "", "", SKIPPED, "no SD printed", reason="sd_missing"))
        rows.extend(_sd_bound_rows(idx, comp, arm, item, m, sd, integer))
    return rows


def _grim_row(comp: Comparison, item: str, mean: PrintedNumber, n: int, why: str) -> CheckRow:
    if mean.kind != "value":
        return CheckRow("grim", comp.table, item, mean.text, "", SKIPPED, "mean printed as an inequality",
                        reason="mean_inequality")
    lo, hi = _bounds(mean)
    sums = grim_sums(mean, n)
    base = f"GRIM ({why}): n={n}, mean {mean.text} means a sum in [{decimal_str(lo * n)}, {decimal_str(hi * n)}]"
    if sums:
        s = sums[0]
        note = f"{base}; the integer sum {s} gives {s}/{n} = {decimal_str(Fraction(s, n), mean.decimals + 2)}."
        reason = "grim_sum_exists"
        if n >= 10 ** mean.decimals:
            note += f" (Uninformative: with n >= 10^{mean.decimals} every mean is possible.)"
            reason = "grim_uninformative"
        return CheckRow("grim", comp.table, item, mean.text, f"{s}/{n}", CONSISTENT, note, reason=reason,
                        recomputed_low=s / n, recomputed_high=s / n)
    below, above = math.floor(lo * n), math.ceil(hi * n)
    note = (f"{base}, which holds no integer: the nearest possible means are {below}/{n} = "
            f"{decimal_str(Fraction(below, n), mean.decimals + 2)} and {above}/{n} = "
            f"{decimal_str(Fraction(above, n), mean.decimals + 2)}.")
    return CheckRow("grim", comp.table, item, mean.text, "none", INCONSISTENT, note, reason="grim_no_integer_sum")


def _debit_row(comp: Comparison, item: str, mean: PrintedNumber, sd, n: int | None, why: str) -> CheckRow:
    if sd is None or not sd.ok or mean.kind != "value" or n is None or n < 2:
        what = "no SD printed" if sd is None or not sd.ok else "mean printed as an inequality" if mean.kind != "value" \
            else "no usable n (>= 2)"
        return CheckRow("debit", comp.table, item, mean.text, "", SKIPPED, f"DEBIT not checked: {what}",
                        reason="sd_missing" if what == "no SD printed" else "inputs_missing")
    printed = f"{mean.text} ± {sd.parsed.text}"
    r = debit(mean.canonical, sd.parsed.canonical, n)
    if r.consistent:
        k = r.witness[0]
        exact_sd = math.sqrt(Fraction(k * (n - k), n * (n - 1)))
        return CheckRow("debit", comp.table, item, printed, f"{k}/{n}", CONSISTENT,
                        f"DEBIT ({why}): {r.note} (sample SD sqrt(k(n - k)/(n(n - 1))) with k = {k}, n = {n}).",
                        reason="debit_witness_found", recomputed_low=exact_sd, recomputed_high=exact_sd)
    return CheckRow("debit", comp.table, item, printed, "none", INCONSISTENT,
                    f"DEBIT ({why}): {r.note}; the sample SD of n values of 0 and 1 with k ones is "
                    f"sqrt(k(n - k)/(n(n - 1))), so no 0/1 data of size {n} has mean {mean.text} and SD {sd.parsed.text}.",
                    reason="debit_no_witness")


def _grimmer_row(comp: Comparison, item: str, mean: PrintedNumber, sd: PrintedNumber, n: int) -> CheckRow:
    sums = grim_sums(mean, n)
    printed = f"{mean.text} ± {sd.text}"
    if not sums:
        return CheckRow("grimmer", comp.table, item, printed, "", SKIPPED, "GRIM already fails: no integer sum",
                        reason="grim_failed")
    w = grimmer_witness(mean, sd, n)
    slo, shi = _bounds(sd)
    if w is not None:
        s, q = w
        var = (Fraction(q) - Fraction(s * s, n)) / (n - 1)
        note = (f"GRIMMER: sum {s} and sum of squares {q} (same parity) give SD sqrt(({q} - {s}^2/{n})/{n - 1}) = "
                f"{fmt(math.sqrt(var), sd.decimals + 3)}, which rounds to {sd.text}.")
        return CheckRow("grimmer", comp.table, item, printed, f"S={s}, Q={q}", CONSISTENT, note,
                        reason="grimmer_witness_found", recomputed_low=math.sqrt(var), recomputed_high=math.sqrt(var))
    s = sums[0]
    r = grimmer_integer(mean.canonical, sd.canonical, n)
    note = (f"GRIMMER: for sum {s} the sum of squares must be an integer of the parity of {s} in "
            f"[{decimal_str((n - 1) * slo * slo + Fraction(s * s, n))}, {decimal_str((n - 1) * shi * shi + Fraction(s * s, n))}] "
            f"and at least the least sum of squares of {n} integers with that sum ({r.note}); "
            f"so no integer data of size {n} has mean {mean.text} and SD {sd.text}.")
    return CheckRow("grimmer", comp.table, item, printed, "none", INCONSISTENT, note, reason="grimmer_no_witness")


def sd_bounds(mean: PrintedNumber, lo: PrintedNumber, hi: PrintedNumber, n: int, *,
              exact_range: bool = False) -> tuple[float, float]:
    """Smallest and largest SD possible for n values with the printed mean, min and max.

    Notes
    -----
    Upper: Bhatia–Davis, s² ≤ n/(n−1)·(b − μ)(μ − a), at a = min_lo, b = max_hi and μ in the
    mean's interval closest to (a + b)/2. Lower: the min and max are observations, so
    s² ≥ ((μ − a)² + (b − μ)²)/(n − 1), each term at its most lenient end of the intervals.
    With ``exact_range`` (integer data, whose printed min and max are exact) a and b are
    taken as printed rather than as rounding intervals.

    Examples
    --------
    >>> from osteostats.printed import parse_printed as pp
    >>> [round(x, 3) for x in sd_bounds(pp("69.58"), pp("48"), pp("89"), 50)]
    [4.045, 21.185]
    >>> [round(x, 3) for x in sd_bounds(pp("4.50"), pp("0"), pp("10"), 40, exact_range=True)]
    [1.137, 5.039]
    """
    mlo, mhi = _bounds(mean)
    if exact_range:
        alo = ahi = Fraction(lo.value)
        blo = bhi = Fraction(hi.value)
    else:
        alo, ahi = _bounds(lo)
        blo, bhi = _bounds(hi)
    mid = (alo + bhi) / 2
    mu = min(max(mid, mlo), mhi)
    upper2 = Fraction(n, n - 1) * max(Fraction(0), (bhi - mu) * (mu - alo))
    lower2 = (max(Fraction(0), mlo - ahi) ** 2 + max(Fraction(0), blo - mhi) ** 2) / (n - 1)
    return math.sqrt(lower2), math.sqrt(upper2)


def _sd_bound_rows(idx: Index, comp: Comparison, arm: str, item: str, m, sd, integer: bool = False) -> list[CheckRow]:
    lo, hi = idx.printed(comp.id, arm, "min"), idx.printed(comp.id, arm, "max")
    if lo is None or hi is None:
        return []
    if sd is None or not sd.ok or not m.ok or lo.kind != "value" or hi.kind != "value":
        return [CheckRow("sd_bound", comp.table, item, "", "", SKIPPED, "mean, SD, min or max not printed as numbers",
                         reason="inputs_missing")]
    n = m.n
    mean, s = m.parsed, sd.parsed
    printed = f"{mean.text} ± {s.text}, range {lo.text}-{hi.text}"
    mlo, mhi = _bounds(mean)
    if mhi < _bounds(lo)[0] or mlo > _bounds(hi)[1]:
        return [CheckRow("sd_bound", comp.table, item, printed, "", INCONSISTENT,
                         f"the mean {mean.text} lies outside the printed range {lo.text}-{hi.text}",
                         reason="mean_outside_range")]
    exact = integer and lo.decimals == 0 and hi.decimals == 0
    smin, smax = sd_bounds(mean, lo, hi, n, exact_range=exact)
    slo, shi = _bounds(s)
    d = s.decimals + 1
    base = (f"n={n}: with min {lo.text} and max {hi.text} the SD must lie in [{fmt(smin, d)}, {fmt(smax, d)}] "
            f"(lower: the min and max are observations; upper: Bhatia-Davis"
            + ("; integer data, so min and max are exact)" if exact else "; min and max as rounding intervals)"))
    if float(shi) >= smin and float(slo) <= smax:
        return [CheckRow("sd_bound", comp.table, item, printed, f"[{fmt(smin, d)}, {fmt(smax, d)}]", CONSISTENT,
                         f"{base}; printed SD {s.text} does.", reason="sd_within_bounds",
                         recomputed_low=smin, recomputed_high=smax)]
    return [CheckRow("sd_bound", comp.table, item, printed, f"[{fmt(smin, d)}, {fmt(smax, d)}]", INCONSISTENT,
                     f"{base}; printed SD {s.text} does not.", reason="sd_outside_bounds",
                     recomputed_low=smin, recomputed_high=smax)]
