"""Where trainings run: worker processes of this server (`local`, the default) or a Ray cluster (`ray`).

    executor = executors.get_executor()            # one per process; Ray when CNNVIZ_RAY_ADDRESS is set
    job = executor.submit(spec, ds, config, name)   # ConfigError / ArchitectureError if it cannot or may not run
    job.progress                                    # a training.Progress the executor keeps up to date
    job.ahead, job.wait_s                           # while it waits: trainings ahead of it, predicted seconds
    executor.jobs({run_id, ...}), executor.get(run_id), job.stop()

A training never runs in the server's own process: the pages stay responsive, a stuck training can be ended,
and one training's seeding cannot touch another's weights. Both back-ends keep one line (`scheduling`): one
running training per workspace, at most `slots` at once, waits predicted from the trainings' sizes. A thread
of the executor hands out trainings, collects their progress and notices a worker that died, whose run it then
writes as interrupted. Pages only read what that thread wrote; it never calls Streamlit.

Settings (environment): CNNVIZ_RAY_ADDRESS (`auto` or `ray://host:port`; unset: local), CNNVIZ_MAX_TRAININGS
(at once; default one per CNNVIZ_TRAINING_CPUS cores of this machine or of the Ray cluster), CNNVIZ_TRAINING_CPUS
(per training, default 2), CNNVIZ_MAX_IMAGES_X_EPOCHS and CNNVIZ_MAX_PARAMS (a class server's caps on one
training; default none).
"""
from __future__ import annotations

import itertools
import logging
import multiprocessing
import multiprocessing.connection
import os
import threading
import time
from collections import OrderedDict
from dataclasses import asdict, dataclass, field
from pathlib import Path

from cnnviz import architecture, datasets, runs, scheduling, training, worker

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Settings:
    ray_address: str | None = None
    max_trainings: int | None = None  # None: from the cores
    training_cpus: int = 2
    limits: scheduling.Limits = scheduling.Limits()

    @classmethod
    def from_env(cls, env=os.environ) -> "Settings":
        def number(name: str) -> int | None:
            value = env.get(name, "").strip()
            if not value:
                return None
            if len(value) > 12 or not value.isdigit() or int(value) < 1:
                raise ValueError(f"{name} must be a whole number of at least 1, not {value[:20]!r}")
            return int(value)

        return cls(env.get("CNNVIZ_RAY_ADDRESS", "").strip() or None, number("CNNVIZ_MAX_TRAININGS"),
                   number("CNNVIZ_TRAINING_CPUS") or 2,
                   scheduling.Limits(number("CNNVIZ_MAX_IMAGES_X_EPOCHS"), number("CNNVIZ_MAX_PARAMS")))


@dataclass(eq=False)
class Job:
    """A training handed to an executor, waiting or running. Written by the executor's thread, read by pages."""
    number: int
    run: runs.Run
    ds: datasets.Dataset  # kept while it lasts, for a worker that asks for the app's arrays
    task: worker.Task
    predicted_s: float  # from its size alone (see scheduling.CostModel)
    executor: "Executor"
    progress: training.Progress = field(default_factory=training.Progress)
    launched: float | None = None  # time.monotonic() when handed to a worker
    started: float | None = None  # ... when the worker reported its first batch (data loaded, model traced)
    mark: tuple[float, float] | None = None  # (seconds since started, fraction) when it first passed a tenth
    stop_asked: float | None = None
    ahead: int = 0  # while waiting: trainings running or starting before it
    wait_s: float = 0.0  # ... and the predicted seconds until it starts
    handle: object = None  # the back-end's: its pool worker, or its Ray task's ObjectRef

    @property
    def workspace(self) -> str:
        return self.run.workspace

    @property
    def waiting(self) -> bool:
        """Still in line (not yet handed to a worker); a waiting training can be cancelled."""
        return self.launched is None

    def stop(self) -> None:
        """Stop after the batch under way, keeping what was learned; a waiting training is cancelled."""
        self.executor.stop(self.run.id)


