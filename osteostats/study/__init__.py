"""The study spec: groups, columns, variables, modalities, findings, table layout, labels.

>>> from osteostats.study import load_study
>>> load_study().label("mri", "zh")
'MRI'
"""
from .derive import indicator_frame, signs_frame, variable_values
from .spec import DEFAULT_STUDY, Column, Finding, Group, Row, StudySpec, Variable, load_study, study_from_mapping

__all__ = ["DEFAULT_STUDY", "Column", "Finding", "Group", "Row", "StudySpec", "Variable", "indicator_frame",
           "load_study", "signs_frame", "study_from_mapping", "variable_values"]
