"""Full-page screenshots of a running cnnviz in Debian's chromium, for looking at pages.

python scripts/screenshot.py http://localhost:8501 data ko out.png [width [height]]
Streamlit scrolls inside its own container, so the viewport height decides how much is captured.
"""
import sys

from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


STATE_JS = """() => {
    const app = document.querySelector("[data-testid='stApp']");
    const count = (selector) => document.querySelectorAll(selector).length;
    const idle = !!app && app.dataset.testScriptState === "notRunning"
        && app.dataset.testConnectionState === "CONNECTED"
        && !!document.querySelector("[data-testid='stMain'] h1, [data-testid='stMain'] [data-testid='stAlert']")
        && count("[data-testid='stPlotlyChart']") <= count("[data-testid='stPlotlyChart'] .main-svg");
    return [idle, count("[data-testid='stElementContainer']"), count("[data-testid='stPlotlyChart'] .main-svg")].join();
}"""


def wait_until_idle(page, timeout_ms: int = 90_000, settle_ms: int = 1500) -> None:
    """Wait until Streamlit has run the script and the page has stopped changing for `settle_ms`.

    Plotly charts mount lazily, a second or so after the script run ends, so "not running" alone
    comes too early: the element and chart counts must also hold still.
    """
    step, stable, last = 250, 0, None
    for _ in range(timeout_ms // step):
        state = page.evaluate(STATE_JS)
        stable = stable + step if state == last and state.startswith("true") else 0
        if stable >= settle_ms:
            return
        last = state
        page.wait_for_timeout(step)
    raise TimeoutError(f"the page did not settle within {timeout_ms} ms (last state {last})")


def screenshot(base: str, path: str, lang: str, out: str, width: int = 1400, height: int = 3000) -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": width, "height": height})
        page.goto(f"{base}/{path}?lang={lang}")
        wait_until_idle(page)
        page.screenshot(path=out, full_page=True)
        browser.close()


if __name__ == "__main__":
    screenshot(sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], *(int(a) for a in sys.argv[5:]))
