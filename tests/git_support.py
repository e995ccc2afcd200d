"""Real git repositories for the version-history and re-approval tests: one `git` runner that
ignores the machine's git settings (a global commit.gpgsign or hook must not change a test),
and `commit`, which writes the message as a person would: a subject, then paragraphs, the
`Policy-Change:` trailer in the last."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

AUTHOR = "Ann Author"


def git(root: Path, *args: str, date: str | None = None, author: str = AUTHOR) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env |= {
        "GIT_AUTHOR_NAME": author,
        "GIT_AUTHOR_EMAIL": "ann@example.org",
        "GIT_COMMITTER_NAME": "Cy Committer",
        "GIT_COMMITTER_EMAIL": "cy@example.org",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    if date:
        env |= {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    return subprocess.run(["git", "-C", str(root), *args], env=env, check=True, capture_output=True, text=True)


def init(root: Path) -> None:
    git(root, "init", "-q", "-b", "main")


def commit(
    root: Path,
    subject: str,
    *paragraphs: str,
    change: str | None = None,
    paths: tuple[str, ...] = ("-A",),
    date: str | None = None,
    author: str = AUTHOR,
) -> None:
    """Stage `paths` and commit them: `subject`, `paragraphs`, then `Policy-Change: <change>`
    as the last paragraph when `change` is given (None: no trailer, as a code commit)."""
    git(root, "add", *paths)
    message = [subject, *paragraphs, *([f"Policy-Change: {change}"] if change is not None else [])]
    git(root, "commit", "-q", *(a for m in message for a in ("-m", m)), date=date, author=author)


def git_wrapper(folder: Path, git_path: str, on_log: str) -> None:
    """A `git` for the front of PATH: runs the shell command `on_log` for `git log`, and
    the real git (`git_path`) for everything else."""
    folder.mkdir()
    script = folder / "git"
    script.write_text(
        f'#!/bin/sh\ncase " $* " in *" log "*) {on_log} ;; esac\nexec "{git_path}" "$@"\n', encoding="utf-8"
    )
    script.chmod(0o755)
