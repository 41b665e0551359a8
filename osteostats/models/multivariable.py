"""Multivariable Firth models: the pre-specified signs (vertebra level) and age + sex (patient level)."""
from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from .clustering import ClusterBootstrap, Clusters, VertebraPicker, frame_clusters
from .config import ModelSettings
from .design import EVENT, Prepared, prepare
from .firth import INTERCEPT, FitError, FirthFit, Patterns, fit_firth, fit_points, patterns
from .results import TRUST_NOCLUSTER, TRUST_PROFILE, TRUST_SEPARATED, coef_row, frame, progress, single_threaded_blas
from .separation import Separation, check_separation
from .univariable import firth_rows, ml_rows, percentile

RNG_MULTI_BOOT = 3
RNG_MULTI_ONE = 4

SIGNS_MODEL = "signs_vertebra"
PATIENT_MODEL = "age_sex_patient"


@dataclass(frozen=True)
class FittedModel:
    """A fitted multivariable model with the data it was fitted on (for performance)."""

    name: str
    prep: Prepared
    data: pd.DataFrame
    fit: FirthFit | None
    sep: Separation
    error: str = ""
    #: Patient-level bootstrap refits: (weights of the distinct rows in ``patterns``, Firth
    #: point estimate or None if failed), one per replicate.
    boot: tuple = ()
    #: Distinct (pattern, outcome) rows of ``prep`` with their multiplicities.
    patterns: Patterns | None = None
    #: Rows of ``data`` grouped by patient (and group).
    clusters: Clusters | None = None


def _labels(settings: ModelSettings) -> dict[str, str]:
    return {**settings.signs, **settings.patient_labels, INTERCEPT: "Intercept (Firth)"}


def fit_model(name: str, data: pd.DataFrame, predictors: tuple[str, ...], settings: ModelSettings,
              source: str, clusters: Clusters | None = None) -> FittedModel:
    """Validate, check separation and fit one Firth model (profile CIs, penalized LR tests).

    ``clusters`` is the grouping of ``data``'s rows by patient (built when not given). The
    fit runs on the distinct (pattern, outcome) rows with their counts as frequency weights,
    which gives the same estimates, intervals and tests as the rows themselves.
    """
    prep = prepare(data, EVENT, list(predictors), source=source, missing=settings.missing)
    sub = data.iloc[prep.kept].reset_index(drop=True)
    groups = (clusters if clusters is not None else frame_clusters(data)).subset(prep.kept)
    pat = patterns(prep.X, prep.y)
    sep = check_separation(pat.X, pat.y, prep.names)
    try:
        fit = fit_firth(pat.X, pat.y, prep.names, weights=pat.w, alpha=settings.alpha)
    except FitError as exc:
        return FittedModel(name, prep, sub, None, sep, str(exc), patterns=pat, clusters=groups)
    return FittedModel(name, prep, sub, fit, sep, patterns=pat, clusters=groups)


def model_rows(m: FittedModel, settings: ModelSettings, unit: str) -> list[dict]:
    """Rows of ``multivariable.csv`` for one model (Firth, FLIC intercept, ML)."""
    labels = _labels(settings)
    base = dict(model=m.name, unit=unit, n=len(m.prep.y), n_events=int(m.prep.y.sum()),
                n_patients=m.clusters.n_clusters, n_dropped=m.prep.n_dropped)
    if m.fit is None:
        return [coef_row(**base, term=t, label=labels.get(t, t), analysis="firth", status="not converged",
                         note=m.error) for t in (INTERCEPT,) + m.prep.names]
    note = "; ".join(n for n in (m.prep.dropped_message,
                                  "WARNING: " + m.sep.describe() if m.sep.separated else "") if n)
    trust = TRUST_PROFILE if m.sep.separated else (TRUST_NOCLUSTER if unit == "vertebra" else
                                                   "yes: one row per patient, profile interval")
    rows = firth_rows(m.fit, base, m.sep, note=note, trust=trust)
    rows.append(coef_row(**base, term="(Intercept, FLIC)", analysis="firth_flic", separated=m.sep.separated,
                         coef=m.fit.flic_intercept, status="ok",
                         note="FLIC intercept (Puhr et al. 2017): re-estimated so mean predicted "
                              "probability equals the observed MET proportion; used for predicted "
                              "probabilities when flic: true; no interval"))
    rows += ml_rows(m.patterns.X, m.patterns.y, m.prep.names, base, m.sep, settings.alpha, weights=m.patterns.w)
    for r in rows:
        r["label"] = labels.get(r["term"], r["term"])
    return rows


