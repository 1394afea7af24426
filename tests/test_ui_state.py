"""The state contract: what a session remembers, and how it maps to the page address."""
from streamlit.testing.v1 import AppTest

from cnnviz import architecture, ui_state
from tests.conftest import ROOT


def _app():
    import streamlit as st

    from cnnviz import ui, ui_state

    ui.sidebar()
    ui_state.sync_url()
    st.write(f"{ui_state.lang()} {ui_state.dataset_name()} {ui_state.workspace()}")


def test_the_address_sets_a_new_session_and_follows_it():
    at = AppTest.from_function(_app, default_timeout=60)
    at.query_params.update({"lang": "ko", "dataset": "fashion_mnist", "ws": "class-7b"})
    at.run()
    assert at.markdown[-1].value == "ko fashion_mnist class-7b"
    at.sidebar.radio(key="widget_lang").set_value("en").run()
    assert at.query_params["lang"] == "en" and at.query_params["ws"] == "class-7b"


def test_invalid_address_values_are_ignored():
    at = AppTest.from_function(_app, default_timeout=60)
    at.query_params.update({"lang": "xx", "dataset": "../../etc", "ws": "no spaces!"})
    at.run()
    lang, dataset, ws = at.markdown[-1].value.split()
    assert (lang, dataset) == ("en", "mnist") and ws != "no spaces!" and len(ws) >= 4
    assert at.query_params["ws"] == ws  # a made-up workspace goes into the address, so a reload keeps it


def _stack_app():
    from cnnviz import ui_state

    ui_state.put(ui_state.BUILD_STACK, [[0, {"kind": "flatten"}], [1, {"kind": "dense", "units": 8,
                                                                       "activation": "relu"}]])
    ui_state.sync_url()


def test_the_build_stack_goes_into_the_address():
    at = AppTest.from_function(_stack_app, default_timeout=60).run()
    assert at.query_params["arch"] == architecture.encode([{"kind": "flatten"}, {"kind": "dense", "units": 8}])


def test_every_setting_has_its_own_key_and_every_page_a_file():
    keys = [setting.key for setting in ui_state.SETTINGS]
    assert len(keys) == len(set(keys))
    assert all((ROOT / page.path).is_file() for page in ui_state.PAGES.values())
    assert list(ui_state.PAGES)[0] == "home"


def test_the_collector_after_each_run_skips_the_imported_modules():
    """Streamlit has Keras collect garbage fully after each run of each session, holding every session up: the
    objects of TensorFlow, Keras and plotly, which live as long as the server, are frozen out of that."""
    import subprocess
    import sys

    script = "import gc; from cnnviz import ui; print(gc.get_freeze_count(), len(gc.get_objects()))"
    frozen, scanned = map(int, subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                                              text=True, check=True).stdout.split())
    assert frozen > 200_000 and scanned < frozen / 10
