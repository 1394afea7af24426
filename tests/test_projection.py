"""The map of what the network learned: a balanced sample, the penultimate layer, PCA and t-SNE, outliers, jobs."""
import time

import numpy as np
import pytest

from cnnviz import datasets, projection, snapshots
from tests.test_importing import textbook_cnn


@pytest.fixture(scope="module")
def mnist():
    return datasets.load("mnist")


def test_the_sample_is_class_balanced_seeded_and_sorted(mnist):
    picked = projection.balanced_sample(mnist.y_test, 500, seed=3)
    assert len(picked) == 500 and np.all(np.diff(picked) > 0)
    assert set(np.bincount(mnist.y_test[picked])) == {50}
    np.testing.assert_array_equal(picked, projection.balanced_sample(mnist.y_test, 500, seed=3))
    assert not np.array_equal(picked, projection.balanced_sample(mnist.y_test, 500, seed=4))
    labels = np.array([0] * 5 + [1] * 100)  # a small class gives all it has
    assert np.bincount(labels[projection.balanced_sample(labels, 40)]).tolist() == [5, 20]


def test_the_penultimate_layer_is_what_the_last_layer_reads(trained_run):
    assert tuple(projection.penultimate(trained_run.model()).shape) == (None, 392)  # tiny: Flatten of 7×7×8
    assert tuple(projection.penultimate(textbook_cnn()).shape) == (None, 100)  # an import: its last Dense's input


@pytest.fixture
def epoch_features(trained_run, mnist):
    """(sample indices, {epoch: (penultimate outputs, probabilities)}) of the trained run, untrained and trained."""
    indices = projection.balanced_sample(mnist.y_test, 300, seed=0)
    epoch_model = snapshots.EpochModel(trained_run)
    values = {}
    for epoch in (0, 1):
        with epoch_model.at(epoch):
            values[epoch] = projection.features(epoch_model.model, mnist.x_test[indices])
    return indices, values


def test_projections_have_one_point_per_image_and_repeat_under_a_seed(epoch_features, mnist):
    indices, values = epoch_features
    features, probs = values[1]
    assert features.shape == (300, 392) and probs.shape == (300, 10)
    for method in projection.METHODS:
        steps = []
        first = projection.project(features, probs, indices, mnist.y_test[indices], method, 5, steps.append)
        again = projection.project(features, probs, indices, mnist.y_test[indices], method, 5)
        assert first.coords.shape == (300, 2) and first.outlier.shape == (300,)
        np.testing.assert_allclose(first.coords, again.coords)
        assert steps == sorted(steps) and steps[-1] == 1.0
        if method == "tsne":
            assert len(steps) > 100  # one report per iteration: a real progress bar


def _neighbours_agree(coords, labels):
    _, majority = projection.outliers(coords, labels)
    return float(np.mean(majority == labels))


@pytest.fixture(scope="module")
def learned_run(tmp_path_factory, mnist):
    """The tiny model trained for 3 epochs of 3,000 digits (94% validation accuracy; the shared fixture's one epoch
    of 1,200 barely moves its penultimate layer, whose random features already place 76% of the points among
    their own class)."""
    from cnnviz import architecture, training

    spec = architecture.PRESETS["tiny"]
    run = training.start_run(spec, mnist, {"train_size": 3000, "epochs": 3, "batch_size": 32, "learning_rate": 0.01,
                                           "seed": 7}, home=tmp_path_factory.mktemp("learned_run"))
    training.train(spec, mnist, run=run)
    assert run.status == "finished" and snapshots.epochs(run) == [0, 1, 2, 3]
    return run


@pytest.mark.parametrize("method", projection.METHODS)
def test_training_pulls_the_classes_apart(learned_run, mnist, method):
    indices = projection.balanced_sample(mnist.y_test, 300, seed=0)
    labels = mnist.y_test[indices]
    epoch_model = snapshots.EpochModel(learned_run)
    agree = {}
    for epoch in (0, 3):
        with epoch_model.at(epoch):
            values, probs = projection.features(epoch_model.model, mnist.x_test[indices])
        agree[epoch] = _neighbours_agree(projection.project(values, probs, indices, labels, method).coords, labels)
    assert agree[3] > agree[0] + 0.08, agree  # measured: PCA 33% -> 55%, t-SNE 73% -> 86%


def test_a_point_inside_another_class_cloud_is_an_outlier():
    rng = np.random.default_rng(0)
    coords = np.concatenate([rng.normal(0, 1, (50, 2)), rng.normal(10, 1, (50, 2)), [[10.0, 10.0]]])
    labels = np.array([0] * 50 + [1] * 50 + [0])
    is_outlier, majority = projection.outliers(coords, labels)
    assert is_outlier.tolist() == [False] * 100 + [True] and majority[-1] == 1


def test_a_job_runs_in_the_background_and_is_found_again_by_its_key(epoch_features, mnist):
    indices, values = epoch_features
    key = ("test run", 1, "pca", time.time())
    job = projection.start(key, "pca", indices, mnist.y_test[indices], lambda progress: values[1])
    assert projection.start(key, "pca", indices, mnist.y_test[indices], lambda progress: values[0]) is job
    job.thread.join(60)
    assert job.stage == "done" and job.fraction == 1.0 and projection.get(key) is job
    assert job.result.coords.shape == (300, 2) and job.result.seconds > 0


def test_a_failed_job_says_why_and_is_started_again():
    key = ("failing", time.time())
    job = projection.start(key, "pca", np.arange(3), np.zeros(3, int), lambda progress: 1 / 0)
    job.thread.join(10)
    assert job.stage == "failed" and "ZeroDivisionError" in job.error
    assert projection.start(key, "pca", np.arange(3), np.zeros(3, int), lambda progress: 1 / 0) is not job
