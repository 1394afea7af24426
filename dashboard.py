"""cnnviz: `streamlit run dashboard.py`. Sidebar choices, the address, then the chosen page."""
if __name__ == "__main__":  # not in a training worker (started by a page, it imports this file as its main)
    import streamlit as st

    from cnnviz import ui, ui_runs, ui_state

    st.set_page_config(page_title="cnnviz", page_icon=":material/neurology:", layout="wide")
    ui.sidebar()
    ui_runs.sidebar_status()
    ui_state.sync_url()
    ui.navigation()
