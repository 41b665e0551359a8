"""A variable row that prints its own statistic over level rows: one categorical (r x c) comparison."""
from __future__ import annotations

from .cells import CellError, parse_number
from .headers import slug
from .layout import Frame
from .model import Imported, ItemOut, Problems, ValueOut


def categorical_items(fr: Frame, summ, reading, unresolved, denom, key_of, arm_codes, tl, design, used_ids,
                       out: Imported, probs: Problems, unit_for, pending_units: list) -> None:
    """One ``categorical`` comparison per variable heading that prints its own statistic (r x c)."""
    t = fr.table
    for var, stat_cells in fr.shared_stats.items():
        ks = [k for k, p in enumerate(fr.item_paths) if len(p) == 2 and p[0] == var]
        if not ks or any(k in unresolved for k in ks):
            continue
        cid, i = f"t{slug(tl)}_{slug(var)}", 2
        while cid in used_ids:
            cid, i = f"t{slug(tl)}_{slug(var)}_{i}", i + 1
        used_ids.add(cid)
        values: list[ValueOut] = []
        ok = True
        for k in ks:
            level = fr.item_paths[k][1]
            for a, code in enumerate(arm_codes):
                s_ = summ[a][k]
                if s_ is None:
                    ok = False
                    continue
                d = s_.n if s_.n is not None else denom.get(key_of(a, k))
                if s_.is_missing:
                    values.append(ValueOut(tl, cid, code, "count", "–", str(d or ""), level=level))
                    continue
                cp = s_.count_percent() if s_.kind in ("count", "count_percent") or reading[k] else None
                if cp is None:
                    probs.cell(t, fr.cell_pos[a][k], fr.cells[a][k], f"n (%) in every level of '{var}'")
                    ok = False
                    continue
                values.append(ValueOut(tl, cid, code, "count", cp[0], str(d or ""), level=level))
                if cp[1] is not None:
                    values.append(ValueOut(tl, cid, code, "percent", cp[1], str(d or ""), level=level))
        sname = "none"
        for slabel, skind, text, pos in stat_cells:
            try:
                num = parse_number(text)
            except CellError as exc:
                probs.cell(t, pos, text, str(exc))
                ok = False
                continue
            q = "p" if skind == "p" else "df" if skind == "df" else "statistic"
            if q == "statistic":
                if num.is_missing:
                    continue
                sname = "chi2" if skind == "by_kind" else skind
            values.append(ValueOut(tl, cid, "", q, num.printed, note=num.note))
        if not ok:
            continue
        levels = ", ".join(fr.item_paths[k][1] for k in ks)
        unit, defer, title_ok = unit_for(ks[0])
        item = ItemOut(tl, cid, var, unit, "categorical", design, "", arm_codes, "", sname, "", slug(var))
        out.items.append(item)
        for a, code in enumerate(arm_codes):
            d = denom.get(key_of(a, ks[0]))
            if d is not None and defer:
                pending_units.append((item, code, d, title_ok))
            elif d is not None:
                out.groups.setdefault(code, {"label": fr.arms[a]}).setdefault(unit, d)
        out.values += values
        out.notes.append(f"{t.name}: '{var}' with levels {levels}: one categorical comparison ({len(ks)}x{len(arm_codes)}) "
                         "- its statistic is printed on the variable's row")
