import re

import numpy as np
import pytest

from cnnviz import datasets, evaluation as ev
from scripts.screenshot import wait_until_idle
from tests.e2e.conftest import assert_no_exception, open_page

pytestmark = pytest.mark.e2e

CELL_TEXT = {"en": "True {t}, predicted {p}: {n} test images.", "ko": "실제 {t}, 예측 {p}: 테스트 이미지 {n}개."}


@pytest.fixture(scope="module")
def expected(e2e_run):
    """The run's own mistakes, computed here with the engine, and its most frequent wrong cell."""
    ds = datasets.load("mnist")
    result = ev.evaluate(e2e_run.model(), ds.x_test, ds.y_test)
    off_diagonal = result.matrix - np.diag(np.diag(result.matrix))
    true, pred = np.unravel_index(off_diagonal.argmax(), off_diagonal.shape)
    return result, int(true), int(pred), int(off_diagonal[true, pred])


CELLS = "[data-testid='stPlotlyChart'] .scatterlayer .point"


def _wait_for_matrix(page) -> None:
    page.wait_for_function(f"document.querySelectorAll(\"{CELLS}\").length >= 100", timeout=60_000)


def _click_cell(page, true: int, pred: int) -> None:
    # plotly's drag layer sits above the markers, so click at the marker's place, as a user does
    cell = page.locator(CELLS).nth(true * 10 + pred)
    cell.scroll_into_view_if_needed()
    box = cell.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


@pytest.mark.parametrize("lang,title", [("en", "Evaluate"), ("ko", "평가")])
def test_a_matrix_click_filters_the_gallery_and_an_image_goes_to_feature_maps(server, page, e2e_run, expected,
                                                                              lang, title):
    result, true, pred, n = expected
    open_page(page, server, "evaluate", lang)
    assert_no_exception(page)
    assert page.locator("h1", has_text=title).count() == 1
    assert page.get_by_text(e2e_run.name).count() >= 1
    _wait_for_matrix(page)
    assert page.locator(CELLS).count() == 100

    _click_cell(page, true, pred)
    page.get_by_text(CELL_TEXT[lang].format(t=true, p=pred, n=n)).wait_for(timeout=60_000)  # the rerun's summary
    wait_until_idle(page)
    assert_no_exception(page)
    captions = page.locator("[data-testid='stImage']").all_inner_texts()
    gallery = [c for c in captions if "→" in c]
    assert len(gallery) == min(24, n)
    assert all(re.search(rf"#\d+ · \S+ {true} → {pred} \(\d+%\)", " ".join(c.split())) for c in gallery), gallery
    shown = [int(re.match(r"#(\d+)", c).group(1)) for c in gallery]
    assert shown == ev.examples(result.y_true, result.y_pred, result.confidence, true, pred)[:24].tolist()

    # each image goes to the Feature maps page
    send = {"en": "Feature maps", "ko": "특성 맵"}[lang]
    page.locator("[data-testid='stButton'] button", has_text=send).first.click()
    page.wait_for_url(re.compile(r"/feature_maps"), timeout=60_000)
    wait_until_idle(page)
    assert_no_exception(page)
