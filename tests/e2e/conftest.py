"""A real cnnviz server and Debian's chromium, driven by Playwright (no browser download)."""
import os
from pathlib import Path

import pytest

from scripts.app_server import start_server
from scripts.screenshot import CHROMIUM_ARGS, wait_until_idle

CHROMIUM = os.environ.get("CNNVIZ_CHROMIUM", "/usr/bin/chromium")  # another path only to test the skip
NO_CHROMIUM = (f"browser tests skipped: Debian's chromium is not installed ({CHROMIUM}); "
               "install it with `sudo apt-get install chromium fonts-noto-cjk` (with CI=true this is a failure)")


@pytest.fixture(scope="session", autouse=True)
def chromium():
    """Skip every browser test, once and before any server starts, on a machine without the browser;
    fail them under CI, where `.ci/run` installs it."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail(NO_CHROMIUM.replace("browser tests skipped", "browser tests cannot run"))
        pytest.skip(NO_CHROMIUM)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Report the missing-browser skip of every test at one place, so `-ra` folds them into one line."""
    report = (yield).get_result()
    if report.skipped and isinstance(report.longrepr, tuple) and NO_CHROMIUM in str(report.longrepr[2]):
        report.longrepr = ("tests/e2e", None, report.longrepr[2])


@pytest.fixture(scope="session")
def e2e_home(tmp_path_factory):
    return tmp_path_factory.mktemp("e2e_cnnviz_home")


@pytest.fixture(scope="session")
def server(e2e_home):
    """One app server for the browser tests (its CNNVIZ_HOME is `e2e_home`)."""
    proc, url = start_server(e2e_home)
    yield url
    proc.terminate()
    proc.wait(timeout=20)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    yield pg
    context.close()


def open_page(page, base: str, path: str, lang: str = "en", **params) -> None:
    """Open one dashboard page and wait for the script run to finish."""
    query = "&".join(f"{k}={v}" for k, v in {"lang": lang, **params}.items())
    page.goto(f"{base}/{path}?{query}")
    wait_until_idle(page)


def assert_no_exception(page) -> None:
    assert page.locator("[data-testid='stException']").count() == 0, page.locator(
        "[data-testid='stException']").first.inner_text()
