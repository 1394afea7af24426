"""A CNN as a JSON-able list of layer specs: shapes, parameter counts and their formulas, checks, build.

A spec is a list of dicts such as
`{"kind": "conv2d", "filters": 32, "kernel_size": 3, "strides": 1, "padding": "same", "activation": "relu"}`.
`summarize` works out every shape and parameter count with plain integer arithmetic (fast enough
to run on every slider move) and names the layer at fault when a stack cannot work; `build` turns
the same spec into an uncompiled Keras functional model whose numbers equal the summary's.
The output layers (Dense logits, then softmax) are added for the user. For two classes the spec may
end with `{"kind": "output", "activation": "sigmoid"}`: one logit and a sigmoid, trained with
`binary_crossentropy` as in the cats-vs-dogs notebook, instead of two softmax units.
Augmentation layers (RandomFlip, RandomRotation, …: today's replacement for `ImageDataGenerator`)
go at the front; they change images only while training and have no parameters.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from cnnviz.untrusted import shown

INPUT_SHAPE = (28, 28, 1)
CLASSES = 10
PARAM_BUDGET = 5_000_000  # more than this is refused: a browser-side CPU training would take hours
MAX_LAYERS = 30
# A share link is text anyone can send: bounded before it is split, and every number before int()/float().
MAX_LINK_CHARS = 2000  # 30 of the longest tokens ("C512-9-5-s-r", 12 characters) take under 400
MAX_NUMBER_CHARS = 12
BYTES_PER_PARAM = 4  # float32

ACTIVATIONS = ("relu", "tanh", "sigmoid", "linear")
PADDINGS = ("same", "valid")
FLIP_MODES = ("horizontal", "vertical", "horizontal_and_vertical")
OUTPUTS = ("softmax", "sigmoid")  # the output layer: one unit per class, or one sigmoid unit for two classes

# kind -> (Keras class, {param: (default, low, high) for numbers or (default, choices) for strings})
KINDS: dict[str, tuple[str, dict]] = {
    "conv2d": ("Conv2D", {"filters": (32, 1, 512), "kernel_size": (3, 1, 9), "strides": (1, 1, 5),
                          "padding": ("same", PADDINGS), "activation": ("relu", ACTIVATIONS)}),
    "maxpool2d": ("MaxPooling2D", {"pool_size": (2, 1, 5), "strides": (None, 1, 5)}),
    "avgpool2d": ("AveragePooling2D", {"pool_size": (2, 1, 5), "strides": (None, 1, 5)}),
    "dropout": ("Dropout", {"rate": (0.25, 0.0, 0.95)}),
    "batchnorm": ("BatchNormalization", {}),
    "flatten": ("Flatten", {}),
    "gap2d": ("GlobalAveragePooling2D", {}),
    "dense": ("Dense", {"units": (128, 1, 4096), "activation": ("relu", ACTIVATIONS)}),
    "random_flip": ("RandomFlip", {"mode": ("horizontal", FLIP_MODES)}),
    "random_rotation": ("RandomRotation", {"factor": (0.1, 0.0, 0.5)}),  # a fraction of a full turn
    "random_zoom": ("RandomZoom", {"height_factor": (0.2, 0.0, 0.5)}),  # width follows the height
    "random_translation": ("RandomTranslation", {"height_factor": (0.1, 0.0, 0.5), "width_factor": (0.1, 0.0, 0.5)}),
    "random_contrast": ("RandomContrast", {"factor": (0.2, 0.0, 0.9)}),
}
AUGMENTATIONS = ("random_flip", "random_rotation", "random_zoom", "random_translation", "random_contrast")
OUTPUT = "output"  # the optional last spec entry choosing the output layer (not a KINDS layer)
# Deterministic layer names: Keras's own snake-case names, numbered by kind and position.
LAYER_NAMES = {"conv2d": "conv2d", "maxpool2d": "max_pooling2d", "avgpool2d": "average_pooling2d",
               "dropout": "dropout", "batchnorm": "batch_normalization", "flatten": "flatten",
               "gap2d": "global_average_pooling2d", "dense": "dense", "random_flip": "random_flip",
               "random_rotation": "random_rotation", "random_zoom": "random_zoom",
               "random_translation": "random_translation", "random_contrast": "random_contrast"}
SPATIAL = ("conv2d", "maxpool2d", "avgpool2d", "gap2d")  # need a (height, width, channels) volume


def _conv(filters, kernel_size, strides=1, padding="same", activation="relu"):
    return dict(kind="conv2d", filters=filters, kernel_size=kernel_size, strides=strides, padding=padding,
                activation=activation)


def _pool(size=2):
    return dict(kind="maxpool2d", pool_size=size, strides=size)


def _dense(units, activation="relu"):
    return dict(kind="dense", units=units, activation=activation)


FLATTEN = dict(kind="flatten")
BATCHNORM = dict(kind="batchnorm")


def _dropout(rate):
    return dict(kind="dropout", rate=rate)


PRESETS: dict[str, list[dict]] = {
    # 혼자 공부하는 머신러닝+딥러닝 8-2: 333,526 parameters
    "fashion_cnn": [_conv(32, 3), _pool(), _conv(64, 3), _pool(), FLATTEN, _dense(100), _dropout(0.4)],
    # the classic Keras MNIST notebook: 421,642
    "mnist_cnn": [_conv(32, 3), _pool(), _conv(64, 3), _pool(), FLATTEN, _dense(128), _dropout(0.5)],
    # lecture slides, valid padding: 1,199,882
    "mnist_slides": [_conv(32, 3, padding="valid"), _conv(64, 3, padding="valid"), _pool(), _dropout(0.25),
                     FLATTEN, _dense(128), _dropout(0.5)],
    # keras.io "Simple MNIST convnet": 34,826
    "keras_simple": [_conv(32, 3, padding="valid"), _pool(), _conv(64, 3, padding="valid"), _pool(), FLATTEN,
                     _dropout(0.5)],
    # small enough to train in seconds on a laptop CPU: 4,594
    "tiny": [_conv(8, 3), _pool(), _conv(8, 3), _pool(), FLATTEN],
    # Quick start on MNIST: a small CNN with BatchNormalization after each convolution: 106,058
    "quick_bn": [_conv(16, 3), BATCHNORM, _pool(), _conv(32, 3), BATCHNORM, _pool(), FLATTEN, _dense(64),
                 _dropout(0.3)],
    # Quick start on Fashion-MNIST: convolutions that halve the image with strides of 2 instead of pooling, and
    # BatchNormalization after the second; on a CPU a step costs what the layers' outputs weigh more than their
    # multiplications, so both are kept small (a third of quick_bn's step): 105,994
    "quick_strided": [_conv(16, 3, strides=2), _conv(32, 3, strides=2), BATCHNORM, FLATTEN, _dense(64)],
    # lecture slides' MLP to set against a CNN: Flatten, Dense 512, Dense 10 = 407,050
    "mlp_slides": [FLATTEN, _dense(512)],
}


SIGMOID = {"kind": OUTPUT, "activation": "sigmoid"}
PHOTO_PRESETS: dict[str, list[dict]] = {
    # small and fast for colour photos, mirrored at random while training: 64×64×3 trains in about a minute
    "photo_small": [{"kind": "random_flip", "mode": "horizontal"}, _conv(16, 3), _pool(), _conv(32, 3), _pool(),
                    _conv(64, 3), _pool(), FLATTEN, _dropout(0.5), SIGMOID],
    # the cats-vs-dogs notebook (150×150, RMSprop 1e-4, binary crossentropy): 3,453,121 parameters at 150×150×3
    "cats_dogs_notebook": [_conv(32, 3, padding="valid"), _pool(), _conv(64, 3, padding="valid"), _pool(),
                           _conv(128, 3, padding="valid"), _pool(), _conv(128, 3, padding="valid"), _pool(), FLATTEN,
                           _dense(512), SIGMOID],
}


def presets(photo: bool, classes: int = CLASSES) -> dict[str, list[dict]]:
    """The presets that fit the data: digit models for 28×28 images, photo models for photos (a sigmoid
    output only where there are two classes)."""
    if not photo:
        return PRESETS
    return {name: [layer for layer in spec if classes == 2 or layer.get("kind") != OUTPUT]
            for name, spec in PHOTO_PRESETS.items()}


class ArchitectureError(ValueError):
    """An impossible stack, with the (0-based) index of the layer at fault, or None for the whole model.

    `code` and `values` let the UI say the same thing in another language.
    """

    def __init__(self, message: str, layer_index: int | None = None, code: str = "invalid", **values):
        super().__init__(message)
        self.layer_index = layer_index
        self.code = code
        self.values = values
        self.rows: list[Row] = []


@dataclass(frozen=True)
class Notice:
    """A warning about a layer that works but probably not as the learner expects."""
    layer_index: int
    code: str
    message: str
    values: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Row:
    index: int | None  # position in the spec; None for the output layers added for the user
    name: str  # equals the built Keras layer's name
    kind: str  # spec kind, or "logits" / "softmax"
    output_shape: tuple[int, ...]  # without the batch axis, as Keras prints it after "None, "
    params: int
    trainable: int
    shape_formula: str
    params_formula: str


@dataclass(frozen=True)
class Summary:
    input_shape: tuple[int, ...]
    rows: list[Row]
    warnings: list[Notice]

    @property
    def total_params(self) -> int:
        return sum(r.params for r in self.rows)

    @property
    def trainable_params(self) -> int:
        return sum(r.trainable for r in self.rows)

    @property
    def weight_bytes(self) -> int:
        return self.total_params * BYTES_PER_PARAM


def readable_bytes(n: float) -> str:
    """Memory as Keras's `model.summary()` prints it ("1.27 MB", powers of 1024)."""
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024:
            break
        n /= 1024
    return f"{n:.2f} {unit}"


