"""``osteostats run``: check the configuration, then run the workflow (Snakemake).

Snakemake reads ``--configfile`` files itself and answers a missing file or a YAML error with
its own traceback. This command reads them first, with the same merge rules (later files and
``--config key=value`` win, mappings merge key by key), and stops with the file, line and key
of every problem before any job starts. Every other argument goes to Snakemake unchanged.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from ..errors import InputError, Problem

DEFAULT_CONFIG = Path("config/config.yaml")


def add_arguments(p: argparse.ArgumentParser) -> None:
    """The options of ``osteostats run``."""
    p.add_argument("--configfile", nargs="+", default=[], help="extra config files, as for snakemake")
    p.add_argument("--config", nargs="+", default=[], metavar="KEY=VALUE", help="overrides, as for snakemake")
    p.add_argument("--cores", default="2", help="cores for snakemake (default: %(default)s)")
    p.add_argument("--check-only", action="store_true", help="check the configuration and stop")


def _merge(base: dict, extra: dict) -> dict:
    out = dict(base)
    for k, v in extra.items():
        out[k] = _merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


def merged_config(files: list[str], overrides: list[str]) -> dict:
    """The config Snakemake would build from these files and overrides, validated and resolved."""
    from ..config import resolve
    from ..yamldoc import read_yaml

    problems: list[Problem] = []
    cfg: dict = {}
    sources = [str(DEFAULT_CONFIG)] if DEFAULT_CONFIG.exists() else []
    for f in [*sources, *files]:
        try:
            doc, _ = read_yaml(f, "config")
        except InputError as exc:
            problems.extend(exc.problems or [Problem(f, None, None, str(exc), "a YAML config file")])
            continue
        if doc is None:
            continue
        if not isinstance(doc, dict):
            problems.append(Problem(f, None, None, type(doc).__name__, "a mapping of config keys (key: value lines)"))
            continue
        cfg = _merge(cfg, doc)
    for item in overrides:
        key, sep, value = item.partition("=")
        if not sep or not key:
            problems.append(Problem("--config", None, None, item, "KEY=VALUE"))
            continue
        try:
            cfg[key] = yaml.safe_load(value)
        except yaml.YAMLError:
            cfg[key] = value
    if problems:
        raise InputError(problems, f"{len(problems)} problem(s) in the config files")
    return resolve(cfg, " + ".join([*sources, *files, *(["--config"] if overrides else [])]) or "config")


def run(args: argparse.Namespace) -> int:
    from ..study import load_study

    cfg = merged_config(args.configfile, args.config)
    load_study(cfg["study"])
    print("config OK", file=sys.stderr)
    if args.check_only:
        return 0
    exe = shutil.which("snakemake") or str(Path(sys.executable).parent / "snakemake")
    cmd = [exe, "--cores", str(args.cores)]
    if args.configfile:
        cmd += ["--configfile", *args.configfile]
    if args.config:
        cmd += ["--config", *args.config]
    cmd += list(getattr(args, "rest", []))
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    return subprocess.call(cmd, env=env)
