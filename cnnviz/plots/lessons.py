"""Figures of the Learn page's basics: an activation and its derivative, softmax bars, optimizers racing."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from plotly.colors import sample_colorscale

from cnnviz import lessons
from cnnviz.plots import ACCENT, PALETTE, figure

CURVE_X = np.linspace(-6, 6, 241)
RACE_COLOURS = dict(zip(lessons.OPTIMIZERS, (PALETTE[6], PALETTE[0], PALETTE[2], PALETTE[1])))
RACE_FRAMES = 50  # the Play button's animation: at most this many frames, however many steps
RACE_LEVELS = 12  # contour bands of the loss surface


def activation(name: str, x: float, labels: dict, height: int = 320) -> go.Figure:
    """f and f' over −6…6, the point at `x` marked on both; `labels`: title, value, slope, input."""
    f, slope = lessons.activation(name, CURVE_X)
    fx, sx = (float(v) for v in lessons.activation(name, x))
    fig = figure(labels["title"], height)
    fig.add_trace(go.Scatter(x=CURVE_X, y=f, mode="lines", name=labels["value"], line=dict(color=PALETTE[0], width=3),
                             hovertemplate="x %{x:.2f}: %{y:.3f}<extra></extra>"))
    fig.add_trace(go.Scatter(x=CURVE_X, y=slope, mode="lines", name=labels["slope"],
                             line=dict(color=ACCENT, width=2, dash="dash"),
                             hovertemplate="x %{x:.2f}: %{y:.3f}<extra></extra>"))
    fig.add_trace(go.Scatter(x=[x, x], y=[fx, sx], mode="markers", showlegend=False, hoverinfo="skip",
                             marker=dict(color=[PALETTE[0], ACCENT], size=11, line=dict(color="white", width=1))))
    fig.add_vline(x=x, line=dict(color="#999", width=1, dash="dot"))
    fig.update_xaxes(title=labels["input"], zeroline=True, zerolinecolor="#ddd")
    fig.update_yaxes(range=[-1.15, 6.3] if name == "relu" else [-1.15, 1.15], zeroline=True, zerolinecolor="#ddd")
    fig.update_layout(legend=dict(orientation="h", yanchor="bottom", y=1.0, x=0), margin=dict(t=60))
    return fig


def probabilities(ce: lessons.CrossEntropy, names: list[str], true: int, wrong: int, labels: dict,
                  height: int = 300) -> go.Figure:
    """One bar per class: its softmax probability, the true class and the chosen wrong one in colour."""
    colours = ["#c9d6e3"] * len(names)
    colours[true], colours[wrong] = PALETTE[2], ACCENT
    fig = figure(labels["title"], height)
    fig.add_trace(go.Bar(x=list(range(len(names))), y=ce.probabilities, marker_color=colours,
                         text=[f"{p:.1%}" for p in ce.probabilities], textposition="outside", cliponaxis=False,
                         customdata=names, hovertemplate="%{customdata}: %{y:.4f}<extra></extra>"))
    fig.update_xaxes(tickvals=list(range(len(names))), ticktext=names, title=labels["class"])
    fig.update_yaxes(range=[0, 1.12], tickformat=".0%", title=labels["probability"])
    return fig


def race(paths: dict[str, lessons.Path], names: dict[str, str], surface: lessons.Surface, labels: dict,
         height: int = 460) -> go.Figure:
    """The loss surface as filled contours (even steps of √loss, so the valley's floor shows) and each optimizer's
    path on it, with a Play button that runs the race.

    The animation is plotly's own (frames drawn in the browser), so playing it costs the server nothing.
    `labels`: title, start, minimum, play.
    """
    fig = figure(labels["title"], height)
    top = float(np.sqrt(surface.loss(max(map(abs, surface.x_range)), max(map(abs, surface.y_range)))))
    levels = (top * np.arange(RACE_LEVELS, 0, -1) / RACE_LEVELS) ** 2  # even steps of √loss, outermost first
    for colour, level in zip(sample_colorscale("Blues", np.linspace(0.05, 0.75, RACE_LEVELS)), levels):
        x, y = surface.level_set(level)  # filled contours as scatter traces: plotly's animation wipes out a Contour
        fig.add_trace(go.Scatter(x=x, y=y, mode="lines", fill="toself", fillcolor=colour, opacity=0.8,
                                 line=dict(color="white", width=0.5), hoverinfo="skip", showlegend=False))
    fig.add_trace(go.Scatter(x=[0], y=[0], mode="markers", name=labels["minimum"], hoverinfo="name",
                             marker=dict(symbol="star", size=15, color="#222")))
    fig.add_trace(go.Scatter(x=[surface.start[0]], y=[surface.start[1]], mode="markers", name=labels["start"],
                             hoverinfo="name", marker=dict(symbol="circle-open", size=14, color="#222", line_width=2)))
    first_path = len(fig.data)
    longest = max(len(p.points) for p in paths.values())
    for kind, path in paths.items():
        fig.add_trace(_path_trace(path, len(path.points), names[kind], RACE_COLOURS[kind]))
    cuts = np.unique(np.linspace(1, longest, min(RACE_FRAMES, longest)).round().astype(int))
    fig.frames = [go.Frame(name=str(cut), traces=list(range(first_path, first_path + len(paths))),
                           data=[dict(type="scatter", **_path_points(p, cut)) for p in paths.values()]) for cut in cuts]
    fig.update_layout(updatemenus=[dict(type="buttons", showactive=False, x=0, y=-0.1, xanchor="left", yanchor="top",
                                        buttons=[dict(label="▶ " + labels["play"], method="animate",
                                                      args=[None, dict(frame=dict(duration=80, redraw=False),
                                                                       transition=dict(duration=0), fromcurrent=False,
                                                                       mode="immediate")])])],
                      legend=dict(orientation="v", yanchor="top", y=1, x=1.02), margin=dict(t=40, b=50))
    fig.update_xaxes(range=surface.x_range, title="w₁", showgrid=False, constrain="domain")
    fig.update_yaxes(range=surface.y_range, title="w₂", scaleanchor="x", showgrid=False, constrain="domain")
    return fig


def _path_trace(path: lessons.Path, upto: int, name: str, colour: str) -> go.Scatter:
    return go.Scatter(mode="lines+markers", name=name, legendgroup=name, line=dict(color=colour, width=2),
                      marker=dict(size=4, color=colour), **_path_points(path, upto),
                      hovertemplate=name + " %{customdata[0]}: (%{x:.2f}, %{y:.2f}) → %{customdata[1]:.4f}<extra></extra>")


def _path_points(path: lessons.Path, upto: int) -> dict:
    """The first `upto` steps of a path: all an animation frame carries (plotly.js merges it into the trace)."""
    points = path.points[:upto]
    return dict(x=points[:, 0], y=points[:, 1],
                customdata=np.stack([np.arange(len(points)), path.losses[:upto]], axis=-1))
