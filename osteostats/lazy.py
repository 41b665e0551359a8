"""Package names imported from their submodules on first use (PEP 562).

A package that re-exports functions of heavy submodules (scipy.stats, scikit-learn) would load
them for every caller, even one that needs only a record type or a table of reason codes.
:func:`lazy_exports` gives the package a module ``__getattr__`` and ``__dir__`` that import the
submodule when one of its names is first used, and keep the name.
"""
from __future__ import annotations

import importlib
import sys
from typing import Callable


def lazy_exports(package: str, where: dict[str, str]) -> tuple[Callable[[str], object], Callable[[], list[str]]]:
    """``(__getattr__, __dir__)`` for ``package``; ``where`` maps each public name to its submodule.

    Examples
    --------
    >>> getattr_, dir_ = lazy_exports("osteostats.stats", {"welch_t": "ttest"})
    >>> getattr_("welch_t").__name__
    'welch_t'
    """
    def __getattr__(name: str) -> object:
        if name not in where:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f".{where[name]}", package), name)
        setattr(sys.modules[package], name, value)
        return value

    def __dir__() -> list[str]:
        return sorted(set(vars(sys.modules[package])) | set(where))

    return __getattr__, __dir__
