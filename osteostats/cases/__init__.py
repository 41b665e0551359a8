"""Case tables (patients, vertebrae, readings): schemas, loading and validation."""
from .load import Cases, load_cases
from .schemas import GROUP_CODES, MODALITIES

__all__ = ["Cases", "GROUP_CODES", "MODALITIES", "load_cases"]
