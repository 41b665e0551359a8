# Diagnosis rules (osteostats.rules, issue 4) applied to the patient case table.
# Study assumptions, stated explicitly on the command line:
#   --fracture-confirmed-all      every patient has an imaging-confirmed vertebral fracture
#                                 (the study is a VCF case series);
#   --pathological-groups MET     fractures in the metastatic group are pathological (tumour),
#                                 never fragility fractures.
# The menopause age proxy, pathological groups and rounding come from config (diagnosis:).
# With no proxy (the default), women (no menopause column) get menopausal status
# indeterminate, as issue 4 requires.
import os


rule diagnose:
    input:
        cases=os.path.join(config["cases_dir"], "patients.csv"),
    output:
        "reports/diagnosis/patients.csv",
    log:
        "reports/logs/diagnose.log",
    conda:
        "../envs/osteostats.yaml"
    params:
        groups=" ".join(config.get("diagnosis", {}).get("pathological_groups", ["MET"])),
        proxy=(
            f"--menopause-age-proxy {config['diagnosis']['menopause_age_proxy']}"
            if config.get("diagnosis", {}).get("menopause_age_proxy") is not None
            else ""
        ),
        rounding=config.get("diagnosis", {}).get("rounding", "as_given"),
    shell:
        "osteostats diagnose --cases {input.cases} --out {output}"
        " --pathological-groups {params.groups} --fracture-confirmed-all"
        " --rounding {params.rounding} {params.proxy} 2> {log}"
