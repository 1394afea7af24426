"""Learning-rate schedules: how big the optimizer's steps are at each point of a training.

Three, as Keras builds them: a constant rate; step decay (the rate is multiplied by a factor every
few epochs: `ExponentialDecay(staircase=True)`); and a linear warm-up from 0 followed by a cosine
decay to 0 (`CosineDecay(warmup_target=..., warmup_steps=...)`). Settings are in epochs, as a
learner thinks of them, and turned into optimizer steps with the run's steps per epoch.

`values` gives the same numbers as the Keras schedule, in numpy, for every step at once, so the
Train page can draw a schedule of thousands of steps without calling Keras thousands of times.
"""
from __future__ import annotations

import math

import numpy as np

SCHEDULES = ("constant", "step", "warmup_cosine")
DEFAULTS = {"schedule": "constant", "step_every": 1, "step_factor": 0.5, "warmup_epochs": 0.5}
MAX_POINTS = 1500  # a drawn schedule needs no more points than a chart is pixels wide


def _warmup_steps(cfg: dict) -> int:
    return int(round(float(cfg["warmup_epochs"]) * cfg["steps_per_epoch"]))


def _total_steps(cfg: dict) -> int:
    return cfg["steps_per_epoch"] * cfg["epochs"]


def problem(cfg: dict) -> tuple[str, str, dict] | None:
    """(translation key, English message, values) for the first schedule setting that cannot work; None if all can.

    `cfg` has the training's defaults filled in (schedule, learning rate and epochs included).
    """
    kind = cfg["schedule"]
    if kind not in SCHEDULES:
        return "bad_schedule", f"schedule must be one of {SCHEDULES}, not {kind!r}", {}
    if kind == "step":
        every = cfg["step_every"]
        if not isinstance(every, (int, np.integer)) or isinstance(every, bool) or every < 1:
            return "bad_step_every", f"the rate can change every 1 or more epochs, not {every!r}", {}
        factor = cfg["step_factor"]
        if not isinstance(factor, (int, float)) or not math.isfinite(factor) or not 0 < factor < 1:
            return "bad_step_factor", f"the decay factor must be between 0 and 1, not {factor!r}", {"factor": factor}
    if kind == "warmup_cosine":
        warmup = cfg["warmup_epochs"]
        if (not isinstance(warmup, (int, float)) or isinstance(warmup, bool) or not math.isfinite(warmup)
                or not 0 <= warmup < cfg["epochs"]):
            return ("bad_warmup", f"warm-up must last from 0 to less than the {cfg['epochs']} epochs, not {warmup!r}",
                    {"epochs": cfg["epochs"], "warmup": warmup})
    return None


def keras_schedule(cfg: dict):
    """What to pass as an optimizer's `learning_rate`: a float, or a Keras `LearningRateSchedule`."""
    import keras

    lr = float(cfg["learning_rate"])
    kind = cfg.get("schedule", "constant")
    if kind == "step":
        return keras.optimizers.schedules.ExponentialDecay(
            lr, decay_steps=int(cfg["step_every"]) * cfg["steps_per_epoch"], decay_rate=float(cfg["step_factor"]),
            staircase=True)
    if kind == "warmup_cosine":
        warmup = _warmup_steps(cfg)
        decay = max(_total_steps(cfg) - warmup, 1)
        if warmup == 0:
            return keras.optimizers.schedules.CosineDecay(lr, decay_steps=decay)
        return keras.optimizers.schedules.CosineDecay(0.0, decay_steps=decay, warmup_target=lr, warmup_steps=warmup)
    return lr


def keras_code(cfg: dict) -> str:
    """Python lines that set `learning_rate` as `keras_schedule` does, given a variable `steps_per_epoch`."""
    lr = float(cfg["learning_rate"])
    kind = cfg.get("schedule", "constant")
    if kind == "step":
        return (f"learning_rate = keras.optimizers.schedules.ExponentialDecay(  # x {float(cfg['step_factor'])!r} "
                f"every {cfg['step_every']} epoch(s)\n    initial_learning_rate={lr!r}, "
                f"decay_steps={int(cfg['step_every'])} * steps_per_epoch, decay_rate={float(cfg['step_factor'])!r}, "
                "staircase=True)")
    if kind == "warmup_cosine":
        epochs, warmup = cfg["epochs"], float(cfg["warmup_epochs"])
        if _warmup_steps(cfg) == 0:
            return (f"learning_rate = keras.optimizers.schedules.CosineDecay(initial_learning_rate={lr!r}, "
                    f"decay_steps={epochs} * steps_per_epoch)")
        return (f"warmup_steps = round({warmup!r} * steps_per_epoch)\n"
                "learning_rate = keras.optimizers.schedules.CosineDecay(\n"
                f"    initial_learning_rate=0.0, warmup_target={lr!r}, warmup_steps=warmup_steps,  # linear warm-up "
                "from 0 to the peak\n"
                f"    decay_steps=max({epochs} * steps_per_epoch - warmup_steps, 1))  # then a cosine down to 0")
    return f"learning_rate = {lr!r}"


def values(cfg: dict, steps: np.ndarray | None = None) -> np.ndarray:
    """The learning rate after each number of steps in `steps` (default 0, 1, ..., all steps): the rate of the
    next update, as `optimizer.learning_rate` reads it then. Equal to the Keras schedule's own values."""
    steps = np.arange(_total_steps(cfg) + 1) if steps is None else np.asarray(steps)
    steps = steps.astype(np.float64)
    lr = float(cfg["learning_rate"])
    kind = cfg.get("schedule", "constant")
    if kind == "step":
        return lr * float(cfg["step_factor"]) ** np.floor(steps / (int(cfg["step_every"]) * cfg["steps_per_epoch"]))
    if kind == "warmup_cosine":
        warmup = _warmup_steps(cfg)
        decay = max(_total_steps(cfg) - warmup, 1)
        clipped = np.minimum(steps, warmup + decay)
        cosine = lr * 0.5 * (1 + np.cos(np.pi * (clipped - warmup) / decay))
        if warmup == 0:
            return cosine
        return np.where(clipped < warmup, lr * clipped / warmup, cosine)
    return np.full(steps.shape, lr)


def drawn(cfg: dict) -> tuple[np.ndarray, np.ndarray]:
    """(epochs, learning rates) to draw the whole schedule as steps (plotly's line shape "hv"): at most about
    MAX_POINTS steps, every epoch's end among them, so the drops of a step decay fall where they happen."""
    total = _total_steps(cfg)
    steps = np.unique(np.concatenate([np.linspace(0, total, min(total + 1, MAX_POINTS)).round(),
                                      np.arange(cfg["epochs"] + 1) * cfg["steps_per_epoch"]]))
    return steps / cfg["steps_per_epoch"], values(cfg, steps)


def current(optimizer) -> float:
    """The optimizer's learning rate now (its schedule at the steps done so far), as a float."""
    import keras

    return float(keras.ops.convert_to_numpy(optimizer.learning_rate))
