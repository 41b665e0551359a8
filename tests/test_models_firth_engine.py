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


def _bundled_bootstrap(model_name: str):
    from osteostats.cases import load_cases
    from osteostats.models.clustering import ClusterBootstrap, frame_clusters
    from osteostats.models.config import ModelSettings
    from osteostats.models.design import patient_frame, vertebra_frame
    from osteostats.models.multivariable import PATIENT_MODEL, SIGNS_MODEL, fit_model

    s = ModelSettings()
    c = load_cases("data/cases", s.study)
    if model_name == SIGNS_MODEL:
        vf = vertebra_frame(c.vertebrae, s.study)
        m = fit_model(SIGNS_MODEL, vf, s.multivariable_signs, s, "vertebrae.csv", frame_clusters(vf))
    else:
        m = fit_model(PATIENT_MODEL, patient_frame(c.patients, s.study), s.patient_predictors, s, "patients.csv")
    bs = ClusterBootstrap(m.prep.X, m.prep.y, m.clusters, pattern=m.patterns)
    return bs.patterns.X, bs.patterns.y, np.array(list(bs.replicates(200, np.random.default_rng(5))))


@pytest.mark.parametrize("model_name, tolerance", [
    # binary signs: the lock-step solver takes the same steps; only summation order differs
    ("signs_vertebra", 1e-12),
    # age in years: near the optimum the penalized likelihood is flat to rounding, so a step
    # accepted or halved at the last iteration can differ; both answers meet the solver's
    # convergence criterion (gradient and step below 1e-6), and differ by less than that
    ("age_sex_patient", 1e-6),
])
def test_batched_bootstrap_fits_agree_with_one_at_a_time(model_name, tolerance):
    from osteostats.models.firth import fit_point, fit_points

    X, y, W = _bundled_bootstrap(model_name)
    one = [fit_point(X, y, w) for w in W]
    batch = fit_points(X, y, W)
    assert [b is None for b in batch] == [o is None for o in one]
    worst = max(float(np.abs(o - b).max()) for o, b in zip(one, batch) if o is not None)
    assert worst < tolerance, worst


def test_batched_fits_leave_impossible_replicates_to_the_engine():
    from osteostats.models.firth import fit_point, fit_points
    from osteostats.models.firth_engine import fit_points_batched

    X = np.array([[0.0], [0.0], [1.0], [1.0]])
    y = np.array([0.0, 1.0, 0.0, 1.0])
    W = np.array([[3.0, 1.0, 1.0, 3.0],    # an ordinary replicate
                  [2.0, 0.0, 2.0, 0.0],    # one outcome class only: no estimate
                  [0.0, 2.0, 0.0, 0.0]])   # fewer rows than parameters
    beta, solved = fit_points_batched(X, y, W, tol=1e-6)
    assert solved.tolist() == [True, False, False]
    got = fit_points(X, y, W)
    assert got[1] is None and got[2] is None
    assert np.abs(got[0] - fit_point(X, y, W[0])).max() < 1e-12
    # Firth on a saturated 2x2 equals Haldane's correction: log OR = log(3.5 * 3.5 / (1.5 * 1.5))
    assert got[0][1] == pytest.approx(2 * np.log(3.5 / 1.5), abs=1e-6)
