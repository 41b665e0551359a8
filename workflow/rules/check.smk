# Stage: reviewer check. Re-verify every printed statistic, P and percentage of the paper from
# the printed numbers alone (issue 3). Runs on the published-values folder only.
import os

CHECK_PUBLISHED = {
    f.split(".")[0]: os.path.join(config["published_dir"], f)
    for f in ["paper.yaml", "comparisons.csv", "values.csv"]
}


rule check:
    input:
        **CHECK_PUBLISHED,
    output:
        checks="reports/check/checks.csv",
        summary="reports/check/summary.md",
    log:
        "reports/logs/check.log",
    conda:
        "../envs/osteostats.yaml"
    params:
        published=lambda w, input: os.path.dirname(input.values),
        out=lambda w, output: os.path.dirname(output.checks),
    shell:
        "osteostats check {params.published} --out {params.out} > {log} 2>&1"
