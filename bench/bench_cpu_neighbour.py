"""How much a training slows page work on the same machine although it runs at the lowest priority.

    python bench/bench_cpu_neighbour.py

A page's work stands in as one thread of Python and numpy (what a Streamlit script run does); it is timed
alone, then next to a neighbour that runs as a training worker does (`worker.lower_priority`: nice 19, in a
session of its own): first a busy Python loop, then a real Keras training of the MNIST Quick start model.
Priority decides who gets a core when both want the same one; it cannot stop a neighbour on the other core
from sharing the caches, the memory bus and, on a virtual machine, perhaps one physical core. The ratios
printed are that share, the floor under bench_class's "page time-to-idle, K training" on one machine.
"""
from __future__ import annotations

import multiprocessing
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

REPEATS = 7


def page_work() -> float:
    """Seconds for a fixed mix of Python and numpy work in this thread."""
    import numpy as np

    started = time.perf_counter()
    total = 0
    for i in range(1_500_000):
        total += i * i % 7
    a = np.random.default_rng(0).random(1_000_000)
    for _ in range(30):
        a = np.sqrt(a * a + 1.0)
    return time.perf_counter() - started


def busy_loop(ready) -> None:
    from cnnviz import worker

    worker.lower_priority()
    ready.set()
    while True:
        pass


def training(ready) -> None:
    from cnnviz import worker

    worker.prepare_process(2)
    import numpy as np

    from cnnviz import architecture, training as train

    model = train.build_model(architecture.PRESETS["quick_bn"], 42)
    model.compile("adam", "sparse_categorical_crossentropy")
    rng = np.random.default_rng(0)
    x, y = rng.random((4096, 28, 28, 1), dtype=np.float32), rng.integers(0, 10, 4096)
    model.fit(x[:256], y[:256], batch_size=32, verbose=0)  # traced before the timing starts
    ready.set()
    while True:
        model.fit(x, y, batch_size=32, verbose=0)


def timed(label: str, neighbour=None) -> float:
    context = multiprocessing.get_context("spawn")
    process, ready = None, context.Event()
    if neighbour is not None:
        process = context.Process(target=neighbour, args=(ready,), daemon=True)
        process.start()
        ready.wait(120)
        time.sleep(1.0)
    try:
        seconds = statistics.median(page_work() for _ in range(REPEATS))
    finally:
        if process is not None:
            process.kill()
            process.join()
    print(f"  {label:44s} {seconds:.3f} s (median of {REPEATS})", flush=True)
    return seconds


if __name__ == "__main__":
    print(f"{os.cpu_count()} CPU cores (load average {os.getloadavg()[0]:.1f})")
    alone = timed("page work alone")
    loop = timed("next to a busy loop at the lowest priority", busy_loop)
    fit = timed("next to a training at the lowest priority", training)
    print(f"  slowdown: {loop / alone:.2f}x next to the loop, {fit / alone:.2f}x next to the training")
