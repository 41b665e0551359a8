# Last stage: the HTML and PDF report, one edition per language, from one template set
# (osteostats/report/templates/).


# One edition per language of report.languages: English at reports/report.{html,pdf}, every
# other language at reports/report.<lang>.{html,pdf}.
def edition(path, lang):
    stem, dot, suffix = path.rpartition(".")
    return path if lang == "en" else f"{stem}.{lang}{dot}{suffix}"


LANGUAGES = CFG["report"]["languages"]
# The CLI takes the English paths; editions in other languages are written beside them.
REPORT_HTML = "reports/report.html"
REPORT_PDF = "reports/report.pdf"


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
