"""Settings of the model stage (the ``models:`` section of ``config/config.yaml``).

Every key has a default (see ``config/models.yaml``); unknown keys and wrong types are an
:class:`~osteostats.errors.InputError`, not silently ignored.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from ..errors import InputError, Problem
from .design import PATIENT_PREDICTORS, SIGNS

#: Pre-specified multivariable signs (fixed before any model was fitted; see docs/models.md).
DEFAULT_SIGNS = ("posterior_wall_bulge", "posterior_corner_fat", "severe_compression",
                 "intravertebral_cleft", "posterior_element_involvement", "paravertebral_mass")


@dataclass(frozen=True)
class ModelSettings:
    """Validated settings. See ``config/models.yaml`` for the meaning of each key.

    Examples
    --------
    >>> s = settings_from_mapping({"bootstrap_replicates": 50})
    >>> s.bootstrap_replicates, s.K
    (50, 10)
    """

    seed: int = 20240917
    K: int = 10
    first_seed: int = 1001
    data_are_reconstructed: bool = True
    multivariable_signs: tuple[str, ...] = DEFAULT_SIGNS
    patient_predictors: tuple[str, ...] = ("age", "sex_male")
    bootstrap_replicates: int = 200
    one_per_patient: str = "random"
    one_per_patient_draws: int = 10
    missing: str = "drop"
    flic: bool = True
    alpha: float = 0.05
    calibration_groups: int = 5

    def to_json(self) -> str:
        """Canonical JSON (sorted keys) of the settings, for provenance."""
        return json.dumps(asdict(self), sort_keys=True)


_INT_KEYS = {"seed": 0, "K": 1, "first_seed": 0, "bootstrap_replicates": 0, "one_per_patient_draws": 1,
             "calibration_groups": 2}


def settings_from_mapping(raw: dict[str, Any] | None, source: str = "config: models") -> ModelSettings:
    """Build :class:`ModelSettings` from a mapping, reporting every bad key at once.

    Parameters
    ----------
    raw : dict or None
        The ``models:`` mapping (missing keys take defaults).
    source : str
        Where the mapping came from, for error messages.

    Raises
    ------
    osteostats.errors.InputError
        Unknown keys, wrong types, unknown sign names, out-of-range values.

    Examples
    --------
    >>> settings_from_mapping({"missing": "fail"}).missing
    'fail'
    """
    raw = dict(raw or {})
    known = {f.name for f in fields(ModelSettings)}
    problems: list[Problem] = []
    for k in sorted(set(raw) - known):
        problems.append(Problem(source, None, k, raw[k], f"one of the known keys: {', '.join(sorted(known))}"))
    vals: dict[str, Any] = {}
    for k, minimum in _INT_KEYS.items():
        if k in raw:
            v = raw[k]
            if isinstance(v, bool) or not isinstance(v, int) or v < minimum:
                problems.append(Problem(source, None, k, v, f"an integer >= {minimum}"))
            else:
                vals[k] = v
    for k in ("data_are_reconstructed", "flic"):
        if k in raw:
            if not isinstance(raw[k], bool):
                problems.append(Problem(source, None, k, raw[k], "true or false"))
            else:
                vals[k] = raw[k]
    if "alpha" in raw:
        a = raw["alpha"]
        if isinstance(a, bool) or not isinstance(a, (int, float)) or not 0 < a < 1:
            problems.append(Problem(source, None, "alpha", a, "a number between 0 and 1"))
        else:
            vals["alpha"] = float(a)
    for k, choices in (("missing", ("drop", "fail")), ("one_per_patient", ("random", "most_severe"))):
        if k in raw:
            if raw[k] not in choices:
                problems.append(Problem(source, None, k, raw[k], " or ".join(choices)))
            else:
                vals[k] = raw[k]
    for k, allowed in (("multivariable_signs", SIGNS), ("patient_predictors", PATIENT_PREDICTORS)):
        if k in raw:
            v = raw[k]
            if not isinstance(v, (list, tuple)) or not v or not all(isinstance(s, str) for s in v):
                problems.append(Problem(source, None, k, v, "a non-empty list of names"))
                continue
            bad = [s for s in v if s not in allowed]
            for s in bad:
                problems.append(Problem(source, None, k, s, f"one of {', '.join(allowed)}"))
            if len(set(v)) != len(v):
                problems.append(Problem(source, None, k, v, "each name once"))
            if not bad:
                vals[k] = tuple(v)
    if problems:
        raise InputError(problems, f"{len(problems)} problem(s) in the model settings ({source})")
    return ModelSettings(**vals)


def load_settings(config_file: str | Path | None = None, settings_json: str | None = None) -> ModelSettings:
    """Read the ``models:`` section from a YAML config file and/or a JSON string.

    The JSON string (as passed by the Snakemake rules) wins over the file.

    Examples
    --------
    >>> load_settings(settings_json='{"K": 3}').K
    3
    """
    raw: dict[str, Any] = {}
    source = "defaults"
    if config_file is not None:
        import yaml

        path = Path(config_file)
        if not path.exists():
            raise InputError([Problem(str(path), None, None, "missing file", "a YAML config file")])
        try:
            doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as exc:
            raise InputError([Problem(str(path), None, None, str(exc).splitlines()[0], "valid YAML")]) from exc
        section = doc.get("models", {}) if isinstance(doc, dict) else None
        if not isinstance(section, dict):
            raise InputError([Problem(str(path), None, "models", section, "a mapping of model settings")])
        raw.update(section)
        source = f"{path}: models"
    if settings_json:
        try:
            extra = json.loads(settings_json)
        except json.JSONDecodeError as exc:
            raise InputError(f"--settings is not valid JSON: {exc}") from exc
        if not isinstance(extra, dict):
            raise InputError("--settings must be a JSON object")
        raw.update(extra)
        source = "--settings" if config_file is None else source + " + --settings"
    return settings_from_mapping(raw, source)
