"""Benchmarks for issue 2: the cold end-to-end workflow, and Table 1 on a synthetic
1,000,000-patient cohort against the `tableone` package on the same data, in the same run.

Run:  .venv/bin/python benchmarks/bench_tables.py [--patients 1000000] [--repeat 3]

Prints a small table of wall-clock seconds (best of --repeat) and the ratio.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from osteostats.tables.cells import CellCollector  # noqa: E402
from osteostats.tables.options import TableOptions  # noqa: E402
from osteostats.tables.table1 import build_table1  # noqa: E402


def synthetic_patients(n: int, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    group = np.where(rng.random(n) < 0.62, "OP", "MET")
    return pd.DataFrame({
        "patient_id": np.char.add("P", np.arange(n).astype(str)),
        "group": group,
        "age": rng.integers(39, 90, n).astype(float),
        "sex": np.where(rng.random(n) < 0.35, "M", "F"),
        "bmi": np.round(rng.normal(23, 3, n), 2),
        "t_score_min": np.round(rng.normal(-2.3, 1.0, n), 1).clip(-9.9, 9.9),
        "trauma": "none",
    })


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def bench_table1(n: int, repeat: int) -> tuple[float, float]:
    pats = synthetic_patients(n)

    def ours():
        build_table1(pats, TableOptions(), CellCollector())

    def theirs():
        from tableone import TableOne

        df = pats.assign(osteoporosis=(pats.t_score_min <= -2.5).astype(int))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            TableOne(df, columns=["age", "sex", "bmi", "osteoporosis"], categorical=["sex", "osteoporosis"],
                     groupby="group", pval=True)

    return best(ours, repeat), best(theirs, repeat)


def bench_workflow(repeat: int, targets: list[str] | None = None) -> float:
    exe = Path(sys.executable).parent
    env = dict(os.environ, PATH=f"{exe}{os.pathsep}{os.environ.get('PATH', '')}")
    times = []
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as tmp:
            for item in ("Snakefile", "workflow", "config", "data"):
                src = ROOT / item
                (shutil.copytree if src.is_dir() else shutil.copy)(src, Path(tmp) / item)
            t0 = time.perf_counter()
            subprocess.run([str(exe / "snakemake"), *(targets or []), "--cores", "2", "--quiet"], cwd=tmp, env=env, check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--patients", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--skip-workflow", action="store_true")
    a = ap.parse_args()
    print(f"machine: {os.cpu_count()} cores; python {sys.version.split()[0]}")
    if not a.skip_workflow:
        t = bench_workflow(a.repeat, ["reports/tables/comparison.csv"])
        print(f"cold workflow up to Tables 1-3 + comparison (snakemake --cores 2, fresh folder): {t:.2f} s "
              f"(best of {a.repeat}; issue-2 target < 20 s)")
        w = bench_workflow(a.repeat)
        print(f"cold whole workflow incl. check, diagnosis, models (K=10) and report: {w:.2f} s "
              f"(best of {a.repeat}; issue-5 target < 45 s)")
    ours, theirs = bench_table1(a.patients, a.repeat)
    print(f"Table 1 on {a.patients:,} synthetic patients: osteostats {ours:.3f} s, tableone {theirs:.3f} s, "
          f"ratio {theirs / ours:.1f}x (best of {a.repeat}; target >= 20x)")


if __name__ == "__main__":
    main()
