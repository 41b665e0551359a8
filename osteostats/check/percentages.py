"""Printed percentages against their counts, the paper's rounding mode, denominators.

``percent``
    Does 100·k/n (exact rational) round half-up to the printed text at its printed decimals?
    ``consistent`` if so; ``rounding`` if it only truncates (or rounds half-even) to it, the
    note naming the mode; ``inconsistent`` if no mode gives it (the note gives the counts that
    would, and whether another printed denominator would). The paper's mode is decided by
    majority over the percentages that only one mode explains: in a paper that rounds
    half-up (more half-up-only than truncation-only percentages), a percentage that only
    truncation explains is a finding, ``inconsistent`` (``truncated_in_half_up_paper``): a
    slip, or a number copied from elsewhere. In a truncating paper (the study paper: 12
    truncation-only, none half-up-only) truncation stays ``rounding``; on a tie the mode is
    undecided and truncation stays ``rounding`` (the ``percent_mode`` row warns).
``percent_mode``
    One paper-wide row: how many percentages only truncation explains, how many only
    half-up rounding explains. ``rounding`` when the paper truncates, ``warning`` when it mixes
    modes.
``denominator``
    Per table and group: is the denominator of the counts the group size printed in the table
    header (or, without a header, in ``paper.yaml``)? ``warning`` when a header prints another n
    (e.g. patients while the rows count vertebrae), ``inconsistent`` when no printed size matches.
"""
from __future__ import annotations

from fractions import Fraction

from ..printed import decimal_str, round_decimal
from .inputs import Index
from .rows import CONSISTENT, INCONSISTENT, ROUNDING, SKIPPED, WARNING, CheckRow


def percent_modes(k: int, n: int, printed) -> dict[str, bool]:
    """Which rounding modes turn 100·k/n into the printed percentage.

    Notes
    -----
    Exact: 100k/n as a fraction, rounded by :func:`~osteostats.printed.round_decimal`.

    Examples
    --------
    >>> from osteostats.printed import parse_printed as pp
    >>> percent_modes(22, 31, pp("70.96"))
    {'half_up': False, 'half_even': False, 'truncate': True}
    >>> percent_modes(50, 50, pp("100"))
    {'half_up': True, 'half_even': True, 'truncate': True}
    """
    x = Fraction(100 * k, n)
    return {m: round_decimal(x, printed.decimals, m) == printed.value for m in ("half_up", "half_even", "truncate")}


def _counts_giving(printed, n: int) -> list[int]:
    return [k for k in range(n + 1) if any(percent_modes(k, n, printed).values())]


def percent_rows(idx: Index) -> tuple[list[CheckRow], dict[str, int]]:
    """One row per printed percentage, and the tally used by :func:`percent_mode_row`.

    Notes
    -----
    See :func:`percent_modes`; verdicts in the module docstring.

    Examples
    --------
    >>> from osteostats.published import load_published
    >>> from osteostats.check.inputs import Index
    >>> idx = Index(load_published("data/published"))
    >>> rows, tally = percent_rows(idx)
    >>> [r.verdict for r in rows if r.item == "t1_sex_male[MET]"], tally["truncate_only"]
    (['rounding'], 12)
    """
    rows: list[CheckRow] = []
    tally = {"both": 0, "half_up_only": 0, "truncate_only": 0, "half_even_only": 0, "neither": 0}
    for comp, arm, level, pc in idx.level_cells("percent"):
        cc = idx.cell(comp.id, arm, "count", level)
        if cc is None or not cc.ok or pc.parsed.kind != "value":
            continue
        modes = percent_modes(cc.integer, pc.n, pc.parsed)
        if modes["half_up"]:
            tally["both" if modes["truncate"] else "half_up_only"] += 1
        elif modes["truncate"]:
            tally["truncate_only"] += 1
        elif modes["half_even"]:
            tally["half_even_only"] += 1
        else:
            tally["neither"] += 1
    half_up_paper = tally["half_up_only"] > tally["truncate_only"]
    for comp, arm, level, pc in idx.level_cells("percent"):
        item = f"{comp.id}[{arm}/{level}]" if level else f"{comp.id}[{arm}]"
        cc = idx.cell(comp.id, arm, "count", level)
        if cc is None or not cc.ok or pc.parsed.kind != "value":
            no_count = cc is None or not cc.ok
            rows.append(CheckRow("percent", comp.table, item, pc.parsed.text, "", SKIPPED,
                                 "no count printed beside this percentage" if no_count
                                 else "percentage printed as an inequality",
                                 reason="count_missing" if no_count else "percent_inequality"))
            continue
        k, n = cc.integer, pc.n
        x = Fraction(100 * k, n)
        modes = percent_modes(k, n, pc.parsed)
        d = pc.parsed.decimals
        up, tr = round_decimal(x, d, "half_up"), round_decimal(x, d, "truncate")
        base = f"{k}/{n} = {decimal_str(x)}%: rounds (half-up) to {up}, truncates to {tr}"
        if modes["half_up"]:
            verdict, note, reason = CONSISTENT, f"{base}; printed {pc.parsed.text}.", "percent_rounds_half_up"
        elif modes["truncate"] and half_up_paper:
            verdict, reason = INCONSISTENT, "truncated_in_half_up_paper"
            note = (f"{base}; printed {pc.parsed.text}: only truncation gives it, but the paper rounds half-up "
                    f"({tally['half_up_only']} percentages only half-up rounding explains, {tally['truncate_only']} only "
                    f"truncation): a slip or a number from another source, not the paper's rounding.")
        elif modes["truncate"] or modes["half_even"]:
            mode = "truncated, not rounded" if modes["truncate"] else "rounded half-to-even"
            verdict, note = ROUNDING, f"{base}; printed {pc.parsed.text}: {mode}."
            reason = "truncated_percent" if modes["truncate"] else "half_even_percent"
        else:
            verdict, reason = INCONSISTENT, "percent_not_from_count"
            ks = _counts_giving(pc.parsed, n)
            note = f"{base}; printed {pc.parsed.text} is neither. "
            note += (f"Counts giving {pc.parsed.text}% of {n}: {', '.join(map(str, ks))}." if ks
                     else f"No count out of {n} gives {pc.parsed.text}%.")
            alt = [m for m in _other_denominators(idx, comp, arm, n)
                   if k <= m and any(percent_modes(k, m, pc.parsed).values())]
            if alt:
                note += f" {k}/{alt[0]} would give it: the denominator may be {alt[0]}, not {n}."
                reason = "percent_other_denominator"
        rows.append(CheckRow("percent", comp.table, item, pc.parsed.text, f"{decimal_str(x)}", verdict, note,
                             reason=reason, recomputed_low=float(x), recomputed_high=float(x)))
    return rows, tally


