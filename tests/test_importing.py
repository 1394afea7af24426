"""Importing a learner's .keras file: the textbook model loads; hostile or unfit files are refused clearly."""
import io
import json
import resource
import zipfile

import h5py
import keras
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from keras.src.backend.common import global_state

from cnnviz import architecture, i18n, importing, inside, runs
from cnnviz.importing import ImportFailed


def textbook_cnn() -> keras.Model:
    """The Fashion-MNIST CNN of the textbook's chapter 8-2, written as the textbook writes it."""
    model = keras.Sequential([
        keras.Input(shape=(28, 28, 1)),
        keras.layers.Conv2D(32, kernel_size=3, activation="relu", padding="same"),
        keras.layers.MaxPooling2D(2),
        keras.layers.Conv2D(64, kernel_size=(3, 3), activation="relu", padding="same"),
        keras.layers.MaxPooling2D(2),
        keras.layers.Flatten(),
        keras.layers.Dense(100, activation="relu"),
        keras.layers.Dropout(0.4),
        keras.layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def saved(model: keras.Model, tmp_path, name="model.keras") -> bytes:
    path = tmp_path / name
    model.save(path)
    return path.read_bytes()


def zip_of(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def refused(data: bytes, reason: str, needs: importing.Needs = importing.DIGITS) -> ImportFailed:
    with pytest.raises(ImportFailed) as info:
        importing.load_upload(data, needs)
    assert info.value.reason == reason, str(info.value)
    for lang in ("en", "ko"):  # every refusal has its message, its details fill it
        assert i18n.t(f"inside.import_error.{reason}", lang, **info.value.details)
    return info.value


def h5_of(fill) -> bytes:
    """An HDF5 file made in memory; `fill(file)` creates its datasets."""
    buffer = io.BytesIO()
    with h5py.File(buffer, "w") as weights:
        fill(weights)
    return buffer.getvalue()


def member(data: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(name)


@pytest.fixture(scope="module")
def textbook_bytes(tmp_path_factory):
    model = textbook_cnn()
    x = np.random.default_rng(0).random((32, 28, 28, 1), dtype=np.float32)
    model.fit(x, np.arange(32) % 10, epochs=1, verbose=0)  # trained, so the file holds optimizer state too
    return saved(model, tmp_path_factory.mktemp("textbook"), "best-cnn-model.keras"), model


def test_textbook_model_imports_with_its_weights(textbook_bytes):
    data, original = textbook_bytes
    model = importing.load_upload(data)
    assert model.count_params() == 333_526
    image = np.random.default_rng(1).random((1, 28, 28, 1), dtype=np.float32)
    np.testing.assert_allclose(model(image).numpy(), original(image).numpy(), atol=1e-6)
    maps = inside.FeatureMaps(model)(image[0, :, :, 0])
    assert [m.shape for m in maps.values()][:2] == [(1, 28, 28, 32), (1, 14, 14, 32)]


def test_flat_784_input_model_imports(tmp_path):
    model = keras.Sequential([keras.Input(shape=(784,)), keras.layers.Dense(16, activation="relu"),
                              keras.layers.Dense(10), keras.layers.Softmax(name="softmax")])
    loaded = importing.load_upload(saved(model, tmp_path))
    assert tuple(loaded.inputs[0].shape) == (None, 784)
    assert inside.FeatureMaps(loaded)(np.zeros((28, 28)))["softmax"].shape == (1, 10)


@pytest.mark.parametrize("data", [b"", b"not a model at all", b"PK\x03\x04" + b"\x00" * 100])
def test_non_zip_is_refused(data):
    assert "zip" in str(refused(data, "not_zip"))


def test_truncated_file_is_refused(textbook_bytes):
    refused(textbook_bytes[0][: len(textbook_bytes[0]) // 2], "not_zip")


def test_damaged_weights_are_refused_before_keras_reads_them(textbook_bytes):
    data = bytearray(textbook_bytes[0])
    middle = len(data) // 2  # inside the weights member, whose CRC then no longer matches
    data[middle:middle + 64] = bytes(b ^ 0xFF for b in data[middle:middle + 64])  # zeros could land on zeros
    assert refused(bytes(data), "corrupt").details["member"] == "model.weights.h5"


def test_file_over_the_size_limit_is_refused(monkeypatch, textbook_bytes):
    monkeypatch.setattr(importing, "MAX_FILE_BYTES", 1_000_000)
    err = refused(textbook_bytes[0], "too_large")
    assert err.details["limit"] == "1"


def test_zip_bomb_is_refused_before_unpacking(monkeypatch):
    monkeypatch.setattr(importing, "MAX_UNPACKED_BYTES", 8 * 2**20)
    bomb = zip_of({"config.json": b"{}", "model.weights.h5": bytes(64 * 2**20)})
    assert len(bomb) < 200_000  # 64 MB of zeros packs into a few kB
    refused(bomb, "unpacked_too_large")


def test_huge_layer_in_the_config_is_refused_without_allocating_it(tmp_path):
    """~1 kB of config asking for a 784 → 5,000,000 Dense: 16 GB if Keras built it, refused in milliseconds."""
    small = keras.Sequential([keras.Input(shape=(784,)), keras.layers.Dense(8, activation="relu"),
                              keras.layers.Dense(10, activation="softmax")])
    data = saved(small, tmp_path)
    config = json.loads(member(data, "config.json"))
    config["config"]["layers"][1]["config"]["units"] = 5_000_000
    del config["config"]["layers"][2]["build_config"]  # the next layer now takes 5,000,000 inputs
    hostile = zip_of({"config.json": json.dumps(config).encode(), "model.weights.h5": member(data, "model.weights.h5")})
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    err = refused(hostile, "too_many_params")
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak < 500 * 2**10
    assert err.details == {"count": 784 * 5_000_000 + 5_000_000 + 5_000_000 * 10 + 10,
                           "limit": f"{architecture.PARAM_BUDGET:,}"}
    # Keras's list of variables to allocate later holds none of the counted ones.
    assert all(v.shape != (784, 5_000_000) for v in global_state.get_global_attribute("uninitialized_variables") or [])


def test_compressed_weights_past_the_budget_are_refused(textbook_bytes):
    data = textbook_bytes[0]
    weights = h5_of(lambda f: f.create_dataset("layers/dense/vars/0", shape=(10**9,), dtype="f4",
                                               compression="gzip", chunks=(2**20,)))
    assert len(weights) < 10_000  # 4 GB of zeros
    hostile = zip_of({"config.json": member(data, "config.json"), "model.weights.h5": weights})
    err = refused(hostile, "weights_too_large")
    assert "1,000,000,000" in i18n.t("inside.import_error.weights_too_large", "en", **err.details)


def test_weights_kept_in_a_file_on_the_server_are_refused(textbook_bytes, tmp_path):
    secret = tmp_path / "secret"
    secret.write_bytes(bytes(64))
    weights = h5_of(lambda f: f.create_dataset("layers/dense/vars/1", shape=(16,), dtype="f4",
                                               external=[(str(secret), 0, 64)]))
    hostile = zip_of({"config.json": member(textbook_bytes[0], "config.json"), "model.weights.h5": weights})
    assert refused(hostile, "external_data").details["what"] == "layers/dense/vars/1"


def test_unreadable_weights_or_config_are_import_failures(textbook_bytes):
    config = member(textbook_bytes[0], "config.json")
    refused(zip_of({"config.json": config, "model.weights.h5": b"not hdf5"}), "load_failed")
    weights = member(textbook_bytes[0], "model.weights.h5")
    for bad in (b"[]", b'{"class_name": "NoSuchLayer", "config": {}}', config.replace(b'"units": 100', b'"units": -3')):
        refused(zip_of({"config.json": bad, "model.weights.h5": weights}), "load_failed")


@pytest.mark.parametrize("preset", sorted(architecture.PRESETS))
def test_measured_parameters_and_activations_equal_the_built_models(preset):
    model = architecture.build(architecture.PRESETS[preset])
    config = json.loads(json.dumps(keras.saving.serialize_keras_object(model)))  # as config.json holds it
    size = importing.measure(config)
    assert size.params == model.count_params()
    outputs = {layer.name: int(np.prod(layer.output.shape[1:])) for layer in model.layers}  # the input layer too
    largest = max(outputs.values())
    assert size.activations == sum(outputs.values()) and size.largest[1] == largest  # ties: any of the largest
    assert outputs[size.largest[0]] == largest


def test_zip_without_model_members_is_refused():
    assert "model.weights.h5" in refused(zip_of({"config.json": b"{}"}), "not_keras").details["missing"]


def test_lambda_layer_is_refused_and_safe_mode_would_refuse_it_too(tmp_path):
    inputs = keras.Input(shape=(28, 28, 1))
    x = keras.layers.Lambda(lambda t: t * 2.0)(inputs)
    x = keras.layers.Flatten()(x)
    model = keras.Model(inputs, keras.layers.Dense(10, activation="softmax")(x))
    data = saved(model, tmp_path)
    assert refused(data, "code").details["what"] == "Lambda"
    # The config check is a first line; Keras's safe mode, which load_keras always uses, is the second.
    with pytest.raises(ImportFailed) as info:
        importing.load_keras(tmp_path / "model.keras")
    assert info.value.reason == "load_failed" and "safe_mode" in str(info.value)


@keras.saving.register_keras_serializable(package="elsewhere")
class Doubling(keras.layers.Layer):
    def call(self, x):
        return x * 2.0


def test_custom_layer_class_is_refused(tmp_path):
    inputs = keras.Input(shape=(784,))
    model = keras.Model(inputs, keras.layers.Dense(10, activation="softmax")(Doubling()(inputs)))
    assert refused(saved(model, tmp_path), "custom").details["what"] == "Doubling"


@pytest.mark.parametrize("shape", [(32, 32, 3), (28, 28, 3), (100,)])
def test_wrong_input_shape_is_refused(tmp_path, shape):
    inputs = keras.Input(shape=shape)
    model = keras.Model(inputs, keras.layers.Dense(10, activation="softmax")(keras.layers.Flatten()(inputs)))
    assert refused(saved(model, tmp_path), "input_shape").details["shape"] == str(shape)


def test_wrong_number_of_outputs_is_refused(tmp_path):
    model = keras.Sequential([keras.Input(shape=(784,)), keras.layers.Dense(5, activation="softmax")])
    assert refused(saved(model, tmp_path), "outputs").details["shape"] == "(5,)"


def test_the_cats_vs_dogs_notebooks_model_imports_for_photos_and_keeps_its_fit(tmp_path, cnnviz_home):
    """The notebook's 150×150 four-block CNN ending in one sigmoid unit: fine for cats vs dogs, not for MNIST."""
    model = architecture.build(architecture.PHOTO_PRESETS["cats_dogs_notebook"], (150, 150, 3), 2)
    data = saved(model, tmp_path)
    loaded = importing.load_upload(data, importing.photo_needs(2))
    assert loaded.count_params() == 3_453_121
    fit = importing.photo_fit_of(loaded)
    assert (fit.size, fit.mode, fit.color) == (150, "stretch", True)
    run = runs.create_imported_run(loaded, "cats_vs_dogs", "notebook", photo_fit=fit, class_names=["cat", "dog"])
    again = runs.load_run(run.id)
    assert again.config["fit"] == {"size": 150, "mode": "stretch", "color": True} and again.imported
    assert refused(data, "input_shape").details["shape"] == "(150, 150, 3)"  # for MNIST it is the wrong input
    assert refused(data, "outputs", importing.photo_needs(3)).details == {"shape": "(1,)", "classes": 3}
    sigmoid_ten = keras.Sequential([keras.Input(shape=(32, 32, 3)), keras.layers.Flatten(),
                                    keras.layers.Dense(2, activation="sigmoid", name="two")])
    assert refused(saved(sigmoid_ten, tmp_path, "two.keras"), "not_softmax", importing.photo_needs(2)).details == \
        {"layer": "two"}


def test_logits_without_softmax_are_refused(tmp_path):
    model = keras.Sequential([keras.Input(shape=(784,)), keras.layers.Dense(10, name="scores")])
    assert refused(saved(model, tmp_path), "not_softmax").details["layer"] == "scores"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_only_ever_raise_import_failed(data):
    with pytest.raises(ImportFailed):
        importing.load_upload(data)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.integers(0, 10**9), st.integers(1, 255))
def test_flipped_bytes_never_escape_as_another_error(textbook_bytes, position, flip):
    data = bytearray(textbook_bytes[0])
    data[position % len(data)] ^= flip
    try:
        importing.load_upload(bytes(data))
    except ImportFailed:
        pass  # most flips are caught by a CRC or the zip structure; a flip in a timestamp is harmless


def test_an_imported_model_becomes_a_run_every_page_can_use(textbook_bytes):
    from cnnviz import runs

    model = importing.load_upload(textbook_bytes[0])
    run = runs.create_imported_run(model, "fashion_mnist", "best-cnn-model")
    loaded = runs.load_run(run.id)
    assert loaded.imported and loaded.usable and loaded.dataset == "fashion_mnist"
    trained, untrained = loaded.model(), loaded.initial_model()
    kernel, _ = inside.kernel_and_bias(inside.conv_layers(trained)[0])
    np.testing.assert_array_equal(kernel, inside.kernel_and_bias(inside.conv_layers(model)[0])[0])
    kernel0, _ = inside.kernel_and_bias(inside.conv_layers(untrained)[0])
    assert not np.allclose(kernel, kernel0) and abs(inside.weight_stats(kernel0).std - 0.082) < 0.01
    assert [s.shape[0] for s in loaded.kernel_snapshots().values()] == [2, 2]  # untrained, trained
    maps = inside.FeatureMaps(untrained)(np.zeros((28, 28)))
    assert list(maps) == [layer.name for layer in model.layers]


def small_sequential(*layers) -> keras.Model:
    return keras.Sequential([keras.Input(shape=(28, 28, 1)), *layers, keras.layers.Flatten(),
                             keras.layers.Dense(10, activation="softmax")])


def test_a_sequential_model_with_hundreds_of_layers_is_refused_before_keras_reads_it(tmp_path):
    """Keras rebuilds a Sequential model once per layer: 300 Dense(8) took ~24 s of a shared CPU, 2,000 minutes."""
    config = json.loads(member(saved(small_sequential(keras.layers.Dense(8)), tmp_path), "config.json"))
    layers = config["config"]["layers"]

    def with_dense_layers(n: int) -> bytes:
        extra = [{**layers[1], "config": {**layers[1]["config"], "name": f"d{i}"}} for i in range(n)]
        config["config"]["layers"] = layers[:2] + extra + layers[2:]
        return zip_of({"config.json": json.dumps(config).encode(), "model.weights.h5": h5_of(lambda f: None)})

    err = refused(with_dense_layers(300), "too_many_layers")
    assert err.details == {"count": 304, "limit": importing.MAX_LAYER_CALLS}  # the input and the three others
    hostile = with_dense_layers(2000)
    assert len(hostile) < 40_000  # the 31 kB file: its 1.5 MB config is refused for its size first
    assert refused(hostile, "config_too_large").details == {"size": "1,515", "limit": "256"}


def test_every_call_of_a_shared_layer_and_every_nested_layer_counts(tmp_path):
    shared = keras.layers.ReLU()
    inputs = keras.Input(shape=(784,))
    x = inputs
    for _ in range(importing.MAX_LAYER_CALLS):
        x = shared(x)
    model = keras.Model(inputs, keras.layers.Dense(10, activation="softmax")(x))
    assert refused(saved(model, tmp_path), "too_many_layers").details["count"] == importing.MAX_LAYER_CALLS + 2
    inner = keras.Sequential([keras.Input(shape=(784,))] + [keras.layers.Dense(8) for _ in range(30)])
    inputs = keras.Input(shape=(784,))
    x = inner(inputs)
    for _ in range(25):
        x = keras.layers.Dense(8)(x)
    outer = keras.Model(inputs, keras.layers.Dense(10, activation="softmax")(x))  # 28 layers, 31 in the inner one
    assert refused(saved(outer, tmp_path, "nested.keras"), "too_many_layers").details["count"] == 28 + 31


def test_a_model_whose_activations_exceed_the_budget_is_refused_before_any_tensor_is_allocated(tmp_path):
    """20 parameters whose UpSampling2D((3000, 3000)) would need ~28 GB for one prediction."""
    model = keras.Sequential([keras.Input(shape=(28, 28, 1)), keras.layers.UpSampling2D((3000, 3000), name="huge"),
                              keras.layers.GlobalAveragePooling2D(), keras.layers.Dense(10, activation="softmax")])
    assert model.count_params() == 20
    data = saved(model, tmp_path)
    pending = list(global_state.get_global_attribute("uninitialized_variables") or [])
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    err = refused(data, "too_many_activations")
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak < 500 * 2**10
    assert err.details["layer"] == "huge" and err.details["size"] == f"{84_000 * 84_000:,}"
    assert err.details["count"] == 28 * 28 + 84_000 * 84_000 + 1 + 10
    assert list(global_state.get_global_attribute("uninitialized_variables") or []) == pending  # none left to allocate


def test_an_output_of_unknown_size_is_refused(tmp_path):
    inputs = keras.Input(shape=(None, 28, 1))
    model = keras.Model(inputs, keras.layers.Dense(10, activation="softmax")(
        keras.layers.GlobalAveragePooling2D()(inputs)))
    assert refused(saved(model, tmp_path), "unknown_shape").details["shape"] == "(None, None, 28, 1)"


@pytest.mark.parametrize("depth", [100, 100_000])  # past the limit, and past Python's recursion limit
def test_a_deeply_nested_config_is_too_deep_not_a_broken_zip(textbook_bytes, depth):
    config = member(textbook_bytes[0], "config.json").replace(
        b'"trainable": true', b'"trainable": ' + b"[" * depth + b"]" * depth, 1)
    weights = member(textbook_bytes[0], "model.weights.h5")
    assert refused(zip_of({"config.json": config, "model.weights.h5": weights}), "too_deep").details == {
        "limit": importing.MAX_CONFIG_DEPTH}


def test_a_config_over_its_size_limit_is_named_as_such(textbook_bytes):
    """It was reported as "the archive has no config.json"."""
    config = b'{"padding": "' + b" " * importing.MAX_CONFIG_BYTES + b'"}'
    err = refused(zip_of({"config.json": config, "model.weights.h5": member(textbook_bytes[0], "model.weights.h5")}),
                  "config_too_large")
    assert err.details["limit"] == "256"


@pytest.mark.parametrize("config", [b"{not json", b'{"units": ' + b"9" * 5000 + b"}", b"\xff\xfe{}"],
                         ids=["not json", "5000-digit number", "not utf-8"])
def test_a_config_that_is_not_json_is_named_as_such(textbook_bytes, config):
    refused(zip_of({"config.json": config, "model.weights.h5": member(textbook_bytes[0], "model.weights.h5")}),
            "bad_config")


def _paths(value, path=()):
    """The path (keys and indices) of every value inside `value`."""
    children = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, child in children:
        yield path + (key,)
        yield from _paths(child, path + (key,))


def _replace(value, path, new):
    if not path:
        return new
    copy = dict(value) if isinstance(value, dict) else list(value)
    copy[path[0]] = _replace(value[path[0]], path[1:], new)
    return copy


NESTED, HUGE = "@nested@", "@huge@"  # written into the JSON text, where json.dumps could not write them
MUTATIONS = st.one_of(
    st.integers(-10**6, 10**12), st.floats(), st.sampled_from([HUGE, NESTED]),
    st.sampled_from(sorted(name for name in dir(keras.layers) if name[0].isupper())), st.text(max_size=12),
    st.none(), st.booleans(), st.just([]), st.just({}))


@pytest.fixture(scope="module")
def small_model_members(tmp_path_factory):
    model = small_sequential(keras.layers.Conv2D(4, 3, activation="relu"), keras.layers.MaxPooling2D(2))
    data = saved(model, tmp_path_factory.mktemp("small"))
    return json.loads(member(data, "config.json")), member(data, "model.weights.h5")


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_fuzzed_model_configs_only_ever_raise_import_failed(small_model_members, data):
    """A real small model's config.json with one to three values replaced: numbers, class names, nesting."""
    config, weights = small_model_members
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(list(_paths(config))))
        config = _replace(config, path, data.draw(MUTATIONS))
    text = json.dumps(config).replace(f'"{HUGE}"', "9" * 5000).replace(
        f'"{NESTED}"', "[" * 2000 + "]" * 2000)
    try:
        importing.check_size(importing.check_archive(zip_of({"config.json": text.encode(),
                                                             "model.weights.h5": weights})))
    except ImportFailed as exc:
        for lang in ("en", "ko"):
            assert i18n.t(f"inside.import_error.{exc.reason}", lang, **exc.details)
