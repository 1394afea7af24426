"""MNIST and Fashion-MNIST: find the four IDX files, read them safely, describe them.

Sources are tried in the order DESIGN.md gives, and the one used is reported, so the
UI can always say whether the learner sees the full set or the bundled sample.
"""
from __future__ import annotations

import gzip
import math
import os
import socket
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

DATASETS = ("mnist", "fashion_mnist")
FILES = {
    "x_train": "train-images-idx3-ubyte.gz",
    "y_train": "train-labels-idx1-ubyte.gz",
    "x_test": "t10k-images-idx3-ubyte.gz",
    "y_test": "t10k-labels-idx1-ubyte.gz",
}
SAMPLE_DIR = Path(__file__).resolve().parent.parent / "assets" / "sample"
SYSTEM_DIRS = {"fashion_mnist": Path("/usr/share/datasets/fashion-mnist")}
KERAS_CACHE = {"mnist": "mnist.npz", "fashion_mnist": "fashion-mnist"}

CLASS_NAMES = {
    "mnist": {"en": [str(d) for d in range(10)], "ko": [str(d) for d in range(10)]},
    "fashion_mnist": {
        "en": ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
               "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"],
        "ko": ["티셔츠", "바지", "스웨터", "드레스", "코트", "샌달", "셔츠", "스니커즈", "가방", "앵클 부츠"],
    },
}

IDX_UBYTE = 0x08  # the IDX type code (third byte of the magic number) of MNIST's unsigned bytes
_IDX_TYPE_NAMES = {0x09: "int8", 0x0B: "int16", 0x0C: "int32", 0x0D: "float32", 0x0E: "float64"}
_MAX_IDX_BYTES = 200_000_000  # the full MNIST training images are 47,040,000


class DatasetError(Exception):
    """A dataset file is missing, corrupt or not what it claims to be; the message names the file.

    `code` and `values` let the pages say the same in another language (`dataset_fault.<code>`);
    `values["file"]` is the file or folder at fault.
    """

    def __init__(self, code: str, message: str, **values):
        super().__init__(message)
        self.code = code
        self.values = values


@dataclass(frozen=True)
class Dataset:
    name: str
    x_train: np.ndarray  # (n, 28, 28) uint8
    y_train: np.ndarray  # (n,) uint8
    x_test: np.ndarray
    y_test: np.ndarray
    source: str  # "env", "system", "keras" or "sample"
    location: str  # folder or file the arrays came from

    @property
    def is_sample(self) -> bool:
        return self.source == "sample"


def read_idx(path: str | Path) -> np.ndarray:
    """Read one MNIST-style IDX file (gzip or raw): unsigned bytes, in 1 (labels) or 3 (images) dimensions.

    The file may come from any folder a teacher points `CNNVIZ_DATA_DIR` at, so the header is
    checked before any data is read: magic number, type, dimensions, and the size they promise
    (a product of Python integers, which cannot overflow) against a bound and against the file's
    size; a gzip stream is read only as far as the header promises, plus one byte.
    """
    path, gzipped = Path(path), False
    try:
        with open(path, "rb") as f:
            gzipped = f.read(2) == b"\x1f\x8b"
        with (gzip.open if gzipped else open)(path, "rb") as f:
            return _read_idx_stream(path, f, None if gzipped else path.stat().st_size)
    except FileNotFoundError:
        raise DatasetError("not_found", f"{path}: file not found", file=str(path)) from None
    except (OSError, EOFError, zlib.error) as exc:  # zlib.error: damage inside the compressed stream
        what = "not a readable gzip file" if gzipped else "cannot be read"
        raise DatasetError("not_gzip" if gzipped else "unreadable", f"{path}: {what} ({exc})", file=str(path),
                           error=str(exc)) from None


