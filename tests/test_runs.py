"""Runs on disk: what a trained run holds, damaged folders, workspaces, atomic edits."""
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import keras
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cnnviz import runs
from tests.conftest import ROOT


def test_trained_run_holds_history_models_and_kernel_snapshots(trained_run):
    run = runs.load_run(trained_run.id)
    assert run.status == "finished" and run.dataset == "mnist" and run.usable
    assert set(run.history) == {"loss", "accuracy", "val_loss", "val_accuracy", "learning_rate"} and run.epochs_done == 1
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


def _write_record(run, **changes):
    record = json.loads((run.path / runs.RUN_FILE).read_text())
    record.update(changes)
    (run.path / runs.RUN_FILE).write_text(json.dumps(record))


def test_a_running_run_whose_process_died_reads_as_stopped(trained_run):
    _write_record(trained_run, status="running", pid=2 ** 22 + 12345,  # above Linux's default pid_max: no such process
                  process="a killed server")
    run = runs.load_run(trained_run.id)
    assert run.status == "stopped" and run.config["interrupted"] and run.usable


def test_a_running_run_of_an_earlier_process_with_our_pid_reads_as_stopped(trained_run):
    _write_record(trained_run, status="running", pid=os.getpid(), process="an earlier server")  # pid reused
    run = runs.load_run(trained_run.id)
    assert run.status == "stopped" and run.config["interrupted"]
    run.status = "running"
    runs.save(run)  # a record this process writes is its own: still training
    assert runs.load_run(trained_run.id).status == "running"


def test_a_running_run_of_another_process_is_alive_only_if_that_process_started_when_recorded(trained_run):
    other = os.getppid()
    _write_record(trained_run, status="running", pid=other, process="x", pid_started=runs._start_time(other))
    assert runs.load_run(trained_run.id).status == "running"
    _write_record(trained_run, pid_started="1")  # the pid now belongs to a process started at another time
    assert runs.load_run(trained_run.id).status == "stopped"


def test_a_run_trained_on_another_machine_is_alive_while_its_heartbeat_is_fresh(trained_run):
    _write_record(trained_run, status="running", pid=1, process="a Ray worker", host="another-machine")
    runs.heartbeat(trained_run)
    assert runs.load_run(trained_run.id).status == "running"  # its pid names no process of this machine
    stale = time.time() - runs.HEARTBEAT_STALE_S - 1
    os.utime(trained_run.path / runs.HEARTBEAT_FILE, (stale, stale))
    run = runs.load_run(trained_run.id)
    assert run.status == "stopped" and run.config["interrupted"]


def test_an_executor_writes_a_run_whose_worker_died_as_interrupted(trained_run):
    _write_record(trained_run, status="running", pid=1, process="a Ray worker", host="another-machine")
    runs.heartbeat(trained_run)  # fresh: this machine could not tell by itself
    runs.mark_interrupted(trained_run)
    record = json.loads((trained_run.path / runs.RUN_FILE).read_text())
    assert record["status"] == "stopped" and record["config"]["interrupted"] and record["history"]
    finished = runs.create_run("done", "mnist", [], {}, status="finished")
    runs.mark_interrupted(finished)  # a worker that died after finishing changes nothing
    assert runs.load_run(finished.id).status == "finished" and not runs.load_run(finished.id).config


def test_a_training_killed_mid_run_lists_as_interrupted_with_what_it_saved(cnnviz_home):
    child = subprocess.Popen([sys.executable, "-c", """if True:
        from cnnviz import architecture, datasets, training
        training.SAVE_EVERY_S = 0  # save after every epoch, however short
        spec, ds = architecture.PRESETS["tiny"], datasets.load("mnist")
        run = training.start_run(spec, ds, {"train_size": 300, "batch_size": 30, "epochs": 10000}, "killed")
        training.train(spec, ds, run=run)
        """], cwd=ROOT)
    try:
        deadline = time.time() + 60
        while time.time() < deadline and not [r for r in runs.list_runs() if r.usable and r.epochs_done]:
            assert child.poll() is None, "the training process ended by itself"
            time.sleep(0.2)
        (alive,) = runs.list_runs()
        assert alive.status == "running" and not alive.config.get("interrupted")
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    (run,) = runs.list_runs()
    assert run.status == "stopped" and run.config["interrupted"] and run.usable and run.name == "killed"
    assert run.epochs_done >= 1 and len(run.history["val_accuracy"]) == run.epochs_done
    assert [layer.name for layer in run.model().layers[-2:]] == ["logits", "softmax"]


