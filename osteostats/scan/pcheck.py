"""The P check of one extracted statistic: statcheck's rules, rounding-aware.

p is computed from |statistic| at both ends of its rounding interval (half a unit in the last
printed digit): p_low at the upper end, p_high at the lower end. With the statistic printed
as ``=``:

- ``P = x`` is consistent iff [p_low, p_high] meets [x − h, x + h] (h: half a unit of x's
  last digit; equivalent to statcheck's round(p_low) ≤ x ≤ round(p_high));
- ``P < x`` is an error iff x < p_low; ``P > x`` iff x > p_high; ``ns`` means P > alpha;
- ``P = 0`` (``.000``) is an error (statcheck's pZeroError): p is never exactly 0.

A statistic printed as an inequality is still checked (statcheck's rules): ``t < v`` with
``P = x`` is an error iff x < round(p_high); with ``P < x`` iff x < p_high; ``t > v`` with
``P = x`` iff x > round(p_low), with ``P > x`` iff x > p_low; the opposite directions
cannot be errors.

A ratio (OR, RR, HR) printed with its 95 % CI is checked against the P implied by the CI on
the log scale (Altman & Bland 2011), over the rounding box of the estimate and both limits
(:func:`osteostats.stats.ratios.ratio_ci_p`); a CI that cannot be symmetric on the log scale
around the estimate is noted (``ci_asymmetric`` when P still agrees).

A decision error is an error whose conclusion at alpha flips, judged from the p at the printed
statistic (statcheck, with p = alpha counted as significant). When the text mentions one-tailed
tests and the one-tailed p (half the two-sided p of t, z, r) removes the error, the row says so
(``one_tailed_fits``); with ``one_tailed_txt`` the row is then consistent (``one_tailed``),
as statcheck's OneTailedTxt option.

No df printed: t is checked over every df ≥ 1 (p decreases with df, so the range is
[normal p, p at df = 1]) and χ²/Q/H over every df ≥ 1 ([p at df = 1, 1]); a printed P outside
that range is inconsistent whatever the df, otherwise the row is not checkable. F and r
need their df.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

from ..errors import InputError
from ..printed import round_decimal
from ..stats import distributions as dist
from ..stats.ratios import ratio_ci_p
from .extract import Found, decimal_of, parse_p

CONSISTENT = "consistent"
INCONSISTENT = "inconsistent"
DECISION = "decision_error"
NOT_CHECKABLE = "not_checkable"
UNREADABLE = "unreadable"

#: Reason codes of fragments that are reported but cannot be read as a checkable statistic.
UNREADABLE_REASONS = {"ratio_outside_ci", "malformed_number", "df_not_allowed", "df_incomplete", "r_out_of_range", "p_out_of_range"}


@dataclass(frozen=True)
class PCheck:
    """Outcome of the P check of one statistic (see the module docstring)."""

    p_computed: float
    p_low: float
    p_high: float
    verdict: str
    reason: str
    one_tailed_fits: bool
    note: str


def p_of(family: str, x: float, df1: float | None, df2: float | None, two_tailed: bool = True) -> float:
    """p of |statistic| ``x`` for the family (t, z, r two-sided unless ``two_tailed=False``).

    Examples
    --------
    >>> round(p_of("t", 2.2, 28, None), 6), round(p_of("chi2", 3.841459, 1, None), 4)
    (0.036225, 0.05)
    """
    x = abs(x)
    if family == "t":
        p = dist.t.sf(x, df1)
    elif family == "z":
        p = dist.norm.sf(x)
    elif family == "r":
        if x >= 1:
            p = 0.0
        else:
            p = dist.t.sf(x * math.sqrt(df1 / (1 - x * x)), df1)
    elif family == "F":
        return float(dist.f.sf(x, df1, df2))
    else:  # chi2, Q, H
        return float(dist.chi2.sf(x, df1))
    return float(2 * p if two_tailed else p)


def _round(x: float, h: Decimal) -> Decimal:
    """x rounded half-up to the precision whose half unit is ``h`` (0.0005 -> 3 decimals), by
    :func:`osteostats.printed.round_decimal`.

    Examples
    --------
    >>> str(_round(0.03625, Decimal("0.0005"))), str(_round(0.0499999, Decimal("0.005"))), str(_round(2.5, Decimal(0)))
    ('0.036', '0.05', '3')
    """
    exp = (h * 2).normalize().as_tuple().exponent if h else 0
    return round_decimal(x, max(0, -int(exp)), "half_up")


def _error(tcomp: str, pcomp: str, x: Decimal, h: Decimal, lo: float, hi: float) -> bool:
    """statcheck's error rules (see the module docstring); x is the printed P."""
    xf = float(x)
    if tcomp in ("<", "≤"):
        if pcomp == "=":
            return x < _round(hi, h)
        if pcomp == "<":
            return xf < hi
        return False
    if tcomp in (">", "≥"):
        if pcomp == "=":
            return x > _round(lo, h)
        if pcomp == ">":
            return xf > lo
        return False
    if pcomp == "=":
        return float(x + h) < lo or float(x - h) > hi
    if pcomp == "<":
        return xf < lo
    return xf > hi  # ">"


