"""Ratios printed with a confidence interval: the ``ratio_ci`` check (format version 2).

A comparison whose ``statistic_name`` is ``OR``, ``RR`` or ``HR`` prints an ``estimate``, a
95 % CI (``ci_low``, ``ci_high``) and usually a P. For a Wald interval on the log scale,
SE = (ln U − ln L)/(2·1.96), z = ln(estimate)/SE and P = 2Φ(−|z|) (Altman & Bland, BMJ
2011;343:d2304). :func:`osteostats.stats.ratios.ratio_ci_p` gives the exact range of that P
over the rounding box of the three printed numbers, and whether the CI can be symmetric on
the log scale around the estimate (estimate² = L·U).

Verdicts
--------
``consistent``    the printed P lies in the range implied by the CI, and the CI can be a Wald
                  interval around the estimate;
``warning``       the CI cannot be symmetric on the log scale (a profile, exact or
                  mis-transcribed interval): the P implied by the CI is approximate, so a
                  mismatch is not conclusive; the note gives both;
``inconsistent``  the printed P is outside the range implied by a log-symmetric CI, or the
                  estimate lies outside its CI;
``decision``      inconsistent, and the conclusion at alpha flips (e.g. a CI excluding 1
                  printed with P ≥ 0.05);
``skipped``       the estimate or a CI limit is not printed.

``ratio_counts`` (an OR or RR of a binary comparison whose two arms print their counts)
    The crude ratio from the printed counts, first arm vs second (OR = a(n₂ − c)/(c(n₁ − a)),
    RR = (a/n₁)/(c/n₂)), with its Wald CI on the log scale (Woolf: SE² = 1/a + 1/b + 1/c + 1/d;
    Katz: SE² = 1/a − 1/n₁ + 1/c − 1/n₂). ``consistent`` when the printed estimate's rounding
    interval holds the crude ratio (or its reciprocal: the other arm order, said in the note);
    ``warning`` when it does not, since a printed ratio may be adjusted (regression) rather
    than crude: the note gives the crude ratio and CI for the reviewer to compare.
"""
from __future__ import annotations

import math

from ..errors import InputError
from ..stats import distributions as dist
from ..stats.ratios import METHOD, ratio_ci_p
from .inputs import Index
from .intervals import conclusion_changes, p_matches, printed_interval
from .methods import count_table
from .rows import CONSISTENT, DECISION, INCONSISTENT, SKIPPED, WARNING, CheckRow, fmt_interval, fmt_p
from .statistic import RATIO_STATISTICS

#: Confidence level assumed for a printed CI.
LEVEL = 0.95


def ratio_rows(idx: Index) -> list[CheckRow]:
    """One ``ratio_ci`` row per OR/RR/HR comparison.

    Notes
    -----
    See the module docstring; validated against Altman & Bland's worked example (RR 0.81,
    95 % CI 0.70 to 0.94, P = 0.005) and Wald intervals from statsmodels' ``Table2x2``
    (tests/test_check_clinical.py).

    Examples
    --------
    >>> from osteostats.published import load_published
    >>> idx = Index(load_published("tests/data/clinical_trial"))
    >>> [(r.item, r.verdict) for r in ratio_rows(idx)][:2]
    [('t3_death_or', 'consistent'), ('t3_relapse_hr', 'decision')]
    """
    rows: list[CheckRow] = []
    alpha = idx.alpha
    for comp in idx.comparisons:
        if comp.statistic_name not in RATIO_STATISTICS:
            continue
        name = comp.statistic_name
        est, lo, hi = (idx.printed(comp.id, "", q) for q in ("estimate", "ci_low", "ci_high"))
        pp = idx.printed(comp.id, "", "p")
        missing = [q for q, c in (("estimate", est), ("ci_low", lo), ("ci_high", hi)) if c is None or c.kind != "value"]
        if missing:
            rows.append(CheckRow("ratio_ci", comp.table, comp.id, pp.text if pp else "", "", SKIPPED,
                                 f"{name}: {', '.join(missing)} not printed as a number", reason="inputs_missing",
                                 alpha=alpha))
            continue
        printed = f"{name} {est.text} ({lo.text}, {hi.text})" + (f", P {pp.text}" if pp else "")
        try:
            rc = ratio_ci_p(est.canonical, lo.canonical, hi.canonical, LEVEL)
        except InputError as exc:
            rows.append(CheckRow("ratio_ci", comp.table, comp.id, printed, "", INCONSISTENT,
                                 f"{name} {est.text} with 95% CI {lo.text} to {hi.text}: {exc.args[0] if exc.args else exc}.",
                                 reason="ratio_outside_ci", method=METHOD, alpha=alpha))
            continue
        p_iv = (rc.p_low, rc.p_high)
        rec = fmt_interval(*p_iv, p=True)
        base = (f"{name} {est.text}, 95% CI {lo.text} to {hi.text}: {rc.note}; Altman-Bland approximation "
                f"{fmt_p(rc.p_altman_bland)}")
        if pp is None:
            verdict = CONSISTENT if rc.symmetric else WARNING
            rows.append(CheckRow("ratio_ci", comp.table, comp.id, printed, rec, verdict, base + ". No P printed.",
                                 reason="ratio_ci_symmetric" if rc.symmetric else "ratio_ci_asymmetric", method=METHOD,
                                 recomputed_low=p_iv[0], recomputed_high=p_iv[1], p_low=p_iv[0], p_high=p_iv[1],
                                 alpha=alpha))
            continue
        ok = p_matches(pp, p_iv)
        changes = False if ok else conclusion_changes(pp, p_iv, alpha)
        if not rc.symmetric:
            verdict, reason = WARNING, "ratio_ci_asymmetric"
            note = (f"{base}. The printed P {pp.text} {'lies in' if ok else 'is outside'} this range, but the CI cannot be "
                    f"a Wald interval around the estimate, so the comparison is approximate.")
        elif ok:
            verdict, reason = CONSISTENT, "ratio_p_from_ci"
            note = f"{base}. The printed P {pp.text} lies in the range."
        else:
            verdict = DECISION if changes else INCONSISTENT
            reason = "ratio_p_not_from_ci"
            note = f"{base}. The printed P {pp.text} is outside the range"
            note += (f" and the conclusion at alpha={alpha:g} flips (the CI {'excludes' if p_iv[1] < alpha else 'includes'} 1)."
                     if verdict == DECISION else f"; the conclusion at alpha={alpha:g} is the same.")
        rows.append(CheckRow("ratio_ci", comp.table, comp.id, printed, rec, verdict, note, reason=reason, method=METHOD,
                             conclusion_changes=changes, recomputed_low=p_iv[0], recomputed_high=p_iv[1],
                             p_low=p_iv[0], p_high=p_iv[1], alpha=alpha))
    return rows


