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
"""
from __future__ import annotations

from ..errors import InputError
from ..stats.ratios import METHOD, ratio_ci_p
from .inputs import Index
from .intervals import conclusion_changes, p_matches
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
