"""Train a spec on MNIST or Fashion-MNIST with live progress, a stop button and a run on disk.

Usable from a notebook as from the dashboard:

    ds = datasets.load("fashion_mnist")
    model, progress = training.train(architecture.PRESETS["fashion_cnn"], ds, {"epochs": 3})
    progress.history["val_accuracy"]

Same seed, spec, data and settings give the same curves: `keras.utils.set_random_seed`
seeds Python, NumPy and TensorFlow, and TensorFlow's op determinism is switched on.
"""
from __future__ import annotations

import math
import threading
import time
from dataclasses import asdict, dataclass, field

import keras
import numpy as np
import tensorflow as tf

from cnnviz import architecture, runs, schedules, snapshots
from cnnviz.datasets import PhotoFit, as_model_input, is_photo_name

OPTIMIZERS = ("adam", "sgd", "rmsprop")
VALIDATIONS = ("split", "test")  # a random part of the training set, or the test set (classic notebook)
DEFAULTS = {
    "dataset": "mnist", "train_size": None, "validation": "split", "val_fraction": 0.2, "batch_size": 64,
    "epochs": 5, "optimizer": "adam", "learning_rate": 0.001, "momentum": 0.9, "early_stopping": False,
    "patience": 2, "restore_best": True, "seed": 42, **schedules.DEFAULTS,
}
# Quick start: per dataset the fastest recipe found that reaches its mark (bench/bench_time_to_accuracy.py).
# Fashion-MNIST: at least 90% test accuracy in at most 30 s from the button to the finished run on two CPU cores:
# quick_strided (strides of 2 instead of pooling, BatchNormalization after the second convolution, no dropout),
# batch 128, a warm-up then cosine schedule over 3 epochs of the full training set: 90.4%, 90.6% and 90.4% with
# seeds 42, 1 and 7, about 8 s an epoch. On these cores a step costs what the layers' outputs weigh: quick_bn
# (full-size first convolution, BatchNormalization after each) took 18 s an epoch; over 2 epochs every small
# model tried gave 89.7-90.4% depending on the seed. MNIST: at least 97.5% on the canonical 10,000-digit test
# set when trained on the bundled 5,000 digits: quick_bn at batch 32 with a warm-up then cosine schedule peaking
# at 0.002 over 10 epochs gave 97.7% (97.6% and 97.5% with seeds 7 and 1; batch 64 over 20 epochs: 98.0% in
# twice the time, 8 epochs at batch 32: 97.6%; quick_strided: 96.1%, too coarse for so few digits). Fewer,
# larger batches leave BatchNormalization's moving averages behind on so few images: at batch 128 and 0.005
# over 15 epochs it gave only 96.6%, its validation accuracy swinging between 34% and 97% from epoch to epoch.
_QUICK_SCHEDULE = {"batch_size": 128, "schedule": "warmup_cosine", "warmup_epochs": 0.2, "val_fraction": 0.1}
QUICK_START = {
    "mnist": ("quick_bn", {**_QUICK_SCHEDULE, "train_size": 60000, "epochs": 10, "batch_size": 32,
                           "learning_rate": 0.002, "warmup_epochs": 1.0}),
    "fashion_mnist": ("quick_strided", {**_QUICK_SCHEDULE, "train_size": 60000, "epochs": 3, "learning_rate": 0.006}),
}
LIVE_EVERY_S = 0.25  # how often batch-level numbers are copied out for the page
TEST_BATCH = 500  # images per batch of the test set's evaluation after training
SAVE_EVERY_S = 10.0  # write the run after an epoch only if this long has passed since the last write: a
# model file takes about a second to write, so short epochs (small photo sets) would spend half their time saving
_seed_lock = threading.Lock()  # seeding is process-wide: build models one at a time


class ConfigError(ValueError):
    """Settings that cannot work; `key` names the problem for the UI's translation."""

    def __init__(self, key: str, message: str, **values):
        super().__init__(message)
        self.key, self.values = key, values


