"""Where is a model wrong, and how wrong: predictions on a test set, the confusion matrix,
misclassified examples, per-class metrics, and two models compared image by image.

Predictions run in batches through one traced `tf.function` per model (no per-image Python
loop, no `model.predict` overhead); everything after that is numpy on the (n, 10) probabilities.
"""
from __future__ import annotations

import weakref
from dataclasses import dataclass

import numpy as np

from cnnviz.inspect import batch_size_for

CLASSES = 10
EPSILON = 1e-7  # Keras clips probabilities to [eps, 1 - eps] before the log in its crossentropy

_forward = weakref.WeakKeyDictionary()  # model -> its traced forward pass


def prepare(images: np.ndarray) -> np.ndarray:
    """uint8 images (n, 28, 28) as the network's input: float32 in 0..1, shape (n, 28, 28, 1)."""
    images = np.asarray(images)
    return (images.astype(np.float32) / 255.0).reshape(-1, 28, 28, 1)


def _traced(model):
    import tensorflow as tf

    if model not in _forward:
        shape = [None, *model.inputs[0].shape[1:]]
        _forward[model] = tf.function(lambda x: model(x, training=False),
                                      input_signature=[tf.TensorSpec(shape, tf.float32)])
    return _forward[model]


def predict(model, images: np.ndarray, batch_size: int = 1000) -> np.ndarray:
    """Class probabilities (n, 10) float32 for uint8 images (n, 28, 28), `batch_size` at a time at most."""
    input_shape = tuple(model.inputs[0].shape[1:])
    if None in input_shape or int(np.prod(input_shape)) != 28 * 28:
        raise ValueError(f"the model takes inputs of shape {input_shape}, not 28×28 images")
    if tuple(model.outputs[0].shape[1:]) != (CLASSES,):
        raise ValueError(f"the model gives outputs of shape {tuple(model.outputs[0].shape[1:])}, not {CLASSES} "
                         "class probabilities")
    forward = _traced(model)
    batch_size = batch_size_for(model, batch_size)  # an imported model with huge layers gets smaller batches
    batches = [forward(prepare(images[s:s + batch_size]).reshape(-1, *input_shape)).numpy()
               for s in range(0, len(images), batch_size)]
    return np.concatenate(batches).astype(np.float32) if batches else np.zeros((0, CLASSES), np.float32)


@dataclass(frozen=True)
class Evaluation:
    """A model's predictions on a labelled image set, and what follows from them."""
    y_true: np.ndarray  # (n,) int
    probs: np.ndarray  # (n, 10) float32

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
        return confusion_matrix(self.y_true, self.y_pred)


def model_epoch(history: dict[str, list[float]], config: dict) -> int:
    """The 1-based epoch whose weights the saved model holds (0 before any epoch).

    The last epoch, unless early stopping stopped training and restored the weights of the
    epoch with the lowest validation loss.
    """
    epochs = len(history.get("loss", []))
    val_loss = np.asarray(history.get("val_loss") or [], dtype=float)
    if config.get("stopped_early") and config.get("restore_best") and len(val_loss) == epochs and epochs \
            and not np.isnan(val_loss).all():  # no best epoch to restore when every validation loss is NaN
        return int(np.nanargmin(val_loss)) + 1
    return epochs


def evaluate(model, images: np.ndarray, labels: np.ndarray, batch_size: int = 1000) -> Evaluation:
    return Evaluation(np.asarray(labels, dtype=np.int64), predict(model, images, batch_size))


def confusion_matrix(y_true: np.ndarray, y_pred: np.ndarray, classes: int = CLASSES) -> np.ndarray:
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