def crude_ratio(kind: str, a: int, n1: int, c: int, n2: int, level: float = LEVEL) -> tuple[float, float, float]:
    """Crude OR or RR of arm 1 vs arm 2 from counts, with its Wald CI on the log scale.

    Notes
    -----
    OR = a·d/(b·c) with b = n₁ − a, d = n₂ − c, SE(ln OR) = √(1/a + 1/b + 1/c + 1/d) (Woolf);
    RR = (a/n₁)/(c/n₂), SE(ln RR) = √(1/a − 1/n₁ + 1/c − 1/n₂) (Katz). A zero cell gives NaN
    (no correction is guessed). Validated against ``statsmodels``' ``Table2x2`` (``oddsratio``,
    ``oddsratio_confint``, ``riskratio``, ``riskratio_confint``; tests/test_check_clinical.py).

    Examples
    --------
    >>> [round(x, 4) for x in crude_ratio("OR", 12, 40, 5, 36)]
    [2.6571, 0.8316, 8.4905]
    """
    b, d = n1 - a, n2 - c
    if min(a, b, c, d) <= 0:
        return math.nan, math.nan, math.nan
    if kind == "OR":
        est, se = a * d / (b * c), math.sqrt(1 / a + 1 / b + 1 / c + 1 / d)
    elif kind == "RR":
        est, se = (a / n1) / (c / n2), math.sqrt(1 / a - 1 / n1 + 1 / c - 1 / n2)
    else:
        raise ValueError(f"no crude {kind} from counts")
    z = float(dist.norm.ppf(0.5 + level / 2))
    return est, est * math.exp(-z * se), est * math.exp(z * se)


def ratio_count_rows(idx: Index) -> list[CheckRow]:
    """One ``ratio_counts`` row per OR/RR of a two-arm binary comparison that prints its counts.

    Examples
    --------
    >>> from osteostats.published import load_published
    >>> idx = Index(load_published("tests/data/clinical_trial"))
    >>> [(r.item, r.verdict) for r in ratio_count_rows(idx)]
    [('t3_death_or', 'consistent'), ('t3_response_rr', 'warning')]
    """
    rows: list[CheckRow] = []
    for comp in idx.comparisons:
        if comp.statistic_name not in ("OR", "RR") or comp.variable_type != "binary" or len(comp.arms) != 2:
            continue
        est = idx.printed(comp.id, "", "estimate")
        table, _ = count_table(idx, comp)
        if est is None or est.kind != "value" or table is None:
            continue
        (a, c), (n1, n2) = table.events, table.totals
        kind = comp.statistic_name
        crude, lo, hi = crude_ratio(kind, a, n1, c, n2)
        name = "Woolf" if kind == "OR" else "Katz"
        method = f"crude {kind} from the printed counts with a {name} (log-scale Wald) 95% CI"
        printed = f"{kind} {est.text} from {table.describe()}"
        if math.isnan(crude):
            rows.append(CheckRow("ratio_counts", comp.table, comp.id, printed, "", SKIPPED,
                                 f"a zero cell in {table.describe()}: the crude {kind} and its CI are undefined",
                                 reason="inputs_missing", method=method))
            continue
        elo, ehi = printed_interval(est)
        shown = f"{crude:.4f} (95% CI {lo:.4f} to {hi:.4f})"
        base = f"crude {kind} {table.arms[0]} vs {table.arms[1]} from {table.describe()}: {shown}"
        if elo <= crude <= ehi:
            rows.append(CheckRow("ratio_counts", comp.table, comp.id, printed, f"{crude:.4f}", CONSISTENT,
                                 f"{base}; the printed {est.text} is the crude ratio.", reason="ratio_from_counts",
                                 method=method, recomputed_low=crude, recomputed_high=crude))
        elif elo <= 1 / crude <= ehi:
            rows.append(CheckRow("ratio_counts", comp.table, comp.id, printed, f"{1 / crude:.4f}", CONSISTENT,
                                 f"{base}; the printed {est.text} is its reciprocal {1 / crude:.4f} "
                                 f"({table.arms[1]} vs {table.arms[0]}).", reason="ratio_from_counts", method=method,
                                 recomputed_low=1 / crude, recomputed_high=1 / crude))
        else:
            rows.append(CheckRow("ratio_counts", comp.table, comp.id, printed, f"{crude:.4f}", WARNING,
                                 f"{base}; the printed {est.text} is neither it nor its reciprocal {1 / crude:.4f}: an "
                                 f"adjusted ratio (say which model), or counts or ratio misprinted.",
                                 reason="ratio_not_from_counts", method=method, recomputed_low=crude,
                                 recomputed_high=crude))
    return rows
