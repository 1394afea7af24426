"""Plotly figure builders. Pages only place the figures these return.

One template for every figure; images of data in gray (`Greys`, the textbook's gray_r),
signed values on a diverging scale centred at 0 (`RdBu`), one scale per grid.
Domain-specific builders live in submodules (`cnnviz.plots.data`, ...).
"""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio

GRAY = "Greys"  # 0 = white, max = black: the textbook's cmap="gray_r"
DIVERGING = "RdBu_r"  # negative blue, positive red, white at 0
ACCENT = "#e4572e"
PALETTE = ["#2e86ab", "#e4572e", "#76b041", "#8e6c8a", "#f3a712", "#17bebb", "#5d576b", "#c5283d",
           "#4c956c", "#ff9f1c"]

pio.templates["cnnviz"] = go.layout.Template(
    layout=dict(
        font=dict(family="Noto Sans, Noto Sans CJK KR, sans-serif", size=13),
        colorway=PALETTE,
        margin=dict(l=10, r=10, t=40, b=10),
        plot_bgcolor="white",
        paper_bgcolor="white",
        xaxis=dict(showgrid=False, zeroline=False, linecolor="#bbb", ticks="outside"),
        yaxis=dict(gridcolor="#eee", zeroline=False, linecolor="#bbb"),
        legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0),
        hoverlabel=dict(font_size=12),
    )
)
TEMPLATE = "cnnviz"


def figure(title: str | None = None, height: int | None = None, **layout) -> go.Figure:
    """An empty figure in the project's template."""
    fig = go.Figure()
    fig.update_layout(template=TEMPLATE, title=title, height=height, **layout)
    return fig


def symmetric_range(values: np.ndarray) -> float:
    """Half-width of a colour scale centred at 0 that holds every value (never 0)."""
    finite = np.abs(values[np.isfinite(values)])
    top = float(finite.max()) if finite.size else 0.0
    return top if top > 0 else 1.0