def check_config(config: dict, n_train: int) -> dict:
    """Defaults filled in and every setting checked against the data; ConfigError if impossible."""
    cfg = DEFAULTS | {k: v for k, v in config.items() if v is not None or k == "train_size"}
    size = cfg["train_size"]
    if size is not None and not (isinstance(size, (int, np.integer)) and 1 <= size):
        raise ConfigError("bad_train_size", f"training-set size must be a positive whole number, not {size!r}")
    size = min(int(size), n_train) if size is not None else n_train
    cfg["train_size"] = size
    if cfg["validation"] not in VALIDATIONS:
        raise ConfigError("bad_validation", f"validation must be one of {VALIDATIONS}")
    n_val = math.ceil(cfg["val_fraction"] * size) if cfg["validation"] == "split" else 0
    if cfg["validation"] == "split" and not (0 < cfg["val_fraction"] < 1 and 1 <= n_val < size):
        raise ConfigError("bad_val_fraction", f"validation fraction {cfg['val_fraction']} leaves no data to "
                          "train or validate on", fraction=cfg["val_fraction"])
    n_fit = size - n_val
    batch = cfg["batch_size"]
    if not isinstance(batch, (int, np.integer)) or batch < 1:
        raise ConfigError("bad_batch", f"batch size must be a positive whole number, not {batch!r}")
    if batch > n_fit:
        raise ConfigError("batch_too_big", f"batch size {batch} is larger than the {n_fit} training images",
                          batch=batch, n=n_fit)
    if not isinstance(cfg["epochs"], (int, np.integer)) or cfg["epochs"] < 1:
        raise ConfigError("bad_epochs", f"epochs must be at least 1, not {cfg['epochs']!r}")
    lr = cfg["learning_rate"]
    if not isinstance(lr, (int, float)) or not math.isfinite(lr) or lr <= 0:
        raise ConfigError("bad_lr", f"learning rate must be a positive number, not {lr!r}", lr=lr)
    bad_schedule = schedules.problem(cfg)
    if bad_schedule is not None:
        key, message, values = bad_schedule
        raise ConfigError(key, message, **values)
    if cfg["optimizer"] not in OPTIMIZERS:
        raise ConfigError("bad_optimizer", f"optimizer must be one of {OPTIMIZERS}")
    if cfg["early_stopping"] and (not isinstance(cfg["patience"], (int, np.integer)) or cfg["patience"] < 0):
        raise ConfigError("bad_patience", "patience must be 0 or more")
    cfg.update(n_fit=n_fit, n_val=n_val if cfg["validation"] == "split" else None,
               steps_per_epoch=math.ceil(n_fit / batch), batch_size=int(batch), epochs=int(cfg["epochs"]))
    return cfg


