"""Printed cells, header words and denominators, against hand-worked cases and brute force."""
import doctest
import importlib
import pkgutil
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import osteostats.importer
from osteostats.importer.cells import CellError, parse_number, parse_summary
from osteostats.importer.denominators import candidates, choose
from osteostats.importer.headers import group_header, stat_label, union_of
from osteostats.printed import parse_printed

MODULES = sorted(m.name for m in pkgutil.iter_modules(osteostats.importer.__path__, "osteostats.importer."))


@pytest.mark.parametrize("name", ["osteostats.importer"] + MODULES + ["osteostats.commands.import_tables"])
def test_doctests(name):
    assert doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS).failed == 0


@pytest.mark.parametrize("text, kind, parts", [
    ("6(12.00)", "ambiguous_pair", {"first": "6", "second": "12.00"}),
    ("6 (12.0%)", "count_percent", {"count": "6", "percent": "12.0"}),
    ("6（12.0%）", "count_percent", {"count": "6", "percent": "12.0"}),
    ("6 12.0%", "count_percent", {"count": "6", "percent": "12.0"}),
    ("22/31 (70.96)", "count_percent", {"count": "22", "percent": "70.96"}),
    ("22/31", "count", {"count": "22"}),
    ("69.58±8.457", "mean_sd", {"mean": "69.58", "sd": "8.457"}),
    ("69.58 ± 8.457", "mean_sd", {"mean": "69.58", "sd": "8.457"}),
    ("-1.2 +/- 0.4", "mean_sd", {"mean": "-1.2", "sd": "0.4"}),
    ("69.58 (8.46)", "mean_sd", {"mean": "69.58", "sd": "8.46"}),
    ("12.0 [8.5, 15.0]", "median_iqr", {"median": "12.0", "q1": "8.5", "q3": "15.0"}),
    ("12.0 [8.5–15.0]", "median_iqr", {"median": "12.0", "q1": "8.5", "q3": "15.0"}),
    ("12.0 (8.5, 15.0)", "median_iqr", {"median": "12.0", "q1": "8.5", "q3": "15.0"}),
    ("12 (4~20)", "median_iqr", {"median": "12", "q1": "4", "q3": "20"}),
    ("0", "count", {"count": "0"}),
    ("–", "missing", {}),
    ("-", "missing", {}),
    ("—", "missing", {}),
])
def test_summaries(text, kind, parts):
    s = parse_summary(text)
    assert (s.kind, s.parts) == (kind, parts)


@pytest.mark.parametrize("text", ["5(5.1O)", "69.58±", "abc", "12 [3]", "1.2.3", "6 (12.0%) x"])
def test_unreadable_summaries(text):
    with pytest.raises(CellError):
        parse_summary(text)


@pytest.mark.parametrize("text, printed, interval", [
    ("<0.001", "<0.001", None),
    ("P<0.05", "<0.05", None),
    ("P = 0.038", "0.038", (0.0375, 0.0385)),
    # kept as printed; parse_printed reads the precision of the last printed digit
    ("1,234", "1,234", (1233.5, 1234.5)),
    ("1,234.5", "1,234.5", (1234.45, 1234.55)),
    ("1.2e-5", "1.2e-5", (1.15e-5, 1.25e-5)),
    ("1.2E-05", "1.2E-05", (1.15e-5, 1.25e-5)),
    ("2.5×10⁻⁴", "2.5×10⁻⁴", (0.000245, 0.000255)),
    ("2.5x10^-4", "2.5x10^-4", (0.000245, 0.000255)),
    ("<1×10⁻³", "<1×10⁻³", None),
    ("–", "–", None),
])
def test_numbers(text, printed, interval):
    n = parse_number(text)
    assert n.printed == printed
    p = parse_printed(n.printed)
    if interval is not None:
        assert p.interval() == pytest.approx(interval, rel=1e-9)
    if printed != text and printed != "–":
        assert text.replace("P = ", "").replace("P<", "<") in n.note or n.note == "" and text.startswith("P")


@pytest.mark.parametrize("text", ["ns", "n.s."])
def test_not_significant_is_p_at_least_alpha(text):
    n = parse_number(text, alpha=0.01)
    p = parse_printed(n.printed, alpha=0.01)
    assert n.printed == text and p.kind == "ge" and float(p.value) == 0.01


@pytest.mark.parametrize("text", ["abc", "1,23", "0.0.1", "e-5"])
def test_unreadable_numbers(text):
    with pytest.raises(CellError):
        parse_number(text)


def test_headers():
    assert group_header("骨质疏松组（n＝50）").n == 50
    assert group_header("对照组 50例").unit == "patient"
    assert group_header("Drug (n = 1,234)").n == 1234
    assert group_header("MET group (n = 43 vertebrae):").unit == "vertebra"
    assert group_header("BMI(kg/m2)") is None
    assert group_header("重度压缩(>椎体高度40%)") is None
    assert [stat_label(x) for x in ("t/χ²值", "χ2", "Z值", "F", "P值", "p-value", "df", "OR")] == \
        ["by_kind", "chi2", "z", "F", "p", "p", "df", "ratio:OR"]
    assert stat_label("年龄") is None and stat_label("Male") is None
    assert union_of("X-ray + CT + MRI", ["X-ray", "CT", "MRI"]) == ["X-ray", "CT", "MRI"]
    assert union_of("CT + PET", ["X-ray", "CT", "MRI"]) is None


def _brute(count: int, text: str, upper: int) -> set[int]:
    """Every d in [max(count, 1), upper] whose count/d*100, rounded half-up or truncated, prints as text."""
    k = len(text.split(".")[1]) if "." in text else 0
    q = Decimal(1).scaleb(-k)
    out = set()
    for d in range(max(count, 1), upper + 1):
        x = Decimal(count) * 100 / Decimal(d)
        if str(x.quantize(q, ROUND_HALF_UP)) == text or str(x.quantize(q, ROUND_DOWN)) == text:
            out.add(d)
    return out


@settings(max_examples=150, deadline=None)
@given(d=st.integers(1, 400), data=st.data(), k=st.integers(0, 2), trunc=st.booleans())
def test_denominator_candidates_match_brute_force(d, data, k, trunc):
    count = data.draw(st.integers(1, d))
    x = Decimal(count) * 100 / Decimal(d)
    text = str(x.quantize(Decimal(1).scaleb(-k), ROUND_DOWN if trunc else ROUND_HALF_UP))
    if Decimal(text) == 0:
        assert candidates(count, text) is None
        return
    got = candidates(count, text)
    assert d in got
    assert got == _brute(count, text, 4000)


def test_choose_prefers_the_header_and_says_why():
    # Table 2 of the paper: header n=50 patients, percentages of 98 vertebrae
    assert choose([(38, "38.77"), (55, "56.12"), (5, "5.10"), (64, "65.30")], 50) == \
        (98, "percentages imply 98, not the header size 50")
    assert choose([(22, "70.96"), (4, "12.90")], 31) == (31, "header size")  # 70.96 is truncated 70.967
    assert choose([(6, "12.00"), (9, "13.00")], None)[0] is None  # 50 vs 69.2: no common size
    assert choose([(30, "30")], None)[1].startswith("the percentages fit several denominators")
