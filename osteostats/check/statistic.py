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
from .intervals import (Interval, abs_interval, conclusion_changes, overlaps, printed_interval,
                        printed_significance, range_significance)
from .methods import SHORT, MethodEval, count_methods, count_table, mean_inputs, t_methods
from .rows import CONSISTENT, DECISION, INCONSISTENT, ROUNDING, SKIPPED, CheckRow, fmt, fmt_interval, stat_decimals


@dataclass
class Recomputation:
    """Everything later checks need about one comparison's recomputed test."""

    comp: Comparison
    family: str  # "t" or "chi2" (or "exact" for a printed Fisher test)
    inputs_text: str
    evals: list[MethodEval]
    printed_stat: PrintedNumber | None
    printed_p: PrintedNumber | None
    reproducing: list[str] = field(default_factory=list)  # method keys whose range meets the printed statistic
    best: MethodEval | None = None
    verdict: str = ""
    table: object = None  # CountTable for counts


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
    if comp.variable_type == "continuous" and comp.statistic_name == "t":
        mi, why = mean_inputs(idx, comp)
        if mi is None:
            return None, why
        return Recomputation(comp, "t", mi.describe(), t_methods(mi), stat, p), ""
    if comp.variable_type == "binary" and comp.statistic_name in ("chi2", "fisher"):
        table, why = count_table(idx, comp)
        if table is None:
            return None, why
        evals = count_methods(table)
        rec = Recomputation(comp, "chi2" if comp.statistic_name == "chi2" else "exact", table.describe(), evals, stat, p,
                            table=table)
        return rec, ""
    return None, f"statistic '{comp.statistic_name}' on a {comp.variable_type} comparison is not checked"


def _stat_target(rec: Recomputation) -> Interval:
    iv = printed_interval(rec.printed_stat)
    return abs_interval(iv) if rec.family == "t" else iv


def _point_matches(e: MethodEval, printed: PrintedNumber, family: str) -> bool:
    x = abs(e.point) if family == "t" else e.point
    if math.isnan(x):
        return False
    if printed.kind == "value":
        target = abs_interval(printed_interval(printed)) if family == "t" else printed_interval(printed)
        return format_like(x, printed).lstrip("-") == printed.canonical.lstrip("-") or overlaps((x, x), target)
    return printed.contains(x)


def _stat_iv(e: MethodEval, family: str) -> Interval:
    return abs_interval(e.stat_iv) if family == "t" else e.stat_iv


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
    A method counts for a comparison when its range meets the printed statistic.

    Examples
    --------
    >>> house_methods({}, "chi2")
    []
    """
    tally: dict[str, int] = {}
    for rec in recs.values():
        if rec.family == family:
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
                                         abs((abs(e.point) if rec.family == "t" else e.point) - float(printed.value))))
    closest = ranked[0]
    usual = next((e for e in cand if house and e.key == house[0]), None)
    best = point_ok[0] if point_ok else range_ok[0] if range_ok else (usual or closest)
    rec.best = best

    def desc(e: MethodEval) -> str:
        if e.stat_iv[0] == e.stat_iv[1]:
            return f"{SHORT[e.key]} {fmt(e.point, dec)} ({e.df_text})"
        return (f"{SHORT[e.key]} {fmt(e.point, dec)} at the printed values, range {fmt_interval(*e.stat_iv, dec)} "
                f"({e.df_text})")

    inputs = f"from {rec.inputs_text}"
    sign = ""
    if rec.family == "t" and printed.kind == "value" and best.point * float(printed.value) < 0:
        sign = " The printed t has the opposite sign (group order); compared as |t|."
    recomputed = fmt_interval(*best.stat_iv, dec)
    matched = [SHORT[e.key] for e in (point_ok or range_ok)]
    changes: bool | None = False
    if point_ok:
        verdict, reason = CONSISTENT, "stat_reproduced"
        others = "; ".join(desc(e) for e in cand if e is not best)
        note = (f"{desc(best)} {inputs} rounds to {format_like(abs(best.point) if rec.family == 't' else best.point, printed)}"
                f" = printed. Reproduced by: {', '.join(matched)}. Others: {others or 'none'}.{sign}")
    elif range_ok:
        verdict, reason = ROUNDING, "stat_within_input_rounding"
        others = "; ".join(desc(e) for e in cand if e is not best)
        note = (f"{desc(best)} {inputs}: the point value rounds to "
                f"{format_like(abs(best.point) if rec.family == 't' else best.point, printed)}, not {printed.text}, "
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
        if comp.statistic_name == "none":
            continue
        stat_cell = idx.cell(comp.id, "", "statistic")
        rec, why = recompute(idx, comp)
        if rec is None:
            if comp.statistic_name != "fisher" or (stat_cell is not None and not stat_cell.parsed.is_missing):
                rows.append(CheckRow("statistic", comp.table, comp.id, stat_cell.parsed.text if stat_cell else "",
                                     "", SKIPPED, f"cannot recompute the {comp.statistic_name}: {why}",
                                     reason="inputs_missing", alpha=idx.alpha))
            continue
        recs[comp.id] = rec
        if comp.statistic_name == "fisher":
            rec.best = next((e for e in rec.evals if e.family == "exact"), None)
            continue
        if rec.printed_stat is None:
            rows.append(CheckRow("statistic", comp.table, comp.id, stat_cell.parsed.text if stat_cell else "", "",
                                 SKIPPED, f"no {comp.statistic_name} printed", reason="stat_not_printed",
                                 alpha=idx.alpha))
            rec.best = next((e for e in rec.evals if e.key in ("pearson_chi2", "student_t")), None)
            continue
        pending.append(rec)
    houses = {fam: house_methods(recs, fam) for fam in ("t", "chi2")}
    for rec in pending:
        rows.append(judge_statistic(rec, idx.alpha, houses.get(rec.family)))
    order = {c.id: i for i, c in enumerate(idx.comparisons)}
    rows.sort(key=lambda r: order[r.item])
    return rows, recs


__all__ = ["Recomputation", "house_methods", "judge_statistic", "recompute", "reproducing_methods", "statistic_rows", "distance"]
