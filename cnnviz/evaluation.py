"""Where is a model wrong, and how wrong: predictions on a test set, the confusion matrix,
misclassified examples, per-class metrics, and two models compared image by image.

Predictions run in batches through one traced `tf.function` per model (no per-image Python
loop, no `model.predict` overhead); everything after that is numpy on the (n, classes) probabilities.
"""
from __future__ import annotations

import weakref
from dataclasses import dataclass

import numpy as np

from cnnviz.architecture import loss_for
from cnnviz.datasets import as_model_input
from cnnviz.inside import batch_size_for
from cnnviz.runs import best_epoch

EPSILON = 1e-7  # Keras clips probabilities to [eps, 1 - eps] before the log in its crossentropy

_forward = weakref.WeakKeyDictionary()  # model -> its traced forward pass


def _traced(model):
    import tensorflow as tf

    if model not in _forward:
        shape = [None, *model.inputs[0].shape[1:]]
        _forward[model] = tf.function(lambda x: model(x, training=False),
                                      input_signature=[tf.TensorSpec(shape, tf.float32)])
    return _forward[model]


def class_probabilities(outputs: np.ndarray) -> np.ndarray:
    """A model's outputs as one probability per class: one sigmoid unit p becomes (1 − p, p)."""
    outputs = np.asarray(outputs, dtype=np.float32)
    return np.concatenate([1 - outputs, outputs], axis=-1) if outputs.shape[-1] == 1 else outputs


def predict(model, images: np.ndarray, classes: int | None = None, batch_size: int = 1000) -> np.ndarray:
    """Class probabilities (n, classes) float32 for uint8 images, `batch_size` at a time.

    The images must have as many values as the model's input (a 784-input model takes 28×28 images);
    a model with one sigmoid output gives two columns, (1 − p, p).
    """
    input_shape = tuple(model.inputs[0].shape[1:])
    image_size = int(np.prod(images.shape[1:]))
    if None in input_shape or int(np.prod(input_shape)) != image_size:
        raise ValueError(f"the model takes inputs of shape {input_shape}, not images of shape {images.shape[1:]}")
    units = int(model.outputs[0].shape[-1])
    classes = classes or max(units, 2)
    if tuple(model.outputs[0].shape[1:]) != (units,) or units not in (classes, 1) or (units == 1 and classes != 2):
        raise ValueError(f"the model gives outputs of shape {tuple(model.outputs[0].shape[1:])}, not {classes} "
                         "class probabilities")
    forward = _traced(model)
    batch_size = batch_size_for(model, batch_size)  # an imported model with huge layers gets smaller batches
    batches = [forward(as_model_input(images[s:s + batch_size], input_shape)).numpy()
               for s in range(0, len(images), batch_size)]
    probs = np.concatenate(batches) if batches else np.zeros((0, units), np.float32)
    return class_probabilities(probs)


@dataclass(frozen=True)
class Evaluation:
    """A model's predictions on a labelled image set, and what follows from them."""
    y_true: np.ndarray  # (n,) int
    probs: np.ndarray  # (n, classes) float32

    @property
    def y_pred(self) -> np.ndarray:
        return self.probs.argmax(axis=1)

    @property
    def confidence(self) -> np.ndarray:
        """The probability the model gave its own answer."""
        return self.probs.max(axis=1)

    @property
    def correct(self) -> np.ndarray:
        return self.y_pred == self.y_true

    @property
    def accuracy(self) -> float:
        return float(self.correct.mean()) if len(self.y_true) else 0.0

    @property
    def loss(self) -> float:
        """Mean sparse categorical crossentropy, as Keras's `evaluate` reports it."""
        p_true = self.probs[np.arange(len(self.y_true)), self.y_true]
        return float(-np.log(np.clip(p_true, EPSILON, 1 - EPSILON)).mean()) if len(self.y_true) else 0.0

    @property
    def matrix(self) -> np.ndarray:
        return confusion_matrix(self.y_true, self.y_pred, self.probs.shape[1])

    @property
    def metrics(self) -> dict[str, float]:
        """Test loss, accuracy and image count, as kept with a run."""
        return {"loss": self.loss, "accuracy": self.accuracy, "n": float(len(self.y_true))}


def model_epoch(history: dict[str, list[float]], config: dict) -> int:
    """The 1-based epoch whose weights the saved model holds (0 before any epoch).

    The last epoch, unless early stopping stopped training and restored the weights of the
    epoch with the lowest validation loss.
    """
    epochs = len(history.get("loss", []))
    best = best_epoch(history)
    if config.get("stopped_early") and config.get("restore_best") and best is not None:
        return best
    return epochs


def loss_name(spec: list[dict] | None) -> str:
    """The loss Keras reports for a run's model, in words: binary for one sigmoid unit (an imported model
    without a spec counts as categorical; its test loss here is computed the same way either way)."""
    return loss_for(spec or []).replace("_", " ")


def validation_at(history: dict[str, list[float]], epoch: int) -> tuple[float | None, float | None]:
    """(validation accuracy, validation loss) after the 1-based `epoch`; None where not recorded."""
    def at(key):
        values = history.get(key) or []
        return values[epoch - 1] if 1 <= epoch <= len(values) else None
    return at("val_accuracy"), at("val_loss")


