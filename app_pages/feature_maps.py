import numpy as np
import streamlit as st

from cnnviz import datasets, inside, runs, ui, ui_epochs, ui_inside, ui_models, ui_state
from cnnviz.plots import inside as plots
from cnnviz.plots import signed_map

tr = ui.translator()
ui.page_header("fmaps.title", "fmaps.lead")
run = ui_inside.run_or_import()
try:
    epoch_model = ui_models.epoch_model(run)
    untrained = ui_models.feature_maps(run, ui_models.INITIAL)
except runs.RunError as exc:
    st.error(tr("inside.model_error", error=str(exc)))
    st.stop()
ds = ui.run_dataset(run)
names = ui.class_names(ds)
ui_inside.run_line(run)
epoch = ui_epochs.epoch_control(run)
trained = epoch_model.pinned(epoch, epoch_model.feature_maps)  # the network after the chosen epoch
trained_label, untrained_label = ui_epochs.column_label(epoch), tr("inside.untrained")

# Input: a test image, or one sent by another page (Evaluate, Draw).
st.header(tr("fmaps.input_heading"))
sent = ui_state.feature_maps_input()
if sent is not None and not trained.takes(sent.pixels):
    st.warning(tr("fmaps.bad_input"))
    sent = None
if sent is not None and st.session_state.get("fm_last_sent") != sent.caption:
    st.session_state["fm_last_sent"] = sent.caption
    st.session_state["fm_source"] = "sent"  # a newly sent image is what the learner wants to see
pick, shown = st.columns([2, 1], gap="large")
with pick:
    sources = ["sent", "dataset"] if sent is not None else ["dataset"]
    source = st.radio(tr("fmaps.source"), sources, horizontal=True, key="fm_source",
                      format_func=lambda s: tr("fmaps.source_sent", caption=sent.caption) if s == "sent"
                      else tr("fmaps.source_dataset"))
    if source == "dataset":
        last = len(ds.x_test) - 1
        if st.session_state.get("fm_index", 0) > last:  # the dataset changed to a smaller test set
            st.session_state["fm_index"] = 0

        def pick_random():
            """A random test image of the chosen class (of any class if none is chosen)."""
            index = datasets.random_index(ds.y_test, st.session_state.get("fm_class"), np.random.default_rng())
            if index is not None:  # own data files may lack a class: the page says so below
                st.session_state["fm_index"] = index

        cols = st.columns(3)  # equal thirds: "Random image" fits on one line
        cols[1].selectbox(tr("fmaps.class"), [None, *range(len(names))], key="fm_class", on_change=pick_random,
                          format_func=lambda c: tr("fmaps.any_class") if c is None else names[c])
        cols[2].button(tr("fmaps.random"), icon=":material/shuffle:", on_click=pick_random)
        index = cols[0].number_input(tr("fmaps.index", last=last), 0, last, key="fm_index")
        wanted = st.session_state.get("fm_class")
        if wanted is not None and wanted not in ds.y_test:
            st.warning(tr("fmaps.class_missing", name=names[wanted]))
        pixels = datasets.unit_pixels(ds.x_test[index])
        caption = tr("fmaps.test_caption", index=index, label=names[ds.y_test[index]])
    else:
        pixels, caption = sent.pixels, sent.caption
    norm = st.radio(tr("fmaps.normalise"), inside.NORMALISATIONS, horizontal=True, key="fm_norm",
                    format_func=lambda m: tr(f"fmaps.norm.{m}"), help=tr("fmaps.norm_help"))
    compare = st.toggle(tr("fmaps.compare"), value=True, key="fm_compare", help=tr("fmaps.compare_help"))

outputs, outputs0 = trained(pixels), untrained(pixels)
probs = inside.probabilities(outputs[trained.layers[-1].name], trained.outputs_probabilities)
probs0 = inside.probabilities(outputs0[untrained.layers[-1].name], untrained.outputs_probabilities)
with shown:
    st.plotly_chart(plots.input_image(pixels, tr("common.pixel_value"), ui.hover_axes()), key="fm_input_image",
                    width="stretch")
    st.caption(tr("fmaps.input_caption", caption=caption, h=ds.input_shape[0], w=ds.input_shape[1]))
    best, best0 = int(np.argmax(probs)), int(np.argmax(probs0))
    st.markdown(tr("fmaps.prediction", model=ui_epochs.model_label(epoch), label=names[best], p=f"{probs[best]:.1%}"))
    if compare:
        st.caption(tr("fmaps.prediction_untrained", label=names[best0], p=f"{probs0[best0]:.1%}"))