def _other_denominators(idx: Index, comp, arm: str, n: int) -> list[int]:
    group = idx.group_of(comp, arm)
    out: set[int] = set()
    sizes = idx.groups.get(group) or {}
    for v in sizes.values():
        if isinstance(v, int) and v != n:
            out.add(v)
    for c in idx.comparisons:
        if c.variable_type == "size":
            for a in c.arms:
                cell = idx.cell(c.id, a, "n")
                if cell is not None and cell.ok and idx.group_of(c, a) == group and cell.integer != n:
                    out.add(cell.integer)
    return sorted(out)


def percent_mode_row(tally: dict[str, int]) -> CheckRow | None:
    """The paper-wide rounding mode of its percentages.

    Notes
    -----
    Truncation-only and half-up-only counts decide the mode; both present means mixed.

    Examples
    --------
    >>> percent_mode_row({"both": 3, "half_up_only": 0, "truncate_only": 2, "half_even_only": 0, "neither": 0}).verdict
    'rounding'
    """
    total = sum(tally.values())
    if total == 0:
        return None
    printed = (f"{total} percentages: {tally['both']} fit both modes, {tally['half_up_only']} only half-up rounding, "
               f"{tally['truncate_only']} only truncation, {tally['half_even_only']} only half-even, {tally['neither']} neither")
    if tally["truncate_only"] and tally["half_up_only"]:
        major = ("mostly half-up rounding" if tally["half_up_only"] > tally["truncate_only"] else
                 "mostly truncation" if tally["truncate_only"] > tally["half_up_only"] else "no majority")
        verdict, mode, reason = (WARNING, f"mixed: some percentages are rounded, others truncated ({major})",
                                 "paper_mixes_modes")
    elif tally["truncate_only"]:
        verdict, mode, reason = ROUNDING, "truncation (digits cut off, not rounded)", "paper_truncates"
    elif tally["half_even_only"] and not tally["half_up_only"]:
        verdict, mode, reason = ROUNDING, "half-to-even rounding", "paper_rounds_half_even"
    else:
        verdict, mode, reason = CONSISTENT, "half-up rounding", "paper_rounds_half_up"
    return CheckRow("percent_mode", "", "percentages", "", mode, verdict, printed + f". The paper's mode: {mode}.",
                    reason=reason)


