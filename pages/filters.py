import streamlit as st

from cnnviz import ui

st.title(ui.tr("nav.filters"))
