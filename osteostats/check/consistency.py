"""Cross-table consistency of the printed counts.

``category_sum``
    Rows sharing a ``category_set`` (e.g. the shapes wedge / biconcave / flat), and the levels
    of one ``categorical`` comparison (format version 2), are categories of one variable: per
    arm their counts must sum to the denominator. ``inconsistent`` when
    they exceed it, ``warning`` when they fall short (a category may be unprinted).
``union``
    A union arm ("any modality") must be at least each component and at most their sum and n.
``link``
    The same quantity printed in two places must have the same count: the ``links`` of
    ``paper.yaml``, and comparisons in different tables with the same ``measure`` and unit
    (per arm of the same group).
``group_n``
    Every denominator of a group at a given unit of analysis equals the group size in
    ``paper.yaml`` and the printed size rows.
"""
from __future__ import annotations

from .inputs import Index, plural
from .rows import CONSISTENT, INCONSISTENT, SKIPPED, WARNING, CheckRow


def category_rows(idx: Index) -> list[CheckRow]:
    """Sums of categories against their denominator, per table, category set and arm.

    Notes
    -----
    Integer sums; no rounding is involved.

    Examples
    --------
    >>> from osteostats.published import load_published
    >>> from osteostats.check.inputs import Index
    >>> idx = Index(load_published("data/published"))
    >>> [(r.item, r.printed) for r in category_rows(idx)][:1]
    [('shape[OP]', '38 + 55 + 5 of 98')]
    """
    rows: list[CheckRow] = []
    sets: dict[tuple[str, str], list] = {}
    for c in idx.comparisons:
        if c.category_set:
            sets.setdefault((c.table, c.category_set), []).append(c)
    for (table, cset), comps in sets.items():
        arms = [a for a in comps[0].arms if all(a in c.arms for c in comps)]
        for arm in arms:
            cells = [(c.id, idx.cell(c.id, arm, "count")) for c in comps]
            rows.append(_sum_row(table, f"{cset}[{arm}]", cset, cells))
    for c in idx.comparisons:  # the levels of one categorical (r x c) variable, format version 2
        levels = idx.levels(c.id)
        if c.variable_type != "categorical" or not levels:
            continue
        for arm in c.arms:
            cells = [(f"{c.id}/{lv}", idx.cell(c.id, arm, "count", lv)) for lv in levels]
            rows.append(_sum_row(c.table, f"{c.id}[{arm}]", c.id, cells))
    return rows


def _sum_row(table: str, item: str, cset: str, cells: list) -> CheckRow:
    """One category_sum row: the labelled count cells of one arm against their common n."""
    missing = [name for name, x in cells if x is None or not x.ok]
    if missing:
        return CheckRow("category_sum", table, item, "", "", SKIPPED, f"no count printed for {', '.join(missing)}",
                        reason="count_missing")
    ns = {x.n for _, x in cells}
    total = sum(x.integer for _, x in cells)
    terms = " + ".join(f"{x.integer} ({name})" for name, x in cells)
    if len(ns) != 1:
        return CheckRow("category_sum", table, item, terms, str(total), INCONSISTENT,
                        f"the categories of '{cset}' use different denominators {sorted(ns, key=str)}",
                        reason="categories_denominators_differ", recomputed_low=total, recomputed_high=total)
    n = ns.pop()
    printed = f"{' + '.join(str(x.integer) for _, x in cells)} of {n}"
    if n is None:
        return CheckRow("category_sum", table, item, printed, str(total), SKIPPED, "no denominator n printed",
                        reason="count_missing")
    if total == n:
        return CheckRow("category_sum", table, item, printed, str(total), CONSISTENT, f"{terms} = {total} = n.",
                        reason="categories_sum_to_n", recomputed_low=total, recomputed_high=total)
    if total > n:
        return CheckRow("category_sum", table, item, printed, str(total), INCONSISTENT,
                        f"{terms} = {total} > n = {n}: mutually exclusive categories cannot exceed the denominator.",
                        reason="categories_exceed_n", recomputed_low=total, recomputed_high=total)
    return CheckRow("category_sum", table, item, printed, str(total), WARNING,
                    f"{terms} = {total} < n = {n}: {n - total} unit(s) in no printed category.",
                    reason="categories_short_of_n", recomputed_low=total, recomputed_high=total)


