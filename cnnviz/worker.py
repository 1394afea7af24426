"""One training in a worker process: a child process of the server (`local`) or a Ray worker (`ray`).

The server sends a `Task` (which run, which data, the app's data settings); the worker resolves the dataset
the way the app did, trains with `training.train` into the run folder, and sends small progress snapshots
back while it runs. A stop request reaches `LiveCallback` through the progress's stop flag, read after every
batch. Nothing here imports Streamlit or Ray at module level: the same code runs in both kinds of worker.
"""
from __future__ import annotations

import contextlib
import hashlib
import os
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Callable

from cnnviz import datasets, runs, training

NICE = 19  # trainings take the CPU that page runs leave (Linux gives nice 19 about 1/70 of nice 0's share)
DATA_SETTINGS = ("CNNVIZ_DATA_DIR", "CNNVIZ_OFFLINE", "CNNVIZ_HOME", "KERAS_HOME")  # what decides where data comes from
DATASETS_KEPT = 3  # loaded datasets a worker keeps, so the next training on the same data does not load it again
SNAPSHOT_FIELDS = tuple(f.name for f in fields(training.Progress) if f.name not in ("stop", "curve"))


@dataclass(frozen=True)
class Task:
    """Everything a worker needs to train a run, small enough to send anywhere."""
    job: int  # the executor's number for this training; stop requests name it
    run_id: str
    runs_home: str  # the run's folder's parent: CNNVIZ_HOME/runs, shared storage for Ray workers
    dataset: str
    fit: dict | None  # datasets.PhotoFit as a dict, for photo datasets
    data_workspace: str | None  # whose uploaded photos, for a workspace's own dataset
    data_env: tuple[tuple[str, str], ...]  # the app's DATA_SETTINGS
    fingerprint: str  # of the app's arrays: a worker that resolves other data asks for the app's
    threads: int  # TensorFlow threads: the CPUs the training may use


def data_env() -> tuple[tuple[str, str], ...]:
    """This process's data settings, to resolve datasets elsewhere in the same order."""
    return tuple((k, os.environ[k]) for k in DATA_SETTINGS if k in os.environ)


_fingerprints: dict[int, tuple[datasets.Dataset, str]] = {}


def fingerprint(ds: datasets.Dataset) -> str:
    """A hash of every array and the class names: equal only for the same data (cached per loaded dataset)."""
    cached = _fingerprints.get(id(ds))
    if cached is not None and cached[0] is ds:
        return cached[1]
    digest = hashlib.blake2b(digest_size=16)
    for array in (ds.x_train, ds.y_train, ds.x_test, ds.y_test):
        digest.update(str((array.shape, array.dtype.str)).encode())
        digest.update(array.tobytes())
    digest.update(repr(ds.class_names("en")).encode())
    _fingerprints[id(ds)] = (ds, digest.hexdigest())
    if len(_fingerprints) > 2 * DATASETS_KEPT:
        _fingerprints.pop(next(iter(_fingerprints)))
    return _fingerprints[id(ds)][1]


def lower_priority() -> None:
    """Make this process yield the CPU to the server's page runs.

    Linux weighs each session's processes (an "autogroup") together against the other sessions, so a nice value
    counts only inside its session: a Ray worker, in the session of `ray start`, would otherwise take half the
    CPU from the server whatever its nice. The worker therefore leads a session of its own and nices it, and
    nices each of its threads (also those that were there before this call) for systems without autogroups.
    """
    with contextlib.suppress(OSError):
        if os.getpgid(0) == os.getpid() != os.getsid(0):  # a Ray worker leads its process group, which setsid
            os.setpgid(0, os.getpgid(os.getppid()))  # refuses: it joins its parent's group first; setsid then
        os.setsid()  # makes it lead a new group of the same number again, so a kill of its group still reaches it
    if os.getsid(0) == os.getpid():
        with contextlib.suppress(OSError):
            Path("/proc/self/autogroup").write_text(f"{NICE}\n")
    for thread in os.listdir("/proc/self/task") if os.path.isdir("/proc/self/task") else [os.getpid()]:
        with contextlib.suppress(OSError):  # not allowed here: trainings then compete with pages as equals
            os.setpriority(os.PRIO_PROCESS, int(thread), NICE)


_prepared = threading.Lock()
_threads: int | None = None


def prepare_process(threads: int) -> None:
    """Once per worker process, before TensorFlow runs anything: lower priority, and as many threads as CPUs."""
    global _threads
    with _prepared:
        if _threads is not None:
            return
        os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
        lower_priority()
        import tensorflow as tf

        tf.config.threading.set_intra_op_parallelism_threads(threads)
        tf.config.threading.set_inter_op_parallelism_threads(min(threads, 2))
        _threads = threads


_datasets: OrderedDict = OrderedDict()


def dataset(task: Task, from_app: Callable[[], datasets.Dataset]) -> datasets.Dataset:
    """The task's data: resolved here with the app's settings, or the app's own arrays (`from_app`) when this
    machine resolves other data or none (a Ray worker without the files)."""
    key = (task.dataset, task.fit and tuple(sorted(task.fit.items())), task.data_workspace, task.fingerprint)
    if key in _datasets:
        _datasets.move_to_end(key)
        return _datasets[key]
    os.environ.update(dict(task.data_env))
    fit = datasets.PhotoFit(**task.fit) if task.fit else None
    try:
        ds = datasets.load(task.dataset, fit, task.data_workspace)
    except datasets.DatasetError:
        ds = None
    if ds is None or fingerprint(ds) != task.fingerprint:
        ds = from_app()
    _datasets[key] = ds
    while len(_datasets) > DATASETS_KEPT:
        _datasets.popitem(last=False)
    return ds