def evaluate(model, images: np.ndarray, labels: np.ndarray, classes: int | None = None,
             batch_size: int = 1000) -> Evaluation:
    return Evaluation(np.asarray(labels, dtype=np.int64), predict(model, images, classes, batch_size))


def confusion_matrix(y_true: np.ndarray, y_pred: np.ndarray, classes: int) -> np.ndarray:
    """(classes, classes) counts; row = true class, column = predicted class."""
    flat = np.asarray(y_true, dtype=np.int64) * classes + np.asarray(y_pred, dtype=np.int64)
    return np.bincount(flat, minlength=classes * classes).reshape(classes, classes)


def row_normalise(matrix: np.ndarray) -> np.ndarray:
    """Each row as fractions of its true class (a class with no images gives a row of zeros)."""
    totals = matrix.sum(axis=1, keepdims=True)
    return np.divide(matrix, totals, out=np.zeros(matrix.shape, dtype=np.float64), where=totals > 0)


def per_class(matrix: np.ndarray) -> dict[str, np.ndarray]:
    """Precision, recall and one-vs-rest accuracy of every class (0 where undefined).

    precision: of the images predicted as the class, the share that are it;
    recall: of the images of the class, the share found (often called the class's accuracy);
    accuracy: the share of all images correctly said to be, or not to be, the class.
    """
    tp = np.diag(matrix).astype(np.float64)
    predicted, actual, total = matrix.sum(axis=0), matrix.sum(axis=1), matrix.sum()
    tn = total - predicted - actual + tp
    return {
        "precision": np.divide(tp, predicted, out=np.zeros_like(tp), where=predicted > 0),
        "recall": np.divide(tp, actual, out=np.zeros_like(tp), where=actual > 0),
        "accuracy": (tp + tn) / total if total else np.zeros_like(tp),
    }


def most_confused(matrix: np.ndarray, k: int = 5) -> list[tuple[int, int, int, int]]:
    """The k class pairs mixed up most often in either direction: (a, b, a→b, b→a), most first."""
    both = matrix + matrix.T
    pairs = [(int(a), int(b)) for a, b in zip(*np.triu_indices_from(matrix, k=1)) if both[a, b] > 0]
    pairs.sort(key=lambda ab: (-both[ab], ab))
    return [(a, b, int(matrix[a, b]), int(matrix[b, a])) for a, b in pairs[:k]]


def examples(y_true: np.ndarray, y_pred: np.ndarray, confidence: np.ndarray, true_class: int | None = None,
             pred_class: int | None = None, most_confident_first: bool = True) -> np.ndarray:
    """Indices of the images to show, sorted by the model's confidence.

    Only mistakes, optionally of one true and/or one predicted class; naming the same class
    for both (a diagonal cell of the matrix) gives that class's correct predictions instead.
    """
    keep = y_true != y_pred
    if true_class is not None and true_class == pred_class:
        keep = (y_true == true_class) & (y_pred == true_class)
    else:
        if true_class is not None:
            keep &= y_true == true_class
        if pred_class is not None:
            keep &= y_pred == pred_class
    return by_confidence(np.flatnonzero(keep), confidence, most_confident_first)


@dataclass(frozen=True)
class Page:
    """One page of a long list: its items and their 1-based positions in the whole list."""
    items: np.ndarray
    number: int
    count: int  # how many pages there are
    first: int
    last: int


def page(items: np.ndarray, number: int, per_page: int) -> Page:
    """Page `number` (1-based, clamped to the pages there are) of `items`, `per_page` at a time."""
    count = max(1, -(-len(items) // per_page))
    number = min(max(int(number), 1), count)
    start = (number - 1) * per_page
    shown = items[start:start + per_page]
    return Page(shown, number, count, start + 1, start + len(shown))


def worst_class(metrics: dict[str, np.ndarray]) -> int:
    """The class with the lowest recall: the one the model misses most often."""
    return int(np.argmin(metrics["recall"]))


def by_confidence(indices: np.ndarray, confidence: np.ndarray, most_confident_first: bool = True) -> np.ndarray:
    """`indices` reordered by `confidence[indices]` (ties keep their order)."""
    values = confidence[indices]
    return indices[np.argsort(-values if most_confident_first else values, kind="stable")]


def compare(y_true: np.ndarray, pred_a: np.ndarray, pred_b: np.ndarray) -> dict[str, np.ndarray]:
    """Indices of images both models get right, only one does, or neither."""
    right_a, right_b = pred_a == y_true, pred_b == y_true
    return {
        "both_right": np.flatnonzero(right_a & right_b),
        "only_a": np.flatnonzero(right_a & ~right_b),
        "only_b": np.flatnonzero(~right_a & right_b),
        "both_wrong": np.flatnonzero(~right_a & ~right_b),
    }


def agreement(pred_a: np.ndarray, pred_b: np.ndarray) -> float:
    """Share of images on which two models give the same answer (right or wrong)."""
    return float((pred_a == pred_b).mean()) if len(pred_a) else 0.0
