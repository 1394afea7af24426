"""Training jobs of this server process, keyed by run id, each in its own thread.

Streamlit reruns a page on every click and a reload starts a new session, so a training
cannot belong to a session: it lives here, and any session finds it again by run id.
Jobs run one at a time (two trainings on two CPU cores would each crawl, and seeding is
process-wide); a later one waits with state "waiting". Threads never call Streamlit.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field

from cnnviz import runs, training

_jobs: dict[str, "Job"] = {}
_jobs_lock = threading.Lock()
_one_at_a_time = threading.Lock()


@dataclass
class Job:
    run: runs.Run
    spec: list[dict]
    progress: training.Progress = field(default_factory=training.Progress)
    thread: threading.Thread | None = None

    @property
    def alive(self) -> bool:
        return self.thread is not None and self.thread.is_alive()

    def stop(self) -> None:
        """Ask the training to stop after the batch under way (the model and history so far are kept)."""
        self.progress.stop.set()

    def _wait_for_turn(self) -> bool:
        """Wait until no other training runs; False if stopped meanwhile, so Stop also cancels a waiting job."""
        while not self.progress.stop.is_set():
            if _one_at_a_time.acquire(timeout=0.2):
                return True
        return False

    def _work(self, ds) -> None:
        if not self._wait_for_turn():  # nothing trained, nothing to keep
            self.run.status, self.progress.state = "stopped", "stopped"
            runs.save(self.run)
            return
        try:
            training.train(self.spec, ds, run=self.run, progress=self.progress)
        finally:
            _one_at_a_time.release()


def start(spec: list[dict], ds, config: dict, name: str = "", home=None) -> Job:
    """Create the run (ConfigError / ArchitectureError if impossible) and train it in a thread."""
    run = training.start_run(spec, ds, config, name, home)
    job = Job(run, spec)
    job.thread = threading.Thread(target=job._work, args=(ds,), name=f"train-{run.id}", daemon=True)
    with _jobs_lock:
        _jobs[run.id] = job
    job.thread.start()
    return job


def get(run_id: str) -> Job | None:
    with _jobs_lock:
        return _jobs.get(run_id)


def running(run_ids=None) -> list[Job]:
    """Jobs still training or waiting, optionally only those of the given runs."""
    with _jobs_lock:
        jobs = list(_jobs.values())
    return [j for j in jobs if j.alive and (run_ids is None or j.run.id in run_ids)]
