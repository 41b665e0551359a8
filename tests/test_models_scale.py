"""The model stage on collapsed patterns: same numbers as on rows, O(n) grouping, vectorised draws.

Every weighted computation is checked against an independent row-level reference: the fit,
AUC, ROC and calibration on the expanded rows (scipy's rankdata for the AUC), the
patient-by-patient draws written as plain Python loops, statsmodels for the sandwich and
multinomial theory for the distribution of the bootstrap weights.
"""
from __future__ import annotations

import io
import math
import sys

import numpy as np
import pandas as pd
import pytest
from scipy import special, stats

from osteostats.models.clustering import (ClusterBootstrap, Clusters, VertebraPicker, cluster_bootstrap,
                                          cluster_robust_logit, frame_clusters, uniform_offsets)
from osteostats.models.firth import collapse, fit_firth, fit_point, firth_2x2, patterns
from osteostats.models.performance import auc, auc_weighted, calibration, roc_curve
from osteostats.models.results import progress


def cohort(n_patients: int, seed: int = 0) -> pd.DataFrame:
    """Vertebra rows: 1-4 per patient, shuffled, string ids, two groups, three binary signs."""
    rng = np.random.default_rng(seed)
    sizes = rng.choice([1, 2, 3, 4], size=n_patients, p=[0.5, 0.3, 0.15, 0.05])
    pid = np.repeat([f"P{i:05d}" for i in rng.permutation(n_patients)], sizes)
    met = np.repeat(rng.random(n_patients) < 0.4, sizes)
    within = np.concatenate([rng.permutation(s) for s in sizes])
    f = pd.DataFrame({"patient_id": pid, "vertebra_id": [f"{p}-V{k}" for p, k in zip(pid, within)],
                      "group": np.where(met, "MET", "OP"), "event": met.astype(float),
                      "height_loss_pct": np.round(rng.uniform(20, 60, len(pid)), 0)})
    for j, (a, b) in enumerate([(0.6, 0.2), (0.3, 0.5), (0.1, 0.3)]):
        f[f"s{j}"] = (rng.random(len(f)) < np.where(met, a, b)).astype(float)
    f.loc[rng.choice(len(f), 5, replace=False), "height_loss_pct"] = np.nan
    return f.sample(frac=1, random_state=seed).reset_index(drop=True)


def reference_groups(frame: pd.DataFrame):
    """Rows per patient the slow, obvious way: patients sorted, vertebrae sorted by id."""
    out = []
    for pid in sorted(set(frame.patient_id)):
        rows = [i for i in range(len(frame)) if frame.patient_id[i] == pid]
        out.append(sorted(rows, key=lambda i: frame.vertebra_id[i]))
    return out


# --- grouping ---------------------------------------------------------------------------------

def test_clusters_match_sorted_ids_and_vertebra_order():
    f = cohort(60)
    c = frame_clusters(f)
    groups = reference_groups(f)
    ids = sorted(set(f.patient_id))
    assert c.code.tolist() == [ids.index(p) for p in f.patient_id]
    assert [c.ordered[s:s + n].tolist() for s, n in zip(c.starts, c.sizes)] == groups
    assert c.stratum.tolist() == [sorted({"MET", "OP"}).index(f.group[g[0]]) for g in groups]


def test_subset_equals_grouping_built_on_the_subset():
    f = cohort(80, seed=1)
    keep = np.sort(np.random.default_rng(2).choice(len(f), len(f) - 40, replace=False))
    sub = f.iloc[keep].reset_index(drop=True)
    a, b = frame_clusters(f).subset(keep), frame_clusters(sub)
    for field in ("code", "ordered", "starts", "sizes", "stratum"):
        np.testing.assert_array_equal(getattr(a, field), getattr(b, field), err_msg=field)


def test_stratum_varying_within_a_patient_is_an_error():
    with pytest.raises(ValueError, match="varies within"):
        Clusters.build(np.array(["a", "a"]), np.array(["OP", "MET"]))


# --- one vertebra per patient ---------------------------------------------------------------------

@pytest.mark.parametrize("method", ["random", "most_severe"])
def test_vectorised_draws_equal_a_loop_over_patients(method):
    f = cohort(70, seed=3)
    groups = reference_groups(f)
    hl = np.nan_to_num(f.height_loss_pct.to_numpy(float), nan=-np.inf)
    picker = VertebraPicker(f, method)
    r_loop, r_vec = np.random.default_rng(11), np.random.default_rng(11)
    for _ in range(3):
        if method == "random":
            expected = sorted(g[r_loop.integers(len(g))] for g in groups)
        else:  # largest height loss, ties and missing -> first vertebra id
            expected = sorted(g[int(np.argmax(hl[g]))] for g in groups)
        assert picker.draw(r_vec).tolist() == expected
    assert r_loop.random() == r_vec.random()  # the stream advanced by exactly as much


