"""Issue 3, nothing lost: a failed or killed build leaves the previous site/ byte for byte,
and the next build succeeds and clears what the killed one left behind."""

from __future__ import annotations

import fcntl
import os
import select
import signal
import subprocess
from pathlib import Path

import pytest

import policysite.output.mkdocs_run
from policysite import system
from policysite.output import guard
from policysite.output.pipeline import PDFS

from ..errors_support import add_bad, build_command, make_project, run, staging_leftovers, tree_hash


@pytest.fixture
def built(tmp_path) -> Path:
    project = make_project(tmp_path / "project", {"second-school": "name: Second School\n"})
    code, _, err = run(project, "build", "--no-pdf")
    assert code == 0, err
    return project


def test_input_error_leaves_site_as_it_was(built):
    before = tree_hash(built / "site")
    add_bad(built, "unknown-key")
    code, _, err = run(built, "build", "--no-pdf")
    assert code == 1 and "Nothing was written" in err
    assert tree_hash(built / "site") == before
    assert staging_leftovers(built / "site") == []


def test_failure_after_writing_leaves_site_as_it_was(built, monkeypatch):
    """mkdocs has written the new site into staging, then reports a problem: still no swap."""
    before = tree_hash(built / "site")
    (built / "schools" / "second-school.yml").write_text("name: Renamed School\n", encoding="utf-8")
    real = policysite.output.mkdocs_run.run_mkdocs
    monkeypatch.setattr(policysite.output.mkdocs_run, "run_mkdocs", lambda *a: real(*a) + ["a late problem"])
    code, _, err = run(built, "build", "--no-pdf")
    assert code == 1 and "error: mkdocs: a late problem" in err
    assert tree_hash(built / "site") == before
    assert staging_leftovers(built / "site") == []


def _children(pid: int) -> list[int]:
    """Direct children of `pid` (the PDF workers), from /proc."""
    out = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        out += [int(child) for child in task.read_text().split()]
    return out


def _exited(pidfd: int, seconds: float) -> bool:
    """Whether the process behind `pidfd` ends within `seconds` (a pidfd is readable once it has)."""
    readable, _, _ = select.select([pidfd], [], [], seconds)
    return bool(readable)


@pytest.mark.slow
@pytest.mark.parametrize("branch", ["linux", "macos"])
def test_killing_the_build_alone_takes_its_pdf_workers_and_leaves_the_site(tmp_path, branch):
    """SIGKILL to the main process only, at the moment it announces its PDF workers run:
    the workers die with it, site/ is as it was, and the next build clears what was left.
    On Linux's branch the kernel kills them (PR_SET_PDEATHSIG); on macOS's, run here on
    Linux, each spawned worker's watchdog thread ends it (policysite/system.py)."""
    schools = {f"school-{n:02d}": f"name: School {n}\n" for n in range(12)}  # seconds of work after the kill point
    project = make_project(tmp_path / "project", schools)
    assert run(project, "build", "--no-pdf")[0] == 0  # the killed build below makes the PDFs
    before = tree_hash(project / "site")

    for slug in schools:  # new inputs, so that a build that got to the end would show
        (project / "schools" / f"{slug}.yml").write_text(f"name: Renamed {slug}\n", encoding="utf-8")
    # stderr is a pipe: the workers die with the build, so none can hold it open after.
    process = subprocess.Popen(
        build_command(project, "--jobs", "2"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, system.MACOS_ON_LINUX: "1" if branch == "macos" else "0"},
    )
    lines = []
    for line in process.stderr:
        lines.append(line)
        if line.startswith(PDFS):
            os.kill(process.pid, signal.SIGSTOP)  # held right there while its workers are listed
            break
    else:
        raise AssertionError("the build ended without announcing its PDF workers:\n" + "".join(lines))
    workers = _children(process.pid)
    pidfds = [os.pidfd_open(pid) for pid in workers]
    os.kill(process.pid, signal.SIGKILL)
    assert process.wait(timeout=60) == -signal.SIGKILL, "the build ended before it could be killed"

    assert len(workers) >= 2, f"expected the PDF workers among {workers}"
    try:
        alive = [pid for pid, pidfd in zip(workers, pidfds, strict=True) if not _exited(pidfd, 60)]
    finally:
        for pidfd in pidfds:
            os.close(pidfd)
    assert alive == [], f"workers {alive} outlived the build by a minute"
    process.stderr.read()  # returns at once: with the workers gone, nothing holds the pipe open
    process.stderr.close()
    assert tree_hash(project / "site") == before
    assert staging_leftovers(project / "site"), "expected the killed build's staging folder"
    lock = os.open(guard.lock_path(project / "site"), os.O_RDWR)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)  # free at once: nothing of the build holds it
    finally:
        os.close(lock)

    code, _, err = run(project, "build")
    assert code == 0, err
    assert staging_leftovers(project / "site") == []
    after = tree_hash(project / "site")
    assert after != before
    assert "school-00/social-media/parent-letter.pdf" in after
    assert "Renamed school-00" in (project / "site" / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("relative", ["../outside.html", "a/../../outside.html", "/etc/passwd", ""])
def test_no_write_leaves_the_output_folder(tmp_path, relative):
    from policysite.output.emit import safe_join

    with pytest.raises(ValueError, match="refusing to write outside"):
        safe_join(tmp_path / "site", relative)
    assert not (tmp_path / "outside.html").exists()


def test_a_write_inside_makes_its_folders(tmp_path):
    from policysite.output.emit import safe_join

    target = safe_join(tmp_path / "site", "a-school/social-media/search/search_index.json")
    assert target == tmp_path / "site" / "a-school" / "social-media" / "search" / "search_index.json"
    assert target.parent.is_dir()
