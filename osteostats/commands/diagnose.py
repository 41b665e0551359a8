"""``osteostats diagnose``: diagnose one person from flags (JSON) or a whole case table (CSV).

Examples::

    osteostats diagnose --sex F --age 70 --menopause post --t-neck -2.7
    osteostats diagnose --cases data/cases/patients.csv --out reports/diagnosis/patients.csv \\
        --pathological-groups MET --fracture-confirmed-all

All rules live in :mod:`osteostats.rules`; see ``docs/rules.md``.
"""
from __future__ import annotations

import argparse
import json
import math
import re
import sys
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import InputError, Problem
from ..io import write_csv
from ..outputs import FILE, OutputPath, check_output_paths
from ..rules import ROUNDING_MODES, diagnose
from ..rules.sites import CENTRAL_SITES
from ..rules.validation import bool_input
from ..sniff import read_csv_text_table

#: flag dest -> column understood by :func:`osteostats.rules.diagnose` (person mode).
PERSON_FLAGS = {
    "sex": "sex",
    "age": "age",
    "menopause": "menopause",
    "t_score": "t_score",
    "t_l1l4": "t_l1l4",
    "t_neck": "t_neck",
    "t_hip": "t_hip",
    "t_radius33": "t_radius33",
    "t_l1": "t_l1",
    "t_l2": "t_l2",
    "t_l3": "t_l3",
    "t_l4": "t_l4",
    "z_score": "z_score",
    "qct_vbmd": "qct_vbmd",
    "t_qct_hip": "t_qct_hip",
    "height_loss": "height_loss_pct",
    "fragility_fracture": "fragility_fracture",
    "trauma": "trauma",
    "fracture": "fracture",
    "pathological": "pathological",
    "t_peripheral": "t_peripheral",
}
_COLUMN_TO_FLAG = {col: "--" + dest.replace("_", "-") for dest, col in PERSON_FLAGS.items()}

#: Keys of the JSON answer, in order.
JSON_KEYS = ("category", "rule", "reason", "reference", "lowest_t", "lowest_t_site", "missing_sites",
             "exclusion_candidates", "dxa_category", "qct_vbmd_mean", "qct_category", "z_category",
             "fragility_fracture", "genant_grade")


class _ValueReportingParser(argparse.ArgumentParser):
    """An argument parser whose "expected one argument" error names the value it refused.

    argparse reads a value that starts with ``-`` but is not a plain negative number (``-2,7``,
    ``-1e-3``, ``-2.7x``) as an option, and then says only "expected one argument". This
    subclass remembers the arguments and adds the refused value and how to pass it.
    """

    _seen: list[str] = []

    def parse_known_args(self, args=None, namespace=None):  # noqa: D102 - argparse API
        self._seen = list(args) if args is not None else []
        return super().parse_known_args(args, namespace)

    def error(self, message: str):  # noqa: D102 - argparse API
        m = re.match(r"argument (--[\w-]+)(?:/\S+)?: expected one argument", message)
        if m and m.group(1) in self._seen:
            i = self._seen.index(m.group(1))
            if i + 1 < len(self._seen):
                value = self._seen[i + 1]
                message += (f" (got {value!r}, which argparse reads as an option; a number is written with a "
                            f"decimal point, e.g. -2.7, and any value starting with '-' can be given as "
                            f"{m.group(1)}={value})")
        super().error(message)


