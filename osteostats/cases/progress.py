"""Progress of a command's long steps on stderr, shown only when stderr is a terminal."""
from __future__ import annotations

import sys
from contextlib import contextmanager


@contextmanager
def steps(labels: list[str], desc: str):
    """A tqdm bar over named steps; yields ``start(label)`` to call as each step begins.

    Quiet when stderr is not a terminal (workflow logs, pipes and tests), and never written
    to an output file.

    Examples
    --------
    >>> with steps(["read", "check"], "validate") as start:
    ...     start("read")
    ...     start("check")
    """
    from tqdm import tqdm

    bar = tqdm(total=len(labels), desc=desc, file=sys.stderr, leave=False, disable=not sys.stderr.isatty(),
               dynamic_ncols=True, bar_format="{desc} ({n_fmt}/{total_fmt}, {elapsed})")
    begun = [False]

    def start(label: str) -> None:
        if begun[0]:
            bar.update(1)
        begun[0] = True
        bar.set_description_str(f"{desc}: {label}")

    try:
        yield start
        if begun[0]:
            bar.update(1)
    finally:
        bar.close()
