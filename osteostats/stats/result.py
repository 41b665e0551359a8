"""The result record shared by every test."""
from __future__ import annotations

from dataclasses import asdict, dataclass

import pandas as pd


@dataclass(frozen=True)
class TestResult:
    """Outcome of one hypothesis test.

    Attributes
    ----------
    method : str
        The exact test, e.g. ``"Pearson chi-squared, no continuity correction"``,
        ``"Fisher's exact test, two-sided"``, ``"Student t (pooled variance)"``.
    statistic : float
        Test statistic (NaN where the test has none, e.g. Fisher's exact test).
    df : float
        Degrees of freedom (NaN where not applicable; non-integer for Welch).
    p : float
        Two-sided p-value.
    n : int
        Number of observations analysed (patients, vertebrae, or paired units).
    key : str
        Short machine name of the method (``student_t``, ``welch_t``, ``pearson_chi2``,
        ``yates_chi2``, ``lr_g``, ``fisher``, ``cochran_q``, ``mcnemar_exact``,
        ``mcnemar_chi2``).
    note : str
        Anything a reader needs, e.g. why the test was chosen.
    """

    __test__ = False  # not a pytest test class

    method: str
    statistic: float
    df: float
    p: float
    n: int
    key: str = ""
    note: str = ""

    def to_dict(self) -> dict:
        return asdict(self)


def results_frame(results: dict[str, TestResult] | list[TestResult]) -> pd.DataFrame:
    """Tidy frame, one row per test (snake_case columns)."""
    if isinstance(results, dict):
        rows = [{"test_id": k, **v.to_dict()} for k, v in results.items()]
    else:
        rows = [r.to_dict() for r in results]
    return pd.DataFrame(rows)
