"""Scratch copies of the workflow for tests that run Snakemake: one helper, shared by
``conftest.py``, ``test_study_spec.py``, ``test_workflow_errors.py`` and ``test_slurm.py``."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: Folder of the interpreter running the tests: its snakemake and osteostats come first on PATH.
BIN = Path(sys.executable).parent
#: What a run needs besides the installed package.
WORKFLOW_ITEMS = ("Snakefile", "workflow", "config", "data")


def copy_workflow(dest: Path) -> Path:
    """Copy the Snakefile, workflow/, config/ and data/ into ``dest`` (created if missing)."""
    dest.mkdir(parents=True, exist_ok=True)
    for item in WORKFLOW_ITEMS:
        src = ROOT / item
        (shutil.copytree if src.is_dir() else shutil.copy)(src, dest / item)
    return dest


def env_with_bin(**extra: str) -> dict[str, str]:
    """The environment with :data:`BIN` first on PATH."""
    return dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}", **extra)


def run_in(cwd: Path, *cmd: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run ``cmd`` in ``cwd`` with :data:`BIN` on PATH (and ``env`` added); output captured as text."""
    return subprocess.run(list(cmd), cwd=cwd, env=env_with_bin(**(env or {})), capture_output=True, text=True)


def snakemake(cwd: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """``snakemake --cores 2 --quiet ARGS`` in ``cwd`` (``env`` added to the environment)."""
    return run_in(cwd, str(BIN / "snakemake"), "--cores", "2", "--quiet", *args, env=env)


def assert_ok(r: subprocess.CompletedProcess, cwd: Path) -> None:
    """Fail with snakemake's output and the tail of every rule log when the run failed."""
    if r.returncode != 0:
        logs = "\n".join(f"--- {p}\n{p.read_text()[-2000:]}" for p in sorted((cwd / "reports" / "logs").glob("*.log")))
        raise AssertionError(f"workflow failed:\n{r.stdout[-2000:]}\n{r.stderr[-3000:]}\n{logs[-6000:]}")
