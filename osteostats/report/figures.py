"""Deterministic matplotlib figures, returned as SVG text.

Determinism: the Agg backend, a fixed ``svg.hashsalt`` per figure (so ids differ between
figures inlined in one page), no date metadata, text as paths (no font files needed).
"""
from __future__ import annotations

import io
import re

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402


#: Colours of the modality series, in the study spec's order (the "any" row last).
PALETTE = ("#7f7f7f", "#1f77b4", "#d62728", "#9467bd", "#8c564b", "#2ca02c")


def svg_text(fig: plt.Figure, salt: str) -> str:
    """Render a figure to SVG text with a fixed hash salt and no date; close the figure."""
    buf = io.StringIO()
    with matplotlib.rc_context({"svg.hashsalt": salt, "svg.fonttype": "path"}):
        fig.savefig(buf, format="svg", metadata={"Date": None}, bbox_inches="tight")
    plt.close(fig)
    text = buf.getvalue()
    return text[text.index("<svg"):]  # drop the XML prolog and doctype for inlining


_ID = re.compile(r'\bid="([^"]+)"')


def prefix_svg_ids(svg: str, prefix: str) -> str:
    """Give every id of an SVG (and every reference to it) a prefix, so several SVGs can be
    inlined in one HTML page without clashing ids (matplotlib reuses names like ``patch_3``)."""
    ids = set(_ID.findall(svg))
    if not ids:
        return svg

    def ref(m: re.Match) -> str:
        name = m.group(2)
        return f"{m.group(1)}{prefix}-{name}" if name in ids else m.group(0)

    svg = _ID.sub(lambda m: f'id="{prefix}-{m.group(1)}"', svg)
    return re.sub(r'(#)([A-Za-z_][\w.\-]*)', ref, svg)


def detection_figure(d: pd.DataFrame, arm_labels: dict[str, str], xlabel: str) -> str:
    """Dot plot of detection rate per modality, one panel per group, with the CIs of
    ``detection.csv`` (written by the tables stage; nothing is computed here)."""
    strata = list(dict.fromkeys(d["stratum"]))
    fig, axes = plt.subplots(1, len(strata), figsize=(4.2 * len(strata), 3.2), sharex=True, squeeze=False)
    for ax, s in zip(axes[0], strata):
        sub = d[d["stratum"] == s]
        items = list(dict.fromkeys(sub["item"]))
        arms = list(arm_labels)
        for j, arm in enumerate(arms):
            a = sub[sub["arm"] == arm]
            if a.empty:
                continue
            y = np.array([items.index(i) for i in a["item"]]) + (j - (len(arms) - 1) / 2) * 0.17
            ax.errorbar(a["rate"] * 100, y, xerr=[(a["rate"] - a["ci_low"]) * 100, (a["ci_high"] - a["rate"]) * 100],
                        fmt="o", ms=4, capsize=2, color=PALETTE[-1] if j == len(arms) - 1 else PALETTE[j % (len(PALETTE) - 1)], label=arm_labels[arm])
        ax.set_yticks(range(len(items)), items)
        ax.invert_yaxis()
        ax.set_xlim(-2, 102)
        ax.set_xlabel(xlabel)
        ax.set_title(f"{s} (n = {int(sub['n'].max())} vertebrae)", fontsize=10)
        ax.grid(axis="x", alpha=0.3)
    axes[0][-1].legend(loc="lower right", fontsize=8, frameon=False)
    fig.tight_layout()
    return prefix_svg_ids(svg_text(fig, "osteostats-detection"), "detection")
