"""Recognise header words: group sizes, statistic and P labels, units, "any modality" rows.

English and Chinese: ``OP (n=50)``, ``骨质疏松组(n = 50)``, ``对照组 50例``, ``MET group (n = 43
vertebrae)``; ``t/χ2值``, ``χ²``, ``F``, ``Z``, ``P值``, ``P value``; ``X线+CT+MRI``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_SIZE = re.compile(
    r"^(?P<label>.*?)\s*[\(（\[]?\s*(?:[nN]\s*[=＝]\s*(?P<n1>\d[\d,]*)\s*(?P<unit1>[^\)）\]]*?)|(?P<n2>\d+)\s*(?P<unit2>例|名|人|个|只|眼|颗|椎体?))\s*[\)）\]]?\s*[:：]?\s*$")

#: Unit words -> unit of analysis.
UNITS = {
    "patient": ("例", "名", "人", "患者", "patient", "patients", "case", "cases", "病例"),
    "subject": ("subject", "subjects", "participant", "participants"),
    "vertebra": ("椎体", "椎", "vertebra", "vertebrae", "vertebral", "个椎体"),
    "eye": ("眼", "eye", "eyes"),
    "tooth": ("颗", "tooth", "teeth"),
}


@dataclass(frozen=True)
class GroupHeader:
    """A header naming a group and its size."""

    label: str
    n: int
    unit: str  # "" when no unit word is printed


def group_header(text: str) -> GroupHeader | None:
    """The group label and size of a header cell, or None when it prints no size.

    Examples
    --------
    >>> group_header("骨质疏松性骨折(n=50)")
    GroupHeader(label='骨质疏松性骨折', n=50, unit='')
    >>> group_header("MET group (n = 43 vertebrae):")
    GroupHeader(label='MET group', n=43, unit='vertebra')
    >>> group_header("对照组 50例")
    GroupHeader(label='对照组', n=50, unit='patient')
    >>> group_header("OP (n=1,234)").n
    1234
    >>> group_header("年龄") is None, group_header("骨质疏松(T值≤-2.5)") is None
    (True, True)
    """
    s = str(text).strip()
    m = _SIZE.match(s)
    if not m:
        return None
    n_text = m.group("n1") or m.group("n2")
    unit_word = (m.group("unit1") or m.group("unit2") or "").strip().strip(",;")
    label = m.group("label").strip().rstrip(",;:：，")
    if not label:
        return None
    return GroupHeader(label, int(n_text.replace(",", "")), unit_of(unit_word))


def unit_of(text: str) -> str:
    """The unit named by a word ("vertebrae" -> "vertebra", "例" -> "patient"), or ""."""
    t = str(text).strip().lower()
    if not t:
        return ""
    for unit, words in UNITS.items():
        if t in words:
            return unit
    for unit, words in UNITS.items():
        if any(w in t for w in words if len(w) > 1):
            return unit
    return ""


def group_code(label: str) -> str:
    """A group code from its label: the label without a trailing "group"/"组".

    Examples
    --------
    >>> group_code("OP group"), group_code("骨质疏松组"), group_code("Control")
    ('OP', '骨质疏松', 'Control')
    """
    s = re.sub(r"\s*(group|arm|组)$", "", label.strip(), flags=re.IGNORECASE).strip() or label.strip()
    return re.sub(r"[\s;,]+", "_", s)


# ---------------------------------------------------------------------------------------------
# statistic labels
_STAT_WORDS = {
    "t": "t", "t值": "t", "t-value": "t", "tvalue": "t",
    "χ2": "chi2", "χ²": "chi2", "x2": "chi2", "chi2": "chi2", "chi²": "chi2", "chi-square": "chi2",
    "chisquare": "chi2", "χ2值": "chi2", "卡方": "chi2", "卡方值": "chi2",
    "f": "F", "f值": "F",
    "z": "z", "z值": "z", "u": "U", "u值": "U", "h": "H", "h值": "H", "r": "r", "r值": "r",
    "t/χ2": "by_kind", "χ2/t": "by_kind", "t/χ²": "by_kind", "χ²/t": "by_kind", "t/χ2值": "by_kind",
    "χ2/t值": "by_kind", "t或χ2": "by_kind", "统计量": "by_kind", "统计值": "by_kind", "检验值": "by_kind",
    "statistic": "by_kind", "teststatistic": "by_kind", "t/x2": "by_kind", "x2/t": "by_kind",
    "t/z": "by_kind", "z/χ2": "by_kind", "χ2/z": "by_kind", "t/χ2/z": "by_kind",
    "p": "p", "p值": "p", "pvalue": "p", "p-value": "p", "sig.": "p", "sig": "p", "显著性": "p",
    "df": "df", "自由度": "df", "ν": "df",
}


def stat_label(text: str) -> str | None:
    """What a statistic row/column label names: ``t``, ``chi2``, ``F``, ``z``, ``U``, ``H``, ``r``,
    ``by_kind`` (``t/χ2``: t for means, χ² for counts), ``p``, ``df``, ``ratio:OR`` (an odds,
    risk or hazard ratio with its CI); None otherwise.

    Examples
    --------
    >>> [stat_label(x) for x in ("t/χ2值", "χ2值", "P值", "t / χ²", "P", "F", "年龄", "P value")]
    ['by_kind', 'chi2', 'p', 'by_kind', 'p', 'F', None, 'p']
    >>> stat_label("OR (95% CI)"), stat_label("HR (95%CI)")
    ('ratio:OR', 'ratio:HR')
    """
    m = re.match(r"^\s*(OR|RR|HR|aOR|aHR|aRR)\b", str(text).strip())
    if m:
        return "ratio:" + m.group(1).upper().lstrip("A")
    s = str(text).strip().lower().replace(" ", "").replace("\u00a0", "")
    s = s.replace("²", "2") if s not in _STAT_WORDS else s
    if s in _STAT_WORDS:
        return _STAT_WORDS[s]
    s2 = s.replace("²", "2")
    return _STAT_WORDS.get(s2)


# ---------------------------------------------------------------------------------------------
# wording that decides how "a (b)" reads
_PERCENT_WORDS = re.compile(r"%|％|n\s*\(\s*%\s*\)|例\s*[\(（]\s*%|百分|percent|rate|率")
_MEAN_WORDS = re.compile(r"mean|均数|均值|x̄|±\s*s|sd|标准差", re.IGNORECASE)
_MEDIAN_WORDS = re.compile(r"median|中位|iqr|p25|四分位", re.IGNORECASE)


def says_percent(text: str) -> bool:
    """Whether a label or title says its cells are counts with percentages."""
    return bool(_PERCENT_WORDS.search(str(text)))


def says_mean(text: str) -> bool:
    """Whether a label or title says its cells are means with SDs."""
    return bool(_MEAN_WORDS.search(str(text)))


def says_median(text: str) -> bool:
    """Whether a label says its cells are medians with quartiles."""
    return bool(_MEDIAN_WORDS.search(str(text)))


def norm_label(text: str) -> str:
    """A label compared loosely: lower case, no spaces or hyphens.

    Examples
    --------
    >>> norm_label("X-ray + CT + MRI") == norm_label("x-ray+ct+mri")
    True
    """
    return re.sub(r"[\s\-_]+", "", str(text).lower())


def union_of(label: str, others: list[str]) -> list[str] | None:
    """The other labels a "+"-joined label combines ("X线+CT+MRI"), or None.

    Examples
    --------
    >>> union_of("X线+CT+MRI", ["X线", "CT", "MRI"])
    ['X线', 'CT', 'MRI']
    >>> union_of("CT", ["X线", "CT", "MRI"]) is None
    True
    """
    parts = [norm_label(p) for p in re.split(r"\s*[+＋]\s*", label) if p.strip()]
    if len(parts) < 2:
        return None
    by_norm = {norm_label(o): o for o in others}
    if all(p in by_norm for p in parts):
        return [by_norm[p] for p in parts]
    return None


_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹₀₁₂₃₄₅₆₇₈₉", "01234567890123456789")
_SLUG_DROP = re.compile(r"[^\w\u4e00-\u9fff]+")


def slug(text: str) -> str:
    """A stable identifier from a label: lower-case words and CJK characters joined by ``_``.

    Examples
    --------
    >>> slug("Sex: male, n (%)"), slug("骨质疏松(T值≤-2.5)"), slug("X-ray + CT + MRI"), slug("BMI, kg/m²")
    ('sex_male_n', '骨质疏松_t值_2_5', 'x_ray_ct_mri', 'bmi_kg_m2')
    """
    s = _SLUG_DROP.sub("_", str(text).translate(_SUPERSCRIPTS).lower()).strip("_")
    return re.sub(r"_+", "_", s) or "item"