def table(summary: Summary) -> list[dict]:
    """The summary as table rows, input first: formatted numbers, the share of all parameters, memory."""
    total = summary.total_params or 1
    rows = [dict(layer="input (InputLayer)", shape=str(summary.input_shape), shape_formula="", params="0",
                 params_formula="", share=0.0, memory="")]
    for r in summary.rows:
        rows.append(dict(layer=f"{r.name} ({keras_class(r.kind)})", shape=str(r.output_shape),
                         shape_formula=r.shape_formula, params=_f(r.params),
                         params_formula=r.params_formula if r.params else "", share=r.params / total,
                         memory=readable_bytes(r.params * BYTES_PER_PARAM) if r.params else ""))
    return rows


def keras_class(kind: str) -> str:
    return KINDS[kind][0] if kind in KINDS else {"logits": "Dense", "softmax": "Activation", "sigmoid": "Activation"}[kind]


def _where(i: int, kind: str) -> str:
    return f"Layer {i + 1} ({KINDS[kind][0]})"


def normalise(spec) -> list[dict]:
    """Every layer with all its params, defaults filled in and values checked against their ranges;
    a sigmoid output entry stays last (a softmax one, the default, is dropped).

    The spec may come from a share link or a run record: any JSON-like value gives an
    ArchitectureError, never another exception, and its messages quote bad values only shortly.
    """
    layers, output = split_output(spec)
    return _normalise_layers(layers) + ([{"kind": OUTPUT, "activation": output}] if output != "softmax" else [])


