"""P checks: is the printed P consistent with the printed statistic, and with the recomputed one?

``p_vs_statistic`` is statcheck's check, with rounding: the printed statistic is an interval
(half a unit in its last digit), p is computed at both ends with the df of the test, and the
printed P must meet that p range ("P = x": the range meets [x − h, x + h]; "P < x": the
smallest p is below x). The df is not printed in clinical tables; it follows from the design:
n1 + n2 − 2 for Student's t (Welch's df from the printed SDs when only Welch reproduced the
statistic), (k − 1) for a k×2 χ² and 1 for a 2×2.

``p_vs_recomputed`` compares the printed P with the p of every method recomputed from the
printed counts or means (Pearson, Yates, G, Fisher / Fisher–Freeman–Halton; Student, Welch).

Verdicts: ``consistent`` (a method's p at the printed inputs rounds to the printed P),
``rounding`` (only its range over the inputs' rounding intervals does), ``inconsistent``,
``decision`` (inconsistent and the conclusion at alpha flips), ``skipped`` (no P or no
statistic printed).
"""
from __future__ import annotations

from ..stats.contingency import PEARSON
from ..stats.ttest import STUDENT
from .inputs import Index
from .intervals import conclusion_changes, p_matches, p_range, printed_interval
from .methods import SHORT
from .rows import CONSISTENT, DECISION, INCONSISTENT, ROUNDING, SKIPPED, CheckRow, fmt_interval, fmt_p
from .statistic import Recomputation, recompute


def _flip(printed_p, p_iv, alpha: float) -> bool:
    return conclusion_changes(printed_p, p_iv, alpha) is True


def p_vs_statistic(rec: Recomputation, alpha: float) -> CheckRow:
    """statcheck-style row: printed P against the p implied by the printed statistic and its df.

    Notes
    -----
    df from the methods that reproduced the statistic (else the usual method); see
    :func:`statcheck_row`.

    Examples
    --------
    >>> from osteostats.published import load_published
    >>> from osteostats.check.inputs import Index
    >>> idx = Index(load_published("data/published"))
    >>> from osteostats.check.statistic import statistic_rows
    >>> _, recs = statistic_rows(idx)
    >>> flat = next(r for r in recs.values() if r.comp.item.startswith("Shape: flat"))
    >>> p_vs_statistic(flat, 0.05).verdict
    'consistent'
    """
    keys = rec.reproducing or [rec.best.key if rec.best is not None else rec.evals[0].key]
    cands = [(SHORT[e.key], e.df_iv) for e in rec.evals if e.key in keys and e.has_statistic]
    method = next((e.method for e in rec.evals if e.key in keys and e.has_statistic), "")
    return statcheck_row(rec.comp, rec.printed_stat, rec.printed_p, rec.family, cands, alpha, method=method)


