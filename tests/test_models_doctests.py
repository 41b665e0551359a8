"""The Examples sections of osteostats.models run and give what they show."""
from __future__ import annotations

import doctest
import importlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MODULES = ["firth", "separation", "design", "config", "clustering", "univariable", "multivariable",
           "performance", "accuracy", "sensitivity", "figures", "results", "run"]


@pytest.mark.parametrize("name", MODULES)
def test_examples(name, monkeypatch):
    monkeypatch.chdir(ROOT)  # examples read data/cases
    module = importlib.import_module(f"osteostats.models.{name}")
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} failing example(s) in osteostats.models.{name}"
