"""Run the Examples sections of the osteostats.check modules (and of the modules they share
with the tables stage) as tests."""
import doctest
import importlib
import pkgutil

import pytest

import osteostats.check

MODULES = sorted(m.name for m in pkgutil.iter_modules(osteostats.check.__path__, "osteostats.check."))


@pytest.mark.parametrize("name", MODULES + ["osteostats.commands.check", "osteostats.tables.compare", "osteostats.printed",
                                  "osteostats.stats.ttest"])
def test_doctests(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
