import streamlit as st

from cnnviz import datasets, ui, ui_data
from cnnviz.plots import data as plots

ui.page_header("data.title", "data.lead")
ui_data.upload_section()
ds = ui.dataset()
names = ui.class_names(ds)
colour = ds.input_shape[-1] == 3
ui.source_notice(ds)
splits = {ui.tr("common.train"): (ds.x_train, ds.y_train), ui.tr("common.test"): (ds.x_test, ds.y_test)}

st.header(ui.tr("data.labels_heading"))
st.markdown(ui.tr("data.labels_text"))
counts = {split: datasets.label_counts(y, ds.n_classes) for split, (_, y) in splits.items()}
cols = st.columns(2)
for col, (split, values) in zip(cols, counts.items()):
    with col:
        total = f"{int(values.sum()):,}"
        st.plotly_chart(plots.label_histogram({split: values}, names, ui.tr("common.count"),
                                              title=ui.tr("data.labels_chart", split=split, total=total)),
                        key=f"labels_{split}", width="stretch")

st.header(ui.tr("data.samples_heading"))
controls = st.columns([1, 1, 2, 1])
split = controls[0].radio(ui.tr("data.split"), list(splits), horizontal=True, key="data_split")
n = controls[1].slider(ui.tr("data.how_many"), 8, 64, 24, step=8)
chosen = controls[2].multiselect(ui.tr("data.only_classes"), range(len(names)), format_func=lambda c: names[c],
                                 placeholder=ui.tr("data.all_classes"))
if controls[3].button(ui.tr("data.reshuffle"), icon=":material/shuffle:"):
    st.session_state["data_seed"] = st.session_state.get("data_seed", 0) + 1
x, y = splits[split]
picked = datasets.sample_indices(y, n, st.session_state.get("data_seed", 0), list(chosen))
if len(picked):
    captions = [f"#{i} · {names[y[i]]}" for i in picked]
    st.plotly_chart(plots.sample_grid(x[picked], captions, ui.tr("common.pixel_value")), key="sample_grid",
                    width="stretch")
    st.caption(ui.tr("data.samples_caption_photos" if ds.is_photo else "data.samples_caption"))
else:  # own data files may lack a class
    st.info(ui.tr("data.no_such_images", split=split))

if ds.is_photo:
    ui_data.split_note(ds)
    st.header(ui.tr("data.resize_heading"))
    st.markdown(ui.tr("data.resize_text"))
    ui_data.resize_comparison(ds, st.session_state.get("data_seed", 0))
    st.subheader(ui.tr("data.sizes_heading"))
    ui_data.original_sizes(ds)

st.header(ui.tr("data.pixels_heading"))
stats, (hist_counts, edges) = ui.pixel_summary(ds)


def split_label(split: str) -> str:
    """"train", "test", or a colour channel of the training set ("train R")."""
    name, *channel = split.split()
    return ui.tr(f"common.{name}") + (f" · {ui.tr(f'data.channel_{channel[0]}')}" if channel else "")


places = {"min": 0, "max": 0, "mean": 1, "std": 1}  # min and max are pixel values: whole numbers, as numpy prints them
st.table({ui.tr(f"data.stat_{key}"): {split_label(split): f"{values[key]:.{n}f}" for split, values in stats.items()}
          for key, n in places.items()})
if colour:
    st.caption(ui.tr("data.channels_caption"))
st.plotly_chart(plots.intensity_histogram(hist_counts, edges, ui.tr("common.pixel_value"),
                                          ui.tr("data.pixel_count")), key="intensity", width="stretch")
st.caption(ui.tr("data.pixels_caption_photos") if ds.is_photo else
           ui.tr("data.pixels_caption", zero=f"{hist_counts[0] / hist_counts.sum():.0%}"))

st.header(ui.tr("data.inspector_heading"))
left, right = st.columns([1, 2])
with left:
    inspect_split = st.radio(ui.tr("data.split"), list(splits), horizontal=True, key="inspect_split")
    images, labels = splits[inspect_split]
    index = st.number_input(ui.tr("data.image_index", last=len(images) - 1), 0, len(images) - 1, 0)
    scaled = st.toggle(ui.tr("data.scaled"), help=ui.tr("data.scaled_help"))
    channel = st.radio(ui.tr("data.channel"), range(3), horizontal=True, key="inspect_channel",
                       format_func=lambda c: ui.tr(f"data.channel_{'RGB'[c]}")) if colour else None
    st.markdown(ui.tr("data.inspected", index=index, label=names[labels[index]], raw=int(labels[index])))
    st.plotly_chart(plots.digit(images[index], ui.tr("common.pixel_value"), ui.hover_axes()), key="inspect_small",
                    width="stretch")
with right:
    value = ui.tr("data.scaled_value" if scaled else "common.pixel_value")
    plane = images[index] if channel is None else images[index][..., channel]
    st.plotly_chart(plots.pixel_values(plane, scaled, value, ui.hover_axes()), key="inspect_pixels",
                    width="stretch")
st.caption(ui.tr("data.inspector_caption_colour" if colour else "data.inspector_caption", h=ds.input_shape[0],
                 w=ds.input_shape[1]))

st.header(ui.tr("data.shapes_heading"))
n_train = len(ds.x_train)
batch = st.select_slider(ui.tr("data.batch_size"), [32, 64, 100, 128, 256], 100, help=ui.glossary("batch"))
steps, last = datasets.steps_per_epoch(n_train, batch)
height, width, channels = ds.input_shape
st.markdown(ui.tr("data.shapes_text_colour" if channels == 3 else "data.shapes_text", n_fmt=f"{n_train:,}", h=height,
                  w=width, batch=batch, steps=f"{steps:,}", last=last))
lines = [(code, f"{shown}  ← {ui.tr(f'data.axes_{about}')}" if about else shown)
         for code, shown, about in datasets.shapes_walkthrough(ds, batch)]
st.code(datasets.notebook_cell(["from keras.utils import to_categorical", ""], lines), language="python")
st.caption(ui.tr("data.shapes_caption"), help=ui.glossary("one_hot"))