@pytest.mark.parametrize("high", [5, 1000, 3 * 2**30, 2**32 - 1])
def test_uniform_offsets_equal_numpy_integers_and_leave_the_same_state(high):
    # large bounds make numpy's Lemire redraws frequent: the fallback path is exercised too
    rng = np.random.default_rng(high)
    for _ in range(20):
        sizes = rng.integers(1, high, int(rng.integers(1, 3000)))
        seed = int(rng.integers(2**31))
        a, b = np.random.default_rng(seed), np.random.default_rng(seed)
        np.testing.assert_array_equal(uniform_offsets(a, sizes), b.integers(0, sizes))
        assert a.random() == b.random()


# --- bootstrap weights ----------------------------------------------------------------------------

@pytest.mark.parametrize("columns", [["s0", "s1"], ["s0", "score"]])
def test_bootstrap_weights_have_the_multinomial_moments_of_patient_resampling(columns):
    # few patterns (types from count vectors) and many patterns (types from sorted codes)
    f = cohort(40, seed=4)
    f["score"] = np.round(np.random.default_rng(1).normal(size=len(f)), 1)
    X, y = f[columns].to_numpy(), f.event.to_numpy()
    bs = ClusterBootstrap(X, y, frame_clusters(f))
    assert (len(bs.patterns.y) > 30) == ("score" in columns)  # > 30: no count-vector key
    W = np.array(list(bs.replicates(20000, np.random.default_rng(5))))
    # theory: per stratum, patient counts ~ Multinomial(m, 1/m each); W = sum of patients' patterns
    pat = bs.patterns
    M = np.zeros((40, len(pat.y)))
    c = frame_clusters(f)
    np.add.at(M, (c.code, pat.row), 1)
    cov = np.zeros((len(pat.y), len(pat.y)))
    for members in c.members():
        m = len(members)
        A = M[members]
        cov += m * (A.T @ A / m - np.outer(A.mean(axis=0), A.mean(axis=0)))
    np.testing.assert_allclose(W.mean(axis=0), pat.w, atol=5 * np.sqrt(np.diag(cov) / len(W)).max())
    np.testing.assert_allclose(np.cov(W.T), cov, atol=0.06 * np.abs(cov).max())
    # and the same as drawing patient by patient (the row-level reference)
    R = np.array([pat.counts(idx) for idx in cluster_bootstrap(f.patient_id.to_numpy(), f.group.to_numpy(),
                                                               4000, np.random.default_rng(6))])
    np.testing.assert_allclose(R.mean(axis=0), pat.w, atol=5 * np.sqrt(np.diag(cov) / len(R)).max())
    # strata keep their number of patients and their outcome: event weights stay fixed
    assert np.all(W[:, pat.y == 1].sum(axis=1) > 0) and np.all(W[:, pat.y == 0].sum(axis=1) > 0)


def test_weighted_fits_equal_fits_on_the_resampled_rows():
    f = cohort(50, seed=7)
    X, y = f[["s0", "s1", "s2"]].to_numpy(), f.event.to_numpy()
    bs = ClusterBootstrap(X, y, frame_clusters(f))
    for w in bs.replicates(5, np.random.default_rng(8)):
        rows = np.repeat(np.arange(len(w)), w.astype(int))  # the resample, expanded to rows
        Xr, yr = bs.patterns.X[rows], bs.patterns.y[rows]
        np.testing.assert_array_equal(fit_point(bs.patterns.X, bs.patterns.y, w), fit_point(Xr, yr))
        assert firth_2x2(bs.patterns.X[:, 0], bs.patterns.y, w) == firth_2x2(Xr[:, 0], yr)
    pat = patterns(X, y)
    a = fit_firth(pat.X, pat.y, ["a", "b", "c"], weights=pat.w)
    b = fit_firth(X, y, ["a", "b", "c"])
    for field in ("coef", "se", "ci_low", "ci_high", "p"):
        np.testing.assert_array_equal(getattr(a, field), getattr(b, field))
    np.testing.assert_array_equal(collapse(pat.X, pat.y, pat.w)[2], collapse(X, y)[2])


