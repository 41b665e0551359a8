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
from .test_rule import TestRule, choose_count_test
from .contingency import (
    chi2_kx2,
    expected_counts,
    fisher_exact,
    likelihood_ratio_g,
    pearson_chi2,
)
from .paired import cochran_q, mcnemar
from .result import TestResult, results_frame
from .ttest import student_t, t_from_summary, welch_t

__all__ = [
    "TestResult",
    "TestRule",
    "chi2_kx2",
    "choose_count_test",
    "cochran_q",
    "expected_counts",
    "fisher_exact",
    "likelihood_ratio_g",
    "mcnemar",
    "pearson_chi2",
    "results_frame",
    "student_t",
    "t_from_summary",
    "welch_t",
]
