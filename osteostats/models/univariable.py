"""One Table 2 sign at a time: Firth, ML (only without separation), and clustering-aware fits."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd

from .clustering import ClusterBootstrap, Clusters, VertebraPicker, cluster_robust_logit, frame_clusters
from .config import ModelSettings
from .design import EVENT, prepare
from .firth import FitError, FirthFit, Patterns, fit_firth, fit_ml, firth_2x2, patterns
from .results import TRUST_NOCLUSTER, TRUST_PROFILE, TRUST_SEPARATED, coef_row, frame, progress, single_threaded_blas
from .separation import check_separation, separated_binary

#: Sub-seeds of the config seed, one per random task, so tasks do not share streams.
RNG_UNIVARIABLE_BOOT = 1
RNG_UNIVARIABLE_ONE = 2


def firth_rows(fit: FirthFit, base: dict, sep, *, terms: list[str] | None = None,
               analysis: str = "firth", trust: str = TRUST_NOCLUSTER, note: str = "") -> list[dict]:
    """Output rows of a Firth fit (profile CI, penalized LR p), one per term."""
    rows = []
    for j, term in enumerate(fit.terms):
        if terms is not None and term not in terms:
            continue
        notes = [n for n in (note, "; ".join(fit.notes)) if n]
        ok_ci = math.isfinite(fit.ci_low[j]) and math.isfinite(fit.ci_high[j])
        if not ok_ci:
            notes.append("profile bound did not converge; interval not reported")
        rows.append(coef_row(**base, term=term, analysis=analysis, separated=sep.separated,
                             ml_infinite=sep.direction_of(term), coef=fit.coef[j], se=fit.se[j],
                             se_classic=fit.se_classic[j], ci_low=fit.ci_low[j], ci_high=fit.ci_high[j],
                             ci_method="profile penalized likelihood", p=fit.p[j],
                             p_method="penalized likelihood ratio (full design in penalty)",
                             interval_trustworthy=trust if ok_ci else "no: not computed",
                             status="ok", note="; ".join(notes)))
    return rows


def ml_rows(X, y, names, base: dict, sep, alpha: float, terms: list[str] | None = None,
            weights: np.ndarray | None = None) -> list[dict]:
    """ML rows: numbers only when the design is not separated (``weights``: frequency weights)."""
    wanted = terms if terms is not None else list(names)
    if sep.separated:
        return [coef_row(**base, term=t, analysis="ml", separated=True, ml_infinite=sep.direction_of(t),
                         status="not reported: separation",
                         interval_trustworthy="no: ML estimate does not exist",
                         note="WARNING: " + sep.describe()) for t in wanted]
    try:
        fit = fit_ml(X, y, names, weights=weights, alpha=alpha)
    except FitError as exc:
        return [coef_row(**base, term=t, analysis="ml", separated=False, status="not converged", note=str(exc))
                for t in wanted]
    if not fit.converged:
        return [coef_row(**base, term=t, analysis="ml", separated=False, status="not converged",
                         note="; ".join(fit.notes)) for t in wanted]
    rows = []
    for j, t in enumerate(fit.terms):
        if t in wanted:
            rows.append(coef_row(**base, term=t, analysis="ml", separated=False, coef=fit.coef[j], se=fit.se[j],
                                 ci_low=fit.ci_low[j], ci_high=fit.ci_high[j], ci_method="Wald (ML)",
                                 p=fit.p[j], p_method="Wald", status="ok",
                                 interval_trustworthy="yes for separation (none); ignores clustering"))
    return rows


def percentile(values: np.ndarray, alpha: float) -> tuple[float, float]:
    """Percentile interval of finite bootstrap values (NaN if none)."""
    v = values[np.isfinite(values)]
    if not len(v):
        return math.nan, math.nan
    lo, hi = np.quantile(v, [alpha / 2, 1 - alpha / 2])
    return float(lo), float(hi)


@single_threaded_blas
def univariable_table(vf: pd.DataFrame, settings: ModelSettings, source: str = "vertebrae.csv",
                      signs: list[str] | None = None, *, clusters: Clusters | None = None) -> pd.DataFrame:
    """Univariable models for every Table 2 sign (rows of ``univariable.csv``).

    Parameters
    ----------
    vf : pandas.DataFrame
        Output of :func:`osteostats.models.design.vertebra_frame`.
    settings : ModelSettings
        Seed, bootstrap replicates, one-per-patient choice, missing-data policy, alpha.
    source : str
        File name for error messages.
    signs : list of str, optional
        Subset of the study's signs (default: all of them).
    clusters : Clusters, optional
        ``vf``'s rows grouped by patient (:func:`~osteostats.models.clustering.frame_clusters`),
        if already built.

    Returns
    -------
    pandas.DataFrame
        Long table, per sign the analyses ``firth`` (vertebra level, profile CI, penalized
        LR p), ``ml`` (only without separation), ``firth_cluster_bootstrap`` (patient-level
        percentile CI), ``ml_cluster_robust`` (ML with patient-level sandwich SE, only without separation) and
        ``firth_one_per_patient``.

    Notes
    -----
    Every fit runs on the four (sign, outcome) cells with their counts as frequency weights;
    a bootstrap replicate is the cell counts of the resampled patients
    (:class:`~osteostats.models.clustering.ClusterBootstrap`) and a one-per-patient draw
    those of the drawn vertebrae, so no row is ever copied. Bootstrap replicates use the
    closed-form Firth estimate of a 2x2 table (Haldane's 1/2 correction; identical to the
    penalized-likelihood fit). One-per-patient draws refit the
    full Firth model with profile intervals and summarise the draws by the median of the
    estimate, of each bound and of p; the note gives the range of estimates.

    Examples
    --------
    >>> from osteostats.cases import load_cases
    >>> from osteostats.models.design import vertebra_frame
    >>> from osteostats.models.config import ModelSettings
    >>> vf = vertebra_frame(load_cases("data/cases").vertebrae)
    >>> s = ModelSettings(bootstrap_replicates=20, one_per_patient_draws=2)
    >>> mass = [name for name, label in s.signs.items() if label.startswith("Paravertebral")]
    >>> t = univariable_table(vf, s, signs=mass)
    >>> t.loc[t.analysis == "firth", "separated"].tolist()
    [True]
    """
    rows: list[dict] = []
    rng_boot = np.random.default_rng([settings.seed, RNG_UNIVARIABLE_BOOT])
    rng_one = np.random.default_rng([settings.seed, RNG_UNIVARIABLE_ONE])
    grouped = clusters if clusters is not None else frame_clusters(vf)
    names = signs or list(settings.signs)
    B = settings.bootstrap_replicates
    draws = 1 if settings.one_per_patient == "most_severe" else settings.one_per_patient_draws
    with progress(total=len(names) * (B + draws), desc="univariable: bootstrap and one-per-patient") as bar:
        for sign in names:
            rows += _sign_rows(vf, sign, settings, source, grouped, rng_boot, rng_one, bar)
    return frame(rows)


def _sign_rows(vf: pd.DataFrame, sign: str, settings: ModelSettings, source: str, grouped: Clusters,
               rng_boot: np.random.Generator, rng_one: np.random.Generator, bar) -> list[dict]:
    """Rows of one sign (see :func:`univariable_table`)."""
    rows: list[dict] = []
    alpha = settings.alpha
    prep = prepare(vf, EVENT, [sign], source=source, missing=settings.missing)
    sub = vf if len(prep.kept) == len(vf) else vf.iloc[prep.kept].reset_index(drop=True)
    groups = grouped.subset(prep.kept)
    X, y = prep.X, prep.y
    x = X[:, 0]
    pat = patterns(X, y)
    base = dict(model="univariable", label=settings.signs[sign], unit="vertebra", n=len(y), n_events=int(y.sum()),
                n_patients=groups.n_clusters, n_dropped=prep.n_dropped,
                present_met=int(x[y == 1].sum()), present_op=int(x[y == 0].sum()))
    sep = check_separation(pat.X, pat.y, [sign])
    drop_note = prep.dropped_message
    try:
        fit = fit_firth(pat.X, pat.y, [sign], weights=pat.w, alpha=alpha)
    except FitError as exc:
        rows.append(coef_row(**base, term=sign, analysis="firth", separated=sep.separated,
                             status="not converged", note=str(exc)))
        return rows
    rows += firth_rows(fit, base, sep, terms=[sign], note="; ".join(
        n for n in (drop_note, "WARNING: " + sep.describe() if sep.separated else "") if n),
        trust=TRUST_PROFILE if sep.separated else TRUST_NOCLUSTER)
    rows += ml_rows(pat.X, pat.y, [sign], base, sep, alpha, terms=[sign], weights=pat.w)
    # Patient-level cluster bootstrap of the Firth estimate.
    B = settings.bootstrap_replicates
    if B > 0:
        bs = ClusterBootstrap(X, y, groups, pattern=pat)
        boots = []
        for w in bs.replicates(B, rng_boot):
            boots.append(firth_2x2(pat.X[:, 0], pat.y, w)[1])
            bar.update(1)
        boots = np.array(boots)
        lo, hi = percentile(boots, alpha)
        rows.append(coef_row(**base, term=sign, analysis="firth_cluster_bootstrap", separated=sep.separated,
                             ml_infinite=sep.direction_of(sign), coef=fit.coef[1], ci_low=lo, ci_high=hi,
                             se=float(np.std(boots, ddof=1)),
                             ci_method=f"patient-level cluster bootstrap percentile ({B} replicates, stratified by group)",
                             interval_trustworthy=TRUST_SEPARATED if sep.separated else "yes: accounts for clustering",
                             status="ok", note="se is the bootstrap standard deviation"))
    # ML with patient-level sandwich SE (GEE, independence): only without separation.
    if sep.separated:
        rows.append(coef_row(**base, term=sign, analysis="ml_cluster_robust", separated=True,
                             ml_infinite=sep.direction_of(sign), status="not reported: separation",
                             interval_trustworthy="no: the sandwich rests on an ML estimate that does not exist",
                             note="WARNING: " + sep.describe()))
    else:
        coef, se, p, ci, note = cluster_robust_logit(X, y, groups, alpha, pattern=pat)
        ok = not note
        rows.append(coef_row(**base, term=sign, analysis="ml_cluster_robust", separated=False,
                             **(dict(coef=coef[1], se=se[1], ci_low=ci[1, 0], ci_high=ci[1, 1], p=p[1]) if ok else {}),
                             ci_method="ML with cluster-robust (sandwich, by patient) SE, Wald = GEE with "
                                       "independence working correlation",
                             p_method="Wald (robust SE)", status="ok" if ok else "not converged",
                             interval_trustworthy="yes: accounts for clustering" if ok else "no: not converged",
                             note=note))
    rows.append(_one_per_patient_row(sub, sign, base, settings, rng_one, groups, pat, bar))
    return rows


def _one_per_patient_row(sub: pd.DataFrame, sign: str, base: dict, settings: ModelSettings,
                         rng: np.random.Generator, groups: Clusters, pat: Patterns, bar=None) -> dict:
    draws = 1 if settings.one_per_patient == "most_severe" else settings.one_per_patient_draws
    est, lo, hi, ps, n_sep, fails = [], [], [], [], 0, 0
    n = n_events = 0
    picker = VertebraPicker(sub, settings.one_per_patient, clusters=groups)
    xp, yp = pat.X[:, 0], pat.y
    fits: dict[bytes, FirthFit | FitError] = {}  # draws often give the same 2x2 table: fit it once
    for _ in range(draws):
        if bar is not None:
            bar.update(1)
        w = pat.counts(picker.draw(rng, sort=False))  # the drawn rows as cell counts
        used = w > 0
        n, n_events = int(w.sum()), int(w[yp == 1].sum())
        if len(np.unique(xp[used])) < 2:
            fails += 1
            continue
        n_sep += separated_binary(xp[used], yp[used])
        key = w.tobytes()
        if key not in fits:
            try:
                fits[key] = fit_firth(pat.X[used], yp[used], [sign], weights=w[used], alpha=settings.alpha)
            except FitError as exc:
                fits[key] = exc
        fit = fits[key]
        if isinstance(fit, FitError):
            fails += 1
            continue
        est.append(fit.coef[1]); lo.append(fit.ci_low[1]); hi.append(fit.ci_high[1]); ps.append(fit.p[1])
    how = ("median over %d seeded random draws of one vertebra per patient" % draws
           if settings.one_per_patient == "random" else "the most compressed vertebra of each patient")
    b = dict(base, n=n, n_events=n_events, present_met=math.nan, present_op=math.nan)
    if not est:
        return coef_row(**b, term=sign, analysis="firth_one_per_patient", status="not estimable",
                        note=f"{how}: the sign is constant or the fit failed in every draw")
    note = f"{how}; estimate range {min(est):.4g} to {max(est):.4g}; separated in {n_sep}/{draws - fails} draws"
    if fails:
        note += f"; {fails} draw(s) not estimable"
    return coef_row(**b, term=sign, analysis="firth_one_per_patient", separated=n_sep > 0,
                    coef=float(np.median(est)), ci_low=float(np.nanmedian(lo)), ci_high=float(np.nanmedian(hi)),
                    p=float(np.nanmedian(ps)), ci_method="profile penalized likelihood (median of draws)",
                    p_method="penalized likelihood ratio (median of draws)",
                    interval_trustworthy="yes: one vertebra per patient (independent rows), profile interval",
                    status="ok", note=note)
