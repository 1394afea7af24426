"""The Draw page under AppTest: no model, an empty canvas, uploads good and bad, the Feature maps hand-off."""
import io

import numpy as np
import pytest
from PIL import Image, ImageDraw

from cnnviz.i18n import t
from tests.conftest import run_page

PAGE = "app_pages/draw.py"


def png(img: Image.Image, fmt: str = "PNG") -> bytes:
    buf = io.BytesIO()
    img.save(buf, format=fmt)
    return buf.getvalue()


def paper_seven() -> bytes:
    img = Image.new("RGB", (240, 320), (240, 238, 230))
    ImageDraw.Draw(img).line([(40, 50), (190, 50), (90, 290)], fill=(15, 15, 40), width=22)
    return png(img)


def upload(lang: str, name: str, data: bytes, dataset: str = "mnist"):
    at = run_page(PAGE, lang, dataset)
    at.file_uploader(key="draw_upload").upload(name, data, "image/png").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_without_a_model_it_points_to_training(lang):
    at = run_page(PAGE, lang)
    assert not at.exception
    assert at.info and not at.get("plotly_chart")


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_an_empty_canvas_predicts_nothing(trained_run, lang):
    at = run_page(PAGE, lang)
    assert not at.exception, [e.value for e in at.exception]
    assert any(box.value == t("draw.empty", lang) for box in at.info)
    assert not at.get("plotly_chart")
    assert trained_run.name in at.caption[0].value


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_an_upload_is_shown_step_by_step_with_three_squares(trained_run, lang):
    at = upload(lang, "seven.png", paper_seven())
    captions = [c.value for c in at.caption]
    assert t("draw.note.inverted", lang) in captions
    assert len(at.get("image")) == 6 + 3  # raw, gray, clean, crop, fit20, centre; stretch, pad, crop
    assert len(at.get("plotly_chart")) == 3  # probabilities, the 28×28 input, Grad-CAM
    verdict = t("draw.verdict", lang, name="X", p="Y").split("X")[0]
    assert any(m.value.startswith(verdict) for m in at.markdown)
    answers = [m.value for m in at.markdown if m.value.startswith("**") and " · " in m.value]
    assert len(answers) == 3 and all(a.endswith("%") for a in answers)


def test_the_input_goes_to_the_feature_maps_page(trained_run):
    at = upload("en", "seven.png", paper_seven())
    at.button(key="upload_to_fm").click().run()
    handed = at.session_state["fm_input"]
    assert handed.pixels.shape == (28, 28) and handed.pixels.dtype == np.float32
    assert 0 <= handed.pixels.min() and handed.pixels.max() <= 1 and handed.pixels.max() > 0.5
    assert "seven.png" in handed.caption


BAD = {  # file name -> (bytes, message key, language)
    "text.png": (b"hello, I am not a picture", "draw.error.not_image", "en"),
    "cut.png": (paper_seven()[:300], "draw.error.corrupt", "ko"),
    "tiff-inside.png": (png(Image.new("L", (20, 20)), "TIFF"), "draw.error.format", "en"),
}


@pytest.mark.parametrize("name", BAD)
def test_bad_uploads_get_a_clear_message(trained_run, name):
    data, key, lang = BAD[name]
    at = upload(lang, name, data)
    assert len(at.error) == 1
    assert at.error[0].value.split("(")[0] == t(key, lang, format="TIFF", error="").split("(")[0]
    assert not at.get("plotly_chart")


def test_a_blank_upload_says_nothing_was_found(trained_run):
    at = upload("en", "blank.png", png(Image.new("RGB", (60, 60), "white")))
    assert any(w.value == t("draw.upload_empty") for w in at.warning)


def test_fashion_uploads_are_fitted_with_padding(trained_fashion_run):
    bag = Image.new("RGB", (300, 200), "white")
    ImageDraw.Draw(bag).rectangle([60, 60, 240, 180], fill=(90, 60, 30))
    at = upload("ko", "bag.png", png(bag), "fashion_mnist")
    assert any(h.value == t("draw.sketch_heading", "ko") for h in at.subheader)  # the canvas is a sketch pad
    assert len(at.get("image")) == 5 + 3  # raw, gray, clean, crop, fit28; stretch, pad, crop
    assert any(t("draw.step.fit28", "ko") in img.proto.imgs[0].caption for img in at.get("image"))


def test_the_pixel_by_pixel_map_can_be_chosen(trained_run):
    at = upload("en", "seven.png", paper_seven())
    at.toggle(key="upload_hires").set_value(True).run()
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.get("plotly_chart")) == 3
