# Diagnosis rules (osteostats.rules, issue 4) applied to the patient case table.
# Study assumptions, stated explicitly on the command line:
#   --fracture-confirmed-all      every patient has an imaging-confirmed vertebral fracture
#                                 (the study is a VCF case series);
#   --pathological-groups MET     fractures in the metastatic group are pathological (tumour),
#                                 never fragility fractures.
# No menopause age proxy is configured, so women (no menopause column) are reported with
# menopausal status indeterminate, as issue 4 requires.
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
    shell:
        "osteostats diagnose --cases {input.cases} --out {output}"
        " --pathological-groups MET --fracture-confirmed-all 2> {log}"
