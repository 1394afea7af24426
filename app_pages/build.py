import streamlit as st

from cnnviz import augmentation, ui, ui_build, ui_state
from cnnviz.plots import architecture as plots
from cnnviz.plots import data as data_plots

ui.page_header("build.title", "build.lead")
ds = ui.dataset()
shape, classes = ds.input_shape, ds.n_classes
ui_build.url_notice()
ui_build.preset_buttons(shape, classes, ds.is_photo)
spec = ui_build.current_spec(classes)
summary, error = ui_build.check(spec, shape, classes)
ui_state.sync_url()  # the stack was read from the address just now: keep it there

if summary:
    ui_build.totals(summary)
left, right = st.columns([2, 3], gap="large")
with left:
    st.subheader(ui.tr("build.layers"))
    ui_build.layer_editor(summary, error, shape, classes, ui.class_names(ds))
with right:
    if error:
        st.error(ui_build.message(error), icon=":material/error:")
        st.info(ui.tr("build.invalid"))
        st.stop()
    st.subheader(ui.tr("build.diagram"))
    st.plotly_chart(plots.volume_diagram(summary, ui.tr("build.parameters"), ui.tr("build.input_label")),
                    key="build_diagram", width="stretch")
    st.caption(ui.tr("build.diagram_caption"))
    st.subheader(ui.tr("build.shares"))
    st.plotly_chart(plots.parameter_shares(summary, ui.tr("build.parameters")), key="build_shares", width="stretch")
    st.caption(ui.tr("build.shares_caption"))

if augmentation.augmentation_layers(spec):
    st.header(ui.tr("build.augment_heading"))
    index = st.number_input(ui.tr("build.augment_image", last=len(ds.x_train) - 1), 0, len(ds.x_train) - 1, 0,
                            key="build_augment_image")
    copies = augmentation.augmented_copies(spec, ds.x_train[index], seed=index)
    st.plotly_chart(data_plots.sample_grid(copies, [ui.tr("build.augment_original")] + [""] * (len(copies) - 1),
                                           ui.tr("common.pixel_value"), cols=9), key="build_augment", width="stretch")
    st.caption(ui.tr("build.augment_caption"))

st.header(ui.tr("build.table"))
ui_build.summary_table(summary)
st.caption(ui.tr("build.table_caption"))

st.header(ui.tr("build.export"))
ui_build.export(spec, shape, classes)
