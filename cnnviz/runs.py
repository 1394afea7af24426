"""Every trained model is a run: a folder on disk that survives reruns, reloads and restarts.

    <CNNVIZ_HOME>/runs/<run id>/
        run.json           name, dataset, spec, config, history, status, test metrics (rewritten each epoch)
        model.keras        the latest model (saved after every epoch, so a killed server loses one epoch at most)
        initial.keras      the same architecture with its untrained initial weights
        kernels.npz        conv layer name -> (epochs + 1, kh, kw, cin, cout); [0] is the untrained kernel
        weights/           the whole model's weights after each epoch, thinned for long runs (`cnnviz.snapshots`)
        heartbeat          touched every few seconds by a training on another machine (a Ray worker)

Every file is written to a temporary name and moved into place with `os.replace`, so a
reader sees the old file or the new one, never half of one. `config["workspace"]` says
whose run it is (the dashboard's `?ws=` id); runs without one (trained in a notebook,
copied in by hand) are shared and listed for everybody.
"""
from __future__ import annotations

import json
import math
import os
import re
import secrets
import shutil
import socket
import tempfile
import time
import threading
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

from cnnviz.datasets import PHOTO_SIZES, RESIZE_MODES, is_dataset_name
from cnnviz.schedules import SCHEDULES
from cnnviz.untrusted import load_json, shown

STATUSES = ("running", "finished", "stopped", "diverged", "failed", "imported", "damaged")
RUN_FILE, MODEL_FILE, INITIAL_FILE, KERNELS_FILE = "run.json", "model.keras", "initial.keras", "kernels.npz"
HEARTBEAT_FILE = "heartbeat"
HEARTBEAT_S, HEARTBEAT_STALE_S = 5.0, 60.0  # a worker touches it this often; this long without means it is gone
_ID = re.compile(r"^[0-9A-Za-z_-]{1,64}$")
_json_lock = threading.Lock()  # read-modify-write of run.json from a training thread and a page at once
_PROCESS = secrets.token_hex(8)  # this process, even when a restarted server gets the same pid (1 in a container)
PID_LIMIT = 2**22  # Linux's largest pid; 0 and -1 would "signal" a whole group, so they never name a training
MAX_RECORD_BYTES = 256 * 2**10  # a run.json of 200 epochs is ~20 kB; every list_runs reads them all
MAX_RECORD_DEPTH = 8  # record → spec → layer → value is 3 deep
MAX_WHOLE = 2**53  # past this a number in a record is not a count, and a 5,000-digit one cannot even become text


def _whole(value) -> bool:
    return type(value) is int and abs(value) < MAX_WHOLE


def _real(value) -> bool:
    return _whole(value) or (type(value) is float and math.isfinite(value))  # a learning rate may be 1e20


# The config values the pages format, compare or look up, and the check each must pass; other keys are kept
# as they are (the pages only test them for truth).
_CONFIG_CHECKS = {
    **dict.fromkeys(("workspace", "validation", "optimizer"), lambda v: type(v) is str),
    **dict.fromkeys(("n_fit", "batch_size", "steps_per_epoch", "epochs", "seed"), _whole),
    "n_val": lambda v: v is None or _whole(v),  # None when the test set validates
    **dict.fromkeys(("val_fraction", "learning_rate", "seconds"), _real),
    "fit": lambda v: isinstance(v, dict) and set(v) == {"size", "mode", "color"} and v["size"] in PHOTO_SIZES
    and type(v["size"]) is int and v["mode"] in RESIZE_MODES and type(v["color"]) is bool,  # a photo run's fit
    "class_names": lambda v: isinstance(v, list) and len(v) <= 1000 and all(type(c) is str for c in v),
    "input_shape": lambda v: isinstance(v, list) and len(v) <= 4 and all(_whole(d) for d in v),
    "schedule": lambda v: type(v) is str and v in SCHEDULES,
    "step_every": _whole,
    **dict.fromkeys(("step_factor", "warmup_epochs"), _real),
}
_HOST = socket.gethostname()  # a pid means something only on the machine that wrote it


