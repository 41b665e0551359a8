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


def _run_workflow(dest: Path, env: dict[str, str] | None = None) -> Path:
    from workflow_copy import assert_ok, copy_workflow, snakemake

    copy_workflow(dest)
    assert_ok(snakemake(dest, env=env), dest)
    return dest


@pytest.fixture(scope="session")
def workflow_run(tmp_path_factory):
    """The whole workflow run once on the bundled data, in a scratch copy of the repository."""
    return _run_workflow(tmp_path_factory.mktemp("wf"))


@pytest.fixture(scope="session")
def workflow_rerun(tmp_path_factory):
    """A second, independent run (for byte-identity checks), with every job in its own process
    (no preloaded interpreter, osteostats/forkserver.py), where the first run used one."""
    return _run_workflow(tmp_path_factory.mktemp("wf2"), env={"OSTEOSTATS_FORKSERVER": "off"})
