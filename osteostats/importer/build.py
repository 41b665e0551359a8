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
from dataclasses import dataclass, field

from ..errors import InputError, Problem
from .cells import CellError, Summary, parse_number, parse_summary
from .denominators import candidates, choose
from .grid import RawTable
from .headers import (GroupHeader, group_code, group_header, says_mean, says_median, says_percent, slug, union_of,
                      unit_of)
from .layout import Frame, LayoutError, Pos, frame_of


@dataclass
class ItemOut:
    """One row of ``comparisons.csv``."""

    table: str
    comparison: str
    item: str
    unit: str
    variable_type: str
    design: str
    stratum: str
    arms: list[str]
    union_arm: str
    statistic_name: str
    category_set: str
    measure: str
    note: str = ""


@dataclass
class ValueOut:
    """One row of ``values.csv``."""

    table: str
    comparison: str
    arm: str
    quantity: str
    printed: str
    n: str = ""
    source: str = "table"
    note: str = ""
    level: str = ""


@dataclass
class Imported:
    """Everything an import found: items, values, groups, and what was inferred."""

    files: list[str]
    titles: dict[str, str]
    items: list[ItemOut] = field(default_factory=list)
    values: list[ValueOut] = field(default_factory=list)
    groups: dict[str, dict] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    percent_decimals: int | None = None


class CellProblem(Problem):
    """A problem at a place in a printed table: file, table, row (as located in the file), column."""

    def __str__(self) -> str:
        where = ", ".join(str(x) for x in (self.file, self.row, self.column) if x)
        return f"{where}: got {self.value!r}; expected {self.expected}"


class _Problems:
    def __init__(self) -> None:
        self.items: list[Problem] = []

    def cell(self, t: RawTable, pos: Pos, text: str, expected: str) -> None:
        self.items.append(CellProblem(f"{t.file}, {t.name}", pos.where, f"column {pos.column} ({pos.header})", text,
                                      expected))

    def table(self, t: RawTable, where: str, value: str, expected: str) -> None:
        self.items.append(CellProblem(f"{t.file}, {t.name}", where, None, value, expected))


def build(tables: list[RawTable], group_names: list[str] | None = None) -> Imported:
    """Interpret read tables into items and values; raise :class:`InputError` listing every problem."""
    probs = _Problems()
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
            fr = frame_of(t, check_spans=_span_checker(t))
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
            item.unit = (_title_unit(out.titles.get(item.table, "")) if title_ok else "") or ("subject" if title_ok else "unit")
        g = out.groups.setdefault(group, {"label": group})
        if item.unit not in g:
            g[item.unit] = n
            set_by[(group, item.unit)] = item.table
    out.percent_decimals = pct_decimals.most_common(1)[0][0] if pct_decimals else None
    return out


_SIZE_COLUMN = re.compile(r"^(例数|病例数|样本量|例|n|N|no\.?|number|number of (patients|subjects|cases)|"
                          r"patients|cases|subjects)$", re.IGNORECASE)


def _sizes_from_column(fr: Frame, arm_gh: list, out: Imported) -> bool:
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


def _title_unit(title: str) -> str:
    """The unit a title states: "… , vertebra level", "patient-level", or "患者" (patients)."""
    m = re.search(r"(\w+)[ -]level", title, re.IGNORECASE)
    if m and unit_of(m.group(1)):
        return unit_of(m.group(1))
    if "患者" in title or re.search(r"\bpatients?\b", title, re.IGNORECASE):
        return "patient"
    return ""


def _row_denominator(row: list[str]) -> int | None:
    gh = group_header(row[0])
    cells = []
    for c in row[1:]:
        try:
            s = parse_summary(c)
        except CellError:
            continue
        cp = _as_count_pct(s)
        if cp and cp[1] is not None:
            cells.append((int(cp[0]), cp[1]))
    d, _ = choose(cells, gh.n if gh else None)
    return d


def _span_checker(t: RawTable):
    """Levels of a spanning header are right when their counts add up to each group's denominator."""
    from .headers import stat_label

    def check(spanning: list[tuple[int, int]], body: list[list[str]]) -> bool:
        checked = 0
        for row in body:
            if stat_label(row[0]):
                continue
            d = _row_denominator(row)
            if d is None:
                continue
            for a, b in spanning:
                counts = []
                for c in row[1 + a:1 + b]:
                    try:
                        cp = _as_count_pct(parse_summary(c))
                    except CellError:
                        return False
                    if cp is None:
                        return False
                    counts.append(int(cp[0]))
                if sum(counts) != d:
                    return False
                checked += 1
        return checked > 0

    return check


def _as_count_pct(s: Summary) -> tuple[str, str | None] | None:
    if s.kind == "count_percent":
        return s.parts["count"], s.parts.get("percent")
    if s.kind == "ambiguous_pair":
        return s.parts["first"], s.parts["second"]
    if s.kind == "count":
        return s.parts["count"], None
    return None


def _build_frame(fr: Frame, group_names, out: Imported, probs: _Problems, used_ids: set[str],
                 pending_units: list, pct_decimals: Counter) -> None:
    t = fr.table
    tl = t.label or "1"
    arm_gh = [group_header(a) for a in fr.arms]
    sizes_in_column = _sizes_from_column(fr, arm_gh, out)
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
        arm_codes = [slug(a) for a in fr.arms]
        out.notes.append(f"{t.name}: rows {', '.join(fr.arms)} print no sizes of their own and stand under "
                         + ", ".join(f"{g.label} (n={g.n})" for g in dict.fromkeys(x for x in item_gh if x))
                         + ": read as paired readings of the same units")
    else:
        labels = [g.label if g else a for a, g in zip(fr.arms, arm_gh)]
        arm_codes = _codes(labels, group_names, t, probs, fr.arm_pos[0] if fr.arm_pos else "")
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
            cp = _as_count_pct(s)
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
                    probs.cell(t, spos[k], raw, f"a ratio with its confidence interval, e.g. 2.31 (1.20–4.45) or '–'")
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
        unit, defer, title_ok = _unit_for(fr, k, item_gh, arm_gh, paired, denom, key_of, size_cols)
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
                cp = _as_count_pct(s)
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
    def unit_for(k: int) -> tuple[str, bool, bool]:
        return _unit_for(fr, k, item_gh, arm_gh, paired, denom, key_of, size_cols)

    _categorical_items(fr, summ, reading, unresolved, denom, key_of, arm_codes, tl, design, used_ids, out, probs,
                       unit_for, pending_units)
    # the group sizes printed in the headers --------------------------------------------------
    if not sizes_in_column:
        _header_items(fr, out, used_ids, tl, paired, arm_gh, arm_codes, item_gh, stratum_code, design, pending_units)


def _categorical_items(fr: Frame, summ, reading, unresolved, denom, key_of, arm_codes, tl, design, used_ids,
                       out: Imported, probs: _Problems, unit_for, pending_units: list) -> None:
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
                cp = _as_count_pct(s_) if s_.kind in ("count", "count_percent") or reading[k] else None
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


def _unit_for(fr: Frame, k: int, item_gh, arm_gh, paired: bool, denom, key_of, size_cols) -> tuple[str, bool, bool]:
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


def _codes(labels: list[str], names: list[str] | None, t: RawTable, probs: _Problems, where: str) -> list[str]:
    if names:
        if len(names) != len(labels):
            probs.table(t, where, ", ".join(labels), f"{len(names)} groups as named by --groups ({','.join(names)})")
            return [group_code(x) for x in labels]
        return list(names)
    return [group_code(x) for x in labels]