def split_indices(n: int, fraction: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """(train, validation) indices exactly as scikit-learn's `train_test_split(test_size=fraction,
    random_state=seed)` draws them, so the textbook's split can be reproduced without scikit-learn."""
    perm = np.random.RandomState(seed).permutation(n)
    n_val = math.ceil(fraction * n)
    return perm[n_val:], perm[:n_val]


@dataclass
class Data:
    x_train: np.ndarray
    y_train: np.ndarray
    x_val: np.ndarray
    y_val: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray


def prepare_data(ds, cfg: dict) -> Data:
    """Subset (the first `train_size` images of a seeded shuffle), validation split, scaling ÷255."""
    idx = np.arange(len(ds.x_train))
    if cfg["train_size"] < len(idx):
        idx = np.random.RandomState(cfg["seed"]).permutation(len(idx))[:cfg["train_size"]]
    x, y = ds.x_train[idx], ds.y_train[idx].astype(np.int32)

    def scaled(images):
        return as_model_input(images, ds.input_shape)

    x_test, y_test = scaled(ds.x_test), np.asarray(ds.y_test, dtype=np.int32)
    if cfg["validation"] == "test":
        return Data(scaled(x), y, x_test, y_test, x_test, y_test)
    fit, val = split_indices(len(x), cfg["val_fraction"], cfg["seed"])
    return Data(scaled(x[fit]), y[fit], scaled(x[val]), y[val], x_test, y_test)


def seed_everything(seed: int) -> None:
    keras.utils.set_random_seed(int(seed))
    tf.config.experimental.enable_op_determinism()


def make_optimizer(cfg: dict):
    """The optimizer with the constant rate or the schedule of `cfg` (which needs `steps_per_epoch`)."""
    lr = schedules.keras_schedule(cfg)
    if cfg["optimizer"] == "sgd":
        return keras.optimizers.SGD(learning_rate=lr, momentum=float(cfg["momentum"]))
    if cfg["optimizer"] == "rmsprop":
        return keras.optimizers.RMSprop(learning_rate=lr)
    return keras.optimizers.Adam(learning_rate=lr)


def build_model(spec: list[dict], seed: int, input_shape=architecture.INPUT_SHAPE, classes: int = architecture.CLASSES):
    """Seed, then build: the same seed gives the same initial weights."""
    with _seed_lock:
        seed_everything(seed)
        return architecture.build(spec, input_shape, classes)


def compile_model(model, cfg: dict, loss: str = "sparse_categorical_crossentropy") -> None:
    """Keras's loss for integer labels: sparse categorical crossentropy, or binary for one sigmoid unit."""
    model.compile(optimizer=make_optimizer(cfg), loss=loss, metrics=["accuracy"])


@dataclass
class Progress:
    """What a page shows while a training runs; written by the training thread, read by pages."""
    epochs: int = 0
    steps: int = 0
    epoch: int = 0  # 0-based epoch under way
    batch: int = 0  # batches done in this epoch
    live: dict = field(default_factory=dict)  # running loss/accuracy within the epoch
    curve: list = field(default_factory=list)  # (fractional epoch, loss, accuracy) every LIVE_EVERY_S
    history: dict = field(default_factory=dict)  # per epoch, as Keras's history.history
    state: str = "waiting"  # waiting | running | finished | stopped | diverged | failed
    message: str = ""
    stopped_early: int | None = None  # epoch (1-based) where early stopping ended the run
    started: float = field(default_factory=time.time)
    seconds: float = 0.0
    stop: threading.Event = field(default_factory=threading.Event)

    @property
    def fraction(self) -> float:
        """Overall progress 0..1."""
        if not self.epochs or not self.steps:
            return 0.0
        return min(1.0, (self.epoch + self.batch / self.steps) / self.epochs)


class LiveCallback(keras.callbacks.Callback):
    """Batch-level numbers for the page, the stop flag, a NaN guard and the run's saves.

    The run (history, model, kernel snapshots) is written after the first epoch (a usable model as
    soon as there is one), then whenever SAVE_EVERY_S have passed since the last write, and at the end:
    after every epoch of a real dataset, but a tiny epoch of a fraction of a second is not slowed down
    by writing a model file after each one.
    """

    def __init__(self, progress: Progress, run: runs.Run | None = None):
        super().__init__()
        self.progress, self.run, self._last = progress, run, 0.0
        self.kernels: dict[str, list] = {}
        self._saved = -math.inf  # the first epoch is always written
        self._unsaved = None  # weights of the last good epoch when its save was skipped, for a NaN right after

    def on_train_begin(self, logs=None):
        if self.run is not None:
            self.kernels = {k: list(v) for k, v in self.run.kernel_snapshots().items()}

    def on_epoch_begin(self, epoch, logs=None):
        self.progress.epoch, self.progress.batch = epoch, 0

    def on_train_batch_end(self, batch, logs=None):
        p = self.progress
        p.batch = batch + 1
        now = time.monotonic()
        if now - self._last >= LIVE_EVERY_S or p.batch == p.steps:  # copying numbers out costs a sync
            self._last = now
            p.live = {k: float(v) for k, v in (logs or {}).items()}
            p.curve.append((p.epoch + p.batch / p.steps, p.live.get("loss"), p.live.get("accuracy")))
            if not math.isfinite(p.live.get("loss", 0.0)):
                p.state = "diverged"
        if p.stop.is_set() or p.state == "diverged":
            self.model.stop_training = True

    def on_epoch_end(self, epoch, logs=None):
        p = self.progress
        logs = {} if logs is None else logs
        logs["learning_rate"] = schedules.current(self.model.optimizer)  # as keras.callbacks.LearningRateScheduler
        for k, v in logs.items():
            p.history.setdefault(k, []).append(float(v))
        if not math.isfinite(p.history["loss"][-1]):
            p.state = "diverged"
            self.model.stop_training = True
            if self._unsaved is not None:  # keep the last good epoch's model (none if the first epoch diverged)
                self.model.set_weights(self._unsaved)
                runs.save_model(self.run, self.model)
            return
        if self.run is not None:
            for name, kernel in runs.conv_kernels(self.model).items():
                self.kernels.setdefault(name, []).append(kernel)
            if time.monotonic() - self._saved >= SAVE_EVERY_S:
                self.save()
                runs.save_model(self.run, self.model)
                self._unsaved = None
            else:
                self._unsaved = self.model.get_weights()

    def save(self) -> None:
        """History and kernel snapshots so far (the caller saves the model that goes with them)."""
        self._saved = time.monotonic()
        self.run.history = {k: list(v) for k, v in self.progress.history.items()}
        runs.write_kernel_snapshots(self.run, {k: np.stack(v) for k, v in self.kernels.items()})
        runs.save(self.run)


def _early_stopping(cfg: dict, progress: Progress):
    class _Early(keras.callbacks.EarlyStopping):
        def on_train_end(self, logs=None):
            if self.stopped_epoch > 0:
                progress.stopped_early = self.stopped_epoch + 1
            super().on_train_end(logs)

    return _Early(monitor="val_loss", patience=int(cfg["patience"]), restore_best_weights=bool(cfg["restore_best"]))


def fit(model, data: Data, cfg: dict, progress: Progress | None = None, run: runs.Run | None = None,
        callbacks: tuple = ()) -> Progress:
    """model.fit with the live callback (and early stopping when asked, and `callbacks`, such as a benchmark's
    test-set evaluation); returns the progress record."""
    progress = progress or Progress()
    progress.epochs, progress.steps = cfg["epochs"], math.ceil(len(data.x_train) / cfg["batch_size"])
    progress.state, progress.started = "running", time.time()
    live = LiveCallback(progress, run)
    callbacks = [live, *callbacks] if run is None else [live, snapshots.EpochWeights(run), *callbacks]  # after live: it undoes a NaN epoch
    if cfg["early_stopping"]:
        callbacks.append(_early_stopping(cfg, progress))
    model.fit(data.x_train, data.y_train, batch_size=cfg["batch_size"], epochs=cfg["epochs"],
              validation_data=(data.x_val, data.y_val), callbacks=callbacks, verbose=0, shuffle=True)
    progress.seconds = time.time() - progress.started
    if progress.state == "running":
        progress.state = "stopped" if progress.stop.is_set() else "finished"
    if run is not None:
        live.save()
        if progress.state != "diverged":
            runs.save_model(run, model)  # restored best weights, or the last partial epoch after a stop
    return progress


# Photos of any folder: a small CNN on 64×64 colour photos, stretched as the notebook does, with flips.
QUICK_START_PHOTOS = ("photo_small", {"train_size": 100_000, "epochs": 15, "batch_size": 32, "learning_rate": 0.001},
                      PhotoFit(64, "stretch", True))


def quick_start_fit(dataset: str) -> PhotoFit | None:
    """How Quick start fits photos (its own size and mode, whatever the sidebar says); None for digit data."""
    return QUICK_START_PHOTOS[2] if is_photo_name(dataset) else None


def quick_start(ds) -> tuple[list[dict], dict]:
    """The Quick start model and settings for this dataset: no more images than it has, and no batch larger than
    the images left for fitting (a learner's own zip may hold a few dozen photos); for photos, `ds` must be fitted
    as `quick_start_fit` says."""
    preset, config, *_ = QUICK_START_PHOTOS if ds.is_photo else QUICK_START[ds.name]
    spec = architecture.presets(ds.is_photo, ds.n_classes)[preset]
    size = min(config["train_size"], len(ds.x_train))
    n_fit = size - math.ceil(config.get("val_fraction", DEFAULTS["val_fraction"]) * size)
    return spec, {**config, "train_size": size, "batch_size": max(1, min(config["batch_size"], n_fit))}


def start_run(spec: list[dict], ds, config: dict, name: str = "", home=None) -> runs.Run:
    """Check the settings and create the run folder (status "running"); ConfigError if impossible."""
    cfg = check_config({**config, "dataset": ds.name}, len(ds.x_train))
    architecture.summarize(spec, ds.input_shape, ds.n_classes)  # ArchitectureError before anything is written
    cfg["data_source"] = ds.source
    cfg["input_shape"], cfg["class_names"] = list(ds.input_shape), ds.class_names("en")
    if ds.fit is not None:
        cfg["fit"] = asdict(ds.fit)
    return runs.create_run(name or architecture.label(spec), ds.name, spec, cfg, home)


def train(spec: list[dict], ds, config: dict | None = None, run: runs.Run | None = None,
          progress: Progress | None = None, callbacks: tuple = ()):
    """Build, train and (with a run) save everything; returns (model, progress). Never leaves a run "running"."""
    cfg = run.config if run is not None else check_config({**(config or {}), "dataset": ds.name}, len(ds.x_train))
    progress = progress or Progress()
    model = None
    try:
        data = prepare_data(ds, cfg)
        model = build_model(spec, cfg["seed"], ds.input_shape, ds.n_classes)
        if run is not None:
            runs.save_model(run, model, initial=True)
            runs.append_kernel_snapshot(run, model)
        compile_model(model, cfg, architecture.loss_for(spec))
        fit(model, data, cfg, progress, run, callbacks)
        if progress.state != "diverged" and progress.history:
            loss, acc = model.evaluate(data.x_test, data.y_test, batch_size=TEST_BATCH, verbose=0)
            progress.message = f"test accuracy {acc:.4f}"
            if run is not None:
                run.test_metrics = {"loss": float(loss), "accuracy": float(acc)}
    except Exception as exc:  # noqa: BLE001 - the thread reports any failure on the page
        progress.state, progress.message = "failed", f"{type(exc).__name__}: {exc}"
        if run is None:
            raise
    finally:
        progress.seconds = time.time() - progress.started
        if run is not None:
            run.status = progress.state if progress.state != "running" else "failed"
            run.error = progress.message if progress.state == "failed" else ""
            run.config["seconds"] = round(progress.seconds, 1)
            run.config["stopped_early"] = progress.stopped_early
            run.history = {k: list(v) for k, v in progress.history.items()}
            runs.save(run)
    return model, progress
