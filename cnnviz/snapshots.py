"""The whole model's weights after every epoch, so every view can show the network as it was at epoch k.

    <run>/weights/0000.npz   the untrained weights (epoch 0), as `model.get_weights()` lists them
    <run>/weights/0003.npz   the weights after epoch 3

Each epoch's file is written as the epoch ends, not with the model file: `np.savez` of the textbook CNN's
1.3 MB takes about 2 ms, while a `.keras` file takes about a second and is therefore written at most every
`training.SAVE_EVERY_S`; so no epoch is ever skipped and a killed server loses none. A long run is thinned
evenly as it goes (`thinned`): at most `MAX_KEPT` files and `MAX_BYTES` in all, always epoch 0 and the last.

A run without this folder (an imported model, or one trained before weights were kept) offers what its model
files hold: epoch 0 from `initial.keras` (re-initialised for an import) and its final epoch from `model.keras`
(epoch 1 for an import).

`EpochModel` is the fast path for the pages: one model per run whose weights are swapped for the epoch asked
for (`set_weights`, a few ms), so its feature-map submodel, Grad-CAM and forward pass are traced once and
reused for every epoch.
"""
from __future__ import annotations

import math
import re
import threading
from contextlib import contextmanager
from pathlib import Path

import keras
import numpy as np

from cnnviz import gradcam, inside, runs
from cnnviz.evaluation import model_epoch

WEIGHTS_DIR = "weights"
MAX_KEPT = 40  # weight files per run at most
MAX_BYTES = 160 * 2**20  # and their size: 40 epochs of the 1.2 M-parameter slides model would be 190 MB
_FILE = re.compile(r"^(\d{4,6})\.npz$")
_MAX_FILE_BYTES = 4 * 5_000_000 + 2**20  # the parameter budget as float32, plus the npz headers


