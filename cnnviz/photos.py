"""Photo datasets: a folder with one subfolder of images per class, as `image_dataset_from_directory` reads it.

A folder holds either the class folders themselves, or `train/` and `test/` (or `validation/`) folders that
each hold the same class folders. Every file is untrusted: it is opened by `preprocess.open_image` (size and
pixel limits, decompression bombs, EXIF orientation), JPEGs are decoded at a reduced scale when the photo is
far larger than the input (Pillow's draft mode: most of the speed), and each photo is fitted to a square the
way Keras's loader does it: bilinear with half-pixel centres and no antialiasing (`tf.image.resize`), the
centre square for "crop" (`smart_resize`, `crop_to_aspect_ratio=True`), resize-then-pad for "pad"
(`tf.image.resize_with_pad`, `pad_to_aspect_ratio=True`), so a model trained here sees the pixels a notebook's
would. Fitted arrays are cached on disk and in memory per (folder, its file list, fit); zip uploads are
checked against every known trick before a byte is written. No Streamlit here: errors carry a `code`.
"""
from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import re
import secrets
import shutil
import stat
import struct
import threading
import warnings
import zipfile
import zlib
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from io import BytesIO
from pathlib import Path
from typing import NamedTuple, Sequence

import numpy as np
from PIL import Image

from cnnviz import preprocess

PHOTO_SIZES = (32, 64, 96, 128, 150)
RESIZE_MODES = ("stretch", "pad", "crop")
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".bmp", ".gif", ".webp")  # Keras's list, plus WebP
TEST_FOLDERS = ("test", "validation")  # a folder's own test split, in this order of preference
TEST_FRACTION = 0.2  # without a test folder, this share of every class is split off as the test set
SPLIT_SEED = 123  # the seed the TensorFlow image-loading tutorial passes with validation_split=0.2
MIN_PER_CLASS = 5  # fewer training images than this in a class cannot teach anything
MAX_CLASSES = 100
REDUCING_GAP = 2  # decode a JPEG at no less than twice the input size (Pillow's thumbnail rule)
NAME = re.compile(r"[A-Za-z0-9_-]{1,40}")  # a dataset name: a safe folder name and address value
WORKSPACE = re.compile(r"[A-Za-z0-9_-]{1,64}")  # a workspace id, a folder name too
CACHE_VERSION = 1  # part of every cache file name: bump when fitting or splitting changes
CACHE_LIMIT_BYTES = 2 * 2**30  # least recently used cache files go beyond this
RECENT_LIMIT = 4  # fitted sets kept in memory
ARCHIVE_SUFFIXES = (".zip", ".tar", ".gz", ".tgz", ".bz2", ".tbz2", ".xz", ".txz", ".7z", ".rar", ".zst",
                    ".lz", ".lzma", ".z", ".cab", ".jar", ".apk", ".whl", ".iso", ".dmg")
_ARCHIVE_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08", b"\x1f\x8b", b"BZh", b"\xfd7zXZ\x00",
                  b"7z\xbc\xaf\x27\x1c", b"Rar!\x1a\x07", b"\x28\xb5\x2f\xfd", b"MSCF", b"LZIP")


class PhotoError(ValueError):
    """A photo folder, file or upload that cannot be used; `code` keys the page's message, `values` fill it."""

    def __init__(self, code: str, message: str, **values):
        super().__init__(message)
        self.code = code
        self.values = values


@dataclass(frozen=True)
class PhotoFit:
    """How every photo becomes the network's square input; JSON-able with `asdict`, checked when made."""
    size: int = 64  # side of the square, one of PHOTO_SIZES
    mode: str = "stretch"  # "stretch" (the notebooks' squash), "pad" (black bars) or "crop" (the centre square)
    color: bool = True  # RGB; False: grayscale, as Keras's color_mode="grayscale"

    def __post_init__(self):
        if type(self.size) is not int or self.size not in PHOTO_SIZES:
            raise PhotoError("bad_fit", f"size must be one of {PHOTO_SIZES}, not {self.size!r}",
                             field="size", value=repr(self.size)[:20])
        if self.mode not in RESIZE_MODES:
            raise PhotoError("bad_fit", f"mode must be one of {RESIZE_MODES}, not {self.mode!r}",
                             field="mode", value=repr(self.mode)[:20])
        if type(self.color) is not bool:
            raise PhotoError("bad_fit", f"color must be True or False, not {self.color!r}",
                             field="color", value=repr(self.color)[:20])

    @property
    def shape(self) -> tuple[int, ...]:
        """The shape of one fitted photo: (size, size, 3) in colour, (size, size) in grayscale."""
        return (self.size, self.size, 3) if self.color else (self.size, self.size)


