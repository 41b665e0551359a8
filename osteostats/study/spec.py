"""The study spec (``config/study.yaml``): every fact about the study, read once.

Groups, case-table columns, analysis variables (how each is derived), modalities and the
findings each can assess, the layout of Tables 1-3, the default model terms and labels in
English and Chinese. Every other module asks the spec; none keeps its own copy of these facts.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError, Problem
from ..yamldoc import fill_defaults, read_yaml, schema, validate

#: The bundled study's spec (a repository checkout; the workflow config names its own).
DEFAULT_STUDY = Path(__file__).resolve().parents[2] / "config" / "study.yaml"
LANGUAGES = ("en", "zh")


@dataclass(frozen=True)
class Column:
    """A study column of a case table (beyond the key columns)."""

    name: str
    type: str  # continuous, categorical, binary
    required: bool = False
    range: tuple[float, float] | None = None
    levels: tuple[str, ...] = ()
    unit: str = ""
    meaning: str = ""
    reconstruct: dict = field(default_factory=dict)

    @property
    def expected(self) -> str:
        """What a value of this column must be, in words (for error messages)."""
        if self.type == "binary":
            return "0 (absent) or 1 (present)"
        if self.type == "categorical":
            return "one of " + ", ".join(self.levels)
        lo, hi = self.range if self.range else (None, None)
        what = f"a number{' in ' + self.unit if self.unit else ''}"
        return f"{what} between {lo:g} and {hi:g}" if self.range else what


@dataclass(frozen=True)
class Variable:
    """An analysis variable: a column as it stands, a level of a column, or a rule's result."""

    name: str
    per: str  # patient or vertebra
    type: str  # continuous or binary
    label: dict[str, str]
    column: str | None = None
    equals: Any = None
    derive: dict | None = None
    short: str | None = None
    unit: str = ""
    reconstruct: dict = field(default_factory=dict)

    @property
    def source_column(self) -> str:
        """The case-table column the variable is computed from."""
        return self.column if self.derive is None else self.derive["column"]

    def comparison(self, table: str) -> str:
        """The comparison id of this variable's row in a table (``t2_<short or name>``)."""
        return f"t{table}_{self.short or self.name}"


@dataclass(frozen=True)
class Row:
    """A row of Table 1 or 2: a variable, with or without a test."""

    variable: str
    test: bool = True


@dataclass(frozen=True)
class Finding:
    name: str
    modalities: tuple[str, ...]
    label: dict[str, str]
    short: str | None = None
    sign: str | None = None

    def comparison(self, group: str) -> str:
        """Table 3 comparison id (``t3_<group>_<short or name>``)."""
        return f"t3_{group.lower()}_{self.short or self.name}"


@dataclass(frozen=True)
class Group:
    code: str
    label: dict[str, str]
    short: dict[str, str]
    fractures: str = "unknown"


@dataclass(frozen=True)
class StudySpec:
    """A validated study spec. Build with :func:`load_study`.

    Examples
    --------
    >>> spec = load_study()
    >>> spec.group_codes, spec.positive
    (('OP', 'MET'), 'MET')
    >>> [r.variable for r in spec.table_rows("1")][:2]
    ['age', 'sex_male']
    """

    path: Path
    id: str
    title: dict[str, str]
    groups: tuple[Group, ...]
    reference: str
    positive: str
    missing_values: tuple[str, ...]
    patient_columns: dict[str, Column]
    vertebra_columns: dict[str, Column]
    variables: dict[str, Variable]
    modalities: dict[str, dict[str, str]]
    any_code: str
    any_label: dict[str, str]
    findings: dict[str, Finding]
    layout: dict[str, Any]
    multivariable_signs: tuple[str, ...]
    patient_predictors: tuple[str, ...]

    @property
    def group_codes(self) -> tuple[str, ...]:
        """Group codes, reference first."""
        return tuple(g.code for g in self.groups)

    @property
    def negative(self) -> str:
        """The group that is not the positive class."""
        return next(c for c in self.group_codes if c != self.positive)

    def group(self, code: str) -> Group:
        return next(g for g in self.groups if g.code == code)

    @property
    def pathological_groups(self) -> tuple[str, ...]:
        """Groups whose fractures are pathological (tumour), never fragility fractures."""
        return tuple(g.code for g in self.groups if g.fractures == "pathological")

    def table_rows(self, table: str) -> list[Row]:
        """Rows of Table 1 or 2, in order."""
        return list(self.layout[f"table{table}"]["rows"])

    @property
    def table3_findings(self) -> list[Finding]:
        return [self.findings[f] for f in self.layout["table3"]["findings"]]

    def signs(self) -> dict[str, Variable]:
        """Vertebra-level binary variables (the signs), in Table 2 order then any others."""
        order = [r.variable for r in self.table_rows("2")]
        names = order + [n for n in self.variables if n not in order]
        return {n: self.variables[n] for n in names
                if self.variables[n].per == "vertebra" and self.variables[n].type == "binary"}

    def patient_variables(self) -> dict[str, Variable]:
        return {n: v for n, v in self.variables.items() if v.per == "patient"}

    def label(self, name: str, language: str = "en") -> str:
        """The label of a variable, finding, modality, group or ``any`` in a language."""
        if name in self.variables:
            return self.variables[name].label[language]
        if name in self.findings:
            return self.findings[name].label[language]
        if name in self.modalities:
            return self.modalities[name][language]
        if name == self.any_code:
            return self.any_label[language]
        if name in self.group_codes:
            return self.group(name).short[language]
        raise KeyError(name)

    def column(self, name: str) -> Column | None:
        return self.patient_columns.get(name) or self.vertebra_columns.get(name)


