"""Run the Examples sections of the statistics modules for inline and r x c checks."""
import doctest
import importlib

import pytest

MODULES = ["osteostats.stats.printed_box", "osteostats.stats.rxc", "osteostats.stats.anova",
           "osteostats.stats.pairedt", "osteostats.stats.correlation", "osteostats.stats.ratios",
           "osteostats.stats.diagnostic", "osteostats.stats.granularity"]


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
