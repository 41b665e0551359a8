"""From canonical frames to compared items and printed values (the published-values model).

For every item (a column of a :class:`~.layout.Frame`) this decides, and records in
``notes`` so that the command can print it:

- what its cells are (count (percent), mean ± SD, median [IQR], a group size);
- each group's denominator: the header size when every percentage agrees with it, else the
  one size all the group's percentages agree with (:mod:`.denominators`);
- its design: arms with their own sizes are independent groups; arms without sizes under
  one group header (X-ray, CT, MRI of the same vertebrae) are paired readings;
- a "+" row (``X线+CT+MRI``) as the union of the rows it names;
- which statistic a mixed ``t/χ2`` line holds (t for means, χ² for counts).

Every cell that cannot be read is collected with file, table, row, column and text, and all
are raised together; nothing is guessed.
"""
from __future__ import annotations

import re
from collections import Counter

from ..errors import InputError, Problem
from .categorical import categorical_items
from .cells import CellError, Summary, parse_number, parse_summary
from .denominators import candidates, choose, span_checker
from .grid import RawTable
from .headers import GroupHeader, group_code, group_header, says_mean, says_percent, slug, union_of
from .layout import Frame, LayoutError, frame_of
from .model import Imported, ItemOut, Problems, ValueOut
from .units import sizes_from_column, title_unit, unit_for

__all__ = ["Imported", "ItemOut", "ValueOut", "build"]


def build(tables: list[RawTable], group_names: list[str] | None = None) -> Imported:
    """Interpret read tables into items and values; raise :class:`InputError` listing every problem."""
    probs = Problems()
    out = Imported(sorted({t.file for t in tables}), {})
    if not tables:
        raise InputError([Problem(", ".join(sorted({t.file for t in tables})) or "input", None, None, "no table",
                                  "a table with a title such as 'Table 1' / '表1' and a header row")],
                         "no table found")
    used_ids: set[str] = set()
    pending_units: list[tuple[ItemOut, str, int]] = []
    pct_decimals: Counter = Counter()
    for t in tables:
        if t.continued and not t.title:
            t.title = out.titles.get(t.label, "")
        try:
            fr = frame_of(t, check_spans=span_checker(t))
        except LayoutError as exc:
            probs.table(t, exc.where, exc.problem, exc.fix)
            continue
        out.titles.setdefault(t.label, t.title)
        out.notes += fr.notes
        _build_frame(fr, group_names, out, probs, used_ids, pending_units, pct_decimals)
    if probs.items:
        raise InputError(probs.items, f"{len(probs.items)} problem(s) reading the tables (nothing was written)")
    set_by: dict[tuple[str, str], str] = {}
    # units not printed anywhere: the unit that another table prints for the same group and size
    for item, group, n, title_ok in pending_units:
        known = [u for u, v in out.groups.get(group, {}).items() if u != "label" and v == n]
        if known:
            item.unit = known[0]
            src = set_by.get((group, item.unit))
            if src is not None and src != item.table:
                out.notes.append(f"table {item.table}: {group} n={n} taken as {item.unit} units (table {src} gives "
                                 f"{group} {n} {item.unit} units)")
        else:
            item.unit = (title_unit(out.titles.get(item.table, "")) if title_ok else "") or ("subject" if title_ok else "unit")
        g = out.groups.setdefault(group, {"label": group})
        if item.unit not in g:
            g[item.unit] = n
            set_by[(group, item.unit)] = item.table
    out.percent_decimals = pct_decimals.most_common(1)[0][0] if pct_decimals else None
    orders = {g for g in out.table_groups.values()}
    if group_names is None and len(orders) > 1 and len({len(g) for g in orders}) == 1:
        out.notes.append("the tables name their groups differently ("
                         + "; ".join(f"table {k}: {', '.join(v)}" for k, v in out.table_groups.items())
                         + "): if they are the same groups, name them with --groups "
                         + ",".join(f"G{i + 1}" for i in range(len(next(iter(orders))))))
    return out


