"""Every page on a photo dataset (the bundled cats and dogs) under AppTest, in both languages."""
import io
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from cnnviz import datasets
from cnnviz.i18n import t
from tests.conftest import ROOT, run_page

PHOTO = ROOT / "assets" / "sample" / "cats_vs_dogs" / "cats"
PAGES = ["home", "data", "learn", "build", "train", "filters", "feature_maps", "evaluate", "draw", "projection", "compare"]


def ok(at):
    assert not at.exception, [e.value for e in at.exception]
    return at


def photo_page(page: str, lang: str = "en", **state):
    return ok(run_page(f"app_pages/{page}.py", lang, "cats_vs_dogs", **state))


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_on_photos_with_a_photo_model(trained_photo_run, page, lang):
    at = photo_page(page, lang, size=32, fit="pad")
    assert not at.error, [e.value for e in at.error]


def test_data_page_shows_the_three_fits_the_sizes_and_the_split(trained_photo_run):
    at = photo_page("data", size=32, fit="pad", color="rgb")
    charts = {c.proto.id.rsplit("-", 1)[-1] for c in at.get("plotly_chart")}
    assert any(key.endswith("data_resize") for key in charts) and any(key.endswith("data_sizes") for key in charts)
    captions = " ".join(c.value for c in at.caption)
    assert t("data.split_seeded", "en", pct="20%", seed=123) in captions
    assert "240 training photos" in captions
    code = at.code[-1].value
    assert "(240, 32, 32, 3)" in code and "reshape" not in code and "to_categorical(y_train, 2)" in code


def test_build_page_takes_the_photo_shape_and_offers_the_sigmoid_output(trained_photo_run):
    at = photo_page("build", size=64, fit="stretch")
    assert any("(64, 64, 3)" in m.value for m in at.markdown)
    radio = at.radio(key="widget_build_output")
    assert radio.value == "sigmoid"  # the photo preset decides like the notebook
    assert any("8,194" in c.value and "4,097" in c.value for c in at.caption)  # 4,096 inputs: 2 units or 1
    radio.set_value("softmax").run()
    ok(at)
    assert 'Dense(units=2, name="logits")' in at.code[0].value
    assert "arch" in at.query_params and not at.query_params["arch"].endswith("Yg")


def test_draw_page_fits_an_uploaded_photo_the_way_the_model_was_trained(trained_photo_run):
    at = photo_page("draw", size=32, fit="pad")
    photo = (PHOTO / sorted(p.name for p in PHOTO.iterdir())[0]).read_bytes()
    at.file_uploader(key="draw_photo").upload("my_cat.jpg", photo, "image/jpeg").run()
    ok(at)
    images = at.get("image")
    assert len(images) == 1 + 3  # the photo, then stretch, pad, crop
    assert any(t("common.resize_pad", "en") + " ✓" in img.proto.imgs[0].caption for img in images)
    answers = [m.value for m in at.markdown if m.value.startswith("**") and " · " in m.value]
    assert len(answers) == 3 and all(a.split("**")[1] in ("cat", "dog") for a in answers)


def test_draw_page_refuses_a_file_that_is_not_a_photo(trained_photo_run):
    at = photo_page("draw", size=32, fit="pad")
    at.file_uploader(key="draw_photo").upload("notes.png", b"not an image at all", "image/png").run()
    ok(at)
    assert at.error[0].value == t("draw.error.not_image", "en")


def _zip(files: dict[str, bytes]) -> bytes:
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _jpeg(colour) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), colour).save(buffer, format="JPEG")
    return buffer.getvalue()


def test_a_zip_of_class_folders_becomes_this_workspaces_dataset(cnnviz_home):
    files = {f"{cls}/{i}.jpg": _jpeg(colour) for cls, colour in (("red", (200, 20, 20)), ("blue", (20, 20, 200)))
             for i in range(6)}
    files["red/readme.txt"] = b"not a photo"
    at = ok(run_page("app_pages/data.py", "ko", "mnist", ws="class-a"))
    at.file_uploader(key="data_zip").upload("my colours.zip", _zip(files), "application/zip")
    next(b for b in at.button if b.label == t("data.upload_button", "ko")).click().run()
    ok(at)
    assert at.session_state["dataset"] == "my_colours"
    assert at.success and "my_colours" in at.success[0].value
    assert datasets.is_known("my_colours", "class-a") and not datasets.is_known("my_colours", "class-b")
    ds = datasets.load("my_colours", datasets.PhotoFit(32, "stretch", True), "class-a")
    assert ds.class_names("ko") == ["blue", "red"] and ds.skipped == (("red/readme.txt", "not_image"),)


def test_a_hostile_zip_is_refused_with_a_translated_reason(cnnviz_home):
    at = ok(run_page("app_pages/data.py", "en", "mnist", ws="class-a"))
    at.file_uploader(key="data_zip").upload("evil.zip", _zip({"../escape/a.jpg": _jpeg((0, 0, 0))}), "application/zip")
    next(b for b in at.button if b.label == t("data.upload_button", "en")).click().run()
    ok(at)
    assert at.error and at.error[0].value.startswith(t("data.upload_refused", "en", why="").rstrip())
    assert not any(Path(cnnviz_home).rglob("*.jpg"))


def test_runs_remember_the_photo_fit_and_classes(trained_photo_run):
    fit = trained_photo_run.config["fit"]
    assert (fit["size"], fit["mode"], fit["color"]) == (32, "pad", True)
    assert trained_photo_run.config["class_names"] == ["cat", "dog"]
    assert trained_photo_run.config["input_shape"] == [32, 32, 3]
    model = trained_photo_run.model()
    assert model.output_shape == (None, 1) and model.layers[-1].name == "sigmoid"
    assert np.isfinite(trained_photo_run.history["loss"]).all()
