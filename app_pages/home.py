import streamlit as st

from cnnviz import datasets, photos, ui, ui_state

ui.page_header("home.title", "home.lead")

st.subheader(ui.tr("home.data_heading"))
for name in datasets.available(ui_state.workspace()):
    title = f"**{ui.dataset_label(name)}** — "
    try:
        ds = ui.load_dataset(name)
    except (datasets.DatasetError, photos.PhotoError) as exc:  # said in its place; the rest still shows
        st.error(title + ui.dataset_error(exc))
        continue
    (st.warning if ds.is_sample else st.success)(title + ui.source_line(ds))

st.subheader(ui.tr("home.pages_heading"))
cols = st.columns(2)
for i, name in enumerate(list(ui.PAGES)[1:]):
    with cols[i % 2]:
        ui.page_link(name)
        st.caption(ui.tr(f"home.about.{name}"))

st.subheader(ui.tr("home.start_heading"))
st.markdown(ui.tr("home.start"))
