"""Checking and loading a `.keras` model file uploaded by the learner.

A model file is a zip of `config.json` (the architecture) and `model.weights.h5`. It comes
from outside, so it is checked before Keras sees it: size, zip sanity, unpacked size, the
config's JSON nesting, the config scanned for code (Lambda layers, custom classes) and its
layers counted (Keras rebuilds a Sequential model once per layer while loading it: 300
layers take ~24 s, so one small file could hold the server for minutes). Then the model's
size is measured before any weight or activation is allocated: Keras allocates every
layer's weights while loading, so a 1 kB config asking for Dense(5_000_000) on 784 inputs
would take ~16 GB, compressed weights can unpack far past the zip's limit, and a
20-parameter UpSampling2D((3000, 3000)) would need ~28 GB for one prediction. Then Keras
loads it with `safe_mode=True` and `compile=False`, and the model must fit the data: for the
digit sets one 28×28 (×1) or 784 input and 10 class probabilities out; for photos a square input
the app can fit photos to and one probability per class (or one sigmoid for two). Every failure is an `ImportFailed`
whose `reason` names a translated message; nothing from the file is executed.
"""
from __future__ import annotations

import math
import tempfile
import zipfile
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

import h5py
import keras
from keras.src.backend.common import global_state
from keras.src.saving.serialization_lib import ObjectSharingScope, SafeModeScope

from cnnviz.architecture import PARAM_BUDGET
from cnnviz.inside import layer_outputs
from cnnviz.photos import PHOTO_SIZES, PhotoFit
from cnnviz.untrusted import TooDeep, load_json, shown

MAX_FILE_BYTES = 20 * 2**20  # the uploader's own limit too; the textbook CNN with Adam is ~4 MB
MAX_UNPACKED_BYTES = 256 * 2**20
MAX_CONFIG_BYTES = 256 * 2**10  # a 50-layer functional model's config is ~60 kB; every check walks all of it
MAX_CONFIG_DEPTH = 64  # a model nested in a model nested in a model is 14 levels deep
MAX_LAYER_CALLS = 50  # the builder's largest model has 33 layers; a 50-layer Sequential loads in ~1 s
ACTIVATION_BUDGET = 4_000_000  # numbers in all layers' outputs for one image (16 MB; the textbook CNN has ~60,000)
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
            config_size = archive.getinfo("config.json").file_size
            if config_size > MAX_CONFIG_BYTES:
                raise ImportFailed("config_too_large", f"its config.json has {config_size:,} bytes; the limit is "
                                   f"{MAX_CONFIG_BYTES:,}", size=f"{config_size / 1024:,.0f}",
                                   limit=f"{MAX_CONFIG_BYTES / 1024:,.0f}")
            broken = archive.testzip()  # reads every member and checks its CRC: catches damaged data
            if broken is not None:
                raise ImportFailed("corrupt", f"{broken} inside the archive is damaged", member=broken)
            config_text = archive.read("config.json")
            weights = archive.read("model.weights.h5")
    except ImportFailed:
        raise
    except (zipfile.BadZipFile, EOFError, ValueError, OSError, RuntimeError, NotImplementedError) as exc:
        raise ImportFailed("not_zip", f"not a readable .keras (zip) file: {exc}", error=str(exc)[:200]) from None
    try:
        config = load_json(config_text, MAX_CONFIG_DEPTH)
    except TooDeep:
        raise ImportFailed("too_deep", f"its config.json is nested more than {MAX_CONFIG_DEPTH} levels deep",
                           limit=MAX_CONFIG_DEPTH) from None
    except ValueError as exc:  # not JSON, not UTF-8, or a number over Python's 4,300-digit limit
        raise ImportFailed("bad_config", f"its config.json is not valid JSON: {shown(str(exc), 200)}") from None
    check_config(config)
    check_weights(weights)
    return config