def with_bootstrap(m: FittedModel, settings: ModelSettings, stream: int) -> FittedModel:
    """Attach ``settings.bootstrap_replicates`` patient-level bootstrap refits to ``m``.

    The same refits serve the coefficient intervals and the optimism correction
    (:mod:`osteostats.models.performance`). Each replicate is a vector of weights over the
    model's distinct rows (:class:`~osteostats.models.clustering.ClusterBootstrap`), and the
    refit uses those weights: the same estimate as a refit on the resampled rows.
    """
    if m.fit is None or settings.bootstrap_replicates == 0:
        return m
    rng = np.random.default_rng([settings.seed, RNG_MULTI_BOOT, stream])
    B = settings.bootstrap_replicates
    bs = ClusterBootstrap(m.prep.X, m.prep.y, m.clusters, pattern=m.patterns)
    Xp, yp = bs.patterns.X, bs.patterns.y
    W = np.array(list(progress(bs.replicates(B, rng), total=B, desc=f"{m.name}: bootstrap draws")))
    return replace(m, boot=tuple(zip(W, fit_points(Xp, yp, W))))


def bootstrap_rows(m: FittedModel, settings: ModelSettings) -> list[dict]:
    """Patient-level cluster-bootstrap percentile intervals of the Firth coefficients."""
    B = len(m.boot)
    if m.fit is None or B == 0:
        return []
    y = m.prep.y
    boots = [b for _, b in m.boot if b is not None]
    failed = B - len(boots)
    arr = np.array(boots).reshape(-1, len(m.fit.terms))
    labels = _labels(settings)
    base = dict(model=m.name, unit="vertebra", n=len(y), n_events=int(y.sum()),
                n_patients=m.clusters.n_clusters, n_dropped=m.prep.n_dropped)
    rows = []
    for j, t in enumerate(m.fit.terms):
        infinite = m.sep.direction_of(t) != ""
        lo, hi = percentile(arr[:, j], settings.alpha)
        rows.append(coef_row(**base, term=t, label=labels.get(t, t), analysis="firth_cluster_bootstrap",
                             separated=m.sep.separated, ml_infinite=m.sep.direction_of(t), coef=m.fit.coef[j],
                             se=float(np.std(arr[:, j], ddof=1)) if len(arr) > 1 else np.nan,
                             ci_low=lo, ci_high=hi,
                             ci_method=f"patient-level cluster bootstrap percentile ({B} replicates, stratified by group)",
                             interval_trustworthy=TRUST_SEPARATED if infinite else "yes: accounts for clustering",
                             status="ok", note=f"se is the bootstrap standard deviation; {failed} replicate(s) failed"
                             if failed else "se is the bootstrap standard deviation"))
    return rows


