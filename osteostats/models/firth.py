"""Firth-penalized logistic regression: a thin, strict wrapper around the fitting engine.

The engine (:mod:`osteostats.models.firth_engine`, a port of firthmodels' numpy backend)
reproduces R's ``logistf`` (Firth penalty with tau = 0.5, profile penalized-likelihood CIs,
penalized likelihood-ratio tests that keep the full design in the penalty). This module adds:

- collapsing identical (covariate pattern, outcome) rows into frequency weights, which
  leaves the penalized likelihood unchanged and makes large binary designs fast;
- both standard-error definitions (see Notes of :func:`fit_firth`);
- the FLIC intercept correction (Puhr et al. 2017) for predicted probabilities;
- an unpenalized maximum-likelihood fit for comparison (:func:`fit_ml`);
- explicit convergence status: a fit that did not converge never returns numbers.
"""
from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field

import numpy as np
from scipy import optimize, special

from ..stats import distributions as dist
from .firth_engine import FirthLogistic, fit_points_batched

#: Label of the intercept term in every output.
INTERCEPT = "(Intercept)"

#: Multipliers of the requested tolerance tried in turn when the solver stalls.
_LADDER = (1.0, 3.0, 10.0, 30.0, 100.0, 1000.0)

SE_DEFINITION = ("se: inverse of the penalized (augmented) information "
                 "X'diag((1+2*tau*h)*pi*(1-pi))X, tau = 0.5, as reported by logistf >= 1.24.1; "
                 "se_classic: inverse of X'WX at the Firth estimate (older logistf and most ports)")


class FitError(Exception):
    """A model could not be fitted (non-convergence, singular design).

    The CLI reports it as a plain message; workflow tables record the status instead of
    numbers.
    """


@dataclass(frozen=True)
class FirthFit:
    """Result of one Firth fit. Arrays are ordered as ``terms`` (intercept first).

    Attributes
    ----------
    terms : tuple of str
        ``"(Intercept)"`` followed by the predictor names.
    coef, se, se_classic : numpy.ndarray
        Penalized estimates and the two standard-error definitions.
    ci_low, ci_high : numpy.ndarray
        Profile penalized-likelihood bounds on the coefficient scale (NaN if a bound did
        not converge or profiles were not requested).
    chi2, p : numpy.ndarray
        Penalized likelihood-ratio statistic (1 df) and p-value (NaN if not requested or
        the constrained refit failed).
    loglik, loglik_null : float
        Maximised penalized log-likelihood and that of the intercept-only model (the
        latter only when the LR tests were computed).
    flic_intercept : float
        Intercept re-estimated by FLIC; predicted probabilities with it average to the
        observed event rate.
    n, n_events, n_patterns : int
        Number of observations (sum of weights), events, and distinct rows actually fitted.
    notes : tuple of str
        Every warning the engine raised, in plain words.
    """

    terms: tuple[str, ...]
    coef: np.ndarray
    se: np.ndarray
    se_classic: np.ndarray
    ci_low: np.ndarray
    ci_high: np.ndarray
    chi2: np.ndarray
    p: np.ndarray
    loglik: float
    flic_intercept: float
    n: float
    n_events: float
    n_patterns: int
    n_iter: int
    alpha: float = 0.05
    loglik_null: float = math.nan
    notes: tuple[str, ...] = field(default_factory=tuple)

    def linear_predictor(self, X: np.ndarray, flic: bool = False) -> np.ndarray:
        """Linear predictor for design ``X`` (without intercept column).

        Parameters
        ----------
        X : numpy.ndarray, shape (n, k)
            Predictor values in the order of ``terms[1:]``.
        flic : bool, default False
            Use the FLIC intercept instead of the Firth intercept.
        """
        b0 = self.flic_intercept if flic else self.coef[0]
        return b0 + np.asarray(X, dtype=float) @ self.coef[1:]

    def predict(self, X: np.ndarray, flic: bool = False) -> np.ndarray:
        """Predicted event probabilities for design ``X`` (see :meth:`linear_predictor`)."""
        return special.expit(self.linear_predictor(X, flic=flic))