def check_config(config) -> None:
    """Refuse configs that name code (Lambda layers, functions or classes from outside Keras) or
    call more layers than `MAX_LAYER_CALLS`, counted in every `layers` list, nested models' too.

    A layer used twice in a functional model counts twice: each call is another output to
    compute and hold. The compile config (loss, metrics) is skipped: with `compile=False` it is
    never deserialised.
    """
    calls = 0
    stack = [{k: v for k, v in config.items() if k != "compile_config"} if isinstance(config, dict) else config]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(child for child in node if isinstance(child, (dict, list)))
        elif isinstance(node, dict):
            name = node.get("class_name", "")
            module = node.get("module")
            registered = node.get("registered_name")
            if isinstance(name, str) and name in CODE_CLASSES:
                raise ImportFailed("code", f"it contains a {name} layer or function, i.e. Python code",
                                   what=name)
            if (module is not None and not (isinstance(module, str) and module.split(".")[0] == "keras")) or (
                    isinstance(registered, str) and ">" in registered):
                raise ImportFailed("custom", f"it uses {shown(name)} from {shown(module or registered)}, "
                                             "which is not part of Keras", what=shown(name))
            if isinstance(node.get("layers"), list):
                calls += sum(_calls(layer) for layer in node["layers"] if isinstance(layer, dict))
            stack.extend(child for child in node.values() if isinstance(child, (dict, list)))
    if calls > MAX_LAYER_CALLS:
        raise ImportFailed("too_many_layers", f"it has {calls:,} layers; the limit is {MAX_LAYER_CALLS}",
                           count=calls, limit=MAX_LAYER_CALLS)


def _calls(layer: dict) -> int:
    """How often a layer config is called: once per inbound node in a functional model, else once."""
    nodes = layer.get("inbound_nodes")
    return max(1, len(nodes)) if isinstance(nodes, list) else 1


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
        raise ImportFailed("load_failed", f"its weights cannot be read: {exc}", error=shown(str(exc), 300)) from None
    if outside:
        raise ImportFailed("external_data", f"its weights {outside[0]!r} point to files outside it",
                           what=outside[0])
    if count > PARAM_BUDGET:
        raise _over_budget("weights_too_large", "its weights file holds", count)


@dataclass(frozen=True)
class ModelSize:
    """What a model config asks for, measured without allocating it."""
    params: int
    activations: int  # numbers in all layers' outputs for one image
    largest: tuple[str, int]  # the layer with the largest output, and that output's size


def measure(config: dict) -> ModelSize:
    """The parameters and activations `config` describes, counted without allocating either.

    Inside a `StatelessScope`, Keras variables keep only their shape and initializer; the model
    is deserialised there (safe mode, no compile config, as `load_keras` does), its layers'
    output shapes are worked out symbolically, and it is thrown away. Its never-initialised
    variables are dropped from Keras's to-do list, or the next stateless scope to close would
    allocate them after all. An output with an unknown size (other than the batch) is refused:
    its memory could not be bounded.
    """
    pending = list(global_state.get_global_attribute("uninitialized_variables") or [])
    try:
        config = {**config, "compile_config": None}
        with keras.StatelessScope(initialize_variables=False), ObjectSharingScope(), SafeModeScope(True):
            model = keras.saving.deserialize_keras_object(config, safe_mode=True)
            params = sum(math.prod(variable.shape) for variable in model.weights)
            outputs = list(layer_outputs(model))
    except Exception as exc:  # deserialising raises many types for a bad config; all mean "cannot load"
        raise ImportFailed("load_failed", f"Keras could not load it: {exc}", error=shown(str(exc), 300)) from None
    finally:
        global_state.set_global_attribute("uninitialized_variables", pending)
    sizes = []
    for layer, shape in outputs:
        layer = shown(layer, 60)
        if any(not isinstance(d, int) for d in shape[1:]):
            raise ImportFailed("unknown_shape", f"the size of {layer}'s output {shape} is not known",
                               layer=layer, shape=str(shape))
        sizes.append((layer, (shape[0] or 1) * math.prod(shape[1:])))  # a fixed batch size counts too
    return ModelSize(params, sum(size for _, size in sizes), max(sizes, key=lambda item: item[1], default=("", 0)))


