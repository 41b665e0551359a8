"""Units of analysis: printed in a header, named by a size column, shared with another table, or in the title."""
from __future__ import annotations

import re

from .headers import GroupHeader, unit_of
from .layout import Frame
from .model import Imported


_SIZE_COLUMN = re.compile(r"^(例数|病例数|样本量|例|n|N|no\.?|number|number of (patients|subjects|cases)|"
                          r"patients|cases|subjects)$", re.IGNORECASE)


def sizes_from_column(fr: Frame, arm_gh: list, out: Imported) -> bool:
    """Group sizes printed in their own column ("例数", "n") when the group labels print none."""
    if any(arm_gh) or not fr.arms:
        return False
    for k, path in enumerate(fr.item_paths):
        if len(path) != 1 or not _SIZE_COLUMN.match(path[0].strip()):
            continue
        texts = [row[k].strip() for row in fr.cells]
        if all(re.fullmatch(r"\d+", x) for x in texts):
            unit = "patient" if "例" in path[0] else ""
            for a, x in enumerate(texts):
                arm_gh[a] = GroupHeader(fr.arms[a], int(x), unit)
            out.notes.append(f"{fr.table.name}: group sizes from the column '{path[0]}': "
                             + ", ".join(f"{lab} {x}" for lab, x in zip(fr.arms, texts)))
            return True
    return False


def title_unit(title: str) -> str:
    """The unit a title states: "… , vertebra level", "patient-level", or "患者" (patients)."""
    m = re.search(r"(\w+)[ -]level", title, re.IGNORECASE)
    if m and unit_of(m.group(1)):
        return unit_of(m.group(1))
    if "患者" in title or re.search(r"\bpatients?\b", title, re.IGNORECASE):
        return "patient"
    return ""


def unit_for(fr: Frame, k: int, item_gh, arm_gh, paired: bool, denom, key_of, size_cols) -> tuple[str, bool, bool]:
    """(unit, deferred, title may name it): the unit word printed in the group header; when the
    denominators differ from the header sizes, the unit named by a size column ("骨折椎体数量",
    "Fractured vertebrae, number"); otherwise decided once all tables are read (the unit
    another table gives the same group and size, else the title's)."""
    ghs = [item_gh[k]] if paired else list(arm_gh)
    words = [g.unit for g in ghs if g and g.unit]

    def header(a: int) -> int | None:
        g = item_gh[k] if paired else arm_gh[a]
        return g.n if g else None

    differs = any(denom.get(key_of(a, k)) not in (None, header(a)) for a in range(len(fr.arms)))
    if words and not differs:
        return words[0], False, False
    if differs or not any(ghs):
        for j in sorted(size_cols):
            u = unit_of(" ".join(fr.item_paths[j]))
            if u:
                return u, False, False
        return "", True, False
    return "", True, True
