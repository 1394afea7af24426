"""Fast predictions and Grad-CAM on real trained models, checked against what Keras and the maths say."""
import keras
import numpy as np
import pytest

from cnnviz import architecture, datasets, gradcam, importing


@pytest.fixture(scope="module")
def digits():
    ds = datasets.load("mnist")
    return ds.x_test[:8].astype(np.float32) / 255.0


def test_predict_matches_keras(trained_run, digits):
    model = trained_run.model()
    explainer = gradcam.Explainer(model)
    expected = model.predict(digits[..., None], verbose=0)
    np.testing.assert_allclose(explainer.predict(digits), expected, atol=1e-5)
    np.testing.assert_allclose(explainer.predict(digits[3]), expected[3], atol=1e-5)
    assert explainer.predict(digits[0]).shape == (10,)
    np.testing.assert_allclose(explainer.predict(digits).sum(axis=1), 1, atol=1e-5)


def test_gradcam_maps_cover_the_input(trained_run, digits):
    explainer = gradcam.Explainer(trained_run.model())
    for method in ("gradcam", "hirescam"):
        heat = explainer.gradcam(digits[0], 3, method)
        assert heat.shape == (28, 28) and np.isfinite(heat).all()
        assert heat.min() >= 0 and heat.max() in (0.0, 1.0)
    assert explainer.layer_name == gradcam.last_conv_layer(explainer.model).name == "conv2d_2"
    assert explainer.uses_logits
    with pytest.raises(ValueError):
        explainer.gradcam(digits[0], 3, "guesswork")


def test_gradcam_equals_class_activation_mapping_for_a_gap_head(digits):
    """Conv → global average pooling → Dense: Grad-CAM is exactly CAM (Zhou et al. 2016), Σ_k w_kc·A_k."""
    keras.utils.set_random_seed(3)
    model = architecture.build([dict(kind="conv2d", filters=6, kernel_size=3), dict(kind="gap2d")])
    explainer = gradcam.Explainer(model)
    maps = keras.Model(model.input, model.get_layer("conv2d_1").output)(digits[:1, ..., None]).numpy()[0]
    kernel = model.get_layer("logits").kernel.numpy()
    for cls in range(10):
        cam = np.maximum(maps @ kernel[:, cls], 0)
        expected = cam / cam.max() if cam.max() > 0 else cam
        # float32 gradients against a float32 matrix product, each map scaled by its own maximum: a few 1e-5 apart
        np.testing.assert_allclose(explainer.gradcam(digits[0], cls), expected, atol=1e-4)


def test_imported_softmax_dense_uses_its_logits_and_gives_the_same_map(trained_run, digits):
    """A model ending in Dense(10, activation="softmax") (no "logits" layer) is explained before the softmax."""
    model = trained_run.model()
    x = inputs = keras.Input((28, 28, 1))
    for layer in model.layers[1:-2]:  # fresh copies of the hidden layers, with the trained weights
        copy = type(layer).from_config(layer.get_config())
        x = copy(x)
        copy.set_weights(layer.get_weights())
    predictions = keras.layers.Dense(10, activation="softmax", name="predictions")
    imported = keras.Model(inputs, predictions(x))
    predictions.set_weights(model.get_layer("logits").get_weights())
    original, copy = gradcam.Explainer(model), gradcam.Explainer(imported)
    np.testing.assert_allclose(copy.predict(digits), original.predict(digits), atol=1e-5)
    for cls in (0, 7):
        np.testing.assert_allclose(copy.gradcam(digits[1], cls), original.gradcam(digits[1], cls), atol=1e-5)
    assert copy.uses_logits


@pytest.mark.parametrize("softmax", [keras.layers.Softmax, lambda: keras.layers.Activation("softmax")])
def test_imported_softmax_layer_after_dense_uses_its_logits(digits, softmax):
    """Dense(10) then a Softmax or Activation("softmax") layer: explained from the Dense, like Dense(softmax)."""
    keras.utils.set_random_seed(5)
    dense = keras.layers.Dense(10)
    separate = keras.Sequential([keras.Input((28, 28, 1)), keras.layers.Conv2D(4, 3, activation="relu"),
                                 keras.layers.MaxPooling2D(), keras.layers.Flatten(), dense, softmax()])
    fused = keras.layers.Dense(10, activation="softmax")
    joined = keras.Model(separate.inputs, fused(dense.input))  # the same hidden layers, softmax in the Dense
    fused.set_weights(dense.get_weights())
    importing.check_fit(separate)  # the import accepts it
    original, copy = gradcam.Explainer(joined), gradcam.Explainer(separate)
    np.testing.assert_allclose(copy.predict(digits), original.predict(digits), atol=1e-6)
    for cls in range(10):
        np.testing.assert_allclose(copy.gradcam(digits[1], cls, "hirescam"),
                                   original.gradcam(digits[1], cls, "hirescam"), atol=1e-5)
    assert copy.uses_logits and original.uses_logits
    assert copy.gradcam(digits[1], 3, "hirescam").max() == 1.0


