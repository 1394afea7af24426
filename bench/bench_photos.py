"""Decoding and fitting photos: the cold path a photo dataset takes once per (folder, fit), and the cache.

python bench/bench_photos.py [photo folder]

For the 2,000 shared cats vs dogs photos (../shared/data/cats_vs_dogs/), in colour: a cold load (scan,
decode, fit, split, write the cache) for sizes 64 and 150 in each resize mode, then a warm load from the
disk cache and one from memory, then the bundled 300-photo sample. Target: 2,000 photos decoded and
fitted in under 5 s on 2 cores, a warm cache near-instant. Each cold load uses a fresh CNNVIZ_HOME.
The CPU seconds (all threads) say what the load would take on two idle cores when the machine is busy.
"""
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cnnviz import photos  # noqa: E402
from cnnviz.datasets import SAMPLE_DIR  # noqa: E402

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "cats_vs_dogs"


def timed(root: Path, fit: photos.PhotoFit) -> tuple[float, float, photos.PhotoSet]:
    """(wall seconds, CPU seconds of all threads, the set) of one load."""
    start, cpu = time.perf_counter(), time.process_time()
    photo_set = photos.load_folder(root, fit)
    return time.perf_counter() - start, time.process_time() - cpu, photo_set


def main(root: Path = SHARED) -> None:
    print(f"cpu cores: {len(os.sched_getaffinity(0))}, folder: {root}")
    for size in (64, 150):
        for mode in photos.RESIZE_MODES:
            fit = photos.PhotoFit(size, mode, color=True)
            with tempfile.TemporaryDirectory() as home:
                os.environ["CNNVIZ_HOME"] = home
                photos.forget_recent()
                cold, cold_cpu, photo_set = timed(root, fit)
                photos.forget_recent()
                disk, _, from_disk = timed(root, fit)
                memory, _, from_memory = timed(root, fit)
            n = len(photo_set.x_train) + len(photo_set.x_test)
            assert (photo_set.came_from, from_disk.came_from, from_memory.came_from) == ("decoded", "disk", "memory")
            print(f"size {size:3d} {mode:7s}  cold {cold:5.2f} s for {n} photos = {n / cold:5.0f} images/s "
                  f"(CPU {cold_cpu:4.2f} s = {n / cold_cpu:4.0f} images per CPU-second)   "
                  f"warm: disk {disk * 1000:4.0f} ms, memory {memory * 1000:3.0f} ms")
    with tempfile.TemporaryDirectory() as home:
        os.environ["CNNVIZ_HOME"] = home
        photos.forget_recent()
        cold, _, photo_set = timed(SAMPLE_DIR / "cats_vs_dogs", photos.PhotoFit())
        photos.forget_recent()
        disk, _, _ = timed(SAMPLE_DIR / "cats_vs_dogs", photos.PhotoFit())
    n = len(photo_set.x_train) + len(photo_set.x_test)
    print(f"bundled sample ({n} photos, default fit {photos.PhotoFit()}): cold {cold:.2f} s, "
          f"warm from disk {disk * 1000:.0f} ms")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else SHARED)
