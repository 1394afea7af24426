"""Draw digits with the mouse in a real browser and check that the Quick start model reads them.

The model is the one a learner gets: a server of its own, the Train page's Quick start button
clicked in the browser on the bundled MNIST sample, and the Draw page of that workspace.
"""
import io
import re
import time

import pytest
from PIL import Image, ImageDraw
from playwright.sync_api import expect

from cnnviz import runs
from scripts.screenshot import wait_until_idle
from tests.e2e.conftest import assert_no_exception, open_page, start_server

pytestmark = pytest.mark.e2e
WS = "e2e-draw-ws"

# Strokes in canvas fractions (x, y), drawn as a person would: each list is one press-move-release.
DIGITS = {
    "1": [[(0.48, 0.15), (0.52, 0.85)]],
    "7": [[(0.25, 0.18), (0.75, 0.18), (0.42, 0.85)]],
    "0": [[(0.5 + 0.2 * dx, 0.5 + 0.32 * dy) for dx, dy in
           [(0, -1), (0.7, -0.7), (1, 0), (0.7, 0.7), (0, 1), (-0.7, 0.7), (-1, 0), (-0.7, -0.7), (0, -1)]]],
    "4": [[(0.55, 0.15), (0.25, 0.6), (0.78, 0.6)], [(0.6, 0.35), (0.6, 0.88)]],
    "2": [[(0.27, 0.3), (0.38, 0.17), (0.6, 0.16), (0.7, 0.3), (0.62, 0.47), (0.28, 0.83), (0.75, 0.83)]],
}


@pytest.fixture(scope="session")
def digit_server(tmp_path_factory, browser):
    """A server whose only run is the Quick start model, trained by clicking its button."""
    home = tmp_path_factory.mktemp("draw_home")
    proc, url = start_server(home)
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = context.new_page()
        open_page(page, url, "train", "en", ws=WS)
        page.get_by_role("button", name="Quick start").click()
        deadline = time.time() + 600  # 20 epochs of 5,000 digits: ~2 min on two quiet cores
        while not ((found := runs.list_runs(home / "runs")) and found[0].status != "running") \
                and time.time() < deadline:
            time.sleep(1)
        (run,) = runs.list_runs(home / "runs")
        assert run.status == "finished" and run.workspace == WS, (run.status, run.error)
        print(f"quick start: {run.config['seconds']} s, test accuracy {run.test_metrics['accuracy']:.3f}")
        yield url
    finally:
        context.close()
        proc.terminate()
        proc.wait(timeout=20)


def open_draw(page, base: str, lang: str) -> None:
    """Open the Draw page from the sidebar navigation and pick the language there, as a user would."""
    open_page(page, base, "", "en", ws=WS)
    page.locator("[data-testid='stSidebarNav'] a", has_text="Draw").click()
    wait_until_idle(page)
    if lang == "ko":
        page.locator("[data-testid='stSidebar'] label", has_text="한국어").click()
        wait_until_idle(page)


def draw(page, strokes, steps: int = 8) -> None:
    box = page.locator("canvas").last.bounding_box()
    for stroke in strokes:
        points = [(box["x"] + x * box["width"], box["y"] + y * box["height"]) for x, y in stroke]
        page.mouse.move(*points[0])
        page.mouse.down()
        for (x0, y0), (x1, y1) in zip(points, points[1:]):
            for k in range(1, steps + 1):
                page.mouse.move(x0 + (x1 - x0) * k / steps, y0 + (y1 - y0) * k / steps)
        page.mouse.up()
        expect(page.get_by_role("button", name="Undo")).to_be_enabled()  # the canvas took the stroke
        wait_until_idle(page)


def answer(page) -> str:
    verdict = page.get_by_text(re.compile("The network says")).first
    expect(verdict).to_be_visible(timeout=60_000)
    return re.search(r"says (\S+) with", verdict.inner_text()).group(1)


def expect_empty_canvas(page) -> None:
    """The page says so, and a fresh canvas (nothing to undo) is mounted and ready for the mouse."""
    expect(page.get_by_text("The canvas is empty")).to_have_count(1, timeout=60_000)
    expect(page.get_by_role("button", name="Undo")).to_be_disabled(timeout=30_000)
    wait_until_idle(page)  # the new canvas reports its first (empty) state: one more rerun


def test_drawn_digits_are_recognised(digit_server, page):
    open_draw(page, digit_server, "en")
    assert_no_exception(page)
    expect_empty_canvas(page)
    wrong = {}
    for digit, strokes in DIGITS.items():
        draw(page, strokes)
        assert_no_exception(page)
        got = answer(page)
        if got != digit:
            wrong[digit] = got
        expect(page.locator("[data-testid='stPlotlyChart']")).to_have_count(3)  # probabilities, input, Grad-CAM
        page.get_by_role("button", name="Clear the canvas").click()
        expect_empty_canvas(page)
    assert not wrong, f"drawn → read: {wrong}"


def test_drawing_opens_on_the_feature_maps_page(digit_server, page):
    open_draw(page, digit_server, "ko")
    draw(page, DIGITS["7"])
    expect(page.get_by_text(re.compile("신경망의 답: 7"))).to_have_count(1, timeout=60_000)
    page.get_by_role("button", name="이 입력을 특성 맵 페이지에서 보기").first.click()
    expect(page).to_have_url(re.compile("feature_maps"), timeout=60_000)
    wait_until_idle(page)
    assert_no_exception(page)


def _file(fmt: str, **kw) -> bytes:
    img = Image.new("RGB", (240, 320), (245, 243, 236))
    ImageDraw.Draw(img).line([(50, 60), (190, 60), (100, 280)], fill=(20, 20, 40), width=24)
    buf = io.BytesIO()
    (img.convert("P") if fmt == "GIF" else img).save(buf, format=fmt, **kw)
    return buf.getvalue()


def test_uploads_in_the_browser(digit_server, page):
    """JPEG, a cut-off PNG, WebP and a palette GIF one after another in the same uploader."""
    open_draw(page, digit_server, "en")
    page.get_by_role("tab", name="Upload a picture").click()
    uploader = page.locator("input[type='file']")
    verdict, error = page.get_by_text("The network says 7"), page.get_by_text(re.compile("damaged or cut short"))
    for name, data in [("seven.jpg", _file("JPEG")), ("cut.png", _file("PNG")[:500]), ("seven.webp", _file("WEBP")),
                       ("seven.gif", _file("GIF"))]:
        uploader.set_input_files(files=[{"name": name, "mimeType": "image/*", "buffer": data}])
        if name == "cut.png":
            expect(error).to_have_count(1, timeout=60_000)
            expect(verdict).to_have_count(0)
        else:
            expect(error).to_have_count(0, timeout=60_000)
            expect(verdict.first).to_be_visible(timeout=60_000)
        assert_no_exception(page)
    expect(page.get_by_text("A palette image")).to_have_count(1, timeout=60_000)
    expect(page.get_by_text(re.compile("^Stretch"))).to_have_count(1)
