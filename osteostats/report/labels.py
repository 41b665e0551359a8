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
    },
}


def labels(language: str) -> dict[str, str]:
    """The catalogue for ``language``; unknown languages are an input error."""
    if language not in LABELS:
        raise InputError(f"report_language {language!r} is not available; choose one of {', '.join(LABELS)}")
    return LABELS[language]