def split_output(spec) -> tuple[list, str]:
    """(the hidden layers, "softmax" or "sigmoid"): the spec without its output entry, and what that entry asks."""
    if not isinstance(spec, (list, tuple)):
        raise ArchitectureError("An architecture is a list of layers.", None, "not_a_list")
    entries = [i for i, layer in enumerate(spec) if isinstance(layer, dict) and layer.get("kind") == OUTPUT]
    if not entries:
        return list(spec), "softmax"
    i = entries[0]
    if i != len(spec) - 1:
        raise ArchitectureError(f"Layer {i + 1}: the output choice must come last.", i, "output_not_last", layer=i + 1)
    entry = spec[i]
    if set(entry) != {"kind", "activation"} or entry["activation"] not in OUTPUTS:
        raise ArchitectureError(f"Layer {i + 1}: the output must be one of {', '.join(OUTPUTS)}.", None,
                                "bad_output", choices=", ".join(OUTPUTS))
    return list(spec[:i]), entry["activation"]


def _normalise_layers(spec) -> list[dict]:
    if not isinstance(spec, (list, tuple)):
        raise ArchitectureError("An architecture is a list of layers.", None, "not_a_list")
    if len(spec) > MAX_LAYERS:
        raise ArchitectureError(f"At most {MAX_LAYERS} layers, this stack has {len(spec)}.", None,
                                "too_many_layers", limit=MAX_LAYERS, n=len(spec))
    out = []
    for i, layer in enumerate(spec):
        kind = layer.get("kind") if isinstance(layer, dict) else None
        if not isinstance(kind, str) or kind not in KINDS:
            raise ArchitectureError(f"Layer {i + 1}: unknown layer kind {shown(kind)}.", i, "unknown_kind",
                                    layer=i + 1, kind=shown(kind))
        params = KINDS[kind][1]
        extra = sorted(shown(name) for name in layer if name != "kind" and name not in params)
        if extra:
            raise ArchitectureError(f"{_where(i, kind)}: unknown setting {extra[0]}.", i, "unknown_param",
                                    layer=i + 1, kind=KINDS[kind][0], param=extra[0])
        clean = {"kind": kind}
        for name, rule in params.items():
            clean[name] = _check(i, kind, name, layer.get(name, rule[0]), rule)
        if kind in ("maxpool2d", "avgpool2d") and clean["strides"] is None:
            clean["strides"] = clean["pool_size"]  # Keras's own default
        out.append(clean)
    return out


