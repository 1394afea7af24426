"""Every model-derived object the pages reuse, cached in one place, keyed on (run folder, model file time).

A run's model file is rewritten after an epoch while it trains, so its modification time is part of
every key: a new epoch gives new entries, and the old ones age out of the bounded caches. These are
process-wide (`st.cache_resource`): two students looking at the same shared run share its model.

Each cache is bounded by its entry count, sized from what an entry measured (`bench/bench_class.py --models`):
a loaded model costs about twice its weights (Quick start's 34,826 parameters: under 1 MB; the textbook's
333,526: 2.6 MB; the cats-and-dogs notebook's 3,453,121: 30 MB), while a feature-map extractor or an explainer
adds at most 3 MB to the model it holds. So the caches keep at most 12 + 12 + 6 = 30 models alive: a few tens of
MB for a class of Quick-start models, about 1.2 GB in the worst case of 5 M-parameter models, which a class
server bounds with CNNVIZ_MAX_PARAMS (1,500,000 parameters: about 12 MB a model, 360 MB in all).
"""
from __future__ import annotations

import numpy as np
import streamlit as st

from cnnviz import datasets, evaluation, gradcam, inside, maximise, runs, snapshots

TRAINED, INITIAL = "trained", "initial"


def _key(run: runs.Run, which: str) -> tuple[str, float]:
    """The run's folder and the time of the model file `which` names (the initial model never changes)."""
    return str(run.path), run.model_mtime() if which == TRAINED else 0.0


@st.cache_resource(show_spinner=False, max_entries=12)
def _model(path: str, mtime: float, which: str):
    run = runs.load_run(path.rsplit("/", 1)[-1], path.rsplit("/", 1)[0])
    return run.model() if which == TRAINED else run.initial_model()


def model(run: runs.Run, which: str = TRAINED):
    """The run's trained (latest saved) or initial model; RunError if its file cannot be loaded."""
    return _model(*_key(run, which), which)


@st.cache_resource(show_spinner=False, max_entries=12)
def _feature_maps(path: str, mtime: float, which: str) -> inside.FeatureMaps:
    return inside.FeatureMaps(_model(path, mtime, which))


def feature_maps(run: runs.Run, which: str = TRAINED) -> inside.FeatureMaps:
    """The feature-map extractor (one submodel, one traced function) of the run's trained or initial model."""
    return _feature_maps(*_key(run, which), which)


@st.cache_resource(show_spinner=False, max_entries=6)
def _explainer(path: str, mtime: float) -> gradcam.Explainer:
    return gradcam.Explainer(_model(path, mtime, TRAINED))


def explainer(run: runs.Run) -> gradcam.Explainer:
    """Fast predictions and Grad-CAM for the run's model, traced once per saved file."""
    return _explainer(*_key(run, TRAINED))


@st.cache_resource(show_spinner=False, max_entries=16)
def _filter_scores(path: str, mtime: float, layer: str, dataset: str, location: str, n: int,
                   _images: np.ndarray) -> np.ndarray:
    return inside.FilterScores(_model(path, mtime, TRAINED), layer)(_images)


def filter_scores(run: runs.Run, layer: str, ds: datasets.Dataset) -> np.ndarray:
    """(test images, filters) mean responses of `layer` over the test set, once per model and layer."""
    return _filter_scores(*_key(run, TRAINED), layer, ds.name, ds.location, len(ds.x_test), ds.x_test)


@st.cache_data(show_spinner=False, max_entries=12)
def _test_probabilities(path: str, mtime: float, dataset: str, location: str, n: int,
                        _images: np.ndarray) -> np.ndarray:
    return evaluation.predict(_model(path, mtime, TRAINED), _images)


def test_probabilities(run: runs.Run, ds: datasets.Dataset) -> np.ndarray:
    """The run's class probabilities for every test image, once per saved model and data source."""
    return _test_probabilities(*_key(run, TRAINED), ds.name, ds.location, len(ds.x_test), ds.x_test)


@st.cache_resource(show_spinner=False, max_entries=12)
def _epoch_model(path: str, mtime: float) -> snapshots.EpochModel:
    return snapshots.EpochModel(runs.load_run(path.rsplit("/", 1)[-1], path.rsplit("/", 1)[0]))


def epoch_model(run: runs.Run) -> snapshots.EpochModel:
    """The run's one model whose weights are swapped to any kept epoch (maps, Grad-CAM, predictions traced once)."""
    return _epoch_model(*_key(run, INITIAL))


@st.cache_data(show_spinner=False, max_entries=24)
def _test_probabilities_at(path: str, mtime: float, epoch: int, dataset: str, location: str, n: int,
                           _images: np.ndarray) -> np.ndarray:
    with _epoch_model(path, mtime).at(epoch) as at_epoch:
        return evaluation.predict(at_epoch.model, _images)


def test_probabilities_at(run: runs.Run, ds: datasets.Dataset, epoch: int) -> np.ndarray:
    """The class probabilities of every test image with the weights of `epoch`, once per run and epoch."""
    return _test_probabilities_at(*_key(run, INITIAL), epoch, ds.name, ds.location, len(ds.x_test), ds.x_test)


@st.cache_resource(show_spinner=False, max_entries=12)
def _maximiser(path: str, mtime: float, which: str) -> maximise.Maximiser:
    return maximise.Maximiser(_model(path, mtime, which))


@st.cache_data(show_spinner=False, max_entries=64)
def _ascent(path: str, mtime: float, which: str, layer: str | None, index: int, background: float) -> maximise.Ascent:
    return _maximiser(path, mtime, which)(maximise.Target(index, layer), background)


def ascent(run: runs.Run, which: str, target: maximise.Target, background: float) -> maximise.Ascent:
    """What `target` wants to see in the run's trained or initial model (activation maximisation), once each."""
    return _ascent(*_key(run, which), which, target.layer, target.index, background)