class RunError(Exception):
    """A run is missing or unreadable; the message names the folder or file."""


def runs_home() -> Path:
    return Path(os.environ.get("CNNVIZ_HOME") or Path.home() / ".cnnviz") / "runs"


def _home(home: Path | str | None) -> Path:
    """Every `home=` argument here is the runs folder itself (default `runs_home()`), not CNNVIZ_HOME."""
    return Path(home) if home is not None else runs_home()


@dataclass
class Run:
    id: str
    path: Path
    name: str
    created: str  # ISO time, UTC
    dataset: str  # "mnist" | "fashion_mnist"
    spec: list[dict] | None  # None for an imported model
    config: dict = field(default_factory=dict)
    history: dict[str, list[float]] = field(default_factory=dict)  # Keras history.history
    status: str = "running"
    test_metrics: dict | None = None
    error: str = ""  # why a run is damaged or failed

    @property
    def workspace(self) -> str:
        return self.config.get("workspace", "")

    @property
    def epochs_done(self) -> int:
        return len(self.history.get("loss", []))

    @property
    def usable(self) -> bool:
        """Has a model to look at (a run still in its first epoch has none yet)."""
        return self.status != "damaged" and (self.path / MODEL_FILE).is_file()

    @property
    def imported(self) -> bool:
        return self.status == "imported" or self.spec is None

    def model_mtime(self) -> float:
        """Changes whenever a new model file lands; part of the UI's model cache key."""
        try:
            return (self.path / MODEL_FILE).stat().st_mtime_ns / 1e9
        except OSError:
            return 0.0

    def best_val_accuracy(self) -> float | None:
        values = self.history.get("val_accuracy")
        return float(np.nanmax(values)) if values and not np.isnan(values).all() else None

    def model(self):
        """The final model, or the latest one saved after an epoch while training goes on."""
        return _load_keras(self.path / MODEL_FILE)

    def initial_model(self):
        """The same architecture with the untrained initial weights (re-initialised for an imported model)."""
        return _load_keras(self.path / INITIAL_FILE)

    def kernel_snapshots(self) -> dict[str, np.ndarray]:
        """Conv layer name -> (epochs + 1, kh, kw, cin, cout) kernels; [0] is before training."""
        path = self.path / KERNELS_FILE
        if not path.is_file():
            return {}
        try:
            with np.load(path, allow_pickle=False) as f:
                return {k: f[k] for k in f.files}
        except Exception as exc:  # noqa: BLE001 - any failure of a damaged file
            raise RunError(f"{path}: unreadable kernel snapshots ({exc})") from None


def best_epoch(history: dict[str, list[float]]) -> int | None:
    """The 1-based epoch with the lowest validation loss, the one Keras's EarlyStopping keeps; None without one."""
    finite = [(v, i) for i, v in enumerate(history.get("val_loss") or []) if math.isfinite(v)]
    return min(finite)[1] + 1 if finite else None


def _load_keras(path: Path):
    import keras

    if not path.is_file():
        raise RunError(f"{path}: no model file")
    try:
        return keras.saving.load_model(path, safe_mode=True)
    except Exception as exc:  # noqa: BLE001 - a damaged or hostile file
        raise RunError(f"{path}: the model cannot be loaded ({exc})") from None


# --- atomic writes -------------------------------------------------------------------------------

def _atomic(path: Path, write) -> None:
    """Call write(tmp_path), then move the finished file into place."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=path.suffix or ".tmp")
    os.close(fd)
    try:
        write(tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _write_json(path: Path, data: dict) -> None:
    def write(tmp):
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False, indent=1, allow_nan=True)
            f.flush()
            os.fsync(f.fileno())
    _atomic(path, write)


def save_model(run: Run, model, initial: bool = False) -> None:
    """Save `model` as the run's model (or its untrained initial model), atomically."""
    _atomic(run.path / (INITIAL_FILE if initial else MODEL_FILE), model.save)


