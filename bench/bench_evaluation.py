"""Evaluate-page benchmark; prints figures, asserts nothing.

    python bench/bench_evaluation.py

The textbook Fashion CNN (333,526 parameters, untrained weights: the forward pass costs the same)
on the 10,000 test images of the full Fashion-MNIST that Debian's dataset-fashion-mnist installs:
time to predict them all, then to build what the page shows from the predictions (confusion
matrix, per-class metrics, confused pairs, the sorted gallery, the matrix figure, 24 thumbnails).
Target: under 3 s on 2 cores. Timings depend on what else the CPU is doing (load average printed).
"""
from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.pop("CNNVIZ_DATA_DIR", None)  # the installed full set, not the bundled sample
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import keras  # noqa: E402

from cnnviz import architecture, datasets, evaluation as ev  # noqa: E402
from cnnviz.plots import evaluation as plots  # noqa: E402


def page_figures(result: ev.Evaluation, images, names: list[str]) -> None:
    """Everything the page computes from the predictions (the page's cached part is the predictions)."""
    matrix = result.matrix
    ev.per_class(matrix)
    ev.most_confused(matrix)
    shown = ev.examples(result.y_true, result.y_pred, result.confidence)[:24]
    plots.confusion_matrix(matrix, names, False, true_title="true", pred_title="predicted", colorbar_title="%",
                           hover="{true} {pred} {count} {share}".format).to_plotly_json()
    for i in shown:
        plots.thumbnail(images[i])


def main(repeats: int = 5) -> None:
    ds = datasets.load("fashion_mnist", download=False)
    names = datasets.class_names("fashion_mnist")
    keras.utils.set_random_seed(0)
    model = architecture.build(architecture.PRESETS["fashion_cnn"])
    print(f"Fashion CNN, {model.count_params():,} parameters; {len(ds.x_test):,} test images from {ds.location} "
          f"({ds.source}); {os.cpu_count()} CPUs, load average %.1f %.1f %.1f" % os.getloadavg())

    start = time.perf_counter()
    result = ev.evaluate(model, ds.x_test, ds.y_test)
    page_figures(result, ds.x_test, names)
    print(f"first evaluation (includes tracing the tf.function): {time.perf_counter() - start:.2f} s")

    predict_s, build_s, cpu_s = [], [], []
    for _ in range(repeats):
        c0, t0 = time.process_time(), time.perf_counter()
        result = ev.evaluate(model, ds.x_test, ds.y_test)
        t1 = time.perf_counter()
        page_figures(result, ds.x_test, names)
        predict_s.append(t1 - t0)
        build_s.append(time.perf_counter() - t1)
        cpu_s.append(time.process_time() - c0)
    total = [p + b for p, b in zip(predict_s, build_s)]
    print(f"predict 10,000 images:            median {statistics.median(predict_s):.2f} s "
          f"(min {min(predict_s):.2f}, max {max(predict_s):.2f}, {repeats} runs)")
    print(f"matrix + metrics + gallery + fig: median {statistics.median(build_s) * 1000:.0f} ms")
    print(f"total:                            median {statistics.median(total):.2f} s (target < 3 s)")
    print(f"CPU time of the total, all threads: median {statistics.median(cpu_s):.2f} s "
          f"(on an otherwise idle machine, wall time is about this / the cores TensorFlow uses)")

    t0 = time.perf_counter()
    model.predict(datasets.as_model_input(ds.x_test, (28, 28, 1)), batch_size=1000, verbose=0)
    print(f"for comparison, model.predict(batch_size=1000): {time.perf_counter() - t0:.2f} s")
    print(f"test accuracy of the untrained model: {result.accuracy:.1%} (about 10% is chance)")


if __name__ == "__main__":
    main()
