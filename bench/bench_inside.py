"""Timings of the Filters and Feature maps pages' work, on the textbook Fashion-MNIST CNN.

python bench/bench_inside.py
Prints medians (and quartiles) of: all feature maps of one image through the cached submodel
(target < 15 ms on 2 cores) against a plain eager model call and `model.predict`; building the
Filters page figures; scoring one conv layer's filters over 10,000 test images and taking a top 9.
"""
import os
import sys
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import keras  # noqa: E402
import numpy as np  # noqa: E402

from cnnviz import architecture, datasets, inside  # noqa: E402
from cnnviz.plots import inside as plots  # noqa: E402
from timing import report, timed  # noqa: E402

SHARED_MNIST = ROOT.parent / "shared" / "data" / "mnist"


def test_images() -> np.ndarray:
    """10,000 real test digits: the shared MNIST test set if present, else the Fashion-MNIST test set."""
    folder = SHARED_MNIST if (SHARED_MNIST / "t10k-images-idx3-ubyte.gz").is_file() else None
    if folder is not None:
        return datasets.read_idx(folder / "t10k-images-idx3-ubyte.gz")
    return datasets.load("fashion_mnist").x_test


def main() -> None:
    keras.utils.set_random_seed(0)
    model = architecture.build(architecture.PRESETS["fashion_cnn"])
    initial = architecture.build(architecture.PRESETS["fashion_cnn"])
    images = test_images()
    print(f"model: textbook Fashion CNN, {model.count_params():,} parameters; {len(images):,} test images; "
          f"{os.cpu_count()} CPU cores visible (shared with other work)")
    pixels = images[0].astype(np.float32) / 255.0
    x = pixels.reshape(1, 28, 28, 1)

    maps = inside.FeatureMaps(model)
    report("all feature maps of one image (cached submodel, tf.function)", timed(lambda: maps(pixels), 200))
    report("plain eager call model(x), final output only", timed(lambda: model(x, training=False), 100))
    report("model.predict(x), final output only", timed(lambda: model.predict(x, verbose=0), 20))
    untrained = inside.FeatureMaps(initial)

    def normalise_both():
        tiles = [{n: t for n, o in m(pixels).items() if (t := inside.maps_of(o)) is not None}
                 for m in (maps, untrained)]
        return inside.normalise(tiles, "layer")
    report("trained + untrained maps of one image, normalised per layer", timed(normalise_both, 100))
    report("building the extractor + its first (tracing) call, once per model",
           timed(lambda: inside.FeatureMaps(model)(pixels), 5))

    def filters_figures():
        for layer in inside.conv_layers(model):
            kernel, bias = inside.kernel_and_bias(layer)
            kernel0, bias0 = inside.kernel_and_bias(initial.get_layer(layer.name))
            tiles, tiles0 = inside.kernel_tiles(kernel), inside.kernel_tiles(kernel0)
            scale = inside.kernel_scale("fixed", tiles, tiles0)
            figs = [plots.kernel_grid(tiles, scale, "w"), plots.kernel_grid(tiles0, scale, "w"),
                    plots.bias_bars({"trained": bias, "untrained": bias0}, "filter", "bias")]
            stats = {"t": inside.weight_stats(kernel), "u": inside.weight_stats(kernel0)}
            figs.append(plots.weight_histograms({"t": kernel, "u": kernel0}, stats,
                                                inside.common_bins(kernel, kernel0), "w", "n"))
            for fig in figs:
                fig.to_json()  # what Streamlit serialises for the browser
    report("Filters page figures, both conv layers (build + to_json)", timed(filters_figures, 10))

    for layer in ("conv2d_1", "conv2d_2"):
        scorer = inside.FilterScores(model, layer)
        ms = timed(lambda: inside.top_samples(scorer(images)[:, 0], 9), 5)
        report(f"top-9 for one filter of {layer} over {len(images):,} images", ms)
        scores = scorer(images)
        report(f"  top-9 again from cached scores ({layer})", timed(lambda: inside.top_samples(scores[:, 3]), 50))


if __name__ == "__main__":
    main()
