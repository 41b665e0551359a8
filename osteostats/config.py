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
from .yamldoc import fill_defaults, read_yaml, schema, validate


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


def load_config(path: str | Path | None) -> dict:
    """Read, validate and resolve a YAML config file; ``None`` gives the defaults."""
    if path is None:
        return resolve({}, "defaults")
    doc, lines = read_yaml(path, "config")
    return resolve(doc, str(path), lines)


def dump_config(cfg: dict) -> str:
    """Canonical YAML text of a resolved config (sorted keys; the file provenance hashes)."""
    return yaml.safe_dump(json.loads(json.dumps(cfg, sort_keys=True)), sort_keys=True, allow_unicode=True)


def published_folder(cfg: dict) -> str | None:
    """The published-values folder, or None when the config says ``none``."""
    p = cfg.get("published_dir")
    return None if p is None or str(p).strip().lower() in ("none", "") else str(p)
