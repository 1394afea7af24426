"""Shapes and parameter counts against Keras's own, for the presets and for seeded random stacks."""
import random

import keras
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from keras.src.utils.summary_utils import readable_memory_size, weight_memory_size

from cnnviz import architecture as arch
from cnnviz.architecture import ArchitectureError
from cnnviz.i18n import LANGUAGES, t
from cnnviz.plots import architecture as plots

EXPECTED = {"fashion_cnn": 333_526, "mnist_cnn": 421_642, "mnist_slides": 1_199_882, "keras_simple": 34_826,
            "mlp_slides": 407_050, "quick_bn": 106_058, "quick_strided": 105_994}


def assert_matches_keras(spec, input_shape=arch.INPUT_SHAPE, classes=arch.CLASSES, model=None):
    summary = arch.summarize(spec, input_shape, classes)
    model = model or arch.build(spec, input_shape, classes)
    layers = model.layers[1:]
    assert model.layers[0].name == "input"
    assert [layer.name for layer in layers] == [row.name for row in summary.rows]
    for layer, row in zip(layers, summary.rows):
        assert tuple(layer.output.shape[1:]) == row.output_shape, row.name
        assert layer.count_params() == row.params, row.name
        assert sum(int(np.prod(w.shape)) for w in layer.trainable_weights) == row.trainable, row.name
    assert model.count_params() == summary.total_params
    assert summary.weight_bytes == weight_memory_size(model.weights)
    assert arch.readable_bytes(summary.weight_bytes) == readable_memory_size(summary.weight_bytes)
    return summary


@pytest.mark.parametrize("name", arch.PRESETS)
def test_presets_match_keras_and_the_reference_counts(name):
    summary = assert_matches_keras(arch.PRESETS[name])
    if name in EXPECTED:
        assert summary.total_params == EXPECTED[name]
    else:
        assert summary.total_params < 10_000  # the tiny model stays tiny
    # the Keras example's second pooling floors 11 → 5: its last row and column are never pooled
    assert [w.layer_index for w in summary.warnings] == ([3] if name == "keras_simple" else [])


def test_textbook_model_formulas():
    rows = {r.name: r for r in arch.summarize(arch.PRESETS["fashion_cnn"]).rows}
    assert rows["conv2d_1"].shape_formula == "floor((28 + 2·1 − 3)/1) + 1 = 28"
    assert rows["conv2d_1"].params_formula == "3·3·1·32 + 32 = 320"
    assert rows["max_pooling2d_2"].output_shape == (7, 7, 64)
    assert rows["flatten_1"].shape_formula == "7·7·64 = 3,136"
    assert rows["dense_1"].params_formula == "3,136·100 + 100 = 313,700"
    assert [r.name for r in arch.summarize(arch.PRESETS["fashion_cnn"]).rows][-2:] == ["logits", "softmax"]


def test_defaults_are_filled_in_and_pool_stride_defaults_to_pool_size():
    spec = arch.normalise([{"kind": "conv2d"}, {"kind": "maxpool2d", "pool_size": 3}, {"kind": "flatten"},
                           {"kind": "dense", "units": 16.0}])
    assert spec[0] == {"kind": "conv2d", "filters": 32, "kernel_size": 3, "strides": 1, "padding": "same",
                       "activation": "relu"}
    assert spec[1]["strides"] == 3
    assert spec[3]["units"] == 16 and isinstance(spec[3]["units"], int)


