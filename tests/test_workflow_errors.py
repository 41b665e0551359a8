"""The workflow on bad input: a clear message, and no output derived from rejected input.

Each case runs Snakemake (or ``osteostats run``) in a scratch copy of the repository; the runs
stop at parse time or at the first rule, so they take seconds.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from workflow_copy import copy_workflow as _copy_repo
from workflow_copy import run_in as _run

BIN = Path(sys.executable).parent


def _outputs(wd: Path) -> list[str]:
    """Files under reports/ other than the logs."""
    rep = wd / "reports"
    if not rep.exists():
        return []
    return sorted(str(p.relative_to(rep)) for p in rep.rglob("*") if p.is_file()
                  and p.relative_to(rep).parts[0] != "logs")


@pytest.mark.parametrize("keep_going", [False, True], ids=["stop", "keep-going"])
def test_rejected_case_tables_give_no_derived_output(tmp_path, keep_going):
    wd = _copy_repo(tmp_path)
    p = wd / "data" / "cases" / "patients.csv"
    lines = p.read_text(encoding="utf-8").splitlines()
    cells = lines[1].split(",")
    cells[2] = "130"  # age out of range
    lines[1] = ",".join(cells)
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    r = _run(wd, str(BIN / "snakemake"), "--cores", "2", "--quiet", *(["--keep-going"] if keep_going else []))
    assert r.returncode != 0
    log = (wd / "reports" / "logs" / "validate_cases.log").read_text(encoding="utf-8")
    assert "patients.csv, row 2, column 'age': got" in log and "130" in log and "Traceback" not in log
    # Validation runs before any other job: nothing is left behind, not even outputs that do not
    # read the case tables (the reviewer check, the reconstructions).
    assert _outputs(wd) == []


def test_malformed_configfile_names_file_and_line(tmp_path):
    wd = _copy_repo(tmp_path)
    bad = tmp_path / "my.yaml"
    bad.write_text("tests:\n  t_test: welch\n  chi2_yates: [true\n", encoding="utf-8")
    r = _run(wd, str(BIN / "osteostats"), "run", "--configfile", str(bad), "-n")
    assert r.returncode == 2
    assert f"{bad}, line" in r.stderr and "valid YAML" in r.stderr and "Traceback" not in r.stderr
    r = _run(wd, str(BIN / "osteostats"), "run", "--configfile", str(tmp_path / "missing.yaml"), "-n")
    assert r.returncode == 2 and "missing.yaml" in r.stderr and "missing file" in r.stderr
    assert not (wd / "reports").exists()


def test_unknown_key_in_a_config_override(tmp_path):
    wd = _copy_repo(tmp_path)
    r = _run(wd, str(BIN / "osteostats"), "run", "--config", "tests={t_tset: welch}", "-n")
    assert r.returncode == 2 and "did you mean 't_test'" in r.stderr
    r = _run(wd, str(BIN / "snakemake"), "--cores", "1", "-n", "--config", "publshed_dir=none")
    assert r.returncode != 0 and "did you mean 'published_dir'" in r.stderr and "Traceback" not in r.stderr


def test_nested_command_line_values_are_typed_and_batch_the_reconstructions(tmp_path):
    """Snakemake reads nested --config values as text ("3"); the workflow reads them as the
    schema types them, so they reach every stage as in a config file. The seeds are then batched
    seeds_per_job to a job: K = 3, 2 per job -> seeds_1001-1002 and seeds_1003-1003."""
    wd = _copy_repo(tmp_path)
    r = _run(wd, str(BIN / "snakemake"), "--cores", "1", "-n", "--config", "models={K: 3, seeds_per_job: 2}")
    assert r.returncode == 0, r.stderr[-2000:]
    batches = sorted(set(re.findall(r"seeds_\d+-\d+", r.stdout + r.stderr)))
    assert batches == ["seeds_1001-1002", "seeds_1003-1003"]
    r = _run(wd, str(BIN / "snakemake"), "--cores", "1", "-n", "--config", "models={K: three}")
    assert r.returncode != 0 and "key 'models.K': got 'three'" in r.stderr and "Traceback" not in r.stderr
