"""Command-line entry point: ``osteostats <command> ...``.

Each command lives in its own module under :mod:`osteostats.commands`, declaring
``add_arguments(parser)`` and ``run(args)``; its help text, in English and Chinese, is in
``osteostats/commands/help.yaml``; this module registers them.
Errors of type :class:`osteostats.errors.InputError` are printed as plain messages with a
non-zero exit code (2), never as a traceback.
"""
from __future__ import annotations

import argparse
import functools
import importlib
import os
import sys
from pathlib import Path

from . import __version__, forkserver
from .errors import InputError

#: Sub-command modules, in the order they are listed by ``osteostats --help``.
COMMANDS = [
    "run",
    "config",
    "reconstruct",
    "validate",
    "tables",
    "check",
    "diagnose",
    "logistic",
    "models",
    "report",
    "import",
    "scan",
]

#: Command name -> module under osteostats.commands, where they differ (``import`` is a keyword).
MODULES = {"import": "import_tables"}


def language() -> str:
    """``zh`` when OSTEOSTATS_LANG (or LANG) asks for Chinese, else ``en``."""
    lang = os.environ.get("OSTEOSTATS_LANG") or os.environ.get("LANG", "")
    return "zh" if lang.lower().startswith("zh") else "en"


@functools.lru_cache(maxsize=None)
def help_texts() -> dict:
    """The commands' help and descriptions, per language (``osteostats/commands/help.yaml``)."""
    import yaml

    from .yamldoc import FAST_LOADER

    return yaml.load((Path(__file__).parent / "commands" / "help.yaml").read_text(encoding="utf-8"), Loader=FAST_LOADER)


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The argument parser; with ``only``, just that sub-command is imported (fast start-up)."""
    parser = argparse.ArgumentParser(
        prog="osteostats",
        description="Reproduce, check and extend the osteoporotic vs metastatic VCF study.",
    )
    parser.add_argument("--version", action="version", version=f"osteostats {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    lang = language()
    for name in COMMANDS:
        if only is not None and name != only:
            continue
        try:
            module = importlib.import_module(f"osteostats.commands.{MODULES.get(name, name)}")
        except ModuleNotFoundError as exc:
            if exc.name == f"osteostats.commands.{MODULES.get(name, name)}":
                continue
            raise
        text = help_texts()[name]
        p = sub.add_parser(name, help=text["help"][lang], description=text["description"][lang])
        module.add_arguments(p)
        p.set_defaults(func=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    if argv is None and os.environ.get(forkserver.ENV):
        # in a workflow job: run in the workflow's preloaded interpreter if it has one
        code = forkserver.run_remote(sys.argv[1:])
        if code is not None:
            return code
    argv = sys.argv[1:] if argv is None else list(argv)
    only = argv[0] if argv and argv[0] in COMMANDS else None
    parser = build_parser(only)
    if only == "run":  # everything it does not know goes to snakemake
        args, rest = parser.parse_known_args(argv)
        args.rest = rest
    else:
        args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except InputError as exc:
        print(f"osteostats {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # output piped into `head` and the like: stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except KeyboardInterrupt:
        print(f"osteostats {args.command}: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