class PhotoFile(NamedTuple):
    path: str  # relative to the dataset folder, with "/"
    label: int
    split: str  # "train", or "test" for a file in the folder's own test folder


@dataclass(frozen=True)
class PhotoIndex:
    """What a dataset folder holds, read from names and file stats only (no image is opened)."""
    root: Path
    classes: tuple[str, ...]  # class folder names, sorted: label i is classes[i]
    files: tuple[PhotoFile, ...]  # every file named like an image, training files first
    test_folder: str | None  # "test" or "validation" when the folder brings its own test split
    skipped: tuple[tuple[str, str], ...]  # (relative path, "not_image") for other files in class folders
    fingerprint: str  # changes when any file is added, removed, resized or touched


@dataclass(frozen=True)
class PhotoSet:
    """A photo folder fitted and split: uint8 arrays, (n, s, s, 3) in colour or (n, s, s) in grayscale."""
    classes: tuple[str, ...]
    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    train_files: tuple[str, ...]  # relative path of each training image, in the arrays' order
    test_files: tuple[str, ...]
    skipped: tuple[tuple[str, str], ...]  # (relative path, reason code) of every file left out
    test_from: str  # "given": the folder's own test folder; "split": split off with the seed
    split_seed: int | None  # the seed of the split (None when the test set is given)
    test_fraction: float | None
    came_from: str = "decoded"  # "decoded", "disk" or "memory": what the cache did, for tests and benchmarks


@dataclass(frozen=True)
class ZipLimits:
    """What an uploaded zip may hold; beyond these it is refused before (or while) anything is written."""
    max_zip_bytes: int = 100 * 2**20
    max_entries: int = 20_000
    max_unzipped_bytes: int = 500 * 2**20  # checked on the declared sizes and again on the bytes written


@dataclass(frozen=True)
class ImportReport:
    name: str  # the dataset's name: the one asked for, or with "-2", "-3", ... when that was taken
    classes: tuple[str, ...]
    counts: dict[str, tuple[int, ...]]  # images per class in "train" and "test" (given, or split off)
    skipped: tuple[tuple[str, str], ...]  # (path in the zip, reason code) of every file left out
    test_from: str


def cnnviz_home() -> Path:
    return Path(os.environ.get("CNNVIZ_HOME") or Path.home() / ".cnnviz")


def cache_dir() -> Path:
    return cnnviz_home() / "cache" / "photos"


# --- reading one photo -------------------------------------------------------------------------

