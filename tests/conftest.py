"""Every test runs offline, on the bundled sample, with its own empty CNNVIZ_HOME."""
import os
import time
from pathlib import Path

import pytest

from scripts.ray_cluster import LOOPBACK_ENV

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "assets" / "sample"
SHARED_MNIST = ROOT.parent / "shared" / "data" / "mnist"
SHARED_PHOTOS = ROOT.parent / "shared" / "data" / "cats_vs_dogs"  # 1,000 cats/ and 1,000 dogs/ JPEGs

os.environ["CNNVIZ_OFFLINE"] = "1"
os.environ["CNNVIZ_DATA_DIR"] = str(SAMPLE)  # the sample, even where full data is installed
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ["CNNVIZ_MAX_TRAININGS"] = "1"  # the same line on every machine: one training at a time ...
os.environ["CNNVIZ_TRAINING_CPUS"] = "1"  # ... on one core, leaving the other to the tests
os.environ.update(LOOPBACK_ENV)  # a test Ray cluster binds 127.0.0.1 only; read when ray is imported

pytest_plugins = ["tests.fixtures"]


def run_page(path: str, lang: str = "en", dataset: str = "mnist", **state):
    """Run one page of the dashboard under Streamlit's AppTest, with session state preset."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=180)
    for key, value in {"lang": lang, "dataset": dataset, **state}.items():
        at.session_state[key] = value
    at.switch_page(path)
    at.run()
    return at


def run_page_until_settled(path: str, lang: str = "en", **state):
    """`run_page`, rerun until its background jobs (the maps, each in its own thread) show no progress bar;
    no run may raise."""
    at = run_page(path, lang, **state)
    deadline = time.time() + 120
    while True:
        assert not at.exception, [e.value for e in at.exception]
        if not at.get("progress") or time.time() > deadline:
            return at
        time.sleep(0.5)
        at.run()


@pytest.fixture(autouse=True)
def cnnviz_home(tmp_path, monkeypatch):
    """A fresh runs folder for each test, so no test sees another's runs."""
    home = tmp_path / "cnnviz_home"
    monkeypatch.setenv("CNNVIZ_HOME", str(home))
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras_home"))
    return home