# Every layer's output: image-like outputs as grids of maps, vectors as bars, the softmax as probabilities.
st.header(tr("fmaps.layers_heading"))
st.caption(tr("fmaps.click_hint"))
models = [outputs, outputs0] if compare else [outputs]
labels = [trained_label, untrained_label] if compare else [trained_label]
tiles = [inside.image_outputs(model_outputs) for model_outputs in models]
scaled = inside.normalise(tiles, norm)
focus_layer = st.session_state.get("fm_focus", next(iter(tiles[0]), None))


def _focus(layer: str, chart_key: str) -> None:
    """Chart callback: a click on a map (its invisible centre marker) makes it the map shown large."""
    points = st.session_state[chart_key].selection.points
    if points:
        st.session_state["fm_focus"] = layer
        st.session_state[f"fm_closer_{layer}"] = int(points[0]["customdata"])


def closer_look(layer: str) -> None:
    """One map large, in raw values, trained next to untrained on one scale, values on hover."""
    count = tiles[0][layer].shape[0]
    key = f"fm_closer_{layer}"
    if st.session_state.get(key, 0) >= count:
        st.session_state[key] = 0
    title, number = st.columns([3, 1], vertical_alignment="bottom")
    index = number.number_input(tr("fmaps.closer_map"), 0, count - 1, key=key)
    title.markdown("**" + tr("fmaps.closer", i=index, layer=layer) + "**")
    peak = inside.map_peak(tiles, layer, index)
    for col, t, label in zip(st.columns(len(tiles)), tiles, labels):
        with col:
            st.markdown(label)
            st.plotly_chart(signed_map(t[layer][index], peak, tr("inside.value"), ui.hover_axes()),
                            key=f"fm_big_{layer}_{label}", width="stretch")
    st.caption(tr("fmaps.closer_caption", peak=f"{peak:.3g}"))
    ui_epochs.map_over_epochs(run, pixels, layer, index)


last_name = trained.layers[-1].name
for info in trained.layers:
    st.subheader(tr("fmaps.layer_title", name=info.name, kind=info.kind))
    about = tr(f"fmaps.kind.{inside.described_kind(info.kind)}")
    if inside.is_augmentation(info.kind):
        st.caption(about)
    elif info.name in tiles[0]:
        _, h, w, c = info.shape
        st.markdown(tr("fmaps.maps_shape", shape=info.shape, count=c, h=h, w=w) + " " + about)
        for col, maps, label in zip(st.columns(len(models), gap="large"), scaled, labels):
            with col:
                if compare:
                    st.markdown(f"*{label}*")
                chart_key = f"fm_grid_{info.name}_{label}"
                st.plotly_chart(plots.feature_grid(maps[info.name], 8, tr("inside.scaled"),
                                                   tile_px=64 if compare else 80),
                                key=chart_key, width="stretch", on_select=lambda n=info.name, k=chart_key: _focus(n, k),
                                selection_mode="points")
        peak = inside.scale_peak(tiles, info.name, norm)
        st.caption(tr("fmaps.maps_caption", how=tr(f"fmaps.norm_said.{norm}", peak=f"{peak:.3g}")))
        if info.name == focus_layer:
            closer_look(info.name)
    elif info.name == last_name and (trained.outputs_probabilities or info.kind in ("Softmax", "Activation")):
        st.markdown(tr("fmaps.probabilities"))
        st.plotly_chart(plots.probability_bars(dict(zip(labels, [probs, probs0])), names,
                                               tr("fmaps.probability")), key="fm_probs", width="stretch")
    else:
        values = [m[info.name].reshape(-1) for m in models]
        st.markdown(tr("fmaps.vector_shape", shape=info.shape, n=values[0].size) + " " + about)
        if values[0].size > 512:
            st.plotly_chart(plots.vector_strips(dict(zip(labels, values))), key=f"fm_strip_{info.name}",
                            width="stretch")
        else:
            st.plotly_chart(plots.vector_bars(dict(zip(labels, values)), tr("fmaps.unit"), tr("inside.value"),
                                              names if trained.is_class_scores(info.name) else None),
                            key=f"fm_bars_{info.name}", width="stretch")
