"""Browser tests: Debian's Chromium driven by Playwright's sync API against `live_server`.

Every page a test opens records console errors (Content Security Policy violations are
reported there) and uncaught JavaScript errors; any of them fails the test at teardown.
"""

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
VIEWPORT = {"width": 1280, "height": 900}
TIMEOUT_MS = 10_000
EXPECTED_STATUS = re.compile(
    r"^Failed to load resource: the server responded with a status of 4\d\d"
)

HERE = Path(__file__).parent


def pytest_collection_modifyitems(config, items):
    for item in items:
        if HERE in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def playwright_browser(tmp_path_factory) -> Iterator[Browser]:
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: install Debian's chromium (make browsers)."
        if os.environ.get("REQUIRE_BROWSER_TESTS") == "true":
            pytest.fail(message)
        pytest.skip(message)
    home = tmp_path_factory.mktemp("chromium-home")
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_CACHE_HOME": str(home / ".cache"),
    }
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, env=env
        )
        yield browser
        browser.close()


@pytest.fixture
def new_page(playwright_browser: Browser) -> Iterator[Callable[[], Page]]:
    """Opens a page in a fresh browser context (its own cookies): a separate person.

    Console errors, CSP violations and uncaught exceptions from every page opened this way
    fail the test when it ends.
    """
    contexts: list[BrowserContext] = []
    problems: list[str] = []

    def on_console(page: Page, message) -> None:
        # Chromium logs every 4xx answer as an error; tests assert those statuses themselves.
        if message.type == "error" and not EXPECTED_STATUS.search(message.text):
            problems.append(f"console error on {page.url}: {message.text}")

    def open_page() -> Page:
        context = playwright_browser.new_context(viewport=VIEWPORT)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        page.on("console", lambda message: on_console(page, message))
        page.on("pageerror", lambda error: problems.append(f"JS error on {page.url}: {error}"))
        return page

    yield open_page

    for context in contexts:
        context.close()
    if problems:
        csp = [p for p in problems if "Content Security Policy" in p]
        heading = f"{len(csp)} CSP violation(s); " if csp else ""
        pytest.fail(
            f"{heading}{len(problems)} browser error(s):\n" + "\n".join(problems),
            pytrace=False,
        )


@pytest.fixture
def page(new_page: Callable[[], Page]) -> Page:
    return new_page()
