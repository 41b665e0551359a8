"""Benchmark: the model stage on synthetic registries of 10k / 100k / 1M patients.

A synthetic cohort in the case-table schema (about 1.7 vertebrae per patient, two groups,
the bundled study's signs; one sign never present in the reference group, so separation is
exercised) is built in memory, and the model stage's computations are timed step by step
with ``bootstrap_replicates`` (default 200) and 10 one-vertebra-per-patient draws:
model frames, patient grouping, univariable models, the two multivariable models (with their
bootstrap refits and draws), the accuracy table and the two performance tables (optimism
bootstrap). Reading and validating the CSV files is the ingestion stage's and is not timed
here; neither are the three SVG figures (constant in the cohort size).

For cohorts up to ``--reference-max`` patients (default 10,000) the same computations run,
in the same process, with the row-level code the stage had before it moved to collapsed
patterns (``git show REFERENCE_REV:osteostats/models/...``: per-patient bootstrap draws,
refits on the resampled rows, a Python loop over patients for the one-per-patient draws,
likelihoods re-evaluated on all rows). The script prints the ratio and checks that every
number that does not depend on the bootstrap's random stream (Firth, ML, sandwich,
one-per-patient medians, accuracy, apparent AUC/calibration/Brier) agrees to 1e-10.
The bootstrap numbers come from different random streams (patient by patient vs by patient
type) and are compared only loosely (same distribution).

Run:  .venv/bin/python benchmarks/bench_models.py [--patients 10000 100000 1000000]
          [--replicates 200] [--reference-max 10000]
Figures recorded in docs/models.md.
"""
from __future__ import annotations

import argparse
import importlib.util
import os
import platform
import re
import resource
import subprocess
import sys
import tempfile
import time
import types
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from osteostats.models.accuracy import accuracy_table  # noqa: E402
from osteostats.models.clustering import frame_clusters  # noqa: E402
from osteostats.models.config import ModelSettings  # noqa: E402
from osteostats.models.design import patient_frame, vertebra_frame  # noqa: E402
from osteostats.models.multivariable import multivariable_models  # noqa: E402
from osteostats.models.performance import model_performance  # noqa: E402
from osteostats.models.univariable import univariable_table  # noqa: E402

#: Last revision with the row-level model code (parent of the move to collapsed patterns).
REFERENCE_REV = "e856ceb^"
REFERENCE_MODULES = ("clustering", "univariable", "multivariable", "performance")


