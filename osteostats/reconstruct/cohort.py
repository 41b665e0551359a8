"""Build patients, vertebrae and readings tables consistent with the printed Tables 1–3.

Every target is read from the published-values folder (``data/published``), not typed in
here: group sizes, sex counts, the T ≤ −2.5 counts, age and BMI mean/SD/range, vertebra
counts, sign counts (Table 2) and per-modality detection counts (Table 3). What the paper
does not fix is drawn with a seeded generator (which patient has which age, how vertebrae
spread over patients, which vertebra carries which sign, which modality saw what), so the
same seed always gives the same tables, byte for byte.
"""
from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from decimal import Decimal

import numpy as np
import pandas as pd

from ..published import Published
from ..stats import t_from_summary
from ..study import StudySpec, Variable, load_study, variable_values
from .sprite import SpriteError, q_bounds, sprite

@dataclass(frozen=True)
class Cohort:
    """The three case tables."""

    patients: pd.DataFrame
    vertebrae: pd.DataFrame
    readings: pd.DataFrame


def _num(pub: Published, comparison: str, arm: str, quantity: str) -> str:
    cell = pub.cell(comparison, arm, quantity)
    if cell is None or cell.is_missing or cell.kind != "value":
        raise SpriteError(f"published values lack {comparison}/{arm}/{quantity}, needed for the reconstruction")
    return cell.canonical


def _int(pub: Published, comparison: str, arm: str, quantity: str) -> int:
    return int(Decimal(_num(pub, comparison, arm, quantity)))


def _choose(rng: np.random.Generator, pool: np.ndarray, k: int) -> np.ndarray:
    if k > pool.size:
        raise SpriteError(f"cannot choose {k} of {pool.size}")
    return np.sort(rng.choice(pool, size=k, replace=False)) if k else np.array([], dtype=pool.dtype)


def _continuous(pub: Published, comparison: str, unit: str, rng: np.random.Generator,
                match_t: bool, groups: tuple[str, ...]) -> dict[str, np.ndarray]:
    """Per group, values on a ``unit`` grid with the printed mean, SD, min and max.

    With ``match_t`` the (sum, sum of squares) targets are chosen, among those consistent with
    the printed means and SDs, so that Student's t and its P also round to the printed ones
    when that is possible; otherwise the centre of each printed interval is used.
    """
    u = Decimal(unit)
    spec = {}
    for g in groups:
        n = _int(pub, "t1_header", g, "n")
        lo = int(Decimal(_num(pub, comparison, g, "min")) / u)
        hi = int(Decimal(_num(pub, comparison, g, "max")) / u)
        spec[g] = (n, _num(pub, comparison, g, "mean"), _num(pub, comparison, g, "sd"), lo, hi)
    cands = {g: _candidates(*spec[g][:3], unit) for g in groups}
    chosen = {g: cands[g][0] for g in groups}
    if match_t:
        t_printed = pub.cell(comparison, "", "statistic")
        p_printed = pub.cell(comparison, "", "p")
        done = False
        ga, gb = groups
        for a in cands[ga]:
            for b in cands[gb]:
                r = _t_of(a, b, spec[ga][0], spec[gb][0], float(u))
                if t_printed.contains(abs(r.statistic)) and p_printed.contains(r.p):
                    chosen = {ga: a, gb: b}
                    done = True
                    break
            if done:
                break
    out = {}
    for g in groups:
        n, _, _, lo, hi = spec[g]
        S, Q = chosen[g]
        k = sprite(n, S, Q, lo, hi, rng)
        out[g] = k
    return out


