"""Newton-Raphson engine for Firth-penalized logistic regression, profile bounds and LR tests.

A port of the numpy backend of ``firthmodels`` 0.8 (MIT licence, (c) its authors):
``compute_logistic_quantities``, ``newton_raphson``, ``profile_ci_bound``
(Venzon & Moolgavkar 1988) and ``constrained_lrt_1df``, the same operations in the same order
with the same LAPACK calls. It lives here because ``firthmodels`` imports scikit-learn, and
with it scipy.stats: about 1.5 s in every process that fits a model, several times per
workflow run, for no numerical gain. :mod:`osteostats.models.firth` adds the collapsing,
tolerance retries, FLIC and the result type on top.

Validated in ``tests/test_models_firth_engine.py``: estimates, log-likelihoods, iteration
counts, standard errors, profile bounds and LR p-values are identical to those of
``firthmodels.FirthLogisticRegression(backend="numpy")`` on random designs, separated ones
included; ``tests/test_models_firth.py`` checks the wrapper
against R logistf output.
"""
from __future__ import annotations

import functools
import math
import warnings

import numpy as np
from scipy.linalg.lapack import dgeqp3, dgetrf, dgetrs, dorgqr, dpotrf, dpotrs
from scipy.special import expit

from ..stats import distributions as dist

#: firthmodels' defaults: largest step per coefficient, step-halvings per iteration.
MAX_STEP = 5.0
MAX_HALFSTEP = 25


class ConvergenceWarning(UserWarning):
    """A Newton-Raphson fit, profile bound or constrained refit stopped without converging."""


_EPS = float(np.finfo(np.float64).eps)


@functools.lru_cache(maxsize=64)
def _blocks(n: int) -> np.ndarray:
    return np.arange(0, n, 64)


@functools.lru_cache(maxsize=64)
def _eye(k: int) -> np.ndarray:
    eye = np.eye(k, dtype=np.float64, order="F")
    eye.flags.writeable = False  # shared between calls: LAPACK only reads it (overwrite_b=0)
    return eye


def _fsum(terms: np.ndarray) -> float:
    """math.fsum over 64-term block sums (firthmodels' compensated sum)."""
    return math.fsum(np.add.reduceat(terms, _blocks(terms.shape[0])))


class Quantities:
    """Penalized log-likelihood, modified score and augmented information at one ``beta``."""

    __slots__ = ("loglik", "score", "info")

    def __init__(self, loglik: float, score: np.ndarray, info: np.ndarray) -> None:
        self.loglik, self.score, self.info = loglik, score, info