def _check_references(doc: dict, source: str, lines: dict) -> list[Problem]:
    """Cross-references the JSON schema cannot express."""
    problems: list[Problem] = []

    def bad(path: tuple, value: Any, expected: str, fix: str = "") -> None:
        problems.append(Problem(source, None, None, value, expected, line=lines.get(path),
                                key=".".join(map(str, path)), fix=fix))

    groups = doc["groups"]
    codes = list(groups["levels"])
    for k in ("reference", "positive"):
        if groups[k] not in codes:
            bad(("groups", k), groups[k], "one of the group codes " + ", ".join(codes))
    tables = doc["tables"]
    for tname, cols in tables.items():
        for cname, col in cols.items():
            if col["type"] == "categorical" and not col.get("levels"):
                bad(("tables", tname, cname), cname, "a categorical column with levels")
            if col["type"] == "continuous" and "range" in col and col["range"][0] >= col["range"][1]:
                bad(("tables", tname, cname, "range"), col["range"], "[low, high] with low < high")
    per_table = {"patient": tables["patients"], "vertebra": tables["vertebrae"]}
    for name, v in doc["variables"].items():
        cols = per_table[v["per"]]
        cname = v.get("column") or v.get("derive", {}).get("column")
        path = ("variables", name)
        if cname not in cols:
            bad(path + ("column",), cname, f"a column of the {v['per']} table declared under tables",
                fix="declare the column under tables." + ("patients" if v["per"] == "patient" else "vertebrae"))
            continue
        col = cols[cname]
        if "equals" in v:
            if col["type"] != "categorical" or str(v["equals"]) not in col.get("levels", []):
                bad(path + ("equals",), v["equals"], f"a level of the categorical column {cname}")
        elif "derive" in v:
            if col["type"] != "continuous":
                bad(path + ("derive",), cname, "a continuous column for a rule")
        elif v["type"] == "binary" and col["type"] != "binary":
            bad(path, cname, "a 0/1 column (or give equals: LEVEL for a categorical column)")
        elif v["type"] == "continuous" and col["type"] != "continuous":
            bad(path, cname, "a continuous column")
    variables = doc["variables"]
    for t in ("table1", "table2"):
        per = doc["layout"][t]["per"]
        for i, row in enumerate(doc["layout"][t]["rows"]):
            name = row if isinstance(row, str) else row["variable"]
            if name not in variables:
                bad(("layout", t, "rows", i), name, "a variable declared under variables")
            elif variables[name]["per"] != per:
                bad(("layout", t, "rows", i), name, f"a {per}-level variable")
    mods = doc["modalities"]
    if doc["any_modality"]["code"] in mods:
        bad(("any_modality", "code"), doc["any_modality"]["code"], "a code that is not a modality")
    for fname, f in doc["findings"].items():
        for i, m in enumerate(f["modalities"]):
            if m not in mods:
                bad(("findings", fname, "modalities", i), m, "a modality declared under modalities")
        s = f.get("sign")
        if s is not None and (s not in variables or variables[s]["per"] != "vertebra"
                              or variables[s]["type"] != "binary"):
            bad(("findings", fname, "sign"), s, "a vertebra-level binary variable")
    for i, f in enumerate(doc["layout"]["table3"]["findings"]):
        if f not in doc["findings"]:
            bad(("layout", "table3", "findings", i), f, "a finding declared under findings")
    for key, per, kind in (("multivariable_signs", "vertebra", "binary"), ("patient_predictors", "patient", None)):
        for i, n in enumerate(doc["models"][key]):
            if n not in variables or variables[n]["per"] != per or (kind and variables[n]["type"] != kind):
                bad(("models", key, i), n, f"a {per}-level {kind or ''} variable declared under variables".replace("  ", " "))
    return problems