def _conv_kernels(model) -> dict[str, np.ndarray]:
    return {layer.name: np.asarray(layer.get_weights()[0], dtype=np.float32)
            for layer in model.layers if type(layer).__name__ == "Conv2D"}


def conv_kernels(model) -> dict[str, np.ndarray]:
    """Conv layer name -> its current (kh, kw, cin, cout) kernel."""
    return _conv_kernels(model)


def write_kernel_snapshots(run: Run, snapshots: dict[str, np.ndarray]) -> None:
    """Store conv layer name -> (epochs + 1, kh, kw, cin, cout) kernels, [0] untrained."""
    def write(tmp):
        with open(tmp, "wb") as f:
            np.savez(f, **snapshots)
    if snapshots:
        _atomic(run.path / KERNELS_FILE, write)


def append_kernel_snapshot(run: Run, model) -> None:
    """Add the current conv kernels as the next snapshot (the first call stores the untrained ones)."""
    old = run.kernel_snapshots()
    write_kernel_snapshots(run, {name: np.concatenate([old[name], k[None]]) if name in old else k[None]
                                 for name, k in _conv_kernels(model).items()})


# --- run.json ------------------------------------------------------------------------------------

_FIELDS = ("id", "name", "created", "dataset", "spec", "config", "history", "status", "test_metrics", "error")


def _start_time(pid) -> str | None:
    """When the process started (clock ticks since boot, from /proc), None where it cannot be read.

    With the pid it names one process: a later process that reuses the pid starts at another time.
    """
    try:
        stat = Path(f"/proc/{int(pid)}/stat").read_text()
        return stat[stat.rindex(")") + 2:].split()[19]  # field 22; the name before ")" may hold spaces
    except (OSError, ValueError, TypeError, IndexError):
        return None


def _record(run: Run) -> dict:
    return {k: getattr(run, k) for k in _FIELDS} | {
        "path": None, "pid": os.getpid(), "process": _PROCESS, "pid_started": _start_time(os.getpid()), "host": _HOST}


def save(run: Run) -> None:
    """Write the run's record (history, status, ...) atomically.

    The name on disk wins over `run.name`: a training thread holds its own Run, and a rename made
    meanwhile (`rename_run` on another Run of the same folder) must not be undone by its next save.
    """
    with _json_lock:
        try:
            run.name = str(_read_record(run.path / RUN_FILE)["name"])
        except (OSError, ValueError, KeyError, TypeError):
            pass  # a new run, or a damaged record that this save replaces
        _write_json(run.path / RUN_FILE, _record(run))


def heartbeat(run: Run) -> None:
    """Say that the training of this run is alive, for servers on other machines (see `_training_alive`)."""
    (run.path / HEARTBEAT_FILE).touch()


def _training_alive(data: dict, path: Path) -> bool:
    """Is the process that wrote this "running" record still there (a new server's pid may be the old one's)?

    A record written on another machine (a Ray worker sharing CNNVIZ_HOME) names a pid this machine cannot
    check: there the worker's heartbeat file decides.
    """
    if data.get("process") == _PROCESS:
        return True
    if data.get("host", _HOST) != _HOST:
        try:
            return time.time() - (path / HEARTBEAT_FILE).stat().st_mtime < HEARTBEAT_STALE_S
        except OSError:
            return False
    pid = data.get("pid")
    if type(pid) is not int or not 0 < pid < PID_LIMIT or pid == os.getpid():
        return False  # not a pid, or ours but written by an earlier process that had it
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    started = data.get("pid_started")
    return started is None or _start_time(pid) in (None, started)


def _number(value) -> float:
    """A JSON number as a float: NaN and infinity stay (a diverged epoch's loss is NaN), anything else is an error."""
    if type(value) not in (int, float):
        raise TypeError(f"{shown(value)} is not a number")
    return float(value)  # OverflowError for an integer past 1e308


