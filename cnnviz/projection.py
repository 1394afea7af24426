"""A map of what the network learned: sampled test images as points, placed by what the last layer reads.

The penultimate layer's outputs (the numbers the logits layer weighs) are where the network has turned
an image into features it can tell classes apart by; images it finds alike get alike numbers. Projected
to two dimensions, the classes form clouds that pull apart as the network learns, and an image deep in
another class's cloud is one the network confuses. PCA is a rotation: fast, linear, it keeps the large
distances. t-SNE (van der Maaten & Hinton 2008) keeps each point's neighbours near it and separates
clusters clearly, but takes seconds to a minute for 2,000 points, so projections run as background jobs
(`start`), one at a time in the process, with their progress, cached by whatever key the caller gives.
"""
from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Callable

import keras
import numpy as np

from cnnviz.datasets import as_model_input
from cnnviz.evaluation import class_probabilities
from cnnviz.inside import batch_size_for

SAMPLE = 2000  # test images on the map, as many of each class as the classes allow
METHODS = ("pca", "tsne")
PCA_DIMS = 50  # t-SNE works on the first 50 principal components, as is usual: faster, and the noise is gone
TSNE_ITERATIONS = 500  # scikit-learn's default is 1,000; at 500 the clusters of these models have settled
NEIGHBOURS = 10  # an outlier: at least OUTLIER_SHARE of its nearest points on the map are of one other class
OUTLIER_SHARE = 0.8
KEPT_JOBS = 64  # finished projections kept in memory (each is a few tens of kB)


class ProjectionError(ValueError):
    """The model has no layer to project (no Dense layer at its end)."""


def penultimate(model: keras.Model):
    """The tensor the final layer reads: the input of a cnnviz model's "logits" layer, or of an imported
    model's last Dense layer."""
    try:
        return model.get_layer("logits").input
    except ValueError:
        pass
    dense = [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]
    if not dense:
        raise ProjectionError("the model has no Dense layer whose input could be projected")
    return dense[-1].input


def penultimate_name(model: keras.Model) -> str:
    """The name of the layer whose output `penultimate` is (say "flatten_1"), for the page to tell."""
    tensor = penultimate(model)
    return next((layer.name for layer in model.layers if layer.output is tensor), tensor.name)


