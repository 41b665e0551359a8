# Stage: logistic models of the signs (issue 5). Firth regression, separation, clustering,
# performance, accuracy, and the reconstruction sensitivity analysis: K reconstructions, one
# job per seed (wildcard {seed}), so K = 1000 scales out on a cluster executor.
# Settings: config["models"] (see config/models.yaml), passed to the CLI as JSON.
import json
import os

MODELS_CASES = {f: os.path.join(config["cases_dir"], f"{f}.csv") for f in ["patients", "vertebrae", "readings"]}
MODELS_PUBLISHED = {
    f.split(".")[0]: os.path.join(config["published_dir"], f)
    for f in ["paper.yaml", "comparisons.csv", "values.csv"]
}
MODELS_SETTINGS = json.dumps(config["models"], sort_keys=True)
MODELS_SEEDS = [config["models"]["first_seed"] + i for i in range(config["models"]["K"])]
# Small matrices: one BLAS thread per job is faster than oversubscribing the cores.
MODELS_ENV = "OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1"


wildcard_constraints:
    seed=r"\d+",


rule models:
    input:
        **MODELS_CASES,
    output:
        univariable=report("reports/models/univariable.csv", category="Models"),
        multivariable=report("reports/models/multivariable.csv", category="Models"),
        accuracy=report("reports/models/accuracy.csv", category="Models"),
        performance=report("reports/models/performance.csv", category="Models"),
        forest=report("reports/models/forest.svg", category="Models"),
        roc=report("reports/models/roc.svg", category="Models"),
        calibration=report("reports/models/calibration.svg", category="Models"),
    log:
        "reports/logs/models.log",
    conda:
        "../envs/osteostats.yaml"
    threads: 1
    params:
        cases=lambda w, input: os.path.dirname(input.patients),
        out=lambda w, output: os.path.dirname(output.univariable),
        settings=MODELS_SETTINGS,
        env=MODELS_ENV,
    shell:
        "{params.env} osteostats models --cases {params.cases} --settings {params.settings:q} "
        "--out {params.out} > {log} 2>&1"


rule models_seed:
    input:
        **MODELS_PUBLISHED,
    output:
        estimates="reports/models/sensitivity/seed_{seed}/estimates.csv",
        patients="reports/models/sensitivity/seed_{seed}/cases/patients.csv",
        vertebrae="reports/models/sensitivity/seed_{seed}/cases/vertebrae.csv",
        readings="reports/models/sensitivity/seed_{seed}/cases/readings.csv",
    log:
        "reports/logs/models_seed_{seed}.log",
    conda:
        "../envs/osteostats.yaml"
    threads: 1
    params:
        published=lambda w, input: os.path.dirname(input.values),
        out=lambda w, output: os.path.dirname(output.estimates),
        settings=MODELS_SETTINGS,
        env=MODELS_ENV,
    shell:
        "{params.env} osteostats models --reconstruct-seed {wildcards.seed} --published {params.published} "
        "--settings {params.settings:q} --out {params.out} > {log} 2>&1"


rule models_sensitivity:
    input:
        expand("reports/models/sensitivity/seed_{seed}/estimates.csv", seed=MODELS_SEEDS),
    output:
        report("reports/models/sensitivity.csv", category="Models"),
    log:
        "reports/logs/models_sensitivity.log",
    conda:
        "../envs/osteostats.yaml"
    params:
        settings=MODELS_SETTINGS,
    shell:
        "osteostats models --aggregate {input} --settings {params.settings:q} --out {output} > {log} 2>&1"
