"""Read and validate a published-values folder (format described in data/published/FORMAT.md).

A folder holds ``paper.yaml`` (metadata, groups, cross-table links), ``comparisons.csv``
(one row per compared item: its unit, design, arms and printed statistic name) and
``values.csv`` (one row per printed cell, kept as text). Every problem found is reported at
once, naming file, row, column and value.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from .errors import InputError, Problem
from .printed import PrintedNumber, parse_printed

QUANTITIES = ("n", "count", "percent", "mean", "sd", "min", "max", "statistic", "p")
STATISTIC_NAMES = ("t", "chi2", "fisher", "none")
DESIGNS = ("independent", "paired")
VARIABLE_TYPES = ("continuous", "binary", "size")
COMPARISON_COLUMNS = ("table", "comparison", "item", "unit", "variable_type", "design", "stratum",
                      "arms", "union_arm", "statistic_name", "category_set", "measure", "note")
VALUE_COLUMNS = ("table", "comparison", "arm", "quantity", "printed", "n", "source", "note")
REQUIRED_COMPARISON = ("table", "comparison", "item", "unit", "variable_type", "design", "arms", "statistic_name")
REQUIRED_VALUE = ("table", "comparison", "arm", "quantity", "printed")


@dataclass
class Published:
    """A validated published-values folder."""

    folder: Path
    paper: dict
    comparisons: pd.DataFrame
    values: pd.DataFrame  # plus a ``parsed`` column of PrintedNumber
    links: list[dict] = field(default_factory=list)

    @property
    def alpha(self) -> float:
        return float(self.paper.get("alpha", 0.05))

    def cell(self, comparison: str, arm: str, quantity: str) -> PrintedNumber | None:
        """The printed cell, or None when the paper did not print it."""
        v = self.values
        hit = v[(v.comparison == comparison) & (v.arm == arm) & (v.quantity == quantity)]
        return None if hit.empty else hit.iloc[0]["parsed"]


def _read_csv(path: Path, required: tuple[str, ...], problems: list[Problem]) -> pd.DataFrame | None:
    if not path.exists():
        problems.append(Problem(str(path), None, None, "missing file", "a CSV file with columns " + ", ".join(required)))
        return None
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
    except Exception as exc:  # noqa: BLE001 - any parser failure becomes an input problem
        problems.append(Problem(str(path), None, None, str(exc).splitlines()[0], "a readable CSV file"))
        return None
    missing = [c for c in required if c not in df.columns]
    for c in missing:
        problems.append(Problem(str(path), None, c, "column missing", "a column named " + c))
    if missing:
        return None
    return df


def load_published(folder: str | Path) -> Published:
    """Load and validate a published-values folder; raise :class:`InputError` listing all problems.

    Examples
    --------
    >>> pub = load_published("data/published")
    >>> pub.cell("t1_sex_male", "MET", "percent").text
    '70.96'
    """
    folder = Path(folder)
    problems: list[Problem] = []
    paper_path = folder / "paper.yaml"
    paper: dict = {}
    if not paper_path.exists():
        problems.append(Problem(str(paper_path), None, None, "missing file", "paper.yaml with id, title, groups"))
    else:
        try:
            paper = yaml.safe_load(paper_path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as exc:
            problems.append(Problem(str(paper_path), None, None, str(exc).splitlines()[0], "valid YAML"))
        if not isinstance(paper, dict):
            problems.append(Problem(str(paper_path), None, None, type(paper).__name__, "a YAML mapping"))
            paper = {}
    cpath, vpath = folder / "comparisons.csv", folder / "values.csv"
    comps = _read_csv(cpath, REQUIRED_COMPARISON, problems)
    vals = _read_csv(vpath, REQUIRED_VALUE, problems)
    if comps is None or vals is None:
        raise InputError(problems, f"cannot read published values in {folder}")
    for col in COMPARISON_COLUMNS:
        if col not in comps.columns:
            comps[col] = ""
    for col in VALUE_COLUMNS:
        if col not in vals.columns:
            vals[col] = ""

    # comparisons.csv
    seen: set[str] = set()
    for i, r in comps.iterrows():
        row = i + 2  # 1-based, header is row 1
        if r.comparison in seen:
            problems.append(Problem(str(cpath), row, "comparison", r.comparison, "a unique comparison id"))
        seen.add(r.comparison)
        if r.statistic_name not in STATISTIC_NAMES:
            problems.append(Problem(str(cpath), row, "statistic_name", r.statistic_name,
                                    "one of " + ", ".join(STATISTIC_NAMES)))
        if r.design not in DESIGNS:
            problems.append(Problem(str(cpath), row, "design", r.design, "one of " + ", ".join(DESIGNS)))
        if r.variable_type not in VARIABLE_TYPES:
            problems.append(Problem(str(cpath), row, "variable_type", r.variable_type,
                                    "one of " + ", ".join(VARIABLE_TYPES)))
        if not r.arms.strip():
            problems.append(Problem(str(cpath), row, "arms", r.arms, "arm names separated by ';'"))
        if r.union_arm and r.union_arm not in r.arms.split(";"):
            problems.append(Problem(str(cpath), row, "union_arm", r.union_arm, "one of the arms " + r.arms))
    arms_of = {r.comparison: r.arms.split(";") for r in comps.itertuples()}

    # values.csv
    parsed: list[PrintedNumber | None] = []
    keys: set[tuple[str, str, str]] = set()
    for i, r in vals.iterrows():
        row = i + 2
        where = f"table {r.table}, {r.comparison}"
        p: PrintedNumber | None = None
        if r.comparison not in arms_of:
            problems.append(Problem(str(vpath), row, "comparison", r.comparison, "a comparison listed in comparisons.csv"))
        elif r.quantity not in ("statistic", "p") and r.arm not in arms_of[r.comparison]:
            problems.append(Problem(str(vpath), row, "arm", r.arm, f"one of {';'.join(arms_of[r.comparison])} ({where})"))
        if r.quantity not in QUANTITIES:
            problems.append(Problem(str(vpath), row, "quantity", r.quantity, "one of " + ", ".join(QUANTITIES)))
        try:
            p = parse_printed(r.printed)
        except ValueError:
            problems.append(Problem(str(vpath), row, "printed", r.printed,
                                    f"a number as printed, an inequality such as <0.001, or '–' ({where}, {r.quantity})"))
        if r.quantity in ("count", "percent", "mean", "sd") and p is not None and not p.is_missing:
            try:
                if int(r.n) <= 0:
                    raise ValueError
            except ValueError:
                problems.append(Problem(str(vpath), row, "n", r.n, f"the denominator (a positive integer) for this {r.quantity} ({where}, arm {r.arm})"))
        if r.quantity == "p" and p is not None and p.kind == "value" and not (0 <= p.value <= 1):
            problems.append(Problem(str(vpath), row, "printed", r.printed, f"a P value between 0 and 1 ({where})"))
        key = (r.comparison, r.arm, r.quantity)
        if key in keys:
            problems.append(Problem(str(vpath), row, "quantity", r.quantity, f"one row per comparison/arm/quantity ({where}, arm {r.arm})"))
        keys.add(key)
        parsed.append(p)
    for (comp, arm, q) in keys:
        if q == "percent" and (comp, arm, "count") not in keys:
            rows = vals.index[(vals.comparison == comp) & (vals.arm == arm) & (vals.quantity == q)]
            problems.append(Problem(str(vpath), int(rows[0]) + 2, "quantity", "percent",
                                    f"a count row for the same comparison and arm ({comp}, arm {arm}): a percentage needs its count"))
    links = paper.get("links", []) or []
    for j, link in enumerate(links):
        for side in ("a", "b"):
            ref = (link or {}).get(side) or {}
            if (ref.get("comparison"), ref.get("arm"), "count") not in keys:
                problems.append(Problem(str(paper_path), f"links[{j}].{side}", "comparison", ref,
                                        "a (comparison, arm) with a printed count in values.csv"))
    if problems:
        problems.sort(key=lambda p: (p.file, str(p.row)))
        raise InputError(problems, f"{len(problems)} problem(s) in published values {folder}")
    vals = vals.copy()
    vals["parsed"] = parsed
    return Published(folder, paper, comps, vals, links)