def _read_idx_stream(path: Path, f, file_size: int | None) -> np.ndarray:
    """The checks and the read of `read_idx` on an open stream; `file_size` is None for a gzip stream."""
    magic = f.read(4)
    if len(magic) < 4 or magic[:2] != b"\0\0" or magic[2] not in (IDX_UBYTE, *_IDX_TYPE_NAMES):
        raise DatasetError("bad_magic", f"{path}: wrong magic number {magic.hex() or '(empty)'}, not an IDX file",
                           file=str(path), magic=magic.hex() or "—")
    if magic[2] != IDX_UBYTE:
        kind = _IDX_TYPE_NAMES[magic[2]]
        raise DatasetError("not_bytes", f"{path}: holds {kind} numbers; MNIST files hold unsigned bytes (0–255)",
                           file=str(path), dtype=kind)
    ndim = magic[3]
    if ndim not in (1, 3):
        raise DatasetError("bad_ndim", f"{path}: has {ndim} dimensions; MNIST labels have 1 and images 3",
                           file=str(path), ndim=ndim)
    dims = f.read(4 * ndim)
    if len(dims) < 4 * ndim:
        raise DatasetError("header_truncated", f"{path}: IDX header is truncated", file=str(path))
    shape = tuple(int.from_bytes(dims[4 * i: 4 * i + 4], "big") for i in range(ndim))
    expected = math.prod(shape)
    if expected > _MAX_IDX_BYTES:
        raise DatasetError("too_large", f"{path}: header says {shape}, {expected:,} bytes of data; the limit is "
                           f"{_MAX_IDX_BYTES:,}", file=str(path), shape=str(shape), size=f"{expected:,}",
                           limit=f"{_MAX_IDX_BYTES:,}")
    if file_size is not None:  # a raw file: its size tells whether the data is all there, before reading it
        held = file_size - 4 - 4 * ndim
        body = f.read(expected) if held == expected else b""
    else:  # a gzip stream: what the header promises and one byte more, to notice anything extra
        body = f.read(expected + 1)
        held = len(body)
    if held < expected:
        raise DatasetError("truncated", f"{path}: header says {shape} ({expected:,} bytes of data) but the file "
                           f"holds {held:,} bytes; truncated or corrupt", file=str(path), shape=str(shape),
                           size=f"{expected:,}", held=f"{held:,}")
    if held > expected:
        raise DatasetError("trailing_data", f"{path}: holds more than the {expected:,} bytes of data its header "
                           f"{shape} promises; corrupt or not an MNIST file", file=str(path), shape=str(shape),
                           size=f"{expected:,}")
    return np.frombuffer(body, dtype=np.uint8).reshape(shape)


def write_idx(path: str | Path, array: np.ndarray) -> None:
    """Write a uint8 array as a gzipped IDX file (deterministic bytes: no timestamp)."""
    array = np.ascontiguousarray(array, dtype=np.uint8)
    header = bytes([0, 0, IDX_UBYTE, array.ndim]) + b"".join(int(d).to_bytes(4, "big") for d in array.shape)
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as f:
        f.write(header + array.tobytes())


def _keras_home() -> Path:
    return Path(os.environ.get("KERAS_HOME", Path.home() / ".keras"))


def _has_all_files(folder: Path) -> bool:
    return all((folder / f).is_file() for f in FILES.values())


def _online(host: str = "storage.googleapis.com", timeout: float = 1.5) -> bool:
    if os.environ.get("CNNVIZ_OFFLINE"):
        return False
    try:
        socket.create_connection((host, 443), timeout=timeout).close()
        return True
    except OSError:
        return False


def find_source(name: str, download: bool = True) -> tuple[str, Path]:
    """Return (source kind, location) for a dataset, following DESIGN.md's order."""
    if name not in DATASETS:
        raise DatasetError("unknown_dataset", f"unknown dataset {name!r}; choose one of {', '.join(DATASETS)}",
                           file=str(name), choices=", ".join(DATASETS))
    env_dir = os.environ.get("CNNVIZ_DATA_DIR")
    if env_dir and _has_all_files(Path(env_dir) / name):
        return "env", Path(env_dir) / name
    system = SYSTEM_DIRS.get(name)
    if system is not None and _has_all_files(system):
        return "system", system
    cached = _keras_home() / "datasets" / KERAS_CACHE[name]
    if cached.is_file() or (cached.is_dir() and _has_all_files(cached)):
        return "keras", cached
    if download and _online():
        return "keras", cached
    return "sample", SAMPLE_DIR / name


