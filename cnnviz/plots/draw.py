"""Figures of the Draw page: the network's input, class probabilities, Grad-CAM overlay."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from PIL import Image

from cnnviz.plots import ACCENT, PALETTE, figure, image, pixel_hover

INK = "gray"  # black → white: the data's own white ink on black
HEAT = [[0.0, "rgba(255,0,0,0)"], [0.25, "rgba(255,0,0,0)"], [0.5, "rgba(230,30,30,0.5)"],
        [1.0, "rgba(255,235,0,0.85)"]]  # below a quarter of the peak: see-through


FRAME = (90, 90, 90)  # the gray around a non-square step, so its true shape shows


def enlarged(img: np.ndarray, side: int = 168) -> np.ndarray:
    """A step's image as uint8 RGB for `st.image`: fitted into a side×side gray frame, pixels kept square."""
    if img.ndim == 2:
        img = np.clip(img * 255, 0, 255)
    pil = Image.fromarray(np.asarray(img, dtype=np.uint8)).convert("RGB")
    scale = side / max(pil.size)
    size = (max(1, round(pil.width * scale)), max(1, round(pil.height * scale)))
    small = scale >= 1 and max(pil.size) <= 64  # tiny images: show each pixel as a square
    framed = Image.new("RGB", (side, side), FRAME)
    framed.paste(pil.resize(size, Image.Resampling.NEAREST if small else Image.Resampling.BOX),
                 ((side - size[0]) // 2, (side - size[1]) // 2))
    return np.asarray(framed)


def network_input(pixels: np.ndarray, value_title: str, hover_axes: tuple[str, str], height: int = 300) -> go.Figure:
    """The 28×28 input exactly as the network receives it, each pixel's value on hover."""
    return image(pixels, colorscale=INK, zmin=0, zmax=1, height=height, colorbar_title=value_title,
                 hover_value=value_title, hover_axes=hover_axes, value_format=":.2f")


def probabilities(probs: np.ndarray, names: list[str], axis_title: str, height: int = 300) -> go.Figure:
    """One bar per class; the top class in the accent colour, every bar labelled in percent."""
    probs = np.asarray(probs, dtype=float)
    top = int(probs.argmax())
    colours = [ACCENT if i == top else PALETTE[0] for i in range(len(probs))]
    fig = figure(height=height, yaxis_title=axis_title, yaxis_range=[0, 1.12], yaxis_tickformat=".0%")
    fig.add_trace(go.Bar(x=names, y=probs, marker_color=colours, text=[f"{p:.1%}" for p in probs],
                         textposition="outside", cliponaxis=False,
                         hovertemplate="%{x}: %{y:.2%}<extra></extra>"))
    fig.update_xaxes(type="category")
    return fig


def gradcam_overlay(pixels: np.ndarray, heat: np.ndarray, heat_title: str, hover_axes: tuple[str, str],
                    height: int = 300) -> go.Figure:
    """The input (in gray, or a photo in its colours) with the Grad-CAM map laid over it in see-through yellow-red."""
    fig = network_input(pixels, "", hover_axes, height)
    fig.update_traces(hoverinfo="skip", hovertemplate=None)
    fig.update_traces(showscale=False, selector=dict(type="heatmap"))
    fig.add_trace(go.Heatmap(z=heat, colorscale=HEAT, zmin=0, zmax=1, colorbar=dict(title=heat_title, thickness=12),
                             hovertemplate=pixel_hover(hover_axes, heat_title, ":.2f")))
    return fig
