"""The ``statistic`` check: which test reproduces the printed statistic (with rounding intervals).

For a binary comparison the printed χ² is compared with Pearson's χ² (uncorrected and
Yates-corrected) and the likelihood-ratio G recomputed from the printed counts; for a
continuous comparison the printed t with Student's and Welch's t over the rounding intervals
of the printed means and SDs. Every method whose range meets the printed value's interval is
reported.

Verdicts
--------
``consistent``   some method, at the printed inputs, rounds to the printed statistic;
``rounding``     none does at the printed inputs, but some method's range over the inputs'
                 rounding intervals meets the printed interval;
``inconsistent`` no method's range meets it;
``decision``     inconsistent, and the conclusion at alpha differs between the printed P and
                 the p of the closest method;
``skipped``      inputs missing (the note says which).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from ..printed import PrintedNumber, format_like
from .inputs import Comparison, Index
from .intervals import (TWO_SIDED, Interval, abs_interval, conclusion_changes, overlaps, printed_interval,
                        printed_significance, range_significance)
from .methods import (SHORT, MethodEval, anova_methods, count_methods, count_table, group_summaries, mean_inputs,
                      paired_methods, rxc_methods, rxc_table, t_methods, z_methods)

#: Statistics printed with a ratio and its CI (checked by :mod:`~osteostats.check.ratios`).
RATIO_STATISTICS = ("OR", "RR", "HR")
#: Rank tests: their statistic and P come from the ranks of the raw data.
RANK_STATISTICS = ("U", "H")
from .rows import CONSISTENT, DECISION, INCONSISTENT, ROUNDING, SKIPPED, CheckRow, fmt, fmt_interval, stat_decimals


@dataclass
class Recomputation:
    """Everything later checks need about one comparison's recomputed test."""

    comp: Comparison
    family: str  # "t", "chi2", "F", "z" (or "exact" for a printed Fisher test)
    inputs_text: str
    evals: list[MethodEval]
    printed_stat: PrintedNumber | None
    printed_p: PrintedNumber | None
    reproducing: list[str] = field(default_factory=list)  # method keys whose range meets the printed statistic
    best: MethodEval | None = None
    verdict: str = ""
    table: object = None  # CountTable (k x 2) or RxCTable (categorical) for counts
    printed_df: PrintedNumber | None = None  # a printed df (format version 2)


def distance(iv: Interval, target: Interval) -> float:
    """Gap between two intervals (0 when they meet).

    Examples
    --------
    >>> distance((3.46, 3.47), (3.4455, 3.4465)), distance((1, 2), (1.5, 3))
    (0.0135, 0)
    """
    if overlaps(iv, target):
        return 0
    return round(max(target[0] - iv[1], iv[0] - target[1]), 12)


def recompute(idx: Index, comp: Comparison) -> tuple[Recomputation | None, str]:
    """Recompute a comparison with every candidate method, or say why it cannot be done.

    Notes
    -----
    Counts -> :func:`~osteostats.check.methods.count_methods`; mean/SD ->
    :func:`~osteostats.check.methods.t_methods`.

    Examples
    --------
    >>> from osteostats.published import load_published
    >>> from osteostats.check.inputs import Index
    >>> idx = Index(load_published("data/published"))
    >>> rec, why = recompute(idx, idx.by_id["t1_sex_male"])
    >>> rec.inputs_text
    'OP 6/50, MET 22/31'
    """
    stat = idx.printed(comp.id, "", "statistic")
    p = idx.printed(comp.id, "", "p")
    name, vtype = comp.statistic_name, comp.variable_type
    if vtype == "median_iqr" or name in RANK_STATISTICS:
        return None, RANK_WHY
    if name == "r":
        return None, R_WHY
    if vtype == "continuous" and name == "t":
        mi, why = mean_inputs(idx, comp)
        if mi is None:
            return None, why
        return Recomputation(comp, "t", mi.describe(), t_methods(mi), stat, p), ""
    if vtype == "continuous" and name == "F":
        g, why = group_summaries(idx, comp)
        if g is None:
            return None, why
        if len(g.arms) < 2:
            return None, "an ANOVA needs at least two arms"
        return Recomputation(comp, "F", g.describe(), anova_methods(g), stat, p), ""
    if vtype == "continuous" and name == "paired_t":
        evals, text, why = paired_methods(idx, comp)
        if evals is None:
            return None, why
        return Recomputation(comp, "t", text, evals, stat, p), ""
    if name == "z":
        evals, text, why = z_methods(idx, comp)
        if evals is None:
            return None, why
        return Recomputation(comp, "z", text, evals, stat, p), ""
    if vtype == "binary" and name in ("chi2", "fisher"):
        table, why = count_table(idx, comp)
        if table is None:
            return None, why
        evals = count_methods(table)
        rec = Recomputation(comp, "chi2" if name == "chi2" else "exact", table.describe(), evals, stat, p,
                            table=table)
        return rec, ""
    if vtype == "categorical" and name in ("chi2", "fisher"):
        table, why = rxc_table(idx, comp)
        if table is None:
            return None, why
        return Recomputation(comp, "chi2" if name == "chi2" else "exact", table.describe(), rxc_methods(table), stat, p,
                             table=table), ""
    return None, f"statistic '{name}' on a {vtype} comparison is not checked"


