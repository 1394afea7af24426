"""Figures of the Data page: label counts, pixel intensities, sample grids, pixel inspector."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from cnnviz.plots import GRAY, PALETTE, TEMPLATE, figure, heatmap_grid, image, rgb_grid


def label_histogram(counts: dict[str, np.ndarray], class_names: list[str], y_title: str,
                    title: str | None = None) -> go.Figure:
    """Bars of examples per class, one colour per split, with the count on each bar."""
    fig = figure(title=title, height=340, yaxis_title=y_title, barmode="group", showlegend=len(counts) > 1)
    for (split, values), colour in zip(counts.items(), PALETTE):
        fig.add_trace(go.Bar(x=class_names, y=values, name=split, marker_color=colour,
                             text=[f"{v:,}" for v in values], textposition="outside", cliponaxis=False))
    fig.update_xaxes(type="category")
    return fig


def intensity_histogram(counts: np.ndarray, edges: np.ndarray, x_title: str, y_title: str) -> go.Figure:
    """How many pixels fall in each brightness range; log scale, since most pixels are 0."""
    fig = figure(height=300, xaxis_title=x_title, yaxis_title=y_title, yaxis_type="log", bargap=0.05)
    fig.add_trace(go.Bar(x=(edges[:-1] + edges[1:]) / 2 - 0.5, y=counts, width=np.diff(edges) * 0.95,
                         marker_color=PALETTE[0],
                         customdata=np.stack([edges[:-1], edges[1:] - 1], axis=1),
                         hovertemplate="%{customdata[0]}–%{customdata[1]}: %{y:,}<extra></extra>"))
    return fig


def sample_grid(images: np.ndarray, captions: list[str], hover_value: str, cols: int = 8,
                tile_px: int = 84) -> go.Figure:
    """Dataset images, each captioned (index and label): photos in colour, the rest in gray;
    `hover_value` names a pixel's number."""
    if images.ndim == 4:
        return rgb_grid(images, captions, cols, hover_value=hover_value, tile_px=tile_px)
    return heatmap_grid(images, captions, cols, colorscale=GRAY, zmin=0, zmax=255, tile_px=tile_px,
                        show_scale=False, hover_value=hover_value, value_format="")  # whole numbers 0–255


def digit(img: np.ndarray, hover_value: str, hover_axes: tuple[str, str]) -> go.Figure:
    """One dataset image, large, in gray."""
    fig = image(img, zmin=0, zmax=255, height=260, hover_value=hover_value, hover_axes=hover_axes)
    fig.update_traces(showscale=False, selector=dict(type="heatmap"))  # a photo is an Image: no scale
    return fig


MAX_WRITTEN = 32  # the largest image side whose pixel numbers are written into the cells


def pixel_values(img: np.ndarray, scaled: bool, hover_value: str, hover_axes: tuple[str, str]) -> go.Figure:
    """One image plane with each pixel's number written in its cell (0–255, or ÷255 to 2 decimals).

    Two decimals tell apart 128 and 140 (0.50 and 0.55) and keep 1–12 from reading as 0; the
    four characters of "0.50" need a smaller font than "255" to stay inside a cell.
    """
    values = img.astype(np.float32) / 255.0 if scaled else img.astype(np.int32)
    text = None
    if max(values.shape) <= MAX_WRITTEN:  # a photo's 150×150 numbers would not fit: they show on hover
        text = np.where(values == 0, "", np.char.mod("%.2f" if scaled else "%d", values))  # zeros are noise
    fig = image(values, zmin=0, zmax=1 if scaled else 255, text=text, height=640, hover_value=hover_value,
                hover_axes=hover_axes)
    if scaled:
        fig.update_traces(textfont_size=7)
    return fig


def size_histograms(sizes: np.ndarray, width_title: str, height_title: str, aspect_title: str,
                    y_title: str) -> go.Figure:
    """The photos' own widths and heights, and their aspect ratios (width ÷ height; the dashed line is square)."""
    from plotly.subplots import make_subplots

    known = sizes[(sizes > 0).all(axis=1)]
    fig = make_subplots(rows=1, cols=3, horizontal_spacing=0.08)
    for col, (values, title, colour) in enumerate(((known[:, 0], width_title, PALETTE[0]),
                                                   (known[:, 1], height_title, PALETTE[1]),
                                                   (known[:, 0] / np.maximum(known[:, 1], 1), aspect_title,
                                                    PALETTE[2])), start=1):
        fig.add_trace(go.Histogram(x=values, nbinsx=30, marker_color=colour, showlegend=False,
                                   hovertemplate="%{x}: %{y}<extra></extra>"), row=1, col=col)
        fig.update_xaxes(title_text=title, row=1, col=col)
    fig.add_vline(x=1, line=dict(color="#555", dash="dash", width=1), row=1, col=3)
    fig.update_yaxes(title_text=y_title, row=1, col=1)
    fig.update_layout(template=TEMPLATE, height=300, bargap=0.05)
    return fig