def random_valid_stack(rng: random.Random, size: int = 28) -> list[dict]:
    """A stack that should build on a size×size (or larger) input: conv/pool blocks, Flatten or GAP, dense."""
    spec = []
    for _ in range(rng.randint(0, 4)):
        k, s = rng.randint(1, 5), rng.choice([1, 1, 1, 2, 3])
        padding = rng.choice(["same", "valid"]) if size >= k else "same"
        spec.append(dict(kind="conv2d", filters=rng.randint(1, 24), kernel_size=k, strides=s, padding=padding,
                         activation=rng.choice(arch.ACTIVATIONS)))
        size = -(-size // s) if padding == "same" else (size - k) // s + 1
        if rng.random() < 0.5 and size >= 2:
            p = rng.randint(2, min(size, 4))
            stride = rng.choice([None, 1, 2, p])
            spec.append(dict(kind=rng.choice(["maxpool2d", "avgpool2d"]), pool_size=p, strides=stride))
            size = (size - p) // (stride or p) + 1
        if rng.random() < 0.3:
            spec.append(rng.choice([dict(kind="batchnorm"), dict(kind="dropout", rate=round(rng.random() * 0.9, 2))]))
    spec.append(dict(kind=rng.choice(["flatten", "gap2d"] if spec else ["flatten"])))
    for _ in range(rng.randint(0, 2)):
        spec.append(dict(kind="dense", units=rng.randint(1, 64), activation=rng.choice(arch.ACTIVATIONS)))
        if rng.random() < 0.4:
            spec.append(rng.choice([dict(kind="batchnorm"), dict(kind="dropout", rate=0.5)]))
    return spec


def test_random_valid_stacks_match_keras():
    rng = random.Random(20261122)
    for _ in range(300):
        input_shape = rng.choice([(28, 28, 1), (28, 28, 1), (20, 24, 3)])
        spec = random_valid_stack(rng, min(input_shape[:2]))
        assert_matches_keras(spec, input_shape, classes=rng.choice([10, 3]))


def test_random_stacks_raise_our_error_and_keras_agrees_they_cannot_build():
    """Any random stack either summarises exactly as Keras builds it, or raises ArchitectureError."""
    rng = random.Random(7)
    kinds = list(arch.KINDS)
    outcomes = {"ok": 0, "error": 0}
    for _ in range(300):
        spec = []
        for _ in range(rng.randint(0, 7)):
            kind = rng.choice(kinds)
            layer = {"kind": kind}
            if kind == "conv2d":
                layer.update(filters=rng.randint(1, 8), kernel_size=rng.randint(1, 9), strides=rng.randint(1, 5),
                             padding=rng.choice(arch.PADDINGS))
            elif kind in ("maxpool2d", "avgpool2d"):
                layer.update(pool_size=rng.randint(1, 5), strides=rng.randint(1, 5))
            elif kind == "dense":
                layer.update(units=rng.randint(1, 4096))
            spec.append(layer)
        try:
            arch.summarize(spec)
        except ArchitectureError as exc:
            outcomes["error"] += 1
            assert exc.layer_index is None or 0 <= exc.layer_index < len(spec)
            if exc.code in ("too_small", "needs_volume"):  # shapes Keras itself cannot compute
                with pytest.raises(ArchitectureError):
                    arch.build(spec)
                with pytest.raises(Exception):
                    keras.Model(*_raw_keras(spec))
            continue
        outcomes["ok"] += 1
        assert_matches_keras(spec)
    assert outcomes["ok"] > 10 and outcomes["error"] > 100


def _raw_keras(spec):
    """The same stack straight through Keras, bypassing our checks."""
    inputs = keras.Input(arch.INPUT_SHAPE)
    x = inputs
    for cls, _, args in arch.keras_layers(spec):
        x = getattr(keras.layers, cls)(**args)(x)
    return inputs, x


INVALID = [  # (spec, error code, index of the layer at fault)
    ([{"kind": "conv2d", "kernel_size": 5, "padding": "valid"}] * 7 + [{"kind": "flatten"}], "too_small", 6),
    ([{"kind": "maxpool2d"}] * 5 + [{"kind": "flatten"}], "too_small", 4),
    ([{"kind": "flatten"}, {"kind": "conv2d"}], "needs_volume", 1),
    ([{"kind": "gap2d"}, {"kind": "maxpool2d"}, {"kind": "flatten"}], "needs_volume", 1),
    ([{"kind": "conv2d"}, {"kind": "dense"}, {"kind": "flatten"}], "needs_flat", 1),
    ([{"kind": "conv2d"}], "output_needs_flat", None),
    ([], "output_needs_flat", None),
    ([{"kind": "conv2d", "filters": 512}, {"kind": "flatten"}, {"kind": "dense", "units": 4096}],
     "too_many_params", 2),
    ([{"kind": "conv2d", "filters": 0}], "bad_number", 0),
    ([{"kind": "flatten"}, {"kind": "dense", "units": 2.5}], "bad_number", 1),
    ([{"kind": "flatten"}, {"kind": "dropout", "rate": 1.0}], "bad_number", 1),
    ([{"kind": "conv2d", "padding": "full"}], "bad_choice", 0),
    ([{"kind": "flatten"}, {"kind": "lstm"}], "unknown_kind", 1),
    ([{"kind": "flatten", "units": 3}], "unknown_param", 0),
    ("conv2d", "not_a_list", None),
    ([{"kind": "batchnorm"}] * 31, "too_many_layers", None),
]


@pytest.mark.parametrize("spec,code,index", INVALID)
def test_invalid_stacks_name_the_layer_at_fault(spec, code, index):
    with pytest.raises(ArchitectureError) as caught:
        arch.summarize(spec)
    assert caught.value.code == code and caught.value.layer_index == index
    if code in ("too_small", "needs_volume", "needs_flat"):  # the layers before the fault keep their shapes
        assert [r.index for r in caught.value.rows] == list(range(index))
    if index is not None:
        assert f"Layer {index + 1}" in str(caught.value) or "dense_1" in str(caught.value)


def test_uneven_stride_warns_as_keras_floors():
    spec = [{"kind": "conv2d", "kernel_size": 3, "strides": 2, "padding": "valid"}, {"kind": "flatten"}]
    summary = assert_matches_keras(spec)
    assert summary.rows[0].output_shape == (13, 13, 32)
    assert summary.rows[0].shape_formula == "floor((28 + 2·0 − 3)/2) + 1 = 13"
    assert [(w.layer_index, w.code, w.values["count"]) for w in summary.warnings] == [(0, "uneven_stride", 1)]
    spec = [{"kind": "conv2d", "kernel_size": 4, "strides": 3, "padding": "valid"}, {"kind": "flatten"}]
    assert not arch.summarize(spec).warnings  # (28 − 4) / 3 is exact


def test_url_encoding_round_trips_and_rejects_garbage():
    rng = random.Random(3)
    for _ in range(50):
        spec = arch.normalise(random_valid_stack(rng))
        text = arch.encode(spec)
        assert arch.decode(text) == spec
        assert all(c.isalnum() or c in "_-." for c in text)
    assert arch.encode(arch.PRESETS["fashion_cnn"]) == "C32-3-1-s-r_M2-2_C64-3-1-s-r_M2-2_F_D100-r_O0.4"
    for bad in ("X1", "C32-3", "Cx-3-1-s-r", "D100-q", "C999-3-1-s-r"):
        with pytest.raises(ArchitectureError):
            arch.decode(bad)
    with pytest.raises(ArchitectureError) as empty:  # a negative number leaves an empty field
        arch.decode("D-1")
    assert empty.value.code == "bad_token" and empty.value.values["token"] == "D-1"


def refusal(call, *args) -> ArchitectureError:
    """The ArchitectureError `call(*args)` raises, after checking that it reads short and clean in every language."""
    with pytest.raises(ArchitectureError) as caught:
        call(*args)
    error = caught.value
    for text in (str(error), *(t(f"build.error.{error.code}", lang, **error.values) for lang in LANGUAGES)):
        assert len(text) < 400 and text.isprintable(), text[:400]
    return error


@pytest.mark.parametrize("text,code,values", [
    ("D" + "9" * 400 + "-r", "bad_number", {"param": "units", "value": "9" * 23 + "…"}),  # float() overflowed
    ("C32-3-1-s-r_D" + "9" * 12 + "-r", "bad_number", {"param": "units", "value": "9" * 12}),
    ("O" + "9" * 20 + ".5", "bad_number", {"param": "rate", "value": "9" * 20 + ".5"}),
    ("D" + "9" * 5000 + "-r", "link_too_long", {"n": "5,003", "limit": "2,000"}),  # int() refused over 4,300 digits
    ("Q" * 2**20, "link_too_long", {"n": "1,048,576", "limit": "2,000"}),  # the message once repeated it whole
    ("Q\x1b[31m\x00red", "bad_token", {"token": "Q?[31m?red"}),
], ids=["400 digits", "12 digits", "long decimal", "5000 digits", "megabyte", "control characters"])
def test_hostile_share_links_are_refused_quoting_a_short_clean_prefix(text, code, values):
    error = refusal(arch.decode, text)
    assert error.code == code and values.items() <= error.values.items()


@pytest.mark.parametrize("spec,code,shown", [
    ([{"kind": []}], "unknown_kind", "[]"),
    ([{"kind": {"a": 1}}, {"kind": "flatten"}], "unknown_kind", "{'a': 1}"),
    ([{"kind": "dense", "units": 10**5000}], "bad_number", "~10^5000"),  # str() of it raises
    ([{"kind": "dropout", "rate": 10**400}], "bad_number", "~10^400"),  # float() and isfinite() overflow
    ([{"kind": "dropout", "rate": float("nan")}], "bad_number", "nan"),
    ([{"kind": "dense", "units": True}], "bad_number", "True"),
    ([{"kind": "dense", "units": [[[[[[[[1]]]]]]]]}], "bad_number", "[[[[...]]]]"),
    ([{"kind": "conv2d", "padding": ["same"]}], "bad_choice", "['same']"),
    ([{"kind": "flatten", "x" * 10_000: 1}], "unknown_param", "x" * 23 + "…"),
], ids=["list kind", "dict kind", "5000-digit int", "400-digit rate", "nan", "bool", "nested", "list choice",
        "long name"])
def test_any_json_spec_gives_an_architecture_error(spec, code, shown):
    error = refusal(arch.summarize, spec)
    assert error.code == code and shown in error.values.values()


JSON = st.recursive(
    st.none() | st.booleans() | st.floats() | st.text(max_size=30) | st.integers()
    | st.integers(-5000, 5000).map(lambda digits: (-1 if digits < 0 else 1) * 10**abs(digits)),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20)
LAYER = st.builds(lambda kind, params: {"kind": kind, **params}, st.sampled_from([*arch.KINDS, "lstm"]),
                  st.dictionaries(st.sampled_from(["filters", "kernel_size", "strides", "padding", "activation",
                                                   "pool_size", "rate", "units", "other"]), JSON, max_size=3))


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=300), st.text(alphabet="CMAOBFGD0123456789.-_srvtgl", max_size=300),
                 st.lists(st.sampled_from(["D" + "9" * 4400 + "-r", "C9-9-9-s-r_", "O.5_", "F_", "_"]), max_size=8)
                 .map("".join)))
