"""What one tick of the Learn page's stepper costs, against a full rerun of the page.

python bench/bench_learn.py [repeats]

A tick of the play animation reruns only the stepper's fragment: three small figures built and
serialised. A full rerun (what a non-fragment stepper would do on every tick) runs the whole
page under AppTest, which includes AppTest's own overhead; read it as an order of magnitude.
"""
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("CNNVIZ_OFFLINE", "1")
ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("CNNVIZ_DATA_DIR", str(ROOT / "assets" / "sample"))
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from cnnviz import convolution as cv  # noqa: E402
from cnnviz.plots import learn as plots  # noqa: E402


def timed(fn, repeats: int) -> str:
    fn()  # warm-up
    ms = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        ms.append((time.perf_counter() - start) * 1000)
    a = np.asarray(ms)
    return f"median {np.median(a):8.2f} ms   p90 {np.percentile(a, 90):8.2f} ms   min {a.min():8.2f} ms"


def main(repeats: int) -> None:
    rng = np.random.default_rng(0)
    grid = rng.integers(0, 10, (cv.MAX_GRID, cv.MAX_GRID)).astype(float)
    image = rng.random((28, 28))
    walk = cv.conv_walk(grid, cv.KERNELS["sharpen"], 0.5, 1, "same")

    def frame():
        step = len(walk.steps) // 2
        for fig in (plots.window_on_input(walk, walk.steps[step], "in"),
                    plots.products(walk.steps[step], cv.KERNELS["sharpen"], "x"),
                    plots.output_so_far(walk, step, "out")):
            fig.to_json()

    print(f"repeats: {repeats}")
    print(f"conv_walk 12×12 same (144 steps)     {timed(lambda: cv.conv_walk(grid, cv.KERNELS['sharpen'], 0.5, 1, 'same'), repeats)}")
    print(f"conv2d 28×28 (real-image demo)       {timed(lambda: cv.conv2d(image, cv.KERNELS['vertical'], 0, 1, 'same'), repeats)}")
    print(f"pool_walk 4×4 max                    {timed(lambda: cv.pool_walk(cv.POOL_MAP), repeats)}")
    print(f"participation 8×8, k=5, same         {timed(lambda: cv.participation((8, 8), 5, 1, 'same'), repeats)}")
    print(f"stepper frame: 3 figures + JSON      {timed(frame, repeats)}")

    from streamlit.testing.v1 import AppTest

    def full_page():
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
        at.session_state["lang"] = "en"
        at.switch_page("app_pages/learn.py")
        at.run()
        assert not at.exception

    print(f"full page run (AppTest)              {timed(full_page, max(3, repeats // 10))}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 30)
