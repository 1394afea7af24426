"""Repeated timings in milliseconds for the benchmarks, and one line each to print them."""
import time

import numpy as np


def timed(fn, repeat: int) -> np.ndarray:
    """Milliseconds of `repeat` calls of `fn`, after one warm-up call (tracing, first allocation)."""
    fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return np.array(times)


def report(name: str, ms: np.ndarray, width: int = 66) -> None:
    q1, median, q3 = np.percentile(ms, [25, 50, 75])
    print(f"{name:<{width}} median {median:9.2f} ms   (q1 {q1:.2f}, q3 {q3:.2f}, n={len(ms)})", flush=True)
