"""Issue 10, item 6: a `git log` that never answers (a hung network disk, a huge
repository) costs the version history and a located warning, never the build."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from policysite.history import ENV_OFF, ENV_TIMEOUT
from tests.errors_support import finding, run

SUBJECT = "Federation policy, committed by the history test"


def _commit_everything(project: Path, git: str) -> None:
    subprocess.run([git, "init", "-q"], cwd=project, check=True)
    subprocess.run([git, "add", "-A"], cwd=project, check=True)
    subprocess.run(
        [git, "-c", "user.name=Ann Lead", "-c", "user.email=ann@example.org", "commit", "-q", "-m", SUBJECT],
        cwd=project,
        check=True,
    )


def _git_whose_log_hangs(folder: Path, git: str, asked: Path, never: Path) -> None:
    """A `git` first on PATH: `git log` blocks reading a FIFO nobody writes; the rest is git."""
    folder.mkdir()
    script = folder / "git"
    script.write_text(
        f'#!/bin/sh\ncase " $* " in *" log "*) : > "{asked}"; exec cat "{never}" ;; esac\nexec "{git}" "$@"\n',
        encoding="utf-8",
    )
    script.chmod(0o755)


def _policy_page(project: Path) -> str:
    slug = sorted(project.glob("schools/*.yml"))[0].stem
    return (project / "site" / slug / "social-media" / "index.html").read_text(encoding="utf-8")


def test_the_version_table_shows_commits(project, monkeypatch):
    """What the timeout below costs: with a git that answers, the commit is a version row."""
    _commit_everything(project, shutil.which("git"))
    monkeypatch.delenv(ENV_OFF, raising=False)
    code, _, err = run(project, "build", "--no-pdf")
    assert code == 0, err
    assert SUBJECT in _policy_page(project)


def test_git_log_that_never_answers_is_a_located_warning(project, tmp_path_factory, monkeypatch):
    """`project` (conftest.py) is a copy of the repository's content/ and schools/, whose
    policy shows the version table."""
    git = shutil.which("git")
    _commit_everything(project, git)
    outside = tmp_path_factory.mktemp("slow-git")  # beside the project, not in it
    asked, never = outside / "asked", outside / "never"
    os.mkfifo(never)
    _git_whose_log_hangs(outside / "bin", git, asked, never)
    monkeypatch.setenv("PATH", f"{outside / 'bin'}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv(ENV_TIMEOUT, "0.5")
    monkeypatch.delenv(ENV_OFF, raising=False)

    code, _, err = run(project, "build", "--no-pdf")
    assert code == 0, err
    assert asked.exists(), "the build never asked git for its log"
    block = finding(err, "content/social-media", "warning", "git did not answer within 0.5 s")
    assert ENV_TIMEOUT in block
    assert "Traceback" not in err
    assert SUBJECT not in _policy_page(project)  # the manual history alone
