"""The workflow through SLURM (sbatch) gives byte-for-byte the outputs of a local run.

Starts a one-node SLURM cluster on this machine with ``scripts/slurm-local.sh start``
(which installs slurm-wlm and munge from Debian packages when they are missing; needs
root, as in CI), runs the whole workflow in a scratch copy of the repository twice with
K = 20 reconstructions (two per job) -- once with ``snakemake --profile workflow/profiles/slurm`` (every job
submitted with sbatch), once locally with ``snakemake --cores 2`` -- and compares every file
under ``reports/`` of the two runs byte for byte: the Tables 1-3 CSVs, tests and comparison,
the validation stamp, the diagnosis table, the reviewer check, every model CSV and SVG, each
reconstruction seed's estimates and case tables, the sensitivity summary, and the HTML and PDF
report. Only ``reports/logs/`` (timings, host names) is excluded. Both runs import one frozen
copy of the package, made before they start (see ``_frozen_package``).

The executor plugin is the ``slurm`` extra of the package (``pip install -e '.[slurm]'``), which
``make test`` does not install: Snakemake imports every installed executor plugin at each start,
and this one costs about 0.6 s there. Where it is missing, the test installs it with pip into a
scratch folder that only the SLURM run puts on its path (see ``slurm_plugin``).

Outside CI the test is skipped when the cluster cannot be started here (not root and no SLURM)
or the plugin cannot be installed; under CI (``CI=true``) both are failures.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "slurm-local.sh"
PROFILE = "workflow/profiles/slurm"
K = 20
#: Reconstructions per job: K / PER_JOB = 10 reconstruction jobs go through sbatch.
PER_JOB = 2
IN_CI = bool(os.environ.get("CI"))

pytestmark = pytest.mark.slow


def _unavailable(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"SLURM test cannot run under CI: {reason}")
    pytest.skip(reason)


def _k_override() -> dict:
    """A config fragment setting the number of reconstructions to K, PER_JOB of them per job.

    The key is looked up in the config files at test time (``models: K:`` in whichever file
    of ``config/`` holds it), so the test follows the layout of the config.
    """
    for path in sorted((ROOT / "config").glob("*.y*ml")):
        data = yaml.safe_load(path.read_text()) or {}
        models = data.get("models") if isinstance(data, dict) else None
        if isinstance(models, dict) and "K" in models:
            return {"models": {"K": K, "seeds_per_job": PER_JOB}}
    raise AssertionError("no 'models: K:' setting found in config/*.yaml")


def _slurm_extra() -> list[str]:
    """The requirements of the package's ``slurm`` extra, as pyproject.toml declares them."""
    import tomllib

    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    return extras["slurm"]


def _missing(requirements: list[str]) -> list[str]:
    """The requirements (with markers applying here) that no installed distribution satisfies."""
    from importlib.metadata import PackageNotFoundError, version

    from packaging.requirements import Requirement

    missing = []
    for text in requirements:
        req = Requirement(text)
        if req.marker is not None and not req.marker.evaluate({"extra": ""}):
            continue
        try:
            ok = req.specifier.contains(version(req.name), prereleases=True)
        except PackageNotFoundError:
            ok = False
        if not ok:
            missing.append(str(req))
    return missing


@pytest.fixture(scope="module")
def slurm_plugin(tmp_path_factory) -> str:
    """A folder to put on the SLURM run's PYTHONPATH that holds the executor plugin ("" if installed).

    pip installs the ``slurm`` extra there without dependencies, then whichever of the plugins'
    own requirements this environment lacks, until none is missing.
    """
    wanted = _missing(_slurm_extra())
    if not wanted:
        return ""
    from importlib.metadata import distributions

    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    target = tmp_path_factory.mktemp("slurm-plugin")
    for _ in range(5):
        r = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target),
                            *wanted], capture_output=True, text=True, timeout=600)
        if r.returncode != 0:
            _unavailable(f"pip could not install {wanted}: {r.stderr.strip()[-1000:]}")
        here = {canonicalize_name(d.metadata["Name"]) for d in distributions(path=[str(target)])}
        needs = [req for d in distributions(path=[str(target)]) for req in (d.requires or [])]
        wanted = [w for w in _missing(needs) if canonicalize_name(Requirement(w).name) not in here]
        if not wanted:
            return str(target)
    _unavailable(f"the SLURM plugin's requirements did not settle: still missing {wanted}")


@pytest.fixture(scope="module")
def slurm_cluster():
    """A running one-node cluster; stopped afterwards if this fixture started it."""
    running = subprocess.run(["bash", str(SCRIPT), "status"], capture_output=True, text=True)
    already = running.returncode == 0 and running.stdout.strip() == "idle"
    if not already:
        if os.geteuid() != 0 and shutil.which("slurmctld") is None:
            _unavailable("no SLURM here and not root: scripts/slurm-local.sh start cannot install it")
        r = subprocess.run(["bash", str(SCRIPT), "start"], capture_output=True, text=True, timeout=900)
        assert r.returncode == 0, f"slurm-local.sh start failed:\n{r.stdout}\n{r.stderr}"
    yield
    if not already:
        subprocess.run(["bash", str(SCRIPT), "stop"], capture_output=True, text=True, timeout=120)


