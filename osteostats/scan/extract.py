"""Patterns for inline statistics (APA and Chinese-journal style) and for every fragment that
looks statistical but cannot be checked.

A *statistic* is a test symbol, an optional df in parentheses, a comparison, a number, a comma
(or only spaces) and a P (``p = .036``, ``P<0.001``, ``ns``). Recognised symbols: ``t``, ``F``,
``r``, ``z``/``Z``, ``χ2``/``χ²``/``chi2``/``X2`` (χ²), ``Q`` (χ² distribution) and ``H``
(Kruskal–Wallis, χ² distribution); a ratio (OR, RR, HR) with its 95 % CI and P. A *fragment* is
anything else that looks statistical: a P without a statistic (or a significance level), a
statistic without a P, a rank statistic (U, W), a malformed number, a df where the test has
none, a table row of statistics. Fragments are reported, never guessed into statistics.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from .normalize import normalize

_LB = r"(?<![A-Za-z0-9_.])"
_CHI = r"(?:χ\s?2|χ|[Cc]hi\s?-?\s?squared?|[Cc]hi\s?_?\s?2|[Xx]\s?2|\[CHI\]2?)"
_STAT = rf"{_LB}(?P<stat>{_CHI}|t|F|r|[zZ]|Q|H)"
_DF = (r"(?:\s?\(\s?(?:df\s?=\s?)?(?P<df1>\d+(?:\.\d+)?|[Il])\s?(?:,\s?(?P<df2>\d+(?:\.\d+)?))?"
       r"\s?(?:,\s?[Nn]\s?=\s?(?P<N>\d{1,3}(?:,\d{3})+|\d+))?\s?\))?")
_COMP = r"(?:\s?值)?\s?(?P<tcomp>[=<>≤≥]|为)\s?"
_VAL = r"(?P<tval>-?\s?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+))(?![\d.]*\d)"
_PVAL = r"(?P<pval>(?:\d*\.\d+|\d+)(?:\s?[eE]\s?-?\s?\d+|\s?[×xX*]\s?10\s?\^?\s?-?\s?\d+)?)"
_P = (rf"(?:(?<![A-Za-z])(?P<pletter>[pP])\s?(?:值)?\s?(?P<pcomp>[=<>≤≥])\s?{_PVAL}"
      r"|(?P<ns>(?<![A-Za-z])(?:n\.s\.|ns|NS)(?![A-Za-z])))")
_SEP = r"(?:\s?,\s?|\s+)"
#: A df or n printed between the statistic and P: "t = 2.20, df = 28, p = .036", "r = .32, n = 50, P = .02".
_MID = r"(?:\s?,\s?(?:df\s?=\s?(?P<dfm>\d+(?:\.\d+)?)|[Nn]\s?=\s?(?P<nm>\d{1,3}(?:,\d{3})+|\d+)))?"

FULL = re.compile(_STAT + _DF + _COMP + _VAL + _MID + _SEP + _P)
P_ALONE = re.compile(_P)
_NUMBER = r"(?:\d+(?:\.\d+)?|\.\d+)"
#: A ratio with its 95 % CI and P: "OR = 2.50, 95% CI 1.10-5.60, P = 0.03", "HR 0.81 (95% CI 0.70 to 0.94), p = .005".
RATIO = re.compile(
    rf"(?<![A-Za-z])(?P<rname>a?OR|a?RR|a?HR|IRR)\s?(?:值)?\s?[=:]?\s?(?P<est>{_NUMBER})\s?[,;(]?\s?"
    rf"95\s?%\s?(?:CI|置信区间)\s?[:=,]?\s?[(\[]?\s?(?P<lo>{_NUMBER})\s?(?:-|to|~|,)\s?(?P<hi>{_NUMBER})\s?[)\]]?\s?[)]?"
    + _SEP + _P)
#: Rank statistics whose P needs the group sizes: "U = 123, p = .03", "W = 45.5, P = 0.21".
RANK = re.compile(rf"{_LB}(?P<stat>U|W)\s?(?:值)?\s?[=]\s?(?P<tval>{_NUMBER}){_SEP}" + _P)
STAT_ALONE = re.compile(_STAT + _DF + r"(?:\s?值)?\s?(?P<tcomp>[=<>]|为)\s?(?P<tval>-?\s?[\d.,]*\d[\d.]*)")
_LABEL = r"(?:t\s?/\s?χ\s?2|χ\s?2|chi2|t|F|Z|z|H|P|p|χ)"
_CELL = r"(?:[<>]?\s?-?(?:\d+(?:\.\d+)?|\.\d+)|-)"
TABLE_ROW = re.compile(rf"^\s*{_LABEL}(?:\s?值|\s(?:value|statistic))(?:\s|$)"   # "t/χ2值 3.446 …", "P value <0.001 …"
                       rf"|^\s*{_LABEL}(?:\s+{_CELL}){{2,}}\s*$")                  # "t 3.446 29.418 0.729"
THRESHOLD_AFTER = re.compile(r"^\s?[)]?\s?(?:认为|为|表示|示|considered|indicat|denot"
                             r"|(?:was|were|is|are)\s(?:considered|regarded|set|accepted|taken|defined|used|deemed))")
THRESHOLD_BEFORE = re.compile(r"(?:significan\w*|level|alpha|α|检验水准|以)\s?(?:was|were|is|at|of|set|defined|as|:|=|,|\s)*\s?[(]?$",
                              re.IGNORECASE)
ONE_TAILED = re.compile(r"one.?sided|one.?tailed|directional|单侧|单尾", re.IGNORECASE)
_STRICT_NUM = re.compile(r"^-?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)$")

FAMILY = {"t": "t", "F": "F", "r": "r", "z": "z", "Z": "z", "Q": "Q", "H": "H"}


@dataclass(frozen=True)
class Found:
    """One statistic or fragment found in the text.

    Attributes
    ----------
    start, end : int
        Offsets in the joined text.
    raw : str
        The text as printed (original characters).
    statistic : str
        ``t``, ``F``, ``r``, ``z``, ``chi2``, ``Q``, ``H``; a ratio (``OR``, ``RR``, ``HR``, ``aOR``,
        ``aRR``, ``aHR``, ``IRR``) with ``ci_low``/``ci_high``; ``U``, ``W``; or ``""`` (a P alone).
    df1, df2 : float or None
        Degrees of freedom as printed (single-df tests use ``df1``).
    n : int or None
        A sample size printed in the df parentheses (``χ2(1, N = 81)``).
    stat_comparison, stat_text : str
        ``=``, ``<``, ``>``, ``≤``, ``≥`` and the printed number (sign kept, separators removed).
    p_comparison, p_text : str
        ``=``, ``<``, ``>``, ``≤``, ``≥`` or ``ns``, and the printed P.
    style : str
        ``apa`` (lower-case p) or ``chinese`` (capital P, full-width punctuation).
    reason : str
        ``""`` for a checkable statistic, else the reason code of the fragment.
    df_note : str
        How the df was obtained when it was not printed in parentheses.
    ci_low, ci_high : str
        The printed 95 % CI of a ratio (statistic ``ratio``).
    """

    start: int
    end: int
    raw: str
    statistic: str
    df1: float | None
    df2: float | None
    n: int | None
    stat_comparison: str
    stat_text: str
    p_comparison: str
    p_text: str
    style: str
    reason: str
    df_note: str = ""
    ci_low: str = ""
    ci_high: str = ""


def _family(symbol: str) -> str:
    s = symbol.replace(" ", "")
    return FAMILY.get(s, "chi2")


def _num(text: str) -> str:
    return text.replace(" ", "").replace(",", "")


def _p_text(m: re.Match) -> tuple[str, str]:
    if m.group("ns"):
        return "ns", m.group("ns")
    comp = {"≤": "<", "≥": ">"}.get(m.group("pcomp"), m.group("pcomp"))
    return comp, m.group("pval").replace(" ", "")


def parse_p(text: str) -> tuple[Decimal, Decimal]:
    """A printed P as (value, half a unit of its last printed digit).

    Examples
    --------
    >>> parse_p(".036"), parse_p("1.2×10-5")
    ((Decimal('0.036'), Decimal('0.0005')), (Decimal('0.000012'), Decimal('5E-7')))
    """
    t = text.replace(" ", "")
    m = re.match(r"^(\d*\.\d+|\d+)(?:[eE](-?\d+)|[×xX*]10\^?(-?\d+))?$", t)
    if not m:
        raise ValueError(f"not a P value: {text!r}")
    mant = Decimal(m.group(1))
    exp = int(m.group(2) or m.group(3) or 0)
    last = mant.as_tuple().exponent + exp
    return mant.scaleb(exp), Decimal(5).scaleb(last - 1)


def find_all(text: str) -> list[Found]:
    """Every statistic and fragment in ``text``, in order of position.

    Examples
    --------
    >>> [(f.statistic, f.df1, f.stat_text, f.p_comparison, f.p_text, f.reason)
    ...  for f in find_all("as shown, t(28) = 2.20, p = .036 and χ²＝29.418，P＜0.001 (P<0.05)")]
    [('t', 28.0, '2.20', '=', '.036', ''), ('chi2', None, '29.418', '<', '0.001', ''), ('', None, '', '<', '0.05', 'p_without_statistic')]
    """
    norm = normalize(text)
    out: list[Found] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= x or a >= y for x, y in taken)

    # table rows of statistics (Chinese tables: "t/χ2值 3.446 29.418", "P值 <0.001")
    pos = 0
    for line in text.split("\n"):
        nline = normalize(line)
        if TABLE_ROW.match(nline) and re.search(r"\d", nline):
            a, b = pos, pos + len(line)
            out.append(Found(a, b, line.strip(), "", None, None, None, "", "", "", "", "table", "table_row"))
            taken.append((a, b))
        pos += len(line) + 1

    for m in FULL.finditer(norm):
        if not free(m.start(), m.end()):
            continue
        fam = _family(m.group("stat"))
        df1, df2, nn = m.group("df1"), m.group("df2"), m.group("N") or m.group("nm")
        d1 = 1.0 if df1 in ("I", "l") else (float(df1) if df1 else None)
        d2 = float(df2) if df2 else None
        n = int(nn.replace(",", "")) if nn else None
        df_note = ""
        if m.group("dfm"):
            if d1 is None:
                d1, df_note = float(m.group("dfm")), "df printed after the statistic"
            else:
                df_note = "two df printed"
        elif d1 is None and n is not None and fam == "r":
            d1, df_note = float(n - 2), f"df = n - 2 = {n - 2} from the printed n"
        elif d1 is None and n is not None and fam == "t":
            df_note = "n printed, but the df of t depends on the design (n - 1 paired, n - 2 two groups)"
        pcomp, ptxt = _p_text(m)
        style = "chinese" if (m.group("pletter") == "P" or re.search(r"[，＝＜＞（）值]", text[m.start():m.end()])) else "apa"
        reason = ""
        tval = _num(m.group("tval"))
        if fam == "z" and d1 is not None:
            reason = "df_not_allowed"
        elif fam == "F" and d1 is not None and d2 is None:
            reason = "df_incomplete"
        elif fam in ("t", "r", "chi2", "Q", "H") and d2 is not None:
            reason = "df_not_allowed"
        elif df_note == "two df printed":
            reason = "df_not_allowed"
        elif fam in ("t", "r", "F") and m.group("N") is not None:
            reason = "df_not_allowed"
        elif d1 is not None and d1 <= 0:
            reason = "df_not_allowed"
        elif fam == "r" and abs(float(tval)) > 1:
            reason = "r_out_of_range"
        elif pcomp != "ns" and parse_p(ptxt)[0] > 1:
            reason = "p_out_of_range"
        out.append(Found(m.start(), m.end(), text[m.start():m.end()].strip(), fam, d1, d2, n,
                         m.group("tcomp").replace("为", "="), tval, pcomp, ptxt, style, reason, df_note))
        taken.append((m.start(), m.end()))

    for m in RATIO.finditer(norm):
        if not free(m.start(), m.end()):
            continue
        pcomp, ptxt = _p_text(m)
        style = "chinese" if m.group("pletter") == "P" else "apa"
        out.append(Found(m.start(), m.end(), text[m.start():m.end()].strip(), m.group("rname"), None, None, None, "=",
                         m.group("est"), pcomp, ptxt, style, "", "", m.group("lo"), m.group("hi")))
        taken.append((m.start(), m.end()))

    for m in RANK.finditer(norm):
        if not free(m.start(), m.end()):
            continue
        pcomp, ptxt = _p_text(m)
        out.append(Found(m.start(), m.end(), text[m.start():m.end()].strip(), m.group("stat"), None, None, None,
                         "=", m.group("tval"), pcomp, ptxt, "apa" if m.group("pletter") == "p" else "chinese",
                         "rank_statistic"))
        taken.append((m.start(), m.end()))

    for m in STAT_ALONE.finditer(norm):
        if not free(m.start(), m.end()):
            continue
        tval = _num(m.group("tval"))
        reason = "statistic_without_p" if _STRICT_NUM.match(m.group("tval").replace(" ", "")) else "malformed_number"
        out.append(Found(m.start(), m.end(), text[m.start():m.end()].strip(), _family(m.group("stat")),
                         None, None, None, m.group("tcomp").replace("为", "="), tval, "", "", "", reason))
        taken.append((m.start(), m.end()))

    for m in P_ALONE.finditer(norm):
        if m.group("ns") or not free(m.start(), m.end()):
            continue
        pcomp, ptxt = _p_text(m)
        after = norm[m.end():m.end() + 16]
        before = norm[max(0, m.start() - 40):m.start()]
        threshold = THRESHOLD_AFTER.match(after) or THRESHOLD_BEFORE.search(before)
        reason = "significance_threshold" if threshold else "p_without_statistic"
        style = "chinese" if m.group("pletter") == "P" else "apa"
        out.append(Found(m.start(), m.end(), text[m.start():m.end()].strip(), "", None, None, None, "", "",
                         pcomp, ptxt, style, reason))
        taken.append((m.start(), m.end()))
    return sorted(out, key=lambda f: (f.start, f.end))


def line_of(starts: list[int], offset: int) -> int:
    """0-based index of the line containing ``offset`` given the lines' start offsets."""
    return bisect.bisect_right(starts, offset) - 1


def one_tailed_in_text(text: str) -> bool:
    """Does the text mention one-tailed/one-sided/directional tests (statcheck's rule, plus 单侧/单尾)?

    Examples
    --------
    >>> one_tailed_in_text("all tests were one-tailed"), one_tailed_in_text("two-sided")
    (True, False)
    """
    return ONE_TAILED.search(text) is not None


def decimal_of(text: str) -> tuple[Decimal, Decimal]:
    """A printed statistic as (value, half a unit of its last digit).

    Examples
    --------
    >>> decimal_of("2.20"), decimal_of("-4.46")
    ((Decimal('2.20'), Decimal('0.005')), (Decimal('-4.46'), Decimal('0.005')))
    """
    try:
        d = Decimal(text)
    except InvalidOperation as exc:
        raise ValueError(f"not a number: {text!r}") from exc
    return d, Decimal(5).scaleb(d.as_tuple().exponent - 1)
