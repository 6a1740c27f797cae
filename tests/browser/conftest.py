"""Real-browser tests: Playwright driving the system's Chromium against a live server.

No browser is downloaded: Chromium comes from the system's package (`apt-get install
chromium`; `.ci/run` installs it). Without it these tests are skipped, and pytest's
summary says so.
"""

import os
import shutil
import threading
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.servers.basehttp import ThreadedWSGIServer
from django.test.testcases import LiveServerThread
from playwright import sync_api

from tests.builders import PASSWORD, make_moderator

# Playwright's sync API keeps an event loop running in the test's thread; the ORM
# calls the tests make themselves are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parent.parent.parent / "test-artifacts"
VIEWPORTS = {
    "small-phone": {"width": 360, "height": 740},
    "phone": {"width": 390, "height": 844},
    "desktop": {"width": 1280, "height": 900},
}


@pytest.fixture(scope="session", autouse=True)
def _chromium_installed():
    """Skip every test here, saying why, where the system has no Chromium."""
    if not Path(CHROMIUM).exists():
        pytest.skip(
            "Browser tests skipped: Chromium is not installed "
            "(apt-get install chromium)."
        )


class OneRequestAtATimeServer(ThreadedWSGIServer):
    """The live server, answering one request at a time.

    On SQLite the tests' in-memory database is one connection that the server
    shares with the test; two requests using it at once (a second tab, a page and
    the fetch it starts) can lock each other up. Connections are still accepted on
    threads, so a socket the browser opens ahead of time and leaves idle holds
    nothing up; only the application is taken in turn, until its response is sent.
    """

    application_lock = threading.Lock()

    def set_app(self, application):
        def in_turn(environ, start_response):
            with self.application_lock:
                response = application(environ, start_response)
                try:
                    return list(response)
                finally:
                    if hasattr(response, "close"):
                        response.close()

        super().set_app(in_turn)


@pytest.fixture(scope="session", autouse=True)
def _one_request_at_a_time():
    LiveServerThread.server_class = OneRequestAtATimeServer
    yield
    LiveServerThread.server_class = ThreadedWSGIServer


@pytest.fixture(scope="session")
def browser():
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def site(live_server):
    """The live site with the 2004 thread loaded; its address."""
    call_command("loaddata", "us_troops_korea", verbosity=0)
    return live_server.url


@pytest.fixture
def open_page(browser):
    """A page in a fresh browser context (its own cookies), at a named viewport."""
    contexts = []

    def make(viewport="desktop", *, javascript=True):
        context = browser.new_context(
            viewport=VIEWPORTS[viewport], java_script_enabled=javascript
        )
        # Every page opened in this context, not only the first, gives up waiting
        # after 10 s.
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def screenshot():
    """Save a screenshot as a test artifact: the full page, or with `around` (a
    locator), the screen a reader sees with that element at the top."""

    def save(page, name, around=None):
        folder = ARTIFACTS / "screenshots"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{name}.png"
        if around is not None:
            around.scroll_into_view_if_needed()
        page.screenshot(path=str(path), full_page=around is None)
        return path

    return save


@pytest.fixture
def moderator_account():
    return make_moderator(name="Mo", username="mo")


def sign_in(page, base, username):
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
