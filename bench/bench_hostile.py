"""How cheaply the hostile inputs of issue 13 are refused, while another thread goes on being served.

python bench/bench_hostile.py
Builds each hostile share link, model file, IDX file and run record in a temporary folder and
times its refusal: wall and CPU time, the Python memory it allocated at its peak (tracemalloc, a
second run), how much the process's peak resident memory grew, and the longest pause a second
thread ticking every millisecond saw meanwhile (what another student's page would wait for).
"""
import atexit
import gzip
import io
import json
import os
import resource
import shutil
import sys
import tempfile
import threading
import time
import tracemalloc
import zipfile
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("CNNVIZ_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import keras  # noqa: E402
import numpy as np  # noqa: E402

from cnnviz import architecture, datasets, importing, runs  # noqa: E402

CASES = []  # (group, name, refusal): refusal() returns the code or reason it was refused with


def case(group: str, name: str):
    def register(make):
        CASES.append((group, name, make))
        return make
    return register


def refusal_code(call, *args) -> str:
    """Call, expecting one of the app's own refusals; its code, or 'accepted'."""
    try:
        call(*args)
    except architecture.ArchitectureError as exc:
        return exc.code
    except importing.ImportFailed as exc:
        return exc.reason
    except datasets.DatasetError as exc:
        return exc.code
    return "accepted"


def keras_bytes(model) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        model.save(Path(folder) / "m.keras")
        return (Path(folder) / "m.keras").read_bytes()


def with_config(data: bytes, config_text: bytes) -> bytes:
    """The same .keras file with another config.json."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as old, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            new.writestr(info.filename, config_text if info.filename == "config.json" else old.read(info))
    return out.getvalue()


WORK = Path(tempfile.mkdtemp(prefix="cnnviz_hostile_"))
atexit.register(shutil.rmtree, WORK, ignore_errors=True)
SMALL = keras.Sequential([keras.Input((784,)), keras.layers.Dense(8), keras.layers.Dense(10, activation="softmax")])
SMALL_BYTES = keras_bytes(SMALL)
SMALL_CONFIG = json.loads(zipfile.ZipFile(io.BytesIO(SMALL_BYTES)).read("config.json"))


for digits in (400, 5000):
    text = "D" + "9" * digits + "-r"
    case("share link", f"D + {digits:,} nines + -r")(lambda text=text: refusal_code(architecture.decode, text))
case("share link", "a 1 MB token")(lambda: refusal_code(architecture.decode, "Q" * 2**20))


def with_dense_layers(n: int) -> bytes:
    layers = SMALL_CONFIG["config"]["layers"]
    config = json.loads(json.dumps(SMALL_CONFIG))
    config["config"]["layers"] = layers[:2] + [
        {**layers[1], "config": {**layers[1]["config"], "name": f"d{i}"}} for i in range(n)] + layers[2:]
    return with_config(SMALL_BYTES, json.dumps(config).encode())


UPSAMPLING = keras_bytes(keras.Sequential([
    keras.Input((28, 28, 1)), keras.layers.UpSampling2D((3000, 3000)), keras.layers.GlobalAveragePooling2D(),
    keras.layers.Dense(10, activation="softmax")]))
DEEP_CONFIG = with_config(SMALL_BYTES, json.dumps(SMALL_CONFIG).replace(
    '"trainable": true', '"trainable": ' + "[" * 100_000 + "]" * 100_000, 1).encode())
for n in (300, 2000):
    data = with_dense_layers(n)
    case("model file", f"{n:,} Dense layers ({len(data) / 1024:.0f} kB)")(
        lambda data=data: refusal_code(importing.load_upload, data))
case("model file", f"UpSampling2D((3000, 3000)) ({len(UPSAMPLING) / 1024:.0f} kB)")(
    lambda: refusal_code(importing.load_upload, UPSAMPLING))
WIDE_CONFIG = with_config(SMALL_BYTES, json.dumps([[0] * 7 for _ in range(importing.MAX_CONFIG_BYTES // 24)]).encode())
case("model file", f"config.json of {len(zipfile.ZipFile(io.BytesIO(WIDE_CONFIG)).read('config.json')) / 1024:.0f} "
     "kB of small lists")(lambda: refusal_code(importing.load_upload, WIDE_CONFIG))
case("model file", "config.json nested 100,000 deep")(lambda: refusal_code(importing.load_upload, DEEP_CONFIG))
case("model file", "(for comparison: a small model accepted)")(lambda: refusal_code(importing.load_upload, SMALL_BYTES))


def idx_file(name: str, content: bytes) -> Path:
    path = WORK / name
    path.write_bytes(content)
    return path


def header(type_code: int, *shape: int) -> bytes:
    return bytes([0, 0, type_code, len(shape)]) + b"".join(d.to_bytes(4, "big") for d in shape)


IDX = {
    "int8 labels with -1": idx_file("int8", header(0x09, 3) + np.array([1, -1, 2], "i1").tobytes()),
    "float32 images": idx_file("f32", header(0x0D, 10, 28, 28) + bytes(4 * 7840)),
    "dimensions whose product overflows int64": idx_file("overflow", header(0x08, 2**22, 2**21, 2**21)),
    "255-dimension header": idx_file("dims255", header(0x08, *[2] * 255)),
}
RAW_5GB = WORK / "raw5gb"
with open(RAW_5GB, "wb") as f:
    f.write(header(0x08, 100, 28, 28))
    f.truncate(5 * 2**30)  # sparse: takes no disk
IDX["5 GB raw file (sparse)"] = RAW_5GB
IDX["5 GB gzip bomb (5 MB)"] = idx_file("bomb.gz", gzip.compress(header(0x08, 100, 28, 28))
                                        + gzip.compress(bytes(10 * 2**20)) * 500)
for name, path in IDX.items():
    case("IDX file", name)(lambda path=path: refusal_code(datasets.read_idx, path))

EMPTY = WORK / "data"
for key, file in datasets.FILES.items():
    (EMPTY / "mnist").mkdir(parents=True, exist_ok=True)
    datasets.write_idx(EMPTY / "mnist" / file, np.zeros((0, 28, 28) if key.startswith("x") else 0, np.uint8))


def load_empty() -> str:
    os.environ["CNNVIZ_DATA_DIR"] = str(EMPTY)
    return refusal_code(datasets.load, "mnist")


case("IDX file", "a dataset of 0 images")(load_empty)


RECORD = {"name": "r", "created": "2026-01-01T00:00:00+00:00", "dataset": "mnist", "spec": None,
          "config": {"n_fit": 960}, "history": {"loss": [0.5]}, "status": "running", "pid": 1}
RECORDS = {
    "history value of 400 digits": json.dumps(RECORD).replace("[0.5]", "[" + "9" * 400 + "]"),
    "JSON nested 100,000 deep": "[" * 100_000 + "]" * 100_000,
    "pid 2**70": json.dumps({**RECORD, "pid": 2**70}),
    "text n_fit": json.dumps({**RECORD, "config": {"n_fit": "many"}}),
    "a 50 MB record": json.dumps({**RECORD, "name": "x" * 50 * 2**20}),
    f"{runs.MAX_RECORD_BYTES // 1024} kB of small lists": json.dumps([[0] * 7 for _ in range(runs.MAX_RECORD_BYTES // 24)]),
}


def listed_status(home: Path) -> str:
    (run,) = runs.list_runs(home)
    return run.status + (" (interrupted)" if run.config.get("interrupted") else "")


for i, (name, text) in enumerate(RECORDS.items()):
    home = WORK / f"runs{i}"
    (home / "one").mkdir(parents=True)
    (home / "one" / runs.RUN_FILE).write_text(text)
    case("run record", name)(lambda home=home: listed_status(home))


def longest_stall_ms(call) -> tuple[str, float]:
    """Run `call` while another thread ticks every millisecond; the longest gap between its ticks."""
    stop, gaps = threading.Event(), [0.0]

    def ticker():
        last = time.perf_counter()
        while not stop.is_set():
            time.sleep(0.001)
            now = time.perf_counter()
            gaps[0] = max(gaps[0], now - last)
            last = now

    thread = threading.Thread(target=ticker)
    thread.start()
    try:
        outcome = call()
    finally:
        stop.set()
        thread.join()
    return outcome, gaps[0] * 1000


def main():
    print(f"{'input':<48}{'refused as':<22}{'wall ms':>9}{'CPU ms':>8}{'Python peak':>13}{'RSS growth':>12}"
          f"{'stall ms':>10}")
    group = None
    for case_group, name, call in CASES:
        if case_group != group:
            group = case_group
            print(f"-- {group}")
        call()  # warm-up: the first call of a code path pays for imports and tracing
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        wall, cpu = time.perf_counter(), time.process_time()
        outcome, stall = longest_stall_ms(call)
        wall, cpu = (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000
        grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss) / 1024
        tracemalloc.start()
        call()
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        print(f"  {name:<46}{outcome:<22}{wall:>9.1f}{cpu:>8.1f}{peak:>10.1f} MB{grown:>9.0f} MB{stall:>10.1f}")
    print("Python peak: tracemalloc's peak during a second call; RSS growth: how far the process's peak resident")
    print("memory rose (0 when it stayed under an earlier peak); stall: the longest another thread waited.")


if __name__ == "__main__":
    main()
