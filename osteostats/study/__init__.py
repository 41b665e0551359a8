"""The study spec: groups, columns, variables, modalities, findings, table layout, labels.

>>> from osteostats.study import load_study
>>> load_study().label("mri", "zh")
'MRI'
"""
from ..lazy import lazy_exports
from .spec import DEFAULT_STUDY, Column, Finding, Group, Row, StudySpec, Variable, load_study, study_from_mapping

# The frame builders need pandas; the spec alone (the workflow's Snakefile reads it) does not.
__getattr__, __dir__ = lazy_exports(__name__, {name: "derive" for name in
                                               ("indicator_frame", "signs_frame", "variable_values")})

__all__ = ["DEFAULT_STUDY", "Column", "Finding", "Group", "Row", "StudySpec", "Variable", "indicator_frame",
           "load_study", "signs_frame", "study_from_mapping", "variable_values"]
