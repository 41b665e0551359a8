"""The ``df`` check: a printed degrees of freedom against the design (format version 2).

The design fixes the df of every test a table prints: n₁ + n₂ − 2 for Student's t (Welch's
df from the printed SDs), n − 1 for a paired t, (r − 1)(c − 1) for a χ² (k − 1 for k arms
of a binary row), k − 1 and N − k for a one-way ANOVA F, k − 1 for Kruskal–Wallis H, n − 2
for a correlation. A printed df that none of these gives means the test, the n analysed or
the df is not what the table says. The P check (``p_vs_statistic``) uses the printed df, as
statcheck does; this check says whether that df fits the design.

Verdicts: ``consistent`` (the printed df is the design's), ``inconsistent`` (it is not; the
note gives the design's df and the n it implies), ``skipped`` (the design gives no df: a z,
a Fisher or Mann–Whitney test, or missing sizes).
"""
from __future__ import annotations

import math

from .inputs import Index
from .intervals import overlaps, printed_interval
from .rows import CONSISTENT, INCONSISTENT, SKIPPED, CheckRow
from .statistic import Recomputation


def _ns(idx: Index, comp) -> list[int] | None:
    out = []
    levels = [""] + idx.levels(comp.id)
    for arm in comp.arms:
        c = next((x for x in (idx.cell(comp.id, arm, q, lv) for q in ("mean", "median", "count") for lv in levels)
                  if x is not None and x.n is not None), None)
        if c is None:
            return None
        out.append(c.n)
    return out


def design_dfs(idx: Index, comp, rec: Recomputation | None) -> tuple[list[tuple[str, tuple[float, float]]], str]:
    """The df(s) the design gives for the printed test, as (what, range), or [] and why not.

    Examples
    --------
    >>> from osteostats.published import load_published
    >>> idx = Index(load_published("data/published"))
    >>> design_dfs(idx, idx.by_id["t1_age"], None)[0]
    [('Student t: n1 + n2 - 2 = 50 + 31 - 2', (79.0, 79.0))]
    """
    name, k = comp.statistic_name, len(comp.arms)
    ns = _ns(idx, comp)
    if name == "t" and k == 2 and ns:
        out = [(f"Student t: n1 + n2 - 2 = {ns[0]} + {ns[1]} - 2", (float(sum(ns) - 2),) * 2)]
        welch = next((e for e in rec.evals if e.key == "welch_t"), None) if rec is not None else None
        if welch is not None:
            out.append(("Welch t: Welch-Satterthwaite df from the printed SDs", welch.df_iv))
        return out, ""
    if name == "paired_t" and ns and len(set(ns)) == 1:
        return [(f"paired t: n - 1 = {ns[0]} - 1", (float(ns[0] - 1),) * 2)], ""
    if name == "F" and ns and k >= 2:
        return [(f"ANOVA between groups: k - 1 = {k} - 1", (float(k - 1),) * 2),
                (f"ANOVA within groups: N - k = {sum(ns)} - {k}", (float(sum(ns) - k),) * 2)], ""
    if name == "chi2" and comp.variable_type == "categorical":
        c = len(idx.levels(comp.id))
        if c >= 2:
            return [(f"chi-squared: (r - 1)(c - 1) = ({k} - 1)({c} - 1)", (float((k - 1) * (c - 1)),) * 2)], ""
    if name == "chi2" and k >= 2:
        return [(f"chi-squared on {k} arms x 2: k - 1 = {k} - 1", (float(k - 1),) * 2)], ""
    if name == "H" and k >= 2:
        return [(f"Kruskal-Wallis H: k - 1 = {k} - 1", (float(k - 1),) * 2)], ""
    if name == "r":
        st = idx.cell(comp.id, "", "statistic")
        n = st.n if st is not None else None
        if n is None and ns and len(set(ns)) == 1:
            n = ns[0]
        if n is not None:
            return [(f"correlation: n - 2 = {n} - 2", (float(n - 2),) * 2)], ""
    return [], f"the design gives no df for a '{name}' on a {comp.variable_type} comparison (or its sizes are not printed)"


def df_rows(idx: Index, recs: dict[str, Recomputation]) -> list[CheckRow]:
    """One ``df`` row per comparison with a printed df.

    Notes
    -----
    Integer arithmetic on the printed sizes; a Welch df (not an integer) matches when the
    printed df's rounding interval meets the Welch df range over the printed SDs.
    """
    rows: list[CheckRow] = []
    for comp in idx.comparisons:
        d = idx.printed(comp.id, "", "df")
        if d is None:
            continue
        if d.kind != "value":
            rows.append(CheckRow("df", comp.table, comp.id, d.text, "", SKIPPED, "df printed as an inequality",
                                 reason="value_missing"))
            continue
        dfs, why = design_dfs(idx, comp, recs.get(comp.id))
        if not dfs:
            rows.append(CheckRow("df", comp.table, comp.id, d.text, "", SKIPPED, why, reason="df_design_unknown"))
            continue
        target = printed_interval(d)
        hits = [(w, iv) for w, iv in dfs if overlaps(iv, target)]

        def show(iv: tuple[float, float]) -> str:
            return f"{iv[0]:g}" if iv[0] == iv[1] else f"[{iv[0]:.2f}, {iv[1]:.2f}]"

        listing = "; ".join(f"{w} = {show(iv)}" for w, iv in dfs)
        if hits:
            w, iv = hits[0]
            rows.append(CheckRow("df", comp.table, comp.id, d.text, show(iv), CONSISTENT,
                                 f"printed df {d.text} is the design's ({w} = {show(iv)}).", reason="df_matches_design",
                                 recomputed_low=iv[0], recomputed_high=iv[1]))
        else:
            w, iv = dfs[0]
            rows.append(CheckRow("df", comp.table, comp.id, d.text, show(iv), INCONSISTENT,
                                 f"printed df {d.text} is not what the design gives ({listing}): the test, the n analysed "
                                 f"or the df differs from the table.", reason="df_differs_from_design",
                                 recomputed_low=iv[0], recomputed_high=iv[1] if not math.isnan(iv[1]) else None))
    return rows
