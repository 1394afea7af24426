"""The Ray executor on a real Ray cluster on 127.0.0.1 (two CPUs, one per training): two trainings at once,
Stop, a worker killed mid-run, the same curves as the local executor, data through the object store, the line."""
import dataclasses
import json
import os
import signal
import time

import numpy as np
import pytest

from cnnviz import architecture, datasets, executors, runs
from tests.fixtures import LONG_TRAINING as LONG, assert_yields_to_pages, stop_all, wait_for

TINY = architecture.PRESETS["tiny"]
SMALL = {"train_size": 300, "batch_size": 30, "epochs": 2, "learning_rate": 0.01}


@pytest.fixture(scope="module")
def mnist():
    return datasets.load("mnist")


@pytest.fixture(scope="module")
def ray_executor(ray_address):
    executor = executors.RayExecutor(executors.Settings(ray_address=ray_address, training_cpus=1))
    yield executor
    executor.shutdown()


@pytest.fixture
def executor(ray_executor):
    """The Ray executor; nothing a test started is left running after it."""
    yield ray_executor
    stop_all(ray_executor)


def worker_pid(run) -> int:
    """The pid of the process training the run: the worker writes its record as soon as it starts."""
    return json.loads((run.path / runs.RUN_FILE).read_text())["pid"]


def test_two_trainings_run_at_once_on_two_workers_and_stop_within_a_batch(executor, mnist):
    assert executor.slots == 2  # two CPUs, one per training
    a = executor.submit(TINY, mnist, {**LONG, "workspace": "alice"})
    b = executor.submit(TINY, mnist, {**LONG, "workspace": "bob"})
    wait_for(lambda: a.progress.batch and b.progress.batch, what="both to train")
    assert not a.waiting and not b.waiting and a.progress.state == b.progress.state == "running"
    assert len({worker_pid(a.run), worker_pid(b.run), os.getpid()}) == 3
    assert_yields_to_pages(worker_pid(a.run))  # not in the session of `ray start`, which competes as an equal
    wait_for(lambda: a.progress.epoch >= 1 and runs.load_run(a.run.id).usable, what="a saved epoch")
    a.stop()
    assert executor.wait(a.run.id, 30)
    run = runs.load_run(a.run.id)
    assert run.status == "stopped" and 1 <= run.epochs_done < 200 and run.usable and not run.config.get("interrupted")
    assert executor.get(b.run.id) is b and b.progress.state == "running"  # the other goes on
    b.stop()
    assert executor.wait(b.run.id, 30) and runs.load_run(b.run.id).status == "stopped"


def test_a_worker_killed_mid_training_leaves_the_run_interrupted_with_its_epochs(executor, mnist):
    job = executor.submit(TINY, mnist, {**LONG, "workspace": "w1"})
    wait_for(lambda: runs.load_run(job.run.id).epochs_done >= 1 and runs.load_run(job.run.id).usable,
             what="a saved epoch")
    os.kill(worker_pid(job.run), signal.SIGKILL)
    assert executor.wait(job.run.id, 60)
    run = runs.load_run(job.run.id)
    assert run.status == "stopped" and run.config["interrupted"] and run.usable and run.epochs_done >= 1
    assert json.loads((run.path / runs.RUN_FILE).read_text())["status"] == "stopped"  # written by the executor


def test_the_same_seed_gives_the_same_curves_on_ray_and_in_the_local_pool(executor, mnist):
    on_ray = executor.submit(TINY, mnist, {**SMALL, "workspace": "w1"})
    local = executors.get_executor().submit(TINY, mnist, {**SMALL, "workspace": "w1"})
    assert executor.wait(on_ray.run.id, 120) and executors.get_executor().wait(local.run.id, 120)
    ray_run, local_run = runs.load_run(on_ray.run.id), runs.load_run(local.run.id)
    assert ray_run.status == local_run.status == "finished"
    assert ray_run.history == local_run.history and ray_run.test_metrics == local_run.test_metrics
    np.testing.assert_array_equal(ray_run.kernel_snapshots()["conv2d_1"], local_run.kernel_snapshots()["conv2d_1"])


def test_a_worker_that_cannot_resolve_the_apps_data_gets_it_from_the_object_store(executor, mnist):
    flipped = dataclasses.replace(mnist, x_train=np.ascontiguousarray(mnist.x_train[:, ::-1]))  # no file holds these
    on_ray = executor.submit(TINY, flipped, {**SMALL, "workspace": "w1"})
    assert executor.wait(on_ray.run.id, 120)
    plain = executor.submit(TINY, mnist, {**SMALL, "workspace": "w1"})
    assert executor.wait(plain.run.id, 120)
    local = executors.get_executor().submit(TINY, flipped, {**SMALL, "workspace": "w1"})
    assert executors.get_executor().wait(local.run.id, 120)
    flipped_history = runs.load_run(on_ray.run.id).history
    assert flipped_history == runs.load_run(local.run.id).history != runs.load_run(plain.run.id).history


def test_a_workspaces_second_training_waits_for_its_first_with_its_place_and_a_fair_estimate(executor, mnist):
    first = executor.submit(TINY, mnist, {**LONG, "epochs": 6, "workspace": "alice"})
    other = executor.submit(TINY, mnist, {**LONG, "workspace": "bob"})  # takes the second CPU
    second = executor.submit(TINY, mnist, {**SMALL, "workspace": "alice"})
    wait_for(lambda: first.progress.fraction >= 0.3, what="the first training to show its speed")
    assert second.waiting and second.ahead == 2 and not other.waiting
    estimate, asked = second.wait_s, time.monotonic()
    wait_for(lambda: not second.waiting, what="the second training to start")
    real = time.monotonic() - asked
    assert estimate / 2 - 3 <= real <= 2 * estimate + 3, (estimate, real)  # the arithmetic: test_scheduling
    assert executor.wait(second.run.id, 120) and runs.load_run(second.run.id).status == "finished"
