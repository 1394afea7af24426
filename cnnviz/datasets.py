"""Every dataset the app offers: find it, read it safely, describe it.

MNIST and Fashion-MNIST are four IDX files; photo datasets are folders of class folders (see
`photos`): cats vs dogs built in, a teacher's folders in $CNNVIZ_DATA_DIR, and each workspace's
uploaded zips. Sources are tried in the order the README gives (own folder, system package, Keras
cache, bundled sample), and the one used is reported, so the UI can always say whether the learner
sees the full set or the bundled sample.
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

from cnnviz import photos
from cnnviz.photos import PHOTO_SIZES, RESIZE_MODES, PhotoFit  # noqa: F401 - the pages read them from here

DATASETS = ("mnist", "fashion_mnist")  # the IDX datasets
PHOTO_DATASETS = ("cats_vs_dogs",)  # built-in photo datasets
BUILT_IN = DATASETS + PHOTO_DATASETS
FILES = {
    "x_train": "train-images-idx3-ubyte.gz",
    "y_train": "train-labels-idx1-ubyte.gz",
    "x_test": "t10k-images-idx3-ubyte.gz",
    "y_test": "t10k-labels-idx1-ubyte.gz",
}
SAMPLE_DIR = Path(__file__).resolve().parent.parent / "assets" / "sample"
SYSTEM_DIRS = {"fashion_mnist": Path("/usr/share/datasets/fashion-mnist")}
KERAS_CACHE = {"mnist": "mnist.npz", "fashion_mnist": "fashion-mnist"}
CATS_VS_DOGS_URL = "https://storage.googleapis.com/mledu-datasets/cats_and_dogs_filtered.zip"
# Where `keras.utils.get_file(..., extract=True)` leaves cats_and_dogs_filtered under $KERAS_HOME/datasets:
# Keras 3 extracts into "<name>_extracted/" (named after the fname the notebook passed), Keras 2 beside the zip.
KERAS_PHOTO_DIRS = ("cats_and_dogs_filtered_extracted/cats_and_dogs_filtered",
                    "cats_and_dogs_extracted/cats_and_dogs_filtered", "cats_and_dogs_filtered")

CLASS_NAMES = {
    "mnist": {"en": [str(d) for d in range(10)], "ko": [str(d) for d in range(10)]},
    "fashion_mnist": {
        "en": ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
               "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"],
        "ko": ["티셔츠", "바지", "스웨터", "드레스", "코트", "샌달", "셔츠", "스니커즈", "가방", "앵클 부츠"],
    },
    "cats_vs_dogs": {"en": ["cat", "dog"], "ko": ["고양이", "개"]},  # for folders cat(s)/ and dog(s)/
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
    x_train: np.ndarray  # uint8: (n, h, w) grayscale, (n, h, w, 3) colour; (n, 28, 28) for the IDX sets
    y_train: np.ndarray  # (n,) uint8, 0 .. n_classes - 1
    x_test: np.ndarray
    y_test: np.ndarray
    source: str  # "env", "system", "keras", "sample" or "upload"
    location: str  # folder or file the arrays came from
    names: dict[str, list[str]] | None = None  # class names per language; None: CLASS_NAMES[name]
    fit: PhotoFit | None = None  # how the photos were fitted; None for the IDX datasets
    skipped: tuple[tuple[str, str], ...] = ()  # files left out: (path relative to location, reason code)
    test_from: str = "given"  # "given": the source's own test split; "split": split off with split_seed
    split_seed: int | None = None
    test_fraction: float | None = None  # share of each class split off as the test set
    train_files: tuple[str, ...] = ()  # photos: each image's file, relative to location, in the arrays' order
    test_files: tuple[str, ...] = ()

    @property
    def is_sample(self) -> bool:
        return self.source == "sample"

    @property
    def is_photo(self) -> bool:
        return self.fit is not None

    @property
    def input_shape(self) -> tuple[int, int, int]:
        """What the network's Input takes: (h, w, 1) for grayscale arrays, (h, w, 3) for colour."""
        return (*self.x_train.shape[1:3], self.x_train.shape[3] if self.x_train.ndim == 4 else 1)

    @property
    def n_classes(self) -> int:
        return len(self.class_names("en"))

    def class_names(self, lang: str = "en") -> list[str]:
        return (self.names or CLASS_NAMES[self.name])[lang]


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
    """Return (source kind, location) for a dataset: the first source in the README's order that has it."""
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
                           file=f"keras.datasets.{name}.load_data()", error=str(exc)) from None
    return x_train, y_train, x_test, y_test