def check_size(config: dict) -> None:
    """Refuse a model whose config asks for more parameters, or larger activations, than the app's budgets."""
    size = measure(config)
    if size.params > PARAM_BUDGET:
        raise _over_budget("too_many_params", "the model has", size.params)
    if size.activations > ACTIVATION_BUDGET:
        layer, largest = size.largest
        raise ImportFailed("too_many_activations", f"one image needs {size.activations:,} numbers in its layers' "
                           f"outputs; the limit is {ACTIVATION_BUDGET:,} ({layer} alone outputs {largest:,})",
                           count=size.activations, limit=f"{ACTIVATION_BUDGET:,}", layer=layer,
                           size=f"{largest:,}")


def load_keras(path: str | Path) -> keras.Model:
    """Keras's own loading, in safe mode: no lambdas deserialised, no optimizer rebuilt."""
    try:
        return keras.saving.load_model(path, safe_mode=True, compile=False)
    except Exception as exc:  # Keras raises many types for bad files; all mean "cannot load"
        raise ImportFailed("load_failed", f"Keras could not load it: {exc}", error=shown(str(exc), 300)) from None


@dataclass(frozen=True)
class Needs:
    """What a dataset's pages can draw: the input shapes a model may take and how many classes it tells apart."""
    input_shapes: tuple[tuple[int, ...], ...]
    classes: int

    @property
    def shapes_text(self) -> str:
        return " / ".join(str(shape) for shape in self.input_shapes[:6]) + (" …" if len(self.input_shapes) > 6 else "")


DIGITS = Needs(INPUT_SHAPES, 10)


def photo_needs(classes: int) -> Needs:
    """A photo dataset takes any square input the app can fit photos to, colour or gray."""
    return Needs(tuple((s, s, c) for c in (3, 1) for s in PHOTO_SIZES), classes)


def _last_activation(model: keras.Model) -> str:
    last = model.layers[-1]
    if isinstance(last, keras.layers.Softmax):
        return "softmax"
    return getattr(getattr(last, "activation", None), "__name__", "")


def check_fit(model: keras.Model, needs: Needs = DIGITS) -> None:
    """The pages draw the dataset's images and one probability per class: refuse a model that takes other
    inputs or gives other outputs (a softmax over the classes, or for two classes one sigmoid unit)."""
    if not isinstance(model, keras.Model) or len(getattr(model, "inputs", None) or []) != 1 \
            or len(model.outputs) != 1:
        raise ImportFailed("not_single", "the model must have exactly one input and one output")
    shape = tuple(model.inputs[0].shape[1:])
    if shape not in needs.input_shapes:
        raise ImportFailed("input_shape", f"its input shape is {shape}; the data needs {needs.shapes_text}",
                           shape=str(shape), needed=needs.shapes_text)
    out, activation = tuple(model.outputs[0].shape[1:]), _last_activation(model)
    if out not in ((needs.classes,),) + (((1,),) if needs.classes == 2 else ()):
        raise ImportFailed("outputs", f"its output shape is {out}; the data has {needs.classes} classes",
                           shape=str(out), classes=needs.classes)
    if activation != ("sigmoid" if out == (1,) else "softmax"):
        raise ImportFailed("not_softmax", f"its last layer {model.layers[-1].name!r} does not end in "
                           f"{'sigmoid' if out == (1,) else 'softmax'}", layer=model.layers[-1].name)


def photo_fit_of(model: keras.Model) -> PhotoFit:
    """How to fit photos for an imported photo model: its input's side and channels; stretched, as Keras's
    `flow_from_directory` and `image_dataset_from_directory` do by default."""
    side, _, channels = tuple(model.inputs[0].shape[1:])
    return PhotoFit(int(side), "stretch", channels == 3)


def load_upload(data: bytes, needs: Needs = DIGITS) -> keras.Model:
    """Check an uploaded `.keras` file's bytes and load it as a model the app can use on the data."""
    check_size(check_archive(data))
    with tempfile.TemporaryDirectory(prefix="cnnviz_import_") as folder:
        path = Path(folder) / "upload.keras"
        path.write_bytes(data)
        model = load_keras(path)
    check_fit(model, needs)
    return model
