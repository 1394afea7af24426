"""Time to accuracy on the full Fashion-MNIST: test accuracy against wall seconds, three recipes side by side.

    python bench/bench_time_to_accuracy.py            # Quick start, textbook, plain model.fit; MNIST Quick start
    python bench/bench_time_to_accuracy.py --quick    # only the Quick start button (its headline figure)

(1) Quick start as the Train page's button runs it (the executor: a worker process, the run saved on disk,
    the final test evaluation), timed from the button to the finished run;
(2) the textbook recipe (혼자 공부하는 머신러닝+딥러닝 8-2: fashion_cnn, Adam, batch 32, 20% validation,
    early stopping with patience 2), through the same dashboard path;
(3) a plain `model.fit` of the Quick start model: same data, batch size and epochs, Adam at its default
    constant learning rate 0.001 and no schedule, no dashboard callbacks or saves.
After every epoch a callback evaluates the 10,000 test images; that evaluation's time is measured and left
out of the seconds shown (and printed). Then Quick start on MNIST: trained on the bundled 5,000 digits,
tested on the canonical 10,000-digit test set (the sample's test set).

Uses the full Fashion-MNIST that Debian's dataset-fashion-mnist installs. Timings depend on what else the
CPU is doing: the load average is printed next to every figure.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("CNNVIZ_OFFLINE", "1")  # never a download: the full Fashion-MNIST is Debian's, MNIST the sample
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import keras  # noqa: E402

from cnnviz import architecture, datasets, executors, runs, training  # noqa: E402

SAMPLE = ROOT / "assets" / "sample"
TARGET = 0.90
TEXTBOOK = {"batch_size": 32, "epochs": 20, "optimizer": "adam", "learning_rate": 0.001, "val_fraction": 0.2,
            "seed": 42, "early_stopping": True, "patience": 2, "restore_best": True}


def load_avg() -> str:
    return "load average %.1f %.1f %.1f" % os.getloadavg()


class TestClock(keras.callbacks.Callback):
    """Test accuracy after every epoch, and the wall seconds so far without the time these evaluations took."""

    def __init__(self, x_test, y_test, started: float):
        super().__init__()
        self.x_test, self.y_test, self.started = x_test, y_test, started
        self.points: list[tuple[float, float]] = []  # (seconds without evaluations, test accuracy)
        self.eval_seconds = 0.0

    def on_epoch_end(self, epoch, logs=None):
        seconds = self.seconds_now()
        t = time.perf_counter()
        accuracy = self.model.evaluate(self.x_test, self.y_test, batch_size=1000, verbose=0)[1]
        self.eval_seconds += time.perf_counter() - t
        self.points.append((seconds, accuracy))

    def seconds_now(self) -> float:
        return time.perf_counter() - self.started - self.eval_seconds


def full_fashion() -> datasets.Dataset:
    os.environ.pop("CNNVIZ_DATA_DIR", None)
    ds = datasets.load("fashion_mnist")
    assert len(ds.x_train) == 60000, f"full Fashion-MNIST not found (got {ds.source}: {ds.location})"
    return ds


def button(spec, ds, config, clock: TestClock | None = None, home=None) -> tuple[float, training.Progress, dict]:
    """What the Train page's button does (the run created, then trained in a thread that saves it and evaluates the
    test set at the end), timed to the finished run; with a clock, less the clock's own evaluations."""
    t = time.perf_counter()
    run = training.start_run(spec, ds, config, "bench", home)
    progress = training.Progress()
    worker = threading.Thread(target=training.train, args=(spec, ds), kwargs=dict(
        run=run, progress=progress, callbacks=(clock,) if clock else ()))
    worker.start()
    worker.join()
    seconds = time.perf_counter() - t - (clock.eval_seconds if clock else 0.0)
    return seconds, progress, run.test_metrics or {}


