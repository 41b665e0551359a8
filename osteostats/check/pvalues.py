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
import math

from .intervals import conclusion_changes, p_matches, p_range
from .methods import ANOVA, PAIRED, SHORT
from .rows import CONSISTENT, DECISION, INCONSISTENT, ROUNDING, SKIPPED, CheckRow, fmt_interval, fmt_p
from .statistic import RATIO_STATISTICS, Recomputation, recompute, skip_reason, stat_target

#: Reference families of printed statistics that have one; ``U`` has none without the ranks.
STAT_FAMILY = {"t": "t", "paired_t": "t", "chi2": "chi2", "F": "F", "z": "z", "r": "r", "H": "chi2"}
KRUSKAL = "Kruskal-Wallis H, chi-squared reference with k - 1 df"
PEARSON_R = "Pearson correlation t-test (t = r sqrt(df/(1 - r^2)), df = n - 2), two-sided"
NORMAL_Z = "Standard normal z, two-sided"


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
    cands = [(SHORT[e.key], e.df_iv, e.df2) for e in rec.evals if e.key in keys and e.has_statistic]
    method = next((e.method for e in rec.evals if e.key in keys and e.has_statistic), "")
    return statcheck_row(rec.comp, rec.printed_stat, rec.printed_p, rec.family, cands, alpha, method=method,
                         printed_df=rec.printed_df)


def statcheck_row(comp, stat, pp, family: str, cands: list[tuple], alpha: float,
                  method: str = "", printed_df=None) -> CheckRow:
    """Printed P against the p of the printed statistic under each candidate (test name, df range[, df2]).

    ``method`` is the full name of the first candidate's test, for the row's ``method`` field.
    A printed df (a plain whole or decimal number; not for F) replaces the candidates' df: the
    P is checked against the statistic and the df the paper prints, as statcheck does (the
    ``df`` check compares that df with the design).

    Notes
    -----
    p = chi2.sf(x, df), f.sf(x, df, df2), 2 t.sf(|x|, df), 2 norm.sf(|z|) or the t of r at both
    ends of the printed statistic's interval (:func:`~osteostats.check.intervals.p_range`),
    matched by :func:`~osteostats.check.intervals.p_matches`. A statistic printed as an
    inequality (``t < 2.2``) gives the p range of its half-line ([p(2.2), 1] for |t| < 2.2):
    P is still checked, as statcheck does.

    Examples
    --------
    >>> from osteostats.printed import parse_printed as pp
    >>> from osteostats.check.inputs import Comparison
    >>> c = Comparison("1", "x", "x", "patient", "continuous", "independent", "", ("A", "B"), "", "t", "", "", 0)
    >>> statcheck_row(c, pp("-2.208"), pp("0.21"), "t", [("Student t", (74.0, 74.0))], 0.05).verdict
    'decision'
    """
    item = comp.id
    if stat is None or pp is None:
        what = "statistic" if stat is None else "P"
        return CheckRow("p_vs_statistic", comp.table, item, pp.text if pp else "", "", SKIPPED,
                        f"no {what} printed, so P cannot be checked against the printed statistic",
                        reason="stat_or_p_missing", method=method, alpha=alpha)
    cands = [(c[0], c[1], c[2] if len(c) > 2 else math.nan) for c in cands]
    df_note = ""
    if printed_df is not None and printed_df.kind == "value" and family != "F":
        d = float(printed_df.value)
        cands = [(name, (d, d), df2) for name, _, df2 in cands[:1]]
        df_note = f" (with the printed df {printed_df.text})"
    stat_iv = stat_target(stat, family)
    ranges = [(name, df, p_range(stat_iv, df, family, df2), df2) for name, df, df2 in cands]
    if stat.kind == "value":
        point = [(name, df, p_range((float(stat.value),) * 2, df, family, df2)) for name, df, df2 in cands]
        ok_point = [name for name, _, iv in point if p_matches(pp, iv)]
    else:  # an inequality has no point: the half-line is what it says
        ok_point = [name for name, _, iv, _ in ranges if p_matches(pp, iv)]
    ok_range = [name for name, _, iv, _ in ranges if p_matches(pp, iv)]
    name0, _, iv0, _ = ranges[0]
    fam = {"t": "two-sided t", "chi2": "chi-squared upper tail", "F": "F upper tail", "z": "two-sided normal",
           "r": "two-sided t of r"}[family]

    def df_text(df: tuple[float, float], df2: float) -> str:
        if family == "z":
            return "no df"
        a, b = f"{df[0]:.2f}".rstrip("0").rstrip("."), f"{df[1]:.2f}".rstrip("0").rstrip(".")
        if not math.isnan(df2):
            return f"df {a}, {df2:g}"
        return f"df {a}" if a == b else f"df {a} to {b}"

    desc = "; ".join(f"{name} {df_text(df, df2)}: p {fmt_interval(*iv, p=True)}" for name, df, iv, df2 in ranges)
    shown = (f"interval {fmt_interval(*stat_iv, stat.decimals + 1)}" if stat.kind == "value"
             else f"the inequality {stat.text}" + (f": |{family}| in {fmt_interval(*stat_iv, stat.decimals)}"
                                                  if family in ("t", "z", "r") else ""))
    base = f"p from the printed statistic {stat.text} ({shown}, {fam}){df_note}: {desc}"
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


