"""Common columns and wording of the model output tables."""
from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

#: Stated in every output built from reconstructed case tables.
CAVEAT = ("Reconstructed data: these results illustrate the method and are not findings about "
          "the original patients (the case tables are a reconstruction that only matches the "
          "paper's printed margins).")

POSITIVE_NOTE = "MET (metastatic fracture) is the positive class / event; OP is the reference."

#: Columns of univariable.csv and multivariable.csv, in order.
COEF_COLUMNS = [
    "model", "term", "label", "analysis", "unit", "n", "n_events", "n_patients", "n_dropped",
    "present_met", "present_op", "separated", "ml_infinite",
    "coef", "se", "se_classic", "ci_low", "ci_high", "or", "or_ci_low", "or_ci_high",
    "ci_method", "p", "p_method", "interval_trustworthy", "status", "note", "caveat",
]

#: Columns holding numbers (missing = NaN, written as an empty cell).
NUMERIC_COLUMNS = {"n", "n_events", "n_patients", "n_dropped", "present_met", "present_op", "coef", "se",
                   "se_classic", "ci_low", "ci_high", "or", "or_ci_low", "or_ci_high", "p"}

TRUST_PROFILE = "yes: profile penalized likelihood stays valid with or without separation"
TRUST_SEPARATED = ("no: separated sign - resamples/subsets stay separated, so this interval "
                   "collapses onto the penalized estimate; use the profile interval (analysis firth)")
TRUST_NOCLUSTER = ("yes for separation; treats vertebrae as independent, so it may be too "
                   "narrow for a patient-level feature")


def coef_row(**values: Any) -> dict[str, Any]:
    """A row with every column of :data:`COEF_COLUMNS` (missing ones empty, OR columns derived).

    Examples
    --------
    >>> r = coef_row(term="x", coef=0.0, ci_low=-1.0, ci_high=1.0)
    >>> r["or"], round(r["or_ci_high"], 4)
    (1.0, 2.7183)
    """
    row: dict[str, Any] = {c: values.get(c, math.nan if c in NUMERIC_COLUMNS else "") for c in COEF_COLUMNS}
    for src, dst in (("coef", "or"), ("ci_low", "or_ci_low"), ("ci_high", "or_ci_high")):
        v = values.get(src, math.nan)
        if dst not in values and isinstance(v, (int, float, np.floating)) and not isinstance(v, bool):
            row[dst] = math.exp(v) if math.isfinite(v) and v < 700 else (math.inf if v >= 700 else math.nan)
    extra = set(values) - set(COEF_COLUMNS)
    if extra:
        raise KeyError(f"unknown columns {sorted(extra)}")
    return row


def frame(rows: list[dict[str, Any]], columns: list[str] | None = None) -> pd.DataFrame:
    """DataFrame with a fixed column order; NaN numbers become empty cells when written."""
    return pd.DataFrame(rows, columns=columns or COEF_COLUMNS)


def with_caveat(df: pd.DataFrame, reconstructed: bool) -> pd.DataFrame:
    """Fill the ``caveat`` column (added if absent) on every row."""
    out = df.copy()
    out["caveat"] = CAVEAT if reconstructed else ""
    return out


def progress(iterable=None, *, total: int | None = None, desc: str = ""):
    """A tqdm progress bar on stderr, shown only when stderr is a terminal.

    Workflow logs and pipes stay clean (tqdm is disabled there), and nothing is ever
    written to an output file. Use as ``for x in progress(items, desc=...)`` or as a
    context manager with ``total`` and ``update()``.

    Examples
    --------
    >>> sum(progress(range(3), desc="demo"))
    3
    """
    import sys

    from tqdm import tqdm

    return tqdm(iterable, total=total, desc=desc, leave=False, file=sys.stderr,
                disable=not sys.stderr.isatty(), dynamic_ncols=True)


def single_threaded_blas(fn):
    """Run ``fn`` with the BLAS/LAPACK thread pool limited to one thread.

    Every matrix in the model stage is small (distinct covariate patterns x parameters), and
    a multithreaded OpenBLAS spends far longer synchronising its threads than computing on
    them: on 2 shared cores, a profile likelihood bound of a 7-parameter model took 0.9 s
    with the default pool and 0.03 s with one thread. Uses ``threadpoolctl`` (a dependency
    of scikit-learn); the previous limits are restored afterwards.
    """
    import functools

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        from threadpoolctl import threadpool_limits

        with threadpool_limits(limits=1, user_api="blas"):
            return fn(*args, **kwargs)

    return wrapper