@dataclass(frozen=True)
class MLFit:
    """Unpenalized maximum-likelihood fit with Wald standard errors and intervals."""

    terms: tuple[str, ...]
    coef: np.ndarray
    se: np.ndarray
    ci_low: np.ndarray
    ci_high: np.ndarray
    p: np.ndarray
    converged: bool
    notes: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Patterns:
    """Distinct (covariate pattern, outcome) rows of a design and where every row went.

    Attributes
    ----------
    X : numpy.ndarray, shape (m, k)
        Distinct predictor rows, sorted lexicographically together with ``y``.
    y : numpy.ndarray, shape (m,)
        Outcome of each pattern.
    w : numpy.ndarray, shape (m,)
        Number of input rows (or sum of their weights) in each pattern.
    row : numpy.ndarray, shape (n,)
        Pattern index of every input row (``X[row]`` reproduces the input).
    """

    X: np.ndarray
    y: np.ndarray
    w: np.ndarray
    row: np.ndarray

    def counts(self, rows: np.ndarray) -> np.ndarray:
        """Pattern weights of a subset of input rows (with repeats), as float counts."""
        return np.bincount(self.row[rows], minlength=len(self.y)).astype(float)


def patterns(X: np.ndarray, y: np.ndarray, weights: np.ndarray | None = None) -> Patterns:
    """Group identical (covariate pattern, outcome) rows, in O(n).

    Parameters
    ----------
    X : numpy.ndarray, shape (n, k)
        Predictor values.
    y : numpy.ndarray, shape (n,)
        Outcome coded 0/1.
    weights : numpy.ndarray, optional
        Frequency weights (default: 1 per row).

    Returns
    -------
    Patterns
        Every distinct row (also those whose weights sum to 0), sorted lexicographically, so
        the result is deterministic.

    Examples
    --------
    >>> import numpy as np
    >>> p = patterns(np.array([[1.], [0.], [1.]]), np.array([1., 0., 1.]))
    >>> p.X.ravel().tolist(), p.w.tolist(), p.row.tolist()
    ([0.0, 1.0], [1.0, 2.0], [1, 0, 1])
    """
    import pandas as pd

    X = np.asarray(X, dtype=float).reshape(len(y), -1)
    y = np.asarray(y, dtype=float)
    n = len(y)
    w = np.ones(n) if weights is None else np.asarray(weights, dtype=float)
    # Mixed-radix key from per-column codes (O(n)); re-factorize the key only when the next
    # radix could overflow. Much faster than np.unique(axis=0) on 1e6 rows.
    key = np.zeros(n, dtype=np.int64)
    span = 1
    for col in [X[:, j] for j in range(X.shape[1])] + [y]:
        col = np.ascontiguousarray(col)
        as_int = col.astype(np.int64)
        if n and np.array_equal(as_int, col) and as_int.min() >= 0 and as_int.max() < 1024:
            codes, card = as_int, int(as_int.max()) + 1  # small integer codes (binary): no hashing
        else:
            codes, uniques = pd.factorize(col)
            card = max(len(uniques), 1)
        if span * card >= 2**62:
            key, levels = pd.factorize(key)
            span = len(levels)
        key = key * card + codes
        span *= card
    group, _ = pd.factorize(key)
    # factorize numbers groups in order of first appearance: first rows are where the
    # running maximum of the group code increases
    running = np.maximum.accumulate(group) if n else group
    first = np.flatnonzero(np.r_[True, running[1:] > running[:-1]]) if n else np.zeros(0, dtype=np.int64)
    wsum = np.bincount(group, weights=w, minlength=len(first))
    rows = np.column_stack([X[first], y[first]])
    order = np.lexsort(rows.T[::-1])  # deterministic: patterns sorted lexicographically
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    rows = rows[order]
    return Patterns(X=rows[:, :-1], y=rows[:, -1], w=wsum[order], row=rank[group])


