"""The row every check produces, the verdict and reason vocabularies, fixed number formatting.

Every check returns :class:`CheckRow` records. The runner sorts them into a stable order and
writes them as ``checks.csv`` with the columns of :data:`COLUMNS`: the seven human-readable
columns first (:data:`TEXT_COLUMNS`), then the machine-readable fields (:data:`FIELD_COLUMNS`)
a report renders without reading the note. Numbers are formatted by the helpers here only,
so the output is byte-for-byte reproducible.
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass

from ..printed import PrintedNumber

#: The human-readable columns of ``checks.csv`` (unchanged since the first release).
TEXT_COLUMNS = ("check", "table", "item", "printed", "recomputed", "verdict", "note")
#: The machine-readable fields, after the text columns.
FIELD_COLUMNS = ("reason", "method", "conclusion_changes", "recomputed_low", "recomputed_high",
                 "p_low", "p_high", "alpha")
#: Output columns of ``checks.csv``, in order.
COLUMNS = TEXT_COLUMNS + FIELD_COLUMNS

CONSISTENT = "consistent"
ROUNDING = "rounding"
INCONSISTENT = "inconsistent"
DECISION = "decision"
WARNING = "warning"
SKIPPED = "skipped"

#: Verdicts in the order the summary lists them.
VERDICTS = (CONSISTENT, ROUNDING, INCONSISTENT, DECISION, WARNING, SKIPPED)

#: Check names in output order: statistic, p, percentages and means, test choice, design,
#: cross-table consistency, nearest counts.
CHECK_ORDER = (
    "statistic",
    "df",
    "p_vs_statistic",
    "p_vs_recomputed",
    "ratio_ci",
    "ratio_counts",
    "percent",
    "percent_mode",
    "denominator",
    "grim",
    "grimmer",
    "debit",
    "sd_bound",
    "test_choice",
    "design",
    "cochran_q_range",
    "category_sum",
    "union",
    "link",
    "group_n",
    "nearest_counts",
)


#: Reason codes: why a row got its verdict, one short snake_case code per outcome, with the
#: sentence a report can show for it. Verdict and reason together say what was found; the
#: note gives the numbers in words.
REASONS: dict[str, str] = {
    # statistic
    "stat_reproduced": "a test recomputed from the printed inputs rounds to the printed statistic",
    "stat_within_input_rounding": "the printed statistic is reached only within the rounding of the printed inputs",
    "stat_outside_range": "no test reproduces the printed statistic, even allowing for the rounding of its inputs",
    "stat_not_printed": "no statistic printed",
    "stat_possible_for_some_correlation": "the printed paired t is possible for some within-pair correlation (SD of differences not printed)",
    "stat_impossible_for_any_correlation": "no within-pair correlation gives the printed paired t",
    "stat_not_recomputable": "the statistic is computed from the raw data (e.g. a correlation): only its P is checked",
    "rank_test_not_recomputable": "a rank test (U, H, or z on medians) needs the raw data's ranks: not recomputable from the table",
    # df
    "df_matches_design": "the printed df is the one the design gives",
    "df_differs_from_design": "the printed df is not the one the design gives",
    "df_design_unknown": "the design gives no df to compare the printed df with",
    # ratio_ci
    "ratio_p_from_ci": "the printed P lies in the range implied by the ratio's CI",
    "ratio_p_not_from_ci": "the printed P is outside the range implied by the ratio's CI",
    "ratio_ci_symmetric": "the CI can be a Wald interval around the estimate (no P printed)",
    "ratio_ci_asymmetric": "the CI cannot be symmetric on the log scale around the estimate: its implied P is approximate",
    "ratio_outside_ci": "the estimate lies outside its CI (or a limit is not positive)",
    "ratio_from_counts": "the printed ratio is the crude ratio of the printed counts",
    "ratio_not_from_counts": "the printed ratio is not the crude ratio of the printed counts (adjusted, or misprinted)",
    # p_vs_statistic
    "p_from_printed_stat": "the printed P follows from the printed statistic and its df",
    "p_within_stat_rounding": "the printed P is reached only within the printed statistic's rounding",
    "p_not_from_printed_stat": "the printed P does not follow from the printed statistic and its df",
    "stat_or_p_missing": "the statistic or the P is not printed as a number",
    "df_not_derivable": "the degrees of freedom cannot be derived from the printed design",
    # p_vs_recomputed
    "p_reproduced": "a test recomputed from the printed inputs gives the printed P",
    "p_within_input_rounding": "the printed P is reached only within the rounding of the printed inputs",
    "p_not_reproduced": "no test recomputed from the printed inputs gives the printed P",
    "p_not_printed": "no P printed",
    # percent, percent_mode
    "percent_rounds_half_up": "count / n rounds (half-up) to the printed percentage",
    "truncated_percent": "the printed percentage is count / n truncated, not rounded",
    "half_even_percent": "the printed percentage is count / n rounded half-to-even",
    "percent_not_from_count": "no rounding of count / n gives the printed percentage",
    "percent_other_denominator": "the printed percentage follows from the count over another printed denominator",
    "percent_inequality": "the percentage is printed as an inequality",
    "truncated_in_half_up_paper": "only truncation gives this percentage, in a paper that otherwise rounds half-up",
    "paper_rounds_half_up": "the paper rounds its percentages half-up",
    "paper_truncates": "the paper truncates its percentages",
    "paper_rounds_half_even": "the paper rounds its percentages half-to-even",
    "paper_mixes_modes": "the paper rounds some percentages and truncates others",
    # denominator, group_n
    "denominator_is_printed_size": "the counts use the group size printed in the table",
    "denominator_is_paper_size": "the counts use the group size of the paper (no size printed in the table)",
    "header_other_unit": "the table prints a group size of another unit than its counts use",
    "several_denominators": "one group's rows use several denominators",
    "denominator_not_printed_size": "the counts use a denominator that is not a printed group size",
    "group_size_missing": "no group size printed",
    "group_n_agrees": "every n of the group agrees",
    "group_n_differs": "the group's n differs between rows or from the paper",
    # grim, grimmer, sd_bound
    "grim_sum_exists": "an integer sum gives the printed mean",
    "grim_uninformative": "an integer sum gives the printed mean (uninformative: n is large for the printed decimals)",
    "grim_no_integer_sum": "no integer sum gives the printed mean of integer data",
    "mean_inequality": "the mean is printed as an inequality",
    "grimmer_witness_found": "integer data with the printed mean and SD exist",
    "grimmer_no_witness": "no integer data have the printed mean and SD",
    "grim_failed": "not checked: the mean already fails GRIM",
    "debit_witness_found": "some count of ones gives the printed mean and SD of a 0/1 variable",
    "debit_no_witness": "no 0/1 data have the printed mean and SD (DEBIT)",
    "sd_missing": "no SD printed",
    "sd_within_bounds": "the printed SD is possible with the printed minimum and maximum",
    "sd_outside_bounds": "the printed SD is impossible with the printed minimum and maximum",
    "mean_outside_range": "the printed mean lies outside the printed range",
    # test_choice
    "expected_counts_ok": "the expected counts allow the chi-squared test",
    "rule_selects_fisher": "an expected count is below 5: Fisher's exact test was indicated",
    "rule_selects_exact": "Cochran's rule fails: the Fisher-Freeman-Halton exact test was indicated",
    "exact_test_not_enumerated": "an exact test was indicated but has too many tables to enumerate",
    # design, cochran_q_range
    "paired_design_ignored": "paired readings of the same units analysed as independent samples",
    "paired_q_range": "exact range of Cochran's Q over every pairing with the printed margins",
    "paired_margins_impossible": "no paired table has the printed margins",
    "paired_q_undefined": "Cochran's Q is undefined for every pairing (no discordant units)",
    "no_common_n": "the arms have no common number of units",
    "too_few_modalities": "fewer than two component modalities",
    # category_sum, union, link
    "categories_sum_to_n": "the categories sum to n",
    "categories_exceed_n": "mutually exclusive categories sum to more than n",
    "categories_short_of_n": "the categories sum to less than n",
    "categories_denominators_differ": "the categories use different denominators",
    "union_within_bounds": "the union count lies between its largest component and their sum",
    "union_outside_bounds": "the union count is impossible given its components",
    "component_counts_missing": "no component count printed",
    "same_count": "the same quantity has the same count in both places",
    "counts_differ": "the same quantity has different counts in two places",
    # nearest_counts
    "nearest_table_found": "a nearby table of counts reproduces the printed statistic",
    "no_table_within_radius": "no nearby table of counts reproduces the printed statistic",
    # shared
    "inputs_missing": "not checked: the inputs are not printed",
    "count_missing": "not checked: a count is not printed",
    "value_missing": "not checked: a value is not printed as a number",
}


@dataclass(frozen=True)
class CheckRow:
    """One line of ``checks.csv``.

    Attributes
    ----------
    check : str
        Which check (one of :data:`CHECK_ORDER`).
    table : str
        Table label as printed ("1", "2", "S1"); empty for paper-wide rows.
    item : str
        What was checked: a comparison id, optionally ``comparison[arm]``.
    printed : str
        The printed value(s) the check starts from, as printed.
    recomputed : str
        The recomputed value, or an interval ``[lo, hi]`` when rounding was propagated.
    verdict : str
        One of :data:`VERDICTS`.
    note : str
        The numbers and the exact test behind the verdict, in words.
    reason : str
        Why the row got its verdict: a code of :data:`REASONS`.
    method : str
        The exact test behind the recomputed value (empty when no test is involved).
    conclusion_changes : bool or None
        Does the decision at ``alpha`` change when the printed value is replaced by this row's
        recomputation? None when not applicable or not decidable (e.g. a printed "P = 0.050",
        or a recomputed p range straddling alpha).
    recomputed_low, recomputed_high : float or None
        The recomputed value as numbers (equal ends for a point value; None when the recomputed
        column holds no number).
    p_low, p_high : float or None
        The p-value range of the recomputed test, when the row involves one.
    alpha : float or None
        The significance level the row was judged at (rows about a test only).
    """

    check: str
    table: str
    item: str
    printed: str
    recomputed: str
    verdict: str
    note: str
    reason: str = ""
    method: str = ""
    conclusion_changes: bool | None = None
    recomputed_low: float | None = None
    recomputed_high: float | None = None
    p_low: float | None = None
    p_high: float | None = None
    alpha: float | None = None

    def __post_init__(self) -> None:
        if self.verdict not in VERDICTS:  # programming error, not user input
            raise ValueError(f"unknown verdict {self.verdict!r}")
        if self.check not in CHECK_ORDER:
            raise ValueError(f"unknown check {self.check!r}")
        if self.reason not in REASONS:
            raise ValueError(f"unknown reason {self.reason!r}")

    def to_dict(self) -> dict[str, str]:
        """The row as CSV cells: text columns verbatim, fields formatted by :func:`fmt_field`.

        Examples
        --------
        >>> r = CheckRow("statistic", "1", "t1_bmi", "0.729", "[0.7084, 0.7391]", "rounding", "...",
        ...              reason="stat_within_input_rounding", conclusion_changes=False,
        ...              recomputed_low=0.70843, recomputed_high=0.73906, alpha=0.05)
        >>> {k: v for k, v in r.to_dict().items() if k in FIELD_COLUMNS}
        {'reason': 'stat_within_input_rounding', 'method': '', 'conclusion_changes': 'false', 'recomputed_low': '0.70843', 'recomputed_high': '0.73906', 'p_low': '', 'p_high': '', 'alpha': '0.05'}
        """
        return {k: (v if k in TEXT_COLUMNS or k in ("reason", "method") else fmt_field(v))
                for k, v in asdict(self).items()}


def fmt_field(x: float | bool | None) -> str:
    """A machine-readable cell: ``true``/``false``, a number to 10 significant digits, or empty.

    Examples
    --------
    >>> fmt_field(True), fmt_field(None), fmt_field(0.000856765558123), fmt_field(float("inf")), fmt_field(float("nan"))
    ('true', '', '0.0008567655581', 'inf', '')
    """
    if x is None:
        return ""
    if isinstance(x, bool):
        return "true" if x else "false"
    x = float(x)
    if math.isnan(x):
        return ""
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    s = f"{x:.10g}"
    return "0" if float(s) == 0 else s


def fmt(x: float | None, decimals: int = 4) -> str:
    """Fixed-point formatting used in every output cell.

    Examples
    --------
    >>> fmt(29.41812, 4), fmt(float("inf")), fmt(None), fmt(-0.0, 2)
    ('29.4181', 'inf', '', '0.00')
    """
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return ""
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    s = f"{x:.{decimals}f}"
    if float(s) == 0:
        s = s.lstrip("-")
    return s


def fmt_p(p: float | None) -> str:
    """A p-value: 4 decimals, or 3 significant digits in scientific form below 0.0001.

    Examples
    --------
    >>> fmt_p(0.0712), fmt_p(1.17e-7), fmt_p(1.0)
    ('0.0712', '1.17e-07', '1.0000')
    """
    if p is None or math.isnan(p):
        return ""
    if p < 1e-4:
        return f"{p:.2e}"
    return f"{p:.4f}"


def fmt_interval(lo: float, hi: float, decimals: int = 4, *, p: bool = False) -> str:
    """``[lo, hi]``, or a single number when both ends format the same.

    Examples
    --------
    >>> fmt_interval(0.70504, 0.74241)
    '[0.7050, 0.7424]'
    >>> fmt_interval(1.0, 1.0)
    '1.0000'
    """
    f = fmt_p if p else (lambda v: fmt(v, decimals))
    a, b = f(lo), f(hi)
    return a if a == b else f"[{a}, {b}]"


def stat_decimals(printed: PrintedNumber | None, default: int = 3) -> int:
    """Decimals to show a recomputed value with: one more than printed (at least 3).

    Examples
    --------
    >>> from osteostats.printed import parse_printed
    >>> stat_decimals(parse_printed("3.446")), stat_decimals(parse_printed("4"))
    (4, 3)
    """
    if printed is None or printed.is_missing:
        return default + 1
    return max(default, printed.decimals + 1)
