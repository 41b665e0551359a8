"""Sensitivity, specificity, PPV, NPV with Wilson CIs.

References: Altman DG, Bland JM. Diagnostic tests 1: sensitivity and specificity. BMJ
1994;308:1552 (liver scan vs pathology: 231 true positives, 32 false positives, 27 false
negatives, 54 true negatives; sensitivity 231/258 = 0.90, specificity 54/86 = 0.63) and
Diagnostic tests 2: predictive values. BMJ 1994;309:102 (PPV 231/263 = 0.88, NPV 54/81 = 0.67).
Wilson intervals against the score formula written out (osteostats.stats.proportions.wilson_ci,
an independent hand implementation), 1e-12.
"""
import numpy as np
import pytest

from osteostats.errors import InputError
from osteostats.stats.diagnostic import diagnostic_accuracy
from osteostats.stats.proportions import wilson_ci


def test_liver_scan_example():
    d = diagnostic_accuracy(231, 32, 27, 54).set_index("measure")
    assert d.loc["sensitivity", "estimate"].round(2) == 0.90
    assert d.loc["specificity", "estimate"].round(2) == 0.63
    assert d.loc["ppv", "estimate"].round(2) == 0.88
    assert d.loc["npv", "estimate"].round(2) == 0.67
    for m, row in d.iterrows():
        lo, hi = wilson_ci(row.k, row.n)
        assert row.ci_low == pytest.approx(float(lo), abs=1e-12)
        assert row.ci_high == pytest.approx(float(hi), abs=1e-12)


def test_empty_margin_and_bad_counts():
    d = diagnostic_accuracy(0, 0, 3, 5).set_index("measure")
    assert np.isnan(d.loc["ppv", "estimate"]) and d.loc["ppv", "n"] == 0
    with pytest.raises(InputError, match="non-negative integer"):
        diagnostic_accuracy(1.5, 2, 3, 4)