def load(name: str, fit: PhotoFit | None = None, workspace: str | None = None, download: bool = True) -> Dataset:
    """Load a dataset from the first source that has it; arrays are read-only.

    A photo dataset is fitted by `fit` (default PhotoFit()); the IDX datasets ignore it. `workspace`
    names whose uploads are looked at. An IDX split must be a non-empty set of 28×28 images with one label
    from 0 to 9 each: anything else would break the pages' statistics and plots, so it is refused naming the file.
    """
    if name not in DATASETS:
        return _load_photos(name, fit or PhotoFit(), workspace, download)
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


def is_dataset_name(name) -> bool:
    """A well-formed dataset name (built in, a teacher's folder or an upload), whether or not it is here now."""
    return isinstance(name, str) and bool(photos.NAME.fullmatch(name))


def is_photo_name(name: str) -> bool:
    """A dataset of photos in class folders (anything but the two IDX datasets)."""
    return name not in DATASETS


def class_names(name: str, lang: str = "en", workspace: str | None = None) -> list[str]:
    """Class names of a dataset without loading it: the table for the IDX sets, the class folders'
    names for a photo folder (cats vs dogs in words of either language)."""
    if name in DATASETS:
        return CLASS_NAMES[name][lang]
    _, location = find_photo_source(name, workspace, download=False)
    return _photo_class_names(name, photos.scan_classes(location))[lang]


# --- photo datasets ----------------------------------------------------------------------------

def uploads_dir(workspace: str) -> Path:
    """$CNNVIZ_HOME/datasets/<workspace>/: where a workspace's uploaded zips become datasets."""
    if not isinstance(workspace, str) or not photos.WORKSPACE.fullmatch(workspace):
        raise photos.PhotoError("bad_workspace", f"{str(workspace)[:60]!r} is not a workspace id",
                                workspace=str(workspace)[:60])
    return photos.cnnviz_home() / "datasets" / workspace


def _own_uploads(workspace: str | None) -> Path | None:
    """This workspace's uploads folder; None without a (valid) workspace, which sees no uploads."""
    return uploads_dir(workspace) if isinstance(workspace, str) and photos.WORKSPACE.fullmatch(workspace) else None


def _teacher_datasets() -> list[str]:
    env_dir = os.environ.get("CNNVIZ_DATA_DIR")
    return [n for n in photos.dataset_folders(Path(env_dir)) if n not in BUILT_IN] if env_dir else []


def available(workspace: str | None = None) -> list[str]:
    """Every dataset name this workspace can pick: the built-in ones, then each photo folder in
    $CNNVIZ_DATA_DIR, then this workspace's uploads (no other workspace's)."""
    names = [*BUILT_IN, *_teacher_datasets()]
    uploads = _own_uploads(workspace)
    return names + [n for n in photos.dataset_folders(uploads) if n not in names] if uploads else names


def is_known(name: str, workspace: str | None = None) -> bool:
    """Whether `name` (from an address, say) is a dataset this workspace can load."""
    return isinstance(name, str) and bool(photos.NAME.fullmatch(name)) and name in available(workspace)


