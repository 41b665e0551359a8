# osteostats workflow: reproduce Tables 1-3 of the study from case tables, and more.
# Thin by design: config, includes, rule all. workflow/rules/common.smk validates the merged
# config once and hands every stage the same resolved file; each stage lives in its own .smk
# and calls the osteostats CLI; no statistics are computed here.
import os

from snakemake.utils import min_version

min_version("8.0")


configfile: "config/config.yaml"


include: "workflow/rules/common.smk"
include: "workflow/rules/tables.smk"
include: "workflow/rules/diagnose.smk"
include: "workflow/rules/check.smk"
include: "workflow/rules/models.smk"
include: "workflow/rules/report.smk"


rule all:
    input:
        rules.tables.output,
        rules.diagnose.output,
        rules.models.output,
        rules.check.output if PUBLISHED else [],
        rules.models_sensitivity.output.summary if SENSITIVITY else [],
        rules.report.output,
    default_target: True
