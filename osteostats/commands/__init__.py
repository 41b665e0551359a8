"""Sub-commands of the ``osteostats`` CLI, one module each (``HELP``, ``DESCRIPTION``,
``add_arguments(parser)``, ``run(args)``)."""
from __future__ import annotations

import argparse


def config_arguments(p: argparse.ArgumentParser, *, cases: bool = True) -> None:
    """``--config`` (the workflow config; its defaults otherwise) and ``--cases`` (its cases_dir)."""
    p.add_argument("--config", default=None,
                   help="workflow config YAML: study spec, inputs, settings (default: every default of the schema)")
    if cases:
        p.add_argument("--cases", default=None, help="case-table folder (default: the config's cases_dir)")
