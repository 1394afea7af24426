"""The training engine on tiny slices of the bundled sample (executors: test_executors, test_ray)."""
import math

import numpy as np
import pytest

from cnnviz import architecture, datasets, runs, training

TINY = architecture.PRESETS["tiny"]
SMALL = {"train_size": 300, "batch_size": 30, "epochs": 1, "learning_rate": 0.01}


@pytest.fixture(scope="module")
def mnist():
    return datasets.load("mnist")


@pytest.mark.parametrize("change,key", [
    ({"batch_size": 5000}, "batch_too_big"), ({"train_size": 100, "batch_size": 81}, "batch_too_big"),
    ({"epochs": 0}, "bad_epochs"), ({"learning_rate": 0}, "bad_lr"), ({"learning_rate": -0.1}, "bad_lr"),
    ({"learning_rate": math.nan}, "bad_lr"), ({"val_fraction": 1.0}, "bad_val_fraction"),
    ({"train_size": 0}, "bad_train_size"), ({"optimizer": "lbfgs"}, "bad_optimizer"),
])
def test_impossible_settings_are_refused_with_a_named_reason(change, key):
    with pytest.raises(training.ConfigError) as err:
        training.check_config(change, 4000)
    assert err.value.key == key


def test_check_config_works_out_steps_per_epoch():
    cfg = training.check_config({"batch_size": 100, "validation": "test"}, 60000)
    assert (cfg["n_fit"], cfg["steps_per_epoch"], cfg["n_val"]) == (60000, 600, None)
    cfg = training.check_config({"batch_size": 32, "val_fraction": 0.2}, 60000)
    assert (cfg["n_fit"], cfg["n_val"], cfg["steps_per_epoch"]) == (48000, 12000, 1500)


def test_split_is_scikit_learns_train_test_split():
    from sklearn import model_selection
    ids = np.arange(1003)
    want_train, want_val = model_selection.train_test_split(ids, test_size=0.2, random_state=42)
    got_train, got_val = training.split_indices(len(ids), 0.2, 42)
    np.testing.assert_array_equal(got_train, want_train)
    np.testing.assert_array_equal(got_val, want_val)


def test_same_seed_gives_the_same_curves_and_another_seed_does_not(mnist):
    first = training.train(TINY, mnist, SMALL)[1].history
    again = training.train(TINY, mnist, SMALL)[1].history
    other = training.train(TINY, mnist, {**SMALL, "seed": 1})[1].history
    assert first == again
    assert first != other


def test_a_run_is_saved_each_epoch_with_live_progress(mnist):
    spec = TINY
    run = training.start_run(spec, mnist, {**SMALL, "epochs": 2, "validation": "test", "workspace": "w1"})
    assert runs.load_run(run.id).status == "running" and not runs.load_run(run.id).usable
    model, progress = training.train(spec, mnist, run=run)
    saved = runs.load_run(run.id)
    assert saved.status == "finished" and saved.epochs_done == 2 and saved.workspace == "w1"
    assert saved.kernel_snapshots()["conv2d_1"].shape[0] == 3
    assert progress.fraction == 1.0 and progress.curve[-1][0] == 2.0
    assert saved.test_metrics["accuracy"] == pytest.approx(saved.history["val_accuracy"][-1], abs=1e-6)


def test_stop_keeps_the_model_and_history_so_far(mnist):
    run = training.start_run(TINY, mnist, {**SMALL, "epochs": 5})
    progress = training.Progress()
    progress.stop.set()  # asked before the first batch: it finishes that batch, then stops
    training.train(TINY, mnist, run=run, progress=progress)
    saved = runs.load_run(run.id)
    assert saved.status == "stopped" and saved.epochs_done == 1 and saved.usable
    assert progress.batch == 1


def test_nan_loss_stops_the_run_as_diverged(mnist):
    run = training.start_run(TINY, mnist, {**SMALL, "epochs": 3, "optimizer": "sgd", "learning_rate": 1e20})
    training.train(TINY, mnist, run=run)
    saved = runs.load_run(run.id)
    assert saved.status == "diverged" and math.isnan(saved.history["loss"][-1])
    assert saved.epochs_done == 1 and not saved.usable  # NaN in the first epoch: no good model to keep


def test_nan_after_a_good_epoch_whose_save_was_skipped_keeps_that_epochs_model(trained_run, monkeypatch):
    monkeypatch.setattr(training, "SAVE_EVERY_S", 3600)  # the first epoch is written, the second is not
    model = trained_run.model()
    live = training.LiveCallback(training.Progress(), trained_run)
    live.set_model(model)
    live.on_train_begin()
    live.on_epoch_end(0, {"loss": 0.5})
    model.set_weights([w * 0.5 for w in model.get_weights()])
    good = model.get_layer("conv2d_1").get_weights()[0]
    live.on_epoch_end(1, {"loss": 0.4})
    model.set_weights([np.full_like(w, np.nan) for w in model.get_weights()])
    live.on_epoch_end(2, {"loss": math.nan})
    assert live.progress.state == "diverged" and trained_run.usable
    np.testing.assert_array_equal(trained_run.model().get_layer("conv2d_1").get_weights()[0], good)


def test_invalid_architecture_is_refused_before_anything_is_written(mnist):
    bad = [{"kind": "conv2d", "filters": 8, "kernel_size": 9, "padding": "valid"}] * 4
    with pytest.raises(architecture.ArchitectureError):
        training.start_run(bad, mnist, SMALL)
    assert runs.list_runs() == []


def test_quick_start_never_asks_for_more_images_than_the_dataset_has():
    ds = datasets.load("mnist")
    spec, config = training.quick_start(ds)
    assert spec == architecture.PRESETS[training.QUICK_START["mnist"][0]]
    assert config["train_size"] == min(training.QUICK_START["mnist"][1]["train_size"], len(ds.x_train))