def _load_keras(name: str, location: Path) -> tuple[np.ndarray, ...]:
    if location.is_file():  # mnist.npz as keras.datasets.mnist stores it
        try:
            with np.load(location, allow_pickle=False) as f:
                return tuple(np.asarray(f[k], dtype=np.uint8) for k in FILES)
        except Exception as exc:  # noqa: BLE001 - any failure of an untrusted cache file
            raise DatasetError("unreadable", f"{location}: unreadable Keras cache file ({exc})",
                               file=str(location), error=str(exc)) from None
    if location.is_dir() and _has_all_files(location):
        return tuple(read_idx(location / f) for f in FILES.values())
    import keras

    try:
        (x_train, y_train), (x_test, y_test) = getattr(keras.datasets, name).load_data()
    except Exception as exc:  # noqa: BLE001 - network errors come in many types
        raise DatasetError("download_failed", f"keras.datasets.{name}.load_data() failed: {exc}",
                           file=f"keras.datasets.{name}", error=str(exc)) from None
    return x_train, y_train, x_test, y_test


def load(name: str, download: bool = True) -> Dataset:
    """Load a dataset from the first source that has it; arrays are read-only.

    Each split must be a non-empty set of 28×28 images with one label from 0 to 9 each: anything
    else would break the pages' statistics and plots, so it is refused naming the file.
    """
    source, location = find_source(name, download)
    if source == "keras":
        arrays = _load_keras(name, location)
    else:
        arrays = tuple(read_idx(location / f) for f in FILES.values())
    x_train, y_train, x_test, y_test = arrays
    for images, labels, split in [(x_train, y_train, "train"), (x_test, y_test, "test")]:
        images_file, labels_file = (str(location / FILES[f"{axis}_{split}"]) if location.is_dir() else str(location)
                                    for axis in "xy")
        if images.ndim != 3 or images.shape[1:] != (28, 28) or labels.shape != (len(images),):
            raise DatasetError("not_images", f"{images_file}: {split} images {images.shape} and labels "
                               f"{labels.shape} do not form a 28×28 image set", file=images_file, images=str(images.shape),
                               labels=str(labels.shape))
        if not len(images):
            raise DatasetError("no_images", f"{images_file}: no images", file=images_file)
        if labels.max() > 9:
            raise DatasetError("bad_labels", f"{labels_file}: labels go up to {labels.max()}, expected 0–9",
                               file=labels_file, max=int(labels.max()))
    for a in arrays:
        a.setflags(write=False)
    return Dataset(name, x_train, y_train, x_test, y_test, source, str(location))


def class_names(name: str, lang: str = "en") -> list[str]:
    return CLASS_NAMES[name][lang]


def label_counts(labels: np.ndarray) -> np.ndarray:
    """How many examples of each of the 10 classes."""
    return np.bincount(labels, minlength=10)


def pixel_stats(images: np.ndarray) -> dict[str, float]:
    """Min, max, mean and std of all pixels, in the images' own units (0–255 for raw data)."""
    pixels = images.astype(np.float64)
    return {"min": float(pixels.min()), "max": float(pixels.max()),
            "mean": float(pixels.mean()), "std": float(pixels.std())}


def intensity_histogram(images: np.ndarray, bins: int = 32) -> tuple[np.ndarray, np.ndarray]:
    """Counts of pixel values in `bins` equal bins over 0–255, and the bin edges."""
    counts = np.bincount(images.reshape(-1), minlength=256).reshape(bins, 256 // bins).sum(axis=1)
    return counts, np.arange(0, 257, 256 // bins)


def sample_indices(labels: np.ndarray, n: int, seed: int, classes: list[int] | None = None) -> np.ndarray:
    """n random indices (sorted by nothing: the draw order), optionally only of some classes."""
    pool = np.flatnonzero(np.isin(labels, classes)) if classes else np.arange(len(labels))
    rng = np.random.default_rng(seed)
    return rng.choice(pool, size=min(n, len(pool)), replace=False)


def one_hot(labels: np.ndarray, classes: int = 10) -> np.ndarray:
    """Labels (n,) as one-hot rows (n, classes), as keras.utils.to_categorical gives them."""
    return np.eye(classes, dtype=np.float32)[labels]