def synthetic_cases(n: int, seed: int = 1) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Vertebrae (with ``group``) and patients of ``n`` synthetic patients, case-table schema."""
    rng = np.random.default_rng(seed)
    met = rng.random(n) < 0.38
    group = np.where(met, "MET", "OP")
    pid = np.char.add("P", np.char.zfill(np.arange(n).astype(str), 7))
    patients = pd.DataFrame({
        "patient_id": pid, "group": group,
        "age": np.where(met, rng.integers(40, 90, n), rng.integers(50, 95, n)).astype(float),
        "sex": np.where(rng.random(n) < np.where(met, 0.5, 0.3), "M", "F"),
        "bmi": np.round(rng.normal(23, 3, n), 2), "t_score_min": np.round(rng.normal(-2.3, 1.0, n), 1),
        "trauma": np.where(rng.random(n) < 0.5, "none", "minor")})
    nv = rng.choice([1, 2, 3, 4], size=n, p=[0.55, 0.25, 0.13, 0.07])
    rows = np.repeat(np.arange(n), nv)
    m = met[rows]
    k = len(rows)
    within = np.arange(k) - np.repeat(np.cumsum(nv) - nv, nv)

    def sign(p_met: float, p_op: float) -> pd.Series:
        return pd.Series((rng.random(k) < np.where(m, p_met, p_op)).astype(int), dtype="Int64")

    shape = np.where(rng.random(k) < np.where(m, 0.21, 0.39), "wedge",
                     np.where(rng.random(k) < np.where(m, 0.82, 0.92), "biconcave", "flat"))
    disc = np.array(["normal", "compressed", "widened"])[
        np.where(rng.random(k) < np.where(m, 0.5, 0.3), 0, np.where(rng.random(k) < 0.5, 1, 2))]
    levels = np.array(["T7", "T8", "T9", "T10", "T11", "T12", "L1", "L2", "L3", "L4"])
    vertebrae = pd.DataFrame({
        "vertebra_id": np.char.add(np.char.add(pid[rows], "-"), levels[within]), "patient_id": pid[rows],
        "level": levels[within], "shape": shape,
        "height_loss_pct": np.round(np.where(m, rng.normal(37, 12, k), rng.normal(32, 9, k)).clip(20, 90), 1),
        "posterior_wall_bulge": sign(0.6, 0.02), "posterior_corner_fat": sign(0.1, 0.5),
        "intravertebral_cleft": sign(0.01, 0.13), "posterior_element_involvement": sign(0.93, 0.06),
        "paravertebral_mass": sign(0.97, 0.0), "disc": disc, "group": group[rows]})
    return vertebrae, patients


def reference_package() -> types.SimpleNamespace:
    """The row-level modules of :data:`REFERENCE_REV`, importable beside the current ones."""
    tmp = Path(tempfile.mkdtemp(prefix="osteostats_rowref_"))
    mods = {}
    for name in REFERENCE_MODULES:
        src = subprocess.run(["git", "show", f"{REFERENCE_REV}:osteostats/models/{name}.py"], cwd=ROOT,
                             check=True, capture_output=True, text=True).stdout
        # relative imports: the reference's own modules, else the current package
        src = re.sub(r"from \.(\w+) import",
                     lambda mt: f"from {'rowref_' + mt.group(1) if mt.group(1) in REFERENCE_MODULES else 'osteostats.models.' + mt.group(1)} import",
                     src)
        (tmp / f"rowref_{name}.py").write_text(src, encoding="utf-8")
    sys.path.insert(0, str(tmp))
    for name in REFERENCE_MODULES:
        spec = importlib.util.spec_from_file_location(f"rowref_{name}", tmp / f"rowref_{name}.py")
        mod = importlib.util.module_from_spec(spec)
        sys.modules[f"rowref_{name}"] = mod
        spec.loader.exec_module(mod)
        mods[name] = mod
    return types.SimpleNamespace(**mods)


PREPARE_SPENT = [0.0]


def _timed_prepare():
    """Wrap ``design.prepare`` where the stage's modules call it, to report its share."""
    import osteostats.models.accuracy as acc_mod
    import osteostats.models.design as design
    import osteostats.models.multivariable as multi_mod
    import osteostats.models.univariable as uni_mod

    original = design.prepare

    def prepare(*args, **kwargs):
        t = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            PREPARE_SPENT[0] += time.perf_counter() - t

    for mod in (acc_mod, multi_mod, uni_mod, design):  # design: the row-level reference imports it later
        mod.prepare = prepare


def run_stage(vertebrae, patients, settings, ref=None) -> tuple[dict[str, float], dict[str, pd.DataFrame]]:
    """Time each step of the model stage; ``ref``: use the row-level reference modules."""
    times: dict[str, float] = {}
    PREPARE_SPENT[0] = 0.0

    def step(name, fn):
        t = time.perf_counter()
        out = fn()
        times[name] = time.perf_counter() - t
        return out

    vf = step("model frames", lambda: vertebra_frame(vertebrae, settings.study))
    pf = patient_frame(patients, settings.study)
    if ref is None:
        grouped = step("patient grouping", lambda: frame_clusters(vf))
        uni = step("univariable (12 signs)", lambda: univariable_table(vf, settings, clusters=grouped))
        multi, models = step("multivariable (2 models)",
                             lambda: multivariable_models(vf, pf, settings, clusters=grouped))
        perf_fn = model_performance
    else:  # same single-threaded BLAS as the current stage, so the ratio is the algorithm's
        from threadpoolctl import threadpool_limits

        limit = threadpool_limits(limits=1, user_api="blas")
        uni = step("univariable (12 signs)", lambda: ref.univariable.univariable_table(vf, settings))
        multi, models = step("multivariable (2 models)", lambda: ref.multivariable.multivariable_models(vf, pf, settings))
        perf_fn = ref.performance.model_performance
    acc = step("accuracy", lambda: accuracy_table(vf, settings.alpha, settings.missing, signs=settings.signs))
    perf = step("performance (2 models)", lambda: pd.concat([perf_fn(m, settings).table for m in models]))
    if ref is not None:
        limit.restore_original_limits()
    times["total"] = sum(times.values())
    times["  of which design.prepare (validation)"] = PREPARE_SPENT[0]
    return times, {"univariable": uni, "multivariable": multi, "accuracy": acc, "performance": perf}


