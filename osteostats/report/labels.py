"""Every label and sentence the report prints: one catalogue per language, with the same keys.

The study's own words (group, variable, finding and modality labels, the study title) come
from the study spec (``config/study.yaml``), which carries English and Chinese. Everything
else the report says is here: ``LABELS[lang]`` (interface words and sentence templates),
``REASONS[lang]`` (one sentence per reason code of ``checks.csv`` and ``comparison.csv``),
``METHODS[lang]`` (the exact test names the stages write), ``THRESHOLDS[lang]`` (what each
diagnosis threshold means) and ``CHECKS[lang]`` (the names of the reviewer check's checks).
English sentences for reason codes are the stages' own (:data:`osteostats.check.rows.REASONS`,
:data:`osteostats.tables.reasons.REASONS`), so the report and the CSVs say the same thing.

Sentence templates use :meth:`str.format` fields; the numbers put into them are formatted by
:mod:`osteostats.report.numbers` and are identical in every language.
"""
from __future__ import annotations

from ..check.rows import REASONS as CHECK_REASONS
from ..errors import InputError
from ..tables.reasons import REASONS as COMPARE_REASONS

LANGUAGES = ("en", "zh")

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "doc_title": "Report",
        "subtitle_reproduce": "Reproduction of the published tables and a reviewer check of its printed numbers",
        "subtitle_beside": "Your cohort beside the published study",
        "subtitle_own": "Analysis of your cohort",
        "other_edition": "中文版",
        "item_percentages": "all percentages",
        "item_table": "Table {n}",
        "published_as": "Published: {title}. {source}",
        "data_reconstructed": (
            "The study's patient-level data were never published. The case tables here are one reconstruction "
            "consistent with every printed number, not the original patients: tables and tests that depend only "
            "on the printed counts, means and SDs are exact; the models illustrate the method and are not "
            "findings about the original patients."),
        "data_own": "Case tables: {cases} ({patients} patients, {vertebrae} fractured vertebrae).",
        "data_beside": (
            "Case tables: {cases} ({patients} patients, {vertebrae} fractured vertebrae), a cohort other than the "
            "published one. Its numbers are shown beside the printed ones as a comparison of two cohorts, not as "
            "a reproduction."),
        "sec_verdict": "Verdict",
        "sec_tables": "Tables 1–3",
        "sec_detection": "Detection rates by modality",
        "sec_models": "Logistic models",
        "sec_appendix": "Appendices",
        "app_checks": "Appendix A. Every check of the printed numbers",
        "app_methods": "Appendix B. Methods, ready to paste",
        "app_diagnosis": "Appendix C. Diagnosis rules and their sources",
        "app_provenance": "Appendix D. Provenance",
        "headline_reproduce": ("Of {n} printed numbers, {match} reproduce exactly, {rounding} within the paper's "
                               "rounding and {differs} differ."),
        "headline_check": ("The check of the printed numbers alone ({n} checks): {consistent} consistent, "
                           "{rounding} within rounding, {inconsistent} inconsistent, {warning} warnings."),
        "headline_conclusions_none": "No conclusion at α = {alpha} changes.",
        "headline_conclusions": "The conclusion at α = {alpha} changes for {n} of them.",
        "headline_own": ("{patients} patients ({groups}); {vertebrae} fractured vertebrae. {k} of {n} group "
                         "comparisons have P < {alpha}."),
        "headline_beside": ("{n} numbers of your cohort stand beside the published ones (your {patients} patients; the "
                            "paper's {paper_patients})."),
        "group_n": "{group} {n}",
        "findings": "Findings",
        "findings_none": "Every printed statistic is reproduced.",
        "own_findings": "Group differences with P < {alpha}",
        "own_findings_none": "No group difference has P < {alpha}.",
        "own_finding": "{item} ({table}): {method}, {stat} = {value}, P {p}.",
        "own_finding_exact": "{item} ({table}): {method}, P {p}.",
        "findings_paper": "The published paper, checked from its printed numbers alone",
        "beside_findings": "Differences from the published cohort (95 % CI excludes 0)",
        "beside_findings_none": "No difference from the published cohort has a 95 % CI that excludes 0.",
        "beside_no_ci": ("The tables stage wrote no confidence intervals for the differences, so none are "
                         "judged here; the tables show both values side by side."),
        "beside_finding": "{item} ({table}, {group}): your cohort {ours}, published {theirs}; difference {diff} "
                          "(95 % CI {lo} to {hi}).",
        "f_stat": ("{where}: the paper prints {stat} = {printed}; recomputed from its own counts, means and SDs "
                   "({method}): {recomputed}."),
        "f_p_printed": " The printed P {printed} follows from the printed statistic; from the printed counts P is {p}.",
        "f_nearest": " The nearest table of counts that gives the printed value is {table}.",
        "f_nearest_none": " No table of counts near the printed ones gives it.",
        "f_conclusion_same": " At α = {alpha} the conclusion is the same.",
        "f_conclusion_changes": " At α = {alpha} the conclusion changes.",
        "f_test_choice": ("{where}: an expected count is below 5, so the stated rule selects {method}: P {p} "
                          "(printed: {printed})."),
        "f_paired": ("Table 3 ({n} rows: {items}): the modalities read the same vertebrae, but the paper's χ² "
                     "treats them as independent samples and counts the 'any' row as a fourth; Table 3 adds "
                     "{method} over every pairing the printed margins allow."),
        "f_paired_changes": (" For {items} the conclusion at α = {alpha} changes: Q {q}, P {p} (printed: "
                             "{printed})."),
        "f_truncation": ("{n} percentages are the count divided by n truncated, not rounded "
                         "(e.g. {example}: {exact} %, printed {printed})."),
        "f_denominator_generic": "Table {table}: {reason}.",
        "f_rounding_stat": "{where}: the printed {stat} {printed} is reached only within the rounding of its inputs "
                           "({recomputed}).",
        "where_table": "Table {table}, {item}",
        "range": "{lo} to {hi}",
        "figure_check_title": "Every printed statistic against its recomputed range",
        "figure_check_caption": ("Each row: a statistic printed in the paper (dot) and the range recomputed from "
                                 "the paper's own counts, means and SDs, allowing for their rounding (grey bar). "
                                 "Axis: printed minus the middle of that range, in % of it, from −{limit} % to "
                                 "+{limit} %; an open dot lies beyond the axis."),
        "verdict_consistent": "consistent",
        "verdict_rounding": "within rounding",
        "verdict_inconsistent": "inconsistent",
        "verdict_warning": "warning",
        "verdict_decision": "conclusion changes",
        "verdict_skipped": "not checked",
        "verdict_match": "match",
        "verdict_differs": "differs",
        "printed": "printed",
        "recomputed": "recomputed",
        "reproduced": "reproduced",
        "paper": "paper",
        "your_cohort": "your cohort",
        "tables_intro_reproduce": ("Each cell shows the value reproduced from the case tables. Where it is not an "
                                   "exact match, the printed value follows with a mark: † differs, ‡ equal once "
                                   "the paper's rounding is allowed for; the notes under the tables say why."),
        "tables_intro_beside": ("Each cell shows your cohort's value; the published value follows in grey. The "
                                "two cohorts differ: no verdicts are given."),
        "tables_intro_own": "Each cell shows your cohort's value and the test the configured rule selected.",
        "table_title": "Table {n}. {title}",
        "table3_title": "Table 3. {title}: {group} (n = {n} {unit})",
        "col_item": "Item",
        "col_group": "{group} (n = {n})",
        "col_stat": "t / χ²",
        "col_p": "P",
        "row_chi2": "χ² (as printed: rows as independent samples)",
        "row_p": "P",
        "row_q": "Cochran's Q (paired readings)",
        "row_p_q": "P (Cochran's Q)",
        "unit_patients": "patients",
        "unit_vertebrae": "vertebrae",
        "notes": "Notes",
        "note_cell": "{mark} {where}: printed {printed}, reproduced {reproduced}. {reason}",
        "dash": "–",
        "detection_intro": ("Detected / vertebrae per modality, with Wilson 95 % confidence intervals (from "
                            "detection.csv). 'Any' = detected by at least one modality."),
        "detection_axis": "detected, % of vertebrae",
        "models_intro": ("Firth-penalized logistic regression; event: {positive}. Odds ratios with profile "
                         "penalized-likelihood 95 % CIs and penalized likelihood-ratio P. Univariable: one sign at a "
                         "time over {vertebrae} vertebrae of {patients} patients; multivariable: the pre-specified "
                         "signs together, and age and sex per patient."),
        "forest_title": "Odds ratios for {positive} (log scale, 95 % CI)",
        "forest_caption": ("Dots: odds ratio; lines: 95 % CI; a thick end: the interval runs beyond the axis; "
                           "dashed: OR = 1. Filled dots: one sign at a time; open: multivariable."),
        "col_term": "Term",
        "col_model": "Model",
        "col_or": "OR (95 % CI)",
        "col_flags": "",
        "model_univariable": "one sign at a time",
        "model_signs_vertebra": "signs together",
        "model_age_sex_patient": "age and sex (patients)",
        "intercept": "Intercept",
        "flag_separated": "separation: one group never shows the sign; the Firth estimate is finite and only its "
                          "profile interval is trustworthy",
        "flag_not_converged": "the fit did not converge; no estimate is shown",
        "flag_wide": "interval wider than a factor of 1000: the data hardly inform this odds ratio",
        "flags_legend": "Flags",
        "caveat_separation": ("Separation: {signs}. Maximum likelihood has no finite estimate for these, so the "
                              "table gives Firth's estimates; only their profile intervals are trustworthy (sandwich "
                              "and cluster-bootstrap intervals collapse when every resample is still separated)."),
        "caveat_clustering": ("Clustering: {vertebrae} vertebrae belong to {patients} patients; the CSVs hold "
                              "patient-level sandwich, cluster-bootstrap and one-vertebra-per-patient fits for "
                              "comparison."),
        "caveat_reconstructed": "Reconstructed data: the models illustrate the method (see the verdict page).",
        "performance_item": "{model} {auc_oc} (apparent {auc}, 95 % CI {lo} to {hi})",
        "performance_short": "Discrimination (AUC, optimism-corrected): {items}.",
        "csv_files": "Every number and every alternative fit is in the CSVs: {files}.",
        "csv_univariable": "univariable.csv (each sign alone, five ways of fitting it)",
        "csv_multivariable": "multivariable.csv (the multivariable models)",
        "csv_accuracy": "accuracy.csv (sensitivity, specificity, PPV, NPV, likelihood ratios with Wilson CIs)",
        "csv_performance": "performance.csv (AUC, calibration, Brier score)",
        "csv_sensitivity": "sensitivity.csv (the spread over {k} reconstructions)",
        "checks_intro": ("All {n} checks of the printed numbers (checks.csv). In the HTML, click a column header "
                         "to sort and type in the box to filter."),
        "checks_intro_print": ("The {k} checks that are not simply consistent. All {n}, sortable and filterable, are in "
                               "the HTML edition and in check/checks.csv."),
        "checks_filter": "Filter",
        "checks_all": "all verdicts",
        "checks_shown": "rows shown",
        "col_check": "Check",
        "col_table": "Table",
        "col_printed": "Printed",
        "col_recomputed": "Recomputed",
        "col_verdict": "Verdict",
        "col_reason": "Why",
        "col_method": "Method",
        "methods_intro": "Generated from the configuration and the results of this run.",
        "methods_design": ("We compared {groups}: {patients} patients, {vertebrae} fractured vertebrae. Patient "
                           "characteristics were compared per patient and imaging signs and detection rates per "
                           "fractured vertebra."),
        "methods_counts": ("Categorical variables were compared with {chi2}, or with Fisher's exact test when an "
                           "expected count was below {threshold} (rule: {rule})."),
        "methods_counts_rule_expected_lt5_fisher": "χ² unless an expected count is below the threshold, then exact",
        "methods_counts_rule_cochran": "Cochran's rule",
        "methods_counts_rule_always_chi2": "always χ²",
        "methods_counts_rule_always_fisher": "always Fisher's exact test",
        "methods_chi2_yates": "Pearson's χ² test with Yates' correction",
        "methods_chi2_plain": "Pearson's χ² test without Yates' correction",
        "methods_continuous": "Continuous variables were compared with the {test}.",
        "methods_student": "Student (pooled variance) two-sample t-test, two-sided",
        "methods_welch": "Welch (unequal variances) two-sample t-test, two-sided",
        "methods_paired": ("Detection rates of the modalities on the same vertebrae were compared with Cochran's Q "
                           "test; rates are given with Wilson 95 % confidence intervals."),
        "methods_models": ("Signs were related to {positive} with Firth-penalized logistic regression "
                           "(profile penalized-likelihood 95 % CIs, penalized likelihood-ratio tests), one at a "
                           "time and in a pre-specified multivariable model; clustering of vertebrae within "
                           "patients was assessed with patient-level cluster bootstrap ({boot} replicates), "
                           "cluster-robust standard errors and one vertebra per patient."),
        "methods_alpha": "P values are two-sided; P < {alpha} was considered significant.",
        "methods_software": "Analyses used osteostats {version} ({software}).",
        "diagnosis_intro": ("Diagnosis rules of the 2020 Chinese expert consensus, applied to every patient "
                            "(diagnosis/patients.csv). Thresholds and the source of each:"),
        "diagnosis_counts": "Patients per category: {counts}.",
        "col_rule": "Rule",
        "col_threshold": "Threshold",
        "col_meaning": "Meaning",
        "col_source": "Source",
        "prov_version": "osteostats version",
        "prov_commit": "Git commit",
        "prov_command": "Command",
        "prov_created": "Document date",
        "prov_config": "Configuration",
        "prov_files": "Inputs and outputs read (SHA-256)",
        "prov_software": "Software",
        "col_file": "File",
        "col_sha": "SHA-256",
        "not_installed": "not installed",
        "list_sep": ", ",
        "and": " and ",
        "page": "page",
    },
    "zh": {
        "doc_title": "报告",
        "subtitle_reproduce": "已发表表格的重现及对其所印数字的审稿核查",
        "subtitle_beside": "您的队列与已发表研究并列比较",
        "subtitle_own": "您的队列分析",
        "other_edition": "English edition",
        "item_percentages": "全部百分比",
        "item_table": "表{n}",
        "published_as": "已发表：{title}. {source}",
        "data_reconstructed": (
            "该研究的患者级数据从未公开。本报告所用病例表是与所有已印数字一致的一种重建，并非原始患者："
            "仅依赖所印计数、均数和标准差的表格与检验是精确的；模型仅用于演示方法，不是关于原始患者的结论。"),
        "data_own": "病例表：{cases}（{patients}例患者，{vertebrae}个骨折椎体）。",
        "data_beside": (
            "病例表：{cases}（{patients}例患者，{vertebrae}个骨折椎体），为不同于已发表研究的队列。其数字与已印数字并列，"
            "作为两个队列的比较，而非重现。"),
        "sec_verdict": "结论",
        "sec_tables": "表1–3",
        "sec_detection": "各检查方法的检出率",
        "sec_models": "Logistic回归模型",
        "sec_appendix": "附录",
        "app_checks": "附录A. 对所印数字的全部核查",
        "app_methods": "附录B. 方法（可直接粘贴）",
        "app_diagnosis": "附录C. 诊断规则及其来源",
        "app_provenance": "附录D. 来源与可追溯信息",
        "headline_reproduce": "共{n}个已印数字：{match}个完全重现，{rounding}个在论文的舍入范围内一致，{differs}个不一致。",
        "headline_check": ("仅依据所印数字的核查（共{n}项）：{consistent}项一致，{rounding}项在舍入范围内，"
                           "{inconsistent}项不一致，{warning}项警示。"),
        "headline_conclusions_none": "在α = {alpha}水平上，没有结论发生改变。",
        "headline_conclusions": "其中{n}项在α = {alpha}水平上结论发生改变。",
        "headline_own": "{patients}例患者（{groups}）；{vertebrae}个骨折椎体。{n}项组间比较中有{k}项P < {alpha}。",
        "headline_beside": "您的队列有{n}个数字与已发表数字并列（您的队列{patients}例患者；论文：{paper_patients}）。",
        "group_n": "{group}{n}例",
        "findings": "主要发现",
        "findings_none": "所有已印统计量均可重现。",
        "own_findings": "P < {alpha}的组间差异",
        "own_findings_none": "没有P < {alpha}的组间差异。",
        "own_finding": "{item}（{table}）：{method}，{stat} = {value}，P {p}。",
        "own_finding_exact": "{item}（{table}）：{method}，P {p}。",
        "findings_paper": "已发表论文：仅依据其所印数字的核查",
        "beside_findings": "与已发表队列的差异（95% CI不含0）",
        "beside_findings_none": "与已发表队列相比，没有95% CI不含0的差异。",
        "beside_no_ci": "制表步骤未给出差异的置信区间，因此此处不作判断；表格并列给出两组数值。",
        "beside_finding": "{item}（{table}，{group}）：您的队列{ours}，已发表{theirs}；差值{diff}（95% CI {lo}至{hi}）。",
        "f_stat": "{where}：论文印为{stat} = {printed}；由论文自身的计数、均数和标准差重算（{method}）：{recomputed}。",
        "f_p_printed": "所印P值{printed}来自所印统计量；由所印计数计算，P为{p}。",
        "f_nearest": "能得到所印数值的最近计数表为{table}。",
        "f_nearest_none": "在所印计数附近没有能得到该值的计数表。",
        "f_conclusion_same": "在α = {alpha}水平上结论不变。",
        "f_conclusion_changes": "在α = {alpha}水平上结论改变。",
        "f_test_choice": "{where}：有期望频数小于5，按所述规则应采用{method}：P {p}（论文：{printed}）。",
        "f_paired": ("表3（{n}行：{items}）：各检查方法读取的是同一批椎体，但论文的χ²检验将其视为独立样本，并把“任一”行作为"
                     "第四组；表3另给出在所印边际允许的所有配对下的{method}。"),
        "f_paired_changes": "对于{items}，在α = {alpha}水平上结论改变：Q {q}，P {p}（论文：{printed}）。",
        "f_truncation": "{n}个百分比是计数除以n后截断而非四舍五入（例如{example}：{exact}%，论文印为{printed}）。",
        "f_denominator_generic": "表{table}：{reason}。",
        "f_rounding_stat": "{where}：所印{stat} {printed}仅在其输入数据的舍入范围内可以得到（{recomputed}）。",
        "where_table": "表{table}，{item}",
        "range": "{lo}至{hi}",
        "figure_check_title": "每个已印统计量与其重算范围",
        "figure_check_caption": ("每行：论文所印统计量（点）及由论文自身的计数、均数和标准差（考虑其舍入）重算的范围（灰条）。"
                                 "横轴：所印值减去该范围中点，以其百分比表示，从−{limit}%到+{limit}%；空心点表示超出坐标范围。"),
        "verdict_consistent": "一致",
        "verdict_rounding": "舍入范围内",
        "verdict_inconsistent": "不一致",
        "verdict_warning": "警示",
        "verdict_decision": "结论改变",
        "verdict_skipped": "未核查",
        "verdict_match": "一致",
        "verdict_differs": "不一致",
        "printed": "论文",
        "recomputed": "重算",
        "reproduced": "重现",
        "paper": "论文",
        "your_cohort": "您的队列",
        "tables_intro_reproduce": ("每个单元格为由病例表重现的数值。若不完全一致，其后给出论文所印数值及标记："
                                   "† 不一致，‡ 考虑论文的舍入方式后一致；表下注释说明原因。"),
        "tables_intro_beside": "每个单元格为您的队列的数值，灰色为已发表数值。两个队列不同，不作一致性判断。",
        "tables_intro_own": "每个单元格为您的队列的数值及按配置规则选择的检验。",
        "table_title": "表{n}. {title}",
        "table3_title": "表3. {title}：{group}（n = {n}{unit}）",
        "col_item": "项目",
        "col_group": "{group}（n = {n}）",
        "col_stat": "t / χ²",
        "col_p": "P",
        "row_chi2": "χ²（按论文：各行视为独立样本）",
        "row_p": "P",
        "row_q": "Cochran's Q（配对）",
        "row_p_q": "P（Cochran's Q）",
        "unit_patients": "例",
        "unit_vertebrae": "个椎体",
        "notes": "注释",
        "note_cell": "{mark} {where}：论文{printed}，重现{reproduced}。{reason}",
        "dash": "–",
        "detection_intro": "各检查方法的检出数/椎体数，及Wilson 95%置信区间（见detection.csv）。“任一”指至少一种方法检出。",
        "detection_axis": "检出率（椎体%）",
        "models_intro": ("Firth惩罚logistic回归；事件：{positive}。给出比值比、轮廓惩罚似然95% CI及惩罚似然比检验P值。单因素："
                         "每次一个征象，{patients}例患者的{vertebrae}个椎体；多因素：预先设定的征象共同纳入，以及按患者的年龄和性别。"),
        "forest_title": "{positive}的比值比（对数刻度，95% CI）",
        "forest_caption": "点：比值比；线：95% CI；粗端：区间超出坐标范围；虚线：OR = 1。实心点：单因素；空心点：多因素。",
        "col_term": "变量",
        "col_model": "模型",
        "col_or": "OR（95% CI）",
        "col_flags": "",
        "model_univariable": "单因素",
        "model_signs_vertebra": "征象多因素",
        "model_age_sex_patient": "年龄和性别（患者）",
        "intercept": "截距",
        "flag_separated": "分离：某一组从未出现该征象；Firth估计有限，仅其轮廓区间可信",
        "flag_not_converged": "拟合未收敛，不给出估计",
        "flag_wide": "区间跨度超过1000倍：数据几乎不能提供该比值比的信息",
        "flags_legend": "标记",
        "caveat_separation": ("分离：{signs}。最大似然对这些变量没有有限估计，因此表中给出Firth估计；仅其轮廓区间可信"
                              "（若每次重抽样仍分离，稳健标准误和整群自助法区间会退化）。"),
        "caveat_clustering": "聚集性：{vertebrae}个椎体属于{patients}例患者；CSV文件中另有患者层面的稳健标准误、整群自助法和每例患者一个椎体的拟合结果以供比较。",
        "caveat_reconstructed": "重建数据：模型仅用于演示方法（见结论页）。",
        "performance_item": "{model}{auc_oc}（表观{auc}，95% CI {lo}至{hi}）",
        "performance_short": "区分度（AUC，乐观校正）：{items}。",
        "csv_files": "所有数字及其他拟合方式见CSV文件：{files}。",
        "csv_univariable": "univariable.csv（单个征象，五种拟合方式）",
        "csv_multivariable": "multivariable.csv（多因素模型）",
        "csv_accuracy": "accuracy.csv（敏感度、特异度、PPV、NPV、似然比及Wilson CI）",
        "csv_performance": "performance.csv（AUC、校准、Brier评分）",
        "csv_sensitivity": "sensitivity.csv（{k}次重建间的变异）",
        "checks_intro": "对所印数字的全部{n}项核查（checks.csv）。在HTML中点击列标题排序，在输入框中输入文字筛选。",
        "checks_intro_print": "以下为{k}项并非简单一致的核查。全部{n}项（可排序、可筛选）见HTML版及check/checks.csv。",
        "checks_filter": "筛选",
        "checks_all": "全部结论",
        "checks_shown": "行显示",
        "col_check": "核查",
        "col_table": "表",
        "col_printed": "论文",
        "col_recomputed": "重算",
        "col_verdict": "结论",
        "col_reason": "原因",
        "col_method": "方法",
        "methods_intro": "由本次运行的配置和结果自动生成。",
        "methods_design": "本研究比较了{groups}，共{patients}例患者，{vertebrae}个骨折椎体。患者特征按患者比较，影像征象和检出率按骨折椎体比较。",
        "methods_counts": "分类变量采用{chi2}比较，期望频数小于{threshold}时采用Fisher精确检验（规则：{rule}）。",
        "methods_counts_rule_expected_lt5_fisher": "除非期望频数低于阈值，否则用χ²检验，低于阈值时用精确检验",
        "methods_counts_rule_cochran": "Cochran规则",
        "methods_counts_rule_always_chi2": "始终用χ²检验",
        "methods_counts_rule_always_fisher": "始终用Fisher精确检验",
        "methods_chi2_yates": "经Yates连续性校正的Pearson χ²检验",
        "methods_chi2_plain": "不校正的Pearson χ²检验",
        "methods_continuous": "连续变量采用{test}比较。",
        "methods_student": "双侧Student t检验（合并方差）",
        "methods_welch": "双侧Welch t检验（方差不齐）",
        "methods_paired": "同一批椎体上各检查方法的检出率采用Cochran's Q检验比较；检出率给出Wilson 95%置信区间。",
        "methods_models": ("采用Firth惩罚logistic回归分析各征象与{positive}的关系（轮廓惩罚似然95% CI，惩罚似然比检验），"
                           "包括单因素分析和预先设定的多因素模型；椎体在患者内的聚集性通过患者层面的整群自助法（{boot}次重抽样）、"
                           "聚类稳健标准误和每例患者一个椎体的分析进行评估。"),
        "methods_alpha": "P值均为双侧；P < {alpha}为差异有统计学意义。",
        "methods_software": "分析使用osteostats {version}（{software}）。",
        "diagnosis_intro": "采用2020年中国专家共识的诊断规则，应用于每例患者（diagnosis/patients.csv）。各阈值及其来源：",
        "diagnosis_counts": "各类别患者数：{counts}。",
        "col_rule": "规则",
        "col_threshold": "阈值",
        "col_meaning": "含义",
        "col_source": "来源",
        "prov_version": "osteostats版本",
        "prov_commit": "Git提交",
        "prov_command": "命令",
        "prov_created": "文档日期",
        "prov_config": "配置",
        "prov_files": "读取的输入和输出文件（SHA-256）",
        "prov_software": "软件",
        "col_file": "文件",
        "col_sha": "SHA-256",
        "not_installed": "未安装",
        "list_sep": "、",
        "and": "和",
        "page": "页",
    },
}

