"""Quick start on photos: time and accuracy of the cats-vs-dogs recipe on the 2,000 shared photos.

python bench/bench_photo_quickstart.py [photo folder]

The same recipe as the Train page's Quick start (`training.quick_start`, fitted as
`training.quick_start_fit` says): the folder is split 80/20 per class with the seed (1,600 training
photos, 400 never seen), 20% of the training photos validate. Prints the cold load, the training's wall
time (button to finished run: build, fit, test evaluation) and the validation accuracy of every epoch,
then the test accuracy on the 400 unseen photos. Target: at least 70% in under 2 minutes on 2 cores.
"""
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("CNNVIZ_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "cats_vs_dogs"


def main(folder: Path = SHARED) -> None:
    os.environ["CNNVIZ_DATA_DIR"] = str(folder.parent)
    os.environ["CNNVIZ_HOME"] = tempfile.mkdtemp(prefix="cnnviz_bench_")
    from cnnviz import architecture, datasets, training

    started = time.perf_counter()
    ds = datasets.load(folder.name, training.quick_start_fit(folder.name))
    loaded = time.perf_counter() - started
    spec, config = training.quick_start(ds)
    print(f"cpu cores: {len(os.sched_getaffinity(0))}, load average: {os.getloadavg()[0]:.1f}, folder: {folder}")
    print(f"data: {len(ds.x_train):,} training + {len(ds.x_test):,} test photos as {ds.fit}, "
          f"loaded in {loaded:.1f} s (source {ds.source})")
    print(f"model: {architecture.label(spec)}, {architecture.summarize(spec, ds.input_shape, ds.n_classes).total_params:,}"
          f" parameters; settings: {config}")
    run = training.start_run(spec, ds, config, "bench")
    started = time.perf_counter()
    training.train(spec, ds, run=run)
    seconds = time.perf_counter() - started
    print(f"trained {run.epochs_done} epochs in {seconds:.1f} s (from the button to the finished run)")
    for epoch, (acc, val) in enumerate(zip(run.history["accuracy"], run.history["val_accuracy"]), start=1):
        print(f"  epoch {epoch:2d}: train {acc:.1%}, validation {val:.1%}")
    test = run.test_metrics["accuracy"]
    print(f"test accuracy on {len(ds.x_test):,} unseen photos: {test:.1%} "
          f"({'meets' if test >= 0.70 and seconds < 120 else 'misses'} the target of 70% in under 120 s)")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else SHARED)