def quick_start_button(ds, home) -> None:
    """The headline figure: the button's own path (the executor), nothing added, from the click to the finished run.

    As on a server that has been up a while, the executor's worker process has started (imported TensorFlow)
    before the click: a small training on 100 MNIST digits runs first, untimed. The dataset
    is not loaded in the worker yet: that is part of the figure, as for the first student to press it."""
    spec, config = training.quick_start(ds)
    executor = executors.get_executor()
    warm_up = executor.submit(architecture.PRESETS["tiny"], datasets.load("mnist"),
                              {"train_size": 100, "epochs": 1}, "warm-up", home)
    executor.wait(warm_up.run.id, 600)
    print(f"Quick start button on the full Fashion-MNIST: {architecture.label(spec)} "
          f"({architecture.summarize(spec).total_params:,} params), {config} ({load_avg()} before)", flush=True)
    t = time.perf_counter()
    job = executor.submit(spec, ds, config, "bench", home)
    executor.wait(job.run.id, 3600)
    seconds = time.perf_counter() - t
    run = runs.load_run(job.run.id, home)
    print(f"    button to finished run {seconds:.1f} s (of which training {run.config['seconds']:.1f} s), "
          f"test accuracy {run.test_metrics['accuracy']:.4f} ({load_avg()} after)", flush=True)


def plain_fit(spec, ds, config, x_test, y_test) -> TestClock:
    """The Quick start model, data, batch and epochs in a plain model.fit: Adam at its default rate, no schedule."""
    t = time.perf_counter()
    cfg = training.check_config({**config, "dataset": ds.name}, len(ds.x_train))
    data = training.prepare_data(ds, cfg)
    model = training.build_model(spec, cfg["seed"])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    clock = TestClock(x_test, y_test, t)
    model.fit(data.x_train, data.y_train, batch_size=cfg["batch_size"], epochs=cfg["epochs"],
              validation_data=(data.x_val, data.y_val), callbacks=[clock], verbose=0, shuffle=True)
    return clock


def curves(ds, home) -> None:
    x_test = datasets.as_model_input(ds.x_test, architecture.INPUT_SHAPE)
    quick_spec, quick = training.quick_start(ds)
    results = {}
    for name, spec, config in (("quick start", quick_spec, quick),
                               ("textbook", architecture.PRESETS["fashion_cnn"], TEXTBOOK)):
        before = load_avg()
        clock = TestClock(x_test, ds.y_test, time.perf_counter())
        seconds, progress, test = button(spec, ds, config, clock, home)
        results[name] = (clock, seconds, test["accuracy"], before, load_avg())
    before = load_avg()
    clock = plain_fit(quick_spec, ds, quick, x_test, ds.y_test)
    results["plain model.fit"] = (clock, clock.seconds_now(), clock.points[-1][1], before, load_avg())

    print(f"\nTest accuracy (10,000 images) against wall seconds, test evaluations left out; {os.cpu_count()} cores")
    for name, (clock, seconds, final, before, after) in results.items():
        hit = next((s for s, a in clock.points if a >= TARGET), None)
        print(f"  {name:16s} {len(clock.points)} epochs, finished after {seconds:6.1f} s, final test accuracy "
              f"{final:.4f}, {TARGET:.0%} " + (f"after {hit:.1f} s" if hit is not None else "not reached")
              + f"  (evaluations {clock.eval_seconds:.1f} s left out; {before} → {after})")
    width = max(len(c.points) for c, *_ in results.values())
    print("\n  epoch | " + " | ".join(f"{name:>22s}" for name in results))
    for i in range(width):
        cells = [f"{c.points[i][0]:8.1f} s  {c.points[i][1]:.4f}" if i < len(c.points) else " " * 22
                 for c, *_ in results.values()]
        print(f"  {i + 1:5d} | " + " | ".join(f"{cell:>22s}" for cell in cells))


def mnist_quick_start(home) -> None:
    """MNIST Quick start on the bundled 5,000 digits; the sample's test set is the canonical 10,000."""
    os.environ["CNNVIZ_DATA_DIR"] = str(SAMPLE)
    ds = datasets.load("mnist")
    spec, config = training.quick_start(ds)
    seconds, progress, test = button(spec, ds, config, home=home)
    print(f"\nQuick start on MNIST: {architecture.label(spec)}, {config}, trained on {len(ds.x_train):,} digits "
          f"({len(progress.history['loss'])} epochs), tested on {len(ds.x_test):,}: "
          f"test accuracy {test['accuracy']:.4f} in {seconds:.1f} s ({load_avg()})")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="only the Quick start button's headline figure")
    args = parser.parse_args()
    print(f"{os.cpu_count()} CPU cores; other processes share them, so timings are noisy.")
    with tempfile.TemporaryDirectory() as runs_home:
        fashion = full_fashion()
        quick_start_button(fashion, runs_home)
        if not args.quick:
            curves(fashion, runs_home)
            mnist_quick_start(runs_home)