# --- AUC, ROC, calibration on weights -------------------------------------------------------------

def _auc_rows(y, s):
    """Mann-Whitney AUC on rows via scipy ranks (ties 1/2): an independent reference."""
    r = stats.rankdata(s)
    n1 = y.sum()
    n0 = len(y) - n1
    return (r[y == 1].sum() - n1 * (n1 + 1) / 2) / (n1 * n0)


def test_weighted_auc_roc_calibration_equal_the_expanded_rows():
    from sklearn.metrics import roc_auc_score

    rng = np.random.default_rng(9)
    for _ in range(30):
        k = int(rng.integers(4, 40))
        y = rng.integers(0, 2, k).astype(float)
        y[:2] = [0, 1]
        s = np.round(rng.normal(size=k) + y, 1)  # ties included
        w = rng.integers(0, 5, k).astype(float)
        w[:2] = 1
        rows = np.repeat(np.arange(k), w.astype(int))
        ref = _auc_rows(y[rows], s[rows])
        assert auc(y, s, w) == pytest.approx(ref, abs=1e-12)
        assert auc_weighted(y, s, w[None, :])[0] == pytest.approx(ref, abs=1e-12)
        assert auc_weighted(y, s, w[None, :])[0] == pytest.approx(roc_auc_score(y[rows], s[rows]), abs=1e-12)
        fpr, tpr = roc_curve(y, s, w)
        rf, rt = roc_curve(y[rows], s[rows])
        np.testing.assert_array_equal(fpr, rf)
        np.testing.assert_array_equal(tpr, rt)
        c_w, sl_w = calibration(y, s, w)
        c_r, sl_r = calibration(y[rows], s[rows])
        assert c_w == pytest.approx(c_r, abs=1e-10)
        assert (math.isnan(sl_w) and math.isnan(sl_r)) or sl_w == pytest.approx(sl_r, abs=1e-8)


def test_weighted_calibration_slope_equals_statsmodels_freq_weights():
    import statsmodels.api as sm

    rng = np.random.default_rng(10)
    lp = rng.normal(size=30)
    y = (rng.random(30) < special.expit(0.2 + 0.8 * lp)).astype(float)
    w = rng.integers(1, 6, 30).astype(float)
    ref = sm.GLM(y, sm.add_constant(lp), family=sm.families.Binomial(), freq_weights=w).fit()
    assert calibration(y, lp, w)[1] == pytest.approx(ref.params[1], abs=1e-8)


# --- sandwich ------------------------------------------------------------------------------------

def test_cluster_robust_equals_statsmodels_glm_cluster_without_correction():
    import statsmodels.api as sm

    f = cohort(120, seed=12)
    X, y = f[["s0", "s1"]].to_numpy(), f.event.to_numpy()
    coef, se, p, ci, note = cluster_robust_logit(X, y, frame_clusters(f))
    groups = pd.factorize(f.patient_id)[0]
    fit = sm.GLM(y, sm.add_constant(X), family=sm.families.Binomial())
    plain = fit.fit(cov_type="cluster", cov_kwds={"groups": groups, "use_correction": False})
    assert note == ""
    np.testing.assert_allclose(coef, plain.params, atol=1e-8)
    np.testing.assert_allclose(se, plain.bse, rtol=1e-7)
    np.testing.assert_allclose(p, plain.pvalues, rtol=1e-6)
    # statsmodels' default (and R sandwich::vcovCL HC1) multiplies by G/(G-1) (N-1)/(N-K)
    corrected = fit.fit(cov_type="cluster", cov_kwds={"groups": groups})
    g, n, k = 120, len(y), 3
    np.testing.assert_allclose(corrected.bse, se * math.sqrt(g / (g - 1) * (n - 1) / (n - k)), rtol=1e-7)
    # the same with ids instead of a prebuilt grouping
    np.testing.assert_allclose(cluster_robust_logit(X, y, f.patient_id.to_numpy())[1], se, rtol=1e-12)


# --- progress -------------------------------------------------------------------------------------

def test_progress_only_on_a_terminal(monkeypatch):
    class Tty(io.StringIO):
        def isatty(self):
            return True

    quiet = io.StringIO()
    monkeypatch.setattr(sys, "stderr", quiet)
    assert sum(progress(range(5), desc="counting")) == 10
    assert quiet.getvalue() == ""
    tty = Tty()
    monkeypatch.setattr(sys, "stderr", tty)
    assert sum(progress(range(5), desc="counting")) == 10
    assert "counting" in tty.getvalue()