def collapse(X: np.ndarray, y: np.ndarray, weights: np.ndarray | None = None
             ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Merge identical (covariate pattern, outcome) rows into frequency weights.

    Parameters as :func:`patterns` (``weights``: existing frequency weights).

    Returns
    -------
    tuple of numpy.ndarray
        ``(X_unique, y_unique, w_sum)``, rows sorted lexicographically, so the result is
        deterministic; rows whose weights sum to 0 are left out.

    Notes
    -----
    The Firth-penalized log-likelihood ``sum w_i l_i + 0.5 log det(X'WX)`` depends on the
    data only through sums over rows, so frequency weights give exactly the same estimates,
    profile intervals and tests as the expanded data (logistf's ``collapse = TRUE``).
    Collapsing already-collapsed rows returns them unchanged, so a fit on pattern weights
    (e.g. of a bootstrap replicate) sees exactly the input of a fit on the expanded rows.

    Examples
    --------
    >>> import numpy as np
    >>> Xu, yu, w = collapse(np.array([[0.], [1.], [0.], [1.]]), np.array([0., 1., 0., 1.]))
    >>> Xu.ravel().tolist(), yu.tolist(), w.tolist()
    ([0.0, 1.0], [0.0, 1.0], [2.0, 2.0])
    """
    p = patterns(X, y, weights)
    keep = p.w > 0
    return p.X[keep], p.y[keep], p.w[keep]


def _engine(penalty: float, tol: float, max_iter: int) -> FirthLogistic:
    return FirthLogistic(gtol=tol, xtol=tol, max_iter=max_iter, penalty_weight=penalty)


def _fit_ladder(Xf: np.ndarray, yf: np.ndarray, wf: np.ndarray, penalty: float, tol: float,
                max_iter: int):
    """Fit with tolerance ``tol``; if the solver stops on floating-point noise (step halving
    cannot improve an optimum already reached), retry at 3x, 10x, ... ``tol``.

    Returns ``(model, notes)``; ``model.converged_`` tells whether any attempt converged.
    Continuous covariates on large scales (age in years) or near-separated data (fitted
    probabilities near 0 or 1) make the absolute gradient criterion relatively stricter,
    which is where the retry is needed.
    """
    notes: list[str] = []
    model = None
    for factor in _LADDER:
        model = _engine(penalty, tol * factor, max_iter)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            model.fit(Xf, yf, sample_weight=wf)
        if model.converged_ and np.isfinite(model.loglik_):
            if factor > 10:  # small factors are routine; say so only when accuracy may suffer
                return model, [f"converged at tolerance {tol * factor:g} (the solver stalled at {tol:g})"]
            return model, []
        notes = _messages(caught)
    return model, notes


def _messages(caught: list[warnings.WarningMessage]) -> list[str]:
    out: list[str] = []
    for w in caught:
        msg = str(w.message).strip()
        if msg not in out:
            out.append(msg)
    return out


def flic_intercept(eta_without_intercept: np.ndarray, y: np.ndarray, weights: np.ndarray) -> float:
    """FLIC intercept: ML intercept with the Firth linear predictor (minus its intercept) as offset.

    Parameters
    ----------
    eta_without_intercept : numpy.ndarray
        ``X @ beta`` without the intercept.
    y, weights : numpy.ndarray
        Outcome (0/1) and frequency weights.

    Returns
    -------
    float
        The intercept ``a`` solving ``sum w (y - expit(a + eta)) = 0``.

    Notes
    -----
    Puhr R, Heinze G, Nold M, Lusa L, Geroldinger A (2017). Firth's logistic regression with
    rare events: accurate effect estimates and predictions? Stat Med 36:2302-2317. With the
    FLIC intercept the predicted probabilities average to the observed event proportion.

    Examples
    --------
    >>> import numpy as np
    >>> round(flic_intercept(np.zeros(4), np.array([1., 0, 0, 0]), np.ones(4)), 6)
    -1.098612
    """
    eta = np.asarray(eta_without_intercept, float)
    w = np.asarray(weights, float)
    y = np.asarray(y, float)

    def score(a: float) -> float:
        return float(np.sum(w * (y - special.expit(a + eta))))

    lo, hi = -1.0, 1.0
    while score(lo) < 0:
        lo *= 2
    while score(hi) > 0:
        hi *= 2
    return float(optimize.brentq(score, lo, hi, xtol=1e-14, rtol=1e-14, maxiter=500))


def _classic_se(Xi: np.ndarray, beta: np.ndarray, w: np.ndarray) -> np.ndarray:
    p = special.expit(Xi @ beta)
    info = (Xi * (w * p * (1 - p))[:, None]).T @ Xi
    try:
        return np.sqrt(np.diag(np.linalg.inv(info)))
    except np.linalg.LinAlgError:
        return np.full(len(beta), np.nan)


def fit_firth(X: np.ndarray, y: np.ndarray, names: list[str] | tuple[str, ...],
              weights: np.ndarray | None = None, *, profile: bool = True, lrt: bool = True,
              alpha: float = 0.05, collapse_rows: bool = True, tol: float = 1e-7,
              max_iter: int = 500) -> FirthFit:
    """Fit a Firth-penalized logistic regression (intercept added automatically).

    Parameters
    ----------
    X : numpy.ndarray, shape (n, k)
        Numeric predictors (no intercept column).
    y : numpy.ndarray, shape (n,)
        Outcome coded 0/1.
    names : sequence of str
        Predictor names, length ``k``.
    weights : numpy.ndarray, optional
        Frequency weights.
    profile : bool, default True
        Compute profile penalized-likelihood confidence intervals.
    lrt : bool, default True
        Compute penalized likelihood-ratio tests (full design kept in the penalty).
    alpha : float, default 0.05
        1 - confidence level.
    collapse_rows : bool, default True
        Merge identical rows into weights before fitting (same result, faster).
    tol : float, default 1e-7
        Gradient and step tolerance of the Newton-Raphson solver and of the profile bounds.
        If the solver stalls on floating-point noise it is retried at 3, 10, ... times this
        tolerance (a note is added above 10 times).
    max_iter : int, default 500
        Iteration limit.

    Returns
    -------
    FirthFit

    Raises
    ------
    FitError
        If the solver did not converge or the design is singular. No numbers are returned
        for such a fit.

    Notes
    -----
    Two standard errors are returned. ``se`` is the square root of the diagonal of the
    inverse *penalized* information ``X' diag((1 + 2 tau h) pi (1 - pi)) X`` (tau = 0.5, h the
    hat values), which logistf reports since version 1.24.1; ``se_classic`` inverts the
    ordinary information ``X'WX`` at the Firth estimate (older logistf, most ports). Neither
    is used for inference here: intervals are profile penalized-likelihood and p-values come
    from penalized likelihood-ratio tests, as in logistf. The LR test refits with the
    coefficient fixed at 0 while keeping the full design in the penalty.

    Examples
    --------
    >>> import numpy as np
    >>> X = np.array([[0.], [0.], [0.], [1.], [1.], [1.]])
    >>> y = np.array([0., 0., 1., 1., 1., 1.])
    >>> fit = fit_firth(X, y, ["x"])
    >>> round(float(fit.coef[1]), 4)   # log((3.5 * 2.5) / (1.5 * 0.5)): Haldane-corrected OR
    2.4567
    """
    names = tuple(str(n) for n in names)
    X = np.asarray(X, dtype=float).reshape(len(y), -1)
    y = np.asarray(y, dtype=float)
    if X.shape[1] != len(names):
        raise ValueError(f"{len(names)} names for {X.shape[1]} columns")
    w_in = np.ones(len(y)) if weights is None else np.asarray(weights, float)
    if collapse_rows:
        Xf, yf, wf = collapse(X, y, w_in)
    else:
        Xf, yf, wf = X, y, w_in
    try:
        model, notes = _fit_ladder(Xf, yf, wf, 0.5, tol, max_iter)
    except (ValueError, np.linalg.LinAlgError) as exc:
        raise FitError(f"Firth fit failed: {exc}") from exc
    if not model.converged_ or not np.isfinite(model.loglik_):
        raise FitError(f"Firth fit did not converge after {model.n_iter_} iterations"
                       + (f" ({'; '.join(notes)})" if notes else ""))
    k = X.shape[1]
    # the engine orders parameters [x_1..x_k, intercept]; we put the intercept first.
    order = np.r_[k, np.arange(k)]
    beta = np.r_[model.intercept_, model.coef_]
    se = np.asarray(model.bse_)[order]
    Xi = np.column_stack([np.ones(len(yf)), Xf])
    se_classic = _classic_se(Xi, beta, wf)
    ci = np.full((k + 1, 2), np.nan)
    if profile:
        with warnings.catch_warnings(record=True):
            warnings.simplefilter("always")
            ci_engine = np.array(model.conf_int(alpha=alpha, method="pl", tol=tol, max_iter=max_iter))
            for factor in _LADDER[1:]:  # same floating-point retry as the point estimate
                missing = [int(i) for i in np.flatnonzero(np.isnan(ci_engine).any(axis=1))]
                if not missing:
                    break
                again = np.asarray(model.conf_int(alpha=alpha, method="pl", tol=tol * factor,
                                                  max_iter=max_iter, features=missing))
                ci_engine[missing] = np.where(np.isnan(ci_engine[missing]), again[missing], ci_engine[missing])
                notes.append(f"profile bound(s) retried at tolerance {tol * factor:g}")
        ci = ci_engine[order]
    chi2 = np.full(k + 1, np.nan)
    p = np.full(k + 1, np.nan)
    loglik_null = math.nan
    if lrt:
        pvals = np.full(k + 1, np.nan)
        for t in (tol * f for f in _LADDER):  # constrained refits can stall like the fit
            model.gtol = model.xtol = t
            model.lrt_pvalues_ = np.where(np.isnan(pvals), np.nan, 0.0)  # only missing ones
            with warnings.catch_warnings(record=True):
                warnings.simplefilter("always")
                model.lrt()
            got = np.asarray(model.lrt_pvalues_)
            pvals = np.where(np.isnan(pvals), got, pvals)
            if not np.isnan(pvals).any():
                break
        model.gtol = model.xtol = tol
        pvals = pvals[order]
        # Recover the statistic from the p-value exactly as the engine computed it.
        chi2 = np.where(np.isnan(pvals), np.nan, dist.chi2.isf(pvals, 1))
        p = pvals
        for j in np.flatnonzero(np.isnan(p)):
            notes.append(f"penalized LR test for {((INTERCEPT,) + names)[j]} did not converge; "
                         "p not reported")
        loglik_null = _null_loglik(Xi, yf, wf)
    eta0 = Xf @ beta[1:]
    a_flic = flic_intercept(eta0, yf, wf)
    return FirthFit(terms=(INTERCEPT,) + names, coef=beta, se=se, se_classic=se_classic,
                    ci_low=ci[:, 0], ci_high=ci[:, 1], chi2=chi2, p=p, loglik=float(model.loglik_),
                    flic_intercept=a_flic, n=float(wf.sum()), n_events=float(wf[yf == 1].sum()),
                    n_patterns=len(yf), n_iter=int(model.n_iter_), alpha=alpha,
                    loglik_null=loglik_null, notes=tuple(dict.fromkeys(notes)))


def _null_loglik(Xi: np.ndarray, y: np.ndarray, w: np.ndarray) -> float:
    """Penalized log-likelihood of the intercept-only model, full design kept in the penalty.

    logistf's convention: all slopes fixed at 0, the penalty still uses the full design
    ``Xi`` (with intercept column). With a constant probability ``p`` the penalty is
    ``0.5 (k log(p (1 - p)) + log det(Xi'W0 Xi))``, so the maximiser is
    ``p = (events + k/2) / (n + k)`` (closed form).
    """
    n, e, k = w.sum(), w[y == 1].sum(), Xi.shape[1]
    p = (e + k / 2) / (n + k)
    logdet = np.linalg.slogdet((Xi * w[:, None]).T @ Xi)[1]
    return float(e * math.log(p) + (n - e) * math.log(1 - p)
                 + 0.5 * (k * math.log(p * (1 - p)) + logdet))


def fit_point(X: np.ndarray, y: np.ndarray, weights: np.ndarray | None = None, *,
              tol: float = 1e-6, max_iter: int = 500) -> np.ndarray | None:
    """Firth point estimate only (intercept first), or ``None`` if it did not converge.

    Fast path for bootstrap replicates and reconstruction sensitivity: no intervals,
    no tests, rows collapsed.

    Examples
    --------
    >>> import numpy as np
    >>> b = fit_point(np.array([[0.], [0.], [1.], [1.]]), np.array([0., 1., 1., 1.]))
    >>> [round(float(v), 4) + 0.0 for v in b]
    [0.0, 1.6094]
    """
    Xf, yf, wf = collapse(np.asarray(X, float).reshape(len(y), -1), y, weights)
    if wf[yf == 1].sum() == 0 or wf[yf == 0].sum() == 0:
        return None
    try:
        model, _ = _fit_ladder(Xf, yf, wf, 0.5, tol, max_iter)
    except (ValueError, np.linalg.LinAlgError):
        return None
    if not model.converged_:
        return None
    return np.r_[model.intercept_, model.coef_]


def fit_points(X: np.ndarray, y: np.ndarray, weights: np.ndarray, *, tol: float = 1e-6,
               max_iter: int = 500) -> list[np.ndarray | None]:
    """:func:`fit_point` under each row of ``weights`` (bootstrap replicates), solved together.

    Parameters
    ----------
    X : numpy.ndarray, shape (m, k)
        Distinct predictor rows (e.g. a bootstrap's patterns).
    y : numpy.ndarray, shape (m,)
        Outcome of each row.
    weights : numpy.ndarray, shape (B, m)
        Frequency weights of each replicate.

    Returns
    -------
    list
        Per replicate, the estimate (intercept first) or ``None``, as :func:`fit_point`.

    Notes
    -----
    Replicates are solved in lock step (:func:`osteostats.models.firth_engine.fit_points_batched`);
    any the batch leaves (a step-halving failure, a nearly singular information matrix, too
    few rows) go through :func:`fit_point` one at a time, with its tolerance retries. The
    estimates agree with :func:`fit_point` to rounding (5e-15) on binary designs; where the
    penalized likelihood is flat to rounding near the optimum (age in years) a replicate can
    stop one iteration apart, within the solver tolerance ``tol``
    (``tests/test_models_firth_engine.py``).

    Examples
    --------
    >>> import numpy as np
    >>> X, y = np.array([[0.], [0.], [1.], [1.]]), np.array([0., 1., 0., 1.])
    >>> b = fit_points(X, y, np.array([[3., 1., 1., 3.], [2., 0., 2., 0.]]))
    >>> [round(float(v), 4) for v in b[0]]   # Haldane: log(1.5/3.5), log(3.5*3.5/(1.5*1.5))
    [-0.8473, 1.6946]
    >>> b[1] is None                         # no events in the second replicate
    True
    """
    X = np.asarray(X, float).reshape(len(y), -1)
    W = np.atleast_2d(np.asarray(weights, float))
    beta, solved = fit_points_batched(X, y, W, tol=tol, max_iter=max_iter)
    k = X.shape[1]
    order = np.r_[k, np.arange(k)]
    return [beta[r, order] if solved[r] else fit_point(X, y, W[r], tol=tol, max_iter=max_iter)
            for r in range(W.shape[0])]


def fit_ml(X: np.ndarray, y: np.ndarray, names: list[str] | tuple[str, ...],
           weights: np.ndarray | None = None, alpha: float = 0.05, max_iter: int = 100) -> MLFit:
    """Unpenalized maximum-likelihood logistic regression with Wald intervals.

    Only meaningful without separation: callers must check
    :func:`osteostats.models.separation.check_separation` first and must not report the
    numbers of a separated model (the ML estimate does not exist there).

    Examples
    --------
    >>> import numpy as np
    >>> X = np.array([[0.], [0.], [0.], [1.], [1.], [1.]])
    >>> fit = fit_ml(X, np.array([0., 0., 1., 1., 1., 0.]), ["x"])
    >>> round(float(fit.coef[1]), 4)   # log(2 * 2 / (1 * 1))
    1.3863
    """
    names = tuple(str(n) for n in names)
    X = np.asarray(X, dtype=float).reshape(len(y), -1)
    Xf, yf, wf = collapse(X, y, weights)
    k = X.shape[1]
    model = _engine(0.0, 1e-8, max_iter)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            model.fit(Xf, yf, sample_weight=wf)
        except (ValueError, np.linalg.LinAlgError) as exc:
            raise FitError(f"ML fit failed: {exc}") from exc
    order = np.r_[k, np.arange(k)]
    beta = np.r_[model.intercept_, model.coef_]
    se = np.asarray(model.bse_)[order]
    z = dist.norm.isf(alpha / 2)
    p = 2 * dist.norm.sf(np.abs(beta / se))
    return MLFit(terms=(INTERCEPT,) + names, coef=beta, se=se, ci_low=beta - z * se,
                 ci_high=beta + z * se, p=p, converged=bool(model.converged_),
                 notes=tuple(_messages(caught)))


def firth_2x2(x: np.ndarray, y: np.ndarray, weights: np.ndarray | None = None) -> tuple[float, float]:
    """Closed-form Firth estimate ``(intercept, log OR)`` for one binary predictor.

    Parameters
    ----------
    x, y : numpy.ndarray
        Binary (0/1) predictor and outcome.
    weights : numpy.ndarray, optional
        Frequency weights.

    Returns
    -------
    tuple of float
        ``(log((c + 1/2) / (d + 1/2)), log((a + 1/2)(d + 1/2) / ((b + 1/2)(c + 1/2))))`` with
        ``a, b`` = events / non-events among ``x = 1`` and ``c, d`` among ``x = 0``.

    Notes
    -----
    With one binary covariate the model is saturated; Firth's penalty then equals adding 1/2
    to every cell (Haldane's correction), so the penalized estimate has this closed form.
    Used for the many bootstrap replicates of univariable sign models; tests check it
    against :func:`fit_firth`.

    Examples
    --------
    >>> import numpy as np
    >>> b0, b1 = firth_2x2(np.array([0, 0, 1, 1]), np.array([0, 1, 1, 1]))
    >>> round(b1, 4)
    1.6094
    """
    x = np.asarray(x, float)
    y = np.asarray(y, float)
    w = np.ones(len(y)) if weights is None else np.asarray(weights, float)
    a = w[(x == 1) & (y == 1)].sum() + 0.5
    b = w[(x == 1) & (y == 0)].sum() + 0.5
    c = w[(x == 0) & (y == 1)].sum() + 0.5
    d = w[(x == 0) & (y == 0)].sum() + 0.5
    return float(math.log(c / d)), float(math.log(a * d / (b * c)))
