"""Figures of the Filters and Feature maps pages: kernels, weight histograms, feature maps, outputs."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from cnnviz.inside import WeightStats
from cnnviz.plots import ACCENT, DIVERGING, GRAY, PALETTE, as_rgb, figure, heatmap_grid, image, tile_centres

MODEL_COLOURS = [PALETTE[0], "#a0a0a0"]  # trained, untrained: the same two colours in every chart


def labelled_grid(tiles: np.ndarray, labels: list[str], cols: int, **grid) -> tuple[go.Figure, np.ndarray, np.ndarray]:
    """`heatmap_grid` with a label under each tile, and the tiles' centres (x, y) in data units."""
    n, h, w = np.shape(tiles)
    return (heatmap_grid(tiles, labels, cols, **grid), *tile_centres(n, h, w, cols))


def kernel_grid(tiles: np.ndarray, scale: float, colorbar_title: str, cols: int = 8) -> go.Figure:
    """Every filter's (kh, kw) kernel on one symmetric diverging scale −scale…scale, numbered."""
    fig, _, _ = labelled_grid(tiles, [str(i) for i in range(len(tiles))], cols, colorscale=DIVERGING,
                              zmin=-scale, zmax=scale, colorbar_title=colorbar_title,
                              tile_px=64 if len(tiles) <= 16 else 44, hover_value=colorbar_title)
    fig.update_traces(colorbar_len=1.0)  # a single row of kernels is short: give its colour bar the full height
    fig.update_layout(height=max(fig.layout.height, 170))
    return fig


def one_kernel(tile: np.ndarray, scale: float, colorbar_title: str, hover_axes: tuple[str, str]) -> go.Figure:
    """One filter's kernel large, each weight written on its cell, on the grid's scale ±`scale`."""
    return image(tile, colorscale=DIVERGING, zmin=-scale, zmax=scale, text=np.char.mod("%.2f", tile), height=200,
                 colorbar_title=colorbar_title, hover_value=colorbar_title, hover_axes=hover_axes)


def bias_bars(biases: dict[str, np.ndarray], x_title: str, y_title: str) -> go.Figure:
    """Each filter's bias, one bar colour per model (trained, untrained)."""
    fig = figure(height=220, xaxis_title=x_title, yaxis_title=y_title, barmode="group")
    for (label, values), colour in zip(biases.items(), MODEL_COLOURS):
        fig.add_trace(go.Bar(x=np.arange(len(values)), y=values, name=label, marker_color=colour,
                             hovertemplate="%{x}: %{y:.4f}<extra>" + label + "</extra>"))
    fig.update_xaxes(dtick=1 if len(next(iter(biases.values()))) <= 32 else 4)
    return fig


def weight_histograms(weights: dict[str, np.ndarray], stats: dict[str, WeightStats], edges: np.ndarray,
                      x_title: str, y_title: str) -> go.Figure:
    """Overlaid histograms of weights on shared bins, a dashed line at each mean.

    Keys of `weights` and `stats` are the legend entries (the page writes mean and std into them)."""
    fig = figure(height=320, xaxis_title=x_title, yaxis_title=y_title, barmode="overlay", bargap=0)
    centres, widths = (edges[:-1] + edges[1:]) / 2, np.diff(edges)
    for (label, values), colour in zip(weights.items(), MODEL_COLOURS):
        counts, _ = np.histogram(values, edges)
        fig.add_trace(go.Bar(x=centres, y=counts, width=widths, name=label,
                             marker_color=colour, opacity=0.55,
                             hovertemplate="%{x:.3f}: %{y}<extra></extra>"))
        fig.add_vline(x=stats[label].mean, line=dict(color=colour, dash="dash", width=2))
    return fig


def feature_grid(tiles: np.ndarray, cols: int, colorbar_title: str, tile_px: int = 64) -> go.Figure:
    """A layer's maps, already scaled to −1…1, on one diverging scale (white = 0), numbered.

    Streamlit reports no clicks on heatmap cells, so an invisible marker sits on each map's
    centre: a click on a map selects that marker, whose customdata is the map's number.
    """
    fig, x, y = labelled_grid(tiles, [str(i) for i in range(len(tiles))], cols, colorscale=DIVERGING, zmin=-1,
                              zmax=1, colorbar_title=colorbar_title, tile_px=tile_px, hover_value=colorbar_title)
    fig.add_trace(go.Scatter(x=x, y=y, customdata=np.arange(len(tiles)), mode="markers", showlegend=False,
                             hoverinfo="none", marker=dict(size=max(8, int(tile_px * 0.8)), symbol="square",
                                                           opacity=0)))
    z = fig.data[0].z  # pin the axes to the mosaic: the markers must not widen the autorange
    fig.update_xaxes(range=[-0.5, z.shape[1] - 0.5], autorange=False)
    fig.update_yaxes(range=[z.shape[0] - 0.5, -0.5], autorange=False)
    fig.update_layout(clickmode="event+select", dragmode=False)
    return fig


