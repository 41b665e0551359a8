# Stage 1: validate the case tables, then build Tables 1-3 and compare with the printed values.

CASE_FILES = expand("{d}/{f}.csv", d=config["cases_dir"], f=["patients", "vertebrae", "readings"])
PUBLISHED_FILES = expand(
    "{d}/{f}", d=config["published_dir"], f=["paper.yaml", "comparisons.csv", "values.csv"]
)


rule validate_cases:
    input:
        CASE_FILES,
    output:
        "reports/validation.txt",
    log:
        "reports/logs/validate_cases.log",
    params:
        cases=config["cases_dir"],
    shell:
        "osteostats validate --cases {params.cases} --stamp {output} > {log} 2>&1"


rule tables:
    input:
        "reports/validation.txt",
        CASE_FILES,
        PUBLISHED_FILES,
        "config/config.yaml",
    output:
        table1=report("reports/tables/table1.csv", caption="../report/table1.rst", category="Tables"),
        table2=report("reports/tables/table2.csv", caption="../report/table2.rst", category="Tables"),
        table3=report("reports/tables/table3.csv", caption="../report/table3.rst", category="Tables"),
        tests="reports/tables/tests.csv",
        comparison=report(
            "reports/tables/comparison.csv", caption="../report/comparison.rst", category="Tables"
        ),
    log:
        "reports/logs/tables.log",
    params:
        cases=config["cases_dir"],
        published=config["published_dir"],
    shell:
        "osteostats tables --cases {params.cases} --published {params.published} "
        "--config config/config.yaml --out reports/tables > {log} 2>&1"
