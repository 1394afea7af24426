"""The Train page's settings as a runnable Keras script: data, split, seed, model, optimizer, schedule, fit.

Run on the same data, the script gives the dashboard's curves: it seeds and builds as
`training.build_model` does, subsets and splits as `training.prepare_data` does (scikit-learn's
`train_test_split`, as the textbook), and compiles with the same optimizer and learning-rate schedule.
"""
from __future__ import annotations

from cnnviz import architecture, schedules, training

OPTIMIZER_CLASSES = {"adam": "Adam", "sgd": "SGD", "rmsprop": "RMSprop"}


def _optimizer(cfg: dict) -> str:
    extra = f", momentum={float(cfg['momentum'])!r}" if cfg["optimizer"] == "sgd" else ""
    return f"keras.optimizers.{OPTIMIZER_CLASSES[cfg['optimizer']]}(learning_rate=learning_rate{extra})"


def keras_training_code(spec: list[dict], config: dict, dataset: str, n_train: int) -> str:
    """Python source that trains `spec` with `config` on `dataset` (whose training set has `n_train` images).

    ConfigError or ArchitectureError, as when training, if the settings or the model cannot work.
    """
    cfg = training.check_config({**config, "dataset": dataset}, n_train)
    seed = cfg["seed"]
    model_part = architecture.keras_code(spec).split("\n\n", 1)[1]  # keras_code's model, without its imports
    lines = [
        f'"""Train the dashboard\'s model on {dataset} with its settings. keras.datasets downloads the full dataset',
        'once; on the data the dashboard used, the same seed gives the same curves."""',
        "import math",
        "",
        "import keras",
        "import numpy as np",
        "import tensorflow as tf",
        "from keras import layers",
        "from sklearn.model_selection import train_test_split",
        "",
        f"keras.utils.set_random_seed({seed})  # the same initial weights and shuffling every time",
        "tf.config.experimental.enable_op_determinism()",
        "",
        f"(x_train, y_train), (x_test, y_test) = keras.datasets.{dataset}.load_data()",
        "x_train = x_train.reshape(-1, 28, 28, 1).astype(\"float32\") / 255.0",
        "x_test = x_test.reshape(-1, 28, 28, 1).astype(\"float32\") / 255.0",
    ]
    if cfg["train_size"] < n_train:
        lines += [f"subset = np.random.RandomState({seed}).permutation(len(x_train))[:{cfg['train_size']}]",
                  "x_train, y_train = x_train[subset], y_train[subset]"]
    if cfg["validation"] == "split":
        lines += [f"x_fit, x_val, y_fit, y_val = train_test_split(x_train, y_train, test_size={cfg['val_fraction']!r}, "
                  f"random_state={seed})"]
    else:
        lines += ["x_fit, y_fit, x_val, y_val = x_train, y_train, x_test, y_test  # validation on the test set"]
    lines += ["", model_part.rstrip(), ""]
    if cfg["schedule"] != "constant":  # a schedule counts optimizer steps
        lines += [f"steps_per_epoch = math.ceil(len(x_fit) / {cfg['batch_size']})  # on the dashboard's data: "
                  f"{cfg['n_fit']:,} images / {cfg['batch_size']} = {cfg['steps_per_epoch']:,}"]
    lines += [schedules.keras_code(cfg),
              f"model.compile(optimizer={_optimizer(cfg)},",
              '              loss="sparse_categorical_crossentropy", metrics=["accuracy"])']
    callbacks = ""
    if cfg["early_stopping"]:
        lines += [f'early_stopping = keras.callbacks.EarlyStopping(monitor="val_loss", patience={cfg["patience"]}, '
                  f'restore_best_weights={bool(cfg["restore_best"])})']
        callbacks = ", callbacks=[early_stopping]"
    lines += [f"history = model.fit(x_fit, y_fit, batch_size={cfg['batch_size']}, epochs={cfg['epochs']}, "
              f"validation_data=(x_val, y_val){callbacks})",
              'test_loss, test_accuracy = model.evaluate(x_test, y_test)',
              'print(f"test accuracy {test_accuracy:.4f}")', ""]
    return "\n".join(lines)