def study_from_mapping(doc: Any, source: str = "study spec", lines: dict | None = None,
                       path: Path | None = None) -> StudySpec:
    """Validate a parsed study spec and build :class:`StudySpec`; every problem at once."""
    lines = lines or {}
    problems = validate(doc, "study", source, lines)
    if not problems:
        doc = fill_defaults(doc, schema("study"))
        problems = _check_references(doc, source, lines)
    if problems:
        raise InputError(problems, f"{len(problems)} problem(s) in the study spec {source}")

    def col(name: str, c: dict) -> Column:
        return Column(name, c["type"], bool(c.get("required", False)),
                      tuple(c["range"]) if "range" in c else None, tuple(map(str, c.get("levels", ()))),
                      c.get("unit", ""), c.get("meaning", ""), dict(c.get("reconstruct", {})))

    variables = {n: Variable(n, v["per"], v["type"], dict(v["label"]), v.get("column"), v.get("equals"),
                             v.get("derive"), v.get("short"), v.get("unit", ""), dict(v.get("reconstruct", {})))
                 for n, v in doc["variables"].items()}
    layout = {}
    for t in ("table1", "table2"):
        rows = [Row(r) if isinstance(r, str) else Row(r["variable"], bool(r.get("test", True)))
                for r in doc["layout"][t]["rows"]]
        layout[t] = {"per": doc["layout"][t]["per"], "title": dict(doc["layout"][t]["title"]), "rows": rows}
    layout["table3"] = dict(doc["layout"]["table3"])
    g = doc["groups"]
    order = [g["reference"]] + [c for c in g["levels"] if c != g["reference"]]
    groups = tuple(Group(c, dict(g["levels"][c]["label"]), dict(g["levels"][c]["short"]),
                         g["levels"][c].get("fractures", "unknown")) for c in order)
    return StudySpec(
        path=Path(path) if path else Path(source), id=doc["id"], title=dict(doc["title"]), groups=groups,
        reference=g["reference"], positive=g["positive"], missing_values=tuple(doc["missing_values"]),
        patient_columns={n: col(n, c) for n, c in doc["tables"]["patients"].items()},
        vertebra_columns={n: col(n, c) for n, c in doc["tables"]["vertebrae"].items()},
        variables=variables, modalities={m: dict(v["label"]) for m, v in doc["modalities"].items()},
        any_code=doc["any_modality"]["code"], any_label=dict(doc["any_modality"]["label"]),
        findings={n: Finding(n, tuple(f["modalities"]), dict(f["label"]), f.get("short"), f.get("sign"))
                  for n, f in doc["findings"].items()},
        layout=layout, multivariable_signs=tuple(doc["models"]["multivariable_signs"]),
        patient_predictors=tuple(doc["models"]["patient_predictors"]))


_CACHE: dict[tuple[str, float], StudySpec] = {}


def load_study(path: str | Path | None = None) -> StudySpec:
    """Read and validate a study spec (default: the bundled ``config/study.yaml``).

    Raises
    ------
    osteostats.errors.InputError
        Every problem at once: YAML syntax (with its line), unknown keys (with the nearest
        known one), wrong types, and cross-references to undeclared columns, variables,
        modalities or findings.
    """
    p = Path(path) if path is not None else DEFAULT_STUDY
    key = (str(p.resolve()), p.stat().st_mtime if p.exists() else 0.0)
    if key in _CACHE:
        return _CACHE[key]
    doc, lines = read_yaml(p, "study spec")
    spec = study_from_mapping(doc, str(p), lines, p)
    _CACHE[key] = spec
    return spec
