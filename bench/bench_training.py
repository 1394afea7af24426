"""Training benchmarks; print figures, assert nothing.

    python bench/bench_training.py               # (1) throughput: dashboard path vs plain model.fit
    python bench/bench_training.py --textbook    # (2) the textbook Fashion CNN recipe (slow: ~8 epochs x 30 s)

Quick start's time to accuracy, next to the textbook recipe and a plain model.fit, is in
bench_time_to_accuracy.py. Uses the full Fashion-MNIST that Debian's dataset-fashion-mnist installs.
Timings depend on what else the CPU is doing; the script prints the load average next to them.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import keras  # noqa: E402
import numpy as np  # noqa: E402

from cnnviz import architecture, datasets, runs, training  # noqa: E402
from cnnviz.plots import training as plots  # noqa: E402



def load_avg() -> str:
    return "load average %.1f %.1f %.1f" % os.getloadavg()


def full_fashion() -> datasets.Dataset:
    os.environ.pop("CNNVIZ_DATA_DIR", None)
    ds = datasets.load("fashion_mnist")
    assert len(ds.x_train) == 60000, f"full Fashion-MNIST not found (got {ds.source}: {ds.location})"
    return ds


def _page_poller(progress: training.Progress, done: threading.Event) -> None:
    """What the Train page's fragment does once a second while it watches: read progress, draw both curves."""
    labels = {k: k for k in ("title", "train", "val", "gap", "best", "live", "epoch")}
    while not done.wait(1.0):
        history = {k: list(v) for k, v in progress.history.items()}
        for metric in ("loss", "accuracy"):
            plots.learning_curve(history, metric, labels, None, list(progress.curve), progress.epochs).to_json()


def throughput(repeats: int = 5, n: int = 6400, batch: int = 64, epochs: int = 2) -> None:
    """Same model, data, batch size and seed: plain model.fit vs the dashboard's path (a training thread with
    the live callback and per-epoch saves, watched by a page that redraws its curves every second)."""
    ds = full_fashion()
    spec = architecture.PRESETS["fashion_cnn"]
    cfg = training.check_config({"train_size": n + n // 4, "val_fraction": 0.2, "batch_size": batch,
                                 "epochs": epochs}, len(ds.x_train))
    data = training.prepare_data(ds, cfg)
    images = len(data.x_train) * epochs
    wall = {"plain": [], "dashboard": []}
    cpu = {"plain": [], "dashboard": []}
    with tempfile.TemporaryDirectory() as home:
        for _ in range(repeats):  # interleaved, so background load hits both alike
            for kind in ("plain", "dashboard"):
                model = training.build_model(spec, cfg["seed"])
                training.compile_model(model, cfg)
                t, c = time.perf_counter(), time.process_time()
                if kind == "plain":
                    model.fit(data.x_train, data.y_train, batch_size=batch, epochs=epochs,
                              validation_data=(data.x_val, data.y_val), verbose=0, shuffle=True)
                else:
                    run = runs.create_run("bench", ds.name, spec, cfg, home)
                    progress, done = training.Progress(), threading.Event()
                    worker = threading.Thread(target=training.fit, args=(model, data, cfg, progress, run))
                    poller = threading.Thread(target=_page_poller, args=(progress, done))
                    worker.start(), poller.start()
                    worker.join()
                    done.set(), poller.join()
                wall[kind].append(images / (time.perf_counter() - t))
                cpu[kind].append(images / (time.process_time() - c))
    print(f"(1) throughput, fashion_cnn (333,526 params), {len(data.x_train):,} images x {epochs} epochs, "
          f"batch {batch}, {repeats} interleaved repeats ({load_avg()})")
    for name, values in (("wall clock", wall), ("per CPU second", cpu)):
        ratios = [d / p for d, p in zip(values["dashboard"], values["plain"])]
        print(f"    {name}: plain model.fit median {statistics.median(values['plain']):6.0f} images/s "
              f"{[round(v) for v in values['plain']]}")
        print(f"    {name}: dashboard path  median {statistics.median(values['dashboard']):6.0f} images/s "
              f"{[round(v) for v in values['dashboard']]}")
        print(f"    {name}: ratio dashboard/plain median {statistics.median(ratios):.3f} "
              f"{[round(r, 3) for r in ratios]}")


def textbook() -> None:
    """혼자 공부하는 머신러닝+딥러닝 8-2: Adam, batch 32, 20% validation (random_state 42), patience 2."""
    ds = full_fashion()
    spec = architecture.PRESETS["fashion_cnn"]
    cfg = training.check_config({"batch_size": 32, "epochs": 20, "optimizer": "adam", "learning_rate": 0.001,
                                 "val_fraction": 0.2, "seed": 42, "early_stopping": True, "patience": 2,
                                 "restore_best": True}, len(ds.x_train))
    data = training.prepare_data(ds, cfg)
    model = training.build_model(spec, cfg["seed"])
    training.compile_model(model, cfg)
    print(f"(2) textbook Fashion CNN: {model.count_params():,} params, {len(data.x_train):,} train / "
          f"{len(data.x_val):,} val ({load_avg()} at start)", flush=True)
    progress = training.fit(model, data, cfg)
    epochs = len(progress.history["loss"])
    best = int(np.argmin(progress.history["val_loss"])) + 1
    val = model.evaluate(data.x_val, data.y_val, batch_size=1000, verbose=0)[1]
    test = model.evaluate(data.x_test, data.y_test, batch_size=1000, verbose=0)[1]
    for i in range(epochs):
        h = {k: v[i] for k, v in progress.history.items()}
        print(f"    epoch {i + 1}: loss {h['loss']:.4f} acc {h['accuracy']:.4f}  "
              f"val_loss {h['val_loss']:.4f} val_acc {h['val_accuracy']:.4f}")
    print(f"    stopped after epoch {epochs}, best epoch {best} (textbook: stopped at 8, best 6)")
    print(f"    val accuracy {val:.4f} (textbook 0.915), test accuracy {test:.4f} (textbook 0.909)")
    print(f"    {progress.seconds:.0f} s in all, {progress.seconds / epochs:.1f} s per epoch ({load_avg()} at end)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--textbook", action="store_true", help="only the slow textbook recipe (2)")
    parser.add_argument("--repeats", type=int, default=5, help="interleaved repeats of (1); more on a noisy machine")
    args = parser.parse_args()
    keras.utils.set_random_seed(42)
    print(f"{os.cpu_count()} CPU cores; other processes share them, so timings are noisy.")
    if args.textbook:
        textbook()
    else:
        throughput(args.repeats)
