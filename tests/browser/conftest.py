"""The demo, served by gunicorn, read and edited in Debian's Chromium driven by Playwright.

The server is a separate process on its own scratch database (SQLite, or a
PostgreSQL database beside ``DATABASE_URL``'s), built with ``migrate`` and
``load_demo``, so the browser sees exactly what a visitor would: real
static files, real 404 page, the production middleware and headers.

Without Chromium or Playwright the tests skip, saying what to install;
``CMS_REQUIRE_BROWSER=1`` (set by ``.ci/run``) turns that skip into a failure,
so CI cannot pass without having run them. ``CMS_BROWSER_TESTS=0`` skips them
for one pass: ``.ci/run`` runs them once, in the PostgreSQL pass, since they
serve the demo from a database of their own rather than the suite's.

Playwright's synchronous API keeps an event loop running in this thread, and
Django refuses ORM calls while one runs, so the browser lives for one module
only and these tests check the database through HTTP (the API), as a front
end would.
"""

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from ..servers import Gunicorn, build_demo, free_port, project_env, scratch_database

LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
#: How long an assertion or action may wait for the page, in milliseconds: long,
#: because a publish on a busy CI machine can take seconds, and a passing test
#: never waits for it.
TIMEOUT_MS = 45_000


def chromium_path():
    return (
        os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    )


def skip_or_fail(reason):
    if os.environ.get("CMS_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (CMS_REQUIRE_BROWSER=1 requires the browser tests to run)")
    pytest.skip(reason)


class DemoServer:
    """Where the demo is served: ``url(path, host)`` for the library or a clinic site."""

    def __init__(self, gunicorn):
        self.gunicorn = gunicorn
        self.port = gunicorn.port

    def url(self, path="/", site="localhost"):
        return f"http://{site}:{self.port}{path}"


@pytest.fixture(scope="session")
def demo_server():
    """The demo on gunicorn at 127.0.0.1 (sites localhost and *.localhost), for the whole run."""
    if os.environ.get("CMS_BROWSER_TESTS") == "0":
        pytest.skip("CMS_BROWSER_TESTS=0: the browser tests run in another pass of this build")
    if chromium_path() is None:
        skip_or_fail("Chromium not found: apt-get install -y chromium, or set CHROMIUM=/path")
    port = free_port()
    with (
        tempfile.TemporaryDirectory(prefix="cms-browser-") as folder,
        scratch_database(f"browser_{os.getpid()}") as database_url,
    ):
        env = project_env(database_url, Path(folder) / "media")
        build_demo(env, port)
        log = Path(folder) / "gunicorn.log"
        # One process, so its local-memory cache is the only cache: what the
        # editor publishes is what the next visitor reads.
        with Gunicorn(env, port, workers=1, threads=8, log_path=log) as gunicorn:
            yield DemoServer(gunicorn)
            errors = [line for line in log.read_text().splitlines() if "Traceback" in line]
            assert not errors, f"the server logged errors:\n{log.read_text()[-5000:]}"


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_or_fail("Playwright is not installed: pip install -r requirements-dev.txt")
    executable = chromium_path()
    if executable is None:
        skip_or_fail("Chromium not found: apt-get install -y chromium, or set CHROMIUM=/path")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=LAUNCH_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def visitor(browser, demo_server):
    """A fresh page in a fresh context: no cookies, nobody signed in.

    ``visitor.console_errors`` collects what the browser reported as errors
    (a blocked script or style, a failed image), for the test to assert on.
    """
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)
    context = browser.new_context(locale="en-CA")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.console_errors = []
    page.on(
        "console", lambda message: message.type == "error" and page.console_errors.append(message)
    )
    yield page
    context.close()


@pytest.fixture
def editor(browser, demo_server):
    """A page signed in to the admin as the demo's administrator, through the login form."""
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)
    context = browser.new_context(locale="en-CA")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.goto(demo_server.url("/admin/login/"))
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill("changeme")
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(demo_server.url("/admin/"))
    yield page
    context.close()
