"""The exported training code runs on its own and reproduces the dashboard's training, schedule included."""
import json
import os
import shutil
import subprocess
import sys

import pytest

from cnnviz import architecture, datasets, schedules, training, training_code
from tests.conftest import SAMPLE

CONFIG = {"train_size": 600, "batch_size": 50, "epochs": 2, "learning_rate": 0.01, "seed": 3,
          "schedule": "warmup_cosine", "warmup_epochs": 0.5}


def test_the_exported_script_gives_the_dashboards_curves_and_schedule(tmp_path):
    """Run in a fresh Python with keras.datasets reading the bundled sample from its cache folder, the script's
    history equals `training.train`'s, and its optimizer's schedule is the one the Train page draws."""
    ds = datasets.load("fashion_mnist")
    spec = architecture.PRESETS["tiny"]
    code = training_code.keras_training_code(spec, CONFIG, ds)
    cache = tmp_path / "keras" / "datasets" / "fashion-mnist"
    shutil.copytree(SAMPLE / "fashion_mnist", cache)
    script = tmp_path / "train.py"
    script.write_text(code + "import json\n"  # the script's own schedule object, `learning_rate`, at steps 0..29
                      "print(json.dumps({'history': history.history, 'steps': int(model.optimizer.iterations),\n"
                      "                  'schedule': [float(learning_rate(s)) for s in range(0, 30)]}))\n")
    env = {**os.environ, "KERAS_HOME": str(tmp_path / "keras"), "TF_CPP_MIN_LOG_LEVEL": "3"}
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, env=env, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])

    _, progress = training.train(spec, ds, CONFIG)
    for key in ("loss", "accuracy", "val_loss", "val_accuracy"):
        assert result["history"][key] == pytest.approx(progress.history[key], rel=1e-5), key
    cfg = training.check_config(CONFIG, len(ds.x_train))
    assert result["steps"] == cfg["steps_per_epoch"] * cfg["epochs"] == 20
    assert result["schedule"] == pytest.approx(schedules.values(cfg, range(30)).tolist(), rel=1e-5)  # float32


@pytest.mark.parametrize("config,has", [
    ({"schedule": "step", "step_every": 2, "step_factor": 0.1, "optimizer": "sgd", "momentum": 0.8},
     ["ExponentialDecay(", "decay_steps=2 * steps_per_epoch, decay_rate=0.1, staircase=True",
      "SGD(learning_rate=learning_rate, momentum=0.8)"]),
    ({"validation": "test", "early_stopping": True, "patience": 3, "optimizer": "rmsprop"},
     ["learning_rate = 0.001", "RMSprop(learning_rate=learning_rate)", "validation on the test set",
      'EarlyStopping(monitor="val_loss", patience=3, restore_best_weights=True)', "callbacks=[early_stopping]"]),
])
def test_the_script_says_every_setting(config, has):
    code = training_code.keras_training_code(architecture.PRESETS["tiny"], config, datasets.load("mnist"))
    compile(code, "train.py", "exec")
    for text in has:
        assert text in code
    assert ("steps_per_epoch" in code) == (config.get("schedule", "constant") != "constant")


def test_impossible_settings_give_the_training_error():
    with pytest.raises(training.ConfigError):
        training_code.keras_training_code(architecture.PRESETS["tiny"], {"epochs": 0}, datasets.load("mnist"))


def test_the_script_for_photos_reads_the_folder_with_keras_and_trains_the_sigmoid_model(tmp_path):
    """Keras's own loader on the bundled cats and dogs, fitted as the dashboard fitted them, then the binary loss."""
    ds = datasets.load("cats_vs_dogs", datasets.PhotoFit(32, "pad", False))
    spec = architecture.PHOTO_PRESETS["photo_small"]
    code = training_code.keras_training_code(spec, {"epochs": 1, "batch_size": 32}, ds)
    for text in ('color_mode="grayscale", image_size=(32, 32)', "pad_to_aspect_ratio=True", "stratify=y_all",
                 "random_state=123", 'loss="binary_crossentropy"', 'layers.Dense(units=1, name="logits")'):
        assert text in code, text
    script = tmp_path / "train.py"
    script.write_text(code + "print(len(x_fit), len(x_val), len(x_test), x_fit.shape[1:])\n")
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"}
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, env=env, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip().splitlines()[-1] == f"{len(ds.x_train) - 48} 48 {len(ds.x_test)} (32, 32, 1)"
