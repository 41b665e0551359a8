"""The rule that chooses between χ² and Fisher's exact test for a count table."""
from __future__ import annotations

from dataclasses import dataclass
from collections.abc import Sequence

import numpy as np

from ..errors import InputError
from .result import TestResult

RULES = ("expected_lt5_fisher", "cochran", "always_chi2", "always_fisher")


@dataclass(frozen=True)
class TestRule:
    """How to pick the test for a count table.

    Attributes
    ----------
    name : str
        ``"expected_lt5_fisher"`` (default; the paper's stated method): Pearson χ² unless any
        expected count is below ``threshold``, then Fisher's exact test (2×2 only; larger
        tables keep χ² and say so).
        ``"cochran"``: Fisher when any expected count < 1 or more than 20 % of cells have
        expected < ``threshold`` (Cochran 1954).
        ``"always_chi2"``, ``"always_fisher"``: no choice.
    threshold : float
        Expected-count threshold (default 5).
    yates : bool
        Apply Yates' correction when χ² is used on a 2×2 table (default False, as SPSS's
        "Pearson Chi-Square" line, which is what the paper's values reproduce).
    """

    __test__ = False

    name: str = "expected_lt5_fisher"
    threshold: float = 5.0
    yates: bool = False

    def __post_init__(self) -> None:
        if self.name not in RULES:
            raise InputError(f"unknown test rule {self.name!r}; expected one of {', '.join(RULES)}")
        if not self.threshold > 0:
            raise InputError(f"test rule threshold must be positive (got {self.threshold})")


def choose_count_test(table: Sequence[Sequence[float]] | np.ndarray, rule: TestRule | None = None) -> TestResult:
    """Run the test the rule selects for a count table; the note says why.

    Examples
    --------
    >>> r = choose_count_test([[5, 93], [6, 37]])
    >>> r.key, round(r.p, 4)
    ('fisher', 0.0908)
    >>> r.note
    'Fisher: smallest expected count 3.35 < 5 (rule expected_lt5_fisher)'
    >>> choose_count_test([[6, 44], [22, 9]]).key
    'pearson_chi2'
    """
    rule = rule or TestRule()
    arr = np.asarray(table, dtype=float)
    from .contingency import expected_counts, fisher_exact, pearson_chi2  # scipy, on first use

    exp = expected_counts(arr)
    min_exp = float(exp.min())
    is_2x2 = arr.shape == (2, 2)
    frac_small = float(np.mean(exp < rule.threshold))
    chi = pearson_chi2(arr, correction=rule.yates)
    tag = f"(rule {rule.name})"
    if rule.name == "always_chi2":
        return _with_note(chi, f"chi-squared always {tag}; smallest expected count {min_exp:.2f}")
    if rule.name == "always_fisher":
        return _with_note(fisher_exact(arr), f"Fisher always {tag}")
    if rule.name == "expected_lt5_fisher":
        wants_fisher = min_exp < rule.threshold
        why = f"smallest expected count {min_exp:.2f} {'<' if wants_fisher else '>='} {rule.threshold:g}"
    else:  # cochran
        wants_fisher = min_exp < 1 or frac_small > 0.2
        why = (f"smallest expected count {min_exp:.2f}, {100 * frac_small:.0f}% of cells "
               f"below {rule.threshold:g}")
    if wants_fisher and is_2x2:
        return _with_note(fisher_exact(arr), f"Fisher: {why} {tag}")
    if wants_fisher:
        return _with_note(chi, f"chi-squared kept: {why} but Fisher is implemented for 2x2 only {tag}")
    return _with_note(chi, f"chi-squared: {why} {tag}")


def _with_note(result: TestResult, note: str) -> TestResult:
    from dataclasses import replace

    return replace(result, note=note)
