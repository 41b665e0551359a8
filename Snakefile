# osteostats workflow: reproduce Tables 1-3 of the study from case tables, and more.
# Thin by design: config, includes, rule all. Each stage lives in workflow/rules/*.smk and
# calls the osteostats CLI; no statistics are computed here.
from snakemake.utils import min_version, validate

min_version("8.0")


configfile: "config/config.yaml"
configfile: "config/models.yaml"


validate(config, "workflow/schemas/config.schema.yaml")


include: "workflow/rules/tables.smk"
include: "workflow/rules/diagnose.smk"
include: "workflow/rules/check.smk"
include: "workflow/rules/models.smk"
include: "workflow/rules/report.smk"


rule all:
    input:
        rules.tables.output,
        rules.diagnose.output,
        rules.check.output,
        rules.models.output,
        rules.models_sensitivity.output,
        rules.report.output,
    default_target: True