def test_fuzzed_share_links_only_ever_raise_architecture_error(text):
    try:
        arch.decode(text)
    except ArchitectureError:
        refusal(arch.decode, text)


@settings(max_examples=300, deadline=None)
@given(st.one_of(JSON, st.lists(LAYER | JSON, max_size=6)))
def test_fuzzed_specs_only_ever_raise_architecture_error(spec):
    try:
        arch.summarize(spec)
    except ArchitectureError:
        refusal(arch.summarize, spec)


def test_label_is_short_and_readable():
    assert arch.label(arch.PRESETS["fashion_cnn"]) == "Conv32·Pool·Conv64·Pool·Dense100·Drop0.4"
    assert arch.label([{"kind": "conv2d", "kernel_size": 5}, {"kind": "batchnorm"}, {"kind": "gap2d"}]) == \
        "Conv32k5·BN·GAP"
    assert arch.label(arch.PRESETS["quick_strided"]) == "Conv16s2·Conv32s2·BN·Dense64"


@pytest.mark.parametrize("name", ["mnist_slides", "keras_simple"])
def test_exported_code_builds_the_summarised_model(name, capsys):
    code = arch.keras_code(arch.PRESETS[name])
    scope = {}
    exec(compile(code, "exported.py", "exec"), scope)
    assert_matches_keras(arch.PRESETS[name], model=scope["model"])
    assert f"{arch.summarize(arch.PRESETS[name]).total_params:,}" in capsys.readouterr().out