def add_arguments(p: argparse.ArgumentParser) -> None:
    """The options of ``osteostats diagnose``."""
    p.__class__ = _ValueReportingParser
    person = p.add_argument_group("one person (prints JSON)")
    person.add_argument("--sex", metavar="{F,M}")
    person.add_argument("--age", metavar="YEARS")
    person.add_argument("--menopause", metavar="{pre,peri,post,unknown}",
                        help="menopausal status (women); default unknown")
    person.add_argument("--t-score", metavar="T", help="lowest central DXA T, site not given")
    person.add_argument("--t-l1l4", metavar="T", help="DXA T of the L1-L4 composite")
    person.add_argument("--t-neck", metavar="T", help="DXA T of the femoral neck")
    person.add_argument("--t-hip", metavar="T", help="DXA T of the total hip")
    person.add_argument("--t-radius33", metavar="T",
                        help="DXA T of the non-dominant 33%% radius (used only if spine or hip is unavailable)")
    for lv in ("l1", "l2", "l3", "l4"):
        person.add_argument(f"--t-{lv}", metavar="T", help=f"DXA T of {lv.upper()} (vertebra exclusion check)")
    person.add_argument("--z-score", metavar="Z")
    person.add_argument("--qct-vbmd", metavar="MG_CM3",
                        help="lumbar QCT vBMD, mean of two vertebrae, mg/cm3 (not HU)")
    person.add_argument("--t-qct-hip", metavar="T", help="QCT hip (CTXA) T-score, DXA criteria")
    person.add_argument("--height-loss", metavar="PCT", help="largest vertebral height loss, %% (Genant grade)")
    person.add_argument("--fragility-fracture", nargs="?", const="yes", metavar="{yes,no,unknown}",
                        help="imaging-confirmed fragility fracture (flag alone = yes)")
    person.add_argument("--trauma", metavar="{none,minor,major}",
                        help="trauma before the fracture (with --fracture / --pathological)")
    person.add_argument("--fracture", nargs="?", const="yes", metavar="{yes,no}",
                        help="imaging-confirmed fracture (flag alone = yes)")
    person.add_argument("--pathological", nargs="?", const="yes", metavar="{yes,no}",
                        help="fracture has a secondary cause, e.g. tumour (flag alone = yes)")
    person.add_argument("--t-peripheral", metavar="T", help="peripheral BMD T (screening only; never diagnostic)")

    table = p.add_argument_group("case table")
    table.add_argument("--cases", metavar="FILE", help="CSV case table, one row per person")
    table.add_argument("--out", metavar="FILE", help="output CSV (input columns + diagnosis columns)")
    table.add_argument("--pathological-groups", metavar="GROUP", nargs="+", default=[],
                       help="values of --group-column whose fractures are pathological (e.g. MET)")
    table.add_argument("--group-column", default="group", help="column holding the group (default: group)")
    table.add_argument("--fracture-confirmed-all", action="store_true",
                       help="every row has an imaging-confirmed fracture (a fracture case series)")

    common = p.add_argument_group("rule options")
    common.add_argument("--rounding", choices=ROUNDING_MODES, default="as_given",
                        help="classify T/Z as given (default) or after exact rounding to 1 decimal")
    common.add_argument("--menopause-age-proxy", metavar="AGE",
                        help="treat women of unknown menopausal status aged >= AGE as postmenopausal "
                             "(reported in the reason); default: no proxy, such women are indeterminate")


def _proxy(args: argparse.Namespace) -> float | None:
    if args.menopause_age_proxy is None:
        return None
    try:
        return float(args.menopause_age_proxy)
    except ValueError:
        raise InputError([Problem("command line", None, "--menopause-age-proxy", args.menopause_age_proxy,
                                  "an age in years")]) from None


def _jsonable(v: Any) -> Any:
    if v is None or v is pd.NA:
        return None
    if isinstance(v, float) and math.isnan(v):
        return None
    if hasattr(v, "item"):
        v = v.item()
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e15:
        return v
    return v


def _run_person(args: argparse.Namespace) -> int:
    row = {}
    for dest, column in PERSON_FLAGS.items():
        value = getattr(args, dest)
        if value is not None:
            row[column] = "" if (dest in ("fragility_fracture", "fracture", "pathological")
                                 and str(value).strip().lower() == "unknown") else value
    if not any(c for c in row if c not in ("sex", "age", "menopause")):
        raise InputError("give at least one measurement or fracture flag (e.g. --t-neck -2.7), "
                         "or --cases FILE --out FILE for a table")
    frame = pd.DataFrame([row], dtype=object)
    conflicts = _conflicts(frame, args, "command line")
    if conflicts:
        raise InputError(conflicts)
    try:
        out = diagnose(frame, rounding=args.rounding, menopause_age_proxy=_proxy(args), source="command line")
    except InputError as exc:
        if not exc.problems:
            raise
        raise InputError([Problem("command line", None, _COLUMN_TO_FLAG.get(p.column, p.column), p.value,
                                  p.expected) for p in exc.problems]) from None
    rec = out.iloc[0]
    answer = {k: _jsonable(rec[k]) for k in JSON_KEYS if k in out.columns}
    answer["rounding"] = args.rounding
    print(json.dumps(answer, indent=2, ensure_ascii=False))
    return 0


def _read_cases(path: str) -> pd.DataFrame:
    """The case table as text cells (delimiter, decimal mark and encoding sniffed and reported)."""
    p = Path(path)
    if p.is_dir():
        raise InputError([Problem(str(path), None, "--cases", str(path), "a CSV file (this is a folder)")])
    frame, found = read_csv_text_table(p)
    if not found.is_default:
        print(f"diagnose: {found.sentence(path)}", file=sys.stderr)
    # Row labels = line numbers in the file (the header is line 1).
    frame.index = pd.RangeIndex(2, len(frame) + 2)
    return frame


def _yes(values: Any, column: str, source: str) -> Any:
    """Rows (as a boolean array) where a yes/no column says yes; bad values are left to the rules."""
    parsed, _ = bool_input(values, column, [], source=source)
    return parsed == 1


