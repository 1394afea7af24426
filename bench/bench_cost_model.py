"""How well the line's predicted durations match real trainings, on an idle machine and next to page load.

    python bench/bench_cost_model.py           # trainings of several sizes and shapes: predicted vs real seconds
    python bench/bench_cost_model.py --load    # one training next to normal-priority CPU load: real slowdown vs
                                               # the one predicted from the busy share (scheduling.CpuLoad)

Each training goes through the local executor as the Train page's do (a pooled worker process at the lowest
priority, two TensorFlow threads), and is timed as the executor learns it: from its hand-over to the worker to
its end (data, model building and tracing, every epoch's validation, saving, the test evaluation). The
prediction is what `scheduling.CostModel` gives before any training has run. `--json FILE` also writes the raw
figures (the line's size measures of each training and its seconds), to fit the model's constants on.

Load: K processes at normal priority spin in bursts (busy for a share of every 50 ms, as page runs come) next to
the training; the busy share is read from /proc/stat as the executor reads it.
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("CNNVIZ_OFFLINE", "1")

PHOTOS = ROOT.parent / "shared" / "data" / "cats_vs_dogs"

# (dataset, preset, settings): the Quick starts, the textbook models, and shapes that weigh differently
# (many small steps; wide layer outputs without pooling; a dense-only network; colour photos)
TRAININGS = [
    ("mnist", "quick_bn", "quick"),
    ("fashion_mnist", "quick_strided", "quick"),
    ("mnist", "tiny", {"train_size": 5000, "epochs": 3, "batch_size": 16}),
    ("mnist", "mnist_cnn", {"train_size": 2000, "epochs": 2, "batch_size": 64}),
    ("mnist", "keras_simple", {"train_size": 5000, "epochs": 2, "batch_size": 128}),
    ("mnist", "mnist_slides", {"train_size": 1000, "epochs": 2, "batch_size": 32}),
    ("mnist", "mlp_slides", {"train_size": 5000, "epochs": 3, "batch_size": 32}),
    ("fashion_mnist", "fashion_cnn", {"train_size": 5000, "epochs": 2, "batch_size": 32}),
    ("fashion_mnist", "quick_bn", {"train_size": 10000, "epochs": 1, "batch_size": 256}),
    ("cats_vs_dogs", "photo_small", "quick"),
    # not among those the constants were fitted on
    ("fashion_mnist", "fashion_cnn", {"train_size": 10000, "epochs": 3, "batch_size": 128}),
    ("mnist", "mnist_cnn", {"train_size": 5000, "epochs": 4, "batch_size": 16}),
    ("mnist", "quick_strided", {"train_size": 5000, "epochs": 5, "batch_size": 64}),
    ("cats_vs_dogs", "cats_dogs_notebook", {"train_size": 800, "epochs": 2, "batch_size": 32}),
]
LOADS = (0.0, 0.5, 1.0, 1.25, 1.5)  # cores kept busy at normal priority
LOAD_TRAINING = ("mnist", "quick_bn", {"train_size": 3000, "epochs": 2, "batch_size": 32})
BURST_S = 0.05


def dataset(name: str):
    from cnnviz import datasets, training

    if name == "cats_vs_dogs":
        os.environ["CNNVIZ_DATA_DIR"] = str(PHOTOS.parent)
        return datasets.load(name, training.quick_start_fit(name))
    os.environ.pop("CNNVIZ_DATA_DIR", None)
    return datasets.load(name)


def settings(ds, preset: str, config) -> tuple[list[dict], dict]:
    from cnnviz import architecture, training

    if config == "quick":
        spec, config = training.quick_start(ds)
        return spec, {**config, "workspace": "bench"}
    return architecture.presets(ds.is_photo, ds.n_classes)[preset], {**config, "workspace": "bench"}


def warm_up(executor, ds, spec) -> None:
    """A short training first: the worker loads the data once, as a server's pooled worker has."""
    job = executor.submit(spec, ds, {"train_size": 500, "epochs": 1, "workspace": "bench"}, "warm-up")
    executor.wait(job.run.id, 600)


