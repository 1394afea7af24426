"""Full-page screenshots of a running cnnviz in Debian's chromium, for looking at pages.

python scripts/screenshot.py http://localhost:8501 data ko out.png [width [height]]
Streamlit scrolls inside its own container, so the viewport height decides how much is captured.
"""
import sys

from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def wait_until_idle(page, timeout_ms: int = 90_000) -> None:
    """Wait until Streamlit has run the script to the end and every plotly chart is drawn."""
    page.wait_for_selector("[data-testid='stApp'][data-test-connection-state='CONNECTED']", timeout=timeout_ms)
    page.wait_for_timeout(500)
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=timeout_ms)
    page.wait_for_function(
        "document.querySelectorAll('[data-testid=\"stPlotlyChart\"]').length"
        " <= document.querySelectorAll('[data-testid=\"stPlotlyChart\"] .main-svg').length",
        timeout=timeout_ms)
    page.wait_for_timeout(700)


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
