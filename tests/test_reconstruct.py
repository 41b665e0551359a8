"""The reconstruction: deterministic, equal to the committed case tables, and consistent with
every printed number it targets."""
import filecmp

import numpy as np
import pytest

from osteostats.cli import main
from osteostats.reconstruct import moments_for, sprite
from osteostats.reconstruct.sprite import SpriteError


def test_committed_cases_equal_regeneration(tmp_path):
    assert main(["reconstruct", "--out", str(tmp_path), "--seed", "20221"]) == 0
    for f in ("patients.csv", "vertebrae.csv", "readings.csv"):
        assert filecmp.cmp(tmp_path / f, f"data/cases/{f}", shallow=False), f


def test_other_seed_differs_but_keeps_margins(tmp_path):
    assert main(["reconstruct", "--out", str(tmp_path), "--seed", "7"]) == 0
    assert not filecmp.cmp(tmp_path / "vertebrae.csv", "data/cases/vertebrae.csv", shallow=False)
    from osteostats.cases import load_cases
    from osteostats.published import load_published
    from osteostats.tables import build_tables, compare_with_published
    cmp = compare_with_published(load_published("data/published"), build_tables(load_cases(tmp_path)))
    counts = cmp[cmp.quantity.isin(["count", "n"])]
    assert (counts.verdict == "match").all()


def test_moments_are_the_unique_integer_solution():
    # n=50, mean 69.58 -> sum 3479; SD 8.457 -> sum of squares 245573 is the only match
    assert moments_for(50, "69.58", "8.457") == [(3479, 245573)]
    assert moments_for(31, "62.13", "10.773") == [(1926, 123142)]


def test_sprite_hits_exact_moments_and_range():
    k = sprite(31, 1926, 123142, 39, 83, np.random.default_rng(5))
    assert k.sum() == 1926 and (k**2).sum() == 123142 and k.min() == 39 and k.max() == 83
    assert round(k.mean(), 2) == 62.13 and round(k.std(ddof=1), 3) == 10.773


def test_sprite_rejects_parity_impossible_targets():
    with pytest.raises(SpriteError, match="parity"):
        sprite(50, 3479, 245574, 48, 89, np.random.default_rng(0))
