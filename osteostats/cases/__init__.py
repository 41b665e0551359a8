"""Case tables (patients, vertebrae, readings): schemas built from the study spec, loading and
validation."""
from .load import Cases, load_cases, write_validated
from .schemas import table_specs

__all__ = ["Cases", "load_cases", "table_specs", "write_validated"]
