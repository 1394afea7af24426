"""The Learn page's basics against Keras: activations, cross-entropy, and the optimizers' update rules."""
import keras
import numpy as np
import pytest
import tensorflow as tf

from cnnviz import lessons

KERAS_OPTIMIZERS = {
    "sgd": lambda lr: keras.optimizers.SGD(learning_rate=lr),
    "momentum": lambda lr: keras.optimizers.SGD(learning_rate=lr, momentum=0.9),
    "rmsprop": lambda lr: keras.optimizers.RMSprop(learning_rate=lr),
    "adam": lambda lr: keras.optimizers.Adam(learning_rate=lr),
}


@pytest.mark.parametrize("kind", lessons.OPTIMIZERS)
@pytest.mark.parametrize("lr", [0.1, 0.003])
def test_one_and_many_steps_equal_the_keras_optimizer(kind, lr):
    """The same gradients (the valley's, at Keras's own weights) into the real optimizer on a keras.Variable and
    into ours, in float64 as ours computes. They agree to 1e-5 after the first step and within 5e-5 over 30: Keras
    rounds its constants through float32 (momentum 0.9 becomes 0.89999998, Adam's 1 − 0.999 becomes 0.00099999),
    while a wrong rule (a missing bias correction, a misplaced epsilon, another momentum form) is off by far more."""
    keras_optimizer = KERAS_OPTIMIZERS[kind](lr)
    variable = keras.Variable(np.array(lessons.VALLEY.start), dtype="float64")
    ours = lessons.Optimizer(kind, float(np.float32(lr)))  # Keras keeps the learning rate in a float32 variable
    w = np.array(lessons.VALLEY.start)
    for step in range(30):
        g = lessons.VALLEY.gradient(np.asarray(variable.numpy(), np.float64))
        keras_optimizer.apply_gradients([(tf.constant(g, tf.float64), variable)])
        w = ours.update(w, g)
        np.testing.assert_allclose(w, variable.numpy(), rtol=1e-5, atol=1e-6 if step == 0 else 5e-5,
                                   err_msg=f"after step {step + 1}")


def test_adam_puts_epsilon_outside_the_root_and_rmsprop_inside():
    """With a tiny gradient the two placements differ by orders of magnitude: the rules are Keras's, not the paper's."""
    g = np.array([1e-4])
    rmsprop, adam = lessons.Optimizer("rmsprop", 1.0), lessons.Optimizer("adam", 1.0)
    assert rmsprop.update(np.zeros(1), g)[0] == pytest.approx(-1e-4 / np.sqrt(0.1 * 1e-8 + 1e-7))
    assert adam.update(np.zeros(1), g)[0] == pytest.approx(-np.sqrt(0.001) / 0.1 * 1e-5 / (np.sqrt(1e-11) + 1e-7))


def test_cross_entropy_equals_keras():
    logits = lessons.EXAMPLE_LOGITS
    ce = lessons.cross_entropy(logits)
    for label in (3, 0):
        expected = float(keras.losses.sparse_categorical_crossentropy(
            np.array([label]), logits[None].astype(np.float32), from_logits=True)[0])
        assert ce.loss(label) == pytest.approx(expected, rel=1e-5)
        one_hot = np.eye(10, dtype=np.float32)[[label]]
        from_probabilities = float(keras.losses.CategoricalCrossentropy()(one_hot, ce.probabilities[None]))
        assert ce.loss(label) == pytest.approx(from_probabilities, rel=1e-5)
    np.testing.assert_allclose(ce.probabilities, keras.ops.softmax(logits).numpy(), rtol=1e-6)
    assert ce.probabilities.sum() == pytest.approx(1) and ce.shifted.max() == 0
    assert ce.loss(3) == pytest.approx(-np.log(ce.probabilities[3]))


def test_huge_logits_do_not_overflow():
    ce = lessons.cross_entropy([1000.0, 0.0, -1000.0])
    assert ce.probabilities[0] == 1.0 and np.isfinite(ce.losses).all() and ce.loss(1) == pytest.approx(1000)


@pytest.mark.parametrize("name", lessons.ACTIVATIONS)
def test_activations_and_derivatives_equal_keras_and_its_gradients(name):
    x = np.linspace(-6, 6, 49)
    f, slope = lessons.activation(name, x)
    variable = tf.Variable(x)
    with tf.GradientTape() as tape:
        if name == "softmax":
            others = tf.ones_like(variable) * lessons.SOFTMAX_OTHERS[0], tf.ones_like(variable) * lessons.SOFTMAX_OTHERS[1]
            y = keras.activations.softmax(tf.stack([variable, *others], axis=-1))[:, 0]
        else:
            y = getattr(keras.activations, name)(variable)
    np.testing.assert_allclose(f, y.numpy(), rtol=1e-6, atol=1e-12)
    np.testing.assert_allclose(slope, tape.gradient(y, variable).numpy(), rtol=1e-6, atol=1e-12)


def test_relu_keeps_the_gradient_and_sigmoid_lets_it_vanish():
    assert lessons.gradient_left("relu", 10) == 1
    assert lessons.gradient_left("sigmoid", 10) < 1e-6
    assert lessons.activation("sigmoid", 0.0)[1] == 0.25 and lessons.activation("sigmoid", 8.0)[1] < 1e-3


def test_the_race_shows_what_the_page_says():
    """At lr 0.1 momentum arrives first and plain SGD has not arrived in 100 steps; at lr 1 SGD flies off, Adam not."""
    paths = lessons.race(0.1, 100)
    arrived = {kind: lessons.steps_to(path) for kind, path in paths.items()}
    assert arrived["sgd"] is None and arrived["momentum"] == min(n for n in arrived.values() if n is not None)
    fast = lessons.race(1.0, 100)
    assert fast["sgd"].diverged and not fast["adam"].diverged and lessons.steps_to(fast["adam"]) is not None
    assert len(paths["adam"].points) == 101 and tuple(paths["sgd"].points[0]) == lessons.VALLEY.start


def test_a_sigmoid_logit_is_a_pair_whose_softmax_and_loss_are_the_binary_ones():
    z = 1.7
    ce = lessons.cross_entropy(lessons.class_logits(np.array([z])))
    p = 1 / (1 + np.exp(-z))
    np.testing.assert_allclose(ce.probabilities, [1 - p, p])
    binary = keras.losses.binary_crossentropy(np.array([[1.0]]), np.array([[p]]))
    assert ce.loss(1) == pytest.approx(float(binary[0]), rel=1e-5)
    np.testing.assert_array_equal(lessons.class_logits(np.arange(3.0)), np.arange(3.0))


def test_each_frame_of_the_race_carries_every_path_up_to_its_step():
    from cnnviz.plots import lessons as lesson_plots

    paths = lessons.race(0.1, 30)
    fig = lesson_plots.race(paths, {k: k for k in paths}, lessons.VALLEY,
                            {"title": "", "start": "", "minimum": "", "play": ""})
    drawn = {trace.name: i for i, trace in enumerate(fig.data)}
    assert [len(trace.x) for trace in fig.frames[-1].data] == [len(p.points) for p in paths.values()]
    for frame in fig.frames:
        assert list(frame.traces) == [drawn[kind] for kind in paths]  # each onto its own path's trace
        for trace, path in zip(frame.data, paths.values()):
            cut = int(frame.name)
            np.testing.assert_array_equal(np.stack([trace.x, trace.y], axis=-1), path.points[:cut])
            np.testing.assert_array_equal(np.asarray(trace.customdata)[:, 1], path.losses[:cut])
