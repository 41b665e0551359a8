"""``osteostats models``: the workflow's model stage.

Three modes::

    # all models on one set of case tables -> reports/models/{univariable,multivariable,
    # accuracy,performance}.csv and {forest,roc,calibration}.svg
    osteostats models --cases data/cases --config config/config.yaml --out reports/models

    # reconstructions (one Snakemake job per batch of seeds): reconstruct in-process, write
    # each seed's case tables and point estimates to OUT/seed_<seed>/
    osteostats models --reconstruct-seed 1001 1002 1003 --published data/published \\
        --out reports/models/sensitivity/seeds_1001-1003

    # spread across reconstructions -> reports/models/sensitivity.csv
    osteostats models --aggregate reports/models/sensitivity/seeds_*/seed_*/estimates.csv \\
        --out reports/models/sensitivity.csv

    # both at once, when one job reconstructs every seed (the workflow's default, K <= seeds_per_job)
    osteostats models --reconstruct-seed 1001 1002 1003 --out reports/models/sensitivity/seeds_1001-1003 \\
        --summary reports/models/sensitivity.csv

Settings come from the ``models:`` section of ``--config`` (the workflow passes the resolved
config it wrote once, ``reports/config/config.yaml``); ``--settings`` overrides keys with JSON.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import config_arguments
from ..errors import InputError
from .reconstruct import seed_arg


def add_arguments(p: argparse.ArgumentParser) -> None:
    """The options of ``osteostats models``."""
    config_arguments(p)
    p.add_argument("--settings", default=None, help="JSON object of model settings (overrides --config)")
    p.add_argument("--out", required=True, help="output folder (file for --aggregate)")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--reconstruct-seed", type=seed_arg, nargs="+", default=None, metavar="SEED",
                      help="reconstruct the cohort with each seed and write OUT/seed_SEED/cases/ and "
                           "OUT/seed_SEED/estimates.csv")
    mode.add_argument("--aggregate", nargs="+", default=None, metavar="ESTIMATES_CSV",
                      help="combine per-seed estimates.csv files into the sensitivity table OUT")
    p.add_argument("--summary", default=None, metavar="CSV",
                   help="with --reconstruct-seed: also combine these seeds' estimates into the sensitivity "
                        "table CSV, as --aggregate does (when one job reconstructs every seed)")
    p.add_argument("--published", default=None,
                   help="published-values folder for --reconstruct-seed (default: the config's published_dir)")


def run(args: argparse.Namespace) -> int:
    from ..models.config import load_settings

    from ..outputs import FILE, FOLDER, OutputPath, check_output_paths

    if args.summary is not None and args.reconstruct_seed is None:
        raise InputError("--summary goes with --reconstruct-seed (to combine existing estimates, use --aggregate)")
    check_output_paths([OutputPath("--out", args.out, FILE if args.aggregate is not None else FOLDER)]
                       + ([OutputPath("--summary", args.summary, FILE)] if args.summary is not None else []))
    settings = load_settings(args.config, args.settings)
    if args.aggregate is not None:
        return _aggregate(args, settings)
    if args.reconstruct_seed is not None:
        return _seeds(args, settings)
    from ..config import load_config
    from ..models.run import run_models

    run_models(args.cases or load_config(args.config)["cases_dir"], settings, args.out)
    return 0


def _seeds(args: argparse.Namespace, settings) -> int:
    """Reconstruct and refit once per seed, in one process (imports and inputs paid once)."""
    from ..config import load_config, published_folder
    from ..io import write_csv
    from ..models.sensitivity import seed_estimates
    from ..published import load_published
    from ..reconstruct import SpriteError, reconstruct_cohort

    seeds = list(dict.fromkeys(args.reconstruct_seed))
    folder = args.published or published_folder(load_config(args.config))
    if folder is None:
        raise InputError("--reconstruct-seed needs a published-values folder (--published or published_dir)")
    published = load_published(folder)
    written = []
    for i, seed in enumerate(seeds):
        try:  # the printed values are checked once, with the first seed
            cohort = reconstruct_cohort(published, seed, settings.study, validate=i == 0)
        except SpriteError as exc:
            raise InputError(f"reconstruction with seed {seed} failed: {exc}") from exc
        out = Path(args.out) / f"seed_{seed}"
        cases_dir = out / "cases"
        write_csv(cohort.patients, cases_dir / "patients.csv")
        write_csv(cohort.vertebrae, cases_dir / "vertebrae.csv")
        write_csv(cohort.readings, cases_dir / "readings.csv")
        # The reconstruction is valid by construction (its own tests); only the group is attached
        # here instead of re-reading and re-validating the tables (keeps the K fits light).
        vertebrae = cohort.vertebrae.merge(cohort.patients[["patient_id", "group"]], on="patient_id",
                                           how="left", validate="many_to_one")
        est = seed_estimates(vertebrae, cohort.patients, seed, settings)
        write_csv(est, out / "estimates.csv")
        written.append(str(out / "estimates.csv"))
        print(f"models: reconstruction seed {seed}: {len(est)} estimates in {out / 'estimates.csv'}",
              file=sys.stderr)
    if args.summary is not None:  # from the files just written, exactly as --aggregate reads them
        _write_summary(written, settings, args.summary)
    return 0


def _aggregate(args: argparse.Namespace, settings) -> int:
    _write_summary(args.aggregate, settings, args.out)
    return 0


def _write_summary(estimates: list[str], settings, out: str) -> None:
    from ..io import write_csv
    from ..models.sensitivity import aggregate

    table = aggregate(sorted(estimates), reconstructed=settings.data_are_reconstructed)
    write_csv(table, out)
    print(f"models: sensitivity over {int(table.n_seeds.max())} reconstruction(s) written to {out}",
          file=sys.stderr)