def test_without_logits_it_falls_back_to_the_probability_and_says_so(digits):
    inputs = keras.Input((28, 28, 1))
    x = keras.layers.Conv2D(4, 3, activation="relu")(inputs)
    x = keras.layers.Flatten()(keras.layers.MaxPooling2D()(x))
    out = keras.layers.EinsumDense("ab,bc->ac", output_shape=10, activation="softmax")(x)
    explainer = gradcam.Explainer(keras.Model(inputs, out))
    assert explainer.gradcam(digits[0], 2, "hirescam").shape == (28, 28)
    assert explainer.uses_logits is False


def test_a_model_without_convolutions_cannot_be_explained(digits):
    inputs = keras.Input((28, 28))
    out = keras.layers.Dense(10, activation="softmax")(keras.layers.Flatten()(inputs))
    explainer = gradcam.Explainer(keras.Model(inputs, out))
    assert explainer.predict(digits[0]).shape == (10,)  # (28, 28) inputs are fed in the model's own shape
    with pytest.raises(gradcam.GradCamError) as err:
        explainer.gradcam(digits[0], 0)
    assert err.value.code == "no_conv"


def test_share_of_heat_on_the_ink():
    pixels = np.zeros((28, 28))
    pixels[5:20, 13:15] = 1.0
    heat = np.zeros((28, 28))
    heat[5:20, 13:15] = 3.0
    heat[0, 0] = 10.0
    assert gradcam.share_on_ink(heat, pixels) == pytest.approx(90 / 100)
    assert gradcam.share_on_ink(np.zeros((28, 28)), pixels) == 0.0


@pytest.mark.parametrize("probs,unsure", [
    ([0.97, 0.01, 0.02], False),
    ([0.5, 0.3, 0.2], True),  # low top probability
    ([0.62, 0.38, 0.0], False),
    ([0.65, 0.35 - 1e-9, 0.0], False),
    ([0.55, 0.45, 0.0], True),  # two close
])
def test_unsure_when_low_or_close(probs, unsure):
    assert gradcam.is_unsure(np.array(probs)) is unsure


def test_explain_falls_back_to_hirescam_when_gradcam_cancels_out(digits):
    """A Flatten + Dense head whose averaged gradients cancel: Grad-CAM is empty, HiResCAM is shown and said so."""
    keras.utils.set_random_seed(0)
    model = architecture.build([dict(kind="conv2d", filters=2, kernel_size=3), dict(kind="flatten")])
    conv, logits = model.get_layer("conv2d_1"), model.get_layer("logits")
    conv.set_weights([np.ones_like(conv.kernel.numpy()), np.zeros(2, np.float32)])
    kernel = np.zeros(logits.kernel.shape, np.float32)
    kernel[0::2, 1], kernel[1::2, 1] = 1.0, -1.0  # +map 0, −map 1: equal maps, equal and opposite mean gradients
    logits.set_weights([kernel, np.zeros(10, np.float32)])
    explainer = gradcam.Explainer(model)
    assert explainer.gradcam(digits[0], 1).max() == 0
    cam = gradcam.explain(explainer, digits[0], 1)
    assert cam.method == "hirescam_fallback" and "hires" in cam.notes and cam.heat.shape == (28, 28)
    assert gradcam.explain(explainer, digits[0], 1, hires=True).method == "hirescam"


def test_explain_says_when_the_map_is_off_the_ink_or_after_softmax(trained_run, digits):
    explainer = gradcam.Explainer(trained_run.model())
    cam = gradcam.explain(explainer, digits[0], int(explainer.predict(digits[0]).argmax()))
    assert cam.method == "gradcam" and "after_softmax" not in cam.notes
    assert ("off_ink" in cam.notes) == (gradcam.share_on_ink(cam.heat, digits[0]) < 0.3)


def test_top_classes():
    assert gradcam.top_classes(np.array([0.1, 0.6, 0.3])) == [1, 2]
