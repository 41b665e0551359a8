# Stage 0: the resolved configuration (every default filled in), written once for every stage.


rule resolve_config:
    input:
        study=CFG["study"],
        validated=f"{VALIDATED}/manifest.json",
    output:
        RESOLVED,
    log:
        "reports/logs/resolve_config.log",
    params:
        cfg=json.dumps(CFG, sort_keys=True),
    conda:
        "../envs/osteostats.yaml"
    shell:
        "osteostats config --json {params.cfg:q} --out {output} > {log} 2>&1"
