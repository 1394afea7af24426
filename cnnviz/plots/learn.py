"""Figures of the Learn page: small grids of numbers with the sliding window drawn on them."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from cnnviz.convolution import Step, Walk, format_number
from cnnviz.plots import ACCENT, DIVERGING, GRAY, figure, image, symmetric_range

INPUT_SCALE = [[0, "#f6f8fb"], [1, "#7fa7c9"]]  # light, so the numbers written on the cells stay readable
COUNT_SCALE = [[0, "#fff7e6"], [1, "#f3a712"]]
PADDING_COLOUR = "#eeeeee"
CELL_PX = 40


def number_grid(values: np.ndarray, *, title: str = "", colorscale=INPUT_SCALE, zmin: float | None = None,
                zmax: float | None = None, hover: np.ndarray | None = None, grey: np.ndarray | None = None,
                grey_text: str | None = None, box: tuple[int, int, int, int] | None = None,
                colour: str = ACCENT, cell_px: int = CELL_PX) -> go.Figure:
    """A grid with each cell's number written in it.

    `grey` cells (padding, or output not computed yet) are drawn grey with `grey_text` (default:
    their value) in grey; `box` = (top, left, height, width) outlines the window.
    """
    values = np.asarray(values, dtype=np.float64)
    rows, cols = values.shape
    grey = np.zeros(values.shape, dtype=bool) if grey is None else grey
    text = np.vectorize(format_number, otypes=[object])(np.nan_to_num(values))
    font = dict(size=12 if cols <= 10 else 10)
    fig = figure(height=rows * cell_px + (45 if title else 10), title=dict(text=title, font=dict(size=14)),
                 margin=dict(l=0, r=0, t=35 if title else 5, b=5), plot_bgcolor="white",
                 xaxis=dict(visible=False, range=[-0.5, cols - 0.5], constrain="domain", fixedrange=True),
                 yaxis=dict(visible=False, range=[rows - 0.5, -0.5], scaleanchor="x", constrain="domain",
                            fixedrange=True))
    if grey.any():
        fig.add_trace(go.Heatmap(
            z=np.where(grey, 0.0, np.nan), colorscale=[[0, PADDING_COLOUR], [1, PADDING_COLOUR]], showscale=False,
            xgap=2, ygap=2, text=np.where(grey, text if grey_text is None else grey_text, ""),
            texttemplate="%{text}", textfont=dict(color="#999", **font), hoverinfo="skip"))
    fig.add_trace(go.Heatmap(
        z=np.where(grey, np.nan, values), colorscale=colorscale, zmin=zmin, zmax=zmax, showscale=False,
        xgap=2, ygap=2, text=np.where(grey, "", text), texttemplate="%{text}", textfont=font,
        customdata=text if hover is None else hover, hoverongaps=False,
        hovertemplate="%{customdata}<extra></extra>"))
    if box is not None:
        top, left, h, w = box
        fig.add_shape(type="rect", x0=left - 0.5, x1=left + w - 0.5, y0=top - 0.5, y1=top + h - 0.5,
                      line=dict(color=colour, width=4))
    return fig


def _input_range(walk: Walk) -> tuple[float, float]:
    real = walk.padded[~walk.mask]
    return min(0.0, float(real.min())), max(float(real.max()), 1e-9)


def window_on_input(walk: Walk, step: Step, title: str) -> go.Figure:
    """The (padded) input with the current window outlined."""
    low, high = _input_range(walk)
    return number_grid(walk.padded, title=title, zmin=low, zmax=high, grey=walk.mask,
                       box=(step.top, step.left, *walk.window))


def kernel(weights: np.ndarray, title: str) -> go.Figure:
    """Kernel weights on a diverging scale centred at 0 (red positive, blue negative)."""
    half = symmetric_range(weights)
    return number_grid(weights, title=title, colorscale=DIVERGING, zmin=-half, zmax=half)


def products(step: Step, kernel_weights: np.ndarray, title: str) -> go.Figure:
    """Pixel × weight for each cell of the window; hover shows the two factors."""
    factors = np.vectorize(lambda a, b: f"{format_number(a)} × {format_number(b)}", otypes=[object])(
        step.window, kernel_weights)
    half = symmetric_range(step.products)
    return number_grid(step.products, title=title, colorscale=DIVERGING, zmin=-half, zmax=half, hover=factors)


def output_so_far(walk: Walk, upto: int, title: str) -> go.Figure:
    """The output with cells 0..upto filled in (the rest grey), the newest outlined, one fixed scale."""
    filled = np.full(walk.output.shape, np.nan)
    for step in walk.steps[:upto + 1]:
        filled[step.row, step.col] = step.value
    half = symmetric_range(walk.output)
    step = walk.steps[upto]
    return number_grid(filled, title=title, colorscale=DIVERGING, zmin=-half, zmax=half, grey=np.isnan(filled),
                       grey_text="", box=(step.row, step.col, 1, 1))


def pool_window(walk: Walk, step: Step, title: str) -> go.Figure:
    """The map being pooled with the current window outlined; padding cells show '−' (never chosen)."""
    low, high = _input_range(walk)
    return number_grid(walk.padded, title=title, zmin=low, zmax=high, grey=walk.mask, grey_text="−",
                       box=(step.top, step.left, *walk.window))


def counts(values: np.ndarray, title: str, zmax: float) -> go.Figure:
    """How many windows each pixel takes part in."""
    return number_grid(values, title=title, colorscale=COUNT_SCALE, zmin=0, zmax=zmax, colour="#2e86ab")


def digit(img: np.ndarray, hover_value: str, hover_axes: tuple[str, str],
          box: tuple[int, int, int, int] | None = None, height: int = 300) -> go.Figure:
    """A dataset image in gray (0–255), optionally with the cropped region outlined."""
    fig = image(img, colorscale=GRAY, zmin=0, zmax=255, height=height, hover_value=hover_value,
                hover_axes=hover_axes)
    fig.update_traces(showscale=False, selector=dict(type="heatmap"))  # a photo is an Image: no scale
    if box is not None:
        top, left, h, w = box
        fig.add_shape(type="rect", x0=left - 0.5, x1=left + w - 0.5, y0=top - 0.5, y1=top + h - 0.5,
                      line=dict(color=ACCENT, width=3))
    return fig
