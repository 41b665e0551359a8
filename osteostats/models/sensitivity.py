"""Reconstruction sensitivity: refit on K reconstructions and report the spread.

The case tables fix the paper's printed margins but not how signs co-occur within a
vertebra, nor individual ages. Univariable sign ORs depend only on the margins (each is a
2x2 table fixed by Table 2), so they do not move across reconstructions; multivariable ORs,
the age/sex model and the AUC do. Each reconstruction is refitted by
:func:`seed_estimates` (``seeds_per_job`` of them in one Snakemake job); :func:`aggregate`
combines them.
"""
from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import InputError, Problem
from .config import ModelSettings
from .results import single_threaded_blas

ESTIMATE_COLUMNS = ["seed", "model", "term", "coef", "separated", "status"]

SENSITIVITY_COLUMNS = ["model", "term", "quantity", "n_seeds", "n_failed", "median", "min", "max",
                       "q025", "q975", "sd", "n_separated", "note", "caveat"]


@single_threaded_blas
def seed_estimates(vertebrae: pd.DataFrame, patients: pd.DataFrame, seed: int, settings: ModelSettings
                   ) -> pd.DataFrame:
    """Point estimates on one reconstruction: univariable and multivariable Firth log-ORs, AUC.

    Kept light on purpose (no intervals, no bootstrap): K = 1000 reconstructions must stay
    cheap.

    Parameters
    ----------
    vertebrae, patients : pandas.DataFrame
        Case tables of one reconstruction (as from :func:`osteostats.cases.load_cases` or
        :func:`osteostats.reconstruct.reconstruct_cohort` plus the ``group`` column).
    seed : int
        Reconstruction seed (recorded in the output).
    settings : ModelSettings
        Sign list, patient predictors, missing-data policy.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`ESTIMATE_COLUMNS`; ``model`` is ``univariable``, ``signs_vertebra``,
        ``age_sex_patient``; the AUC of the signs model is the row ``term = "auc_apparent"``.

    Examples
    --------
    >>> from osteostats.cases import load_cases
    >>> c = load_cases("data/cases")
    >>> e = seed_estimates(c.vertebrae, c.patients, 0, ModelSettings())
    >>> sorted(e.model.unique())
    ['age_sex_patient', 'signs_vertebra', 'univariable']
    """
    # the fitting code is imported here: aggregating the estimates does not need it
    from .design import EVENT, patient_frame, prepare, vertebra_frame
    from .firth import firth_2x2, fit_point
    from .performance import auc
    from .separation import check_separation, separated_binary

    vf = vertebra_frame(vertebrae, settings.study)
    pf = patient_frame(patients, settings.study)
    rows: list[dict] = []
    for sign in settings.signs:
        prep = prepare(vf, EVENT, [sign], source="vertebrae.csv", missing=settings.missing)
        sep = separated_binary(prep.X[:, 0], prep.y)
        rows.append(dict(seed=seed, model="univariable", term=sign, coef=firth_2x2(prep.X[:, 0], prep.y)[1],
                         separated=sep, status="ok"))
    for name, data, preds, src in (("signs_vertebra", vf, settings.multivariable_signs, "vertebrae.csv"),
                                   ("age_sex_patient", pf, settings.patient_predictors, "patients.csv")):
        prep = prepare(data, EVENT, list(preds), source=src, missing=settings.missing)
        sep = check_separation(prep.X, prep.y, prep.names, directions=False).separated
        beta = fit_point(prep.X, prep.y)
        if beta is None:
            rows += [dict(seed=seed, model=name, term=t, coef=math.nan, separated=sep, status="not converged")
                     for t in prep.names]
            continue
        rows += [dict(seed=seed, model=name, term=t, coef=float(b), separated=sep, status="ok")
                 for t, b in zip(prep.names, beta[1:])]
        rows.append(dict(seed=seed, model=name, term="auc_apparent",
                         coef=auc(prep.y, prep.X @ beta[1:]), separated=sep, status="ok"))
    return pd.DataFrame(rows, columns=ESTIMATE_COLUMNS)


def aggregate(files: list[str | Path], reconstructed: bool = True) -> pd.DataFrame:
    """Spread of odds ratios and AUC across the per-seed estimate files.

    Parameters
    ----------
    files : list of path
        ``estimates.csv`` files written by ``osteostats models --reconstruct-seed``.
    reconstructed : bool
        Add the reconstruction caveat to every row.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`SENSITIVITY_COLUMNS`; ``quantity`` is ``odds_ratio`` (exp of the Firth
        log-OR) or ``auc``. Quantiles are over the seeds that converged.

    Raises
    ------
    osteostats.errors.InputError
        A file is missing, unreadable, lacks columns, or a seed appears twice.

    Examples
    --------
    >>> aggregate([])  # doctest: +IGNORE_EXCEPTION_DETAIL
    Traceback (most recent call last):
    osteostats.errors.InputError: no per-seed estimate files given
    """
    from .results import CAVEAT

    if not files:
        raise InputError("no per-seed estimate files given")
    problems: list[Problem] = []
    frames = []
    for f in files:
        path = Path(f)
        if not path.exists():
            problems.append(Problem(str(path), None, None, "missing file", "a per-seed estimates.csv"))
            continue
        df = pd.read_csv(path)
        missing = [c for c in ESTIMATE_COLUMNS if c not in df.columns]
        if missing:
            problems.append(Problem(str(path), None, ", ".join(missing), "columns missing", "the estimates.csv columns"))
            continue
        frames.append(df)
    if problems:
        raise InputError(problems, f"{len(problems)} problem(s) in the per-seed estimates")
    all_ = pd.concat(frames, ignore_index=True)
    seeds = all_.groupby(["model", "term"]).seed.apply(lambda s: s.duplicated().any())
    if seeds.any():
        raise InputError("a reconstruction seed appears in more than one estimates file")
    rows = []
    keys = all_[["model", "term"]].drop_duplicates()
    for model, term in keys.itertuples(index=False):
        sub = all_[(all_.model == model) & (all_.term == term)]
        ok = sub[sub.status == "ok"].coef.to_numpy(float)
        ok = ok[np.isfinite(ok)]
        is_auc = term == "auc_apparent"
        vals = ok if is_auc else np.exp(ok)
        q = np.quantile(vals, [0.5, 0.025, 0.975]) if len(vals) else [math.nan] * 3
        note = ""
        if model == "univariable":
            note = "fixed by the printed 2x2 margins: no spread expected"
        rows.append(dict(model=model, term=term, quantity="auc" if is_auc else "odds_ratio",
                         n_seeds=int(sub.seed.nunique()), n_failed=int(len(sub) - len(ok)),
                         median=q[0], min=vals.min() if len(vals) else math.nan,
                         max=vals.max() if len(vals) else math.nan, q025=q[1], q975=q[2],
                         sd=(0.0 if np.ptp(vals) == 0 else float(np.std(vals, ddof=1))) if len(vals) > 1 else math.nan,
                         n_separated=int(sub.separated.astype(str).str.lower().eq("true").sum()),
                         note=note, caveat=CAVEAT if reconstructed else ""))
    return pd.DataFrame(rows, columns=SENSITIVITY_COLUMNS)