def thinned(last: int, cap: int = MAX_KEPT) -> list[int]:
    """The epochs kept once epoch `last` has ended: every `stride`-th from 0 and `last` itself, the stride
    the smallest power of two that keeps at most `cap` (at least 2). A function of `last` alone, so the
    files left after any epoch (or a restart) are the same, and as a run grows the stride doubles."""
    cap = max(2, cap)
    stride = 1
    while -(-last // stride) + 1 > cap:  # multiples of stride up to last, and last
        stride *= 2
    return sorted({*range(0, last + 1, stride), last})


def cap_for(weights: list[np.ndarray]) -> int:
    """How many epochs of these weights a run keeps: `MAX_KEPT`, fewer for a model so large that they would
    pass `MAX_BYTES`."""
    size = sum(w.nbytes for w in weights) or 1
    return max(2, min(MAX_KEPT, MAX_BYTES // size))


def _folder(run: runs.Run) -> Path:
    return run.path / WEIGHTS_DIR


def _files(run: runs.Run) -> dict[int, Path]:
    """Epoch -> its weight file; names that are not an epoch's file are ignored."""
    try:
        entries = list(_folder(run).iterdir())
    except OSError:
        return {}
    return {int(m.group(1)): p for p in entries if (m := _FILE.match(p.name))}


def final_epoch(run: runs.Run) -> int:
    """The epoch the run's model file holds: the last, or the best one early stopping restored; 1 for an import."""
    return model_epoch(run.history, run.config) if run.history else 1


def has_weight_files(run: runs.Run) -> bool:
    """Whether the run kept its epochs' weights (not an import, nor a run trained before they were kept)."""
    return bool(_files(run))


def epochs(run: runs.Run) -> list[int]:
    """The epochs whose weights can be shown, 0 (untrained) first."""
    kept = sorted(_files(run))
    return kept if kept else [0, final_epoch(run)]


def common_epochs(a: runs.Run, b: runs.Run) -> list[int]:
    """The epochs both runs can show (0 always): where two runs can be compared at the same point of training."""
    return sorted(set(epochs(a)) & set(epochs(b)))


def write(run: runs.Run, epoch: int, weights: list[np.ndarray]) -> None:
    """Keep `weights` as epoch `epoch`'s (atomically), then remove the files `thinned` no longer keeps."""
    folder = _folder(run)
    folder.mkdir(exist_ok=True)

    def save(tmp):
        with open(tmp, "wb") as f:
            np.savez(f, *weights)
    runs._atomic(folder / f"{epoch:04d}.npz", save)
    keep = set(thinned(epoch, cap_for(weights)))
    for old, path in _files(run).items():
        if old not in keep:
            path.unlink(missing_ok=True)


def weights_at(run: runs.Run, epoch: int) -> list[np.ndarray]:
    """The model's weights after `epoch` (0: untrained), in `model.get_weights()` order; RunError if not kept."""
    path = _files(run).get(epoch)
    if path is None:
        if epoch == 0:
            return run.initial_model().get_weights()
        if epoch == final_epoch(run) and not _files(run):
            return run.model().get_weights()
        raise runs.RunError(f"{_folder(run)}: no weights kept for epoch {epoch}")
    try:
        if path.stat().st_size > _MAX_FILE_BYTES:
            raise ValueError(f"larger than {_MAX_FILE_BYTES:,} bytes")
        with np.load(path, allow_pickle=False) as f:
            return [f[f"arr_{i}"] for i in range(len(f.files))]
    except Exception as exc:  # noqa: BLE001 - any failure of a damaged file
        raise runs.RunError(f"{path}: unreadable weights ({exc})") from None


class EpochWeights(keras.callbacks.Callback):
    """Writes epoch 0's weights when training begins and each epoch's as it ends (a diverged epoch's NaN
    weights are not kept: the live callback has put the last good ones back by then)."""

    def __init__(self, run: runs.Run):
        super().__init__()
        self.run = run

    def on_train_begin(self, logs=None):
        if not _files(self.run):
            write(self.run, 0, self.model.get_weights())

    def on_epoch_end(self, epoch, logs=None):
        if math.isfinite((logs or {}).get("loss", math.nan)):
            write(self.run, epoch + 1, self.model.get_weights())


class EpochModel:
    """One model of a run, its weights swapped to whichever kept epoch a caller asks for.

    The feature-map extractor, the Grad-CAM explainer and the batch forward pass are built and traced
    once on this model; `at(epoch)` swaps the weights in (under a lock, as sessions share the model)
    and every call inside it answers with that epoch's network.
    """

    def __init__(self, run: runs.Run):
        self.run = run
        self.model = run.initial_model()
        self.feature_maps = inside.FeatureMaps(self.model)
        self._explainer: gradcam.Explainer | None = None
        self._epoch = 0  # initial.keras holds epoch 0's weights
        self._lock = threading.RLock()
        self._from_model_files: dict[int, list[np.ndarray]] = {}  # a run without weight files: 2 epochs

    @contextmanager
    def at(self, epoch: int):
        """Hold the model at `epoch`'s weights for the `with` block; RunError if that epoch is not kept."""
        with self._lock:
            if epoch != self._epoch:
                self.model.set_weights(self._weights(epoch))
                self._epoch = epoch
            yield self

    def _weights(self, epoch: int) -> list[np.ndarray]:
        if epoch in _files(self.run):
            return weights_at(self.run, epoch)
        if epoch not in self._from_model_files:  # loading a .keras file takes a third of a second: once
            self._from_model_files[epoch] = weights_at(self.run, epoch)
        return self._from_model_files[epoch]

    @property
    def explainer(self) -> gradcam.Explainer:
        with self._lock:
            if self._explainer is None:
                self._explainer = gradcam.Explainer(self.model)
            return self._explainer

    def one_map(self, epochs: list[int], pixels: np.ndarray, layer: str, index: int) -> np.ndarray:
        """(epochs, h, w): map `index` of `layer` for one image at each of `epochs`."""
        with self._lock:
            return np.stack([self._map(epoch, pixels, layer, index) for epoch in epochs])

    def _map(self, epoch: int, pixels: np.ndarray, layer: str, index: int) -> np.ndarray:
        with self.at(epoch):
            return self.feature_maps(pixels)[layer][0, ..., index]

    def pinned(self, epoch: int, target):
        """`target` (this model's `feature_maps` or `explainer`) answering every call with `epoch`'s weights."""
        return Pinned(self, epoch, target)


class Pinned:
    """A FeatureMaps or an Explainer of an `EpochModel` fixed to one epoch: each call (and each method call)
    swaps that epoch's weights in first, so a page uses it exactly as it would the object itself."""

    def __init__(self, epoch_model: EpochModel, epoch: int, target):
        self._epoch_model, self.epoch, self._target = epoch_model, epoch, target

    def __call__(self, *args, **kwargs):
        with self._epoch_model.at(self.epoch):
            return self._target(*args, **kwargs)

    def __getattr__(self, name: str):
        value = getattr(self._target, name)
        if not callable(value):
            return value

        def at_epoch(*args, **kwargs):
            with self._epoch_model.at(self.epoch):
                return value(*args, **kwargs)
        return at_epoch
