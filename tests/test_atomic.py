"""Issue 3, nothing lost: a failed or killed build leaves the previous site/ byte for byte,
and the next build succeeds and clears what the killed one left behind."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import policysite.mkdocs_run
from tests.errors_support import TODAY, add_bad, make_project, run, staging_leftovers, tree_hash

BUILD_PY = Path(__file__).resolve().parent.parent / "build.py"


@pytest.fixture
def built(tmp_path) -> Path:
    project = make_project(tmp_path / "project", {"second-school": "name: Second School\n"})
    code, _, err = run(project, "build")
    assert code == 0, err
    return project


def test_input_error_leaves_site_as_it_was(built):
    before = tree_hash(built / "site")
    add_bad(built, "unknown-key")
    code, _, err = run(built, "build")
    assert code == 1 and "Nothing was written" in err
    assert tree_hash(built / "site") == before
    assert staging_leftovers(built / "site") == []


def test_failure_after_writing_leaves_site_as_it_was(built, monkeypatch):
    """mkdocs has written the new site into staging, then reports a problem: still no swap."""
    before = tree_hash(built / "site")
    (built / "schools" / "second-school.yml").write_text("name: Renamed School\n", encoding="utf-8")
    real = policysite.mkdocs_run.run_mkdocs
    monkeypatch.setattr(policysite.mkdocs_run, "run_mkdocs", lambda *a: real(*a) + ["a late problem"])
    code, _, err = run(built, "build")
    assert code == 1 and "error: mkdocs: a late problem" in err
    assert tree_hash(built / "site") == before
    assert staging_leftovers(built / "site") == []


def _build_process(project: Path, log: Path) -> subprocess.Popen:
    # Output to a file, not a pipe: PDF workers orphaned by the kill would hold a pipe open.
    with log.open("wb") as out:
        return subprocess.Popen([sys.executable, str(BUILD_PY), "--root", str(project), "--site-dir",
                                 str(project / "site"), "--today", TODAY], stdout=out, stderr=out, cwd=project)


def _children(pid: int) -> list[int]:
    """Direct children of `pid` (the PDF workers), from /proc."""
    out = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        out += [int(child) for child in task.read_text().split()]
    return out


@pytest.mark.slow
def test_killed_build_leaves_site_and_next_build_succeeds(tmp_path):
    schools = {f"school-{n:02d}": f"name: School {n}\n" for n in range(30)}
    project = make_project(tmp_path / "project", schools)
    started = time.monotonic()
    first = _build_process(project, tmp_path / "first.log")
    assert first.wait(timeout=300) == 0, (tmp_path / "first.log").read_text()
    usual = time.monotonic() - started
    before = tree_hash(project / "site")

    for slug in schools:  # new inputs, so that a build that got to the end would show
        (project / "schools" / f"{slug}.yml").write_text(f"name: Renamed {slug}\n", encoding="utf-8")
    process = _build_process(project, tmp_path / "killed.log")
    time.sleep(usual / 2)
    assert process.poll() is None, "the build ended before it could be killed"
    # The build and its PDF workers, as a CI timeout would, one by one by id. (Killing only
    # the main process leaves pdfs.py's workers running, and one finishing a PDF can write
    # into the staging folder after the next build has cleared it.)
    for pid in [process.pid, *_children(process.pid)]:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    assert process.wait(timeout=60) == -signal.SIGKILL

    assert tree_hash(project / "site") == before
    assert staging_leftovers(project / "site"), "expected the killed build's staging folder"

    code, _, err = run(project, "build")
    assert code == 0, err
    assert staging_leftovers(project / "site") == []
    after = tree_hash(project / "site")
    assert after != before
    assert "school-00/social-media/parent-letter.pdf" in after
    assert "Renamed school-00" in (project / "site" / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("relative", ["../outside.html", "a/../../outside.html", "/etc/passwd", ""])
def test_no_write_leaves_the_output_folder(tmp_path, relative):
    from policysite.emit import safe_join

    with pytest.raises(ValueError, match="refusing to write outside"):
        safe_join(tmp_path / "site", relative)
    assert not (tmp_path / "outside.html").exists()


def test_a_write_inside_makes_its_folders(tmp_path):
    from policysite.emit import safe_join

    target = safe_join(tmp_path / "site", "a-school/social-media/search/search_index.json")
    assert target == tmp_path / "site" / "a-school" / "social-media" / "search" / "search_index.json"
    assert target.parent.is_dir()
