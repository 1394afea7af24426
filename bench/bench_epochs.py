"""Timings of watching the network learn, on the textbook Fashion-MNIST CNN trained for a few epochs.

python bench/bench_epochs.py [--epochs 4] [--train-size 3000]
Trains a real run into a temporary CNNVIZ_HOME (every epoch's weights kept, as in the app), then prints
medians (and quartiles) of:
  - scrubbing: all feature maps of one image right after switching to another epoch (one EpochModel, its
    weights swapped; target < 30 ms on 2 cores), and the weight swap alone;
  - the projection: the penultimate layer's outputs of 2,000 class-balanced test images, then PCA and t-SNE
    of them (the Map page's background job);
  - activation maximisation of one conv filter and one class (the Filters page's pictures).
"""
import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from cnnviz import architecture, datasets, maximise, projection, snapshots, training  # noqa: E402
from timing import report, timed  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--train-size", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=60)
    args = parser.parse_args()

    home = tempfile.mkdtemp(prefix="bench_epochs_")
    os.environ["CNNVIZ_HOME"] = home
    ds = datasets.load("fashion_mnist")
    spec = architecture.PRESETS["fashion_cnn"]
    config = {"train_size": args.train_size, "epochs": args.epochs, "batch_size": 32, "learning_rate": 0.001,
              "seed": 0}
    run = training.start_run(spec, ds, config, name="bench epochs", home=home)
    started = time.perf_counter()
    model, _ = training.train(spec, ds, run=run)
    kept = snapshots.epochs(run)
    print(f"textbook Fashion CNN, {model.count_params():,} parameters, trained {args.epochs} epochs on "
          f"{args.train_size:,} images in {time.perf_counter() - started:.1f} s; epochs kept: {kept}; "
          f"{os.cpu_count()} CPU cores visible (shared with other work); data: {ds.source}", flush=True)

    epoch_model = snapshots.EpochModel(run)
    pixels = ds.x_test[0].astype(np.float32) / 255.0
    cycle = iter(np.resize(kept, 10_000))

    def scrub():
        with epoch_model.at(int(next(cycle))):
            return epoch_model.feature_maps(pixels)

    def swap_only():
        with epoch_model.at(int(next(cycle))):
            pass

    report("scrub: switch epoch, then all feature maps of one image", timed(scrub, args.repeat))
    report("  of which the weight swap (read the .npz, set_weights)", timed(swap_only, args.repeat))
    with epoch_model.at(kept[-1]):
        report("  all feature maps of one image, epoch unchanged", timed(lambda: epoch_model.feature_maps(pixels),
                                                                         args.repeat))

    indices = projection.balanced_sample(ds.y_test, projection.SAMPLE, 0)
    with epoch_model.at(kept[-1]):
        report(f"projection: penultimate outputs of {len(indices):,} test images",
               timed(lambda: projection.features(epoch_model.model, ds.x_test[indices]), 3))
        values, probs = projection.features(epoch_model.model, ds.x_test[indices])
    print(f"  ({values.shape[1]:,} numbers per image)", flush=True)
    report(f"projection: PCA of {len(indices):,} points", timed(lambda: projection.pca(values), 5))
    report(f"projection: t-SNE of {len(indices):,} points ({projection.TSNE_ITERATIONS} iterations)",
           timed(lambda: projection.tsne(values), 2))
    report("projection: outliers (10 nearest points on the map)",
           timed(lambda: projection.outliers(projection.pca(values), ds.y_test[indices]), 5))

    maximiser = maximise.Maximiser(model)
    conv = next(layer.name for layer in model.layers if "conv" in layer.name)
    report(f"activation maximisation: filter 0 of {conv} ({maximise.STEPS} steps)",
           timed(lambda: maximiser(maximise.Target(0, conv)), 3))
    report(f"activation maximisation: class 0 ({maximise.STEPS} steps)", timed(lambda: maximiser(maximise.Target(0)), 3))


if __name__ == "__main__":
    main()
