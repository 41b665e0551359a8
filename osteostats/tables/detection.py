"""Detection rates of Table 3 with their confidence intervals (``detection.csv``).

The tables stage owns these numbers and writes them; the report only shows them.
"""
from __future__ import annotations

import pandas as pd

from ..stats.proportions import wilson_ci

COLUMNS = ["stratum", "comparison", "finding", "item", "arm", "k", "n", "rate", "ci_low", "ci_high", "ci_method"]


def detection_rates(table3: pd.DataFrame, alpha: float = 0.05) -> pd.DataFrame:
    """One row per group, finding and modality (and ``any``): k of n detected, rate, Wilson CI.

    Examples
    --------
    >>> from osteostats.cases import load_cases
    >>> from osteostats.tables import build_tables
    >>> d = detection_rates(build_tables(load_cases("data/cases")).table("3"))
    >>> r = d[(d.comparison == "t3_met_soft_tissue") & (d.arm == "mri")].iloc[0]
    >>> int(r.k), int(r.n), round(float(r.ci_low), 4)
    (42, 43, 0.8794)
    """
    c = table3[table3["quantity"] == "count"]
    k = c["value"].astype(float).to_numpy()
    n = c["n"].astype(float).to_numpy()
    lo, hi = wilson_ci(k, n, alpha)
    out = pd.DataFrame({"stratum": c["stratum"].to_numpy(), "comparison": c["comparison"].to_numpy(),
                        "finding": c["measure"].to_numpy(), "item": c["item"].to_numpy(), "arm": c["arm"].to_numpy(),
                        "k": k.astype(int), "n": n.astype(int), "rate": k / n, "ci_low": lo, "ci_high": hi})
    out["ci_method"] = f"Wilson score {100 * (1 - alpha):g}% CI (statsmodels proportion_confint)"
    return out[COLUMNS]
