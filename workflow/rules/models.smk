# Stage: logistic models of the signs. Firth regression, separation, clustering, performance,
# accuracy; and, for reconstructed case tables, the reconstruction sensitivity analysis: K
# reconstructions, one job per seed (wildcard {seed}), so K = 1000 scales out on a cluster.


rule models:
    input:
        **validated_files(),
        config=RESOLVED,
        study=CFG["study"],
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
    threads: 1
    params:
        env=ONE_THREAD,
        cases=lambda w, input: os.path.dirname(input.patients),
        out=lambda w, output: os.path.dirname(output.univariable),
    conda:
        "../envs/osteostats.yaml"
    shell:
        "{params.env} osteostats models --config {input.config} --cases {params.cases} --out {params.out} > {log} 2>&1"


rule models_seed:
    input:
        **PUBLISHED_FILES,
        config=RESOLVED,
        study=CFG["study"],
    output:
        estimates="reports/models/sensitivity/seed_{seed}/estimates.csv",
        patients="reports/models/sensitivity/seed_{seed}/cases/patients.csv",
        vertebrae="reports/models/sensitivity/seed_{seed}/cases/vertebrae.csv",
        readings="reports/models/sensitivity/seed_{seed}/cases/readings.csv",
    log:
        "reports/logs/models_seed_{seed}.log",
    threads: 1
    params:
        env=ONE_THREAD,
        out=lambda w, output: os.path.dirname(output.estimates),
    conda:
        "../envs/osteostats.yaml"
    shell:
        "{params.env} osteostats models --config {input.config} --reconstruct-seed {wildcards.seed} "
        "--out {params.out} > {log} 2>&1"


rule models_sensitivity:
    input:
        estimates=expand("reports/models/sensitivity/seed_{seed}/estimates.csv", seed=SEEDS),
        config=RESOLVED,
    output:
        report("reports/models/sensitivity.csv", category="Models"),
    log:
        "reports/logs/models_sensitivity.log",
    conda:
        "../envs/osteostats.yaml"
    shell:
        "osteostats models --config {input.config} --aggregate {input.estimates} --out {output} > {log} 2>&1"
