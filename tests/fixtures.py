"""Shared fixtures: real runs trained once per test session, copied into each test's CNNVIZ_HOME.

    def test_something(trained_run):      # a Run in this test's own CNNVIZ_HOME (MNIST, "tiny", 1 epoch)
    def test_other(trained_fashion_run):  # the same on Fashion-MNIST
    def test_photos(trained_photo_run):   # cats vs dogs, 32×32 colour, sigmoid output
    def test_page(e2e_run):               # browser tests: a run in the e2e server's home (shared workspace)
    def test_ray(ray_address):            # "127.0.0.1:<port>" of a real Ray cluster (2 CPUs) for this session
    def test_bad(broken_mnist):           # CNNVIZ_DATA_DIR holds MNIST files that are truncated gzip
    def test_odd(mnist_without_test_threes):  # ... or the sample with no 3 in its test set
"""
import shutil
import time
from pathlib import Path

import pytest

SAMPLE_MNIST = Path(__file__).resolve().parents[1] / "assets" / "sample" / "mnist"
TRAIN_CONFIG = {"train_size": 1200, "epochs": 1, "batch_size": 32, "learning_rate": 0.01, "seed": 7}


def _train_once(folder: Path, dataset: str) -> Path:
    from cnnviz import architecture, datasets, training

    ds = datasets.load(dataset)
    spec = architecture.PRESETS["tiny"]
    run = training.start_run(spec, ds, TRAIN_CONFIG, name=f"tiny {dataset}", home=folder)
    training.train(spec, ds, run=run)
    assert run.status == "finished", run.error
    return run.path


def copy_run_into(home: Path, run_dir: Path):
    """Copy a trained run folder into `home` (a CNNVIZ_HOME) and return it as loaded from there."""
    from cnnviz import runs

    target = Path(home) / "runs" / run_dir.name
    if not target.exists():
        shutil.copytree(run_dir, target)
    return runs.load_run(run_dir.name, Path(home) / "runs")


@pytest.fixture(scope="session")
def trained_run_dir(tmp_path_factory) -> Path:
    return _train_once(tmp_path_factory.mktemp("trained_runs"), "mnist")


@pytest.fixture(scope="session")
def trained_fashion_run_dir(tmp_path_factory) -> Path:
    return _train_once(tmp_path_factory.mktemp("trained_fashion_runs"), "fashion_mnist")


@pytest.fixture
def trained_run(cnnviz_home, trained_run_dir):
    """A fresh copy, for this test only, of an MNIST run (preset "tiny", 1 epoch on 960 images)."""
    return copy_run_into(cnnviz_home, trained_run_dir)


@pytest.fixture
def trained_fashion_run(cnnviz_home, trained_fashion_run_dir):
    return copy_run_into(cnnviz_home, trained_fashion_run_dir)


@pytest.fixture(scope="session")
def e2e_run(e2e_home, trained_run_dir):
    """The MNIST run in the browser server's home; it has no workspace, so every browser session sees it."""
    return copy_run_into(e2e_home, trained_run_dir)


LONG_TRAINING = {"train_size": 1000, "batch_size": 10, "epochs": 200, "learning_rate": 0.01}  # minutes: a test stops it


def wait_for(condition, timeout: float = 120.0, what: str = "the condition") -> None:
    """Poll `condition()` until it is true; fail naming `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def stop_all(executor) -> None:
    """Stop every training a test left in the executor and wait until each has ended."""
    for job in executor.jobs():
        job.stop()
    for job in executor.jobs():
        assert executor.wait(job.run.id, 60)


def assert_yields_to_pages(pid: int) -> None:
    """The training process `pid` runs every thread at the workers' nice, in an autogroup (Linux's unit of fair
    CPU shares) other than this test's, the server's, and niced the same."""
    from cnnviz import worker

    for stat in Path(f"/proc/{pid}/task").glob("*/stat"):
        try:
            nice = int(stat.read_text().rsplit(")", 1)[1].split()[16])
        except (FileNotFoundError, ProcessLookupError):
            continue  # a thread that ended meanwhile
        assert nice == worker.NICE, stat
    theirs, ours = _autogroup(pid), _autogroup("self")
    if theirs and ours:  # kernels that report autogroups (some sandboxes show the file empty)
        assert theirs[1:] == ["nice", str(worker.NICE)] and theirs[0] != ours[0]


def _autogroup(pid: int | str) -> list[str]:
    """`/proc/PID/autogroup` as words, e.g. ["/autogroup-340", "nice", "19"]; empty where the kernel tells none."""
    try:
        return Path(f"/proc/{pid}/autogroup").read_text().split()
    except OSError:
        return []


@pytest.fixture(scope="session")
def ray_address():
    """A real one-machine Ray cluster on 127.0.0.1 with two CPUs, stopped (every process of it) at the end."""
    from scripts.ray_cluster import local_cluster

    with local_cluster(num_cpus=2) as address:
        yield address


@pytest.fixture
def own_mnist(tmp_path, monkeypatch) -> Path:
    """An empty MNIST folder that CNNVIZ_DATA_DIR points at, to fill before a page runs; the app's
    data cache is clear before and after the test."""
    from cnnviz import ui

    folder = tmp_path / "data" / "mnist"
    folder.mkdir(parents=True)
    monkeypatch.setenv("CNNVIZ_DATA_DIR", str(folder.parent))
    ui._load_dataset.clear()
    yield folder
    ui._load_dataset.clear()


@pytest.fixture
def broken_mnist(own_mnist):
    from cnnviz.datasets import FILES

    for name in FILES.values():
        (own_mnist / name).write_bytes(b"\x1f\x8b garbage")


@pytest.fixture
def mnist_without_test_threes(own_mnist):
    """The bundled sample with every 3 taken out of its test set (own data files may lack a class)."""
    from cnnviz import datasets

    arrays = {key: datasets.read_idx(SAMPLE_MNIST / name) for key, name in datasets.FILES.items()}
    keep = arrays["y_test"] != 3
    arrays["x_test"], arrays["y_test"] = arrays["x_test"][keep], arrays["y_test"][keep]
    for key, array in arrays.items():
        datasets.write_idx(own_mnist / datasets.FILES[key], array)


def _train_photos_once(folder: Path) -> Path:
    """A real photo run: the small photo CNN on the bundled cats and dogs at 32×32, one epoch."""
    from cnnviz import architecture, datasets, training

    ds = datasets.load("cats_vs_dogs", datasets.PhotoFit(32, "pad", True))
    spec = architecture.PHOTO_PRESETS["photo_small"]
    run = training.start_run(spec, ds, {"epochs": 1, "batch_size": 32, "seed": 3}, name="tiny photos", home=folder)
    training.train(spec, ds, run=run)
    assert run.status == "finished", run.error
    return run.path


@pytest.fixture(scope="session")
def trained_photo_run_dir(tmp_path_factory) -> Path:
    return _train_photos_once(tmp_path_factory.mktemp("trained_photo_runs"))


@pytest.fixture
def trained_photo_run(cnnviz_home, trained_photo_run_dir):
    """A fresh copy of a cats-vs-dogs run (32×32 colour photos, padded; sigmoid output; 1 epoch)."""
    return copy_run_into(cnnviz_home, trained_photo_run_dir)