@functools.lru_cache(maxsize=None)
def _candidates(n: int, mean: str, sd: str, unit: str, limit: int = 60) -> list[tuple[int, int]]:
    """(S, Q) pairs consistent with the printed mean/SD, nearest to the printed centre first.

    Depends on the printed values only, not on the seed: computed once per process (a job
    reconstructs several seeds). Callers must not modify the list.
    """
    u = Decimal(unit)
    centre_s = Decimal(mean) * n / u
    hm = Decimal(5).scaleb(-(len(mean.split(".")[1]) + 1 if "." in mean else 1))
    s_lo = math.ceil((Decimal(mean) - hm) * n / u)
    s_hi = math.floor((Decimal(mean) + hm) * n / u)
    sums = sorted(range(s_lo, s_hi + 1), key=lambda s: (abs(Decimal(s) - centre_s), s))[:limit]
    out = []
    sd_c = Decimal(sd) / u
    for S in sums:
        q_c = (n - 1) * sd_c**2 + Decimal(S * S) / n
        q_lo, q_hi = q_bounds(n, sd, unit, S)
        for Q in sorted({math.floor(q_c), math.ceil(q_c), math.floor(q_c) - 1, math.ceil(q_c) + 1},
                        key=lambda q: (abs(Decimal(q) - q_c), q)):
            if Q % 2 == S % 2 and q_lo <= Q <= q_hi:
                out.append((S, Q))
                break
    if not out:
        raise SpriteError(f"no sample of n={n} on a {unit} grid has mean {mean} and SD {sd}")
    return out


def _t_of(a: tuple[int, int], b: tuple[int, int], n1: int, n2: int, unit: float):
    def ms(pair, n):
        S, Q = pair
        return S * unit / n, unit * math.sqrt((Q - S * S / n) / (n - 1))
    (m1, s1), (m2, s2) = ms(a, n1), ms(b, n2)
    return t_from_summary(m1, s1, n1, m2, s2, n2)


def _class_values(rng: np.random.Generator, rec: dict, n_present: int, n_absent: int) -> tuple[np.ndarray, np.ndarray]:
    """Values on a ``step`` grid for the present and the absent class of a derived variable.

    ``rec`` is the variable's ``reconstruct:`` entry of the study spec: ranges ``present`` and
    ``absent`` (inclusive), ``step``, and optionally ``present_edge`` / ``absent_edge``, the
    value given to the first member of each class so that the rule's boundary is exercised.
    """
    k = round(1 / float(rec["step"]))
    lo, hi = (round(float(x) * k) for x in rec["present"])
    present = rng.integers(lo, hi, size=n_present, endpoint=True) / k
    lo, hi = (round(float(x) * k) for x in rec["absent"])
    absent = rng.integers(lo, hi, size=n_absent, endpoint=True) / k
    if n_present and "present_edge" in rec:
        present[0] = float(rec["present_edge"])
    if n_absent and "absent_edge" in rec:
        absent[0] = float(rec["absent_edge"])
    return present, absent


def _decimals(step: str | float) -> int:
    text = str(step)
    return len(text.split(".")[1]) if "." in text else 0


def _spread(rng: np.random.Generator, n_patients: int, n_vertebrae: int, max_per: int = 4) -> np.ndarray:
    """How many fractured vertebrae each patient has: at least 1, at most ``max_per``, total fixed."""
    counts = np.ones(n_patients, dtype=int)
    while counts.sum() < n_vertebrae:
        i = rng.integers(n_patients)
        if counts[i] < max_per:
            counts[i] += 1
    return counts


def _cover(rng: np.random.Generator, union: np.ndarray, counts: dict[str, int],
           modalities: list[str]) -> dict[str, np.ndarray]:
    """Sets S_m ⊆ union with |S_m| = counts[m] whose union is exactly ``union``.

    Feasible iff max(counts) ≤ |union| ≤ sum(counts). The largest set is drawn first; the
    elements it misses are handed to the other modalities, whose remaining places are filled
    at random within ``union``.
    """
    a = union.size
    if counts and (max(counts.values()) > a or sum(counts.values()) < a):
        raise SpriteError(f"per-modality counts {counts} cannot have a union of {a}")
    order = sorted(counts, key=lambda m: (-counts[m], modalities.index(m)))
    sets: dict[str, set] = {}
    first = order[0]
    sets[first] = set(rng.choice(union, size=counts[first], replace=False).tolist())
    missing = [x for x in union.tolist() if x not in sets[first]]
    rng.shuffle(missing)
    for m in order[1:]:
        sets[m] = set()
    others = order[1:]
    for x in missing:
        room = [m for m in others if len(sets[m]) < counts[m]]
        m = room[int(rng.integers(len(room)))]
        sets[m].add(x)
    for m in others:
        pool = np.array(sorted(set(union.tolist()) - sets[m]))
        need = counts[m] - len(sets[m])
        if need:
            sets[m] |= set(rng.choice(pool, size=need, replace=False).tolist())
    return {m: np.array(sorted(s)) for m, s in sets.items()}


