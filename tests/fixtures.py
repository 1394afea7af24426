"""Shared fixtures: real runs trained once per test session, copied into each test's CNNVIZ_HOME.

    def test_something(trained_run):      # a Run in this test's own CNNVIZ_HOME (MNIST, "tiny", 1 epoch)
    def test_other(trained_fashion_run):  # the same on Fashion-MNIST
    def test_page(e2e_run):               # browser tests: a run in the e2e server's home (shared workspace)
"""
import shutil
from pathlib import Path

import pytest

TRAIN_CONFIG = {"train_size": 1200, "epochs": 1, "batch_size": 32, "learning_rate": 0.01, "seed": 7}


def _train_once(folder: Path, dataset: str) -> Path:
    from cnnviz import architecture, datasets, training

    ds = datasets.load(dataset)
    spec = architecture.PRESETS["tiny"]
    run = training.start_run(spec, ds, TRAIN_CONFIG, name=f"tiny {dataset}", home=folder)
    training.train(spec, ds, run=run)
    assert run.status == "finished", run.error
    return run.path


def copy_run_into(home: Path, run_dir: Path):
    """Copy a trained run folder into `home` (a CNNVIZ_HOME) and return it as loaded from there."""
    from cnnviz import runs

    target = Path(home) / "runs" / run_dir.name
    if not target.exists():
        shutil.copytree(run_dir, target)
    return runs.load_run(run_dir.name, Path(home) / "runs")


@pytest.fixture(scope="session")
def trained_run_dir(tmp_path_factory) -> Path:
    return _train_once(tmp_path_factory.mktemp("trained_runs"), "mnist")


@pytest.fixture(scope="session")
def trained_fashion_run_dir(tmp_path_factory) -> Path:
    return _train_once(tmp_path_factory.mktemp("trained_fashion_runs"), "fashion_mnist")


@pytest.fixture
def trained_run(cnnviz_home, trained_run_dir):
    """A fresh copy, for this test only, of an MNIST run (preset "tiny", 1 epoch on 960 images)."""
    return copy_run_into(cnnviz_home, trained_run_dir)


@pytest.fixture
def trained_fashion_run(cnnviz_home, trained_fashion_run_dir):
    return copy_run_into(cnnviz_home, trained_fashion_run_dir)


@pytest.fixture(scope="session")
def e2e_run(e2e_home, trained_run_dir):
    """The MNIST run in the browser server's home; it has no workspace, so every browser session sees it."""
    return copy_run_into(e2e_home, trained_run_dir)
