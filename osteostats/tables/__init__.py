"""Builders of Tables 1–3 from case tables, and their comparison with the printed values.

- :mod:`osteostats.tables.table1` -- clinical data, patient level;
- :mod:`osteostats.tables.table2` -- imaging signs, vertebra level;
- :mod:`osteostats.tables.table3` -- detection rate by modality, vertebra level;
- :mod:`osteostats.tables.compare` -- reproduced vs printed, with verdicts.
"""
from .build import Reproduced, build_tables
from .compare import compare_with_published
from .options import TableOptions

__all__ = ["Reproduced", "TableOptions", "build_tables", "compare_with_published"]
