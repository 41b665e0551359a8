"""Vertebrae within patients: cluster bootstrap, one vertebra per patient, GEE.

The 141 vertebrae belong to 81 patients, so vertebra-level models that treat rows as
independent understate uncertainty for patient-level features. Three tools:

- :func:`cluster_bootstrap` -- resample *patients* (stratified by group) with replacement
  and keep all their vertebrae;
- :func:`one_per_patient` -- pick one vertebra per patient (seeded random choice, or the
  most compressed one);
- :func:`cluster_robust_logit` -- ML logistic fit with patient-level cluster-robust
  (sandwich) standard errors, i.e. GEE with an independence working correlation.

For a separated sign none of these gives an honest interval: every resample (and every
one-per-patient subset) stays separated, so bootstrap percentiles collapse onto the
penalized estimate, and GEE/sandwich rest on an ML estimate that does not exist. Only the
profile penalized-likelihood interval of the Firth fit stays valid there.
"""
from __future__ import annotations

from typing import Iterator

import numpy as np
import pandas as pd


def cluster_bootstrap(clusters: np.ndarray, strata: np.ndarray, replicates: int,
                      rng: np.random.Generator) -> Iterator[np.ndarray]:
    """Yield row indices of ``replicates`` patient-level bootstrap samples.

    Parameters
    ----------
    clusters : numpy.ndarray
        Cluster (patient) id of each row.
    strata : numpy.ndarray
        Stratum (group) of each row; constant within a cluster. Each stratum keeps its
        number of clusters in every replicate, so both outcome classes are always present.
    replicates : int
        Number of bootstrap samples.
    rng : numpy.random.Generator
        Seeded generator (results are deterministic given its state).

    Yields
    ------
    numpy.ndarray
        Row indices (with repeats) of one resample.

    Examples
    --------
    >>> import numpy as np
    >>> idx = next(cluster_bootstrap(np.array(["a", "a", "b"]), np.array([0, 0, 1]), 1,
    ...                              np.random.default_rng(0)))
    >>> sorted(idx.tolist())
    [0, 1, 2]
    """
    clusters = np.asarray(clusters)
    strata = np.asarray(strata)
    ids, inverse = np.unique(clusters, return_inverse=True)
    rows_of = [np.flatnonzero(inverse == i) for i in range(len(ids))]
    cluster_stratum = np.array([strata[r[0]] for r in rows_of])
    by_stratum = [np.flatnonzero(cluster_stratum == s) for s in np.unique(cluster_stratum)]
    for _ in range(replicates):
        chosen = np.concatenate([rng.choice(members, size=len(members), replace=True) for members in by_stratum])
        yield np.concatenate([rows_of[c] for c in chosen])


class VertebraPicker:
    """Pick one vertebra per patient, repeatedly (groups computed once).

    Parameters
    ----------
    frame : pandas.DataFrame
        Vertebra table with ``patient_id``, ``vertebra_id`` and ``height_loss_pct``.
    method : {"random", "most_severe"}
        ``random``: uniform choice per patient (needs ``rng`` in :meth:`draw`).
        ``most_severe``: the vertebra with the largest height loss (ties: first
        ``vertebra_id``) -- a documented, data-driven choice that favours the
        severe-compression sign, hence not the default.

    Examples
    --------
    >>> import pandas as pd
    >>> f = pd.DataFrame({"patient_id": ["a", "a", "b"], "vertebra_id": ["a1", "a2", "b1"],
    ...                   "height_loss_pct": [10.0, 50.0, 30.0]})
    >>> VertebraPicker(f, "most_severe").draw().tolist()
    [1, 2]
    """

    def __init__(self, frame: pd.DataFrame, method: str):
        if method not in ("random", "most_severe"):
            raise ValueError("methods are 'random' and 'most_severe'")
        self.method = method
        pos = np.arange(len(frame))
        ordered = frame.assign(_pos=pos).sort_values(["patient_id", "vertebra_id"], kind="mergesort")
        self._groups = [g.to_numpy() for _, g in ordered.groupby("patient_id", sort=True)["_pos"]]
        hl = frame["height_loss_pct"].to_numpy(float)
        # most severe: largest height loss; ties -> first vertebra_id (stable order above)
        self._severe = np.sort(np.array([g[np.argmax(np.nan_to_num(hl[g], nan=-np.inf))] for g in self._groups]))

    def draw(self, rng: np.random.Generator | None = None) -> np.ndarray:
        """Sorted row positions of one vertebra per patient."""
        if self.method == "most_severe":
            return self._severe.copy()
        if rng is None:
            raise ValueError("method 'random' needs rng")
        return np.sort(np.array([g[rng.integers(len(g))] for g in self._groups]))


