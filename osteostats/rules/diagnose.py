"""Full diagnosis of a case table: who gets T or Z, sites, DXA, QCT, fragility fracture.

:func:`diagnose` combines the single-family rules of this package row by row, vectorised:

1. reference population (:mod:`.population`): T-score criteria, Z-score criteria or
   indeterminate (e.g. a woman of unknown menopausal status);
2. T population: the lowest DXA T of L1-L4 / femoral neck / total hip (33 % radius only as
   a fallback, :mod:`.sites`) classified by :mod:`.dxa`; lumbar QCT vBMD by :mod:`.qct`;
   QCT hip T by the DXA criteria. Each modality can diagnose on its own (consensus key points
   8.2, 8.3); the most severe class wins, ties in the order DXA, QCT spine, QCT hip;
3. Z population: :mod:`.zscore` ("below/within the expected range for age");
4. fragility fracture (:mod:`.fragility`): an imaging-confirmed fragility fracture means
   osteoporosis whatever the BMD (consensus sec. 3); with a BMD in the osteoporosis range
   it is severe osteoporosis (Table 1, Table 2);
5. peripheral BMD columns are never used (:mod:`.peripheral`).

Missing inputs give ``indeterminate`` with the reason; nothing is imputed.
"""
from __future__ import annotations

from typing import Any, Iterable

import numpy as np
import pandas as pd

from ..errors import InputError, Problem
from .dxa import INDETERMINATE, apply_rounding, check_rounding, dxa_codes, labels_from_codes
from .fragility import TRAUMA_CODES, fragility_codes
from .genant import genant_codes
from .peripheral import PERIPHERAL_COLUMNS
from .population import (MENOPAUSE_CODES, NO_REF, SEX_CODES, T_REF, Z_REF, REFERENCE_LABELS,
                         check_age_proxy, format_values, reference_codes)
from .qct import lumbar_mean, qct_codes
from .sites import (CENTRAL_SITES, FOREARM_COLUMN, FOREARM_SITE, VERTEBRA_COLUMNS, VERTEBRA_LEVELS,
                    adjacent_outliers, lowest_t)
from .thresholds import format_number, get
from .validation import as_vector, bool_input, check_range, code_input, raise_problems
from .zscore import BELOW, Z_INDETERMINATE, Z_LABELS, z_codes

#: Columns recognised as a lowest central T recorded without its site.
RECORDED_T_COLUMNS = ("t_score", "t_score_min")
QCT_VERTEBRA_COLUMNS = ("qct_l1", "qct_l2", "qct_l3", "qct_l4")
T_COLUMNS = RECORDED_T_COLUMNS + tuple(CENTRAL_SITES) + (FOREARM_COLUMN,) + VERTEBRA_COLUMNS + ("t_qct_hip",)

#: Columns added by :func:`diagnose`, in order.
OUTPUT_COLUMNS = ("reference", "lowest_t", "lowest_t_site", "missing_sites", "exclusion_candidates",
                  "dxa_category", "qct_vbmd_mean", "qct_category", "z_category", "fragility_fracture",
                  "genant_grade", "category", "rule", "reason")

#: Final categories.
CATEGORIES = ("normal", "low_bone_mass", "osteoporosis", "severe_osteoporosis",
              "below_expected_range_for_age", "within_expected_range_for_age", "indeterminate")

_SEVERITY = np.array([0, 1, 2, -1], dtype=np.int8)  # normal, low, osteoporosis, indeterminate


def _s(x: Any, n: int) -> pd.Series:
    """Object Series of length n from a scalar string or an array."""
    if isinstance(x, str):
        return pd.Series([x] * n, dtype=object)
    return pd.Series(np.asarray(x, dtype=object), dtype=object)


def _join(*parts: pd.Series) -> pd.Series:
    """Join text columns with "; ", skipping empty parts.

    Joined once per distinct combination of the parts (a registry has few: reasons are built
    from a few dozen phrases and values), then spread to the rows.
    """
    if len(parts) == 1:
        return parts[0].copy()
    arrays = [np.asarray(p, dtype=object) for p in parts]
    key = np.zeros(len(arrays[0]), dtype=np.int64)
    for a in arrays:
        codes, distinct = pd.factorize(a)
        if (codes < 0).any():  # a missing part: join row by row
            return _join_rows(*parts)
        key = pd.factorize(key * len(distinct) + codes)[0]  # < n**2: no overflow below 3e9 rows
    _, first = np.unique(key, return_index=True)  # one row of each combination, in code order
    joined = np.array(["; ".join(a[r] for a in arrays if a[r] != "") for r in first], dtype=object)
    return pd.Series(joined[key], dtype=object)


