"""Shapes and parameter counts against Keras's own, for the presets and for seeded random stacks."""
import random

import keras
import numpy as np
import pytest
from keras.src.utils.summary_utils import readable_memory_size, weight_memory_size

from cnnviz import architecture as arch
from cnnviz.architecture import ArchitectureError
from cnnviz.plots import architecture as plots

EXPECTED = {"fashion_cnn": 333_526, "mnist_cnn": 421_642, "mnist_slides": 1_199_882, "keras_simple": 34_826,
            "mlp_slides": 407_050, "quick_bn": 106_058}


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


def test_label_is_short_and_readable():
    assert arch.label(arch.PRESETS["fashion_cnn"]) == "Conv32·Pool·Conv64·Pool·Dense100·Drop0.4"
    assert arch.label([{"kind": "conv2d", "kernel_size": 5}, {"kind": "batchnorm"}, {"kind": "gap2d"}]) == \
        "Conv32k5·BN·GAP"


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
