"""Figures of the Evaluate page: a clickable confusion matrix, per-class bars, gallery thumbnails."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from cnnviz.evaluation import row_normalise
from cnnviz.plots import PALETTE, figure

def confusion_matrix(matrix: np.ndarray, names: list[str], percent: bool, *, true_title: str,
                     pred_title: str, colorbar_title: str, hover, outline: tuple[int, int] | None = None
                     ) -> go.Figure:
    """The matrix as a heatmap, with one invisible scatter point on every cell to click.

    Streamlit reports clicks on scatter points but not on heatmap cells, so the heatmap only
    paints (it scales with the column) and the points carry the hover text and the selection.
    Colour is always the share of the true class (row-normalised), so a rare class's mistakes
    stand out as much as a common one's; the text is the count or that share. `hover(true=,
    pred=, count=, share=)` gives a cell's hover text (count an int, for plural forms); `outline` frames one cell.
    """
    n = len(names)
    share = row_normalise(matrix)
    true, pred = np.divmod(np.arange(n * n), n)
    counts, shares = matrix.reshape(-1), share.reshape(-1)
    if percent:
        text = [f"{s:.0%}" if c else "" for c, s in zip(counts, shares)]
    else:
        text = [f"{c:,}" if c else "" for c in counts]
    hovertext = [hover(true=names[t], pred=names[p], count=int(c), share=f"{s:.1%}")
                 for t, p, c, s in zip(true, pred, counts, shares)]
    long_names = max(map(len, names)) > 2
    fig = figure(height=560 if long_names else 540, dragmode=False, clickmode="event+select",
                 margin=dict(l=10, r=10, t=10, b=10))
    fig.add_trace(go.Heatmap(z=share, colorscale="Blues", zmin=0, zmax=1, hoverinfo="skip", xgap=2, ygap=2,
                             colorbar=dict(title=colorbar_title, thickness=12, tickformat=".0%", len=0.75)))
    fig.add_trace(go.Scatter(
        x=pred, y=true, mode="markers+text", text=text, hovertext=hovertext, hoverinfo="text",
        textfont=dict(size=11, color=np.where(shares > 0.5, "white", "#222").tolist()),
        marker=dict(symbol="square", size=36, opacity=0), showlegend=False,
        selected=dict(marker=dict(opacity=0)), unselected=dict(marker=dict(opacity=0)),
    ))
    if outline is not None:
        t, p = outline
        fig.add_shape(type="rect", x0=p - 0.5, x1=p + 0.5, y0=t - 0.5, y1=t + 0.5,
                      line=dict(color=PALETTE[1], width=3))
    ticks = dict(tickmode="array", tickvals=list(range(n)), ticktext=names, fixedrange=True, showgrid=False,
                 zeroline=False, ticks="", showline=False)
    fig.update_xaxes(title=pred_title, tickangle=-45 if long_names else 0, range=[-0.5, n - 0.5],
                     constrain="domain", **ticks)
    fig.update_yaxes(title=true_title, range=[n - 0.5, -0.5], scaleanchor="x", constrain="domain", **ticks)
    return fig


def per_class(metrics: dict[str, np.ndarray], names: list[str], labels: dict[str, str]) -> go.Figure:
    """Grouped bars of precision, recall and accuracy per class, on a 0–100 % axis."""
    fig = figure(height=340, barmode="group", yaxis=dict(range=[0, 1.05], tickformat=".0%"))
    for (key, label), colour in zip(labels.items(), PALETTE):
        fig.add_trace(go.Bar(x=names, y=metrics[key], name=label, marker_color=colour,
                             hovertemplate="%{x}: %{y:.1%}<extra>" + label + "</extra>"))
    fig.update_xaxes(type="category")
    return fig


def recall_side_by_side(recalls: dict[str, np.ndarray], names: list[str]) -> go.Figure:
    """Per-class share right of two (or more) models, one colour per model."""
    fig = figure(height=320, barmode="group", yaxis=dict(range=[0, 1.05], tickformat=".0%"))
    for (label, values), colour in zip(recalls.items(), PALETTE):
        fig.add_trace(go.Bar(x=names, y=values, name=label, marker_color=colour,
                             hovertemplate="%{x}: %{y:.1%}<extra></extra>"))
    fig.update_xaxes(type="category")
    return fig


def thumbnail(img: np.ndarray, side: int = 112) -> np.ndarray:
    """A uint8 image about `side` pixels wide with sharp pixels: a digit dark on white (the textbook's gray_r),
    a photo in its own colours."""
    img = np.asarray(img, dtype=np.uint8)
    scale = max(1, side // img.shape[1])
    if img.ndim == 3:
        return np.repeat(np.repeat(img, scale, axis=0), scale, axis=1)
    return np.kron(255 - img, np.ones((scale, scale), dtype=np.uint8))
