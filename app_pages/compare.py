import streamlit as st

from cnnviz import projection, ui, ui_compare

ui.page_header("compare.title", "compare.lead")
options = ui_compare.candidates()
if len(options) < 2:
    st.info(ui.tr("compare.need_two", dataset=ui.dataset_label(ui.dataset().name), n=len(options)))
    ui.page_link("train", "train.go_train")
    st.stop()
pair = ui_compare.pick_runs(options)
if pair[0].id == pair[1].id:
    st.info(ui.tr("compare.same_run"))
    st.stop()
ds, other = ui.run_dataset(pair[0]), ui.run_dataset(pair[1])
if ds.input_shape != other.input_shape:
    st.warning(ui.tr("compare.shapes_differ", a=str(ds.input_shape), b=str(other.input_shape)))
    st.stop()
epoch_models = ui_compare.models(pair)
epoch = ui_compare.epoch_slider(*pair)
pixels, index = ui_compare.pick_image(ds)
names = ui.class_names(ds)
st.caption(ui.tr("compare.image_line", index=index, label=names[ds.y_test[index]]))

conv = ui_compare.conv_choice(epoch_models)
if conv is not None:
    st.header(ui.tr("compare.filters_heading"))
    ui_compare.filters(pair, epoch_models, epoch, conv)
    st.header(ui.tr("compare.maps_heading"))
    ui_compare.feature_maps(pair, epoch_models, epoch, conv, pixels)
st.header(ui.tr("compare.cam_heading"))
ui_compare.grad_cam(pair, epoch_models, epoch, pixels, names)

st.header(ui.tr("compare.map_heading"))
fixed = ui.translator()
method = st.radio(ui.tr("projection.method"), projection.METHODS, horizontal=True, key="cmp_method",
                  format_func=lambda m: fixed(f"projection.method_{m}"), help=ui.tr("projection.method_help"))
ui_compare.projection_maps(pair, ds, epoch, method)
