"""A new user's photo journey in a real browser, offline: cats vs dogs, the three fits, Quick start, then
Filters, Feature maps, Evaluate and a photo of their own on Draw; trained in English, walked again in Korean."""
import re
import zipfile

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


def _visit(page, server, lang: str, dataset: str = "cats_vs_dogs", ws: str = WS, pages=tuple(PAGES)) -> None:
    for path in pages:
        heading = PAGES[path]
        open_page(page, server, path, lang, dataset=dataset, ws=ws)
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


def _quick_start(page, server, e2e_home, lang: str, dataset: str, ws: str) -> runs.Run:
    """Press Quick start on the Train page and wait for the run to end; return it.

    A few dozen photos train in seconds, sometimes before the page's first progress redraw, so the page is
    checked after the end: its live progress gone, the finished run's settings sentence there."""
    open_page(page, server, "train", lang, dataset=dataset, ws=ws)
    assert_no_exception(page)
    page.get_by_role("button", name=t("train.quick_button", lang)).click()
    for _ in range(480):  # at most 8 minutes on a loaded machine (about 20 s on two idle cores)
        mine = [r for r in runs.list_runs(e2e_home / "runs", workspace=ws) if r.workspace == ws]
        if mine and mine[0].status != "running":
            break
        page.wait_for_timeout(1000)
    (run,) = mine
    epochs = {"en": f"{run.epochs_done} of 15 epochs", "ko": f"15 에포크 중 {run.epochs_done} 에포크"}[lang]
    expect(page.get_by_text(epochs)).to_have_count(1, timeout=60_000)  # redrawn when it ended
    expect(page.get_by_role("button", name=t("train.stop", lang), exact=True)).to_have_count(0)
    wait_until_idle(page)
    assert_no_exception(page)
    return run


def test_photos_from_data_to_draw_in_both_languages(server, page, e2e_home):
    run = _quick_start(page, server, e2e_home, "en", "cats_vs_dogs", WS)
    assert run.status == "finished" and run.config["fit"]["size"] == 64 and run.config["class_names"] == ["cat", "dog"]

    _visit(page, server, "en")
    _draw_a_photo(page, server, "en")
    _visit(page, server, "ko")
    _draw_a_photo(page, server, "ko")


def test_a_zip_of_class_folders_uploaded_in_korean_trains_and_stays_in_its_workspace(server, page, e2e_home,
                                                                                      tmp_path):
    """The learner's own photos: a zip of class folders uploaded on the Data page, trained with Quick start and
    scored on Evaluate; another workspace does not see it."""
    archive = tmp_path / "pets.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for cls in ("cats", "dogs"):
            for photo in sorted((ROOT / "assets" / "sample" / "cats_vs_dogs" / cls).iterdir())[:20]:
                z.write(photo, f"{cls}/{photo.name}")
        z.writestr("dogs/notes.txt", "not a photo")
    ws = "e2e-zip"
    open_page(page, server, "data", "ko", ws=ws)
    page.get_by_text(t("data.upload_heading", "ko")).first.click()
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(archive))
    wait_until_idle(page)
    page.get_by_role("button", name=t("data.upload_button", "ko")).click()
    wait_until_idle(page)
    success = page.locator("[data-testid='stAlertContentSuccess']").first
    expect(success).to_contain_text("pets", timeout=30_000)
    assert "dataset=pets" in page.url
    assert_no_exception(page)

    run = _quick_start(page, server, e2e_home, "ko", "pets", ws)
    assert run.status == "finished" and run.config["class_names"] == ["cats", "dogs"], (run.status, run.error)
    _visit(page, server, "ko", dataset="pets", ws=ws, pages=("data", "evaluate"))

    open_page(page, server, "data", "ko", dataset="pets", ws="e2e-zip-other")  # not this workspace's dataset
    assert_no_exception(page)
    assert "dataset=pets" not in page.url
