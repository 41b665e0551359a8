"""Small inline strips for the figure-tables: one strip per table row, drawn with HTML and CSS.

A figure drawn as table rows keeps every label and number as text in the page (searchable,
translated by the catalogue, readable at phone width because the row wraps, not the drawing);
each strip only places a dot, a bar and a reference line, as absolutely positioned boxes whose
``left`` and ``width`` are percentages of the strip's width, so one strip fits any column. No
SVG: the PDF engine lays out a few boxes much faster than it parses and draws an SVG image
(about 20 ms per strip, measured in ``benchmarks/bench_report.py``). Looks are in style.css
(classes ``strip``, ``s0`` reference line, ``sb`` range bar, ``sl`` interval line, ``st``
interval end, ``sd`` dot, ``sx`` axis label). Identical bytes for identical inputs.
"""
from __future__ import annotations

import math

#: Margins of the plotting range inside the strip, in % of its width.
EDGE = 3.0
#: Verdict classes a dot can take (colours in style.css).
VERDICTS = {"consistent", "match", "rounding", "inconsistent", "differs", "decision", "warning", "skipped"}


def _pos(frac: float) -> float:
    """A fraction of the axis (0..1, clipped) as a % of the strip's width, inside the margins."""
    return round(EDGE + (100 - 2 * EDGE) * min(1.0, max(0.0, frac)), 2)


def _strip(body: str, cls: str = "") -> str:
    return f'<span class="strip{(" " + cls) if cls else ""}" aria-hidden="true">{body}</span>'


def range_strip(x: float, lo: float, hi: float, limit: float, verdict: str) -> str:
    """The printed value (dot) against the recomputed range (bar), on an axis of ±``limit``.

    ``x``, ``lo`` and ``hi`` are positions relative to the range's middle (display units, e.g. %).
    A dot beyond the axis sits on the edge, open.

    Examples
    --------
    >>> s = range_strip(2.44, 0.0, 0.0, 3.0, "inconsistent")
    >>> 'class="sd v-inconsistent"' in s and "left:88.23%" in s
    True
    >>> "open" in range_strip(35.0, 0.0, 0.0, 3.0, "inconsistent")
    True
    """
    v = verdict if verdict in VERDICTS else "skipped"

    def frac(t: float) -> float:
        return (t + limit) / (2 * limit)

    a, b = _pos(frac(lo)), _pos(frac(hi))
    width = max(round(b - a, 2), 0.8)
    open_ = " open" if abs(x) > limit else ""
    return _strip(f'<span class="s0" style="left:{_pos(0.5)}%"></span>'
                  f'<span class="sb" style="left:{round((a + b - width) / 2, 2)}%;width:{width}%"></span>'
                  f'<span class="sd v-{v}{open_}" style="left:{_pos(frac(x))}%"></span>')


def _log_frac(v: float, lo_axis: float, hi_axis: float) -> float:
    return (math.log10(v) - math.log10(lo_axis)) / (math.log10(hi_axis) - math.log10(lo_axis))


def forest_strip(est: float | None, lo: float | None, hi: float | None, lo_axis: float, hi_axis: float,
                 filled: bool = True) -> str:
    """An odds ratio (dot) with its CI (line) on a log axis; a thick end: the CI runs beyond the axis.

    Examples
    --------
    >>> s = forest_strip(5.0, 1.8, 15.1, 0.01, 1000)
    >>> s.count('class="st"'), 'class="sd ink"' in s
    (2, True)
    >>> 'class="sd' in forest_strip(None, None, None, 0.01, 1000)
    False
    >>> 'class="st beyond"' in forest_strip(300, 40, 40000, 0.01, 1000)
    True
    """
    body = f'<span class="s0 dashed" style="left:{_pos(_log_frac(1.0, lo_axis, hi_axis))}%"></span>'
    if est is None or est <= 0:
        return _strip(body, "forest")
    if lo is not None and hi is not None and lo > 0 and hi > 0:
        a, b = _pos(_log_frac(lo, lo_axis, hi_axis)), _pos(_log_frac(hi, lo_axis, hi_axis))
        body += f'<span class="sl" style="left:{a}%;width:{round(b - a, 2)}%"></span>'
        for end, beyond in ((a, lo < lo_axis), (b, hi > hi_axis)):
            body += f'<span class="st{" beyond" if beyond else ""}" style="left:{end}%"></span>'
    fill = "" if filled else " open"
    body += f'<span class="sd ink{fill}" style="left:{_pos(_log_frac(est, lo_axis, hi_axis))}%"></span>'
    return _strip(body, "forest")


def _label(x: float, text: str) -> str:
    if x < 8:
        return f'<span class="sx" style="left:{x}%">{text}</span>'
    if x > 92:
        return f'<span class="sx" style="right:{round(100 - x, 2)}%">{text}</span>'
    return f'<span class="sx mid" style="left:{x}%">{text}</span>'


def forest_axis(lo_axis: float, hi_axis: float) -> str:
    """Tick labels of the log axis (powers of ten), as a strip for the header row.

    Examples
    --------
    >>> a = forest_axis(0.01, 1000)
    >>> ">0.01<" in a and ">1<" in a and ">100<" in a and a.count('class="sx') == 3
    True
    """
    body = ""
    first = math.ceil(math.log10(lo_axis))
    decades = math.floor(math.log10(hi_axis) + 1e-9) - first
    step = 2 if decades > 4 else 1  # every other power of ten on a long axis (labels would touch)
    for k in range(first, first + decades + 1, step):
        body += _label(_pos(_log_frac(10.0 ** k, lo_axis, hi_axis)), f"{10.0 ** k:.{max(0, -k)}f}")
    return _strip(body, "axis")


def pct_axis(limit: float) -> str:
    """Tick labels of a symmetric ±``limit`` axis (three ticks).

    Examples
    --------
    >>> a = pct_axis(3)
    >>> ">+3<" in a and ">−3<" in a and ">0<" in a
    True
    """
    body = "".join(_label(_pos((v + limit) / (2 * limit)),
                          "0" if v == 0 else (f"+{v:g}" if v > 0 else f"−{abs(v):g}"))
                   for v in (-limit, 0.0, limit))
    return _strip(body, "axis")