def _build_frame(fr: Frame, group_names, out: Imported, probs: Problems, used_ids: set[str],
                 pending_units: list, pct_decimals: Counter) -> None:
    t = fr.table
    tl = t.label or "1"
    arm_gh = [group_header(a) for a in fr.arms]
    sizes_in_column = sizes_from_column(fr, arm_gh, out)
    item_gh: list[GroupHeader | None] = []
    item_parts: list[list[str]] = []
    for path in fr.item_paths:
        ghs = [g for p in path if (g := group_header(p))]
        item_gh.append(ghs[0] if ghs else None)
        item_parts.append([p for p in path if not group_header(p)] or path)
    if not any(arm_gh) and not any(item_gh):
        ctx = [g for line in t.context if (g := group_header(line))]
        if len(ctx) == 1:
            item_gh = [ctx[0]] * len(fr.item_paths)
            out.notes.append(f"{t.name}: group {ctx[0].label} (n={ctx[0].n}) taken from the line above the table")
    paired = not any(arm_gh) and any(item_gh)
    design = "paired" if paired else "independent"

    # group codes -------------------------------------------------------------------------
    if paired:
        strata_labels = list(dict.fromkeys(g.label for g in item_gh if g))
        codes = _codes(strata_labels, group_names, t, probs, fr.arm_pos[0] if fr.arm_pos else "")
        stratum_code = {lab: c for lab, c in zip(strata_labels, codes)}
        out.table_groups.setdefault(t.label or "1", tuple(codes))
        arm_codes = [slug(a) for a in fr.arms]
        out.notes.append(f"{t.name}: rows {', '.join(fr.arms)} print no sizes of their own and stand under "
                         + ", ".join(f"{g.label} (n={g.n})" for g in dict.fromkeys(x for x in item_gh if x))
                         + ": read as paired readings of the same units")
    else:
        labels = [g.label if g else a for a, g in zip(fr.arms, arm_gh)]
        arm_codes = _codes(labels, group_names, t, probs, fr.arm_pos[0] if fr.arm_pos else "")
        out.table_groups.setdefault(t.label or "1", tuple(arm_codes))
        stratum_code = {}
        if not any(arm_gh):
            out.notes.append(f"{t.name}: groups {', '.join(labels)} print no size: denominators from the percentages")
    if len(set(arm_codes)) != len(arm_codes):
        probs.table(t, fr.arm_pos[0] if fr.arm_pos else "", ", ".join(fr.arms), "distinct row labels for the compared groups")
        return
    union = ""
    if paired:
        for a, code in zip(fr.arms, arm_codes):
            parts = union_of(a, [x for x in fr.arms if x != a])
            if parts:
                union = code
                out.notes.append(f"{t.name}: row '{a}' is the union of {', '.join(parts)} (any of them)")

    # parse cells -------------------------------------------------------------------------
    summ: list[list[Summary | None]] = []
    for a, row in enumerate(fr.cells):
        srow = []
        for k, text in enumerate(row):
            try:
                srow.append(parse_summary(text))
            except CellError as exc:
                probs.cell(t, fr.cell_pos[a][k], text, str(exc))
                srow.append(None)
        summ.append(srow)
    n_items = len(fr.item_paths)

    # percentages or means in "a (b)" cells --------------------------------------------------
    reading: list[bool | None] = []
    for k in range(n_items):
        words = " ".join(fr.item_paths[k])
        if says_percent(words) and not says_mean(words):
            reading.append(True)
        elif says_mean(words) and not says_percent(words):
            reading.append(False)
        elif says_percent(t.title) and not says_mean(t.title):
            reading.append(True)
        else:
            reading.append(None)

    def key_of(a: int, k: int) -> tuple[int, str]:
        return (a, item_gh[k].label) if paired and item_gh[k] else (a, "")

    def header_n(a: int, k: int) -> int | None:
        if paired:
            return item_gh[k].n if item_gh[k] else None
        return arm_gh[a].n if arm_gh[a] else None

    pair_cells: dict[tuple[int, str], list[tuple[int, str]]] = {}
    explicit: set[tuple[int, str]] = set()  # groups with cells that say they are n (%)
    for a in range(len(fr.arms)):
        for k in range(n_items):
            s = summ[a][k]
            if s is None or reading[k] is False:
                continue
            cp = s.count_percent()
            if cp and cp[1] is not None and s.n is None:
                pair_cells.setdefault(key_of(a, k), []).append((int(cp[0]), cp[1]))
                if reading[k] is True or s.kind == "count_percent":
                    explicit.add(key_of(a, k))
    denom: dict[tuple[int, str], int | None] = {}
    for a in range(len(fr.arms)):
        for k in range(n_items):
            key = key_of(a, k)
            if key in denom:
                continue
            d, why = choose(pair_cells.get(key, []), header_n(a, k))
            if d is None and not pair_cells.get(key):
                d, why = header_n(a, k), "header size"
            denom[key] = d
            who = fr.arms[a] + (f" in {key[1]}" if key[1] else "")
            if d is not None and why != "header size":
                out.notes.append(f"{t.name}: denominator of {who} = {d} ({why})")
            elif d is None and key in explicit:
                probs.table(t, fr.arm_pos[a], who, f"one denominator for this group's percentages ({why}): print "
                            "the group size in its header, e.g. '(n=50)', or the cells as count/n (percent)")
    unresolved: set[int] = set()
    inferred_pct: list[str] = []
    for k in range(n_items):
        if reading[k] is None and any(s is not None and s.kind == "ambiguous_pair" for s in (r[k] for r in summ)):
            ok = all(denom.get(key_of(a, k)) is not None for a in range(len(fr.arms)))
            if ok:
                reading[k] = True
                inferred_pct.append(" / ".join(fr.item_paths[k]))
            else:
                unresolved.add(k)
                for a in range(len(fr.arms)):
                    s = summ[a][k]
                    if s is not None and s.kind == "ambiguous_pair":
                        probs.cell(t, fr.cell_pos[a][k], fr.cells[a][k],
                                   "a cell that says what it is: add 'n (%)' or 'mean (SD)' to the row or column label")
                continue

    if inferred_pct:
        out.notes.append(f"{t.name}: a (b) read as count (percent) in {', '.join(inferred_pct)} - the percentages "
                         "agree with one denominator per group")
    # size columns: bare whole numbers equal to each group's denominator ------------------------
    size_cols: set[int] = set()
    for k in range(n_items):
        col = [summ[a][k] for a in range(len(fr.arms))]
        if col and all(s is not None and s.kind == "count" for s in col):
            if [int(s.parts["count"]) for s in col] == [denom.get(key_of(a, k)) for a in range(len(fr.arms))]:
                size_cols.add(k)

    # statistics per item -------------------------------------------------------------------
    var_of = [parts[0] if len(parts) > 1 else (parts[0].split(":", 1)[0].strip() if ":" in parts[0] else "")
              for parts in item_parts]
    var_count = Counter(v for v in var_of if v)
    for k in range(n_items):
        col = [summ[a][k] for a in range(len(fr.arms))]
        if any(s is None for s in col) or k in unresolved:
            continue
        if len(fr.item_paths[k]) == 2 and fr.item_paths[k][0] in fr.shared_stats:
            continue  # a level of a categorical variable, written below
        kinds = {s.kind for s in col if not s.is_missing}
        if reading[k] is True:
            kinds = {"count_percent" if x == "ambiguous_pair" else x for x in kinds}
        elif reading[k] is False:
            kinds = {"mean_sd" if x == "ambiguous_pair" else x for x in kinds}
        parts = item_parts[k]
        label = ": ".join(parts) if len(parts) > 1 else parts[0]
        if kinds <= {"count_percent", "count"} and kinds:
            vtype = "binary"
        elif kinds == {"mean_sd"}:
            vtype = "continuous"
        elif kinds == {"median_iqr"}:
            vtype = "median_iqr"
        elif not kinds:
            vtype = "binary"
        else:
            probs.cell(t, fr.cell_pos[0][k], " | ".join(fr.cells[a][k] for a in range(len(fr.arms))),
                       "cells of one kind in one item (all n (%), all mean ± SD or all median [IQR])")
            continue
        # a size column: bare whole numbers equal to each group's denominator
        if k in size_cols:
            vtype = "size"
            vals = ", ".join(s.parts["count"] for s in col)
            out.notes.append(f"{t.name}: '{label}' ({vals}) is a group size (equals the denominators)")
        stratum = stratum_code.get(item_gh[k].label, "") if paired and item_gh[k] else ""
        # statistic and P
        stat_text, p_text, df_text, stat_kind, stat_label_text = None, None, None, None, ""
        ratio: tuple[str, dict] | None = None
        for (slabel, skind, texts, spos) in fr.stats:
            raw = texts[k] if k < len(texts) else ""
            if not raw.strip():
                continue  # nothing printed in this cell
            if skind.startswith("ratio:"):
                try:
                    rs = parse_summary(raw)
                except CellError:
                    rs = None
                if rs is not None and rs.is_missing:
                    continue
                if rs is None or rs.kind != "median_iqr":
                    probs.cell(t, spos[k], raw, "a ratio with its confidence interval, e.g. 2.31 (1.20–4.45) or '–'")
                    continue
                ratio = (skind.split(":", 1)[1], {"estimate": rs.parts["median"], "ci_low": rs.parts["q1"],
                                                  "ci_high": rs.parts["q3"]})
                continue
            try:
                num = parse_number(raw)
            except CellError as exc:
                probs.cell(t, spos[k], raw, str(exc))
                continue
            if skind == "p":
                p_text = num
            elif skind == "df":
                df_text = num
            else:
                if stat_text is not None and not stat_text.is_missing and not num.is_missing:
                    probs.cell(t, spos[k], raw, "one statistic per item (two statistic rows both print a value)")
                    continue
                if stat_text is None or stat_text.is_missing:
                    stat_text, stat_kind, stat_label_text = num, skind, slabel
        sname = "none"
        if vtype != "size" and stat_kind is not None:
            if stat_kind == "by_kind":
                if vtype == "continuous":
                    sname = "t" if len(fr.arms) == 2 else "F"
                elif vtype == "binary":
                    sname = "chi2"
                else:
                    named = [x for x in ("z", "u", "h") if re.search(rf"(^|[/、,\s]){x}($|[/、,\s值])", stat_label_text.lower())]
                    if len(named) != 1:
                        probs.cell(t, fr.stats[0][3][k], stat_text.printed if stat_text else "",
                                   "a named rank statistic for median [IQR] rows: label the column Z, U or H")
                        continue
                    sname = {"z": "z", "u": "U", "h": "H"}[named[0]]
            else:
                sname = stat_kind
            if vtype == "continuous" and sname == "t" and paired:
                sname = "paired_t"
        if stat_text is not None and stat_text.is_missing:
            if p_text is not None and not p_text.is_missing and vtype == "binary":
                sname = "fisher"
                out.notes.append(f"{t.name}: '{label}': no statistic but P {p_text.printed}: read as Fisher's exact test")
            else:
                sname = "none"
        elif stat_text is None and ratio is not None:
            sname = ratio[0]
        elif stat_text is None and p_text is not None and not p_text.is_missing and vtype != "size":
            out.notes.append(f"{t.name}: '{label}': P {p_text.printed} printed without a statistic: statistic_name "
                             "none (set chi2, fisher, t … in comparisons.csv if the methods say which test)")
        base = f"t{slug(tl)}_" + (f"{slug(stratum)}_" if stratum else "") + slug(label)
        cid, i = base, 2
        while cid in used_ids:
            cid, i = f"{base}_{i}", i + 1
        used_ids.add(cid)
        cset = slug(var_of[k]) if var_of[k] and var_count[var_of[k]] > 1 else ""
        # unit
        unit, defer, title_ok = unit_for(fr, k, item_gh, arm_gh, paired, denom, key_of, size_cols)
        item = ItemOut(tl, cid, label, unit, "size" if vtype == "size" else vtype, design, stratum, arm_codes,
                       union, sname, cset, slug(label))
        out.items.append(item)
        for a in range(len(fr.arms)):
            s = col[a]
            d = s.n if s.n is not None else denom.get(key_of(a, k))
            g = stratum if paired else arm_codes[a]
            out.groups.setdefault(g, {"label": (item_gh[k].label if paired else (arm_gh[a].label if arm_gh[a] else fr.arms[a]))})
            if defer and d is not None:
                pending_units.append((item, g, d, title_ok))
            elif d is not None:
                out.groups.setdefault(g, {"label": (item_gh[k].label if paired else (arm_gh[a].label if arm_gh[a] else fr.arms[a]))})
                out.groups[g].setdefault(unit, d)
            arm = arm_codes[a]
            if vtype == "size":
                out.values.append(ValueOut(tl, cid, arm, "n", s.parts["count"]))
                continue
            if s.is_missing:
                q = {"binary": "count", "continuous": "mean", "median_iqr": "median"}[vtype]
                out.values.append(ValueOut(tl, cid, arm, q, "–", str(d or ""), note=f"printed '{fr.cells[a][k]}'"
                                           if fr.cells[a][k] not in ("–", "") else ""))
                continue
            if vtype == "binary":
                cp = s.count_percent()
                out.values.append(ValueOut(tl, cid, arm, "count", cp[0], str(d or "")))
                if cp[1] is not None:
                    out.values.append(ValueOut(tl, cid, arm, "percent", cp[1], str(d or "")))
                    pct_decimals[len(cp[1].split(".", 1)[1]) if "." in cp[1] else 0] += 1
                    if d is not None and (c := candidates(int(cp[0]), cp[1])) is not None and d not in c:
                        probs.cell(t, fr.cell_pos[a][k], fr.cells[a][k],
                                   f"a percentage of {cp[0]}/{d} (the denominator of this group)")
            elif vtype == "continuous":
                parts_ = s.parts if s.kind == "mean_sd" else {"mean": s.parts["first"], "sd": s.parts["second"]}
                if d is None:
                    probs.cell(t, fr.cell_pos[a][k], fr.cells[a][k], "a group size for this mean: add '(n=…)' to the group header")
                out.values.append(ValueOut(tl, cid, arm, "mean", parts_["mean"], str(d or "")))
                out.values.append(ValueOut(tl, cid, arm, "sd", parts_["sd"], str(d or "")))
            else:
                for q in ("median", "q1", "q3"):
                    out.values.append(ValueOut(tl, cid, arm, q, s.parts[q], str(d or "")))
        for q, num in (("statistic", stat_text), ("df", df_text), ("p", p_text)):
            if num is not None:
                out.values.append(ValueOut(tl, cid, "", q, num.printed, note=num.note))
        if ratio is not None:
            for q, text in ratio[1].items():
                out.values.append(ValueOut(tl, cid, "", q, text, note=ratio[0] if q == "estimate" else ""))
    def unit_of_item(k: int) -> tuple[str, bool, bool]:
        return unit_for(fr, k, item_gh, arm_gh, paired, denom, key_of, size_cols)

    categorical_items(fr, summ, reading, unresolved, denom, key_of, arm_codes, tl, design, used_ids, out, probs,
                       unit_of_item, pending_units)
    # the group sizes printed in the headers --------------------------------------------------
    if not sizes_in_column:
        _header_items(fr, out, used_ids, tl, paired, arm_gh, arm_codes, item_gh, stratum_code, design, pending_units)


