# Last stage: the HTML and PDF report, one edition per language, from one template set
# (osteostats/report/templates/).


rule report:
    input:
        unpack(report_inputs),
    output:
        html=[report(edition(REPORT_HTML, lang), caption="../report/report.rst", category="Report",
                     labels={"edition": lang}) for lang in LANGUAGES],
        pdf=[edition(REPORT_PDF, lang) for lang in LANGUAGES],
    log:
        "reports/logs/report.log",
    conda:
        "../envs/osteostats.yaml"
    shell:
        f"osteostats report --config {{input.config}} --reports reports --html {REPORT_HTML} --pdf {REPORT_PDF} "
        "> {log} 2>&1"