#: Reason codes of checks.csv and comparison.csv, one sentence each.
REASONS: dict[str, dict[str, str]] = {
    # shared codes: the check's wording (it states the finding without naming the data source)
    "en": {**COMPARE_REASONS, **CHECK_REASONS},
    "zh": {
        "stat_reproduced": "由所印输入重算的检验统计量舍入后等于所印值",
        "stat_within_input_rounding": "仅在所印输入的舍入范围内才能得到所印统计量",
        "stat_outside_range": "即使考虑输入的舍入，也没有检验能重现所印统计量",
        "stat_not_printed": "未印统计量",
        "p_from_printed_stat": "所印P值由所印统计量及其自由度得出",
        "p_within_stat_rounding": "仅在所印统计量的舍入范围内才能得到所印P值",
        "p_not_from_printed_stat": "所印P值不能由所印统计量及其自由度得出",
        "stat_or_p_missing": "统计量或P值未以数字形式印出",
        "df_not_derivable": "无法由所印设计推得自由度",
        "p_reproduced": "由所印输入重算的检验得到所印P值",
        "p_within_input_rounding": "仅在所印输入的舍入范围内才能得到所印P值",
        "p_not_reproduced": "由所印输入重算的检验均不能得到所印P值",
        "p_not_printed": "未印P值",
        "percent_rounds_half_up": "计数/n四舍五入后等于所印百分比",
        "truncated_percent": "所印百分比是计数/n截断而非四舍五入",
        "half_even_percent": "所印百分比是计数/n按“四舍六入五成双”舍入",
        "percent_not_from_count": "计数/n的任何舍入方式都得不到所印百分比",
        "percent_other_denominator": "所印百分比来自以另一个所印分母计算的计数",
        "percent_inequality": "百分比以不等式形式印出",
        "paper_rounds_half_up": "论文的百分比按四舍五入",
        "paper_truncates": "论文的百分比采用截断",
        "paper_rounds_half_even": "论文的百分比按“四舍六入五成双”",
        "paper_mixes_modes": "论文部分百分比四舍五入，部分截断",
        "denominator_is_printed_size": "计数使用表中所印的组例数",
        "denominator_is_paper_size": "计数使用论文的组例数（表中未印例数）",
        "header_other_unit": "表头所印组例数与计数所用单位不同",
        "several_denominators": "同一组的各行使用了多个分母",
        "denominator_not_printed_size": "计数所用分母不是所印的组例数",
        "group_size_missing": "未印组例数",
        "group_n_agrees": "该组各处的n一致",
        "group_n_differs": "该组的n在各行之间或与论文不同",
        "grim_sum_exists": "存在能得到所印均数的整数和",
        "grim_uninformative": "存在能得到所印均数的整数和（n相对于所印小数位较大，检验无信息）",
        "grim_no_integer_sum": "整数数据没有能得到所印均数的整数和",
        "mean_inequality": "均数以不等式形式印出",
        "grimmer_witness_found": "存在具有所印均数和标准差的整数数据",
        "grimmer_no_witness": "不存在具有所印均数和标准差的整数数据",
        "grim_failed": "未核查：均数已未通过GRIM",
        "sd_missing": "未印标准差",
        "sd_within_bounds": "在所印最小值和最大值下，所印标准差是可能的",
        "sd_outside_bounds": "在所印最小值和最大值下，所印标准差不可能",
        "mean_outside_range": "所印均数在所印范围之外",
        "expected_counts_ok": "期望频数允许使用χ²检验",
        "rule_selects_fisher": "有期望频数小于5：应采用Fisher精确检验",
        "rule_selects_exact": "不满足Cochran规则：应采用Fisher-Freeman-Halton精确检验",
        "exact_test_not_enumerated": "应采用精确检验，但可枚举的表过多",
        "paired_design_ignored": "同一单位的配对读片被当作独立样本分析",
        "paired_q_range": "在所印边际下所有配对的Cochran's Q精确范围",
        "paired_margins_impossible": "没有配对表具有所印边际",
        "paired_q_undefined": "所有配对下Cochran's Q均无定义（无不一致单位）",
        "no_common_n": "各检查方法没有共同的单位数",
        "too_few_modalities": "组成检查方法少于两种",
        "categories_sum_to_n": "各类别之和等于n",
        "categories_exceed_n": "互斥类别之和大于n",
        "categories_short_of_n": "各类别之和小于n",
        "categories_denominators_differ": "各类别使用不同的分母",
        "union_within_bounds": "合并计数介于最大组成计数与各组成之和之间",
        "union_outside_bounds": "合并计数与其组成计数矛盾",
        "component_counts_missing": "未印组成计数",
        "same_count": "同一数量在两处计数相同",
        "counts_differ": "同一数量在两处计数不同",
        "nearest_table_found": "附近有计数表可以重现所印统计量",
        "no_table_within_radius": "附近没有计数表可以重现所印统计量",
        "inputs_missing": "未核查：输入未印出",
        "count_missing": "未核查：计数未印出",
        "value_missing": "未核查：数值未以数字形式印出",
        "equal_at_printed_precision": "重现值四舍五入后等于所印值",
        "inequality_holds": "重现值满足所印不等式",
        "not_printed": "未印出，也无需重现",
        "printed_dash_but_value": "印为“–”，但病例数据给出了数值",
        "no_reproduced_value": "病例数据缺少该项目",
        "inequality_fails": "重现值不满足所印不等式",
        "reproduced_outside_range": "重现的t在所印均数和标准差的舍入所允许的范围之外：病例数据不能重现所印汇总值",
        "no_method_reproduces": "由重现计数计算的各种χ²均不能得到所印统计量",
        "p_differs": "重现的P值舍入后不等于所印P值",
        "value_differs": "重现值舍入后不等于所印值",
        "rule_selects_other_test": "按所印方式重现；配置的规则则会选择另一种检验",
        "debit_no_witness": "没有0/1数据具有所印均数和标准差（DEBIT）",
        "debit_witness_found": "存在某个“1”的个数，使0/1变量具有所印均数和标准差",
        "df_design_unknown": "设计未给出可与所印自由度比较的自由度",
        "df_differs_from_design": "所印自由度与设计给出的不同",
        "df_matches_design": "所印自由度与设计给出的一致",
        "rank_test_not_recomputable": "秩检验（U、H或基于中位数的z）需要原始数据的秩：无法由表格重算",
        "ratio_ci_asymmetric": "置信区间在对数尺度上不能以估计值为中心对称：由其推得的P为近似值",
        "ratio_ci_symmetric": "置信区间可以是以估计值为中心的Wald区间（未印P值）",
        "ratio_outside_ci": "估计值在其置信区间之外（或某一界限不为正）",
        "ratio_from_counts": "所印比值等于由所印计数算得的粗比值",
        "ratio_not_from_counts": "所印比值不等于由所印计数算得的粗比值（经校正或印错）",
        "ratio_p_from_ci": "所印P值在由比值置信区间推得的范围内",
        "ratio_p_not_from_ci": "所印P值在由比值置信区间推得的范围之外",
        "stat_impossible_for_any_correlation": "任何配对内相关系数都得不到所印配对t值",
        "stat_not_recomputable": "统计量由原始数据计算（如相关系数）：仅核查其P值",
        "stat_possible_for_some_correlation": "对某个配对内相关系数，所印配对t值是可能的（未印差值的标准差）",
        "truncated_in_half_up_paper": "只有截断才能得到该百分比，而论文其他处均四舍五入",
    },
}

