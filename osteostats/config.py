"""Read and validate the workflow configuration (``config/config.yaml``)."""
from __future__ import annotations

from pathlib import Path

import jsonschema
import yaml

from .errors import InputError

SCHEMA = Path(__file__).resolve().parent.parent / "workflow" / "schemas" / "config.schema.yaml"


def load_config(path: str | Path | None, *, validate: bool = True) -> dict:
    """Load a YAML config; validate it against ``workflow/schemas/config.schema.yaml`` when
    that schema is available (it is in a repository checkout). Missing file -> empty config."""
    if path is None:
        return {}
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: config file not found")
    try:
        cfg = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise InputError(f"{path}: not valid YAML: {str(exc).splitlines()[0]}") from exc
    if validate and SCHEMA.exists():
        schema = yaml.safe_load(SCHEMA.read_text(encoding="utf-8"))
        errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(cfg), key=lambda e: list(e.path))
        if errors:
            lines = [f"{'/'.join(map(str, e.path)) or '(top level)'}: {e.message}" for e in errors]
            raise InputError(f"{path}: {len(errors)} problem(s) in the config:\n  - " + "\n  - ".join(lines))
    return cfg
