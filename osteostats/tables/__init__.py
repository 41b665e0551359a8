"""Builders of Tables 1–3 from case tables, and their comparison with the printed values.

- :mod:`osteostats.tables.table1` -- clinical data, patient level;
- :mod:`osteostats.tables.table2` -- imaging signs, vertebra level;
- :mod:`osteostats.tables.table3` -- detection rate by modality, vertebra level;
- :mod:`osteostats.tables.compare` -- reproduced vs printed, with verdicts.
"""
from .options import TableOptions

from ..lazy import lazy_exports

# Imported on first use: the reason codes and options load without the statistics.
__getattr__, __dir__ = lazy_exports(__name__, {"Reproduced": "build", "build_tables": "build",
                                               "compare_with_published": "compare"})


__all__ = ["Reproduced", "TableOptions", "build_tables", "compare_with_published"]