def test_keras_file_loads_back_untrained(tmp_path):
    spec = arch.PRESETS["tiny"]
    path = tmp_path / "tiny.keras"
    arch.keras_file(spec, path)
    model = keras.saving.load_model(path)
    assert_matches_keras(spec, model=model)
    kernel = model.get_layer("conv2d_1").kernel.numpy()
    assert abs(kernel.mean()) < 0.1 and 0 < kernel.std() < 0.5  # fresh Glorot weights, not zeros


def test_diagram_draws_one_block_per_volume_and_shares_sum_to_one():
    rng = random.Random(11)
    for spec in [*arch.PRESETS.values(), *(random_valid_stack(rng) for _ in range(30))]:
        summary = arch.summarize(spec)
        blocks = plots.blocks(summary)
        assert len(blocks) == 1 + sum(r.kind not in plots.MERGED for r in summary.rows)
        assert sum(b["params"] for b in blocks) == summary.total_params
        fig = plots.volume_diagram(summary, "parameters")
        assert len(fig.data[-1].hovertext) == len(blocks)  # one hover point per block
        shares = [row["share"] for row in arch.table(summary)]
        assert sum(shares) == pytest.approx(1.0)
    names = [b["title"] for b in plots.blocks(arch.summarize(arch.PRESETS["fashion_cnn"]))]
    assert names == ["Input", "Conv2D", "MaxPool", "Conv2D", "MaxPool", "Flatten", "Dense<br>+ Dropout",
                     "Dense<br>+ softmax"]


