"""Deterministic SVG figures: forest plot, ROC curve, calibration plot.

Byte-identical reruns: figures drawn without pyplot straight to SVG, a fixed ``svg.hashsalt`` per figure (distinct, so
several SVGs inlined in one HTML page do not share element ids), no date in the metadata.
"""
from __future__ import annotations

import io
import math
from pathlib import Path

import numpy as np
import pandas as pd

from ..io import atomic_write_bytes

_SALTS = {"forest": "osteostats-models-forest", "roc": "osteostats-models-roc",
          "calibration": "osteostats-models-calibration"}


def _figure(nrows: int = 1, ncols: int = 1, **kw):
    """A figure and its axes, without pyplot (no GUI state, no pyplot import: about 0.2 s)."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=kw.pop("figsize"))
    return fig, fig.subplots(nrows, ncols, **kw)


def _save(fig, path: str | Path, salt: str) -> None:
    import matplotlib

    # svg.fonttype "none": text stays text (the caveat is searchable; smaller files)
    with matplotlib.rc_context({"svg.hashsalt": salt, "svg.fonttype": "none"}):
        buf = io.BytesIO()
        fig.savefig(buf, format="svg", metadata={"Date": None})
    atomic_write_bytes(path, buf.getvalue())


def _plain_log_axis(ax) -> None:
    """Log-scaled x axis with its ticks labelled as plain numbers (0.001, 0.1, 10, 1000...).

    Matplotlib's default labels (10 to a power) are typeset with mathtext: about a third of the
    forest plot's drawing time, and harder to read for an odds ratio.
    """
    from matplotlib.ticker import FuncFormatter, NullFormatter

    ax.set_xscale("log")
    ax.xaxis.set_major_formatter(FuncFormatter(lambda value, _pos: f"{value:g}"))
    ax.xaxis.set_minor_formatter(NullFormatter())


def _footer(fig, caveat: str) -> None:
    if caveat:
        fig.text(0.01, 0.005, caveat, fontsize=6.5, ha="left", va="bottom", wrap=True, color="#444444")


def forest_plot(univariable: pd.DataFrame, multivariable: pd.DataFrame, path: str | Path, caveat: str = "") -> None:
    """Forest plot of Firth ORs with profile penalized-likelihood 95 % CIs (log scale).

    Univariable (all signs) and multivariable (signs model) side by side. Separated signs are
    drawn with open markers: their profile interval is the honest one, and the arrow marks an
    upper bound beyond the axis.

    Examples
    --------
    >>> import pandas as pd, tempfile, os
    >>> u = pd.DataFrame({"analysis": ["firth"], "term": ["x"], "label": ["X"], "or": [2.0],
    ...                   "or_ci_low": [1.0], "or_ci_high": [4.0], "separated": [False]})
    >>> m = u.assign(model="signs_vertebra")
    >>> with tempfile.TemporaryDirectory() as d:
    ...     forest_plot(u, m, os.path.join(d, "f.svg"))
    """
    u = univariable[univariable.analysis == "firth"].reset_index(drop=True)
    mv = multivariable[(multivariable.analysis == "firth") & (multivariable.get("model", "") == "signs_vertebra")
                       & (multivariable.term != "(Intercept)")].set_index("term")
    lo_lim, hi_lim = 1e-3, 1e5
    fig, axes = _figure(1, 2, figsize=(9.5, 0.36 * len(u) + 1.8), sharey=True)
    ypos = np.arange(len(u))[::-1]
    for ax, title, data in ((axes[0], "Univariable (each sign alone)", u.set_index("term")),
                            (axes[1], "Multivariable (pre-specified signs)", mv)):
        for yi, term in zip(ypos, u.term):
            if term not in data.index:
                continue
            r = data.loc[term]
            est, lo, hi = (float(r[c]) if r[c] != "" else math.nan for c in ("or", "or_ci_low", "or_ci_high"))
            if not math.isfinite(est):
                continue
            sep = str(r["separated"]) in ("True", "true", "1")
            lo_c, hi_c = max(lo, lo_lim) if math.isfinite(lo) else lo_lim, min(hi, hi_lim) if math.isfinite(hi) else hi_lim
            ax.plot([lo_c, hi_c], [yi, yi], color="black", lw=1.2)
            ax.plot([min(max(est, lo_lim), hi_lim)], [yi], marker="o" if not sep else "D", ms=6,
                    mfc="white" if sep else "black", mec="black")
            if math.isfinite(hi) and hi > hi_lim or math.isfinite(lo) and lo < lo_lim:
                ax.annotate("", xy=(hi_lim if hi > hi_lim else lo_lim, yi),
                            xytext=(hi_lim / 3 if hi > hi_lim else lo_lim * 3, yi),
                            arrowprops=dict(arrowstyle="->", lw=1.0))
        ax.axvline(1.0, color="grey", lw=0.8, ls="--")
        _plain_log_axis(ax)
        ax.set_xlim(lo_lim, hi_lim)
        ax.set_title(title, fontsize=10)
        ax.set_xlabel("Odds ratio for MET (Firth, profile 95 % CI)")
    axes[0].set_yticks(ypos)
    axes[0].set_yticklabels([str(l) for l in u.label], fontsize=8)
    axes[1].text(0.99, 0.01, "open diamond: separated sign (ML infinite)", transform=axes[1].transAxes,
                 ha="right", va="bottom", fontsize=7)
    fig.tight_layout(rect=(0, 0.06 if caveat else 0, 1, 1))
    _footer(fig, caveat)
    _save(fig, path, _SALTS["forest"])


def _finish_unit_square(fig, ax, name: str, path: str | Path, caveat: str, *, xlabel: str, ylabel: str,
                        ytop: float, legend: str) -> None:
    """Axes on [0, 1], legend, caveat footer, and the deterministic SVG (ROC and calibration)."""
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, ytop)
    ax.legend(loc=legend, fontsize=8)
    fig.tight_layout(rect=(0, 0.08 if caveat else 0, 1, 1))
    _footer(fig, caveat)
    _save(fig, path, _SALTS[name])


def roc_plot(fpr: np.ndarray, tpr: np.ndarray, auc_value: float, auc_ci: tuple[float, float],
             auc_corrected: float, path: str | Path, caveat: str = "") -> None:
    """ROC curve of the multivariable signs model (vertebra level).

    Examples
    --------
    >>> import numpy as np, tempfile, os
    >>> with tempfile.TemporaryDirectory() as d:
    ...     roc_plot(np.array([0, .5, 1]), np.array([0, .8, 1]), 0.65, (0.5, 0.8), 0.6, os.path.join(d, "r.svg"))
    """
    fig, ax = _figure(figsize=(5, 5.4))
    ax.step(fpr, tpr, where="post", color="black", lw=1.5,
            label=f"AUC {auc_value:.3f} (95 % CI {auc_ci[0]:.3f} to {auc_ci[1]:.3f})\n"
                  f"optimism-corrected {auc_corrected:.3f}")
    ax.plot([0, 1], [0, 1], color="grey", lw=0.8, ls="--")
    ax.set_title("ROC, multivariable signs model", fontsize=10)
    _finish_unit_square(fig, ax, "roc", path, caveat, xlabel="1 - specificity (OP called MET)",
                        ylabel="Sensitivity (MET called MET)", ytop=1.01, legend="lower right")


def calibration_plot(y: np.ndarray, prob: np.ndarray, intercept: float, slope: float, groups: int,
                     path: str | Path, caveat: str = "") -> None:
    """Observed MET proportion against mean predicted probability in groups of predictions.

    Groups are quantiles of the predicted probability (ties kept together), each with a
    Wilson 95 % interval of the observed proportion.

    Examples
    --------
    >>> import numpy as np, tempfile, os
    >>> p = np.linspace(0.05, 0.95, 40); y = (np.arange(40) % 3 == 0).astype(float)
    >>> with tempfile.TemporaryDirectory() as d:
    ...     calibration_plot(y, p, 0.0, 1.0, 4, os.path.join(d, "c.svg"))
    """
    from .accuracy import wilson

    df = pd.DataFrame({"y": np.asarray(y, float), "p": np.asarray(prob, float)})
    ranks = df.p.rank(method="dense")
    df["g"] = pd.qcut(ranks, q=min(groups, int(ranks.max())), labels=False, duplicates="drop")
    agg = df.groupby("g").agg(p=("p", "mean"), y=("y", "sum"), n=("y", "size"))
    fig, ax = _figure(figsize=(5, 5.4))
    ax.plot([0, 1], [0, 1], color="grey", lw=0.8, ls="--", label="ideal")
    for r in agg.itertuples():
        obs, lo, hi = wilson(r.y, r.n)
        ax.plot([r.p, r.p], [lo, hi], color="black", lw=1)
        ax.plot([r.p], [obs], "o", color="black", ms=5)
    ax.plot([], [], "o", color="black", label="observed (Wilson 95 % CI)")
    slope_txt = f"{slope:.3f}" if math.isfinite(slope) else "undefined (separation)"
    ax.set_title(f"Calibration, multivariable signs model\nintercept {round(intercept, 3) + 0.0:.3f}, "
                 f"slope {slope_txt} (apparent)",
                 fontsize=9)
    _finish_unit_square(fig, ax, "calibration", path, caveat, xlabel="Predicted probability of MET",
                        ylabel="Observed proportion MET", ytop=1, legend="upper left")


def message_figure(message: str, path: str | Path, caveat: str = "") -> None:
    """A figure that only states why there is no plot (e.g. a model did not converge)."""
    fig, ax = _figure(figsize=(5, 2))
    ax.axis("off")
    ax.text(0.5, 0.5, message, ha="center", va="center", wrap=True, fontsize=9)
    _footer(fig, caveat)
    _save(fig, path, "osteostats-models-message")
