"""Benchmark of the DXA T-score class.

Classifies 10,000,000 synthetic T-scores with the vectorised
:func:`osteostats.rules.dxa_category` and, in the same run, times a row-wise
``pandas.Series.apply`` of the same rule (the scalar call of the same function) on a
200,000-row subsample; the apply time is extrapolated per row to 10,000,000 rows (said in
the output). Targets: vectorised < 1 s; >= 50x faster than the row-wise apply.

Run:  python benchmarks/bench_rules.py [--n 10000000] [--apply-n 200000] [--repeat 3]
"""
from __future__ import annotations

import argparse
import os
import platform
import time

import numpy as np
import pandas as pd

from osteostats.rules import dxa_category


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=10_000_000)
    ap.add_argument("--apply-n", type=int, default=200_000)
    ap.add_argument("--repeat", type=int, default=3, help="vectorised timing: best of REPEAT runs")
    ap.add_argument("--seed", type=int, default=20200801)
    args = ap.parse_args()

    rng = np.random.default_rng(args.seed)
    # T-scores as DXA reports them: one decimal, clipped to the valid range; 1 % missing;
    # every boundary value present many times.
    t = np.clip(np.round(rng.normal(-1.6, 1.3, args.n), 1), -9.9, 9.9)
    t[rng.random(args.n) < 0.01] = np.nan
    s = pd.Series(t, name="t_score")

    times = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        vec = dxa_category(s)
        times.append(time.perf_counter() - t0)
    vec_time = min(times)

    sub = s.iloc[: args.apply_n]
    t0 = time.perf_counter()
    rowwise = sub.apply(dxa_category)
    apply_time = time.perf_counter() - t0
    per_row = apply_time / len(sub)
    apply_extrapolated = per_row * args.n

    # Lower bound: the same rule as a bare Python lambda (no validation, no rounding option).
    def bare(x: float) -> str:
        if x != x:
            return "indeterminate"
        if x <= -2.5:
            return "osteoporosis"
        if x >= -1.0:
            return "normal"
        return "low_bone_mass"

    t0 = time.perf_counter()
    rowwise_bare = sub.apply(bare)
    bare_time = time.perf_counter() - t0
    bare_extrapolated = bare_time / len(sub) * args.n

    expected = vec.iloc[: args.apply_n].to_numpy()
    if not ((rowwise.to_numpy() == expected).all() and (rowwise_bare.to_numpy() == expected).all()):
        print("ERROR: vectorised and row-wise results differ")
        return 1

    ratio = apply_extrapolated / vec_time
    counts = vec.value_counts().sort_index()
    print(f"osteostats rules benchmark: DXA class of {args.n:,} T-scores (seed {args.seed})")
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPU(s), Python {platform.python_version()}, "
          f"numpy {np.__version__}, pandas {pd.__version__}")
    print(f"vectorised dxa_category(Series): {vec_time:.3f} s (best of {args.repeat}: "
          + ", ".join(f"{x:.3f}" for x in times) + ")")
    print(f"row-wise Series.apply(dxa_category) on {len(sub):,} rows: {apply_time:.3f} s "
          f"= {per_row * 1e6:.2f} us/row -> extrapolated to {args.n:,} rows: {apply_extrapolated:.1f} s")
    print(f"speed-up (extrapolated apply / vectorised): {ratio:.0f}x")
    print(f"lower bound, Series.apply(bare Python lambda of the same rule) on {len(sub):,} rows: "
          f"{bare_time:.3f} s -> extrapolated {bare_extrapolated:.1f} s; speed-up {bare_extrapolated / vec_time:.0f}x")
    print(f"targets: vectorised < 1 s: {'PASS' if vec_time < 1 else 'FAIL'}; "
          f">= 50x: {'PASS' if ratio >= 50 else 'FAIL'}")
    print("classes: " + ", ".join(f"{k}={v:,}" for k, v in counts.items()))
    return 0 if vec_time < 1 and ratio >= 50 else 1


if __name__ == "__main__":
    raise SystemExit(main())
