"""What a filter or a class "wants to see": activation maximisation, gradient ascent on the input image.

Start from a mid-gray image and change its pixels, step by step, in the direction that raises the target:
one conv filter's response at the centre of its map (taken before its ReLU, so that a filter silent on gray
still has a gradient), or one class's score (the logit before the softmax, as Grad-CAM takes it). The centre,
not the mean over the map: a first-layer filter is linear, so its mean response only grows with the image's
overall brightness and the ascent would just paint the picture white; at one position it draws the pattern
the filter looks for, in the patch of the image that position sees. Left alone, the ascent
finds fine-grained noise that excites the target more than any real image does: nothing in training told the
network what such patterns mean. The usual regularisers (Olah et al. 2017, "Feature Visualization") keep the
picture readable for small grayscale models: each step looks at the image shifted by a pixel or two (jitter),
the image is blurred a little every few steps, kept in the input's 0..1 range, and pulled back by a
total-variation penalty (jumps between neighbouring pixels) and an L2 penalty (straying from gray).
"""
from __future__ import annotations

from dataclasses import dataclass

import keras
import numpy as np
import tensorflow as tf

from cnnviz.gradcam import score_source

STEPS = 150
FRAMES = 9  # pictures kept for the animation: the start, the end and evenly between
STEP_SIZE = 0.04  # per step, in pixel values, along the target's gradient scaled to unit RMS
TV_WEIGHT = 0.1  # how hard jumps between neighbouring pixels are pushed down, against that unit gradient
L2_WEIGHT = 0.3  # how hard pixels are pulled back to the background brightness
BLUR_EVERY = 2  # steps, for a target that sees at least 7×7 pixels (a smaller one is not blurred)
START = 0.5  # mid-gray
NOISE = 0.02  # a little seeded noise on the gray start, so that no gradient is exactly zero by symmetry


@dataclass(frozen=True)
class Target:
    """A conv filter (`layer`, `index`: its response at the centre of its map) or an output class (`index`)."""
    index: int
    layer: str | None = None

    @property
    def is_class(self) -> bool:
        return self.layer is None


@dataclass(frozen=True)
class Ascent:
    frames: np.ndarray  # (FRAMES, h, w) or (FRAMES, h, w, 3) pictures in 0..1, the last one the result
    frame_steps: list[int]  # the step each frame was taken at (0: the gray start)
    start_score: float  # the target's value for the gray start
    score: float  # and for the result
    box: tuple[int, int, int, int]  # the patch the target sees: (top, bottom, left, right), ends excluded

    def patch(self, margin: int = 1) -> np.ndarray:
        """The frames cut to the patch the target sees, with `margin` pixels around it: a filter's picture."""
        top, bottom, left, right = self.box
        height, width = self.frames.shape[1:3]
        return self.frames[:, max(0, top - margin):min(height, bottom + margin), max(0, left - margin):min(width, right + margin)]


def _blur(x: tf.Tensor) -> tf.Tensor:
    """A light 3×3 blur of every channel (weights 1-2-1 by 1-2-1, sixteenths): it keeps strokes, smooths noise."""
    kernel = tf.constant(np.outer([1, 2, 1], [1, 2, 1]) / 16.0, tf.float32)[:, :, None, None]
    channels = x.shape[-1]
    return tf.nn.depthwise_conv2d(tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]], "SYMMETRIC"),
                                  tf.tile(kernel, [1, 1, channels, 1]), [1, 1, 1, 1], "VALID")


def _total_variation(x: tf.Tensor) -> tf.Tensor:
    return tf.reduce_sum(tf.abs(x[:, 1:] - x[:, :-1])) + tf.reduce_sum(tf.abs(x[:, :, 1:] - x[:, :, :-1]))


