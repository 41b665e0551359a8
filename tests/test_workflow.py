"""The workflow end to end on the bundled data: outputs present, byte-identical across runs,
with and without the preloaded interpreter that runs the jobs (osteostats/forkserver.py)."""
import hashlib


def digest(root, pattern, logs=False):
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.glob(pattern)) if logs or "logs" not in p.parts}


def test_workflow_writes_tables(workflow_run):
    for name in ("table1", "table2", "table3", "tests", "comparison"):
        assert (workflow_run / "reports" / "tables" / f"{name}.csv").stat().st_size > 100


def test_two_runs_are_byte_identical(workflow_run, workflow_rerun):
    """Tables, figures, both report editions (HTML and PDF) and the Parquet files; the second
    run has every job in a fresh process, the first in the workflow's preloaded interpreter."""
    for pattern in ("reports/**/*.csv", "reports/**/*.svg", "reports/**/*.html", "reports/**/*.pdf",
                    "reports/**/*.parquet"):
        a, b = digest(workflow_run, pattern), digest(workflow_rerun, pattern)
        assert a and a.keys() == b.keys()
        assert a == b, [k for k in a if a[k] != b.get(k)]


def test_job_logs_are_the_same_with_and_without_the_preloaded_interpreter(workflow_run, workflow_rerun):
    """Every job's log (its standard output and error) reads the same either way."""
    a, b = (digest(run, "reports/logs/*.log", logs=True) for run in (workflow_run, workflow_rerun))
    assert len(a) >= 6 and a.keys() == b.keys()
    assert a == b, [k for k in a if a[k] != b.get(k)]
