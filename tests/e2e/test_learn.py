"""The Learn page in Chromium: it draws, steps, plays, pools, and turns a bad cell into a message."""
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from cnnviz import runs
from scripts.screenshot import wait_until_idle
from tests.e2e.conftest import assert_no_exception, open_page

pytestmark = pytest.mark.e2e
SLIDERS = "[data-testid='stSlider'] input[type='range']"


def wait_for_charts(page, n: int) -> None:
    """All `n` charts drawn (on a loaded machine the page's last sections arrive late)."""
    page.wait_for_function(f"document.querySelectorAll(\"[data-testid='stPlotlyChart'] .main-svg\").length >= {n}",
                           timeout=60_000)


def step_value(page, index: int = 0) -> int:
    return int(page.locator(SLIDERS).nth(index).input_value())


def conv_step_slider(page) -> int:
    """Index of the convolution stepper's slider among the page's sliders."""
    labels = page.locator("[data-testid='stSlider'] [data-testid='stWidgetLabel']").all_inner_texts()
    return next(i for i, label in enumerate(labels) if label.startswith(("Step", "단계")))


def chart_count(e2e_home) -> int:
    """kernel; input, products, output; two padding counts; pooling map and output; image, kernel, feature map;
    activation, softmax probabilities (and the test image, when there is a trained model), optimizer race."""
    return 14 + bool([r for r in runs.list_runs(e2e_home / "runs") if r.usable and r.dataset == "mnist"])


@pytest.mark.parametrize("lang,title,next_label", [("en", "Learn", "Next"), ("ko", "개념 배우기", "다음")])
def test_learn_page_steps_and_plays(server, page, e2e_home, lang, title, next_label):
    open_page(page, server, "learn", lang)
    wait_for_charts(page, chart_count(e2e_home))
    assert_no_exception(page)
    assert page.locator("h1", has_text=title).count() == 1
    assert page.locator("[data-testid='stPlotlyChart']").count() == chart_count(e2e_home)
    slider = conv_step_slider(page)
    assert step_value(page, slider) == 1
    page.get_by_role("button", name=next_label).first.click()
    page.wait_for_function(f"+document.querySelectorAll(\"{SLIDERS}\")[{slider}].value === 2", timeout=20_000)
    assert page.get_by_text("→ 3").count() + page.locator("strong", has_text="3").count() >= 1
    page.get_by_role("button", name="Play" if lang == "en" else "재생").first.click()
    # the fragment's timer moves the window on its own
    page.wait_for_function(f"+document.querySelectorAll(\"{SLIDERS}\")[{slider}].value >= 4", timeout=30_000)
    page.get_by_role("button", name="Pause" if lang == "en" else "멈춤").first.click()
    # paused once the page has rerun without the timer: Play is back and nothing is running
    page.get_by_role("button", name="Play" if lang == "en" else "재생").first.wait_for(timeout=30_000)
    wait_until_idle(page)
    stopped = step_value(page, slider)
    page.wait_for_timeout(2000)
    assert step_value(page, slider) == stopped
    assert_no_exception(page)


def test_pooling_answers_in_korean(server, page):
    open_page(page, server, "learn", "ko")
    wait_for_charts(page, 11)
    assert page.get_by_text("[[20, 30], [112, 37]]", exact=True).count() == 1
    page.locator("[data-testid='stRadio']", has_text="풀링 방식").get_by_text("평균").click()
    page.get_by_text("[[13, 8], [79, 19.5]]", exact=True).wait_for(timeout=15_000)
    assert_no_exception(page)


def test_typing_a_word_into_the_grid_gives_a_message(server, page):
    open_page(page, server, "learn", "en")
    wait_for_charts(page, 11)
    page.get_by_text("Type your own").first.click()
    editor = page.locator("[data-testid='stDataFrame']").first
    editor.wait_for(timeout=15_000)
    page.wait_for_timeout(1000)
    box = editor.bounding_box()
    # first data cell: right of the row-number column, below the header row (both about 35 px)
    cell_editor = page.locator("textarea.gdg-input")
    for _ in range(3):  # on a busy machine the grid may not take the first double-click yet
        page.mouse.dblclick(box["x"] + 70, box["y"] + 52)
        try:
            cell_editor.wait_for(timeout=10_000)
            break
        except PlaywrightTimeout:
            continue
    cell_editor.fill("abc")
    page.keyboard.press("Enter")
    error = page.locator("[data-testid='stAlertContentError']").first
    error.wait_for(timeout=30_000)
    assert error.inner_text().startswith("Row 1, column 1 holds") and "which is not a number" in error.inner_text()
    assert_no_exception(page)


@pytest.mark.parametrize("lang,reached,play", [("en", "steps to loss < 0.01", "Play"), ("ko", "손실 < 0.01까지 스텝", "재생")])
def test_the_basics_draw_and_the_optimizers_race(server, page, e2e_home, lang, reached, play):
    """Activations, softmax and cross-entropy, and the race: drawn, and the race's Play button animates the paths."""
    open_page(page, server, "learn", lang)
    wait_for_charts(page, chart_count(e2e_home))
    assert_no_exception(page)
    assert page.get_by_text("f′(x) = 1.0000").count() == 1  # ReLU at x = 1
    assert page.get_by_text(reached).count() >= 1  # the race table (and the caption)
    race = page.locator("[data-testid='stPlotlyChart']").last
    race.scroll_into_view_if_needed()
    finished = race.locator(".scatterlayer .trace").last.locator("path.js-line").get_attribute("d")
    race.locator(".updatemenu-button", has_text=play).click()
    page.wait_for_timeout(300)  # 50 frames of 80 ms: early in the race, the paths are still short
    assert race.locator(".scatterlayer .trace").last.locator("path.js-line").get_attribute("d") != finished
    page.wait_for_timeout(6000)
    assert race.locator(".scatterlayer .trace").last.locator("path.js-line").get_attribute("d") == finished
