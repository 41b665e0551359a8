"""The upstream files the report reads, and the workflow rule that writes each."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError, Problem


@dataclass(frozen=True)
class Upstream:
    key: str
    path: Path
    rule: str
    optional: bool = False


def upstream_files(reports: Path, published: bool = True, sensitivity: bool = True) -> list[Upstream]:
    """Files read by the report, under the ``reports`` folder.

    Without a published folder there is no comparison and no reviewer check; without a
    reconstruction sensitivity analysis (own cohort) no ``sensitivity.csv``.
    """
    r = Path(reports)
    files = [
        Upstream("table1", r / "tables" / "table1.csv", "tables"),
        Upstream("table2", r / "tables" / "table2.csv", "tables"),
        Upstream("table3", r / "tables" / "table3.csv", "tables"),
        Upstream("tests", r / "tables" / "tests.csv", "tables"),
        Upstream("detection", r / "tables" / "detection.csv", "tables"),
        Upstream("diagnosis", r / "diagnosis" / "patients.csv", "diagnose"),
        Upstream("univariable", r / "models" / "univariable.csv", "models"),
        Upstream("multivariable", r / "models" / "multivariable.csv", "models"),
        Upstream("accuracy", r / "models" / "accuracy.csv", "models"),
        Upstream("performance", r / "models" / "performance.csv", "models"),
    ]
    if published:
        files += [Upstream("comparison", r / "tables" / "comparison.csv", "tables"),
                  Upstream("checks", r / "check" / "checks.csv", "check")]
    if sensitivity:
        files.append(Upstream("sensitivity", r / "models" / "sensitivity.csv", "models_sensitivity"))
    return files


def require(files: list[Upstream]) -> None:
    """Fail with one message naming every missing file and the rule that makes it."""
    missing = [f for f in files if not f.optional and not f.path.exists()]
    if missing:
        raise InputError(
            [Problem(str(f.path), None, None, "missing",
                     f"the output of workflow rule '{f.rule}' (run `snakemake --cores 2 {f.path}` "
                     f"or the whole workflow first)") for f in missing],
            f"{len(missing)} upstream file(s) missing for the report")
