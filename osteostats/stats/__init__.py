"""Hypothesis tests used to reproduce and check the study's tables.

One module per family of tests:

- :mod:`osteostats.stats.result` -- the :class:`TestResult` record every test returns;
- :mod:`osteostats.stats.ttest` -- Student and Welch t, from raw data or summary statistics;
- :mod:`osteostats.stats.contingency` -- Pearson χ² (with or without Yates), likelihood-ratio
  G, Fisher's exact test, k×2 χ², expected counts;
- :mod:`osteostats.stats.paired` -- Cochran's Q and McNemar for paired (same-vertebra)
  modality comparisons;
- :mod:`osteostats.stats.test_rule` -- the configurable rule that picks χ² or Fisher.
"""
from __future__ import annotations

from ..lazy import lazy_exports

#: Public name -> submodule. Submodules are imported on first use (PEP 562), so that code which
#: needs only a record type or the test rule does not load scipy.stats (about a second).
_WHERE = {
    "TestResult": "result", "results_frame": "result",
    "TestRule": "test_rule", "choose_count_test": "test_rule",
    "chi2_kx2": "contingency", "expected_counts": "contingency", "fisher_exact": "contingency",
    "likelihood_ratio_g": "contingency", "pearson_chi2": "contingency",
    "cochran_q": "paired", "mcnemar": "paired",
    "student_t": "ttest", "t_from_summary": "ttest", "welch_t": "ttest",
    # r x c tables, ANOVA, paired t, r/z, ratio CIs, diagnostic accuracy, granularity
    "AnovaResult": "anova", "anova_f_range": "anova", "anova_from_summary": "anova",
    "r_p_range": "correlation", "r_test": "correlation", "r_to_t": "correlation",
    "z_p_range": "correlation", "z_to_p": "correlation",
    "diagnostic_accuracy": "diagnostic",
    "GranularityResult": "granularity", "debit": "granularity", "grimmer_integer": "granularity",
    "paired_t_from_summary": "pairedt", "paired_t_range": "pairedt",
    "StatisticRange": "printed_box", "printed_interval": "printed_box",
    "RatioCheck": "ratios", "ratio_ci_p": "ratios",
    "fisher_freeman_halton": "rxc", "rxc_chi2": "rxc",
}

__all__ = sorted(_WHERE)
__getattr__, __dir__ = lazy_exports(__name__, _WHERE)