def one_per_patient_rows(m: FittedModel, settings: ModelSettings) -> list[dict]:
    """Signs model refitted on one vertebra per patient (median over seeded draws)."""
    if m.fit is None:
        return []
    rng = np.random.default_rng([settings.seed, RNG_MULTI_ONE])
    draws = 1 if settings.one_per_patient == "most_severe" else settings.one_per_patient_draws
    est, lo, hi, ps = [], [], [], []
    n_sep = fails = 0
    n = n_events = 0
    picker = VertebraPicker(m.data, settings.one_per_patient, clusters=m.clusters)
    pat = m.patterns
    for _ in progress(range(draws), desc=f"{m.name}: one vertebra per patient"):
        w = pat.counts(picker.draw(rng, sort=False))
        used = w > 0  # the drawn rows, collapsed: same fit as on the rows themselves
        X, y, w = pat.X[used], pat.y[used], w[used]
        n, n_events = int(w.sum()), int(w[y == 1].sum())
        if np.any(X.min(axis=0) == X.max(axis=0)):
            fails += 1
            continue
        n_sep += check_separation(X, y, m.prep.names, directions=False).separated
        try:
            f = fit_firth(X, y, m.prep.names, weights=w, alpha=settings.alpha)
        except FitError:
            fails += 1
            continue
        est.append(f.coef); lo.append(f.ci_low); hi.append(f.ci_high); ps.append(f.p)
    labels = _labels(settings)
    how = (f"median over {draws} seeded random draws of one vertebra per patient"
           if settings.one_per_patient == "random" else "the most compressed vertebra of each patient")
    base = dict(model=m.name, unit="patient (one vertebra each)", n=n, n_events=n_events, n_patients=n,
                n_dropped=m.prep.n_dropped, analysis="firth_one_per_patient")
    if not est:
        return [coef_row(**base, term=t, label=labels.get(t, t), status="not estimable",
                         note=f"{how}: a sign was constant or the fit failed in every draw") for t in m.fit.terms]
    E, L, H, P = (np.array(a) for a in (est, lo, hi, ps))
    rows = []
    for j, t in enumerate(m.fit.terms):
        note = (f"{how}; estimate range {E[:, j].min():.4g} to {E[:, j].max():.4g}; "
                f"separated in {n_sep}/{len(est)} draws" + (f"; {fails} draw(s) not estimable" if fails else ""))
        rows.append(coef_row(**base, term=t, label=labels.get(t, t), separated=n_sep > 0,
                             coef=float(np.median(E[:, j])), ci_low=float(np.nanmedian(L[:, j])),
                             ci_high=float(np.nanmedian(H[:, j])), p=float(np.nanmedian(P[:, j])),
                             ci_method="profile penalized likelihood (median of draws)",
                             p_method="penalized likelihood ratio (median of draws)",
                             interval_trustworthy="yes: one vertebra per patient (independent rows), profile interval",
                             status="ok", note=note))
    return rows


@single_threaded_blas
def multivariable_models(vf: pd.DataFrame, pf: pd.DataFrame, settings: ModelSettings, *,
                         clusters: Clusters | None = None) -> tuple[pd.DataFrame, list[FittedModel]]:
    """Fit both multivariable models and build ``multivariable.csv``.

    Parameters
    ----------
    vf, pf : pandas.DataFrame
        Vertebra and patient frames (:mod:`osteostats.models.design`).
    settings : ModelSettings
        ``multivariable_signs``, ``patient_predictors``, seed, replicates, alpha.
    clusters : Clusters, optional
        ``vf``'s rows grouped by patient (:func:`~osteostats.models.clustering.frame_clusters`),
        if already built.

    Returns
    -------
    tuple
        The table and the two :class:`FittedModel` objects (signs model first).

    Examples
    --------
    >>> from osteostats.cases import load_cases
    >>> from osteostats.models.design import vertebra_frame, patient_frame
    >>> c = load_cases("data/cases")
    >>> t, models = multivariable_models(vertebra_frame(c.vertebrae), patient_frame(c.patients),
    ...                                  ModelSettings(bootstrap_replicates=0, one_per_patient_draws=1))
    >>> [m.name for m in models]
    ['signs_vertebra', 'age_sex_patient']
    """
    signs = with_bootstrap(fit_model(SIGNS_MODEL, vf, settings.multivariable_signs, settings, "vertebrae.csv",
                                     clusters), settings, 0)
    patient = with_bootstrap(fit_model(PATIENT_MODEL, pf, settings.patient_predictors, settings, "patients.csv"),
                             settings, 1)
    rows = model_rows(signs, settings, "vertebra")
    rows += bootstrap_rows(signs, settings)
    rows += one_per_patient_rows(signs, settings)
    rows += model_rows(patient, settings, "patient")
    return frame(rows), [signs, patient]
