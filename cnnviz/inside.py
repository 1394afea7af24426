"""Looking inside a CNN: conv kernels, weight statistics, feature maps, top-activating samples.

Everything here takes a plain Keras model and numpy arrays, so it works on a model trained
in the app and on an imported one alike, and from a notebook as well as from the pages.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import keras
import numpy as np
import tensorflow as tf

from cnnviz.datasets import as_model_input

NORMALISATIONS = ("map", "layer", "global")
TEXTBOOK_RANGE = 0.5  # the textbook draws kernels on vmin=-0.5, vmax=0.5
BATCH_FLOATS = 64_000_000  # layer outputs of one batch in flight (256 MB) when a whole test set is scored


def conv_layers(model: keras.Model) -> list[keras.layers.Layer]:
    """The model's 2-D convolution layers, input side first."""
    return [layer for layer in model.layers if isinstance(layer, keras.layers.Conv2D)]


def kernel_and_bias(layer: keras.layers.Layer) -> tuple[np.ndarray, np.ndarray | None]:
    """A conv layer's kernel (kh, kw, c_in, c_out) and its bias (c_out,), or None without one."""
    kernel = keras.ops.convert_to_numpy(layer.kernel)
    bias = keras.ops.convert_to_numpy(layer.bias) if layer.use_bias else None
    return kernel, bias


def kernel_tiles(kernel: np.ndarray, channel: int | None = None) -> np.ndarray:
    """One (kh, kw) picture per filter, (c_out, kh, kw): the kernel on input `channel`,
    or the mean over input channels when `channel` is None (deeper layers have many)."""
    chosen = kernel.mean(axis=2) if channel is None else kernel[:, :, channel, :]
    return np.ascontiguousarray(np.moveaxis(chosen, -1, 0), dtype=np.float32)


@dataclass(frozen=True)
class WeightStats:
    mean: float
    std: float
    min: float
    max: float
    count: int


def weight_stats(values: np.ndarray) -> WeightStats:
    """Mean, std and extremes of a weight array, as the textbook prints with `.mean()`/`.std()`."""
    flat = np.asarray(values, dtype=np.float64).ravel()
    return WeightStats(float(flat.mean()), float(flat.std()), float(flat.min()), float(flat.max()), flat.size)


def common_bins(*arrays: np.ndarray, bins: int = 40) -> np.ndarray:
    """Bin edges shared by several histograms, so overlaid bars line up."""
    low = min(float(np.min(a)) for a in arrays)
    high = max(float(np.max(a)) for a in arrays)
    if high <= low:
        low, high = low - 0.5, high + 0.5
    return np.linspace(low, high, bins + 1)


def kernel_colours(kernel: np.ndarray, scale: float) -> np.ndarray:
    """A first-layer kernel on RGB input as one small colour picture per filter, (c_out, kh, kw, 3) uint8:
    each weight −scale…scale mapped to 0…255 in its own channel, so 0 is mid-gray, a filter that wants red
    is red, one that wants green-minus-red is green."""
    pictures = np.clip(0.5 + np.moveaxis(kernel, -1, 0) / (2 * scale), 0.0, 1.0)
    return np.round(pictures * 255).astype(np.uint8)


def kernel_tiles_over_epochs(snapshots: np.ndarray, channel: int | None = None) -> np.ndarray:
    """(epochs + 1, c_out, kh, kw) tiles of a layer's kernel snapshots, as `kernel_tiles` draws one."""
    return np.stack([kernel_tiles(k, channel) for k in snapshots])


def clipped(tiles: np.ndarray, scale: float) -> int:
    """How many weights lie outside the colour scale ±`scale` (drawn at its end colour)."""
    return int(np.sum(np.abs(tiles) > scale))


def weight_change(before: WeightStats, after: WeightStats) -> tuple[str, float]:
    """How training changed a layer's spread of weights: ("wider" | "narrower" | "same", std ratio after/before).

    Within ±10 % counts as the same: Glorot-initialised kernels of a short training often barely move.
    """
    ratio = after.std / before.std if before.std > 0 else 1.0
    return ("wider" if ratio > 1.1 else "narrower" if ratio < 0.9 else "same"), ratio


def kernel_scale(mode: str, *kernels: np.ndarray) -> float:
    """Half-width of the symmetric colour scale for kernel grids: the textbook's fixed 0.5,
    or ("layer") the largest |weight| among the given kernels, so nothing is clipped."""
    if mode == "fixed":
        return TEXTBOOK_RANGE
    top = max((float(np.max(np.abs(k))) for k in kernels if k.size), default=0.0)
    return top if top > 0 else TEXTBOOK_RANGE


# Feature maps ------------------------------------------------------------------------------------

