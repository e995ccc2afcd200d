"""Issue 13, item 1: the site's 404 page is styled wherever a missing address is, in Chromium.

A host such as GitHub Pages answers any missing address with the site's 404.html, at
whatever depth the address was; a project's site there lives below a path (/<repo>/).
mkdocs-material's 404 page loads its stylesheets and scripts by absolute paths, which
mkdocs takes from `site_url`'s path. So: the seed site built with `site_url` set to a local
server's /sub/, served below /sub/ as such a host serves it, and a deep missing address
under it must show the theme's styles; and the site built without `site_url` (the session's
site, served at the root) too.
"""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from ..errors_support import seed_copy
from .conftest import Tab
from .support import SLUGS, build

pytestmark = pytest.mark.browser

MISSING = "no/such/school/social-media/page/"
# The federation's colour (defaults.yml's `colour: "#253a6b"`), as the theme's stylesheet draws
# the header with it: the page's own <style> only sets the theme's colour variables.
FEDERATION = "rgb(37, 58, 107)"


class _Host(http.server.SimpleHTTPRequestHandler):
    """Serves the server's `folder` below its `prefix`, as a static host does: a missing
    file, or an address outside the prefix, is answered 404 with the site's 404.html."""

    def __init__(self, request, client, server):
        self.prefix = server.prefix
        super().__init__(request, client, server, directory=str(server.folder))

    def translate_path(self, path):
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / ".outside-the-prefix")  # no such file: 404
        return super().translate_path("/" + path[len(self.prefix) :])

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format, *args):
        pass


class Host:
    """A server for `_Host` on a free port of 127.0.0.1, bound at once (its address is
    known before the site is built), serving from `serve` on, in a daemon thread."""

    def __init__(self, prefix: str):
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Host)
        self.server.daemon_threads = True
        self.server.prefix = prefix  # type: ignore[attr-defined]
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}{prefix}"
        self.thread = threading.Thread(target=self.server.serve_forever, name=f"host {prefix}", daemon=True)

    def serve(self, folder: Path) -> Host:
        self.server.folder = folder  # type: ignore[attr-defined]
        self.thread.start()
        return self

    def close(self) -> None:
        if self.thread.is_alive():
            self.server.shutdown()
            self.thread.join(timeout=10)
        self.server.server_close()


@pytest.fixture(scope="module")
def under_sub(tmp_path_factory) -> Iterator[str]:
    """The seed site built with site_url = this server's /sub/, served below /sub/. The port
    is known before the build (the server is bound first): the address is the real one."""
    host = Host("/sub/")
    try:
        project = seed_copy(tmp_path_factory.mktemp("sub") / "project")
        with (project / "mkdocs.yml").open("a", encoding="utf-8") as settings:
            settings.write(f"site_url: {host.url}\n")
        build("--no-pdf", "--root", str(project))
        yield host.serve(project / "site").url
    finally:
        host.close()


@pytest.fixture(scope="module")
def at_root(site) -> Iterator[str]:
    """The session's site (built without site_url) served at the root of an address."""
    host = Host("/").serve(site)
    yield host.url
    host.close()


@pytest.fixture
def tab(browser) -> Iterator[Tab]:
    """A fresh page: nothing cached from another site on the same server."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="en-GB")
    yield Tab(context)
    context.close()


def open_missing(tab: Tab, url: str):
    """Open a missing address and wait for it to load; returns the page and the status of
    every stylesheet it asked for."""
    sheets: dict[str, int] = {}
    tab.page.on(
        "requestfinished", lambda r: r.resource_type == "stylesheet" and sheets.update({r.url: r.response().status})
    )
    tab.page.on("requestfailed", lambda r: r.resource_type == "stylesheet" and sheets.update({r.url: 0}))
    response = tab.page.goto(url, wait_until="load")  # after every stylesheet has loaded or failed
    assert response is not None and response.status == 404, f"{url}: {response and response.status}"
    assert not tab.blocked and not tab.errors, (tab.blocked, tab.errors)
    return tab.page, sheets


def assert_styled(page, sheets: dict[str, int], base: str) -> None:
    linked = page.eval_on_selector_all("link[rel=stylesheet]", "links => links.map(link => link.href)")
    assert len(linked) >= 4 and all(href.startswith(base) for href in linked), linked
    assert {href: sheets.get(href) for href in linked} == {href: 200 for href in linked}
    header = page.eval_on_selector(".md-header", "header => getComputedStyle(header).backgroundColor")
    assert header == FEDERATION
    assert page.locator("h1").inner_text() == "Page not found"
    icon = page.eval_on_selector("link[rel=icon]", "link => link.href")
    assert page.request.get(icon).status == 200


def test_the_404_page_is_styled_deep_below_a_sub_path(tab, under_sub):
    page, sheets = open_missing(tab, under_sub + MISSING)
    assert_styled(page, sheets, under_sub)


def test_the_404_page_is_styled_below_the_root_without_site_url(tab, at_root):
    page, sheets = open_missing(tab, at_root + MISSING)
    assert_styled(page, sheets, at_root)


def follow_to_the_list_of_schools(page, base: str) -> None:
    """templates/mkdocs/404.html: the page says what happened and links the home page's list."""
    assert "There is no page at this address." in page.locator("article").inner_text()
    page.locator("article a", has_text="list of schools").click()
    page.wait_for_url(base)
    assert page.locator(".ps-schools li a").count() == len(SLUGS)


def test_the_404_page_leads_to_the_list_of_schools_below_a_sub_path(tab, under_sub):
    page, _ = open_missing(tab, under_sub + MISSING)
    follow_to_the_list_of_schools(page, under_sub)


def test_the_404_page_leads_to_the_list_of_schools_below_the_root(tab, at_root):
    page, _ = open_missing(tab, at_root + MISSING)
    follow_to_the_list_of_schools(page, at_root)


def test_the_sub_path_host_answers_as_a_static_host_does(under_sub):
    """The test's own server: a page below /sub/ is there, the same page without /sub/ is not."""
    import urllib.error
    import urllib.request

    with urllib.request.urlopen(under_sub) as found:
        assert found.status == 200
    with pytest.raises(urllib.error.HTTPError) as outside:
        urllib.request.urlopen(under_sub.removesuffix("sub/"))
    assert outside.value.code == 404
