"""Independent Firth logistic regression, for recording and checking reference values.

Written from the definitions only, without firthmodels and without Newton-Raphson:

- penalized log-likelihood l*(b) = sum w_i [y_i eta_i - log(1 + exp(eta_i))] + 0.5 log det(X'WX);
- maximised by scipy.optimize.minimize (BFGS on the analytic gradient, gradient norm
  < 1e-10), from zero;
- profile penalized-likelihood bounds: for b_j fixed, maximise over the other coefficients
  (same optimiser), then find where 2 (l*max - l*profile(b_j)) = chi2_{1, 0.95} by Brent's
  root finding;
- penalized LR test: l*profile at b_j = 0, the full design kept in the penalty (logistf).

Slow (nested optimisation) but simple enough to check by reading. Used by
tests/test_models_firth.py and by make_quasi.py.
"""
from __future__ import annotations

import numpy as np
from scipy import optimize, special, stats


def penalized_loglik(beta, X, y, w):
    eta = X @ beta
    p = special.expit(eta)
    info = (X * (w * p * (1 - p))[:, None]).T @ X
    sign, logdet = np.linalg.slogdet(info)
    if sign <= 0:
        return -np.inf
    return float(np.sum(w * (y * eta - np.logaddexp(0.0, eta))) + 0.5 * logdet)


def gradient(beta, X, y, w):
    """d l*/d beta = X' [w (y - p) + h (1/2 - p)], h = diag of W^1/2 X (X'WX)^-1 X' W^1/2."""
    p = special.expit(X @ beta)
    wv = w * p * (1 - p)
    info = (X * wv[:, None]).T @ X
    h = np.einsum("ij,jk,ik->i", X, np.linalg.inv(info), X) * wv
    return X.T @ (w * (y - p) + h * (0.5 - p))


def _maximise(X, y, w, fixed=None, start=None):
    """Maximise l* over the free coefficients; ``fixed = (j, value)`` pins one of them."""
    k = X.shape[1]
    free = [i for i in range(k) if fixed is None or i != fixed[0]]

    def full(b_free):
        b = np.zeros(k)
        b[free] = b_free
        if fixed is not None:
            b[fixed[0]] = fixed[1]
        return b

    def f(b_free):
        return -penalized_loglik(full(b_free), X, y, w)

    def g(b_free):
        return -gradient(full(b_free), X, y, w)[free]

    x0 = np.zeros(len(free)) if start is None else np.asarray(start, float)[free]
    res = optimize.minimize(f, x0, jac=g, method="BFGS", options={"gtol": 1e-10, "maxiter": 10000})
    return full(res.x), -res.fun


def fit(X, y, w=None, alpha=0.05):
    """Return dict with coef, ci_low, ci_high, chi2, p, loglik (X includes the intercept column)."""
    X = np.asarray(X, float)
    y = np.asarray(y, float)
    w = np.ones(len(y)) if w is None else np.asarray(w, float)
    beta, lmax = _maximise(X, y, w)
    crit = stats.chi2.ppf(1 - alpha, 1)
    k = X.shape[1]
    lo, hi, chi2 = np.zeros(k), np.zeros(k), np.zeros(k)
    for j in range(k):
        def dev(b, j=j):
            _, lp = _maximise(X, y, w, fixed=(j, b), start=beta)
            return 2 * (lmax - lp) - crit

        for side, out in ((-1, lo), (1, hi)):
            step = 0.5
            inner = beta[j]
            outer = beta[j] + side * step
            while dev(outer) < 0:
                inner, outer = outer, beta[j] + side * step * 2
                step *= 2
                if step > 1e3:
                    raise RuntimeError("profile bound not bracketed")
            out[j] = optimize.brentq(dev, min(inner, outer), max(inner, outer), xtol=1e-11, rtol=1e-12)
        _, l0 = _maximise(X, y, w, fixed=(j, 0.0), start=beta)
        chi2[j] = max(0.0, 2 * (lmax - l0))
    return dict(coef=beta, ci_low=lo, ci_high=hi, chi2=chi2, p=stats.chi2.sf(chi2, 1), loglik=lmax)
