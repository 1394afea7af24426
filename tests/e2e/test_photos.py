"""A new user's photo journey in a real browser, offline: cats vs dogs, the three fits, Quick start, then
Filters, Feature maps, Evaluate and a photo of their own on Draw; trained in English, walked again in Korean."""
import re

import pytest
from playwright.sync_api import expect

from cnnviz import runs
from cnnviz.i18n import t
from scripts.screenshot import wait_until_idle
from tests.conftest import ROOT
from tests.e2e.conftest import assert_no_exception, open_page

pytestmark = pytest.mark.e2e

WS = "e2e-photos"
CAT = sorted((ROOT / "assets" / "sample" / "cats_vs_dogs" / "cats").iterdir())[0]
PAGES = {"data": "data.resize_heading", "build": "build.layers", "filters": "filters.kernels_heading",
         "feature_maps": "fmaps.layers_heading", "evaluate": "evaluate.matrix_heading"}  # a heading each must show


def _visit(page, server, lang: str) -> None:
    for path, heading in PAGES.items():
        open_page(page, server, path, lang, dataset="cats_vs_dogs", ws=WS)
        assert_no_exception(page)
        expect(page.get_by_role("heading", name=t(heading, lang)).first).to_be_visible(timeout=60_000)
        wait_until_idle(page)
        assert_no_exception(page)


def _draw_a_photo(page, server, lang: str) -> None:
    open_page(page, server, "draw", lang, dataset="cats_vs_dogs", ws=WS)
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(CAT))
    expect(page.locator("[data-testid='stImage']")).to_have_count(4, timeout=60_000)  # the photo, 3 fits
    wait_until_idle(page)
    assert_no_exception(page)
    verdict = t("draw.verdict", lang, name="X", p="Y").split("**")[0].strip()
    expect(page.get_by_text(verdict).first).to_be_visible(timeout=30_000)


def test_photos_from_data_to_draw_in_both_languages(server, page, e2e_home):
    open_page(page, server, "train", "en", dataset="cats_vs_dogs", ws=WS)
    assert_no_exception(page)
    page.get_by_role("button", name="Quick start").click()
    page.get_by_text(re.compile(r"Epoch \d+/15")).first.wait_for(timeout=120_000)
    for _ in range(480):  # at most 8 minutes on a loaded machine (about 20 s on two idle cores)
        mine = [r for r in runs.list_runs(e2e_home / "runs", workspace=WS) if r.workspace == WS]
        if mine and mine[0].status != "running":
            break
        page.wait_for_timeout(1000)
    (run,) = mine
    assert run.status == "finished" and run.config["fit"]["size"] == 64 and run.config["class_names"] == ["cat", "dog"]
    wait_until_idle(page)
    assert_no_exception(page)

    _visit(page, server, "en")
    _draw_a_photo(page, server, "en")
    _visit(page, server, "ko")
    _draw_a_photo(page, server, "ko")
