"""The local executor: real trainings in the server's worker processes, the line, Stop, a killed worker."""
import dataclasses
import json
import logging
import os
import signal

import numpy as np
import pytest

from cnnviz import architecture, datasets, executors, runs, scheduling, training
from tests.fixtures import LONG_TRAINING as LONG, assert_yields_to_pages, stop_all, wait_for

TINY = architecture.PRESETS["tiny"]
SMALL = {"train_size": 300, "batch_size": 30, "epochs": 1, "learning_rate": 0.01}


@pytest.fixture(scope="module")
def mnist():
    return datasets.load("mnist")


@pytest.fixture
def executor():
    """The process-wide local executor (one slot, see conftest); nothing of a test is left running after it."""
    executor = executors.get_executor()
    assert isinstance(executor, executors.LocalExecutor) and executor.slots == 1
    yield executor
    stop_all(executor)


def record(run) -> dict:
    return json.loads((run.path / runs.RUN_FILE).read_text())


def same_curves(history: dict, other: dict) -> None:
    """Equal up to float rounding: this process runs TensorFlow on more threads than a worker, which changes the
    order of a few sums (workers among themselves agree exactly, see test_ray)."""
    assert history.keys() == other.keys()
    for key in history:
        np.testing.assert_allclose(history[key], other[key], rtol=1e-6)


def test_a_training_runs_in_a_worker_process_and_the_same_seed_gives_the_same_curves(executor, mnist, caplog):
    caplog.set_level(logging.INFO, logger="cnnviz")
    job = executor.submit(TINY, mnist, {**SMALL, "epochs": 2, "workspace": "w1"}, "in a worker")
    assert executor.get(job.run.id) is job and executor.jobs({job.run.id}) == [job]
    assert executor.wait(job.run.id, 120)
    run = runs.load_run(job.run.id)
    assert run.status == "finished" and run.workspace == "w1" and run.epochs_done == 2
    assert record(run)["pid"] != os.getpid()  # trained elsewhere, at a priority below the server's
    assert_yields_to_pages(record(run)["pid"])
    assert job.progress.state == "finished" and job.progress.history == run.history and job.progress.curve
    said = [r.getMessage() for r in caplog.records if job.run.id in r.getMessage()]  # the server's log, for a teacher
    assert [s.split(": ")[0].split()[-1] for s in said] == ["line", "starts", "ended"], said
    assert "workspace 'w1'" in said[0] and said[2].endswith("finished")
    again = executor.submit(TINY, mnist, {**SMALL, "epochs": 2, "workspace": "w1"})  # the same worker, reused
    assert executor.wait(again.run.id, 120) and runs.load_run(again.run.id).history == run.history
    same_curves(run.history, training.train(TINY, mnist, {**SMALL, "epochs": 2})[1].history)


def test_a_second_workspace_waits_in_line_with_its_place_and_wait_and_can_be_cancelled(executor, mnist):
    first = executor.submit(TINY, mnist, {**LONG, "workspace": "alice"})
    second = executor.submit(TINY, mnist, {**SMALL, "workspace": "bob"})
    wait_for(lambda: not first.waiting, what="the first training to start")
    assert second.waiting and second.ahead == 1 and second.wait_s > 0
    assert [j.run.id for j in executor.jobs()] == [first.run.id, second.run.id]
    second.stop()
    assert executor.get(second.run.id) is None and runs.load_run(second.run.id).status == "stopped"
    first.stop()
    assert executor.wait(first.run.id, 60)


def test_stop_ends_a_training_after_its_batch_and_keeps_what_it_learned(executor, mnist):
    job = executor.submit(TINY, mnist, {**LONG, "workspace": "w1"})
    wait_for(lambda: job.progress.epoch >= 1 and runs.load_run(job.run.id).usable, what="a saved epoch")
    job.stop()
    assert job.progress.stop.is_set()
    assert executor.wait(job.run.id, 30)
    run = runs.load_run(job.run.id)
    assert run.status == "stopped" and 1 <= run.epochs_done < 200 and run.usable
    assert not run.config.get("interrupted")


def test_a_worker_killed_mid_training_leaves_the_run_interrupted_with_its_epochs(executor, mnist):
    job = executor.submit(TINY, mnist, {**LONG, "workspace": "w1"})
    wait_for(lambda: runs.load_run(job.run.id).epochs_done >= 1 and runs.load_run(job.run.id).usable,
             what="a saved epoch")  # its history is written just before its model
    os.kill(record(job.run)["pid"], signal.SIGKILL)
    assert executor.wait(job.run.id, 30)
    run = runs.load_run(job.run.id)
    assert run.status == "stopped" and run.config["interrupted"] and run.usable and run.epochs_done >= 1
    assert record(run)["status"] == "stopped"  # written so by the executor, not only read so
    again = executor.submit(TINY, mnist, {**SMALL, "workspace": "w1"})  # the pool replaces the dead worker
    assert executor.wait(again.run.id, 120) and runs.load_run(again.run.id).status == "finished"


def test_a_worker_that_cannot_resolve_the_apps_data_gets_the_apps_arrays(executor, mnist):
    flipped = dataclasses.replace(mnist, x_train=np.ascontiguousarray(mnist.x_train[:, ::-1]))  # no file holds these
    job = executor.submit(TINY, flipped, {**SMALL, "workspace": "w1"})
    assert executor.wait(job.run.id, 120)
    same_curves(runs.load_run(job.run.id).history, training.train(TINY, flipped, SMALL)[1].history)


def test_a_servers_caps_and_a_full_line_are_refused_before_a_run_is_made(executor, mnist, monkeypatch):
    for limits, epochs, key in [(scheduling.Limits(1000, 4000), 4, "over_params"),  # 240 x 4 fit, 4,594 params not
                                (scheduling.Limits(1000, None), 5, "over_images_epochs")]:  # 240 x 5 > 1,000
        monkeypatch.setattr(executor, "settings", dataclasses.replace(executor.settings, limits=limits))
        with pytest.raises(training.ConfigError) as err:
            executor.submit(TINY, mnist, {**SMALL, "epochs": epochs})
        assert err.value.key == key
    assert runs.list_runs() == []
    monkeypatch.setattr(executor, "settings", dataclasses.replace(executor.settings, limits=scheduling.Limits()))
    jobs = [executor.submit(TINY, mnist, {**LONG, "workspace": "w1"}) for _ in range(scheduling.LINE_PER_WORKSPACE)]
    with pytest.raises(training.ConfigError) as err:
        executor.submit(TINY, mnist, {**SMALL, "workspace": "w1"})
    assert err.value.key == "line_full" and len(runs.list_runs()) == len(jobs)



def test_a_worker_started_during_a_page_run_leaves_the_dashboard_out():
    """During a page run Streamlit makes the page script the process's `__main__`, which a spawned worker runs
    first, as `__mp_main__` (multiprocessing.spawn does what this does): the dashboard's guard keeps the pages
    and Streamlit out of the training workers."""
    import subprocess
    import sys

    from tests.conftest import ROOT

    script = ("import runpy, sys; runpy.run_path('dashboard.py', run_name='__mp_main__'); "
              "print(sorted(m for m in sys.modules if m.startswith(('streamlit', 'cnnviz'))))")
    loaded = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True)
    assert loaded.stdout.strip() == "[]"
