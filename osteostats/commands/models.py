"""``osteostats models``: the workflow's model stage.

Three modes::

    # all models on one set of case tables -> reports/models/{univariable,multivariable,
    # accuracy,performance}.csv and {forest,roc,calibration}.svg
    osteostats models --cases data/cases --config config/config.yaml --out reports/models

    # one reconstruction (one Snakemake job per seed): reconstruct in-process, write the
    # case tables and the point estimates
    osteostats models --reconstruct-seed 1001 --published data/published \\
        --out reports/models/sensitivity/seed_1001

    # spread across reconstructions -> reports/models/sensitivity.csv
    osteostats models --aggregate reports/models/sensitivity/seed_*/estimates.csv \\
        --out reports/models/sensitivity.csv

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
    mode.add_argument("--reconstruct-seed", type=seed_arg, default=None, metavar="SEED",
                      help="reconstruct the cohort with this seed and write OUT/cases/ and OUT/estimates.csv")
    mode.add_argument("--aggregate", nargs="+", default=None, metavar="ESTIMATES_CSV",
                      help="combine per-seed estimates.csv files into the sensitivity table OUT")
    p.add_argument("--published", default=None,
                   help="published-values folder for --reconstruct-seed (default: the config's published_dir)")


def run(args: argparse.Namespace) -> int:
    from ..models.config import load_settings

    from ..outputs import FILE, FOLDER, OutputPath, check_output_paths

    check_output_paths([OutputPath("--out", args.out, FILE if args.aggregate is not None else FOLDER)])
    settings = load_settings(args.config, args.settings)
    if args.aggregate is not None:
        return _aggregate(args, settings)
    if args.reconstruct_seed is not None:
        return _one_seed(args, settings)
    from ..config import load_config
    from ..models.run import run_models

    run_models(args.cases or load_config(args.config)["cases_dir"], settings, args.out)
    return 0


def _one_seed(args: argparse.Namespace, settings) -> int:
    from ..io import write_csv
    from ..published import load_published
    from ..reconstruct import SpriteError, reconstruct_cohort
    from ..models.sensitivity import seed_estimates

    out = Path(args.out)
    try:
        from ..config import load_config, published_folder

        folder = args.published or published_folder(load_config(args.config))
        if folder is None:
            raise InputError("--reconstruct-seed needs a published-values folder (--published or published_dir)")
        cohort = reconstruct_cohort(load_published(folder), args.reconstruct_seed, settings.study)
    except SpriteError as exc:
        raise InputError(f"reconstruction with seed {args.reconstruct_seed} failed: {exc}") from exc
    cases_dir = out / "cases"
    write_csv(cohort.patients, cases_dir / "patients.csv")
    write_csv(cohort.vertebrae, cases_dir / "vertebrae.csv")
    write_csv(cohort.readings, cases_dir / "readings.csv")
    # The reconstruction is valid by construction (its own tests); only the group is attached here
    # instead of re-reading and re-validating the tables (keeps each of the K jobs light).
    vertebrae = cohort.vertebrae.merge(cohort.patients[["patient_id", "group"]], on="patient_id",
                                       how="left", validate="many_to_one")
    est = seed_estimates(vertebrae, cohort.patients, args.reconstruct_seed, settings)
    write_csv(est, out / "estimates.csv")
    print(f"models: reconstruction seed {args.reconstruct_seed}: {len(est)} estimates in {out / 'estimates.csv'}",
          file=sys.stderr)
    return 0


def _aggregate(args: argparse.Namespace, settings) -> int:
    from ..io import write_csv
    from ..models.sensitivity import aggregate

    table = aggregate(sorted(args.aggregate), reconstructed=settings.data_are_reconstructed)
    write_csv(table, args.out)
    print(f"models: sensitivity over {int(table.n_seeds.max())} reconstruction(s) written to {args.out}",
          file=sys.stderr)
    return 0
