"""cnnviz.evaluation against a hand-made example whose answers are known, and against Keras itself."""
import keras
import numpy as np
import pytest

from cnnviz import datasets, evaluation as ev

# 9 images of 3 classes; the matrix below is counted by hand (row = true, column = predicted).
Y_TRUE = np.array([0, 0, 0, 1, 1, 2, 2, 2, 2])
Y_PRED = np.array([0, 1, 0, 1, 1, 2, 0, 1, 2])
CONF = np.array([.9, .8, .7, .6, .5, .95, .55, .85, .4])
MATRIX = np.array([[2, 1, 0],
                   [0, 2, 0],
                   [1, 1, 2]])


def test_confusion_matrix_by_hand():
    np.testing.assert_array_equal(ev.confusion_matrix(Y_TRUE, Y_PRED, classes=3), MATRIX)
    full = ev.confusion_matrix(Y_TRUE, Y_PRED, 10)
    assert full.shape == (10, 10) and full.sum() == 9 and full[3:].sum() == 0


def test_row_normalise_handles_an_empty_class():
    m = np.array([[2, 2, 0], [0, 0, 0], [1, 0, 3]])
    np.testing.assert_allclose(ev.row_normalise(m), [[.5, .5, 0], [0, 0, 0], [.25, 0, .75]])


def test_per_class_metrics_by_hand():
    metrics = ev.per_class(MATRIX)
    # class 1: predicted 4 times (2 right), 2 images (both found); 9 images, 2 wrongly called "1"
    np.testing.assert_allclose(metrics["precision"], [2 / 3, 2 / 4, 2 / 2])
    np.testing.assert_allclose(metrics["recall"], [2 / 3, 2 / 2, 2 / 4])
    np.testing.assert_allclose(metrics["accuracy"], [7 / 9, 7 / 9, 7 / 9])
    empty = ev.per_class(np.array([[1, 0], [0, 0]]))
    np.testing.assert_allclose(empty["precision"], [1, 0])
    np.testing.assert_allclose(empty["recall"], [1, 0])


def test_most_confused_counts_both_directions():
    # pairs: (0,1) 1+0, (0,2) 0+1, (1,2) 0+1 -> all tie at 1, broken by class order
    assert ev.most_confused(MATRIX) == [(0, 1, 1, 0), (0, 2, 0, 1), (1, 2, 0, 1)]
    m = np.array([[5, 3, 0], [4, 5, 1], [0, 0, 9]])
    assert ev.most_confused(m, k=1) == [(0, 1, 3, 4)]
    assert ev.most_confused(np.eye(3, dtype=int) * 7) == []


def test_examples_sorted_and_filtered():
    np.testing.assert_array_equal(ev.examples(Y_TRUE, Y_PRED, CONF), [7, 1, 6])
    np.testing.assert_array_equal(ev.examples(Y_TRUE, Y_PRED, CONF, most_confident_first=False), [6, 1, 7])
    np.testing.assert_array_equal(ev.examples(Y_TRUE, Y_PRED, CONF, true_class=2), [7, 6])
    np.testing.assert_array_equal(ev.examples(Y_TRUE, Y_PRED, CONF, pred_class=1), [7, 1])
    np.testing.assert_array_equal(ev.examples(Y_TRUE, Y_PRED, CONF, true_class=2, pred_class=0), [6])
    # a diagonal cell: that class's correct predictions
    np.testing.assert_array_equal(ev.examples(Y_TRUE, Y_PRED, CONF, true_class=2, pred_class=2), [5, 8])
    assert ev.examples(Y_TRUE, Y_PRED, CONF, true_class=1, pred_class=0).size == 0


def test_compare_two_models():
    pred_b = np.array([0, 0, 1, 1, 0, 2, 2, 1, 2])
    groups = ev.compare(Y_TRUE, Y_PRED, pred_b)
    np.testing.assert_array_equal(groups["both_right"], [0, 3, 5, 8])
    np.testing.assert_array_equal(groups["only_a"], [2, 4])
    np.testing.assert_array_equal(groups["only_b"], [1, 6])
    np.testing.assert_array_equal(groups["both_wrong"], [7])
    assert ev.agreement(Y_PRED, pred_b) == pytest.approx(5 / 9)


def _bias_model(bias):
    """Zero weights and a fixed bias: every image gets softmax(bias)."""
    inputs = keras.Input((28, 28, 1))
    logits = keras.layers.Dense(10, name="logits", kernel_initializer="zeros",
                                bias_initializer=keras.initializers.Constant(bias))(keras.layers.Flatten()(inputs))
    return keras.Model(inputs, keras.layers.Activation("softmax", name="softmax")(logits))


