"""Reason codes of the comparison of reproduced with printed values (``comparison.csv``,
column ``reason``), each with its English sentence; the report's catalogue translates them.

Kept apart from :mod:`osteostats.tables.compare` so that readers of the codes (the report)
need not import the statistics.
"""
from __future__ import annotations

from ..check.rows import REASONS as CHECK_REASONS

REASONS: dict[str, str] = {
    "equal_at_printed_precision": "the reproduced value rounds (half-up) to the printed one",
    "inequality_holds": "the reproduced value satisfies the printed inequality",
    "not_printed": "not printed, and nothing to reproduce",
    "printed_dash_but_value": "printed as '–' but the case data give a value",
    "no_reproduced_value": "the case data lack this item",
    "inequality_fails": "the reproduced value does not satisfy the printed inequality",
    "truncated_percent": CHECK_REASONS["truncated_percent"],
    "half_even_percent": CHECK_REASONS["half_even_percent"],
    "stat_within_input_rounding": ("the printed and the reproduced t both lie in the range that the rounding of the "
                                   "printed means and SDs allows"),
    "reproduced_outside_range": ("the reproduced t lies outside the range that the rounding of the printed means "
                                 "and SDs allows: the case data do not reproduce the printed summaries"),
    "stat_outside_range": CHECK_REASONS["stat_outside_range"],
    "no_method_reproduces": "no chi-squared variant on the reproduced counts gives the printed statistic",
    "p_from_printed_stat": "the printed P follows from the printed statistic, not from the reproduced one",
    "p_differs": "the reproduced p does not round to the printed P",
    "value_differs": "the reproduced value does not round to the printed one",
    "rule_selects_fisher": "reproduced as printed; the configured rule selects Fisher's exact test instead",
    "rule_selects_other_test": "reproduced as printed; the configured rule selects another test instead",
    "paired_design_ignored": CHECK_REASONS["paired_design_ignored"],
}