def validate_published(pub: Published) -> None:
    """Raise :class:`~osteostats.errors.InputError` listing every printed number a reconstruction
    cannot honour: counts that are not whole, non-negative and at most their denominator
    (the checks' own validation), denominators other than the group size in ``paper.yaml``,
    and percentages that no rounding of count/n gives.

    Examples
    --------
    >>> from osteostats.published import load_published
    >>> validate_published(load_published("data/published"))  # the bundled paper is consistent
    """
    from ..check.inputs import Index
    from ..check.percentages import percent_modes
    from ..errors import InputError, Problem

    idx = Index(pub)
    problems: list[Problem] = []
    try:
        idx.validate()
    except InputError as exc:
        problems.extend(exc.problems)
    bad_rows = {p.row for p in problems}
    for comp in idx.comparisons:
        for arm in comp.arms:
            count, pct = idx.cell(comp.id, arm, "count"), idx.cell(comp.id, arm, "percent")
            if count is None or not count.ok or count.n is None or count.row in bad_rows:
                continue
            where = f"(table {comp.table}, {comp.id}, arm {arm})"
            group = idx.group_of(comp, arm)
            size = idx.group_size(group, comp.unit)
            if size is not None and count.n != size:
                problems.append(Problem(idx.values_path, count.row, "n", count.n,
                                        f"the size of group {group} in paper.yaml ({size} {comp.unit}s) {where}"))
            if pct is not None and pct.ok and count.n > 0 and not any(
                    percent_modes(count.integer, count.n, pct.parsed).values()):
                problems.append(Problem(idx.values_path, pct.row, "printed", pct.parsed.text,
                                        f"a percentage that 100*{count.integer}/{count.n} rounds or truncates to {where}"))
    if problems:
        problems.sort(key=lambda p: (p.file, str(p.row)))
        raise InputError(problems, f"{len(problems)} problem(s) in published values {pub.folder}: "
                                   "cannot reconstruct case tables from them")


def _level_variables(spec: StudySpec, table: str, column: str) -> list[Variable]:
    """The layout's binary variables that are levels of a categorical ``column``, in order."""
    out = []
    for row in spec.table_rows(table):
        v = spec.variables[row.variable]
        if v.column == column and v.equals is not None:
            out.append(v)
    return out


