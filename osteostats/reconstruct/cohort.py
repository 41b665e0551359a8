"""Build patients, vertebrae and readings tables consistent with the printed Tables 1–3.

Every target is read from the published-values folder (``data/published``), not typed in
here: group sizes, sex counts, the T ≤ −2.5 counts, age and BMI mean/SD/range, vertebra
counts, sign counts (Table 2) and per-modality detection counts (Table 3). What the paper
does not fix is drawn with a seeded generator (which patient has which age, how vertebrae
spread over patients, which vertebra carries which sign, which modality saw what), so the
same seed always gives the same tables, byte for byte.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

import numpy as np
import pandas as pd

from ..published import Published
from ..printed import round_half_up
from ..stats import t_from_summary
from .sprite import SpriteError, moments_for, sprite

GROUPS = ("OP", "MET")
#: Spine levels and how often fractures of each group sit there (weights only shape realism:
#: osteoporotic fractures cluster at the thoracolumbar junction, metastases spread wider).
LEVELS = ("T4", "T5", "T6", "T7", "T8", "T9", "T10", "T11", "T12", "L1", "L2", "L3", "L4", "L5")
LEVEL_WEIGHTS = {
    "OP": (1, 1, 2, 3, 4, 5, 6, 10, 14, 14, 9, 6, 4, 2),
    "MET": (3, 3, 4, 4, 4, 4, 4, 5, 5, 5, 5, 5, 4, 4),
}
#: Table 2 comparisons -> vertebra columns. Binary signs are 0/1; shape and disc are categories.
BINARY_SIGNS = {
    "t2_posterior_wall_bulge": "posterior_wall_bulge",
    "t2_posterior_corner_fat": "posterior_corner_fat",
    "t2_intravertebral_cleft": "intravertebral_cleft",
    "t2_posterior_element": "posterior_element_involvement",
    "t2_paravertebral_mass": "paravertebral_mass",
}
CATEGORIES = {
    "shape": {"t2_shape_wedge": "wedge", "t2_shape_biconcave": "biconcave", "t2_shape_flat": "flat"},
    "disc": {"t2_disc_normal": "normal", "t2_disc_compressed": "compressed", "t2_disc_widened": "widened"},
}
#: Table 3 findings whose "any modality" set is a Table 2 sign (the two must agree).
FINDING_SIGN = {"appendage_involvement": "posterior_element_involvement",
                "soft_tissue_mass": "paravertebral_mass"}
MODALITIES = ("xray", "ct", "mri")


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
                match_t: bool) -> dict[str, np.ndarray]:
    """Per group, values on a ``unit`` grid with the printed mean, SD, min and max.

    With ``match_t`` the (sum, sum of squares) targets are chosen, among those consistent with
    the printed means and SDs, so that Student's t and its P also round to the printed ones
    when that is possible; otherwise the centre of each printed interval is used.
    """
    u = Decimal(unit)
    spec = {}
    for g in GROUPS:
        n = _int(pub, "t1_header", g, "n")
        lo = int(Decimal(_num(pub, comparison, g, "min")) / u)
        hi = int(Decimal(_num(pub, comparison, g, "max")) / u)
        spec[g] = (n, _num(pub, comparison, g, "mean"), _num(pub, comparison, g, "sd"), lo, hi)
    cands = {g: _candidates(*spec[g][:3], unit) for g in GROUPS}
    chosen = {g: cands[g][0] for g in GROUPS}
    if match_t:
        t_printed = pub.cell(comparison, "", "statistic")
        p_printed = pub.cell(comparison, "", "p")
        done = False
        for a in cands["OP"]:
            for b in cands["MET"]:
                r = _t_of(a, b, spec, float(u))
                if t_printed.contains(abs(r.statistic)) and p_printed.contains(r.p):
                    chosen = {"OP": a, "MET": b}
                    done = True
                    break
            if done:
                break
    out = {}
    for g in GROUPS:
        n, _, _, lo, hi = spec[g]
        S, Q = chosen[g]
        k = sprite(n, S, Q, lo, hi, rng)
        out[g] = k
    return out


def _candidates(n: int, mean: str, sd: str, unit: str, limit: int = 60) -> list[tuple[int, int]]:
    """(S, Q) pairs consistent with the printed mean/SD, nearest to the printed centre first."""
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
        for Q in sorted({math.floor(q_c), math.ceil(q_c), math.floor(q_c) - 1, math.ceil(q_c) + 1},
                        key=lambda q: (abs(Decimal(q) - q_c), q)):
            if Q % 2 == S % 2 and (S, Q) in set(moments_for_single(n, mean, sd, unit, S)):
                out.append((S, Q))
                break
    if not out:
        raise SpriteError(f"no sample of n={n} on a {unit} grid has mean {mean} and SD {sd}")
    return out


def moments_for_single(n: int, mean: str, sd: str, unit: str, S: int) -> list[tuple[int, int]]:
    """Like :func:`moments_for` for a single sum S (cheap)."""
    u = Decimal(unit)
    hs = Decimal(5).scaleb(-(len(sd.split(".")[1]) + 1 if "." in sd else 1))
    s = Decimal(sd)
    q_lo = (n - 1) * ((s - hs) / u) ** 2 + Decimal(S * S) / n
    q_hi = (n - 1) * ((s + hs) / u) ** 2 + Decimal(S * S) / n
    return [(S, Q) for Q in range(math.ceil(q_lo), math.floor(q_hi) + 1) if Q % 2 == S % 2]


def _t_of(a: tuple[int, int], b: tuple[int, int], spec: dict, unit: float):
    def ms(pair, n):
        S, Q = pair
        return S * unit / n, unit * math.sqrt((Q - S * S / n) / (n - 1))
    (m1, s1), (m2, s2) = ms(a, spec["OP"][0]), ms(b, spec["MET"][0])
    return t_from_summary(m1, s1, spec["OP"][0], m2, s2, spec["MET"][0])


def _t_scores(rng: np.random.Generator, n: int, n_op: int) -> np.ndarray:
    """One-decimal DXA T-scores: ``n_op`` at or below −2.5, the rest above.

    The first value of each class sits on its boundary (−2.5 and −2.4), so the derived
    "osteoporosis (T ≤ −2.5)" column exercises the rule's edge.
    """
    low = rng.integers(-45, -25, size=n_op, endpoint=True) / 10.0  # -4.5 .. -2.5
    high = rng.integers(-24, 5, size=n - n_op, endpoint=True) / 10.0  # -2.4 .. 0.5
    if n_op:
        low[0] = -2.5
    if n - n_op:
        high[0] = -2.4
    t = np.concatenate([low, high])
    return t[rng.permutation(n)]


def _spread(rng: np.random.Generator, n_patients: int, n_vertebrae: int, max_per: int = 4) -> np.ndarray:
    """How many fractured vertebrae each patient has: at least 1, at most ``max_per``, total fixed."""
    counts = np.ones(n_patients, dtype=int)
    while counts.sum() < n_vertebrae:
        i = rng.integers(n_patients)
        if counts[i] < max_per:
            counts[i] += 1
    return counts


def _cover(rng: np.random.Generator, union: np.ndarray, counts: dict[str, int]) -> dict[str, np.ndarray]:
    """Sets S_m ⊆ union with |S_m| = counts[m] whose union is exactly ``union``.

    Feasible iff max(counts) ≤ |union| ≤ sum(counts). The largest set is drawn first; the
    elements it misses are handed to the other modalities, whose remaining places are filled
    at random within ``union``.
    """
    a = union.size
    if counts and (max(counts.values()) > a or sum(counts.values()) < a):
        raise SpriteError(f"per-modality counts {counts} cannot have a union of {a}")
    order = sorted(counts, key=lambda m: (-counts[m], MODALITIES.index(m)))
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


def reconstruct_cohort(pub: Published, seed: int) -> Cohort:
    """Build the three case tables from the printed values and a seed.

    Parameters
    ----------
    pub : Published
        The paper's printed values (``osteostats.published.load_published``).
    seed : int
        Seed of the ``numpy.random.default_rng`` generator; everything the paper leaves open
        is drawn from it, in a fixed order.

    Returns
    -------
    Cohort

    Notes
    -----
    Ages (whole years) and BMI (two decimals) come from :func:`osteostats.reconstruct.sprite`
    with the exact (sum, sum of squares) targets that make the mean and sample SD round to the
    printed values; the printed minimum and maximum are present. For BMI the target is picked so
    that Student's t and its P also round to the printed 0.729 and 0.468 (possible because the
    printed means and SDs are rounded); for age no such target exists (see the comparison
    table), so the printed mean and SD are honoured and t follows from them.
    """
    validate_published(pub)
    rng = np.random.default_rng(seed)
    n = {g: _int(pub, "t1_header", g, "n") for g in GROUPS}
    ages = _continuous(pub, "t1_age", "1", rng, match_t=False)
    bmis = _continuous(pub, "t1_bmi", "0.01", rng, match_t=True)
    rows = []
    pid = 0
    for g in GROUPS:
        males = _int(pub, "t1_sex_male", g, "count")
        sex = np.array(["M"] * males + ["F"] * (n[g] - males))[rng.permutation(n[g])]
        age = ages[g][rng.permutation(n[g])]
        bmi = bmis[g][rng.permutation(n[g])]
        t = _t_scores(rng, n[g], _int(pub, "t1_osteoporosis", g, "count"))
        trauma = rng.choice(np.array(["none", "minor"]), size=n[g], p=[0.6, 0.4])
        for i in range(n[g]):
            pid += 1
            rows.append({"patient_id": f"P{pid:03d}", "group": g, "age": int(age[i]), "sex": sex[i],
                         "bmi": f"{Decimal(int(bmi[i])) / 100:.2f}", "t_score_min": f"{t[i]:.1f}",
                         "trauma": trauma[i]})
    patients = pd.DataFrame(rows)

    vrows = []
    for g in GROUPS:
        ids = patients.loc[patients.group == g, "patient_id"].to_numpy()
        per = _spread(rng, ids.size, _int(pub, "t2_vertebrae", g, "n"))
        w = np.array(LEVEL_WEIGHTS[g], dtype=float)
        for p, k in zip(ids, per):
            levels = rng.choice(len(LEVELS), size=k, replace=False, p=w / w.sum())
            for lv in sorted(levels):
                vrows.append({"vertebra_id": f"{p}-{LEVELS[lv]}", "patient_id": p, "level": LEVELS[lv], "group": g})
    vert = pd.DataFrame(vrows)
    vert["shape"] = ""
    vert["height_loss_pct"] = 0.0
    for col in BINARY_SIGNS.values():
        vert[col] = 0
    vert["disc"] = ""
    for g in GROUPS:
        idx = vert.index[vert.group == g].to_numpy()
        nv = idx.size
        for var, cats in CATEGORIES.items():
            counts = [(_int(pub, comp, g, "count"), cat) for comp, cat in cats.items()]
            if sum(c for c, _ in counts) != nv:
                raise SpriteError(f"{var} categories of {g} do not sum to {nv}")
            labels = np.concatenate([[cat] * c for c, cat in counts])
            vert.loc[idx, var] = labels[rng.permutation(nv)]
        for comp, col in BINARY_SIGNS.items():
            vert.loc[_choose(rng, idx, _int(pub, comp, g, "count")), col] = 1
        # height loss: severe (> 40 %) count from Table 2; flat vertebrae are severe first
        n_severe = _int(pub, "t2_severe_compression", g, "count")
        flat = idx[vert.loc[idx, "shape"].to_numpy() == "flat"]
        rest = idx[vert.loc[idx, "shape"].to_numpy() != "flat"]
        if n_severe >= flat.size:
            severe = np.concatenate([flat, _choose(rng, rest, n_severe - flat.size)])
        else:
            severe = _choose(rng, flat, n_severe)
        mild = np.setdiff1d(idx, severe)
        vert.loc[severe, "height_loss_pct"] = rng.integers(401, 751, size=severe.size) / 10.0
        hl = rng.integers(200, 400, size=mild.size, endpoint=True) / 10.0
        if mild.size:
            hl[0] = 40.0  # boundary: exactly 40 % is moderate, not severe
        vert.loc[mild, "height_loss_pct"] = hl
    vert["height_loss_pct"] = vert["height_loss_pct"].map(lambda x: f"{x:.1f}")

    readings = []
    for comp in pub.comparisons.itertuples():
        if comp.table != "3" or comp.design != "paired" or comp.variable_type != "binary":
            continue
        g = comp.stratum
        idx = vert.index[vert.group == g].to_numpy()
        counts = {}
        for m in MODALITIES:
            cell = pub.cell(comp.comparison, m, "count")
            if cell is not None and not cell.is_missing:
                counts[m] = int(cell.value)
        n_any = int(pub.cell(comp.comparison, comp.union_arm, "count").value)
        sign = FINDING_SIGN.get(comp.measure)
        if sign is not None:
            union = idx[vert.loc[idx, sign].to_numpy() == 1]
            if union.size != n_any:
                raise SpriteError(f"{comp.comparison}: 'any' = {n_any} but Table 2 {sign} = {union.size}")
        else:
            union = _choose(rng, idx, n_any)
        sets = _cover(rng, union, counts)
        for m in MODALITIES:
            if m not in counts:
                continue  # not assessable with this modality: no reading, not a 0
            hit = set(sets[m].tolist())
            for i in idx:
                readings.append({"vertebra_id": vert.at[i, "vertebra_id"], "modality": m,
                                 "finding": comp.measure, "detected": int(i in hit)})
    read = pd.DataFrame(readings)
    order = {v: i for i, v in enumerate(vert.vertebra_id)}
    read = read.assign(_o=read.vertebra_id.map(order), _m=read.modality.map(MODALITIES.index))
    read = read.sort_values(["_o", "finding", "_m"], kind="stable").drop(columns=["_o", "_m"]).reset_index(drop=True)
    vert = vert.drop(columns="group")
    cols = ["vertebra_id", "patient_id", "level", "shape", "height_loss_pct", *BINARY_SIGNS.values(), "disc"]
    return Cohort(patients, vert[cols], read)
