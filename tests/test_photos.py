"""Photo datasets: reading folders and zips (every hostile case), fitting photos, the split, the cache."""
import io
import os
import shutil
import stat
import zipfile
from dataclasses import asdict
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from cnnviz import photos
from cnnviz.photos import PhotoError, PhotoFit, ZipLimits
from tests.conftest import SHARED_PHOTOS
from tests.test_preprocess import encode, with_png_size

CATS = sorted((SHARED_PHOTOS / "cats").glob("*.jpg"))
DOGS = sorted((SHARED_PHOTOS / "dogs").glob("*.jpg"))


def gray_image(pixels) -> Image.Image:
    return Image.fromarray(np.asarray(pixels, dtype=np.uint8), mode="L")


def photo_folder(root: Path, per_class: int = 6, splits: tuple[str, ...] = ("",), start: int = 0) -> Path:
    """Real photos copied as class folders cats/ and dogs/, under each of `splits` ("" = the root itself)."""
    for s, split in enumerate(splits):
        for folder, files in (("cats", CATS), ("dogs", DOGS)):
            target = root / split / folder
            target.mkdir(parents=True, exist_ok=True)
            for file in files[start + s * per_class: start + (s + 1) * per_class]:
                shutil.copyfile(file, target / file.name)
    return root


def make_zip(entries: dict[str, bytes], **options) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
        for name, attribute in options.get("infos", {}).items():
            info = zipfile.ZipInfo(name)
            for key, value in attribute.items():
                setattr(info, key, value)
            archive.writestr(info, b"x" * 10)
    return buf.getvalue()


def photo_entries(per_class: int = 5, classes=("cats", "dogs"), prefix: str = "") -> dict[str, bytes]:
    sources = {"cats": CATS, "dogs": DOGS}
    return {f"{prefix}{c}/{f.name}": f.read_bytes() for c in classes
            for f in sources.get(c, CATS)[:per_class]}


# --- fitting one photo -----------------------------------------------------------------------------

def test_bilinear_is_tensorflows_half_pixel_rule_worked_by_hand():
    # 2 → 4: centres at -0.25, 0.25, 0.75, 1.25 of the source; outside the edge the edge pixel is used
    assert photos.bilinear(np.array([[0, 100]], np.uint8), 1, 4).tolist() == [[0, 25, 75, 100]]
    # 4 → 2: centres at 0.5 and 2.5, each halfway between two pixels (no antialiasing: pixels 0 and 3 count
    # as much as 1 and 2)
    assert photos.bilinear(np.array([[0, 40, 80, 200]], np.uint8), 1, 2).tolist() == [[20, 140]]
    # 6 → 2: centres at 1 and 4, exactly on pixels: plain subsampling
    assert photos.bilinear(np.array([[9, 1, 9, 9, 7, 9]], np.uint8).T, 2, 1).ravel().tolist() == [1, 7]