AUGMENT = [{"kind": "random_flip"}, {"kind": "random_rotation", "factor": 0.2}, {"kind": "random_zoom"},
           {"kind": "random_translation"}, {"kind": "random_contrast"}]


@pytest.mark.parametrize("shape", [(64, 64, 3), (150, 150, 3), (32, 32, 1)])
@pytest.mark.parametrize("name", arch.PHOTO_PRESETS)
def test_photo_presets_with_channels_match_keras(name, shape):
    spec = arch.presets(True, 2)[name]
    if name == "cats_dogs_notebook" and shape[0] < 64:
        with pytest.raises(ArchitectureError, match="does not fit"):
            arch.summarize(spec, shape, 2)
        return
    summary = assert_matches_keras(spec, shape, 2)
    conv = next(row for row in summary.rows if row.kind == "conv2d")
    f = conv.output_shape[-1]
    assert conv.params_formula == f"3·3·{shape[2]}·{f} + {f} = {9 * shape[2] * f + f:,}"
    if name == "cats_dogs_notebook" and shape == (150, 150, 3):
        assert summary.total_params == 3_453_121  # the notebook's model.summary()


def test_rgb_conv_parameters_are_three_kernels_per_filter():
    row = arch.summarize([arch._conv(32, 3), arch.FLATTEN], (150, 150, 3), 2).rows[0]
    assert row.params == 896 and row.params_formula == "3·3·3·32 + 32 = 896"


def test_one_sigmoid_unit_or_two_softmax_units_for_two_classes():
    hidden = [arch._conv(8, 3), arch._pool(), arch.FLATTEN]
    softmax = assert_matches_keras(hidden, (32, 32, 3), 2)
    sigmoid = assert_matches_keras(hidden + [arch.SIGMOID], (32, 32, 3), 2)
    assert [r.name for r in sigmoid.rows[-2:]] == ["logits", "sigmoid"] and sigmoid.rows[-1].output_shape == (1,)
    assert softmax.rows[-2].params - sigmoid.rows[-2].params == 16 * 16 * 8 + 1  # one unit's weights and bias
    assert arch.loss_for(hidden + [arch.SIGMOID]) == "binary_crossentropy"
    assert arch.loss_for(hidden) == "sparse_categorical_crossentropy"
    with pytest.raises(ArchitectureError) as err:
        arch.summarize(hidden + [arch.SIGMOID], (32, 32, 3), 10)
    assert err.value.code == "sigmoid_needs_two"
    with pytest.raises(ArchitectureError) as err:
        arch.normalise([arch.SIGMOID, *hidden])
    assert err.value.code == "output_not_last"
    assert arch.presets(True, 5)["photo_small"][-1]["kind"] != arch.OUTPUT  # many classes: softmax


def test_augmentation_layers_go_first_have_no_parameters_and_survive_the_address():
    spec = AUGMENT + [arch._conv(8, 3), arch.FLATTEN, arch.SIGMOID]
    summary = assert_matches_keras(spec, (64, 64, 3), 2)
    assert all(r.params == 0 and r.output_shape == (64, 64, 3) for r in summary.rows[:5])
    assert arch.decode(arch.encode(spec)) == arch.normalise(spec)
    assert arch.label(spec) == "Flip·Rotation·Zoom·Translation·Contrast·Conv8·Sigmoid"
    with pytest.raises(ArchitectureError) as err:
        arch.summarize([arch._conv(8, 3), {"kind": "random_flip"}, arch.FLATTEN], (32, 32, 3), 2)
    assert (err.value.code, err.value.layer_index) == ("augment_first", 1)


def test_exported_code_builds_the_same_photo_model():
    spec = AUGMENT + arch.PHOTO_PRESETS["photo_small"]
    code = arch.keras_code(spec, (64, 64, 3), 2)
    scope = {}
    exec(code.replace("model.summary()", ""), scope)
    built = arch.build(spec, (64, 64, 3), 2)
    assert [type(layer).__name__ for layer in scope["model"].layers] == [type(layer).__name__ for layer in built.layers]
    assert scope["model"].count_params() == built.count_params() and 'loss="binary_crossentropy"' in code