def snapshot(progress: training.Progress, curve_from: int) -> dict:
    """What the page needs of the progress, with only the curve points from `curve_from` on."""
    values = {name: getattr(progress, name) for name in SNAPSHOT_FIELDS}
    values["history"] = {k: list(v) for k, v in progress.history.items()}
    curve = list(progress.curve)
    return values | {"curve_from": curve_from, "curve": curve[curve_from:]}


def apply(progress: training.Progress, values: dict) -> None:
    """Bring a copy of the progress up to date with a snapshot (the page reads it meanwhile: no in-place edits)."""
    for name in SNAPSHOT_FIELDS:
        setattr(progress, name, values[name])
    progress.curve = progress.curve[:values["curve_from"]] + list(values["curve"])


def merge(stored: dict | None, values: dict) -> dict:
    """A snapshot dict brought up to date with a newer one (the curve grows by its new points)."""
    curve = (stored or {}).get("curve", [])[:values["curve_from"]] + list(values["curve"])
    return values | {"curve_from": 0, "curve": curve}


def train(task: Task, data: Callable[[], datasets.Dataset], report: Callable[[dict], bool]) -> str:
    """Train the task's run; `report(snapshot)` is called every `training.LIVE_EVERY_S` and returns True once the
    server asks to stop (then `LiveCallback` stops after the batch under way). Returns the run's final status; a
    failure before training (no data) fails the run."""
    run = runs.load_run(task.run_id, task.runs_home)
    runs.save(run)  # the record now names this process (and machine) as the one training it
    runs.heartbeat(run)
    progress = training.Progress()
    done = threading.Event()

    def reporter():
        sent, beat = 0, time.monotonic()
        while True:
            finished = done.wait(training.LIVE_EVERY_S)
            values = snapshot(progress, sent)
            sent += len(values["curve"])
            if report(values):
                progress.stop.set()
            if time.monotonic() - beat >= runs.HEARTBEAT_S:
                beat = time.monotonic()
                runs.heartbeat(run)
            if finished:
                return

    thread = threading.Thread(target=reporter, name=f"report-{task.run_id}", daemon=True)
    thread.start()
    try:
        training.train(run.spec, data(), run=run, progress=progress)
    except Exception as exc:  # noqa: BLE001 - the data could not be had: the run says why
        progress.state, progress.message = "failed", f"{type(exc).__name__}: {exc}"
        run.status, run.error = "failed", progress.message
        runs.save(run)
    finally:
        done.set()
        thread.join()
    return run.status


# --- local: a child process of the server ------------------------------------------------------------------

def local_main(conn, stop_job, server_pid: int, threads: int) -> None:
    """A pool worker's life: train the tasks the server sends until the pipe closes or the server dies.

    Messages to the server: ("progress", job, snapshot), ("need_data", job), ("done", job, status); from it:
    ("train", Task) and ("data", Dataset). `stop_job` is shared memory holding the job number to stop.
    """
    prepare_process(threads)

    def orphaned():
        while os.getppid() == server_pid:
            time.sleep(1.0)
        os._exit(1)  # the server was killed: the run is left interrupted, as the server's own threads were

    threading.Thread(target=orphaned, name="watch-server", daemon=True).start()
    send_lock = threading.Lock()

    def send(message) -> None:
        with send_lock:
            conn.send(message)

    while True:
        try:
            kind, task = conn.recv()
        except (EOFError, OSError):
            return
        if kind != "train":
            continue

        def from_app(job=task.job):
            send(("need_data", job))
            kind, ds = conn.recv()
            assert kind == "data", kind
            return ds

        def report(values, job=task.job) -> bool:
            send(("progress", job, values))
            return stop_job.value == job

        status = train(task, lambda: dataset(task, from_app), report)
        send(("done", task.job, status))


# --- ray: a task on a Ray worker -----------------------------------------------------------------------------

def ray_task(task: Task, app_data: list, board) -> str:
    """The Ray task: `app_data` holds (inside a list, so Ray does not fetch it unasked) the object-store copy of
    the app's dataset; `board` is the `Board` actor that carries progress and stop requests."""
    import ray

    prepare_process(task.threads)

    def report(values) -> bool:
        return ray.get(board.report.remote(task.job, values))

    return train(task, lambda: dataset(task, lambda: ray.get(app_data[0])), report)


class Board:
    """A Ray actor between the server and its trainings: each training posts its progress and hears of a stop."""

    def __init__(self):
        self._progress: dict[int, dict] = {}
        self._stop: set[int] = set()

    def report(self, job: int, values: dict) -> bool:
        self._progress[job] = merge(self._progress.get(job), values)
        return job in self._stop

    def stop(self, job: int) -> None:
        self._stop.add(job)

    def collect(self, have: dict[int, int]) -> dict[int, dict]:
        """The latest snapshot of each job, with the curve points after the `have[job]` the server has."""
        out = {}
        for job, n in have.items():
            values = self._progress.get(job)
            if values is not None:
                out[job] = values | {"curve_from": n, "curve": values["curve"][n:]}
        return out

    def forget(self, job: int) -> None:
        self._progress.pop(job, None)
        self._stop.discard(job)
