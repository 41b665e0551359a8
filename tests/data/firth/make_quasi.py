"""Generate quasi.csv (a quasi-separated data set with continuous covariates) and record
reference values in quasi_reference.csv.

Run from the repository root:  .venv/bin/python tests/data/firth/make_quasi.py

Data (seed 20240917, n = 120):
- ``biomarker``: continuous, rounded to 0.1; every case has biomarker >= 1.0 and every control
  biomarker <= 1.0, with both outcomes present at exactly 1.0 (30 rows: 12 cases, 18 controls). This is quasi-complete
  separation: the ML estimates of biomarker and the intercept are infinite;
- ``age``: continuous (years, 1 decimal), weakly related to the outcome;
- ``smoker``: binary, unrelated noise.

Reference values (source column):
- ``independent``: tests/data/firth/independent_firth.py, a direct maximisation of the
  penalized likelihood with scipy.optimize (BFGS) and profile bounds by Brent root finding;
  no code shared with firthmodels;
- ``firthmodels``: firthmodels.FirthLogisticRegression 0.8.2 called directly (gtol = xtol =
  the tightest of 1e-8, 1e-7, 1e-6, 1e-5 at which the solver converges, max_iter 1000;
  profile CI tol 1e-8; penalized LRT at the fit's tolerance, or 10x / 100x for a
  constrained refit that stalls).
The test requires osteostats' wrapper to match the independent values within 1e-5
(coefficients, CI bounds) and 1e-6 (p); the two sources here agree to about 1e-7.
"""
from __future__ import annotations

import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import independent_firth  # noqa: E402

TERMS = ["(Intercept)", "biomarker", "age", "smoker"]


def make_data(seed: int = 20240917, n: int = 120) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    y = (rng.random(n) < 0.4).astype(int)
    biomarker = np.where(y == 1, rng.uniform(1.0, 2.5, n), rng.uniform(-0.5, 1.0, n)).round(1)
    tie = rng.choice(n, size=30, replace=False)  # both outcomes at the threshold
    biomarker[tie] = 1.0
    y[tie[:12]] = 1
    y[tie[12:]] = 0
    age = (60 + 8 * rng.standard_normal(n) + 3 * y).round(1)
    smoker = (rng.random(n) < 0.3).astype(int)
    return pd.DataFrame({"y": y, "biomarker": biomarker, "age": age, "smoker": smoker})


def main() -> None:
    d = make_data()
    d.to_csv(HERE / "quasi.csv", index=False, lineterminator="\n")
    X = np.column_stack([np.ones(len(d)), d[["biomarker", "age", "smoker"]].to_numpy(float)])
    y = d.y.to_numpy(float)
    ind = independent_firth.fit(X, y)
    from firthmodels import FirthLogisticRegression

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for tol in (1e-8, 1e-7, 1e-6, 1e-5):  # tightest tolerance at which the solver converges
            m = FirthLogisticRegression(gtol=tol, xtol=tol, max_iter=1000, backend="numpy")
            m.fit(d[["biomarker", "age", "smoker"]].to_numpy(float), y)
            if m.converged_:
                break
        ci = m.conf_int(method="pl", tol=1e-8, max_iter=1000)
        for t in (tol, 10 * tol, 100 * tol):  # constrained refits can stall at the fit's tolerance
            m.gtol = m.xtol = t
            m.lrt()
    print(f"firthmodels converged at tolerance {tol:g}")
    order = [3, 0, 1, 2]
    fm = dict(coef=np.r_[m.intercept_, m.coef_], ci_low=ci[order, 0], ci_high=ci[order, 1],
              p=np.asarray(m.lrt_pvalues_)[order])
    rows = []
    for source, r in (("independent", ind), ("firthmodels", fm)):
        for j, t in enumerate(TERMS):
            rows.append(dict(source=source, term=t, coef=r["coef"][j], ci_low=r["ci_low"][j],
                             ci_high=r["ci_high"][j], p=r["p"][j]))
    ref = pd.DataFrame(rows)
    ref.to_csv(HERE / "quasi_reference.csv", index=False, lineterminator="\n", float_format="%.12g")
    print(ref.to_string())


if __name__ == "__main__":
    main()