def one_per_patient(frame: pd.DataFrame, method: str, rng: np.random.Generator | None = None) -> np.ndarray:
    """Row positions of one vertebra per patient (one draw of :class:`VertebraPicker`).

    Examples
    --------
    >>> import pandas as pd
    >>> f = pd.DataFrame({"patient_id": ["a", "a", "b"], "vertebra_id": ["a1", "a2", "b1"],
    ...                   "height_loss_pct": [10.0, 50.0, 30.0]})
    >>> one_per_patient(f, "most_severe").tolist()
    [1, 2]
    """
    return VertebraPicker(frame, method).draw(rng)


def cluster_robust_logit(X: np.ndarray, y: np.ndarray, clusters: np.ndarray, alpha: float = 0.05
                         ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, str]:
    """ML logistic fit with cluster-robust (sandwich) standard errors, for a non-separated design.

    Identical to a GEE with an *independence* working correlation and robust covariance
    (statsmodels ``GEE(..., cov_struct=Independence())``, ``cov_type="robust"``): the point
    estimate is the ordinary ML estimate and the covariance is
    ``I^-1 (sum_c U_c U_c') I^-1`` with ``U_c`` the score summed over the rows of patient ``c``
    (no small-sample factor).

    Parameters
    ----------
    X : numpy.ndarray, shape (n, k)
        Predictors (no intercept column).
    y : numpy.ndarray
        Outcome 0/1.
    clusters : numpy.ndarray
        Patient id of each row.
    alpha : float
        1 - confidence level of the Wald intervals.

    Returns
    -------
    tuple
        ``(coef, se, p, ci, note)``, intercept first; ``ci`` has shape (k + 1, 2). A non-empty
        ``note`` means the fit failed and the numbers must not be reported.

    Notes
    -----
    Why not an exchangeable working correlation: the outcome (MET) is a patient-level
    feature, constant within each patient, so the exchangeable correlation of the outcome is
    1 and that GEE degenerates. Call only for designs without separation: with separation the
    ML estimate does not exist and neither does its sandwich.

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(1)
    >>> x = rng.integers(0, 2, 60).astype(float); y = (rng.random(60) < 0.3 + 0.3 * x).astype(float)
    >>> coef, se, p, ci, note = cluster_robust_logit(x[:, None], y, np.repeat(np.arange(30), 2))
    >>> note, bool(se[1] > 0)
    ('', True)
    """
    from scipy import special, stats

    from .firth import FitError, fit_ml

    X = np.asarray(X, float).reshape(len(y), -1)
    y = np.asarray(y, float)
    try:
        ml = fit_ml(X, y, [f"x{j}" for j in range(X.shape[1])], alpha=alpha)
    except FitError as exc:
        return (np.full(X.shape[1] + 1, np.nan),) * 3 + (np.full((X.shape[1] + 1, 2), np.nan), str(exc))
    if not ml.converged:
        nan = np.full(X.shape[1] + 1, np.nan)
        return nan, nan, nan, np.column_stack([nan, nan]), "ML fit did not converge"
    Xi = np.column_stack([np.ones(len(y)), X])
    p = special.expit(Xi @ ml.coef)
    info = (Xi * (p * (1 - p))[:, None]).T @ Xi
    scores = Xi * (y - p)[:, None]
    codes = pd.factorize(np.asarray(clusters))[0]
    U = np.zeros((codes.max() + 1, Xi.shape[1]))
    np.add.at(U, codes, scores)
    bread = np.linalg.inv(info)
    cov = bread @ (U.T @ U) @ bread
    se = np.sqrt(np.diag(cov))
    z = stats.norm.isf(alpha / 2)
    ci = np.column_stack([ml.coef - z * se, ml.coef + z * se])
    pval = 2 * stats.norm.sf(np.abs(ml.coef / se))
    note = "" if np.all(np.isfinite(se)) else "non-finite robust standard error"
    return ml.coef, se, pval, ci, note
