"""Real Chromium (Debian's package) driven by Playwright against a live server.

Each journey saves screenshots under ``test-artifacts/screenshots/<run>/<journey>/`` so a
person can look at them; ``<run>`` is $SCREENSHOT_RUN or the start time of the run.
"""

import os
import time
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
RUN = os.environ.get("SCREENSHOT_RUN") or time.strftime("%Y%m%d-%H%M%S")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots" / RUN
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium():
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium is not installed (apt-get install chromium fonts-noto-cjk)")
    # Playwright's sync API runs an event loop in this thread; the ORM calls the
    # tests make for set-up are still synchronous and safe here.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


class Journey:
    """A browser page plus numbered screenshots for one user journey."""

    def __init__(self, page, name: str, base_url: str):
        self.page = page
        self.base_url = base_url
        self.folder = ARTIFACTS / name
        self.folder.mkdir(parents=True, exist_ok=True)
        self.step = 0
        self.console_errors: list[str] = []
        page.on("console", lambda msg: msg.type == "error" and self.console_errors.append(msg.text))

    def goto(self, path: str):
        self.page.goto(self.base_url + path)
        return self.page

    def shot(self, label: str) -> Path:
        self.step += 1
        path = self.folder / f"{self.step:02d}-{label}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def login(self, username: str, password: str):
        self.goto("/accounts/login/")
        self.page.fill("input[name=username]", username)
        self.page.fill("input[name=password]", password)
        self.page.click("[data-testid=login-submit]")
        self.page.wait_for_load_state()


@pytest.fixture
def journey(chromium, live_server, request):
    def _start(name: str, *, viewport=DESKTOP, locale: str = "zh-CN") -> Journey:
        context = chromium.new_context(viewport=viewport, locale=locale)
        request.addfinalizer(context.close)
        return Journey(context.new_page(), name, live_server.url)

    return _start
