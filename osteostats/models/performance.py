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
from scipy import special, stats

from .config import ModelSettings
from .firth import fit_point, flic_intercept
from .multivariable import FittedModel

PERFORMANCE_COLUMNS = ["model", "metric", "estimate", "ci_low", "ci_high", "method", "n", "n_events",
                       "n_patients", "replicates", "replicates_failed", "note", "caveat"]


def auc(y: np.ndarray, score: np.ndarray) -> float:
    """Area under the ROC curve (Mann-Whitney; ties count 1/2).

    Examples
    --------
    >>> import numpy as np
    >>> auc(np.array([0, 0, 1, 1]), np.array([0.1, 0.4, 0.4, 0.9]))
    0.875
    """
    y = np.asarray(y, float)
    score = np.asarray(score, float)
    n1 = y.sum()
    n0 = len(y) - n1
    if n1 == 0 or n0 == 0:
        return math.nan
    ranks = stats.rankdata(score)
    return float((ranks[y == 1].sum() - n1 * (n1 + 1) / 2) / (n1 * n0))


def roc_curve(y: np.ndarray, score: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """False- and true-positive rates at every distinct threshold (from (0, 0) to (1, 1))."""
    y = np.asarray(y, float)
    order = np.argsort(-np.asarray(score, float), kind="mergesort")
    s, yy = np.asarray(score, float)[order], y[order]
    last = np.r_[np.flatnonzero(np.diff(s) != 0), len(s) - 1]
    tp = np.cumsum(yy)[last]
    fp = np.cumsum(1 - yy)[last]
    return np.r_[0.0, fp / (len(y) - y.sum())], np.r_[0.0, tp / y.sum()]


def calibration(y: np.ndarray, lp: np.ndarray) -> tuple[float, float]:
    """Calibration intercept (in the large) and slope of a linear predictor.

    Returns ``(nan, nan)`` for the slope when the linear predictor separates the outcome
    (the ML slope is infinite); the intercept is then still defined.

    Examples
    --------
    >>> import numpy as np
    >>> y = np.array([0, 0, 1, 0, 1, 1, 0, 1.])
    >>> lp = np.array([-2, -1, -1, 0, 0, 1, 1, 2.])
    >>> citl, slope = calibration(y, lp)
    >>> round(citl, 6) + 0.0, round(slope, 4)
    (0.0, 0.7563)
    """
    y = np.asarray(y, float)
    lp = np.asarray(lp, float)
    w = np.ones(len(y))
    citl = flic_intercept(lp, y, w)
    if np.ptp(lp) == 0 or _separates(lp, y):
        return citl, math.nan
    slope = _ml_slope(y, lp)
    return citl, slope


def _separates(lp: np.ndarray, y: np.ndarray) -> bool:
    """Does a single score (with intercept) separate y, completely or quasi-completely?

    With one covariate and an intercept, separation means a threshold splits the classes:
    every MET score >= every OP score, or every MET score <= every OP score.
    """
    s1, s0 = lp[y == 1], lp[y == 0]
    return bool(s1.min() >= s0.max() or s1.max() <= s0.min())


def _ml_slope(y: np.ndarray, lp: np.ndarray) -> float:
    """ML slope of logit P(y) = a + b * lp (Newton-Raphson with step halving).

    Only called for non-separated data, where the ML estimate exists; returns NaN if the
    iteration still fails (never a half-converged number).
    """
    X = np.column_stack([np.ones(len(y)), lp])

    def loglik(beta: np.ndarray) -> float:
        eta = X @ beta
        return float(np.sum(y * eta - np.logaddexp(0.0, eta)))

    beta = np.zeros(2)
    current = loglik(beta)
    for _ in range(200):
        p = special.expit(X @ beta)
        grad = X.T @ (y - p)
        info = (X * (p * (1 - p))[:, None]).T @ X
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


def _intercept(beta: np.ndarray, X: np.ndarray, y: np.ndarray, flic: bool) -> float:
    """Intercept of a point estimate; the FLIC intercept re-estimated on (X, y) if asked."""
    return flic_intercept(X @ beta[1:], y, np.ones(len(y))) if flic else float(beta[0])


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
    X, y = m.prep.X, m.prep.y
    flic = settings.flic
    lp = m.fit.linear_predictor(X, flic=flic)
    prob = special.expit(lp)
    auc_app = auc(y, lp)
    citl_app, slope_app = calibration(y, lp)
    brier = float(np.mean((prob - y) ** 2))
    B = len(m.boot)
    auc_fixed, opt_auc, opt_citl, opt_slope = [], [], [], []
    failed = 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        for idx, beta in m.boot:
            auc_fixed.append(auc(y[idx], lp[idx]))
            if beta is None:
                failed += 1
                continue
            b0 = _intercept(beta, X[idx], y[idx], flic)
            lp_b = b0 + X[idx] @ beta[1:]
            lp_o = b0 + X @ beta[1:]
            opt_auc.append(auc(y[idx], lp_b) - auc(y, lp_o))
            cb, sb = calibration(y[idx], lp_b)
            co, so = calibration(y, lp_o)
            opt_citl.append(cb - co)
            opt_slope.append(sb - so)
    alpha = settings.alpha
    lo, hi = _pct(np.array(auc_fixed), alpha)
    n_opt = len(opt_auc)
    o_auc = float(np.mean(opt_auc)) if opt_auc else math.nan
    slopes = np.array(opt_slope)
    o_slope = float(np.mean(slopes[np.isfinite(slopes)])) if np.isfinite(slopes).any() else math.nan
    o_citl = float(np.mean(opt_citl)) if opt_citl else math.nan
    n_slope_na = int(np.sum(~np.isfinite(slopes)))
    base = dict(model=m.name, n=len(y), n_events=int(y.sum()), n_patients=int(m.data.patient_id.nunique()))
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
    return Performance(table=table, y=y, prob=prob, roc=roc_curve(y, lp))


def _pct(values: np.ndarray, alpha: float) -> tuple[float, float]:
    v = values[np.isfinite(values)]
    if not len(v):
        return math.nan, math.nan
    lo, hi = np.quantile(v, [alpha / 2, 1 - alpha / 2])
    return float(lo), float(hi)