def _scratch(dest: Path) -> Path:
    from workflow_copy import copy_workflow

    dest.mkdir()
    copy_workflow(dest)
    (dest / "k.yaml").write_text(yaml.safe_dump(_k_override()))
    return dest


def _frozen_package(dest: Path) -> Path:
    """One copy of the package that both runs import (via PYTHONPATH; SLURM jobs inherit it).

    Both runs then execute the same code even if the working tree changes meanwhile, and the
    report's provenance names no git commit in either (the copy is not in a repository)
    instead of whatever HEAD of the working tree is when each report job runs.
    """
    shutil.copytree(ROOT / "osteostats", dest / "osteostats", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "config", dest / "config")  # the package's default study spec lives there
    return dest


def _start_snakemake(cwd: Path, pkg: Path, *args: str, plugins: str = "") -> subprocess.Popen:
    """Start snakemake in ``cwd``; its output goes to ``cwd/snakemake.out`` (no pipe to fill).

    ``plugins``: a folder of executor plugins to import as well (SLURM jobs inherit the path).
    """
    exe = Path(sys.executable).parent
    env = dict(os.environ, PATH=f"{exe}{os.pathsep}{os.environ.get('PATH', '')}",
               PYTHONPATH=os.pathsep.join(filter(None, [str(pkg), plugins, os.environ.get("PYTHONPATH")])))
    with open(cwd / "snakemake.out", "wb") as out:
        return subprocess.Popen([str(exe / "snakemake"), *args, "--configfile", "k.yaml"], cwd=cwd, env=env,
                                stdout=out, stderr=subprocess.STDOUT)


def _finish(proc: subprocess.Popen, cwd: Path) -> None:
    try:
        proc.wait(timeout=3600)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    if proc.returncode != 0:
        out = (cwd / "snakemake.out").read_text(errors="replace")
        logs = "\n".join(f"--- {p}\n{p.read_text()[-2000:]}"
                         for p in sorted(cwd.glob("reports/logs/*.log")) + sorted(cwd.glob(".snakemake/slurm_logs/**/*.log")))
        raise AssertionError(f"{' '.join(map(str, proc.args[1:]))} failed:\n{out[-6000:]}\n{logs[-8000:]}")


def _outputs(run: Path) -> dict[str, bytes]:
    reports = run / "reports"
    return {p.relative_to(run).as_posix(): p.read_bytes() for p in sorted(reports.rglob("*"))
            if p.is_file() and "logs" not in p.relative_to(reports).parts}


def test_workflow_through_sbatch_equals_local_run(slurm_plugin, slurm_cluster, tmp_path):
    # Both copies (and one frozen copy of the package) are made before either run, and the runs
    # overlap, so that both see the same workflow and package files.
    on_slurm = _scratch(tmp_path / "slurm")
    local = _scratch(tmp_path / "local")
    pkg = _frozen_package(tmp_path / "pkg")
    local_run = _start_snakemake(local, pkg, "--cores", "2")
    try:
        # Keep the executor's per-job logs (it deletes those of successful jobs by default):
        # they show that every job ran through sbatch.
        slurm_run = _start_snakemake(on_slurm, pkg, "--profile", PROFILE, "--slurm-keep-successful-logs",
                                     plugins=slurm_plugin)
        _finish(slurm_run, on_slurm)
    finally:
        _finish(local_run, local)

    # Every job went through sbatch: one executor log per SLURM job, K / PER_JOB of them for the
    # reconstructions, one for each other stage.
    logs = (on_slurm / ".snakemake" / "slurm_logs")
    batches = list(logs.glob("rule_models_seed_batch/**/*.log"))
    assert len(batches) == K // PER_JOB, f"{len(batches)} reconstruction jobs through SLURM, expected {K // PER_JOB}"
    others = {p.relative_to(logs).parts[0] for p in logs.rglob("*.log")} - {"rule_models_seed_batch"}
    assert others >= {f"rule_{r}" for r in ("validate_cases", "tables", "diagnose", "check",
                                             "models", "models_sensitivity", "report")}, sorted(others)

    a, b = _outputs(on_slurm), _outputs(local)
    assert sorted(a) == sorted(b), f"different output files: {sorted(set(a) ^ set(b))}"
    assert {"reports/report.html", "reports/report.pdf"} <= set(a)
    differing = [name for name in a if a[name] != b[name]]
    assert not differing, f"outputs differ between the SLURM and the local run: {differing}"
