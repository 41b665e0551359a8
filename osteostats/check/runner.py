"""Run every check on a published-values folder and collect the rows in a stable order."""
from __future__ import annotations

import pandas as pd

from ..published import Published
from .test_choice import choice_rows
from .consistency import category_rows, group_n_rows, link_rows, union_rows
from .paired_design import design_rows
from .grim import grim_rows
from .inputs import Index
from .rows import CHECK_ORDER, COLUMNS, CheckRow
from .nearest import nearest_rows
from .percentages import denominator_rows, percent_mode_row, percent_rows
from .pvalues import p_rows
from .dfcheck import df_rows
from .ratios import ratio_count_rows, ratio_rows
from .statistic import statistic_rows


def run_checks(pub: Published) -> list[CheckRow]:
    """Every check on a loaded published folder.

    Parameters
    ----------
    pub
        A folder read by :func:`osteostats.published.load_published`.

    Returns
    -------
    list of CheckRow
        Ordered by check (:data:`~osteostats.check.rows.CHECK_ORDER`), then by the order of
        the comparisons and arms in the folder: the same input always gives the same rows.

    Raises
    ------
    InputError
        When a count is not a whole number or exceeds its denominator (beyond what
        ``load_published`` already rejects).

    Notes
    -----
    The ``statistic`` check runs first; its recomputations feed the P, test-choice and
    nearest-counts checks.

    Examples
    --------
    >>> from osteostats.published import load_published
    >>> rows = run_checks(load_published("data/published"))
    >>> [(r.verdict) for r in rows if r.check == "statistic" and r.item == "t1_bmi"]
    ['rounding']
    """
    idx = Index(pub)
    idx.validate()
    stat, recs = statistic_rows(idx)
    rows: list[CheckRow] = list(stat)
    rows += df_rows(idx, recs)
    rows += p_rows(idx, recs)
    rows += ratio_rows(idx)
    rows += ratio_count_rows(idx)
    pct, tally = percent_rows(idx)
    rows += pct
    mode = percent_mode_row(tally)
    if mode is not None:
        rows.append(mode)
    rows += denominator_rows(idx)
    rows += grim_rows(idx)
    rows += choice_rows(recs, idx.alpha)
    rows += design_rows(idx)
    rows += category_rows(idx)
    rows += union_rows(idx)
    rows += link_rows(idx)
    rows += group_n_rows(idx)
    rows += nearest_rows(idx, recs)
    order = {c: i for i, c in enumerate(CHECK_ORDER)}
    return sorted(rows, key=lambda r: order[r.check])  # stable: keeps the folder's order within a check


def rows_frame(rows: list[CheckRow]) -> pd.DataFrame:
    """``checks.csv`` as a frame of strings with the columns of :data:`~osteostats.check.rows.COLUMNS`."""
    return pd.DataFrame([r.to_dict() for r in rows], columns=list(COLUMNS), dtype=str)
