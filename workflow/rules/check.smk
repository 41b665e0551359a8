# Stage: reviewer check. Re-verify every printed statistic, P and percentage of the paper from
# the printed numbers alone. Runs only when the config names a published folder.


rule check:
    input:
        **PUBLISHED_FILES,
        config=RESOLVED,
    output:
        checks="reports/check/checks.csv",
        summary="reports/check/summary.md",
    log:
        "reports/logs/check.log",
    params:
        published=lambda w, input: os.path.dirname(input.values),
        out=lambda w, output: os.path.dirname(output.checks),
    conda:
        "../envs/osteostats.yaml"
    shell:
        "osteostats check {params.published} --out {params.out} > {log} 2>&1"
