"""Every label the report prints, per language. English is the default; a Chinese edition
adds a ``"zh"`` entry with the same keys (and needs a CJK font, e.g. Debian fonts-noto-cjk)."""
from __future__ import annotations

from ..errors import InputError

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "title": "osteostats report",
        "subtitle": "Osteoporotic vs metastatic vertebral compression fractures: reproduction, reviewer check, models",
        "summary": "Summary",
        "reconstruction_warning": (
            "The study's patient-level data were never published. The case tables used here are one "
            "reconstruction consistent with every printed number, not the original patients. Counts, "
            "percentages and tests that depend only on the printed margins are reproduced exactly; anything "
            "that depends on how signs co-occur within a vertebra (the models) illustrates the method and is "
            "not a finding about the original patients."),
        "printed_numbers": "printed numbers",
        "verdict_match": "match",
        "verdict_rounding": "within rounding",
        "verdict_differs": "differ",
        "key_findings": "Key findings",
        "tables": "Tables 1–3: reproduced beside printed",
        "tables_intro": ("Each cell shows the value reproduced from the case tables. Where it differs from the "
                         "printed value, the printed value follows in brackets with a mark that links to a "
                         "footnote."),
        "table1": "Table 1 — clinical data (patients)",
        "table2": "Table 2 — imaging signs (fractured vertebrae)",
        "table3": "Table 3 — detection rate by modality (fractured vertebrae)",
        "item": "Item",
        "statistic": "t / χ²",
        "p": "P",
        "printed": "printed",
        "footnotes": "Notes",
        "check": "Reviewer check (from the printed numbers alone)",
        "check_intro": "Every finding that is not simply consistent, in words, with its numbers.",
        "check_counts": "Checks by verdict",
        "detection": "Detection rates by modality",
        "detection_caption": ("Detected / vertebrae per modality and finding, with Wilson 95 % confidence "
                              "intervals. 'Any' = detected by at least one modality."),
        "models": "Logistic models",
        "diagnosis": "Diagnosis rules applied",
        "diagnosis_counts": "Patients per category",
        "rule_table": "Rule thresholds and their sources",
        "methods": "Methods",
        "provenance": "Provenance",
        "file": "File",
        "sha256": "SHA-256",
        "software": "Software",
        "command": "Command",
        "commit": "Git commit",
        "package_version": "osteostats version",
        "test_for_row": "Which test for which row, and why",
        "method": "Method",
        "rule": "Rule / note",
        "n_analysed": "n analysed",
        "none": "none",
        "unit_patients": "patients",
        "unit_vertebrae": "vertebrae",
        "chi2_independent": "χ² (as printed: rows as independent samples)",
        "cochran_q": "Cochran's Q (paired)",
        "p_cochran_q": "P (Cochran's Q)",
        "own_cohort_source": "Case tables in {cases}",
        "own_cohort_note": ("These case tables are not compared with a paper (published_dir: none): the tables show "
                            "the cohort's own numbers and tests."),
        "reconstruction_models": (
            "The case tables are a reconstruction consistent with the printed margins, not the original patients: "
            "the models depend on how signs co-occur within a vertebra, which the paper does not fix, so they "
            "illustrate the method and are not findings about the original patients."),
        "separation_note": (
            "Separation: {signs} (present in no vertebra of one group). Maximum likelihood diverges for these; their "
            "Firth estimates are finite, and only the profile penalized-likelihood intervals are trustworthy: "
            "sandwich (cluster-robust) and cluster-bootstrap intervals collapse when every resample is still "
            "separated."),
        "clustering_note": (
            "Clustering: {vertebrae} vertebrae belong to {patients} patients. Rows marked ml_cluster_robust "
            "(patient-level sandwich SEs), firth_cluster_bootstrap (patient-level resampling) and "
            "firth_one_per_patient (one vertebra per patient) show how much clustering matters for non-separated "
            "signs."),
        "finding_differs": "Table {table}, {item} ({quantity}): printed {printed}, reproduced {reproduced}. {note}",
        "finding_check": "Reviewer check [{verdict}] {check}, Table {table}, {item}: {note}",
        "finding_rounding": ("{n} printed values are within rounding only: the paper truncated percentages instead "
                             "of rounding them (see the ‡ marks in section 2)."),
        "detection_axis": "Detected, % of vertebrae (Wilson 95 % CI)",
        "methods_counts": ("Count tables: rule '{rule}' with expected-count threshold {threshold}; χ² beside a "
                           "printed χ² is Pearson's {yates}."),
        "methods_yates_on": "with Yates' correction",
        "methods_yates_off": "without Yates' correction",
        "methods_continuous": "Continuous measures: {test} two-sample t-test, two-sided.",
        "methods_student": "Student (pooled variance)",
        "methods_welch": "Welch (unequal variances)",
        "methods_denominators": (
            "Denominators: patients for Table 1, fractured vertebrae for Tables 2 and 3; 'any modality' is computed "
            "from the readings. Table 3 also gives Cochran's Q over the modalities (paired readings). Models: "
            "{positive} is the event."),
        "methods_verdicts": ("Verdicts: match = equal at the printed precision (half-up rounding); rounding = equal "
                             "once truncation or the printed precision of the inputs is allowed for; differs = "
                             "anything else."),
    },
}


def labels(language: str) -> dict[str, str]:
    """The catalogue for ``language``; unknown languages are an input error."""
    if language not in LABELS:
        raise InputError(f"report_language {language!r} is not available; choose one of {', '.join(LABELS)}")
    return LABELS[language]