#: The exact test names the stages write (method columns), per language; unknown ones show as written.
METHODS: dict[str, dict[str, str]] = {
    "en": {},
    "zh": {
        "Pearson chi-squared, no continuity correction": "Pearson χ²检验（无连续性校正）",
        "Pearson chi-squared with Yates continuity correction": "Pearson χ²检验（Yates连续性校正）",
        "Pearson chi-squared with Yates continuity correction (2x2)": "Pearson χ²检验（Yates连续性校正，2×2）",
        "Likelihood-ratio G-test": "似然比G检验",
        "Fisher's exact test, two-sided": "双侧Fisher精确检验",
        "Fisher-Freeman-Halton exact test (k x 2), two-sided": "双侧Fisher-Freeman-Halton精确检验（k×2）",
        "Fisher-Freeman-Halton exact test, two-sided (exact enumeration)": "双侧Fisher-Freeman-Halton精确检验（精确枚举）",
        "Student t (independent samples, pooled variance), two-sided": "双侧Student t检验（独立样本，合并方差）",
        "Welch t (independent samples, unequal variances), two-sided": "双侧Welch t检验（独立样本，方差不齐）",
        "Cochran's Q test (paired binary, k related samples)": "Cochran's Q检验（配对二分类，k个相关样本）",
        "McNemar exact (binomial) test, two-sided": "双侧McNemar精确（二项）检验",
        "McNemar chi-squared test, no continuity correction": "McNemar χ²检验（无连续性校正）",
        "McNemar chi-squared test with continuity correction": "McNemar χ²检验（连续性校正）",
    },
}

