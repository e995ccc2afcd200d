"""Session fixtures of the browser suite: the real site built once, served over http on
127.0.0.1, and one headless Debian Chromium with a desktop page and a phone page that
every test reuses.

The site is built by `build.py --site-dir` in a subprocess, as a person would build it,
into a temporary folder: site/ in the work tree is never touched.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from .support import CHROMIUM, CHROMIUM_ARGS, NOT_LOCAL, build, require


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The real content/ and schools/ built into a temporary site folder."""
    site_dir = tmp_path_factory.mktemp("browser") / "site"
    build("--site-dir", str(site_dir))
    return site_dir


class _Handler(http.server.SimpleHTTPRequestHandler):
    def end_headers(self):
        # LinkChecker limits itself to 10 requests a second unless the server sends this
        # header; it is our own server on 127.0.0.1, so it may go as fast as it can.
        self.send_header("LinkChecker", "policysite-tests")
        super().end_headers()

    def log_message(self, format, *args):
        pass


@contextmanager
def served(directory: Path) -> Iterator[str]:
    """One folder served over http on 127.0.0.1 (a free port) from a daemon thread, while
    the block runs; its address, ending in /."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Handler, directory=str(directory)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name=f"http {directory}", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def base_url(site):
    """The site served over http, so mkdocs-material's JavaScript runs as it does online."""
    with served(site) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    executable = require(str(CHROMIUM), "the browser tests need Debian's chromium package (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Tab:
    """One reused browser page, and what it tried to fetch from outside."""

    def __init__(self, context):
        self.context = context
        self.page = context.new_page()
        self.page.set_default_timeout(20_000)
        self.blocked: list[str] = []
        self.errors: list[str] = []
        # Requests to anywhere but the local server are refused, and remembered: a page that
        # loads something from another site fails its test (see `load`).
        context.route(NOT_LOCAL, self._block)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    def _block(self, route):
        self.blocked.append(route.request.url)
        route.abort()

    def load(self, url: str):
        """Open url and wait for it; fail if it reached outside or its scripts threw."""
        self.blocked.clear()
        self.errors.clear()
        self.page.emulate_media(media="screen")
        response = self.page.goto(url, wait_until="load")
        assert response is not None and response.ok, f"{url}: HTTP {response and response.status}"
        assert not self.blocked, f"{url} tried to load from other sites: {self.blocked}"
        assert not self.errors, f"{url}: JavaScript errors: {self.errors}"
        return self.page


@pytest.fixture(scope="session")
def desktop(browser) -> Iterator[Tab]:
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="en-GB")
    yield Tab(context)
    context.close()


def phone_context(browser, width: int = 360, height: int = 640, **options):
    """A phone's browser context: mobile viewport rules apply, as on a real phone.
    `options`: more of Playwright's context options, such as color_scheme."""
    return browser.new_context(
        viewport={"width": width, "height": height},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="en-GB",
        **options,
    )


@pytest.fixture(scope="session")
def phone(browser) -> Iterator[Tab]:
    """A 360-px-wide phone."""
    context = phone_context(browser)
    yield Tab(context)
    context.close()
