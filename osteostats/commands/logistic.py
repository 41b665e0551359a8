"""``osteostats logistic``: Firth logistic regression on any CSV file.

Example::

    osteostats logistic --data mydata.csv --outcome case --predictors age,oc,vic --out results/

writes ``results/coefficients.csv`` (term, coef, ci_low, ci_high, p, se, method, ...) and
``results/fit.csv`` (sample size, dropped rows, separation, log-likelihoods, FLIC intercept).
"""
from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

import pandas as pd

from ..errors import InputError, Problem
from ..io import write_csv
from ..outputs import FOLDER, OutputPath, check_output_paths
from ..sniff import read_csv_text_table

COEF_COLUMNS = ["term", "coef", "ci_low", "ci_high", "p", "se", "method", "or", "or_ci_low", "or_ci_high",
                "se_classic", "chi2", "ml_infinite", "note"]


def add_arguments(p: argparse.ArgumentParser) -> None:
    """The options of ``osteostats logistic``."""
    p.add_argument("--data", required=True,
                   help="CSV file with a header row; comma, semicolon or tab separated (detected, as is a "
                        "decimal comma), UTF-8")
    p.add_argument("--outcome", required=True, help="binary outcome column (0/1, or use --event)")
    p.add_argument("--predictors", required=True, help="comma-separated numeric predictor columns")
    p.add_argument("--out", required=True, help="output folder")
    p.add_argument("--event", default=None, help="outcome value counted as the event (default: 1 for 0/1 data)")
    p.add_argument("--missing", choices=("drop", "fail"), default="drop",
                   help="rows with missing values: drop them and report the count (default) or fail")
    p.add_argument("--alpha", type=float, default=0.05, help="1 - confidence level (default: %(default)s)")
    p.add_argument("--no-collapse", action="store_true",
                   help="do not merge identical rows into weights (same result, slower)")


def run(args: argparse.Namespace) -> int:
    from ..models.design import prepare
    from ..models.firth import SE_DEFINITION, FitError, fit_firth
    from ..models.separation import check_separation

    path = Path(args.data)
    problems: list[Problem] = []
    if not 0 < args.alpha < 1:
        problems.append(Problem("command line", None, "--alpha", args.alpha, "a number between 0 and 1 (exclusive)"))
    try:
        check_output_paths([OutputPath("--out", args.out, FOLDER)], also=problems)
    except InputError as exc:
        raise InputError(exc.problems) from None
    if path.is_dir():
        raise InputError([Problem(str(path), None, "--data", str(path), "a CSV file (this is a folder)")])
    frame, found = read_csv_text_table(path)
    if not found.is_default:
        print(f"logistic: {found.sentence(path)}", file=sys.stderr)
    predictors = [c.strip() for c in args.predictors.split(",") if c.strip()]
    outcome = args.outcome.strip()
    _check_empty_columns(frame, [outcome] + predictors, str(path))
    try:
        prep = prepare(frame, outcome, predictors, source=str(path), event=args.event, missing=args.missing)
    except InputError as exc:
        raise _with_missing_counts(exc, frame, [outcome] + predictors, str(path)) from None
    if prep.n_dropped:
        print(f"logistic: {prep.dropped_message} (of {len(frame)})", file=sys.stderr)
    sep = check_separation(prep.X, prep.y, prep.names)
    try:
        fit = fit_firth(prep.X, prep.y, prep.names, alpha=args.alpha, collapse_rows=not args.no_collapse)
    except FitError as exc:
        print(f"osteostats logistic: the model was not fitted: {exc}. No coefficients written.", file=sys.stderr)
        return 1
    level = f"{100 * (1 - args.alpha):g} %"
    rows = []
    for j, term in enumerate(fit.terms):
        notes = list(fit.notes) if j == 0 else []
        if not (math.isfinite(fit.ci_low[j]) and math.isfinite(fit.ci_high[j])):
            notes.append("profile bound did not converge")
        rows.append(dict(term=term, coef=fit.coef[j], ci_low=fit.ci_low[j], ci_high=fit.ci_high[j], p=fit.p[j],
                         se=fit.se[j],
                         method=f"Firth (tau 0.5); {level} profile penalized-likelihood CI; penalized LR test p "
                                "(full design in penalty); se = inverse penalized information (logistf >= 1.24.1)",
                         **{"or": _exp(fit.coef[j]), "or_ci_low": _exp(fit.ci_low[j]),
                            "or_ci_high": _exp(fit.ci_high[j])},
                         se_classic=fit.se_classic[j], chi2=fit.chi2[j], ml_infinite=sep.direction_of(term),
                         note="; ".join(notes)))
    out = Path(args.out)
    write_csv(pd.DataFrame(rows, columns=COEF_COLUMNS), out / "coefficients.csv")
    info = pd.DataFrame([
        ("data", str(path)), ("outcome", outcome), ("event", args.event or "1"),
        ("n_rows_file", len(frame)), ("n_used", int(fit.n)), ("n_dropped_missing", prep.n_dropped),
        ("n_events", int(fit.n_events)), ("n_distinct_rows_fitted", fit.n_patterns),
        ("separation", sep.describe()), ("loglik_penalized", fit.loglik),
        ("loglik_penalized_null", fit.loglik_null), ("flic_intercept", fit.flic_intercept),
        ("iterations", fit.n_iter), ("converged", True), ("se_definition", SE_DEFINITION),
    ], columns=["item", "value"])
    write_csv(info.astype({"value": str}), out / "fit.csv")
    if sep.separated:
        print(f"logistic: WARNING: {sep.describe()}. Firth estimates and profile intervals stay valid.",
              file=sys.stderr)
    print(f"logistic: wrote {out / 'coefficients.csv'} and {out / 'fit.csv'} ({int(fit.n)} rows, "
          f"{int(fit.n_events)} events)", file=sys.stderr)
    return 0


def _exp(v: float) -> float:
    """exp that returns inf instead of overflowing."""
    return math.inf if v > 709 else math.exp(v)


_MISSING = {"", "na", "nan", "none", "<na>"}


def _missing_mask(series: pd.Series) -> pd.Series:
    return series.astype(str).str.strip().str.lower().isin(_MISSING)


def _check_empty_columns(frame: pd.DataFrame, columns: list[str], source: str) -> None:
    """A model column that is empty in every row is named as such (otherwise, once every row is
    dropped as incomplete, the other columns look constant and the outcome looks event-free)."""
    problems = [Problem(source, None, c, f"empty in all {len(frame)} rows", "a column with values",
                        fix=f"fill in {c} or leave it out of --predictors")
                for c in dict.fromkeys(columns) if c in frame.columns and len(frame) and _missing_mask(frame[c]).all()]
    if problems:
        raise InputError(problems, f"{len(problems)} problem(s) in {source}")


def _with_missing_counts(exc: InputError, frame: pd.DataFrame, columns: list[str], source: str) -> InputError:
    """Add which columns' missing values removed rows when the rows left are the problem."""
    if not exc.problems or not any(str(p.value).startswith(("no values",)) or "outcome group" in p.expected
                                   or "varies" in p.expected for p in exc.problems):
        return exc
    extra = []
    for c in dict.fromkeys(columns):
        if c in frame.columns:
            k = int(_missing_mask(frame[c]).sum())
            if k:
                extra.append(Problem(source, None, c, f"empty in {k} of {len(frame)} rows",
                                     "values in the rows to be used (rows with any missing value are dropped "
                                     "before fitting, which caused the problems above)"))
    if not extra:
        return exc
    problems = list(exc.problems) + extra
    return InputError(problems, f"{len(problems)} problem(s) in {source}")
