"""What the augmentation layers at the front of a model do to one image while it trains.

Keras's preprocessing layers (RandomFlip, RandomRotation, RandomZoom, RandomTranslation,
RandomContrast) replace `ImageDataGenerator`: they change every training image a little, and pass
images through unchanged at prediction time. Showing one image after them nine times makes that visible.
"""
from __future__ import annotations

import numpy as np

from cnnviz import architecture
from cnnviz.datasets import as_model_input


def augmentation_layers(spec: list[dict]) -> list[dict]:
    """The spec's augmentation layers (they come first)."""
    return [layer for layer in architecture.normalise(spec) if layer["kind"] in architecture.AUGMENTATIONS]


def augmented_copies(spec: list[dict], image: np.ndarray, n: int = 9, seed: int = 0) -> np.ndarray:
    """`n` versions of one uint8 image as training would see them after the spec's augmentation layers,
    as uint8 images like the data's own, (n, h, w) or (n, h, w, 3); the first is the image itself."""
    import keras

    layers = augmentation_layers(spec)
    pixels = as_model_input(image, (*image.shape[:2], 3 if image.ndim == 3 else 1))
    augment = keras.Sequential([getattr(keras.layers, architecture.KINDS[layer["kind"]][0])(  # own seeds: the
        **{k: v for k, v in layer.items() if k != "kind"}, seed=seed + i) for i, layer in enumerate(layers)])  # global one is shared
    copies = [pixels[0]] + [np.asarray(augment(pixels, training=True))[0] for _ in range(n - 1)]
    out = np.round(np.clip(np.stack(copies), 0.0, 1.0) * 255).astype(np.uint8)
    return out if image.ndim == 3 else out[..., 0]
