"""Discrimination and calibration of a fitted model, with patient-level bootstrap.

- AUC (c statistic) of the apparent predictions, with a percentile CI from resampling
  patients (predictions held fixed);
- optimism-corrected AUC, calibration intercept and slope (Harrell's bootstrap: refit on
  each resample, evaluate on the resample and on the original data; optimism = mean
  difference);
- calibration intercept = calibration-in-the-large (logistic model with the linear predictor
  as offset, slope fixed at 1); calibration slope = ML slope of the outcome on the linear
  predictor. Both are undefined when the predictions separate the outcome completely.
"""
from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import special

from .config import ModelSettings
from .firth import flic_intercept
from .multivariable import FittedModel
from .results import progress, single_threaded_blas
from .univariable import percentile

PERFORMANCE_COLUMNS = ["model", "metric", "estimate", "ci_low", "ci_high", "method", "n", "n_events",
                       "n_patients", "replicates", "replicates_failed", "note", "caveat"]


def auc(y: np.ndarray, score: np.ndarray, weights: np.ndarray | None = None) -> float:
    """Area under the ROC curve (ties count 1/2), computed as scikit-learn's ``roc_auc_score``.

    Parameters
    ----------
    y : numpy.ndarray
        Outcome 0/1.
    score : numpy.ndarray
        Predicted score (any monotone transform of the probability).
    weights : numpy.ndarray, optional
        Frequency weights (e.g. counts of collapsed rows or of a bootstrap resample).

    Returns
    -------
    float
        The AUC, or NaN when one class has no (positive-weight) member.

    Examples
    --------
    >>> import numpy as np
    >>> auc(np.array([0, 0, 1, 1]), np.array([0.1, 0.4, 0.4, 0.9]))
    0.875
    >>> auc(np.array([0, 1, 1]), np.array([0.1, 0.4, 0.9]), np.array([2., 1., 1.]))
    1.0
    """
    y, score, w = _positive(y, score, weights)
    if not (y == 1).any() or not (y == 0).any():
        return math.nan
    fps, tps = _cumulative_counts(y, score, w)
    if len(fps) > 2:  # drop_intermediate: collinear points do not change the area
        keep = np.r_[True, np.logical_or(np.diff(fps, 2), np.diff(tps, 2)), True]
        fps, tps = fps[keep], tps[keep]
    fpr, tpr = _rates(fps, tps)
    return float(np.add.reduce(np.diff(fpr) * (tpr[1:] + tpr[:-1]) / 2.0))


