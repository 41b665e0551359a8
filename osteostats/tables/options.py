"""Options of the table builders: the study spec and the ``tests:`` section of the config."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import InputError
from ..stats import TestRule
from ..study import StudySpec, load_study


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
    study : StudySpec
        Groups, variables, findings and the layout of Tables 1-3.
    """

    rule: TestRule = field(default_factory=TestRule)
    t_test: str = "student"
    chi2_yates: bool = False
    study: StudySpec = field(default_factory=load_study)

    def __post_init__(self) -> None:
        if self.t_test not in ("student", "welch"):
            raise InputError(f"t_test must be 'student' or 'welch' (got {self.t_test!r})")

    @property
    def groups(self) -> tuple[str, ...]:
        """The compared groups, reference first."""
        return self.study.group_codes

    @classmethod
    def from_config(cls, cfg: dict, study: StudySpec | None = None) -> "TableOptions":
        """Build from a resolved config (see :func:`osteostats.config.resolve`)."""
        t = cfg["tests"]
        rule = TestRule(t["count_rule"], float(t["expected_threshold"]), bool(t["chi2_yates"]))
        return cls(rule, t["t_test"], bool(t["chi2_yates"]), study or load_study(cfg["study"]))