class Executor:
    """The line and its bookkeeping; a back-end says how a training is launched, heard from, stopped, ended."""
    kind = ""
    POLL_S = 0.2
    STOP_GRACE_S = 30.0  # a training still going this long after Stop is ended by force (a stuck one)

    def __init__(self, settings: Settings):
        self.settings = settings
        self._lock = threading.RLock()
        self._jobs: dict[str, Job] = {}
        self._numbers = itertools.count(1)
        self._costs = scheduling.CostModel()
        self._load = scheduling.CpuLoad()
        self._load.sample(time.monotonic(), cpu_counters())
        self._closed = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def slots(self) -> int:
        """How many trainings may run at once."""
        raise NotImplementedError

    @property
    def trains_here(self) -> bool:
        """Whether trainings run on this machine, where the pages' load slows them."""
        raise NotImplementedError

    # --- what pages and notebooks call ------------------------------------------------------------------------

    def submit(self, spec: list[dict], ds: datasets.Dataset, config: dict, name: str = "", home=None) -> Job:
        """Check the training against the settings and the server's caps, create its run, put it in line."""
        cfg = training.check_config({**config, "dataset": ds.name}, len(ds.x_train))
        summary = architecture.summarize(spec, ds.input_shape, ds.n_classes)  # ArchitectureError first
        scheduling.check_limits(cfg, summary.total_params, self.settings.limits)
        workspace = str(config.get("workspace", ""))
        fingerprint = worker.fingerprint(ds)
        cost = scheduling.per_image(spec, ds.input_shape, ds.n_classes)
        with self._lock:
            scheduling.check_line(workspace, self._entries())
            run = training.start_run(spec, ds, config, name, home)
            number = next(self._numbers)
            task = worker.Task(number, run.id, str(run.path.parent), ds.name, asdict(ds.fit) if ds.fit else None,
                               workspace if ds.is_photo else None, worker.data_env(), fingerprint,
                               self.settings.training_cpus)
            job = Job(number, run, ds, task, self._costs.predict(scheduling.passes(run.config, len(ds.x_test)), cost),
                      self)
            self._jobs[run.id] = job
            self._update_waits()
            log.info("training %s of workspace %r in line: %d ahead, predicted %.0f s", run.id, workspace, job.ahead,
                     job.predicted_s)
            if self._thread is None:
                self._thread = threading.Thread(target=self._loop, name=f"cnnviz-{self.kind}-executor", daemon=True)
                self._thread.start()
        return job

    def jobs(self, run_ids=None) -> list[Job]:
        """Trainings running (first) and waiting (in line order), optionally only those of the given runs."""
        with self._lock:
            line = {e.key: i for i, e in enumerate(scheduling.line_order(self._entries()))}
            jobs = sorted(self._jobs.values(), key=lambda j: (j.waiting, line.get(j.run.id, 0), j.number))
        return [j for j in jobs if run_ids is None or j.run.id in run_ids]

    def get(self, run_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(run_id)

    def stop(self, run_id: str) -> None:
        """Ask a running training to stop after its batch, or take a waiting one out of the line."""
        with self._lock:
            job = self._jobs.get(run_id)
            if job is None or job.progress.stop.is_set():
                return
            job.progress.stop.set()
            if job.waiting:  # nothing trained, nothing to keep
                log.info("training %s of workspace %r cancelled while in line", run_id, job.workspace)
                del self._jobs[run_id]
                job.run.status = job.progress.state = "stopped"
                runs.save(job.run)
                self._update_waits()
                return
            job.stop_asked = time.monotonic()
        self._ask_stop(job)

    def wait(self, run_id: str, timeout: float) -> bool:
        """Block until the training has ended (True) or `timeout` seconds have passed (False)."""
        deadline = time.monotonic() + timeout
        while self.get(run_id) is not None:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.05)
        return True

    def shutdown(self) -> None:
        """End the executor's thread and its workers (a training under way is left interrupted)."""
        self._closed.set()
        if self._thread is not None:
            self._thread.join(10)
        self._close()

    # --- the executor's thread --------------------------------------------------------------------------------

    def _loop(self) -> None:
        while not self._closed.is_set():
            try:
                self._poll(self.POLL_S)
                with self._lock:
                    self._end_stuck()
                    for entry in scheduling.to_start(self._entries(), self.slots):
                        job = self._jobs[entry.key]
                        job.launched = time.monotonic()
                        log.info("training %s of workspace %r starts", job.run.id, job.workspace)
                        self._launch(job)
                    self._update_waits()
            except Exception:  # noqa: BLE001 - one bad poll must not end every training's bookkeeping
                log.exception("executor loop")
                time.sleep(self.POLL_S)

    def _correction(self, now: float) -> float:
        running = [(j.predicted_s, self._costs.projected(now - j.started, j.progress.fraction, j.mark))
                   for j in self._jobs.values() if j.started is not None]
        self._load.sample(now, cpu_counters())
        return self._costs.correction([(p, seconds) for p, seconds in running if seconds is not None],
                                      self._load.slowdown() if self.trains_here else 1.0)

    def _entries(self) -> list[scheduling.Entry]:
        """The line as `scheduling` sees it: waiting trainings with their predicted durations, running ones with
        the time they still need."""
        now = time.monotonic()
        correction = self._correction(now)
        entries = []
        for job in sorted(self._jobs.values(), key=lambda j: j.number):
            predicted = job.predicted_s * correction
            if job.waiting:
                seconds = predicted
            elif job.started is None:  # loading the data, building and tracing the model: the batches are to come
                seconds = max(predicted - (now - job.launched), predicted - self._costs.START_S)
            else:
                seconds = self._costs.remaining(predicted, now - job.started, job.progress.fraction, job.mark)
            entries.append(scheduling.Entry(job.run.id, job.workspace, seconds, running=not job.waiting))
        return entries

    def _update_waits(self) -> None:
        for key, (ahead, seconds) in scheduling.waits(self._entries(), self.slots).items():
            self._jobs[key].ahead, self._jobs[key].wait_s = ahead, seconds

    def _end_stuck(self) -> None:
        now = time.monotonic()
        for job in self._jobs.values():
            if job.stop_asked is not None and now - job.stop_asked > self.STOP_GRACE_S:
                job.stop_asked = None  # once
                log.warning("training %s did not stop within %.0f s: ending its worker", job.run.id, self.STOP_GRACE_S)
                self._kill(job)

    def _reported(self, job: Job, values: dict) -> None:
        """A progress snapshot from the job's worker."""
        worker.apply(job.progress, values)
        now = time.monotonic()
        if job.started is None and (values["batch"] or values["epoch"]):
            job.started = now
        if job.mark is None and job.started is not None and job.progress.fraction >= self._costs.MIN_FRACTION:
            job.mark = (now - job.started, job.progress.fraction)

    def _ended(self, job: Job, status: str) -> None:
        """The worker finished the job (the run on disk says how)."""
        log.info("training %s of workspace %r ended: %s", job.run.id, job.workspace, status)
        with self._lock:
            self._jobs.pop(job.run.id, None)
            if status == "finished" and job.launched is not None:
                self._costs.learn(job.predicted_s, time.monotonic() - job.launched)
            self._update_waits()
        job.progress.state = status

    def _died(self, job: Job) -> None:
        """The job's worker is gone mid-training: its run keeps the epochs it saved, marked interrupted."""
        log.warning("the worker of training %s is gone: the run is kept as interrupted", job.run.id)
        try:
            runs.mark_interrupted(job.run)
        except runs.RunError as exc:
            log.warning("cannot mark %s interrupted: %s", job.run.id, exc)
        self._ended(job, "stopped")

    # --- what a back-end provides -----------------------------------------------------------------------------

    def _launch(self, job: Job) -> None:
        raise NotImplementedError

    def _poll(self, timeout: float) -> None:
        """Wait up to `timeout` for news from workers and act on it (`_reported`, `_ended`, `_died`)."""
        raise NotImplementedError

    def _ask_stop(self, job: Job) -> None:
        raise NotImplementedError

    def _kill(self, job: Job) -> None:
        raise NotImplementedError

    def _close(self) -> None:
        raise NotImplementedError


