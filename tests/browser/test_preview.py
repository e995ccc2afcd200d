"""Issue 13, item 4: `make site` ends by saying how to look at what it built, and following
that line works in Chromium: the home page opens, a school's link leads to its policy page
(not a folder listing, as over file://), and search answers.

Everything is real: make runs the project's Makefile in a copy of the project (sharing
this checkout's .venv, which make is told not to reinstall), the command the build printed
is started as printed, and the browser opens the address it printed. The port is a free
one, given through POLICYSITE_PORT, so the test never takes 8000 from anyone.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import threading
from pathlib import Path

import pytest

from ..errors_support import seed_copy
from .conftest import Tab
from .support import ROOT, SLUGS, require, school

pytestmark = pytest.mark.browser

HINT = re.compile(r"^To look at it: (?P<command>.+), then open (?P<url>http://\S+)$")
NO_INSTALL = ["-o", ".venv/bin/.installed"]  # make: this venv is installed; never remake it
WAIT = 120  # seconds at most for the server to listen


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def project(tmp_path) -> Path:
    """The seed schools in a project of their own, with the Makefile and build.py a lead has."""
    root = seed_copy(tmp_path / "project")
    for name in ("Makefile", "build.py"):
        shutil.copy(ROOT / name, root / name)
    (root / ".venv").symlink_to(ROOT / ".venv", target_is_directory=True)
    return root


@pytest.fixture
def environment() -> dict[str, str]:
    # As a lead's shell has it: not inside `make test`, whose MAKELEVEL would make the inner
    # make print "make[1]: Leaving directory …" after the build's own last line.
    outer = {key: value for key, value in os.environ.items() if key not in MAKE_VARIABLES}
    return {**outer, "CI": "true", "POLICYSITE_NO_GIT_HISTORY": "1", "POLICYSITE_PORT": str(free_port())}


MAKE_VARIABLES = ("MAKELEVEL", "MAKEFLAGS", "MFLAGS", "MAKEOVERRIDES")


class Started:
    """The printed command, run in its own process group; set `listening` once the server
    says it serves on `url` (mkdocs logs it after binding the port), or once it exits."""

    def __init__(self, command: list[str], cwd: Path, env: dict[str, str], url: str):
        self.process = subprocess.Popen(
            command,
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        self.url, self.listening = url, threading.Event()
        self.lines: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.process.stderr:
            self.lines.append(line.rstrip("\n"))
            if line.rstrip().endswith(f"Serving on {self.url}"):  # "[12:00:00] Serving on …"
                self.listening.set()
        self.listening.set()  # it ended: the test says what it printed

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)  # make and the server it started
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


def test_the_preview_make_site_prints_works_in_chromium(project, environment, browser):
    require("make", "the preview test runs the Makefile")
    built = subprocess.run(
        ["make", *NO_INSTALL, "site"], cwd=project, env=environment, capture_output=True, text=True, timeout=600
    )
    assert built.returncode == 0, built.stdout + built.stderr
    last = built.stdout.strip().splitlines()[-1]
    hint = HINT.match(last)
    assert hint, f"make site's last line says no way to look at the site: {last!r}"
    assert hint["command"] == "make serve"
    assert hint["url"] == f"http://127.0.0.1:{environment['POLICYSITE_PORT']}/"

    command = shlex.split(hint["command"])
    server = Started([command[0], *NO_INSTALL, *command[1:]], project, environment, hint["url"])
    try:
        assert server.listening.wait(WAIT) and server.process.poll() is None, "\n".join(server.lines)
        _home_school_search(browser, hint["url"])
    finally:
        server.stop()


def _home_school_search(browser, url: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="en-GB")
    try:
        tab = Tab(context)
        slug = SLUGS[0]
        name = school(slug)["name"]
        page = tab.load(url)
        page.get_by_role("link", name=name, exact=True).click()
        page.wait_for_url(f"{url}{slug}/social-media/")
        assert "Index of" not in page.title()
        assert name in page.locator("article").inner_text()
        box = page.locator("input.md-search__input")
        box.click()
        box.press_sequentially("media")  # in every school's pages
        result = page.locator(".md-search-result__item a").first
        result.wait_for(state="visible")
        assert result.evaluate("link => link.href").startswith(f"{url}{slug}/social-media/")
        assert not tab.errors, tab.errors
    finally:
        context.close()
