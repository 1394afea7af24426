"""Checking and loading a `.keras` model file uploaded by the learner.

A model file is a zip of `config.json` (the architecture) and `model.weights.h5`. It comes
from outside, so it is checked before Keras sees it: size, zip sanity, unpacked size, and
the config scanned for code (Lambda layers, custom classes), and the model's size counted
before any weight is allocated: Keras allocates every layer's weights while loading, so a
1 kB config asking for Dense(5_000_000) on 784 inputs would take ~16 GB, and compressed
weights can unpack far past the zip's limit. Then Keras loads it with `safe_mode=True` and
`compile=False`, and the model must fit the app: one 28×28 (×1) or 784 input, 10 class
probabilities out. Every failure is an `ImportFailed` whose `reason` names a translated
message; nothing from the file is executed.
"""
from __future__ import annotations

import json
import math
import tempfile
import zipfile
from io import BytesIO
from pathlib import Path

import h5py
import keras
from keras.src.backend.common import global_state
from keras.src.saving.serialization_lib import ObjectSharingScope, SafeModeScope

from cnnviz.architecture import PARAM_BUDGET

MAX_FILE_BYTES = 20 * 2**20  # = maxUploadSize in .streamlit/config.toml; the textbook CNN with Adam is ~4 MB
MAX_UNPACKED_BYTES = 256 * 2**20
MAX_CONFIG_BYTES = 2 * 2**20
REQUIRED_MEMBERS = ("config.json", "model.weights.h5")
INPUT_SHAPES = ((28, 28, 1), (28, 28), (784,))
CODE_CLASSES = {"Lambda", "TFSMLayer", "__lambda__"}  # layers that carry Python code or fetch it from disk


class ImportFailed(Exception):
    """The file cannot become a cnnviz run; `reason` keys the message, `details` fill it."""

    def __init__(self, reason: str, message: str, **details):
        super().__init__(message)
        self.reason = reason
        self.details = details


def check_archive(data: bytes) -> dict:
    """Check the raw bytes of a `.keras` file without deserialising anything; return its config."""
    if len(data) > MAX_FILE_BYTES:
        raise ImportFailed("too_large", f"the file is {len(data):,} bytes; the limit is {MAX_FILE_BYTES:,}",
                           size=f"{len(data) / 2**20:.1f}", limit=f"{MAX_FILE_BYTES / 2**20:.0f}")
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            infos = archive.infolist()
            unpacked = sum(info.file_size for info in infos)
            if unpacked > MAX_UNPACKED_BYTES:
                raise ImportFailed("unpacked_too_large",
                                   f"it would unpack to {unpacked:,} bytes; the limit is {MAX_UNPACKED_BYTES:,}",
                                   size=f"{unpacked / 2**20:,.0f}", limit=f"{MAX_UNPACKED_BYTES / 2**20:.0f}")
            names = {info.filename for info in infos}
            missing = [name for name in REQUIRED_MEMBERS if name not in names]
            if missing:
                raise ImportFailed("not_keras", f"the archive lacks {', '.join(missing)}; not a .keras model file",
                                   missing=", ".join(missing))
            if archive.getinfo("config.json").file_size > MAX_CONFIG_BYTES:
                raise ImportFailed("not_keras", "config.json is implausibly large", missing="config.json")
            broken = archive.testzip()  # reads every member and checks its CRC: catches damaged data
            if broken is not None:
                raise ImportFailed("corrupt", f"{broken} inside the archive is damaged", member=broken)
            config = json.loads(archive.read("config.json"))
            weights = archive.read("model.weights.h5")
    except ImportFailed:
        raise
    except (zipfile.BadZipFile, EOFError, ValueError, OSError, RuntimeError, NotImplementedError) as exc:
        raise ImportFailed("not_zip", f"not a readable .keras (zip) file: {exc}", error=str(exc)[:200]) from None
    check_config(config)
    check_weights(weights)
    return config


def check_config(config) -> None:
    """Refuse configs that name code: Lambda layers, functions or classes from outside Keras.

    The compile config (loss, metrics) is skipped: with `compile=False` it is never deserialised.
    """
    stack = [{k: v for k, v in config.items() if k != "compile_config"} if isinstance(config, dict) else config]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, dict):
            name = str(node.get("class_name", ""))
            module = node.get("module")
            registered = node.get("registered_name")
            if name in CODE_CLASSES:
                raise ImportFailed("code", f"it contains a {name} layer or function, i.e. Python code",
                                   what=name)
            if (module is not None and module != "keras" and not str(module).startswith("keras.")) or (
                    registered and ">" in str(registered)):
                raise ImportFailed("custom", f"it uses {name!r} from {module or registered!r}, "
                                             "which is not part of Keras", what=name)
            stack.extend(node.values())


