"""Streamlit side of the Compare page: two runs of one dataset side by side, at one epoch, for one image.

Each run is shown through its own `EpochModel` (its weights swapped to the chosen epoch), so the two columns
of every section are the two networks at the same point of their training: the first conv layer's kernels,
one conv layer's maps of the image, Grad-CAM of each network's answer, and the map of what each learned.
"""
from __future__ import annotations

import numpy as np
import streamlit as st

from cnnviz import datasets, gradcam, inside, runs, snapshots, ui, ui_models, ui_projection, ui_runs, ui_state
from cnnviz.plots import draw as draw_plots
from cnnviz.plots import inside as plots

SIDES = ("a", "b")
EPOCH, INDEX, CONV = "cmp_epoch", "cmp_index", "cmp_conv"  # this page's session keys


def candidates() -> list[runs.Run]:
    """The usable runs of the sidebar's dataset in this workspace (shared ones included), newest first."""
    return [r for r in ui_runs.workspace_runs() if r.usable and r.dataset == ui_state.dataset_name()]


def pick_runs(options: list[runs.Run]) -> tuple[runs.Run, runs.Run]:
    """Two run pickers: the active run on the left, the next newest on the right, unless the learner chose."""
    by_id = {r.id: r for r in options}
    ids = list(by_id)
    active = ui_state.active_run_id()
    first = active if active in by_id else ids[0]
    second = next(i for i in ids if i != first)
    for side, default in zip(SIDES, (first, second)):
        if st.session_state.get(f"cmp_run_{side}") not in by_id:
            st.session_state[f"cmp_run_{side}"] = default
    labels = {i: ui_runs.run_label(r) for i, r in by_id.items()}  # worked out now, in the page's language
    picked = []
    for col, side in zip(st.columns(2, gap="large"), SIDES):
        picked.append(by_id[col.selectbox(ui.tr(f"compare.run_{side}"), ids, key=f"cmp_run_{side}",
                                          format_func=labels.__getitem__)])
    return picked[0], picked[1]


def epoch_slider(a: runs.Run, b: runs.Run) -> int:
    """One epoch for both runs: those both kept (0, the untrained network, always); the last by default."""
    common = snapshots.common_epochs(a, b)
    if st.session_state.get(EPOCH) not in common:
        st.session_state[EPOCH] = common[-1]
    fixed = ui.translator()
    epoch = st.select_slider(ui.tr("epochs.label"), common, key=EPOCH, disabled=len(common) < 2,
                             format_func=lambda e: fixed("epochs.option_untrained") if e == 0 else str(e),
                             help=ui.tr("compare.epoch_help"))
    every = sorted(set(snapshots.epochs(a)) | set(snapshots.epochs(b)))
    if every != common:
        st.caption(ui.tr("compare.epochs_common", n=len(common), total=len(every)))
    return epoch


def pick_image(ds: datasets.Dataset) -> tuple[np.ndarray, int]:
    """A test image both networks look at: (pixels in 0..1, its test-set index)."""
    last = len(ds.x_test) - 1
    if st.session_state.get(INDEX, 0) > last:
        st.session_state[INDEX] = 0

    def pick_random():
        st.session_state[INDEX] = int(np.random.default_rng().integers(0, last + 1))

    number, button = st.columns([3, 1], vertical_alignment="bottom")
    index = number.number_input(ui.tr("fmaps.index", last=last), 0, last, key=INDEX)
    button.button(ui.tr("fmaps.random"), icon=":material/shuffle:", on_click=pick_random, key="cmp_random")
    return datasets.unit_pixels(ds.x_test[index]), int(index)


def models(pair: tuple[runs.Run, runs.Run]) -> list[snapshots.EpochModel]:
    """Each run's one model whose weights follow the epoch; stops the page if either cannot be read."""
    try:
        return [ui_models.epoch_model(run) for run in pair]
    except runs.RunError as exc:
        st.error(ui.tr("inside.model_error", error=str(exc)))
        st.stop()


def _headers(pair, epoch: int) -> list:
    cols = st.columns(2, gap="large")
    for col, run in zip(cols, pair):
        col.markdown(ui.tr("compare.column", name=run.name, epoch=ui.tr("epochs.column_after", epoch=epoch) if epoch
                           else ui.tr("epochs.column_untrained")))
    return cols


