"""Read and validate ``paper.yaml`` of a published-values folder against a declared schema.

:data:`SCHEMA` is the JSON Schema (draft 2020-12) of ``paper.yaml`` as described in
``data/published/FORMAT.md``; :func:`read_paper_yaml` reads the file encoding-safely (UTF-8,
BOM allowed; anything else is reported with how to convert it), keeps the line number of a
YAML syntax error, and validates the mapping, returning **every** problem at once with file,
line, key, value and the fix. It never raises on bad content: problems are returned so
that the caller can add those of the CSV files of the same folder and report them together.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import jsonschema
import yaml

from .errors import InputError, Problem
from .sniff import read_text
from .yamldoc import FAST_LOADER

_LINK_REF = {
    "type": "object",
    "required": ["comparison", "arm"],
    "properties": {
        "table": {"type": ["string", "integer"]},
        "comparison": {"type": "string", "minLength": 1},
        "arm": {"type": "string", "minLength": 1},
    },
    "description": "a mapping {table: \"3\", comparison: <id>, arm: <arm>}",
}

#: JSON Schema of paper.yaml. ``description`` is the expected value shown in messages,
#: ``fix`` (a non-standard annotation) an example of a valid entry.
SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "paper.yaml of a published-values folder",
    "type": "object",
    "description": "a YAML mapping of keys (format_version, id, title, groups, ...)",
    "properties": {
        "format_version": {"type": "integer", "minimum": 1,
                           "description": "a whole format version number", "fix": "format_version: 1"},
        "id": {"type": ["string", "integer"], "description": "a short text id", "fix": "id: my-paper-2024"},
        "title": {"type": "string", "description": "a text title"},
        "source": {"type": "string", "description": "free text"},
        "software": {"type": ["string", "number"], "description": "free text, e.g. SPSS 27.0"},
        "alpha": {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1,
                  "description": "a significance level, a number between 0 and 1 (exclusive)",
                  "fix": "alpha: 0.05"},
        "stated_methods": {"type": ["object", "string"], "additionalProperties": {"type": "string"},
                           "description": "a mapping of method texts, e.g. {continuous: \"t-test\"}"},
        "percent_decimals": {"type": "integer", "minimum": 0, "maximum": 10,
                             "description": "a whole number of decimals (0-10)", "fix": "percent_decimals: 2"},
        "integer_measures": {"type": "array", "items": {"type": "string"},
                             "description": "a list of measure names", "fix": "integer_measures: [age]"},
        "groups": {
            "type": "object", "minProperties": 1,
            "description": "a mapping of group name -> {label, sizes per unit}",
            "fix": "groups: {OP: {label: Osteoporotic, patients: 50}, MET: {label: Metastatic, patients: 31}}",
            "additionalProperties": {
                "type": "object",
                "description": "a mapping such as {label: Osteoporotic, patients: 50, vertebrae: 98}",
                "fix": "OP: {label: Osteoporotic, patients: 50}",
                "properties": {"label": {"type": ["string", "number"], "description": "a text label"}},
                "additionalProperties": {"type": "integer", "minimum": 1,
                                         "description": "a group size (a whole number >= 1)"},
            },
        },
        "links": {
            "type": "array",
            "description": "a list of links, each {a: {...}, b: {...}, note: text}",
            "fix": "links: [{a: {table: \"3\", comparison: t3_x, arm: any}, "
                   "b: {table: \"2\", comparison: t2_x, arm: OP}}] (or links: [] for none)",
            "items": {
                "type": "object", "required": ["a", "b"],
                "description": "a mapping with keys a and b (and an optional note)",
                "properties": {"a": _LINK_REF, "b": _LINK_REF, "note": {"type": "string"}},
            },
        },
        "notes": {"type": ["array", "string"], "items": {"type": "string"},
                  "description": "a list of text notes"},
    },
}

_VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)


def _key_text(path: list) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _node_at(root: yaml.Node | None, path: list) -> yaml.Node | None:
    """The YAML node at a key path (for its line), or the deepest one found."""
    node = root
    for part in path:
        if isinstance(node, yaml.MappingNode):
            nxt = next((v for k, v in node.value if getattr(k, "value", None) == str(part)), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            nxt = node.value[part]
        else:
            nxt = None
        if nxt is None:
            break
        node = nxt
    return node


def _schema_at(path: list) -> dict:
    schema = SCHEMA
    for part in path:
        if isinstance(part, int):
            schema = schema.get("items", {})
        else:
            props = schema.get("properties", {})
            schema = props[part] if part in props else schema.get("additionalProperties", {})
        if not isinstance(schema, dict):
            return {}
    return schema


def _short(value: Any) -> Any:
    text = repr(value)
    return value if len(text) <= 80 else text[:77] + "..."


def validate_paper(paper: Any, file: str, root: yaml.Node | None = None) -> list[Problem]:
    """Problems of a loaded ``paper.yaml`` against :data:`SCHEMA` (empty list when valid).

    Examples
    --------
    >>> [str(p) for p in validate_paper({"alpha": "five percent", "groups": {"A": {"patients": 3}}}, "paper.yaml")]
    ["paper.yaml, key 'alpha': got 'five percent'; expected a significance level, a number between 0 and 1 (exclusive). Fix: alpha: 0.05"]
    """
    problems: list[Problem] = []
    seen: set[tuple[str, str]] = set()
    for err in sorted(_VALIDATOR.iter_errors(paper), key=lambda e: [str(p) for p in e.absolute_path]):
        path = list(err.absolute_path)
        if err.validator == "required":
            missing = err.message.split("'")[1] if "'" in err.message else "?"
            sub = _schema_at(path + [missing])
            key = _key_text(path + [missing])
            expected = sub.get("description", "this key")
            value: Any = "(missing)"
        else:
            sub = _schema_at(path)
            key = _key_text(path) or "(top level)"
            expected = sub.get("description") or err.message
            value = _short(err.instance)
            if err.validator == "additionalProperties":
                expected = err.message
        if (key, expected) in seen:
            continue
        seen.add((key, expected))
        node = _node_at(root, path)
        line = node.start_mark.line + 1 if node is not None else None
        problems.append(Problem(file, None, None, value, expected, line=line, fix=sub.get("fix", ""),
                                key=key if key != "(top level)" else None))
    return problems


def _duplicate_keys(root: yaml.Node | None, file: str) -> list[Problem]:
    """Keys given twice in one mapping (YAML keeps the last one silently)."""
    problems: list[Problem] = []
    stack: list[tuple[yaml.Node, str]] = [(root, "")] if root is not None else []
    while stack:
        node, path = stack.pop()
        if isinstance(node, yaml.MappingNode):
            seen: dict[str, int] = {}
            for k, v in node.value:
                name = str(getattr(k, "value", ""))
                key = f"{path}.{name}" if path else name
                if name in seen:
                    problems.append(Problem(file, None, None, name, f"each key once in its mapping (also on line {seen[name]})",
                                            line=k.start_mark.line + 1, key=key,
                                            fix="remove or rename one of the two; YAML would silently keep the last"))
                else:
                    seen[name] = k.start_mark.line + 1
                stack.append((v, key))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((v, f"{path}[{i}]") for i, v in enumerate(node.value))
    return sorted(problems, key=lambda p: p.line or 0)


#: libyaml's loader when available (about 10x faster), else the pure-Python one; same results.
_LOADER = FAST_LOADER


def _compose_and_load(text: str) -> tuple[yaml.Node | None, Any]:
    """Parse once: the node tree (for line numbers) and the Python value built from it."""
    loader = _LOADER(text)
    try:
        node = loader.get_single_node()
        return node, (loader.construct_document(node) if node is not None else None)
    finally:
        loader.dispose()


def read_paper_yaml(path: str | Path) -> tuple[dict, list[Problem]]:
    """Read ``paper.yaml``; return the mapping (``{}`` when unusable) and every problem found.

    Top-level keys with a problem are left out of the returned mapping.

    Examples
    --------
    >>> paper, problems = read_paper_yaml("data/published/paper.yaml")
    >>> paper["groups"]["MET"]["patients"], problems
    (31, [])
    """
    file = str(path)
    try:
        text = read_text(path, what="paper.yaml (UTF-8 text) with id, title, groups").text
    except InputError as exc:
        return {}, list(exc.problems)
    try:
        root, paper = _compose_and_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark is not None else None
        what = " ".join(x for x in (getattr(exc, "context", None), getattr(exc, "problem", None)) if x) \
            or str(exc).splitlines()[0]
        start = getattr(exc, "context_mark", None)
        if start is not None and line is not None and start.line + 1 != line:
            what += f" (opened at line {start.line + 1})"
        return {}, [Problem(file, None, None, what, "valid YAML", line=line,
                            fix="check indentation, brackets and quotes on this line (or the line before)")]
    except (ValueError, TypeError, RecursionError) as exc:  # e.g. an out-of-range date
        return {}, [Problem(file, None, None, str(exc).splitlines()[0] if str(exc) else type(exc).__name__,
                            "valid YAML")]
    if paper is None:
        paper = {}
    problems = _duplicate_keys(root, file) + validate_paper(paper, file, root)
    if not isinstance(paper, dict):
        return {}, problems
    # Keys that failed validation are left out, so callers never act on a malformed value.
    bad = {p.key.split(".")[0].split("[")[0] for p in problems if p.key}
    return {k: v for k, v in paper.items() if k not in bad}, problems
