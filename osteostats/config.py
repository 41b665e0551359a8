"""The workflow configuration: one resolved mapping for every stage.

``config/config.yaml`` (and any ``--configfile`` / ``--config`` override Snakemake merges into
it) is validated against ``osteostats/schemas/config.schema.yaml``, which also holds every
default. Unknown keys are an error that names the nearest known key. The workflow writes the
resolved mapping once (``reports/config/config.yaml``) and hands that file to every stage, so
the settings a stage used are the settings provenance records.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from .errors import InputError
from .yamldoc import fill_defaults, read_yaml, resolve_ref, schema, validate


def resolve(cfg: Any, source: str = "config", lines: dict | None = None) -> dict:
    """Validate a config mapping and fill in every default.

    Examples
    --------
    >>> resolve({"tests": {"t_test": "welch"}})["tests"]
    {'t_test': 'welch', 'count_rule': 'expected_lt5_fisher', 'expected_threshold': 5, 'chi2_yates': False}
    >>> resolve({"case_dir": "x"})
    Traceback (most recent call last):
    ...
    osteostats.errors.InputError: 1 problem(s) in the configuration config:
      - config, key 'case_dir': got 'case_dir'; expected a known key. Fix: unknown key 'case_dir': did you mean 'cases_dir'?
    """
    if cfg is None:
        cfg = {}
    problems = validate(cfg, "config", source, lines)
    if problems:
        raise InputError(problems, f"{len(problems)} problem(s) in the configuration {source}")
    return fill_defaults(cfg, schema("config"))


def typed_command_line_values(cfg: Any) -> Any:
    """``cfg`` with text values read as YAML where the schema wants a number, boolean or null.

    Snakemake reads the nested values of ``--config`` as text (``--config "models={K: 3}"``
    gives ``{"K": "3"}``); ``osteostats run`` and a config file give ``3``. A text value whose
    key in the schema cannot be text is parsed as YAML; what does not then fit is left as it
    was, for validation to report.

    Examples
    --------
    >>> typed_command_line_values({"models": {"K": "3", "flic": "true"}, "cases_dir": "7"})
    {'models': {'K': 3, 'flic': True}, 'cases_dir': '7'}
    """
    root = schema("config")
    return _typed(cfg, root, root)


#: JSON-schema type -> the Python types YAML gives for it.
_YAML_TYPES = {"integer": (int,), "number": (int, float), "boolean": (bool,), "null": (type(None),)}


def _typed(value: Any, sch: dict, root: dict) -> Any:
    if "$ref" in sch:
        sch = resolve_ref(sch["$ref"], root)
    if isinstance(value, dict):
        props = sch.get("properties", {})
        return {k: _typed(v, props[k], root) if k in props else v for k, v in value.items()}
    if isinstance(value, list) and isinstance(sch.get("items"), dict):
        return [_typed(v, sch["items"], root) for v in value]
    types = sch.get("type", [])
    types = [types] if isinstance(types, str) else list(types)
    if not isinstance(value, str) or not types or "string" in types:
        return value
    wanted = tuple(t for name in types for t in _YAML_TYPES.get(name, ()))
    try:
        parsed = yaml.safe_load(value)
    except yaml.YAMLError:
        return value
    # bool is a subclass of int: "true" is not an integer
    return parsed if isinstance(parsed, wanted) and (bool in wanted or not isinstance(parsed, bool)) else value


def load_config(path: str | Path | None) -> dict:
    """Read, validate and resolve a YAML config file; ``None`` gives the defaults."""
    if path is None:
        return resolve({}, "defaults")
    doc, lines = read_yaml(path, "config")
    return resolve(doc, str(path), lines)


def dump_config(cfg: dict) -> str:
    """Canonical YAML text of a resolved config (sorted keys; the file provenance hashes)."""
    return yaml.safe_dump(json.loads(json.dumps(cfg, sort_keys=True)), sort_keys=True, allow_unicode=True)


def config_from_json(text: str) -> dict:
    """Validate and resolve a config given as a JSON object (the workflow's merged config)."""
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"the config given as JSON (--json / --config-json) is not valid JSON: {exc}") from exc
    return resolve(raw, "the workflow's merged config (--configfile / --config)")


def write_resolved(cfg: dict, path: str | Path) -> None:
    """Write a resolved config (:func:`dump_config`) atomically to ``path``.

    ``osteostats config --out`` and ``osteostats validate --write-config`` (the workflow's
    first job) write the file every stage reads.
    """
    from .io import atomic_write_text

    atomic_write_text(path, dump_config(cfg))


def published_folder(cfg: dict) -> str | None:
    """The published-values folder, or None when the config says ``none``."""
    p = cfg.get("published_dir")
    return None if p is None or str(p).strip().lower() in ("none", "") else str(p)
