"""Fixtures for the browser tests (marked `browser`): one Chromium for the session, fresh pages per test.

Chromium is Debian's (/usr/bin/chromium), never a browser that Playwright downloads. Without it (or
without axe-core for the accessibility checks) the browser tests skip, unless REQUIRE_BROWSER=1 (set by
CI), where a missing tool is a failure: CI must never pass by skipping the browser.
"""

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_CORE_JS = Path(os.environ.get("AXE_CORE_JS", settings.BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"))
ARTIFACTS = settings.BASE_DIR / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"

DESKTOP = {"width": 1280, "height": 900}
MOBILE = {"width": 375, "height": 740}


@dataclass(frozen=True)
class Tool:
    """A program some tests need that pip does not install, and the one command that adds it."""

    name: str
    install: str


CHROMIUM_TOOL = Tool("Chromium", "apt-get install -y chromium")
JAVA_TOOL = Tool("Java (the Nu HTML Checker runs on it)", "apt-get install -y default-jre-headless")
# With npm present `make test` fetches axe-core itself; where that failed, `make axe-core` tries again.
AXE_CORE_TOOL = Tool("axe-core", "make axe-core" if shutil.which("npm") else "apt-get install -y npm")
NGINX_TOOL = Tool("nginx", "apt-get install -y nginx")

# The tools found missing in this session, named in the test summary (pytest_terminal_summary in conftest.py).
MISSING_TOOLS = set()


def require_tool(available, reason, tool=None):
    """Skip without the tool; fail instead when REQUIRE_BROWSER=1 (CI), so a missing install step shows.
    A `Tool` given is named, with its install command, in the summary at the end of the run."""
    if available:
        return
    if tool is not None:
        MISSING_TOOLS.add(tool)
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (REQUIRE_BROWSER=1, so this is a failure, not a skip)", pytrace=False)
    pytest.skip(reason)


def pytest_collection_modifyitems(config, items):
    # Browser tests last: the Playwright event loop stays open for the rest of the session once started,
    # and the ordinary tests should run exactly as they do without it.
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


@pytest.fixture(scope="session")
def chromium():
    require_tool(CHROMIUM.exists(), f"{CHROMIUM} is not installed (Debian package `chromium`)", CHROMIUM_TOOL)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an asyncio loop in this thread; Django refuses ORM calls from a thread
    # with a running loop unless told this is safe, which it is here (pytest-django and Playwright docs).
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "1"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def open_page(chromium, live_server):
    """open_page(viewport=DESKTOP, **context_options) -> a new page in its own context, based at the live server."""
    contexts = []

    def open_(viewport=DESKTOP, **context_options):
        context = chromium.new_context(
            viewport=viewport, base_url=live_server.url, accept_downloads=True, **context_options
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield open_
    for context in contexts:
        context.close()


@pytest.fixture
def page(open_page):
    return open_page()


@pytest.fixture
def axe_core_js():
    require_tool(AXE_CORE_JS.exists(), f"axe-core is not installed at {AXE_CORE_JS} (run `make axe-core`)", AXE_CORE_TOOL)
    return AXE_CORE_JS
