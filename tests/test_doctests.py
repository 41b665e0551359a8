"""Every runnable Example in the docstrings of these modules is run (the check, models, scan and
new statistics modules have their own doctest tests)."""
from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import osteostats

PACKAGES = ("report", "tables", "cases", "study", "importer", "rules", "commands")
MODULES = ("config", "yamldoc", "printed", "published", "sniff", "outputs", "paper_yaml", "io", "cli")


def _names() -> list[str]:
    names = [f"osteostats.{m}" for m in MODULES]
    for pkg in PACKAGES:
        mod = importlib.import_module(f"osteostats.{pkg}")
        names.append(mod.__name__)
        names += [f"{mod.__name__}.{m.name}" for m in pkgutil.iter_modules(mod.__path__)]
    return sorted(set(names))


@pytest.mark.parametrize("name", _names())
def test_doctests(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
