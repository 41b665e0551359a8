"""``osteostats config``: validate a configuration, fill in every default, write the result.

The workflow runs it once (rule ``resolve_config``) and hands the file it writes to every
stage; users run it to check a config before a long run.
"""
from __future__ import annotations

import argparse
import json

from ..errors import InputError


def add_arguments(p: argparse.ArgumentParser) -> None:
    """The options of ``osteostats config``."""
    p.add_argument("config", nargs="?", default=None, help="config YAML (default: every default)")
    p.add_argument("--json", default=None, help="a config as a JSON object instead of a file (the workflow's)")
    p.add_argument("--out", default=None, help="write the resolved config (YAML) to this file")


def run(args: argparse.Namespace) -> int:
    from ..config import dump_config, load_config, resolve
    from ..io import atomic_write_text
    from ..study import load_study

    if args.json is not None:
        try:
            raw = json.loads(args.json)
        except json.JSONDecodeError as exc:
            raise InputError(f"--json is not valid JSON: {exc}") from exc
        cfg = resolve(raw, "the workflow's merged config (--configfile / --config)")
    else:
        cfg = load_config(args.config)
    load_study(cfg["study"])
    text = dump_config(cfg)
    if args.out:
        atomic_write_text(args.out, text)
        print(f"wrote the resolved config to {args.out}")
    else:
        print(text, end="")
    return 0
