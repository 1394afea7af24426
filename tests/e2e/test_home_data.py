import pytest

from tests.e2e.conftest import assert_no_exception, open_page

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("lang,title", [("en", "Data"), ("ko", "데이터")])
def test_data_page_draws_its_charts(server, page, lang, title):
    open_page(page, server, "data", lang)
    assert_no_exception(page)
    assert page.locator("h1", has_text=title).count() == 1
    # label histograms (2), sample grid, intensity histogram, inspector image and pixel table
    assert page.locator("[data-testid='stPlotlyChart']").count() == 6
    assert page.locator(".js-plotly-plot .main-svg").count() >= 6
    assert page.locator("text=4,000").count() >= 1  # the MNIST sample's training images


@pytest.mark.parametrize("lang,text", [("en", "Pages"), ("ko", "페이지")])
def test_home_names_the_data_source(server, page, lang, text):
    open_page(page, server, "", lang)
    assert_no_exception(page)
    assert page.locator("h2", has_text=text).count() == 1
    assert page.locator("[data-testid='stPageLink']").count() == 8
