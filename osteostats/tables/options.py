"""Options of the table builders (set from ``config/config.yaml``)."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import InputError
from ..stats import TestRule


@dataclass(frozen=True)
class TableOptions:
    """How the tables are computed.

    Attributes
    ----------
    rule : TestRule
        Picks χ² or Fisher for each 2×2 count table (default: χ² unless an expected count
        is < 5, then Fisher -- the paper's stated method).
    t_test : str
        ``"student"`` (pooled variance; the paper's "independent-samples t-test") or
        ``"welch"``.
    chi2_yates : bool
        Whether the χ² reported beside a printed χ² uses Yates' correction. The paper's
        values are reproduced by the uncorrected Pearson χ² (SPSS's first line), so the
        default is False.
    groups : tuple of str
        The two compared groups, reference first.
    """

    rule: TestRule = field(default_factory=TestRule)
    t_test: str = "student"
    chi2_yates: bool = False
    groups: tuple[str, str] = ("OP", "MET")

    def __post_init__(self) -> None:
        if self.t_test not in ("student", "welch"):
            raise InputError(f"t_test must be 'student' or 'welch' (got {self.t_test!r})")

    @classmethod
    def from_config(cls, cfg: dict) -> "TableOptions":
        """Build from the ``tests:`` section of the workflow config."""
        t = cfg.get("tests", {}) or {}
        rule = TestRule(t.get("count_rule", "expected_lt5_fisher"), float(t.get("expected_threshold", 5)),
                        bool(t.get("chi2_yates", False)))
        return cls(rule, t.get("t_test", "student"), bool(t.get("chi2_yates", False)),
                   tuple(cfg.get("groups", ["OP", "MET"])))