def open_photo(path: Path, fit: PhotoFit | None = None) -> Image.Image:
    """The file as an upright Pillow image; with `fit`, a JPEG is decoded only as large (and in the colour
    mode) as that fit needs. Every reason it cannot be used is a PhotoError with the reason as code."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > preprocess.MAX_UPLOAD_BYTES:
            raise PhotoError("too_big", f"{path.name}: {size / 2**20:.1f} MB, the limit is "
                             f"{preprocess.MAX_UPLOAD_BYTES // 2**20} MB", file=path.name,
                             size_mb=f"{size / 2**20:.1f}", limit_mb=preprocess.MAX_UPLOAD_BYTES // 2**20)
        data = path.read_bytes()
    except OSError as exc:
        raise PhotoError("unreadable", f"{path.name}: {exc.strerror or exc}", file=path.name) from None
    draft = None if fit is None else ("RGB" if fit.color else "L", (REDUCING_GAP * fit.size,) * 2)
    try:
        image, _ = preprocess.open_image(data, draft=draft)
    except preprocess.PreprocessError as exc:
        raise PhotoError(exc.code, f"{path.name}: {exc}", file=path.name, **exc.details) from None
    return image


def eight_bit(image: Image.Image, color: bool) -> np.ndarray:
    """Any Pillow mode as uint8 (h, w, 3) RGB or (h, w) gray: 16-bit scaled down, CMYK and palettes converted,
    alpha dropped (as Keras's decoder drops it)."""
    if image.mode.startswith("I"):  # 16-bit PNGs open as I;16 (or I)
        values = np.asarray(image, dtype=np.float32)
        gray = np.rint(values / 257.0 if image.mode.startswith("I;16") or values.max() > 255 else values)
        gray = np.clip(gray, 0, 255).astype(np.uint8)
        return np.repeat(gray[..., None], 3, axis=2) if color else gray
    mode = "RGB" if color else "L"
    return np.asarray(image if image.mode == mode else image.convert(mode))


@functools.lru_cache(maxsize=1024)
def _bilinear_taps(n_in: int, n_out: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Source indices below and above each output pixel and the weight of the one above, as TensorFlow's
    bilinear resize computes them in float32: half-pixel centres, edges clamped, no antialiasing."""
    scale = np.float32(n_in) / np.float32(n_out)
    centre = (np.arange(n_out, dtype=np.float32) + np.float32(0.5)) * scale - np.float32(0.5)
    below = np.floor(centre)
    taps = (np.clip(below, 0, n_in - 1).astype(np.intp), np.clip(below + 1, 0, n_in - 1).astype(np.intp),
            (centre - below).astype(np.float32))
    for array in taps:
        array.setflags(write=False)  # shared by every call with these sizes
    return taps


def bilinear(pixels: np.ndarray, height: int, width: int) -> np.ndarray:
    """`tf.image.resize(pixels, (height, width), "bilinear")` in numpy, float32: the same taps and weights,
    blending the two source rows first and then along them (TensorFlow blends along the rows first: a
    float rounding apart, and three times faster here)."""
    top, bottom, dy = _bilinear_taps(pixels.shape[0], height)
    left, right, dx = _bilinear_taps(pixels.shape[1], width)
    upper = pixels[top].astype(np.float32)
    rows = upper + (pixels[bottom].astype(np.float32) - upper) * dy.reshape((-1,) + (1,) * (pixels.ndim - 1))
    on_left = np.take(rows, left, axis=1)
    return on_left + (np.take(rows, right, axis=1) - on_left) * dx.reshape((1, -1) + (1,) * (pixels.ndim - 2))


def fit_photo(image: Image.Image, fit: PhotoFit) -> np.ndarray:
    """A photo as the network's square input, uint8 of shape `fit.shape`.

    stretch: resize ignoring the aspect ratio (`tf.image.resize`, the notebooks' 150×150 squash).
    crop: the centred square of side min(width, height), then resize (`smart_resize`).
    pad: resize so the long side fits, then pad the short side with black, the odd pixel going below or
    right (`tf.image.resize_with_pad`, float32 arithmetic as there).
    """
    pixels = eight_bit(image, fit.color)
    height, width = pixels.shape[:2]
    side = fit.size
    if fit.mode == "stretch":
        out = bilinear(pixels, side, side)
    elif fit.mode == "crop":
        square = min(height, width)
        top, left = (height - square) // 2, (width - square) // 2
        out = bilinear(pixels[top:top + square, left:left + square], side, side)
    else:
        f32 = np.float32
        ratio = max(f32(width) / f32(side), f32(height) / f32(side))
        new_h, new_w = f32(height) / ratio, f32(width) / ratio
        inner_h, inner_w = max(1, int(np.floor(new_h))), max(1, int(np.floor(new_w)))
        top = max(0, int(np.floor((f32(side) - new_h) / f32(2))))
        left = max(0, int(np.floor((f32(side) - new_w) / f32(2))))
        out = np.zeros(fit.shape, np.float32)
        out[top:top + inner_h, left:left + inner_w] = bilinear(pixels, inner_h, inner_w)
    return np.rint(out).astype(np.uint8)


def read_photo(path: Path, fit: PhotoFit) -> np.ndarray:
    """One file, opened safely and fitted."""
    return fit_photo(open_photo(path, fit), fit)


def fit_all_modes(image: Image.Image, size: int, color: bool) -> dict[str, np.ndarray]:
    """The same photo stretched, padded and cropped, for showing the three side by side."""
    return {mode: fit_photo(image, PhotoFit(size, mode, color)) for mode in RESIZE_MODES}


def upload_all_modes(data: bytes, size: int, color: bool, shown: int = 512
                     ) -> tuple[np.ndarray, dict[str, np.ndarray], list[str]]:
    """An uploaded photo (untrusted bytes) as it is, in RGB at most `shown` pixels long, and fitted all three
    ways, with `preprocess.open_image`'s notes (EXIF turn, first frame, ...); a PreprocessError if unusable."""
    image, notes = preprocess.open_image(data)
    original = image.convert("RGB")
    original.thumbnail((shown, shown))
    return np.asarray(original), fit_all_modes(image, size, color), notes


def original_sizes(root: Path, files: Sequence[str]) -> np.ndarray:
    """(width, height) of each photo standing upright (EXIF orientation applied), from the file headers only:
    nothing is decoded. (0, 0) for a file that cannot be opened."""
    sizes = np.zeros((len(files), 2), np.int64)
    for i, rel in enumerate(files):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                with Image.open(Path(root) / rel) as image:
                    width, height = image.size
                    if image.getexif().get(0x0112, 1) in (5, 6, 7, 8):  # orientations that turn it a quarter
                        width, height = height, width
        except (OSError, SyntaxError, ValueError, Image.DecompressionBombWarning, Image.DecompressionBombError):
            continue
        sizes[i] = width, height
    return sizes


def size_summary(sizes: np.ndarray) -> dict:
    """How far the photos are from the square input: median width and height, the share that is (nearly)
    square, and the share a stretch squashes by more than 20 % (aspect ratio below 0.8 or above 1.25)."""
    known = sizes[(sizes > 0).all(axis=1)]
    aspect = known[:, 0] / known[:, 1] if len(known) else np.ones(0)
    share = (lambda mask: float(mask.mean()) if len(aspect) else 0.0)
    return {"count": len(known), "median_width": int(np.median(known[:, 0])) if len(known) else 0,
            "median_height": int(np.median(known[:, 1])) if len(known) else 0,
            "square_share": share(np.abs(np.log(aspect)) < np.log(1.05)),
            "stretched_share": share(np.abs(np.log(aspect)) > np.log(1.25))}


# --- a folder: layout, index, fitting, split ---------------------------------------------------

def _visible_dirs(folder: Path) -> list[Path]:
    return sorted((e for e in Path(folder).iterdir() if e.is_dir() and not e.name.startswith(".")),
                  key=lambda p: p.name)


def _layout(root: Path) -> tuple[tuple[str, ...], list[tuple[str, Path]], str | None]:
    """(class names, [(split, folder holding the class folders)], test folder name) from folder names alone."""
    try:
        top = _visible_dirs(root)
    except OSError as exc:
        raise PhotoError("unreadable", f"{root}: {exc.strerror or exc}", file=str(root)) from None
    split_dirs = {d.name.lower(): d for d in top if d.name.lower() in ("train", *TEST_FOLDERS)}
    if split_dirs:
        test_name = next((name for name in TEST_FOLDERS if name in split_dirs), None)
        if "train" not in split_dirs or test_name is None or len(split_dirs) != len(top):
            folders = ", ".join(d.name for d in top)
            raise PhotoError("layout", f"{root}: the folders are {folders}; expected either one folder per "
                             "class, or train/ and test/ (or validation/) each holding the class folders",
                             folders=folders)
        train = tuple(d.name for d in _visible_dirs(split_dirs["train"]))
        test = tuple(d.name for d in _visible_dirs(split_dirs[test_name]))
        if train != test:
            raise PhotoError("mismatched_classes", f"{root}: train/ holds the classes {', '.join(train)} but "
                             f"{test_name}/ holds {', '.join(test)}", train=", ".join(train), test=", ".join(test),
                             test_folder=test_name)
        classes, parts = train, [("train", split_dirs["train"]), ("test", split_dirs[test_name])]
    else:
        classes, parts, test_name = tuple(d.name for d in top), [("train", Path(root))], None
    if len(classes) < 2:
        raise PhotoError("too_few_classes", f"{root}: {len(classes)} class folder(s); at least 2 are needed",
                         count=len(classes))
    if len(classes) > MAX_CLASSES:
        raise PhotoError("too_many_classes", f"{root}: {len(classes)} class folders; at most {MAX_CLASSES}",
                         count=len(classes), limit=MAX_CLASSES)
    return classes, parts, test_name


def scan_classes(root: Path) -> tuple[str, ...]:
    """The class names of a dataset folder, from its folder names alone."""
    return _layout(Path(root))[0]


def _walk(folder: Path | str, prefix: str):
    """(prefix + path below `folder`, DirEntry) of every visible file, sorted by name, subfolders included
    and links to folders not followed (as Keras walks a class folder). Strings, not Paths: a scan runs on
    every load, and pathlib was most of its time."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(entry.path, f"{prefix}{entry.name}/")
        else:
            yield f"{prefix}{entry.name}", entry


def _is_image_name(name: str) -> bool:
    return name.lower().endswith(IMAGE_SUFFIXES)


def looks_like_dataset(folder: Path) -> bool:
    """Whether `folder` is laid out as a photo dataset (class folders, or train/ + test|validation/) with an
    image in every class: cheap enough to ask on every page run; `scan_folder` checks the rest."""
    try:
        _, parts, _ = _layout(folder)
        classes = [d for _, part in parts for d in _visible_dirs(part)]
        return all(any(_is_image_name(entry.name) for _, entry in _walk(d, "")) for d in classes)
    except (PhotoError, OSError):
        return False


def _check_counts(root: Path, classes: Sequence[str], labels: np.ndarray, in_test: np.ndarray,
                  test_given: bool) -> None:
    """Refuse a class with too few images: MIN_PER_CLASS for training (all of them when the test set is
    split off), at least one in a given test folder."""
    checks = [("train", MIN_PER_CLASS, ~in_test), ("test", 1, in_test)] if test_given else \
        [("train", MIN_PER_CLASS, np.ones_like(in_test))]
    for split, minimum, mask in checks:
        for name, count in zip(classes, np.bincount(labels[mask], minlength=len(classes))):
            if count < minimum:
                raise PhotoError("class_too_small", f"{root}: class {name!r} has {count} usable image(s) in "
                                 f"{split}; at least {minimum} are needed", name=name, count=int(count),
                                 minimum=minimum, split=split)


def scan_folder(root: Path) -> PhotoIndex:
    """Index a dataset folder: its classes, every image file per split, the other files, a fingerprint."""
    root = Path(root)
    classes, parts, test_folder = _layout(root)
    files, skipped, stamps = [], [], []
    for split, part in parts:
        part_prefix = "" if part == root else f"{part.name}/"
        for label, name in enumerate(classes):
            for rel, entry in _walk(part / name, f"{part_prefix}{name}/"):
                try:
                    info = entry.stat()
                except OSError:
                    skipped.append((rel, "unreadable"))
                    continue
                stamps.append(f"{rel}\t{info.st_size}\t{info.st_mtime_ns}")
                if _is_image_name(entry.name):
                    files.append(PhotoFile(rel, label, split))
                else:
                    skipped.append((rel, "not_image"))
    labels = np.array([f.label for f in files], dtype=np.int64)
    in_test = np.array([f.split == "test" for f in files], dtype=bool)
    _check_counts(root, classes, labels, in_test, test_folder is not None)
    fingerprint = hashlib.sha256("\n".join([str(test_folder), *stamps]).encode()).hexdigest()
    return PhotoIndex(root, classes, tuple(files), test_folder, tuple(skipped), fingerprint)


def split_test(labels: np.ndarray, fraction: float = TEST_FRACTION, seed: int = SPLIT_SEED
               ) -> tuple[np.ndarray, np.ndarray]:
    """(train indices, test indices): `fraction` of every class (at least one image) goes to the test set,
    chosen with `seed`; both lists come shuffled, so a validation share taken from the end holds every class."""
    rng = np.random.default_rng(seed)
    train, test = [], []
    for label in np.unique(labels):
        members = rng.permutation(np.flatnonzero(labels == label))
        n_test = max(1, int(round(len(members) * fraction)))
        test.append(members[:n_test])
        train.append(members[n_test:])
    return rng.permutation(np.concatenate(train)), rng.permutation(np.concatenate(test))


def _decode_all(index: PhotoIndex, fit: PhotoFit) -> tuple[np.ndarray, list[str | None]]:
    """Every indexed file fitted, on a thread pool (Pillow decodes without the GIL); a reason code in place
    of each file that could not be used."""
    images = np.zeros((len(index.files), *fit.shape), np.uint8)

    def decode(i: int) -> str | None:
        try:
            images[i] = read_photo(index.root / index.files[i].path, fit)
        except PhotoError as exc:
            return exc.code
        return None

    workers = max(1, min(8, len(os.sched_getaffinity(0))))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        reasons = list(pool.map(decode, range(len(index.files))))
    return images, reasons


def build_set(index: PhotoIndex, fit: PhotoFit) -> PhotoSet:
    """Decode, fit and split a folder (no cache): files that cannot be used are skipped with their reason,
    and the class minimums are checked again on what is left."""
    images, reasons = _decode_all(index, fit)
    good = np.array([r is None for r in reasons], dtype=bool)
    skipped = index.skipped + tuple((f.path, r) for f, r in zip(index.files, reasons) if r is not None)
    kept = [f for f, ok in zip(index.files, good) if ok]
    images = images[good] if not good.all() else images
    labels = np.array([f.label for f in kept], dtype=np.uint8)
    in_test = np.array([f.split == "test" for f in kept], dtype=bool)
    _check_counts(index.root, index.classes, labels, in_test, index.test_folder is not None)
    rng = np.random.default_rng(SPLIT_SEED)
    if index.test_folder is not None:
        train, test = rng.permutation(np.flatnonzero(~in_test)), rng.permutation(np.flatnonzero(in_test))
        seed, fraction = None, None
    else:
        train, test = split_test(labels)
        seed, fraction = SPLIT_SEED, TEST_FRACTION
    arrays = [images[train], labels[train], images[test], labels[test]]
    for array in arrays:
        array.setflags(write=False)
    return PhotoSet(index.classes, *arrays, tuple(kept[i].path for i in train), tuple(kept[i].path for i in test),
                    skipped, "given" if index.test_folder else "split", seed, fraction)


# --- the cache: disk (atomic files, least recently used pruned) and memory -----------------------

_recent: OrderedDict[str, PhotoSet] = OrderedDict()
_recent_lock = threading.Lock()


def forget_recent() -> None:
    """Drop the in-memory copies (the disk cache stays), so a benchmark or test can time a cold start."""
    with _recent_lock:
        _recent.clear()


def _folder_key(root: Path) -> str:
    return hashlib.sha256(str(Path(root).resolve()).encode()).hexdigest()[:16]


def _cache_path(index: PhotoIndex, fit: PhotoFit) -> Path:
    content = hashlib.sha256(f"{index.fingerprint}|{SPLIT_SEED}|{TEST_FRACTION}".encode()).hexdigest()[:16]
    colour = "rgb" if fit.color else "gray"
    return cache_dir() / f"v{CACHE_VERSION}-{_folder_key(index.root)}-{content}-{fit.size}-{fit.mode}-{colour}.npz"


def _read_cache(path: Path, index: PhotoIndex, fit: PhotoFit) -> PhotoSet | None:
    """The cached set, or None when there is none or it is damaged or does not fit the index (then rebuilt)."""
    try:
        with np.load(path, allow_pickle=False) as stored:
            arrays = {key: stored[key] for key in stored.files}
        classes = tuple(arrays["classes"].tolist())
        sets = [(arrays[f"x_{s}"], arrays[f"y_{s}"], arrays[f"{s}_files"]) for s in ("train", "test")]
        skipped = arrays["skipped"].reshape(-1, 2)
        valid = classes == index.classes and all(
            x.dtype == np.uint8 and x.shape[1:] == fit.shape and y.shape == (len(x),) and files.shape == (len(x),)
            and (y.size == 0 or int(y.max()) < len(classes)) for x, y, files in sets)
        if not valid:
            return None
        os.utime(path)  # recently used: pruned last
    except Exception:  # noqa: BLE001 - any failure of a cache file means: build it again
        return None
    given = index.test_folder is not None
    for key in ("x_train", "y_train", "x_test", "y_test"):
        arrays[key] = arrays[key].astype(np.uint8, copy=False)
        arrays[key].setflags(write=False)
    return PhotoSet(classes, arrays["x_train"], arrays["y_train"], arrays["x_test"], arrays["y_test"],
                    tuple(arrays["train_files"].tolist()), tuple(arrays["test_files"].tolist()),
                    tuple((str(p), str(r)) for p, r in skipped), "given" if given else "split",
                    None if given else SPLIT_SEED, None if given else TEST_FRACTION, came_from="disk")


def _write_cache(path: Path, photo_set: PhotoSet) -> None:
    """Write atomically: a reader sees the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    skipped = np.array(photo_set.skipped, dtype=str).reshape(-1, 2)
    try:
        with open(temporary, "wb") as f:
            np.savez(f, classes=np.array(photo_set.classes, dtype=str), x_train=photo_set.x_train,
                     y_train=photo_set.y_train, x_test=photo_set.x_test, y_test=photo_set.y_test,
                     train_files=np.array(photo_set.train_files, dtype=str),
                     test_files=np.array(photo_set.test_files, dtype=str), skipped=skipped)
        os.replace(temporary, path)
    except OSError:  # a full or read-only disk: the set is still returned, only not cached
        temporary.unlink(missing_ok=True)
        return
    _prune_cache(path)


def _prune_cache(keep: Path) -> None:
    """Drop the caches of older file lists of the same folder, then the least recently used cache files
    beyond CACHE_LIMIT_BYTES (another process may be removing some at the same time)."""
    folder, content = keep.name.split("-")[1:3]
    entries = []
    for path in keep.parent.glob("*.npz"):
        parts = path.name.split("-")
        try:
            if path != keep and parts[1:2] == [folder] and parts[2:3] != [content]:
                path.unlink()
                continue
            info = path.stat()
        except OSError:
            continue
        entries.append((info.st_mtime, info.st_size, path))
    total = sum(size for _, size, _ in entries)
    for _, size, path in sorted(entries):
        if total <= CACHE_LIMIT_BYTES:
            break
        if path != keep:
            path.unlink(missing_ok=True)
            total -= size


def load_folder(root: Path, fit: PhotoFit) -> PhotoSet:
    """A dataset folder fitted and split, from memory, the disk cache or decoding (then cached)."""
    index = scan_folder(root)
    path = _cache_path(index, fit)
    with _recent_lock:
        if str(path) in _recent:
            _recent.move_to_end(str(path))
            return replace(_recent[str(path)], came_from="memory")
    photo_set = _read_cache(path, index, fit)
    if photo_set is None:
        photo_set = build_set(index, fit)
        _write_cache(path, photo_set)
    with _recent_lock:
        _recent[str(path)] = photo_set
        while len(_recent) > RECENT_LIMIT:
            _recent.popitem(last=False)
    return photo_set


def dataset_folders(root: Path) -> list[str]:
    """Names of the folders in `root` that are photo datasets (valid names only), sorted."""
    try:
        return [d.name for d in _visible_dirs(root) if NAME.fullmatch(d.name) and looks_like_dataset(d)]
    except OSError:
        return []


# --- zip uploads ---------------------------------------------------------------------------------

def safe_name(text: str) -> str:
    """A dataset name made from what a person typed or a zip's file name: other characters become "_"."""
    name = re.sub(r"[^A-Za-z0-9_-]+", "_", str(text)).strip("_")[:40]
    return name or "photos"


def check_name(name: str) -> str:
    """`name` if it is a safe dataset name (letters, digits, _ and -, at most 40), else a PhotoError."""
    if not isinstance(name, str) or not NAME.fullmatch(name):
        raise PhotoError("bad_name", f"{str(name)[:60]!r} is not a dataset name: use letters, digits, _ and -, "
                         "at most 40", name=str(name)[:60])
    return name


def _entry_parts(info: zipfile.ZipInfo) -> list[str]:
    """The path of a zip entry as folder names, refusing any that could leave the extraction folder."""
    name = info.filename.replace("\\", "/")
    parts = [p for p in name.split("/") if p not in ("", ".")]
    if name.startswith("/") or re.match(r"[A-Za-z]:", name) or ".." in parts or "\0" in name:
        raise PhotoError("unsafe_path", f"the zip holds {name[:100]!r}, a path that leaves its folder",
                         path=name[:100])
    if stat.S_ISLNK(info.external_attr >> 16):
        raise PhotoError("link", f"the zip holds {name[:100]!r}, a link", path=name[:100])
    if info.flag_bits & 0x1:
        raise PhotoError("encrypted", f"{name[:100]!r} is encrypted", path=name[:100])
    return parts


def _zip_members(archive: zipfile.ZipFile, limits: ZipLimits) -> list[tuple[zipfile.ZipInfo, list[str]]]:
    """The files to extract with their paths, after every check that needs only the central directory."""
    infos = archive.infolist()
    if len(infos) > limits.max_entries:
        raise PhotoError("too_many_files", f"the zip holds {len(infos):,} entries; the limit is "
                         f"{limits.max_entries:,}", count=len(infos), limit=limits.max_entries)
    members, declared = [], 0
    for info in infos:
        parts = _entry_parts(info)
        if info.is_dir() or not parts or parts[0] == "__MACOSX" or any(p.startswith(".") for p in parts):
            continue  # folders are made as needed; macOS metadata and hidden files are not the learner's
        if parts[-1].lower().endswith(ARCHIVE_SUFFIXES):
            raise PhotoError("nested_archive", f"the zip holds another archive, {'/'.join(parts)[:100]!r}",
                             path="/".join(parts)[:100])
        declared += info.file_size
        if declared > limits.max_unzipped_bytes:
            raise _too_large_unzipped(limits)
        members.append((info, parts))
    # a zip of one folder around the dataset: look through it (but not through a single class folder)
    while (len({parts[0] for _, parts in members}) == 1 and all(len(parts) > 1 for _, parts in members)
           and any(len(parts) > 2 for _, parts in members)):
        members = [(info, parts[1:]) for info, parts in members]
    return members


def _too_large_unzipped(limits: ZipLimits) -> PhotoError:
    limit_mb = f"{limits.max_unzipped_bytes / 2**20:.0f}"
    return PhotoError("unzipped_too_large", f"the zip unpacks to more than {limit_mb} MB", limit_mb=limit_mb)


def _extract(archive: zipfile.ZipFile, members, folder: Path, limits: ZipLimits) -> list[tuple[str, str]]:
    """Write the members under `folder`, counting bytes as they come; files outside any class folder and
    entries that do not decompress are left out and returned with their reasons."""
    skipped, written = [], 0
    for info, parts in members:
        rel = "/".join(parts)
        if len(parts) == 1:
            skipped.append((rel, "not_in_class"))
            continue
        target = folder.joinpath(*parts)
        if not target.resolve().is_relative_to(folder.resolve()):  # belt and braces after _entry_parts
            raise PhotoError("unsafe_path", f"the zip holds {rel!r}, a path that leaves its folder", path=rel)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            with archive.open(info) as source, open(target, "wb") as out:
                chunk = source.read(1 << 20)
                if chunk.startswith(_ARCHIVE_MAGIC) or chunk[257:262] == b"ustar":  # whatever its name says
                    raise PhotoError("nested_archive", f"the zip holds another archive, {rel!r}", path=rel)
                while chunk:
                    written += len(chunk)
                    if written > limits.max_unzipped_bytes:
                        raise _too_large_unzipped(limits)
                    out.write(chunk)
                    chunk = source.read(1 << 20)
        except PhotoError:
            raise
        except OSError:  # a name this file system cannot hold, a file where a folder should be
            with contextlib.suppress(OSError):
                target.unlink()
            skipped.append((rel, "unreadable"))
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, ValueError, struct.error):
            target.unlink(missing_ok=True)  # a bad CRC or offset, a size that lied, an unknown compression
            skipped.append((rel, "corrupt"))
    return skipped


def import_zip(data: bytes, dest_root: Path, name: str, taken: Sequence[str] = (),
               fit: PhotoFit | None = None, limits: ZipLimits = ZipLimits()) -> ImportReport:
    """Check an uploaded zip, extract it atomically as dest_root/<name>/ and report what it holds.

    The zip's top folders are the classes, or train/ and test/ (or validation/) each holding them; a single
    folder around either is looked through. Refused with a PhotoError: a zip too large or with too many
    entries, one that unpacks beyond the limit (declared sizes, then counted bytes), paths leaving the folder,
    links, encrypted entries, archives inside, a wrong layout, fewer than 2 classes, a class with fewer than
    MIN_PER_CLASS usable images. Files that are not images or are damaged stay out of the dataset and are
    listed. Every photo is decoded once here (at `fit`, default PhotoFit()), which fills the cache too.
    `taken` names that may not be used (built-in and teacher datasets): a taken name gets "-2", "-3", ....
    """
    check_name(name)
    if len(data) > limits.max_zip_bytes:
        raise PhotoError("zip_too_large", f"the zip is {len(data) / 2**20:.1f} MB; the limit is "
                         f"{limits.max_zip_bytes / 2**20:.0f} MB", size_mb=f"{len(data) / 2**20:.1f}",
                         limit_mb=f"{limits.max_zip_bytes / 2**20:.0f}")
    fit = fit or PhotoFit()
    dest_root = Path(dest_root)
    dest_root.mkdir(parents=True, exist_ok=True)
    staging = dest_root / f".importing-{secrets.token_hex(6)}"
    try:
        try:
            archive = zipfile.ZipFile(BytesIO(data))
        except Exception as exc:  # noqa: BLE001 - a damaged directory fails in many ways (versions, offsets)
            raise PhotoError("not_zip", f"not a readable zip file ({exc})") from None
        with archive:
            members = _zip_members(archive, limits)
            staging.mkdir()
            skipped = _extract(archive, members, staging, limits)
        index = scan_folder(staging)
        photo_set = build_set(index, fit)
        final = _move_into_place(staging, dest_root, name, taken)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _write_cache(_cache_path(replace(index, root=final), fit), photo_set)
    counts = {split: tuple(np.bincount(y, minlength=len(photo_set.classes)).tolist())
              for split, y in (("train", photo_set.y_train), ("test", photo_set.y_test))}
    return ImportReport(final.name, photo_set.classes, counts, tuple(skipped) + photo_set.skipped,
                        photo_set.test_from)


def _move_into_place(staging: Path, dest_root: Path, name: str, taken: Sequence[str]) -> Path:
    """Rename the finished folder to the first free name of name, name-2, name-3, ... (atomic: another
    session's listing sees the whole dataset or none of it)."""
    for number in range(1, 1000):
        suffix = "" if number == 1 else f"-{number}"
        candidate = name[:40 - len(suffix)] + suffix
        if candidate in taken or (dest_root / candidate).exists():
            continue
        try:
            staging.rename(dest_root / candidate)
        except OSError:  # taken meanwhile by another upload
            continue
        return dest_root / candidate
    raise PhotoError("name_taken", f"every variant of the name {name!r} is taken", name=name)


def delete_upload(dest_root: Path, name: str) -> bool:
    """Remove one uploaded dataset and its cache files; False when there was none of that name."""
    folder = Path(dest_root) / check_name(name)
    if not folder.is_dir():
        return False
    key = _folder_key(folder)
    doomed = Path(dest_root) / f".deleting-{secrets.token_hex(6)}"
    folder.rename(doomed)  # gone from every listing at once, then removed at leisure
    shutil.rmtree(doomed, ignore_errors=True)
    for cached in cache_dir().glob(f"v*-{key}-*.npz"):
        cached.unlink(missing_ok=True)
    with _recent_lock:
        for cached in [k for k in _recent if f"-{key}-" in Path(k).name]:
            del _recent[cached]
    return True
