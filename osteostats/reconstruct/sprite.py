"""SPRITE-style search for samples on a grid with a given n, mean, SD, minimum and maximum.

Values live on a grid of step ``unit`` (1 for ages in whole years, 0.01 for BMI printed to two
decimals) and are handled as integers ``k = x / unit``. A target is an exact pair
(sum S, sum of squares Q) of those integers: the sample mean is ``S·unit/n`` and the sample SD
is ``unit·sqrt((Q − S²/n)/(n − 1))``. :func:`moments_for` lists the (S, Q) pairs whose mean and
SD round to the printed values; :func:`sprite` then finds integers with exactly that S and Q.

Notes
-----
Heathers et al. (2018) SPRITE moves pairs of values (one up, one down) toward the target SD.
Moving k_i up by d and k_j down by d keeps S and changes Q by 2d(k_i − k_j) + 2d². Because
k² ≡ k (mod 2), Q ≡ S (mod 2) always, so Q can be hit exactly when it has that parity.
The search here is greedy towards the exact Q and deterministic for a given RNG. Unlike the
random SPRITE of rsprite2 it stops only on an exact hit, so a returned sample is verified by
construction; failing to find one within the iteration budget raises :class:`SpriteError`
(which, as for all SPRITE variants, does not prove that no sample exists).
"""
from __future__ import annotations

import math
from decimal import Decimal

import numpy as np

from .pairs import pair_draws


class SpriteError(RuntimeError):
    """No sample with the requested moments was found within the search budget."""


def moments_for(n: int, mean: str, sd: str, unit: str = "1") -> list[tuple[int, int]]:
    """All integer (S, Q) whose mean and SD round (half-up) to the printed ``mean`` and ``sd``.

    Parameters
    ----------
    n : int
        Sample size.
    mean, sd : str
        Printed values, as text so their precision is known ("69.58", "8.457").
    unit : str
        Grid step of the data ("1" for whole years, "0.01" for two-decimal BMI).

    Examples
    --------
    >>> moments_for(50, "69.58", "8.457")
    [(3479, 245573)]
    """
    u = Decimal(unit)
    m = Decimal(mean)
    hm = Decimal(5).scaleb(-(_dec(mean) + 1))
    s_lo = math.ceil((m - hm) * n / u)
    s_hi = math.floor((m + hm) * n / u)
    out = []
    for S in range(s_lo, s_hi + 1):
        q_lo, q_hi = q_bounds(n, sd, unit, S)
        out.extend((S, Q) for Q in range(q_lo, q_hi + 1) if Q % 2 == S % 2)
    return out


def q_bounds(n: int, sd: str, unit: str, S: int) -> tuple[int, int]:
    """Smallest and largest integer sum of squares Q whose SD, with sum S, rounds to ``sd``.

    The printed SD's rounding interval gives Q = (n - 1)(sd/u)^2 + S^2/n at each end.

    Examples
    --------
    >>> q_bounds(50, "8.457", "1", 3479)
    (245573, 245573)
    """
    u = Decimal(unit)
    s = Decimal(sd)
    hs = Decimal(5).scaleb(-(_dec(sd) + 1))
    q_lo = (n - 1) * ((s - hs) / u) ** 2 + Decimal(S * S) / n
    q_hi = (n - 1) * ((s + hs) / u) ** 2 + Decimal(S * S) / n
    return math.ceil(q_lo), math.floor(q_hi)


def _dec(text: str) -> int:
    return len(text.split(".", 1)[1]) if "." in text else 0


