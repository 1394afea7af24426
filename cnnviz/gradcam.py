"""Fast single-image predictions and Grad-CAM for any cnnviz or imported Keras classifier.

`model.predict` spends ~100 ms on set-up per call, too slow to follow a pen; a traced
`tf.function` calling the model answers one image in a few milliseconds. Grad-CAM
(Selvaraju et al. 2017) weights the last conv layer's feature maps by how much the class
score rises with each map, giving a coarse picture of where the network looked; HiResCAM
is its element-wise variant for when those averages cancel out. The score
is taken before the softmax (the "logits" layer, or whatever feeds an imported model's final
softmax), as the paper does: after the softmax a confident prediction has almost no gradient left.
"""
from __future__ import annotations

from dataclasses import dataclass

import keras
import numpy as np
import tensorflow as tf

from cnnviz.datasets import as_model_input
from cnnviz.evaluation import class_probabilities


class GradCamError(ValueError):
    """The model has no conv layer to explain (`code` names the reason for the page)."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


def _as_batch(model: keras.Model, pixels: np.ndarray) -> tf.Tensor:
    return tf.constant(as_model_input(pixels, model.input_shape[1:]))


def last_conv_layer(model: keras.Model) -> keras.layers.Layer:
    for layer in reversed(model.layers):
        if isinstance(layer, keras.layers.Conv2D):
            return layer
    raise GradCamError("no_conv", "the model has no Conv2D layer, so there is no map to explain")


def score_source(model: keras.Model):
    """(tensor to take from the graph, how to turn it into logits, whether they are real logits)."""
    try:
        return model.get_layer("logits").output, None, True
    except ValueError:
        pass
    last = model.layers[-1]
    if isinstance(last, keras.layers.Softmax) or (
            isinstance(last, keras.layers.Activation) and last.activation is keras.activations.softmax):
        # An imported model that ends in Dense(10) then a Softmax or Activation("softmax") layer.
        return last.input, None, True
    if isinstance(last, keras.layers.Dense) and last.activation is keras.activations.softmax:
        # An imported model that ends in Dense(10, activation="softmax"): redo its linear part.
        kernel, bias = last.kernel, last.bias
        return last.input, lambda x: tf.matmul(x, kernel) + (bias if bias is not None else 0.0), True
    return model.output, None, False


class Explainer:
    """Predictions and Grad-CAM for one model, traced once; keep one per model (the page caches it)."""

    def __init__(self, model: keras.Model):
        self.model = model
        self._forward = tf.function(lambda x: model(x, training=False), reduce_retracing=True)
        self._maps_and_grads = None
        self.layer_name = None  # the conv layer explained, and whether its scores are
        self.uses_logits = None  # pre-softmax logits: both known once a map was asked for

    def predict(self, pixels: np.ndarray) -> np.ndarray:
        """Class probabilities, (classes,) for one image or (n, classes) for a batch (pixels in 0..1)."""
        pixels = np.asarray(pixels)
        probs = class_probabilities(self._forward(_as_batch(self.model, pixels)).numpy())
        return probs[0] if pixels.ndim == self.image_ndim else probs

    @property
    def image_ndim(self) -> int:
        """Axes of one image as the pages hold it: (h, w, 3) for a colour model, (h, w) otherwise."""
        shape = self.model.input_shape[1:]
        return 3 if len(shape) == 3 and shape[-1] == 3 else 2

    def _build_cam(self):
        conv = last_conv_layer(self.model)
        source, to_logits, self.uses_logits = score_source(self.model)
        sub = keras.Model(self.model.inputs[0], [conv.output, source])  # `.input` fails on a Sequential

        single = int(source.shape[-1]) == 1  # one sigmoid logit: class 1 scores +logit, class 0 −logit

        @tf.function(reduce_retracing=True)
        def maps_and_grads(x, cls):
            with tf.GradientTape() as tape:
                maps, out = sub(x, training=False)
                scores = to_logits(out) if to_logits else out
                if single:
                    score = scores[:, 0] * tf.cast(2 * cls - 1, scores.dtype)
                else:
                    score = tf.gather(scores, cls, axis=1)
            return maps, tape.gradient(score, maps)

        self._maps_and_grads = maps_and_grads
        self.layer_name = conv.name

    def gradcam(self, pixels: np.ndarray, cls: int, method: str = "gradcam") -> np.ndarray:
        """Where the network looked for class `cls`: (h, w) of the input, 0..1 (all 0 if nowhere).

        "gradcam" weights each feature map by its mean gradient (Selvaraju et al.); "hirescam"
        multiplies maps and gradients pixel by pixel (Draelos & Carin 2020), which stays faithful
        for a Flatten + Dense head, where averaged gradients often cancel out and Grad-CAM is empty.
        """
        if self._maps_and_grads is None:
            self._build_cam()
        pixels = np.asarray(pixels, np.float32)
        maps, grads = self._maps_and_grads(_as_batch(self.model, pixels), tf.constant(cls))
        if method == "gradcam":
            grads = tf.reduce_mean(grads, axis=(1, 2), keepdims=True)
        elif method != "hirescam":
            raise ValueError(f"unknown method {method!r}")
        heat = tf.nn.relu(tf.reduce_sum(grads * maps, axis=-1))
        heat = tf.image.resize(heat[..., None], pixels.shape[:2], method="bilinear")[0, ..., 0].numpy()
        top = heat.max()
        return heat / top if top > 0 else np.zeros_like(heat)


@dataclass(frozen=True)
class Explanation:
    heat: np.ndarray  # (h, w) in 0..1 over the input
    method: str  # "gradcam", "hirescam", or "hirescam_fallback" when Grad-CAM came out empty
    notes: tuple[str, ...]  # what a reader should know: "hires", "off_ink", "empty", "after_softmax"


def explain(explainer: "Explainer", pixels: np.ndarray, cls: int, hires: bool = False) -> Explanation:
    """Where the network looked for class `cls`, and what to say about the map.

    Grad-CAM averages each map's gradients, which cancel out for many Flatten + Dense heads and
    leave an empty map; then HiResCAM (pixel by pixel) is shown instead, and said so.
    """
    method = "hirescam" if hires else "gradcam"
    heat = explainer.gradcam(pixels, cls, method)
    if heat.max() == 0 and not hires:
        heat, method = explainer.gradcam(pixels, cls, "hirescam"), "hirescam_fallback"
    notes = []
    if method == "hirescam_fallback":
        notes.append("hires")
    elif method == "gradcam" and np.ndim(pixels) == 2 and share_on_ink(heat, pixels) < 0.3:  # ink: drawings only
        notes.append("off_ink")
    if heat.max() == 0:
        notes.append("empty")
    if not explainer.uses_logits:
        notes.append("after_softmax")
    return Explanation(heat, method, tuple(notes))


def share_on_ink(heat: np.ndarray, pixels: np.ndarray, ink: float = 0.2) -> float:
    """The part of a map's total heat that lies on the drawing (pixels brighter than `ink`); 0 for an empty map."""
    total = float(heat.sum())
    return float(heat[np.asarray(pixels) > ink].sum()) / total if total > 0 else 0.0


def top_classes(probs: np.ndarray, k: int = 2) -> list[int]:
    """The k most probable classes, most probable first."""
    return [int(c) for c in np.argsort(np.asarray(probs))[::-1][:k]]


def is_unsure(probs: np.ndarray, low: float = 0.6, close: float = 0.15) -> bool:
    """A top probability under `low`, or a runner-up within `close` of it."""
    first, second = np.sort(np.asarray(probs))[::-1][:2]
    return bool(first < low or first - second < close)
