import math

import streamlit as st

from cnnviz import projection, runs, ui, ui_epochs, ui_inside, ui_models, ui_projection, ui_runs

ui.page_header("projection.title", "projection.lead")
run = ui_runs.require_active_run()
ds = ui.run_dataset(run)
ui_inside.run_line(run)
try:
    epoch_model = ui_models.epoch_model(run)
    penultimate = projection.penultimate(epoch_model.model)
except runs.RunError as exc:
    st.error(ui.tr("inside.model_error", error=str(exc)))
    st.stop()
except projection.ProjectionError:
    st.info(ui.tr("projection.no_dense"))
    st.stop()
epoch = ui_epochs.epoch_control(run)

fixed = ui.translator()
method = st.radio(ui.tr("projection.method"), projection.METHODS, horizontal=True, key="proj_method",
                  format_func=lambda m: fixed(f"projection.method_{m}"), help=ui.tr("projection.method_help"))
sample = ui_projection.sample(ds)
st.markdown(ui.tr("projection.sample_text", n=f"{len(sample):,}", per=f"{len(sample) // ds.n_classes:,}",
                  layer=projection.penultimate_name(epoch_model.model), d=f"{math.prod(penultimate.shape[1:]):,}"))

epochs = [0, epoch] if epoch else [0]
for e in reversed(epochs):  # the chosen epoch's map first: t-SNE jobs queue one behind the other
    ui_projection.job(run, ds, e, method)
maps = {}
for col, e in zip(st.columns(len(epochs), gap="large"), epochs):
    with col:
        st.subheader(ui_epochs.column_label(e))
        maps[e] = ui_projection.show_map(run, ds, e, method, key=f"proj_map_{'epoch' if e else 'untrained'}")
st.caption(ui.tr("projection.map_caption"))

st.header(ui.tr("projection.picked_heading"))
ui_projection.picked_image(ds, maps[epoch], epoch)

st.header(ui.tr("projection.outliers_heading"))
st.markdown(ui.tr("projection.outliers_text", model=ui_epochs.model_label(epoch)))
if maps[epoch] is not None:
    ui_projection.outlier_gallery(ds, maps[epoch])
