"""Small inline SVG strips for figure-tables: one strip per table row.

A figure drawn as table rows keeps every label and number as text in the page (searchable,
translated by the catalogue, readable at phone width because the row wraps, not the drawing),
and each strip only places a dot and a bar. Positions are percentages of the strip's width, so
one strip fits any column width without distortion. Plain SVG (no scripts, no fonts needed, no
ids): identical bytes for identical inputs.
"""
from __future__ import annotations

import math

#: Colours by verdict (checks.csv and comparison.csv vocabularies).
COLOURS = {"consistent": "#1e7b34", "match": "#1e7b34", "rounding": "#a66a00", "inconsistent": "#b3261e",
           "differs": "#b3261e", "decision": "#b3261e", "warning": "#a66a00", "skipped": "#777777"}
INK = "#1b1b1b"
GRID = "#c7ccd1"
#: Margins of the plotting range inside the strip, in % of its width.
EDGE = 3.0


def _pos(frac: float) -> float:
    """A fraction of the axis (0..1, clipped) as a % of the strip's width, inside the margins."""
    return round(EDGE + (100 - 2 * EDGE) * min(1.0, max(0.0, frac)), 2)


def _svg(body: str, height: int = 14, label: str = "") -> str:
    aria = f' role="img" aria-label="{label}"' if label else ' aria-hidden="true"'
    return (f'<svg class="strip" xmlns="http://www.w3.org/2000/svg" width="100%" height="{height}"'
            f'{aria}>{body}</svg>')


def range_strip(x: float, lo: float, hi: float, limit: float, verdict: str) -> str:
    """The printed value (dot) against the recomputed range (bar), on an axis of ±``limit``.

    ``x``, ``lo`` and ``hi`` are positions relative to the range's middle (display units, e.g. %).
    A dot beyond the axis sits on the edge, open.

    Examples
    --------
    >>> s = range_strip(2.44, 0.0, 0.0, 3.0, "inconsistent")
    >>> s.startswith("<svg") and "#b3261e" in s and 'cx="' in s
    True
    """
    colour = COLOURS.get(verdict, INK)

    def frac(v: float) -> float:
        return (v + limit) / (2 * limit)

    a, b = _pos(frac(lo)), _pos(frac(hi))
    mid = _pos(0.5)
    outside = abs(x) > limit
    dot = _pos(frac(x))
    bar_w = max(b - a, 0.6)
    fill = "#ffffff" if outside else colour
    return _svg(
        f'<line x1="{mid}%" x2="{mid}%" y1="0" y2="14" stroke="{GRID}" stroke-width="1"/>'
        f'<rect x="{round(a - (bar_w - (b - a)) / 2, 2)}%" y="4" width="{round(bar_w, 2)}%" height="6" fill="{GRID}"/>'
        f'<circle cx="{dot}%" cy="7" r="4" fill="{fill}" stroke="{colour}" stroke-width="1.5"/>')


def _log_frac(v: float, lo_axis: float, hi_axis: float) -> float:
    return (math.log10(v) - math.log10(lo_axis)) / (math.log10(hi_axis) - math.log10(lo_axis))


def forest_strip(est: float | None, lo: float | None, hi: float | None, lo_axis: float, hi_axis: float,
                 filled: bool = True) -> str:
    """An odds ratio (dot) with its CI (line) on a log axis; a line reaching an edge runs beyond it.

    Examples
    --------
    >>> s = forest_strip(5.0, 1.8, 15.1, 0.01, 1000)
    >>> s.count("<line"), "circle" in s
    (3, True)
    >>> "circle" in forest_strip(None, None, None, 0.01, 1000)
    False
    """
    one = _pos(_log_frac(1.0, lo_axis, hi_axis))
    body = f'<line x1="{one}%" x2="{one}%" y1="0" y2="14" stroke="{GRID}" stroke-width="1" stroke-dasharray="2 2"/>'
    if est is None or est <= 0:
        return _svg(body)
    if lo is not None and hi is not None and lo > 0 and hi > 0:
        a, b = _pos(_log_frac(lo, lo_axis, hi_axis)), _pos(_log_frac(hi, lo_axis, hi_axis))
        body += f'<line x1="{a}%" x2="{b}%" y1="7" y2="7" stroke="{INK}" stroke-width="1.5"/>'
        for end, beyond in ((a, lo < lo_axis), (b, hi > hi_axis)):
            h = 5 if beyond else 3
            body += (f'<line x1="{end}%" x2="{end}%" y1="{7 - h}" y2="{7 + h}" stroke="{INK}" '
                     f'stroke-width="{2.5 if beyond else 1}"/>')
    x = _pos(_log_frac(est, lo_axis, hi_axis))
    fill = INK if filled else "#ffffff"
    body += f'<circle cx="{x}%" cy="7" r="3.5" fill="{fill}" stroke="{INK}" stroke-width="1.5"/>'
    return _svg(body)


def forest_axis(lo_axis: float, hi_axis: float) -> str:
    """Tick labels of the log axis (powers of ten), as a strip for the header row.

    Examples
    --------
    >>> ">1000<" in forest_axis(0.01, 1000) and ">0.01<" in forest_axis(0.01, 1000)
    True
    """
    body = ""
    k = math.ceil(math.log10(lo_axis))
    while 10.0 ** k <= hi_axis * 1.0001:
        v = 10.0 ** k
        x = _pos(_log_frac(v, lo_axis, hi_axis))
        text = f"{v:.{max(0, -k)}f}"
        anchor = "start" if x < 5 else "end" if x > 95 else "middle"
        body += f'<text x="{x}%" y="11" font-size="9" font-family="DejaVu Sans, sans-serif" text-anchor="{anchor}" fill="{INK}">{text}</text>'
        k += 1
    return _svg(body, height=14)


def pct_axis(limit: float) -> str:
    """Tick labels of a symmetric ±``limit`` axis (three ticks).

    Examples
    --------
    >>> "+3" in pct_axis(3) and "−3" in pct_axis(3)
    True
    """
    body = ""
    for v, anchor in ((-limit, "start"), (0.0, "middle"), (limit, "end")):
        x = _pos((v + limit) / (2 * limit))
        text = "0" if v == 0 else (f"+{v:g}" if v > 0 else f"−{abs(v):g}")
        body += f'<text x="{x}%" y="11" font-size="9" font-family="DejaVu Sans, sans-serif" text-anchor="{anchor}" fill="{INK}">{text}</text>'
    return _svg(body, height=14)
