"""Exact decimal arithmetic on float arrays, vectorised.

Users type decimals (``-2.45``); Python stores the nearest binary float
(``-2.4500000000000001776...``). Plain comparisons against a threshold are already exact
(rounding to the nearest float is monotonic), but *arithmetic* is not:
``(0.7 - 1.0) / 0.1 == -3.0000000000000004`` and ``np.round(-2.45 * 10) / 10 == -2.4``.

The functions here interpret each float as the **shortest decimal that round-trips to it**
(its ``repr``, Python's and numpy's printing rule) and compute with that decimal exactly:

* every value with at most 6 decimals and magnitude below 1e9 is turned into an exact
  integer count of millionths (``n = rint(x * 1e6)``, accepted only if ``n / 1e6 == x``;
  IEEE division is correctly rounded, so this test is exact);
* the arithmetic is done on those integers and converted back with one correctly rounded
  division;
* the rare values with more decimals (e.g. ``25.000000000000004`` produced by arithmetic)
  fall back to :class:`fractions.Fraction` of their ``repr``, element by element.
"""
from __future__ import annotations

from fractions import Fraction

import numpy as np

from ..printed import exact_value, round_half_up

SCALE_DECIMALS = 6
SCALE = 10**SCALE_DECIMALS
_LIMIT = 1e9


def _fraction(v: float) -> Fraction:
    """Exact value of the shortest decimal that round-trips to ``v``."""
    return exact_value(float(v))


def scaled_decimal(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Integer millionths of each value, and where that representation is exact.

    Parameters
    ----------
    x : ndarray of float

    Returns
    -------
    n : ndarray of int64
        ``n / 10**6`` equals the shortest decimal of ``x`` wherever ``ok``.
    ok : ndarray of bool
        False for NaN, infinities, huge values and values with more than 6 decimals.

    Examples
    --------
    >>> n, ok = scaled_decimal(np.array([-2.45, 0.1 + 0.2, np.nan]))
    >>> n[0], ok.tolist()
    (np.int64(-2450000), [True, False, False])
    """
    x = np.asarray(x, dtype=float)
    with np.errstate(invalid="ignore", over="ignore"):
        finite = np.isfinite(x) & (np.abs(x) < _LIMIT)
        xs = np.where(finite, x, 0.0)
        n = np.rint(xs * SCALE)
        ok = finite & (n / SCALE == xs)
    return n.astype(np.int64), ok


def round_half_away(x: np.ndarray, decimals: int = 1) -> np.ndarray:
    """Round to ``decimals`` places, half away from zero, in exact decimal arithmetic.

    Parameters
    ----------
    x : ndarray of float
    decimals : int, default 1
        Between 0 and 6.

    Returns
    -------
    ndarray of float
        NaN stays NaN.

    Notes
    -----
    ``np.round(-2.45, 1)`` gives ``-2.4`` (the float is a hair above -2.45 and numpy
    rounds half to even); DXA reports round the decimal ``-2.45`` to ``-2.5``.

    Examples
    --------
    >>> round_half_away(np.array([-2.45, -2.55, -1.05, -0.95, 2.25])).tolist()
    [-2.5, -2.6, -1.1, -1.0, 2.3]
    """
    if not 0 <= decimals <= SCALE_DECIMALS:
        raise ValueError(f"decimals must be between 0 and {SCALE_DECIMALS}")
    x = np.asarray(x, dtype=float)
    n, ok = scaled_decimal(x)
    unit = 10 ** (SCALE_DECIMALS - decimals)
    q = np.sign(n) * ((np.abs(n) + unit // 2) // unit)
    out = np.where(ok, q / 10**decimals, x)
    for i in np.flatnonzero(~ok & np.isfinite(x)):  # beyond the scaled-integer range: the scalar routine
        out[i] = float(round_half_up(float(x[i]), decimals))
    return out


def difference_exceeds(a: np.ndarray, b: np.ndarray, limit: float) -> np.ndarray:
    """Exact ``|a - b| > limit`` in decimal arithmetic; False where a or b is NaN.

    Examples
    --------
    >>> difference_exceeds(np.array([-1.3, -1.3]), np.array([-2.3, -2.31]), 1.0).tolist()
    [False, True]
    """
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    na, oka = scaled_decimal(a)
    nb, okb = scaled_decimal(b)
    nl, okl = scaled_decimal(np.array([limit]))
    both = oka & okb
    if okl[0]:
        out = both & (np.abs(na - nb) > nl[0])
    else:  # pragma: no cover - thresholds in the table have few decimals
        out = np.zeros(a.shape, dtype=bool)
        both = np.zeros(a.shape, dtype=bool)
    slow = np.flatnonzero(~both & np.isfinite(a) & np.isfinite(b))
    if slow.size:
        fl = _fraction(limit)
        for i in slow:
            out[i] = abs(_fraction(a[i]) - _fraction(b[i])) > fl
    return out


def mean2(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Mean of two values, computed exactly then rounded once to the nearest float.

    Examples
    --------
    >>> mean2(np.array([79.9]), np.array([80.1])).tolist()
    [80.0]
    """
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    na, oka = scaled_decimal(a)
    nb, okb = scaled_decimal(b)
    both = oka & okb
    with np.errstate(invalid="ignore"):
        out = np.where(both, (na + nb) / (2 * SCALE), (a + b) / 2)
    slow = np.flatnonzero(~both & np.isfinite(a) & np.isfinite(b))
    for i in slow:
        out[i] = float((_fraction(a[i]) + _fraction(b[i])) / 2)
    return out


def standard_score(value: np.ndarray, mean: np.ndarray, sd: np.ndarray) -> np.ndarray:
    """``(value - mean) / sd`` exactly, rounded once to the nearest float.

    Examples
    --------
    >>> standard_score(np.array([0.7]), np.array([1.0]), np.array([0.1])).tolist()
    [-3.0]
    >>> (0.7 - 1.0) / 0.1  # what plain float arithmetic gives
    -3.0000000000000004
    """
    value, mean, sd = np.broadcast_arrays(np.asarray(value, dtype=float),
                                          np.asarray(mean, dtype=float),
                                          np.asarray(sd, dtype=float))
    nv, okv = scaled_decimal(value)
    nm, okm = scaled_decimal(mean)
    ns, oks = scaled_decimal(sd)
    ok = okv & okm & oks & (ns != 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        out = np.where(ok, (nv - nm) / np.where(ns == 0, 1, ns), (value - mean) / sd)
    slow = np.flatnonzero(~ok & np.isfinite(value) & np.isfinite(mean) & np.isfinite(sd) & (sd != 0))
    for i in slow:
        out[i] = float((_fraction(value[i]) - _fraction(mean[i])) / _fraction(sd[i]))
    return np.asarray(out, dtype=float)