@pytest.mark.parametrize("pid", [0, -1, 2**70, 1e308, float("inf"), "1", True, None])
def test_a_running_record_with_an_impossible_pid_reads_as_interrupted(trained_run, pid):
    """pid 0 or -1 once "signalled" a whole process group, so the run read as running forever."""
    _write_record(trained_run, status="running", pid=pid, process="another server")
    run = runs.list_runs()[0]
    assert run.status == "stopped" and run.config["interrupted"]


@pytest.mark.parametrize("change,problem", [
    ({"dataset": "../cifar10"}, "unknown dataset"), ({"spec": "conv2d"}, "not a list of layers"),
    ({"spec": [1, 2]}, "not a list of layers"), ({"test_metrics": {"accuracy": "high"}}, "not numbers"),
    ({"test_metrics": [0.9]}, "not numbers"), ({"test_metrics": {"accuracy": 10**400}}, "not numbers"),
    ({"history": {"loss": [10**400]}}, "damaged run record"),  # float() overflowed
    ({"history": {"loss": ["0.5"]}}, "damaged run record"),
    ({"config": {"n_fit": "many"}}, "n_fit is many"),  # the runs table formatted it with ","
    ({"config": {"seed": 10**30}}, "seed is ~10^30"),
    ({"config": {"learning_rate": float("nan")}}, "learning_rate is nan"),
    ({"config": {"workspace": ["ws"]}}, "workspace is ['ws']"),
    ({"status": "x" * 10**5}, "unknown status xxxxxxxxxxxxxxxxxxxxxxx…"),
    ({"config": [[[[[[[[[[[]]]]]]]]]]]}, "nested more than"),
    ({"name": "x" * 2**20}, "larger than 262,144 bytes"),
], ids=["dataset", "spec str", "spec ints", "metric str", "metric list", "metric huge", "history huge",
        "history str", "n_fit str", "seed huge", "lr nan", "workspace list", "status long", "nested", "too large"])
def test_records_the_pages_could_not_show_are_damaged(trained_run, change, problem):
    _write_record(trained_run, **change)
    with pytest.raises(runs.RunError, match=re.escape(problem)):
        runs.load_run(trained_run.id)
    assert runs.list_runs()[0].status == "damaged"


def test_a_rename_sticks_while_a_training_thread_saves_its_own_run(trained_run):
    thread_run = runs.load_run(trained_run.id)  # the training thread's own Run object
    runs.rename_run(trained_run, "renamed while training")
    thread_run.history["loss"].append(0.1)
    runs.save(thread_run)
    saved = runs.load_run(trained_run.id)
    assert saved.name == thread_run.name == "renamed while training" and saved.epochs_done == 2


def test_workspaces_scope_the_list_and_unowned_runs_are_shared(trained_run):
    mine = runs.create_run("mine", "mnist", [], {"workspace": "alice"})
    theirs = runs.create_run("theirs", "mnist", [], {"workspace": "bob"})
    alice = [r.id for r in runs.list_runs(workspace="alice")]
    assert mine.id in alice and trained_run.id in alice and theirs.id not in alice
    assert [r.id for r in runs.list_runs()][:2] == sorted([mine.id, theirs.id], reverse=True)  # newest first


def test_a_run_is_never_listed_half_made_while_it_is_created(cnnviz_home, monkeypatch):
    """Another student's page lists the runs at any moment: a new folder without its record would read as a
    damaged run, whose owner is unknown, so it would be listed for everybody, as a shared run."""
    listed, save = [], runs.save

    def save_while_listing(run):
        listed.append(runs.list_runs(workspace="bob"))
        save(run)
        listed.append(runs.list_runs(workspace="bob"))

    monkeypatch.setattr(runs, "save", save_while_listing)
    made = runs.create_run("alice's", "mnist", [], {"workspace": "alice"})
    assert listed and not any(listed), listed
    assert [(r.id, r.workspace, r.status) for r in runs.list_runs()] == [(made.id, "alice", "running")]
    assert made.path == runs.runs_home() / made.id and not list(runs.runs_home().glob(".*"))


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
    snaps = run.kernel_snapshots()["conv2d_1"]
    assert snaps.shape[0] == 2  # the "untrained" panel and epoch 0 of the slider show the same kernels
    np.testing.assert_array_equal(snaps[0], initial.get_layer("conv2d_1").get_weights()[0])
    np.testing.assert_array_equal(snaps[1], model.get_layer("conv2d_1").get_weights()[0])


