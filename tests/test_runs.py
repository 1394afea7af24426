"""Runs on disk: what a trained run holds, damaged folders, workspaces, atomic edits."""
import json
import os

import keras
import numpy as np
import pytest

from cnnviz import runs


def test_trained_run_holds_history_models_and_kernel_snapshots(trained_run):
    run = runs.load_run(trained_run.id)
    assert run.status == "finished" and run.dataset == "mnist" and run.usable
    assert set(run.history) == {"loss", "accuracy", "val_loss", "val_accuracy"} and run.epochs_done == 1
    assert 0 <= run.test_metrics["accuracy"] <= 1
    snaps = run.kernel_snapshots()
    assert {k: v.shape for k, v in snaps.items()} == {"conv2d_1": (2, 3, 3, 1, 8), "conv2d_2": (2, 3, 3, 8, 8)}
    model, initial = run.model(), run.initial_model()
    np.testing.assert_array_equal(model.get_layer("conv2d_1").get_weights()[0], snaps["conv2d_1"][-1])
    np.testing.assert_array_equal(initial.get_layer("conv2d_1").get_weights()[0], snaps["conv2d_1"][0])
    assert not np.allclose(snaps["conv2d_1"][0], snaps["conv2d_1"][1])  # training moved the kernels
    assert [layer.name for layer in model.layers[-2:]] == ["logits", "softmax"]


def test_damaged_folders_are_listed_never_raised(trained_run, cnnviz_home):
    root = runs.runs_home()
    (root / "broken_json").mkdir()
    (root / "broken_json" / "run.json").write_text("{not json")
    (root / "no_record").mkdir()
    (root / ".run.json.tmp").write_text("a half-written temporary file")
    listed = {r.id: r for r in runs.list_runs()}
    assert listed[trained_run.id].status == "finished"
    assert listed["broken_json"].status == "damaged" and "run.json" in listed["broken_json"].error
    assert listed["no_record"].status == "damaged" and not listed["no_record"].usable
    assert ".run.json.tmp" not in listed
    with pytest.raises(runs.RunError, match="damaged run record"):
        runs.load_run("broken_json")
    with pytest.raises(runs.RunError, match="not a run id"):
        runs.load_run("../../etc")


def test_missing_model_file_makes_the_run_unusable_but_listed(trained_run):
    (trained_run.path / runs.MODEL_FILE).unlink()
    run = runs.load_run(trained_run.id)
    assert not run.usable
    with pytest.raises(runs.RunError, match="no model file"):
        run.model()


def test_a_running_run_whose_process_died_reads_as_stopped(trained_run):
    record = json.loads((trained_run.path / runs.RUN_FILE).read_text())
    record.update(status="running", pid=2 ** 22 + 12345)  # above Linux's pid_max default: no such process
    (trained_run.path / runs.RUN_FILE).write_text(json.dumps(record))
    run = runs.load_run(trained_run.id)
    assert run.status == "stopped" and run.config["interrupted"] and run.usable


def test_workspaces_scope_the_list_and_unowned_runs_are_shared(trained_run):
    mine = runs.create_run("mine", "mnist", [], {"workspace": "alice"})
    theirs = runs.create_run("theirs", "mnist", [], {"workspace": "bob"})
    alice = [r.id for r in runs.list_runs(workspace="alice")]
    assert mine.id in alice and trained_run.id in alice and theirs.id not in alice
    assert [r.id for r in runs.list_runs()][:2] == sorted([mine.id, theirs.id], reverse=True)  # newest first


def test_rename_delete_and_cached_test_metrics(trained_run):
    runs.rename_run(trained_run, "  my first CNN ")
    runs.save_test_metrics(trained_run, {"loss": np.float32(0.5), "accuracy": 0.875})
    again = runs.load_run(trained_run.id)
    assert again.name == "my first CNN" and again.test_metrics == {"loss": 0.5, "accuracy": 0.875}
    with pytest.raises(runs.RunError):
        runs.rename_run(trained_run, "   ")
    runs.delete_run(again)
    assert runs.list_runs() == [] and not any(runs.runs_home().iterdir())


def test_imported_model_gets_a_reinitialised_initial_model(trained_run):
    model = trained_run.model()
    run = runs.create_imported_run(model, "mnist", "uploaded", workspace="alice")
    assert run.status == "imported" and run.spec is None and run.imported and run.workspace == "alice"
    initial = run.initial_model()
    assert [w.shape for w in initial.get_weights()] == [w.shape for w in model.get_weights()]
    assert not np.allclose(initial.get_layer("conv2d_1").get_weights()[0],
                           model.get_layer("conv2d_1").get_weights()[0])
    assert run.kernel_snapshots()["conv2d_1"].shape[0] == 2


def test_atomic_write_leaves_the_old_file_when_writing_fails(trained_run):
    before = (trained_run.path / runs.MODEL_FILE).read_bytes()

    class Broken(keras.Model):
        def save(self, path):
            with open(path, "wb") as f:
                f.write(b"half")
            raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        runs.save_model(trained_run, Broken())
    assert (trained_run.path / runs.MODEL_FILE).read_bytes() == before
    assert sorted(os.listdir(trained_run.path)) == ["initial.keras", "kernels.npz", "model.keras", "run.json"]