def statcheck_row(comp, stat, pp, family: str, cands: list[tuple[str, tuple[float, float]]], alpha: float,
                  method: str = "") -> CheckRow:
    """Printed P against the p of the printed statistic under each candidate (test name, df range).

    ``method`` is the full name of the first candidate's test, for the row's ``method`` field.

    Notes
    -----
    p = chi2.sf(x, df) or 2 t.sf(|x|, df) at both ends of the printed statistic's interval
    (:func:`~osteostats.check.intervals.p_range`), matched by
    :func:`~osteostats.check.intervals.p_matches`.

    Examples
    --------
    >>> from osteostats.printed import parse_printed as pp
    >>> from osteostats.check.inputs import Comparison
    >>> c = Comparison("1", "x", "x", "patient", "continuous", "independent", "", ("A", "B"), "", "t", "", "", 0)
    >>> statcheck_row(c, pp("-2.208"), pp("0.21"), "t", [("Student t", (74.0, 74.0))], 0.05).verdict
    'decision'
    """
    item = comp.id
    if stat is None or pp is None or stat.kind != "value":
        what = "statistic" if stat is None else "P" if pp is None else "statistic as a number"
        return CheckRow("p_vs_statistic", comp.table, item, pp.text if pp else "", "", SKIPPED,
                        f"no {what} printed, so P cannot be checked against the printed statistic",
                        reason="stat_or_p_missing", method=method, alpha=alpha)
    stat_iv = printed_interval(stat, lower=0.0 if family == "chi2" else float("-inf"))
    ranges = [(name, df, p_range(stat_iv, df, family)) for name, df in cands]
    point = [(name, df, p_range((float(stat.value),) * 2, df, family)) for name, df in cands]
    ok_point = [name for name, _, iv in point if p_matches(pp, iv)]
    ok_range = [name for name, _, iv in ranges if p_matches(pp, iv)]
    name0, _, iv0 = ranges[0]
    fam = "two-sided t" if family == "t" else "chi-squared upper tail"

    def df_text(df: tuple[float, float]) -> str:
        a, b = f"{df[0]:.2f}".rstrip("0").rstrip("."), f"{df[1]:.2f}".rstrip("0").rstrip(".")
        return f"df {a}" if a == b else f"df {a} to {b}"

    desc = "; ".join(f"{name} {df_text(df)}: p {fmt_interval(*iv, p=True)}" for name, df, iv in ranges)
    base = f"p from the printed statistic {stat.text} (interval {fmt_interval(*stat_iv, stat.decimals + 1)}, {fam}): {desc}"
    changes: bool | None = False
    if ok_point:
        verdict, note, reason = CONSISTENT, f"{base}; consistent with printed P {pp.text}.", "p_from_printed_stat"
    elif ok_range:
        verdict, reason = ROUNDING, "p_within_stat_rounding"
        note = f"{base}; printed P {pp.text} is reached only within the statistic's rounding interval."
    else:
        verdict = DECISION if _flip(pp, iv0, alpha) else INCONSISTENT
        reason, changes = "p_not_from_printed_stat", conclusion_changes(pp, iv0, alpha)
        note = f"{base}; printed P {pp.text} is outside this range"
        note += (f" and the conclusion at alpha={alpha:g} flips (decision error)." if verdict == DECISION
                 else f"; the conclusion at alpha={alpha:g} is the same.")
    note += f" The recomputed column shows {name0}."
    return CheckRow("p_vs_statistic", comp.table, item, pp.text, fmt_interval(*iv0, p=True), verdict, note,
                    reason=reason, method=method, conclusion_changes=changes, recomputed_low=iv0[0],
                    recomputed_high=iv0[1], p_low=iv0[0], p_high=iv0[1], alpha=alpha)


def _fallback_df(idx: Index, comp) -> tuple[str, tuple[float, float], str] | None:
    """The df implied by the design when the test cannot be recomputed (e.g. SDs not printed)."""
    if comp.statistic_name == "t" and len(comp.arms) == 2:
        ns = []
        for arm in comp.arms:
            c = idx.cell(comp.id, arm, "mean") or idx.cell(comp.id, arm, "count")
            if c is None or c.n is None:
                return None
            ns.append(c.n)
        df = float(sum(ns) - 2)
        return SHORT["student_t"], (df, df), STUDENT
    if comp.statistic_name == "chi2" and len(comp.arms) >= 2:
        df = float(len(comp.arms) - 1)
        return SHORT["pearson_chi2"], (df, df), PEARSON
    return None


