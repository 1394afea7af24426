import streamlit as st

from cnnviz import ui, ui_build, ui_state
from cnnviz.plots import architecture as plots

ui.page_header("build.title", "build.lead")
ui_build.url_notice()
ui_build.preset_buttons()
spec = ui_build.current_spec()
summary, error = ui_build.check(spec)
ui_state.sync_url()  # the stack was read from the address just now: keep it there

if summary:
    ui_build.totals(summary)
left, right = st.columns([2, 3], gap="large")
with left:
    st.subheader(ui.tr("build.layers"))
    ui_build.layer_editor(summary, error)
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

st.header(ui.tr("build.table"))
ui_build.summary_table(summary)
st.caption(ui.tr("build.table_caption"))

st.header(ui.tr("build.export"))
ui_build.export(spec)