def _check(i, kind, name, value, rule):
    if len(rule) == 2:  # a choice among strings
        if not isinstance(value, str) or value not in rule[1]:
            raise ArchitectureError(f"{_where(i, kind)}: {name} must be one of {', '.join(rule[1])}, "
                                    f"not {shown(value)}.", i, "bad_choice", layer=i + 1, kind=KINDS[kind][0],
                                    param=name, value=shown(value), choices=", ".join(rule[1]))
        return value
    default, low, high = rule
    if value is None and default is None:
        return None
    integer = isinstance(low, int)  # then a float must have a whole value (JSON may write 3 as 3.0)
    ok = (isinstance(value, int) and not isinstance(value, bool)) or (
        isinstance(value, float) and math.isfinite(value) and (value.is_integer() or not integer))
    if not ok or not low <= value <= high:  # exact and cheap for an int of any size, unlike float() or isfinite()
        raise ArchitectureError(f"{_where(i, kind)}: {name} must be a number from {low} to {high}, "
                                f"not {shown(value)}.", i, "bad_number", layer=i + 1, kind=KINDS[kind][0],
                                param=name, value=shown(value), low=low, high=high)
    return int(value) if integer else float(value)


def _f(n: int) -> str:
    return f"{n:,}"


def _window(i, kind, size: int, k: int, s: int, same: bool) -> tuple[int, int, str]:
    """Output length of one spatial axis, how many input pixels the stride leaves out, and the formula."""
    if same:
        out = -(-size // s)
        if k % 2:  # odd kernels pad (k-1)/2 on each side, so the textbook formula holds exactly
            return out, 0, f"floor(({size} + 2·{(k - 1) // 2} − {k})/{s}) + 1 = {out}"
        return out, 0, f"ceil({size}/{s}) = {out}"
    if size < k:
        raise ArchitectureError(
            f"{_where(i, kind)}: its {k}×{k} window does not fit in the {size}-pixel-wide input, so the output "
            f"would be smaller than 1 pixel. Use a smaller window, 'same' padding, or less pooling before it.",
            i, "too_small", layer=i + 1, kind=KINDS[kind][0], k=k, size=size)
    out = (size - k) // s + 1
    pad = "" if kind != "conv2d" else " + 2·0"
    return out, (size - k) % s, f"floor(({size}{pad} − {k})/{s}) + 1 = {out}"


def _spatial(i, kind, shape, k: int, s: int, same: bool, warnings: list) -> tuple[int, int, str]:
    """Output height and width, the formula (once when both agree), and a warning when Keras floors."""
    h, h_dropped, h_formula = _window(i, kind, shape[0], k, s, same)
    w, w_dropped, w_formula = _window(i, kind, shape[1], k, s, same)
    for size, dropped in ((shape[0], h_dropped), (shape[1], w_dropped)):
        if dropped:
            warnings.append(Notice(i, "uneven_stride", (
                f"{_where(i, kind)}: ({size} − {k}) is not a multiple of the stride {s}, so Keras rounds down and "
                f"the last {dropped} row(s)/column(s) are never looked at."),
                dict(layer=i + 1, kind=KINDS[kind][0], size=size, k=k, s=s, count=dropped)))
            break
    return h, w, h_formula if h_formula == w_formula else f"{h_formula}; {w_formula}"


def summarize(spec, input_shape=INPUT_SHAPE, classes: int = CLASSES) -> Summary:
    """Shapes, parameter counts and formulas for every layer, as Keras's `model.summary()` would count them.

    Raises ArchitectureError (never a Keras error) for a stack Keras could not build or that is too big.
    """
    layers, output = split_output(normalise(spec))
    if output == "sigmoid" and classes != 2:
        raise ArchitectureError(f"One sigmoid output unit decides between two classes; this data has {classes}.",
                                None, "sigmoid_needs_two", classes=classes)
    shape = tuple(int(d) for d in input_shape)
    rows: list[Row] = []
    warnings: list[Notice] = []
    counters: dict[str, int] = {}
    flat_at = None  # index of the layer that made the volume flat
    try:
        for i, layer in enumerate(layers):
            kind = layer["kind"]
            counters[kind] = counters.get(kind, 0) + 1
            name = f"{LAYER_NAMES[kind]}_{counters[kind]}"
            if kind in SPATIAL and len(shape) != 3:
                raise ArchitectureError(
                    f"{_where(i, kind)} needs an image volume (height × width × channels), but layer {flat_at + 1} "
                    f"already made it a flat vector of {_f(shape[0])} numbers. Move it before that layer.",
                    i, "needs_volume", layer=i + 1, kind=KINDS[kind][0], flat_layer=flat_at + 1, n=_f(shape[0]))
            params, trainable, params_formula, shape_formula = 0, 0, "0", ""
            if kind in AUGMENTATIONS and any(layer["kind"] not in AUGMENTATIONS for layer in layers[:i]):
                raise ArchitectureError(
                    f"{_where(i, kind)} changes images while training, so it belongs at the front, before every "
                    f"other layer.", i, "augment_first", layer=i + 1, kind=KINDS[kind][0])
            if kind == "conv2d":
                k, s, f = layer["kernel_size"], layer["strides"], layer["filters"]
                same = layer["padding"] == "same"
                h, w, shape_formula = _spatial(i, kind, shape, k, s, same, warnings)
                params = trainable = k * k * shape[2] * f + f
                params_formula = f"{k}·{k}·{_f(shape[2])}·{f} + {f} = {_f(params)}"
                shape = (h, w, f)
            elif kind in ("maxpool2d", "avgpool2d"):
                p, s = layer["pool_size"], layer["strides"]
                h, w, shape_formula = _spatial(i, kind, shape, p, s, False, warnings)
                shape = (h, w, shape[2])
            elif kind == "batchnorm":
                c = shape[-1]
                params, trainable = 4 * c, 2 * c
                params_formula = f"4·{_f(c)} = {_f(params)}"
            elif kind == "flatten":
                if len(shape) == 3:
                    n = shape[0] * shape[1] * shape[2]
                    shape_formula = f"{shape[0]}·{shape[1]}·{shape[2]} = {_f(n)}"
                    shape = (n,)
                else:
                    warnings.append(Notice(i, "already_flat", f"{_where(i, kind)} does nothing: the input is already "
                                           f"a flat vector.", dict(layer=i + 1, kind="Flatten")))
                flat_at = i if flat_at is None else flat_at
            elif kind == "gap2d":
                shape_formula = f"mean({shape[0]}×{shape[1]}) → {shape[2]}"
                shape = (shape[2],)
                flat_at = i
            elif kind == "dense":
                if len(shape) != 1:
                    raise ArchitectureError(
                        f"{_where(i, kind)} needs a flat vector, but gets a {shape} volume. Put a Flatten or "
                        f"GlobalAveragePooling2D layer before it.", i, "needs_flat", layer=i + 1, kind="Dense",
                        shape=str(shape))
                u = layer["units"]
                params = trainable = shape[0] * u + u
                params_formula = f"{_f(shape[0])}·{u} + {u} = {_f(params)}"
                shape_formula = f"units = {u}"
                shape = (u,)
            rows.append(Row(i, name, kind, shape, params, trainable, shape_formula, params_formula))
    except ArchitectureError as exc:
        exc.rows = rows  # the layers before the fault, so the UI can still show their shapes
        raise
    if len(shape) != 1:
        raise ArchitectureError(
            f"The output layer needs a flat vector, but the last layer gives a {shape} volume. Add a Flatten or "
            f"GlobalAveragePooling2D layer at the end.", None, "output_needs_flat", shape=str(shape))
    units = output_units(output, classes)
    logits = shape[0] * units + units
    rows.append(Row(None, "logits", "logits", (units,), logits, logits,
                    f"units = {units}", f"{_f(shape[0])}·{units} + {units} = {_f(logits)}"))
    rows.append(Row(None, output, output, (units,), 0, 0, "", "0"))
    summary = Summary(tuple(int(d) for d in input_shape), rows, warnings)
    if summary.total_params > PARAM_BUDGET:
        worst = max(rows, key=lambda r: r.params)
        raise ArchitectureError(
            f"The model would have {_f(summary.total_params)} parameters, more than the budget of "
            f"{_f(PARAM_BUDGET)}; {worst.name} alone has {_f(worst.params)}. Pool more before Flatten, or use "
            f"fewer filters or units.", worst.index, "too_many_params", total=_f(summary.total_params),
            budget=_f(PARAM_BUDGET), name=worst.name, params=_f(worst.params))
    return summary


def output_units(output: str, classes: int) -> int:
    """Units of the logits layer: one per class, or one for a sigmoid deciding between two classes."""
    return 1 if output == "sigmoid" else classes


def output_of(spec) -> str:
    """"sigmoid" when the spec asks for one sigmoid unit, else "softmax"."""
    return split_output(spec)[1]


def loss_for(spec) -> str:
    """The Keras loss that goes with the spec's output (integer labels 0..classes-1)."""
    return "binary_crossentropy" if output_of(spec) == "sigmoid" else "sparse_categorical_crossentropy"


def keras_layers(spec, classes: int = CLASSES) -> list[tuple[str, str, dict]]:
    """(Keras class, layer name, constructor arguments) for every layer, output layers included.

    `build` and `keras_code` both use this, so the exported code is the model that was summarised.
    """
    out = []
    counters: dict[str, int] = {}
    layers, output = split_output(normalise(spec))
    for layer in layers:
        kind = layer["kind"]
        counters[kind] = counters.get(kind, 0) + 1
        args = {k: v for k, v in layer.items() if k != "kind"}
        out.append((KINDS[kind][0], f"{LAYER_NAMES[kind]}_{counters[kind]}", args))
    out.append(("Dense", "logits", {"units": output_units(output, classes)}))
    out.append(("Activation", output, {"activation": output}))
    return out


def build(spec, input_shape=INPUT_SHAPE, classes: int = CLASSES):
    """The uncompiled Keras functional model on an explicit `keras.Input` named "input"."""
    summarize(spec, input_shape, classes)  # refuse invalid stacks before Keras sees them
    import keras

    inputs = keras.Input(shape=tuple(input_shape), name="input")
    x = inputs
    for cls, name, args in keras_layers(spec, classes):
        x = getattr(keras.layers, cls)(**args, name=name)(x)
    return keras.Model(inputs, x, name="cnnviz")


def keras_code(spec, input_shape=INPUT_SHAPE, classes: int = CLASSES) -> str:
    """Runnable Keras Python that builds the same model (and prints its summary)."""
    summarize(spec, input_shape, classes)
    lines = ["import keras", "from keras import layers", "",
             f"inputs = keras.Input(shape={tuple(input_shape)!r}, name=\"input\")", "x = inputs"]
    for cls, name, args in keras_layers(spec, classes):
        shown = ", ".join(f"{k}={v!r}".replace("'", '"') for k, v in args.items())
        lines.append(f"x = layers.{cls}({shown + ', ' if shown else ''}name=\"{name}\")(x)")
    lines += ["model = keras.Model(inputs, x, name=\"cnnviz\")", "model.summary()",
              f"# train it with loss=\"{loss_for(spec)}\" (labels 0..{classes - 1}) and metrics=[\"accuracy\"]", ""]
    return "\n".join(lines)


def keras_file(spec, path, input_shape=INPUT_SHAPE, classes: int = CLASSES) -> None:
    """Save the untrained model (fresh Glorot-uniform weights) as a `.keras` file at `path`."""
    build(spec, input_shape, classes).save(str(path))


def label(spec) -> str:
    """A short human summary for run lists, e.g. "Conv32·Pool·Conv64·Pool·Dense100·Drop0.4" ("Conv16s2": strides 2)."""
    parts = []
    for layer in normalise(spec):
        kind = layer["kind"]
        if kind == "conv2d":
            size = "" if layer["kernel_size"] == 3 else f"k{layer['kernel_size']}"
            stride = "" if layer["strides"] == 1 else f"s{layer['strides']}"
            parts.append(f"Conv{layer['filters']}{size}{stride}")
        elif kind in ("maxpool2d", "avgpool2d"):
            parts.append(("Pool" if kind == "maxpool2d" else "AvgPool") +
                         ("" if layer["pool_size"] == 2 else str(layer["pool_size"])))
        elif kind == "dropout":
            parts.append(f"Drop{layer['rate']:g}")
        elif kind == "dense":
            parts.append(f"Dense{layer['units']}")
        elif kind == OUTPUT:
            parts.append("Sigmoid")
        elif kind in AUGMENTATIONS:
            parts.append(KINDS[kind][0].removeprefix("Random"))
        elif kind != "flatten":
            parts.append({"batchnorm": "BN", "gap2d": "GAP"}[kind])
    return "·".join(parts) or "Dense"


# Compact URL form: one token per layer joined by "_", e.g. "C32-3-1-s-r_M2-2_F_D100-r_O0.4".
_CODES = {"conv2d": "C", "maxpool2d": "M", "avgpool2d": "A", "dropout": "O", "batchnorm": "B", "flatten": "F",
          "gap2d": "G", "dense": "D", "random_flip": "R", "random_rotation": "T", "random_zoom": "Z",
          "random_translation": "S", "random_contrast": "K", OUTPUT: "Y"}
_KIND_OF = {v: k for k, v in _CODES.items()}
_SHORT = {"same": "s", "valid": "v", "relu": "r", "tanh": "t", "sigmoid": "g", "linear": "l", "softmax": "x",
          "horizontal": "h", "vertical": "u", "horizontal_and_vertical": "b"}
_LONG = {v: k for k, v in _SHORT.items()}


def _params(kind: str) -> dict:
    return {"activation": ("softmax", OUTPUTS)} if kind == OUTPUT else KINDS[kind][1]


def encode(spec) -> str:
    """The spec as a short URL-safe string (see `decode`)."""
    tokens = []
    for layer in normalise(spec):
        values = [layer[p] for p in _params(layer["kind"])]
        tokens.append(_CODES[layer["kind"]] + "-".join(_SHORT.get(v, f"{v:g}" if isinstance(v, float) else str(v))
                                                       for v in values))
    return "_".join(tokens)


def decode(text: str) -> list[dict]:
    """The spec from `encode`'s string; ArchitectureError if it is not one.

    The text comes from a link anyone can send, so its length and each number's are bounded before
    anything is converted; a number too long to be in range stays text, which `normalise` then
    refuses, quoting its first characters.
    """
    text = text or ""
    if len(text) > MAX_LINK_CHARS:
        raise ArchitectureError(f"The architecture text is {len(text):,} characters long; at most "
                                f"{MAX_LINK_CHARS:,}.", None, "link_too_long", n=f"{len(text):,}",
                                limit=f"{MAX_LINK_CHARS:,}")
    spec = []
    for i, token in enumerate(filter(None, text.split("_"))):
        kind = _KIND_OF.get(token[0])
        params = list(_params(kind)) if kind else []
        values = token[1:].split("-") if token[1:] else []
        if kind is None or len(values) != len(params) or "" in values:  # "D-1": units "", activation "1"
            raise ArchitectureError(f"Layer {i + 1}: {shown(token)} is not a layer this app can read.", i,
                                    "bad_token", layer=i + 1, token=shown(token))
        layer = {"kind": kind}
        for name, value in zip(params, values):
            if value in _LONG:
                layer[name] = _LONG[value]
            elif len(value) <= MAX_NUMBER_CHARS and re.fullmatch(r"[0-9]+", value):
                layer[name] = int(value)
            elif len(value) <= MAX_NUMBER_CHARS and re.fullmatch(r"[0-9]*\.[0-9]+", value):
                layer[name] = float(value)
            else:
                layer[name] = value  # normalise names the bad setting
        spec.append(layer)
    return normalise(spec)