def balanced_sample(labels: np.ndarray, n: int = SAMPLE, seed: int = 0) -> np.ndarray:
    """Up to `n` test-set indices, the same number of each class (all of a class that has fewer), drawn with
    `seed`, in ascending order."""
    classes = np.unique(labels)
    per_class = max(1, n // max(len(classes), 1))
    rng = np.random.default_rng(seed)
    picked = [rng.permutation(np.flatnonzero(labels == c))[:per_class] for c in classes]
    return np.sort(np.concatenate(picked)) if picked else np.zeros(0, np.int64)


def features(model: keras.Model, images: np.ndarray, progress: Callable[[float], None] = lambda f: None,
             batch_size: int = 250) -> tuple[np.ndarray, np.ndarray]:
    """(penultimate outputs (n, d), class probabilities (n, classes)) for uint8 images."""
    sub = keras.Model(model.inputs[0], [penultimate(model), model.outputs[0]])
    input_shape = tuple(model.inputs[0].shape[1:])
    batch_size = batch_size_for(sub, batch_size)
    outs, probs = [], []
    for start in range(0, len(images), batch_size):
        out, prob = sub(as_model_input(images[start:start + batch_size], input_shape), training=False)
        outs.append(keras.ops.convert_to_numpy(out).reshape(len(out), -1))
        probs.append(keras.ops.convert_to_numpy(prob))
        progress(min(1.0, (start + batch_size) / len(images)))
    return np.concatenate(outs).astype(np.float64), class_probabilities(np.concatenate(probs))


_controller = None  # threadpoolctl's view of the loaded BLAS and OpenMP libraries: finding them (every library
_controller_lock = threading.Lock()  # TensorFlow loaded, each path resolved) took seconds on a busy server


def one_thread():
    """A `with` block in which BLAS and OpenMP run on one thread (scikit-learn's PCA, t-SNE, neighbours)."""
    global _controller
    import sklearn.manifold  # noqa: F401 - its OpenMP library loaded before the controller looks
    from threadpoolctl import ThreadpoolController

    with _controller_lock:
        if _controller is None:
            _controller = ThreadpoolController()
    return _controller.limit(limits=1)


def pca(values: np.ndarray, seed: int = 0, dims: int = 2) -> np.ndarray:
    """The first `dims` principal components (n, dims); a layer of constant outputs gives zeros.

    On one BLAS thread: beside the server's TensorFlow threads on two shared cores, OpenBLAS's second thread
    made 2,000 points of 1,600 numbers take 0.8-1.5 s instead of 0.2 (and over half a minute in a loaded server).
    """
    from sklearn.decomposition import PCA

    dims = min(dims, *values.shape)
    if np.ptp(values, axis=0).max(initial=0.0) == 0:
        return np.zeros((len(values), dims))
    with one_thread():
        return PCA(n_components=dims, random_state=seed).fit_transform(values)


_tsne_progress = threading.local()  # the thread's `progress(fraction)` while it runs t-SNE


def _count_tsne_iterations() -> None:
    """scikit-learn's TSNE has no progress callback, but calls its gradient function `_kl_divergence_bh` once per
    iteration; wrap that (once, process-wide) to report the iterations of the thread that asked. Should a later
    scikit-learn rename it, t-SNE still runs, only without progress."""
    from sklearn.manifold import _t_sne

    gradient = getattr(_t_sne, "_kl_divergence_bh", None)
    if gradient is None or getattr(gradient, "counts_iterations", False):
        return

    def counted(*args, **kwargs):
        report = getattr(_tsne_progress, "report", None)
        if report is not None:
            report()
        return gradient(*args, **kwargs)

    counted.counts_iterations = True
    _t_sne._kl_divergence_bh = counted


def tsne(values: np.ndarray, seed: int = 0, progress: Callable[[float], None] = lambda f: None,
         iterations: int = TSNE_ITERATIONS) -> np.ndarray:
    """t-SNE of the values' first `PCA_DIMS` principal components to (n, 2), the same for the same seed.

    On one OpenMP and BLAS thread: on two shared cores the second thread's barrier waits made it 2-4 times
    slower (8 s against 18-29 s for 2,000 points while other work ran).
    """
    from sklearn.manifold import TSNE

    reduced = pca(values, seed, PCA_DIMS)
    if np.ptp(reduced, axis=0).max(initial=0.0) == 0:
        return np.zeros((len(values), 2))
    _count_tsne_iterations()
    done = [0]

    def report():
        done[0] += 1
        progress(min(1.0, done[0] / iterations))

    _tsne_progress.report = report
    try:
        with one_thread():
            return TSNE(n_components=2, init="pca", learning_rate="auto", max_iter=iterations, random_state=seed,
                        perplexity=min(30.0, (len(values) - 1) / 3)).fit_transform(reduced)
    finally:
        _tsne_progress.report = None


def outliers(coords: np.ndarray, labels: np.ndarray, k: int = NEIGHBOURS,
             share: float = OUTLIER_SHARE) -> tuple[np.ndarray, np.ndarray]:
    """(is an outlier, the class most of its k nearest points on the map belong to) for every point.

    An outlier sits where at least `share` of its neighbours are of one class that is not its own: an image
    the network places among another class's images."""
    from sklearn.neighbors import NearestNeighbors

    k = min(k, len(coords) - 1)
    if k < 1:
        return np.zeros(len(coords), bool), np.asarray(labels).copy()
    _, near = NearestNeighbors(n_neighbors=k + 1).fit(coords).kneighbors(coords)
    near_labels = np.asarray(labels)[near[:, 1:]]  # the first neighbour is the point itself
    counts = np.apply_along_axis(np.bincount, 1, near_labels, minlength=int(np.max(labels)) + 1)
    majority = counts.argmax(axis=1)
    return (majority != labels) & (counts.max(axis=1) >= share * k), majority


@dataclass(frozen=True)
class Projection:
    """Sampled test images placed on a 2-D map, with what the network says about each."""
    indices: np.ndarray  # test-set index of each point
    coords: np.ndarray  # (n, 2)
    labels: np.ndarray  # true class
    predicted: np.ndarray  # the network's answer
    outlier: np.ndarray  # bool: deep inside another class's cloud
    neighbour_class: np.ndarray  # the class most of its neighbours on the map belong to
    seconds: float  # the projection itself (PCA or t-SNE)
    feature_seconds: float  # the layer outputs of the sample


def project(values: np.ndarray, probs: np.ndarray, indices: np.ndarray, labels: np.ndarray, method: str,
            seed: int = 0, progress: Callable[[float], None] = lambda f: None,
            feature_seconds: float = 0.0) -> Projection:
    """The map of penultimate outputs `values` of the test images `indices` (true classes `labels`) by `method`."""
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, not {method!r}")
    started = time.perf_counter()
    coords = tsne(values, seed, progress) if method == "tsne" else pca(values, seed)
    seconds = time.perf_counter() - started
    progress(1.0)
    with one_thread():
        is_outlier, majority = outliers(coords, labels)
    return Projection(indices, coords, np.asarray(labels), probs.argmax(axis=1), is_outlier, majority, seconds,
                      feature_seconds)


# --- background jobs ---------------------------------------------------------------------------------------

@dataclass
class Job:
    """One projection being made in its own thread; the pages read its state, never the other way round."""
    key: tuple
    method: str
    stage: str = "waiting"  # waiting | features | projecting | done | failed
    fraction: float = 0.0  # of the whole job, 0..1
    result: Projection | None = None
    error: str = ""
    started: float = field(default_factory=time.monotonic)
    thread: threading.Thread | None = None

    @property
    def done(self) -> bool:
        return self.stage in ("done", "failed")

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started


_jobs: OrderedDict[tuple, Job] = OrderedDict()
_jobs_lock = threading.Lock()
_one_at_a_time = threading.Lock()  # t-SNE takes every core it can get: two at once would each crawl
FEATURE_SHARE = {"pca": 0.9, "tsne": 0.2}  # the part of the progress bar the layer outputs take


def start(key: tuple, method: str, indices: np.ndarray, labels: np.ndarray,
          features_of: Callable[[Callable[[float], None]], tuple[np.ndarray, np.ndarray]], seed: int = 0) -> Job:
    """The projection job for `key`: the one running or finished, else a new one started in a thread.

    `features_of(progress)` gives the penultimate outputs and probabilities of the images `indices` (the
    caller knows which model and epoch); it runs in the job's thread, after the jobs started before it.
    A failed job is started again.
    """
    with _jobs_lock:
        job = _jobs.get(key)
        if job is not None and job.stage != "failed":
            _jobs.move_to_end(key)
            return job
        job = _jobs[key] = Job(key, method)
        finished = [k for k, j in _jobs.items() if j.done]
        for old in finished[:max(0, len(finished) - KEPT_JOBS)]:
            del _jobs[old]

    def work():
        with _one_at_a_time:
            share = FEATURE_SHARE[method]
            try:
                job.stage, job.started = "features", time.monotonic()
                values, probs = features_of(lambda f: setattr(job, "fraction", share * f))
                feature_seconds = time.monotonic() - job.started
                job.stage = "projecting"
                job.result = project(values, probs, indices, labels, method, seed,
                                     lambda f: setattr(job, "fraction", share + (1 - share) * f), feature_seconds)
                job.stage = "done"
            except Exception as exc:  # noqa: BLE001 - the page shows any failure
                job.stage, job.error = "failed", f"{type(exc).__name__}: {exc}"

    job.thread = threading.Thread(target=work, name=f"projection-{method}", daemon=True)
    job.thread.start()
    return job


def get(key: tuple) -> Job | None:
    with _jobs_lock:
        return _jobs.get(key)
