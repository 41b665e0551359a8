"""Benchmarks of the tables stage: the cold end-to-end workflow, Table 1 on a synthetic
1,000,000-patient cohort against the `tableone` package on the same data, and (``--validation``)
the ways of checking case-table cells at registry scale.

Run:  .venv/bin/python benchmarks/bench_tables.py [--patients 1000000] [--repeat 3]
      .venv/bin/python benchmarks/bench_tables.py --validation /tmp/scale/n1M/csv

Prints a small table of seconds (best of --repeat) and the ratio.

``--validation DIR`` reads ``readings.csv`` and ``vertebrae.csv`` of a synthetic cohort
(``benchmarks/synthetic_cohort.py``) once with pyarrow, then times, on the same cells, the
checks that find every bad cell of the non-key columns (levels, 0/1, ranges):

- ``pandera (numpy)``: the pandera schema of the study (``pandera_schema``) on a pandas frame
  of converted values (object strings, floats, nullable integers), ``lazy=True``;
- ``pandera (pyarrow)``: the same schema on the same frame with pyarrow-backed string columns;
- ``pyarrow.compute per cell``: ``is_in`` / range comparisons on every cell with pyarrow.compute;
- ``osteostats (distinct)``: :func:`osteostats.cases.columns.convert`, which checks each
  distinct cell text once and maps the verdicts back to rows through integer codes (it also
  converts: strip, missing tokens, numbers, so it does more than the others).

CPU seconds (``time.process_time``) are reported as well as wall seconds, since the benchmark
machine is shared.
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


def bench_validation(folder: Path, repeat: int) -> None:
    """Time the ways of checking the non-key cells of ``readings`` and ``vertebrae`` (see above)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from osteostats.cases.columns import convert
    from osteostats.cases.read import read_table
    from osteostats.cases.schemas import pandera_schema, table_specs
    from osteostats.errors import Problem
    from osteostats.study import load_study

    spec = load_study()
    tokens = set(spec.missing_values)
    rows = []
    for name in ("vertebrae", "readings"):
        cols = {n: c for n, c in table_specs(spec)[name].items() if not c.is_key}
        raw = read_table(folder / f"{name}.csv", set(), set())
        n = len(next(iter(raw.columns.values())).codes)
        converted = {c: convert(raw.columns[c], spec_c, c, name, tokens, []) for c, spec_c in cols.items()}
        np_frame = pd.DataFrame({c: (np.asarray(v.values) if cols[c].kind == "str" else v.values)
                                 for c, v in converted.items()})
        np_frame = np_frame.astype({c: object for c in cols if cols[c].kind == "str"})
        pa_frame = np_frame.astype({c: pd.ArrowDtype(pa.string()) for c in cols if cols[c].kind == "str"})
        schema = pandera_schema(cols)
        texts = {c: pc.utf8_trim_whitespace(pa.array(np.asarray(raw.columns[c].cells, dtype=object)).take(
            pa.array(raw.columns[c].codes))) for c in cols}

        def run_pandera(frame):
            import pandera.errors

            try:
                schema.validate(frame, lazy=True)
            except pandera.errors.SchemaErrors:
                pass

        def run_arrow():
            for c, spec_c in cols.items():
                t = texts[c]
                if spec_c.kind == "str":
                    pc.sum(pc.invert(pc.is_in(t, value_set=pa.array(list(spec_c.levels)))))
                else:
                    num = pc.cast(pc.if_else(pc.is_in(t, value_set=pa.array(sorted(tokens))), None, t), pa.float64())
                    if spec_c.levels is not None:
                        pc.sum(pc.invert(pc.is_in(num, value_set=pa.array([float(v) for v in spec_c.levels]))))
                    if spec_c.range is not None:
                        lo, hi = spec_c.range
                        pc.sum(pc.or_(pc.less(num, lo), pc.greater(num, hi)))

        def run_ours():
            problems: list[Problem] = []
            for c, spec_c in cols.items():
                convert(raw.columns[c], spec_c, c, name, tokens, problems)

        for label, fn in (("pandera (numpy)", lambda: run_pandera(np_frame)),
                          ("pandera (pyarrow)", lambda: run_pandera(pa_frame)),
                          ("pyarrow.compute per cell", run_arrow), ("osteostats (distinct)", run_ours)):
            cpu, wall = [], []
            for _ in range(repeat):
                c0, w0 = time.process_time(), time.perf_counter()
                fn()
                cpu.append(time.process_time() - c0)
                wall.append(time.perf_counter() - w0)
            rows.append((name, n, label, min(wall), min(cpu)))
            print(f"{name:<10} {n:>11,} rows  {label:<26} wall {min(wall):7.2f} s  cpu {min(cpu):7.2f} s", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--patients", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--skip-workflow", action="store_true")
    ap.add_argument("--validation", metavar="DIR", help="time cell checks on a synthetic cohort's CSV folder")
    a = ap.parse_args()
    print(f"machine: {os.cpu_count()} cores; python {sys.version.split()[0]}")
    if a.validation:
        bench_validation(Path(a.validation), a.repeat)
        return
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
