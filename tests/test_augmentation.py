"""The Build page's preview of augmentation: one image as training would see it, nine times."""
import numpy as np

from cnnviz import architecture as arch
from cnnviz import augmentation


def test_nine_copies_the_first_unchanged_the_rest_different_and_repeatable():
    image = np.random.default_rng(0).integers(0, 256, (32, 32, 3), dtype=np.uint8)
    spec = [{"kind": "random_flip"}, {"kind": "random_rotation", "factor": 0.25}, *arch.PHOTO_PRESETS["photo_small"]]
    copies = augmentation.augmented_copies(spec, image, seed=3)
    assert copies.shape == (9, 32, 32, 3) and copies.dtype == np.uint8
    np.testing.assert_array_equal(copies[0], image)
    assert all(not np.array_equal(c, image) for c in copies[1:])
    np.testing.assert_array_equal(copies, augmentation.augmented_copies(spec, image, seed=3))


def test_a_horizontal_flip_alone_gives_the_image_or_its_mirror():
    image = np.arange(16, dtype=np.uint8).reshape(4, 4) * 10
    copies = augmentation.augmented_copies([{"kind": "random_flip"}, arch.FLATTEN], image, n=12, seed=1)
    assert copies.shape == (12, 4, 4)
    mirrored = [np.array_equal(c, image[:, ::-1]) for c in copies[1:]]
    assert all(m or np.array_equal(c, image) for m, c in zip(mirrored, copies[1:])) and any(mirrored)
    assert augmentation.augmentation_layers(arch.PRESETS["tiny"]) == []