def timed(executor, ds, spec, config) -> dict:
    """Submit one training, wait for its end; its size measures, predicted and real seconds."""
    from cnnviz import scheduling

    job = executor.submit(spec, ds, config, "bench")
    while job.launched is None:
        time.sleep(0.02)
    executor.wait(job.run.id, 3600)
    seconds = time.monotonic() - job.launched
    assert job.progress.state == "finished", job.progress.state
    return {**scheduling.passes(job.run.config, len(ds.x_test))._asdict(),
            **scheduling.per_image(spec, ds.input_shape, ds.n_classes)._asdict(),
            "predicted": job.predicted_s, "seconds": seconds}


def idle(executor, out: list) -> None:
    print(f"{'dataset':<14} {'model':<18} {'images':>8} {'batches':>7} {'M mult-adds':>11} {'k outputs':>9} "
          f"{'predicted':>9} {'real':>7} {'error':>6}", flush=True)
    for name, preset, config in TRAININGS:
        if name == "cats_vs_dogs" and not PHOTOS.is_dir():
            continue
        ds = dataset(name)
        spec, config = settings(ds, preset, config)
        warm_up(executor, ds, spec)
        r = {"dataset": name, "preset": preset, **timed(executor, ds, spec, config)}
        out.append(r)
        print(f"{name:<14} {preset:<18} {r['images']:>8,.0f} {r['steps']:>7,} {r['macs'] / 1e6:>11.2f} "
              f"{r['elements'] / 1e3:>9.1f} "
              f"{r['predicted']:>8.1f}s {r['seconds']:>6.1f}s {r['predicted'] / r['seconds'] - 1:>+6.0%}", flush=True)
    errors = [abs(r["predicted"] / r["seconds"] - 1) for r in out]
    print(f"error of the predicted duration: median {statistics.median(errors):.0%}, max {max(errors):.0%} "
          f"over {len(errors)} trainings", flush=True)


def spin(share: float) -> None:
    """Busy for `share` of every BURST_S, at normal priority."""
    while True:
        start = time.monotonic()
        while time.monotonic() - start < share * BURST_S:
            pass
        time.sleep(max(0.0, (1 - share) * BURST_S))


def loaded(executor, out: list) -> None:
    from cnnviz import executors, scheduling

    name, preset, config = LOAD_TRAINING
    ds = dataset(name)
    spec, config = settings(ds, preset, config)
    warm_up(executor, ds, spec)
    print(f"{'busy cores':>10} {'busy share':>10} {'predicted slowdown':>18} {'real slowdown':>13}", flush=True)
    base = None
    for cores in LOADS:
        shares = [1.0] * int(cores) + ([cores - int(cores)] if cores % 1 else [])
        spinners = [multiprocessing.Process(target=spin, args=(s,), daemon=True) for s in shares]
        for p in spinners:
            p.start()
        time.sleep(2)
        load = scheduling.CpuLoad()
        load.sample(0.0, executors.cpu_counters())
        r = timed(executor, ds, spec, config)
        load.sample(1e9, executors.cpu_counters())
        for p in spinners:
            p.kill()
        base = base or r["seconds"]
        busy = load.busy()  # the training's own share is niced, so not counted
        r.update(cores=cores, busy=busy, slowdown=r["seconds"] / base)
        out.append(r)
        print(f"{cores:>10.2f} {busy:>10.2f} {load.slowdown():>17.2f}× {r['slowdown']:>12.2f}×", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--load", action="store_true")
    parser.add_argument("--json")
    args = parser.parse_args()
    os.environ["CNNVIZ_HOME"] = tempfile.mkdtemp(prefix="cnnviz_bench_cost_")
    from cnnviz import executors

    print(f"cpu cores: {os.cpu_count()}, load average {os.getloadavg()[0]:.1f}", flush=True)
    executor = executors.LocalExecutor(executors.Settings(max_trainings=1))
    out: list[dict] = []
    try:
        (loaded if args.load else idle)(executor, out)
    finally:
        executor.shutdown()
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