def reconstruct_cohort(pub: Published, seed: int, study: StudySpec | None = None, *,
                       validate: bool = True) -> Cohort:
    """Build the three case tables from the printed values and a seed.

    Parameters
    ----------
    pub : Published
        The paper's printed values (``osteostats.published.load_published``).
    seed : int
        Seed of the ``numpy.random.default_rng`` generator; everything the paper leaves open
        is drawn from it, in a fixed order.
    study : StudySpec, optional
        Which columns and variables exist and how the open parts are drawn (each variable's
        ``reconstruct:`` entry); default: the bundled ``config/study.yaml``.
    validate : bool, default True
        Check the printed values first (:func:`validate_published`). Callers that build many
        reconstructions from the same values check them once and pass ``False`` after.

    Returns
    -------
    Cohort

    Notes
    -----
    Continuous variables (ages in whole years, BMI to two decimals in the bundled study) come
    from :func:`osteostats.reconstruct.sprite` with the exact (sum, sum of squares) targets that
    make the mean and sample SD round to the printed values; the printed minimum and maximum are
    present. With ``match_t`` the target is picked so that Student's t and its P also round to
    the printed ones (possible for BMI because the printed means and SDs are rounded; for age no
    such target exists, see the comparison table).

    Draw order, per group: categorical columns fixed by printed counts, continuous variables,
    derived variables, then freely drawn columns; for vertebrae, categorical columns, 0/1 sign
    columns, then derived signs; the readings last. The order is part of the reconstruction:
    the same seed always gives the same tables.
    """
    if validate:
        validate_published(pub)
    spec = study or load_study()
    groups = spec.group_codes
    rng = np.random.default_rng(seed)
    n = {g: _int(pub, "t1_header", g, "n") for g in groups}
    pvars = [spec.variables[r.variable] for r in spec.table_rows("1")]
    continuous = {v.name: _continuous(pub, v.comparison("1"), str(v.reconstruct.get("grid", "1")), rng,
                                      bool(v.reconstruct.get("match_t", False)), groups)
                  for v in pvars if v.type == "continuous"}
    pcols = spec.patient_columns
    fixed_cats = [c for c in pcols if pcols[c].type == "categorical" and _level_variables(spec, "1", c)]
    derived = [v for v in pvars if v.derive is not None]
    drawn = [c for c in pcols if pcols[c].type == "categorical" and "draw" in pcols[c].reconstruct]
    columns: dict[str, list] = {"patient_id": [], "group": [], **{c: [] for c in pcols}}
    pid = 0
    for g in groups:
        vals: dict[str, np.ndarray] = {}
        for c in fixed_cats:
            counts = [(_int(pub, v.comparison("1"), g, "count"), str(v.equals)) for v in _level_variables(spec, "1", c)]
            labels = np.concatenate([[lv] * k for k, lv in counts]) if counts else np.array([], dtype=object)
            vals[c] = labels[rng.permutation(n[g])]
        for name, by_group in continuous.items():
            v = spec.variables[name]
            grid = Decimal(str(v.reconstruct.get("grid", "1")))
            units = by_group[g][rng.permutation(n[g])]
            vals[v.column] = np.array([int(x) if grid == 1 else f"{Decimal(int(x)) * grid:.{_decimals(grid)}f}"
                                       for x in units], dtype=object)
        for v in derived:
            rec = v.reconstruct
            k = _int(pub, v.comparison("1"), g, "count")
            present, absent = _class_values(rng, rec, k, n[g] - k)
            x = np.concatenate([present, absent])[rng.permutation(n[g])]
            vals[v.derive["column"]] = np.array([f"{t:.{_decimals(rec['step'])}f}" for t in x], dtype=object)
        for c in drawn:
            probs = pcols[c].reconstruct["draw"]
            vals[c] = rng.choice(np.array(list(probs)), size=n[g], p=list(probs.values()))
        for i in range(n[g]):
            pid += 1
            columns["patient_id"].append(f"P{pid:03d}")
            columns["group"].append(g)
            for c in pcols:
                columns[c].append(vals[c][i] if c in vals else "")
    patients = pd.DataFrame(columns)

    vcols = spec.vertebra_columns
    lv = vcols["level"].reconstruct
    levels = tuple(lv["levels"])
    vrows = []
    for g in groups:
        ids = patients.loc[patients.group == g, "patient_id"].to_numpy()
        per = _spread(rng, ids.size, _int(pub, "t2_vertebrae", g, "n"), int(lv.get("max_per_patient", 4)))
        w = np.array(lv["weights"][g], dtype=float)
        for p, k in zip(ids, per):
            picks = rng.choice(len(levels), size=k, replace=False, p=w / w.sum())
            for i in sorted(picks):
                vrows.append({"vertebra_id": f"{p}-{levels[i]}", "patient_id": p, "level": levels[i], "group": g})
    vert = pd.DataFrame(vrows)
    vvars = [spec.variables[r.variable] for r in spec.table_rows("2")]
    cat_cols = list(dict.fromkeys(v.column for v in vvars if v.equals is not None))
    bin_vars = [v for v in vvars if v.derive is None and v.equals is None and vcols[v.column].type == "binary"]
    der_vars = [v for v in vvars if v.derive is not None]
    for c, col in vcols.items():
        if c == "level":
            continue
        vert[c] = "" if col.type == "categorical" else (0 if col.type == "binary" else 0.0)
    for g in groups:
        idx = vert.index[vert.group == g].to_numpy()
        nv = idx.size
        for c in cat_cols:
            counts = [(_int(pub, v.comparison("2"), g, "count"), str(v.equals)) for v in _level_variables(spec, "2", c)]
            if sum(k for k, _ in counts) != nv:
                raise SpriteError(f"{c} categories of {g} do not sum to {nv}")
            labels = np.concatenate([[lab] * k for k, lab in counts])
            vert.loc[idx, c] = labels[rng.permutation(nv)]
        for v in bin_vars:
            vert.loc[_choose(rng, idx, _int(pub, v.comparison("2"), g, "count")), v.column] = 1
        for v in der_vars:
            rec = v.reconstruct
            k = _int(pub, v.comparison("2"), g, "count")
            first = rec.get("first")
            if first:
                mark = variable_values(vert.loc[idx], spec.variables[first]).to_numpy() == 1
                pref, rest = idx[mark], idx[~mark]
                if k >= pref.size:
                    chosen = np.concatenate([pref, _choose(rng, rest, k - pref.size)])
                else:
                    chosen = _choose(rng, pref, k)
            else:
                chosen = _choose(rng, idx, k)
            others = np.setdiff1d(idx, chosen)
            present, absent = _class_values(rng, rec, chosen.size, others.size)
            vert.loc[chosen, v.derive["column"]] = present
            vert.loc[others, v.derive["column"]] = absent
    for v in der_vars:
        c = v.derive["column"]
        vert[c] = vert[c].map(lambda x, d=_decimals(v.reconstruct["step"]): f"{x:.{d}f}")

    modalities = list(spec.modalities)
    vertebra_ids = vert["vertebra_id"].to_numpy()
    readings = []
    for comp in pub.comparisons.itertuples():
        if comp.table != "3" or comp.design != "paired" or comp.variable_type != "binary":
            continue
        g = comp.stratum
        idx = vert.index[vert.group == g].to_numpy()
        counts = {}
        for m in modalities:
            cell = pub.cell(comp.comparison, m, "count")
            if cell is not None and not cell.is_missing:
                counts[m] = int(cell.value)
        n_any = int(pub.cell(comp.comparison, comp.union_arm, "count").value)
        finding = spec.findings.get(comp.measure)
        sign = finding.sign if finding is not None else None
        if sign is not None:
            union = idx[variable_values(vert.loc[idx], spec.variables[sign]).to_numpy() == 1]
            if union.size != n_any:
                raise SpriteError(f"{comp.comparison}: 'any' = {n_any} but Table 2 {sign} = {union.size}")
        else:
            union = _choose(rng, idx, n_any)
        sets = _cover(rng, union, counts, modalities)
        for m in modalities:
            if m not in counts:
                continue  # not assessable with this modality: no reading, not a 0
            hit = set(sets[m].tolist())
            for i in idx:
                readings.append({"vertebra_id": vertebra_ids[i], "modality": m,
                                 "finding": comp.measure, "detected": int(i in hit)})
    read = pd.DataFrame(readings)
    order = {v: i for i, v in enumerate(vert.vertebra_id)}
    read = read.assign(_o=read.vertebra_id.map(order), _m=read.modality.map(modalities.index))
    read = read.sort_values(["_o", "finding", "_m"], kind="stable").drop(columns=["_o", "_m"]).reset_index(drop=True)
    vert = vert.drop(columns="group")
    return Cohort(patients, vert[["vertebra_id", "patient_id", *vcols]], read)
