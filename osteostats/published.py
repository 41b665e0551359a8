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

from .errors import InputError, Problem
from .paper_yaml import read_paper_yaml
from .sniff import read_csv_text_table
from .printed import PrintedNumber, parse_printed

QUANTITIES = ("n", "count", "percent", "mean", "sd", "min", "max", "statistic", "p")
STATISTIC_NAMES = ("t", "chi2", "fisher", "none")
DESIGNS = ("independent", "paired")
VARIABLE_TYPES = ("continuous", "binary", "size")
COMPARISON_COLUMNS = ("table", "comparison", "item", "unit", "variable_type", "design", "stratum",
                      "arms", "union_arm", "statistic_name", "category_set", "measure", "note")
VALUE_COLUMNS = ("table", "comparison", "arm", "quantity", "printed", "n", "source", "note")

#: Format version 2 (FORMAT.md): more statistics, quantities and variable types, and an
#: optional ``level`` column in values.csv for the levels of one categorical (r x c) variable.
FORMAT_VERSIONS = (1, 2)
QUANTITIES_V2 = QUANTITIES + ("df", "median", "q1", "q3", "estimate", "ci_low", "ci_high")
STATISTIC_NAMES_V2 = ("t", "paired_t", "chi2", "fisher", "F", "z", "r", "U", "H", "OR", "RR", "HR", "none")
VARIABLE_TYPES_V2 = VARIABLE_TYPES + ("categorical", "median_iqr")
VALUE_COLUMNS_V2 = VALUE_COLUMNS + ("level",)
#: Quantities that need their denominator ``n`` (per version).
NEEDS_N = {1: ("count", "percent", "mean", "sd"), 2: ("count", "percent", "mean", "sd", "median", "q1", "q3")}
#: Quantities that belong to the comparison, not to an arm (``arm`` empty).
COMPARISON_QUANTITIES = {1: ("statistic", "p"), 2: ("statistic", "p", "df", "estimate", "ci_low", "ci_high")}
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
    _index: tuple | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def alpha(self) -> float:
        return float(self.paper.get("alpha", 0.05))

    @property
    def format_version(self) -> int:
        """1 or 2 (a folder without ``format_version`` is version 1)."""
        return int(self.paper.get("format_version", 1) or 1)

    def _cells(self) -> dict[tuple[str, str, str], tuple[PrintedNumber | None, str]]:
        """(comparison, arm, quantity) -> (parsed cell, its n as printed), first row if repeated."""
        v = self.values
        if self._index is None or self._index[0] is not v:
            # built once (a reconstruction looks up hundreds of cells); rebuilt if values is replaced
            index: dict[tuple[str, str, str], tuple[PrintedNumber | None, str]] = {}
            for key, parsed, n in zip(zip(v.comparison, v.arm, v.quantity), v.parsed, v.n):
                index.setdefault(key, (parsed, n))
            self._index = (v, index)
        return self._index[1]

    def cell(self, comparison: str, arm: str, quantity: str) -> PrintedNumber | None:
        """The printed cell, or None when the paper did not print it (first row if repeated)."""
        hit = self._cells().get((comparison, arm, quantity))
        return None if hit is None else hit[0]

    def cell_n(self, comparison: str, arm: str, quantity: str) -> str | None:
        """The ``n`` column of that cell's row as written (its denominator; may be empty), or None
        when the paper did not print the cell."""
        hit = self._cells().get((comparison, arm, quantity))
        return None if hit is None else hit[1]


