"""Registry scale: every stage of the workflow on synthetic cohorts of 10k, 100k and 1M patients.

Run:  .venv/bin/python benchmarks/bench_scale.py [--sizes 10k,100k,1M] [--skip-workflow]
                                                 [--out bench_scale.csv] [--work DIR]

For each size, in one run:

1. a synthetic cohort in the documented case-table schema (``benchmarks/synthetic_cohort.py``;
   about 1.7 vertebrae and 22 readings per patient, 62 % OP, missing values) is written as CSV
   and, in a separate folder, as Parquet;
2. each stage runs as its own command on the CSV folder, as the workflow runs it: ``osteostats
   validate``, ``osteostats tables --published none``, ``osteostats diagnose`` (the workflow's
   study assumptions), ``osteostats models`` (bootstrap 200 replicates);
3. ``validate`` and ``tables`` again on the Parquet folder;
4. the whole workflow, ``snakemake --cores 2`` in a scratch copy of the repository with
   ``cases_dir`` pointed at the cohort and K = 10 reconstructions (skipped with
   ``--skip-workflow``);
5. a plain pandas + scipy pass (``--plain-pass``, a separate process) that reads the same three
   CSV files and computes the same Tables 1-3: group means and SDs with Student's t (age, BMI),
   counts and Pearson chi-squared without Yates (Fisher's exact test where an expected count is
   < 5) for sex, osteoporosis (T <= -2.5) and every Table 2 sign (shape and disc levels, the five
   signs, severe compression = height loss > 40 %), and Table 3's detection rate per group,
   finding and modality plus "any modality", with the k x 2 Pearson chi-squared over the
   modalities and "any".

Wall-clock seconds of each command (imports included), its CPU seconds (user + system, the
process and every descendant it waited for; a figure that other load on the machine changes
less than wall time), and its peak memory: the maximum resident set size over the same process
tree (``os.wait4``; for the workflow, the largest single job, snakemake itself included). A stage that fails or exceeds
``--timeout`` is recorded with its exit status and does not stop the run.

Prints a table and writes the figures as CSV (``--out``): patients, stage, input, seconds,
cpu_seconds, peak_mb, status, note. The load average before and after the run is printed: on
a shared machine, compare CPU seconds.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic_cohort import write_cohort  # noqa: E402

BOOTSTRAP = 200
K = 10
FIELDS = ["patients", "stage", "input", "seconds", "cpu_seconds", "peak_mb", "status", "note"]


def parse_size(text: str) -> int:
    """``10k`` -> 10000, ``1M`` -> 1000000, ``2500`` -> 2500."""
    t = text.strip().lower().replace("_", "").replace(",", "")
    mult = {"k": 1_000, "m": 1_000_000}.get(t[-1:], 1)
    return int(float(t[:-1] if mult > 1 else t) * mult)


def run(cmd: list[str], cwd: Path, timeout: float,
        env: dict | None = None) -> tuple[float, float | None, float | None, str, str]:
    """Run ``cmd``; wall seconds, peak RSS in MB and CPU seconds (process tree), status, output tail."""
    exe = Path(sys.executable).parent
    env = dict(env or os.environ)
    env["PATH"] = f"{exe}{os.pathsep}{env.get('PATH', '')}"
    log = tempfile.TemporaryFile()
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    deadline = t0 + timeout
    status, peak, cpu = None, None, None
    while True:
        pid, wstatus, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            seconds = time.perf_counter() - t0
            peak = usage.ru_maxrss / 1024  # Linux: kilobytes
            cpu = usage.ru_utime + usage.ru_stime
            code = os.waitstatus_to_exitcode(wstatus)
            proc.returncode = code
            status = "ok" if code == 0 else f"exit {code}"
            break
        if time.perf_counter() > deadline:
            os.killpg(proc.pid, signal.SIGKILL)
            os.wait4(proc.pid, 0)
            proc.returncode = -9
            seconds, status = time.perf_counter() - t0, f"timeout {timeout:.0f} s"
            break
        time.sleep(0.05)
    log.seek(0)
    tail = log.read().decode(errors="replace").strip().splitlines()[-3:]
    log.close()
    return seconds, peak, cpu, status, " | ".join(tail)[-300:]


def k_override(k: int, bootstrap: int) -> dict:
    """Config fragment with K reconstructions and the bootstrap size, under ``models:``."""
    return {"models": {"K": k, "bootstrap_replicates": bootstrap}}


def workflow_command(cases: Path, scratch: Path) -> list[str]:
    """A scratch copy of the workflow pointed at ``cases``; the snakemake command to run there."""
    import yaml

    for item in ("Snakefile", "workflow", "config", "data"):
        src = ROOT / item
        (shutil.copytree if src.is_dir() else shutil.copy)(src, scratch / item)
    override = {"cases_dir": str(cases), **k_override(K, BOOTSTRAP)}
    (scratch / "bench.yaml").write_text(yaml.safe_dump(override))
    exe = Path(sys.executable).parent
    return [str(exe / "snakemake"), "--cores", "2", "--quiet", "--configfile", "bench.yaml"]


# ------------------------------------------------------------------------------------------
# The plain pandas + scipy pass (run in its own process with --plain-pass DIR).

def plain_pass(cases: Path, out: Path) -> None:
    """Tables 1-3 from the three CSV files with pandas and scipy only; rows written to ``out``."""
    import numpy as np
    import pandas as pd
    from scipy import stats

    pat = pd.read_csv(cases / "patients.csv", dtype={"patient_id": str})
    vert = pd.read_csv(cases / "vertebrae.csv", dtype={"vertebra_id": str, "patient_id": str})
    rd = pd.read_csv(cases / "readings.csv", dtype={"vertebra_id": str})
    groups = ["OP", "MET"]
    rows = []

    def counts_test(table: np.ndarray) -> tuple[str, float, float]:
        chi2, p, _dof, expected = stats.chi2_contingency(table, correction=False)
        if table.shape == (2, 2) and (expected < 5).any():
            return "fisher", float("nan"), stats.fisher_exact(table).pvalue
        return "pearson_chi2", chi2, p

    def binary_row(table: str, name: str, values: pd.Series, group: pd.Series) -> None:
        ok = values.notna()
        v, g = values[ok].astype(int), group[ok]
        tab = np.array([[((g == gr) & (v == 1)).sum(), ((g == gr) & (v == 0)).sum()] for gr in groups])
        method, stat, p = counts_test(tab)
        rows.append([table, name, *tab[:, 0], *tab.sum(axis=1), method, stat, p])

    # Table 1: patients.
    for col in ("age", "bmi"):
        a = [pat.loc[pat["group"] == g, col].dropna() for g in groups]
        t = stats.ttest_ind(a[0], a[1], equal_var=True)
        rows.append(["table1", col, a[0].mean(), a[1].mean(), a[0].std(ddof=1), a[1].std(ddof=1),
                     "student_t", t.statistic, t.pvalue])
    binary_row("table1", "sex_male", (pat["sex"] == "M").where(pat["sex"].notna()), pat["group"])
    binary_row("table1", "osteoporosis", (pat["t_score_min"] <= -2.5).where(pat["t_score_min"].notna()), pat["group"])

    # Table 2: vertebrae.
    vg = vert["patient_id"].map(pat.set_index("patient_id")["group"])
    for col, levels in (("shape", ["wedge", "biconcave", "flat"]), ("disc", ["normal", "compressed", "widened"])):
        for lev in levels:
            binary_row("table2", f"{col}_{lev}", (vert[col] == lev).where(vert[col].notna()), vg)
    for col in ("posterior_wall_bulge", "posterior_corner_fat", "intravertebral_cleft",
                "posterior_element_involvement", "paravertebral_mass"):
        binary_row("table2", col, vert[col], vg)
    binary_row("table2", "severe_compression", (vert["height_loss_pct"] > 40).where(vert["height_loss_pct"].notna()), vg)

    # Table 3: readings, per group and finding: rate per modality and any modality.
    rd = rd.assign(group=rd["vertebra_id"].map(pd.Series(vg.to_numpy(), index=vert["vertebra_id"])))
    per_mod = rd.groupby(["group", "finding", "modality"])["detected"].agg(["sum", "count"])
    anym = rd.groupby(["group", "finding", "vertebra_id"])["detected"].max().groupby(["group", "finding"]).agg(["sum", "count"])
    for (g, f), anyrow in anym.iterrows():
        sub = per_mod.loc[(g, f)]
        tab = np.vstack([np.c_[sub["sum"], sub["count"] - sub["sum"]], [[anyrow["sum"], anyrow["count"] - anyrow["sum"]]]])
        if tab.shape[0] > 2 and (tab[:, 0].sum() > 0) and (tab[:, 1].sum() > 0):
            chi2, p, _dof, _e = stats.chi2_contingency(tab, correction=False)
        else:
            chi2, p = float("nan"), float("nan")
        rates = dict(zip(sub.index, sub["sum"] / sub["count"]))
        rows.append(["table3", f"{g}:{f}", rates.get("xray"), rates.get("ct"), rates.get("mri"),
                     anyrow["sum"] / anyrow["count"], "pearson_chi2_kx2", chi2, p])
    pd.DataFrame(rows).to_csv(out, index=False, header=False)


# ------------------------------------------------------------------------------------------

def bench_size(n: int, work: Path, skip_workflow: bool, timeout: float) -> list[dict]:
    results: list[dict] = []
    py = sys.executable
    exe = Path(py).parent

    def record(stage: str, inp: str, seconds: float, peak: float | None, cpu: float | None, status: str,
               note: str = "") -> None:
        results.append({"patients": n, "stage": stage, "input": inp, "seconds": round(seconds, 2),
                        "cpu_seconds": None if cpu is None else round(cpu, 2),
                        "peak_mb": None if peak is None else round(peak), "status": status,
                        "note": note if status != "ok" else ""})
        peak_txt = "-" if peak is None else f"{peak:,.0f} MB"
        cpu_txt = "-" if cpu is None else f"{cpu:.1f} s"
        print(f"  {stage:<10} {inp:<8} {seconds:8.2f} s  cpu {cpu_txt:>9}  {peak_txt:>10}  {status}"
              + (f"  ({note})" if status != "ok" and note else ""), flush=True)

    base = work / f"n{n}"
    csv_dir, pq_dir = base / "csv", base / "parquet"
    t0 = time.perf_counter()
    write_cohort(n, csv_dir, seed=1, formats=("csv",))
    write_cohort(n, pq_dir, seed=1, formats=("parquet",))
    record("generate", "csv+pq", time.perf_counter() - t0, None, None, "ok")

    osteo = str(exe / "osteostats")
    settings = json.dumps({"bootstrap_replicates": BOOTSTRAP})
    for inp, cases in (("csv", csv_dir), ("parquet", pq_dir)):
        out = base / f"out_{inp}"
        record("validate", inp, *run([osteo, "validate", "--cases", str(cases)], ROOT, timeout))
        record("tables", inp, *run([osteo, "tables", "--cases", str(cases), "--published", "none",
                                    "--out", str(out / "tables")], ROOT, timeout))
    out = base / "out_csv"
    record("diagnose", "csv", *run([osteo, "diagnose", "--cases", str(csv_dir / "patients.csv"),
                                    "--out", str(out / "diagnosis.csv"), "--pathological-groups", "MET",
                                    "--fracture-confirmed-all"], ROOT, timeout))
    record("models", "csv", *run([osteo, "models", "--cases", str(csv_dir), "--settings", settings,
                                  "--out", str(out / "models")], ROOT,
                                 timeout, env=dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1")))
    if not skip_workflow:
        scratch = base / "workflow"
        if scratch.exists():
            shutil.rmtree(scratch)
        scratch.mkdir()
        record("workflow", "csv", *run(workflow_command(csv_dir, scratch), scratch, timeout))
    record("plain", "csv", *run([py, str(Path(__file__).resolve()), "--plain-pass", str(csv_dir),
                                 "--plain-out", str(out / "plain_tables.csv")], ROOT, timeout))
    return results


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10k,100k,1M", help="comma-separated cohort sizes (10k, 100k, 1M, 2500, ...)")
    ap.add_argument("--skip-workflow", action="store_true", help="do not run the whole workflow")
    ap.add_argument("--out", default="bench_scale.csv", help="CSV file of the figures")
    ap.add_argument("--work", help="folder for cohorts and outputs (default: a temporary folder, removed)")
    ap.add_argument("--timeout", type=float, default=3600, help="seconds after which a stage is stopped")
    ap.add_argument("--plain-pass", metavar="DIR", help=argparse.SUPPRESS)
    ap.add_argument("--plain-out", metavar="FILE", help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.plain_pass:
        plain_pass(Path(a.plain_pass), Path(a.plain_out or os.devnull))
        return 0

    sizes = [parse_size(s) for s in a.sizes.split(",") if s.strip()]
    print(f"machine: {os.cpu_count()} cores; python {sys.version.split()[0]}; "
          f"models: bootstrap {BOOTSTRAP}; workflow: K = {K}; "
          f"load average {os.getloadavg()[0]:.1f}", flush=True)
    tmp = None
    if a.work:
        work = Path(a.work)
        work.mkdir(parents=True, exist_ok=True)
    else:
        tmp = tempfile.TemporaryDirectory(prefix="bench_scale_")
        work = Path(tmp.name)
    results: list[dict] = []
    try:
        for n in sizes:
            print(f"{n:,} patients", flush=True)
            results += bench_size(n, work, a.skip_workflow, a.timeout)
            if not a.work:
                shutil.rmtree(work / f"n{n}", ignore_errors=True)
    finally:
        if tmp is not None:
            tmp.cleanup()
        out = Path(a.out)
        out.parent.mkdir(parents=True, exist_ok=True)
        with out.open("w", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=FIELDS, lineterminator="\n")
            w.writeheader()
            w.writerows(results)

    print()
    print(summary_table(results, sizes))
    print(f"\nload average at the end: {os.getloadavg()[0]:.1f}; figures: {out}")
    return 0


def summary_table(results: list[dict], sizes: list[int]) -> str:
    """Markdown table: one row per size; per stage wall seconds (CPU seconds); the largest peak."""
    cols = [("validate", "csv"), ("tables", "csv"), ("diagnose", "csv"), ("models", "csv"),
            ("workflow", "csv"), ("plain", "csv"), ("validate", "parquet"), ("tables", "parquet")]
    head = ["patients"] + [s if i == "csv" else f"{s} (parquet)" for s, i in cols] + ["peak memory"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for n in sizes:
        cells = [f"{n:,}"]
        peaks = []
        for stage, inp in cols:
            r = next((r for r in results if r["patients"] == n and r["stage"] == stage and r["input"] == inp), None)
            if r is None:
                cells.append("–")
                continue
            cpu = "" if r["cpu_seconds"] is None else f" ({r['cpu_seconds']:.1f})"
            cells.append(f"{r['seconds']:.1f} s{cpu}" if r["status"] == "ok" else r["status"])
            if r["peak_mb"] is not None and stage != "plain":
                peaks.append(r["peak_mb"])
        cells.append(f"{max(peaks) / 1024:.2f} GB" if peaks else "–")
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