RANK_WHY = ("a rank test (Mann-Whitney U, Kruskal-Wallis H, or the z of a rank test on medians [IQR]) needs the "
            "raw data's ranks: its statistic and P cannot be recomputed from the printed numbers")
R_WHY = "a correlation is computed from the raw pairs: only its P is checked against r and n (p_vs_statistic)"


def skip_reason(why: str) -> str:
    """The reason code of a comparison that cannot be recomputed (see :func:`recompute`).

    Examples
    --------
    >>> skip_reason(RANK_WHY), skip_reason(R_WHY), skip_reason("no SD printed for arm MET")
    ('rank_test_not_recomputable', 'stat_not_recomputable', 'inputs_missing')
    """
    return {RANK_WHY: "rank_test_not_recomputable", R_WHY: "stat_not_recomputable"}.get(why, "inputs_missing")


def stat_target(printed: PrintedNumber, family: str) -> Interval:
    """The values a printed statistic allows: its rounding interval (|.| for two-sided
    families), or for an inequality ``t < 2.2`` the half-line it states ([0, 2.2] of |t|).

    Examples
    --------
    >>> from osteostats.printed import parse_printed as pp
    >>> stat_target(pp("-2.5"), "t"), stat_target(pp("<2.2"), "t"), stat_target(pp(">3.84"), "chi2")
    ((2.45, 2.55), (0.0, 2.2), (3.84, inf))
    """
    if printed.kind in ("lt", "le"):
        return 0.0, float(printed.value)
    if printed.kind in ("gt", "ge"):
        return float(printed.value), math.inf
    iv = printed_interval(printed)
    return abs_interval(iv) if family in TWO_SIDED else iv


def _stat_target(rec: Recomputation) -> Interval:
    return stat_target(rec.printed_stat, rec.family)


def _point_matches(e: MethodEval, printed: PrintedNumber, family: str) -> bool:
    x = abs(e.point) if family in TWO_SIDED else e.point
    if math.isnan(x):
        return False
    if printed.kind == "value":
        target = stat_target(printed, family)
        return format_like(x, printed).lstrip("-") == printed.canonical.lstrip("-") or overlaps((x, x), target)
    return printed.contains(x)


def _stat_iv(e: MethodEval, family: str) -> Interval:
    return abs_interval(e.stat_iv) if family in TWO_SIDED else e.stat_iv


def reproducing_methods(rec: Recomputation) -> list[str]:
    """Keys of the methods whose statistic range meets the printed statistic's interval."""
    if rec.printed_stat is None:
        return []
    target = _stat_target(rec)
    return [e.key for e in rec.evals if e.has_statistic and overlaps(_stat_iv(e, rec.family), target)]


def house_methods(recs: dict[str, Recomputation], family: str) -> list[str]:
    """The paper's usual methods for a family: those reproducing most printed statistics, most first.

    Notes
    -----
    A method counts for a comparison when its range meets the printed statistic. ``family``
    is the printed ``statistic_name`` (``t`` and ``paired_t`` are different families).

    Examples
    --------
    >>> house_methods({}, "chi2")
    []
    """
    tally: dict[str, int] = {}
    for rec in recs.values():
        if rec.comp.statistic_name == family:
            for k in reproducing_methods(rec):
                tally[k] = tally.get(k, 0) + 1
    return sorted(tally, key=lambda k: (-tally[k], k))


