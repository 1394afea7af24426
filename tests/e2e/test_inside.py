"""Filters, Feature maps and model import in a real browser, in both languages."""
import keras
import pytest
from playwright.sync_api import expect

from scripts.screenshot import wait_until_idle
from tests.e2e.conftest import assert_no_exception, open_page
from tests.test_importing import textbook_cnn

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("lang,title,heading,control", [
    ("en", "Filters", "How the weights spread", "Untrained network (the control)"),
    ("ko", "필터", "가중치 분포", "훈련 전 신경망 (대조군)")])
def test_filters_page_draws_kernels_histogram_and_top9(server, page, e2e_run, lang, title, heading, control):
    open_page(page, server, "filters", lang)
    assert_no_exception(page)
    expect(page.locator("[data-testid='stPlotlyChart']")).to_have_count(11, timeout=60_000)  # slow under load
    assert_no_exception(page)
    assert page.locator("h1", has_text=title).count() == 1
    assert page.locator("h2", has_text=heading).count() == 1
    assert page.locator(".js-plotly-plot .main-svg").count() >= 11
    # what filter 0 and class 0 want to see, each beside the untrained network's answer as the control
    assert page.get_by_text(control, exact=True).count() == 2


@pytest.mark.parametrize("lang,closer", [("en", "Map 3 of conv2d_1, large"), ("ko", "conv2d_1의 맵 3, 크게 보기")])
def test_clicking_a_feature_map_shows_it_large(server, page, e2e_run, lang, closer):
    open_page(page, server, "feature_maps", lang)
    assert_no_exception(page)
    expect(page.locator(".scatterlayer .point").first).to_be_attached(timeout=60_000)
    grid = page.locator("[data-testid='stPlotlyChart']").nth(1)  # after the input image: conv2d_1, trained
    grid.scroll_into_view_if_needed()
    point = grid.locator(".scatterlayer .point").nth(3)  # the invisible marker on map 3
    box = point.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    wait_until_idle(page)
    assert_no_exception(page)
    expect(page.get_by_text(closer)).to_have_count(1, timeout=30_000)


def _upload(page, path):
    page.get_by_text("Use your own model file").first.click()
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(path))
    page.wait_for_timeout(1500)
    page.get_by_role("button", name="Import").click()
    wait_until_idle(page)


def test_importing_a_textbook_model_and_refusing_a_lambda_one(server, page, e2e_run, tmp_path):
    model = textbook_cnn()
    model.save(tmp_path / "best-cnn-model.keras")
    inputs = keras.Input(shape=(784,))
    hostile = keras.Model(inputs, keras.layers.Dense(10, activation="softmax")(
        keras.layers.Lambda(lambda t: t * 2.0)(inputs)))
    hostile.save(tmp_path / "lambda.keras")

    open_page(page, server, "feature_maps", "en", ws="inside-e2e")
    _upload(page, tmp_path / "lambda.keras")
    assert_no_exception(page)
    expect(page.get_by_text("This file was not imported")).to_have_count(1, timeout=30_000)

    open_page(page, server, "feature_maps", "en", ws="inside-e2e")
    _upload(page, tmp_path / "best-cnn-model.keras")
    assert_no_exception(page)
    expect(page.get_by_text("333,526 parameters")).to_have_count(1, timeout=30_000)
    expect(page.get_by_text("(1, 14, 14, 64)").first).to_be_visible(timeout=60_000)  # the textbook's second conv output
    open_page(page, server, "filters", "en", ws="inside-e2e")
    assert_no_exception(page)
    expect(page.get_by_text("imported from a file")).to_have_count(1, timeout=60_000)
