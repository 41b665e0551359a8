"""Ratio estimates (OR, RR, HR) printed with a 95 % CI and a P: the P implied by the CI
(Altman & Bland 2011) and the CI's symmetry on the log scale, both rounding-aware."""
from __future__ import annotations

import itertools
import math
from dataclasses import asdict, dataclass

from ..errors import InputError
from . import distributions as dist
from .printed_box import printed_interval

METHOD = "Wald z on the log scale from the ratio and its CI (Altman & Bland 2011)"


@dataclass(frozen=True)
class RatioCheck:
    """The P implied by a printed ratio and its confidence interval.

    Attributes
    ----------
    method : str
        The exact method.
    se_log : float
        SE of the log ratio, (ln U − ln L) / (2·z_{1−α/2}).
    z : float
        ln(estimate) / se_log at the printed values.
    p : float
        Two-sided normal p at the printed values.
    p_altman_bland : float
        Altman & Bland's approximation exp(−0.717|z| − 0.416z²) at the printed values.
    p_low, p_high : float
        Smallest and largest normal p over the box of the three printed rounding intervals.
    log_centre_offset : float
        ln(estimate) − (ln L + ln U)/2 at the printed values (0 for a Wald CI).
    symmetric : bool
        Whether some values inside the three rounding intervals satisfy estimate² = L·U, i.e.
        the CI can be symmetric on the log scale around the estimate.
    note : str
        What was found.
    """

    method: str
    se_log: float
    z: float
    p: float
    p_altman_bland: float
    p_low: float
    p_high: float
    log_centre_offset: float
    symmetric: bool
    note: str

    def to_dict(self) -> dict:
        return asdict(self)


def _z(est: float, lo: float, hi: float, zcrit: float) -> float:
    se = (math.log(hi) - math.log(lo)) / (2 * zcrit)
    return math.log(est) / se if se > 0 else math.copysign(math.inf, math.log(est))


def ratio_ci_p(estimate: str, lower: str, upper: str, level: float = 0.95) -> RatioCheck:
    """P from a printed ratio and its CI, with its range under rounding; log-symmetry check.

    Parameters
    ----------
    estimate, lower, upper
        Printed texts of the ratio and its CI limits (all > 0), e.g. ``"0.81"``, ``"0.70"``,
        ``"0.94"``.
    level
        Confidence level of the printed interval.

    Notes
    -----
    Altman & Bland (BMJ 2011;343:d2304): SE = (ln U − ln L)/(2·1.96), z = ln(est)/SE,
    P = exp(−0.717z − 0.416z²) (their approximation; the exact normal p, 2(1 − Φ(|z|)), is
    ``p``). Over the box of the three rounding intervals |z| is monotone in each argument
    (in the estimate away from 1, in L and U through the SE), so its extremes — and p's —
    are at the 8 vertices; the range is exact. Symmetry: a Wald interval satisfies
    est² = L·U; the printed numbers allow this iff [est_lo², est_hi²] meets
    [L_lo·U_lo, L_hi·U_hi] (exact, as both sides are monotone). Validated against the worked
    example in Altman & Bland (2011) (RR 0.81, 95 % CI 0.70 to 0.94, P = 0.005) and
    ``scipy.stats.norm`` (tests/test_stats_ratios.py).

    Examples
    --------
    >>> r = ratio_ci_p("0.81", "0.70", "0.94")
    >>> round(r.z, 2), round(r.p_altman_bland, 3), r.symmetric
    (-2.8, 0.005, True)
    >>> ratio_ci_p("2.50", "1.10", "3.00").symmetric   # 2.5² = 6.25 far from 1.1·3.0 = 3.3
    False
    """
    if not 0 < level < 1:
        raise InputError(f"confidence level must lie in (0, 1) (got {level})")
    try:
        e, lo, hi = float(estimate), float(lower), float(upper)
    except ValueError as exc:
        raise InputError(f"ratio and CI must be numbers (got {estimate!r}, {lower!r}, {upper!r})") from exc
    if min(e, lo, hi) <= 0:
        raise InputError(f"a ratio and its CI limits must be positive (got {estimate}, {lower}, {upper})")
    if not lo <= e <= hi or lo == hi:
        raise InputError(f"the estimate must lie inside a non-empty CI (got {estimate} ({lower}, {upper}))")
    zcrit = float(dist.norm.ppf(0.5 + level / 2))
    z0 = _z(e, lo, hi, zcrit)
    se = (math.log(hi) - math.log(lo)) / (2 * zcrit)
    ivs = [printed_interval(x) for x in (estimate, lower, upper)]
    ivs = [(max(a, 1e-300), b) for a, b in ivs]
    zs = []
    for ev, lv, uv in itertools.product(*ivs):
        if uv > lv:
            zs.append(abs(_z(ev, lv, uv, zcrit)))
    (elo, ehi), (llo, lhi), (ulo, uhi) = ivs
    amin = 0.0 if elo <= 1 <= ehi else min(zs)
    amax = max(zs)
    p = float(2 * dist.norm.sf(abs(z0)))
    pab = math.exp(-0.717 * abs(z0) - 0.416 * z0 * z0)
    sym = elo * elo <= lhi * uhi and llo * ulo <= ehi * ehi
    offset = math.log(e) - (math.log(lo) + math.log(hi)) / 2
    note = (f"SE(log) = {se:.4f}, z = {z0:.3f}; normal p in [{2 * dist.norm.sf(amax):.4g}, "
            f"{2 * dist.norm.sf(amin):.4g}] over the rounding box; "
            + ("the CI can be symmetric on the log scale" if sym else
               f"the CI is not symmetric on the log scale (ln est − centre = {offset:+.3f}): not a Wald interval "
               "around this estimate, so the P implied by the CI is only approximate"))
    return RatioCheck(METHOD, se, z0, p, pab, float(2 * dist.norm.sf(amax)), float(2 * dist.norm.sf(amin)),
                      offset, bool(sym), note)
