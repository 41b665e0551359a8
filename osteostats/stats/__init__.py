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

# r x c tables, ANOVA, paired t, r/z, ratio CIs, diagnostic accuracy, granularity (DEBIT, GRIMMER)
from .anova import AnovaResult, anova_f_range, anova_from_summary
from .correlation import r_p_range, r_test, r_to_t, z_p_range, z_to_p
from .diagnostic import diagnostic_accuracy
from .granularity import GranularityResult, debit, grimmer_integer
from .pairedt import paired_t_from_summary, paired_t_range
from .printed_box import StatisticRange, printed_interval
from .ratios import RatioCheck, ratio_ci_p
from .rxc import fisher_freeman_halton, rxc_chi2

__all__ += [
    "AnovaResult", "GranularityResult", "RatioCheck", "StatisticRange", "anova_f_range",
    "anova_from_summary", "debit", "diagnostic_accuracy", "fisher_freeman_halton", "grimmer_integer",
    "paired_t_from_summary", "paired_t_range", "printed_interval", "r_p_range", "r_test", "r_to_t",
    "ratio_ci_p", "rxc_chi2", "z_p_range", "z_to_p",
]
