from pathlib import Path

import streamlit as st

from cnnviz import datasets, ui

ui.page_header("home.title", "home.lead")

st.subheader(ui.tr("home.data_heading"))
for name in datasets.DATASETS:
    title = f"**{ui.tr(f'dataset.{name}')}** — "
    try:
        ds = ui.load_dataset(name)
    except datasets.DatasetError as exc:  # said in its place; the other dataset and the links still show
        st.error(title + ui.dataset_error(exc))
        continue
    (st.warning if ds.is_sample else st.success)(title + ui.source_line(ds))

st.subheader(ui.tr("home.pages_heading"))
cols = st.columns(2)
for i, (path, title, icon) in enumerate(ui.PAGES[1:]):
    with cols[i % 2]:
        st.page_link(path, label=ui.tr(title), icon=icon)
        st.caption(ui.tr(f"home.about.{Path(path).stem}"))

st.subheader(ui.tr("home.start_heading"))
st.markdown(ui.tr("home.start"))
