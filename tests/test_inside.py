"""Kernels, weight statistics, feature maps, normalisation and top-activating samples on real Keras models."""
import keras
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from cnnviz import architecture, datasets, inside


@pytest.fixture(scope="module")
def textbook():
    keras.utils.set_random_seed(3)
    return architecture.build(architecture.PRESETS["fashion_cnn"])


@pytest.fixture(scope="module")
def images():
    return datasets.load("fashion_mnist").x_test[:40]


def test_kernels_of_the_textbook_cnn(textbook):
    convs = inside.conv_layers(textbook)
    assert len(convs) == 2
    kernel, bias = inside.kernel_and_bias(convs[1])
    assert kernel.shape == (3, 3, 32, 64) and bias.shape == (64,)
    np.testing.assert_array_equal(kernel, convs[1].get_weights()[0])
    tiles = inside.kernel_tiles(kernel, 5)
    assert tiles.shape == (64, 3, 3)
    np.testing.assert_array_equal(tiles[7], kernel[:, :, 5, 7])
    np.testing.assert_allclose(inside.kernel_tiles(kernel)[7], kernel[:, :, :, 7].mean(axis=2), atol=1e-7)


def test_untrained_first_layer_has_glorot_statistics(textbook):
    kernel, _ = inside.kernel_and_bias(inside.conv_layers(textbook)[0])
    stats = inside.weight_stats(kernel)
    # Glorot uniform on fan_in 9, fan_out 288: limit sqrt(6/297) = 0.142, std = limit/sqrt(3) = 0.082
    assert stats.count == 288 and abs(stats.mean) < 0.02 and abs(stats.std - 0.082) < 0.01
    assert -0.143 < stats.min and stats.max < 0.143


def test_kernel_scale_fixed_or_fitted():
    k = np.array([[0.1, -0.7]], np.float32)
    assert inside.kernel_scale("fixed", k) == 0.5
    assert inside.kernel_scale("layer", k, k / 2) == pytest.approx(0.7)
    assert inside.kernel_scale("layer", np.zeros(3)) == 0.5  # never a zero-width scale


def test_common_bins_hold_both_arrays():
    edges = inside.common_bins(np.array([-0.3, 0.1]), np.array([0.5]), bins=10)
    assert len(edges) == 11 and edges[0] == -0.3 and edges[-1] == 0.5
    assert np.all(np.diff(inside.common_bins(np.zeros(4), np.zeros(2))) > 0)  # constant weights still bin


