"""Builders of Tables 1–3 from case tables, and their comparison with the printed values.

- :mod:`osteostats.tables.table1` -- clinical data, patient level;
- :mod:`osteostats.tables.table2` -- imaging signs, vertebra level;
- :mod:`osteostats.tables.table3` -- detection rate by modality, vertebra level;
- :mod:`osteostats.tables.compare` -- reproduced vs printed, with verdicts.
"""
from .options import TableOptions

#: Imported on first use (PEP 562): the reason codes and options load without the statistics.
_LAZY = {"Reproduced": "build", "build_tables": "build", "compare_with_published": "compare"}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["Reproduced", "TableOptions", "build_tables", "compare_with_published"]
