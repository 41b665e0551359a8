# Diagnosis rules (osteostats.rules) applied to the patients table, after validation.
# Study facts come from the study spec: --pathological-groups are the groups whose fractures
# it declares pathological (never fragility fractures). --fracture-confirmed-all: every patient
# of a vertebral-compression-fracture case series has an imaging-confirmed fracture.
# The menopause age proxy and rounding come from the config (diagnosis:).


rule diagnose:
    input:
        cases=case_files()["patients"],
        validated=f"{VALIDATED}/manifest.json",
        config=RESOLVED,
    output:
        "reports/diagnosis/patients.csv",
    log:
        "reports/logs/diagnose.log",
    # longest first: after the models and the reconstructions, the diagnosis takes longer than
    # the tables and the check on a large cohort (4 s against 1.5 s and 0.6 s at 100,000 patients)
    priority: 3
    params:
        groups=" ".join(STUDY.pathological_groups) or "none",
        proxy=(
            f"--menopause-age-proxy {CFG['diagnosis']['menopause_age_proxy']}"
            if CFG["diagnosis"]["menopause_age_proxy"] is not None
            else ""
        ),
        rounding=CFG["diagnosis"]["rounding"],
    conda:
        "../envs/osteostats.yaml"
    shell:
        "osteostats diagnose --cases {input.cases} --out {output}"
        " --pathological-groups {params.groups} --fracture-confirmed-all"
        " --rounding {params.rounding} {params.proxy} > {log} 2>&1"