def quantities(X: np.ndarray, y: np.ndarray, w: np.ndarray, beta: np.ndarray, tau: float) -> Quantities:
    """Quantities of one iteration for design ``X`` (intercept column last), weights ``w``.

    With ``p = expit(X beta)``, ``W = diag(w p (1 - p))`` and hat values ``h`` of
    ``W^(1/2) X``: log-likelihood ``sum w (y eta - log(1 + e^eta)) + tau log det(X'WX)``,
    modified score ``X'(w (y - p) + 2 tau h (1/2 - p))`` and augmented information
    ``X' diag((w + 2 tau h) p (1 - p)) X``. ``tau = 0`` gives the ordinary likelihood,
    score and information.
    """
    n, k = X.shape
    eta = X @ beta
    p = expit(eta)
    wt = w * (p * (1.0 - p))
    # Fortran-ordered buffers as in firthmodels: BLAS then sums in the same order.
    XtW = np.multiply(X.T, np.sqrt(wt), order="F")
    info = np.matmul(XtW, XtW.T, out=np.empty((k, k), order="F"))
    ll_terms = w * (y * eta - np.logaddexp(0, eta))
    if tau == 0.0:
        return Quantities(_fsum(ll_terms), X.T @ (w * (y - p)), info)
    try:
        L, status = dpotrf(info, lower=1, overwrite_a=0)
        if status != 0:
            raise np.linalg.LinAlgError("dpotrf failed")
        diag = L.diagonal()
        if diag.min() <= math.sqrt(max(n, k) * _EPS) * diag.max():
            raise np.linalg.LinAlgError("Cholesky pivot below tolerance")
        logdet = 2.0 * np.log(diag).sum()
        inv, status = dpotrs(L, _eye(k), lower=1)
        if status != 0:
            raise np.linalg.LinAlgError("dpotrs failed")
        h = np.einsum("ij,ij->j", np.matmul(inv, XtW, out=np.empty((k, n), order="F")), XtW)
    except np.linalg.LinAlgError:
        qr, _, tau_qr, _, status = dgeqp3(np.asfortranarray(XtW.T), overwrite_a=1)
        if status != 0:
            raise np.linalg.LinAlgError("dgeqp3 failed") from None
        R = np.triu(qr[:k, :k])
        if (np.abs(R.diagonal()) > max(n, k) * _EPS * abs(R[0, 0])).sum() < k:
            raise np.linalg.LinAlgError("Weighted design matrix is rank deficient") from None
        Q, _, status = dorgqr(qr, tau_qr, overwrite_a=1)
        if status != 0:
            raise np.linalg.LinAlgError("dorgqr failed") from None
        logdet = 2.0 * np.log(np.abs(R.diagonal())).sum()
        h = np.einsum("ij, ij->i", Q, Q)
    scale = 2.0 * tau
    w_aug = (w + h * scale) * p * (1.0 - p)
    XtWa = np.multiply(X.T, np.sqrt(w_aug), order="F")
    residual = w * (y - p) + h * (0.5 - p) * scale
    info_aug = np.matmul(XtWa, XtWa.T, out=np.empty((k, k), order="F"))
    return Quantities(_fsum(ll_terms) + tau * logdet, X.T @ residual, info_aug)


class Solution:
    """Outcome of :func:`newton_raphson`."""

    __slots__ = ("beta", "q", "n_iter", "converged", "failure")

    def __init__(self, beta, q, n_iter, converged, failure=None) -> None:
        self.beta, self.q, self.n_iter, self.converged, self.failure = beta, q, n_iter, converged, failure


def _solve_spd(A: np.ndarray, b: np.ndarray) -> np.ndarray:
    try:
        L, status = dpotrf(A, lower=1, overwrite_a=0)
        if status != 0:
            raise np.linalg.LinAlgError("dpotrf failed")
        x, status = dpotrs(L, b.reshape(-1, 1, order="F"), lower=1)
        if status != 0:
            raise np.linalg.LinAlgError("dpotrs failed")
        return x.ravel()
    except np.linalg.LinAlgError:
        return np.linalg.lstsq(A, b, rcond=None)[0]


def newton_raphson(compute, beta: np.ndarray, *, max_iter: int, gtol: float, xtol: float,
                   max_step: float = MAX_STEP, max_halfstep: int = MAX_HALFSTEP) -> Solution:
    """Maximise a penalized log-likelihood from ``beta`` (firthmodels' step rules).

    Converged when ``max|score| < gtol`` and ``max|step| < xtol``; steps are clipped to
    ``max_step`` and halved up to ``max_halfstep`` times until the log-likelihood does not
    decrease.
    """
    beta = np.array(beta, dtype=np.float64)
    q = compute(beta)
    for iteration in range(max_iter + 1):
        delta = _solve_spd(q.info, q.score)
        max_score = np.abs(q.score).max()
        max_delta = np.abs(delta).max()
        if max_score < gtol and max_delta < xtol:
            return Solution(beta, q, iteration, True)
        if iteration == max_iter:
            break
        gain = 0.5 * float(q.score @ delta)
        skip_halving = max_delta < xtol and gain > 0.0 and q.loglik + gain == q.loglik
        if max_delta > max_step:
            delta = delta * (max_step / max_delta)
        beta_new = beta + delta
        q_new = compute(beta_new)
        if skip_halving or q_new.loglik >= q.loglik or max_halfstep == 0:
            beta, q = beta_new, q_new
            continue
        factor = 0.5
        for _ in range(max_halfstep):
            beta_new = beta + factor * delta
            q_new = compute(beta_new)
            if q_new.loglik >= q.loglik:
                beta, q = beta_new, q_new
                break
            factor *= 0.5
        else:
            return Solution(beta, compute(beta), iteration, False, "step_halving")
    return Solution(beta, q, max_iter, False, "max_iter")