def _join_rows(*parts: pd.Series) -> pd.Series:
    """:func:`_join` row by row (parts with missing values)."""
    out = parts[0].copy()
    for p in parts[1:]:
        out = pd.Series(np.where(out == "", p, np.where(p == "", out, out + "; " + p)), dtype=object)
    return out


#: Per rule family: the condition of each class code (normal, middle, osteoporosis, missing),
#: with the two thresholds of thresholds.csv filled in.
_CONDITIONS = {
    "dxa": (">= {normal}", "between {osteo} and {normal} (both excluded)", "<= {osteo}", ""),
    "qct": ("> {normal}", "within {osteo}-{normal} (both included)", "< {osteo}", ""),
}


def _condition(family: str, code: np.ndarray) -> pd.Series:
    """The condition each class code met, in words, with its thresholds (``dxa`` or ``qct``)."""
    values = {"osteo": format_number(get(f"{family}_osteoporosis").decimal),
              "normal": format_number(get(f"{family}_normal").decimal)}
    texts = np.array([t.format(**values) for t in _CONDITIONS[family]], dtype=object)
    return pd.Series(texts[code], dtype=object)


def _t_text(rounded: np.ndarray, given: np.ndarray) -> pd.Series:
    """``-2.5`` or ``-2.45 (rounded to -2.5)``."""
    r = format_values(rounded)
    g = format_values(given)
    changed = (rounded != given) & ~np.isnan(rounded)
    return pd.Series(np.where(changed, g + " (rounded to " + r + ")", r), dtype=object)


