"""Issue 10, item 4: two builds of one site at once take turns through a lock file beside
it; the second says once that it waits, and never fails. Worker processes forked by a
build do not keep its lock."""

from __future__ import annotations

import fcntl
import json
import multiprocessing
import os
import subprocess
from pathlib import Path

from policysite.output import guard
from policysite.output.incremental import MANIFEST
from policysite.output.pdfs import PdfPool

from ..errors_support import build_command, make_project, run, staging_leftovers

WAITING = "Waiting for another build of"


def _start(project: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        build_command(project, *extra),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _read_until(process: subprocess.Popen, text: str) -> list[str]:
    """The stderr lines of `process` up to the first that holds `text` (an event, not a wait)."""
    lines = []
    assert process.stderr is not None  # started with stderr=PIPE
    for line in process.stderr:
        lines.append(line)
        if text in line:
            return lines
    raise AssertionError(f"the build ended without printing {text!r}:\n{''.join(lines)}")


def _free(lock: Path) -> bool:
    fd = os.open(lock, os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False
    finally:
        os.close(fd)


def test_two_builds_of_one_site_at_once_take_turns(tmp_path):
    """A `--no-pdf` build and a full build started together (exit 3 before the lock): the
    test holds the site's lock, so both must wait; released, both finish one after the other."""
    project = make_project(tmp_path / "project", {"second-school": "name: Second School\n"})
    lock = guard.lock_path(project / "site")
    holder = os.open(lock, os.O_RDWR | os.O_CREAT)
    fcntl.flock(holder, fcntl.LOCK_EX)
    os.write(holder, f"{os.getpid()}\n".encode())
    try:
        builds = [_start(project, "--no-pdf"), _start(project)]
        seen = [_read_until(build, WAITING) for build in builds]
    finally:
        os.close(holder)
    for build, lines in zip(builds, seen, strict=True):
        _, rest = build.communicate(timeout=600)
        err = "".join(lines) + rest
        assert build.returncode == 0, err
        assert err.count(WAITING) == 1, err
        assert f"(process {os.getpid()})" in lines[-1]
        assert "Traceback" not in err and "unexpectedly" not in err

    site = project / "site"
    manifest = json.loads((site / MANIFEST).read_text(encoding="utf-8"))
    # the manifest keys each page group by its folder (incremental.py)
    assert sorted(manifest["pages"]) == ["good-school/social-media/", "second-school/social-media/"]
    assert all((site / folder / "index.html").is_file() for folder in manifest["pages"])
    pdfs = sorted(str(path.relative_to(site)) for path in site.rglob("*.pdf"))
    assert pdfs == sorted(manifest["pdfs"])  # the PDFs of whichever build finished last, and only those
    assert staging_leftovers(site) == []
    assert _free(lock)


_BOTH = multiprocessing.get_context("fork").Barrier(2)  # inherited by the workers when they fork


def _meet() -> int:
    """A job that returns only when the other worker runs one too: so both have started."""
    _BOTH.wait(timeout=120)
    return os.getpid()


def test_forked_workers_do_not_keep_the_site_lock(tmp_path):
    """PDF workers are forked after the build takes its lock: once the build lets go, the
    site is free at once, though the workers still run."""
    site = tmp_path / "site"
    fd = guard.lock_site(site)
    pool = PdfPool(2)
    try:
        jobs = [pool.executor.submit(_meet) for _ in range(2)]
        workers = {job.result(timeout=180) for job in jobs}
        assert len(workers) == 2 and os.getpid() not in workers
        assert not _free(guard.lock_path(site))
        guard.unlock(fd)
        assert _free(guard.lock_path(site))
    finally:
        pool.close()


def test_a_lock_file_that_is_a_link_is_refused(tmp_path):
    target = tmp_path / "elsewhere.txt"
    target.write_text("mine\n", encoding="utf-8")
    guard.lock_path(tmp_path / "site").symlink_to(target)
    project = make_project(tmp_path / "project")
    code, _, err = run(project, "build", site=tmp_path / "site")
    assert code == 2 and "is not the lock file a build uses" in err
    assert target.read_text(encoding="utf-8") == "mine\n"
    assert staging_leftovers(tmp_path / "site") == []
