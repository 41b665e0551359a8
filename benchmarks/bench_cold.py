"""The bundled study, cold: ``snakemake --cores 2`` in a fresh clone, against another version.

Run:  .venv/bin/python benchmarks/bench_cold.py [--against REV] [--rev REV] [--runs 7]
                                                [--out bench_cold.csv]

Each run is a fresh ``git clone`` of this repository checked out at ``--rev`` (default HEAD) or
at ``--against`` (default: the previous commit), so nothing is cached but the Python environment
(this interpreter's, with the clone first on ``PYTHONPATH``); bytecode is written as on a user's
machine (``PYTHONDONTWRITEBYTECODE`` is unset). The clones are made before any run is timed,
and the two versions run in alternation, so that both see the same moments of a machine whose
speed drifts: compare the median of the paired ratios, not single runs.

Prints each run's wall and CPU seconds (``snakemake`` and every job, ``os.wait4``), the medians,
and the median and range of the ratios ``rev / against``; ``--out`` writes the runs as CSV.
"""
from __future__ import annotations

import argparse
import csv
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_scale import run  # noqa: E402


def clone(rev: str, dest: Path) -> Path:
    """A fresh clone of this repository at ``rev``."""
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(dest)], check=True)
    subprocess.run(["git", "checkout", "--quiet", rev], cwd=dest, check=True)
    return dest


def resolve(rev: str) -> str:
    return subprocess.run(["git", "rev-parse", "--short", rev], cwd=ROOT, check=True,
                          capture_output=True, text=True).stdout.strip()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rev", default="HEAD", help="the version to time (default: %(default)s)")
    ap.add_argument("--against", default="HEAD~1", help="the version to compare with (default: %(default)s)")
    ap.add_argument("--runs", type=int, default=7, help="runs of each version (default: %(default)s)")
    ap.add_argument("--timeout", type=float, default=600, help="seconds after which a run is stopped")
    ap.add_argument("--out", help="CSV file of the runs")
    args = ap.parse_args(argv)
    if args.runs < 1:
        ap.error("--runs must be at least 1")
    versions = {"rev": resolve(args.rev), "against": resolve(args.against)}
    exe = Path(sys.executable).parent
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench_cold_") as tmp:
        clones = {name: [clone(rev, Path(tmp) / f"{name}_{i}") for i in range(args.runs)]
                  for name, rev in versions.items()}
        for i in range(args.runs):
            for name in ("against", "rev") if i % 2 else ("rev", "against"):
                wd = clones[name][i]
                env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
                env["PYTHONPATH"] = str(wd)
                seconds, _peak, cpu, status, tail = run([str(exe / "snakemake"), "--cores", "2", "--quiet"],
                                                        wd, args.timeout, env)
                rows.append({"run": i + 1, "version": name, "commit": versions[name],
                             "seconds": round(seconds, 3), "cpu_seconds": round(cpu or 0.0, 3), "status": status})
                print(f"run {i + 1}  {name:8} {versions[name]}  {seconds:6.2f} s  cpu {cpu or 0:6.2f} s  {status}"
                      + (f"  {tail}" if status != "ok" else ""), flush=True)
    ok = [r for r in rows if r["status"] == "ok"]
    by = {name: [r for r in ok if r["version"] == name] for name in versions}
    for name, rev in versions.items():
        if by[name]:
            print(f"{name:8} {rev}: median {statistics.median(r['seconds'] for r in by[name]):.2f} s, "
                  f"cpu {statistics.median(r['cpu_seconds'] for r in by[name]):.2f} s ({len(by[name])} runs)")
    pairs = [(a["seconds"], b["seconds"]) for a in by["rev"] for b in by["against"] if a["run"] == b["run"]]
    if pairs:
        ratios = sorted(a / b for a, b in pairs)
        print(f"paired ratio rev/against: median {statistics.median(ratios):.3f} "
              f"(range {ratios[0]:.3f}-{ratios[-1]:.3f}, {len(ratios)} pairs)")
    if args.out:
        with open(args.out, "w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, fieldnames=list(rows[0]))
            w.writeheader()
            w.writerows(rows)
    return 0 if len(ok) == len(rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