def test_evaluation_of_a_model_whose_answer_is_known():
    bias = np.zeros(10, np.float32)
    bias[3] = np.log(9.0)  # p(3) = 9 / (9 + 9) = 0.5, every other class 1/18
    model = _bias_model(bias)
    images = np.random.default_rng(0).integers(0, 256, (7, 28, 28), dtype=np.uint8)
    labels = np.array([3, 3, 0, 1, 3, 9, 3])
    result = ev.evaluate(model, images, labels, batch_size=3)
    np.testing.assert_allclose(result.confidence, 0.5, rtol=1e-5)
    np.testing.assert_array_equal(result.y_pred, 3)
    assert result.accuracy == pytest.approx(4 / 7)
    assert result.loss == pytest.approx((4 * np.log(2) + 3 * np.log(18)) / 7, rel=1e-5)
    assert result.matrix[:, 3].tolist() == [1, 1, 0, 4, 0, 0, 0, 0, 0, 1]


def test_predictions_and_loss_match_keras():
    keras.utils.set_random_seed(1)
    inputs = keras.Input((28, 28, 1))
    x = keras.layers.Conv2D(4, 3, activation="relu")(inputs)
    x = keras.layers.Flatten()(keras.layers.MaxPooling2D()(x))
    model = keras.Model(inputs, keras.layers.Activation("softmax")(keras.layers.Dense(10, name="logits")(x)))
    model.compile(loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    images = np.random.default_rng(1).integers(0, 256, (25, 28, 28), dtype=np.uint8)
    labels = np.random.default_rng(2).integers(0, 10, 25)
    result = ev.evaluate(model, images, labels, batch_size=10)
    np.testing.assert_allclose(result.probs, model.predict(datasets.as_model_input(images, (28, 28, 1)), verbose=0), rtol=1e-4, atol=1e-6)
    loss, accuracy = model.evaluate(datasets.as_model_input(images, (28, 28, 1)), labels, verbose=0)
    assert result.loss == pytest.approx(loss, rel=1e-4)
    assert result.accuracy == pytest.approx(accuracy)


def test_empty_input_gives_empty_results():
    result = ev.evaluate(_bias_model(np.zeros(10)), np.zeros((0, 28, 28), np.uint8), np.zeros(0, int))
    assert result.probs.shape == (0, 10) and result.accuracy == 0.0 and result.matrix.sum() == 0


def test_a_model_that_does_not_fit_the_data_is_refused_clearly():
    inputs = keras.Input((32, 32, 3))
    wrong_input = keras.Model(inputs, keras.layers.Dense(10, activation="softmax")(keras.layers.Flatten()(inputs)))
    with pytest.raises(ValueError, match=r"not images of shape \(28, 28\)"):
        ev.predict(wrong_input, np.zeros((2, 28, 28), np.uint8))
    inputs = keras.Input((28, 28, 1))
    wrong_output = keras.Model(inputs, keras.layers.Dense(3, activation="softmax")(keras.layers.Flatten()(inputs)))
    with pytest.raises(ValueError, match="not 10 class"):
        ev.predict(wrong_output, np.zeros((2, 28, 28), np.uint8), classes=10)


def test_one_sigmoid_unit_gives_two_class_probabilities_and_keras_binary_loss():
    keras.utils.set_random_seed(1)
    inputs = keras.Input((4, 4, 3))
    model = keras.Model(inputs, keras.layers.Dense(1, activation="sigmoid")(keras.layers.Flatten()(inputs)))
    images = np.random.default_rng(0).integers(0, 256, (6, 4, 4, 3), dtype=np.uint8)
    labels = np.array([0, 1, 1, 0, 1, 0])
    result = ev.evaluate(model, images, labels)
    p = model.predict(images / 255.0, verbose=0)[:, 0]
    np.testing.assert_allclose(result.probs, np.stack([1 - p, p], axis=1), atol=1e-6)
    model.compile(loss="binary_crossentropy", metrics=["accuracy"])
    loss, accuracy = model.evaluate(images / 255.0, labels, verbose=0)
    assert result.loss == pytest.approx(loss, rel=1e-4) and result.accuracy == pytest.approx(accuracy)
    assert result.matrix.shape == (2, 2)


def test_by_confidence_keeps_ties_in_order():
    np.testing.assert_array_equal(ev.by_confidence(np.array([4, 0, 2]), np.array([.5, 0, .9, 0, .5])), [2, 4, 0])
    np.testing.assert_array_equal(ev.by_confidence(np.array([4, 0, 2]), np.array([.5, 0, .9, 0, .5]), False),
                                  [4, 0, 2])


def test_model_epoch_follows_early_stopping_with_restored_weights():
    history = {"loss": [.9, .5, .4, .3], "val_loss": [.6, .4, .45, .5]}
    assert ev.model_epoch(history, {}) == 4
    assert ev.model_epoch(history, {"stopped_early": 4, "restore_best": True}) == 2
    assert ev.model_epoch(history, {"stopped_early": 4, "restore_best": False}) == 4
    assert ev.model_epoch({}, {"stopped_early": 0}) == 0
    nan = float("nan")  # a record whose every validation loss is NaN: numpy's nanargmin raised
    assert ev.model_epoch({"loss": [1.0, nan], "val_loss": [nan, nan]}, {"stopped_early": 2, "restore_best": 1}) == 2


def test_matrix_figure_has_one_clickable_point_per_cell():
    from cnnviz.plots import evaluation as plots

    names = [f"c{i}" for i in range(3)]
    fig = plots.confusion_matrix(MATRIX, names, percent=True, true_title="t", pred_title="p", colorbar_title="%",
                                 hover="{true}>{pred} {count} {share}".format, outline=(2, 0))
    heat, points = fig.data
    np.testing.assert_allclose(heat.z, ev.row_normalise(MATRIX))
    assert list(zip(points.y, points.x)) == [(t, p) for t in range(3) for p in range(3)]
    assert list(points.text) == ["67%", "33%", "", "", "100%", "", "25%", "25%", "50%"]
    assert points.hovertext[6] == "c2>c0 1 25.0%"
    assert fig.layout.shapes[0].x0 == -0.5 and fig.layout.shapes[0].y0 == 1.5
    counts = plots.confusion_matrix(MATRIX, names, percent=False, true_title="t", pred_title="p",
                                    colorbar_title="%", hover="".format)
    assert list(counts.data[1].text) == ["2", "1", "", "", "2", "", "1", "1", "2"]


def test_confusion_matrix_and_per_class_metrics_equal_scikit_learns():
    from sklearn import metrics

    rng = np.random.default_rng(3)
    y_true, y_pred = rng.integers(0, 10, 500), rng.integers(0, 10, 500)
    y_pred[y_true == 4] = 4  # one class always found
    y_true[y_true == 9] = 8  # class 9 never true: recall undefined, sklearn says 0 as we do
    matrix = ev.confusion_matrix(y_true, y_pred, 10)
    np.testing.assert_array_equal(matrix, metrics.confusion_matrix(y_true, y_pred, labels=range(10)))
    ours = ev.per_class(matrix)
    precision, recall, _, _ = metrics.precision_recall_fscore_support(y_true, y_pred, labels=range(10),
                                                                      zero_division=0)
    np.testing.assert_allclose(ours["precision"], precision)
    np.testing.assert_allclose(ours["recall"], recall)
    one_vs_rest = [metrics.accuracy_score(y_true == c, y_pred == c) for c in range(10)]
    np.testing.assert_allclose(ours["accuracy"], one_vs_rest)


def test_validation_at_an_epoch_and_the_best_epoch_rule():
    history = {"val_accuracy": [0.5, 0.7, 0.6], "val_loss": [0.9, 0.4, float("nan")]}
    assert ev.validation_at(history, 2) == (0.7, 0.4)
    assert ev.validation_at(history, 0) == (None, None) and ev.validation_at({}, 1) == (None, None)
    assert ev.model_epoch({"loss": [1, 1, 1], **history}, {"stopped_early": 3, "restore_best": True}) == 2


def test_pages_of_a_gallery():
    items = np.arange(50)
    page = ev.page(items, 3, 24)
    assert (page.count, page.number, page.first, page.last) == (3, 3, 49, 50)
    np.testing.assert_array_equal(page.items, [48, 49])
    assert ev.page(items, 99, 24).number == 3 and ev.page(items, 0, 24).first == 1
    empty = ev.page(np.arange(0), 1, 24)
    assert (empty.count, len(empty.items), empty.first, empty.last) == (1, 0, 1, 0)


def test_worst_class_and_saved_metrics():
    assert ev.worst_class(ev.per_class(MATRIX)) == int(np.argmin(ev.per_class(MATRIX)["recall"]))
    result = ev.Evaluation(np.array([0, 1]), np.array([[0.9, 0.1], [0.8, 0.2]], np.float32))
    assert result.metrics == {"loss": result.loss, "accuracy": 0.5, "n": 2.0}
def test_a_model_with_huge_layer_outputs_is_scored_in_smaller_batches():
    """An accepted import may output millions of numbers per image: 1,000 images at once could take gigabytes."""
    from cnnviz import inside

    model = keras.Sequential([keras.Input((28, 28, 1)), keras.layers.UpSampling2D((20, 20)),
                              keras.layers.GlobalMaxPooling2D(), keras.layers.Dense(10, activation="softmax")])
    per_image = 784 + 560 * 560 + 1 + 10
    assert inside.batch_size_for(model, 1000) == inside.BATCH_FLOATS // per_image < 1000
    images = np.random.default_rng(0).integers(0, 256, (300, 28, 28), dtype=np.uint8)
    np.testing.assert_allclose(ev.predict(model, images), model(datasets.as_model_input(images, (28, 28, 1))).numpy(), atol=1e-6)
