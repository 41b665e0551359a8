"""Diagnostic accuracy from a 2×2 table: sensitivity, specificity, PPV, NPV with Wilson CIs."""
from __future__ import annotations

import pandas as pd

from ..errors import InputError
from .proportions import wilson_ci


def diagnostic_accuracy(tp: int, fp: int, fn: int, tn: int, alpha: float = 0.05) -> pd.DataFrame:
    """Sensitivity, specificity, PPV and NPV of a test against a reference standard.

    Parameters
    ----------
    tp, fp, fn, tn
        Counts: test positive & condition present, test positive & absent, test negative &
        present, test negative & absent.
    alpha
        1 − confidence level of the Wilson intervals.

    Returns
    -------
    pandas.DataFrame
        One row per measure: ``measure``, ``k``, ``n``, ``estimate``, ``ci_low``,
        ``ci_high``, ``method``. A measure with n = 0 has NaN estimate and CI.

    Notes
    -----
    Sensitivity = TP/(TP + FN), specificity = TN/(TN + FP), PPV = TP/(TP + FP),
    NPV = TN/(TN + FN); Wilson score intervals (:func:`~osteostats.stats.proportions.wilson_ci`,
    equal to ``statsmodels.stats.proportion.proportion_confint(method="wilson")``). PPV and NPV depend
    on the prevalence in the sample. Validated against Altman & Bland (BMJ 1994;308:1552,
    liver scan: 231, 32, 27, 54 gives sensitivity 0.895, specificity 0.628, and BMJ
    1994;309:102: PPV 0.878, NPV 0.667) and against the Wilson formula written out
    (tests/test_stats_diagnostic.py).

    Examples
    --------
    >>> d = diagnostic_accuracy(231, 32, 27, 54)
    >>> d[["measure", "k", "n"]].values.tolist()
    [['sensitivity', 231, 258], ['specificity', 54, 86], ['ppv', 231, 263], ['npv', 54, 81]]
    >>> d["estimate"].round(3).tolist()
    [0.895, 0.628, 0.878, 0.667]
    """
    counts = {"tp": tp, "fp": fp, "fn": fn, "tn": tn}
    for name, v in counts.items():
        if isinstance(v, bool) or not float(v).is_integer() or v < 0:
            raise InputError(f"{name} must be a non-negative integer count (got {v!r})")
    if not 0 < alpha < 1:
        raise InputError(f"alpha must lie in (0, 1) (got {alpha})")
    rows = []
    for measure, k, n in (("sensitivity", tp, tp + fn), ("specificity", tn, tn + fp),
                          ("ppv", tp, tp + fp), ("npv", tn, tn + fn)):
        k, n = int(k), int(n)
        if n == 0:
            est = lo = hi = float("nan")
        else:
            est = k / n
            lo, hi = (float(x) for x in wilson_ci(k, n, alpha=alpha))
        rows.append({"measure": measure, "k": k, "n": n, "estimate": est, "ci_low": lo, "ci_high": hi,
                     "method": f"proportion with Wilson score {100 * (1 - alpha):g}% CI"})
    return pd.DataFrame(rows)