def sprite(n: int, S: int, Q: int, lo: int, hi: int, rng: np.random.Generator,
           max_iter: int = 200_000) -> np.ndarray:
    """Integers k_1..k_n in [lo, hi] with sum S, sum of squares Q, containing lo and hi.

    Examples
    --------
    >>> k = sprite(50, 3479, 245573, 48, 89, np.random.default_rng(1))
    >>> int(k.sum()), int((k ** 2).sum()), int(k.min()), int(k.max())
    (3479, 245573, 48, 89)
    """
    if n < 2 or lo > hi or not (lo * n <= S <= hi * n):
        raise SpriteError(f"impossible target: n={n}, sum={S}, range [{lo}, {hi}]")
    if Q % 2 != S % 2:
        raise SpriteError(f"sum of squares {Q} and sum {S} differ in parity: no integer sample")
    k = rng.integers(lo, hi + 1, size=n).astype(np.int64)
    k[0], k[1] = lo, hi  # locked: the printed minimum and maximum are present
    free = np.arange(2, n)
    # The search runs on a Python list with the sum and sum of squares kept up to date
    # incrementally (exact integers), and the exact-move search is redone only after the sample
    # changed: the same moves and the same random draws as recomputing everything each step.
    kl = k.tolist()
    d = S - sum(kl)
    # fix the sum with +-1 steps on free positions
    for _ in range(max_iter):
        if d == 0:
            break
        i = int(free[rng.integers(free.size)])
        step = 1 if d > 0 else -1
        if lo <= kl[i] + step <= hi:
            kl[i] += step
            d -= step
    else:  # pragma: no cover
        raise SpriteError("could not reach the target sum")
    q = sum(v * v for v in kl)
    move, stale = None, True
    pairs, m = pair_draws(rng), free.size  # rng.choice's draws, made faster (pairs.py)
    try:
        for _ in range(max_iter):
            delta = Q - q
            if delta == 0:
                return np.array(kl, dtype=np.int64)
            # exact move: k_i + d, k_j - d with 2d(k_i - k_j) + 2d^2 = delta
            if stale:
                move = _exact_move(kl, delta, lo, hi)
                stale = False
            if move is not None:
                i, j, step = move
                q += 2 * step * (kl[i] - kl[j]) + 2 * step * step
                kl[i] += step
                kl[j] -= step
                stale = True
                continue
            # otherwise a random unit move in the right direction that does not overshoot badly
            if pairs is not None:
                a, b = pairs.pair(m)
                i, j = a + 2, b + 2  # free = 2, ..., n - 1
            else:
                i, j = (int(x) for x in rng.choice(free, size=2, replace=False))
            change = 2 * (kl[i] - kl[j]) + 2
            if kl[i] + 1 > hi or kl[j] - 1 < lo or change == 0:
                continue
            if (change > 0) == (delta > 0) and abs(change) <= 2 * abs(delta):
                q += change
                kl[i] += 1
                kl[j] -= 1
                stale = True
    finally:
        if pairs is not None:
            pairs.close()
    raise SpriteError(f"no sample with sum {S} and sum of squares {Q} found in {max_iter} steps")


def _exact_move(kl: list[int], delta: int, lo: int, hi: int) -> tuple[int, int, int] | None:
    """The first (i, j, d), d in 1..3, with 2d(k_i - k_j) + 2d^2 = delta, within [lo, hi].

    Positions 0 and 1 (the locked minimum and maximum) never move; among equal values the first
    free position is used, and values are tried in the order they first occur.
    """
    # An exact move needs |delta| = 2d|k_i - k_j + d| <= 6(hi - lo + 3) (d <= 3): farther from the
    # target (most steps) there is none, and the values are not scanned.
    if delta % 2 or abs(delta) > 6 * (hi - lo + 3):
        return None
    half = delta // 2  # d(k_i - k_j) + d^2 = half
    # k_i - k_j = half/d - d must be a non-zero whole number no larger than the spread of the
    # free values; far from the target (most calls) no d qualifies and nothing is searched.
    free = kl[2:]
    span = max(free) - min(free)
    steps = [d for d in (1, 2, 3) if half % d == 0 and 0 < abs(half // d - d) <= span]
    if not steps:
        return None
    pos: dict[int, int] = {}
    for idx in range(2, len(kl)):
        pos.setdefault(kl[idx], idx)
    for d in steps:
        diff = half // d - d  # k_i - k_j
        for vi, i in pos.items():
            vj = vi - diff
            j = pos.get(vj)
            if j is not None and vi + d <= hi and vj - d >= lo:
                return i, j, d
    return None