def epoch_strip(tiles: np.ndarray, labels: list[str], peak: float, colorbar_title: str) -> go.Figure:
    """One map at several epochs in a row (or rows of 10), labelled with the epoch, on one scale ±`peak`."""
    return heatmap_grid(tiles, labels, 10, colorscale=DIVERGING, zmin=-peak, zmax=peak, colorbar_title=colorbar_title,
                        tile_px=72, hover_value=colorbar_title)


def ascent_animation(frames: np.ndarray, labels: list[str], play_label: str, hover_value: str,
                     hover_axes: tuple[str, str], height: int = 280) -> go.Figure:
    """The pictures of a gradient ascent (gray, or colour), dark ink on light as the input is drawn: the result
    shown, Play runs the ascent from its gray start, the slider steps through it."""
    fig = input_image(frames[-1], hover_value, hover_axes, height)
    fig.update_traces(showscale=False, selector=dict(type="heatmap"))
    kind = fig.data[0].type  # a frame carries only its pixels: plotly.js merges them into the trace drawn
    fig.frames = [go.Frame(data=[{"type": kind, "z": as_rgb(frame) if kind == "image" else frame}], name=label)
                  for frame, label in zip(frames, labels)]
    still = dict(mode="immediate", frame=dict(duration=0, redraw=True), transition=dict(duration=0))
    fig.update_layout(
        margin=dict(l=0, r=0, t=10, b=70),
        updatemenus=[dict(type="buttons", showactive=False, x=0, y=0, xanchor="left", yanchor="top", pad=dict(t=8),
                          buttons=[dict(label=play_label, method="animate", args=[None, dict(
                              frame=dict(duration=350, redraw=True), transition=dict(duration=0), fromcurrent=False)])])],
        sliders=[dict(active=len(frames) - 1, x=0.3, len=0.7, y=0, yanchor="top", pad=dict(t=0),
                      currentvalue=dict(visible=True, xanchor="right", font=dict(size=11)),
                      steps=[dict(label=label, method="animate", args=[[label], still]) for label in labels])])
    return fig


def input_image(pixels: np.ndarray, hover_value: str, hover_axes: tuple[str, str], height: int = 240) -> go.Figure:
    """The input as the network sees it: 28×28 values in 0..1, dark ink on light as in the textbook."""
    return image(pixels, colorscale=GRAY, zmin=0, zmax=1, height=height, hover_value=hover_value,
                 hover_axes=hover_axes, value_format=":.2f")


def vector_bars(values: dict[str, np.ndarray], x_title: str, y_title: str,
                names: list[str] | None = None) -> go.Figure:
    """A Dense layer's outputs as bars (one colour per model); `names` label 10 class scores."""
    fig = figure(height=230, xaxis_title=x_title, yaxis_title=y_title, barmode="group", bargap=0.1)
    for (label, vals), colour in zip(values.items(), MODEL_COLOURS):
        fig.add_trace(go.Bar(x=names or np.arange(len(vals)), y=vals, name=label, marker_color=colour,
                             hovertemplate="%{x}: %{y:.4f}<extra>" + label + "</extra>"))
    if names:
        fig.update_xaxes(type="category")
    return fig


def vector_strips(values: dict[str, np.ndarray]) -> go.Figure:
    """Long vectors (Flatten's thousands of numbers) as strips of colour, one per model, on one scale."""
    rows = np.stack(list(values.values()))
    scale = float(np.max(np.abs(rows), initial=0.0)) or 1.0
    fig = figure(height=60 + 40 * len(rows))
    fig.add_trace(go.Heatmap(z=rows, y=list(values), colorscale=DIVERGING, zmin=-scale, zmax=scale, showscale=False,
                             hovertemplate="%{y} %{x}: %{z:.4f}<extra></extra>"))
    fig.update_yaxes(autorange="reversed", showgrid=False)
    fig.update_layout(margin=dict(l=0, r=0, t=10, b=20))
    return fig


def probability_bars(probabilities: dict[str, np.ndarray], class_names: list[str], y_title: str) -> go.Figure:
    """Class probabilities with names, the highest of the first model marked, as percentages."""
    fig = figure(height=300, yaxis_title=y_title, barmode="group", yaxis_range=[0, 1.12], yaxis_tickformat=".0%")
    for i, (label, probs) in enumerate(probabilities.items()):
        colours = [ACCENT if (i == 0 and c == int(np.argmax(probs))) else MODEL_COLOURS[i] for c in range(len(probs))]
        fig.add_trace(go.Bar(x=class_names, y=probs, name=label, marker_color=colours,
                             text=[f"{p:.1%}" for p in probs], textposition="outside", cliponaxis=False,
                             hovertemplate="%{x}: %{y:.2%}<extra>" + label + "</extra>"))
    fig.update_xaxes(type="category")
    return fig