def auc_weighted(y: np.ndarray, score: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """AUC of one score under several frequency-weight vectors at once (ties count 1/2).

    Parameters
    ----------
    y, score : numpy.ndarray, shape (k,)
        Outcome 0/1 and score of each distinct row.
    weights : numpy.ndarray, shape (r, k)
        One weight vector per row (e.g. the bootstrap replicates' pattern counts).

    Returns
    -------
    numpy.ndarray, shape (r,)
        The AUC under each weight vector (NaN where a class has zero weight).

    Notes
    -----
    Mann-Whitney over the distinct scores: ``sum_u P_u (N_<u + N_u / 2) / (P N)`` with
    ``P_u``, ``N_u`` the event and non-event weight at score ``u``. Equal to
    ``sklearn.metrics.roc_auc_score(y, score, sample_weight=w)`` (the tests check this to
    1e-12). Not delegated to scikit-learn inside the bootstrap loops: it validates its input
    on every call (about 4 ms, measured on scikit-learn 1.9), and the performance stage
    evaluates 3 AUCs per replicate, 1,200 on the bundled data, where this vectorised form
    takes well under a millisecond per replicate.

    Examples
    --------
    >>> import numpy as np
    >>> y = np.array([0., 1., 0., 1.]); s = np.array([0.1, 0.4, 0.4, 0.9])
    >>> auc_weighted(y, s, np.array([[1., 1., 1., 1.], [1., 1., 0., 1.]])).tolist()
    [0.875, 1.0]
    """
    y = np.asarray(y, float)
    score = np.asarray(score, float)
    W = np.atleast_2d(np.asarray(weights, float))
    order = np.argsort(score, kind="mergesort")
    s = score[order]
    starts = np.flatnonzero(np.r_[True, s[1:] != s[:-1]]) if len(s) else np.zeros(0, dtype=np.int64)
    Ws = W[:, order]
    event = y[order] == 1
    pos = np.add.reduceat(np.where(event, Ws, 0.0), starts, axis=1) if len(s) else Ws
    neg = np.add.reduceat(np.where(event, 0.0, Ws), starts, axis=1) if len(s) else Ws
    below = np.cumsum(neg, axis=1) - neg
    n1, n0 = pos.sum(axis=1), neg.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        out = np.sum(pos * (below + 0.5 * neg), axis=1) / (n1 * n0)
    return np.where((n1 > 0) & (n0 > 0), out, np.nan)


def roc_curve(y: np.ndarray, score: np.ndarray, weights: np.ndarray | None = None
              ) -> tuple[np.ndarray, np.ndarray]:
    """False- and true-positive rates at every distinct threshold (from (0, 0) to (1, 1)).

    As scikit-learn's ``roc_curve`` with ``drop_intermediate=False`` (every threshold kept):
    rows sorted by decreasing score (stable), weights summed cumulatively, one point per
    distinct score. :func:`auc` is the trapezoidal area under the same curve with collinear
    points dropped (``roc_auc_score``). Both are computed here, step for step as in
    scikit-learn 1.8, because importing scikit-learn costs about a second per process; the
    tests assert exact equality with scikit-learn on random scores with ties and weights.

    Examples
    --------
    >>> import numpy as np
    >>> fpr, tpr = roc_curve(np.array([0, 0, 1, 1]), np.array([0.1, 0.4, 0.4, 0.9]))
    >>> fpr.tolist(), tpr.tolist()
    ([0.0, 0.0, 0.5, 1.0], [0.0, 0.5, 1.0, 1.0])
    """
    y, score, w = _positive(y, score, weights)
    return _rates(*_cumulative_counts(y, score, w))


def _cumulative_counts(y: np.ndarray, score: np.ndarray, w: np.ndarray | None
                       ) -> tuple[np.ndarray, np.ndarray]:
    """False and true positives at each distinct threshold, highest score first (no (0, 0))."""
    order = np.argsort(-score, kind="stable")
    s = score[order]
    event = (y[order] == 1).astype(np.float64)
    weight = 1.0 if w is None else w[order]
    last = np.r_[np.flatnonzero(np.diff(s)), len(s) - 1]
    tps = np.cumsum(event * weight, dtype=np.float64)[last]
    if w is None:
        fps = 1 + last.astype(np.float64) - tps
    else:
        fps = np.cumsum((1 - event) * weight, dtype=np.float64)[last]
    return fps, tps


def _rates(fps: np.ndarray, tps: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rates from cumulative counts, the curve starting at (0, 0); NaN where a class is empty."""
    fps, tps = np.r_[0.0, fps], np.r_[0.0, tps]
    fpr = fps / fps[-1] if fps[-1] > 0 else np.full(fps.shape, np.nan)
    tpr = tps / tps[-1] if tps[-1] > 0 else np.full(tps.shape, np.nan)
    return fpr, tpr


def _positive(y, score, weights) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """Arrays as floats, rows with zero weight left out."""
    y = np.asarray(y, float)
    score = np.asarray(score, float)
    if weights is None:
        return y, score, None
    w = np.asarray(weights, float)
    keep = w > 0
    return y[keep], score[keep], w[keep]


def calibration(y: np.ndarray, lp: np.ndarray, weights: np.ndarray | None = None) -> tuple[float, float]:
    """Calibration intercept (in the large) and slope of a linear predictor.

    Returns ``(nan, nan)`` for the slope when the linear predictor separates the outcome
    (the ML slope is infinite); the intercept is then still defined.

    Parameters
    ----------
    y, lp : numpy.ndarray
        Outcome 0/1 and linear predictor.
    weights : numpy.ndarray, optional
        Frequency weights (collapsed rows); the result equals that on the expanded rows.

    Notes
    -----
    Not delegated to statsmodels (``GLM(y, [1, lp], Binomial(), freq_weights=w)`` gives the
    same slope): two small Newton iterations on the distinct rows are cheaper than building
    a model object in each of hundreds of bootstrap replicates, and the separation check
    comes first here, where statsmodels would only warn.

    Examples
    --------
    >>> import numpy as np
    >>> y = np.array([0, 0, 1, 0, 1, 1, 0, 1.])
    >>> lp = np.array([-2, -1, -1, 0, 0, 1, 1, 2.])
    >>> citl, slope = calibration(y, lp)
    >>> round(citl, 6) + 0.0, round(slope, 4)
    (0.0, 0.7563)
    """
    y, lp, w = _positive(y, lp, weights)
    if w is None:
        w = np.ones(len(y))
    citl = flic_intercept(lp, y, w)
    if np.ptp(lp) == 0 or _separates(lp, y):
        return citl, math.nan
    slope = _ml_slope(y, lp, w)
    return citl, slope


def _separates(lp: np.ndarray, y: np.ndarray) -> bool:
    """Does a single score (with intercept) separate y, completely or quasi-completely?

    With one covariate and an intercept, separation means a threshold splits the classes:
    every MET score >= every OP score, or every MET score <= every OP score.
    """
    s1, s0 = lp[y == 1], lp[y == 0]
    return bool(s1.min() >= s0.max() or s1.max() <= s0.min())


def _ml_slope(y: np.ndarray, lp: np.ndarray, w: np.ndarray | None = None) -> float:
    """ML slope of logit P(y) = a + b * lp (Newton-Raphson with step halving).

    Only called for non-separated data, where the ML estimate exists; returns NaN if the
    iteration still fails (never a half-converged number). ``w`` are frequency weights:
    with collapsed rows every likelihood evaluation of the step halving is over the
    distinct rows only.
    """
    X = np.column_stack([np.ones(len(y)), lp])
    w = np.ones(len(y)) if w is None else np.asarray(w, float)

    def loglik(beta: np.ndarray) -> float:
        eta = X @ beta
        return float(np.sum(w * (y * eta - np.logaddexp(0.0, eta))))

    beta = np.zeros(2)
    current = loglik(beta)
    for _ in range(200):
        p = special.expit(X @ beta)
        grad = X.T @ (w * (y - p))
        info = (X * (w * p * (1 - p))[:, None]).T @ X
        try:
            step = np.linalg.solve(info, grad)
        except np.linalg.LinAlgError:
            return math.nan
        for _half in range(30):
            candidate = beta + step
            new = loglik(candidate)
            if new >= current - 1e-12:
                break
            step = step / 2
        else:
            return math.nan
        beta, current = candidate, new
        if np.max(np.abs(step)) < 1e-10 and np.max(np.abs(grad)) < 1e-6:
            return float(beta[1])
    return math.nan


@dataclass(frozen=True)
class Performance:
    """Performance table rows plus the curves needed for the figures."""

    table: pd.DataFrame
    y: np.ndarray
    prob: np.ndarray
    roc: tuple[np.ndarray, np.ndarray]


@single_threaded_blas
def model_performance(m: FittedModel, settings: ModelSettings) -> Performance | None:
    """Apparent and bootstrap-validated performance of a fitted model.

    Parameters
    ----------
    m : FittedModel
        From :func:`osteostats.models.multivariable.multivariable_models`.
    settings : ModelSettings
        ``bootstrap_replicates``, ``seed``, ``alpha``, ``flic``.

    Returns
    -------
    Performance or None
        ``None`` if the model did not converge.

    Notes
    -----
    Resampling is by patient, stratified by group, so vertebrae of one patient stay
    together. With ``flic: true`` predicted probabilities use the FLIC intercept (the Firth
    intercept pulls predictions towards 1/2); the intercept is re-estimated in each
    bootstrap refit the same way. AUC does not depend on the intercept.
    """
    if m.fit is None:
        return None
    # Everything below runs on the distinct (pattern, outcome) rows with frequency weights:
    # the original data have the multiplicities ``w0``, a bootstrap resample the counts of
    # its patients' rows. A refit's predictions for the resample and for the original data
    # are the same per pattern; only the weights differ.
    pat = m.patterns
    Xp, yp, w0 = pat.X, pat.y, pat.w
    flic = settings.flic
    lp = m.fit.linear_predictor(Xp, flic=flic)
    prob = special.expit(lp)
    auc_app = auc(yp, lp, w0)
    citl_app, slope_app = calibration(yp, lp, w0)
    brier = float(np.sum(w0 * (prob - yp) ** 2) / np.sum(w0))
    B = len(m.boot)
    auc_fixed, opt_auc, opt_citl, opt_slope = [], [], [], []
    failed = 0
    if B:  # predictions fixed, patients resampled: every replicate's AUC at once
        auc_fixed = list(auc_weighted(yp, lp, np.array([w for w, _ in m.boot])))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        for w, beta in progress(m.boot, desc=f"{m.name}: bootstrap optimism"):
            if beta is None:
                failed += 1
                continue
            eta = Xp @ beta[1:]
            lp_b = (flic_intercept(eta, yp, w) if flic else float(beta[0])) + eta
            on_resample, on_original = auc_weighted(yp, lp_b, np.array([w, w0]))
            opt_auc.append(on_resample - on_original)
            cb, sb = calibration(yp, lp_b, w)
            co, so = calibration(yp, lp_b, w0)
            opt_citl.append(cb - co)
            opt_slope.append(sb - so)
    alpha = settings.alpha
    lo, hi = percentile(np.array(auc_fixed), alpha)
    n_opt = len(opt_auc)
    o_auc = float(np.mean(opt_auc)) if opt_auc else math.nan
    slopes = np.array(opt_slope)
    o_slope = float(np.mean(slopes[np.isfinite(slopes)])) if np.isfinite(slopes).any() else math.nan
    o_citl = float(np.mean(opt_citl)) if opt_citl else math.nan
    n_slope_na = int(np.sum(~np.isfinite(slopes)))
    base = dict(model=m.name, n=len(m.prep.y), n_events=int(m.prep.y.sum()), n_patients=m.clusters.n_clusters)
    pred = "FLIC-corrected Firth predictions" if flic else "Firth predictions"
    boot = f"patient-level bootstrap, {B} replicates stratified by group"
    rows = [
        dict(base, metric="auc_apparent", estimate=auc_app, ci_low=lo, ci_high=hi, replicates=B, replicates_failed=0,
             method=f"AUC (Mann-Whitney) of {pred}; CI: {boot}, predictions fixed, percentile"),
        dict(base, metric="auc_optimism", estimate=o_auc, replicates=B, replicates_failed=failed,
             method=f"Harrell optimism: mean(AUC of refit on resample - AUC of refit on original); {boot}"),
        dict(base, metric="auc_optimism_corrected", estimate=auc_app - o_auc, replicates=B, replicates_failed=failed,
             method="apparent AUC minus optimism"),
        dict(base, metric="calibration_intercept_apparent", estimate=citl_app,
             method=f"calibration in the large: logit P(MET) = a + offset(linear predictor), {pred}",
             note="0 by construction with FLIC" if flic else ""),
        dict(base, metric="calibration_slope_apparent", estimate=slope_app,
             method="ML slope of logit P(MET) on the linear predictor",
             note="" if math.isfinite(slope_app) else "undefined: the predictions separate MET from OP"),
        dict(base, metric="calibration_intercept_optimism_corrected", estimate=citl_app - o_citl, replicates=B,
             replicates_failed=failed, method=f"apparent minus bootstrap optimism; {boot}"),
        dict(base, metric="calibration_slope_optimism_corrected", estimate=slope_app - o_slope
             if math.isfinite(slope_app) else math.nan, replicates=B, replicates_failed=failed + n_slope_na,
             method=f"apparent minus bootstrap optimism; {boot}",
             note=f"{n_slope_na} replicate(s) with separating predictions (slope undefined) left out" if n_slope_na else ""),
        dict(base, metric="brier_apparent", estimate=brier, method=f"mean squared error of {pred}"),
    ]
    if n_opt == 0 and B > 0:
        for r in rows[1:]:
            r.setdefault("note", "")
            r["note"] = (r["note"] + "; " if r["note"] else "") + "every bootstrap refit failed"
    table = pd.DataFrame(rows, columns=PERFORMANCE_COLUMNS)
    return Performance(table=table, y=m.prep.y, prob=prob[pat.row], roc=roc_curve(yp, lp, w0))