def profile_bound(compute, idx: int, theta_hat: np.ndarray, l_star: float, which: int, *,
                  max_iter: int, tol: float, chi2_crit: float, D0: np.ndarray) -> tuple[float, bool, int]:
    """One profile-likelihood bound by Venzon & Moolgavkar (1988); ``(bound, converged, n_iter)``.

    Solves ``l(theta) = l_star`` together with zero score in the nuisance parameters, from a
    first step along the tangent ``[1, dw/dbeta]`` (their eqs. 4-9, as in firthmodels).
    """
    k = theta_hat.shape[0]
    theta = theta_hat.copy()
    other = [i for i in range(k) if i != idx]
    if other:
        D_ww = D0[np.ix_(other, other)]
        D_bw = D0[idx, other]
        try:
            dw_db = -np.linalg.solve(D_ww, D_bw)
        except np.linalg.LinAlgError:
            dw_db = -np.linalg.lstsq(D_ww, D_bw, rcond=None)[0]
        d2 = D0[idx, idx] + D_bw @ dw_db
    else:
        dw_db = np.array([])
        d2 = D0[idx, idx]
    h = which * 0.5 if d2 >= 0 else which * np.sqrt(chi2_crit / abs(d2)) / 2
    negD0 = -D0
    tangent = np.zeros(k)
    tangent[idx] = 1.0
    if other:
        tangent[other] = dw_db
    theta = theta + h * tangent
    for iteration in range(max_iter + 1):
        q = compute(theta)
        F = q.score.copy()
        F[idx] = q.loglik - l_star
        if np.abs(F).max() <= tol:
            return float(theta[idx]), True, iteration
        if iteration == max_iter:
            break
        D = -q.info
        G = D.copy(order="F")
        G[idx, :] = q.score
        try:
            lu, piv, status = dgetrf(G, overwrite_a=0)
            if status != 0:
                raise np.linalg.LinAlgError("dgetrf failed")
            rhs = np.zeros((k, 2), dtype=np.float64, order="F")
            rhs[:, 0] = F
            rhs[idx, 1] = 1.0
            sol, status = dgetrs(lu, piv, rhs)
            if status != 0:
                raise np.linalg.LinAlgError("dgetrs failed")
            v, g = sol[:, 0], sol[:, 1]
        except np.linalg.LinAlgError:
            v = np.linalg.lstsq(G, F, rcond=None)[0]
            try:
                e = np.zeros(k)
                e[idx] = 1.0
                g = np.linalg.lstsq(G, e, rcond=None)[0]
            except np.linalg.LinAlgError:
                theta = theta - 0.1 * v
                continue
        a = g @ D @ g
        b = 2 * v @ D @ g - 2
        c = v @ D @ v
        disc = b * b - 4 * a * c
        if disc >= 0 and abs(a) > 1e-10:
            root = np.sqrt(disc)
            s1, s2 = (-b + root) / (2 * a), (-b - root) / (2 * a)
            step1, step2 = -v - s1 * g, -v - s2 * g
            s = s1 if step1 @ negD0 @ step1 < step2 @ negD0 @ step2 else s2
            delta = -v - s * g
        else:
            delta = -0.1 * v
        theta = theta + delta
    return float(theta[idx]), False, max_iter