class Maximiser:
    """Activation maximisation for one model; the score functions are traced once per target kind and layer."""

    def __init__(self, model: keras.Model):
        self.model = model
        self.input_shape = tuple(model.inputs[0].shape[1:])
        self._scores: dict[str | None, object] = {}
        self._steps: dict[str | None, object] = {}

    def _score(self, layer_name: str | None):
        """x, index -> the target's score for a batch of one image (built once per layer, None: the classes)."""
        if layer_name not in self._scores:
            self._scores[layer_name] = self._score_of(layer_name)
        return self._scores[layer_name]

    def _score_of(self, layer_name: str | None):
        if layer_name is None:
            source, to_logits, _ = score_source(self.model)
            sub = keras.Model(self.model.inputs[0], source)
            single = int(source.shape[-1]) == 1  # one sigmoid unit: class 1 scores +logit, class 0 −logit

            def score(x, index):
                out = sub(x, training=False)
                logits = to_logits(out) if to_logits else out
                if single:
                    return logits[0, 0] * tf.cast(2 * index - 1, logits.dtype)
                return tf.gather(logits[0], index)
            return score
        layer = self.model.get_layer(layer_name)
        sub = keras.Model(self.model.inputs[0], layer.input)

        def score(x, index):
            kernel = tf.gather(layer.kernel, [index], axis=3)
            response = layer.convolution_op(sub(x, training=False), kernel)[0, ..., 0]
            if layer.use_bias:
                response += tf.gather(layer.bias, index)
            return response[response.shape[0] // 2, response.shape[1] // 2]
        return score

    def _step_function(self, layer_name: str | None):
        if layer_name not in self._steps:
            score = self._score(layer_name)

            @tf.function(reduce_retracing=True)
            def step(x, index, shift, blur, background):
                shifted = tf.roll(x, shift, axis=[1, 2])
                with tf.GradientTape() as tape:
                    tape.watch(shifted)
                    value = score(shifted, index)
                grad = tf.roll(tape.gradient(value, shifted), -shift, axis=[1, 2])
                grad /= tf.sqrt(tf.reduce_mean(tf.square(grad))) + 1e-8
                with tf.GradientTape() as tape:
                    tape.watch(x)
                    penalty = TV_WEIGHT * _total_variation(x) + L2_WEIGHT * 0.5 * tf.reduce_sum(tf.square(x - background))
                x = x + STEP_SIZE * (grad - tape.gradient(penalty, x))
                x = tf.cond(blur, lambda: _blur(x), lambda: x)
                return tf.clip_by_value(x, 0.0, 1.0)

            self._steps[layer_name] = step
        return self._steps[layer_name]

    def score(self, target: Target, images: np.ndarray) -> float:
        """The target's value for one image (pixels 0..1), as the ascent measures it."""
        x = tf.constant(np.asarray(images, np.float32).reshape((1, *self.input_shape)))
        return float(self._score(target.layer)(x, tf.constant(target.index)))

    def receptive_field(self, target: Target) -> tuple[int, int, int, int]:
        """(top, bottom, left, right), ends excluded: the patch of the input the target sees (the whole image for
        a class), where the score's gradient is nonzero for any of a few random images."""
        height, width = self.input_shape[:2]
        if target.is_class:
            return 0, height, 0, width
        score, index = self._score(target.layer), tf.constant(target.index)
        seen = np.zeros((height, width), bool)
        for x in np.random.default_rng(0).random((4, 1, *self.input_shape), np.float32):
            x = tf.constant(x)
            with tf.GradientTape() as tape:
                tape.watch(x)
                value = score(x, index)
            seen |= np.abs(tape.gradient(value, x).numpy()[0]).max(axis=-1) > 0
        rows, cols = np.flatnonzero(seen.any(axis=1)), np.flatnonzero(seen.any(axis=0))
        if not rows.size:  # nothing reaches the target (a dead unit): call it the whole image
            return 0, height, 0, width
        return int(rows[0]), int(rows[-1]) + 1, int(cols[0]), int(cols[-1]) + 1

    def __call__(self, target: Target, background: float = START, steps: int = STEPS, seed: int = 0) -> Ascent:
        """Gradient ascent from gray for `target`, `steps` steps, pixels pulled towards `background` (the data's
        mean brightness: dark for digits, so that ink appears only where it raises the score); the same seed
        gives the same pictures."""
        step = self._step_function(target.layer)
        rng = np.random.default_rng(seed)
        x = tf.constant(START + NOISE * rng.standard_normal((1, *self.input_shape)), tf.float32)
        box = self.receptive_field(target)
        seen = max(box[1] - box[0], box[3] - box[2])  # jitter and blur sized to it: a 3×3 pattern would be smudged
        jitter, blur_every = round(seen / 14), BLUR_EVERY if seen >= 7 else steps + 1  # 2 pixels on a whole digit
        keep = set(np.linspace(0, steps, FRAMES).round().astype(int).tolist())
        frames, frame_steps = [], []
        index, pull = tf.constant(target.index), tf.constant(background, tf.float32)
        for i in range(steps + 1):
            if i in keep:
                frames.append(x.numpy()[0])
                frame_steps.append(i)
            if i < steps:
                shift = tf.constant(rng.integers(-jitter, jitter + 1, 2), tf.int32)
                x = step(x, index, shift, tf.constant(i % blur_every == blur_every - 1), pull)
        pictures = np.stack(frames)
        if self.input_shape[-1] == 1:
            pictures = pictures[..., 0]
        return Ascent(pictures, frame_steps, self.score(target, frames[0]), self.score(target, frames[-1]), box)


def background(images: np.ndarray, most: int = 2000) -> float:
    """The mean brightness (0..1) of a set's images, from its first `most`: what the ascent pulls pixels towards."""
    return float(np.mean(images[:most], dtype=np.float64)) / (255.0 if images.dtype == np.uint8 else 1.0)
