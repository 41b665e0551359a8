# Stage: logistic models of the signs. Firth regression, separation, clustering, performance,
# accuracy; and, for reconstructed case tables, the reconstruction sensitivity analysis: K
# reconstructions in batches of seeds_per_job, one job per batch (wildcard {batch}), so
# K = 1000 scales out on a cluster; with a single batch (the default, K <= seeds_per_job), one
# job reconstructs every seed and writes the summary too.


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
    # the longest job: started first when several are ready, so it does not finish last
    priority: 10
    params:
        env=ONE_THREAD,
        cases=lambda w, input: os.path.dirname(input.patients),
        out=lambda w, output: os.path.dirname(output.univariable),
    conda:
        "../envs/osteostats.yaml"
    shell:
        "{params.env} osteostats models --config {input.config} --cases {params.cases} --out {params.out} > {log} 2>&1"


# The reconstruction jobs' command, whether there is one batch of seeds or several.
RECONSTRUCT = "{params.env} osteostats models --config {input.config} --reconstruct-seed {params.seeds} "


if len(SEED_BATCHES) > 1:

    rule models_seed_batch:
        input:
            **PUBLISHED_FILES,
            config=RESOLVED,
            study=CFG["study"],
        output:
            # seed_<seed>/estimates.csv and seed_<seed>/cases/*.csv for each seed of the batch
            directory("reports/models/sensitivity/{batch}"),
        log:
            "reports/logs/models_{batch}.log",
        priority: 5
        wildcard_constraints:
            batch="seeds_[0-9]+-[0-9]+",
        threads: 1
        params:
            env=ONE_THREAD,
            seeds=lambda w: " ".join(str(s) for s in SEED_BATCHES[w.batch]),
        conda:
            "../envs/osteostats.yaml"
        shell:
            RECONSTRUCT + "--out {output} > {log} 2>&1"

    rule models_sensitivity:
        input:
            batches=expand("reports/models/sensitivity/{batch}", batch=SEED_BATCHES),
            config=RESOLVED,
        output:
            summary=report("reports/models/sensitivity.csv", category="Models"),
        log:
            "reports/logs/models_sensitivity.log",
        priority: 5
        params:
            estimates=seed_estimates(),
        conda:
            "../envs/osteostats.yaml"
        shell:
            "osteostats models --config {input.config} --aggregate {params.estimates} --out {output.summary} "
            "> {log} 2>&1"

else:

    # One batch: the job that reconstructs the seeds also combines them (--summary), instead of a
    # second job that would load the package again only to read back what the first one wrote.
    rule models_sensitivity:
        input:
            **PUBLISHED_FILES,
            config=RESOLVED,
            study=CFG["study"],
        output:
            summary=report("reports/models/sensitivity.csv", category="Models"),
            # seed_<seed>/estimates.csv and seed_<seed>/cases/*.csv for each seed
            batch=directory(f"reports/models/sensitivity/{next(iter(SEED_BATCHES))}"),
        log:
            "reports/logs/models_sensitivity.log",
        priority: 5
        threads: 1
        params:
            env=ONE_THREAD,
            seeds=" ".join(str(s) for s in SEEDS),
        conda:
            "../envs/osteostats.yaml"
        shell:
            RECONSTRUCT + "--out {output.batch} --summary {output.summary} > {log} 2>&1"