def _read_record(path: Path):
    """The parsed run.json, refusing (ValueError) one too large or too deeply nested to be a real record."""
    if path.stat().st_size > MAX_RECORD_BYTES:
        raise ValueError(f"larger than {MAX_RECORD_BYTES:,} bytes")
    return load_json(path.read_text(encoding="utf-8"), MAX_RECORD_DEPTH)


def load_run(run_id: str, home=None) -> Run:
    """Read one run; raises RunError if it is missing or its record is unreadable or malformed.

    The checks are those the pages rely on (a known dataset, a spec that is a list of layers, numbers
    that are numbers, config values of the types the pages format), so a hand-edited or hostile
    record is listed as damaged instead of crashing them. The record's size and nesting are bounded
    before it is parsed, and every error message quotes it only shortly.
    """
    if not isinstance(run_id, str) or not _ID.match(run_id):
        raise RunError(f"{shown(run_id)} is not a run id")
    path = _home(home) / run_id
    record_file = path / RUN_FILE
    if not record_file.is_file():
        raise RunError(f"{record_file}: no run record")
    try:
        data = _read_record(record_file)
        run = Run(id=run_id, path=path, name=str(data["name"])[:100], created=str(data["created"])[:40],
                  dataset=str(data["dataset"]), spec=data.get("spec"), config=dict(data.get("config") or {}),
                  history={str(k): [_number(v) for v in vals] for k, vals in (data.get("history") or {}).items()},
                  status=str(data.get("status", "finished")), test_metrics=data.get("test_metrics"),
                  error=str(data.get("error") or "")[:1000])
    except (OSError, ValueError, KeyError, TypeError, AttributeError, OverflowError) as exc:
        raise RunError(f"{record_file}: damaged run record ({shown(str(exc), 200)})") from None
    if run.status not in STATUSES:
        raise RunError(f"{record_file}: unknown status {shown(run.status)}")
    if not is_dataset_name(run.dataset):
        raise RunError(f"{record_file}: unknown dataset {shown(run.dataset)}")
    if run.spec is not None and not (isinstance(run.spec, list) and all(isinstance(s, dict) for s in run.spec)):
        raise RunError(f"{record_file}: the spec is not a list of layers")
    if run.test_metrics is not None:
        if not (isinstance(run.test_metrics, dict)  # any float: a NaN or infinite loss is still a result
                and all(type(v) is float or _whole(v) for v in run.test_metrics.values())):
            raise RunError(f"{record_file}: test metrics are not numbers")
        run.test_metrics = {k: float(v) for k, v in run.test_metrics.items()}
    wrong = next((key for key, check in _CONFIG_CHECKS.items() if key in run.config and not check(run.config[key])),
                 None)
    if wrong is not None:
        raise RunError(f"{record_file}: the config's {wrong} is {shown(run.config[wrong])}, which the pages cannot show")
    if run.status == "running" and not _training_alive(data, path):
        run.status = "stopped"  # the process training it has gone (server killed): keep what was saved
        run.config["interrupted"] = True
    return run


def mark_interrupted(run: Run) -> None:
    """Its training's process is gone (an executor saw the worker die): keep what was saved, as an interrupted run."""
    current = load_run(run.id, run.path.parent)
    if current.status == "running" or current.config.get("interrupted"):  # load_run may have noticed already
        current.status = "stopped"
        current.config["interrupted"] = True
        save(current)


def _damaged(path: Path, error: str) -> Run:
    created = datetime.fromtimestamp(path.stat().st_mtime, timezone.utc).isoformat(timespec="seconds")
    return Run(id=path.name, path=path, name=path.name, created=created, dataset="", spec=None,
               status="damaged", error=error)


