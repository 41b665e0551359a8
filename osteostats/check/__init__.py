"""The reviewer check (``osteostats check``): re-verify a paper's printed statistics from the
printed numbers alone, with rounding taken into account.

One module per check family:

- :mod:`~osteostats.check.rows` -- the row every check returns, verdicts, reason codes;
- :mod:`~osteostats.check.inputs` -- the printed cells of a published folder, indexed;

- :mod:`~osteostats.check.intervals` -- printed numbers as rounding intervals, propagated
  through t and through p;
- :mod:`~osteostats.check.methods`, :mod:`~osteostats.check.statistic` -- which test
  (Pearson, Yates, G, Fisher, Fisher-Freeman-Halton on k x 2 and r x c; Student, Welch;
  one-way ANOVA F; paired t; z) reproduces the printed statistic, also when it is printed
  as an inequality; rank tests and correlations are recognised and said not recomputable;
- :mod:`~osteostats.check.dfcheck` -- a printed df against the design;
- :mod:`~osteostats.check.pvalues` -- printed P vs printed statistic (statcheck-style; t, χ²,
  F, z, r, H) and vs the recomputed test;
- :mod:`~osteostats.check.ratios` -- OR/RR/HR: P vs the 95 % CI, the CI's log-symmetry, the
  crude ratio of the printed counts;
- :mod:`~osteostats.check.percentages`, :mod:`~osteostats.check.grim` -- percentages vs
  counts, rounding mode (by majority: truncation in a half-up paper is a finding),
  denominators; GRIM, GRIMMER (with Σx² bounds), DEBIT (0/1 data), SD bounds;
- :mod:`~osteostats.check.test_choice` -- expected counts and the exact test;
- :mod:`~osteostats.check.paired_design` -- paired designs and the exact range of Cochran's Q;
- :mod:`~osteostats.check.consistency` -- cross-table consistency;
- :mod:`~osteostats.check.nearest` -- nearest integer tables reproducing a printed χ²;
- :mod:`~osteostats.check.runner`, :mod:`~osteostats.check.summary` -- run all, summarise.

Every check returns :class:`~osteostats.check.rows.CheckRow` records: the text columns a
reader sees, and machine-readable fields (reason code, exact test, whether the conclusion at
alpha changes, the recomputed range and p range) that a report renders without reading the
note. See ``docs/check.md`` for the verdicts, the reason codes and the rounding logic.
"""
from .rows import CHECK_ORDER, COLUMNS, FIELD_COLUMNS, REASONS, TEXT_COLUMNS, VERDICTS, CheckRow

from ..lazy import lazy_exports

# Imported on first use, so that reading the row format does not load the statistics.
__getattr__, __dir__ = lazy_exports(__name__, {"rows_frame": "runner", "run_checks": "runner",
                                               "render_summary": "summary"})


__all__ = ["CHECK_ORDER", "COLUMNS", "FIELD_COLUMNS", "REASONS", "TEXT_COLUMNS", "VERDICTS", "CheckRow",
           "render_summary", "rows_frame", "run_checks"]