def cpu_counters() -> tuple[int, int] | None:
    """This machine's CPU time so far (see scheduling.CpuLoad.parse); None without Linux's /proc/stat."""
    try:
        with open("/proc/stat") as stat:
            return scheduling.CpuLoad.parse(stat.readline())
    except (OSError, ValueError):
        return None


# --- local: a pool of worker processes --------------------------------------------------------------------------

@dataclass(eq=False)
class _PoolWorker:
    process: multiprocessing.Process
    conn: multiprocessing.connection.Connection
    stop_job: object  # shared memory: the number of the job to stop
    job: Job | None = None


class LocalExecutor(Executor):
    """Trainings in child processes of the server, one per slot, started with the executor ("spawn": forking a
    process that runs TensorFlow threads is unsafe; like any use of "spawn", a script that makes an executor
    needs an `if __name__ == "__main__":` guard) and reused, so a training pays neither TensorFlow's import nor
    the data's load again. They run at a lower priority than the server's page runs (`worker.lower_priority`)."""
    kind = "local"

    def __init__(self, settings: Settings):
        super().__init__(settings)
        self._context = multiprocessing.get_context("spawn")
        self._slots = settings.max_trainings or max(1, (os.cpu_count() or 1) // settings.training_cpus)
        self._pool: list[_PoolWorker] = []
        for _ in range(self._slots):  # importing TensorFlow takes seconds: not while a student waits
            self._spawn()

    @property
    def slots(self) -> int:
        return self._slots

    trains_here = True

    def _launch(self, job: Job) -> None:
        idle = next((w for w in self._pool if w.job is None and w.process.is_alive()), None)
        if idle is None:
            idle = self._spawn()
        idle.job, job.handle = job, idle
        idle.conn.send(("train", job.task))

    def _spawn(self) -> _PoolWorker:
        ours, theirs = self._context.Pipe()
        stop_job = self._context.RawValue("q", 0)
        process = self._context.Process(target=worker.local_main, name="cnnviz-training", daemon=True,
                                        args=(theirs, stop_job, os.getpid(), self.settings.training_cpus))
        process.start()
        theirs.close()
        pool_worker = _PoolWorker(process, ours, stop_job)
        self._pool.append(pool_worker)
        return pool_worker

    def _poll(self, timeout: float) -> None:
        if not self._pool:
            time.sleep(timeout)
            return
        waitables = {w.conn: w for w in self._pool} | {w.process.sentinel: w for w in self._pool}
        ready = multiprocessing.connection.wait(list(waitables), timeout)
        for pool_worker in {waitables[r] for r in ready}:
            try:
                while pool_worker.conn.poll():
                    self._message(pool_worker, pool_worker.conn.recv())
            except (EOFError, OSError):
                pass  # it died: handled below
            if not pool_worker.process.is_alive() or pool_worker.process.sentinel in ready:
                pool_worker.process.join(5)
                self._pool.remove(pool_worker)
                pool_worker.conn.close()
                if pool_worker.job is not None:
                    self._died(pool_worker.job)

    def _message(self, pool_worker: _PoolWorker, message: tuple) -> None:
        kind, number, *rest = message
        job = pool_worker.job
        if job is None or job.number != number:
            return
        if kind == "progress":
            self._reported(job, rest[0])
        elif kind == "need_data":
            pool_worker.conn.send(("data", job.ds))
        elif kind == "done":
            pool_worker.job = None
            self._ended(job, rest[0])

    def _ask_stop(self, job: Job) -> None:
        job.handle.stop_job.value = job.number

    def _kill(self, job: Job) -> None:
        job.handle.process.kill()

    def _close(self) -> None:
        for pool_worker in self._pool:
            pool_worker.process.kill()
            pool_worker.process.join(5)
            pool_worker.conn.close()
        self._pool.clear()


# --- ray: tasks on a Ray cluster ------------------------------------------------------------------------------

class RayExecutor(Executor):
    """Each training is a Ray task that reserves CNNVIZ_TRAINING_CPUS CPUs on some worker; progress and stop
    requests go through one small actor (`worker.Board`). The cnnviz package travels to the workers with the job
    (Ray's `py_modules`), the data through the object store when a worker cannot resolve the same arrays, and
    every run is written to CNNVIZ_HOME, which must be the same shared folder on every machine."""
    kind = "ray"
    POLL_S = 0.5
    DATASETS_KEPT = 3  # datasets kept in the object store
    CLUSTER_CHECK_S = 10.0  # how often the cluster's CPUs are counted again (machines join and leave)

    def __init__(self, settings: Settings):
        super().__init__(settings)
        os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
        import ray

        self._ray = ray
        try:
            ray.init(address=settings.ray_address, namespace="cnnviz", logging_level=logging.WARNING,
                     log_to_driver=False, runtime_env={"py_modules": [str(Path(__file__).resolve().parent)]})
        except Exception as exc:  # noqa: BLE001 - whatever Ray raises, the message names the setting
            raise RuntimeError(f"CNNVIZ_RAY_ADDRESS={settings.ray_address}: cannot join the Ray cluster ({exc})") \
                from exc
        self._board = ray.remote(worker.Board).options(num_cpus=0).remote()
        self._task = ray.remote(worker.ray_task).options(num_cpus=settings.training_cpus, max_retries=0)
        self._data: OrderedDict[str, object] = OrderedDict()
        self._slots, self._counted, self._here = 1, -self.CLUSTER_CHECK_S, False

    @property
    def slots(self) -> int:
        self._count_cluster()
        return self.settings.max_trainings or self._slots

    @property
    def trains_here(self) -> bool:
        """Whether every machine of the cluster is this one (a class server that runs Ray for itself)."""
        self._count_cluster()
        return self._here

    def _count_cluster(self) -> None:
        """Count the cluster's CPUs and machines again when it is time (machines join and leave)."""
        if time.monotonic() - self._counted < self.CLUSTER_CHECK_S:
            return
        cpus = int(self._ray.cluster_resources().get("CPU", 0))
        here = self._ray.util.get_node_ip_address()
        self._here = all(node["NodeManagerAddress"] == here for node in self._ray.nodes() if node["Alive"])
        self._slots, self._counted = max(1, cpus // self.settings.training_cpus), time.monotonic()

    def _data_ref(self, job: Job):
        """The app's arrays in the object store, put there once per dataset."""
        key = job.task.fingerprint
        if key not in self._data:
            self._data[key] = self._ray.put(job.ds)
            while len(self._data) > self.DATASETS_KEPT:
                self._data.popitem(last=False)
        self._data.move_to_end(key)
        return self._data[key]

    def _launch(self, job: Job) -> None:
        job.handle = self._task.remote(job.task, [self._data_ref(job)], self._board)

    def _poll(self, timeout: float) -> None:
        with self._lock:
            launched = [j for j in self._jobs.values() if j.handle is not None]
        if not launched:
            time.sleep(timeout)
            return
        refs = {j.handle: j for j in launched}
        ready, _ = self._ray.wait(list(refs), num_returns=len(refs), timeout=timeout)
        news = self._ray.get(self._board.collect.remote({j.number: len(j.progress.curve) for j in launched}))
        for job in launched:
            if job.number in news:
                self._reported(job, news[job.number])
        for ref in ready:
            job = refs[ref]
            self._board.forget.remote(job.number)
            try:
                status = self._ray.get(ref)
            except self._ray.exceptions.RayError:  # the worker, its machine or the task was lost
                self._died(job)
            else:
                self._ended(job, status)

    def _ask_stop(self, job: Job) -> None:
        self._board.stop.remote(job.number)

    def _kill(self, job: Job) -> None:
        self._ray.cancel(job.handle, force=True)

    def _close(self) -> None:
        self._ray.shutdown()


_executor: Executor | None = None
_executor_lock = threading.Lock()


def get_executor() -> Executor:
    """This process's executor, made on first use from the environment's settings."""
    global _executor
    with _executor_lock:
        if _executor is None:
            settings = Settings.from_env()
            _executor = RayExecutor(settings) if settings.ray_address else LocalExecutor(settings)
        return _executor
