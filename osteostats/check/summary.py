"""The short human summary: counts by verdict, then every non-consistent row in words."""
from __future__ import annotations

from ..published import Published
from .rows import CHECK_ORDER, CONSISTENT, VERDICTS, CheckRow

#: What each check is, in words (used as headings of the summary lines).
CHECK_TITLES = {
    "statistic": "printed statistic vs recomputation",
    "df": "printed df vs design",
    "p_vs_statistic": "printed P vs printed statistic",
    "p_vs_recomputed": "printed P vs recomputed p",
    "ratio_ci": "ratio's P vs its confidence interval",
    "ratio_counts": "ratio vs the printed counts",
    "percent": "percentage vs count",
    "percent_mode": "rounding mode of percentages",
    "denominator": "denominators vs printed group sizes",
    "grim": "GRIM (mean of integer data)",
    "grimmer": "GRIMMER (SD of integer data)",
    "debit": "DEBIT (mean and SD of 0/1 data)",
    "sd_bound": "SD vs printed range",
    "test_choice": "test choice (expected counts)",
    "design": "design (paired readings)",
    "cochran_q_range": "Cochran's Q range (paired test)",
    "category_sum": "categories sum to n",
    "union": "'any modality' vs its components",
    "link": "same quantity in two tables",
    "group_n": "group size everywhere",
    "nearest_counts": "nearest counts reproducing a printed statistic",
}


def render_summary(rows: list[CheckRow], pub: Published) -> str:
    """Markdown summary of a check run.

    Notes
    -----
    Verdicts in the order of :data:`~osteostats.check.rows.VERDICTS`; findings keep the row order.

    Examples
    --------
    >>> from osteostats.published import load_published
    >>> from osteostats.check.runner import run_checks
    >>> pub = load_published("data/published")
    >>> text = render_summary(run_checks(pub), pub)
    >>> text.splitlines()[0]
    '# Reviewer check: luoyang-vcf-multimodality'
    """
    counts = {v: 0 for v in VERDICTS}
    for r in rows:
        counts[r.verdict] += 1
    out = [f"# Reviewer check: {pub.paper.get('id', pub.folder)}", ""]
    title = str(pub.paper.get("title", "")).strip()
    if title:
        out += [title, ""]
    out += [f"{len(rows)} checks on the printed numbers alone (alpha = {pub.alpha:g}).", "",
            "## Counts by verdict", "", "| verdict | rows |", "|---|---|"]
    out += [f"| {v} | {counts[v]} |" for v in VERDICTS]
    out += ["", "## Counts by check", "", "| check | " + " | ".join(VERDICTS) + " |",
            "|---|" + "---|" * len(VERDICTS)]
    for c in CHECK_ORDER:
        per = [r for r in rows if r.check == c]
        if per:
            out.append(f"| {c} | " + " | ".join(str(sum(r.verdict == v for r in per)) for v in VERDICTS) + " |")
    out += ["", "## Findings (every row that is not consistent)", ""]
    findings = [r for r in rows if r.verdict != CONSISTENT]
    if not findings:
        out.append("None: every printed number checked is consistent.")
    for v in VERDICTS[1:]:
        group = [r for r in findings if r.verdict == v]
        if not group:
            continue
        out += [f"### {v} ({len(group)})", ""]
        for r in group:
            where = f"Table {r.table}, " if r.table else ""
            label = _label(pub, r.item)
            printed = f" Printed {r.printed};" if r.printed else ""
            recomputed = f" recomputed {r.recomputed}." if r.recomputed else ""
            out.append(f"- **{where}{label}** ({CHECK_TITLES[r.check]}).{printed}{recomputed} {r.note}")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def _label(pub: Published, item: str) -> str:
    comp, _, arm = item.partition("[")
    hit = pub.comparisons[pub.comparisons.comparison == comp]
    if hit.empty:
        return item
    label = str(hit.iloc[0]["item"])
    return f"{label} [{arm}" if arm else label
