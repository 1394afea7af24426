import json
import zipfile

import pytest

from cnnviz import architecture as arch
from scripts.screenshot import wait_until_idle
from tests.e2e.conftest import assert_no_exception, open_page

pytestmark = pytest.mark.e2e


def metric(page, n: int) -> str:
    return page.locator("[data-testid='stMetricValue']").nth(n).inner_text()


def test_presets_url_and_navigation_keep_the_architecture(server, page):
    open_page(page, server, "build", "en")
    assert_no_exception(page)
    assert page.locator("h1", has_text="Build a CNN").count() == 1
    assert metric(page, 0) == "333,526"
    assert page.locator(".js-plotly-plot .main-svg").count() >= 2  # diagram and shares
    page.get_by_role("button", name="Lecture-slide CNN").click()
    wait_until_idle(page)
    assert metric(page, 0) == "1,199,882"
    assert f"arch={arch.encode(arch.PRESETS['mnist_slides'])}" in page.url
    page.get_by_role("link", name="Data").click()
    wait_until_idle(page)
    page.get_by_role("link", name="Build").click()
    wait_until_idle(page)
    assert metric(page, 0) == "1,199,882"
    assert f"arch={arch.encode(arch.PRESETS['mnist_slides'])}" in page.url


def test_a_shared_link_opens_the_same_model_and_errors_show_on_the_layer(server, page):
    text = "C8-5-1-v-r_A2-2_F_D16-t"
    open_page(page, server, "build", "ko", arch=text)
    assert_no_exception(page)
    assert metric(page, 0) == f"{arch.summarize(arch.decode(text)).total_params:,}"
    card = page.locator(".st-key-build_card_2")  # the Flatten card (uids follow the link's order)
    card.get_by_role("button").nth(3).click()  # remove it: Dense now gets a volume
    wait_until_idle(page)
    assert_no_exception(page)
    error = page.locator("[data-testid='stAlertContentError']").first.inner_text()
    assert "3번 층(Dense)은 1차원 벡터가 필요한데" in error
    assert page.locator("[data-testid='stDataFrame']").count() == 0


def test_untrained_keras_file_downloads(server, page, tmp_path):
    open_page(page, server, "build", "en", arch=arch.encode(arch.PRESETS["tiny"]))
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the untrained model (.keras)").click()
    path = tmp_path / "model.keras"
    download.value.save_as(path)
    with zipfile.ZipFile(path) as archive:
        config = json.loads(archive.read("config.json"))
        assert "model.weights.h5" in archive.namelist()
    names = [layer["config"]["name"] for layer in config["config"]["layers"]]
    assert names[0] == "input" and names[-2:] == ["logits", "softmax"]