def denominator_rows(idx: Index) -> list[CheckRow]:
    """Per table and group: the denominators used by counts against the printed group sizes.

    Notes
    -----
    Size rows (``variable_type`` size) of the same table give the printed sizes; a row of
    another unit that does not match is the header-vs-denominator warning.

    Examples
    --------
    >>> from osteostats.published import load_published
    >>> from osteostats.check.inputs import Index
    >>> idx = Index(load_published("data/published"))
    >>> [(r.item, r.verdict) for r in denominator_rows(idx) if r.table == "2"]
    [('table 2[OP]', 'warning'), ('table 2[MET]', 'warning')]
    """
    rows: list[CheckRow] = []
    tables: list[str] = []
    for c in idx.comparisons:
        if c.table not in tables:
            tables.append(c.table)
    for table in tables:
        comps = [c for c in idx.comparisons if c.table == table]
        used: dict[tuple[str, str], dict[int, list[str]]] = {}  # (group, unit) -> n -> items
        example: dict[tuple[str, str], tuple[int, int, str]] = {}
        for c in comps:
            if c.variable_type == "size":
                continue
            for arm in c.arms:
                for q in ("count", "percent", "mean", "sd", "median"):
                    cell = idx.any_level_cell(c.id, arm, q)
                    if cell is None or cell.parsed.is_missing or cell.n is None:
                        continue
                    key = (idx.group_of(c, arm), c.unit)
                    used.setdefault(key, {}).setdefault(cell.n, [])
                    if c.id not in used[key][cell.n]:
                        used[key][cell.n].append(c.id)
                    if q == "count" and key not in example and cell.ok:
                        example[key] = (cell.integer, cell.n, c.id)
        headers: dict[str, list[tuple[str, str, int]]] = {}  # group -> (comparison, unit, n)
        for c in comps:
            if c.variable_type != "size":
                continue
            for arm in c.arms:
                cell = idx.cell(c.id, arm, "n")
                if cell is not None and cell.ok:
                    headers.setdefault(idx.group_of(c, arm), []).append((c.id, c.unit, cell.integer))
        for (group, unit), ns in sorted(used.items(), key=lambda kv: (list(idx.groups).index(kv[0][0]) if kv[0][0] in idx.groups else 99, kv[0])):
            item = f"table {table}[{group}]"
            dens = sorted(ns)
            printed_sizes = headers.get(group, [])
            den_text = ", ".join(f"{d} ({len(ns[d])} rows)" for d in dens)
            if not printed_sizes:
                size = idx.group_size(group, unit)
                if size is None:
                    rows.append(CheckRow("denominator", table, item, den_text, "", SKIPPED,
                                         f"no group size printed in table {table} nor in paper.yaml for {group} per {unit}",
                                         reason="group_size_missing"))
                elif dens == [size]:
                    rows.append(CheckRow("denominator", table, item, den_text, str(size), CONSISTENT,
                                         f"no size printed in table {table}; every {unit}-level row of {group} uses n={size}, "
                                         f"the {unit} count in paper.yaml.", reason="denominator_is_paper_size",
                                         recomputed_low=size, recomputed_high=size))
                else:
                    rows.append(CheckRow("denominator", table, item, den_text, str(size), INCONSISTENT,
                                         f"{group} rows use denominators {den_text}; paper.yaml gives {size} {unit}s.",
                                         reason="several_denominators" if len(dens) > 1 else "denominator_not_printed_size",
                                         recomputed_low=size, recomputed_high=size))
                continue
            match = [h for h in printed_sizes if h[2] in dens]
            other = [h for h in printed_sizes if h[2] not in dens]
            sizes_text = ", ".join(f"{h[0]} n={h[2]} ({h[1]})" for h in printed_sizes)
            if len(dens) > 1:
                rows.append(CheckRow("denominator", table, item, den_text, sizes_text, INCONSISTENT,
                                     f"{group} rows in table {table} use several denominators: "
                                     + "; ".join(f"n={d}: {', '.join(ns[d])}" for d in dens) + ".",
                                     reason="several_denominators"))
                continue
            if match and not other:
                rows.append(CheckRow("denominator", table, item, den_text, sizes_text, CONSISTENT,
                                     f"every {group} row uses n={dens[0]}, the size printed in the table ({sizes_text}).",
                                     reason="denominator_is_printed_size"))
            elif match:
                ex = example.get((group, unit))
                extra = ""
                if ex:
                    k, n, cid = ex
                    extra = (f" E.g. {cid}: {k}/{n} = {decimal_str(Fraction(100 * k, n), 2)}%, whereas "
                             + "; ".join(f"{k}/{h[2]} = {decimal_str(Fraction(100 * k, h[2]), 2)}%" for h in other
                                         if h[2] > 0) + ".")
                rows.append(CheckRow("denominator", table, item, den_text, sizes_text, WARNING,
                                     f"table {table} prints " + ", ".join(f"n={h[2]} ({h[1]} level, {h[0]})" for h in other)
                                     + f" for {group}, but its counts and percentages use n={dens[0]} ({unit} level, "
                                     + ", ".join(h[0] for h in match) + ")." + extra, reason="header_other_unit"))
            else:
                rows.append(CheckRow("denominator", table, item, den_text, sizes_text, INCONSISTENT,
                                     f"{group} rows use n={dens[0]} but the table prints {sizes_text}.",
                                     reason="denominator_not_printed_size"))
    return rows