def conv_choice(epoch_models: list[snapshots.EpochModel]) -> int | None:
    """Which conv layer (by position: 1st, 2nd, ...) the Filters and Feature maps sections show; None if a
    network has none."""
    convs = [[layer.name for layer in inside.conv_layers(m.model)] for m in epoch_models]
    count = min(len(c) for c in convs)
    if count == 0:
        return None
    if st.session_state.get(CONV, 0) >= count:
        st.session_state[CONV] = 0
    labels = [ui.tr("compare.conv_option", k=k + 1, a=convs[0][k], b=convs[1][k]) for k in range(count)]
    return st.selectbox(ui.tr("compare.conv"), list(range(count)), key=CONV, format_func=labels.__getitem__)


def filters(pair, epoch_models, epoch: int, k: int) -> None:
    """The k-th conv layer's kernels of both networks at `epoch`, on one colour scale."""
    tiles = []
    for m in epoch_models:
        with m.at(epoch):
            kernel, _ = inside.kernel_and_bias(inside.conv_layers(m.model)[k])
        tiles.append(inside.kernel_tiles(kernel, None if kernel.shape[2] > 1 else 0))
    scale = inside.kernel_scale("layer", *tiles)
    for col, t, side in zip(_headers(pair, epoch), tiles, SIDES):
        col.plotly_chart(plots.kernel_grid(t, scale, ui.tr("inside.weight")), key=f"cmp_kernels_{side}",
                         width="stretch")
    st.caption(ui.tr("compare.filters_caption", scale=f"{scale:.2f}"))


def feature_maps(pair, epoch_models, epoch: int, k: int, pixels: np.ndarray) -> None:
    """The k-th conv layer's maps of the image in both networks at `epoch`, on one scale."""
    maps = []
    for m in epoch_models:
        name = inside.conv_layers(m.model)[k].name
        with m.at(epoch):
            maps.append({"maps": inside.image_outputs(m.feature_maps(pixels))[name]})
    scaled = inside.normalise(maps, "layer")
    peak = inside.scale_peak(maps, "maps", "layer")
    for col, s, side in zip(_headers(pair, epoch), scaled, SIDES):
        col.plotly_chart(plots.feature_grid(s["maps"], 8, ui.tr("inside.scaled"), tile_px=56),
                         key=f"cmp_maps_{side}", width="stretch")
    st.caption(ui.tr("compare.maps_caption", peak=f"{peak:.3g}"))


def grad_cam(pair, epoch_models, epoch: int, pixels: np.ndarray, names: list[str]) -> None:
    """Each network's answer for the image at `epoch`, and where it looked for it (Grad-CAM)."""
    for col, m, side in zip(_headers(pair, epoch), epoch_models, SIDES):
        explainer = m.pinned(epoch, m.explainer)
        with col:
            try:
                probs = explainer.predict(pixels)
                top = int(np.argmax(probs))
                st.markdown(ui.tr("compare.says", label=names[top], p=f"{probs[top]:.1%}"))
                cam = gradcam.explain(explainer, pixels, top)
            except gradcam.GradCamError:
                st.info(ui.tr("draw.cam_none"))
                continue
            st.plotly_chart(draw_plots.gradcam_overlay(pixels, cam.heat, ui.tr("draw.cam_strength"), ui.hover_axes(),
                                                       height=260), key=f"cmp_cam_{side}", width="stretch")
            st.caption(" ".join([ui.tr("draw.cam_caption", name=names[top], layer=explainer.layer_name)]
                                + [ui.tr(f"draw.cam_{note}") for note in cam.notes]))


def projection_maps(pair, ds: datasets.Dataset, epoch: int, method: str) -> None:
    """The map of what each network learned at `epoch`, made in the background like the Map page's."""
    for run in pair:
        ui_projection.job(run, ds, epoch, method)
    for col, run, side in zip(_headers(pair, epoch), pair, SIDES):
        with col:
            ui_projection.show_map(run, ds, epoch, method, key=f"cmp_map_{side}", height=400)
    st.caption(ui.tr("compare.map_caption"))
