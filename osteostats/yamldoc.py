"""YAML documents validated against a JSON schema, with line numbers and "did you mean" hints.

Used for the workflow config and the study spec: every problem is reported at once, naming the
file, the line, the key and what was expected; an unknown key gets the nearest known one.
"""
from __future__ import annotations

import copy
import difflib
import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from .errors import InputError, Problem

if TYPE_CHECKING:  # imported where a document is validated
    import jsonschema

#: libyaml's safe loader when PyYAML was built with it, else the pure-Python one.
FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
SCHEMAS = Path(__file__).resolve().parent / "schemas"


@lru_cache(maxsize=None)
def schema(name: str) -> dict:
    """A schema shipped in ``osteostats/schemas/`` (``config`` or ``study``)."""
    return yaml.load((SCHEMAS / f"{name}.schema.yaml").read_text(encoding="utf-8"), Loader=FAST_LOADER)


def _lines(node: yaml.Node, path: tuple = (), out: dict | None = None) -> dict:
    """Map every key path of a composed YAML node to its 1-based line."""
    out = {} if out is None else out
    out.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            key = path + (k.value,)
            out[key] = k.start_mark.line + 1
            _lines(v, key, out)
    elif isinstance(node, yaml.SequenceNode):
        for i, v in enumerate(node.value):
            _lines(v, path + (i,), out)
    return out


def read_yaml(path: str | Path, what: str) -> tuple[Any, dict]:
    """Parse a YAML file; return the document and a key-path -> line map.

    Raises :class:`InputError` naming the file and line for a missing file, a file that is not
    UTF-8, or a YAML syntax error.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError([Problem(str(path), None, None, "missing file", f"a YAML {what} file",
                                  fix="check the path")])
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError([Problem(str(path), None, None, f"byte {exc.start} is not UTF-8", "a UTF-8 text file",
                                  fix="save the file as UTF-8")]) from exc
    except OSError as exc:
        raise InputError([Problem(str(path), None, None, exc.strerror or str(exc), "a readable file")]) from exc
    try:
        try:  # libyaml when PyYAML has it (several times faster); same documents, same marks
            node = yaml.compose(text, Loader=FAST_LOADER)
            doc = yaml.load(text, Loader=FAST_LOADER)
        except yaml.YAMLError:  # the pure-Python parser words syntax errors best: say it its way
            node = yaml.compose(text)
            doc = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise InputError([Problem(str(path), None, None, str(getattr(exc, "problem", exc)), "valid YAML",
                                  line=line)]) from exc
    return doc, (_lines(node) if node is not None else {})


def _known_keys(sch: dict, root: dict) -> list[str]:
    props = sch.get("properties", {})
    if "$ref" in sch:
        return _known_keys(resolve_ref(sch["$ref"], root), root)
    return sorted(props)


def resolve_ref(ref: str, root: dict) -> dict:
    """The subschema a local ``$ref`` (``#/$defs/...``) points to in ``root``."""
    node: Any = root
    for part in ref.lstrip("#/").split("/"):
        node = node[part]
    return node


def _hint(word: str, known: list[str]) -> str:
    close = difflib.get_close_matches(word, known, n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ("known keys: " + ", ".join(known) if known else "")


def validate(doc: Any, schema_name: str, source: str, lines: dict | None = None) -> list[Problem]:
    """Every schema violation of ``doc`` as a :class:`Problem` (file, line, key, value, fix)."""
    root = schema(schema_name)
    lines = lines or {}
    problems: list[Problem] = []
    import jsonschema  # only where a document is validated (keeps the CLI's start-up light)

    validator = jsonschema.Draft202012Validator(root)
    for err in sorted(validator.iter_errors(doc), key=lambda e: [str(p) for p in e.absolute_path]):
        path = tuple(err.absolute_path)
        key = ".".join(map(str, path)) or "(top level)"
        if err.validator == "additionalProperties" and isinstance(err.instance, dict):
            allowed = _known_keys(err.schema, root) if err.schema.get("properties") else []
            extra = [k for k in err.instance if k not in err.schema.get("properties", {})
                     and not any(re.match(p, k) for p in err.schema.get("patternProperties", {}))]
            for k in extra:
                full = ".".join(map(str, path + (k,)))
                problems.append(Problem(source, None, None, k, "a known key", line=lines.get(path + (k,)),
                                        key=full, fix=f"unknown key '{k}': " + _hint(k, allowed)))
            continue
        if err.validator == "required":
            problems.append(Problem(source, None, None, "missing", err.message, line=lines.get(path), key=key))
            continue
        value = err.instance if not isinstance(err.instance, (dict, list)) else type(err.instance).__name__
        expected = _expected(err)
        problems.append(Problem(source, None, None, value, expected, line=lines.get(path), key=key))
    return problems


_BOUNDS = {"minimum": ">=", "maximum": "<=", "exclusiveMinimum": ">", "exclusiveMaximum": "<"}


def _expected(err: jsonschema.ValidationError) -> str:
    if err.validator in _BOUNDS:
        return f"a number {_BOUNDS[err.validator]} {err.validator_value}"
    if err.validator == "minItems":
        return f"a list of at least {err.validator_value} item(s)"
    if err.validator == "uniqueItems":
        return "a list without repeated items"
    if err.validator == "pattern":
        return f"a name matching {err.validator_value} (lower case, digits, underscores)"
    if err.validator not in ("type", "enum", "const"):
        return err.message
    if err.validator == "type":
        t = err.validator_value
        return "a value of type " + (" or ".join(t) if isinstance(t, list) else t)
    if err.validator == "enum":
        return "one of " + ", ".join(map(str, err.validator_value))
    return f"{err.validator_value!r}"


def fill_defaults(doc: Any, sch: dict, root: dict | None = None) -> Any:
    """A copy of ``doc`` with the schema's ``default`` values filled in (objects only)."""
    root = root or sch
    if "$ref" in sch:
        sch = resolve_ref(sch["$ref"], root)
    if not isinstance(doc, dict):
        return doc
    out = copy.deepcopy(doc)
    for k, sub in sch.get("properties", {}).items():
        if "$ref" in sub:
            sub = resolve_ref(sub["$ref"], root)
        if k not in out and "default" in sub:
            out[k] = copy.deepcopy(sub["default"])
        if k in out and isinstance(out[k], dict):
            out[k] = fill_defaults(out[k], sub, root)
    return out
