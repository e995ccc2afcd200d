"""Version history: the school file's manual `document_control.history`, then git's.

A commit is a version of the policy only if its message says so, with a git trailer, the
last paragraph of the message:

    Policy-Change: New section on live-streaming school events

Its text is the summary readers see; commits without one (code, tests, typo fixes) never
appear. Git decides what is a trailer: a "Policy-Change:" in the subject or in the middle
of a paragraph is not one. Several trailers in one message are joined with "; ".

Each school's version table is its manual history (changes made before the policy was in
git) followed by every such commit that touched the canonical content (content/social-media/,
shared by all schools) or that school's own file, oldest first. A commit's row is
version: a running number after the manual history; date: the commit date (YYYY-MM-DD);
summary: the trailer's text (at most MAX_TEXT characters, as a school file's one-line text);
by: the author's name. A commit dated outside FIRST_YEAR–LAST_YEAR (a computer whose clock
was wrong, or a date git cannot read) is left out, with a warning: "1 January 1970" would be
untrue, and a date after 2099 would ask for a re-approval no `approved_on` can give. approval.py reads the same commits
(git is asked once a run) to warn when the policy changed after a school approved it.

The merged data gains `document_control.versions` (the combined table); `history` stays
exactly what the school file says. Outside a git checkout, with git missing, or with
POLICYSITE_NO_GIT_HISTORY=1 (the golden tests set it, so their pages do not change with
every commit), `versions` is the manual history alone.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType

from ..errors import Finding, Location, warning
from ..model import School
from ..project import POLICY, SCHOOLS
from .chars import BLANK, ONE_LINE
from .dates import FIRST_YEAR, LAST_YEAR
from .fields import MAX_TEXT, PolicyDate

ENV_OFF = "POLICYSITE_NO_GIT_HISTORY"
ENV_TIMEOUT = "POLICYSITE_GIT_TIMEOUT"  # seconds git may take (default 60), such as on a slow network disk
CONTENT_DIR = POLICY  # relative to the project root, as git names the files
TRAILER = "Policy-Change"
# Records start with a NUL, which git allows in no message or name; fields are split on the
# unit separator, the summary last, so one in a summary stays in it. `unfold` joins a trailer
# folded over several lines, and the separator joins several trailers, so the summary is
# one line and the names of the files touched start on the next.
_FIELD, _RECORD = "\x1f", "\x00"
_SUMMARY = f"%(trailers:key={TRAILER},valueonly,unfold,separator=%x3B%x20)"
_FORMAT = "%x00" + "%x1f".join(("%H", "%ct", "%cs", "%an", _SUMMARY))


@dataclass(frozen=True)
class Commit:
    sha: str
    timestamp: int  # committer time, seconds: the sort key
    date: PolicyDate  # committer date as the committer's calendar showed it
    author: str
    summary: str  # the Policy-Change trailer's text, never empty
    paths: tuple[str, ...]  # files it touched, relative to the project root


def add_versions(schools: list[School], commits: tuple[Commit, ...]) -> list[School]:
    """Every school with `document_control.versions`: manual history, then its commits
    (`git_commits`)."""
    return [with_versions(school, commits) for school in schools]


def with_versions(school: School, commits: tuple[Commit, ...]) -> School:
    document = dict(school.data["document_control"])
    manual = tuple(document.get("history") or ())
    mine = [c for c in commits if touches(c, school.path)]
    document["versions"] = manual + tuple(git_rows(mine, next_version(manual)))
    data = dict(school.data, document_control=MappingProxyType(document))
    return replace(school, data=MappingProxyType(data))


def touches(commit: Commit, school_path: str) -> bool:
    """A version of this school's policy: it changed the school's file or the canonical text."""
    return school_path in commit.paths or changes_canonical(commit)


def changes_canonical(commit: Commit) -> bool:
    """It changed content/social-media/, the text every school's policy is made from."""
    return any(p.startswith(CONTENT_DIR + "/") for p in commit.paths)


def git_rows(commits: list[Commit], first: int) -> list[MappingProxyType]:
    return [
        MappingProxyType({"version": str(first + n), "date": c.date, "summary": c.summary, "by": c.author})
        for n, c in enumerate(commits)
    ]


def next_version(manual: tuple) -> int:
    """The number after the manual history's last: '2.1' -> 3, 'v4' -> 5, none -> len + 1."""
    numbers = [int(m[1]) for entry in manual if (m := re.search(r"(\d+)", str(entry["version"])))]
    return max(numbers) + 1 if numbers else len(manual) + 1