def _read_csv(path: Path, required: tuple[str, ...], problems: list[Problem]) -> pd.DataFrame | None:
    if not path.exists():
        problems.append(Problem(str(path), None, None, "missing file", "a CSV file with columns " + ", ".join(required)))
        return None
    try:
        df, _ = read_csv_text_table(path)  # encoding, delimiter and decimal mark checked (sniff.py)
    except InputError as exc:
        problems.extend(exc.problems)
        return None
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
    paper, paper_problems = read_paper_yaml(paper_path)  # declared schema, encoding-safe
    problems.extend(paper_problems)
    version = paper.get("format_version", 1) if isinstance(paper, dict) else 1
    if version is None:
        version = 1
    if version not in FORMAT_VERSIONS:
        problems.append(Problem(str(paper_path), None, "format_version", version,
                                "1 or 2 (see data/published/FORMAT.md)"))
        version = 2
    alpha = paper.get("alpha", 0.05) if isinstance(paper, dict) else 0.05
    alpha = alpha if isinstance(alpha, (int, float)) and not isinstance(alpha, bool) and 0 < alpha < 1 else 0.05
    quantities = QUANTITIES if version == 1 else QUANTITIES_V2
    statistic_names = STATISTIC_NAMES if version == 1 else STATISTIC_NAMES_V2
    variable_types = VARIABLE_TYPES if version == 1 else VARIABLE_TYPES_V2
    value_columns = VALUE_COLUMNS if version == 1 else VALUE_COLUMNS_V2
    needs_n, comp_quantities = NEEDS_N[min(version, 2)], COMPARISON_QUANTITIES[min(version, 2)]
    cpath, vpath = folder / "comparisons.csv", folder / "values.csv"
    comps = _read_csv(cpath, REQUIRED_COMPARISON, problems)
    vals = _read_csv(vpath, REQUIRED_VALUE, problems)
    if comps is None or vals is None:
        raise InputError(problems, f"cannot read published values in {folder}")
    for col in COMPARISON_COLUMNS:
        if col not in comps.columns:
            comps[col] = ""
    for col in value_columns:
        if col not in vals.columns:
            vals[col] = ""

    # comparisons.csv
    seen: set[str] = set()
    for i, r in comps.iterrows():
        row = i + 2  # 1-based, header is row 1
        if r.comparison in seen:
            problems.append(Problem(str(cpath), row, "comparison", r.comparison, "a unique comparison id"))
        seen.add(r.comparison)
        if r.statistic_name not in statistic_names:
            problems.append(Problem(str(cpath), row, "statistic_name", r.statistic_name,
                                    "one of " + ", ".join(statistic_names)))
        if r.design not in DESIGNS:
            problems.append(Problem(str(cpath), row, "design", r.design, "one of " + ", ".join(DESIGNS)))
        if r.variable_type not in variable_types:
            problems.append(Problem(str(cpath), row, "variable_type", r.variable_type,
                                    "one of " + ", ".join(variable_types)))
        if not r.arms.strip():
            problems.append(Problem(str(cpath), row, "arms", r.arms, "arm names separated by ';'"))
        if r.union_arm and r.union_arm not in r.arms.split(";"):
            problems.append(Problem(str(cpath), row, "union_arm", r.union_arm, "one of the arms " + r.arms))
    arms_of = {r.comparison: r.arms.split(";") for r in comps.itertuples()}

    # values.csv
    parsed: list[PrintedNumber | None] = []
    keys: set[tuple[str, str, str]] = set()
    level_keys: set[tuple[str, str, str, str]] = set()
    for i, r in vals.iterrows():
        row = i + 2
        where = f"table {r.table}, {r.comparison}"
        p: PrintedNumber | None = None
        if r.comparison not in arms_of:
            problems.append(Problem(str(vpath), row, "comparison", r.comparison, "a comparison listed in comparisons.csv"))
        elif r.quantity not in comp_quantities and r.arm not in arms_of[r.comparison]:
            problems.append(Problem(str(vpath), row, "arm", r.arm, f"one of {';'.join(arms_of[r.comparison])} ({where})"))
        if r.quantity not in quantities:
            problems.append(Problem(str(vpath), row, "quantity", r.quantity, "one of " + ", ".join(quantities)))
        try:
            p = parse_printed(r.printed, alpha=alpha)
        except ValueError:
            problems.append(Problem(str(vpath), row, "printed", r.printed,
                                    f"a number as printed (1.23, 1,234, 1.2e-5), an inequality such as <0.001, 'ns', or '–' ({where}, {r.quantity})"))
        if r.quantity in needs_n and p is not None and not p.is_missing:
            try:
                if int(r.n) <= 0:
                    raise ValueError
            except ValueError:
                problems.append(Problem(str(vpath), row, "n", r.n, f"the denominator (a positive integer) for this {r.quantity} ({where}, arm {r.arm})"))
        if r.quantity == "p" and p is not None and p.kind == "value" and not (0 <= p.value <= 1):
            problems.append(Problem(str(vpath), row, "printed", r.printed, f"a P value between 0 and 1 ({where})"))
        level = str(r["level"]) if version >= 2 else ""
        key = (r.comparison, r.arm, r.quantity)
        if (key + (level,)) in level_keys:
            problems.append(Problem(str(vpath), row, "quantity", r.quantity,
                                    f"one row per comparison/arm/quantity{'/level' if version >= 2 else ''} ({where}, arm {r.arm})"))
        keys.add(key)
        level_keys.add(key + (level,))
        parsed.append(p)
    for (comp, arm, q, level) in level_keys:
        if q == "percent" and (comp, arm, "count", level) not in level_keys:
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
