# Last stage: the HTML and PDF report from one template (osteostats/report/templates/).


def report_inputs(wildcards=None):
    out = {
        "tables": rules.tables.output,
        "diagnose": rules.diagnose.output,
        "models": rules.models.output,
        "config": RESOLVED,
        "study": CFG["study"],
    }
    if PUBLISHED:
        out["check"] = rules.check.output
    if SENSITIVITY:
        out["sensitivity"] = rules.models_sensitivity.output
    return out


rule report:
    input:
        unpack(report_inputs),
    output:
        html=report("reports/report.html", caption="../report/report.rst", category="Report"),
        pdf="reports/report.pdf",
    log:
        "reports/logs/report.log",
    conda:
        "../envs/osteostats.yaml"
    shell:
        "osteostats report --config {input.config} --reports reports --html {output.html} --pdf {output.pdf} "
        "> {log} 2>&1"
