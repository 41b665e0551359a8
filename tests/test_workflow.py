"""The workflow end to end on the bundled data: outputs present, byte-identical across runs."""
import hashlib


def digest(root, pattern):
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.glob(pattern)) if "logs" not in p.parts}


def test_workflow_writes_tables(workflow_run):
    for name in ("table1", "table2", "table3", "tests", "comparison"):
        assert (workflow_run / "reports" / "tables" / f"{name}.csv").stat().st_size > 100


def test_two_runs_are_byte_identical(workflow_run, workflow_rerun):
    for pattern in ("reports/**/*.csv", "reports/**/*.svg", "reports/**/*.html"):
        a, b = digest(workflow_run, pattern), digest(workflow_rerun, pattern)
        assert a and a.keys() == b.keys()
        assert a == b, [k for k in a if a[k] != b.get(k)]