def mosaic(tiles: np.ndarray, cols: int, gap: int = 1, fill=np.nan) -> np.ndarray:
    """Lay (n, h, w) or (n, h, w, 3) tiles out in rows of `cols`, separated by gaps of `fill` (NaN: drawn blank)."""
    n, h, w = tiles.shape[:3]
    rows = max(1, -(-n // cols))
    out = np.full((rows * (h + gap) - gap, cols * (w + gap) - gap, *tiles.shape[3:]), fill,
                  dtype=np.float32 if np.isnan(fill) else tiles.dtype)
    for i, tile in enumerate(tiles):
        r, c = divmod(i, cols)
        out[r * (h + gap): r * (h + gap) + h, c * (w + gap): c * (w + gap) + w] = tile
    return out


def _grid_geometry(n: int, h: int, cols: int, labelled: bool) -> tuple[int, int, int]:
    """(columns, gap, tile height including its label rows) of a heatmap_grid."""
    return max(1, min(cols, n)), max(1, h // 8), h + (max(3, h // 8) if labelled else 0)  # room for a label


def tile_centres(n: int, h: int, w: int, cols: int, labelled: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """Data coordinates (x, y) of the centre of each tile of a heatmap_grid, e.g. for click markers."""
    cols, gap, tile_h = _grid_geometry(n, h, cols, labelled)
    rows, columns = np.divmod(np.arange(n), cols)
    return columns * (w + gap) + (w - 1) / 2, rows * (tile_h + gap) + (h - 1) / 2


def heatmap_grid(tiles: np.ndarray, labels: list[str], cols: int, *, colorscale: str = GRAY,
                 zmin: float | None = None, zmax: float | None = None, colorbar_title: str = "",
                 tile_px: int = 64, hover_value: str, value_format: str = ":.3f",
                 show_scale: bool = True) -> go.Figure:
    """Many small images as one heatmap on one shared colour scale, each labelled underneath.

    One trace instead of one subplot per tile keeps 64 feature maps fast to draw and makes
    the single colour scale explicit (one colour bar for the whole grid). Labels are set in
    one layout update: adding 64 annotations one by one costs over a second.
    """
    tiles = np.asarray(tiles, dtype=np.float32)
    n, h, w = tiles.shape
    cols, gap, tile_h = _grid_geometry(n, h, cols, bool(labels))
    rows = -(-n // cols)
    if labels:
        tiles = np.concatenate([tiles, np.full((n, tile_h - h, w), np.nan, np.float32)], axis=1)
    z = mosaic(tiles, cols, gap)
    index = np.full(z.shape, -1, dtype=np.int32)
    for i in range(n):
        r, c = divmod(i, cols)
        index[r * (tile_h + gap): r * (tile_h + gap) + h, c * (w + gap): c * (w + gap) + w] = i
    text = np.where(index >= 0, np.array(labels + [""], dtype=object)[index] if labels else "", "")
    fig = figure()
    fig.add_trace(go.Heatmap(
        z=z, colorscale=colorscale, zmin=zmin, zmax=zmax, text=text, showscale=show_scale,
        hovertemplate="%{text}<br>" + hover_value + " %{z" + value_format + "}<extra></extra>", hoverongaps=False,
        colorbar=dict(title=colorbar_title, thickness=12, len=min(1.0, 0.3 + 0.15 * rows)),
    ))
    x, y = tile_centres(n, h, w, cols, bool(labels))
    width_px = cols * tile_px
    fig.update_layout(
        annotations=[dict(x=float(cx), y=float(cy) + h / 2 + 0.4, text=label, showarrow=False, yanchor="top",
                          font=dict(size=11)) for cx, cy, label in zip(x, y, labels)],
        height=int(rows * tile_px * tile_h / w) + 30, margin=dict(l=0, r=0, t=10, b=0),
        width=None if width_px > 700 else width_px + (90 if show_scale else 10))
    fig.update_xaxes(visible=False, constrain="domain")
    fig.update_yaxes(visible=False, autorange="reversed", scaleanchor="x", constrain="domain")
    return fig


def rgb_grid(images: np.ndarray, labels: list[str], cols: int, *, hover_value: str, tile_px: int = 84) -> go.Figure:
    """Colour images (n, h, w, 3) side by side on white, each labelled underneath (as `heatmap_grid` does)."""
    images = as_rgb(images)
    n, h, w = images.shape[:3]
    cols, gap, tile_h = _grid_geometry(n, h, cols, True)
    rows = -(-n // cols)
    padded = np.concatenate([images, np.full((n, tile_h - h, w, 3), 255, np.uint8)], axis=1)
    fig = figure()
    fig.add_trace(go.Image(z=mosaic(padded, cols, gap, fill=255),
                           hovertemplate=hover_value + " %{z[0]}, %{z[1]}, %{z[2]}<extra></extra>"))
    x, y = tile_centres(n, h, w, cols)
    width_px = cols * tile_px
    fig.update_layout(
        annotations=[dict(x=float(cx), y=float(cy) + h / 2 + 0.4, text=label, showarrow=False, yanchor="top",
                          font=dict(size=11)) for cx, cy, label in zip(x, y, labels)],
        height=int(rows * tile_px * tile_h / w) + 30, margin=dict(l=0, r=0, t=10, b=0),
        width=None if width_px > 700 else width_px + 10)
    fig.update_xaxes(visible=False, constrain="domain")
    fig.update_yaxes(visible=False, scaleanchor="x", constrain="domain")
    return fig


def pixel_hover(hover_axes: tuple[str, str], value: str, value_format: str = "") -> str:
    """Hover text of one pixel: its row, column and value, in words the caller gives (session language)."""
    row, col = hover_axes
    return f"{row} %{{y}}, {col} %{{x}}<br>{value} %{{z{value_format}}}<extra></extra>"


def as_rgb(img: np.ndarray) -> np.ndarray:
    """A colour image as uint8 RGB: uint8 kept, 0..1 floats scaled by 255."""
    img = np.asarray(img)
    return img if img.dtype == np.uint8 else np.round(np.clip(img, 0, 1) * 255).astype(np.uint8)


def rgb_image(img: np.ndarray, *, hover_axes: tuple[str, str], hover_value: str, height: int = 360) -> go.Figure:
    """A colour image (h, w, 3) with square pixels; hover shows row, column and the red, green, blue values."""
    fig = figure(height=height)
    fig.add_trace(go.Image(z=as_rgb(img), hovertemplate=pixel_hover(hover_axes, hover_value).replace(
        "%{z}", "%{z[0]}, %{z[1]}, %{z[2]}")))
    fig.update_xaxes(visible=False, constrain="domain")
    fig.update_yaxes(visible=False, scaleanchor="x", constrain="domain")
    fig.update_layout(margin=dict(l=0, r=0, t=10, b=0))
    return fig


def image(img: np.ndarray, *, hover_axes: tuple[str, str], hover_value: str, colorscale: str = GRAY,
          zmin: float | None = None, zmax: float | None = None, text: np.ndarray | None = None,
          height: int = 360, colorbar_title: str = "", value_format: str = "") -> go.Figure:
    """One image as a heatmap with square pixels; optional per-cell text. A colour image (h, w, 3) is drawn
    in its own colours (`rgb_image`), the colour scale and text then left out.

    `hover_axes` (the words for row and column) and `hover_value` label the hover text; they have
    no default so that every caller passes them in the session's language.
    """
    if np.ndim(img) == 3:
        return rgb_image(img, hover_axes=hover_axes, hover_value=hover_value, height=height)
    fig = figure(height=height)
    fig.add_trace(go.Heatmap(
        z=img, colorscale=colorscale, zmin=zmin, zmax=zmax, text=text,
        texttemplate="%{text}" if text is not None else None, textfont=dict(size=8),
        hovertemplate=pixel_hover(hover_axes, hover_value, value_format),
        colorbar=dict(title=colorbar_title, thickness=12),
    ))
    fig.update_xaxes(visible=False, constrain="domain")
    fig.update_yaxes(visible=False, autorange="reversed", scaleanchor="x", constrain="domain")
    fig.update_layout(margin=dict(l=0, r=0, t=10, b=0))
    return fig


def signed_map(values: np.ndarray, scale: float, colorbar_title: str, hover_axes: tuple[str, str],
               height: int = 420) -> go.Figure:
    """One map of signed values (a feature map) on a symmetric diverging scale ±`scale`, values on hover."""
    return image(values, colorscale=DIVERGING, zmin=-scale, zmax=scale, height=height,
                 colorbar_title=colorbar_title, hover_value=colorbar_title, hover_axes=hover_axes)