def union_rows(idx: Index) -> list[CheckRow]:
    """A union arm against its components: max(components) <= union <= min(n, sum).

    Notes
    -----
    max(components) <= union <= min(n, sum of components): the union of sets is at least
    the largest set and at most the sum of their sizes.

    Examples
    --------
    >>> from osteostats.published import load_published
    >>> from osteostats.check.inputs import Index
    >>> idx = Index(load_published("data/published"))
    >>> r = union_rows(idx)[0]
    >>> r.table, r.recomputed, r.verdict
    ('3', '[95, 98]', 'consistent')
    """
    rows: list[CheckRow] = []
    for c in idx.comparisons:
        if not c.union_arm:
            continue
        u = idx.cell(c.id, c.union_arm, "count")
        if u is None or not u.ok:
            rows.append(CheckRow("union", c.table, c.id, "", "", SKIPPED, f"no count printed for the union arm {c.union_arm}",
                                 reason="count_missing"))
            continue
        comps = [(a, idx.cell(c.id, a, "count")) for a in c.component_arms]
        avail = [(a, x.integer) for a, x in comps if x is not None and x.ok]
        absent = [a for a, x in comps if x is None or not x.ok]
        if not avail:
            rows.append(CheckRow("union", c.table, c.id, u.parsed.text, "", SKIPPED, "no component count printed",
                                 reason="component_counts_missing"))
            continue
        lo = max(v for _, v in avail)
        hi = sum(v for _, v in avail)
        n = u.n
        cap = min(hi, n) if n is not None else hi
        printed = f"{c.union_arm} {u.integer}; " + ", ".join(f"{a} {v}" for a, v in avail)
        note = (f"the union '{c.union_arm}' must lie between the largest component ({lo}) and "
                f"min(sum of components {hi}, n {n}) = {cap}; printed {u.integer}")
        if absent:
            note += f" (not printed: {', '.join(absent)})"
        ok = lo <= u.integer <= cap
        rows.append(CheckRow("union", c.table, c.id, printed, f"[{lo}, {cap}]", CONSISTENT if ok else INCONSISTENT,
                             note + ("." if ok else ": impossible."),
                             reason="union_within_bounds" if ok else "union_outside_bounds",
                             recomputed_low=lo, recomputed_high=cap))
    return rows


def link_rows(idx: Index) -> list[CheckRow]:
    """The same quantity printed twice (``paper.yaml`` links) has the same count.

    Notes
    -----
    Exact equality of count and denominator.

    Examples
    --------
    >>> from osteostats.published import load_published
    >>> from osteostats.check.inputs import Index
    >>> idx = Index(load_published("data/published"))
    >>> [r.verdict for r in link_rows(idx)]
    ['consistent', 'consistent', 'consistent']
    """
    rows: list[CheckRow] = []
    links = list(idx.pub.links)
    pairs = {(l["a"]["comparison"], l["a"]["arm"], l["b"]["comparison"], l["b"]["arm"]) for l in links}
    by_measure: dict[tuple[str, str], list] = {}
    for c in idx.comparisons:
        if c.measure and c.variable_type == "binary":
            by_measure.setdefault((c.measure, c.unit), []).append(c)
    for comps in by_measure.values():
        for i, ca in enumerate(comps):
            for cb in comps[i + 1:]:
                if ca.table == cb.table:
                    continue
                for arm in ca.arms:
                    if arm in cb.arms and (ca.id, arm, cb.id, arm) not in pairs and (cb.id, arm, ca.id, arm) not in pairs:
                        links.append({"a": {"table": ca.table, "comparison": ca.id, "arm": arm},
                                      "b": {"table": cb.table, "comparison": cb.id, "arm": arm},
                                      "note": f"same measure '{ca.measure}' in tables {ca.table} and {cb.table} ({arm})"})
    for link in links:
        a, b = link["a"], link["b"]
        ca, cb = idx.cell(a["comparison"], a["arm"], "count"), idx.cell(b["comparison"], b["arm"], "count")
        item = f"{a['comparison']}[{a['arm']}] = {b['comparison']}[{b['arm']}]"
        table = f"{a['table']}/{b['table']}"
        if ca is None or cb is None or not ca.ok or not cb.ok:
            rows.append(CheckRow("link", table, item, "", "", SKIPPED, "one side is not printed as a number",
                                 reason="value_missing"))
            continue
        printed = f"{ca.integer}/{ca.n} vs {cb.integer}/{cb.n}"
        what = link.get("note") or "the same quantity"
        if ca.integer == cb.integer and ca.n == cb.n:
            rows.append(CheckRow("link", table, item, printed, "equal", CONSISTENT, f"{what}: both {ca.integer}/{ca.n}.",
                                 reason="same_count"))
        else:
            rows.append(CheckRow("link", table, item, printed, "differ", INCONSISTENT,
                                 f"{what}: table {a['table']} prints {ca.integer}/{ca.n}, table {b['table']} prints {cb.integer}/{cb.n}.",
                                 reason="counts_differ"))
    return rows


