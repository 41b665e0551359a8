"""Wording of the scan's verdicts, reasons and summary, in English and Chinese."""
from __future__ import annotations

LANGS = ("en", "zh")

VERDICTS = {
    "consistent": {"en": "consistent", "zh": "一致"},
    "inconsistent": {"en": "inconsistent", "zh": "不一致"},
    "decision_error": {"en": "decision error", "zh": "结论错误"},
    "not_checkable": {"en": "not checkable", "zh": "无法核查"},
    "unreadable": {"en": "unreadable", "zh": "无法读取"},
}

REASONS = {
    "ok": {"en": "P agrees with the statistic and its df",
           "zh": "P值与统计量及自由度相符"},
    "rounding": {"en": "P agrees only within the rounding of the printed statistic",
                 "zh": "P值仅在统计量的舍入范围内相符"},
    "p_mismatch": {"en": "P does not follow from the statistic and its df; the conclusion at alpha is unchanged",
                   "zh": "P值与统计量及自由度不符，但显著性结论不变"},
    "decision_flip": {"en": "P does not follow from the statistic, and the conclusion at alpha flips",
                      "zh": "P值与统计量不符，且显著性结论改变"},
    "one_tailed_fits": {"en": "P does not follow two-sided, but would as a one-tailed test (mentioned in the text)",
                        "zh": "双侧检验不符，但按文中提及的单侧检验相符"},
    "one_tailed": {"en": "consistent as a one-tailed test, which the text mentions",
                   "zh": "按文中提及的单侧检验相符"},
    "p_zero": {"en": "P printed as exactly 0; a p-value is never 0 (print P < 0.001)",
               "zh": "P值印为0；P值不可能为0（应写作P<0.001）"},
    "df_unknown": {"en": "no df printed (and none derivable): P cannot be checked exactly",
                   "zh": "未给出自由度（也无法推得），P值无法精确核查"},
    "p_mismatch_any_df": {"en": "no df printed, but no df gives the printed P",
                          "zh": "未给出自由度，但任何自由度都得不到所印P值"},
    "ci_asymmetric": {"en": "P agrees with the CI, but the CI is not symmetric on the log scale around the estimate",
                      "zh": "P值与置信区间相符，但置信区间在对数尺度上不以估计值为中心"},
    "ratio_outside_ci": {"en": "the ratio is not inside its (positive) confidence interval",
                         "zh": "比值不在其（正的）置信区间内"},
    "rank_statistic": {"en": "a rank statistic (U, W): its P needs the group sizes and is not recomputed",
                       "zh": "秩和统计量（U、W）：其P值需要各组例数，未重新计算"},
    "p_without_statistic": {"en": "P printed without a test statistic",
                            "zh": "只给出P值，未给出检验统计量"},
    "significance_threshold": {"en": "significance threshold, not a result",
                               "zh": "检验水准，不是结果"},
    "statistic_without_p": {"en": "statistic printed without a P (or separated from it by other punctuation)",
                            "zh": "给出统计量但未给出P值（或以其他标点分隔）"},
    "table_row": {"en": "a table row of statistics: check tables with `osteostats import` and `osteostats check`",
                  "zh": "表格中的统计量行：请用表格核查（osteostats import / check）"},
    "malformed_number": {"en": "the statistic's number cannot be read",
                         "zh": "统计量的数值无法读取"},
    "df_not_allowed": {"en": "degrees of freedom that this test does not have (or a df of 0)",
                       "zh": "该检验不应有此自由度（或自由度为0）"},
    "df_incomplete": {"en": "F needs two df", "zh": "F检验需要两个自由度"},
    "r_out_of_range": {"en": "a correlation outside [-1, 1]", "zh": "相关系数超出[-1, 1]"},
    "p_out_of_range": {"en": "a P above 1", "zh": "P值大于1"},
}

SUMMARY = {
    "title": {"en": "osteostats scan: {source}", "zh": "osteostats 文本统计核查：{source}"},
    "counts": {"en": "{n} statistics with a P checked: {consistent} consistent, {inconsistent} inconsistent, "
                     "{decision_error} decision errors; {not_checkable} not checkable; {unreadable} unreadable.",
               "zh": "共核查{n}个带P值的统计量：一致{consistent}个，不一致{inconsistent}个，结论错误{decision_error}个；"
                     "无法核查{not_checkable}个；无法读取{unreadable}个。"},
    "row": {"en": "  {location}: {raw} -> {verdict} ({reason_text})",
            "zh": "  {location}：{raw} -> {verdict}（{reason_text}）"},
    "none": {"en": "No inline statistics found.", "zh": "未发现行文中的统计量。"},
    "written": {"en": "Wrote {path}", "zh": "已写出 {path}"},
    "one_tailed": {"en": "The text mentions one-tailed tests.", "zh": "文中提及单侧检验。"},
}


def label(table: dict, key: str, lang: str = "en", **kw: object) -> str:
    """One label in the chosen language, formatted.

    Examples
    --------
    >>> label(VERDICTS, "decision_error", "zh")
    '结论错误'
    """
    return table[key][lang].format(**kw)
