"""The shared epoch slider and the Map page in a real browser, in both languages, on a run trained in the app's way
(the e2e run: 1 epoch, so the slider offers 0 and 1)."""
import pytest
from playwright.sync_api import expect

from scripts.screenshot import wait_until_idle
from tests.e2e.conftest import assert_no_exception, open_page

pytestmark = pytest.mark.e2e

TEXT = {
    "en": {"after": "Showing the network after epoch 1", "untrained": "Showing the untrained network (epoch 0)",
           "evaluate": "Evaluate", "draw": "Draw", "col_untrained": "untrained (epoch 0)", "col_after": "after epoch 1",
           "took": "PCA of 2,000 images took", "picked": "Test image #", "open": "Open on Feature maps",
           "fm_title": "Feature maps", "from_map": "(from the Map)"},
    "ko": {"after": "에포크 1 후의 네트워크입니다", "untrained": "훈련 전 네트워크입니다(에포크 0)",
           "evaluate": "평가", "draw": "그려서 예측", "col_untrained": "훈련 전 (에포크 0)", "col_after": "에포크 1 후",
           "took": "이미지 2,000개의 PCA에", "picked": "테스트 이미지 #", "open": "특성 맵에서 열기",
           "fm_title": "특성 맵", "from_map": "(지도에서)"},
}


def _to_epoch_0(page) -> None:
    """Move the epoch slider to its first option (0, untrained) from the keyboard, as a learner can."""
    thumb = page.get_by_role("slider").first
    thumb.focus()
    thumb.press("Home")
    wait_until_idle(page)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_epoch_chosen_on_feature_maps_moves_evaluate_and_draw(server, page, e2e_run, lang):
    text = TEXT[lang]
    open_page(page, server, "feature_maps", lang)
    assert_no_exception(page)
    expect(page.get_by_text(text["after"])).to_have_count(1, timeout=60_000)
    _to_epoch_0(page)
    assert_no_exception(page)
    expect(page.get_by_text(text["untrained"])).to_have_count(1, timeout=30_000)
    for name in ("evaluate", "draw"):  # the sidebar keeps the session, so the chosen epoch goes along
        page.locator("[data-testid='stSidebarNav'] a", has_text=text[name]).first.click()
        wait_until_idle(page)
        assert_no_exception(page)
        expect(page.get_by_text(text["untrained"])).to_have_count(1, timeout=60_000)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_map_shows_untrained_next_to_trained_and_follows_the_epoch(server, page, e2e_run, lang):
    text = TEXT[lang]
    open_page(page, server, "projection", lang)
    assert_no_exception(page)
    maps = page.locator("[data-testid='stPlotlyChart'] .scatterlayer .trace")
    # both maps made in the background: 20 s from a cold server on two quiet cores, up to a minute under load
    expect(page.get_by_text(text["took"])).to_have_count(2, timeout=90_000)
    wait_until_idle(page)
    assert_no_exception(page)
    assert page.locator("h3", has_text=text["col_untrained"]).count() == 1
    assert page.locator("h3", has_text=text["col_after"]).count() == 1
    assert page.locator("[data-testid='stPlotlyChart'] .scatterlayer .point").count() >= 2 * 2000
    assert maps.count() >= 20  # a trace per class on each map
    _to_epoch_0(page)
    assert_no_exception(page)
    expect(page.locator("h3", has_text=text["col_after"])).to_have_count(0, timeout=30_000)
    assert page.locator("h3", has_text=text["col_untrained"]).count() == 1


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_a_point_clicked_on_the_map_opens_on_feature_maps(server, page, e2e_run, lang):
    text = TEXT[lang]
    open_page(page, server, "projection", lang)
    expect(page.get_by_text(text["took"])).to_have_count(2, timeout=90_000)
    wait_until_idle(page)
    # plotly's drag layer sits above the markers, so click at a marker's place, as a user does
    point = page.locator("[data-testid='stPlotlyChart']").nth(1).locator(".scatterlayer .point").nth(500)
    point.scroll_into_view_if_needed()
    box = point.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    wait_until_idle(page)
    assert_no_exception(page)
    expect(page.get_by_text(text["picked"])).to_have_count(1, timeout=30_000)
    page.get_by_role("button", name=text["open"]).click()
    wait_until_idle(page)
    assert_no_exception(page)
    expect(page.locator("h1", has_text=text["fm_title"])).to_have_count(1, timeout=60_000)
    expect(page.get_by_text(text["from_map"]).first).to_be_visible(timeout=30_000)