def _header_items(fr, out, used_ids, tl, paired, arm_gh, arm_codes, item_gh, stratum_code, design, pending_units) -> None:
    if paired:
        for lab, code in stratum_code.items():
            g = next(x for x in item_gh if x and x.label == lab)
            cid = f"t{slug(tl)}_{slug(code)}_header"
            if cid in used_ids:
                continue
            used_ids.add(cid)
            unit = g.unit
            item = ItemOut(tl, cid, f"{g.label} (header)", unit, "size", "paired", code, [code], "", "none", "", "header")
            out.items.append(item)
            out.values.append(ValueOut(tl, cid, code, "n", str(g.n)))
            if not unit:
                pending_units.append((item, code, g.n, True))
            else:
                out.groups.setdefault(code, {"label": g.label}).setdefault(unit, g.n)
    elif any(arm_gh):
        cid = f"t{slug(tl)}_header"
        if cid in used_ids:
            return
        used_ids.add(cid)
        units = {g.unit for g in arm_gh if g and g.unit}
        unit = units.pop() if len(units) == 1 else ""
        item = ItemOut(tl, cid, "Group size (header)", unit, "size", design, "", arm_codes, "", "none", "", "header")
        out.items.append(item)
        for g, code in zip(arm_gh, arm_codes):
            if g is not None:
                out.values.append(ValueOut(tl, cid, code, "n", str(g.n)))
                if unit:
                    out.groups.setdefault(code, {"label": g.label}).setdefault(unit, g.n)
                else:
                    pending_units.append((item, code, g.n, True))
        if not unit:
            item.unit = ""


def _codes(labels: list[str], names: list[str] | None, t: RawTable, probs: Problems, where: str) -> list[str]:
    if names:
        if len(names) != len(labels):
            probs.table(t, where, ", ".join(labels), f"{len(names)} groups as named by --groups ({','.join(names)})")
            return [group_code(x) for x in labels]
        return list(names)
    return [group_code(x) for x in labels]
