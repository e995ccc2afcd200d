"""`build.py serve`: a live preview while editing content/, schools/ or templates/.

It reuses mkdocs' own LiveReloadServer: it serves site/, injects the reload script into
every page, watches the project's inputs, and calls our builder when one changes. The
builder is the ordinary build (so site/ is swapped in only when every check passed); when
a rebuild fails its findings are printed and the previous site/ goes on being served.

It is also how to look at a finished build: over file:// a page's folder links open
folder listings (use_directory_urls) and search can't load its index, so the build's last
line (preview_hint) names `make serve` and the address it serves on, from HOST and PORT.
"""

from __future__ import annotations

import logging
import os
import shlex
import signal
import sys
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from ..errors import BuildFailed, Finding
from ..output import guard
from ..output.pipeline import BuildOptions, build
from ..project import Project, open_project

WATCHED = ("content", "schools", "templates", "mkdocs.yml")
HOST = "127.0.0.1"  # this machine only: the preview is not published
PORT = 8000  # as `mkdocs serve`'s
PORT_VARIABLE = "POLICYSITE_PORT"  # another default port, for when 8000 is taken (`--port` wins)
Report = Callable[[tuple[Finding, ...], Path], int]


class Builder:
    """Called by the server on every change; never raises, so the server never stalls.
    Each rebuild loads the project again: mkdocs.yml and the settings may have changed."""

    def __init__(self, options: BuildOptions, report: Report):
        self.options, self.report = options, report
        self.builds = 0

    def __call__(self) -> bool:
        started = time.perf_counter()
        try:
            project = open_project(self.options.project.root, self.options.project.site_dir)
            result = build(replace(self.options, project=project))
        except BuildFailed as failed:
            errors = self.report(failed.findings, self.options.project.root)
            say(f"Rebuild stopped: {errors} error(s). Still serving the previous site; fix and save to try again.")
            return False
        except Exception as exc:  # noqa: BLE001 - a refused folder, a full disk, or a bug in policysite: keep serving
            plain = (
                str(exc) if isinstance(exc, guard.Refused) else guard.disk_problem(exc, self.options.project.site_dir)
            )
            if plain is None:
                traceback.print_exc()
            say(f"{plain or 'Rebuild failed unexpectedly.'} Still serving the previous site.")
            return False
        self.report(result.findings, self.options.project.root)
        self.builds += 1
        say(f"Built {len(result.schools)} school(s) in {time.perf_counter() - started:.1f} s.")
        return True


def watched_paths(project: Project) -> list[Path]:
    return [project.root / name for name in WATCHED if (project.root / name).exists()]


def default_port() -> int:
    """POLICYSITE_PORT when it holds a port number, else PORT: read by the build's last
    line and by serve alike, so the address the one prints is the one the other uses."""
    text = os.environ.get(PORT_VARIABLE, "")
    return int(text) if text.isdigit() and 1 <= int(text) <= 65535 else PORT


def address(port: int) -> str:
    return f"http://{HOST}:{port}/"


def preview_hint(root: Path, site_dir: Path | None) -> str:
    """How to look at what a build wrote, with the folders it was given: `make serve` runs
    `build.py serve` on the project's own site/."""
    given = [] if root == Path(".") else ["--root", str(root)]
    given += [] if site_dir is None else ["--site-dir", str(site_dir)]
    command = shlex.join(["python", "build.py", "serve", *given]) if given else "make serve"
    return f"To look at it: {command}, then open {address(default_port())}"


def serve(options: BuildOptions, report: Report, port: int | None = None) -> int:
    from mkdocs.livereload import LiveReloadServer

    host, port = HOST, port or default_port()
    _own_log()
    builder = Builder(options, report)
    builder()
    site_dir = options.project.site_dir
    site_dir.mkdir(parents=True, exist_ok=True)
    # mkdocs calls the builder for its effect; ours also says whether it built (used above).
    server = LiveReloadServer(
        builder=builder,  # type: ignore[arg-type]
        host=host,
        port=port,
        root=str(site_dir),
    )
    for path in watched_paths(options.project):
        server.watch(str(path))
    say(
        f"Serving {site_dir} on {address(port)} — edit content/, schools/ or templates/ and save. Press Ctrl+C to stop."
    )
    _stop_on_sigterm()
    try:
        server.serve()  # binds the port first
    except KeyboardInterrupt:
        say("Stopped.")
    except OSError as exc:  # the port is taken, or not this user's to use: the machine's answer
        say(
            f"Can't serve on {host}:{port}: {exc.strerror or exc}. Give --port another number, "
            "or stop what is using this one."
        )
        return 2
    finally:
        server.shutdown()
    return 0


def _stop_on_sigterm() -> None:
    """`kill` stops the server as Ctrl+C does: cleanly, with the port released."""

    def stop(signum, frame):
        raise KeyboardInterrupt

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, stop)


def _own_log() -> None:
    """The server logs under `mkdocs.livereload`; the build treats any warning under `mkdocs`
    as a mkdocs error, so a browser's 404 during a rebuild must not reach that logger."""
    log = logging.getLogger("mkdocs.livereload")
    log.propagate = False
    log.setLevel(logging.INFO)
    if not log.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(message)s"))
        log.addHandler(handler)


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)
