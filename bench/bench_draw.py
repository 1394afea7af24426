"""Time from canvas pixels to class probabilities, the path the Draw page runs on every pen release.

python bench/bench_draw.py [repeats]

Stages: decoding the canvas PNG that st_canvas sends (what `CanvasResult.image_data` does),
MNIST-style preprocessing, one traced model call, and Grad-CAM. Target: canvas → probabilities
under 30 ms median on 2 cores. Weights are untrained: the time does not depend on them.
"""
import io
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import keras  # noqa: E402
import numpy as np  # noqa: E402
from PIL import Image, ImageDraw  # noqa: E402

from cnnviz import architecture, gradcam, preprocess  # noqa: E402


def canvas_png(seed: int) -> bytes:
    """A 280×280 canvas with a random three-point stroke, as the PNG the browser sends."""
    rng = np.random.default_rng(seed)
    img = Image.new("RGBA", (280, 280), (0, 0, 0, 255))
    points = [tuple(rng.integers(30, 250, 2).tolist()) for _ in range(3)]
    ImageDraw.Draw(img).line(points, fill=(255, 255, 255, 255), width=int(rng.integers(10, 35)), joint="curve")
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()


def stats(ms: list[float]) -> str:
    a = np.asarray(ms)
    return f"median {np.median(a):6.2f} ms   p90 {np.percentile(a, 90):6.2f} ms   min {a.min():6.2f} ms"


def main(repeats: int = 200) -> None:
    pngs = [canvas_png(i) for i in range(repeats)]
    print(f"cpu cores: {os.cpu_count()}, repeats: {repeats}, canvas 280×280 RGBA")
    for preset in ("mnist_cnn", "keras_simple"):
        keras.utils.set_random_seed(0)
        model = architecture.build(architecture.PRESETS[preset])
        explainer = gradcam.Explainer(model)
        explainer.predict(np.zeros((28, 28), np.float32))  # trace once, as the page's cached explainer has
        explainer.gradcam(np.zeros((28, 28), np.float32), 0)
        timings = {"decode png": [], "preprocess": [], "model call": [], "canvas → probabilities": [],
                   "grad-cam": []}
        for data in pngs:
            t0 = time.perf_counter()
            rgba = np.asarray(Image.open(io.BytesIO(data)))
            t1 = time.perf_counter()
            prepared = preprocess.from_canvas(rgba)
            t2 = time.perf_counter()
            probs = explainer.predict(prepared.pixels)
            t3 = time.perf_counter()
            explainer.gradcam(prepared.pixels, int(probs.argmax()))
            t4 = time.perf_counter()
            for name, ms in zip(timings, (t1 - t0, t2 - t1, t3 - t2, t3 - t0, t4 - t3)):
                timings[name].append(ms * 1000)
        print(f"\n{preset} ({model.count_params():,} parameters)")
        for name, ms in timings.items():
            print(f"  {name:<32} {stats(ms)}")
        start = time.perf_counter()
        for _ in range(20):
            model.predict(prepared.pixels[None, ..., None], verbose=0)
        print(f"  {'(model.predict, for comparison)':<32} {(time.perf_counter() - start) / 20 * 1000:6.2f} ms mean")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:]))
