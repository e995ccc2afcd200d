"""`build.py serve`: a real server on 127.0.0.1 rebuilds on save, and keeps serving through errors."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from policysite.commands import serve
from policysite.commands.serve import Builder

from ..helpers import ROOT, options

WAIT = 60  # seconds at most for any one thing to happen; each loop stops by itself


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


def wait_for(predicate, what: str):
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"gave up waiting for {what}")


class Server:
    """build.py serve in a subprocess; its stderr is collected line by line."""

    def __init__(self, root: Path):
        self.root, self.port = root, free_port()
        env = {**os.environ, "CI": "true", "POLICYSITE_NO_GIT_HISTORY": "1"}
        self.process = subprocess.Popen(
            [
                sys.executable,
                str(ROOT / "build.py"),
                "serve",
                "--no-pdf",
                "--root",
                str(root),
                "--port",
                str(self.port),
            ],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.lines: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.process.stderr:
            self.lines.append(line.rstrip("\n"))

    def count(self, text: str) -> int:
        return sum(text in line for line in list(self.lines))

    def page(self, path: str) -> str | None:
        try:
            return fetch(f"http://127.0.0.1:{self.port}/{path}")
        except OSError:
            return None

    def stop(self) -> int:
        self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            return self.process.wait()


@pytest.fixture
def server(mini_project):
    running = Server(mini_project("name: Mini School\n"))
    yield running
    running.stop()


def test_serve_rebuilds_on_save_and_keeps_serving_through_errors(server):
    root = server.root
    page = wait_for(lambda: server.page("mini/social-media/"), "the first page")
    assert "Mini School" in page and "livereload(" in page  # mkdocs' reload script is injected

    (root / "schools" / "mini.yml").write_text("name: Mini Renamed School\n", encoding="utf-8")
    page = wait_for(
        lambda: (p := server.page("mini/social-media/")) and "Mini Renamed School" in p and p, "the rebuilt page"
    )
    # The page is served as soon as the new site is swapped in; the build says so just after.
    wait_for(lambda: server.count("Built 1 school(s)") == 2, "the rebuild's own message")

    (root / "schools" / "mini.yml").write_text("name: [Mini\n", encoding="utf-8")
    wait_for(lambda: server.count("Rebuild stopped: 1 error(s)"), "the failed rebuild")
    assert any(line.startswith("schools/mini.yml:2:1: error:") for line in server.lines), server.lines
    assert "Mini Renamed School" in server.page("mini/social-media/")  # the previous site, still served

    (root / "schools" / "mini.yml").write_text("name: Mini Fixed School\n", encoding="utf-8")
    wait_for(lambda: "Mini Fixed School" in (server.page("mini/social-media/") or ""), "the page after the fix")
    assert server.stop() == 0 and server.count("Stopped.") == 1


def test_builder_reports_a_failed_build_and_does_not_raise(mini_project, capsys):
    root = mini_project("name: [Broken\n")
    reported = []
    builder = Builder(options(root), lambda f, r: reported.append(f) or 1)
    assert builder() is False and builder.builds == 0
    assert reported and reported[0][0].location.path == "schools/mini.yml"
    assert "Still serving the previous site" in capsys.readouterr().err


def test_the_build_ends_with_how_to_look_at_it_with_the_folders_it_was_given(mini_project, monkeypatch):
    """Over file:// a folder link opens a listing and search is gone: the last line names
    serve, with the folders the build was given, and the address serve uses."""
    from ..errors_support import run

    root = mini_project("name: Mini School\n")
    monkeypatch.delenv(serve.PORT_VARIABLE, raising=False)
    code, out, err = run(root, "build", "--no-pdf")
    assert code == 0, err
    site = root / "site"
    assert out.splitlines()[-1] == (
        f"To look at it: python build.py serve --root {root} --site-dir {site}, then open http://127.0.0.1:8000/"
    )
    monkeypatch.setenv(serve.PORT_VARIABLE, "8123")
    assert serve.preview_hint(Path("."), None) == "To look at it: make serve, then open http://127.0.0.1:8123/"
    assert serve.default_port() == 8123
    monkeypatch.setenv(serve.PORT_VARIABLE, "not a port")
    assert serve.default_port() == serve.PORT == 8000
