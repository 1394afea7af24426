"""cnnviz: `streamlit run dashboard.py`. Sidebar choices, then the chosen page."""
import streamlit as st

from cnnviz import ui, ui_runs

st.set_page_config(page_title="cnnviz", page_icon=":material/neurology:", layout="wide")
ui.sidebar()
ui_runs.sidebar_status()
ui.navigation()