def group_n_rows(idx: Index) -> list[CheckRow]:
    """Every n of a group at a unit of analysis (size rows and denominators) agrees.

    Notes
    -----
    Collects the n of size rows and the denominators of count/percent/mean/sd rows per
    (group, unit); paired arms count toward their stratum's group.

    Examples
    --------
    >>> from osteostats.published import load_published
    >>> from osteostats.check.inputs import Index
    >>> idx = Index(load_published("data/published"))
    >>> [(r.item, r.recomputed) for r in group_n_rows(idx)]
    [('OP[patient]', '50'), ('OP[vertebra]', '98'), ('MET[patient]', '31'), ('MET[vertebra]', '43')]
    """
    seen: dict[tuple[str, str], dict[int, list[str]]] = {}
    for c in idx.comparisons:
        for arm in c.arms:
            group = idx.group_of(c, arm)
            if not group:
                continue
            for q in ("n", "count", "percent", "mean", "sd", "median"):
                cell = idx.any_level_cell(c.id, arm, q)
                if cell is None or cell.parsed.is_missing:
                    continue
                n = cell.integer if q == "n" and cell.ok else cell.n
                if n is None:
                    continue
                places = seen.setdefault((group, c.unit), {}).setdefault(n, [])
                where = f"table {c.table} {c.id}"
                if where not in places:
                    places.append(where)
    rows: list[CheckRow] = []
    order = list(idx.groups)
    for (group, unit), ns in sorted(seen.items(), key=lambda kv: (order.index(kv[0][0]) if kv[0][0] in order else 99, kv[0])):
        size = idx.group_size(group, unit)
        printed = ", ".join(f"{n} ({len(p)} rows)" for n, p in sorted(ns.items()))
        item = f"{group}[{unit}]"
        expected = f"paper.yaml gives {size} {plural(unit)}" if size is not None else "paper.yaml gives no size"
        if len(ns) == 1 and (size is None or size in ns):
            n = next(iter(ns))
            rows.append(CheckRow("group_n", "", item, printed, str(n), CONSISTENT,
                                 f"every {unit}-level n of {group} is {n} ({len(ns[n])} rows); {expected}.",
                                 reason="group_n_agrees", recomputed_low=n, recomputed_high=n))
        else:
            detail = "; ".join(f"n={n} in {', '.join(p[:4])}{' ...' if len(p) > 4 else ''}" for n, p in sorted(ns.items()))
            rows.append(CheckRow("group_n", "", item, printed, str(size) if size is not None else "", INCONSISTENT,
                                 f"{group} at the {unit} level: {detail}; {expected}.", reason="group_n_differs",
                                 recomputed_low=size, recomputed_high=size))
    return rows
