"""Every epoch's weights: kept as training goes, thinned evenly, and giving back exactly that epoch's network."""
import shutil

import numpy as np
import pytest

from cnnviz import architecture, datasets, evaluation, inside, runs, snapshots, training

TINY = architecture.PRESETS["tiny"]


@pytest.fixture(scope="module")
def mnist():
    return datasets.load("mnist")


@pytest.mark.parametrize("cap", [2, 3, 5, 40])
def test_thinning_keeps_0_and_the_last_evenly_and_never_needs_a_removed_file(cap):
    before = [0]
    for last in range(1, 400):
        kept = snapshots.thinned(last, cap)
        assert kept[0] == 0 and kept[-1] == last and len(kept) <= cap
        steps = np.diff(kept[:-1]) if len(kept) > 2 else np.array([])
        assert len(set(steps)) <= 1, kept  # evenly spaced, then the last epoch
        assert set(kept) <= set(before) | {last}, (last, kept)  # a file once removed is never asked for again
        before = kept
    assert snapshots.thinned(100, 40) == [*range(0, 100, 4), 100]  # stride 4: 25 epochs and the last


def test_a_large_model_keeps_fewer_epochs():
    textbook = architecture.build(architecture.PRESETS["fashion_cnn"]).get_weights()  # 1.3 MB an epoch
    slides = architecture.build(architecture.PRESETS["mnist_slides"]).get_weights()  # 4.8 MB an epoch
    assert snapshots.cap_for(textbook) == snapshots.MAX_KEPT
    assert snapshots.cap_for(slides) == snapshots.MAX_BYTES // sum(w.nbytes for w in slides) < snapshots.MAX_KEPT


def test_training_keeps_every_epoch_thinned_to_the_cap(mnist, monkeypatch):
    monkeypatch.setattr(snapshots, "MAX_KEPT", 3)
    run = training.start_run(TINY, mnist, {"train_size": 300, "batch_size": 30, "epochs": 5, "seed": 2})
    model, _ = training.train(TINY, mnist, run=run)
    assert snapshots.epochs(run) == [0, 4, 5]
    for got, want in zip(snapshots.weights_at(run, 0), run.initial_model().get_weights()):
        np.testing.assert_array_equal(got, want)
    for got, want in zip(snapshots.weights_at(run, 5), model.get_weights()):
        np.testing.assert_array_equal(got, want)
    with pytest.raises(runs.RunError, match="epoch 2"):
        snapshots.weights_at(run, 2)


def test_the_weights_of_epoch_k_give_that_epochs_validation_accuracy(mnist):
    run = training.start_run(TINY, mnist, {"train_size": 1000, "batch_size": 50, "epochs": 3, "seed": 5,
                                           "learning_rate": 0.01})
    training.train(TINY, mnist, run=run)
    data = training.prepare_data(mnist, run.config)
    epoch_model = snapshots.EpochModel(run)
    accuracies = []
    for epoch in (1, 2, 3):
        with epoch_model.at(epoch):
            accuracies.append(evaluation.evaluate(epoch_model.model, data.x_val, data.y_val).accuracy)
    np.testing.assert_allclose(accuracies, run.history["val_accuracy"], atol=1.5 / len(data.y_val))
    assert len(set(accuracies)) > 1  # the epochs really differ


def test_a_diverged_epoch_keeps_no_weights(mnist):
    run = training.start_run(TINY, mnist, {"train_size": 300, "batch_size": 30, "epochs": 2, "optimizer": "sgd",
                                           "learning_rate": 1e20})
    training.train(TINY, mnist, run=run)
    assert run.status == "diverged" and snapshots.epochs(run) == [0]


def test_a_run_without_weight_files_offers_its_two_model_files(trained_run):
    shutil.rmtree(trained_run.path / snapshots.WEIGHTS_DIR)  # as a run trained before weights were kept
    assert snapshots.epochs(trained_run) == [0, 1]
    epoch_model = snapshots.EpochModel(trained_run)
    image = datasets.load("mnist").x_test[0]
    with epoch_model.at(1):
        at_one = epoch_model.feature_maps(image)
    trained = inside.FeatureMaps(trained_run.model())(image)
    for name, values in trained.items():
        np.testing.assert_allclose(at_one[name], values, rtol=1e-5, atol=1e-6)


def test_an_imported_model_has_epochs_0_and_1(trained_run):
    imported = runs.create_imported_run(trained_run.model(), "mnist", "imported")
    assert snapshots.epochs(imported) == [0, 1]
    for got, want in zip(snapshots.weights_at(imported, 1), trained_run.model().get_weights()):
        np.testing.assert_array_equal(got, want)


def test_a_damaged_weight_file_is_a_run_error(trained_run):
    (trained_run.path / snapshots.WEIGHTS_DIR / "0001.npz").write_bytes(b"PK\x03\x04 not a zip")
    with pytest.raises(runs.RunError, match="unreadable weights"):
        snapshots.weights_at(trained_run, 1)


def test_pinned_objects_answer_with_their_epochs_weights(trained_run):
    epoch_model = snapshots.EpochModel(trained_run)
    image = datasets.load("mnist").x_test[:1]
    untrained = epoch_model.pinned(0, epoch_model.explainer)
    trained = epoch_model.pinned(1, epoch_model.explainer)
    want0 = evaluation.predict(trained_run.initial_model(), image)[0]
    want1 = evaluation.predict(trained_run.model(), image)[0]
    for _ in range(2):  # alternating: every call swaps the weights it needs in
        np.testing.assert_allclose(untrained.predict(image[0]), want0, rtol=1e-5, atol=1e-6)
        np.testing.assert_allclose(trained.predict(image[0]), want1, rtol=1e-5, atol=1e-6)
    assert trained.image_ndim == 2


def test_two_runs_are_compared_at_the_epochs_both_kept(trained_run, mnist):
    other = training.start_run(TINY, mnist, {"train_size": 300, "batch_size": 30, "epochs": 3, "seed": 3})
    training.train(TINY, mnist, run=other)
    assert snapshots.epochs(other) == [0, 1, 2, 3]
    assert snapshots.common_epochs(trained_run, other) == snapshots.common_epochs(other, trained_run) == [0, 1]