class FirthLogistic:
    """Firth-penalized (``penalty = 0.5``) or ordinary (``penalty = 0``) logistic regression.

    The attribute names follow ``firthmodels.FirthLogisticRegression``: after :meth:`fit`,
    ``coef_``, ``intercept_``, ``loglik_``, ``n_iter_``, ``converged_`` and ``bse_`` (from
    the inverse augmented information); :meth:`conf_int` gives profile bounds and
    :meth:`lrt` fills ``lrt_pvalues_`` (intercept last in both, as there). Problems are
    reported as :class:`ConvergenceWarning` with firthmodels' wording.
    """

    def __init__(self, gtol: float = 1e-4, xtol: float = 1e-4, max_iter: int = 25,
                 penalty_weight: float = 0.5) -> None:
        self.gtol, self.xtol, self.max_iter, self.penalty_weight = gtol, xtol, max_iter, penalty_weight

    def _compute(self, beta: np.ndarray) -> Quantities:
        return quantities(self._X, self._y, self._w, beta, self.penalty_weight)

    def fit(self, X: np.ndarray, y: np.ndarray, sample_weight: np.ndarray) -> FirthLogistic:
        """Fit on ``X`` (no intercept column), outcome ``y`` (0/1), frequency weights."""
        X = np.asarray(X, dtype=np.float64)
        y = np.asarray(y, dtype=np.float64)
        w = np.asarray(sample_weight, dtype=np.float64)
        if len(y) < 2:
            raise ValueError(f"Found array with {len(y)} sample(s) while a minimum of 2 is required.")
        if not (np.all(np.isfinite(X)) and np.all(np.isfinite(w))):
            raise ValueError("Input contains NaN or infinity.")
        if np.any(w < 0):
            raise ValueError("Negative values in data passed to `sample_weight`")
        if not np.any(w[y == 0] > 0) or not np.any(w[y == 1] > 0):
            raise ValueError("Need at least one positive-weight sample in each class.")
        Xi = np.column_stack([X, np.ones(X.shape[0])])
        k = Xi.shape[1]
        if k > np.count_nonzero(w > 0):
            raise ValueError(f"Number of parameters ({k}) exceeds the effective sample size "
                             f"({np.count_nonzero(w > 0)}).")
        self._X, self._y, self._w = Xi, y, w
        sol = newton_raphson(self._compute, np.zeros(k), max_iter=self.max_iter, gtol=self.gtol, xtol=self.xtol)
        if sol.failure == "step_halving":
            warnings.warn("Step-halving failed to converge.", ConvergenceWarning, stacklevel=2)
        elif sol.failure == "max_iter":
            warnings.warn("Maximum number of iterations reached without convergence.", ConvergenceWarning,
                          stacklevel=2)
        self.beta_ = sol.beta
        self.coef_, self.intercept_ = sol.beta[:-1], sol.beta[-1]
        self.loglik_, self.n_iter_, self.converged_ = sol.q.loglik, sol.n_iter, sol.converged
        self._cov = None
        self.bse_ = np.full(k, np.nan)
        info = sol.q.info
        if not np.all(np.isfinite(info)):
            warnings.warn("Fisher information matrix is not finite; standard errors and p-values cannot be "
                          "computed.", RuntimeWarning, stacklevel=2)
        else:
            L, status = dpotrf(info, lower=1, overwrite_a=0)
            if status == 0:
                cov, status = dpotrs(L, _eye(k), lower=1)
                if status == 0:
                    self._cov = cov
                    self.bse_ = np.sqrt(cov.diagonal())
            if status != 0:
                warnings.warn("Fisher information is not positive definite; standard errors and p-values "
                              "cannot be computed.", RuntimeWarning, stacklevel=2)
        self.lrt_pvalues_ = np.full(k, np.nan)
        return self

    def conf_int(self, alpha: float = 0.05, method: str = "pl", tol: float = 1e-4, max_iter: int = 25,
                 features: list[int] | None = None) -> np.ndarray:
        """Profile penalized-likelihood bounds, shape ``(k, 2)``; NaN where a bound did not converge."""
        if method != "pl":
            raise ValueError(f"only profile-likelihood intervals (method='pl') are computed, got {method!r}")
        k = len(self.beta_)
        ci = np.full((k, 2), np.nan)
        chi2_crit = float(dist.chi2.ppf(1 - alpha, 1))
        l_star = self.loglik_ - chi2_crit / 2
        D0 = -self._compute(self.beta_).info
        for idx in range(k) if features is None else features:
            for col, which in enumerate((-1, 1)):
                bound, ok, n_iter = profile_bound(self._compute, idx, self.beta_, l_star, which,
                                                  max_iter=max_iter, tol=tol, chi2_crit=chi2_crit, D0=D0)
                if ok:
                    ci[idx, col] = bound
                else:
                    warnings.warn(f"Profile-likelihood CI did not converge for parameter {idx} "
                                  f"({'lower' if which == -1 else 'upper'} bound) after {n_iter} iterations.",
                                  ConvergenceWarning, stacklevel=2)
        return ci

    def lrt(self) -> FirthLogistic:
        """Penalized LR test of each coefficient still NaN in ``lrt_pvalues_`` (full design in the penalty).

        The constrained fit (coefficient fixed at 0) starts from the full estimate moved along
        the covariance (Schur complement), as in firthmodels.
        """
        if not self.converged_ or not math.isfinite(self.loglik_):
            reason = ("the full-model fit did not converge" if not self.converged_
                      else "the full-model penalized log-likelihood is non-finite")
            warnings.warn(f"LRT inference was not computed because {reason}.", ConvergenceWarning, stacklevel=2)
            return self
        k = len(self.beta_)
        for idx in np.flatnonzero(np.isnan(self.lrt_pvalues_)):
            self.lrt_pvalues_[idx] = self._lrt_one(int(idx), k)
        return self

    def _lrt_one(self, idx: int, k: int) -> float:
        free = np.array([i for i in range(k) if i != idx], dtype=np.intp)
        grid = np.ix_(free, free)
        full = np.zeros(k)
        init = np.zeros(k - 1)
        if self._cov is not None:
            denom = self._cov[idx, idx]
            col = self._cov[free, idx]
            if np.isfinite(denom) and denom > 0.0 and np.all(np.isfinite(col)):
                init = self.beta_[free] - self.beta_[idx] * (col / denom)

        def constrained(beta_free: np.ndarray) -> Quantities:
            full[free] = beta_free
            full[idx] = 0.0
            q = self._compute(full)
            return Quantities(q.loglik, q.score[free], q.info[grid])

        if k == 1:
            loglik0, ok, failure = self._compute(full).loglik, True, None
        else:
            sol = newton_raphson(constrained, init, max_iter=self.max_iter, gtol=self.gtol, xtol=self.xtol)
            loglik0, ok, failure = sol.q.loglik, sol.converged, sol.failure
        if ok and not (math.isfinite(self.loglik_) and math.isfinite(loglik0)):
            ok, failure = False, "nonfinite"
        if not ok:
            warnings.warn(f"LRT for parameter {idx} was not computed ({failure}); p-value and back-corrected "
                          "standard error remain NaN.", ConvergenceWarning, stacklevel=3)
            return math.nan
        return float(dist.chi2.sf(max(0.0, 2.0 * (self.loglik_ - loglik0)), 1))


