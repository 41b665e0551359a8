"""``osteostats config``: validate a configuration, fill in every default, write the result.

The workflow writes the same file in its first job (``osteostats validate --write-config``,
once the case tables are accepted) and hands it to every stage; users run this command to
check a config before a long run.
"""
from __future__ import annotations

import argparse


def add_arguments(p: argparse.ArgumentParser) -> None:
    """The options of ``osteostats config``."""
    p.add_argument("config", nargs="?", default=None, help="config YAML (default: every default)")
    p.add_argument("--json", "--config-json", dest="json", default=None,
                   help="a config as a JSON object instead of a file (the workflow's)")
    p.add_argument("--out", default=None, help="write the resolved config (YAML) to this file")


def run(args: argparse.Namespace) -> int:
    from ..config import config_from_json, dump_config, load_config, write_resolved
    from ..study import load_study

    if args.json is not None:
        cfg = config_from_json(args.json)
    else:
        cfg = load_config(args.config)
    load_study(cfg["study"])
    if args.out:
        write_resolved(cfg, args.out)
        print(f"wrote the resolved config to {args.out}")
    else:
        print(dump_config(cfg), end="")
    return 0
