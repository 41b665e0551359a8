"""Benchmark: the model stage's bootstrap refits, in lock step against one at a time.

On the bundled study's two multivariable models (signs per vertebra, age and sex per
patient), 200 patient-level cluster-bootstrap replicates each (the workflow's default), in
one process:

1. ``fit_point`` once per replicate (the one-at-a-time engine, as before batching);
2. ``fit_points`` on all replicates at once (lock-step Newton-Raphson, stacked linear algebra).

Prints the best of ``--repeat`` timings, their ratio and the largest difference between the
estimates (asserted in ``tests/test_models_firth_engine.py``: below 1e-12 for the signs model,
below the solver tolerance 1e-6 for the age/sex model).

Run:  .venv/bin/python benchmarks/bench_bootstrap.py [--replicates 200] [--repeat 3]
"""
from __future__ import annotations

import argparse
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.dirname(__file__))
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # as the workflow runs the model stage

from osteostats.cases import load_cases  # noqa: E402
from osteostats.models.clustering import ClusterBootstrap, frame_clusters  # noqa: E402
from osteostats.models.config import ModelSettings  # noqa: E402
from osteostats.models.design import patient_frame, vertebra_frame  # noqa: E402
from osteostats.models.firth import fit_point, fit_points  # noqa: E402
from osteostats.models.multivariable import PATIENT_MODEL, SIGNS_MODEL, fit_model  # noqa: E402

from bench_firth import best_of  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--replicates", type=int, default=200)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    s = ModelSettings()
    cases = load_cases(os.path.join(os.path.dirname(__file__), "..", "data", "cases"), s.study)
    vf = vertebra_frame(cases.vertebrae, s.study)
    models = [fit_model(SIGNS_MODEL, vf, s.multivariable_signs, s, "vertebrae.csv", frame_clusters(vf)),
              fit_model(PATIENT_MODEL, patient_frame(cases.patients, s.study), s.patient_predictors, s,
                        "patients.csv")]
    for m in models:
        bs = ClusterBootstrap(m.prep.X, m.prep.y, m.clusters, pattern=m.patterns)
        X, y = bs.patterns.X, bs.patterns.y
        W = np.array(list(bs.replicates(args.replicates, np.random.default_rng([s.seed, 1]))))
        t_one, one = best_of(lambda: [fit_point(X, y, w) for w in W], args.repeat)
        t_batch, batch = best_of(lambda: fit_points(X, y, W), args.repeat)
        diff = max(float(np.abs(a - b).max()) for a, b in zip(one, batch) if a is not None and b is not None)
        print(f"{m.name}: {len(W)} replicates on {len(y)} patterns x {X.shape[1]} predictors: "
              f"one at a time {t_one:.3f} s, lock step {t_batch:.3f} s "
              f"(ratio {t_batch / t_one:.2f}); largest estimate difference {diff:.1e}")


if __name__ == "__main__":
    main()
