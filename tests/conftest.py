import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True, scope="session")
def _repo_root_cwd():
    """Tests read bundled data by repository-relative paths."""
    old = os.getcwd()
    os.chdir(ROOT)
    yield
    os.chdir(old)


def _run_workflow(dest: Path) -> Path:
    import shutil
    import subprocess
    import sys

    for item in ("Snakefile", "workflow", "config", "data"):
        src = ROOT / item
        (shutil.copytree if src.is_dir() else shutil.copy)(src, dest / item)
    exe = Path(sys.executable).parent
    env = dict(os.environ, PATH=f"{exe}{os.pathsep}{os.environ.get('PATH', '')}")
    r = subprocess.run([str(exe / "snakemake"), "--cores", "2", "--quiet"], cwd=dest, env=env,
                       capture_output=True, text=True)
    if r.returncode != 0:
        logs = "\n".join(f"--- {p}\n{p.read_text()}" for p in sorted((dest / "reports" / "logs").glob("*.log")))
        raise AssertionError(f"workflow failed:\n{r.stdout[-3000:]}\n{r.stderr[-3000:]}\n{logs[-5000:]}")
    return dest


@pytest.fixture(scope="session")
def workflow_run(tmp_path_factory):
    """The whole workflow run once on the bundled data, in a scratch copy of the repository."""
    return _run_workflow(tmp_path_factory.mktemp("wf"))


@pytest.fixture(scope="session")
def workflow_rerun(tmp_path_factory):
    """A second, independent run (for byte-identity checks)."""
    return _run_workflow(tmp_path_factory.mktemp("wf2"))