BOOT = {"firth_cluster_bootstrap"}
BOOT_METRICS = {"auc_optimism", "auc_optimism_corrected", "calibration_intercept_optimism_corrected",
                "calibration_slope_optimism_corrected"}


def compare(new: dict[str, pd.DataFrame], old: dict[str, pd.DataFrame]) -> tuple[float, float]:
    """Largest relative difference outside and inside the bootstrap-dependent numbers."""
    exact = loose = 0.0
    for name in new:
        a, b = new[name].reset_index(drop=True), old[name].reset_index(drop=True)
        num = [c for c in a.columns if pd.api.types.is_numeric_dtype(a[c]) and c in b]
        for c in num:
            x, y = a[c].to_numpy(float), b[c].to_numpy(float)
            both = np.isfinite(x) & np.isfinite(y)
            if not np.array_equal(np.isfinite(x), np.isfinite(y)):
                d = np.inf * np.ones(len(x))
            else:
                d = np.where(both, np.abs(x - y) / np.maximum(1, np.abs(y)), 0.0)
            if "analysis" in a:
                boot = a["analysis"].isin(BOOT).to_numpy()
            elif "metric" in a:
                boot = (a["metric"].isin(BOOT_METRICS) | ((a["metric"] == "auc_apparent") & (c in ("ci_low", "ci_high")))).to_numpy()
            else:
                boot = np.zeros(len(a), bool)
            if (~boot).any():
                exact = max(exact, float(d[~boot].max()))
            if boot.any():
                loose = max(loose, float(d[boot].max()))
    return exact, loose


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--patients", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    ap.add_argument("--replicates", type=int, default=200)
    ap.add_argument("--reference-max", type=int, default=10_000,
                    help="run the row-level reference only up to this many patients")
    args = ap.parse_args()
    warnings.simplefilter("ignore")
    _timed_prepare()
    settings = ModelSettings(bootstrap_replicates=args.replicates)
    print(f"python {platform.python_version()}, numpy {np.__version__}, {os.cpu_count()} CPU(s), "
          f"load average {os.getloadavg()[0]:.1f}; bootstrap {args.replicates}, "
          f"{settings.one_per_patient_draws} one-per-patient draws")
    # warm-up: imports and first-call costs are not part of any size
    v, p = synthetic_cases(500)
    run_stage(v, p, settings.replace(bootstrap_replicates=2, one_per_patient_draws=1))
    ref = None
    for n in args.patients:
        v, p = synthetic_cases(n)
        times, new = run_stage(v, p, settings)
        print(f"\n{n:,} patients, {len(v):,} vertebrae ({len(v) / n:.2f} per patient)")
        old_times = None
        if n <= args.reference_max:
            ref = ref or reference_package()
            old_times, old = run_stage(v, p, settings, ref)
        width = max(len(k) for k in times)
        for k, t in times.items():
            line = f"  {k:<{width}}  {t:8.2f} s"
            if old_times and k in old_times:
                line += f"   row-level {old_times[k]:8.2f} s   x{old_times[k] / max(t, 1e-9):6.1f}"
            print(line)
        if old_times:
            exact, loose = compare(new, old)
            print(f"  max rel. difference vs row-level: {exact:.1e} (deterministic numbers; must be < 1e-10), "
                  f"{loose:.2f} (bootstrap numbers, different random streams)")
            if exact > 1e-10:
                raise SystemExit("the collapsed and the row-level stage disagree")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 ** 2
        print(f"  peak memory of the process so far: {peak:.2f} GB")


if __name__ == "__main__":
    main()
