# Stage 1: validate the case tables, then build Tables 1-3 and compare with the printed values.
import os

CASES = {f: os.path.join(config["cases_dir"], f"{f}.csv") for f in ["patients", "vertebrae", "readings"]}
PUBLISHED = {
    f.split(".")[0]: os.path.join(config["published_dir"], f)
    for f in ["paper.yaml", "comparisons.csv", "values.csv"]
}


rule validate_cases:
    input:
        **CASES,
    output:
        "reports/validation.txt",
    log:
        "reports/logs/validate_cases.log",
    conda:
        "../envs/osteostats.yaml"
    params:
        cases=lambda w, input: os.path.dirname(input.patients),
    shell:
        "osteostats validate --cases {params.cases} --stamp {output} > {log} 2>&1"


rule tables:
    input:
        "reports/validation.txt",
        "config/config.yaml",
        **CASES,
        **PUBLISHED,
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
    conda:
        "../envs/osteostats.yaml"
    params:
        cases=lambda w, input: os.path.dirname(input.patients),
        published=lambda w, input: os.path.dirname(input.values),
        out=lambda w, output: os.path.dirname(output.table1),
    shell:
        "osteostats tables --cases {params.cases} --published {params.published} "
        "--config config/config.yaml --out {params.out} > {log} 2>&1"