def p_vs_recomputed(rec: Recomputation, alpha: float) -> CheckRow:
    """Printed P against the p of every method recomputed from the printed counts / means.

    Notes
    -----
    Each method's p comes from osteostats.stats (validated against scipy) or, for k x 2
    exact tests, from :func:`~osteostats.check.methods.freeman_halton_kx2`.

    Examples
    --------
    >>> from osteostats.published import load_published
    >>> from osteostats.check.inputs import Index
    >>> idx = Index(load_published("data/published"))
    >>> from osteostats.check.statistic import statistic_rows
    >>> _, recs = statistic_rows(idx)
    >>> widened = next(r for r in recs.values() if r.comp.item == "Disc: widened")
    >>> r = p_vs_recomputed(widened, 0.05)
    >>> r.verdict, r.recomputed
    ('inconsistent', '0.8332')
    """
    comp, pp = rec.comp, rec.printed_p
    if pp is None:
        return CheckRow("p_vs_recomputed", comp.table, comp.id, "", "", SKIPPED, "no P printed", reason="p_not_printed",
                        alpha=alpha)
    best = rec.best or rec.evals[0]
    ok_point = [e for e in rec.evals if p_matches(pp, (e.p_point, e.p_point))]
    ok_range = [e for e in rec.evals if p_matches(pp, e.p_iv)]
    desc = "; ".join(
        f"{SHORT[e.key]}{(' ' + e.df_text) if e.df_text else ''}: p {fmt_p(e.p_point)}"
        + (f" (range {fmt_interval(*e.p_iv, p=True)})" if e.p_iv[0] != e.p_iv[1] else "")
        for e in rec.evals)
    base = f"from {rec.inputs_text}: {desc}"
    changes: bool | None = False
    if ok_point:
        names = ", ".join(SHORT[e.key] for e in ok_point)
        verdict, reason = CONSISTENT, "p_reproduced"
        note = f"Printed P {pp.text} matches {names}. All methods {base}."
        if best not in ok_point and best.key in {e.key for e in rec.evals}:
            note += f" (The method that reproduces the statistic, {SHORT[best.key]}, gives p {fmt_p(best.p_point)}.)"
    elif ok_range:
        names = ", ".join(SHORT[e.key] for e in ok_range)
        verdict, reason = ROUNDING, "p_within_input_rounding"
        note = f"Printed P {pp.text} is reached by {names} only within the rounding intervals of the inputs. All methods {base}."
    else:
        verdict = DECISION if _flip(pp, best.p_iv, alpha) else INCONSISTENT
        reason, changes = "p_not_reproduced", conclusion_changes(pp, best.p_iv, alpha)
        note = f"No method gives printed P {pp.text}. All methods {base}."
        note += (f" Decision error: the printed P and {SHORT[best.key]} (p {fmt_interval(*best.p_iv, p=True)}) disagree about "
                 f"significance at alpha={alpha:g}." if verdict == DECISION
                 else f" The conclusion at alpha={alpha:g} is the same under {SHORT[best.key]}.")
    note += f" The recomputed column shows {SHORT[best.key]}."
    return CheckRow("p_vs_recomputed", comp.table, comp.id, pp.text, fmt_interval(*best.p_iv, p=True), verdict, note,
                    reason=reason, method=best.method, conclusion_changes=changes, recomputed_low=best.p_iv[0],
                    recomputed_high=best.p_iv[1], p_low=best.p_iv[0], p_high=best.p_iv[1], alpha=alpha)


def p_rows(idx: Index, recs: dict[str, Recomputation]) -> list[CheckRow]:
    """Both P checks for every comparison with a printed test (skipped rows when inputs are missing).

    Notes
    -----
    Comparisons that cannot be recomputed still get a statcheck row (df from the design) and a
    ``skipped`` p_vs_recomputed row.

    Examples
    --------
    >>> from osteostats.published import load_published
    >>> from osteostats.check.inputs import Index
    >>> idx = Index(load_published("data/published"))
    >>> from osteostats.check.statistic import statistic_rows
    >>> _, recs = statistic_rows(idx)
    >>> len([r for r in p_rows(idx, recs) if r.check == "p_vs_statistic"])
    21
    """
    rows: list[CheckRow] = []
    for comp in idx.comparisons:
        if comp.statistic_name == "none":
            continue
        rec = recs.get(comp.id)
        if rec is not None:
            if comp.statistic_name != "fisher":
                rows.append(p_vs_statistic(rec, idx.alpha))
            rows.append(p_vs_recomputed(rec, idx.alpha))
            continue
        stat, pp = idx.printed(comp.id, "", "statistic"), idx.printed(comp.id, "", "p")
        if stat is None and pp is None:
            continue
        _, why = recompute(idx, comp)
        fb = _fallback_df(idx, comp)
        if comp.statistic_name != "fisher":
            if fb is None:
                rows.append(CheckRow("p_vs_statistic", comp.table, comp.id, pp.text if pp else "", "", SKIPPED,
                                     "the degrees of freedom cannot be derived from the printed design",
                                     reason="df_not_derivable", alpha=idx.alpha))
            else:
                fam = "t" if comp.statistic_name == "t" else "chi2"
                rows.append(statcheck_row(comp, stat, pp, fam, [fb[:2]], idx.alpha, method=fb[2]))
        rows.append(CheckRow("p_vs_recomputed", comp.table, comp.id, pp.text if pp else "", "", SKIPPED,
                             f"cannot recompute the test: {why}", reason="inputs_missing", alpha=idx.alpha))
    return rows