def _over_budget(reason: str, what: str, count: int) -> ImportFailed:
    return ImportFailed(reason, f"{what} {count:,}; the limit is {PARAM_BUDGET:,}",
                        count=count, limit=f"{PARAM_BUDGET:,}")  # `t` writes a count with thousands separators


def check_weights(data: bytes) -> None:
    """Refuse a weights file holding more numbers than the budget, or data kept outside it.

    Keras reads each dataset whole before checking its shape, and a compressed dataset of zeros
    can stand for gigabytes, so the shapes are summed first; no dataset is read. HDF5 lets a
    dataset's values live in other files ("external" or "virtual" datasets): Keras would read
    them from the server's disk into weights the pages then show, so those are refused.
    """
    count, outside = 0, []

    def add(name, node):
        nonlocal count
        if isinstance(node, h5py.Dataset):
            count += math.prod(node.shape or ())
            if node.external or node.is_virtual:
                outside.append(name)

    try:
        with h5py.File(BytesIO(data), "r") as weights:
            weights.visititems(add)
    except Exception as exc:  # h5py raises many types for a damaged file
        raise ImportFailed("load_failed", f"its weights cannot be read: {exc}", error=str(exc)[:300]) from None
    if outside:
        raise ImportFailed("external_data", f"its weights {outside[0]!r} point to files outside it",
                           what=outside[0])
    if count > PARAM_BUDGET:
        raise _over_budget("weights_too_large", "its weights file holds", count)


def count_params(config: dict) -> int:
    """The parameters `config` describes, counted without allocating them.

    Inside a `StatelessScope`, Keras variables keep only their shape and initializer; the model
    is deserialised there (safe mode, no compile config, as `load_keras` does) and thrown away.
    Its never-initialised variables are dropped from Keras's to-do list, or the next stateless
    scope to close would allocate them after all.
    """
    pending = list(global_state.get_global_attribute("uninitialized_variables") or [])
    try:
        config = {**config, "compile_config": None}
        with keras.StatelessScope(initialize_variables=False), ObjectSharingScope(), SafeModeScope(True):
            model = keras.saving.deserialize_keras_object(config, safe_mode=True)
        return sum(math.prod(variable.shape) for variable in model.weights)
    except Exception as exc:  # deserialising raises many types for a bad config; all mean "cannot load"
        raise ImportFailed("load_failed", f"Keras could not load it: {exc}", error=str(exc)[:300]) from None
    finally:
        global_state.set_global_attribute("uninitialized_variables", pending)


def check_params(config: dict) -> None:
    """Refuse a model whose config asks for more parameters than the app's budget."""
    count = count_params(config)
    if count > PARAM_BUDGET:
        raise _over_budget("too_many_params", "the model has", count)


def load_keras(path: str | Path) -> keras.Model:
    """Keras's own loading, in safe mode: no lambdas deserialised, no optimizer rebuilt."""
    try:
        return keras.saving.load_model(path, safe_mode=True, compile=False)
    except Exception as exc:  # Keras raises many types for bad files; all mean "cannot load"
        raise ImportFailed("load_failed", f"Keras could not load it: {exc}", error=str(exc)[:300]) from None


def check_fit(model: keras.Model) -> None:
    """The app draws 28×28 grayscale inputs and 10 class probabilities; refuse anything else."""
    if not isinstance(model, keras.Model) or len(getattr(model, "inputs", None) or []) != 1 \
            or len(model.outputs) != 1:
        raise ImportFailed("not_single", "the model must have exactly one input and one output")
    shape = tuple(model.inputs[0].shape[1:])
    if shape not in INPUT_SHAPES:
        raise ImportFailed("input_shape", f"its input shape is {shape}; cnnviz needs (28, 28, 1) or (784,)",
                           shape=str(shape))
    out = tuple(model.outputs[0].shape[1:])
    if out != (10,):
        raise ImportFailed("outputs", f"its output shape is {out}; cnnviz needs 10 class scores",
                           shape=str(out))
    last = model.layers[-1]
    if not (isinstance(last, keras.layers.Softmax)
            or getattr(getattr(last, "activation", None), "__name__", "") == "softmax"):
        raise ImportFailed("not_softmax", f"its last layer {last.name!r} does not end in softmax",
                           layer=last.name)


def load_upload(data: bytes) -> keras.Model:
    """Check an uploaded `.keras` file's bytes and load it as a model the app can use."""
    check_params(check_archive(data))
    with tempfile.TemporaryDirectory(prefix="cnnviz_import_") as folder:
        path = Path(folder) / "upload.keras"
        path.write_bytes(data)
        model = load_keras(path)
    check_fit(model)
    return model