def _decision(tcomp: str, pcomp: str, x: float, comp_p: float, alpha: float) -> bool:
    """statcheck's decision-error rules with p = alpha counted as significant."""
    if tcomp in ("<", "≤"):
        return pcomp in ("=", "<") and x <= alpha and comp_p >= alpha
    if tcomp in (">", "≥"):
        return (pcomp == "=" and x > alpha and comp_p <= alpha) or (pcomp == ">" and x >= alpha and comp_p <= alpha)
    if pcomp == "=":
        return (x <= alpha and comp_p > alpha) or (x > alpha and comp_p <= alpha)
    if pcomp == "<":
        return x <= alpha and comp_p > alpha
    return x >= alpha and comp_p <= alpha


def check(f: Found, alpha: float = 0.05, one_tailed_mentioned: bool = False, one_tailed_txt: bool = False) -> PCheck:
    """Check the printed P of one extracted statistic.

    Examples
    --------
    >>> from osteostats.scan.extract import find_all
    >>> [check(f).verdict for f in find_all("t(28) = 2.20, p = .036; t(28) = 1.20, p = .03")]
    ['consistent', 'decision_error']
    """
    nan = math.nan
    if f.reason in UNREADABLE_REASONS:
        return PCheck(nan, nan, nan, UNREADABLE, f.reason, False, "")
    if f.reason:
        return PCheck(nan, nan, nan, NOT_CHECKABLE, f.reason, False, "")
    if f.ci_low:
        return _check_ratio(f, alpha)
    value, half = decimal_of(f.stat_text)
    x = abs(float(value))
    lo_s, hi_s = max(0.0, x - float(half)), x + float(half)
    if f.statistic == "r":
        hi_s = min(hi_s, 1.0)
    if f.p_comparison == "ns":
        pcomp, px, ph = ">", Decimal(repr(alpha)), Decimal(0)
    else:
        pcomp = f.p_comparison
        px, ph = parse_p(f.p_text)
    fam = f.statistic
    df1 = f.df1
    if df1 is None and fam != "z":
        if fam == "t":
            comp_p = nan
            lo_p = p_of("z", hi_s, None, None)
            hi_p = p_of("t", lo_s, 1.0, None)
        elif fam in ("chi2", "Q", "H"):
            comp_p = nan
            lo_p, hi_p = p_of("chi2", hi_s, 1.0, None), 1.0
        else:
            return PCheck(nan, nan, nan, NOT_CHECKABLE, "df_unknown", False,
                          "F needs both df and r needs n (df = n − 2) to give a p")
        err = _error(f.stat_comparison, pcomp, px, ph, lo_p, hi_p)
        if not err:
            return PCheck(nan, lo_p, hi_p, NOT_CHECKABLE, "df_unknown", False,
                          "no df printed: the printed P lies in the range of p over every df >= 1")
        sig_printed = pcomp in ("=", "<") and float(px) <= alpha
        nonsig_printed = (pcomp == "=" and float(px) > alpha) or (pcomp == ">" and float(px) >= alpha)
        flip = (sig_printed and lo_p > alpha) or (nonsig_printed and hi_p <= alpha)
        return PCheck(nan, lo_p, hi_p, DECISION if flip else INCONSISTENT, "p_mismatch_any_df", False,
                      "no df printed, but no df >= 1 gives the printed P")
    comp_p = p_of(fam, x, df1, f.df2)
    lo_p, hi_p = p_of(fam, hi_s, df1, f.df2), p_of(fam, lo_s, df1, f.df2)
    if pcomp in ("=", "<") and px <= 0:
        return PCheck(comp_p, lo_p, hi_p, INCONSISTENT, "p_zero", False, "a p-value is never exactly 0: print p < .001")
    err = _error(f.stat_comparison, pcomp, px, ph, lo_p, hi_p)
    fits = False
    if err and one_tailed_mentioned and fam in ("t", "z", "r"):
        fits = not _error(f.stat_comparison, pcomp, px, ph, lo_p / 2, hi_p / 2)
    if not err:
        exact_point = not _error(f.stat_comparison, pcomp, px, ph, comp_p, comp_p)
        return PCheck(comp_p, lo_p, hi_p, CONSISTENT, "ok" if exact_point else "rounding", False, "")
    if fits and one_tailed_txt:
        return PCheck(comp_p / 2, lo_p / 2, hi_p / 2, CONSISTENT, "one_tailed", True,
                      "consistent as a one-tailed test, which the text mentions")
    flip = _decision(f.stat_comparison, pcomp, float(px), comp_p, alpha)
    return PCheck(comp_p, lo_p, hi_p, DECISION if flip else INCONSISTENT,
                  "decision_flip" if flip else ("one_tailed_fits" if fits else "p_mismatch"), fits, "")


