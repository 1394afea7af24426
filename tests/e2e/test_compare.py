"""The Compare page in a real browser, in both languages: the e2e run next to a second run of its own workspace."""
import pytest
from playwright.sync_api import expect

from scripts.screenshot import wait_until_idle
from tests.e2e.conftest import assert_no_exception, open_page
from tests.fixtures import copy_run_into

pytestmark = pytest.mark.e2e

WORKSPACE = "compare-e2e"  # the second run belongs here, so the other browser tests never see it
TEXT = {"en": {"title": "Compare two runs", "says": "It says", "untrained": "untrained (epoch 0)",
               "took": "PCA of 2,000 images took"},
        "ko": {"title": "두 실행 비교", "says": "라고 답합니다", "untrained": "훈련 전 (에포크 0)",
               "took": "이미지 2,000개의 PCA에"}}


@pytest.fixture(scope="module")
def second_run(e2e_home, e2e_run, tmp_path_factory):
    from cnnviz import architecture, datasets, training

    ds = datasets.load("mnist")
    spec = architecture.PRESETS["tiny"]
    config = {"train_size": 600, "epochs": 2, "batch_size": 32, "learning_rate": 0.01, "seed": 11,
              "workspace": WORKSPACE}
    run = training.start_run(spec, ds, config, name="tiny seed 11", home=tmp_path_factory.mktemp("compare_run"))
    training.train(spec, ds, run=run)
    assert run.status == "finished" and run.workspace == WORKSPACE
    return copy_run_into(e2e_home, run.path)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_two_runs_side_by_side_and_at_epoch_0(server, page, second_run, lang):
    text = TEXT[lang]
    open_page(page, server, "compare", lang, ws=WORKSPACE)
    assert_no_exception(page)
    assert page.locator("h1", has_text=text["title"]).count() == 1
    # kernels, maps, Grad-CAM and the map of what each learned, for each run (the maps made in the background)
    expect(page.get_by_text(text["took"])).to_have_count(2, timeout=90_000)
    wait_until_idle(page)
    assert_no_exception(page)
    expect(page.locator("[data-testid='stPlotlyChart']")).to_have_count(8, timeout=30_000)
    assert page.get_by_text(text["says"]).count() == 2
    thumb = page.get_by_role("slider").first
    thumb.focus()
    thumb.press("Home")
    wait_until_idle(page)
    assert_no_exception(page)
    expect(page.get_by_text(text["untrained"])).to_have_count(8, timeout=60_000)  # 4 sections × 2 columns
