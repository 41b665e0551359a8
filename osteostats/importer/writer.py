"""Write an imported paper as a published-values folder, format version 2, all or nothing.

The three files are written into a fresh temporary folder beside ``--out`` and renamed into
place only when all are complete; an existing ``--out`` is replaced only when it is itself a
published-values folder (it holds ``paper.yaml``) or empty.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pandas as pd
import yaml

from ..errors import InputError
from ..published import COMPARISON_COLUMNS, VALUE_COLUMNS_V2
from .build import Imported


def paper_yaml(imp: Imported, paper_id: str) -> str:
    """``paper.yaml`` text (deterministic key order)."""
    title = "; ".join(f"Table {k}: {v}" for k, v in imp.titles.items() if v) or paper_id
    paper = {
        "format_version": 2,
        "id": paper_id,
        "title": title,
        "source": "imported by osteostats import from " + ", ".join(Path(f).name for f in imp.files),
        "software": "",
        "alpha": 0.05,
        "stated_methods": {},
        "groups": imp.groups,
        "links": [],
        "notes": list(dict.fromkeys(imp.notes)),
    }
    if imp.percent_decimals is not None:
        paper["percent_decimals"] = imp.percent_decimals
    head = ("# Published-values file set, format version 2 (see data/published/FORMAT.md),\n"
            "# written by `osteostats import`. Edit freely: add links, stated methods, integer_measures.\n")
    return head + yaml.safe_dump(paper, allow_unicode=True, sort_keys=False, width=100)


def frames(imp: Imported) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``comparisons.csv`` and ``values.csv`` as frames of strings."""
    comps = pd.DataFrame([{**{c: getattr(i, c) for c in COMPARISON_COLUMNS if c != "arms"}, "arms": ";".join(i.arms)}
                          for i in imp.items], columns=list(COMPARISON_COLUMNS), dtype=str)
    vals = pd.DataFrame([{c: getattr(v, c) for c in VALUE_COLUMNS_V2} for v in imp.values],
                        columns=list(VALUE_COLUMNS_V2), dtype=str)
    return comps, vals


def write_folder(imp: Imported, out: str | Path, paper_id: str) -> Path:
    """Write ``paper.yaml``, ``comparisons.csv``, ``values.csv`` to ``out`` atomically."""
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise InputError(f"--out must be a folder: {out} is a file")
    if out.is_dir() and any(out.iterdir()) and not (out / "paper.yaml").exists():
        raise InputError(f"--out {out} exists and is not a published-values folder; choose a new folder")
    out.parent.mkdir(parents=True, exist_ok=True)
    comps, vals = frames(imp)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        (tmp / "paper.yaml").write_text(paper_yaml(imp, paper_id), encoding="utf-8")
        comps.to_csv(tmp / "comparisons.csv", index=False, lineterminator="\n")
        vals.to_csv(tmp / "values.csv", index=False, lineterminator="\n")
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o777 & ~mask)
        for f in tmp.iterdir():
            os.chmod(f, 0o666 & ~mask)
        if out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old.", dir=out.parent))
            os.replace(out, old / "x")
            os.replace(tmp, out)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return out