def judge_statistic(rec: Recomputation, alpha: float, house: list[str] | None = None) -> CheckRow:
    """The ``statistic`` row for one recomputed comparison (also fills ``rec.reproducing``/``best``/``verdict``).

    Parameters
    ----------
    rec
        The comparison recomputed with every method.
    alpha
        Significance level for the ``decision`` verdict.
    house
        The paper's usual methods for this family (most used first). Among several matching
        methods the usual one is reported; when none matches, the conclusion is judged with
        the usual method's p (the closest method when the paper has no usual method).

    Notes
    -----
    Matching as in :mod:`~osteostats.check.intervals`; verdicts as in the module docstring.

    Examples
    --------
    >>> from osteostats.published import load_published
    >>> from osteostats.check.inputs import Index
    >>> idx = Index(load_published("data/published"))
    >>> from osteostats.check.statistic import statistic_rows
    >>> _, recs = statistic_rows(idx)
    >>> judge_statistic(recs["t1_bmi"], 0.05, ["student_t"]).verdict
    'rounding'
    """
    comp, printed = rec.comp, rec.printed_stat
    house = house or []
    cand = [e for e in rec.evals if e.has_statistic]
    target = _stat_target(rec)
    dec = stat_decimals(printed)
    rank = {k: i for i, k in enumerate(house)}

    def pref(e: MethodEval) -> int:
        return rank.get(e.key, len(rank))

    point_ok = sorted((e for e in cand if _point_matches(e, printed, rec.family)), key=pref)
    range_ok = sorted((e for e in cand if overlaps(_stat_iv(e, rec.family), target)), key=pref)
    rec.reproducing = [e.key for e in range_ok]
    ranked = sorted(cand, key=lambda e: (distance(_stat_iv(e, rec.family), target),
                                         _gap(e, rec.family, printed)))
    closest = ranked[0]
    usual = next((e for e in cand if house and e.key == house[0]), None)
    best = point_ok[0] if point_ok else range_ok[0] if range_ok else (usual or closest)
    rec.best = best

    def desc(e: MethodEval) -> str:
        if math.isnan(e.point):
            return f"{SHORT[e.key]} in {fmt_interval(*e.stat_iv, dec)} ({e.df_text})"
        if e.stat_iv[0] == e.stat_iv[1]:
            return f"{SHORT[e.key]} {fmt(e.point, dec)} ({e.df_text})"
        return (f"{SHORT[e.key]} {fmt(e.point, dec)} at the printed values, range {fmt_interval(*e.stat_iv, dec)} "
                f"({e.df_text})")

    inputs = f"from {rec.inputs_text}"
    sign = ""
    if rec.family in TWO_SIDED and printed.kind == "value" and best.point * float(printed.value) < 0:
        sign = f" The printed {rec.family} has the opposite sign (group order); compared as |{rec.family}|."
    recomputed = fmt_interval(*best.stat_iv, dec)
    matched = [SHORT[e.key] for e in (point_ok or range_ok)]
    changes: bool | None = False
    if best.key == "paired_t_any_r":
        return _judge_any_r(rec, best, target, range_ok, alpha, dec, desc)
    if point_ok:
        verdict, reason = CONSISTENT, "stat_reproduced"
        others = "; ".join(desc(e) for e in cand if e is not best)
        if printed.kind == "value":
            shown = f"rounds to {format_like(abs(best.point) if rec.family in TWO_SIDED else best.point, printed)} = printed"
        else:
            shown = f"satisfies the printed inequality {printed.text}" + (" (as |t|)" if rec.family in TWO_SIDED else "")
        note = (f"{desc(best)} {inputs} {shown}. Reproduced by: {', '.join(matched)}. Others: {others or 'none'}.{sign}")
    elif range_ok:
        verdict, reason = ROUNDING, "stat_within_input_rounding"
        others = "; ".join(desc(e) for e in cand if e is not best)
        note = (f"{desc(best)} {inputs}: the point value rounds to "
                f"{format_like(abs(best.point) if rec.family in TWO_SIDED else best.point, printed)}, not {printed.text}, "
                f"but the range over the rounding intervals of the printed inputs contains {printed.text} "
                f"(interval {fmt_interval(*target, dec + 1)}): explained by rounding. Ranges containing it: "
                f"{', '.join(matched)}. Others: {others or 'none'}.{sign}")
    else:
        verdict, reason = INCONSISTENT, "stat_outside_range"
        others = "; ".join(desc(e) for e in cand if e is not closest)
        note = (f"No method reproduces {printed.text} (interval {fmt_interval(*target, dec + 1)}) {inputs}. "
                f"Closest: {desc(closest)}. Others: {others or 'none'}.{sign}")
        ref = (f"{SHORT[best.key]}, the method that reproduces most of the paper's other values,"
               if usual is not None else f"{SHORT[best.key]}, the closest method,")
        sig_printed = printed_significance(rec.printed_p, alpha) if rec.printed_p is not None else None
        sig_new = range_significance(best.p_iv, alpha)
        changes = conclusion_changes(rec.printed_p, best.p_iv, alpha)
        if sig_printed is not None and sig_new is not None and sig_printed != sig_new:
            verdict = DECISION
            note += (f" Decision error: printed P {rec.printed_p.text} is {'<' if sig_printed else '>='} {alpha:g} but "
                     f"{ref} gives p {fmt_interval(*best.p_iv, p=True)} from the printed inputs.")
        elif sig_new is not None:
            note += f" {ref} gives p {fmt_interval(*best.p_iv, p=True)}: the conclusion at alpha={alpha:g} is unchanged."
        note += f" The recomputed column shows {SHORT[best.key]}."
    rec.verdict = verdict
    return CheckRow("statistic", comp.table, comp.id, printed.text, recomputed, verdict, note, reason=reason,
                    method=best.method, conclusion_changes=changes, recomputed_low=best.stat_iv[0],
                    recomputed_high=best.stat_iv[1], p_low=best.p_iv[0], p_high=best.p_iv[1], alpha=alpha)


