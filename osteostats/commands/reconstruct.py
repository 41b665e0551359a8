"""``osteostats reconstruct``: write case tables consistent with the printed tables."""
from __future__ import annotations

import argparse
from pathlib import Path

from ..errors import InputError

DEFAULT_SEED = 20221
#: Largest accepted seed: 2**32 - 1, the range every common generator (numpy's legacy
#: RandomState, R's set.seed via 32-bit integers) accepts, so a seed can be reused elsewhere.
MAX_SEED = 2**32 - 1


def seed_arg(text: str) -> int:
    """argparse type of a random seed: a whole number from 0 to :data:`MAX_SEED`.

    Examples
    --------
    >>> seed_arg("20221")
    20221
    >>> seed_arg("-1")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: invalid seed '-1': expected a whole number from 0 to 4294967295
    """
    try:
        value = int(str(text).strip())
    except ValueError:
        value = -1
    if not 0 <= value <= MAX_SEED:
        raise argparse.ArgumentTypeError(f"invalid seed {text!r}: expected a whole number from 0 to {MAX_SEED}")
    return value


def add_arguments(p: argparse.ArgumentParser) -> None:
    """The options of ``osteostats reconstruct``."""
    p.add_argument("--published", default="data/published", help="published-values folder (default: %(default)s)")
    p.add_argument("--seed", type=seed_arg, default=DEFAULT_SEED,
                   help=f"random seed, 0 to {MAX_SEED} (default: %(default)s)")
    p.add_argument("--out", default="data/cases", help="output folder (default: %(default)s)")


def run(args: argparse.Namespace) -> int:
    # imported here: ``seed_arg`` is shared with ``osteostats models``, which should not load them
    from ..io import write_csv
    from ..outputs import FOLDER, OutputPath, check_output_paths
    from ..published import load_published
    from ..reconstruct import SpriteError, reconstruct_cohort

    out = Path(args.out)
    check_output_paths([OutputPath("--out", out, FOLDER)])
    folder = Path(args.published)
    if not folder.is_dir():
        raise InputError(f"published-values folder not found: {folder}")
    pub = load_published(folder)
    try:
        cohort = reconstruct_cohort(pub, args.seed)  # validates the printed values first
    except SpriteError as exc:
        raise InputError(f"reconstruction failed: {exc}") from exc
    write_csv(cohort.patients, out / "patients.csv")
    write_csv(cohort.vertebrae, out / "vertebrae.csv")
    write_csv(cohort.readings, out / "readings.csv")
    print(f"wrote {len(cohort.patients)} patients, {len(cohort.vertebrae)} vertebrae, "
          f"{len(cohort.readings)} readings to {out} (seed {args.seed})")
    return 0