def _check_ratio(f: Found, alpha: float) -> PCheck:
    """A ratio's printed P against the P implied by its 95 % CI (Altman & Bland 2011), over the
    rounding box of the estimate and both limits (:func:`osteostats.stats.ratios.ratio_ci_p`)."""
    nan = math.nan
    try:
        rc = ratio_ci_p(f.stat_text, f.ci_low, f.ci_high)
    except InputError:
        return PCheck(nan, nan, nan, UNREADABLE, "ratio_outside_ci", False,
                      f"{f.statistic} {f.stat_text} is not inside a positive CI {f.ci_low}-{f.ci_high}")
    if f.p_comparison == "ns":
        pcomp, px, ph = ">", Decimal(repr(alpha)), Decimal(0)
    else:
        pcomp = f.p_comparison
        px, ph = parse_p(f.p_text)
    note = f"{f.statistic} {f.stat_text} (95% CI {f.ci_low}-{f.ci_high}): SE(log) = {rc.se_log:.4f}, z = {rc.z:.3f}"
    if not rc.symmetric:
        note += "; the CI is not symmetric on the log scale around the estimate (not a Wald CI), so its P is approximate"
    if pcomp in ("=", "<") and px <= 0:
        return PCheck(rc.p, rc.p_low, rc.p_high, INCONSISTENT, "p_zero", False, note)
    if not _error("=", pcomp, px, ph, rc.p_low, rc.p_high):
        reason = "ci_asymmetric" if not rc.symmetric else (
            "ok" if not _error("=", pcomp, px, ph, rc.p, rc.p) else "rounding")
        return PCheck(rc.p, rc.p_low, rc.p_high, CONSISTENT, reason, False, note)
    flip = _decision("=", pcomp, float(px), rc.p, alpha)
    return PCheck(rc.p, rc.p_low, rc.p_high, DECISION if flip else INCONSISTENT,
                  "decision_flip" if flip else "p_mismatch", False, note)