def git_commits(root: Path) -> tuple[tuple[Commit, ...], list[Finding]]:
    """Policy-Change commits touching content/social-media/ or schools/, oldest first;
    () outside git. A warning for each left out for its date (`_dated`)."""
    if os.environ.get(ENV_OFF, "") not in ("", "0"):
        return (), []
    try:
        if not in_git_checkout(root):
            return (), []
        out = _git(
            root,
            "log",
            "--no-merges",
            "--relative",
            "--name-only",
            f"--format={_FORMAT}",
            "--",
            CONTENT_DIR,
            SCHOOLS,
        )
    except subprocess.TimeoutExpired as exc:
        return (), [
            warning(
                Location(CONTENT_DIR),
                f"git did not answer within {exc.timeout:g} s, so version tables show only the manual history",
                f"Check that `git log` works here; set {ENV_TIMEOUT} to wait longer (in seconds), "
                f"or {ENV_OFF}=1 to stop asking git.",
            )
        ]
    except (OSError, subprocess.CalledProcessError) as exc:
        detail = getattr(exc, "stderr", "") or str(exc)
        return (), [
            warning(
                Location(CONTENT_DIR),
                f"git log failed, so version tables show only the manual history: {detail.strip()[:200]}",
                f"Check `git log` works here, or set {ENV_OFF}=1 to stop asking git.",
            )
        ]
    parsed = [c for c in map(_parse, reversed(out.split(_RECORD))) if c]
    commits = [c for c in parsed if isinstance(c, Commit)]
    # By date; commits of the same second in the order they were made (git lists the newest first).
    return tuple(sorted(commits, key=lambda c: c.timestamp)), [f for f in parsed if isinstance(f, Finding)]


def _undated(sha: str, summary: str, paths: tuple[str, ...]) -> Finding:
    return warning(
        Location(paths[0] if paths else CONTENT_DIR),
        f'the Policy-Change commit {sha[:12]} ("{summary}") has no date from {FIRST_YEAR} '
        f"to {LAST_YEAR}, so it is left out of version tables and re-approval checks",
        "The computer that made it had a wrong clock (`git log -1 --format=%ci <commit>` shows its date). "
        "If it is your last commit and not yet pushed, `git commit --amend --no-edit --date=now` dates it "
        "today; otherwise write the change in the school's `document_control.history`.",
    )


def in_git_checkout(root: Path) -> bool:
    if shutil.which("git") is None:
        return False
    try:
        return _git(root, "rev-parse", "--is-inside-work-tree").strip() == "true"
    except (OSError, subprocess.CalledProcessError):
        return False  # a timeout is not "no": git_commits reports it


def _timeout() -> float:
    try:
        seconds = float(os.environ.get(ENV_TIMEOUT, ""))
    except ValueError:
        return 60.0
    return seconds if 0 < seconds < float("inf") else 60.0


def _git(root: Path, *args: str) -> str:
    env = {**os.environ, "LC_ALL": "C", "GIT_PAGER": "cat", "GIT_OPTIONAL_LOCKS": "0"}
    try:
        done = subprocess.run(
            ["git", "-C", str(root), "-c", "core.quotepath=off", *args],
            env=env,
            capture_output=True,
            check=True,
            timeout=_timeout(),
        )
    except subprocess.CalledProcessError as exc:
        exc.stderr = _decoded(exc.stderr)
        raise
    return _decoded(done.stdout)


def _decoded(output: bytes | None) -> str:
    """git's output as text, line ends as they are: text mode would read a carriage return
    in a summary as a line break, and the rest of the summary as the names of files."""
    return (output or b"").decode("utf-8", "replace")


def _parse(record: str) -> Commit | Finding | None:
    """A Policy-Change commit; None for any other; a warning for one without a policy's date."""
    head, _, names = record.partition("\n")
    parts = head.split(_FIELD, 4)
    if len(parts) != 5:
        return None
    sha, stamp, day, author, trailer = parts
    summary = _one_line(trailer)
    if not summary:
        return None  # no Policy-Change trailer (or an empty one): not a version of the policy
    paths = tuple(line.strip() for line in names.split("\n") if line.strip())
    date = _dated(day)
    if date is None:
        return _undated(sha, summary, paths)
    return Commit(
        sha=sha,
        timestamp=int(stamp),
        date=date,
        author=_one_line(author),
        summary=summary,
        paths=paths,
    )


def _dated(day: str) -> PolicyDate | None:
    """git's YYYY-MM-DD, if a policy's: git dates a commit whatever the clock said (1970,
    year 33658), and prints "%cs" itself for a date it cannot read (a hand-made commit)."""
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", day, re.ASCII)
    if not match or not FIRST_YEAR <= int(match[1]) <= LAST_YEAR:
        return None
    return PolicyDate(int(match[1]), int(match[2]), int(match[3]))


def _one_line(text: str) -> str:
    """A summary or name as one line of visible text. Whoever commits a school's file
    writes its version row, and git takes a carriage return (which would end the table row),
    escape sequences and bidi overrides there: each is shown as U+FFFD, as in messages.
    A text with nothing visible (a trailer of a zero-width space) is empty: no row of "�".
    Longer than MAX_TEXT (a pasted paragraph), it is cut with an ellipsis."""
    if not ONE_LINE.sub("", text).strip(BLANK):
        return ""
    shown = ONE_LINE.sub("\ufffd", text).strip()
    return shown if len(shown) <= MAX_TEXT else shown[: MAX_TEXT - 1].rstrip() + "\u2026"
