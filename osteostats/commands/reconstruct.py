"""``osteostats reconstruct``: write case tables consistent with the printed tables."""
from __future__ import annotations

import argparse
from pathlib import Path

from ..io import write_csv
from ..published import load_published
from ..reconstruct import SpriteError, reconstruct_cohort
from ..errors import InputError

DEFAULT_SEED = 20221


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("reconstruct", help="write case tables consistent with every printed number",
                       description="Reconstruct patients.csv, vertebrae.csv and readings.csv from the "
                                   "published values (seeded, deterministic).")
    p.add_argument("--published", default="data/published", help="published-values folder (default: %(default)s)")
    p.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed (default: %(default)s)")
    p.add_argument("--out", default="data/cases", help="output folder (default: %(default)s)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    pub = load_published(args.published)
    try:
        cohort = reconstruct_cohort(pub, args.seed)
    except SpriteError as exc:
        raise InputError(f"reconstruction failed: {exc}") from exc
    out = Path(args.out)
    write_csv(cohort.patients, out / "patients.csv")
    write_csv(cohort.vertebrae, out / "vertebrae.csv")
    write_csv(cohort.readings, out / "readings.csv")
    print(f"wrote {len(cohort.patients)} patients, {len(cohort.vertebrae)} vertebrae, "
          f"{len(cohort.readings)} readings to {out} (seed {args.seed})")
    return 0