def _arm_ns(idx: Index, comp, quantities=("mean", "median", "count")) -> list[int] | None:
    ns = []
    for arm in comp.arms:
        c = next((x for x in (idx.cell(comp.id, arm, q, lv) for q in quantities
                              for lv in [""] + idx.levels(comp.id)) if x is not None and x.n is not None), None)
        if c is None:
            return None
        ns.append(c.n)
    return ns


def _fallback_df(idx: Index, comp) -> tuple[str, tuple[float, float], str, float] | None:
    """The df implied by the design when the test cannot be recomputed (e.g. SDs not printed).

    Returns (short name, df range, full test name, df2) or None when the design does not give it.
    """
    name, nan = comp.statistic_name, math.nan
    if name == "t" and len(comp.arms) == 2:
        ns = _arm_ns(idx, comp)
        if ns is None:
            return None
        df = float(sum(ns) - 2)
        return SHORT["student_t"], (df, df), STUDENT, nan
    if name == "paired_t":
        ns = _arm_ns(idx, comp)
        if ns is None or len(set(ns)) != 1:
            return None
        df = float(ns[0] - 1)
        return SHORT["paired_t"], (df, df), PAIRED, nan
    if name == "F" and len(comp.arms) >= 2:
        ns = _arm_ns(idx, comp)
        if ns is None:
            return None
        k = len(comp.arms)
        return SHORT["anova_f"], (float(k - 1), float(k - 1)), ANOVA, float(sum(ns) - k)
    if name == "chi2" and comp.variable_type == "categorical":
        k = len(idx.levels(comp.id))
        if k < 2:
            return None
        df = float((len(comp.arms) - 1) * (k - 1))
        return SHORT["pearson_chi2"], (df, df), PEARSON, nan
    if name == "chi2" and len(comp.arms) >= 2:
        df = float(len(comp.arms) - 1)
        return SHORT["pearson_chi2"], (df, df), PEARSON, nan
    if name == "H" and len(comp.arms) >= 2:
        df = float(len(comp.arms) - 1)
        return "Kruskal-Wallis H (chi-squared reference)", (df, df), KRUSKAL, nan
    if name == "z":
        return "standard normal z", (nan, nan), NORMAL_Z, nan
    if name == "r":
        n = _r_n(idx, comp)
        if n is None or n < 3:
            return None
        return "Pearson r (t with n - 2 df)", (float(n - 2), float(n - 2)), PEARSON_R, nan
    return None


def _r_n(idx: Index, comp) -> int | None:
    """n behind a printed r: the statistic row's n, else the printed df + 2, else one common arm n."""
    c = idx.cell(comp.id, "", "statistic")
    if c is not None and c.n is not None:
        return c.n
    d = idx.printed(comp.id, "", "df")
    if d is not None and d.kind == "value" and d.decimals == 0:
        return int(d.value) + 2
    ns = set()
    for arm in comp.arms:
        for q in ("n", "mean", "count"):
            x = idx.cell(comp.id, arm, q)
            if x is not None and x.ok:
                ns.add(x.integer if q == "n" else x.n)
    ns.discard(None)
    return ns.pop() if len(ns) == 1 else None


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
    # a method without a point value (paired t over every correlation) is judged by its range
    ok_point = [e for e in rec.evals if p_matches(pp, (e.p_iv if math.isnan(e.p_point) else (e.p_point, e.p_point)))]
    ok_range = [e for e in rec.evals if p_matches(pp, e.p_iv)]
    desc = "; ".join(
        f"{SHORT[e.key]}{(' ' + e.df_text) if e.df_text else ''}: "
        + (f"p in {fmt_interval(*e.p_iv, p=True)}" if math.isnan(e.p_point) else
           f"p {fmt_p(e.p_point)}" + (f" (range {fmt_interval(*e.p_iv, p=True)})" if e.p_iv[0] != e.p_iv[1] else ""))
        for e in rec.evals)
    base = f"from {rec.inputs_text}: {desc}"
    changes: bool | None = False
    if ok_point:
        names = ", ".join(SHORT[e.key] for e in ok_point)
        verdict, reason = CONSISTENT, "p_reproduced"
        note = f"Printed P {pp.text} matches {names}. All methods {base}."
        if best not in ok_point and best.key in {e.key for e in rec.evals} and not math.isnan(best.p_point):
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
        if comp.statistic_name in ("none",) + RATIO_STATISTICS:
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
        printed_df = idx.printed(comp.id, "", "df")
        if comp.statistic_name == "U":
            rows.append(CheckRow("p_vs_statistic", comp.table, comp.id, pp.text if pp else "", "", SKIPPED,
                                 "the P of a Mann-Whitney U depends on the exact distribution or the tie-corrected "
                                 "normal approximation, which need the raw data's ranks", reason="rank_test_not_recomputable",
                                 alpha=idx.alpha))
        elif comp.statistic_name != "fisher":
            if fb is None:
                rows.append(CheckRow("p_vs_statistic", comp.table, comp.id, pp.text if pp else "", "", SKIPPED,
                                     "the degrees of freedom cannot be derived from the printed design",
                                     reason="df_not_derivable", alpha=idx.alpha))
            else:
                fam = STAT_FAMILY[comp.statistic_name]
                rows.append(statcheck_row(comp, stat, pp, fam, [(fb[0], fb[1], fb[3])], idx.alpha, method=fb[2],
                                          printed_df=printed_df))
        rows.append(CheckRow("p_vs_recomputed", comp.table, comp.id, pp.text if pp else "", "", SKIPPED,
                             f"cannot recompute the test: {why}", reason=skip_reason(why), alpha=idx.alpha))
    return rows