def find_photo_source(name: str, workspace: str | None = None, download: bool = True) -> tuple[str, Path]:
    """(source kind, folder) of a photo dataset: $CNNVIZ_DATA_DIR/<name>/; for cats vs dogs then the Keras
    cache, a download when online, the bundled sample; for any other name then this workspace's upload."""
    if not isinstance(name, str) or not photos.NAME.fullmatch(name) or name in DATASETS:
        raise DatasetError("unknown_dataset", f"unknown dataset {str(name)[:60]!r}", file=str(name)[:60],
                           choices=", ".join(BUILT_IN))
    env_dir = os.environ.get("CNNVIZ_DATA_DIR")
    if env_dir and photos.looks_like_dataset(Path(env_dir) / name):
        return "env", Path(env_dir) / name
    if name == "cats_vs_dogs":
        for folder in KERAS_PHOTO_DIRS:
            if photos.looks_like_dataset(_keras_home() / "datasets" / folder):
                return "keras", _keras_home() / "datasets" / folder
        if download and _online():
            return "keras", _keras_home() / "datasets" / KERAS_PHOTO_DIRS[0]
        return "sample", SAMPLE_DIR / name
    uploads = _own_uploads(workspace)
    if uploads and photos.looks_like_dataset(uploads / name):
        return "upload", uploads / name
    raise DatasetError("unknown_dataset", f"unknown dataset {name!r}", file=name, choices=", ".join(available(workspace)))


def _download_cats_vs_dogs() -> Path:
    """Fetch cats_and_dogs_filtered the way the TensorFlow tutorials do, into the Keras cache."""
    import keras

    try:
        extracted = keras.utils.get_file("cats_and_dogs_filtered.zip", origin=CATS_VS_DOGS_URL, extract=True,
                                         cache_dir=str(_keras_home()))
    except Exception as exc:  # noqa: BLE001 - network errors come in many types
        raise DatasetError("download_failed", f"downloading {CATS_VS_DOGS_URL} failed: {exc}",
                           file=f"keras.utils.get_file({CATS_VS_DOGS_URL!r})", error=str(exc)[:200]) from None
    return Path(extracted) / "cats_and_dogs_filtered"


def _photo_class_names(name: str, classes: tuple[str, ...]) -> dict[str, list[str]]:
    """The built-in table when the folders are the classes it names (cats/ and dogs/, or Cat/ and Dog/
    as in Microsoft's PetImages); otherwise the folder names, in every language."""
    table = CLASS_NAMES.get(name)
    if table and [c.lower().removesuffix("s") for c in classes] == table["en"]:
        return table
    return {"en": list(classes), "ko": list(classes)}


def _load_photos(name: str, fit: PhotoFit, workspace: str | None, download: bool) -> Dataset:
    source, location = find_photo_source(name, workspace, download)
    if source == "keras" and not location.is_dir():
        location = _download_cats_vs_dogs()
    photo_set = photos.load_folder(location, fit)
    return Dataset(name, photo_set.x_train, photo_set.y_train, photo_set.x_test, photo_set.y_test, source,
                   str(location), names=_photo_class_names(name, photo_set.classes), fit=fit,
                   skipped=photo_set.skipped, test_from=photo_set.test_from, split_seed=photo_set.split_seed,
                   test_fraction=photo_set.test_fraction, train_files=photo_set.train_files,
                   test_files=photo_set.test_files)


def import_upload(data: bytes, name: str, workspace: str, fit: PhotoFit | None = None) -> photos.ImportReport:
    """An uploaded zip as a dataset of this workspace only (see photos.import_zip); a name already used by a
    built-in or teacher dataset or another upload gets a number."""
    return photos.import_zip(data, uploads_dir(workspace), name, taken=BUILT_IN + tuple(_teacher_datasets()),
                             fit=fit)


def delete_upload(name: str, workspace: str) -> bool:
    return photos.delete_upload(uploads_dir(workspace), name)


def label_counts(labels: np.ndarray, classes: int = 10) -> np.ndarray:
    """How many examples of each class."""
    return np.bincount(labels, minlength=classes)


def channel_stats(images: np.ndarray) -> dict[str, dict[str, float]]:
    """`pixel_stats` of each colour channel ("R", "G", "B") of (n, h, w, 3) images."""
    return {name: pixel_stats(images[..., i]) for i, name in enumerate("RGB")}


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


