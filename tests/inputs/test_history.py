"""Issue 10, item 6: a `git log` that never answers (a hung network disk, a huge
repository) costs the version history and a located warning, never the build."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from policysite.inputs.history import ENV_OFF, ENV_TIMEOUT

from ..errors_support import finding, run, tree_hash

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


def _git_whose_log_fails(folder: Path) -> None:
    """A `git` first on PATH: inside a work tree, and `git log` fails, as on a broken repository."""
    folder.mkdir()
    script = folder / "git"
    script.write_text(
        '#!/bin/sh\ncase " $* " in *" rev-parse "*) echo true ;;\n'
        '  *) echo "fatal: bad object HEAD" >&2; exit 128 ;;\nesac\n',
        encoding="utf-8",
    )
    script.chmod(0o755)


@pytest.mark.parametrize("command", ["build", "check"])
def test_strict_fails_on_a_git_history_warning_and_leaves_the_site(command, mini_project, tmp_path, monkeypatch):
    """Issue 11, item 4: the history warning comes after loading and the rules, where
    `--strict` used to be applied; it must fail the run all the same, before site/ changes."""
    root = mini_project("name: Mini School\n")
    _git_whose_log_fails(tmp_path / "bin")
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.delenv(ENV_OFF, raising=False)

    code, _, err = run(root, command, "--no-pdf")
    assert code == 0, err  # without --strict the warning is only a warning
    finding(err, "content/social-media", "warning", "git log failed")
    assert run(root, "build", "--no-pdf")[0] == 0  # a site from before, which must survive
    before = tree_hash(root / "site")

    code, _, err = run(root, command, "--no-pdf", "--strict")
    assert code == 1, err
    finding(err, "content/social-media", "error", "git log failed")
    assert tree_hash(root / "site") == before