def _gap(e: MethodEval, family: str, printed: PrintedNumber) -> float:
    x = abs(e.point) if family in TWO_SIDED else e.point
    d = abs(x - float(printed.value))
    return math.inf if math.isnan(d) else d


def _judge_any_r(rec: Recomputation, best: MethodEval, target: Interval, range_ok: list, alpha: float, dec: int,
                 desc) -> CheckRow:
    """A paired t whose SD of differences is not printed: possible for some within-pair correlation?"""
    comp, printed = rec.comp, rec.printed_stat
    base = (f"{desc(best)} from {rec.inputs_text}: the SD of the differences is not printed, so |t| can be anything "
            f"in this range as the within-pair correlation runs over [-1, 1] (and the inputs over their rounding)")
    changes: bool | None = None
    if range_ok:
        verdict, reason = CONSISTENT, "stat_possible_for_some_correlation"
        note = f"{base}; the printed {printed.text} lies in it. Print the SD of the differences to check it exactly."
    else:
        verdict, reason = INCONSISTENT, "stat_impossible_for_any_correlation"
        note = f"{base}; the printed {printed.text} (interval {fmt_interval(*target, dec + 1)}) does not: no pairing gives it."
        changes = conclusion_changes(rec.printed_p, best.p_iv, alpha)
        if changes:
            verdict = DECISION
            note += f" Every pairing gives p {fmt_interval(*best.p_iv, p=True)}: the conclusion at alpha={alpha:g} flips."
    rec.verdict = verdict
    rec.reproducing = [best.key] if range_ok else []
    return CheckRow("statistic", comp.table, comp.id, printed.text, fmt_interval(*best.stat_iv, dec), verdict, note,
                    reason=reason, method=best.method, conclusion_changes=changes, recomputed_low=best.stat_iv[0],
                    recomputed_high=best.stat_iv[1], p_low=best.p_iv[0], p_high=best.p_iv[1], alpha=alpha)


def statistic_rows(idx: Index) -> tuple[list[CheckRow], dict[str, Recomputation]]:
    """The ``statistic`` check on every comparison that prints a t or χ² (skipped rows for missing inputs).

    Notes
    -----
    Two passes: recompute all, find the paper's usual method per family, then judge.

    Examples
    --------
    >>> from osteostats.published import load_published
    >>> from osteostats.check.inputs import Index
    >>> idx = Index(load_published("data/published"))
    >>> rows, recs = statistic_rows(idx)
    >>> [r.verdict for r in rows if r.item == "t1_age"]
    ['inconsistent']
    """
    rows: list[CheckRow] = []
    recs: dict[str, Recomputation] = {}
    pending: list[Recomputation] = []
    for comp in idx.comparisons:
        if comp.statistic_name in ("none",) + RATIO_STATISTICS:
            continue
        stat_cell = idx.cell(comp.id, "", "statistic")
        rec, why = recompute(idx, comp)
        if rec is None:
            if comp.statistic_name != "fisher" or (stat_cell is not None and not stat_cell.parsed.is_missing):
                rows.append(CheckRow("statistic", comp.table, comp.id, stat_cell.parsed.text if stat_cell else "",
                                     "", SKIPPED, f"cannot recompute the {comp.statistic_name}: {why}",
                                     reason=skip_reason(why), alpha=idx.alpha))
            continue
        rec.printed_df = idx.printed(comp.id, "", "df")
        recs[comp.id] = rec
        if comp.statistic_name == "fisher":
            rec.best = next((e for e in rec.evals if e.family == "exact"), None)
            continue
        if rec.printed_stat is None:
            rows.append(CheckRow("statistic", comp.table, comp.id, stat_cell.parsed.text if stat_cell else "", "",
                                 SKIPPED, f"no {comp.statistic_name} printed", reason="stat_not_printed",
                                 alpha=idx.alpha))
            rec.best = next((e for e in rec.evals if e.key in ("pearson_chi2", "student_t")), rec.evals[0])
            continue
        pending.append(rec)
    houses = {fam: house_methods(recs, fam) for fam in ("t", "chi2")}
    for rec in pending:
        rows.append(judge_statistic(rec, idx.alpha, houses.get(rec.comp.statistic_name)))
    order = {c.id: i for i, c in enumerate(idx.comparisons)}
    rows.sort(key=lambda r: order[r.item])
    return rows, recs


__all__ = ["RANK_STATISTICS", "RATIO_STATISTICS", "Recomputation", "house_methods", "judge_statistic", "recompute",
           "reproducing_methods", "skip_reason", "stat_target", "statistic_rows", "distance"]
