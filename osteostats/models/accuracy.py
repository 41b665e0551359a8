"""Diagnostic accuracy of each sign for metastasis (MET = positive class).

For a sign, "test positive" = sign present and "disease positive" = MET vertebra:
sensitivity = present among MET, specificity = absent among OP, PPV = MET among present,
NPV = OP among absent, LR+ = sens / (1 - spec), LR- = (1 - sens) / spec.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
from ..stats import distributions as dist

from ..study import load_study
from .design import EVENT, prepare

ACCURACY_COLUMNS = ["sign", "label", "positive_class", "n", "tp", "fp", "fn", "tn", "n_dropped"]
for _m in ("sensitivity", "specificity", "ppv", "npv", "lr_pos", "lr_neg"):
    ACCURACY_COLUMNS += [_m, f"{_m}_ci_low", f"{_m}_ci_high"]
ACCURACY_COLUMNS += ["ci_method", "note", "caveat"]


def wilson(successes: float, n: float, alpha: float = 0.05) -> tuple[float, float, float]:
    """Proportion with its Wilson score interval.

    Parameters
    ----------
    successes, n : float
        Count and total; ``n = 0`` gives NaNs.
    alpha : float
        1 - confidence level.

    Returns
    -------
    tuple of float
        ``(proportion, low, high)``.

    Notes
    -----
    Wilson EB (1927), J Am Stat Assoc 22:209-212. Computed by
    :func:`osteostats.stats.proportions.wilson_ci` (equal to statsmodels'
    ``proportion_confint(successes, n, alpha, method="wilson")``); the bounds are clipped to
    [0, 1] against rounding. The interval stays inside [0, 1] and is informative at 0 % and
    100 % (e.g. 0/98 gives 0 to 3.8 %).

    Examples
    --------
    >>> [round(v, 4) for v in wilson(0, 98)]
    [0.0, 0.0, 0.0377]
    >>> [round(v, 4) for v in wilson(26, 43)]
    [0.6047, 0.4558, 0.7363]
    """
    from ..stats.proportions import wilson_ci

    if n <= 0:
        return math.nan, math.nan, math.nan
    low, high = wilson_ci(successes, n, alpha=alpha)
    return float(successes / n), float(max(0.0, low)), float(min(1.0, high))


def likelihood_ratio(a: float, n1: float, b: float, n0: float, alpha: float = 0.05
                     ) -> tuple[float, float, float, str]:
    """Ratio of two proportions ``(a/n1) / (b/n0)`` with a log-method (Katz) interval.

    Returns ``(ratio, low, high, note)``. When ``a`` or ``b`` is 0 the ratio is 0 or
    infinite and the interval uses 0.5 added to ``a`` and ``b`` (and 1 to ``n1``, ``n0``),
    said in ``note``.

    Examples
    --------
    >>> [round(v, 3) for v in likelihood_ratio(40, 43, 6, 98)[:3]]
    [15.194, 6.968, 33.131]
    """
    note = ""
    ratio = (a / n1) / (b / n0) if b > 0 else (math.inf if a > 0 else math.nan)
    aa, bb, nn1, nn0 = a, b, n1, n0
    if a == 0 or b == 0:
        aa, bb, nn1, nn0 = a + 0.5, b + 0.5, n1 + 1, n0 + 1
        note = "zero cell: interval with 0.5 added to each count"
    r = (aa / nn1) / (bb / nn0)
    se = math.sqrt(1 / aa - 1 / nn1 + 1 / bb - 1 / nn0)
    z = dist.norm.isf(alpha / 2)
    return ratio, r * math.exp(-z * se), r * math.exp(z * se), note


def accuracy_table(vf: pd.DataFrame, alpha: float = 0.05, missing: str = "drop",
                   source: str = "vertebrae.csv", signs: dict[str, str] | None = None) -> pd.DataFrame:
    """Sensitivity, specificity, PPV, NPV, LR+ and LR- of every sign for the positive group.

    Parameters
    ----------
    vf : pandas.DataFrame
        Vertebra frame (:func:`osteostats.models.design.vertebra_frame`).
    alpha : float
        1 - confidence level.
    missing : {"drop", "fail"}
        Missing-value policy per sign.
    source : str
        File name for error messages.
    signs : dict, optional
        Sign name -> label (default: every sign of the bundled study spec).

    Returns
    -------
    pandas.DataFrame
        One row per sign (columns :data:`ACCURACY_COLUMNS`).

    Notes
    -----
    Proportions get Wilson intervals. LR+ and LR- are ratios of two proportions; they get the
    log-method interval of Simel, Samsa and Matchar (1991), with 0.5 added to the counts when
    a cell is zero. Every vertebra counts once: vertebrae of the same patient are treated as
    independent, so intervals are somewhat too narrow for patient-level signs. PPV and NPV
    hold for the study's MET proportion (43/141) only.

    Examples
    --------
    >>> from osteostats.cases import load_cases
    >>> from osteostats.models.design import vertebra_frame
    >>> t = accuracy_table(vertebra_frame(load_cases("data/cases").vertebrae))
    >>> t.set_index("label").loc["Paravertebral soft-tissue mass", ["tp", "fp", "fn", "tn"]].tolist()
    [42, 0, 1, 98]
    """
    if signs is None:
        signs = {n: v.label["en"] for n, v in load_study().signs().items()}
    rows = []
    for sign, label in signs.items():
        prep = prepare(vf, EVENT, [sign], source=source, missing=missing)
        x, y = prep.X[:, 0], prep.y
        tp = int(np.sum((x == 1) & (y == 1)))
        fp = int(np.sum((x == 1) & (y == 0)))
        fn = int(np.sum((x == 0) & (y == 1)))
        tn = int(np.sum((x == 0) & (y == 0)))
        row = dict(sign=sign, label=label, positive_class="MET (sign present = test positive)", n=len(y),
                   tp=tp, fp=fp, fn=fn, tn=tn, n_dropped=prep.n_dropped)
        for name, (s, n) in dict(sensitivity=(tp, tp + fn), specificity=(tn, tn + fp),
                                 ppv=(tp, tp + fp), npv=(tn, tn + fn)).items():
            row[name], row[f"{name}_ci_low"], row[f"{name}_ci_high"] = wilson(s, n, alpha)
        notes = []
        row["lr_pos"], row["lr_pos_ci_low"], row["lr_pos_ci_high"], n1 = likelihood_ratio(tp, tp + fn, fp, fp + tn, alpha)
        row["lr_neg"], row["lr_neg_ci_low"], row["lr_neg_ci_high"], n2 = likelihood_ratio(fn, tp + fn, tn, fp + tn, alpha)
        if n1:
            notes.append("LR+: " + n1)
        if n2:
            notes.append("LR-: " + n2)
        if prep.n_dropped:
            notes.append(prep.dropped_message)
        if tp + fp == 0 or fn + tn == 0:
            notes.append("sign never/always present: PPV or NPV undefined")
        row["ci_method"] = ("Wilson score for proportions; log method (Simel 1991) for likelihood ratios; "
                            "vertebrae treated as independent")
        row["note"] = "; ".join(notes)
        rows.append(row)
    return pd.DataFrame(rows, columns=ACCURACY_COLUMNS)
