# Stage 1: validate the case tables once (typed Parquet that later stages read) and write the
# resolved config every stage reads, then build Tables 1-3 and, with a published folder, set
# every reproduced number beside the printed one. Validation runs first and alone: no other
# job starts before the inputs are accepted, so a rejected input never leaves an output behind
# (with or without --keep-going). The config was validated at parse time (common.smk); this
# job writes it with every default filled in, in the same process as the validation.


rule validate_cases:
    input:
        unpack(case_files),
        study=CFG["study"],
    output:
        **validated_files(),
        manifest=f"{VALIDATED}/manifest.json",
        config=RESOLVED,
    log:
        "reports/logs/validate_cases.log",
    params:
        cases=lambda w, input: os.path.dirname(input.patients),
        out=lambda w, output: os.path.dirname(output.manifest),
        cfg=json.dumps(CFG, sort_keys=True),
    conda:
        "../envs/osteostats.yaml"
    shell:
        "osteostats validate --cases {params.cases} --study {input.study} --out {params.out} "
        "--config-json {params.cfg:q} --write-config {output.config} > {log} 2>&1"


rule tables:
    input:
        **validated_files(),
        **PUBLISHED_FILES,
        config=RESOLVED,
        study=CFG["study"],
    output:
        table1=report("reports/tables/table1.csv", caption="../report/table1.rst", category="Tables"),
        table2=report("reports/tables/table2.csv", caption="../report/table2.rst", category="Tables"),
        table3=report("reports/tables/table3.csv", caption="../report/table3.rst", category="Tables"),
        tests="reports/tables/tests.csv",
        detection="reports/tables/detection.csv",
        **(
            {"comparison": report("reports/tables/comparison.csv", caption="../report/comparison.rst", category="Tables")}
            if PUBLISHED
            else {}
        ),
    log:
        "reports/logs/tables.log",
    # before the check, after the diagnosis (longest first; see diagnose.smk)
    priority: 2
    params:
        cases=lambda w, input: os.path.dirname(input.patients),
        out=lambda w, output: os.path.dirname(output.table1),
    conda:
        "../envs/osteostats.yaml"
    shell:
        "osteostats tables --config {input.config} --cases {params.cases} --out {params.out} > {log} 2>&1"