def fit_points_batched(X: np.ndarray, y: np.ndarray, W: np.ndarray, *, tol: float, max_iter: int = 500
                       ) -> tuple[np.ndarray, np.ndarray]:
    """Firth point estimates under many weight vectors at once (bootstrap replicates).

    Parameters
    ----------
    X : numpy.ndarray, shape (m, k)
        Distinct predictor rows (no intercept column).
    y : numpy.ndarray, shape (m,)
        Outcome of each row (0/1).
    W : numpy.ndarray, shape (B, m)
        One frequency-weight vector per replicate (0 = row absent).
    tol : float
        Gradient and step tolerance, as ``FirthLogistic(gtol=tol, xtol=tol)``.
    max_iter : int
        Iteration limit.

    Returns
    -------
    beta : numpy.ndarray, shape (B, k + 1)
        Estimates, intercept *last* (the engine's order); rows not solved here are NaN.
    solved : numpy.ndarray of bool, shape (B,)
        Replicates this routine brought to convergence. The others (a step-halving or
        iteration failure, an information matrix too close to singular for a plain Cholesky
        factor, one outcome class or too few rows) are left to the one-at-a-time
        :class:`FirthLogistic`, which handles them as it always has.

    Notes
    -----
    The same Newton-Raphson iteration as :func:`newton_raphson` (start at 0, steps clipped to
    5, halved until the penalized log-likelihood does not decrease, converged when
    ``max|score| < tol`` and ``max|step| < tol``) run in lock step over the replicates with
    stacked (B, k, k) linear algebra; each replicate stops at its own convergence. Rows of
    zero weight contribute exactly zero to every sum, so the estimates equal those of a fit
    on the replicate's present rows up to summation order: ``tests/test_models_firth_engine.py``
    asserts agreement with :class:`FirthLogistic` to 1e-10 on the bundled bootstrap.
    """
    X = np.asarray(X, dtype=np.float64)
    Xi = np.column_stack([X, np.ones(X.shape[0])])
    y = np.asarray(y, dtype=np.float64)
    W = np.atleast_2d(np.asarray(W, dtype=np.float64))
    B, k = W.shape[0], Xi.shape[1]
    beta = np.zeros((B, k))
    out = np.full((B, k), np.nan)
    solved = np.zeros(B, dtype=bool)
    ok = ((W[:, y == 1] > 0).any(axis=1) & (W[:, y == 0] > 0).any(axis=1)
          & ((W > 0).sum(axis=1) >= k))
    active = np.flatnonzero(ok)
    if active.size == 0:
        return out, solved

    def compute(b: np.ndarray, Wb: np.ndarray):
        eta = b @ Xi.T                                  # (r, m)
        p = expit(eta)
        pq = p * (1.0 - p)
        info = np.einsum("rm,mi,mj->rij", Wb * pq, Xi, Xi)
        L = np.linalg.cholesky(info)                    # raises only if a replicate is not PD
        diag = np.diagonal(L, axis1=1, axis2=2)
        good = diag.min(axis=1) > np.sqrt(np.maximum((Wb > 0).sum(axis=1), k) * _EPS) * diag.max(axis=1)
        logdet = 2.0 * np.log(diag).sum(axis=1)
        inv = np.linalg.inv(info)
        h = Wb * pq * np.einsum("mi,rij,mj->rm", Xi, inv, Xi)
        ll = (Wb * (y * eta - np.logaddexp(0, eta))).sum(axis=1) + 0.5 * logdet
        score = np.einsum("rm,mi->ri", Wb * (y - p) + h * (0.5 - p), Xi)
        info_aug = np.einsum("rm,mi,mj->rij", (Wb + h) * pq, Xi, Xi)
        return ll, score, info_aug, good

    Wa = W[active]
    try:
        ll, score, info, good = compute(beta[active], Wa)
    except np.linalg.LinAlgError:
        return out, solved
    alive = good.copy()                                 # per position in `active`
    b = beta[active]
    for _ in range(max_iter + 1):
        idx = np.flatnonzero(alive)
        if idx.size == 0:
            break
        try:
            delta = np.linalg.solve(info[idx], score[idx][..., None])[..., 0]
        except np.linalg.LinAlgError:
            break
        max_score = np.abs(score[idx]).max(axis=1)
        max_delta = np.abs(delta).max(axis=1)
        done = (max_score < tol) & (max_delta < tol)
        out[active[idx[done]]] = b[idx[done]]
        solved[active[idx[done]]] = True
        alive[idx[done]] = False
        idx, delta, max_delta = idx[~done], delta[~done], max_delta[~done]
        if idx.size == 0:
            break
        gain = 0.5 * np.einsum("ri,ri->r", score[idx], delta)
        skip = (max_delta < tol) & (gain > 0.0) & (ll[idx] + gain == ll[idx])
        big = max_delta > MAX_STEP
        delta[big] *= (MAX_STEP / max_delta[big])[:, None]
        factor = np.ones(idx.size)
        pending = np.ones(idx.size, dtype=bool)
        for _halving in range(MAX_HALFSTEP + 1):
            sel = np.flatnonzero(pending)
            trial = b[idx[sel]] + factor[sel, None] * delta[sel]
            try:
                ll_n, sc_n, inf_n, good_n = compute(trial, Wa[idx[sel]])
            except np.linalg.LinAlgError:
                alive[idx[sel]] = False
                break
            accept = (ll_n >= ll[idx[sel]]) | (skip[sel] & (factor[sel] == 1.0))
            acc = sel[accept]
            where = idx[acc]
            b[where], ll[where], score[where], info[where] = trial[accept], ll_n[accept], sc_n[accept], inf_n[accept]
            alive[where] &= good_n[accept]
            pending[acc] = False
            factor[sel[~accept]] *= 0.5
            if not pending.any():
                break
        alive[idx[pending]] = False                     # step-halving failed: left to the engine
    return out, solved
