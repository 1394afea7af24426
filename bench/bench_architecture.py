"""Time one slider move on the Build page: spec → summary → table rows → both figures, without Keras.

python bench/bench_architecture.py   (target: median under 50 ms per preset)
Building the Keras model (only needed for export and training) is timed separately for comparison.
"""
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cnnviz import architecture as arch  # noqa: E402
from cnnviz.plots import architecture as plots  # noqa: E402

REPEATS = 50


def one_redraw(spec):
    summary = arch.summarize(spec)
    arch.table(summary)
    plots.volume_diagram(summary).to_plotly_json()
    plots.parameter_shares(summary, "parameters").to_plotly_json()


def timings(fn, repeats: int, clock=time.perf_counter) -> list[float]:
    fn()  # warm-up
    out = []
    for _ in range(repeats):
        start = clock()
        fn()
        out.append((clock() - start) * 1000)
    return out


def main():
    print(f"spec → summary → table → 2 figures, {REPEATS} runs each (ms; CPU = this process's CPU time,")
    print("which other programs loading the machine do not inflate)")
    print(f"{'preset':<14}{'params':>11}{'median':>9}{'p90':>9}{'max':>9}{'CPU median':>12}")
    for name, spec in arch.PRESETS.items():
        t = sorted(timings(lambda: one_redraw(spec), REPEATS))
        cpu = timings(lambda: one_redraw(spec), REPEATS, time.process_time)
        print(f"{name:<14}{arch.summarize(spec).total_params:>11,}{statistics.median(t):>9.1f}"
              f"{t[int(0.9 * len(t))]:>9.1f}{t[-1]:>9.1f}{statistics.median(cpu):>12.1f}")
    t = timings(lambda: arch.summarize(arch.PRESETS["mnist_slides"]), 500)
    print(f"summarize alone (mnist_slides): median {statistics.median(t) * 1000:.0f} µs")
    import keras  # noqa: F401  (import time is not the build's)
    t = timings(lambda: arch.build(arch.PRESETS["mnist_slides"]), 10)
    print(f"for comparison, Keras build (mnist_slides): median {statistics.median(t):.1f} ms")


if __name__ == "__main__":
    main()
