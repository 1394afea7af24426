"""Train in a real browser: start, watch, switch pages, stop, reload, restart the server; runs survive."""
import re
import time

import pytest
from playwright.sync_api import expect

from cnnviz import runs
from scripts.app_server import start_server
from scripts.screenshot import wait_until_idle
from tests.e2e.conftest import assert_no_exception, open_page

pytestmark = pytest.mark.e2e


def _runs_of(home, ws):
    return [r for r in runs.list_runs(home / "runs", workspace=ws) if r.workspace == ws]


def _start_tiny_training(page, epochs: int) -> None:
    page.get_by_role("combobox", name="Model", exact=True).click()
    page.get_by_role("option", name="Preset Tiny and fast").click()
    wait_until_idle(page)
    page.get_by_role("slider", name="Training images").press("Home")  # the smallest subset: 500 images
    wait_until_idle(page)
    page.get_by_role("spinbutton", name="Epochs").fill(str(epochs))
    page.keyboard.press("Enter")
    wait_until_idle(page)
    page.get_by_role("button", name="Start training").click()


def test_train_stop_switch_pages_reload_and_restart(server, page, e2e_home):
    ws = "e2e-train-ws"
    open_page(page, server, "train", "en", ws=ws)
    assert_no_exception(page)
    _start_tiny_training(page, epochs=200)
    page.get_by_text(re.compile(r"Epoch \d+/200")).wait_for(timeout=120_000)
    page.get_by_text(re.compile(r"Epoch ([2-9]|\d\d+)/200")).wait_for(timeout=120_000)  # redrawn as it goes

    page.get_by_role("link", name="Data").click()  # another page: training goes on on the server
    page.get_by_role("heading", name="Data").first.wait_for()
    page.get_by_role("link", name="Train").click()
    page.get_by_role("button", name="Stop", exact=True).wait_for(timeout=30_000)
    assert_no_exception(page)
    (run,) = _runs_of(e2e_home, ws)
    assert run.status == "running" and run.epochs_done >= 1

    page.get_by_role("button", name="Stop", exact=True).click()
    deadline = time.time() + 60
    while _runs_of(e2e_home, ws)[0].status == "running" and time.time() < deadline:
        time.sleep(0.5)
    (run,) = _runs_of(e2e_home, ws)
    assert run.status == "stopped" and 1 <= run.epochs_done < 200 and run.usable
    expect(page.get_by_role("button", name="Stop", exact=True)).to_have_count(0, timeout=60_000)  # redrawn when it ended
    wait_until_idle(page)  # mid-redraw the old run table is still shown beside the new one
    assert page.get_by_text("Trained on 400 images").count() == 1

    page.reload()  # a new session: the workspace id in the URL finds the run again
    wait_until_idle(page)
    assert_no_exception(page)
    assert page.get_by_text("Trained on 400 images").count() == 1
    assert f"ws={ws}" in page.url

    proc, url = start_server(e2e_home)  # a restarted server on the same folder
    try:
        open_page(page, url, "", "ko", ws=ws)
        open_page(page, url, "train", "ko", ws=ws)
        assert_no_exception(page)
        assert page.get_by_role("heading", name="실행 기록").count() >= 1
        assert page.get_by_text("이미지 400개로 훈련").count() == 1  # the stopped run, in Korean
    finally:
        proc.terminate()
        proc.wait(timeout=20)


@pytest.mark.parametrize("lang,title", [("en", "Train"), ("ko", "훈련")])
def test_train_page_shows_the_shared_run_and_its_curves(server, page, e2e_run, lang, title):
    open_page(page, server, "", lang)
    open_page(page, server, "train", lang)
    assert_no_exception(page)
    assert page.locator("h1", has_text=title).count() == 1
    page.locator(".js-plotly-plot .main-svg").nth(3).wait_for(timeout=60_000)  # run curves + comparison


@pytest.mark.parametrize("lang,setting,choice,caption,code", [
    ("en", "Learning-rate schedule", "warm-up, then cosine", "climbs in a straight line from 0 to 0.001", "Training code"),
    ("ko", "학습률 스케줄", "워밍업 후 코사인", "0에서 0.001까지 직선으로 올라간 뒤", "훈련 코드"),
])
def test_a_schedule_is_drawn_before_training_and_in_the_code(server, page, lang, setting, choice, caption, code):
    open_page(page, server, "train", lang, ws="e2e-schedule-ws")
    page.locator("[data-testid='stSelectbox']", has_text=setting).click()
    page.get_by_role("option", name=choice).click()
    wait_until_idle(page)
    assert_no_exception(page)
    page.get_by_text(caption).wait_for(timeout=30_000)
    planned = page.locator("[data-testid='stPlotlyChart']").first  # the only chart above the runs: the schedule
    assert planned.locator(".scatterlayer .trace").count() == 1
    page.get_by_text(code, exact=True).click()
    page.get_by_text("CosineDecay(").wait_for(timeout=30_000)
    assert page.get_by_text("warmup_steps = round(0.5 * steps_per_epoch)").count() == 1
