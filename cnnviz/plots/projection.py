"""Figures of the Map page: test images as points on a 2-D map of what the network learned."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from cnnviz.plots import PALETTE, figure


def class_colour(c: int) -> str:
    return PALETTE[c % len(PALETTE)]


def projection_map(coords: np.ndarray, labels: np.ndarray, indices: np.ndarray, hover: list[str],
                   class_names: list[str], outlier: np.ndarray, outlier_name: str, picked: int | None = None,
                   height: int = 480) -> go.Figure:
    """One point per image, coloured by its true class (one legend entry per class), outliers ringed in black,
    the picked image (a test-set index) marked. Each point's customdata is its test-set index, so a click on
    it tells the page which image it is; `hover` is each point's text."""
    fig = figure(height=height, legend=dict(orientation="v", y=1, x=1.02, yanchor="top", itemsizing="constant"),
                 margin=dict(l=10, r=10, t=10, b=10), clickmode="event+select", dragmode="pan")
    hover = np.asarray(hover, dtype=object)
    for c, name in enumerate(class_names):
        mine = labels == c
        if mine.any():
            fig.add_trace(go.Scatter(x=coords[mine, 0], y=coords[mine, 1], mode="markers", name=name,
                                     customdata=indices[mine], text=hover[mine], hovertemplate="%{text}<extra></extra>",
                                     marker=dict(size=6, color=class_colour(c), opacity=0.75)))
    if outlier.any():
        fig.add_trace(go.Scatter(x=coords[outlier, 0], y=coords[outlier, 1], mode="markers", name=outlier_name,
                                 customdata=indices[outlier], text=hover[outlier], hovertemplate="%{text}<extra></extra>",
                                 marker=dict(size=11, color="rgba(0,0,0,0)", line=dict(color="black", width=1.5))))
    where = np.flatnonzero(indices == picked)
    if where.size:
        i = where[0]
        fig.add_trace(go.Scatter(x=[coords[i, 0]], y=[coords[i, 1]], mode="markers", showlegend=False,
                                 customdata=[picked], text=[hover[i]], hovertemplate="%{text}<extra></extra>",
                                 marker=dict(size=18, symbol="x-thin-open", color="black", line=dict(width=3))))
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return fig
