"""Measurement-site rule: which DXA T-scores enter the "lowest T".

* The diagnostic T is the lowest of three regions: the L1-L4 composite, the femoral neck
  and the total hip (consensus 2020 sec. 6.2).
* The non-dominant 33 % (one-third) radius is a **fallback**: it is used only when the
  spine or the hip cannot be measured or interpreted, and is then added to the remaining
  regions. When spine and hip are both available it is never folded into the minimum.
* A lumbar vertebra whose T differs by more than 1.0 (strictly; exactly 1.0 does not count)
  from its adjacent vertebra(e) is an exclusion candidate. We flag the *outlying* vertebra:
  one that differs by more than 1.0 from both neighbours, or, for an end vertebra (one
  neighbour), from that neighbour unless the neighbour is itself the outlier; see
  :func:`adjacent_outliers`. At least 2 evaluable vertebrae are needed; with per-vertebra T-scores
  showing fewer, the spine counts as not interpretable. (ISCD 2019 adult positions, cited
  by the consensus as ref. [32]; threshold keys ``adjacent_vertebra_difference``,
  ``min_evaluable_vertebrae``.)
* Missing regions are reported, never imputed.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .exact import difference_exceeds
from .thresholds import get

#: Input column -> site name used in reasons, in tie-break order.
CENTRAL_SITES = {"t_l1l4": "L1-L4", "t_neck": "femoral neck", "t_hip": "total hip"}
FOREARM_COLUMN = "t_radius33"
FOREARM_SITE = "33% radius"
UNSPECIFIED_SITE = "unspecified site (lowest recorded T)"
VERTEBRA_COLUMNS = ("t_l1", "t_l2", "t_l3", "t_l4")
VERTEBRA_LEVELS = ("L1", "L2", "L3", "L4")


def adjacent_outliers(t: np.ndarray) -> np.ndarray:
    """Flag lumbar vertebrae whose T differs by more than 1.0 from their adjacent vertebrae.

    Parameters
    ----------
    t : ndarray, shape (n, k)
        Per-vertebra T-scores in level order (e.g. L1..L4), NaN where missing.

    Returns
    -------
    ndarray of bool, shape (n, k)
        True for exclusion candidates.

    Notes
    -----
    A vertebra with two available neighbours is flagged when it differs by more than 1.0
    from both (it is the outlier). A vertebra with one available neighbour (L1, L4, or next
    to a missing level) is flagged when it differs by more than 1.0 from that neighbour,
    unless the neighbour is itself flagged as an outlier (then the neighbour explains the
    difference). A vertebra with no available neighbour is never flagged. Differences are
    exact in decimal arithmetic: ``-1.3`` vs ``-2.3`` differ by exactly 1.0 (not flagged)
    although the float difference is 0.9999999999999998 or 1.0000000000000002.

    Examples
    --------
    >>> adjacent_outliers(np.array([[-1.0, -2.0, -2.0, -2.0], [-0.99, -2.0, -2.0, -2.0]])).tolist()
    [[False, False, False, False], [True, False, False, False]]
    >>> adjacent_outliers(np.array([[-2.0, -0.5, -2.0, -2.1]])).tolist()
    [[False, True, False, False]]
    """
    t = np.atleast_2d(np.asarray(t, dtype=float))
    limit = get("adjacent_vertebra_difference").value
    n, k = t.shape
    present = ~np.isnan(t)
    # Pair j, j+1: both present and differing by more than the limit.
    pair_avail = present[:, :-1] & present[:, 1:]
    pair_exceed = np.column_stack([difference_exceeds(t[:, j], t[:, j + 1], limit) for j in range(k - 1)]) \
        if k > 1 else np.zeros((n, 0), dtype=bool)
    false_col = np.zeros((n, 1), dtype=bool)
    left_avail = np.hstack([false_col, pair_avail]) & present
    right_avail = np.hstack([pair_avail, false_col]) & present
    left_exceed = np.hstack([false_col, pair_exceed]) & left_avail
    right_exceed = np.hstack([pair_exceed, false_col]) & right_avail
    interior = left_avail & right_avail & left_exceed & right_exceed
    left_is_outlier = np.hstack([false_col, interior[:, :-1]])
    right_is_outlier = np.hstack([interior[:, 1:], false_col])
    only_left = left_avail & ~right_avail
    only_right = right_avail & ~left_avail
    end = (only_left & left_exceed & ~left_is_outlier) | (only_right & right_exceed & ~right_is_outlier)
    return interior | end


def lowest_t(central: dict[str, np.ndarray], radius: np.ndarray | None, recorded: np.ndarray | None,
             spine_ok: np.ndarray | None) -> pd.DataFrame:
    """Lowest diagnostic T per row, with the site and the site notes.

    Parameters
    ----------
    central : dict of column -> ndarray
        Any of ``t_l1l4``, ``t_neck``, ``t_hip`` (validated, rounded as requested).
    radius : ndarray or None
        ``t_radius33`` values.
    recorded : ndarray or None
        A lowest central T recorded without its site (e.g. ``t_score_min``); used only on
        rows without any per-site central value.
    spine_ok : ndarray of bool or None
        False where per-vertebra T-scores show fewer than 2 evaluable vertebrae.

    Returns
    -------
    pandas.DataFrame
        Columns ``t`` (float), ``site`` (str, ``""`` if none), ``radius_used`` (bool),
        ``missing_sites`` (``;``-separated), ``note`` (str).
    """
    n = len(next(iter(central.values()))) if central else \
        len(radius) if radius is not None else len(recorded) if recorded is not None else 0
    nan = np.full(n, np.nan)
    cols = {c: central.get(c, nan) for c in CENTRAL_SITES}
    if spine_ok is None:
        spine_ok = np.ones(n, dtype=bool)
    spine_measured = ~np.isnan(cols["t_l1l4"])
    spine_usable = spine_measured & spine_ok
    hip_usable = ~np.isnan(cols["t_neck"]) | ~np.isnan(cols["t_hip"])
    any_central = spine_measured | hip_usable
    # Rows with no per-site central value fall back to the recorded lowest T (site not given).
    use_recorded = np.zeros(n, dtype=bool)
    if recorded is not None:
        use_recorded = ~any_central & ~np.isnan(recorded)
    rad = radius if radius is not None else nan
    radius_eligible = (~spine_usable | ~hip_usable) & ~use_recorded
    radius_used = radius_eligible & ~np.isnan(rad)

    # Candidate matrix in tie-break order: L1-L4, neck, hip, radius.
    cand = np.column_stack([
        np.where(spine_usable, cols["t_l1l4"], np.nan),
        cols["t_neck"],
        cols["t_hip"],
        np.where(radius_used, rad, np.nan),
    ])
    names = np.array(list(CENTRAL_SITES.values()) + [FOREARM_SITE], dtype=object)
    filled = np.where(np.isnan(cand), np.inf, cand)
    idx = np.argmin(filled, axis=1)
    t = filled[np.arange(n), idx]
    has = np.isfinite(t)
    site = np.where(has, names[idx], "")
    t = np.where(has, t, np.nan)

    if recorded is not None:
        t = np.where(use_recorded, recorded, t)
        site = np.where(use_recorded, UNSPECIFIED_SITE, site)

    # Missing-site report (only meaningful where per-site columns were supplied).
    missing = pd.Series([""] * n, dtype=object)
    if central:
        for col, name in CENTRAL_SITES.items():
            gone = np.isnan(cols[col]) & ~use_recorded
            missing = missing.where(~gone, missing + np.where(missing == "", "", ";") + name)
    elif recorded is not None:
        missing = missing.where(~np.isnan(recorded), "lowest recorded T")

    note = pd.Series([""] * n, dtype=object)
    not_ok = spine_measured & ~spine_ok
    note = note.where(~not_ok, "L1-L4 not interpretable (fewer than "
                      + str(get("min_evaluable_vertebrae").decimal) + " evaluable vertebrae)")
    if radius is not None:
        ignored = ~radius_eligible & ~use_recorded & ~np.isnan(rad)
        note = note.where(~ignored, _join(note, "33% radius not used: spine and hip available"))
        note = note.where(~radius_used, _join(note, "33% radius used because "
                                              + np.where(~spine_usable & ~hip_usable, "spine and hip are",
                                                         np.where(~spine_usable, "spine is", "hip is"))
                                              + " not available"))
        if recorded is not None:
            ign = use_recorded & ~np.isnan(rad)
            note = note.where(~ign, _join(note, "33% radius not used: a central T is recorded"))
    return pd.DataFrame({"t": t, "site": site, "radius_used": radius_used,
                         "missing_sites": missing.to_numpy(dtype=object), "note": note.to_numpy(dtype=object)})


def _join(a: pd.Series, b) -> pd.Series:
    """Join two text columns with "; ", skipping an empty left part."""
    return pd.Series(np.where(a == "", b, a + "; " + b), index=a.index, dtype=object)