def diagnose(frame: pd.DataFrame, *, rounding: str = "as_given", menopause_age_proxy: float | None = None,
             pathological_groups: Iterable[str] = (), group_column: str = "group",
             fracture_confirmed: bool | None = None, source: str = "frame") -> pd.DataFrame:
    """Add diagnosis columns (category, rule, reason, ...) to a case table.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per person. Recognised columns (all optional; others are kept untouched):

        - ``sex`` (F/M), ``age`` (years), ``menopause`` (pre/peri/post/unknown);
        - DXA T-scores: ``t_l1l4``, ``t_neck``, ``t_hip``, ``t_radius33`` (33 % radius),
          per-vertebra ``t_l1`` .. ``t_l4``; or a lowest T recorded without its site,
          ``t_score`` / ``t_score_min``;
        - ``z_score``;
        - QCT: ``qct_vbmd`` (mean of two lumbar vertebrae, mg/cm3) or per-vertebra
          ``qct_l1`` .. ``qct_l4``; ``t_qct_hip`` (QCT hip T-score);
        - fracture: ``fragility_fracture`` (yes/no, taken as given), or the criteria
          ``fracture`` (imaging-confirmed, yes/no), ``trauma`` (none/minor/major) and
          ``pathological`` (yes/no: tumour or other secondary cause);
        - ``height_loss_pct`` (largest vertebral height loss, %) for the Genant grade;
        - peripheral BMD columns (``t_peripheral``, ``t_pdxa``, ``t_pqct``, ``qus_t``,
          ``qus_index``): read, never used for the diagnosis.
    rounding : {"as_given", "dxa_1dp"}, default "as_given"
        Classify T- and Z-scores as given or after exact rounding to one decimal.
    menopause_age_proxy : float, optional
        If set, women of unknown menopausal status aged >= this value are treated as
        postmenopausal (younger: premenopausal) and the reason says the proxy was used.
        Without it such women are ``indeterminate``.
    pathological_groups : iterable of str, default ()
        Values of ``group_column`` whose fractures are pathological (e.g. ``["MET"]``: the
        metastatic group). Rows of other groups count as "secondary cause excluded". An
        explicit ``pathological`` value takes precedence.
    group_column : str, default "group"
    fracture_confirmed : bool, optional
        True when every row has an imaging-confirmed fracture (a fracture case series);
        used where there is no ``fracture`` column or it is missing.
    source : str, default "frame"
        Name used in error messages (e.g. the CSV path).

    Returns
    -------
    pandas.DataFrame
        A copy of ``frame`` (same index) with the columns of :data:`OUTPUT_COLUMNS`:
        ``reference`` (T/Z/indeterminate), ``lowest_t`` and ``lowest_t_site``,
        ``missing_sites``, ``exclusion_candidates`` (vertebrae), ``dxa_category``,
        ``qct_vbmd_mean``, ``qct_category``, ``z_category`` (``not_applicable`` outside
        their population), ``fragility_fracture`` (nullable boolean), ``genant_grade``
        (Int64, only when ``height_loss_pct`` is given), and the result: ``category`` (one
        of :data:`CATEGORIES`), ``rule`` (which rule fired) and ``reason`` (why).

    Raises
    ------
    osteostats.errors.InputError
        Listing every bad value at once, with its row label and column: T or Z outside
        -10..+10, vBMD outside 0-400, height loss outside 0-100, age outside 0-120, unknown
        sex/menopause/trauma codes, non-numbers, non yes/no flags; also an output column
        already present in ``frame`` or a missing ``group_column``.

    Notes
    -----
    Rules and thresholds: ``thresholds.csv`` (Chinese expert consensus 2020, Chin J Radiol
    54(8):745-752; ISCD 2019 for vertebra exclusion; Genant 1993 via the study paper).
    "Severe osteoporosis" = BMD in the osteoporosis range (DXA/QCT-hip T <= -2.5 or lumbar
    vBMD < 80 mg/cm3) plus a fragility fracture, in the T-score population only. A fragility
    fracture alone gives "osteoporosis" in every population (consensus sec. 3). When the
    fragility status is unknown, the BMD class is reported and the reason says so.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"sex": ["F", "M", "M"], "age": [70, 50, 49], "menopause": ["post", None, None],
    ...                    "t_neck": [-2.7, -1.0, -3.0], "t_l1l4": [-1.9, -1.2, None]})
    >>> out = diagnose(df)
    >>> out["category"].tolist()
    ['osteoporosis', 'low_bone_mass', 'indeterminate']
    >>> out.loc[0, "reason"].split(";")[0]
    'osteoporosis: lowest T -2.7 at femoral neck <= -2.5'
    """
    if not isinstance(frame, pd.DataFrame):
        raise InputError("diagnose() needs a pandas DataFrame (one row per person)")
    check_rounding(rounding)
    proxy = check_age_proxy(menopause_age_proxy)
    groups = tuple(str(g) for g in ([pathological_groups] if isinstance(pathological_groups, str)
                                    else pathological_groups))
    if fracture_confirmed not in (None, True, False):
        raise InputError([Problem("argument", None, "fracture_confirmed", fracture_confirmed, "True, False or None")])
    # ``fragility_fracture`` is both an input (as given) and an output (parsed) column.
    clash = [c for c in OUTPUT_COLUMNS if c in frame.columns and c != "fragility_fracture"]
    if clash:
        raise InputError([Problem(source, None, c, "(existing column)", "a table without the output column "
                                  f"'{c}' (diagnose adds it)") for c in clash])
    if groups and group_column not in frame.columns:
        raise InputError([Problem(source, None, group_column, "(missing column)",
                                  f"a '{group_column}' column, needed by pathological_groups={list(groups)}")])

    n = len(frame)
    idx = frame.index
    problems: list[Problem] = []
    col = {c: frame[c] for c in frame.columns}

    def numeric(name: str, kind: str) -> np.ndarray | None:
        if name not in col:
            return None
        vec = as_vector(col[name], name, problems, source=source)
        check_range(vec, name, kind, problems, source=source)
        return vec.values

    def codes(name: str, allowed: tuple[str, ...], case: str = "lower") -> np.ndarray:
        if name not in col:
            return np.full(n, None, dtype=object)
        return code_input(col[name], name, allowed, problems, source=source, case=case)[0]

    def flag(name: str) -> np.ndarray | None:
        if name not in col:
            return None
        return bool_input(col[name], name, problems, source=source)[0]

    sex = codes("sex", SEX_CODES, case="upper")
    meno = codes("menopause", MENOPAUSE_CODES)
    trauma = codes("trauma", TRAUMA_CODES)
    age = numeric("age", "age")
    t_raw = {c: numeric(c, "t_score") for c in T_COLUMNS if c in col}
    z_raw = numeric("z_score", "z_score")
    qct_vbmd = numeric("qct_vbmd", "vbmd")
    qct_vert = {c: numeric(c, "vbmd") for c in QCT_VERTEBRA_COLUMNS if c in col}
    height = numeric("height_loss_pct", "height_loss")
    frag_given = flag("fragility_fracture")
    fracture = flag("fracture")
    patho = flag("pathological")
    peripheral_present = np.zeros(n, dtype=bool)
    peripheral_names = pd.Series([""] * n, dtype=object)
    for c in PERIPHERAL_COLUMNS:
        if c in col:
            v = as_vector(col[c], c, problems, source=source).values
            has = ~np.isnan(v)
            peripheral_present |= has
            peripheral_names = _join(peripheral_names, _s(np.where(has, c, ""), n))
    raise_problems(problems)

    nan = np.full(n, np.nan)
    age = age if age is not None else nan
    t = {c: apply_rounding(v, rounding) for c, v in t_raw.items()}
    z = apply_rounding(z_raw, rounding) if z_raw is not None else nan

    # 1. Reference population -------------------------------------------------------------
    ref, ref_reason = reference_codes(sex, age, meno, proxy)
    is_t, is_z = ref == T_REF, ref == Z_REF

    # 2. Sites: vertebra outliers, lowest T -----------------------------------------------
    exclusion = pd.Series([""] * n, dtype=object)
    spine_ok = None
    vcols = [c for c in VERTEBRA_COLUMNS if c in t]
    if vcols:
        vt = np.column_stack([t.get(c, nan) for c in VERTEBRA_COLUMNS])
        flagged = adjacent_outliers(vt)
        present = ~np.isnan(vt)
        evaluable = (present & ~flagged).sum(axis=1)
        spine_ok = (present.sum(axis=1) == 0) | (evaluable >= int(get("min_evaluable_vertebrae").decimal))
        for j, level in enumerate(VERTEBRA_LEVELS):
            exclusion = _join(exclusion, _s(np.where(flagged[:, j], level, ""), n))
        exclusion = exclusion.str.replace("; ", ";", regex=False)
    central = {c: t[c] for c in CENTRAL_SITES if c in t}
    recorded = None
    for c in RECORDED_T_COLUMNS:
        if c in t:
            recorded = t[c] if recorded is None else np.where(np.isnan(recorded), t[c], recorded)
    recorded_raw = None
    for c in RECORDED_T_COLUMNS:
        if c in t_raw:
            recorded_raw = t_raw[c] if recorded_raw is None else np.where(np.isnan(recorded_raw), t_raw[c], recorded_raw)
    has_dxa_input = bool(central) or FOREARM_COLUMN in t or recorded is not None
    if has_dxa_input:
        low = lowest_t(central, t.get(FOREARM_COLUMN), recorded, spine_ok)
    else:
        low = pd.DataFrame({"t": nan, "site": [""] * n, "radius_used": np.zeros(n, bool),
                            "missing_sites": ["L1-L4;femoral neck;total hip"] * n, "note": [""] * n})
    lt = low["t"].to_numpy(dtype=float)
    site = low["site"].to_numpy(dtype=object)
    # The unrounded value at the chosen site, to show rounding in the reason.
    site_to_col = {name: c for c, name in CENTRAL_SITES.items()} | {FOREARM_SITE: FOREARM_COLUMN}
    lt_given = lt.copy()
    for name, c in site_to_col.items():
        if c in t_raw:
            lt_given = np.where(site == name, t_raw[c], lt_given)
    if recorded_raw is not None:
        lt_given = np.where(~np.isin(site, list(site_to_col) + [""]), recorded_raw, lt_given)
    dxa_code = dxa_codes(lt)

    # QCT spine and hip
    if qct_vbmd is not None or qct_vert:
        vm, nv, _ = lumbar_mean(np.column_stack([qct_vert.get(c, nan) for c in QCT_VERTEBRA_COLUMNS]))
        qmean = np.where(~np.isnan(qct_vbmd) if qct_vbmd is not None else np.zeros(n, bool), qct_vbmd, vm) \
            if qct_vbmd is not None else vm
        few = np.isnan(qmean) & (nv == 1)
    else:
        qmean, few = nan, np.zeros(n, dtype=bool)
    qct_code = qct_codes(qmean)
    qhip = t.get("t_qct_hip", nan)
    qhip_code = dxa_codes(qhip)

    # Z
    z_code = z_codes(z)

    # 3. Fragility fracture ---------------------------------------------------------------
    if frag_given is not None:
        frag = frag_given
        frag_reason = _s(np.where(frag == 1, "fragility fracture: yes (as given)",
                                  np.where(frag == 0, "fragility fracture: no (as given)",
                                           "fragility fracture status not given")), n)
    else:
        fr = fracture if fracture is not None else nan
        if fracture_confirmed is not None:
            fr = np.where(np.isnan(fr), 1.0 if fracture_confirmed else 0.0, fr)
        pa = patho if patho is not None else nan
        if groups:
            g = frame[group_column].astype(object).to_numpy()
            g_missing = pd.isna(g)
            by_group = np.where(g_missing, np.nan, np.isin(g.astype(str), groups).astype(float))
            pa = np.where(np.isnan(pa), by_group, pa)
        if "trauma" in col or fracture is not None or patho is not None or groups or fracture_confirmed is not None:
            frag, frag_reason = fragility_codes(trauma, fr, pa)
            if groups:
                in_group = ~np.isnan(pa) & (pa == 1) & (np.isnan(patho) if patho is not None else True)
                frag_reason = pd.Series(np.where(
                    in_group & (frag == 0),
                    f"pathological fracture ({group_column} in {'/'.join(groups)}: tumour), not a fragility fracture",
                    frag_reason), dtype=object)
        else:
            frag = nan.copy()
            frag_reason = _s("fragility fracture not reported", n)
    frag_yes = frag == 1

    # 4. Modality texts ("<label>: <body>") -------------------------------------------------
    dxa_label = _s(labels_from_codes(dxa_code), n)
    dxa_body = "lowest T " + _t_text(lt, lt_given) + " at " + _s(site, n) + " " + _condition("dxa", dxa_code)
    qct_label = _s(labels_from_codes(qct_code), n)
    qct_body = "lumbar QCT vBMD " + format_values(qmean, integral=True) + " mg/cm3 " + _condition("qct", qct_code)
    qhip_label = _s(labels_from_codes(qhip_code), n)
    qhip_body = "QCT hip T " + _t_text(qhip, t_raw.get("t_qct_hip", qhip)) + " " + _condition("dxa", qhip_code)
    z_label = _s(labels_from_codes(z_code, Z_LABELS), n)
    below = format_number(get("z_below_expected").decimal)
    z_text = z_label + ": Z " + _t_text(z, z_raw if z_raw is not None else z) + \
        _s(np.where(z_code == BELOW, f" <= {below} (BMD alone does not diagnose osteoporosis here)",
                    f" > {below}"), n)

    sev = np.column_stack([_SEVERITY[dxa_code], _SEVERITY[qct_code], _SEVERITY[qhip_code]])
    best_mod = np.argmax(sev, axis=1)
    best = sev[np.arange(n), best_mod]
    mod_names = np.array(["dxa", "qct", "qct_hip"], dtype=object)
    which = [best_mod == 0, best_mod == 1]
    best_body = pd.Series(np.select(which, [dxa_body, qct_body], qhip_body), dtype=object)
    best_label = pd.Series(np.select(which, [dxa_label, qct_label], qhip_label), dtype=object)
    other_texts = []
    for m, (code, label, body) in enumerate(((dxa_code, dxa_label, dxa_body), (qct_code, qct_label, qct_body),
                                             (qhip_code, qhip_label, qhip_body))):
        other_texts.append(_s(np.where((code != INDETERMINATE) & (best_mod != m),
                                       "also " + label + ": " + body, ""), n))
    has_bmd = best >= 0

    # 5. Decision -------------------------------------------------------------------------
    bmd_osteo = best == 2
    n_vert = str(get("qct_min_vertebrae").decimal)
    missing_txt = _s(low["missing_sites"].to_numpy(dtype=object), n)
    few_txt = _s(np.where(few, f"QCT: only 1 valid vertebra (need {n_vert})", ""), n)
    no_bmd_txt = "no evaluable BMD" + _s(np.where(missing_txt != "", " (missing: " + missing_txt + ")", ""), n)

    conds = [
        is_t & frag_yes & bmd_osteo,
        frag_yes,
        is_t & has_bmd,
        is_t,
        is_z & (z_code != Z_INDETERMINATE),
        is_z,
    ]
    category = np.select(conds, [
        "severe_osteoporosis", "osteoporosis", best_label, "indeterminate",
        z_label, "indeterminate"], "indeterminate")
    rule = np.select(conds, [
        "severe_osteoporosis",
        "fragility_fracture",
        pd.Series(mod_names[best_mod], dtype=object) + "_" + best_label,
        "no_bmd",
        _s(np.where(z_code == BELOW, "z_below_expected", "z_within_expected"), n),
        "no_z_score",
    ], "reference_indeterminate")
    reason = pd.Series(np.select(conds, [
        "severe_osteoporosis: " + best_body + " with " + frag_reason,
        "osteoporosis: " + frag_reason + " means osteoporosis whatever the BMD",
        best_label + ": " + best_body,
        "indeterminate: " + no_bmd_txt,
        z_text,
        _s("indeterminate: Z-score criteria apply but no Z-score given", n),
    ], "indeterminate: " + ref_reason), dtype=object)

    # Notes appended after the main clause, in a fixed order.
    fx_bmd = _s(np.where(frag_yes & is_t & has_bmd & ~bmd_osteo, "BMD " + best_label + ": " + best_body,
                         np.where(frag_yes & is_t & ~has_bmd, no_bmd_txt, "")), n)
    fx_z = _s(np.where(frag_yes & is_z, z_text + "; severe osteoporosis needs T-score criteria", ""), n)
    fx_ref = _s(np.where(frag_yes & (ref == NO_REF), "severity not assessable: " + ref_reason, ""), n)
    t_notes = _s(np.where(is_t, _join(*other_texts, few_txt, _s(low["note"].to_numpy(dtype=object), n)), ""), n)
    missing_note = _s(np.where(is_t & has_bmd & (missing_txt != ""), "not measured: " + missing_txt, ""), n)
    excl_txt = _s(np.where(exclusion != "", "exclusion candidates (T differs by > "
                           + format_number(get("adjacent_vertebra_difference").decimal)
                           + " from adjacent vertebrae): " + exclusion, ""), n)
    t_ignored = _s(np.where(is_z & ~np.isnan(lt), "T-score not used (Z-score population)", ""), n)
    frag_note = _s(np.where(frag_yes, "", frag_reason), n)
    ref_txt = _s(np.where(ref != NO_REF, ref_reason, ""), n)
    periph_txt = _s(np.where(peripheral_present, "peripheral BMD (" + peripheral_names.str.replace("; ", ",")
                             + ") ignored: screening only", ""), n)
    genant_txt = _s([""] * n, n)
    if height is not None:
        gcode = genant_codes(height)
        glabels = np.array(["grade 0 (normal)", "grade 1 (mild)", "grade 2 (moderate)", "grade 3 (severe)", ""],
                           dtype=object)[gcode]
        genant_txt = _s(np.where(gcode >= 0, "Genant " + glabels + ": height loss "
                                 + format_values(height, integral=True) + " %", "Genant grade: height loss not given"), n)
    reason = _join(reason, fx_bmd, fx_z, fx_ref, t_notes, missing_note, excl_txt, t_ignored, frag_note,
                   ref_txt, genant_txt, periph_txt)

    # 6. Assemble ------------------------------------------------------------------------
    out = frame.copy()
    applies = np.where(is_t, "", np.where(is_z, "not_applicable", "indeterminate"))
    out["reference"] = pd.Series(np.asarray(REFERENCE_LABELS, dtype=object)[ref], index=idx, dtype=object)
    out["lowest_t"] = pd.Series(lt, index=idx)
    out["lowest_t_site"] = pd.Series(site, index=idx, dtype=object)
    out["missing_sites"] = pd.Series(missing_txt.to_numpy(), index=idx, dtype=object)
    out["exclusion_candidates"] = pd.Series(exclusion.to_numpy(), index=idx, dtype=object)
    out["dxa_category"] = pd.Series(np.where(applies == "", labels_from_codes(dxa_code), applies), index=idx, dtype=object)
    out["qct_vbmd_mean"] = pd.Series(qmean, index=idx)
    out["qct_category"] = pd.Series(np.where(applies == "", labels_from_codes(qct_code), applies), index=idx, dtype=object)
    z_applies = np.where(is_z, labels_from_codes(z_code, Z_LABELS), np.where(is_t, "not_applicable", "indeterminate"))
    out["z_category"] = pd.Series(z_applies, index=idx, dtype=object)
    out["fragility_fracture"] = pd.Series(pd.arrays.BooleanArray(frag == 1, np.isnan(frag)), index=idx)
    if height is not None:
        g = genant_codes(height)
        out["genant_grade"] = pd.Series(pd.arrays.IntegerArray(g.astype(np.int64), g < 0), index=idx)
    out["category"] = pd.Series(category, index=idx, dtype=object)
    out["rule"] = pd.Series(rule, index=idx, dtype=object)
    out["reason"] = pd.Series(reason.to_numpy(), index=idx, dtype=object)
    return out