def test_stretch_squashes_the_whole_picture():
    rng = np.random.default_rng(0)
    pixels = rng.integers(0, 128, (32, 64)) * 2  # even values: every pair mean is a whole number
    out = photos.fit_photo(gray_image(pixels), PhotoFit(32, "stretch", color=False))
    assert out.shape == (32, 32) and out.dtype == np.uint8
    np.testing.assert_array_equal(out, (pixels[:, 0::2] + pixels[:, 1::2]) // 2)  # width halved, height kept


def test_crop_keeps_the_centre_square():
    pixels = np.zeros((32, 96), np.uint8)
    pixels[:, 32:64] = np.arange(32)[:, None] * 8  # the middle third, a vertical ramp
    pixels[:, :32], pixels[:, 64:] = 255, 100
    out = photos.fit_photo(gray_image(pixels), PhotoFit(32, "crop", color=False))
    np.testing.assert_array_equal(out, pixels[:, 32:64])
    odd = np.arange(33 * 32).reshape(32, 33) % 251  # one column more than square: the left one is kept
    np.testing.assert_array_equal(photos.fit_photo(gray_image(odd), PhotoFit(32, "crop", color=False)),
                                  odd[:, :32])


def test_pad_fits_the_long_side_and_centres_the_short_one():
    rng = np.random.default_rng(1)
    pixels = rng.integers(1, 256, (33, 96)).astype(np.uint8)
    out = photos.fit_photo(gray_image(pixels), PhotoFit(32, "pad", color=False))
    # scale 3: 96×33 becomes 32×11, each output pixel the source pixel at (3r + 1, 3c + 1);
    # 21 rows of black: 10 above, the odd one below (tf.image.resize_with_pad)
    np.testing.assert_array_equal(out[10:21], pixels[1::3, 1::3])
    assert not out[:10].any() and not out[21:].any()
    wide = np.full((32, 64), 200, np.uint8)  # 2:1 → 32×16 in rows 8..23
    out = photos.fit_photo(gray_image(wide), PhotoFit(32, "pad", color=False))
    assert (out[8:24] == 200).all() and not out[:8].any() and not out[24:].any()


def test_colour_and_grayscale_shapes_and_values():
    red = Image.new("RGB", (40, 30), (255, 0, 0))
    assert photos.fit_photo(red, PhotoFit(32, "pad")).shape == (32, 32, 3)
    gray = photos.fit_photo(red, PhotoFit(32, "stretch", color=False))
    assert gray.shape == (32, 32) and (gray == 76).all()  # ITU-R 601 luma of pure red: 0.299 × 255
    assert PhotoFit(64).shape == (64, 64, 3) and PhotoFit(64, color=False).shape == (64, 64)


@pytest.mark.parametrize("kwargs,field", [({"size": 28}, "size"), ({"size": True}, "size"),
                                          ({"mode": "squash"}, "mode"), ({"color": "yes"}, "color")])
def test_a_bad_fit_is_refused(kwargs, field):
    with pytest.raises(PhotoError) as err:
        PhotoFit(**kwargs)
    assert err.value.code == "bad_fit" and err.value.values["field"] == field


def test_fit_is_json_able():
    fit = PhotoFit(96, "crop", False)
    assert PhotoFit(**asdict(fit)) == fit and asdict(PhotoFit()) == {"size": 64, "mode": "stretch", "color": True}


def test_modes_are_converted(tmp_path):
    sixteen = tmp_path / "deep.png"
    Image.fromarray(np.full((40, 40), 65535, np.uint16)).save(sixteen)
    cmyk = tmp_path / "cmyk.jpg"
    Image.new("CMYK", (40, 40), (0, 255, 255, 0)).save(cmyk)
    palette = tmp_path / "palette.gif"
    Image.new("P", (40, 40), 0).save(palette)
    see_through = tmp_path / "alpha.png"
    Image.new("RGBA", (40, 40), (10, 200, 30, 0)).save(see_through)
    fit = PhotoFit(32)
    assert (photos.read_photo(sixteen, PhotoFit(32, color=False)) == 255).all()
    assert photos.read_photo(cmyk, fit)[..., 0].mean() > 200  # red, not inverted
    assert photos.read_photo(palette, fit).shape == (32, 32, 3)
    assert photos.read_photo(see_through, fit)[0, 0].tolist() == [10, 200, 30]  # alpha dropped, as Keras does


def test_exif_orientation_is_applied_and_sizes_come_from_headers(tmp_path):
    img = Image.new("RGB", (60, 30), (0, 0, 0))
    img.paste((255, 255, 255), (0, 0, 30, 30))  # white on the left
    exif = Image.Exif()
    exif[0x0112] = 6  # stored sideways: shown turned 90° clockwise, so the white half ends on top
    (tmp_path / "turned.jpg").write_bytes(encode(img, "JPEG", exif=exif))
    (tmp_path / "plain.png").write_bytes(encode(img, "PNG"))
    sizes = photos.original_sizes(tmp_path, ["turned.jpg", "plain.png", "missing.png"])
    assert sizes.tolist() == [[30, 60], [60, 30], [0, 0]]
    out = photos.read_photo(tmp_path / "turned.jpg", PhotoFit(32, "stretch", color=False))
    assert out[:12].mean() > 200 and out[-12:].mean() < 50


def test_a_big_jpeg_is_decoded_at_a_reduced_scale(tmp_path):
    path = tmp_path / "big.jpg"
    Image.new("RGB", (1600, 1200), (90, 120, 150)).save(path)
    assert photos.open_photo(path, PhotoFit(64)).size == (200, 150)  # 1/8: still ≥ 2 × 64 on the short side
    assert photos.open_photo(path, PhotoFit(150)).size == (400, 300)
    assert photos.open_photo(path, PhotoFit(64, color=False)).mode == "L"
    assert photos.open_photo(path).size == (1600, 1200)


def test_the_three_modes_agree_with_keras_on_real_photos(tmp_path):
    """Same decoder, then Keras's own resize functions: equal up to rounding. Against Keras's loader,
    which decodes JPEGs with libjpeg's fast integer IDCT, within a level or two on average."""
    import keras
    import tensorflow as tf

    folder = photo_folder(tmp_path / "photos", per_class=4)
    keras_resize = {
        "stretch": lambda x, s: tf.image.resize(x, (s, s), method="bilinear"),
        "crop": lambda x, s: keras.preprocessing.image.smart_resize(x, (s, s)),
        "pad": lambda x, s: tf.image.resize_with_pad(x, s, s, method="bilinear"),
    }
    options = {"stretch": {}, "crop": {"crop_to_aspect_ratio": True}, "pad": {"pad_to_aspect_ratio": True}}
    for size in (64, 150):
        for mode in photos.RESIZE_MODES:
            loader = keras.utils.image_dataset_from_directory(folder, image_size=(size, size), batch_size=None,
                                                              shuffle=False, verbose=False, **options[mode])
            for (keras_image, _), path in zip(loader, loader.file_paths):
                ours = photos.read_photo(Path(path), PhotoFit(size, mode)).astype(np.float32)
                decoded = np.asarray(Image.open(path).convert("RGB"))
                same_decoder = np.asarray(keras_resize[mode](decoded, size))
                assert np.abs(ours - same_decoder).max() <= 0.51, (mode, size, path)
                difference = np.abs(ours - keras_image.numpy())
                assert difference.mean() < 1.5 and difference.max() <= 16, (mode, size, path)


def test_fit_all_modes_shows_one_photo_three_ways():
    shown = photos.fit_all_modes(photos.open_photo(CATS[0]), 64, color=True)
    assert list(shown) == ["stretch", "pad", "crop"] and all(a.shape == (64, 64, 3) for a in shown.values())
    assert not shown["pad"][0].any()  # a landscape photo gets black bars above and below
    original, uploaded, notes = photos.upload_all_modes(Path(CATS[0]).read_bytes(), 64, color=False)
    assert original.shape[2] == 3 and max(original.shape[:2]) <= 512 and notes == []
    assert all(a.shape == (64, 64) for a in uploaded.values())
    np.testing.assert_allclose(uploaded["crop"], photos.fit_all_modes(photos.open_photo(CATS[0]), 64, False)["crop"])


# --- folders -----------------------------------------------------------------------------------

def test_class_folders_are_indexed_with_other_files_skipped(tmp_path):
    root = photo_folder(tmp_path / "pets", per_class=5)
    (root / "cats" / "notes.txt").write_text("not a photo")
    (root / "cats" / ".DS_Store").write_bytes(b"hidden")
    (root / "README.md").write_text("files beside the class folders are not data")
    (root / "dogs" / "more").mkdir()
    shutil.copyfile(DOGS[10], root / "dogs" / "more" / "deeper.jpg")  # subfolders count, as in Keras
    index = photos.scan_folder(root)
    assert index.classes == ("cats", "dogs") and index.test_folder is None
    assert len(index.files) == 11 and {f.split for f in index.files} == {"train"}
    assert index.skipped == (("cats/notes.txt", "not_image"),)
    assert ("dogs/more/deeper.jpg", 1, "train") in index.files


@pytest.mark.parametrize("test_folder", ["test", "validation"])
def test_train_and_test_folders_are_used_as_given(tmp_path, test_folder):
    root = photo_folder(tmp_path / "pets", per_class=5, splits=("train", test_folder))
    photo_set = photos.load_folder(root, PhotoFit(32))
    assert photo_set.test_from == "given" and photo_set.split_seed is None
    assert len(photo_set.x_train) == 10 and len(photo_set.x_test) == 10
    assert all(f.startswith(f"{test_folder}/") for f in photo_set.test_files)
    assert np.bincount(photo_set.y_test).tolist() == [5, 5]


@pytest.mark.parametrize("make,code,values", [
    (lambda r: (r / "train" / "cats").mkdir(parents=True) or (r / "test" / "dogs").mkdir(parents=True),
     "mismatched_classes", {"train": "cats", "test": "dogs"}),
    (lambda r: (r / "train" / "cats").mkdir(parents=True) or (r / "extra").mkdir(), "layout",
     {"folders": "extra, train"}),
    (lambda r: (r / "cats").mkdir(parents=True), "too_few_classes", {"count": 1}),
    (lambda r: r.mkdir(), "too_few_classes", {"count": 0}),
])
def test_bad_layouts_are_refused(tmp_path, make, code, values):
    make(tmp_path / "d")
    with pytest.raises(PhotoError) as err:
        photos.scan_folder(tmp_path / "d")
    assert err.value.code == code and values.items() <= err.value.values.items()
    assert not photos.looks_like_dataset(tmp_path / "d")


def test_an_empty_or_small_class_is_named(tmp_path):
    root = photo_folder(tmp_path / "pets", per_class=5)
    (root / "birds").mkdir()
    with pytest.raises(PhotoError) as err:
        photos.scan_folder(root)
    assert err.value.code == "class_too_small" and err.value.values == {
        "name": "birds", "count": 0, "minimum": 5, "split": "train"}
    shutil.copyfile(CATS[0], root / "birds" / "not_a_bird.jpg")
    with pytest.raises(PhotoError, match="'birds' has 1"):
        photos.scan_folder(root)


def test_damaged_and_fake_images_are_skipped_by_name_and_the_rest_kept(tmp_path):
    root = photo_folder(tmp_path / "pets", per_class=6)
    (root / "cats" / "cut.jpg").write_bytes(CATS[20].read_bytes()[:600])
    (root / "cats" / "text.jpg").write_bytes(b"this is not a JPEG")
    (root / "dogs" / "bomb.png").write_bytes(with_png_size(encode(Image.new("L", (8, 8)), "PNG"), 100_000, 100_000))
    photo_set = photos.load_folder(root, PhotoFit(32))
    assert dict(photo_set.skipped) == {"cats/cut.jpg": "corrupt", "cats/text.jpg": "not_image",
                                       "dogs/bomb.png": "bomb"}
    assert len(photo_set.x_train) + len(photo_set.x_test) == 12


def test_damaged_files_count_against_the_class_minimum(tmp_path):
    root = photo_folder(tmp_path / "pets", per_class=5)
    for file in list((root / "dogs").iterdir())[:2]:
        file.write_bytes(b"broken")
    with pytest.raises(PhotoError) as err:
        photos.load_folder(root, PhotoFit(32))
    assert err.value.values["name"] == "dogs" and err.value.values["count"] == 3


def test_the_split_is_seeded_stratified_disjoint_and_shuffled():
    labels = np.repeat([0, 1, 2], [50, 30, 20])
    train, test = photos.split_test(labels, 0.2, seed=5)
    again_train, again_test = photos.split_test(labels, 0.2, seed=5)
    assert np.array_equal(train, again_train) and np.array_equal(test, again_test)
    assert not np.array_equal(photos.split_test(labels, 0.2, seed=6)[1], test)
    assert np.bincount(labels[test]).tolist() == [10, 6, 4]
    assert sorted(np.concatenate([train, test]).tolist()) == list(range(100))
    assert len(set(labels[train[-10:]])) > 1  # not grouped by class: a share taken from the end is mixed


def test_a_folder_without_test_images_is_split_with_the_seed(tmp_path):
    root = photo_folder(tmp_path / "pets", per_class=10)
    photo_set = photos.load_folder(root, PhotoFit(32))
    assert (photo_set.test_from, photo_set.split_seed, photo_set.test_fraction) == ("split", photos.SPLIT_SEED, 0.2)
    assert np.bincount(photo_set.y_test).tolist() == [2, 2] and np.bincount(photo_set.y_train).tolist() == [8, 8]
    assert not set(photo_set.train_files) & set(photo_set.test_files)
    assert not photo_set.x_train.flags.writeable
    first = photos.read_photo(root / photo_set.train_files[0], PhotoFit(32))
    np.testing.assert_array_equal(photo_set.x_train[0], first)  # the files listed are the images' own


# --- the cache -----------------------------------------------------------------------------------

def test_second_load_comes_from_memory_then_disk_and_a_damaged_cache_is_rebuilt(tmp_path, cnnviz_home):
    root = photo_folder(tmp_path / "pets", per_class=5)
    fit = PhotoFit(32, "crop", False)
    first = photos.load_folder(root, fit)
    assert first.came_from == "decoded"
    assert photos.load_folder(root, fit).came_from == "memory"
    photos.forget_recent()
    from_disk = photos.load_folder(root, fit)
    assert from_disk.came_from == "disk" and from_disk.skipped == first.skipped
    for key in ("x_train", "y_train", "x_test", "y_test"):
        np.testing.assert_array_equal(getattr(from_disk, key), getattr(first, key))
    assert from_disk.train_files == first.train_files
    (cached,) = (cnnviz_home / "cache" / "photos").glob("*.npz")
    cached.write_bytes(cached.read_bytes()[:1000])  # cut short, as by a full disk
    photos.forget_recent()
    assert photos.load_folder(root, fit).came_from == "decoded"
    photos.forget_recent()
    assert photos.load_folder(root, fit).came_from == "disk"  # written again, whole


def test_a_changed_folder_is_decoded_again_and_its_old_cache_dropped(tmp_path, cnnviz_home):
    root = photo_folder(tmp_path / "pets", per_class=5)
    photos.load_folder(root, PhotoFit(32))
    photos.load_folder(root, PhotoFit(64))
    shutil.copyfile(CATS[30], root / "cats" / "new.jpg")
    changed = photos.load_folder(root, PhotoFit(32))
    assert changed.came_from == "decoded" and len(changed.x_train) + len(changed.x_test) == 11
    assert len(list((cnnviz_home / "cache" / "photos").glob("*.npz"))) == 1


# --- zip uploads -------------------------------------------------------------------------------

def test_a_zip_of_class_folders_becomes_a_dataset(tmp_path, cnnviz_home):
    entries = photo_entries(6)
    entries["cats/readme.txt"] = b"notes"
    entries["cats/cut.jpg"] = CATS[40].read_bytes()[:500]
    entries["loose.jpg"] = CATS[41].read_bytes()
    entries["__MACOSX/cats/._cat.1.jpg"] = b"apple double"
    entries[f"dogs/{'long' * 70}.jpg"] = DOGS[41].read_bytes()  # a name no Linux file system holds
    report = photos.import_zip(make_zip(entries), tmp_path / "uploads", "pets")
    assert report.name == "pets" and report.classes == ("cats", "dogs") and report.test_from == "split"
    assert {k: sum(v) for k, v in report.counts.items()} == {"train": 10, "test": 2}
    assert dict(report.skipped) == {"loose.jpg": "not_in_class", "cats/readme.txt": "not_image",
                                    "cats/cut.jpg": "corrupt", f"dogs/{'long' * 70}.jpg": "unreadable"}
    assert sorted(p.name for p in (tmp_path / "uploads").iterdir()) == ["pets"]  # no staging left behind
    assert photos.load_folder(tmp_path / "uploads" / "pets", PhotoFit()).came_from == "disk"  # import filled it


def test_a_zip_with_train_and_validation_in_one_outer_folder(tmp_path):
    entries = {**photo_entries(5, prefix="pets/train/"), **photo_entries(2, prefix="pets/validation/")}
    entries["pets/vectorize.py"] = b"print('hi')"  # as in cats_and_dogs_filtered.zip
    report = photos.import_zip(make_zip(entries), tmp_path, "filtered")
    assert report.test_from == "given" and report.counts == {"train": (5, 5), "test": (2, 2)}
    assert report.skipped == (("vectorize.py", "not_in_class"),)
    assert (tmp_path / "filtered" / "validation" / "dogs").is_dir()


def test_a_taken_name_gets_a_number_and_a_bad_name_is_refused(tmp_path):
    data = make_zip(photo_entries(5))
    assert photos.import_zip(data, tmp_path, "pets").name == "pets"
    assert photos.import_zip(data, tmp_path, "pets").name == "pets-2"
    assert photos.import_zip(data, tmp_path, "mnist", taken=("mnist",)).name == "mnist-2"
    for name in ("../up", "a/b", "", "x" * 41, "héllo", ".hidden"):
        with pytest.raises(PhotoError) as err:
            photos.import_zip(data, tmp_path, name)
        assert err.value.code == "bad_name"
    assert photos.delete_upload(tmp_path, "pets-2") and not (tmp_path / "pets-2").exists()
    assert not photos.delete_upload(tmp_path, "pets-2")


def declared_size_bomb() -> bytes:
    """A zip whose directory says its one photo unpacks to 600 MB."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("cats/a.jpg", b"tiny")
        archive.filelist[0].file_size = 600 * 2**20
    return buf.getvalue()


def with_entry(name: str, data: bytes = b"x") -> bytes:
    return make_zip({**photo_entries(5), name: data})


def nested_zip() -> bytes:
    return make_zip(photo_entries(5))


def encrypted_entry_zip() -> bytes:
    """A zip whose last entry is marked encrypted (zipfile cannot write encryption, so the flag is set)."""
    data = bytearray(with_entry("cats/secret.jpg"))
    data[data.rindex(b"PK\x01\x02") + 8] |= 0x1  # general purpose flags of its directory record
    return bytes(data)


@pytest.mark.parametrize("data,code,values", [
    (lambda: declared_size_bomb(), "unzipped_too_large", {"limit_mb": "500"}),
    (lambda: with_entry("../evil.jpg"), "unsafe_path", {"path": "../evil.jpg"}),
    (lambda: with_entry("cats/../../evil.jpg"), "unsafe_path", {}),
    (lambda: with_entry("/etc/evil.jpg"), "unsafe_path", {"path": "/etc/evil.jpg"}),
    (lambda: with_entry("C:\\evil.jpg"), "unsafe_path", {}),
    (lambda: with_entry("cats\\..\\..\\evil.jpg"), "unsafe_path", {}),
    (lambda: make_zip(photo_entries(5), infos={"cats/link.jpg": {"external_attr": (stat.S_IFLNK | 0o777) << 16}}),
     "link", {"path": "cats/link.jpg"}),
    (lambda: with_entry("cats/inner.zip", nested_zip()), "nested_archive", {"path": "cats/inner.zip"}),
    (lambda: with_entry("cats/photos.tar.gz"), "nested_archive", {}),
    (lambda: with_entry("dogs/disguised.jpg", nested_zip()), "nested_archive", {"path": "dogs/disguised.jpg"}),
    (lambda: encrypted_entry_zip(), "encrypted", {"path": "cats/secret.jpg"}),
    (lambda: make_zip(photo_entries(5, classes=("cats",))), "too_few_classes", {"count": 1}),
    (lambda: make_zip({**photo_entries(5, classes=("cats",)), **photo_entries(3, classes=("dogs",))}),
     "class_too_small", {"name": "dogs", "count": 3}),
    (lambda: make_zip({**photo_entries(5, prefix="train/"), **photo_entries(5, prefix="test/", classes=("cats",))}),
     "mismatched_classes", {}),
    (lambda: make_zip({**photo_entries(5, prefix="train/"), **photo_entries(5, prefix="cats/")}), "layout", {}),
    (lambda: b"PK\x05\x06 this is no zip", "not_zip", {}),
    (lambda: b"", "not_zip", {}),
])
def test_hostile_and_unusable_zips_are_refused_and_leave_nothing(tmp_path, data, code, values):
    uploads = tmp_path / "ws" / "uploads"
    with pytest.raises(PhotoError) as err:
        photos.import_zip(data(), uploads, "upload")
    assert err.value.code == code and values.items() <= err.value.values.items()
    assert list(uploads.iterdir()) == []
    assert not list(tmp_path.rglob("evil.jpg"))


def test_size_and_count_limits(tmp_path):
    data = make_zip(photo_entries(5))
    for limits, code, values in [
        (ZipLimits(max_zip_bytes=1000), "zip_too_large", {"limit_mb": "0"}),
        (ZipLimits(max_entries=9), "too_many_files", {"count": 10, "limit": 9}),
        (ZipLimits(max_unzipped_bytes=20_000), "unzipped_too_large", {}),
    ]:
        with pytest.raises(PhotoError) as err:
            photos.import_zip(data, tmp_path, "pets", limits=limits)
        assert err.value.code == code and values.items() <= err.value.values.items()
    bomb = make_zip({**photo_entries(5), "dogs/zeros.jpg": bytes(5 * 2**20)})  # 5 MB of zeros, a few kB zipped
    assert len(bomb) < 200_000
    with pytest.raises(PhotoError, match="unpacks to more than 1 MB"):
        photos.import_zip(bomb, tmp_path, "pets", limits=ZipLimits(max_unzipped_bytes=2**20))


def test_an_entry_that_lies_about_its_size_is_cut_there_and_skipped(tmp_path):
    """zipfile stops at the declared size, so a lie cannot write more than was checked; the CRC then fails."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in photo_entries(5).items():
            archive.writestr(name, data)
        archive.writestr("dogs/liar.jpg", DOGS[30].read_bytes())
        archive.filelist[-1].file_size = 100
    report = photos.import_zip(buf.getvalue(), tmp_path, "pets")
    assert ("dogs/liar.jpg", "corrupt") in report.skipped
    assert not (tmp_path / "pets" / "dogs" / "liar.jpg").exists()


def test_a_damaged_zip_directory_is_refused_or_its_entry_skipped(tmp_path):
    data = bytearray(with_entry("cats/misplaced.jpg", CATS[30].read_bytes()))
    record = data.rindex(b"PK\x01\x02")  # the last entry's directory record
    data[record + 42:record + 46] = (len(data) * 4).to_bytes(4, "little")  # its data "lies" past the end
    assert ("cats/misplaced.jpg", "corrupt") in photos.import_zip(bytes(data), tmp_path, "pets").skipped
    data[record + 6] = 0xFF  # needs zip version 25.5 to extract
    with pytest.raises(PhotoError) as err:
        photos.import_zip(bytes(data), tmp_path, "pets")
    assert err.value.code == "not_zip"


def test_nothing_is_written_outside_the_workspace_folder(tmp_path):
    before = set(tmp_path.rglob("*"))
    for name in ("../../escape", "..", "."):
        with pytest.raises(PhotoError):
            photos.import_zip(make_zip(photo_entries(5)), tmp_path / "uploads", name)
    assert set(tmp_path.rglob("*")) - before <= {tmp_path / "uploads"}
    assert not os.path.exists(tmp_path.parent / "escape")