def unit_pixels(images: np.ndarray) -> np.ndarray:
    """Pixels as float32 in 0..1, as the network sees them: uint8 ÷255 (the textbook's `/ 255.0`), floats kept."""
    images = np.asarray(images)
    return images.astype(np.float32) / 255.0 if images.dtype == np.uint8 else images.astype(np.float32, copy=False)


def as_model_input(images: np.ndarray, input_shape: tuple[int, ...]) -> np.ndarray:
    """One image or a batch as a network takes them: `unit_pixels` shaped (n, *input_shape), e.g.
    (n, 28, 28, 1) for a CNN or (n, 784) for an imported flat model."""
    return unit_pixels(images).reshape((-1, *input_shape))


def random_index(labels: np.ndarray, wanted: int | None, rng: np.random.Generator) -> int | None:
    """A random index of an image of class `wanted` (of any class if None); None if there is no such image."""
    pool = np.flatnonzero(labels == wanted) if wanted is not None else np.arange(len(labels))
    return int(rng.choice(pool)) if len(pool) else None


def pixel_summary(ds: Dataset) -> tuple[dict[str, dict[str, float]], tuple[np.ndarray, np.ndarray]]:
    """Pixel statistics of each split (and, for colour, of each channel of the training set: "train R", …)
    and the training set's brightness histogram (counts, edges)."""
    stats = {split: pixel_stats(x) for split, x in (("train", ds.x_train), ("test", ds.x_test))}
    if ds.input_shape[-1] == 3:
        stats |= {f"train {name}": values for name, values in channel_stats(ds.x_train).items()}
    return stats, intensity_histogram(ds.x_train)


def steps_per_epoch(n: int, batch: int) -> tuple[int, int]:
    """(steps, size of the last batch) when n images go through in batches of `batch`."""
    steps = -(-n // batch)
    return steps, n - (steps - 1) * batch


def shapes_walkthrough(ds: Dataset, batch: int) -> list[tuple[str, str, str | None]]:
    """The array shapes a notebook prints on the way from the dataset to a batch and one-hot labels.

    (code, what running it prints, which axis it explains or None), in the order a notebook runs them.
    Grayscale images get their channel axis with a reshape; colour photos already have three channels.
    """
    n, classes = len(ds.x_train), ds.n_classes
    h, w, c = ds.input_shape
    first = ds.y_train[:3]
    rows = [str(row.astype(int).tolist()) for row in one_hot(first, classes)]
    images = [("x_train.shape", str(ds.x_train.shape), "images" if c == 1 else "colour")]
    if c == 1:
        images += [(f"x_train = x_train.reshape(-1, {h}, {w}, 1)", "", None),
                   ("x_train.shape", str((n, h, w, 1)), "channel")]
    return images + [
        (f"(x_train[:{batch}] / 255.0).shape", str((batch, h, w, c)), "batch"),
        ("y_train.shape", str(ds.y_train.shape), "labels"),
        ("y_train[:3]", str(first.tolist()), None),
        (f"to_categorical(y_train, {classes}).shape", str((n, classes)), "onehot"),
        (f"to_categorical(y_train[:3], {classes})", rows[0], None),  # without it: only max(label) + 1 columns
        *[("", row, None) for row in rows[1:]],
    ]


def notebook_cell(head: list[str], lines: list[tuple[str, str]]) -> str:
    """Code lines with what they print as aligned comments, as one cell to copy into a notebook."""
    width = max(len(code) for code, _ in lines) + 2
    return "\n".join(head + [f"{code:<{width}}# {comment}" if comment else code for code, comment in lines])


def one_hot(labels: np.ndarray, classes: int = 10) -> np.ndarray:
    """Labels (n,) as one-hot rows (n, classes), as keras.utils.to_categorical gives them."""
    return np.eye(classes, dtype=np.float32)[labels]