def _conflicts(frame: pd.DataFrame, args: argparse.Namespace, source: str) -> list[Problem]:
    """Inputs the rules would resolve silently: a site-less T lower than every per-site T
    (it would be dropped), and a fracture given as both fragility and pathological."""
    problems: list[Problem] = []
    flag = (lambda c: _COLUMN_TO_FLAG.get(c, c)) if source == "command line" else (lambda c: c)
    sites = [c for c in CENTRAL_SITES if c in frame.columns]
    for rec in ("t_score", "t_score_min"):
        if rec not in frame.columns or not sites:
            continue
        t_rec = pd.to_numeric(frame[rec], errors="coerce")
        t_site = frame[sites].apply(pd.to_numeric, errors="coerce")
        lowest = t_site.min(axis=1)
        if source == "command line":
            bad = t_rec.notna() & t_site.notna().any(axis=1)
            expected = (f"either {flag(rec)} (lowest T, site not given) or per-site T "
                        f"({', '.join(flag(c) for c in sites)}), not both")
        else:
            bad = t_rec.notna() & lowest.notna() & (t_rec < lowest)
            expected = (f"a site-less {rec} no lower than the lowest per-site T ({', '.join(sites)}) of the row; "
                        "the per-site values would be used and this lower T ignored")
        for i in frame.index[bad.to_numpy()]:
            problems.append(Problem(source, None if source == "command line" else i, flag(rec), frame.at[i, rec],
                                    expected, fix=f"give the site of this T, or remove {flag(rec)} or the per-site T"))
    if "fragility_fracture" in frame.columns:
        frag = _yes(frame["fragility_fracture"], "fragility_fracture", source)
        patho = _yes(frame["pathological"], "pathological", source) if "pathological" in frame.columns \
            else pd.Series(False, index=frame.index).to_numpy()
        groups = [str(g) for g in (getattr(args, "pathological_groups", None) or [])]
        in_group = frame[args.group_column].astype(str).isin(groups).to_numpy() \
            if groups and args.group_column in frame.columns else pd.Series(False, index=frame.index).to_numpy()
        for j, i in enumerate(frame.index):
            if frag[j] and (patho[j] or in_group[j]):
                why = ("--pathological yes" if source == "command line" else
                       "pathological = yes" if patho[j] else f"{args.group_column} {frame.at[i, args.group_column]} "
                       "is in --pathological-groups")
                problems.append(Problem(
                    source, None if source == "command line" else i, flag("fragility_fracture"),
                    frame.at[i, "fragility_fracture"],
                    f"not 'yes' together with {why}: a pathological (e.g. tumour) fracture is not a fragility "
                    "fracture", fix="decide which it is and give only that"))
    return problems


def _run_table(args: argparse.Namespace) -> int:
    if not args.out:
        raise InputError("--cases needs --out FILE")
    check_output_paths([OutputPath("--out", args.out, FILE)])
    frame = _read_cases(args.cases)
    source = str(args.cases)
    problems: list[Problem] = []
    if args.pathological_groups:
        if args.group_column not in frame.columns:
            problems.append(Problem(source, None, args.group_column, "(missing column)",
                                    f"a '{args.group_column}' column (--group-column), needed by --pathological-groups"))
        else:
            known = sorted({v for v in pd.unique(frame[args.group_column].astype(str)) if v.strip()})
            for g in args.pathological_groups:
                if g not in known:
                    problems.append(Problem(source, None, "--pathological-groups", g,
                                            f"a group that occurs in column '{args.group_column}': "
                                            + (", ".join(known) if known else "(the column is empty)"),
                                            fix="codes are case-sensitive; use one of the groups listed"))
    problems += _conflicts(frame, args, source)
    if problems:
        raise InputError(problems)
    out = diagnose(frame, rounding=args.rounding, menopause_age_proxy=_proxy(args),
                   pathological_groups=args.pathological_groups, group_column=args.group_column,
                   fracture_confirmed=True if args.fracture_confirmed_all else None, source=source)
    write_csv(out, args.out)
    return 0


def run(args: argparse.Namespace) -> int:
    """Entry point of ``osteostats diagnose``; returns the exit code."""
    person_given = [dest for dest in PERSON_FLAGS if getattr(args, dest) is not None]
    if args.cases:
        if person_given:
            flags = ", ".join("--" + d.replace("_", "-") for d in person_given)
            raise InputError(f"use either --cases FILE or per-person flags, not both (got {flags})")
        return _run_table(args)
    if args.out:
        raise InputError("--out needs --cases FILE")
    if args.pathological_groups or args.fracture_confirmed_all:
        raise InputError("--pathological-groups and --fracture-confirmed-all apply to --cases tables")
    return _run_person(args)