def test_feature_maps_equal_keras_layer_outputs(textbook, images):
    maps = inside.FeatureMaps(textbook)
    pixels = images[0].astype(np.float32) / 255.0
    outputs = maps(pixels)
    assert list(outputs) == [layer.name for layer in textbook.layers[1:]]
    assert outputs["conv2d_1"].shape == (1, 28, 28, 32) and outputs["conv2d_2"].shape == (1, 14, 14, 64)
    assert [info.shape for info in maps.layers] == [outputs[info.name].shape for info in maps.layers]
    x = pixels.reshape(1, 28, 28, 1)
    for layer in textbook.layers[1:]:
        expected = keras.Model(textbook.inputs[0], layer.output)(x).numpy()
        np.testing.assert_allclose(outputs[layer.name], expected, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(outputs["softmax"], textbook(x).numpy(), rtol=1e-5, atol=1e-7)
    assert maps.outputs_probabilities and outputs["softmax"].sum() == pytest.approx(1.0, abs=1e-5)


def test_feature_maps_of_a_flat_input_model_ending_in_dense_softmax():
    model = keras.Sequential([keras.Input(shape=(784,)), keras.layers.Dense(12, activation="relu"),
                              keras.layers.Dense(10, activation="softmax")])
    maps = inside.FeatureMaps(model)
    outputs = maps(np.ones((28, 28), np.float32))
    assert maps.outputs_probabilities and [o.shape for o in outputs.values()] == [(1, 12), (1, 10)]
    assert inside.maps_of(outputs[model.layers[0].name]) is None  # vectors are not image-like


def test_maps_of_puts_channels_first():
    out = np.arange(2 * 3 * 4, dtype=np.float32).reshape(1, 2, 3, 4)
    tiles = inside.maps_of(out)
    assert tiles.shape == (4, 2, 3)
    np.testing.assert_array_equal(tiles[1], out[0, :, :, 1])


def test_dead_relu_maps_normalise_to_zero_not_nan():
    inputs = keras.Input(shape=(28, 28, 1))
    conv = keras.layers.Conv2D(4, 3, activation="relu", bias_initializer=keras.initializers.Constant(-100.0))
    model = keras.Model(inputs, conv(inputs))
    outputs = inside.FeatureMaps(model)(np.random.default_rng(0).random((28, 28)))
    tiles = inside.maps_of(outputs[conv.name])
    assert not tiles.any()  # every map of this layer is dead
    for mode in inside.NORMALISATIONS:
        scaled = inside.normalise([{"c": tiles}], mode)[0]["c"]
        assert np.isfinite(scaled).all() and not scaled.any()


def test_normalisation_modes_share_scales_as_said():
    trained = {"a": np.array([[[2.0, -1.0]], [[0.5, 0.0]]]), "b": np.array([[[4.0]]])}
    untrained = {"a": np.array([[[1.0, 0.0]], [[0.0, 0.0]]]), "b": np.array([[[-8.0]]])}
    per_map = inside.normalise([trained, untrained], "map")
    np.testing.assert_allclose(per_map[0]["a"][:, 0], [[1.0, -0.5], [1.0, 0.0]])
    np.testing.assert_allclose(per_map[1]["a"][1], 0.0)  # an all-zero map stays 0
    per_layer = inside.normalise([trained, untrained], "layer")
    np.testing.assert_allclose(per_layer[1]["a"][0, 0], [0.5, 0.0])  # untrained on the trained peak of 2
    np.testing.assert_allclose(per_layer[0]["b"], [[[0.5]]])  # the layer peak is the untrained |−8|
    overall = inside.normalise([trained, untrained], "global")
    np.testing.assert_allclose(overall[0]["a"][0, 0], [0.25, -0.125])
    with pytest.raises(ValueError):
        inside.normalise([trained], "per pixel")


@settings(max_examples=60, deadline=None)
@given(arrays(np.float32, (3, 4, 4), elements=st.floats(-1e6, 1e6, width=32)),
       st.sampled_from(inside.NORMALISATIONS))
def test_normalised_values_are_finite_bounded_and_keep_their_sign(tiles, mode):
    scaled = inside.normalise([{"x": tiles}], mode)[0]["x"]
    assert np.isfinite(scaled).all() and np.abs(scaled).max(initial=0) <= 1.0 + 1e-6
    assert np.all(np.sign(scaled) * np.sign(tiles) >= 0)  # no sign flips (tiny values may underflow to 0)
    assert np.abs(scaled).max() == pytest.approx(1.0 if np.abs(tiles).max() > 0 else 0.0)


def test_probabilities_pass_through_or_apply_softmax():
    np.testing.assert_allclose(inside.probabilities(np.array([[0.2, 0.8]]), True), [0.2, 0.8])
    soft = inside.probabilities(np.array([1000.0, 1000.0, -1000.0]), False)  # no overflow
    np.testing.assert_allclose(soft, [0.5, 0.5, 0.0], atol=1e-12)


def test_filter_scores_are_the_mean_of_each_map(textbook, images):
    scores = inside.FilterScores(textbook, "conv2d_2")(images, batch_size=16)  # several batches
    assert scores.shape == (40, 64)
    x = images.astype(np.float32).reshape(-1, 28, 28, 1) / 255.0
    full = keras.Model(textbook.inputs[0], textbook.get_layer("conv2d_2").output)(x).numpy()
    np.testing.assert_allclose(scores, full.mean(axis=(1, 2)), rtol=1e-4, atol=1e-6)


def test_top_samples_are_highest_first_with_ties_by_index():
    scores = np.array([0.1, 0.9, 0.5, 0.9, 0.0])
    assert inside.top_samples(scores, 3).tolist() == [1, 3, 2]
    assert inside.top_samples(scores, 9).tolist() == [1, 3, 2, 0, 4]


def test_trained_run_kernels_match_its_snapshots(trained_run):
    model, initial = trained_run.model(), trained_run.initial_model()
    snapshots = trained_run.kernel_snapshots()
    for layer in inside.conv_layers(model):
        kernel, _ = inside.kernel_and_bias(layer)
        kernel0, _ = inside.kernel_and_bias(initial.get_layer(layer.name))
        np.testing.assert_allclose(snapshots[layer.name][0], kernel0)
        assert not np.allclose(kernel, kernel0)  # training moved them
    outputs = inside.FeatureMaps(model)(np.zeros((28, 28)))
    assert next(iter(outputs.values())).shape[:3] == (1, 28, 28)


def test_weight_change_verdict_and_clipping():
    before = inside.weight_stats(np.array([-0.1, 0.1]))
    assert inside.weight_change(before, inside.weight_stats(np.array([-0.3, 0.3]))) == ("wider", pytest.approx(3.0))
    assert inside.weight_change(before, inside.weight_stats(np.array([-0.05, 0.05])))[0] == "narrower"
    assert inside.weight_change(before, inside.weight_stats(np.array([-0.105, 0.105])))[0] == "same"
    assert inside.weight_change(inside.weight_stats(np.zeros(3)), before) == ("same", 1.0)
    assert inside.clipped(np.array([[-0.6, 0.5], [0.49, 0.7]]), 0.5) == 2


def test_kernel_tiles_over_epochs_match_each_snapshot(trained_run):
    snapshots = trained_run.kernel_snapshots()["conv2d_1"]
    tiles = inside.kernel_tiles_over_epochs(snapshots, 0)
    assert tiles.shape == (len(snapshots), 8, 3, 3)
    np.testing.assert_array_equal(tiles[-1], inside.kernel_tiles(snapshots[-1], 0))


def test_peaks_for_the_colour_scales():
    trained = {"a": np.array([[[1.0, -4.0]]]), "b": np.array([[[0.5]], [[-2.0]]])}
    untrained = {"a": np.array([[[3.0, 0.0]]]), "b": np.zeros((2, 1, 1))}
    models = [trained, untrained]
    assert inside.layer_peaks(models) == {"a": 4.0, "b": 2.0}
    assert inside.scale_peak(models, "b", "layer") == 2.0 and inside.scale_peak(models, "b", "global") == 4.0
    assert inside.map_peak(models, "b", 0) == 0.5 and inside.map_peak([untrained], "b", 1) == 1.0  # never 0


def test_image_outputs_and_class_scores(textbook, images):
    maps = inside.FeatureMaps(textbook)
    outputs = maps(images[0] / 255.0)
    tiles = inside.image_outputs(outputs)
    assert list(tiles) == ["conv2d_1", "max_pooling2d_1", "conv2d_2", "max_pooling2d_2"]
    assert tiles["conv2d_2"].shape == (64, 14, 14)
    assert [name for name in outputs if maps.is_class_scores(name)] == ["logits", "softmax"]
    assert not maps.takes(np.zeros((27, 28))) and maps.takes(np.zeros(784))
    assert inside.is_silent(np.array([0.0, -1.0])) and not inside.is_silent(np.array([0.0, 0.2]))
