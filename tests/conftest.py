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
