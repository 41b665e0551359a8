# Last stage: the HTML and PDF report from one template (osteostats/report/templates/).


rule report:
    input:
        rules.tables.output,
        rules.diagnose.output,
        rules.check.output,
        rules.models.output,
        rules.models_sensitivity.output,
        "config/config.yaml",
        "config/models.yaml",
    output:
        html=report("reports/report.html", caption="../report/report.rst", category="Report"),
        pdf="reports/report.pdf",
    log:
        "reports/logs/report.log",
    conda:
        "../envs/osteostats.yaml"
    params:
        cases=config["cases_dir"],
        published=config["published_dir"],
    shell:
        "osteostats report --reports reports --published {params.published} --cases {params.cases} "
        "--config config/config.yaml --html {output.html} --pdf {output.pdf} > {log} 2>&1"