def test_an_import_that_fails_halfway_leaves_no_run(trained_run):
    class Unsavable(keras.Sequential):  # a real model whose file cannot be written (a full disk, say)
        def save(self, path):
            raise OSError("disk full")

    model = Unsavable([keras.Input((784,)), keras.layers.Dense(10, activation="softmax")])
    before = {r.id for r in runs.list_runs()}
    with pytest.raises(OSError, match="disk full"):
        runs.create_imported_run(model, "mnist", "uploaded", workspace="alice")
    assert {r.id for r in runs.list_runs()} == before
    assert not [p for p in runs.runs_home().iterdir() if p.name.startswith(".")]


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
    assert sorted(os.listdir(trained_run.path)) == ["initial.keras", "kernels.npz", "model.keras", "run.json", "weights"]


def test_best_epoch_is_the_lowest_finite_validation_loss():
    assert runs.best_epoch({"val_loss": [0.5, 0.3, float("nan"), 0.4]}) == 2
    assert runs.best_epoch({"val_loss": [float("nan")]}) is None and runs.best_epoch({}) is None
@pytest.mark.parametrize("text", ["[" * 100_000 + "]" * 100_000, '{"name": ' + "9" * 5000 + "}", "\ud800", "NaN"],
                         ids=["past the recursion limit", "5000 digits", "not utf-8", "a number"])
def test_records_python_itself_cannot_read_are_damaged(trained_run, text):
    (trained_run.path / runs.RUN_FILE).write_text(text, errors="surrogatepass")
    (listed,) = runs.list_runs()
    assert listed.status == "damaged" and len(listed.error) < 400


JSON = st.recursive(
    st.none() | st.booleans() | st.floats() | st.text(max_size=20) | st.integers()
    | st.integers(300, 400).map(lambda digits: 10**digits),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=15)
RECORD_KEYS = st.sampled_from(["name", "created", "dataset", "spec", "config", "history", "status", "test_metrics",
                               "error", "pid", "process", "pid_started"])
CONFIG_KEYS = st.sampled_from(["workspace", "validation", "optimizer", "n_fit", "n_val", "val_fraction",
                               "batch_size", "steps_per_epoch", "learning_rate", "seed", "epochs", "seconds",
                               "interrupted", "stopped_early", "fit", "class_names", "input_shape", "schedule",
                               "step_every", "step_factor", "warmup_epochs"])


@pytest.fixture(scope="module")
def real_record(tmp_path_factory) -> dict:
    run = runs.create_run("real", "mnist", [{"kind": "flatten"}], {"workspace": "abcd", "n_fit": 960, "n_val": 240,
                          "validation": "split", "val_fraction": 0.2, "epochs": 2, "seed": 7},
                          home=tmp_path_factory.mktemp("runs"), status="finished")
    record = json.loads((run.path / runs.RUN_FILE).read_text())
    record["history"] = {"loss": [0.5, 0.3], "val_loss": [0.4, float("nan")], "val_accuracy": [0.8, 0.9]}
    return record


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(
    JSON.map(lambda value: ("whole", value)),
    st.tuples(st.just("key"), RECORD_KEYS, JSON),
    st.tuples(st.just("config"), CONFIG_KEYS, JSON)))
def test_list_runs_never_raises_whatever_run_json_holds(real_record, change):
    if change[0] == "whole":
        record = change[1]
    elif change[0] == "key":
        record = {**real_record, change[1]: change[2]}
    else:
        record = {**real_record, "config": {**real_record["config"], change[1]: change[2]}}
    with tempfile.TemporaryDirectory() as home:
        (Path(home) / "fuzzed").mkdir()
        (Path(home) / "fuzzed" / runs.RUN_FILE).write_text(json.dumps(record))
        listed = runs.list_runs(home, workspace="abcd")
    assert len(listed) <= 1  # another workspace's run is not listed
    for run in listed:
        assert run.status in runs.STATUSES and isinstance(run.name, str) and len(run.error) < 1200
        runs.best_epoch(run.history), run.best_val_accuracy(), run.epochs_done
