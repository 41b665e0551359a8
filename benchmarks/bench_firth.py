"""Benchmark: Firth fit on 1,000,000 rows x 8 binary covariates.

Compares, on the same seeded data:

1. firthmodels called directly on the expanded rows (the underlying library);
2. osteostats ``fit_firth`` without collapsing (same engine, plus osteostats' checks);
3. osteostats ``fit_firth`` collapsing identical (pattern, outcome) rows into weights
   (timed including the collapse itself); point estimate only, then with profile CIs and
   penalized LR tests for all 9 parameters; and the LP separation check;

and checks that the collapsed estimates equal the expanded ones. Target: collapsed fit < 1 s.

Run:  .venv/bin/python benchmarks/bench_firth.py [--rows N] [--repeat R]
Figures recorded in docs/models.md.
"""
from __future__ import annotations

import argparse
import os
import platform
import sys
import time
import warnings

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from osteostats.models.firth import collapse, fit_firth  # noqa: E402

SEED = 20240917


def make_data(n: int, k: int = 8, seed: int = SEED) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = (rng.random((n, k)) < rng.uniform(0.1, 0.5, k)).astype(float)
    beta = np.linspace(-1.0, 1.0, k)
    p = 1 / (1 + np.exp(-(-1.0 + X @ beta)))
    y = (rng.random(n) < p).astype(float)
    return X, y


def best_of(fn, repeat: int) -> tuple[float, object]:
    best, out = float("inf"), None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t)
    return best, out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    from firthmodels import FirthLogisticRegression

    X, y = make_data(args.rows)
    names = [f"x{j}" for j in range(X.shape[1])]
    print(f"data: {args.rows} rows x {X.shape[1]} binary covariates, {int(y.sum())} events (seed {SEED})")
    print(f"python {platform.python_version()}, numpy {np.__version__}, {os.cpu_count()} CPU(s)")

    def direct():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            m = FirthLogisticRegression(gtol=1e-7, xtol=1e-7, max_iter=500, backend="numpy").fit(X, y)
        return np.r_[m.intercept_, m.coef_]

    def ours_expanded():
        return fit_firth(X, y, names, profile=False, lrt=False, collapse_rows=False).coef

    def ours_collapsed():
        return fit_firth(X, y, names, profile=False, lrt=False, collapse_rows=True).coef

    def ours_collapsed_full():
        return fit_firth(X, y, names, profile=True, lrt=True, collapse_rows=True)

    t_collapse, (Xu, _, _) = best_of(lambda: collapse(X, y), args.repeat)
    rows = []
    t_direct, b_direct = best_of(direct, 1 if args.rows >= 500_000 else args.repeat)
    rows.append(("firthmodels directly, expanded rows", t_direct))
    t_exp, b_exp = best_of(ours_expanded, 1 if args.rows >= 500_000 else args.repeat)
    rows.append(("osteostats fit_firth, expanded rows", t_exp))
    t_col, b_col = best_of(ours_collapsed, args.repeat)
    rows.append((f"osteostats fit_firth, collapsed to {len(Xu)} rows (incl. collapse)", t_col))
    t_full, full = best_of(ours_collapsed_full, args.repeat)
    rows.append(("  same + profile CIs and penalized LR tests (9 parameters)", t_full))
    rows.append(("  of which: collapsing the rows into weights", t_collapse))
    from osteostats.models.separation import check_separation

    t_sep, sep = best_of(lambda: check_separation(X, y, names), args.repeat)
    rows.append((f"separation LP check (on distinct rows; separated: {sep.separated})", t_sep))
    width = max(len(r[0]) for r in rows)
    for label, t in rows:
        print(f"{label:<{width}}  {t:8.3f} s")
    diff = max(np.abs(b_col - b_direct).max(), np.abs(b_exp - b_direct).max())
    print(f"max |coef difference| between the three fits: {diff:.2e}")
    print(f"speed-up of the collapsed fit over firthmodels on expanded rows: {t_direct / t_col:.0f}x")
    print(f"target collapsed fit < 1 s: {'met' if t_col < 1 else 'NOT met'}")
    if diff > 1e-5:
        raise SystemExit("collapsed and expanded estimates differ")


if __name__ == "__main__":
    main()
