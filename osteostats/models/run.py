"""The workflow's model stage: every output of ``reports/models`` from one set of case tables."""
from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

from ..io import write_csv
from .accuracy import accuracy_table
from .clustering import frame_clusters
from .config import ModelSettings
from .design import patient_frame, vertebra_frame
from .multivariable import SIGNS_MODEL, multivariable_models
from .performance import PERFORMANCE_COLUMNS, model_performance
from .results import CAVEAT, single_threaded_blas, with_caveat
from .univariable import univariable_table

#: Files written by :func:`run_models`, relative to its output folder.
OUTPUTS = ("univariable.csv", "multivariable.csv", "accuracy.csv", "performance.csv",
           "forest.svg", "roc.svg", "calibration.svg")


@single_threaded_blas
def run_models(cases_dir: str | Path, settings: ModelSettings, out: str | Path, log=sys.stderr) -> dict[str, Path]:
    """Fit every model on the case tables in ``cases_dir`` and write :data:`OUTPUTS` to ``out``.

    Parameters
    ----------
    cases_dir : path
        Folder with ``patients.csv``, ``vertebrae.csv``, ``readings.csv``.
    settings : ModelSettings
        The ``models:`` settings.
    out : path
        Output folder (created).
    log : file-like
        Where progress and dropped-row counts are reported.

    Returns
    -------
    dict
        Output name -> path.

    Notes
    -----
    Deterministic given ``settings.seed``: every random task draws from its own
    ``numpy.random.default_rng([seed, task])`` stream, CSVs are written with fixed float
    formatting, and SVGs with fixed hash salts and no date.

    Examples
    --------
    >>> import tempfile
    >>> from osteostats.models.config import ModelSettings
    >>> with tempfile.TemporaryDirectory() as d:  # doctest: +SKIP
    ...     paths = run_models("data/cases", ModelSettings(bootstrap_replicates=20), d)
    """
    from ..cases import load_cases
    from . import figures

    out = Path(out)
    cases = load_cases(cases_dir, settings.study)
    vf = vertebra_frame(cases.vertebrae, settings.study)
    pf = patient_frame(cases.patients, settings.study)
    rec = settings.data_are_reconstructed
    caveat = CAVEAT if rec else ""
    src = str(Path(cases_dir) / "vertebrae.csv")
    grouped = frame_clusters(vf)  # rows per patient, once for every model
    uni = univariable_table(vf, settings, source=src, clusters=grouped)
    multi, models = multivariable_models(vf, pf, settings, clusters=grouped)
    acc = accuracy_table(vf, settings.alpha, settings.missing, source=src, signs=settings.signs)
    perf_tables = []
    signs_perf = None
    for m in models:
        perf = model_performance(m, settings)
        if perf is None:
            perf_tables.append(pd.DataFrame([dict(model=m.name, metric="all", note=f"not computed: {m.error}")],
                                             columns=PERFORMANCE_COLUMNS))
            continue
        perf_tables.append(perf.table)
        if m.name == SIGNS_MODEL:
            signs_perf = perf
    perf_df = pd.concat(perf_tables, ignore_index=True)
    paths = {name: out / name for name in OUTPUTS}
    write_csv(with_caveat(uni, rec), paths["univariable.csv"])
    write_csv(with_caveat(multi, rec), paths["multivariable.csv"])
    write_csv(with_caveat(acc, rec), paths["accuracy.csv"])
    write_csv(with_caveat(perf_df, rec), paths["performance.csv"])
    figures.forest_plot(uni, multi, paths["forest.svg"], caveat)
    if signs_perf is not None:
        t = signs_perf.table.set_index("metric")
        figures.roc_plot(*signs_perf.roc, t.at["auc_apparent", "estimate"],
                         (t.at["auc_apparent", "ci_low"], t.at["auc_apparent", "ci_high"]),
                         t.at["auc_optimism_corrected", "estimate"], paths["roc.svg"], caveat)
        figures.calibration_plot(signs_perf.y, signs_perf.prob, t.at["calibration_intercept_apparent", "estimate"],
                                 t.at["calibration_slope_apparent", "estimate"], settings.calibration_groups,
                                 paths["calibration.svg"], caveat)
    else:  # the signs model did not converge: say so in the figures instead of drawing numbers
        for name in ("roc.svg", "calibration.svg"):
            figures.message_figure(f"{name[:-4]}: multivariable signs model did not converge; no figure",
                                   paths[name], caveat)
    dropped = int(pd.to_numeric(multi.n_dropped, errors="coerce").fillna(0).max()) if len(multi) else 0
    print(f"models: {len(vf)} vertebrae, {len(pf)} patients; {dropped} row(s) with missing values dropped "
          f"(policy: {settings.missing}); outputs in {out}", file=log)
    sep = uni[(uni.analysis == "firth") & (uni.separated == True)].term.tolist()  # noqa: E712
    if sep:
        print("models: WARNING: separated signs (ML not reported; use the profile penalized-likelihood "
              "intervals): " + ", ".join(sep), file=log)
    for m in models:
        if m.fit is None:
            print(f"models: WARNING: {m.name} did not converge: {m.error}", file=log)
    if rec:
        print("models: " + CAVEAT, file=log)
    return paths

