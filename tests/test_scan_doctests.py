"""Run the Examples sections of the scan modules and the scan command as tests."""
import doctest
import importlib

import pytest

MODULES = ["osteostats.scan.normalize", "osteostats.scan.read", "osteostats.scan.extract",
           "osteostats.scan.pcheck", "osteostats.scan.labels", "osteostats.scan.run"]


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