#: (English, Chinese) name of each check of the reviewer check.
_CHECK_NAMES: dict[str, tuple[str, str]] = {
    "statistic": ("statistic", "统计量"),
    "p_vs_statistic": ("P vs statistic", "P与统计量"),
    "p_vs_recomputed": ("P vs recomputed", "P与重算值"),
    "percent": ("percentage", "百分比"),
    "percent_mode": ("percentage rounding", "百分比舍入"),
    "denominator": ("denominator", "分母"),
    "grim": ("GRIM", "GRIM"),
    "grimmer": ("GRIMMER", "GRIMMER"),
    "sd_bound": ("SD bounds", "标准差界限"),
    "test_choice": ("test choice", "检验选择"),
    "design": ("design", "设计"),
    "cochran_q_range": ("Cochran's Q range", "Cochran's Q范围"),
    "category_sum": ("category sum", "类别合计"),
    "union": ("union", "合并"),
    "link": ("cross-table link", "跨表一致"),
    "group_n": ("group n", "组例数"),
    "nearest_counts": ("nearest counts", "最近计数表"),
    "df": ("degrees of freedom", "自由度"),
    "ratio_ci": ("ratio and CI", "比值与置信区间"),
    "ratio_counts": ("ratio vs counts", "比值与计数"),
    "debit": ("DEBIT", "DEBIT"),
}
CHECKS: dict[str, dict[str, str]] = {lang: {k: names[i] for k, names in _CHECK_NAMES.items()}
                                    for i, lang in enumerate(("en", "zh"))}


