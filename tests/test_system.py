"""Issue 11, item 3: the operating system in one place (policysite/system.py).

Linux's branch is what every other test runs. macOS's branch (spawned workers, two plain
renames, a watchdog thread in each worker) is run here on Linux through
POLICYSITE_MACOS_ON_LINUX=1: a real build must give the very bytes Linux's branch gives.
That is not a test on a Mac. Windows is refused with a message, tested by telling the
code it runs on Windows.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from policysite import system
from policysite.output import mkdocs_run
from tests.errors_support import make_project, run, staging_leftovers, tree_hash

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def macos_branch(monkeypatch):
    monkeypatch.setenv(system.MACOS_ON_LINUX, "1")  # spawned workers read it too


@pytest.fixture
def observed(monkeypatch) -> dict[str, list]:
    """What the build asked of system.py: each start method and each exchange's answer
    (the real functions run; this only records)."""
    seen: dict[str, list] = {"start methods": [], "exchanges": []}
    context, exchange = system.process_context, system.exchange

    def recorded_context():
        chosen = context()
        seen["start methods"].append(chosen.get_start_method())
        return chosen

    def recorded_exchange(a, b):
        seen["exchanges"].append(exchange(a, b))
        return seen["exchanges"][-1]

    monkeypatch.setattr(system, "process_context", recorded_context)
    monkeypatch.setattr(system, "exchange", recorded_exchange)
    return seen


def _folders(tmp_path: Path) -> tuple[Path, Path]:
    a, b = tmp_path / "a", tmp_path / "b"
    for folder in (a, b):
        folder.mkdir()
        (folder / "name").write_text(folder.name, encoding="utf-8")
    return a, b


@pytest.mark.skipif(sys.platform != "linux", reason="Linux's branch")
def test_linux_forks_and_swaps_in_one_step(tmp_path):
    a, b = _folders(tmp_path)
    assert system.process_context().get_start_method() == "fork"
    assert system.exchange(a, b)
    assert (a / "name").read_text(encoding="utf-8") == "b" and (b / "name").read_text(encoding="utf-8") == "a"


def test_macos_spawns_and_leaves_the_swap_to_two_renames(tmp_path, macos_branch):
    a, b = _folders(tmp_path)
    assert system.process_context().get_start_method() == "spawn"
    assert not system.exchange(a, b)
    assert (a / "name").read_text(encoding="utf-8") == "a" and (b / "name").read_text(encoding="utf-8") == "b"


@pytest.mark.slow
def test_a_site_built_as_on_macos_is_the_site_built_on_linux(tmp_path, monkeypatch, observed):
    """PDFs made by spawned workers, pages by three mkdocs processes (two spawned), the
    rebuild put in place by two renames: byte for byte what Linux's branch builds."""
    monkeypatch.setattr(mkdocs_run, "parts_for", lambda schools, cores, making_pdfs: 3)
    project = make_project(tmp_path / "project", {"second": "name: Second School\n", "third": "name: Third\n"})
    on_macos, on_linux = tmp_path / "site-macos", tmp_path / "site-linux"

    monkeypatch.setenv(system.MACOS_ON_LINUX, "1")
    assert run(project, "build", "--jobs", "2", site=on_macos)[0] == 0
    (project / "schools" / "third.yml").write_text("name: Third School\n", encoding="utf-8")
    code, _, err = run(project, "build", "--jobs", "2", site=on_macos)
    assert code == 0, err
    assert set(observed["start methods"]) == {"spawn"} and observed["exchanges"] == [False]

    monkeypatch.delenv(system.MACOS_ON_LINUX)
    code, _, err = run(project, "build", "--jobs", "2", site=on_linux)
    assert code == 0, err
    assert tree_hash(on_macos) == tree_hash(on_linux)
    assert "third/social-media/parent-letter.pdf" in tree_hash(on_macos)
    assert "Third School" in (on_macos / "third" / "social-media" / "index.html").read_text(encoding="utf-8")
    assert staging_leftovers(on_macos) == []


def test_windows_is_told_to_use_wsl(tmp_path, monkeypatch):
    project = make_project(tmp_path / "project")
    monkeypatch.setattr(sys, "platform", "win32")
    code, out, err = run(project, "build")
    assert code == 2
    assert "run it inside WSL" in err and "Traceback" not in err and out == ""
    assert not (project / "site").exists() and staging_leftovers(project / "site") == []


def test_windows_reaches_the_message_without_unix_only_modules(tmp_path):
    """Python on Windows has no fcntl: importing policysite must not need it, or the
    message would be an ImportError instead."""
    script = (
        "import sys\n"
        "sys.modules['fcntl'] = None  # as on Windows: importing it fails\n"
        "from policysite.cli import main\n"
        "sys.platform = 'win32'\n"
        f"raise SystemExit(main(['build', '--root', {str(tmp_path)!r}]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 2, done.stderr
    assert "run it inside WSL" in done.stderr and "Traceback" not in done.stderr
    assert os.listdir(tmp_path) == []