def _ends_in_probabilities(model: keras.Model) -> bool:
    """Does the last layer give probabilities (a softmax, or a sigmoid on one unit) rather than logits?"""
    last = model.layers[-1]
    activation = getattr(getattr(last, "activation", None), "__name__", "")
    return isinstance(last, keras.layers.Softmax) or activation in ("softmax", "sigmoid")


def layer_outputs(model: keras.Model):
    """(layer name, output shape) of every layer call in the model's graph, nested models' graphs included.

    Shapes come from the symbolic graph Keras keeps, so this works on a model deserialised in a
    `StatelessScope` too. A Sequential model runs through the functional graph it builds; an
    unbuilt one has no graph and yields nothing.
    """
    graph = getattr(model, "_functional", None) or model
    for nodes in getattr(graph, "_nodes_by_depth", {}).values():
        for node in nodes:
            if isinstance(node.operation, keras.Model):
                yield from layer_outputs(node.operation)
            else:
                yield from ((node.operation.name, tuple(tensor.shape)) for tensor in node.outputs)


def batch_size_for(model: keras.Model, largest: int) -> int:
    """How many images to push through `model` at once: `largest`, or fewer when the outputs of its layers
    for one image are so many that a full batch would hold more than `BATCH_FLOATS` numbers."""
    per_image = sum(math.prod(d or 1 for d in shape[1:]) for _, shape in layer_outputs(model))
    return max(1, min(largest, BATCH_FLOATS // max(per_image, 1)))


DESCRIBED_KINDS = ("Conv2D", "MaxPooling2D", "AveragePooling2D", "Dropout", "Flatten", "Dense", "Activation")


def is_augmentation(kind: str) -> bool:
    """A Keras preprocessing layer that changes images only while training (RandomFlip, RandomRotation, ...)."""
    return kind.startswith("Random")


def described_kind(kind: str) -> str:
    """The layer kind the pages explain in a sentence, or "other" for the rest (imported models have many)."""
    if is_augmentation(kind):
        return "augmentation"
    return kind if kind in DESCRIBED_KINDS else "other"


@dataclass(frozen=True)
class LayerInfo:
    name: str
    kind: str  # the Keras class name: Conv2D, MaxPooling2D, Dense, ...
    shape: tuple  # the output shape for one image, batch axis included: (1, 28, 28, 32)


class FeatureMaps:
    """Every layer's output for an image in one call.

    Builds the functional submodel `keras.Model(input, [layer.output, ...])` once and
    calls it through a `tf.function` with a fixed signature: one traced graph, no per-call
    `predict` overhead, so a page can redraw on every slider move.
    """

    def __init__(self, model: keras.Model):
        layers = [layer for layer in model.layers if not isinstance(layer, keras.layers.InputLayer)]
        self.submodel = keras.Model(model.inputs[0], [layer.output for layer in layers])
        self.input_shape = tuple(model.inputs[0].shape[1:])
        self.layers = [LayerInfo(layer.name, type(layer).__name__, (1, *layer.output.shape[1:]))
                       for layer in layers]
        self.outputs_probabilities = _ends_in_probabilities(model)
        self.classes = max(int(model.outputs[0].shape[-1]), 2)
        self._call = tf.function(lambda x: self.submodel(x, training=False), reduce_retracing=True,
                                 input_signature=[tf.TensorSpec((None, *self.input_shape), tf.float32)])

    def takes(self, image: np.ndarray) -> bool:
        """Whether one image (pixels in 0..1) has as many values as the model's input."""
        return int(np.size(image)) == int(np.prod(self.input_shape))

    def is_class_scores(self, name: str) -> bool:
        """Is this layer's output one score per class (the logits, or the probabilities after them)?"""
        last_two = {info.name: info for info in self.layers[-2:]}
        return name in last_two and math.prod(last_two[name].shape[1:]) == self.classes

    def __call__(self, image: np.ndarray) -> dict[str, np.ndarray]:
        """Layer name -> that layer's output for one image (pixels in 0..1), batch axis kept."""
        outputs = self._call(tf.constant(as_model_input(image, self.input_shape)))
        if not isinstance(outputs, (list, tuple)):  # a one-layer model gives its single output bare
            outputs = [outputs]
        return {info.name: out.numpy() for info, out in zip(self.layers, outputs)}


def maps_of(output: np.ndarray) -> np.ndarray | None:
    """A (1, h, w, c) layer output as c tiles (c, h, w); None for outputs that are not image-like."""
    if output.ndim != 4:
        return None
    return np.ascontiguousarray(np.moveaxis(output[0], -1, 0))


def image_outputs(outputs: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Layer name -> tiles (c, h, w) for every image-like output of `FeatureMaps.__call__`."""
    return {name: tiles for name, out in outputs.items() if (tiles := maps_of(out)) is not None}


def _peak(values: np.ndarray, axis=None) -> np.ndarray:
    return np.max(np.abs(values), axis=axis, keepdims=axis is not None, initial=0.0)


def layer_peaks(models: list[dict[str, np.ndarray]]) -> dict[str, float]:
    """Layer name -> the largest |value| of that layer over all the models (trained and untrained)."""
    names = {name for maps in models for name in maps}
    return {name: max(float(_peak(maps[name])) for maps in models if name in maps) for name in names}


def scale_peak(models: list[dict[str, np.ndarray]], layer: str, mode: str) -> float:
    """The |value| that the colour scale's ends stand for under "layer" or "global" normalisation."""
    peaks = layer_peaks(models)
    return peaks[layer] if mode == "layer" else max(peaks.values(), default=0.0)


def map_peak(models: list[dict[str, np.ndarray]], layer: str, index: int) -> float:
    """The largest |value| of one map over the models, for drawing it large on one shared scale (never 0)."""
    return max(float(_peak(maps[layer][index])) for maps in models) or 1.0


def normalise(models: list[dict[str, np.ndarray]], mode: str) -> list[dict[str, np.ndarray]]:
    """Scale feature-map tiles to −1..1, keeping 0 at 0, for drawing on one diverging scale.

    `models` holds, per model (say trained and untrained), layer name -> tiles (c, h, w); the same
    layer of every model shares one scale, so a side-by-side comparison shows real differences.
    "map": every tile by its own largest |value| (the textbook's `imshow` does the like per map);
    "layer": by the largest |value| in that layer; "global": by the largest over all layers.
    An all-zero tile or layer (a dead ReLU) stays all zero, never NaN.
    """
    if mode not in NORMALISATIONS:
        raise ValueError(f"normalisation must be one of {NORMALISATIONS}, not {mode!r}")
    layer_peak = layer_peaks(models)
    global_peak = max(layer_peak.values(), default=0.0)
    scaled = []
    for maps in models:
        out = {}
        for name, tiles in maps.items():
            tiles = np.asarray(tiles, dtype=np.float32)
            if mode == "map":
                peak = _peak(tiles, axis=(1, 2))
            else:
                peak = np.float32(layer_peak[name] if mode == "layer" else global_peak)
            out[name] = np.divide(tiles, peak, out=np.zeros_like(tiles), where=np.broadcast_to(peak > 0, tiles.shape))
        scaled.append(out)
    return scaled


def probabilities(last_output: np.ndarray, is_probability: bool) -> np.ndarray:
    """Class probabilities from the model's last output: as they are, or softmax of logits; one unit
    (a sigmoid's p, or its logit) stands for two classes, (1 − p, p)."""
    values = np.asarray(last_output, dtype=np.float64).reshape(-1)
    if values.size == 1:
        p = values[0] if is_probability else 1 / (1 + np.exp(-values[0]))
        return np.array([1 - p, p])
    if is_probability:
        return values
    exp = np.exp(values - values.max())
    return exp / exp.sum()


# Top-activating samples --------------------------------------------------------------------------

class FilterScores:
    """How strongly each filter responds to every image of a set: the mean of its feature map.

    The mean, not the max: a first-layer filter's max saturates on any solid patch of ink, so
    hundreds of images tie; the mean ranks them by how much of the image has the pattern.
    The conv layer's full output for 10,000 images would be hundreds of MB, so the mean is
    taken inside the graph batch by batch and only (n, filters) numbers come back.
    """

    def __init__(self, model: keras.Model, layer_name: str):
        layer = model.get_layer(layer_name)
        upto = self._upto = keras.Model(model.inputs[0], layer.output)
        self.input_shape = tuple(model.inputs[0].shape[1:])
        self._call = tf.function(lambda x: tf.reduce_mean(upto(x, training=False), axis=(1, 2)),
                                 input_signature=[tf.TensorSpec((None, *self.input_shape), tf.float32)])

    def __call__(self, images: np.ndarray, batch_size: int = 500) -> np.ndarray:
        """(n, filters) mean activations for uint8 images (scaled ÷255 as in training)."""
        batch_size = batch_size_for(self._upto, batch_size)
        parts = [self._call(tf.constant(as_model_input(images[i:i + batch_size], self.input_shape))).numpy()
                 for i in range(0, len(images), batch_size)]
        return np.concatenate(parts) if parts else np.zeros((0, 0), np.float32)


def is_silent(scores: np.ndarray) -> bool:
    """A filter that no image excites (all mean responses 0 or below: a dead ReLU)."""
    return float(np.max(scores, initial=0.0)) <= 0


def top_samples(scores: np.ndarray, k: int = 9) -> np.ndarray:
    """Indices of the k highest scores, highest first (ties broken by the lower index)."""
    k = min(k, len(scores))
    return np.lexsort((np.arange(len(scores)), -scores))[:k]
