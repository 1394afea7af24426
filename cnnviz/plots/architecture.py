"""The network as boxes: each volume height × width × channels drawn as a block, flat vectors as bars.

Like the hand-drawn LeNet figures: the front face's height is the image size, its width the number
of channels (log scale, or 512 filters would push everything off screen), and the slanted top face
the image width. Shape-preserving layers (Dropout, BatchNormalization, softmax) join the label
of the block they follow instead of drawing a copy of it.
"""
from __future__ import annotations

import math

import numpy as np
import plotly.graph_objects as go

from cnnviz.architecture import AUGMENTATIONS, Summary, keras_class
from cnnviz.plots import PALETTE, figure

COLOURS = {"input": "#9e9e9e", "conv2d": PALETTE[0], "maxpool2d": PALETTE[2], "avgpool2d": PALETTE[5],
           "flatten": PALETTE[4], "gap2d": PALETTE[4], "dense": PALETTE[1], "logits": PALETTE[3]}
SHADES = {"top": "rgba(255,255,255,0.45)", "side": "rgba(0,0,0,0.22)"}  # drawn over every block's colour
MERGED = ("dropout", "batchnorm", "softmax", "sigmoid", *AUGMENTATIONS)
FACE = 100  # front-face height of the biggest image, in plot units
SLANT = 0.45  # how far the top face leans per unit of image width
GAP = 34


def _describe(row) -> str:
    """What a layer does, in Keras's terms (language-neutral)."""
    if row.kind in AUGMENTATIONS:
        return keras_class(row.kind).removeprefix("Random")
    return {"conv2d": "Conv2D", "maxpool2d": "MaxPool", "avgpool2d": "AvgPool", "flatten": "Flatten",
            "gap2d": "GAP", "dense": "Dense", "logits": "Dense", "dropout": "Dropout",
            "batchnorm": "BatchNorm", "softmax": "softmax", "sigmoid": "sigmoid"}[row.kind]


def _shape_text(shape) -> str:
    return "×".join(str(d) for d in shape)


def blocks(summary: Summary, input_label: str = "Input") -> list[dict]:
    """One block per distinct volume: its shape, kind, label lines and the rows it stands for."""
    out = [dict(kind="input", shape=summary.input_shape, title=input_label, names=["input"], params=0)]
    for row in summary.rows:
        if row.kind in MERGED:
            out[-1]["title"] += f"<br>+ {_describe(row)}"
            out[-1]["names"].append(row.name)
            out[-1]["params"] += row.params
        else:
            out.append(dict(kind=row.kind, shape=row.output_shape, title=_describe(row), names=[row.name],
                            params=row.params))
    return out


def volume_diagram(summary: Summary, params_label: str = "parameters", input_label: str = "Input",
                   height: int = 300) -> go.Figure:
    """The volumes flowing through the network, left to right, with their shapes underneath."""
    items = blocks(summary, input_label)
    spatial = [b["shape"] for b in items if len(b["shape"]) == 3]
    biggest = max(max(s[0], s[1]) for s in spatial) if spatial else 1
    faces = {}  # kind or face -> polygon xs, ys (None-separated: one filled trace per colour)
    hover_x, hover_y, hover_text = [], [], []
    label_x, label_y, labels = [], [], []
    x = 0.0
    for block in items:
        shape = block["shape"]
        if len(shape) == 3:
            h = 8 + FACE * shape[0] / biggest
            depth = 8 + 6 * math.log2(shape[2]) if shape[2] > 1 else 5
            lean = SLANT * (8 + FACE * shape[1] / biggest)
        else:
            h = min(150.0, 16 + 30 * math.log10(max(shape[0], 1)))
            depth, lean = 6.0, 3.0
        y0, y1 = -h / 2, h / 2
        top_y = y1 + lean * 0.6
        outline = ([x, x + depth, x + depth + lean, x + depth + lean, x + lean, x, x],
                   [y0, y0, y0 + lean * 0.6, top_y, top_y, y1, y0])
        polygons = {
            block["kind"]: outline,  # the whole block in its colour, then the top lightened, the side darkened
            "top": ([x, x + lean, x + depth + lean, x + depth, x], [y1, top_y, top_y, y1, y1]),
            "side": ([x + depth, x + depth + lean, x + depth + lean, x + depth, x + depth],
                     [y0, y0 + lean * 0.6, top_y, y1, y0]),
        }
        for key, (xs, ys) in polygons.items():
            fx, fy = faces.setdefault(key, ([], []))
            fx.extend(xs + [math.nan])
            fy.extend(ys + [math.nan])
        centre = x + (depth + lean) / 2
        hover_x.append(centre)
        hover_y.append(0)
        hover_text.append(f"<b>{', '.join(block['names'])}</b><br>{shape}<br>{block['params']:,} {params_label}")
        label_x += [centre, centre]
        label_y += [top_y + 8, y0 - 8]
        labels += [block["title"], _shape_text(shape)]
        widest = max(len(line) for line in [*block["title"].split("<br>"), _shape_text(shape)])
        x += max(depth + lean + GAP, 11 * widest)
    fig = figure(height=height)
    # numpy arrays (NaN = gap between polygons) skip plotly's per-element validation of lists
    fig.add_traces([go.Scatter(x=np.array(xs), y=np.array(ys), fill="toself", fillcolor=SHADES.get(key) or COLOURS[key],
                               mode="lines", line=dict(color="white", width=1), hoverinfo="skip", showlegend=False)
                    for key, (xs, ys) in sorted(faces.items(), key=lambda item: item[0] in SHADES)] + [
        go.Scatter(x=np.array(label_x), y=np.array(label_y), text=labels, mode="text", hoverinfo="skip",
                   showlegend=False, textposition=["top center", "bottom center"] * len(items),
                   textfont=dict(size=11)),
        go.Scatter(x=np.array(hover_x), y=np.array(hover_y), mode="markers", marker=dict(size=24, opacity=0),
                   hovertext=hover_text, hoverinfo="text", showlegend=False)])
    top = max(label_y) + 16 * max(b["title"].count("<br>") + 1 for b in items) + 10
    fig.update_xaxes(visible=False, range=[-20, x + 10])
    fig.update_yaxes(visible=False, range=[-top, top], fixedrange=True)
    fig.update_layout(margin=dict(l=0, r=0, t=10, b=0), dragmode=False)
    return fig


def parameter_shares(summary: Summary, params_label: str, height: int = 260) -> go.Figure:
    """Horizontal bars of parameters per layer, so it is plain which layer holds most of them."""
    rows = [r for r in summary.rows if r.params]
    total = summary.total_params or 1
    fig = figure(height=max(height, 28 * len(rows) + 40))
    fig.add_trace(go.Bar(
        y=[f"{r.name} ({keras_class(r.kind)})" for r in rows], x=[r.params for r in rows], orientation="h",
        marker_color=[COLOURS.get(r.kind, PALETTE[0]) for r in rows],
        text=[f"{r.params / total:.1%}" for r in rows], textposition="outside", cliponaxis=False,
        hovertemplate="%{y}<br>%{x:,} " + params_label + "<extra></extra>"))
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(title=params_label, tickformat=",", range=[0, max(r.params for r in rows) * 1.15])
    return fig
