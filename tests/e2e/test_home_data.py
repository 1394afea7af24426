import pytest

from cnnviz import ui
from scripts.screenshot import wait_until_idle
from tests.e2e.conftest import assert_no_exception, open_page

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("lang,title,nav", [("en", "Data", "Feature maps"), ("ko", "데이터", "특성 맵")])
def test_data_page_draws_its_charts(server, page, lang, title, nav):
    open_page(page, server, "data", lang)  # a direct link, as the first request of a fresh server
    assert_no_exception(page)
    assert page.locator("h1", has_text=title).count() == 1
    # the entry script ran: translated navigation and the sidebar's choices are there
    assert page.locator("[data-testid='stSidebarNav']", has_text=nav).count() == 1
    assert page.locator("[data-testid='stSidebar'] label", has_text="한국어").count() == 1
    # label histograms (2), sample grid, intensity histogram, inspector image and pixel table
    assert page.locator("[data-testid='stPlotlyChart']").count() == 6
    assert page.locator(".js-plotly-plot .main-svg").count() >= 6
    assert page.locator("text=5,000").count() >= 1  # the MNIST sample's training images


@pytest.mark.parametrize("lang,text", [("en", "Pages"), ("ko", "페이지")])
def test_home_names_the_data_source(server, page, lang, text):
    open_page(page, server, "", lang)
    assert_no_exception(page)
    assert page.locator("h3", has_text=text).count() == 1
    assert page.locator("[data-testid='stPageLink']").count() == len(ui.PAGES) - 1  # every page but Home


def test_language_and_dataset_survive_page_switches(server, page):
    open_page(page, server, "", "en")
    page.locator("[data-testid='stSidebar'] label", has_text="한국어").click()
    wait_until_idle(page)
    page.locator("[data-testid='stSidebarNav'] a", has_text="데이터").click()
    wait_until_idle(page)
    assert page.locator("h1", has_text="데이터").count() == 1
    page.locator("[data-testid='stSidebarNav'] a", has_text="개념 배우기").click()
    wait_until_idle(page)
    assert page.locator("h1", has_text="개념 배우기").count() == 1
    assert "lang=ko" in page.url
