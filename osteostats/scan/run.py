"""Scan a document: one tidy row per statistic or fragment, and a summary."""
from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

from ..errors import InputError
from .extract import find_all, line_of, one_tailed_in_text
from .labels import REASONS, SUMMARY, VERDICTS, label
from .pcheck import CONSISTENT, DECISION, INCONSISTENT, NOT_CHECKABLE, UNREADABLE, check
from .read import Line, read_lines

COLUMNS = ["location", "line", "raw", "style", "statistic", "df1", "df2", "n", "stat_comparison", "stat_value",
           "p_comparison", "p_printed", "p_computed", "p_low", "p_high", "verdict", "reason", "one_tailed_fits", "note"]
VERDICT_ORDER = [CONSISTENT, INCONSISTENT, DECISION, NOT_CHECKABLE, UNREADABLE]


def _num(x: float | None) -> float:
    return math.nan if x is None else float(x)


def scan_lines(lines: list[Line], *, alpha: float = 0.05, one_tailed_txt: bool = False) -> pd.DataFrame:
    """Scan numbered lines (see :func:`scan_text`)."""
    if not 0 < alpha < 1:
        raise InputError(f"alpha must lie in (0, 1) (got {alpha})")
    text = "\n".join(x.text for x in lines)
    starts, pos = [], 0
    for x in lines:
        starts.append(pos)
        pos += len(x.text) + 1
    mentioned = one_tailed_in_text(text)
    rows = []
    for f in find_all(text):
        i = line_of(starts, f.start)
        c = check(f, alpha, mentioned, one_tailed_txt)
        rows.append({
            "location": lines[i].location if lines else "", "line": lines[i].number if lines else 0,
            "raw": " ".join(f.raw.split()), "style": f.style, "statistic": f.statistic,
            "df1": _num(f.df1), "df2": _num(f.df2), "n": _num(f.n), "stat_comparison": f.stat_comparison,
            "stat_value": f.stat_text, "p_comparison": f.p_comparison, "p_printed": f.p_text,
            "p_computed": c.p_computed, "p_low": c.p_low, "p_high": c.p_high, "verdict": c.verdict,
            "reason": c.reason, "one_tailed_fits": c.one_tailed_fits,
            "note": "; ".join(x for x in (f.df_note, c.note) if x),
        })
    return pd.DataFrame(rows, columns=COLUMNS)


def scan_text(text: str, *, alpha: float = 0.05, one_tailed_txt: bool = False) -> pd.DataFrame:
    """Every inline statistic and statistical fragment of ``text``, with its P check.

    Parameters
    ----------
    text
        Running text (line breaks allowed anywhere).
    alpha
        Significance level for decision errors (P = alpha counts as significant).
    one_tailed_txt
        statcheck's OneTailedTxt: when the text mentions one-tailed tests, a P that is right
        one-tailed is consistent (otherwise the row only notes ``one_tailed_fits``).

    Returns
    -------
    pandas.DataFrame
        One row per statistic or fragment, columns :data:`COLUMNS`: ``location`` and ``line``
        (1-based), ``raw`` text, ``statistic`` (t, F, r, z, chi2, Q, H or empty), ``df1``,
        ``df2``, ``n``, printed comparison and value, printed P, recomputed p at the printed
        statistic and its range over the statistic's rounding interval, ``verdict``
        (consistent, inconsistent, decision_error, not_checkable, unreadable) and ``reason``
        code (see :mod:`osteostats.scan.labels`).

    Notes
    -----
    The P check follows statcheck's rules (Nuijten et al. 2016) with the statistic's
    rounding; see :mod:`osteostats.scan.pcheck`. Compared with the ``statcheck`` package on
    its own test sentences in tests/test_scan_statcheck.py.

    Examples
    --------
    >>> df = scan_text("We found t(28) = 2.20, p = .036.\\n两组比较χ2=29.418，P<0.001；t=3.446，P<0.05")
    >>> df[["line", "statistic", "df1", "verdict", "reason"]].values.tolist()
    [[1, 't', 28.0, 'consistent', 'ok'], [2, 'chi2', nan, 'not_checkable', 'df_unknown'], [2, 't', nan, 'not_checkable', 'df_unknown']]
    """
    lines = [Line(t, i, f"line {i}") for i, t in enumerate(text.split("\n"), start=1)]
    return scan_lines(lines, alpha=alpha, one_tailed_txt=one_tailed_txt)


def scan_file(path: str | Path, *, alpha: float = 0.05, one_tailed_txt: bool = False) -> pd.DataFrame:
    """:func:`scan_text` on a .txt/.md, .pdf or .docx file (locations name page/paragraph)."""
    return scan_lines(read_lines(path), alpha=alpha, one_tailed_txt=one_tailed_txt)


def summary_lines(df: pd.DataFrame, source: str, lang: str = "en") -> list[str]:
    """The printed summary: counts by verdict, then every row that is not consistent.

    Examples
    --------
    >>> summary_lines(scan_text("t(28) = 1.20, p = .03"), "x.txt")[1]
    '1 statistics with a P checked: 0 consistent, 0 inconsistent, 1 decision errors; 0 not checkable; 0 unreadable.'
    """
    counts = {v: int((df["verdict"] == v).sum()) for v in VERDICT_ORDER}
    checked = counts[CONSISTENT] + counts[INCONSISTENT] + counts[DECISION]
    out = [label(SUMMARY, "title", lang, source=source)]
    if df.empty:
        return out + [label(SUMMARY, "none", lang)]
    out.append(label(SUMMARY, "counts", lang, n=checked, **counts))
    if df["one_tailed_fits"].any():
        out.append(label(SUMMARY, "one_tailed", lang))
    for _, r in df.iterrows():
        if r["verdict"] == CONSISTENT and r["reason"] != "one_tailed":
            continue
        out.append(label(SUMMARY, "row", lang, location=r["location"], raw=r["raw"],
                         verdict=label(VERDICTS, r["verdict"], lang), reason_text=label(REASONS, r["reason"], lang)))
    return out
