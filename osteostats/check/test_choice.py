"""Test choice: was χ² the right test? Expected counts where a χ² was printed.

2×2 tables: any expected count below 5 means Fisher's exact test was indicated (the rule
the paper itself states, and gtsummary's). k×2 and r×c tables (a ``categorical`` variable's
levels, format version 2): Cochran's (1954) rule, no expected
count below 1 and at most 20 % of cells below 5; when it fails, the Fisher–Freeman–Halton
exact test is indicated. The note gives the smallest expected count (row total × column
total / N, so a reader can recompute it), the exact p, and whether the conclusion at alpha
changes against the printed P.

Verdicts: ``consistent`` when χ² was appropriate, ``warning`` when the exact test was
indicated (the note says whether the conclusion changes).
"""
from __future__ import annotations

import numpy as np

from ..stats import expected_counts
from .intervals import conclusion_changes, printed_significance, range_significance
from .methods import SHORT
from .rows import CONSISTENT, WARNING, CheckRow, fmt, fmt_p
from .statistic import Recomputation


def choice_rows(recs: dict[str, Recomputation], alpha: float) -> list[CheckRow]:
    """One row per comparison with a printed χ² and usable counts.

    Notes
    -----
    Expected counts are row total x column total / N (``osteostats.stats.expected_counts``);
    the exact p comes from ``scipy.stats.fisher_exact`` (2x2) or :func:`~osteostats.check.methods.freeman_halton_kx2`.
    Validated on the paper's flat-shape and cleft rows against scipy (tests/test_check_paper.py).

    Examples
    --------
    >>> from osteostats.published import load_published
    >>> from osteostats.check.inputs import Index
    >>> idx = Index(load_published("data/published"))
    >>> from osteostats.check.statistic import statistic_rows
    >>> _, recs = statistic_rows(idx)
    >>> r = [r for r in choice_rows(recs, 0.05) if idx.by_id[r.item].item.startswith("Shape: flat")][0]
    >>> r.verdict, r.recomputed
    ('warning', '0.0908 (fisher)')
    """
    rows: list[CheckRow] = []
    for rec in recs.values():
        comp = rec.comp
        if comp.statistic_name != "chi2" or rec.table is None:
            continue
        arr = rec.table.array
        if np.any(arr.sum(axis=0) == 0):
            continue
        exp = expected_counts(arr)
        i, j = np.unravel_index(int(np.argmin(exp)), exp.shape)
        rt, ct, big_n = arr.sum(axis=1)[i], arr.sum(axis=0)[j], arr.sum()
        min_e = float(exp.min())
        n_small = int((exp < 5).sum())
        frac = n_small / exp.size
        where = (f"smallest expected count {fmt(min_e, 2)} ({rec.table.arms[i]}, "
                 f"{rec.table.column_label(j)}: {int(rt)} x {int(ct)} / {int(big_n)})")
        is_2x2 = arr.shape == (2, 2)
        if is_2x2:
            indicated = min_e < 5
            rule = f"{where} {'<' if indicated else '>='} 5"
        else:
            indicated = min_e < 1 or frac > 0.2
            rule = (f"{where}; {n_small} of {exp.size} cells ({100 * frac:.0f}%) below 5 "
                    f"(Cochran's rule: none below 1 and at most 20% below 5 -> {'fails' if indicated else 'holds'})")
        if comp.design == "paired":
            rule += " (the k x 2 test itself ignores the pairing: see the design check)"
        printed = f"chi2 {rec.printed_stat.text if rec.printed_stat else '-'}, P {rec.printed_p.text if rec.printed_p else '-'}"
        exact = next((e for e in rec.evals if e.family == "exact"), None)
        if not indicated:
            rows.append(CheckRow("test_choice", comp.table, comp.id, printed, fmt(min_e, 2), CONSISTENT,
                                 f"{rule}: the chi-squared test was appropriate.", reason="expected_counts_ok",
                                 conclusion_changes=False, recomputed_low=min_e, recomputed_high=min_e, alpha=alpha))
            continue
        if exact is None:
            rows.append(CheckRow("test_choice", comp.table, comp.id, printed, fmt(min_e, 2), WARNING,
                                 f"{rule}: an exact test was indicated (too many tables to enumerate here).",
                                 reason="exact_test_not_enumerated", recomputed_low=min_e, recomputed_high=min_e,
                                 alpha=alpha))
            continue
        sig_p = printed_significance(rec.printed_p, alpha) if rec.printed_p is not None else None
        sig_e = range_significance(exact.p_iv, alpha)
        if sig_p is None or sig_e is None:
            concl = "the change of conclusion cannot be judged from the printed P"
        elif sig_p == sig_e:
            concl = (f"the conclusion at alpha={alpha:g} is unchanged "
                     f"({'significant' if sig_e else 'not significant'} either way)")
        else:
            concl = (f"the conclusion at alpha={alpha:g} CHANGES: printed P {rec.printed_p.text} is "
                     f"{'significant' if sig_p else 'not significant'}, {SHORT[exact.key]} p {fmt_p(exact.p_point)} is "
                     f"{'significant' if sig_e else 'not significant'}")
        rows.append(CheckRow("test_choice", comp.table, comp.id, printed, f"{fmt_p(exact.p_point)} ({exact.key})", WARNING,
                             f"{rule}: {SHORT[exact.key]} was indicated; it gives p {fmt_p(exact.p_point)} against printed "
                             f"P {rec.printed_p.text if rec.printed_p else '-'}; {concl}.",
                             reason="rule_selects_fisher" if is_2x2 else "rule_selects_exact", method=exact.method,
                             conclusion_changes=conclusion_changes(rec.printed_p, exact.p_iv, alpha),
                             recomputed_low=exact.p_point, recomputed_high=exact.p_point, p_low=exact.p_iv[0],
                             p_high=exact.p_iv[1], alpha=alpha))
    return rows
