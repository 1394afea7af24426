"""Learning-rate schedules: numpy values equal Keras's own, bad settings refused, the rate recorded per epoch."""
import keras
import numpy as np
import pytest

from cnnviz import architecture, datasets, schedules, training

SCHEDULES = [
    {"schedule": "constant"},
    {"schedule": "step", "step_every": 2, "step_factor": 0.3},
    {"schedule": "warmup_cosine", "warmup_epochs": 0.5},
    {"schedule": "warmup_cosine", "warmup_epochs": 0},
]


def _cfg(**settings):
    return training.check_config({"train_size": 1000, "batch_size": 100, "epochs": 5, "learning_rate": 0.004,
                                  **settings}, 1000)  # 800 images to fit: 8 steps per epoch, 40 in all


@pytest.mark.parametrize("settings", SCHEDULES, ids=lambda s: f"{s['schedule']}{s.get('warmup_epochs', '')}")
def test_numpy_values_equal_the_keras_schedule_at_every_step(settings):
    cfg = _cfg(**settings)
    keras_lr = schedules.keras_schedule(cfg)
    steps = np.arange(cfg["steps_per_epoch"] * cfg["epochs"] + 3)  # past the end too
    expected = [float(keras_lr(int(s))) if callable(keras_lr) else keras_lr for s in steps]
    np.testing.assert_allclose(schedules.values(cfg, steps), expected, rtol=1e-6, atol=1e-9)


def test_the_schedules_have_their_shapes():
    step = schedules.values(_cfg(schedule="step", step_every=2, step_factor=0.5))
    assert step[0] == step[15] == 0.004 and step[16] == 0.002 and step[32] == 0.001
    cosine = schedules.values(_cfg(schedule="warmup_cosine", warmup_epochs=0.5))  # 4 warm-up steps of 40
    np.testing.assert_allclose(cosine[:5], [0, 0.001, 0.002, 0.003, 0.004])
    assert cosine[-1] == pytest.approx(0) and np.all(np.diff(cosine[4:]) <= 0)
    x, y = schedules.drawn(_cfg(schedule="step", step_every=2, step_factor=0.5))
    assert x[0] == 0 and x[-1] == 5 and {2.0, 4.0} <= set(x) and y[list(x).index(2.0)] == 0.002


@pytest.mark.parametrize("settings,key", [
    ({"schedule": "cyclic"}, "bad_schedule"),
    ({"schedule": "step", "step_every": 0}, "bad_step_every"), ({"schedule": "step", "step_every": 1.5}, "bad_step_every"),
    ({"schedule": "step", "step_factor": 1.0}, "bad_step_factor"), ({"schedule": "step", "step_factor": 0}, "bad_step_factor"),
    ({"schedule": "warmup_cosine", "warmup_epochs": 5}, "bad_warmup"),
    ({"schedule": "warmup_cosine", "warmup_epochs": -1}, "bad_warmup"),
    ({"schedule": "warmup_cosine", "warmup_epochs": float("nan")}, "bad_warmup"),
])
def test_impossible_schedules_are_refused_with_a_named_reason(settings, key):
    with pytest.raises(training.ConfigError) as err:
        _cfg(**settings)
    assert err.value.key == key


def test_the_learning_rate_at_each_epochs_end_is_recorded_in_the_history():
    ds = datasets.load("mnist")
    cfg = {"train_size": 500, "batch_size": 50, "epochs": 3, "learning_rate": 0.01, "schedule": "warmup_cosine",
           "warmup_epochs": 1}
    _, progress = training.train(architecture.PRESETS["tiny"], ds, cfg)
    planned = schedules.values(training.check_config(cfg, len(ds.x_train)))
    np.testing.assert_allclose(progress.history["learning_rate"], planned[[8, 16, 24]], rtol=1e-6)
    assert progress.history["learning_rate"][0] == pytest.approx(0.01)  # the warm-up's peak after epoch 1


def test_the_optimizer_follows_the_schedule():
    cfg = _cfg(schedule="step", step_every=1, step_factor=0.1, optimizer="sgd")
    optimizer = training.make_optimizer(cfg)
    var = keras.Variable([1.0])
    for _ in range(8):
        optimizer.apply_gradients([(keras.ops.convert_to_tensor([1.0]), var)])
    assert schedules.current(optimizer) == pytest.approx(0.0004)
