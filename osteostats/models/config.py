"""Settings of the model stage: the ``models:`` section of the resolved config plus the study.

Every key's default is declared once, in ``osteostats/schemas/config.schema.yaml``; unknown
keys and wrong types are an :class:`~osteostats.errors.InputError`, not silently ignored. The
sign sets default to the study spec's ``models:`` section.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from ..errors import InputError, Problem
from ..study import StudySpec, load_study
from ..yamldoc import fill_defaults, schema, validate


#: Defaults of every setting: the config schema's, declared there only.
_DEFAULTS = fill_defaults({"models": {}}, schema("config"))["models"]


@dataclass(frozen=True)
class ModelSettings:
    """Validated settings. See ``config/config.yaml`` (``models:``) for the meaning of each key.

    Build with :func:`settings_from_mapping` or :func:`load_settings`.

    Examples
    --------
    >>> s = settings_from_mapping({"bootstrap_replicates": 50})
    >>> s.bootstrap_replicates, s.K
    (50, 10)
    >>> s.multivariable_signs == load_study().multivariable_signs
    True
    """

    seed: int = _DEFAULTS["seed"]
    K: int = _DEFAULTS["K"]
    first_seed: int = _DEFAULTS["first_seed"]
    seeds_per_job: int = _DEFAULTS["seeds_per_job"]
    data_are_reconstructed: bool = _DEFAULTS["data_are_reconstructed"]
    multivariable_signs: tuple[str, ...] | None = None
    patient_predictors: tuple[str, ...] | None = None
    bootstrap_replicates: int = _DEFAULTS["bootstrap_replicates"]
    one_per_patient: str = _DEFAULTS["one_per_patient"]
    one_per_patient_draws: int = _DEFAULTS["one_per_patient_draws"]
    missing: str = _DEFAULTS["missing"]
    flic: bool = _DEFAULTS["flic"]
    alpha: float = _DEFAULTS["alpha"]
    calibration_groups: int = _DEFAULTS["calibration_groups"]
    study: StudySpec = field(default_factory=load_study, compare=False, repr=False)

    def __post_init__(self) -> None:
        # None: the study spec's pre-specified sets.
        for k in ("multivariable_signs", "patient_predictors"):
            v = getattr(self, k)
            object.__setattr__(self, k, tuple(getattr(self.study, k) if v is None else v))

    @property
    def signs(self) -> dict[str, str]:
        """Vertebra-level signs of the study (name -> English label), in Table 2 order."""
        return {n: v.label["en"] for n, v in self.study.signs().items()}

    @property
    def patient_labels(self) -> dict[str, str]:
        """Patient-level variables of the study (name -> English label)."""
        return {n: v.label["en"] for n, v in self.study.patient_variables().items()}

    def to_json(self) -> str:
        """Canonical JSON (sorted keys) of the settings, for provenance."""
        d = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "study"}
        return json.dumps(d, sort_keys=True, default=list)

    def replace(self, **changes: Any) -> "ModelSettings":
        """A copy with some settings changed."""
        d = {f.name: getattr(self, f.name) for f in fields(self)}
        d.update(changes)
        return ModelSettings(**d)


def settings_from_mapping(raw: dict[str, Any] | None, source: str = "config: models",
                          study: StudySpec | None = None) -> ModelSettings:
    """Build :class:`ModelSettings` from a ``models:`` mapping, reporting every bad key at once.

    Parameters
    ----------
    raw : dict or None
        The ``models:`` mapping (missing keys take the schema's defaults).
    source : str
        Where the mapping came from, for error messages.
    study : StudySpec, optional
        The study (default: the bundled ``config/study.yaml``); sign names must be its.

    Raises
    ------
    osteostats.errors.InputError
        Unknown keys, wrong types, unknown sign names, out-of-range values.

    Examples
    --------
    >>> settings_from_mapping({"missing": "fail"}).missing
    'fail'
    """
    study = study or load_study()
    raw = dict(raw or {})
    problems = validate({"models": raw}, "config", source)
    for k, allowed in (("multivariable_signs", study.signs()), ("patient_predictors", study.patient_variables())):
        v = raw.get(k)
        if isinstance(v, (list, tuple)):
            for s in v:
                if isinstance(s, str) and s not in allowed:
                    problems.append(Problem(source, None, k, s,
                                            f"one of {', '.join(allowed)} (declared in {study.path})"))
    if problems:
        raise InputError(problems, f"{len(problems)} problem(s) in the model settings ({source})")
    vals = fill_defaults({"models": raw}, schema("config"))["models"]
    for k in ("multivariable_signs", "patient_predictors"):
        if vals[k] is not None:
            vals[k] = tuple(vals[k])
    return ModelSettings(**vals, study=study)


def load_settings(config_file: str | Path | None = None, settings_json: str | None = None) -> ModelSettings:
    """The model settings of a config file (resolved), optionally overridden by a JSON object.

    Examples
    --------
    >>> load_settings(settings_json='{"K": 3}').K
    3
    """
    from ..config import load_config

    cfg = load_config(config_file)
    raw = dict(cfg["models"])
    source = f"{config_file}: models" if config_file else "defaults"
    if settings_json:
        try:
            extra = json.loads(settings_json)
        except json.JSONDecodeError as exc:
            raise InputError(f"--settings is not valid JSON: {exc}") from exc
        if not isinstance(extra, dict):
            raise InputError("--settings must be a JSON object")
        raw.update(extra)
        source += " + --settings"
    return settings_from_mapping(raw, source, load_study(cfg["study"]))