def list_runs(home=None, workspace: str | None = None) -> list[Run]:
    """All runs, newest first; a damaged folder is listed with status "damaged", never raises.

    With `workspace`, only that workspace's runs and the shared ones (no workspace).
    """
    root = _home(home)
    if not root.is_dir():
        return []
    runs = []
    for path in root.iterdir():
        if not path.is_dir() or path.name.startswith(".") or not _ID.match(path.name):
            continue
        try:
            run = load_run(path.name, root)
        except RunError as exc:
            try:
                run = _damaged(path, str(exc))
            except OSError:
                continue  # deleted while we looked
        if workspace is not None and run.workspace not in ("", workspace):
            continue
        runs.append(run)
    return sorted(runs, key=lambda r: (r.created, r.id), reverse=True)


def new_run_id() -> str:
    return datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S-") + secrets.token_hex(3)


def create_run(name: str, dataset: str, spec: list[dict] | None, config: dict, home=None,
               status: str = "running") -> Run:
    """Make the folder and the first record of a new run.

    The folder is made under a hidden name and moved into place with its record: a folder without one is
    listed as damaged, and a damaged run's owner is unknown, so another student's page listing the runs at
    that moment would take this training for a shared one (and show it as its own training in line).
    """
    run_id, root = new_run_id(), _home(home)
    making = root / f".creating-{run_id}"
    making.mkdir(parents=True)
    run = Run(id=run_id, path=making, name=name.strip() or run_id, created=datetime.now(timezone.utc).isoformat(
        timespec="seconds"), dataset=dataset, spec=spec, config=dict(config), status=status)
    try:
        save(run)
        if (root / run_id).exists():
            raise FileExistsError(root / run_id)
        os.rename(making, root / run_id)
    except BaseException:
        shutil.rmtree(making, ignore_errors=True)
        raise
    run.path = root / run_id
    return run


def create_imported_run(model, dataset: str, name: str, home=None, workspace: str = "", photo_fit=None,
                        class_names: list[str] | None = None) -> Run:
    """Keep an uploaded model as a run; its "initial" model is a re-initialised clone. A photo model keeps how
    photos are fitted for it (`photo_fit`, a PhotoFit) and the class names, as a trained photo run does."""
    import keras

    config = {"workspace": workspace, "initial_reinitialised": True}
    if photo_fit is not None:
        config |= {"fit": asdict(photo_fit), "class_names": list(class_names or []),
                   "input_shape": [int(d) for d in model.inputs[0].shape[1:]]}
    run = create_run(name, dataset, None, config, home, status="imported")
    try:
        initial = keras.models.clone_model(model)  # clone_model draws fresh weights
        save_model(run, model)
        save_model(run, initial, initial=True)
        if _conv_kernels(model):  # snapshot 0 is that same initial model, as the Filters page's "untrained" panel
            append_kernel_snapshot(run, initial)
            append_kernel_snapshot(run, model)
    except BaseException:
        delete_run(run)  # no half-made run is left in the list
        raise
    return run


def save_test_metrics(run: Run, metrics: dict) -> None:
    """Cache test loss/accuracy with the run (the Evaluate page computes them once)."""
    run.test_metrics = {k: float(v) for k, v in metrics.items()}
    with _json_lock:
        current = _read_record(run.path / RUN_FILE)
        current["test_metrics"] = run.test_metrics
        _write_json(run.path / RUN_FILE, current)


def rename_run(run: Run, name: str) -> None:
    name = name.strip()
    if not name:
        raise RunError("a run needs a name")
    run.name = name[:100]
    with _json_lock:
        current = _read_record(run.path / RUN_FILE)
        current["name"] = run.name
        _write_json(run.path / RUN_FILE, current)


def delete_run(run: Run) -> None:
    """Remove the run's folder (moved aside first, so a half-deleted run is never listed)."""
    if not run.path.is_dir():
        return
    trash = run.path.with_name(f".deleting-{run.id}-{secrets.token_hex(2)}")
    os.replace(run.path, trash)
    shutil.rmtree(trash, ignore_errors=True)
