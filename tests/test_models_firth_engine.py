"""The in-house Firth engine against firthmodels, the library it was ported from.

osteostats.models.firth_engine performs firthmodels' numpy-backend operations in the same
order with the same LAPACK calls, so the results must be *identical*, not merely close:
estimates, penalized log-likelihoods, iteration counts, convergence flags, standard errors,
profile penalized-likelihood bounds and penalized LR p-values, on random designs (binary and
continuous covariates, frequency weights), on quasi-separated data and for the unpenalized
(ML) fit. R logistf agreement of the wrapper is tested in tests/test_models_firth.py.
"""
from __future__ import annotations

import warnings

import firthmodels  # a test dependency: the reference implementation
import numpy as np
import pytest

from osteostats.models.firth_engine import ConvergenceWarning, FirthLogistic


def _design(rng: np.random.Generator, trial: int):
    n = int(rng.integers(15, 200))
    k = int(rng.integers(1, 6))
    X = rng.integers(0, 2, (n, k)).astype(float)
    if trial % 3 == 0:
        X[:, 0] = rng.normal(60, 10, n)  # age-like continuous covariate
    y = (rng.random(n) < 0.2 + 0.5 * X[:, -1]).astype(float)
    if trial % 5 == 0:  # quasi-separation by the last covariate
        y = X[:, -1].copy()
        y[0] = 1 - y[0]
    w = rng.integers(1, 4, n).astype(float)
    return X, y, w


def _pair(X, y, w, penalty):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = firthmodels.FirthLogisticRegression(gtol=1e-7, xtol=1e-7, max_iter=500, penalty_weight=penalty,
                                                  backend="numpy").fit(X, y, sample_weight=w)
        ours = FirthLogistic(gtol=1e-7, xtol=1e-7, max_iter=500, penalty_weight=penalty).fit(X, y, sample_weight=w)
    return ref, ours


def _equal(a, b) -> bool:
    a, b = np.asarray(a, float), np.asarray(b, float)
    return bool(np.all((a == b) | (np.isnan(a) & np.isnan(b))))


@pytest.mark.parametrize("trial", range(60))
def test_engine_is_identical_to_firthmodels(trial):
    rng = np.random.default_rng([11, trial])
    X, y, w = _design(rng, trial)
    for penalty in (0.5, 0.0):
        if penalty == 0.0 and trial % 5 == 0:
            continue  # the ML estimate does not exist under separation
        try:
            ref, ours = _pair(X, y, w, penalty)
        except (ValueError, np.linalg.LinAlgError) as exc:  # both must refuse the same designs
            with pytest.raises(type(exc)):
                FirthLogistic(penalty_weight=penalty).fit(X, y, sample_weight=w)
            continue
        assert _equal(np.r_[ref.coef_, ref.intercept_], ours.beta_)
        assert ref.loglik_ == ours.loglik_
        assert (ref.n_iter_, ref.converged_) == (ours.n_iter_, ours.converged_)
        assert _equal(ref.bse_, ours.bse_)
        if penalty == 0.5 and ref.converged_:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                ci_ref = ref.conf_int(alpha=0.05, method="pl", tol=1e-7, max_iter=500)
                ci_ours = ours.conf_int(alpha=0.05, method="pl", tol=1e-7, max_iter=500)
                ref.lrt()
                ours.lrt()
            assert _equal(ci_ref, ci_ours)
            assert _equal(ref.lrt_pvalues_, ours.lrt_pvalues_)


def test_engine_warns_like_firthmodels_when_step_halving_stalls():
    # Found by the trial loop above: at tolerance 1e-7 one constrained LR refit stalls on
    # floating-point noise in both implementations; both say so in the same words.
    rng = np.random.default_rng(3)
    for trial in range(13):
        X, y, w = _design(rng, trial)
    ref, ours = _pair(X, y, w, 0.5)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ref.lrt()
        ours.lrt()
    messages = [str(c.message) for c in caught]
    assert len(messages) == 2 and messages[0] == messages[1], messages
    assert issubclass(caught[1].category, ConvergenceWarning)
    assert _equal(ref.lrt_pvalues_, ours.lrt_pvalues_)


def test_engine_refuses_one_class_data():
    X = np.array([[0.0], [1.0], [1.0]])
    with pytest.raises(ValueError, match="each class"):
        FirthLogistic().fit(X, np.ones(3), np.ones(3))
