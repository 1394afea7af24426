"""Learning curves: train vs validation per epoch, the gap between them shaded, the best epoch marked."""
from __future__ import annotations

import math

import plotly.graph_objects as go

from cnnviz.plots import ACCENT, PALETTE, figure

TRAIN, VAL = PALETTE[0], PALETTE[1]
GAP_FILL = "rgba(228, 87, 46, 0.13)"
BELOW = dict(orientation="h", yanchor="top", y=-0.3, x=0)  # under the x axis, clear of the title


def _clean(values) -> list:
    return [v if v is not None and math.isfinite(v) else None for v in values]


def learning_curve(history: dict, metric: str, labels: dict, best_epoch: int | None = None,
                   live: list | None = None, epochs: int | None = None, height: int = 370) -> go.Figure:
    """One metric ("loss" or "accuracy"): train and validation per epoch, the gap between them shaded.

    `live` is [(fractional epoch, loss, accuracy), ...] read every few batches during the epoch under
    way (a running mean over that epoch, as Keras reports it); `labels` holds the translated words:
    title, train, val, gap, best, live, epoch.
    """
    fig = figure(labels["title"], height)
    train, val = _clean(history.get(metric, [])), _clean(history.get(f"val_{metric}", []))
    x = list(range(1, len(train) + 1))
    if train and val:
        fig.add_trace(go.Scatter(x=x, y=train, mode="lines", line=dict(width=0), hoverinfo="skip",
                                 showlegend=False))
        fig.add_trace(go.Scatter(x=x, y=val, mode="lines", line=dict(width=0), fill="tonexty",
                                 fillcolor=GAP_FILL, name=labels["gap"], hoverinfo="skip"))
    fig.add_trace(go.Scatter(x=x, y=train, mode="lines+markers", name=labels["train"], line=dict(color=TRAIN),
                             hovertemplate=labels["epoch"] + " %{x}: %{y:.4f}<extra></extra>"))
    if val:
        fig.add_trace(go.Scatter(x=x, y=val, mode="lines+markers", name=labels["val"], line=dict(color=VAL),
                                 hovertemplate=labels["epoch"] + " %{x}: %{y:.4f}<extra></extra>"))
    if live:
        column = 1 if metric == "loss" else 2
        fig.add_trace(go.Scatter(x=[p[0] for p in live], y=_clean(p[column] for p in live), mode="lines",
                                 name=labels["live"], line=dict(color=TRAIN, width=1, dash="dot"),
                                 hovertemplate=labels["epoch"] + " %{x:.2f}: %{y:.4f}<extra></extra>"))
    if best_epoch is not None and best_epoch <= len(val):
        fig.add_vline(x=best_epoch, line=dict(color=ACCENT, width=1, dash="dash"))
        fig.add_trace(go.Scatter(x=[best_epoch], y=[val[best_epoch - 1]], mode="markers", name=labels["best"],
                                 marker=dict(color=ACCENT, size=12, symbol="star"),
                                 hovertemplate=labels["best"] + ": %{y:.4f}<extra></extra>"))
    top = max(epochs or 0, len(train), 1)
    fig.update_xaxes(title=labels["epoch"], range=[0 if live else 0.5, top + 0.5], dtick=1 if top <= 20 else None)
    if metric == "accuracy":
        fig.update_yaxes(tickformat=".0%")
    if not any(v is not None for v in train + [p[1] for p in live or []]):
        fig.update_yaxes(range=[0, 1] if metric == "accuracy" else [0, 2.5])  # nothing yet: a sensible empty frame
    fig.update_layout(legend=BELOW, margin=dict(t=40, b=10))
    return fig


def compare_curves(histories: dict[str, dict], metric: str, labels: dict) -> go.Figure:
    """Several runs on one chart: validation solid, training dotted, one colour per run."""
    fig = figure(labels["title"], 360 + 24 * len(histories))
    for i, (name, history) in enumerate(histories.items()):
        color = PALETTE[i % len(PALETTE)]
        for key, dash, suffix in ((f"val_{metric}", "solid", labels["val"]), (metric, "dot", labels["train"])):
            values = _clean(history.get(key, []))
            if values:
                fig.add_trace(go.Scatter(x=list(range(1, len(values) + 1)), y=values, mode="lines+markers",
                                         name=f"{name} · {suffix}", line=dict(color=color, dash=dash),
                                         marker=dict(size=5), legendgroup=name,
                                         hovertemplate=f"{name} · {suffix}<br>" + labels["epoch"]
                                         + " %{x}: %{y:.4f}<extra></extra>"))
    fig.update_xaxes(title=labels["epoch"])
    if metric == "accuracy":
        fig.update_yaxes(tickformat=".0%")
    fig.update_layout(legend=BELOW)
    return fig


def learning_rate(planned: tuple, recorded: list | None, labels: dict, height: int = 230) -> go.Figure:
    """The schedule step by step as a line (`planned` = (epochs, rates) from `schedules.drawn`) and, once trained,
    the rate recorded at each epoch's end as points; `labels`: title, planned, recorded, epoch."""
    x, y = planned
    fig = figure(labels["title"], height)
    fig.add_trace(go.Scatter(x=list(x), y=list(y), mode="lines", line=dict(color=TRAIN, shape="hv"),
                             name=labels["planned"],
                             hovertemplate=labels["epoch"] + " %{x:.2f}: %{y:.3g}<extra></extra>"))
    if recorded:
        fig.add_trace(go.Scatter(x=list(range(1, len(recorded) + 1)), y=_clean(recorded), mode="markers",
                                 marker=dict(color=ACCENT, size=8), name=labels["recorded"],
                                 hovertemplate=labels["epoch"] + " %{x}: %{y:.3g}<extra></extra>"))
    top = float(max(y)) if len(y) else 1.0
    end = float(x[-1]) if len(x) else 1.0
    fig.update_xaxes(title=labels["epoch"], range=[-0.02 * end, 1.03 * end], dtick=1 if end <= 20 else None)
    fig.update_yaxes(range=[0, top * 1.1 or 1], tickformat="~g")
    fig.update_layout(legend=BELOW, margin=dict(t=40, b=10))
    return fig