THRESHOLDS: dict[str, dict[str, str]] = {
    "en": {},
    "zh": {
        "dxa_normal": "T值 ≥ 该值为正常（恰为-1.0为正常）",
        "dxa_osteoporosis": "T值 ≤ 该值为骨质疏松（恰为-2.5为骨质疏松）；-2.5 < T < -1.0为低骨量",
        "dxa_report_decimals": "DXA报告的小数位数；仅在rounding = 'dxa_1dp'时使用",
        "z_below_expected": "Z值 ≤ 该值为“低于同年龄段预期范围”；该人群仅凭骨密度不能诊断骨质疏松",
        "t_reference_men_min_age": "年龄 ≥ 该值的男性采用T值标准（恰为50岁采用T值）；更年轻的男性采用Z值",
        "adjacent_vertebra_difference": "与相邻椎体T值相差超过该值的腰椎可被排除（恰为1.0不排除）",
        "min_evaluable_vertebrae": "至少有该数目的可评估椎体时，L1–L4综合值才可用",
        "qct_normal": "腰椎QCT平均松质骨体积骨密度 > 该值为正常（120本身为低骨量）",
        "qct_osteoporosis": "腰椎QCT平均松质骨体积骨密度 < 该值为骨质疏松（80本身为低骨量）",
        "qct_min_vertebrae": "腰椎QCT取该数目椎体的均值（常用L1和L2）；有效椎体不足时为不确定",
        "genant_grade1": "高度丢失 ≥ 该值%为Genant 1级（轻度），至Genant 2级阈值为止",
        "genant_grade2": "高度丢失 > 该值%且不超过Genant 3级阈值为Genant 2级（中度）",
        "genant_grade3": "高度丢失 > 该值%为Genant 3级（重度）",
    },
}


def labels(language: str) -> dict[str, str]:
    """The catalogue for ``language``; unknown languages are an input error.

    Examples
    --------
    >>> labels("zh")["col_p"], labels("en")["sec_models"]
    ('P', 'Logistic models')
    """
    if language not in LABELS:
        raise InputError(f"report language {language!r} is not available; choose one of {', '.join(LABELS)}")
    return LABELS[language]


def reason(code: str, language: str) -> str:
    """The sentence for a reason code (empty for none)."""
    if not code:
        return ""
    return REASONS[language].get(code, REASONS["en"].get(code, code))


def method(name: str, language: str) -> str:
    """A test's name in ``language`` (as the stage wrote it where no translation exists)."""
    return METHODS[language].get(name, name) if name else ""
