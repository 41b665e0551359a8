"""What an import inferred, in words: printed by ``osteostats import`` before anything else."""
from __future__ import annotations

from .build import Imported

_QUANTITY_WORDS = {"binary": "n (%)", "continuous": "mean ± SD", "median_iqr": "median [Q1, Q3]", "size": "group size",
                   "categorical": "n (%) by level"}


def describe(imp: Imported) -> str:
    """Tables, groups, items (with their quantities, statistic and P) and every inference.

    Examples
    --------
    >>> from osteostats.importer import build, read_tables
    >>> print(describe(build(read_tables(["tests/data/import/small.md"]))).splitlines()[0])
    read 1 table(s) from small.md
    """
    from pathlib import Path

    lines = [f"read {len(imp.titles)} table(s) from {', '.join(Path(f).name for f in imp.files)}"]
    lines.append("groups: " + "; ".join(f"{code} = {g.get('label', code)} ("
                                         + ", ".join(f"{v} {u}" for u, v in g.items() if u != "label") + ")"
                                         for code, g in imp.groups.items()))
    by_id = {}
    for v in imp.values:
        by_id.setdefault(v.comparison, []).append(v)
    for table, title in imp.titles.items():
        lines.append(f"table {table}: {title}".rstrip(": "))
        for it in (i for i in imp.items if i.table == table):
            vals = by_id.get(it.comparison, [])
            stat = next((v.printed for v in vals if v.quantity == "statistic"), None)
            p = next((v.printed for v in vals if v.quantity == "p"), None)
            what = _QUANTITY_WORDS.get(it.variable_type, it.variable_type)
            arms = ";".join(it.arms) + (f" (union {it.union_arm})" if it.union_arm else "")
            test = f"{it.statistic_name} {stat}" if stat is not None else it.statistic_name
            lines.append(f"  {it.comparison}: '{it.item}' {what}, {it.design}"
                         + (f" within {it.stratum}" if it.stratum else "") + f", arms {arms}, unit {it.unit}"
                         + (f"; {test}, P {p}" if p is not None or stat is not None else ""))
    notes = list(dict.fromkeys(imp.notes))
    if notes:
        lines.append("inferred:")
        lines += [f"  - {n}" for n in notes]
    return "\n".join(lines)
