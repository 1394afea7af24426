"""The Train page's settings as a runnable Keras script: data, split, seed, model, optimizer, schedule, fit.

Run on the same data, the script gives the dashboard's curves: it seeds and builds as
`training.build_model` does, subsets and splits as `training.prepare_data` does (scikit-learn's
`train_test_split`, as the textbook), and compiles with the same optimizer and learning-rate schedule.
"""
from __future__ import annotations

from pathlib import Path

from cnnviz import architecture, schedules, training

OPTIMIZER_CLASSES = {"adam": "Adam", "sgd": "SGD", "rmsprop": "RMSprop"}


def _optimizer(cfg: dict) -> str:
    extra = f", momentum={float(cfg['momentum'])!r}" if cfg["optimizer"] == "sgd" else ""
    return f"keras.optimizers.{OPTIMIZER_CLASSES[cfg['optimizer']]}(learning_rate=learning_rate{extra})"


def _digit_data(dataset: str) -> list[str]:
    return [f"(x_train, y_train), (x_test, y_test) = keras.datasets.{dataset}.load_data()",
            "x_train = x_train.reshape(-1, 28, 28, 1).astype(\"float32\") / 255.0",
            "x_test = x_test.reshape(-1, 28, 28, 1).astype(\"float32\") / 255.0"]


def _photo_data(ds) -> list[str]:
    """Keras's own loader reading the dataset's folder, fitted as the dashboard fitted it; the test set is the
    folder's own, or split off per class with the dashboard's fraction and seed."""
    fit = ds.fit
    read = (f"keras.utils.image_dataset_from_directory(\n    {{!r}}, label_mode=\"int\", "
            f"color_mode=\"{'rgb' if fit.color else 'grayscale'}\", image_size=({fit.size}, {fit.size}),\n    "
            f"crop_to_aspect_ratio={fit.mode == 'crop'}, pad_to_aspect_ratio={fit.mode == 'pad'}, batch_size=None, "
            "shuffle=False)")

    def arrays(folder: str, x: str, y: str) -> list[str]:
        return [f"{x}, {y} = map(np.array, zip(*{read.format(folder)}))",
                f"{x} = {x}.astype(\"float32\") / 255.0"]

    if ds.test_from == "split":
        return arrays(ds.location, "x_all", "y_all") + [
            f"x_train, x_test, y_train, y_test = train_test_split(x_all, y_all, test_size={ds.test_fraction!r}, "
            f"stratify=y_all, random_state={ds.split_seed})"]
    root = Path(ds.location)
    test = next(name for name in ("test", "validation") if (root / name).is_dir())
    return arrays(str(root / "train"), "x_train", "y_train") + arrays(str(root / test), "x_test", "y_test")


def keras_training_code(spec: list[dict], config: dict, ds) -> str:
    """Python source that trains `spec` with `config` on the dataset `ds`.

    ConfigError or ArchitectureError, as when training, if the settings or the model cannot work.
    """
    n_train = len(ds.x_train)
    cfg = training.check_config({**config, "dataset": ds.name}, n_train)
    seed = cfg["seed"]
    model_part = architecture.keras_code(spec, ds.input_shape, ds.n_classes).split("\n\n", 1)[1]  # no imports
    about = ("keras.datasets downloads the full dataset once; on the data the dashboard used, the same seed gives "
             "the same curves." if not ds.is_photo else "Keras reads the photos itself (it decodes JPEGs a little "
             "differently and ignores their EXIF turn) and scikit-learn splits them, so the curves come out close "
             "to the dashboard's, not identical.")
    lines = [
        f'"""Train the dashboard\'s model on {ds.name} with its settings. {about}"""',
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
        *(_photo_data(ds) if ds.is_photo else _digit_data(ds.name)),
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
              f'              loss="{architecture.loss_for(spec)}", metrics=["accuracy"])']
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
