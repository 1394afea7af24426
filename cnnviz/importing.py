"""Checking and loading a `.keras` model file uploaded by the learner.

A model file is a zip of `config.json` (the architecture) and `model.weights.h5`. It comes
from outside, so it is checked before Keras sees it: size, zip sanity, unpacked size, and
the config scanned for code (Lambda layers, custom classes). Then Keras loads it with
`safe_mode=True` and `compile=False`, and the model must fit the app: one 28×28 (×1) or
784 input, 10 class probabilities out. Every failure is an `ImportFailed` whose `reason`
names a translated message; nothing from the file is executed.
"""
from __future__ import annotations

import json
import tempfile
import zipfile
from io import BytesIO
from pathlib import Path

import keras

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
    except ImportFailed:
        raise
    except (zipfile.BadZipFile, EOFError, ValueError, OSError, RuntimeError, NotImplementedError) as exc:
        raise ImportFailed("not_zip", f"not a readable .keras (zip) file: {exc}", error=str(exc)[:200]) from None
    check_config(config)
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
    check_archive(data)
    with tempfile.TemporaryDirectory(prefix="cnnviz_import_") as folder:
        path = Path(folder) / "upload.keras"
        path.write_bytes(data)
        model = load_keras(path)
    check_fit(model)
    return model
